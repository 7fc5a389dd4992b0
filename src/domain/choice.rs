//! The closed sets a choice field or a fact takes its value from. Each set is a static the
//! kind that owns its values declares beside them (`kinds/repair`: `CATEGORIES`), so the
//! shared code (the intake, the forms, the facts, their words) holds a `&'static ChoiceSet`
//! and names no kind's value enum: adding a choice to a kind touches that kind, and the
//! words of its values in `i18n` (where every word is, in pairs forced at compile time).
//!
//! A set is made from its value enum with `ChoiceSet::of` (or `or_none`), which asks the
//! enum for its slugs (`Slug`) and its words (`i18n::Label`): a set without words does not
//! compile.

use super::kinds::Slug;
use crate::i18n::{Label, Lang};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A set as a form field, a fact or a problem holds it.
pub type Choices = &'static ChoiceSet;

/// One closed set of values, in the order shown to people.
pub struct ChoiceSet {
    /// Its name in the desk's saved drafts (a form's choice field is saved as it): never
    /// changes, and no two sets share one.
    pub name: &'static str,
    /// "Not given" comes first, at index 0, without a slug (a form starts on it).
    pub none_first: bool,
    /// On the command line a flag that, given alone, means "yes" (`--warranty`).
    pub switch: bool,
    values: usize,
    slug_at: fn(usize) -> &'static str,
    label_at: fn(usize, Lang) -> &'static str,
}

fn slug_at<S: Slug>(i: usize) -> &'static str {
    S::ALL[i].slug()
}

fn label_at<S: Slug + Label>(i: usize, lang: Lang) -> &'static str {
    S::ALL[i].label(lang)
}

/// Index 0 is "not given" (`None`'s words), then the values.
fn label_or_none<S: Slug>(i: usize, lang: Lang) -> &'static str
where
    Option<S>: Label,
{
    i.checked_sub(1).map(|i| S::ALL[i]).label(lang)
}

impl ChoiceSet {
    /// The values of `S`, named `name` in drafts.
    pub const fn of<S: Slug + Label>(name: &'static str) -> Self {
        Self {
            name,
            none_first: false,
            switch: false,
            values: S::ALL.len(),
            slug_at: slug_at::<S>,
            label_at: label_at::<S>,
        }
    }

    /// "Not given" (in the words of `Option::<S>::None`), then the values of `S`.
    pub const fn or_none<S: Slug>(name: &'static str) -> Self
    where
        Option<S>: Label,
    {
        Self {
            name,
            none_first: true,
            switch: false,
            values: S::ALL.len(),
            slug_at: slug_at::<S>,
            label_at: label_or_none::<S>,
        }
    }

    /// The same set, a flag that means "yes" when given alone on the command line.
    pub const fn switch(self) -> Self {
        Self {
            switch: true,
            ..self
        }
    }

    /// How many entries a form cycles through ("not given" included).
    pub fn count(&self) -> usize {
        self.values + usize::from(self.none_first)
    }

    /// The `i`th entry's slug ("" for "not given" and past the end).
    pub fn slug(&self, i: usize) -> &'static str {
        match i.checked_sub(usize::from(self.none_first)) {
            Some(v) if v < self.values => (self.slug_at)(v),
            _ => "",
        }
    }

    /// Every entry's slug, in order ("" for "not given").
    pub fn slugs(&self) -> Vec<&'static str> {
        (0..self.count()).map(|i| self.slug(i)).collect()
    }

    /// The index of a slug as typed (any case, `-` for `_`).
    pub fn parse(&self, text: &str) -> Option<usize> {
        let wanted = text.trim().to_ascii_lowercase().replace('-', "_");
        (0..self.count()).find(|&i| self.slug(i) == wanted)
    }

    /// The slugs a person may type, for a refusal ("a, b, c").
    pub fn allowed(&self) -> String {
        self.slugs()
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The `i`th entry's name for people.
    pub fn label(&self, i: usize, lang: Lang) -> &'static str {
        (self.label_at)(i.min(self.count().saturating_sub(1)), lang)
    }

    /// Every set a form may hold (the kinds' intakes, the lifecycle steps, the household
    /// callback), each once: a saved draft names one of these.
    pub fn every() -> Vec<Choices> {
        use super::intake::Input;
        let specs = super::RecordKind::ALL
            .iter()
            .flat_map(|k| k.intake().fields)
            .chain(super::step::Step::ALL.iter().flat_map(|s| s.fields()))
            .chain(super::residents::yearly::FIELDS);
        let mut sets: Vec<Choices> = Vec::new();
        for spec in specs {
            if let Input::Choice { set, .. } | Input::Checklist { set } = spec.input
                && !sets.contains(&set)
            {
                sets.push(set);
            }
        }
        sets
    }
}

/// Two sets are the same set when they have the same name (names are distinct: a test).
impl PartialEq for ChoiceSet {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl Eq for ChoiceSet {}

impl std::fmt::Debug for ChoiceSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

/// A draft holds a set by its name.
impl Serialize for ChoiceSet {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name)
    }
}

impl<'de> Deserialize<'de> for &'static ChoiceSet {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        ChoiceSet::every()
            .into_iter()
            .find(|set| set.name == name)
            .ok_or_else(|| serde::de::Error::custom(format!("no choice set {name}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_set_has_its_own_name_and_reads_back_from_a_draft() {
        let sets = ChoiceSet::every();
        assert!(sets.len() >= 16, "{sets:?}");
        for (i, a) in sets.iter().enumerate() {
            for b in &sets[i + 1..] {
                assert!(
                    !std::ptr::eq(*a, *b) && a.name != b.name,
                    "two sets named {}",
                    a.name
                );
            }
            let json = serde_json::to_string(a).unwrap();
            assert_eq!(json, format!("\"{}\"", a.name));
            let back: Choices = serde_json::from_str(&json).unwrap();
            assert!(std::ptr::eq(back, *a));
        }
        assert!(serde_json::from_str::<Choices>("\"NoSuchSet\"").is_err());
    }

    #[test]
    fn none_first_is_index_zero_without_a_slug() {
        let set = ChoiceSet::every()
            .into_iter()
            .find(|s| s.name == "ClassOrNone")
            .expect("a complaint's class or none");
        assert!(set.none_first);
        assert_eq!(set.slug(0), "");
        assert_eq!(set.parse(""), Some(0));
        assert_eq!(set.slug(1), "minor");
        assert_eq!(set.parse("MINOR"), Some(1));
        assert_eq!(set.slug(set.count()), "");
        assert_eq!(set.allowed(), "minor, important, major");
        assert_eq!(set.label(0, Lang::En), "not classified");
    }
}
