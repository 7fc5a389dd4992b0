//! The yearly household callbacks (`Y` / Ctrl-Y): this year's count against 100 %, the filter
//! being typed, and the occupied households still due, one a row: room, owner, phone (masked,
//! as directory lists show it), the last try and how it went. Tab / F5 shows those called back
//! this year instead, with their last call and how it went. The selected row is reversed
//! and pointed at (`>`), so it shows without colour. A household with notes is marked `✎`
//! and the selected one's notes are on the last line, to be read before calling.

use super::theme::Theme;
use super::{fitted, width};
use crate::app::App;
use crate::app::yearly::{Shown, Yearly};
use crate::domain::residents::mask_phone;
use crate::domain::residents::yearly::YearlyRow;
use crate::domain::text::sanitize_line;
use crate::i18n::residents::yearly as words;
use crate::i18n::tui::T;
use crate::i18n::{Lang, fit};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

/// Room, owner, phone, last try; the result takes the rest.
const WIDTHS: [usize; 4] = [12, 12, 13, 12];
/// The pointer and a space before each row.
const MARK: usize = 2;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let Some(y) = &app.yearly else { return };
    if area.height < 4 {
        return;
    }
    let lang = app.lang();
    let line = |i: u16| Rect::new(area.x, area.y + i, area.width, 1);
    let rows_area = Rect::new(area.x, area.y + 3, area.width, area.height - 3);
    let list = match &y.shown {
        Shown::Reading => {
            frame.render_widget(Paragraph::new(title(None, lang, theme)), line(0));
            let text = Line::styled(T::YearlyReading.s(lang), theme.info);
            frame.render_widget(Paragraph::new(text), line(1));
            return;
        }
        Shown::Failed(e) => {
            frame.render_widget(Paragraph::new(title(None, lang, theme)), line(0));
            let text = Line::styled(sanitize_line(e).into_owned(), theme.error);
            let rest = Rect::new(area.x, area.y + 1, area.width, area.height - 1);
            frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: false }), rest);
            return;
        }
        Shown::Ready(list) => list,
    };
    let rate = words::rate_short(lang, &list.rate);
    frame.render_widget(Paragraph::new(title(Some(&rate), lang, theme)), line(0));
    draw_filter(frame, line(1), app, y, y.side().len(), theme);
    let heads = heads(area.width, y.called, lang, theme);
    frame.render_widget(Paragraph::new(heads), line(2));
    if y.visible.is_empty() {
        let text = match (y.filter.value().trim().is_empty(), y.called) {
            (true, false) => words::none(lang, list.rate.occupied > 0),
            (true, true) => words::none_called(lang),
            (false, false) => T::YearlyNoMatch.s(lang),
            (false, true) => T::YearlyNoMatchCalled.s(lang),
        };
        let text = Line::styled(format!("  {text}"), theme.dim);
        frame.render_widget(Paragraph::new(text), rows_area);
        return;
    }
    // A household's notes (独居老人: lives alone) are read before calling: the rows mark
    // them, and the selected one's are on the last line, kept while any row shown has notes.
    let any_notes = y.rows().any(|r| notes_of(r).is_some());
    let rows_area = match any_notes {
        true => {
            let last = Rect::new(area.x, area.bottom() - 1, area.width, 1);
            if let Some(notes) = y.selected_row().and_then(notes_of) {
                let text = fit(&words::notes(lang, notes), area.width as usize);
                frame.render_widget(Paragraph::new(Line::styled(text, theme.info)), last);
            }
            Rect {
                height: rows_area.height.saturating_sub(1).max(1),
                ..rows_area
            }
        }
        false => rows_area,
    };
    let n = rows_area.height as usize;
    let (last_top, _) = y.view.get();
    let mut top = last_top.min(y.visible.len().saturating_sub(1));
    if y.selected < top {
        top = y.selected;
    }
    if y.selected >= top + n {
        top = y.selected + 1 - n;
    }
    y.view.set((top, n));
    let lines: Vec<Line> = y
        .rows()
        .enumerate()
        .skip(top)
        .take(n)
        .map(|(i, r)| row(r, i == y.selected, area.width, app, theme))
        .collect();
    frame.render_widget(Paragraph::new(lines), rows_area);
}

