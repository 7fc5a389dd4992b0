//! The record table shared by the tabs: columns chosen by screen width, one row per record,
//! urgency as colour and as a marker (`!!` overdue, `!` soon), the selection as `>` and
//! reverse video. Also the list + detail layout every record tab uses.

use super::theme::Theme;
use super::{detail, fitted};
use crate::app::App;
use crate::app::list::RecordList;
use crate::domain::columns::{Col, ColumnSpec};
use crate::domain::deadline::{deadlines, next_open, urgency};
use crate::domain::text::sanitize_line;
use crate::domain::time::list_time;
use crate::domain::{Record, Urgency};
use crate::i18n::tui::T;
use crate::i18n::urgency_mark;
use crate::i18n::{Label, due_cell};
use crate::store::Entry;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Width of the selection pointer and urgency marker in front of every row.
const MARK: usize = 4;

fn heading(col: Col) -> T {
    match col {
        Col::Id => T::ColId,
        Col::TimeShort | Col::TimeLong => T::ColTime,
        Col::Place => T::ColPlace,
        Col::Location => T::FieldLocation,
        Col::Summary => T::ColSummary,
        Col::Status => T::ColStatus,
        Col::DueIn => T::ColDueIn,
        Col::DueName => T::ColDue,
        Col::Category => T::ColCategory,
        Col::Channel => T::ColChannel,
        Col::Name => T::ColName,
        Col::Phone => T::ColPhone,
        Col::Technician => T::ColTechnician,
        Col::By => T::ColBy,
        Col::MovingAt => T::FieldMovingAt,
    }
}

/// The columns shown in `width` columns, each with its width (the summary takes the rest).
pub fn layout(specs: &[ColumnSpec], screen: u16, width: u16) -> Vec<(Col, usize)> {
    let shown: Vec<&ColumnSpec> = specs
        .iter()
        .filter(|s| screen >= s.from && screen < s.until)
        .collect();
    let fixed: usize = shown
        .iter()
        .filter(|s| s.col != Col::Summary)
        .map(|s| s.width as usize + 1)
        .sum();
    let rest = (width as usize).saturating_sub(MARK + fixed + 1).max(8);
    shown
        .iter()
        .map(|s| {
            let w = if s.col == Col::Summary {
                rest
            } else {
                s.width as usize
            };
            (s.col, w)
        })
        .collect()
}

/// A record's cell `width` columns wide; `named`: the deadline's name has a column.
fn cell(col: Col, record: &Record, app: &App, width: usize, named: bool) -> String {
    let lang = app.lang();
    let zone = app.desk.policy.zone;
    let n = &record.new;
    let opt = |v: &Option<String>| sanitize_line(v.as_deref().unwrap_or("")).into_owned();
    match col {
        Col::Id => record.id.to_string(),
        Col::TimeShort | Col::TimeLong => list_time(record.received_at, app.now, zone, width),
        Col::Place => opt(if n.room.is_some() {
            &n.room
        } else {
            &n.location
        }),
        Col::Location => opt(&n.location),
        Col::Summary => {
            let repeat = if record.repeat_of.is_some() {
                repeat_flag(lang)
            } else {
                ""
            };
            let flag = if record.watch.is_some() {
                T::Watched.s(lang)
            } else {
                ""
            };
            let paused = if record.paused_at(app.now).is_some() {
                T::PausedMark.s(lang)
            } else {
                ""
            };
            let summary = crate::i18n::inspection::summary_text(record, lang);
            format!("{flag}{paused}{repeat}{}", sanitize_line(&summary))
        }
        Col::Status => record.status.label(lang).to_string(),
        Col::DueIn | Col::DueName => {
            let all = deadlines(record, &app.desk.policy);
            let paused = all
                .iter()
                .any(|d| d.state(app.now) == crate::domain::DeadlineState::Paused);
            match next_open(&all) {
                _ if paused && col == Col::DueIn => T::PausedDue.s(lang).to_string(),
                // Named here unless a column of its own names it.
                Some(d) if col == Col::DueIn => due_cell(
                    lang,
                    (!named).then(|| d.name.label(lang)),
                    (d.due - app.now).num_seconds(),
                    width,
                ),
                Some(d) => d.name.label(lang).to_string(),
                None => String::new(),
            }
        }
        Col::Category => {
            let urgent = if record.is_urgent() { URGENT_MARK } else { "" };
            format!("{urgent}{}", record.rules().category().label(lang))
        }
        Col::Channel => record
            .rules()
            .channel()
            .map(|c| c.label(lang).to_string())
            .unwrap_or_default(),
        Col::Name => opt(&n.name),
        Col::Phone => opt(&n.phone.as_deref().map(|p| app.shown_phone(p).into_owned())),
        Col::Technician => sanitize_line(record.assignee().unwrap_or("")).into_owned(),
        Col::By => sanitize_line(&record.created_by).into_owned(),
        Col::MovingAt => record
            .rules()
            .moves_at()
            .map(|t| t.with_timezone(&zone).format("%m-%d %H:%M").to_string())
            .unwrap_or_default(),
    }
}

