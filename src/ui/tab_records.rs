//! A kind's tab (duty log, calls, repairs, ...): its records with the columns its kind
//! declares (`TabSpec.columns`), and the selected one's detail.

use super::table::list_and_detail;
use super::theme::Theme;
use crate::app::{App, Tab};
use crate::domain::RecordKind;
use crate::domain::columns::ColumnSpec;
use crate::i18n::tui::T;
use ratatui::Frame;
use ratatui::layout::Rect;

/// The columns of a kind's list (none for a kind without a tab).
pub(super) fn columns(kind: RecordKind) -> &'static [ColumnSpec] {
    kind.tab().map_or(&[], |t| t.columns)
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, kind: RecordKind, theme: &Theme) {
    let list = app.list_of(Tab::Kind(kind));
    // The duty log leads with the rounds still due (issue 14 §2).
    let area = match app.rounds.as_ref().filter(|_| app.shows_rounds()) {
        Some(r) if area.height > 1 => {
            let line = super::rounds::line(r, app.lang(), theme, area.width as usize);
            frame.render_widget(
                ratatui::widgets::Paragraph::new(line),
                Rect { height: 1, ..area },
            );
            Rect {
                y: area.y + 1,
                height: area.height - 1,
                ..area
            }
        }
        _ => area,
    };
    list_and_detail(frame, area, list, columns(kind), T::EmptyList, app, theme);
}
