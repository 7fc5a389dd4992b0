//! The selected record in full: every field, each deadline with its state, the timeline.
//! Stored text always passes the terminal sanitiser.

use super::theme::Theme;
use super::width;
use crate::app::{App, Detail};
use crate::domain::deadline::{DeadlineState, deadlines};
use crate::domain::record::Change;
use crate::domain::text::{sanitize_block, sanitize_line};
use crate::domain::view::{Fact, Value};
use crate::i18n::tui::T;
use crate::i18n::{Label, countdown, fit, shift_name};
use crate::i18n::{timeline_text, urgency_mark};
use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use unicode_width::UnicodeWidthChar;

/// Break text into lines of at most `w` columns, at spaces where a word fits, anywhere in CJK.
pub fn wrap(text: &str, w: usize) -> Vec<String> {
    let w = w.max(1);
    let mut out = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut used = 0;
        for c in paragraph.chars() {
            let cw = c.width().unwrap_or(0);
            if used + cw > w {
                // Break at the last space if the line has one and the rest is one latin word
                // (with its punctuation: "(15", "owner's", "3-2-1201").
                let cut = if c != ' ' {
                    line.rfind(' ').filter(|&i| i > 0)
                } else {
                    None
                };
                match cut {
                    Some(i) if line[i + 1..].chars().all(|c| c.is_ascii_graphic()) => {
                        let rest = line[i + 1..].to_string();
                        line.truncate(i);
                        out.push(std::mem::take(&mut line));
                        used = width(&rest);
                        line = rest;
                    }
                    _ => {
                        out.push(std::mem::take(&mut line));
                        used = 0;
                    }
                }
                if c == ' ' {
                    continue;
                }
            }
            line.push(c);
            used += cw;
        }
        out.push(line);
    }
    out
}

fn time(app: &App, t: DateTime<Utc>) -> String {
    t.with_timezone(&app.desk.policy.zone)
        .format("%m-%d %H:%M")
        .to_string()
}

fn state_style(state: DeadlineState, theme: &Theme) -> Style {
    match state {
        DeadlineState::Overdue => theme.overdue,
        DeadlineState::Soon => theme.soon,
        DeadlineState::Met => theme.met,
        DeadlineState::Missed | DeadlineState::Paused => theme.dim,
        DeadlineState::Ok => Style::new(),
    }
}

/// The title line of the pane: id, kind, category, urgent, status.
fn title(d: &Detail, app: &App) -> String {
    let lang = app.lang();
    let r = &d.record;
    let mut parts = vec![r.id.to_string(), r.kind().label(lang).to_string()];
    for value in r.rules().title() {
        parts.push(value_text(app, &value));
        if let Value::Urgent(_) = value {
            parts.push(T::Urgent.s(lang).into());
        }
    }
    parts.push(r.status.label(lang).into());
    format!(" {} ", parts.join(" · "))
}

/// A fact's value as the desk shows it (an urgent mark is the caller's).
fn value_text(app: &App, value: &Value) -> String {
    let lang = app.lang();
    match value {
        Value::Text(text) => text.clone(),
        Value::Time(t) => time(app, *t),
        Value::Choice(c) | Value::Urgent(c) => c.label(lang).into(),
        Value::Report {
            at,
            to,
            role,
            how,
            answer,
        } => format!(
            "{} {}",
            time(app, *at),
            crate::i18n::report_text(to, role, *how, answer.as_deref(), lang)
        ),
        Value::Verified(by, checked) => crate::i18n::verified_text(*by, checked, lang),
        Value::IdNumber { masked, whole } => crate::i18n::id_text(masked, whole.as_deref()),
        Value::Check { area, item, repair } => {
            crate::i18n::inspection::check_text(area, item, *repair, &app.desk.policy.areas, lang)
        }
        Value::ShiftChange { from, to, at } => {
            let change = format!("{} → {}", shift_name(lang, from), shift_name(lang, to));
            match at {
                Some(at) => format!("{change} {}", time(app, *at)),
                None => change,
            }
        }
    }
}

/// Label/value pairs laid out greedily on lines of `w` columns.
fn pairs<'a>(items: &[(&'static str, String)], w: usize, theme: &Theme) -> Vec<Line<'a>> {
    let mut lines = Vec::new();
    let mut spans: Vec<Span> = Vec::new();
    let mut used = 0;
    for (label, value) in items {
        let label = format!("{label} ");
        let value = sanitize_line(value).into_owned();
        let need = width(&label) + width(&value) + 2;
        if used > 0 && used + need > w {
            lines.push(Line::from(std::mem::take(&mut spans)));
            used = 0;
        }
        spans.push(Span::styled(label, theme.label));
        spans.push(Span::raw(format!("{value}  ")));
        used += need;
    }
    if !spans.is_empty() {
        lines.push(Line::from(spans));
    }
    lines
}