/// The style of a record's row: by its worst open deadline, or dimmed when voided.
pub fn row_style(record: &Record, app: &App, theme: &Theme) -> (Style, Urgency) {
    let u = urgency(&deadlines(record, &app.desk.policy), app.now);
    let style = if record.is_voided() {
        theme.voided
    } else {
        match u {
            Urgency::Overdue => theme.overdue,
            Urgency::Soon => theme.soon,
            _ => Style::new(),
        }
    };
    (style, u)
}

/// One record as a table row.
pub fn row<'a>(
    record: &Record,
    cols: &[(Col, usize)],
    selected: bool,
    app: &App,
    theme: &Theme,
) -> Line<'a> {
    let (mut style, u) = row_style(record, app, theme);
    if selected {
        style = style.patch(theme.selected);
    }
    let pointer = if selected { ">" } else { " " };
    let mut spans = vec![Span::styled(
        format!("{pointer}{} ", urgency_mark(u)),
        style,
    )];
    // Urgent is marked at every width: where the category column is cut, on the summary.
    let urgent_unseen = record.is_urgent() && !cols.iter().any(|(c, _)| *c == Col::Category);
    let named = cols.iter().any(|(c, _)| *c == Col::DueName);
    for (c, w) in cols {
        let text = cell(*c, record, app, *w, named);
        let text = match c {
            Col::Summary if urgent_unseen => format!("{URGENT_MARK}{text}"),
            _ => text,
        };
        spans.push(fitted(&text, *w, style));
        spans.push(Span::styled(" ", style));
    }
    Line::from(spans)
}

/// Before an urgent repair's category (or its summary where the category is not shown).
pub(super) const URGENT_MARK: &str = "* ";

/// Before the summary of a record that repeats an earlier one.
pub(super) fn repeat_flag(lang: crate::i18n::Lang) -> &'static str {
    lang.pick("[repeat] ", "[重复] ")
}

/// A row as the table shows it: a record, or one whose history cannot be read, in its place,
/// by its id, marked `XX` and told to run `dutydesk verify` (not by colour alone).
pub fn entry_row<'a>(
    entry: &Entry,
    cols: &[(Col, usize)],
    selected: bool,
    app: &App,
    theme: &Theme,
) -> Line<'a> {
    let damaged = match entry {
        Entry::Record(record) => return row(record, cols, selected, app, theme),
        Entry::Damaged(d) => d,
    };
    let mut style = theme.overdue;
    if selected {
        style = style.patch(theme.selected);
    }
    let pointer = if selected { ">" } else { " " };
    let id = sanitize_line(&damaged.id).into_owned();
    let mut spans = vec![Span::styled(format!("{pointer}XX "), style)];
    // The id in its column, the message across the rest of the row (the other cells are
    // unknown).
    let id_width = cols
        .iter()
        .find(|(c, _)| *c == Col::Id)
        .map(|(_, w)| *w)
        .unwrap_or(0);
    let id_cell = if id_width > 0 { id_width + 1 } else { 0 };
    let rest = cols.iter().map(|(_, w)| w + 1).sum::<usize>() - id_cell;
    if id_width > 0 {
        spans.push(fitted(&id, id_width, style));
        spans.push(Span::styled(" ", style));
    }
    let message = if id_width > 0 {
        T::DamagedRow.s(app.lang()).to_string()
    } else {
        format!("{id} {}", T::DamagedRow.s(app.lang()))
    };
    spans.push(fitted(&message, rest.saturating_sub(1), style));
    Line::from(spans)
}

