//! The compiled handover read in full over tab 4's body (`F` / ^G): the lines `handover show`
//! prints, wrapped to the width (a Chinese character counts two), scrolled with the arrows,
//! PgUp/PgDn and Home/End.

use super::theme::Theme;
use super::width;
use crate::app::App;
use crate::i18n::tui::T;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

pub fn draw(frame: &mut Frame, body: Rect, app: &App, theme: &Theme) {
    let lang = app.lang();
    super::clear_popup(frame, body);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_set(theme.border)
        .title(Span::styled(
            format!(" {} ", T::ModeCompiled.s(lang)),
            theme.title,
        ));
    let inner = block.inner(body);
    frame.render_widget(block, body);
    let lines = crate::handover_text::wrapped(&app.compiled, (inner.width as usize).max(8));
    let page = inner.height as usize;
    let last = lines.len().saturating_sub(page);
    app.compiled_view.set((last, page));
    let scroll = app.compiled_scroll.min(last);
    // Where the page is: "12–33 / 80", on the bottom border.
    let shown_to = (scroll + page).min(lines.len());
    let place = format!(" {}–{shown_to} / {} ", scroll + 1, lines.len());
    let w = width(&place) as u16;
    if body.width > w + 4 {
        frame.render_widget(
            Paragraph::new(Line::styled(place, theme.key)),
            Rect::new(body.right() - w - 2, body.bottom() - 1, w, 1),
        );
    }
    let shown: Vec<Line> = lines
        .into_iter()
        .skip(scroll)
        .take(page)
        .map(|l| {
            if l.starts_with("!!") {
                Line::styled(l, theme.overdue)
            } else if l.starts_with("! ") {
                Line::styled(l, theme.soon)
            } else if !l.starts_with(' ') && !l.is_empty() {
                Line::styled(l, theme.column_head)
            } else {
                Line::raw(l)
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(shown), inner);
}
