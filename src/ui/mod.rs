//! The TUI's drawing: `draw` renders the app state (and only reads it). The tabs (any kind's
//! records, the handover), the shared widgets (header, status bar, record table, detail, forms,
//! popups), the theme, the terminal loop, and the export of a frame for `dutydesk snapshot`.

mod checklist;
mod compiled;
mod detail;
pub(crate) use detail::wrap;
pub mod export;
mod form;
mod header;
mod popup;
mod reviews;
mod rounds;
pub(crate) mod status;
mod tab_handover;
mod tab_records;
mod table;
pub mod terminal;
pub mod theme;
mod yearly;

use crate::app::{App, Tab, View};
use crate::desk::Desk;
use crate::i18n::tui::T;
use crate::store::Store;
use ratatui::Frame;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use theme::Theme;

/// The smallest screen the desk draws on.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// Run the desk in the terminal until the user quits.
pub fn run(desk: Desk, store: Store) -> std::io::Result<()> {
    terminal::run(desk, store)
}

/// Draw one frame of the desk.
pub fn draw(frame: &mut Frame, app: &App) {
    let theme = Theme::of(&app.desk);
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        draw_too_small(frame, area, app, &theme);
        if app.desk.ascii {
            to_ascii(frame.buffer_mut());
        }
        return;
    }
    let [head, tabs, body, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(status::height(app, area.width)),
    ])
    .areas(area);
    header::draw(frame, head, app, &theme);
    header::draw_tabs(frame, tabs, app, &theme);
    match app.tab {
        _ if app.reviews.is_some() => reviews::draw(frame, body, app, &theme),
        _ if app.yearly.is_some() => yearly::draw(frame, body, app, &theme),
        Tab::Kind(kind) => tab_records::draw(frame, body, app, kind, &theme),
        Tab::Shift => tab_handover::draw(frame, body, app, &theme),
    }
    status::draw(frame, foot, app, &theme);
    popup::draw(frame, body, app, &theme);
    if app.desk.ascii {
        to_ascii(frame.buffer_mut());
    }
}

/// `--ascii`: the punctuation whose width terminals disagree on (East Asian "ambiguous" width:
/// one column in some, two in others) becomes ASCII too, not only the borders.
fn to_ascii(buf: &mut ratatui::buffer::Buffer) {
    for cell in buf.content.iter_mut() {
        let plain = match cell.symbol() {
            "…" => "~",
            "–" | "—" | "─" => "-",
            "·" | "•" => "-",
            "×" => "x",
            "→" => ">",
            "←" => "<",
            "│" => "|",
            _ => continue,
        };
        cell.set_symbol(plain);
    }
}

fn draw_too_small(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let lang = app.lang();
    let lines = vec![
        Line::styled(T::Enlarge.s(lang), theme.title),
        Line::from(format!(
            "{} {}×{}",
            T::EnlargeSize.s(lang),
            area.width,
            area.height
        )),
    ];
    let top = area.height.saturating_sub(2) / 2;
    let rect = Rect::new(area.x, area.y + top, area.width, area.height.min(2));
    frame.render_widget(
        Paragraph::new(lines).alignment(ratatui::layout::Alignment::Center),
        rect,
    );
    // What is overdue stays in sight, on the top line, however small the window.
    if top > 0 || area.height > 2 {
        frame.render_widget(
            Paragraph::new(Line::from(header::attention(app, theme)))
                .alignment(ratatui::layout::Alignment::Center),
            Rect::new(area.x, area.y, area.width, 1),
        );
    }
}

/// The status bar's rows on a screen `columns` wide (more than one while a message would
/// hide keys).
pub fn status_rows(app: &App, columns: u16) -> u16 {
    status::height(app, columns)
}

/// A rectangle of at most `w`×`h` in the middle of `area`.
pub(crate) fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// Display width of a text (CJK counts two).
pub(crate) fn width(text: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(text)
}

/// A span cut or padded to exactly `w` columns.
pub(crate) fn fitted<'a>(text: &str, w: usize, style: ratatui::style::Style) -> Span<'a> {
    Span::styled(crate::i18n::fit(text, w), style)
}

/// `WIDTHxHEIGHT`, e.g. `120x36`.
pub fn parse_size(text: &str) -> Option<(u16, u16)> {
    let (w, h) = text.trim().split_once(['x', 'X', '×'])?;
    let (w, h): (u16, u16) = (w.trim().parse().ok()?, h.trim().parse().ok()?);
    ((1..=1000).contains(&w) && (1..=1000).contains(&h)).then_some((w, h))
}

/// The first frame the desk would draw on a `width`×`height` screen, showing `tab`.
pub fn first_frame(desk: &Desk, store: &Store, tab: Tab, width: u16, height: u16) -> Buffer {
    let mut app = App::on_tab(desk.clone(), store, tab);
    app.mask_always = true;
    render(&app, width, height)
}

/// The first frame of a view over the tabs (`snapshot --view`): what the desk draws once the
/// view's figures or lists are read, here read in the foreground.
pub fn first_view_frame(desk: &Desk, store: &Store, view: View, width: u16, height: u16) -> Buffer {
    let mut app = App::on_tab(desk.clone(), store, Tab::from_index(0));
    app.mask_always = true;
    app.show_view(view, store);
    render(&app, width, height)
}

