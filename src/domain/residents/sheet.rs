//! The company's spreadsheet, read as rows of text: which column is which field (headers in
//! Chinese or English, or `--map 列名=field`), and each row checked into a household or named
//! with its row number and why it cannot be read.

use super::{HField, HProblem, Household, HouseholdError, Patch, patch_field, room};
use std::collections::HashMap;

/// The headers each field is known by (compared without case and spaces).
const ALIASES: &[(HField, &[&str])] = &[
    (
        HField::Room,
        &[
            "房号",
            "房间号",
            "房屋",
            "房间",
            "门牌号",
            "户号",
            "room",
            "roomno",
        ],
    ),
    (
        HField::Owner,
        &["业主", "业主姓名", "姓名", "owner", "name"],
    ),
    (
        HField::Phone,
        &[
            "电话",
            "联系电话",
            "手机",
            "手机号",
            "业主电话",
            "phone",
            "phones",
            "mobile",
            "tel",
        ],
    ),
    (
        HField::IdNumber,
        &[
            "身份证",
            "身份证号",
            "身份证号码",
            "证件号码",
            "id",
            "idnumber",
            "id_number",
            "idcard",
        ],
    ),
    (
        HField::Family,
        &["家庭成员", "同住人", "同住成员", "family", "members"],
    ),
    (HField::Employer, &["工作单位", "单位", "employer", "work"]),
    (
        HField::MoveIn,
        &["入住日期", "入住时间", "movein", "move_in", "moveindate"],
    ),
    (HField::Tenant, &["租户", "租户姓名", "租客", "tenant"]),
    (
        HField::TenantPhone,
        &["租户电话", "租客电话", "tenantphone", "tenant_phone"],
    ),
    (
        HField::Occupied,
        &["是否入住", "入住", "入住状态", "occupied"],
    ),
    (HField::Notes, &["备注", "说明", "notes", "note", "remarks"]),
];

fn normal(header: &str) -> String {
    header
        .trim()
        .trim_start_matches('\u{feff}')
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase()
}

/// The field a header names, if it is one of the known ones.
pub fn header_field(header: &str) -> Option<HField> {
    let h = normal(header);
    ALIASES
        .iter()
        .find(|(_, names)| names.iter().any(|n| normal(n) == h))
        .map(|(f, _)| *f)
}

/// The headers of the export, in the desk's language.
pub fn headers(zh: bool) -> Vec<&'static str> {
    HField::ALL
        .iter()
        .map(|f| {
            if zh {
                ALIASES
                    .iter()
                    .find(|(a, _)| a == f)
                    .map(|(_, n)| n[0])
                    .unwrap_or("")
            } else {
                f.slug()
            }
        })
        .collect()
}

/// What is wrong with the sheet as a whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SheetError {
    /// No column holds the room.
    NoRoomColumn,
    /// `--map` names a column the sheet does not have.
    NoSuchColumn(String),
    /// `--map` is not `COLUMN=field` with a known field.
    BadMap(String),
    /// Two columns for one field.
    TwoColumns(HField),
}

/// Which field each column holds.
#[derive(Debug, Clone)]
pub struct Layout {
    columns: Vec<Option<HField>>,
}

/// `COLUMN=field` as typed after `--map`.
pub fn parse_map(text: &str) -> Result<(String, HField), SheetError> {
    let (column, field) = text
        .split_once('=')
        .ok_or_else(|| SheetError::BadMap(text.to_string()))?;
    let field = HField::parse_slug(field).ok_or_else(|| SheetError::BadMap(text.to_string()))?;
    if column.trim().is_empty() {
        return Err(SheetError::BadMap(text.to_string()));
    }
    Ok((column.trim().to_string(), field))
}

impl Layout {
    pub fn new(headers: &[String], map: &[(String, HField)]) -> Result<Layout, SheetError> {
        let mut columns: Vec<Option<HField>> = headers.iter().map(|h| header_field(h)).collect();
        for (column, field) in map {
            let i = headers
                .iter()
                .position(|h| normal(h) == normal(column))
                .ok_or_else(|| SheetError::NoSuchColumn(column.clone()))?;
            columns[i] = Some(*field);
        }
        let mut seen = HashMap::new();
        for f in columns.iter().flatten() {
            if seen.insert(*f, ()).is_some() {
                return Err(SheetError::TwoColumns(*f));
            }
        }
        if !columns.contains(&Some(HField::Room)) {
            return Err(SheetError::NoRoomColumn);
        }
        Ok(Layout { columns })
    }

