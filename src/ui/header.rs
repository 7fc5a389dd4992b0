//! The header (estate, shift, operator, clock, read-only, overdue/soon counts) and the tab bar
//! (with the filter being typed).

use super::theme::Theme;
use super::width;
use crate::app::keymap::Mode;
use crate::app::{App, Tab};
use crate::domain::Urgency;
use crate::i18n::countdown;
use crate::i18n::tui::T;
use crate::i18n::urgency_mark;
use crate::i18n::{estate_name, shift_name};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

fn local_hm(app: &App, t: chrono::DateTime<chrono::Utc>) -> String {
    t.with_timezone(&app.desk.policy.zone)
        .format("%H:%M")
        .to_string()
}

/// What the header says of the company push: nothing while it goes well.
fn company_push_words(state: crate::company::background::PushState) -> Option<T> {
    use crate::company::background::PushState;
    match state {
        PushState::Fine => None,
        PushState::Failing => Some(T::CompanyPushFailing),
        PushState::Refused => Some(T::CompanyPushRefused),
    }
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let lang = app.lang();
    let mut right = attention(app, theme);
    if app.read_only.is_some() {
        right.push(Span::styled(" ", theme.header));
        right.push(Span::styled(
            format!(" {} ", T::ReadOnly.s(lang)),
            theme.read_only,
        ));
    }
    let failing = app
        .notify_failing
        .as_ref()
        .map_or(0, |n| n.load(std::sync::atomic::Ordering::Relaxed));
    if failing > 0 {
        right.push(Span::styled(" ", theme.header));
        right.push(Span::styled(
            format!(" {} {failing} ", T::NotifyFailing.s(lang)),
            theme.error.add_modifier(ratatui::style::Modifier::REVERSED),
        ));
    }
    if let Some(words) = app
        .company_push
        .as_ref()
        .and_then(|s| company_push_words(s.get()))
    {
        right.push(Span::styled(" ", theme.header));
        right.push(Span::styled(
            format!(" {} ", words.s(lang)),
            theme.error.add_modifier(ratatui::style::Modifier::REVERSED),
        ));
    }
    if app.file_changed.is_some() {
        right.push(Span::styled(" ", theme.header));
        right.push(Span::styled(
            format!(" {} ", T::FileLost.s(lang)),
            theme.error.add_modifier(ratatui::style::Modifier::REVERSED),
        ));
    }
    let local = app.now.with_timezone(&app.desk.policy.zone);
    right.push(Span::styled(
        format!(" {} ", local.format("%m-%d %H:%M")),
        theme.header.add_modifier(ratatui::style::Modifier::BOLD),
    ));
    let right_width: usize = right.iter().map(|s| width(&s.content)).sum();
    let shift = &app.shift;
    let shift_text = format!(
        "{} {}–{} ({} {})",
        shift_name(lang, &shift.name),
        local_hm(app, shift.start),
        local_hm(app, shift.end),
        T::ShiftLeft.s(lang),
        countdown(lang, (shift.end - app.now).num_seconds()),
    );
    let operator = format!(
        "{} {}",
        T::Operator.s(lang),
        crate::domain::text::sanitize_line(&app.desk.operator)
    );
    let room = (area.width as usize).saturating_sub(right_width);
    let estate =
        crate::domain::text::sanitize_line(&estate_name(lang, &app.desk.config.estate)).to_string();
    let bar = format!(" {} ", theme.bar);
    let short_shift = format!(
        "{} {}–{}",
        shift_name(lang, &shift.name),
        local_hm(app, shift.start),
        local_hm(app, shift.end)
    );
    let name = crate::domain::text::sanitize_line(&app.desk.operator).to_string();
    // Narrower screens drop the time left, then the "on duty" label, then the shift's start
    // (its end, the handover, stays), then its hours (the name stays; the clock is on the
    // right), and only then shorten the estate: the estate gets what the rest can give (at 80
    // columns the English words are the longer).
    let shift_only = shift_name(lang, &shift.name);
    let candidates = [
        format!("{bar}{shift_text}{bar}{operator}"),
        format!("{bar}{short_shift}{bar}{operator}"),
        format!("{bar}{short_shift}{bar}{name}"),
        format!("{bar}{shift_only} –{}{bar}{name}", local_hm(app, shift.end)),
        format!("{bar}{shift_only}{bar}{name}"),
    ];
    let left = candidates
        .iter()
        .map(|rest| format!(" {estate}{rest}"))
        .find(|l| width(l) <= room)
        .unwrap_or_else(|| {
            let rest = &candidates[candidates.len() - 1];
            let estate_room = room.saturating_sub(width(rest) + 1).max(4);
            format!(
                " {}{rest}",
                crate::i18n::fit(&estate, estate_room).trim_end()
            )
        });
    let mut spans = vec![Span::styled(
        crate::i18n::fit(&left, room),
        theme.header.add_modifier(ratatui::style::Modifier::BOLD),
    )];
    spans.extend(right);
    frame.render_widget(Paragraph::new(Line::from(spans)).style(theme.header), area);
}

