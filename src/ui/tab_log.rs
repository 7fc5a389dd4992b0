//! Tab 1: the duty log (值班记录).

use super::table::{Col, ColumnSpec, col, list_and_detail};
use super::theme::Theme;
use crate::app::{App, Tab};
use crate::i18n::tui::T;
use ratatui::Frame;
use ratatui::layout::Rect;

const ANY: u16 = u16::MAX;

pub(super) const COLUMNS: &[ColumnSpec] = &[
    col(Col::Id, 13, 0, ANY),
    col(Col::TimeShort, 5, 0, 110),
    col(Col::TimeLong, 11, 110, ANY),
    col(Col::Category, 10, 0, 110),
    col(Col::Category, 14, 110, ANY),
    col(Col::Location, 10, 0, 110),
    col(Col::Location, 16, 110, ANY),
    col(Col::Summary, 0, 0, ANY),
    col(Col::By, 10, 110, ANY),
    col(Col::Status, 7, 0, ANY),
];

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let list = app.list_of(Tab::Log);
    list_and_detail(frame, area, list, COLUMNS, T::EmptyList, app, theme);
}
