//! The status bar: the last message, then the keys valid now, from the same keymap as the help.

use super::theme::Theme;
use super::width;
use crate::app::App;
use crate::app::keymap::{Binding, Cmd, Mode, When};
use crate::app::keys::KeyCode;
use crate::i18n::Lang;
use crate::i18n::tui::T;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// The key shown for a binding: in Chinese an F-key or Ctrl key first (an input method
/// swallows letters), else the first key.
fn shown_key(binding: &Binding, lang: Lang) -> String {
    let preferred = match lang {
        Lang::Zh if binding.mode == Mode::List => binding
            .keys
            .iter()
            .find(|k| matches!(k.code, KeyCode::F(_)) || k.ctrl),
        _ => None,
    };
    preferred.unwrap_or(&binding.keys[0]).name()
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
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
    let hints = app.hints();
    // Help and quit always show, at the right; the rest in keymap order while they fit.
    let (tail, mut body): (Vec<_>, Vec<_>) = hints
        .into_iter()
        .partition(|b| matches!(b.cmd, Cmd::Help | Cmd::Quit));
    // What only this tab offers (sign, refuse, the notes on the handover) comes first: at 80
    // columns it
    // was the part left out.
    body.sort_by_key(|b| !matches!(b.when, When::OnHandover | When::HandoverStarted));
    let piece = |b: &Binding| -> Vec<Span<'static>> {
        vec![
            Span::styled(format!(" {}", shown_key(b, lang)), theme.key),
            Span::raw(format!(" {} ", b.hint.map(|h| h.s(lang)).unwrap_or(""))),
        ]
    };
    let tail_spans: Vec<Span> = tail.iter().flat_map(|b| piece(b)).collect();
    let tail_width: usize = tail_spans.iter().map(|s| width(&s.content)).sum();
    let mut used: usize = spans.iter().map(|s| width(&s.content)).sum();
    let room = (area.width as usize).saturating_sub(tail_width);
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
    if used + tail_width <= area.width as usize {
        spans.push(Span::raw(" ".repeat(room - used)));
        spans.extend(tail_spans);
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
