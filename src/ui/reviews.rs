//! The reviews view (Ctrl-T): the figures of `report daily|weekly|monthly` on the left, small
//! charts on the right (ratatui's Sparkline and BarChart): calls per hour, deadlines met and
//! missed, the week's complaints by building or the month's callback rates. Met bars are
//! solid (█) and missed ones shaded (▒), so they tell apart without colour.

use super::theme::Theme;
use super::width;
use crate::app::App;
use crate::app::reviews::{Reviews, SPANS, Shown};
use crate::domain::DeadlineName;
use crate::domain::report::{Report, SIGNED_VISIT_TARGET};
use crate::domain::report_period::Span as Period;
use crate::i18n::report::ReportWord as W;
use crate::i18n::report_rows::{self as rows, Detail};
use crate::i18n::reviews::ReviewWord as RW;
use crate::i18n::{Label, Lang, fit};
use ratatui::Frame;
use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::symbols::bar;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use ratatui::widgets::{Bar, BarChart, Paragraph, Sparkline, Wrap};

/// Bars of the missed deadlines: shaded, unlike the solid met ones.
const SHADED: bar::Set = bar::Set {
    full: "▒",
    seven_eighths: "▒",
    three_quarters: "▒",
    five_eighths: "▒",
    half: "▒",
    three_eighths: "▒",
    one_quarter: "▒",
    one_eighth: "▒",
    empty: " ",
};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let Some(r) = &app.reviews else { return };
    let lang = app.lang();
    let [title, body] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    frame.render_widget(Paragraph::new(title_line(r, lang, theme)), title);
    let f = match &r.shown {
        Shown::Reading => {
            let line = Line::styled(RW::Reading.s(lang), theme.info);
            frame.render_widget(Paragraph::new(line), body);
            return;
        }
        Shown::Failed(e) => {
            let line = Line::styled(
                crate::domain::text::sanitize_line(e).to_string(),
                theme.error,
            );
            frame.render_widget(Paragraph::new(line).wrap(Wrap { trim: false }), body);
            return;
        }
        Shown::Ready(f) => f,
    };
    let mut lines = figures(&f.report, lang, theme);
    if !f.damaged.is_empty() {
        lines.push(Line::styled(
            format!("{} {}", f.damaged.len(), RW::Unreadable.s(lang)),
            theme.error,
        ));
    }
    // Figures and charts are drawn whole on a canvas as tall as they need; the body shows a
    // page of it, scrolled by the keys when it does not fit (at 80×24 a week's recurring
    // problems go on below), its last row saying what is below or above and the keys.
    let canvas = canvas(body.width, lines, &f.report, r.span, lang, theme);
    let needed = canvas.area.height;
    let page = match needed > body.height {
        true => body.height.saturating_sub(1),
        false => body.height,
    };
    let last = needed.saturating_sub(page);
    r.view.set((last as usize, page as usize));
    let scroll = r.scroll.min(last as usize) as u16;
    let buf = frame.buffer_mut();
    for row in 0..page.min(needed - scroll) {
        for x in 0..body.width {
            buf[(body.x + x, body.y + row)] = canvas[(x, scroll + row)].clone();
        }
    }
    if last > 0 {
        let below = (last - scroll) as usize;
        let hint = crate::i18n::reviews::scroll_hint(lang, scroll as usize, below);
        frame.render_widget(
            Paragraph::new(Line::styled(fit(&hint, body.width as usize), theme.key)),
            Rect::new(body.x, body.bottom() - 1, body.width, 1),
        );
    }
}

/// The figures on the left and the charts on the right, drawn whole: as many rows as the
/// taller of the two takes at this width.
fn canvas(
    w: u16,
    lines: Vec<Line<'_>>,
    r: &Report,
    span: Period,
    lang: Lang,
    theme: &Theme,
) -> Buffer {
    // Charts need about 40 columns; the figures take the rest.
    let charts_w = if w >= 120 { w / 2 } else { 42.min(w) };
    let left_w = w.saturating_sub(charts_w + 1).max(1);
    // Room enough for the figures however they wrap.
    let most: usize = lines
        .iter()
        .map(|l| 2 * wrapped_rows(&l.to_string(), left_w as usize) + 1)
        .sum();
    let charts_h = charts_height(r, span);
    let tall = (most.min(u16::MAX as usize / 2) as u16).max(charts_h);
    let mut canvas = Buffer::empty(Rect::new(0, 0, w, tall));
    let [left, _, right] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(charts_w),
    ])
    .areas(canvas.area);
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(left, &mut canvas);
    draw_charts(&mut canvas, right, r, span, lang, theme);
    // As tall as what was drawn on it.
    let used = (0..tall)
        .rev()
        .find(|y| (0..w).any(|x| canvas[(x, *y)] != Cell::EMPTY))
        .map_or(1, |y| y + 1)
        .max(charts_h);
    canvas.resize(Rect::new(0, 0, w, used));
    canvas
}

