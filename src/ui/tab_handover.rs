//! Tab 4: the handover (交接班): the current shift and its time left, the compiled draft's
//! figures, the handover record with its notes, a warning while the last shift change is
//! unsigned, and everything open that is overdue, flagged or due before the shift ends.

use super::detail::wrap;
use super::table::list_and_detail;
use super::theme::Theme;
use crate::app::{App, Tab};
use crate::domain::Urgency;
use crate::domain::columns::{ANY, Col, ColumnSpec, col};
use crate::domain::text::{sanitize_block, sanitize_line};
use crate::i18n::tui::T;
use crate::i18n::urgency_mark;
use crate::i18n::{Label, countdown, shift_name};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub(super) const COLUMNS: &[ColumnSpec] = &[
    col(Col::Id, 13, 0, ANY),
    col(Col::TimeLong, 11, 120, ANY),
    col(Col::Place, 9, 0, 120),
    col(Col::Place, 14, 120, ANY),
    col(Col::Summary, 0, 0, ANY),
    col(Col::Status, 10, 0, ANY),
    col(Col::DueName, 13, 100, ANY),
    col(Col::DueIn, 17, 0, ANY),
];

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let lang = app.lang();
    let list = app.list_of(Tab::Shift);
    // The handover's newest note wrapped under its line, up to a quarter of the tab.
    let note = handover_lines(
        app,
        theme,
        area.width as usize,
        (area.height / 4).max(2) as usize,
    );
    let resolved = resolved_line(app, theme, area.width as usize);
    let [summary, body] = Layout::vertical([
        Constraint::Length(3 + resolved.is_some() as u16 + note.len() as u16),
        Constraint::Fill(1),
    ])
    .areas(area);
    let (_, rows) = list.window();
    // The header's counts (one rule, `Store::attention`): the list holds every record they
    // count, and the rest of it is due before the shift ends or watched.
    let (overdue, soon) = app.attention;
    let later = rows
        .len()
        .saturating_sub(overdue.max(0) as usize + soon.max(0) as usize);
    let zone = app.desk.policy.zone;
    let hm = |t: chrono::DateTime<chrono::Utc>| t.with_timezone(&zone).format("%H:%M").to_string();
    let shift = &app.shift;
    let first = Line::from(vec![
        Span::styled(format!(" {} ", T::HandoverShift.s(lang)), theme.label),
        Span::styled(
            format!(
                "{} {}–{}  ",
                shift_name(lang, &shift.name),
                hm(shift.start),
                hm(shift.end)
            ),
            theme.title,
        ),
        Span::styled(format!("{} ", T::ShiftLeft.s(lang)), theme.label),
        Span::styled(
            format!("{}  ", countdown(lang, (shift.end - app.now).num_seconds())),
            theme.title,
        ),
        Span::styled(format!("{} ", T::HandoverOpen.s(lang)), theme.label),
        Span::styled(format!("{}", rows.len()), theme.title),
    ]);
    let second = Line::from(vec![
        Span::raw(" "),
        Span::styled(
            format!(
                "{} {overdue} {}",
                urgency_mark(Urgency::Overdue).trim_end(),
                T::Overdue.s(lang)
            ),
            if overdue > 0 {
                theme.overdue
            } else {
                theme.dim
            },
        ),
        Span::raw("  "),
        Span::styled(
            format!(
                "{} {soon} {}",
                urgency_mark(Urgency::Soon).trim_end(),
                T::Soon.s(lang)
            ),
            if soon > 0 { theme.soon } else { theme.dim },
        ),
        Span::raw(format!("  {later} {}", T::HandoverDueBefore.s(lang))),
    ]);
    frame.render_widget(
        Paragraph::new(
            [first, second, draft_line(app, theme)]
                .into_iter()
                .chain(resolved)
                .chain(note)
                .collect::<Vec<_>>(),
        ),
        summary,
    );
    list_and_detail(frame, body, list, COLUMNS, T::EmptyHandover, app, theme);
}

