//! Each region of the desk's screen drawn alone (`ui::render_region`), as text and style runs,
//! in English and Chinese, 80 and 120 columns wide, on the night fixture: a change to the
//! header, the tab bar, the status bar, a tab's table or a record's detail shows up in the
//! snapshot of that region.

mod tui_common;

use dutydesk::app::Tab;
use dutydesk::domain::RecordKind;
use dutydesk::i18n::Lang;
use dutydesk::ui::{Region, render_region};
use tui_common::*;

const WIDTHS: [u16; 2] = [80, 120];

fn lang_name(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "en",
        Lang::Zh => "zh",
    }
}

fn snap(region: Region, tab: Option<Tab>, lang: Lang, w: u16, h: u16, f: &Fixture) {
    let mut app = f.app();
    if let Some(tab) = tab {
        app.show_tab(tab, &f.store);
    }
    let buffer = render_region(&app, region, w, h);
    let tab = tab.map(|t| format!("_{}", t.name())).unwrap_or_default();
    let name = format!("{region:?}{tab}_{}_{w}", lang_name(lang)).to_lowercase();
    insta::assert_snapshot!(name, styled(&buffer));
}

/// The bars: one line each, on the repairs tab (the tab bar marks it).
#[test]
fn header_tabs_and_status_bar() {
    for lang in [Lang::En, Lang::Zh] {
        let f = Fixture::night(lang);
        for w in WIDTHS {
            for region in [Region::Header, Region::Tabs, Region::Status] {
                snap(region, Some(Tab::Kind(RecordKind::Repair)), lang, w, 1, &f);
            }
        }
    }
}

/// Every tab's table, column heads and rows.
#[test]
fn every_tab_table() {
    for lang in [Lang::En, Lang::Zh] {
        let f = Fixture::night(lang);
        for w in WIDTHS {
            for &tab in Tab::all() {
                snap(Region::Table, Some(tab), lang, w, 10, &f);
            }
        }
    }
}

/// The detail of each tab's first record: one column at 80, facts beside the timeline at 120.
#[test]
fn every_tab_detail() {
    for lang in [Lang::En, Lang::Zh] {
        let f = Fixture::night(lang);
        for w in WIDTHS {
            for &tab in Tab::all() {
                snap(Region::Detail, Some(tab), lang, w, 14, &f);
            }
        }
    }
}