/// Rows the charts take: calls per hour, a row per deadline kind under a title, the week's
/// buildings or the month's callback rates.
fn charts_height(r: &Report, span: Period) -> u16 {
    5 + kept_rows(r).len().max(1) as u16 + 1 + third_height(span)
}

fn third_height(span: Period) -> u16 {
    match span {
        Period::Daily => 0,
        _ => 6,
    }
}

/// Rows a line takes wrapped at word boundaries to `w` columns (as `Wrap` does; a CJK run
/// breaks anywhere).
fn wrapped_rows(text: &str, w: usize) -> usize {
    let mut rows = 1;
    let mut used = 0;
    for word in text.split_inclusive(' ') {
        let n = width(word.trim_end());
        if used > 0 && used + n > w {
            rows += 1;
            used = 0;
        }
        if n > w {
            rows += n / w;
            used = n % w;
        } else {
            used += width(word);
        }
    }
    rows
}

/// "报表  [日报] 周报 月报   2026-11-23 ~ 2026-11-29": the period chosen in brackets as well
/// as in reverse video.
fn title_line<'a>(r: &Reviews, lang: Lang, theme: &Theme) -> Line<'a> {
    let mut spans = vec![Span::styled(
        format!("{} ", crate::i18n::tui::T::ModeReviews.s(lang)),
        theme.title,
    )];
    for span in SPANS {
        let word = span_word(span).s(lang);
        if span == r.span {
            spans.push(Span::styled(format!("[{word}]"), theme.tab_active));
        } else {
            spans.push(Span::styled(format!(" {word} "), theme.tab));
        }
    }
    let (first, last) = r.days();
    let days = if first == last {
        format!("  {first}")
    } else {
        format!("  {first} ~ {last}")
    };
    spans.push(Span::styled(days, theme.title));
    Line::from(spans)
}

fn span_word(span: Period) -> RW {
    match span {
        Period::Weekly => RW::Weekly,
        Period::Monthly => RW::Monthly,
        _ => RW::Daily,
    }
}

fn percent(x: Option<f64>) -> String {
    x.map_or("-".into(), |x| format!("{x}%"))
}

/// The report's figures in words, as `report` prints them, shortened to a column.
fn figures<'a>(r: &Report, lang: Lang, theme: &Theme) -> Vec<Line<'a>> {
    let row = |title: &str, value: String| {
        Line::from(vec![
            Span::styled(format!("{title}: "), theme.label.patch(theme.title)),
            Span::raw(value),
        ])
    };
    let mut out: Vec<Line<'a>> = rows::totals(r, lang, Detail::Compact)
        .into_iter()
        .chain(rows::callbacks(r, lang, Detail::Compact))
        .chain(rows::shifts(r, lang, Detail::Compact))
        .map(|(title, value)| row(title, value))
        .collect();
    if let Some(d) = &r.daily {
        out.push(row(W::StillOpen.s(lang), d.still_open.len().to_string()));
        out.push(row(
            W::Incidents.s(lang).trim_end_matches([':', '：']),
            d.incidents.len().to_string(),
        ));
        out.push(Line::styled(W::MissedDeadlines.s(lang), theme.title));
        if d.missed.is_empty() {
            out.push(Line::raw(format!("  {}", W::NoneListed.s(lang))));
        }
        for m in &d.missed {
            let name =
                DeadlineName::parse(&m.deadline).map_or(m.deadline.as_str(), |n| n.label(lang));
            let due = m.due.get(11..16).unwrap_or(&m.due);
            let mark = if m.done.is_some() { "" } else { " !!" };
            out.push(Line::from(vec![
                Span::raw(format!("  {} ", m.id)),
                Span::raw(format!("{} {due}", fit(name, 8).trim_end())),
                Span::styled(mark.to_string(), theme.overdue),
            ]));
        }
    }
    if let Some(c) = &r.complaint_analysis {
        let minutes =
            |m: Option<i64>| m.map_or("-".into(), |m| format!("{m}{}", W::Minutes.s(lang)));
        out.push(row(
            W::Complaints.s(lang),
            format!("{} ({} {})", c.complaints, W::Repeats.s(lang), c.repeats),
        ));
        for (title, t) in [
            (W::FirstReply.s(lang), &c.first_reply),
            (W::Resolution.s(lang), &c.resolution),
        ] {
            out.push(row(
                title,
                format!(
                    "{} {}, {} {}, {} {}",
                    W::Median.s(lang),
                    minutes(t.median_minutes),
                    W::Worst.s(lang),
                    minutes(t.worst_minutes),
                    W::OnTime.s(lang),
                    percent(t.on_time_rate)
                ),
            ));
        }
        out.push(Line::styled(W::Recurring.s(lang), theme.title));
        if c.recurring.is_empty() {
            out.push(Line::raw(format!("  {}", W::NoneListed.s(lang))));
        }
        for p in &c.recurring {
            out.push(Line::raw(format!(
                "  {} {} {}{}{}: {}",
                crate::domain::text::sanitize_line(&p.place),
                crate::i18n::reviews::category_name(lang, &p.kind, &p.category),
                p.count,
                lang.pick(" ", ""),
                W::Times.s(lang),
                p.ids.join(", ")
            )));
        }
    }
    if let Some(problems) = &r.callback_problems {
        out.push(Line::styled(W::CallbackProblems.s(lang), theme.title));
        if problems.is_empty() {
            out.push(Line::raw(format!("  {}", W::NoneListed.s(lang))));
        }
        for p in problems {
            let done = match (&p.resolved, &p.noticed) {
                (Some(_), _) => W::ResolvedAt,
                (None, Some(_)) => W::Noticed,
                (None, None) => W::NotNoticed,
            };
            out.push(Line::raw(format!("  {} ← {} {}", p.id, p.of, done.s(lang))));
        }
    }
    out
}

