//! Nothing lost, nothing hidden (issue 11): `backup` never destroys a database, and a desk or
//! command whose database file was removed or replaced writes nothing and says so.

mod common;
mod tui_common;

use common::Desk;
use common::tmux::{KEEP_PANE, Tmux};
use dutydesk::domain::*;
use dutydesk::i18n::Lang;
use dutydesk::store::{FileChange, OpenOptions, Stamp, Store, StoreError};
use std::path::{Path, PathBuf};
use tui_common::{ENTER, ESC, Fixture, frame, text};

const NOW: &str = "2026-11-25T03:00:00+08:00";

/// An estate's desk with `n` duty-log entries.
fn estate(n: usize) -> Desk {
    let desk = Desk::new(NOW);
    for i in 0..n {
        desk.add(&["log", "--summary", &format!("patrol round {i}")]);
    }
    desk
}

fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// `backup` of `from`'s database to `target`, as the command line gives it.
fn backup(from: &Desk, target: &Path, force: bool) -> common::Run {
    let target = target.to_str().unwrap();
    if force {
        from.run(&["backup", "--force", target])
    } else {
        from.run(&["backup", target])
    }
}

fn assert_refused(run: &common::Run, words: &str) {
    assert_eq!(
        run.code, 2,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(
        run.stderr.contains(words) && run.stderr.contains("nothing was written"),
        "{}",
        run.stderr
    );
}

// ---------------------------------------------------------------------------------------------
// 1. A backup never destroys a database

#[test]
fn a_backup_never_overwrites_another_estates_live_database() {
    let live = estate(3);
    let other = estate(1);
    let before = live.state();
    // The wrong --db: the other estate's copy aimed at this estate's desk.
    assert_refused(&backup(&other, &live.db, false), "exists");
    // --force does not make it a copy: it holds history the other database does not have.
    assert_refused(
        &backup(&other, &live.db, true),
        "history this database does not have",
    );
    assert_eq!(live.state(), before);

    // Open in a running desk (a connection in another process than `backup`'s): its -wal and
    // -shm are there, and it holds SQLite's locks.
    let desk = rusqlite::Connection::open(&live.db).unwrap();
    let n: i64 = desk
        .query_row("SELECT count(*) FROM records", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 3);
    assert!(sibling(&live.db, "-shm").exists());
    assert_refused(&backup(&other, &live.db, true), "open");
    drop(desk);
    assert_eq!(live.state(), before);
}

#[test]
fn force_replaces_an_earlier_copy_but_not_one_held_open_by_another_process() {
    let desk = estate(2);
    let copy = desk.path("copy.db");
    let first = backup(&desk, &copy, false);
    assert_eq!(first.code, 0, "{}", first.stderr);
    desk.add(&["log", "--summary", "after the first copy"]);
    // Without --force an earlier copy is kept.
    let kept = bytes(&copy);
    assert_refused(&backup(&desk, &copy, false), "--force");
    assert_eq!(bytes(&copy), kept);

    // Someone reads the copy (a read transaction holds SQLite's shared lock): not replaced.
    let reader = rusqlite::Connection::open(&copy).unwrap();
    reader.execute_batch("BEGIN").unwrap();
    let n: i64 = reader
        .query_row("SELECT count(*) FROM records", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 2);
    assert_refused(&backup(&desk, &copy, true), "open as a database");
    assert_eq!(bytes(&copy), kept);
    reader.execute_batch("COMMIT").unwrap();
    drop(reader);

    // A copy left with a hot journal beside it (a program stopped mid-write) is not either.
    let journal = sibling(&copy, "-journal");
    std::fs::write(&journal, b"").unwrap();
    assert_refused(&backup(&desk, &copy, true), "journal file beside it");
    std::fs::remove_file(&journal).unwrap();

    // Someone checked it (`verify` opens it as a desk would, in WAL mode, and leaves the -wal
    // and -shm in place for read-only supervisors) ...
    let copy_desk = Desk {
        db: copy.clone(),
        ..Desk::new(NOW)
    };
    copy_desk.ok(&["verify"]);
    assert!(sibling(&copy, "-shm").exists());
    // ... and a program still has it open in WAL mode, idle, outside any transaction: its
    // lock on the -shm says so. Not replaced.
    let idle = rusqlite::Connection::open(&copy).unwrap();
    let mode: String = idle
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let _: i64 = idle
        .query_row("SELECT count(*) FROM records", [], |r| r.get(0))
        .unwrap();
    let checked = bytes(&copy);
    assert_refused(&backup(&desk, &copy, true), "open as a database");
    assert_eq!(bytes(&copy), checked);
    drop(idle);

    // Nobody has it open: --force replaces it, atomically, with the newer copy.
    let run = backup(&desk, &copy, true);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let records = copy_desk.json(&["list", "--limit", "0"]);
    assert_eq!(records.as_array().unwrap().len(), 3);

    // A copy that was restored and written to holds records this database never had: kept.
    copy_desk.add(&["log", "--summary", "written into the copy"]);
    let diverged = copy_desk.state();
    assert_refused(
        &backup(&desk, &copy, true),
        "history this database does not have",
    );
    assert_eq!(copy_desk.state(), diverged);
}

#[test]
fn an_existing_file_is_refused_and_force_keeps_anything_that_is_not_a_copy() {
    let desk = estate(1);
    // A plain file, an empty one, another program's SQLite database, a link, a folder's name
    // taken by a file: without --force all are refused, as "exists".
    let notes = desk.path("notes.txt");
    std::fs::write(&notes, "shift notes, not a database").unwrap();
    let empty = desk.path("empty.db");
    std::fs::write(&empty, b"").unwrap();
    let foreign = desk.path("inventory.sqlite");
    {
        let c = rusqlite::Connection::open(&foreign).unwrap();
        c.execute_batch("CREATE TABLE items(name TEXT); INSERT INTO items VALUES ('hose');")
            .unwrap();
    }
    let link = desk.path("latest.db");
    std::os::unix::fs::symlink(&notes, &link).unwrap();
    for target in [&notes, &empty, &foreign, &link] {
        assert_refused(&backup(&desk, target, false), "exists");
    }
    // With --force: nothing that is not a dutydesk backup copy is replaced.
    assert_refused(&backup(&desk, &notes, true), "not a dutydesk backup copy");
    assert_refused(&backup(&desk, &foreign, true), "not a dutydesk backup copy");
    assert_refused(&backup(&desk, &link, true), "not a regular file");
    assert_eq!(bytes(&notes), b"shift notes, not a database");
    assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
    let c = rusqlite::Connection::open(&foreign).unwrap();
    let n: i64 = c
        .query_row("SELECT count(*) FROM items", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1);
    // An empty file holds nothing to lose.
    let run = backup(&desk, &empty, true);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // No temporary file left behind by any refusal.
    let stray: Vec<String> = std::fs::read_dir(desk.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(stray.is_empty(), "{stray:?}");
}

#[test]
fn a_missing_folder_is_bad_input() {
    let desk = estate(1);
    for target in ["no-such-folder/copy.db", "no-such-folder/"] {
        let run = desk.run(&["backup", desk.path(target).to_str().unwrap()]);
        assert_refused(&run, "does not exist");
        assert!(run.stderr.starts_with("dutydesk: path: "), "{}", run.stderr);
    }
    assert!(!desk.path("no-such-folder").exists());
    // A trailing slash names a folder even where a file could be made.
    let run = desk.run(&["backup", &format!("{}/", desk.path("fresh").display())]);
    assert_refused(&run, "does not exist");
    assert!(!desk.path("fresh").exists());
}

#[test]
fn refusals_are_said_in_chinese_too() {
    let live = estate(2);
    let other = estate(1);
    let zh = |args: &[&str]| {
        let o = other
            .command()
            .env("DUTYDESK_LANG", "zh")
            .args(args)
            .output()
            .unwrap();
        (
            o.status.code(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    let target = live.db.to_str().unwrap();
    let (code, said) = zh(&["backup", target]);
    assert_eq!(code, Some(2));
    assert!(
        said.contains("已存在, 未写入") && said.contains("--force"),
        "{said}"
    );
    let (code, said) = zh(&["backup", "--force", target]);
    assert_eq!(code, Some(2));
    assert!(said.contains("本数据库没有的历史"), "{said}");
    let missing = other.path("missing/");
    let (code, said) = zh(&["backup", missing.to_str().unwrap()]);
    assert_eq!(code, Some(2));
    assert!(said.contains("不存在, 未写入"), "{said}");
}

#[test]
fn a_dated_name_that_exists_is_not_overwritten() {
    let mut desk = estate(1);
    let folder = desk.path("nightly");
    std::fs::create_dir(&folder).unwrap();
    let dated = folder.join("dutydesk-20261125-030000.db");
    let run = backup(&desk, &folder, false);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("dutydesk-20261125-030000.db"),
        "{}",
        run.stdout
    );
    let first = bytes(&dated);
    desk.add(&["log", "--summary", "later the same second"]);
    // Run again in the same second (two cron lines, a retry): the first copy stays, with
    // --force too (a folder's dated copies are never replaced).
    assert_refused(&backup(&desk, &folder, false), "exists");
    assert_refused(&backup(&desk, &folder, true), "exists");
    assert_eq!(bytes(&dated), first);
    // The next second gets its own copy.
    desk.set_now("2026-11-25T03:00:01+08:00");
    let run = backup(&desk, &folder, false);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(folder.join("dutydesk-20261125-030001.db").exists());
}

// ---------------------------------------------------------------------------------------------
// 6. The desk notices when its file is gone

fn open(path: &Path) -> Store {
    Store::open(path, OpenOptions::default()).unwrap()
}

fn add_log(store: &mut Store, summary: &str) -> Result<Record, StoreError> {
    let now = common::t(NOW);
    let stamp = Stamp {
        operator: "amy",
        at: now,
        now,
    };
    let new = NewRecord {
        details: LogDetails {
            category: LogCategory::Patrol,
        }
        .into(),
        summary: summary.into(),
        room: None,
        location: None,
        phone: None,
        name: None,
    };
    store.add(new, &stamp, &common::policy())
}

fn count(path: &Path) -> i64 {
    let c = rusqlite::Connection::open(path).unwrap();
    c.query_row("SELECT count(*) FROM records", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn the_check_tells_removed_from_replaced_and_from_the_same_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    let store = open(&db);
    assert!(store.check_file().is_ok());
    // Moved away and back (same inode): still the same file.
    let aside = dir.path().join("aside.db");
    std::fs::rename(&db, &aside).unwrap();
    assert!(matches!(
        store.check_file(),
        Err(StoreError::FileChanged(FileChange::Removed, _))
    ));
    std::fs::rename(&aside, &db).unwrap();
    assert!(store.check_file().is_ok());
    // Another file at the path, even a byte-for-byte twin.
    let twin = dir.path().join("twin.db");
    store
        .backup_to(&twin, dutydesk::store::backup::Existing::Refuse)
        .unwrap();
    std::fs::rename(&twin, &db).unwrap();
    let e = store.check_file().unwrap_err();
    assert!(matches!(
        e,
        StoreError::FileChanged(FileChange::Replaced, _)
    ));
    let said = e.to_string();
    assert!(
        said.contains("replaced") && said.contains("nothing was written"),
        "{said}"
    );
    let zh = dutydesk::i18n::tui::store_error(Lang::Zh, &e);
    assert!(zh.contains("替换") && zh.contains("未写入"), "{zh}");
}

#[test]
fn a_write_after_the_file_was_removed_is_refused_and_lands_nowhere() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    let mut store = open(&db);
    add_log(&mut store, "before").unwrap();
    std::fs::remove_file(&db).unwrap();
    for i in 0..3 {
        let e = add_log(&mut store, &format!("after rm {i}")).unwrap_err();
        assert!(
            matches!(e, StoreError::FileChanged(FileChange::Removed, _)),
            "{e}"
        );
        assert!(e.to_string().contains("removed"), "{e}");
    }
    // Nothing made a new file at the path either.
    assert!(!db.exists());
    let cli: dutydesk::cli::CliError = add_log(&mut store, "x").unwrap_err().into();
    assert_eq!(cli.code, 1);
}

#[test]
fn a_file_replaced_in_the_middle_of_a_write_gets_none_of_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    let twin = dir.path().join("twin.db");
    let mut store = open(&db);
    add_log(&mut store, "one").unwrap();
    store
        .backup_to(&twin, dutydesk::store::backup::Existing::Refuse)
        .unwrap();
    let now = common::t(NOW);
    let stamp = Stamp {
        operator: "amy",
        at: now,
        now,
    };
    let policy = common::policy();
    // The write lock is held (BEGIN IMMEDIATE) when the file is swapped: the commit is refused.
    let e = store
        .batch(|w| {
            let new = NewRecord {
                details: LogDetails {
                    category: LogCategory::Patrol,
                }
                .into(),
                summary: "during the swap".into(),
                room: None,
                location: None,
                phone: None,
                name: None,
            };
            let record = w.add(new, &stamp, &policy)?;
            for suffix in ["", "-wal", "-shm"] {
                let old = dir.path().join(format!("old.db{suffix}"));
                std::fs::rename(sibling(&db, suffix), old).unwrap();
            }
            std::fs::rename(&twin, &db).unwrap();
            Ok(record)
        })
        .unwrap_err();
    assert!(
        matches!(e, StoreError::FileChanged(FileChange::Replaced, _)),
        "{e}"
    );
    drop(store);
    // Neither file has it: the old one (rolled back) nor the one now at the path.
    assert_eq!(count(&dir.path().join("old.db")), 1);
    assert_eq!(count(&db), 1);
}

#[test]
fn a_restore_while_the_store_is_open_gets_none_of_its_writes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    let copy = dir.path().join("copy.db");
    let mut store = open(&db);
    add_log(&mut store, "one").unwrap();
    add_log(&mut store, "two").unwrap();
    store
        .backup_to(&copy, dutydesk::store::backup::Existing::Refuse)
        .unwrap();
    add_log(&mut store, "three").unwrap();
    // The restore as docs/reliability.md describes it, but with this store still open.
    let damaged = dir.path().join("damaged");
    std::fs::create_dir(&damaged).unwrap();
    for suffix in ["", "-wal", "-shm"] {
        std::fs::rename(
            sibling(&db, suffix),
            damaged.join(format!("desk.db{suffix}")),
        )
        .unwrap();
    }
    std::fs::copy(&copy, &db).unwrap();
    let restored = bytes(&db);
    let e = add_log(&mut store, "four").unwrap_err();
    assert!(
        matches!(e, StoreError::FileChanged(FileChange::Replaced, _)),
        "{e}"
    );
    assert_eq!(bytes(&db), restored);
    assert!(!sibling(&db, "-wal").exists());
    drop(store);
    assert_eq!(count(&db), 2);
}

#[test]
fn the_desk_says_its_file_is_gone_keeps_the_form_and_saves_nothing() {
    let mut f = Fixture::empty(Lang::En);
    let mut app = f.app();
    f.press(&mut app, &[dutydesk::app::keys::Key::ch('n')]);
    f.type_text(&mut app, "patrol of block 3 roof");
    std::fs::remove_file(&f.desk.db_path).unwrap();
    // The next poll notices it, before anyone presses a key.
    app.poll_store(&f.store);
    assert_eq!(app.file_changed, Some(FileChange::Removed));
    let shown = text(&frame(&app, 120, 36));
    assert!(shown.contains("FILE GONE"), "{shown}");
    assert!(
        shown.contains("Database file removed: nothing can be saved"),
        "{shown}"
    );
    // Saving writes nothing and keeps the form, on screen and on disk.
    f.press(&mut app, &[ENTER]);
    let form = app.form.as_ref().expect("the form stays open");
    let error = form.error.as_deref().unwrap_or_default();
    assert!(error.contains("removed: nothing can be saved"), "{error}");
    assert!(f.records(RecordKind::Log).is_empty());
    assert!(!f.desk.db_path.exists());
    let again = f.reopen();
    let draft = again.form.as_ref().expect("the draft is offered back");
    assert_eq!(
        draft.text(dutydesk::app::form::FieldId::Summary),
        "patrol of block 3 roof"
    );
    // It stays said: not a message the next key clears.
    f.press(&mut app, &[ESC, tui_common::DOWN, tui_common::DOWN]);
    let shown = text(&frame(&app, 80, 24));
    assert!(shown.contains("FILE GONE"), "{shown}");
    assert!(
        shown.contains("Database file removed: nothing can be saved"),
        "{shown}"
    );
}

#[test]
fn the_desk_notices_a_restore_in_chinese_too() {
    let f = Fixture::empty(Lang::Zh);
    let mut app = f.app();
    let copy = f.dir.path().join("copy.db");
    f.store
        .backup_to(&copy, dutydesk::store::backup::Existing::Refuse)
        .unwrap();
    app.poll_store(&f.store);
    assert_eq!(app.file_changed, None);
    std::fs::rename(&copy, &f.desk.db_path).unwrap();
    app.poll_store(&f.store);
    assert_eq!(app.file_changed, Some(FileChange::Replaced));
    let shown = text(&frame(&app, 120, 36));
    assert!(shown.contains("文件已失效"), "{shown}");
    assert!(shown.contains("数据库文件已被替换"), "{shown}");
}

// ---------------------------------------------------------------------------------------------
// The real binary in tmux.

/// The desk in English on a 120 x 30 terminal, inside `KEEP_PANE`.
fn start(tmux: &Tmux, db: &Path, dir: &Path) {
    let mut command = KEEP_PANE.to_vec();
    let (now, config) = (
        format!("DUTYDESK_NOW={NOW}"),
        format!("DUTYDESK_CONFIG={}", dir.join("no-config.toml").display()),
    );
    command.extend([
        "env",
        &now,
        "TZ=Asia/Shanghai",
        "LANG=C.UTF-8",
        "TERM=xterm-256color",
        &config,
        "DUTYDESK_LANG=en",
        "DUTYDESK_OPERATOR=e2e",
        env!("CARGO_BIN_EXE_dutydesk"),
        "--db",
        db.to_str().unwrap(),
    ]);
    tmux.session(120, 30, &command);
}

#[test]
fn a_running_desk_saves_nothing_into_a_file_a_restore_replaced() {
    let desk = estate(2);
    let copy = desk.path("copy.db");
    assert_eq!(backup(&desk, &copy, false).code, 0);
    let tmux = Tmux::new("restore");
    start(&tmux, &desk.db, desk.dir.path());
    tmux.wait_for("patrol round 1");
    // Saved while the file is still there: acknowledged and found.
    tmux.keys(&["n"]);
    tmux.type_text("before the restore");
    tmux.keys(&["Enter"]);
    tmux.wait_for("L-2026-00003 saved");
    // The restore as docs/reliability.md describes it (the -wal and -shm go with the old
    // file), but with the desk still open.
    let damaged = desk.path("damaged");
    std::fs::create_dir(&damaged).unwrap();
    for suffix in ["", "-wal", "-shm"] {
        std::fs::rename(
            sibling(&desk.db, suffix),
            damaged.join(format!("desk.db{suffix}")),
        )
        .unwrap();
    }
    std::fs::rename(&copy, &desk.db).unwrap();
    tmux.wait_for("FILE GONE");
    tmux.wait_for("Database file replaced: nothing can be saved");
    tmux.keys(&["n"]);
    tmux.type_text("after the restore");
    tmux.keys(&["Enter"]);
    // Said in the form itself too (the status line says it already).
    tmux.wait_for("│Database file replaced");
    assert!(!tmux.screen().contains("L-2026-00004"), "{}", tmux.screen());
    // Quit (the form holds text: asked first), keeping the draft.
    tmux.keys(&["F10"]);
    tmux.keys(&["y"]);
    tmux.wait_for("EXITED 0");
    let found = desk.json(&["list", "--limit", "0"]);
    let summaries: Vec<&str> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["summary"].as_str().unwrap())
        .collect();
    assert_eq!(summaries, ["patrol round 1", "patrol round 0"]);
    let draft = std::fs::read_to_string(desk.path("desk.db.drafts/e2e.json")).unwrap();
    assert!(draft.contains("after the restore"), "{draft}");
}

#[test]
fn a_removed_database_is_not_silently_replaced_by_an_empty_one() {
    let desk = estate(3);
    // A desk has it open (its -wal and -shm exist) when someone removes it.
    let held = rusqlite::Connection::open(&desk.db).unwrap();
    let n: i64 = held
        .query_row("SELECT count(*) FROM records", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 3);
    std::fs::remove_file(&desk.db).unwrap();
    // The next command does not make a new, empty database there: it would look like an
    // estate with no records, and take over the -wal of the removed one.
    for args in [
        &["list", "--json"][..],
        &["add", "log", "--summary", "x"][..],
    ] {
        let run = desk.run(args);
        assert_eq!(run.code, 1, "{args:?}: {}{}", run.stdout, run.stderr);
        assert!(
            run.stderr.contains("was removed while a desk had it open")
                && run.stderr.contains("nothing was created"),
            "{}",
            run.stderr
        );
        assert!(!desk.db.exists());
    }
    drop(held);
}