    /// The fields the sheet has, in its column order.
    pub fn fields(&self) -> impl Iterator<Item = HField> + '_ {
        self.columns.iter().flatten().copied()
    }

    /// One row into a household; `None` for a row with nothing in it.
    pub fn row(&self, cells: &[String]) -> Option<Result<Household, HouseholdError>> {
        if cells.iter().all(|c| c.trim().is_empty()) {
            return None;
        }
        let cell = |f: HField| -> &str {
            self.columns
                .iter()
                .position(|c| *c == Some(f))
                .and_then(|i| cells.get(i))
                .map_or("", String::as_str)
        };
        Some((|| {
            let room = room(cell(HField::Room))?;
            let mut patch = Patch::default();
            for f in self.fields().filter(|f| *f != HField::Room) {
                patch_field(&mut patch, f, cell(f))?;
            }
            if patch.occupied.is_none() {
                let someone = |t: &Option<String>| t.as_deref().is_some_and(|t| !t.is_empty());
                patch.occupied = Some(someone(&patch.owner) || someone(&patch.tenant));
            }
            let mut h = Household {
                room,
                ..Default::default()
            };
            h.apply(&patch);
            Ok(h)
        })())
    }
}

/// A row that cannot be read: its number in the sheet (the header is row 1) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub row: usize,
    pub error: HouseholdError,
}

/// Every row checked: the good households (with their row numbers) and every bad row; a room
/// seen twice is bad on its second row.
pub fn check_rows(
    layout: &Layout,
    rows: impl IntoIterator<Item = (usize, Vec<String>)>,
) -> (Vec<(usize, Household)>, Vec<RowError>) {
    let mut good = Vec::new();
    let mut bad = Vec::new();
    let mut rooms: HashMap<String, usize> = HashMap::new();
    for (row, cells) in rows {
        match layout.row(&cells) {
            None => {}
            Some(Err(error)) => bad.push(RowError { row, error }),
            Some(Ok(h)) => {
                if let Some(first) = rooms.get(&h.room) {
                    bad.push(RowError {
                        row,
                        error: HouseholdError::new(
                            HField::Room,
                            HProblem::DuplicateRoom { first_row: *first },
                        ),
                    });
                } else {
                    rooms.insert(h.room.clone(), row);
                    good.push((row, h));
                }
            }
        }
    }
    (good, bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn rows_are_named_by_number_and_reason() {
        let layout =
            Layout::new(&strings(&["房号", "业主", "电话", "身份证", "旧列"]), &[]).unwrap();
        let rows = vec![
            (
                2,
                strings(&[
                    "3-2-1201",
                    "王小明",
                    "13800138000",
                    "11010519491231002X",
                    "x",
                ]),
            ),
            (3, strings(&["", "", "", "", ""])),
            (4, strings(&["3--2", "李", "", "", ""])),
            (5, strings(&["3-2-1201", "张", "", "", ""])),
            (6, strings(&["3-2-1202", "张", "12345", "", ""])),
            (
                7,
                strings(&["3-2-1203", "张", "", "110105194912310021", ""]),
            ),
        ];
        let (good, bad) = check_rows(&layout, rows);
        assert_eq!(good.len(), 1);
        assert!(good[0].1.occupied);
        let rows: Vec<usize> = bad.iter().map(|b| b.row).collect();
        assert_eq!(rows, vec![4, 5, 6, 7]);
        assert_eq!(
            bad[1].error.problem,
            HProblem::DuplicateRoom { first_row: 2 }
        );
        assert_eq!(bad[3].error.problem, HProblem::IdCheck { expected: 'X' });
    }

    #[test]
    fn map_names_other_columns() {
        let headers = strings(&["Unit", "Resident"]);
        assert_eq!(
            Layout::new(&headers, &[]).unwrap_err(),
            SheetError::NoRoomColumn
        );
        let map = vec![
            parse_map("Unit=room").unwrap(),
            parse_map("Resident=owner").unwrap(),
        ];
        let layout = Layout::new(&headers, &map).unwrap();
        assert_eq!(
            layout.fields().collect::<Vec<_>>(),
            vec![HField::Room, HField::Owner]
        );
        assert!(parse_map("Unit=flat").is_err());
    }
}