fn draw_charts(buf: &mut Buffer, area: Rect, r: &Report, span: Period, lang: Lang, theme: &Theme) {
    let kept = kept_rows(r);
    let third = third_height(span);
    let [calls, deadlines, extra] = Layout::vertical([
        Constraint::Length(5),
        Constraint::Max(kept.len().max(1) as u16 + 1),
        Constraint::Length(third),
    ])
    .areas(area);
    draw_calls(buf, calls, r, lang, theme);
    draw_kept(buf, deadlines, &kept, lang, theme);
    match span {
        Period::Daily => {}
        Period::Monthly => draw_callbacks(buf, extra, r, lang, theme),
        _ => draw_buildings(buf, extra, r, lang, theme),
    }
}

/// Calls per hour: a title with the total and the busiest hour, the sparkline (each hour two
/// columns wide when there is room), the hours under it.
fn draw_calls(buf: &mut Buffer, area: Rect, r: &Report, lang: Lang, theme: &Theme) {
    let [title, spark, axis] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(3),
        Constraint::Length(1),
    ])
    .areas(area);
    let hours = &r.calls_by_hour;
    let total: usize = hours.iter().sum();
    let busiest = (0..24)
        .max_by_key(|h| (hours[*h], std::cmp::Reverse(*h)))
        .unwrap_or(0);
    let head = if total == 0 {
        format!("{} ({})", RW::CallsPerHour.s(lang), RW::NoCalls.s(lang))
    } else {
        format!(
            "{} ({total}; {} {:02}:00 {})",
            RW::CallsPerHour.s(lang),
            RW::Busiest.s(lang),
            busiest,
            hours[busiest]
        )
    };
    (Paragraph::new(Line::styled(fit(&head, area.width as usize), theme.title))).render(title, buf);
    let per = if area.width >= 48 { 2 } else { 1 };
    let data: Vec<u64> = hours
        .iter()
        .flat_map(|n| std::iter::repeat_n(*n as u64, per))
        .collect();
    (Sparkline::default()
        .data(&data)
        .style(theme.met.patch(theme.label)))
    .render(spark, buf);
    let mut marks = String::new();
    for h in (0..24).step_by(6) {
        let at = h * per;
        while width(&marks) < at {
            marks.push(' ');
        }
        marks.push_str(&h.to_string());
    }
    while width(&marks) < 23 * per {
        marks.push(' ');
    }
    marks.push_str("23");
    (Paragraph::new(Line::styled(marks, theme.dim))).render(axis, buf);
}

/// Per deadline name: its label, met, missed (done late or still overdue).
fn kept_rows(r: &Report) -> Vec<(String, u64, u64)> {
    r.deadlines
        .iter()
        .filter(|(_, k)| k.met + k.missed + k.open_overdue > 0)
        .map(|(name, k)| {
            (
                name.clone(),
                k.met as u64,
                (k.missed + k.open_overdue) as u64,
            )
        })
        .collect()
}

