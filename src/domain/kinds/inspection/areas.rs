//! The inspection areas and their check items (DOMAIN.md §1, 日常巡检): data, not code. The
//! defaults are the one table below; the config (`[[inspection.areas]]`) replaces an area's
//! items or adds areas (an estate's key locations, such as the power room). The table is the
//! estate's policy (`Policy::areas`, built from the config with the rest of it): two desks in
//! one process each have their own. A record keeps the keys (and a configured area's or
//! item's name) it was written with, so it reads the same whatever the config says later.

use std::sync::Arc;

/// The default areas, each with its check items (keys), in the order they are walked.
pub const DEFAULTS: &[(&str, &[&str])] = &[
    (
        "stairwell",
        &[
            "lights",
            "doors_windows",
            "walls_ceiling",
            "hydrant",
            "extinguisher_expiry",
            "fire_doors_closed",
            "exit_signs",
            "fire_passage_clear",
            "alarm",
            "cleanliness",
        ],
    ),
    (
        "rooftop",
        &[
            "door_opens",
            "illegal_structures",
            "railings",
            "cleanliness",
        ],
    ),
    ("elevator", &["running", "graffiti", "cleanliness"]),
    (
        "lobby",
        &["safety_signs", "lighting", "bins", "cleanliness"],
    ),
    (
        "grounds",
        &[
            "pipe_leaks",
            "outdoor_fire_equipment",
            "playground",
            "public_facilities",
            "noise",
            "pollution",
            "thrown_objects",
        ],
    ),
];

/// One check item: its key, and its name when the config gave one (a default item's name is
/// in `i18n::inspection`).
#[derive(Debug, Clone, PartialEq)]
pub struct ItemSpec {
    pub key: String,
    pub name: Option<String>,
}

/// One area: its slug, its name when the config gave one, its items.
#[derive(Debug, Clone, PartialEq)]
pub struct AreaSpec {
    pub slug: String,
    pub name: Option<String>,
    pub items: Vec<ItemSpec>,
}

/// The defaults as a table.
pub fn defaults() -> Vec<AreaSpec> {
    DEFAULTS
        .iter()
        .map(|(slug, items)| AreaSpec {
            slug: slug.to_string(),
            name: None,
            items: items
                .iter()
                .map(|k| ItemSpec {
                    key: k.to_string(),
                    name: None,
                })
                .collect(),
        })
        .collect()
}

/// The defaults with the configured areas: one with a default slug replaces that area (its
/// name and items), the others are added after the defaults, in the config's order.
pub fn merged(configured: Vec<AreaSpec>) -> Vec<AreaSpec> {
    let mut all = defaults();
    for area in configured {
        match all.iter_mut().find(|a| a.slug == area.slug) {
            Some(known) => *known = area,
            None => all.push(area),
        }
    }
    all
}

/// An estate's areas, in the order they are walked: the defaults with the configured ones
/// (`merged`). Cheap to clone (a policy is cloned with its desk).
#[derive(Debug, Clone, PartialEq)]
pub struct Areas(Arc<Vec<AreaSpec>>);

impl Default for Areas {
    /// The defaults (DOMAIN.md §1): an estate that configured none.
    fn default() -> Self {
        Self::new(defaults())
    }
}

impl Areas {
    pub fn new(areas: Vec<AreaSpec>) -> Self {
        Self(Arc::new(areas))
    }

    pub fn all(&self) -> &[AreaSpec] {
        &self.0
    }

    pub fn find(&self, slug: &str) -> Option<&AreaSpec> {
        self.0.iter().find(|a| a.slug == slug)
    }

    /// The slugs, as a refusal lists them ("stairwell, rooftop, …").
    pub fn slugs(&self) -> String {
        self.0
            .iter()
            .map(|a| a.slug.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A default area's slug as the table above spells it (`'static`: its words are in
/// `i18n::inspection`), if `slug` is one.
pub fn default_slug(slug: &str) -> Option<&'static str> {
    DEFAULTS.iter().map(|(s, _)| *s).find(|s| *s == slug)
}

/// A slug or item key as the config and flags take them: lower-case ASCII letters, digits and
/// `_`, starting with a letter.
pub fn is_key(text: &str) -> bool {
    text.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_the_five_areas_of_the_rules_with_their_items() {
        let d = defaults();
        let slugs: Vec<&str> = d.iter().map(|a| a.slug.as_str()).collect();
        assert_eq!(
            slugs,
            ["stairwell", "rooftop", "elevator", "lobby", "grounds"]
        );
        let counts: Vec<usize> = d.iter().map(|a| a.items.len()).collect();
        assert_eq!(counts, [10, 4, 3, 4, 7]);
        assert_eq!(d[1].items[0].key, "door_opens");
        for a in &d {
            assert!(is_key(&a.slug));
            for (i, item) in a.items.iter().enumerate() {
                assert!(is_key(&item.key), "{}", item.key);
                assert!(!a.items[i + 1..].iter().any(|o| o.key == item.key));
            }
        }
    }

    #[test]
    fn a_configured_area_replaces_a_default_one_or_is_added() {
        let item = |k: &str| ItemSpec {
            key: k.into(),
            name: None,
        };
        let all = merged(vec![
            AreaSpec {
                slug: "rooftop".into(),
                name: Some("Roof".into()),
                items: vec![item("door_opens")],
            },
            AreaSpec {
                slug: "power_room".into(),
                name: Some("配电房".into()),
                items: vec![item("locked")],
            },
        ]);
        assert_eq!(all.len(), 6);
        assert_eq!(all[1].items, vec![item("door_opens")]);
        assert_eq!(all[5].slug, "power_room");
    }
}