/// "Yearly callbacks  2026: 12 of 20 called back (60%, target 100%)".
fn title<'a>(rate: Option<&str>, lang: Lang, theme: &Theme) -> Line<'a> {
    let mut spans = vec![Span::styled(
        format!("{} ", T::ModeYearly.s(lang)),
        theme.title,
    )];
    if let Some(rate) = rate {
        spans.push(Span::raw(format!(" {rate}")));
    }
    Line::from(spans)
}

/// "Filter: 3-2▏  type a room, …" on the left, "12 of 40 due" (or "3 called back") on the
/// right.
fn draw_filter(frame: &mut Frame, area: Rect, app: &App, y: &Yearly, all: usize, theme: &Theme) {
    let lang = app.lang();
    let count = match y.called {
        true => words::called_count(lang, y.visible.len(), all),
        false => words::due_count(lang, y.visible.len(), all),
    };
    let count = format!(" {count}");
    let label = format!("{} ", T::YearlyFilter.s(lang));
    let room = (area.width as usize).saturating_sub(width(&label) + width(&count));
    let typed = y.filter.value();
    let mut spans = vec![Span::styled(label.clone(), theme.label)];
    if typed.is_empty() {
        spans.push(fitted(T::YearlyFilterHint.s(lang), room, theme.dim));
    } else {
        let (shown, _) = y.filter.view(room.max(1));
        spans.push(fitted(&sanitize_line(&shown), room, theme.input));
    }
    spans.push(Span::styled(count, theme.info));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
    if app.mode == crate::app::keymap::Mode::Yearly {
        let (_, cursor) = y.filter.view(room.max(1));
        let x = area.x + (width(&label) + cursor) as u16;
        frame.set_cursor_position((x, area.y));
    }
}

fn heads<'a>(screen: u16, called: bool, lang: Lang, theme: &Theme) -> Line<'a> {
    let last = match called {
        true => T::ColLastCall,
        false => T::ColLastTry,
    };
    let names = [T::ColRoom, T::ColOwner, T::ColPhone, last, T::ColResult];
    let mut spans = vec![Span::styled(" ".repeat(MARK), theme.column_head)];
    for (i, name) in names.iter().enumerate() {
        let w = column(i, screen);
        spans.push(fitted(name.s(lang), w, theme.column_head));
        spans.push(Span::styled(" ", theme.column_head));
    }
    Line::from(spans)
}

/// The width of column `i` on a screen `screen` wide.
fn column(i: usize, screen: u16) -> usize {
    match WIDTHS.get(i) {
        Some(w) => *w,
        None => {
            let used: usize = MARK + WIDTHS.iter().map(|w| w + 1).sum::<usize>();
            (screen as usize).saturating_sub(used + 1).max(4)
        }
    }
}

/// A household: room, owner (or tenant), its first phone masked, its last call (when, how
/// it went; while due, how many tries so far) or nothing yet.
fn row<'a>(r: &YearlyRow, selected: bool, screen: u16, app: &App, theme: &Theme) -> Line<'a> {
    let lang = app.lang();
    let h = &r.household;
    let style = match selected {
        true => theme.selected,
        false => ratatui::style::Style::new(),
    };
    let who = h.owner.as_deref().or(h.tenant.as_deref()).unwrap_or("-");
    let phone = h.all_phones().next().map(mask_phone).unwrap_or_default();
    let zone = app.desk.policy.zone;
    let (when, result) = match r.made.last() {
        Some(m) => (
            m.at.with_timezone(&zone).format("%m-%d %H:%M").to_string(),
            match r.due() {
                true => words::tries(lang, m.callback.result, r.tries()),
                false => crate::i18n::Label::label(&m.callback.result, lang).to_string(),
            },
        ),
        None => ("-".to_string(), String::new()),
    };
    let cells = [h.room.as_str(), who, &phone, &when, &result];
    let pointer = if selected { ">" } else { " " };
    let note = match notes_of(r) {
        Some(_) => words::NOTE_MARK,
        None => " ",
    };
    let mut spans = vec![Span::styled(format!("{pointer}{note}"), style)];
    for (i, text) in cells.iter().enumerate() {
        let w = column(i, screen);
        spans.push(Span::styled(fit(&sanitize_line(text), w), style));
        spans.push(Span::styled(" ", style));
    }
    Line::from(spans)
}

/// A household's notes, if it has any worth showing.
fn notes_of(r: &YearlyRow) -> Option<&str> {
    r.household
        .notes
        .as_deref()
        .filter(|n| !n.trim().is_empty())
}
