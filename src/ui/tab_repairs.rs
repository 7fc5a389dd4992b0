//! Tab 3: repairs and urgent repairs (急修/报修). Urgent categories carry a `*`.

use super::table::{Col, ColumnSpec, col, list_and_detail};
use super::theme::Theme;
use crate::app::{App, Tab};
use crate::i18n::tui::T;
use ratatui::Frame;
use ratatui::layout::Rect;

const ANY: u16 = u16::MAX;

pub(super) const COLUMNS: &[ColumnSpec] = &[
    col(Col::Id, 13, 0, ANY),
    col(Col::TimeShort, 5, 0, 120),
    col(Col::TimeLong, 11, 120, ANY),
    col(Col::Place, 9, 0, 120),
    col(Col::Place, 14, 120, ANY),
    col(Col::Category, 14, 100, ANY),
    col(Col::Summary, 0, 0, ANY),
    col(Col::Technician, 8, 130, ANY),
    col(Col::Phone, 11, 160, ANY),
    col(Col::Status, 10, 0, ANY),
    col(Col::DueName, 10, 110, ANY),
    col(Col::DueIn, 17, 0, ANY),
];

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let list = app.list_of(Tab::Repairs);
    list_and_detail(frame, area, list, COLUMNS, T::EmptyList, app, theme);
}