fn header_line<'a>(cols: &[(Col, usize)], app: &App, theme: &Theme) -> Line<'a> {
    let mut spans = vec![Span::styled(" ".repeat(MARK), theme.column_head)];
    for (c, w) in cols {
        spans.push(fitted(heading(*c).s(app.lang()), *w, theme.column_head));
        spans.push(Span::styled(" ", theme.column_head));
    }
    Line::from(spans)
}

/// Draw a list's visible rows, keeping the selection on screen.
pub fn draw_list(
    frame: &mut Frame,
    area: Rect,
    list: &RecordList,
    specs: &[ColumnSpec],
    empty: T,
    app: &App,
    theme: &Theme,
) {
    if area.height == 0 {
        return;
    }
    let cols = layout(specs, area.width, area.width);
    let head = Rect { height: 1, ..area };
    frame.render_widget(Paragraph::new(header_line(&cols, app, theme)), head);
    let rows_area = Rect {
        y: area.y + 1,
        height: area.height - 1,
        ..area
    };
    let n = rows_area.height as usize;
    list.view_rows.set(n);
    if std::ptr::eq(list, app.list()) {
        app.clickable.borrow_mut().rows = Some(crate::app::mouse::Area {
            x: rows_area.x,
            y: rows_area.y,
            width: rows_area.width,
            height: rows_area.height,
        });
    }
    let (start, rows) = list.entries();
    if rows.is_empty() {
        let text = if list.load_failed {
            T::ListUnreadable
        } else if list.filtered() {
            T::EmptyFiltered
        } else {
            empty
        };
        frame.render_widget(
            Paragraph::new(Line::styled(format!("  {}", text.s(app.lang())), theme.dim)),
            rows_area,
        );
        return;
    }
    let selected = list.selected_index();
    let end = start + rows.len();
    let mut top = list.view_top.get().clamp(start, end.saturating_sub(1));
    if selected < top {
        top = selected;
    }
    if selected >= top + n {
        top = selected + 1 - n;
    }
    list.view_top.set(top);
    let lines: Vec<Line> = rows[top - start..]
        .iter()
        .take(n)
        .enumerate()
        .map(|(i, r)| entry_row(r, &cols, top + i == selected, app, theme))
        .collect();
    frame.render_widget(Paragraph::new(lines), rows_area);
}

/// The list above (or beside, on wide screens) the selected record's detail.
pub fn list_and_detail(
    frame: &mut Frame,
    area: Rect,
    list: &RecordList,
    specs: &[ColumnSpec],
    empty: T,
    app: &App,
    theme: &Theme,
) {
    if app.zoom {
        detail::draw(frame, area, app, theme, false);
        return;
    }
    if area.width >= 150 {
        let detail_width = (area.width / 3).clamp(50, 70);
        let [left, right] =
            Layout::horizontal([Constraint::Fill(1), Constraint::Length(detail_width)]).areas(area);
        draw_list(frame, left, list, specs, empty, app, theme);
        detail::draw(frame, right, app, theme, true);
    } else {
        let list_height = (area.height / 2 + 1).max(6);
        let [top, bottom] =
            Layout::vertical([Constraint::Length(list_height), Constraint::Fill(1)]).areas(area);
        draw_list(frame, top, list, specs, empty, app, theme);
        detail::draw(frame, bottom, app, theme, false);
    }
}
