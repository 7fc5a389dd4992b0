//! An inspection round's checklist in its form (issue 14 §2): one row per check item of the
//! chosen area — the cursor's mark, what was found (a symbol and a word: never colour alone),
//! the item's name in the desk's language, its remark — as many rows as fit, the cursor's kept
//! in view.

use super::theme::Theme;
use super::width;
use crate::app::form::Checklist;
use crate::domain::text::sanitize_line;
use crate::domain::{CheckItem, Outcome};
use crate::i18n::inspection::{item_name, mark, outcome};
use crate::i18n::tui::T;
use crate::i18n::{Lang, fit};
use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// The rows the checklist would take with room for all of them.
pub fn wanted_rows(c: &Checklist) -> usize {
    c.keys.len().max(1)
}

/// The rows to draw (`rows` of them at most, starting at the one holding the cursor in view),
/// each `width` columns; and where the terminal cursor goes (row, column) while a remark is
/// edited.
pub fn lines(
    c: &Checklist,
    area: &str,
    focused: bool,
    lang: Lang,
    theme: &Theme,
    width_: usize,
    rows: usize,
) -> (Vec<Line<'static>>, Option<(usize, usize)>) {
    if c.keys.is_empty() {
        return (
            vec![Line::styled(
                fit(T::NoCheckItems.s(lang), width_),
                theme.dim,
            )],
            None,
        );
    }
    let rows = rows.max(1);
    let first =
        c.at.saturating_sub(rows - 1)
            .min(c.keys.len().saturating_sub(rows));
    let result_width = [
        None,
        Some(Outcome::Ok),
        Some(Outcome::Problem),
        Some(Outcome::Na),
    ]
    .iter()
    .map(|o| width(outcome(*o, lang)))
    .max()
    .unwrap_or(0);
    let mut out = Vec::new();
    let mut cursor = None;
    for (i, key) in c.keys.iter().enumerate().skip(first).take(rows) {
        let row = c.row(i);
        let found = row.and_then(|r| r.result);
        let here = focused && i == c.at;
        let style = match found {
            Some(Outcome::Problem) => theme.overdue,
            Some(Outcome::Ok) => theme.met,
            Some(Outcome::Na) | None => theme.dim,
        };
        let pointer = if here { "▸ " } else { "  " };
        let result = format!(
            "{} {}",
            mark(found),
            fit(outcome(found, lang), result_width)
        );
        let item = CheckItem {
            key: key.clone(),
            name: c.names.get(i).cloned().flatten(),
            result: found,
            remark: None,
        };
        let name = sanitize_line(&item_name(area, &item, lang)).into_owned();
        let name_style = if here && !c.editing {
            theme.selected.patch(theme.focus)
        } else {
            theme.title
        };
        let head = width(pointer) + width(&result) + 1;
        let room = width_.saturating_sub(head);
        let remark = row.map(|r| &r.remark);
        let remark_text = remark.map(|r| r.value()).unwrap_or("");
        let mut spans = vec![
            Span::styled(pointer, if here { theme.focus } else { Style::default() }),
            Span::styled(result, style),
            Span::raw(" "),
        ];
        if here && c.editing {
            // The remark takes the row after a short name, the cursor where it is typed.
            let name_width = width(&name).min(room / 2);
            let name = fit(&name, name_width);
            let input_width = room.saturating_sub(name_width + 3).max(4);
            let (shown, at) = remark.map(|r| r.view(input_width)).unwrap_or_default();
            spans.push(Span::styled(name, name_style));
            spans.push(Span::styled(" — ", theme.dim));
            spans.push(Span::styled(
                fit(&sanitize_line(&shown), input_width),
                theme.input,
            ));
            cursor = Some((out.len(), head + name_width + 3 + at));
        } else if remark_text.trim().is_empty() {
            spans.push(Span::styled(fit(&name, room), name_style));
        } else {
            let name_width = width(&name).min(room.saturating_sub(6));
            spans.push(Span::styled(fit(&name, name_width), name_style));
            spans.push(Span::styled(
                fit(
                    &format!(" — {}", sanitize_line(remark_text)),
                    room.saturating_sub(name_width),
                ),
                theme.input,
            ));
        }
        out.push(Line::from(spans));
    }
    (out, cursor)
}
