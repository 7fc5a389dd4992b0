//! Tab 2: incoming calls and visits (来电来访).

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
    col(Col::Category, 12, 100, ANY),
    col(Col::Channel, 6, 150, ANY),
    col(Col::Place, 9, 0, ANY),
    col(Col::Name, 8, 140, ANY),
    col(Col::Phone, 11, 160, ANY),
    col(Col::Summary, 0, 0, ANY),
    col(Col::Status, 8, 0, ANY),
    col(Col::DueName, 13, 120, ANY),
    col(Col::DueIn, 17, 0, ANY),
];

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let list = app.list_of(Tab::Calls);
    list_and_detail(frame, area, list, COLUMNS, T::EmptyList, app, theme);
}
