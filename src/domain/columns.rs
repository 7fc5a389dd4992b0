//! The columns of a record list and a kind's tab, as data: which column, how wide, at which
//! screen widths. No words (the headings are in `i18n`) and no drawing (that is `ui/table.rs`).

/// A column of a record list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Col {
    Id,
    /// When it came in (`time::list_time`): `HH:MM` in the last 24 hours, else the date
    /// (`MM-DD`, last year's `YYYY`); 5 wide.
    TimeShort,
    /// As `TimeShort` with the hours and the year in full (`MM-DD HH:MM`, `YYYY-MM-DD`); 11 wide.
    TimeLong,
    /// Room, else location.
    Place,
    Location,
    Summary,
    Status,
    /// The next open deadline's countdown, with its name where `DueName` is not shown
    /// (`arrival 5m`, shortened by rule to fit: `i18n::due_cell`).
    DueIn,
    /// The next open deadline's name.
    DueName,
    Category,
    Channel,
    Name,
    Phone,
    Technician,
    By,
    /// When the goods leave on a pass (`MM-DD HH:MM`).
    MovingAt,
}

/// A column, its width, and the screen widths it is shown at (`from` included, `until` not).
#[derive(Debug, Clone, Copy)]
pub struct ColumnSpec {
    pub col: Col,
    pub width: u16,
    pub from: u16,
    pub until: u16,
}

/// Shown at any width wider than `from`.
pub const ANY: u16 = u16::MAX;

pub const fn col(col: Col, width: u16, from: u16, until: u16) -> ColumnSpec {
    ColumnSpec {
        col,
        width,
        from,
        until,
    }
}

/// A kind's tab on the desk: the name `snapshot --tab` takes (and other names it accepts), and
/// the columns of its list. A kind without one has no tab of its own.
#[derive(Debug)]
pub struct TabSpec {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    pub columns: &'static [ColumnSpec],
}
