//! A form in a box over the list: one row per field, the invalid ones marked in place, the
//! real terminal cursor at the input position (for input methods).

use super::theme::Theme;
use super::{centered, width};
use crate::app::App;
use crate::app::form::{FieldId, Form, Lookup, Value};
use crate::domain::residents::mask_phone;
use crate::domain::text::sanitize_line;
use crate::i18n::fit;
use crate::i18n::tui::T;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

/// The most rows a text area takes in a form.
const AREA_ROWS: usize = 6;
/// The most rows of what must be read first (`Form::notice`) in a form.
const NOTICE_ROWS: usize = 3;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, form: &Form, theme: &Theme) {
    let lang = app.lang();
    let fields: Vec<_> = form.visible_fields().collect();
    let label_width = fields
        .iter()
        .map(|(_, f)| width(form.label(f.id, lang)))
        .max()
        .unwrap_or(0)
        + 1;
    let error = form
        .focused()
        .and_then(|f| f.error.clone())
        .or_else(|| fields.iter().find_map(|(_, f)| f.error.clone()))
        .or_else(|| form.error.clone());
    let w = area.width.saturating_sub(4).min(96);
    // Borders, the record it is about, the confirmation or the keys line, the error line.
    // What must be read first (a household's notes) wraps under it, up to 3 rows.
    let notice: Vec<String> = form.notice.as_deref().map_or_else(Vec::new, |n| {
        let mut rows = super::detail::wrap(&sanitize_line(n), w.saturating_sub(2).max(8) as usize);
        rows.truncate(NOTICE_ROWS);
        rows
    });
    let extra = 2 + u16::from(form.about.is_some()) + notice.len() as u16 + 2;
    // marker (2) + label + value
    let value_width = (w.saturating_sub(2) as usize)
        .saturating_sub(2 + label_width + 1)
        .max(4);
    // The focused text area shows what is typed over several rows, as many as fit.
    let room = area.height.saturating_sub(fields.len() as u16 + extra) as usize;
    let area_rows = match form.focused().map(|f| &f.value) {
        Some(Value::Text(input)) if input.is_multiline() => input
            .area_rows(value_width)
            .clamp(1, AREA_ROWS)
            .min(room + 1),
        _ => 1,
    };
    let lookup = form.shown_lookup();
    let lookup_rows = lookup.map_or(0, Lookup::rows) as u16;
    // A round's checklist: one row per item, as many as fit beside the other fields.
    let check_rows = fields
        .iter()
        .find_map(|(_, f)| match &f.value {
            Value::Checklist(c) => Some(super::checklist::wanted_rows(c)),
            _ => None,
        })
        .map_or(1, |wanted| {
            wanted.min(room.saturating_sub(area_rows - 1 + lookup_rows as usize) + 1)
        });
    let h = (fields.len() as u16 + extra + area_rows as u16 - 1 + lookup_rows + check_rows as u16
        - 1)
    .min(area.height);
    let rect = centered(area, w, h);
    super::clear_popup(frame, rect);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_set(theme.border)
        .title(Span::styled(format!(" {} ", form.title(lang)), theme.title));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let mut y = inner.y;
    let line_at = |frame: &mut Frame, y: u16, line: Line| {
        if y < inner.bottom() {
            frame.render_widget(Paragraph::new(line), Rect::new(inner.x, y, inner.width, 1));
        }
    };
    if let Some(about) = &form.about {
        line_at(
            frame,
            y,
            Line::styled(fit(&sanitize_line(about), inner.width as usize), theme.dim),
        );
        y += 1;
    }
    for row in notice {
        line_at(frame, y, Line::styled(row, theme.info));
        y += 1;
    }
    if fields.is_empty() {
        line_at(frame, y, Line::styled(T::FormConfirm.s(lang), theme.title));
        y += 1;
    }
    for (index, field) in &fields {
        let focused = *index == form.focus;
        let invalid = field.error.is_some();
        let marker = match (invalid, focused) {
            (true, _) => "! ",
            (false, true) => "> ",
            _ => "  ",
        };
        let label_style = if invalid {
            theme.invalid
        } else if focused {
            theme.focus
        } else {
            theme.label
        };
        let mut spans = vec![
            Span::styled(marker, label_style),
            Span::styled(fit(form.label(field.id, lang), label_width), label_style),
            Span::raw(" "),
        ];
        match &field.value {
            Value::Text(input) => {
                let value_style = if invalid { theme.invalid } else { theme.input };
                if input.value().is_empty() {
                    let placeholder = match field.id {
                        FieldId::At => T::Now.s(lang),
                        _ if field.required => T::Required.s(lang),
                        _ => T::Optional.s(lang),
                    };
                    spans.push(Span::styled(
                        fit(placeholder, value_width),
                        value_style.patch(theme.dim),
                    ));
                } else if focused && input.is_multiline() {
                    // A text area: each row sanitised on its own, the cursor where it is.
                    let (rows, (row, col)) = input.area_view(value_width, area_rows);
                    let indent = " ".repeat(2 + label_width + 1);
                    for (i, text) in rows.iter().enumerate() {
                        let text =
                            Span::styled(fit(&sanitize_line(text), value_width), value_style);
                        if i == 0 {
                            spans.push(text);
                            line_at(frame, y, Line::from(std::mem::take(&mut spans)));
                        } else {
                            line_at(
                                frame,
                                y + i as u16,
                                Line::from(vec![Span::raw(indent.clone()), text]),
                            );
                        }
                    }
                    let x = inner.x + (2 + label_width + 1 + col) as u16;
                    if y + (row as u16) < inner.bottom() {
                        frame.set_cursor_position((x.min(inner.right() - 1), y + row as u16));
                    }
                    y += area_rows as u16;
                    continue;
                } else {
                    let (shown, _) = input.view(value_width);
                    spans.push(Span::styled(
                        fit(&sanitize_line(&shown), value_width),
                        value_style,
                    ));
                }
                if focused {
                    let (_, cursor) = input.view(value_width);
                    let x = inner.x + (2 + label_width + 1 + cursor) as u16;
                    if y < inner.bottom() {
                        frame.set_cursor_position((x.min(inner.right() - 1), y));
                    }
                }
            }
            // The phone checks in place: "[x] ID number  [ ] family members  [ ] employer".
            Value::Ticks(choices, ticked, at) => {
                for (i, t) in ticked.iter().enumerate() {
                    let mark = if *t { "[x] " } else { "[ ] " };
                    let style = if focused && i == *at {
                        theme.selected.patch(theme.focus)
                    } else if invalid && !*t {
                        theme.invalid
                    } else {
                        theme.title
                    };
                    spans.push(Span::styled(
                        format!("{mark}{}", choices.label(i, lang)),
                        style,
                    ));
                    spans.push(Span::raw(" "));
                }
            }
            Value::Area(slug) => {
                let style = if focused {
                    theme.selected.patch(theme.focus)
                } else {
                    theme.title
                };
                // Named as the estate's table (the config) names it.
                let configured = app.desk.policy.areas.find(slug);
                let name = crate::i18n::inspection::area_text(
                    slug,
                    configured.and_then(|a| a.name.as_deref()),
                    lang,
                );
                spans.push(Span::styled(format!("< {} >", sanitize_line(&name)), style));
            }
            Value::Checklist(c) => {
                let area = form.area_slug().unwrap_or_default();
                let (rows, cursor) = super::checklist::lines(
                    c,
                    &area,
                    focused,
                    lang,
                    theme,
                    value_width,
                    check_rows,
                );
                let indent = " ".repeat(2 + label_width + 1);
                let n = rows.len();
                for (i, row) in rows.into_iter().enumerate() {
                    let mut line = if i == 0 {
                        std::mem::take(&mut spans)
                    } else {
                        vec![Span::raw(indent.clone())]
                    };
                    line.extend(row.spans);
                    line_at(frame, y + i as u16, Line::from(line));
                }
                if let Some((row, col)) = cursor {
                    let x = inner.x + (2 + label_width + 1 + col) as u16;
                    if y + (row as u16) < inner.bottom() {
                        frame.set_cursor_position((x.min(inner.right() - 1), y + row as u16));
                    }
                }
                y += n.max(1) as u16;
                continue;
            }
            // A round's problem: its name and remark, which of how many.
            Value::Found(items, at) => {
                let style = if focused {
                    theme.selected.patch(theme.focus)
                } else {
                    theme.title
                };
                if let Some(item) = items.get(*at) {
                    let mut text = item.name.clone();
                    if let Some(remark) = &item.remark {
                        text = format!("{text} — {remark}");
                    }
                    let count = match items.len() {
                        1 => String::new(),
                        n => format!(" {}/{n}", at + 1),
                    };
                    let shown = format!("< {} >{count}", sanitize_line(&text));
                    spans.push(Span::styled(fit(&shown, value_width), style));
                }
            }
            Value::Choice(choices, i) => {
                let style = if focused {
                    theme.selected.patch(theme.focus)
                } else {
                    theme.title
                };
                spans.push(Span::styled(
                    format!("< {} >", choices.label(*i, lang)),
                    style,
                ));
                if field.id == FieldId::Category && form.suggested {
                    spans.push(Span::styled(
                        format!("  ({})", T::Suggested.s(lang)),
                        theme.info,
                    ));
                }
            }
        }
        line_at(frame, y, Line::from(spans));
        y += 1;
        if focused && let Some(lookup) = lookup {
            let indent = 2 + label_width + 1;
            for line in lookup_lines(lookup, lang, theme, inner.width as usize, indent) {
                line_at(frame, y, line);
                y += 1;
            }
        }
    }
    // The error, then the keys.
    let bottom = inner.bottom().saturating_sub(2).max(y);
    if let Some(error) = error {
        frame.render_widget(
            Paragraph::new(Line::styled(
                sanitize_line(&error).into_owned(),
                theme.error,
            ))
            .wrap(Wrap { trim: true }),
            Rect::new(inner.x, bottom, inner.width, 1),
        );
    }
    if !fields.is_empty() {
        let mut keys = T::FormKeys.s(lang).to_string();
        if form.on_check_item() {
            keys = T::FormChecklistKeys.s(lang).to_string();
        } else if form.on_remark() {
            keys = T::FormRemarkKeys.s(lang).to_string();
        } else if form.focus_on_choice() {
            keys = format!("{keys} · {}", T::FormChoiceKeys.s(lang));
        }
        if let Some(Lookup::Found { matches, .. }) = lookup {
            keys = format!("{keys} · {}", T::LookupFillKeys.s(lang));
            if matches.len() > 1 {
                keys = format!("{keys} · {}", T::LookupChooseKeys.s(lang));
            }
        }
        if matches!(form.focused().map(|f| &f.value), Some(Value::Text(i)) if i.is_multiline()) {
            keys = format!("{keys} · {}", T::FormNewLineKeys.s(lang));
        }
        line_at(frame, bottom + 1, Line::styled(keys, theme.dim));
    }
}