fn facts<'a>(d: &Detail, w: usize, app: &App, theme: &Theme) -> Vec<Line<'a>> {
    let lang = app.lang();
    let r = &d.record;
    let n = &r.new;
    let mut lines = Vec::new();
    let mut items: Vec<(&'static str, String)> = vec![(
        T::Received.s(lang),
        format!("{} ({})", time(app, r.received_at), r.created_by),
    )];
    let phone = n.phone.as_deref().map(|p| app.shown_phone(p).into_owned());
    for (label, value) in [
        (T::FieldRoom.s(lang), &n.room),
        (T::FieldLocation.s(lang), &n.location),
        (r.rules().name_field().label(lang), &n.name),
        (T::FieldPhone.s(lang), &phone),
    ] {
        if let Some(v) = value {
            items.push((label, v.clone()));
        }
    }
    let facts = if app.reveals_personal_data() {
        r.rules().desk_facts_revealed()
    } else {
        r.rules().desk_facts()
    };
    for Fact { label, value } in facts {
        items.push((label.label(lang), value_text(app, &value)));
    }
    if let Some(earlier) = r.repeat_of {
        items.push((T::Repeat.s(lang), earlier.to_string()));
    }
    if let Some(later) = r.linked_text(crate::domain::links::LinkRel::RepeatedBy) {
        items.push((T::RepeatedBy.s(lang), later));
    }
    for rel in [
        crate::domain::links::LinkRel::FollowUpOf,
        crate::domain::links::LinkRel::FollowUp,
        crate::domain::links::LinkRel::FromInspection,
        crate::domain::links::LinkRel::FoundIn,
    ] {
        if let Some(ids) = r.linked_text(rel) {
            items.push((crate::i18n::link_label(rel, lang), ids));
        }
    }
    if let Some(last) = r.callback_tries.last() {
        items.push((
            T::CallbackTries.s(lang),
            format!("{} ({})", r.callback_tries.len(), time(app, last.at)),
        ));
    }
    if let Some(cb) = &r.callback {
        items.push((
            T::FormCallback.s(lang),
            format!("{} {}", cb.form.label(lang), cb.satisfaction.label(lang)),
        ));
    }
    if let Some(v) = &r.voided {
        lines.push(Line::styled(
            format!(
                "{} — {}: {} ({}, {})",
                T::Voided.s(lang),
                T::VoidReason.s(lang),
                sanitize_line(&v.reason),
                sanitize_line(&v.by),
                time(app, v.at)
            ),
            theme.error,
        ));
    }
    if let Some(p) = r.paused_at(app.now) {
        // Who paused it and when are on the timeline: the reason and the resume come first.
        lines.push(Line::styled(
            sanitize_line(&crate::i18n::paused_text(p, lang, app.desk.policy.zone)).into_owned(),
            theme.info,
        ));
    }
    if let Some(watch) = &r.watch {
        lines.push(Line::from(vec![
            Span::styled(format!("{} ", T::WatchLabel.s(lang)), theme.soon),
            Span::styled(
                format!(
                    "{} ({}, {})",
                    sanitize_line(&watch.instruction),
                    sanitize_line(&watch.by),
                    time(app, watch.at)
                ),
                theme.title,
            ),
        ]));
    }
    lines.extend(pairs(&items, w, theme));
    let label = format!("{} ", T::FieldSummary.s(lang));
    let body = wrap(
        &sanitize_block(&crate::i18n::inspection::summary_text(r, lang)),
        w.saturating_sub(width(&label)).max(8),
    );
    for (i, text) in body.into_iter().enumerate() {
        let head = if i == 0 {
            Span::styled(label.clone(), theme.label)
        } else {
            Span::raw(" ".repeat(width(&label)))
        };
        lines.push(Line::from(vec![head, Span::styled(text, theme.title)]));
    }
    lines
}

fn deadline_lines<'a>(d: &Detail, w: usize, app: &App, theme: &Theme) -> Vec<Line<'a>> {
    let lang = app.lang();
    let all = deadlines(&d.record, &app.desk.policy);
    let mut lines = Vec::new();
    let mut closed: Vec<Span> = Vec::new();
    for dl in &all {
        let state = dl.state(app.now);
        let style = state_style(state, theme);
        if dl.is_open() {
            let mark = urgency_mark(state.urgency());
            let left = if state == DeadlineState::Paused {
                String::new()
            } else {
                countdown(lang, (dl.due - app.now).num_seconds())
            };
            let text = format!(
                "{mark} {} {} {} {left}",
                fit(dl.name.label(lang), 10),
                time(app, dl.due),
                fit(state.label(lang), 8),
            );
            lines.push(Line::styled(fit(&text, w).trim_end().to_string(), style));
        } else {
            closed.push(Span::styled(
                format!("{} {}  ", dl.name.label(lang), state.label(lang),),
                style,
            ));
        }
    }
    if !closed.is_empty() {
        let mut spans = vec![Span::raw("   ")];
        spans.extend(closed);
        lines.push(Line::from(spans));
    }
    if !lines.is_empty() {
        lines.insert(0, Line::styled(T::Deadlines.s(lang), theme.column_head));
    }
    lines
}

