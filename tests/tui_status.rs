//! The status bar: tab 4's sign and refuse keys at 80 columns, and a message that never pushes
//! the keys away (it takes a row of its own while it would).

mod tui_common;

use dutydesk::app::Message;
use dutydesk::app::keys::Key;
use dutydesk::i18n::Lang;
use dutydesk::ui::{Region, render_region};
use tui_common::*;

fn on_tab_4(lang: Lang) -> (Fixture, dutydesk::app::App) {
    let mut f = Fixture::night(lang);
    let mut app = f.app();
    f.press(&mut app, &[Key::ch('4')]);
    (f, app)
}

#[test]
fn tab_4_shows_sign_and_refuse_keys_at_80_columns() {
    for (lang, sign, refuse) in [
        (Lang::Zh, "F11 签收", "F12 拒收"),
        (Lang::En, "S sign", "R refuse"),
    ] {
        let (_f, app) = on_tab_4(lang);
        let bar = text(&render_region(&app, Region::Status, 80, 1));
        assert!(bar.contains(sign) && bar.contains(refuse), "{bar}");
        let screen = text(&frame(&app, 80, 24));
        let last = screen.lines().last().unwrap();
        assert!(last.contains(sign) && last.contains(refuse), "{screen}");
    }
}

#[test]
fn a_long_message_takes_its_own_row_and_the_keys_stay_whole() {
    for lang in [Lang::Zh, Lang::En] {
        let (_f, mut app) = on_tab_4(lang);
        let keys_alone = text(&frame(&app, 80, 24))
            .lines()
            .last()
            .unwrap()
            .to_string();
        let long = "交接班尚未开始, 不能签收: 请交班人先写交班备注, 再由接班人签收 (按 n 写备注)";
        app.message = Some(Message {
            text: long.into(),
            error: true,
        });
        let screen = text(&frame(&app, 80, 24));
        let lines: Vec<&str> = screen.lines().collect();
        assert_eq!(lines.len(), 24, "{screen}");
        // The keys' row is as it was without the message; the message is whole above it.
        assert_eq!(lines[23], keys_alone, "{screen}");
        // The whole message on the rows above it (two at 80 columns: it is longer than one).
        let message: String = lines[21..23].iter().map(|l| l.trim_end()).collect();
        assert!(message.contains("请交班人先写交班备注"), "{screen}");
        assert!(message.ends_with("写备注)"), "{screen}");
        // The region drawn alone on two rows: message, then keys.
        let bar = text(&render_region(&app, Region::Status, 80, 3));
        let bar: Vec<&str> = bar.lines().collect();
        assert!(bar[0].contains("交接班尚未开始"), "{bar:?}");
        assert!(
            bar[2].contains("F10") || bar[2].contains("q quit"),
            "{bar:?}"
        );
    }
}

#[test]
fn a_short_message_shares_the_row_when_every_key_still_fits() {
    let (_f, mut app) = on_tab_4(Lang::En);
    app.message = Some(Message {
        text: "ok".into(),
        error: false,
    });
    let wide = text(&frame(&app, 200, 60));
    let last = wide.lines().last().unwrap();
    assert!(last.contains(" ok ") && last.contains("q quit"), "{wide}");
    // The row above is the list's, not an empty message row.
    assert_eq!(dutydesk::ui::status_rows(&app, 200), 1);
}