pub fn draw_tabs(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let lang = app.lang();
    let mut spans = Vec::new();
    let mut x = area.x;
    let mut tabs = Vec::new();
    // With a filter or a view named after the tabs, the other tabs shrink to their numbers when
    // their titles would leave that text fewer than 12 columns.
    let list = app.list();
    let trailing =
        app.mode == Mode::Filter || list.callbacks_due || !list.filter.value().trim().is_empty();
    let full: usize = Tab::all()
        .iter()
        .map(|t| width(&format!(" {} {} ", t.index() + 1, t.title(lang))) + 1)
        .sum();
    let compact = trailing && full + 12 + 10 > area.width as usize;
    for &tab in Tab::all() {
        let style = if tab == app.tab {
            theme.tab_active
        } else {
            theme.tab
        };
        let label = match compact && tab != app.tab {
            true => format!(" {} ", tab.index() + 1),
            false => format!(" {} {} ", tab.index() + 1, tab.title(lang)),
        };
        let w = (width(&label) as u16).min(area.right().saturating_sub(x));
        tabs.push((
            crate::app::mouse::Area {
                x,
                y: area.y,
                width: w,
                height: 1,
            },
            tab.index(),
        ));
        x += w + 1;
        spans.push(Span::styled(label, style));
        spans.push(Span::raw(" "));
    }
    app.clickable.borrow_mut().tabs = tabs;
    let typing = app.mode == Mode::Filter;
    if list.callbacks_due {
        spans.push(Span::styled(
            format!("{} {} ", theme.bar, T::CallbacksDueView.s(lang)),
            theme.label,
        ));
    }
    let used: usize = spans.iter().map(|s| width(&s.content)).sum();
    if typing || !list.filter.value().trim().is_empty() {
        let label = format!("{} {} ", theme.bar, T::Filter.s(lang));
        let room = (area.width as usize).saturating_sub(used + width(&label) + 1);
        let (shown, cursor) = list.filter.view(room.max(1));
        let shown = crate::domain::text::sanitize_line(&shown).to_string();
        let x = area.x + (used + width(&label)) as u16;
        spans.push(Span::styled(label, theme.label));
        spans.push(Span::styled(
            crate::i18n::fit(&shown, room),
            if typing { theme.input } else { theme.title },
        ));
        if typing {
            frame.set_cursor_position((x + cursor as u16, area.y));
        }
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// "!! 3 overdue  ! 5 soon", styled by whether there are any: the header's right side, and all
/// a window too small for the desk still shows.
pub fn attention(app: &App, theme: &Theme) -> Vec<Span<'static>> {
    let lang = app.lang();
    let (overdue, soon) = app.attention;
    let style = |n: i64, hot| if n > 0 { hot } else { theme.header };
    vec![
        Span::styled(
            format!(
                " {} {overdue} {} ",
                urgency_mark(Urgency::Overdue).trim_end(),
                T::Overdue.s(lang)
            ),
            style(overdue, theme.header_overdue),
        ),
        Span::styled(" ", theme.header),
        Span::styled(
            format!(
                " {} {soon} {} ",
                urgency_mark(Urgency::Soon).trim_end(),
                T::Soon.s(lang)
            ),
            style(soon, theme.header_soon),
        ),
    ]
}