/// The households a lookup found, one row each under the field: room, owner (or tenant),
/// phone masked (a list), notes, the room's open matters and its records of the last 90 days
/// (a room with any stands out).
fn lookup_lines(
    lookup: &Lookup,
    lang: crate::i18n::Lang,
    theme: &Theme,
    width: usize,
    indent: usize,
) -> Vec<Line<'static>> {
    let value_width = width.saturating_sub(indent + 2);
    let pad = " ".repeat(indent);
    match lookup {
        Lookup::Nothing => Vec::new(),
        Lookup::NotInDirectory { .. } => vec![Line::from(vec![
            Span::raw(pad),
            Span::styled(
                fit(T::LookupNotInDirectory.s(lang), value_width + 2),
                theme.soon,
            ),
        ])],
        Lookup::OnFile {
            family,
            employer,
            id_number,
            ..
        } => {
            let none = T::OnFileNone.s(lang);
            let mut text = format!(
                "{} {} · {} {}",
                T::OnFileFamily.s(lang),
                family.as_deref().unwrap_or(none),
                T::OnFileEmployer.s(lang),
                employer.as_deref().unwrap_or(none),
            );
            if *id_number {
                text = format!("{text} · {}", T::OnFileIdNumber.s(lang));
            }
            vec![Line::from(vec![
                Span::raw(pad),
                Span::styled(fit(&sanitize_line(&text), value_width + 2), theme.info),
            ])]
        }
        Lookup::Found {
            matches,
            more,
            selected,
            ..
        } => {
            let mut lines: Vec<Line> = matches
                .iter()
                .enumerate()
                .map(|(i, m)| {
                    let h = &m.household;
                    let mut who = vec![h.room.clone()];
                    who.extend(h.owner.clone().or_else(|| h.tenant.clone()));
                    who.extend(h.all_phones().next().map(mask_phone));
                    who.extend(h.notes.clone());
                    let who = sanitize_line(&who.join(" ")).into_owned();
                    let activity = if m.recent > 0 {
                        format!(
                            " · {} {} · {} {}",
                            T::LookupOpen.s(lang),
                            m.open,
                            T::LookupRecent.s(lang),
                            m.recent
                        )
                    } else {
                        format!(
                            " · {} {} · {}",
                            T::LookupOpen.s(lang),
                            m.open,
                            T::LookupNoRecords.s(lang)
                        )
                    };
                    let mark = if i == *selected { "▸ " } else { "  " };
                    let style = if i == *selected {
                        theme.selected
                    } else {
                        theme.info
                    };
                    let act_style = if m.recent > 0 || m.open > 0 {
                        theme.soon
                    } else {
                        theme.dim
                    };
                    let act_width = super::width(&activity);
                    let who_width = value_width.saturating_sub(act_width).max(8);
                    Line::from(vec![
                        Span::raw(pad.clone()),
                        Span::styled(mark, style),
                        Span::styled(fit(&who, who_width), style),
                        Span::styled(
                            fit(
                                &activity,
                                value_width.saturating_sub(who_width.min(super::width(&who))),
                            ),
                            act_style,
                        ),
                    ])
                })
                .collect();
            if *more {
                lines.push(Line::from(vec![
                    Span::raw(pad.clone()),
                    Span::styled(fit(T::LookupMore.s(lang), value_width + 2), theme.dim),
                ]));
            }
            lines
        }
    }
}