/// Each event of the timeline as its lines: the time and operator, then what happened, wrapped
/// under itself (a note's own line breaks kept, each line sanitised).
fn timeline_lines<'a>(d: &Detail, w: usize, app: &App, theme: &Theme) -> Vec<Vec<Line<'a>>> {
    let lang = app.lang();
    d.events
        .iter()
        .map(|e| {
            let what = match &e.change {
                Change::Created(_) => T::Created.s(lang).to_string(),
                Change::Action(a) => timeline_text(&d.record, a, lang, &app.desk.policy),
            };
            let late = if e.written_at != e.at {
                format!(" ({} {})", T::Written.s(lang), time(app, e.written_at))
            } else {
                String::new()
            };
            let head = format!(
                "{} {} ",
                time(app, e.at),
                fit(&sanitize_line(&e.operator), 8)
            );
            let indent = width(&head);
            let text = wrap(
                &sanitize_block(&format!("{what}{late}")),
                w.saturating_sub(indent).max(8),
            );
            text.into_iter()
                .enumerate()
                .map(|(i, t)| {
                    let lead = if i == 0 {
                        Span::styled(head.clone(), theme.dim)
                    } else {
                        Span::raw(" ".repeat(indent))
                    };
                    Line::from(vec![lead, Span::raw(t)])
                })
                .collect()
        })
        .collect()
}

/// Keep the newest events that fit in `room` lines, whole where they can be (with a line saying
/// how many were left out).
fn fit_timeline<'a>(
    events: Vec<Vec<Line<'a>>>,
    room: usize,
    app: &App,
    theme: &Theme,
) -> Vec<Line<'a>> {
    if room == 0 {
        return Vec::new();
    }
    let total: usize = events.iter().map(Vec::len).sum();
    if total < room {
        let mut out = vec![Line::styled(T::Timeline.s(app.lang()), theme.column_head)];
        out.extend(events.into_iter().flatten());
        return out;
    }
    let keep = room.saturating_sub(1);
    let mut kept: Vec<Vec<Line>> = Vec::new();
    let mut used = 0;
    for mut event in events.iter().rev().cloned() {
        if used + event.len() > keep {
            // The newest event is shown even when it alone is longer than the room.
            if kept.is_empty() && keep > 0 {
                event.truncate(keep);
                if let Some(last) = event.last_mut() {
                    last.spans.push(Span::styled(" …", theme.dim));
                }
                kept.push(event);
            }
            break;
        }
        used += event.len();
        kept.push(event);
    }
    let dropped = events.len() - kept.len();
    let mut out = vec![Line::styled(
        format!(
            "{} (… {dropped} {})",
            T::Timeline.s(app.lang()),
            T::Earlier.s(app.lang())
        ),
        theme.column_head,
    )];
    out.extend(kept.into_iter().rev().flatten());
    out
}

/// The whole timeline, every event, for the zoomed detail that scrolls.
fn full_timeline<'a>(events: Vec<Vec<Line<'a>>>, app: &App, theme: &Theme) -> Vec<Line<'a>> {
    let mut out = vec![Line::styled(T::Timeline.s(app.lang()), theme.column_head)];
    out.extend(events.into_iter().flatten());
    out
}

/// The zoomed detail: everything, scrolled by the reader (PgUp/PgDn/Home/End), within its end.
/// Columns of lines side by side scroll together; the title says where the page is.
fn draw_scrolled<'a>(
    frame: &mut Frame,
    block: Block<'a>,
    area: Rect,
    columns: Vec<(Rect, Vec<Line<'a>>)>,
    app: &App,
    theme: &Theme,
) {
    let inner = block.inner(area);
    let h = inner.height as usize;
    let longest = columns.iter().map(|(_, l)| l.len()).max().unwrap_or(0);
    let last = longest.saturating_sub(h);
    let top = app.detail_scroll.min(last);
    app.detail_view.set((last, h.max(1)));
    let block = if last > 0 {
        let more = if top < last {
            T::DetailMore.s(app.lang())
        } else {
            T::DetailEnd.s(app.lang())
        };
        block.title_top(
            Line::styled(
                format!(" {}-{}/{longest} {more} ", top + 1, (top + h).min(longest)),
                theme.dim,
            )
            .right_aligned(),
        )
    } else {
        block
    };
    frame.render_widget(block, area);
    for (rect, lines) in columns {
        frame.render_widget(Paragraph::new(lines).scroll((top as u16, 0)), rect);
    }
}