/// Render the app state into a buffer (the same `draw` the terminal uses).
pub fn render(app: &App, width: u16, height: u16) -> Buffer {
    render_with(width, height, |frame| draw(frame, app))
}

fn render_with(width: u16, height: u16, f: impl FnOnce(&mut Frame)) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("a test backend");
    terminal.draw(f).expect("drawing into memory");
    terminal.backend().buffer().clone()
}

/// One part of the desk's screen, for tests that pin it alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Region {
    /// Estate, shift, operator, clock, overdue/soon counts.
    Header,
    /// The tab bar, with the filter being typed.
    Tabs,
    /// The last message and the keys valid now.
    Status,
    /// The current tab's record list: column heads and rows, without the detail.
    Table,
    /// The selected record's detail, as drawn below the list.
    Detail,
    /// The reviews view (Ctrl-T), when open.
    Reviews,
    /// The yearly household callbacks (Ctrl-Y), when open.
    Yearly,
}

/// Draw one region of the screen alone on a `width`×`height` buffer, with the same drawing
/// functions `draw` uses for it.
pub fn render_region(app: &App, region: Region, width: u16, height: u16) -> Buffer {
    render_with(width, height, |frame| {
        let theme = Theme::of(&app.desk);
        let area = frame.area();
        match region {
            Region::Header => header::draw(frame, area, app, &theme),
            Region::Tabs => header::draw_tabs(frame, area, app, &theme),
            Region::Status => status::draw(frame, area, app, &theme),
            Region::Table => {
                let (columns, empty) = match app.tab {
                    Tab::Kind(kind) => (tab_records::columns(kind), T::EmptyList),
                    Tab::Shift => (tab_handover::COLUMNS, T::EmptyHandover),
                };
                let list = app.list_of(app.tab);
                table::draw_list(frame, area, list, columns, empty, app, &theme);
            }
            Region::Detail => detail::draw(frame, area, app, &theme, false),
            Region::Reviews => reviews::draw(frame, area, app, &theme),
            Region::Yearly => yearly::draw(frame, area, app, &theme),
        }
    })
}

/// Clears `rect` for a popup. A wide (CJK) character cut by its edge is blanked on both
/// halves: left standing, its half under the border hides the border, and its half outside
/// shows a broken glyph.
pub(crate) fn clear_popup(frame: &mut ratatui::Frame, rect: Rect) {
    use unicode_width::UnicodeWidthStr;
    let area = frame.area();
    let buf = frame.buffer_mut();
    for y in rect.top()..rect.bottom() {
        // A wide character starting just left of the popup runs into its first column.
        if rect.left() > area.left() && buf[(rect.left() - 1, y)].symbol().width() > 1 {
            buf[(rect.left() - 1, y)].set_symbol(" ");
        }
        // One starting in the popup's last column runs out of it.
        if rect.right() < area.right() && buf[(rect.right() - 1, y)].symbol().width() > 1 {
            buf[(rect.right(), y)].set_symbol(" ");
        }
    }
    frame.render_widget(ratatui::widgets::Clear, rect);
}

#[cfg(test)]
mod popup_edge_tests {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::layout::Rect;
    use ratatui::widgets::{Block, Borders, Paragraph};

    /// A line of CJK text under a popup whose edges fall on the second half of one character
    /// (left) and the first half of another (right).
    fn popup_over_cjk(x: u16, w: u16) -> Vec<String> {
        let mut t = Terminal::new(TestBackend::new(20, 3)).unwrap();
        t.draw(|f| {
            f.render_widget(Paragraph::new("巡查楼梯间照明门窗正常消防"), f.area());
            let rect = Rect::new(x, 0, w, 3);
            super::clear_popup(f, rect);
            f.render_widget(Block::new().borders(Borders::ALL), rect);
        })
        .unwrap();
        // As a terminal shows it: a wide character covers the cell after it.
        let buf = t.backend().buffer();
        (0..3)
            .map(|y| {
                let mut row = String::new();
                let mut x = 0;
                while x < 20 {
                    let symbol = buf[(x, y)].symbol();
                    row.push_str(symbol);
                    x += unicode_width::UnicodeWidthStr::width(symbol).max(1) as u16;
                }
                row
            })
            .collect()
    }

    #[test]
    fn a_wide_character_cut_by_a_popup_edge_is_blanked_on_both_halves() {
        // Characters start at even columns: x = 3 cuts 查 (2-3), the right edge at 8 cuts 间
        // (8-9).
        let rows = popup_over_cjk(3, 6);
        assert_eq!(rows[0], "巡 ┌────┐ 照明门窗正");
        assert_eq!(rows[1].trim_end(), "   │    │");
    }

    #[test]
    fn a_popup_on_character_boundaries_leaves_the_text_whole() {
        let rows = popup_over_cjk(4, 6);
        assert_eq!(rows[0], "巡查┌────┐照明门窗正");
    }
}