/// The compiled draft in figures, or the warning that the last shift change is unsigned.
fn draft_line<'a>(app: &App, theme: &Theme) -> Line<'a> {
    let lang = app.lang();
    if let Some(slot) = &app.unsigned_previous {
        let zone = app.desk.policy.zone;
        return Line::from(Span::styled(
            format!(
                " {} {} {} → {} {}",
                urgency_mark(Urgency::Overdue).trim_end(),
                T::DraftNotSigned.s(lang),
                shift_name(lang, &slot.from.name),
                shift_name(lang, &slot.to),
                slot.boundary.with_timezone(&zone).format("%m-%d %H:%M")
            ),
            theme.overdue,
        ));
    }
    let Some(d) = &app.handover_draft else {
        return Line::raw("");
    };
    let mut spans = vec![Span::raw(" ")];
    for (label, n) in [
        (T::DraftWatch, d.watch.len()),
        (T::DraftPaused, d.paused.len()),
        (T::DraftUrgent, d.urgent_repairs.len()),
        (T::DraftComplaints, d.complaints_awaiting_reply.len()),
        (T::DraftCallbacks, d.callbacks_due.len()),
    ] {
        spans.push(Span::styled(format!("{} ", label.s(lang)), theme.label));
        spans.push(Span::styled(format!("{n}  "), theme.title));
    }
    // Passes due to move in the next shift, when there are any.
    if !d.passes.is_empty() {
        spans.push(Span::styled(
            format!("{} ", T::DraftPasses.s(lang)),
            theme.label,
        ));
        spans.push(Span::styled(format!("{}  ", d.passes.len()), theme.title));
    }
    if d.last_handover.is_some() {
        spans.push(Span::styled(
            format!("{} ", T::DraftSinceLast.s(lang)),
            theme.label,
        ));
        spans.push(Span::raw(format!(
            "{} {} {} {} {} {}",
            T::DraftNew.s(lang),
            d.new_since_last.len(),
            T::DraftClosed.s(lang),
            d.closed_since_last.len(),
            T::DraftStill.s(lang),
            d.still_open.len()
        )));
    }
    Line::from(spans)
}

/// What was resolved or closed since the last handover, on one line fitted to `w` columns
/// (the compiled handover, `v`, lists them in full); None when nothing was.
fn resolved_line<'a>(app: &App, theme: &Theme, w: usize) -> Option<Line<'a>> {
    let lang = app.lang();
    let d = app.handover_draft.as_ref()?;
    if d.resolved_since_last.is_empty() {
        return None;
    }
    let label = format!(
        " {} {} ",
        T::DraftResolved.s(lang),
        d.resolved_since_last.len()
    );
    let items: Vec<String> = d
        .resolved_since_last
        .iter()
        .map(|i| {
            let owed = if i.status == crate::domain::record::Status::Resolved.slug() {
                format!(" ({})", T::DraftCallbackOwed.s(lang))
            } else {
                String::new()
            };
            format!("{} {}{owed}", i.id, sanitize_line(&i.summary))
        })
        .collect();
    let room = w.saturating_sub(unicode_width::UnicodeWidthStr::width(label.as_str()));
    Some(Line::from(vec![
        Span::styled(label, theme.label),
        Span::raw(crate::i18n::fit(&items.join(" · "), room)),
    ]))
}

/// The handover of the coming shift change: its record, status and notes (`n` adds one), the
/// newest note wrapped below in `w` columns (its own line breaks kept), at most `rows` lines of
/// it ("…" where it is cut).
fn handover_lines<'a>(app: &App, theme: &Theme, w: usize, rows: usize) -> Vec<Line<'a>> {
    let lang = app.lang();
    let zone = app.desk.policy.zone;
    let slot = &app.handover_slot;
    let mut spans = vec![
        Span::styled(format!(" {} ", T::HandoverRecord.s(lang)), theme.label),
        Span::styled(
            format!(
                "{} → {} {}  ",
                shift_name(lang, &slot.from.name),
                shift_name(lang, &slot.to),
                slot.boundary.with_timezone(&zone).format("%H:%M")
            ),
            theme.title,
        ),
    ];
    let mut note = Vec::new();
    match &app.handover {
        None => spans.push(Span::styled(T::HandoverNone.s(lang), theme.dim)),
        Some(h) => {
            spans.push(Span::raw(format!(
                "{} {} · {} {}",
                h.id,
                h.status.label(lang),
                h.notes.len(),
                T::HandoverNotes.s(lang)
            )));
            if let Some(last) = h.notes.last() {
                let mut text = wrap(&sanitize_block(last), w.saturating_sub(6).max(8));
                if text.len() > rows {
                    text.truncate(rows);
                    if let Some(end) = text.last_mut() {
                        end.push_str(" …");
                    }
                }
                note = text
                    .into_iter()
                    .map(|t| Line::styled(format!("   {t}"), theme.dim))
                    .collect();
            }
        }
    }
    let mut lines = vec![Line::from(spans)];
    lines.extend(note);
    lines
}
