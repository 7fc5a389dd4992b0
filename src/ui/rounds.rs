//! The duty-log tab's rounds line (issue 14 §2): today's inspection rounds done of expected,
//! how many were missed yesterday, then the areas still to walk and those missed, as far as
//! the width allows. Never colour alone: every state is also in words.

use super::theme::Theme;
use crate::domain::kinds::inspection::rounds::RoundsDue;
use crate::i18n::rounds::{RoundsWord as W, area_list};
use crate::i18n::{Lang, fit};
use ratatui::text::{Line, Span};

pub fn line(r: &RoundsDue, lang: Lang, theme: &Theme, width: usize) -> Line<'static> {
    let mut spans = vec![Span::styled(
        format!(" {} ", W::Rounds.s(lang)),
        theme.label,
    )];
    if r.patrols_per_day == 0 {
        spans.push(Span::styled(W::NoneExpected.s(lang).to_string(), theme.dim));
        return cut(spans, width);
    }
    let today = format!("{} {}/{}", W::Today.s(lang), r.done_today, r.expected_today);
    if r.due_today.is_empty() {
        spans.push(Span::styled(
            format!("{today} ✓ {}", W::AllDone.s(lang)),
            theme.met,
        ));
    } else {
        spans.push(Span::styled(today, theme.soon));
    }
    let missed: usize = r.missed_yesterday.iter().map(|a| a.expected - a.done).sum();
    spans.push(Span::styled(" · ", theme.dim));
    if missed == 0 {
        spans.push(Span::styled(
            format!("{} 0", W::MissedYesterday.s(lang)),
            theme.dim,
        ));
    } else {
        spans.push(Span::styled(
            format!("! {} {missed}", W::MissedYesterday.s(lang)),
            theme.overdue,
        ));
    }
    if !r.due_today.is_empty() {
        spans.push(Span::styled(" · ", theme.dim));
        spans.push(Span::styled(
            format!("{}: {}", W::ToDo.s(lang), area_list(&r.due_today, lang)),
            theme.soon,
        ));
    }
    if !r.missed_yesterday.is_empty() {
        spans.push(Span::styled(" · ", theme.dim));
        spans.push(Span::styled(
            format!(
                "{}: {}",
                W::MissedYesterday.s(lang),
                area_list(&r.missed_yesterday, lang)
            ),
            theme.overdue,
        ));
    }
    cut(spans, width)
}

/// The spans cut to `width` columns (CJK-aware), the last one shown ending in '…'.
fn cut(spans: Vec<Span<'static>>, width: usize) -> Line<'static> {
    let mut out = Vec::new();
    let mut left = width;
    for span in spans {
        if left == 0 {
            break;
        }
        let w = super::width(&span.content);
        if w <= left {
            left -= w;
            out.push(span);
        } else {
            out.push(Span::styled(fit(&span.content, left), span.style));
            left = 0;
        }
    }
    Line::from(out)
}
