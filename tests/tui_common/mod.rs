//! Shared fixtures for the TUI tests: a desk at a fixed clock, a temporary store filled through
//! the store API, keys, and frames rendered with the same `draw` as the terminal.
#![allow(dead_code)]

use chrono::{DateTime, Duration, Utc};
use dutydesk::app::App;
use dutydesk::app::keys::{Event, Key, KeyCode};
use dutydesk::clock::Clock;
use dutydesk::config::Config;
use dutydesk::desk::Desk;
use dutydesk::domain::*;
use dutydesk::i18n::Lang;
use dutydesk::store::{OpenOptions, Stamp, Store};
use ratatui::buffer::{Buffer, Cell};
use ratatui::style::{Color, Modifier};
use std::fmt::Write;
use std::path::Path;

/// 2026-11-25 03:00 in Shanghai: the middle of the night shift.
pub fn now() -> DateTime<Utc> {
    at("2026-11-25T03:00:00+08:00")
}

pub fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

pub fn desk(db: &Path, lang: Lang) -> Desk {
    let config = Config {
        estate: "Garden Court 花园小区".into(),
        timezone: "Asia/Shanghai".into(),
        ..Config::default()
    };
    let policy = config.policy().unwrap();
    Desk {
        config,
        policy,
        lang,
        operator: "alice".into(),
        clock: Clock::starting_at(now(), false),
        db_path: db.to_path_buf(),
        ascii: false,
        no_color: false,
        read_only_asked: false,
    }
}

pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub store: Store,
    pub desk: Desk,
}

impl Fixture {
    /// An empty store.
    pub fn empty(lang: Lang) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("desk.db");
        let store = Store::open(&path, OpenOptions::default()).unwrap();
        let desk = desk(&path, lang);
        Self { dir, store, desk }
    }

    /// A night at the desk: an overdue urgent repair, one about to be late, calls and log
    /// entries, one voided.
    pub fn night(lang: Lang) -> Self {
        let mut f = Self::empty(lang);
        let t = |hm: &str| at(&format!("2026-11-25T{hm}:00+08:00"));
        let y = |hm: &str| at(&format!("2026-11-24T{hm}:00+08:00"));
        f.add(
            y("21:10"),
            Details::Log(LogDetails {
                category: LogCategory::Patrol,
            }),
            "夜间巡查 1-6号楼, 消防通道畅通, 3号楼楼顶天台门可正常打开",
            None,
            Some("1-6号楼"),
            None,
            None,
        );
        let wrong = f.add(
            t("00:40"),
            Details::Log(LogDetails {
                category: LogCategory::Note,
            }),
            "Key for the pump room lent to 王师傅",
            None,
            None,
            None,
            None,
        );
        f.act(
            wrong,
            t("00:45"),
            Action::Void {
                reason: "wrong building, entered again".into(),
            },
        );
        f.add(
            t("02:10"),
            Details::Log(LogDetails {
                category: LogCategory::Incident,
            }),
            "5号楼地下车库积水, 已通知工程部",
            None,
            Some("5号楼车库"),
            None,
            None,
        );
        // A complaint by phone: first reply owed today.
        f.add(
            t("01:10"),
            Details::Call(CallDetails {
                call_kind: CallKind::Complaint,
                channel: Channel::Phone,
                class: None,
            }),
            "楼上装修噪音, 凌晨还在施工",
            Some("6-1-502"),
            None,
            Some("13900139000"),
            Some("李先生"),
        );
        // A written complaint from yesterday: its first reply is overdue.
        f.add(
            y("16:30"),
            Details::Call(CallDetails {
                call_kind: CallKind::Complaint,
                channel: Channel::Letter,
                class: Some(ComplaintClass::Important),
            }),
            "Parking barrier charged twice for one exit",
            Some("2-1-301"),
            None,
            None,
            Some("Mr Chen"),
        );
        f.add(
            t("02:40"),
            Details::Call(CallDetails {
                call_kind: CallKind::Consultation,
                channel: Channel::Phone,
                class: None,
            }),
            "问明天停水时间",
            Some("3-2-1201"),
            None,
            None,
            None,
        );
        // Urgent repair, not dispatched: overdue.
        f.add(
            t("02:30"),
            Details::Repair(RepairDetails {
                category: RepairCategory::WaterFault,
                appointment: None,
                warranty: false,
            }),
            "厨房水管爆裂, 水漫到客厅",
            Some("3-2-1201"),
            Some("3号楼2单元"),
            Some("13800138000"),
            Some("王女士"),
        );
        // Urgent repair, dispatched: arrival due 03:03, soon now.
        let lift = f.add(
            t("02:48"),
            Details::Repair(RepairDetails {
                category: RepairCategory::ElevatorEntrapment,
                appointment: None,
                warranty: false,
            }),
            "电梯停在12楼, 2人被困",
            None,
            Some("5号楼2单元电梯"),
            None,
            None,
        );
        f.act(
            lift,
            t("02:50"),
            Action::Dispatch {
                to: "张师傅".into(),
            },
        );
        // An ordinary repair resolved yesterday: a callback is owed.
        let door = f.add(
            y("10:00"),
            Details::Repair(RepairDetails {
                category: RepairCategory::General,
                appointment: None,
                warranty: false,
            }),
            "单元门禁刷卡不灵",
            Some("4-1-101"),
            Some("4号楼1单元"),
            None,
            None,
        );
        f.act(
            door,
            y("10:20"),
            Action::Dispatch {
                to: "赵师傅".into(),
            },
        );
        f.act(door, y("10:40"), Action::Arrive);
        f.act(door, y("11:00"), Action::resolve(None));
        f
    }

    #[allow(clippy::too_many_arguments)]
    pub fn add(
        &mut self,
        when: DateTime<Utc>,
        details: Details,
        summary: &str,
        room: Option<&str>,
        location: Option<&str>,
        phone: Option<&str>,
        name: Option<&str>,
    ) -> RecordId {
        let new = NewRecord {
            details,
            summary: summary.into(),
            room: room.map(Into::into),
            location: location.map(Into::into),
            phone: phone.map(Into::into),
            name: name.map(Into::into),
        };
        let stamp = Stamp {
            operator: "alice",
            at: when,
            now: when.max(now() - Duration::hours(30)).min(now()),
        };
        self.store.add(new, &stamp, &self.desk.policy).unwrap().id
    }

    pub fn act(&mut self, id: RecordId, when: DateTime<Utc>, action: Action) {
        let stamp = Stamp {
            operator: "bob",
            at: when,
            now: when,
        };
        self.store
            .act(id, action, &stamp, &self.desk.policy)
            .unwrap();
    }

    /// A fresh desk: any unsaved form a previous app left behind is discarded first.
    pub fn app(&self) -> App {
        let mut drafts = self.desk.db_path.as_os_str().to_owned();
        drafts.push(".drafts");
        let _ = std::fs::remove_dir_all(drafts);
        self.reopen()
    }

    /// Open the desk again as it was left (unsaved forms are offered back).
    pub fn reopen(&self) -> App {
        App::new(self.desk.clone(), &self.store)
    }

    /// Press keys on the app.
    pub fn press(&mut self, app: &mut App, keys: &[Key]) {
        for k in keys {
            app.handle(Event::Key(*k), &mut self.store);
        }
    }

    pub fn type_text(&mut self, app: &mut App, text: &str) {
        for c in text.chars() {
            app.handle(Event::Key(Key::ch(c)), &mut self.store);
        }
    }

    /// Every record of a kind, newest first.
    pub fn records(&self, kind: RecordKind) -> Vec<Record> {
        let mut q = dutydesk::store::ListQuery::new(now());
        q.kind = Some(kind);
        q.limit = None;
        self.store.list(&q).unwrap()
    }
}

