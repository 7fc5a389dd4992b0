//! The desk's search: hits name the caller and their number, the count is the true count, the
//! hits page beyond the first 50, and the typed text is still there after opening a hit.

mod tui_common;

use chrono::Duration;
use dutydesk::app::Tab;
use dutydesk::app::keymap::Mode;
use dutydesk::app::keys::{Key, KeyCode};
use dutydesk::domain::*;
use dutydesk::i18n::Lang;
use dutydesk::store::ListQuery;
use tui_common::*;

const PGDN: Key = Key::new(KeyCode::PageDown);

/// 130 calls about a leak, a minute apart, each from a named caller with a phone.
fn leaks(lang: Lang) -> Fixture {
    let mut f = Fixture::night(lang);
    for i in 0..130 {
        f.add(
            now() - Duration::minutes(200 - i),
            Details::Call(CallDetails {
                call_kind: CallKind::Repair,
                channel: Channel::Phone,
                class: None,
            }),
            &format!("卫生间漏水 第{i}次"),
            Some("6-1-502"),
            None,
            Some(&format!("139{:08}", i)),
            Some("周先生"),
        );
    }
    f
}

#[test]
fn the_count_is_the_true_count_and_pgdn_reads_the_next_fifty() {
    let mut f = leaks(Lang::En);
    let mut app = f.app();
    f.press(&mut app, &[Key::ch('s')]);
    f.type_text(&mut app, "漏水");
    let search = app.search.as_ref().unwrap();
    assert_eq!(search.total, 130);
    assert_eq!(search.hits.len(), 50);
    let screen = text(&frame(&app, 80, 24));
    assert!(
        screen.contains("130 found · 50 shown · PgDn: more"),
        "{screen}"
    );
    // PgDn to the end of what is read loads the next page; the selection moves on.
    for _ in 0..20 {
        f.press(&mut app, &[PGDN]);
    }
    let search = app.search.as_ref().unwrap();
    assert_eq!(search.hits.len(), 130);
    assert_eq!(search.selected, 129);
    assert!(!search.has_more());
    // Every hit once, newest first.
    let mut ids: Vec<_> = search.hits.iter().map(|r| r.id).collect();
    ids.dedup();
    assert_eq!(ids.len(), 130);
    let screen = text(&frame(&app, 80, 24));
    assert!(screen.contains("130 found"), "{screen}");
    assert!(!screen.contains("PgDn: more"), "{screen}");
}

#[test]
fn a_hit_names_the_caller_and_their_number_at_80_and_120_columns() {
    for lang in [Lang::En, Lang::Zh] {
        let mut f = leaks(lang);
        let mut app = f.app();
        f.press(&mut app, &[Key::f(3)]);
        f.type_text(&mut app, "第129次");
        for (w, h) in [(80, 24), (120, 36)] {
            let screen = frame(&app, w, h);
            let (_, row) = row_with(&screen, "C-2026-").expect("a hit");
            assert!(
                row.contains("周先生") && row.contains("13900000129"),
                "{}",
                text(&screen)
            );
        }
    }
}

#[test]
fn the_search_keeps_its_text_after_a_hit_is_opened() {
    let mut f = leaks(Lang::Zh);
    let mut app = f.app();
    f.press(&mut app, &[Key::ctrl('f')]);
    f.type_text(&mut app, "漏水");
    while app.search.as_ref().unwrap().selected < 60 {
        f.press(&mut app, &[PGDN]);
    }
    let chosen = app.search.as_ref().unwrap().selected_hit().unwrap().id;
    let selected = app.search.as_ref().unwrap().selected;
    assert!(selected >= 50, "on the second page: {selected}");
    f.press(&mut app, &[ENTER]);
    assert_eq!(app.mode, Mode::List);
    assert_eq!(app.tab, Tab::Kind(RecordKind::Call));
    assert_eq!(app.selected().unwrap().id, chosen);
    // Back to the search: the text, the hits and the selection as they were.
    f.press(&mut app, &[Key::ch('s')]);
    assert_eq!(app.mode, Mode::Search);
    let search = app.search.as_ref().unwrap();
    assert_eq!(search.input.value(), "漏水");
    assert_eq!(search.selected, selected);
    assert_eq!(search.selected_hit().unwrap().id, chosen);
    assert!(text(&frame(&app, 80, 24)).contains("漏水"));
    // Esc drops it: the next search starts empty.
    f.press(&mut app, &[ESC, Key::ch('s')]);
    assert_eq!(app.search.as_ref().unwrap().input.value(), "");
}

/// The count the desk shows is what a search without a limit lists, with and without a kind.
#[test]
fn the_store_counts_what_it_lists() {
    let f = leaks(Lang::En);
    for (text, kind) in [
        ("漏水", None),
        ("漏", Some(RecordKind::Call)),
        ("6-1-502", None),
        ("3-2", Some(RecordKind::Repair)),
    ] {
        let mut q = ListQuery::new(now());
        q.text = Some(text.into());
        q.kind = kind;
        q.limit = None;
        let listed = f.store.list(&q).unwrap().len();
        assert_eq!(f.store.count(&q).unwrap(), listed, "{text} {kind:?}");
        assert!(listed > 0, "{text}");
    }
}
