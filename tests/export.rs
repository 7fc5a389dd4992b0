//! `export` as the office's other systems open it: CSV with a UTF-8 BOM and the technician and
//! fee columns, an xlsx workbook (one sheet per kind, typed date cells) read back with calamine,
//! and `--output` that never writes over the live database nor leaves half a file.

mod common;

use calamine::{Data, Reader, Xlsx, open_workbook};
use common::Desk;

const NOW: &str = "2026-11-25T03:00:00+08:00";

/// A repair dispatched, on site and resolved with a fee, a complaint in Chinese with a quote
/// and a formula-like summary, and a log entry.
fn desk() -> Desk {
    let d = Desk::new(NOW);
    let r = d.add(&[
        "repair",
        "--category",
        "general",
        "--room",
        "3-2-1201",
        "--location",
        "厨房",
        "--summary",
        "厨房水龙头滴水",
        "--reporter",
        "王先生",
        "--phone",
        "13800138000",
        "--at",
        "01:00",
    ]);
    d.ok(&["act", &r, "dispatch", "--to", "李师傅", "--at", "01:03"]);
    d.ok(&["act", &r, "arrive", "--at", "01:10"]);
    d.ok(&["act", &r, "resolve", "--fee", "30元", "--at", "01:40"]);
    d.add(&[
        "call",
        "--kind",
        "complaint",
        "--channel",
        "phone",
        "--name",
        "张\"老\"师",
        "--summary",
        "=1+1 楼上噪音",
    ]);
    d.add(&["log", "--summary", "巡查3号楼天台"]);
    d
}

#[test]
fn csv_starts_with_a_bom_and_carries_technician_fee_and_resolution() {
    let d = desk();
    let text = d.ok(&["export", "--format", "csv"]);
    assert!(text.starts_with('\u{feff}'), "no BOM");
    let mut lines = text.trim_start_matches('\u{feff}').lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(&header[..3], ["id", "kind", "status"]);
    assert_eq!(&header[14..], ["technician", "fee", "resolved_at"]);
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 3);
    let repair = rows.iter().find(|r| r.starts_with("\"R-")).unwrap();
    assert!(
        repair.ends_with(r#""李师傅","30元","2026-11-25T01:40:00+08:00""#),
        "{repair}"
    );
    let call = rows.iter().find(|r| r.starts_with("\"C-")).unwrap();
    assert!(call.contains(r#""张""老""师""#), "{call}");
    assert!(
        call.contains(r#""'=1+1 楼上噪音""#),
        "formula not neutralised: {call}"
    );
}

#[test]
fn xlsx_has_a_sheet_per_kind_with_dates_and_chinese_intact() {
    let d = desk();
    let path = d.path("out.xlsx");
    let run = d.run(&[
        "--lang",
        "zh",
        "export",
        "--format",
        "xlsx",
        "--output",
        path.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "", "the workbook went to the file, not stdout");
    let mut book: Xlsx<_> = open_workbook(&path).expect("a workbook calamine reads");
    let names = book.sheet_names();
    assert_eq!(&names[..3], ["值班记录", "来电来访", "报修"], "{names:?}");
    let repairs = book.worksheet_range("报修").unwrap();
    let rows: Vec<&[Data]> = repairs.rows().collect();
    assert_eq!(rows.len(), 2, "header and one repair");
    let header: Vec<String> = rows[0].iter().map(|c| c.to_string()).collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let repair = rows[1];
    assert_eq!(repair[col("summary")].to_string(), "厨房水龙头滴水");
    assert_eq!(repair[col("technician")].to_string(), "李师傅");
    assert_eq!(repair[col("voided")], Data::Bool(false));
    let Data::DateTime(created) = &repair[col("created_at")] else {
        panic!(
            "created_at is not a date cell: {:?}",
            repair[col("created_at")]
        );
    };
    assert_eq!(
        created.as_datetime().unwrap().to_string(),
        "2026-11-25 01:00:00",
        "the estate's local time"
    );
    let calls = book.worksheet_range("来电来访").unwrap();
    let call = calls.rows().nth(1).unwrap();
    assert_eq!(
        call[col("summary")].to_string(),
        "=1+1 楼上噪音",
        "text, never a formula"
    );
    assert_eq!(call[col("name")].to_string(), "张\"老\"师");
}

#[test]
fn xlsx_of_one_kind_has_that_sheet_alone() {
    let d = desk();
    let path = d.path("repairs.xlsx");
    d.ok(&[
        "export",
        "repair",
        "--format",
        "xlsx",
        "--output",
        path.to_str().unwrap(),
    ]);
    let book: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(book.sheet_names(), ["Repair"]);
}

#[test]
fn output_never_replaces_the_live_database_and_names_a_missing_folder() {
    let d = desk();
    let before = d.state();
    for target in [d.db.clone(), common::sibling(&d.db, "-wal")] {
        let run = d.run(&[
            "export",
            "--format",
            "csv",
            "--output",
            target.to_str().unwrap(),
        ]);
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(run.stderr.contains("output:"), "{}", run.stderr);
    }
    let missing = d.path("no/such/folder/x.csv");
    let run = d.run(&[
        "export",
        "--format",
        "csv",
        "--output",
        missing.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("output: there is no folder"),
        "{}",
        run.stderr
    );
    assert_eq!(d.state(), before);
}

#[test]
fn output_replaces_a_file_whole_and_leaves_no_partial_file() {
    let d = desk();
    let path = d.path("calls.csv");
    std::fs::write(&path, "old contents").unwrap();
    d.ok(&[
        "export",
        "--format",
        "csv",
        "--output",
        path.to_str().unwrap(),
    ]);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("\u{feff}id,"), "{text}");
    let left: Vec<_> = std::fs::read_dir(d.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("partial"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}