/// `side`: beside the list (a border on the left), else below it (a rule on top).
pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme, side: bool) {
    let borders = if side { Borders::LEFT } else { Borders::TOP };
    let Some(d) = app.detail.as_ref() else {
        let block = Block::new()
            .borders(borders)
            .border_set(theme.border)
            .border_style(theme.dim);
        // A row whose history cannot be read: say which and why, not "no record selected".
        let text = match app.list().selected_entry().and_then(|e| e.damaged()) {
            Some(d) => Line::styled(
                format!(
                    "  {} {}: {}. {}",
                    crate::domain::text::sanitize_line(&d.id),
                    T::DamagedRow.s(app.lang()),
                    crate::domain::text::sanitize_line(&crate::i18n::tui::damage_reason(
                        app.lang(),
                        &d.reason
                    )),
                    T::DamagedHelp.s(app.lang())
                ),
                theme.overdue,
            ),
            None => Line::styled(format!("  {}", T::NoSelection.s(app.lang())), theme.dim),
        };
        frame.render_widget(
            Paragraph::new(text)
                .wrap(ratatui::widgets::Wrap { trim: false })
                .block(block),
            area,
        );
        return;
    };
    let (style, _) = super::table::row_style(&d.record, app, theme);
    let block = Block::new()
        .borders(borders)
        .border_set(theme.border)
        .border_style(theme.dim)
        .title(Span::styled(
            title(d, app),
            theme
                .title
                .patch(style)
                .remove_modifier(ratatui::style::Modifier::DIM),
        ));
    let inner = block.inner(area);
    let two_columns = inner.width >= 110;
    if app.zoom {
        let columns = if two_columns {
            let [left, right] = Layout::horizontal([Constraint::Fill(3), Constraint::Fill(2)])
                .spacing(2)
                .areas(inner);
            let w = left.width as usize;
            let mut lines = facts(d, w, app, theme);
            lines.extend(deadline_lines(d, w, app, theme));
            let events = timeline_lines(d, right.width as usize, app, theme);
            vec![(left, lines), (right, full_timeline(events, app, theme))]
        } else {
            let w = inner.width as usize;
            let mut lines = facts(d, w, app, theme);
            lines.extend(deadline_lines(d, w, app, theme));
            let events = timeline_lines(d, w, app, theme);
            lines.extend(full_timeline(events, app, theme));
            vec![(inner, lines)]
        };
        draw_scrolled(frame, block, area, columns, app, theme);
        return;
    }
    frame.render_widget(block, area);
    if two_columns {
        let [left, right] = Layout::horizontal([Constraint::Fill(3), Constraint::Fill(2)])
            .spacing(2)
            .areas(inner);
        let w = left.width as usize;
        let mut lines = facts(d, w, app, theme);
        lines.extend(deadline_lines(d, w, app, theme));
        frame.render_widget(Paragraph::new(lines), left);
        let events = timeline_lines(d, right.width as usize, app, theme);
        let events = fit_timeline(events, right.height as usize, app, theme);
        frame.render_widget(Paragraph::new(events), right);
        return;
    }
    let w = inner.width as usize;
    let h = inner.height as usize;
    let mut lines = facts(d, w, app, theme);
    let dls = deadline_lines(d, w, app, theme);
    // The deadlines matter more than the end of a long summary (Enter shows it all).
    let room_for_facts = h.saturating_sub(dls.len()).max(2);
    if lines.len() > room_for_facts {
        lines.truncate(room_for_facts);
        if let Some(last) = lines.last_mut() {
            last.spans.push(Span::styled(" …", theme.dim));
        }
    }
    lines.extend(dls);
    let room = h.saturating_sub(lines.len());
    lines.extend(fit_timeline(
        timeline_lines(d, w, app, theme),
        room,
        app,
        theme,
    ));
    frame.render_widget(Paragraph::new(lines), inner);
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wraps_by_display_width() {
        assert_eq!(
            wrap("电梯停在12楼两人被困", 8),
            vec!["电梯停在", "12楼两人", "被困"]
        );
        assert_eq!(wrap("the lift stopped", 10), vec!["the lift", "stopped"]);
        assert_eq!(wrap("a\nb", 10), vec!["a", "b"]);
        assert_eq!(wrap("owner (15 min)", 8), vec!["owner", "(15 min)"]);
    }
}
