//! Colours and borders. Two themes: colour (16-colour safe), and monochrome for `NO_COLOR`,
//! which signals urgency with bold/underline and symbols only, the selection in reverse video. Colour is never the only signal:
//! every urgent row also carries `!!` or `!`.

use crate::desk::Desk;
use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;

#[derive(Debug, Clone)]
pub struct Theme {
    pub header: Style,
    pub header_overdue: Style,
    pub header_soon: Style,
    pub read_only: Style,
    pub tab: Style,
    pub tab_active: Style,
    pub column_head: Style,
    pub overdue: Style,
    pub soon: Style,
    pub voided: Style,
    pub met: Style,
    pub selected: Style,
    pub dim: Style,
    pub label: Style,
    pub title: Style,
    pub key: Style,
    pub error: Style,
    pub info: Style,
    pub input: Style,
    pub invalid: Style,
    pub focus: Style,
    pub border: border::Set<'static>,
    /// Column separator in the header and tab bar.
    pub bar: &'static str,
}

pub const ASCII_BORDER: border::Set<'static> = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

impl Theme {
    pub fn of(desk: &Desk) -> Self {
        use crate::config::ThemeName;
        let mut theme = match desk.config.theme {
            _ if desk.no_color => Self::mono(),
            ThemeName::Mono => Self::mono(),
            ThemeName::Light => Self::light(),
            ThemeName::Dark => Self::colour(),
        };
        if !desk.no_color && desk.config.theme != ThemeName::Mono {
            theme.recolour(&desk.config.colors);
        }
        if desk.ascii {
            theme.border = ASCII_BORDER;
            theme.bar = "|";
        }
        theme
    }

    pub fn colour() -> Self {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        Self {
            header: Style::new().fg(Color::White).bg(Color::Blue),
            header_overdue: bold.fg(Color::White).bg(Color::Red),
            header_soon: bold.fg(Color::Black).bg(Color::Yellow),
            read_only: bold.fg(Color::Black).bg(Color::Yellow),
            tab: Style::new(),
            tab_active: bold.add_modifier(Modifier::REVERSED),
            column_head: bold.fg(Color::Cyan),
            overdue: bold.fg(Color::Red),
            soon: Style::new().fg(Color::Yellow),
            voided: Style::new().add_modifier(Modifier::DIM),
            met: Style::new().fg(Color::Green),
            selected: Style::new().add_modifier(Modifier::REVERSED),
            dim: Style::new().add_modifier(Modifier::DIM),
            label: Style::new().fg(Color::Cyan),
            title: bold,
            key: bold.fg(Color::Cyan),
            error: bold.fg(Color::Red),
            info: Style::new().fg(Color::Green),
            input: Style::new().add_modifier(Modifier::UNDERLINED),
            invalid: bold.fg(Color::Red).add_modifier(Modifier::UNDERLINED),
            focus: bold,
            border: border::PLAIN,
            bar: "│",
        }
    }

    /// For a light background: the dark theme with its yellow, cyan and light green (which
    /// vanish on white) replaced by darker shades of the 256-colour palette.
    pub fn light() -> Self {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let blue = Color::Blue;
        let amber = Color::Indexed(130);
        let green = Color::Indexed(28);
        Self {
            header_soon: bold.fg(Color::White).bg(amber),
            read_only: bold.fg(Color::White).bg(amber),
            column_head: bold.fg(blue),
            soon: bold.fg(amber),
            met: Style::new().fg(green),
            label: Style::new().fg(blue),
            key: bold.fg(blue),
            info: Style::new().fg(green),
            ..Self::colour()
        }
    }

    /// The config's `[colors]`, each over its role (checked when the config was read).
    fn recolour(&mut self, colors: &crate::config::ColorsConfig) {
        use crate::config::{ColorRole, parse_color};
        for (role, text) in colors.given() {
            let Some(colour) = parse_color(text) else {
                continue;
            };
            match role {
                ColorRole::Overdue => {
                    self.overdue = self.overdue.fg(colour);
                    self.error = self.error.fg(colour);
                    self.header_overdue = self.header_overdue.bg(colour);
                }
                ColorRole::Soon => {
                    self.soon = self.soon.fg(colour);
                    self.header_soon = self.header_soon.bg(colour);
                }
                ColorRole::Met => {
                    self.met = self.met.fg(colour);
                    self.info = self.info.fg(colour);
                }
                ColorRole::Label => {
                    self.label = self.label.fg(colour);
                    self.column_head = self.column_head.fg(colour);
                }
                ColorRole::Key => self.key = self.key.fg(colour),
                ColorRole::Header => self.header = self.header.bg(colour),
            }
        }
    }

    pub fn mono() -> Self {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let reversed = Style::new().add_modifier(Modifier::REVERSED);
        Self {
            header: reversed,
            header_overdue: reversed.add_modifier(Modifier::BOLD),
            header_soon: reversed.add_modifier(Modifier::BOLD),
            read_only: reversed.add_modifier(Modifier::BOLD),
            tab: Style::new(),
            tab_active: reversed.add_modifier(Modifier::BOLD),
            column_head: bold.add_modifier(Modifier::UNDERLINED),
            // The selection is the reverse-video row; overdue rows are bold and underlined
            // (and marked `!!`), so the two never look alike.
            overdue: bold.add_modifier(Modifier::UNDERLINED),
            soon: bold,
            voided: Style::new().add_modifier(Modifier::DIM),
            met: Style::new(),
            selected: reversed,
            dim: Style::new().add_modifier(Modifier::DIM),
            label: Style::new(),
            title: bold,
            key: bold,
            error: bold.add_modifier(Modifier::REVERSED),
            info: bold,
            input: Style::new().add_modifier(Modifier::UNDERLINED),
            invalid: bold.add_modifier(Modifier::REVERSED),
            focus: bold,
            border: border::PLAIN,
            bar: "│",
        }
    }
}
