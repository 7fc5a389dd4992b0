//! screenshots/: every tab and the two views over the tabs (the reviews, the yearly household
//! callbacks) in English and Chinese, each a whole 120×36 SVG frame that `screenshots/README.md`
//! shows, and the views shown in the README where the tabs' screenshots are.

use std::path::Path;

const TABS: [&str; 6] = ["log", "calls", "repairs", "handover", "passes", "rounds"];
const VIEWS: [&str; 2] = ["reviews", "yearly"];

fn read(path: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The rows of text of an SVG frame, by their baseline.
fn rows(svg: &str) -> std::collections::BTreeSet<String> {
    svg.split("<text ")
        .skip(1)
        .filter_map(|t| t.split("y=\"").nth(1)?.split('"').next().map(String::from))
        .collect()
}

#[test]
fn every_tab_and_view_has_its_screenshot_in_both_languages() {
    let index = read("screenshots/README.md");
    let script = read("screenshots/generate.sh");
    for name in TABS.iter().chain(&VIEWS) {
        for lang in ["en", "zh"] {
            let file = format!("{name}-{lang}.svg");
            let svg = read(&format!("screenshots/{file}"));
            assert!(
                svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"),
                "{file}: not a whole SVG"
            );
            // 120×36 cells of 8.4×18 pixels.
            assert!(svg.contains(r#"height="648""#), "{file}: not 36 rows");
            assert!(svg.contains("width=\"1007.99"), "{file}: not 120 columns");
            // The header, the tab bar and the status bar at least: text on many rows.
            assert!(rows(&svg).len() >= 10, "{file}: {} rows", rows(&svg).len());
            assert!(index.contains(&format!("]({file})")), "{file} not shown");
        }
    }
    for view in VIEWS {
        assert!(script.contains(view), "generate.sh draws no {view}");
    }
    assert!(script.contains("snapshot --view"), "generate.sh");
}

#[test]
fn the_views_screenshots_are_read_not_reading() {
    for (file, words) in [
        ("reviews-en", ["Reviews", "Calls per hour", "Deadlines"]),
        ("reviews-zh", ["报", "每", "时"]),
        ("yearly-en", ["Yearly callbacks", "  Room", "1-1-202"]),
        ("yearly-zh", ["住", "房", "业"]),
    ] {
        let svg = read(&format!("screenshots/{file}.svg"));
        for w in words {
            assert!(svg.contains(w), "{file}: no {w}");
        }
        assert!(
            !svg.contains("Reading") && !svg.contains("正在读取"),
            "{file}"
        );
    }
}

#[test]
fn the_readme_shows_the_views_with_the_tabs() {
    let readme = read("README.md");
    let tabs = readme
        .find("](screenshots/repairs-zh.svg)")
        .expect("the tab's screenshot");
    let commands = readme.find("## The command line").unwrap();
    for view in VIEWS {
        let at = readme
            .find(&format!("](screenshots/{view}-zh.svg)"))
            .unwrap_or_else(|| panic!("README shows no {view}"));
        assert!(
            tabs < at && at < commands,
            "{view}: not with the desk's screenshots"
        );
    }
}
