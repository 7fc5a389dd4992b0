//! dutydesk: the terminal duty desk of a residential estate's 24-hour service centre.
//!
//! `domain` holds the estate's rules (pure), `store` the one SQLite file (the only SQL),
//! `app` the TUI's state and update, `ui` its drawing, `cli` the non-interactive commands.

pub mod app;
pub mod cli;
pub mod clock;
pub mod company;
pub mod config;
pub mod config_company;
pub mod config_notify;
pub mod demo;
pub mod desk;
pub mod domain;
pub mod drafts;
pub mod handover_text;
pub mod i18n;
pub mod notify;
pub mod progress;
pub mod store;
pub mod ui;
