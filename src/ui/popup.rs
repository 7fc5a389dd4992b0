//! What opens over the list: a form, the search, the help, the quit question.

use super::table::{entry_row, layout, row};
use super::theme::Theme;
use super::{centered, form, width};
use crate::app::App;
use crate::app::keymap::{self, Mode};
use crate::domain::columns::{ANY, Col, ColumnSpec, col};
use crate::domain::text::sanitize_line;
use crate::i18n::fit;
use crate::i18n::tui::T;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

pub fn draw(frame: &mut Frame, body: Rect, app: &App, theme: &Theme) {
    if let Some(f) = &app.form {
        form::draw(frame, body, app, f, theme);
    }
    match app.mode {
        Mode::Search => draw_search(frame, body, app, theme),
        Mode::Help => draw_help(frame, body, app, theme),
        Mode::Actions => draw_actions(frame, body, app, theme),
        Mode::Compiled => super::compiled::draw(frame, body, app, theme),
        Mode::ConfirmQuit => draw_confirm(
            frame,
            body,
            app,
            theme,
            T::ConfirmQuitTitle,
            T::ConfirmQuitText,
        ),
        Mode::ConfirmDiscard => draw_confirm(
            frame,
            body,
            app,
            theme,
            T::ConfirmDiscardTitle,
            T::ConfirmDiscardText,
        ),
        _ => {}
    }
}

fn boxed(frame: &mut Frame, rect: Rect, title: &str, theme: &Theme) -> Rect {
    super::clear_popup(frame, rect);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_set(theme.border)
        .title(Span::styled(format!(" {title} "), theme.title));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    inner
}

/// A hit names who called and their number (as the lists show it) at every width.
const HIT_COLUMNS: &[ColumnSpec] = &[
    col(Col::Id, 13, 0, ANY),
    col(Col::TimeShort, 5, 0, 110),
    col(Col::TimeLong, 11, 110, ANY),
    col(Col::Place, 9, 0, 110),
    col(Col::Place, 10, 110, ANY),
    col(Col::Name, 8, 0, ANY),
    col(Col::Phone, 11, 0, ANY),
    col(Col::Summary, 0, 0, ANY),
    col(Col::Status, 8, 0, ANY),
    col(Col::DueIn, 17, 140, ANY),
];

fn draw_search(frame: &mut Frame, body: Rect, app: &App, theme: &Theme) {
    let Some(search) = &app.search else { return };
    let lang = app.lang();
    let rect = centered(body, body.width.saturating_sub(2), body.height);
    let inner = boxed(frame, rect, T::SearchTitle.s(lang), theme);
    if inner.height < 3 {
        return;
    }
    let prompt = format!("{} ", T::SearchPrompt.s(lang));
    let room = (inner.width as usize).saturating_sub(width(&prompt) + 1);
    let (shown, cursor) = search.input.view(room);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(prompt.clone(), theme.label),
            Span::styled(fit(&sanitize_line(&shown), room), theme.input),
        ])),
        Rect { height: 1, ..inner },
    );
    frame.set_cursor_position((inner.x + (width(&prompt) + cursor) as u16, inner.y));
    let count = if search.input.is_empty() {
        String::new()
    } else if search.hits.is_empty() {
        T::SearchNone.s(lang).to_string()
    } else if search.has_more() || search.total > search.hits.len() {
        // The true count, how many are read, and how to read on.
        format!(
            "{} {} · {} {} · {}",
            search.total,
            T::SearchHits.s(lang),
            search.hits.len(),
            T::SearchShown.s(lang),
            T::SearchMore.s(lang)
        )
    } else {
        format!(
            "{} {}",
            search.total.max(search.hits.len()),
            T::SearchHits.s(lang)
        )
    };
    frame.render_widget(
        Paragraph::new(Line::styled(count, theme.dim)),
        Rect::new(inner.x, inner.y + 1, inner.width, 1),
    );
    let mut list = Rect::new(inner.x, inner.y + 2, inner.width, inner.height - 2);
    // The households the text finds, marked and masked, above the hits (at most 3, leaving
    // the hits at least 2 rows).
    let house_rows = search
        .households
        .len()
        .min((list.height as usize).saturating_sub(2));
    if house_rows > 0 {
        let lines: Vec<Line> = search
            .households
            .iter()
            .take(house_rows)
            .map(|h| {
                let mut who = vec![h.room.clone()];
                who.extend(h.owner.clone().or_else(|| h.tenant.clone()));
                who.extend(h.all_phones().next().map(str::to_string));
                let text = format!("{} {}", T::SearchHousehold.s(lang), who.join(" "));
                Line::styled(fit(&sanitize_line(&text), list.width as usize), theme.info)
            })
            .collect();
        frame.render_widget(
            Paragraph::new(lines),
            Rect::new(list.x, list.y, list.width, house_rows as u16),
        );
        list.y += house_rows as u16;
        list.height -= house_rows as u16;
    }
    let cols = layout(HIT_COLUMNS, list.width, list.width);
    let n = list.height as usize;
    app.search_rows.set(n);
    let top = search.selected.saturating_sub(n.saturating_sub(1));
    let lines: Vec<Line> = search
        .hits
        .iter()
        .enumerate()
        .skip(top)
        .take(n)
        .map(|(i, r)| row(r, &cols, i == search.selected, app, theme))
        .chain(search.damaged.iter().map(|d| {
            let entry = crate::store::Entry::Damaged(d.clone());
            entry_row(&entry, &cols, false, app, theme)
        }))
        .take(n)
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
}

