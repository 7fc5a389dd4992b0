//! The status bar: the last message, then the keys valid now, from the same keymap as the help.

use super::theme::Theme;
use super::width;
use crate::app::App;
use crate::app::keymap::{Binding, Cmd, When};
use crate::app::keys::KeyCode;
use crate::i18n::Lang;
use crate::i18n::tui::T;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// The key shown for a binding: in Chinese an F-key or Ctrl key first (an input method
/// swallows letters, in every view: the list, the reviews, a confirmation), else the first key.
fn shown_key(binding: &Binding, lang: Lang) -> String {
    let preferred = match lang {
        Lang::Zh => binding
            .keys
            .iter()
            .find(|k| matches!(k.code, KeyCode::F(_)) || k.ctrl),
        _ => None,
    };
    preferred.unwrap_or(&binding.keys[0]).name()
}

/// What the status bar says before the keys: a file that changed under the desk, records
/// added above, the last message.
fn notices(app: &App, theme: &Theme) -> Vec<Span<'static>> {
    let lang = app.lang();
    let mut spans: Vec<Span> = Vec::new();
    // Said for as long as it lasts, before any passing message.
    if let Some(change) = app.file_changed {
        let text = crate::app::file_changed_text(change).s(lang);
        spans.push(Span::styled(format!(" {text} "), theme.error));
    }
    // Records another desk added above a selection scrolled down: said until it goes up.
    let list = app.list();
    if list.new_above() > 0 && list.selected_index() > 0 {
        let n = list.new_above();
        let plus = if n >= crate::app::list::NEW_ABOVE_MAX {
            "+"
        } else {
            ""
        };
        let text = format!(" ↑ {n}{plus} {} ", T::NewAbove.s(lang));
        spans.push(Span::styled(text, theme.info));
    }
    if let Some(message) = &app.message {
        let (style, text) = if message.error {
            (
                theme.error,
                format!(" {} {} ", T::ErrorPrefix.s(lang), message.text),
            )
        } else {
            (theme.info, format!(" {} ", message.text))
        };
        spans.push(Span::styled(
            crate::domain::text::sanitize_line(&text).to_string(),
            style,
        ));
    }
    spans
}

/// The keys valid now, in `width` columns after `used` columns of notices.
fn keys(app: &App, theme: &Theme, columns: usize, used: usize) -> Vec<Span<'static>> {
    let lang = app.lang();
    let mut spans: Vec<Span> = Vec::new();
    let hints = app.hints();
    // Help and quit always show, at the right; the rest in keymap order while they fit.
    let (tail, mut body): (Vec<_>, Vec<_>) = hints
        .into_iter()
        .partition(|b| matches!(b.cmd, Cmd::Help | Cmd::Quit));
    // What only this tab offers (sign, refuse, the notes on the handover, the compiled handover)
    // comes first: at 80 columns it was the part left out.
    body.sort_by_key(|b| {
        !matches!(
            b.when,
            When::OnHandover | When::HandoverStarted | When::OnShiftTab
        )
    });
    let piece = |b: &Binding| -> Vec<Span<'static>> {
        vec![
            Span::styled(format!(" {}", shown_key(b, lang)), theme.key),
            Span::raw(format!(" {} ", b.hint.map(|h| h.s(lang)).unwrap_or(""))),
        ]
    };
    let tail_spans: Vec<Span> = tail.iter().flat_map(|b| piece(b)).collect();
    let tail_width: usize = tail_spans.iter().map(|s| width(&s.content)).sum();
    let mut used = used;
    let room = columns.saturating_sub(tail_width);
    for b in body {
        let p = piece(b);
        let w: usize = p.iter().map(|s| width(&s.content)).sum();
        // One that does not fit is left out; a shorter one after it may still fit.
        if used + w > room {
            continue;
        }
        used += w;
        spans.extend(p);
    }
    if used + tail_width <= columns {
        spans.push(Span::raw(" ".repeat(room - used)));
        spans.extend(tail_spans);
    }
    spans
}

fn spans_width(spans: &[Span]) -> usize {
    spans.iter().map(|s| width(&s.content)).sum()
}

/// The status bar's rows at `columns`: one, or more when a message and the keys do not fit
/// together (the message then has its own rows, at most two, above the keys, which stay whole).
pub fn height(app: &App, columns: u16) -> u16 {
    let theme = Theme::mono();
    let notices = spans_width(&notices(app, &theme));
    if notices == 0 {
        return 1;
    }
    let shown = |used| -> Vec<String> {
        keys(app, &theme, columns as usize, used)
            .into_iter()
            .map(|s| s.content.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    };
    if shown(notices) == shown(0) {
        return 1;
    }
    // The message on rows of its own (at most two), wrapped; the keys below.
    let columns = (columns as usize).max(1);
    1 + notices.div_ceil(columns).clamp(1, 2) as u16
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let notices = notices(app, theme);
    let w = area.width as usize;
    if area.height >= 2 && !notices.is_empty() {
        let [top, bottom] = ratatui::layout::Layout::vertical([
            ratatui::layout::Constraint::Length(area.height - 1),
            ratatui::layout::Constraint::Length(1),
        ])
        .areas(area);
        frame.render_widget(
            Paragraph::new(Line::from(notices)).wrap(ratatui::widgets::Wrap { trim: false }),
            top,
        );
        frame.render_widget(Paragraph::new(Line::from(keys(app, theme, w, 0))), bottom);
        return;
    }
    let used = spans_width(&notices);
    let mut spans = notices;
    spans.extend(keys(app, theme, w, used));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