/// Deadlines met and missed: two bar charts side by side, a row per deadline name.
fn draw_kept(buf: &mut Buffer, area: Rect, kept: &[(String, u64, u64)], lang: Lang, theme: &Theme) {
    let [title, rows] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    let label_w = 10u16;
    let half = area.width.saturating_sub(label_w) / 2;
    let head = format!(
        "{}{}{}",
        fit(RW::Kept.s(lang), label_w as usize),
        fit(RW::Met.s(lang), half as usize),
        RW::Missed.s(lang)
    );
    (Paragraph::new(Line::styled(fit(&head, area.width as usize), theme.title))).render(title, buf);
    if kept.is_empty() {
        (Paragraph::new(RW::NothingDue.s(lang))).render(rows, buf);
        return;
    }
    let max = kept
        .iter()
        .map(|(_, m, x)| (*m).max(*x))
        .max()
        .unwrap_or(1)
        .max(1);
    // A column between the two, so that a full met bar never runs into the missed count.
    let [met_area, _, missed_area] = Layout::horizontal([
        Constraint::Length(label_w + half - 1),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(rows);
    let label = |name: &str| {
        let words = DeadlineName::parse(name).map_or(name, |n| n.label(lang));
        // Padded: both charts' bars start at the same column.
        fit(words, label_w as usize - 1)
    };
    let met: Vec<Bar> = kept
        .iter()
        .map(|(name, m, _)| {
            Bar::with_label(label(name), *m)
                .text_value(m.to_string())
                .style(theme.met)
                .value_style(theme.met.patch(
                    ratatui::style::Style::new().add_modifier(ratatui::style::Modifier::REVERSED),
                ))
        })
        .collect();
    let missed: Vec<Bar> = kept
        .iter()
        .map(|(_, _, x)| {
            Bar::new(*x)
                .text_value(x.to_string())
                .style(theme.overdue)
                .value_style(theme.overdue.patch(
                    ratatui::style::Style::new().add_modifier(ratatui::style::Modifier::REVERSED),
                ))
        })
        .collect();
    // Both charts on the same scale, the labels padded to one width.
    let met_chart = BarChart::horizontal(met)
        .bar_gap(0)
        .max(max)
        .label_style(theme.label);
    (met_chart).render(met_area, buf);
    (BarChart::horizontal(missed)
        .bar_gap(0)
        .max(max)
        .bar_set(SHADED))
    .render(missed_area, buf);
}

/// The week's complaints by building: a bar per building, the count on it.
fn draw_buildings(buf: &mut Buffer, area: Rect, r: &Report, lang: Lang, theme: &Theme) {
    let [title, chart] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    (Paragraph::new(Line::styled(RW::ByBuilding.s(lang), theme.title))).render(title, buf);
    let Some(c) = &r.complaint_analysis else {
        return;
    };
    if c.by_building.is_empty() {
        (Paragraph::new(RW::NoComplaints.s(lang))).render(chart, buf);
        return;
    }
    // The most complained-about buildings first, as many as fit (4 columns each).
    let mut rows: Vec<(&String, &usize)> = c.by_building.iter().collect();
    rows.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    rows.truncate((area.width / 5).max(1) as usize);
    let bars: Vec<Bar> = rows
        .iter()
        .map(|(b, n)| {
            let name = match b.as_str() {
                "none" => RW::NoRoom.s(lang).to_string(),
                b => crate::domain::text::sanitize_line(b).to_string(),
            };
            Bar::with_label(fit(&name, 4).trim_end().to_string(), **n as u64)
                .text_value(n.to_string())
        })
        .collect();
    (BarChart::vertical(bars)
        .bar_width(4)
        .bar_gap(1)
        .bar_style(theme.overdue.patch(theme.label))
        .value_style(ratatui::style::Style::new().add_modifier(ratatui::style::Modifier::REVERSED))
        .direction(Direction::Vertical))
    .render(chart, buf);
}

/// The month's callback rates against their targets (100 %, 30 %, 40 %).
fn draw_callbacks(buf: &mut Buffer, area: Rect, r: &Report, lang: Lang, theme: &Theme) {
    let [title, chart] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    (Paragraph::new(Line::styled(RW::CallbackRates.s(lang), theme.title))).render(title, buf);
    let c = &r.complaint_callbacks;
    let rows = [
        (W::ComplaintCallbacks.s(lang), c.rate, c.target),
        (
            W::RepairCallbacks.s(lang),
            r.repair_callbacks.rate,
            r.repair_callbacks.target,
        ),
        (
            W::SignedVisits.s(lang),
            c.signed_visit_rate,
            SIGNED_VISIT_TARGET,
        ),
    ];
    let bars: Vec<Bar> = rows
        .iter()
        .map(|(name, rate, target)| {
            let value = rate.unwrap_or(0.0).round() as u64;
            let short = !rate.is_some_and(|x| x >= *target);
            Bar::with_label(fit(name, 12).trim_end().to_string(), value)
                .text_value(format!(
                    "{} ({target}%){}",
                    percent(*rate),
                    if short { " !" } else { "" }
                ))
                .style(if short { theme.overdue } else { theme.met })
        })
        .collect();
    (BarChart::horizontal(bars)
        .bar_gap(0)
        .max(100)
        .label_style(theme.label))
    .render(chart, buf);
}