/// Lines of the help: what is pressed (or seen), and what it does (or means).
type HelpRows = Vec<(String, &'static str)>;

/// What the marks in the lists mean: the mark as the list shows it, and its meaning.
fn legend(app: &App) -> HelpRows {
    use crate::domain::Urgency;
    let lang = app.lang();
    vec![
        (
            crate::i18n::urgency_mark(Urgency::Overdue).trim().into(),
            T::LegendOverdue.s(lang),
        ),
        (
            crate::i18n::urgency_mark(Urgency::Soon).trim().into(),
            T::LegendSoon.s(lang),
        ),
        (
            super::table::URGENT_MARK.trim().into(),
            T::LegendUrgent.s(lang),
        ),
        (T::Watched.s(lang).trim().into(), T::LegendWatched.s(lang)),
        (
            super::table::repeat_flag(lang).trim().into(),
            T::LegendRepeat.s(lang),
        ),
        (
            crate::i18n::residents::yearly::NOTE_MARK.into(),
            T::LegendHouseholdNote.s(lang),
        ),
        ("XX".into(), T::LegendDamaged.s(lang)),
    ]
}

/// The steps menu: each step with its own keys (learnt on the way) and what it does; the
/// chosen one marked, kept in view.
fn draw_actions(frame: &mut Frame, body: Rect, app: &App, theme: &Theme) {
    let lang = app.lang();
    let rows = app.actions.len() as u16 + 2;
    let rect = centered(
        body,
        body.width.saturating_sub(4).min(90),
        rows.min(body.height),
    );
    let inner = boxed(frame, rect, T::ActionsTitle.s(lang), theme);
    let w = inner.width as usize;
    let key_width = app
        .actions
        .iter()
        .map(|b| width(&keymap::keys_text(b)) + 3)
        .max()
        .unwrap_or(8)
        .min(w / 3);
    let n = inner.height as usize;
    let top = app.action_selected.saturating_sub(n.saturating_sub(1));
    let lines: Vec<Line> = app
        .actions
        .iter()
        .enumerate()
        .skip(top)
        .take(n)
        .map(|(i, b)| {
            let chosen = i == app.action_selected;
            let mark = if chosen { "> " } else { "  " };
            let keys = fit(&format!("{mark}{}", keymap::keys_text(b)), key_width);
            let text = fit(b.help.s(lang), w.saturating_sub(key_width));
            let line = Line::from(vec![Span::styled(keys, theme.key), Span::raw(text)]);
            if chosen {
                line.style(theme.selected)
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

fn draw_help(frame: &mut Frame, body: Rect, app: &App, theme: &Theme) {
    let lang = app.lang();
    let rect = centered(body, body.width.saturating_sub(4).min(100), body.height);
    let inner = boxed(frame, rect, T::HelpTitle.s(lang), theme);
    let w = inner.width as usize;
    // The key column as wide as its widest entry, up to half the box; a longer entry has its
    // line to itself, the text below it. Texts wrap under themselves: nothing is cut.
    // Opened from a view (the reviews, the compiled handover, the yearly callbacks): that
    // view's keys come first, where the help opens.
    let from = Some(app.back_mode()).filter(|m| *m != Mode::List);
    let keys_of = |mode: Mode| -> (T, HelpRows) {
        (
            mode.title(),
            keymap::help(app.keymap, mode)
                .map(|b| (keymap::keys_text(b), b.help.s(lang)))
                .collect(),
        )
    };
    let entries: Vec<(T, HelpRows)> = from
        .map(keys_of)
        .into_iter()
        .chain(std::iter::once((T::LegendTitle, legend(app))))
        .chain(
            Mode::ALL
                .iter()
                .filter(|m| Some(**m) != from)
                .map(|m| keys_of(*m)),
        )
        .collect();
    let widest = entries
        .iter()
        .flat_map(|(_, rows)| rows.iter().map(|(k, _)| width(k) + 3))
        .max()
        .unwrap_or(16);
    let key_width = widest.min(w / 2).max(8);
    let mut lines: Vec<Line> = Vec::new();
    for (title, rows) in entries {
        lines.push(Line::styled(title.s(lang), theme.column_head));
        for (keys, text) in rows {
            let keys = format!("  {keys}");
            let text_lines = super::detail::wrap(text, w.saturating_sub(key_width).max(8));
            let mut text_lines = text_lines.into_iter();
            if width(&keys) < key_width {
                lines.push(Line::from(vec![
                    Span::styled(fit(&keys, key_width), theme.key),
                    Span::raw(text_lines.next().unwrap_or_default()),
                ]));
            } else {
                lines.push(Line::styled(keys, theme.key));
            }
            for rest in text_lines {
                lines.push(Line::raw(format!("{}{rest}", " ".repeat(key_width))));
            }
        }
    }
    lines.push(Line::raw(""));
    for text in super::detail::wrap(T::HelpTextKeys.s(lang), w.max(8)) {
        lines.push(Line::styled(text, theme.dim));
    }
    let max_scroll = lines.len().saturating_sub(inner.height as usize);
    app.help_view.set((max_scroll, inner.height as usize));
    let scroll = app.help_scroll.min(max_scroll);
    if scroll < max_scroll {
        let more = format!(" {} (Down) ", T::More.s(lang));
        let w = width(&more) as u16;
        frame.render_widget(
            Paragraph::new(Line::styled(more, theme.key)),
            Rect::new(rect.right().saturating_sub(w + 2), rect.bottom() - 1, w, 1),
        );
    }
    let lines: Vec<Line> = lines.into_iter().skip(scroll).collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

fn draw_confirm(frame: &mut Frame, body: Rect, app: &App, theme: &Theme, title: T, text: T) {
    let lang = app.lang();
    let text = text.s(lang);
    let rect = centered(body, (width(text) as u16 + 6).min(body.width), 5);
    let inner = boxed(frame, rect, title.s(lang), theme);
    let keys: Vec<Span> = app
        .hints()
        .iter()
        .flat_map(|b| {
            [
                Span::styled(format!(" {}", keymap::keys_text(b)), theme.key),
                Span::raw(format!(" {} ", b.hint.map(|h| h.s(lang)).unwrap_or(""))),
            ]
        })
        .collect();
    frame.render_widget(
        Paragraph::new(vec![
            Line::styled(format!(" {text}"), theme.title),
            Line::raw(""),
            Line::from(keys),
        ]),
        inner,
    );
}
