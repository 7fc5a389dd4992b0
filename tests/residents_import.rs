//! `residents import` from the spreadsheets estates keep (an .xlsx made here with
//! rust_xlsxwriter, CSV in GBK and in UTF-8 with a BOM), every bad row named, nothing written
//! unless all rows are good or --skip-bad; `residents export` read back and imported again.

mod common;

use common::Desk;
use std::path::PathBuf;

const NOW: &str = "2026-11-27T03:00:00+08:00";

fn xlsx(d: &Desk, name: &str, rows: &[Vec<&str>]) -> PathBuf {
    let path = d.path(name);
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            // Phone numbers typed as numbers and dates as date cells, as they often are in the
            // office's sheets.
            let date = chrono::NaiveDate::parse_from_str(cell, "%Y-%m-%d").ok();
            match (cell.parse::<f64>(), date) {
                (Ok(n), _) if r > 0 && cell.len() == 11 => {
                    sheet.write_number(r as u32, c as u16, n)
                }
                (_, Some(date)) => {
                    let format = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
                    sheet.write_date_with_format(r as u32, c as u16, date, &format)
                }
                _ => sheet.write_string(r as u32, c as u16, *cell),
            }
            .unwrap();
        }
    }
    book.save(&path).unwrap();
    path
}

fn households(d: &Desk) -> Vec<serde_json::Value> {
    d.json(&["residents", "list", "--limit", "0"])
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn an_xlsx_with_chinese_headers_is_checked_then_applied() {
    let d = Desk::new(NOW);
    let path = xlsx(
        &d,
        "业主.xlsx",
        &[
            vec![
                "房号",
                "业主",
                "电话",
                "身份证",
                "家庭成员",
                "工作单位",
                "入住日期",
                "租户",
                "备注",
            ],
            vec![
                "3-2-1201",
                "王小明",
                "13800138000",
                "11010519491231002X",
                "李红(妻)",
                "市一中",
                "2020-05-01",
                "",
                "独居老人",
            ],
            vec![
                "3-2-1202",
                "李雷",
                "010-12345678",
                "",
                "",
                "",
                "2021/3/8",
                "赵六",
                "",
            ],
            vec!["", "", "", "", "", "", "", "", ""],
            vec!["3-2-1203", "", "", "", "", "", "", "", "空置"],
        ],
    );
    let file = path.to_str().unwrap();
    // A dry run writes nothing (and creates no database).
    let out = d.ok(&["residents", "import", file]);
    assert!(out.contains("3 households ready; nothing written"), "{out}");
    assert!(!d.db.exists());
    let out = d.ok(&["residents", "import", file, "--apply"]);
    assert!(out.contains("3 households written"), "{out}");
    let all = households(&d);
    assert_eq!(all.len(), 3);
    let card = d.json(&["residents", "show", "3-2-1201"]);
    assert_eq!(card["phones"][0], "13800138000");
    assert_eq!(card["id_number"], "11010519491231002X");
    assert_eq!(card["move_in"], "2020-05-01");
    assert_eq!(card["employer"], "市一中");
    assert_eq!(
        d.json(&["residents", "show", "3-2-1203"])["occupied"],
        false
    );
    // Again: nothing changed, nothing written.
    let out = d.ok(&["residents", "import", file, "--apply"]);
    assert!(out.contains("0 households written (3 unchanged)"), "{out}");
    d.ok(&["verify"]);
}

#[test]
fn every_bad_row_is_named_and_nothing_is_written_unless_skip_bad() {
    let d = Desk::new(NOW);
    let path = xlsx(
        &d,
        "bad.xlsx",
        &[
            vec!["room", "owner", "phone", "id_number"],
            vec!["3-2-1201", "王小明", "13800138000", ""],
            vec!["3--2", "李", "", ""],
            vec!["3-2-1201", "张", "", ""],
            vec!["3-2-1202", "张", "12345", ""],
            vec!["3-2-1203", "陈", "", "110105194912310021"],
            vec!["3-2-1204", "周", "13912345678", ""],
        ],
    );
    let file = path.to_str().unwrap();
    for args in [
        vec!["residents", "import", file],
        vec!["residents", "import", file, "--apply"],
    ] {
        let run = d.run(&args);
        assert_eq!(run.code, 2, "{args:?}");
        let lines: Vec<&str> = run.stderr.lines().collect();
        assert_eq!(
            lines[0],
            "row 3: room: '3--2' is not a room; use building-unit-room such as 3-2-1201"
        );
        assert_eq!(lines[1], "row 4: room: the same room as row 2 of this file");
        assert!(
            lines[2].starts_with("row 5: phone: '12345' is neither a Chinese mobile"),
            "{}",
            lines[2]
        );
        assert_eq!(
            lines[3],
            "row 6: ID number: the check digit is wrong (the first 17 digits call for X)"
        );
        assert!(
            lines[4].contains("2 rows good, 4 cannot be read; nothing written"),
            "{}",
            run.stderr
        );
    }
    assert!(!d.db.exists(), "nothing written, not even a database");
    let zh = d.run(&["--lang", "zh", "residents", "import", file]);
    assert!(
        zh.stderr.contains("第 3 行: 房号: '3--2' 不是房号"),
        "{}",
        zh.stderr
    );
    // --skip-bad: the good rows, the bad ones still named.
    let run = d.run(&["residents", "import", file, "--apply", "--skip-bad"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("row 6:"));
    assert!(
        run.stdout
            .contains("2 households written (0 unchanged), 4 rows skipped"),
        "{}",
        run.stdout
    );
    assert_eq!(households(&d).len(), 2);
}

#[test]
fn gbk_and_utf8_bom_csv_and_map_for_other_headers() {
    let d = Desk::new(NOW);
    let text = "房号,业主,联系方式,备注\r\n5-1-301,王晓梅,139 1234 5678,\"轮椅, 需协助\"\r\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(text);
    let gbk_path = d.path("gbk.csv");
    std::fs::write(&gbk_path, &gbk).unwrap();
    let file = gbk_path.to_str().unwrap();
    // 联系方式 is no known header: without --map the phone would be lost, so say it.
    let out = d.ok(&[
        "residents",
        "import",
        file,
        "--map",
        "联系方式=phone",
        "--apply",
    ]);
    assert!(out.contains("1 household written"), "{out}");
    let card = d.json(&["residents", "show", "5-1-301"]);
    assert_eq!(card["owner"], "王晓梅");
    assert_eq!(card["phones"][0], "13912345678");
    assert_eq!(card["notes"], "轮椅, 需协助");
    let bom = d.path("bom.csv");
    std::fs::write(
        &bom,
        "\u{feff}Room,Owner,Phone,Tenant\n5-1-302,Li Lei,13700008000,\n",
    )
    .unwrap();
    d.ok(&["residents", "import", bom.to_str().unwrap(), "--apply"]);
    assert_eq!(d.json(&["residents", "show", "5-1-302"])["owner"], "Li Lei");
    let bad_map = d.run(&["residents", "import", file, "--map", "联系方式=mobile"]);
    assert_eq!(bad_map.code, 2);
    assert!(
        bad_map
            .stderr
            .contains("--map: '联系方式=mobile' is not COLUMN=FIELD"),
        "{}",
        bad_map.stderr
    );
    let no_column = d.run(&["residents", "import", file, "--map", "手机=phone"]);
    assert!(
        no_column.stderr.contains("the sheet has no column '手机'"),
        "{}",
        no_column.stderr
    );
}

#[test]
fn a_file_that_is_not_a_spreadsheet_is_refused() {
    let d = Desk::new(NOW);
    let fake = d.path("fake.xlsx");
    std::fs::write(&fake, "just text").unwrap();
    let run = d.run(&["residents", "import", fake.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("not a spreadsheet dutydesk can read"),
        "{}",
        run.stderr
    );
    let pdf = d.path("list.pdf");
    std::fs::write(&pdf, "%PDF").unwrap();
    assert_eq!(
        d.run(&["residents", "import", pdf.to_str().unwrap()]).code,
        2
    );
    let headless = d.path("x.csv");
    std::fs::write(&headless, "a,b\n1,2\n").unwrap();
    let run = d.run(&["residents", "import", headless.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("no column holds the room"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_unmasked_export_imports_back_unchanged() {
    let d = Desk::new(NOW);
    d.ok(&[
        "residents",
        "add",
        "3-2-1201",
        "--owner",
        "王小明",
        "--phone",
        "13800138000/010-12345678",
        "--id-number",
        "11010519491231002X",
        "--move-in",
        "2020-05-01",
        "--tenant",
        "赵六",
        "--tenant-phone",
        "13911112222",
        "--notes",
        "=SUM(A1)",
    ]);
    d.ok(&["residents", "add", "3-2-1202", "--occupied", "no"]);
    for (format, name) in [("xlsx", "out.xlsx"), ("csv", "out.csv")] {
        let out = d.path(name);
        let o = out.to_str().unwrap();
        d.ok(&[
            "residents",
            "export",
            "--format",
            format,
            "--output",
            o,
            "--unmasked",
        ]);
        let run = d.ok(&["residents", "import", o, "--apply"]);
        assert!(
            run.contains("0 households written (2 unchanged)"),
            "{format}: {run}"
        );
    }
    use calamine::{Reader, open_workbook_auto};
    let mut book = open_workbook_auto(d.path("out.xlsx")).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    let header: Vec<String> = range
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(header[0], "room");
    let csv = std::fs::read_to_string(d.path("out.csv")).unwrap();
    assert!(csv.starts_with('\u{feff}'));
    assert!(
        csv.contains("\"'=SUM(A1)\""),
        "a formula is never run: {csv}"
    );
    // The Chinese layout reads back too.
    let zh = d.path("zh.csv");
    d.ok(&[
        "--lang",
        "zh",
        "residents",
        "export",
        "--format",
        "csv",
        "--output",
        zh.to_str().unwrap(),
        "--unmasked",
    ]);
    assert!(std::fs::read_to_string(&zh).unwrap().contains("房号"));
    let run = d.ok(&["residents", "import", zh.to_str().unwrap()]);
    assert!(run.contains("2 households ready"), "{run}");
}