pub const ENTER: Key = Key::new(KeyCode::Enter);
pub const ESC: Key = Key::new(KeyCode::Esc);
pub const TAB: Key = Key::new(KeyCode::Tab);
pub const DOWN: Key = Key::new(KeyCode::Down);
pub const RIGHT: Key = Key::new(KeyCode::Right);

/// Render the app as the terminal would.
pub fn frame(app: &App, w: u16, h: u16) -> Buffer {
    dutydesk::ui::render(app, w, h)
}

pub fn text(buffer: &Buffer) -> String {
    dutydesk::ui::export::text(buffer)
}

/// The text of the row that contains `needle`, and its index.
pub fn row_with(buffer: &Buffer, needle: &str) -> Option<(u16, String)> {
    text(buffer)
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains(needle))
        .map(|(i, l)| (i as u16, l.to_string()))
}

/// The frame as text, then every styled run: `row: from-to fg/bg MODIFIERS`.
pub fn styled(buffer: &Buffer) -> String {
    let mut out = text(buffer);
    out.push_str("--- styles ---\n");
    let area = buffer.area;
    let key = |c: &Cell| (c.fg, c.bg, c.modifier);
    for y in 0..area.height {
        // Each column's style; the cell hidden behind a double-width character takes the
        // character's style.
        let mut styles = Vec::new();
        let mut x = 0;
        while x < area.width {
            let cell = &buffer[(x, y)];
            let w = unicode_width::UnicodeWidthStr::width(cell.symbol()).max(1);
            for _ in 0..w {
                styles.push(key(cell));
            }
            x += w as u16;
        }
        let mut x = 0;
        while x < styles.len() {
            let k = styles[x];
            let start = x;
            while x < styles.len() && styles[x] == k {
                x += 1;
            }
            if k != (Color::Reset, Color::Reset, Modifier::empty()) {
                let _ = writeln!(
                    out,
                    "{y:2}: {start:3}-{:3} {:?}/{:?} {:?}",
                    x - 1,
                    k.0,
                    k.1,
                    k.2
                );
            }
        }
    }
    out
}
