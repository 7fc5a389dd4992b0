//! A progress bar on stderr while long work runs (`demo --records N`, `verify`, `export`):
//! drawn only when stderr is a terminal, so scripts and pipes see nothing of it.

use crate::progress::Progress;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

const TICK: Duration = Duration::from_millis(120);

/// Run `work` with `progress` shown as a bar labelled `what`; the bar is cleared when the work
/// ends, whatever its result.
pub fn shown<T>(what: &str, progress: &Progress, work: impl FnOnce() -> T) -> T {
    if !std::io::stderr().is_terminal() {
        return work();
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    bar.set_message(crate::domain::text::sanitize_line(what).into_owned());
    let finished = AtomicBool::new(false);
    std::thread::scope(|scope| {
        scope.spawn(|| {
            let mut counted = false;
            while !finished.load(Ordering::Relaxed) {
                let (done, total) = progress.get();
                if total > 0 && !counted {
                    bar.set_length(total);
                    bar.set_style(counting_style());
                    counted = true;
                } else if !counted {
                    bar.set_style(spinner_style());
                }
                bar.set_position(done);
                bar.tick();
                std::thread::sleep(TICK);
            }
            bar.finish_and_clear();
        });
        let out = work();
        finished.store(true, Ordering::Relaxed);
        out
    })
}

/// The spinner shown while an old database is upgraded (`upgrade_started`).
static UPGRADE: std::sync::Mutex<Option<ProgressBar>> = std::sync::Mutex::new(None);

/// A spinner with the time taken, on stderr, while an old database's schema is brought up to
/// date on its first open (a big file takes a while). The upgrade is one transaction, so its
/// steps cannot be counted from outside: the spinner says it is alive. Only on a terminal.
pub fn upgrade_started(what: &str) {
    if !std::io::stderr().is_terminal() {
        return;
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{msg} {spinner} {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner())
            .tick_chars("|/-\\ "),
    );
    bar.set_message(crate::domain::text::sanitize_line(what).into_owned());
    bar.enable_steady_tick(TICK);
    if let Ok(mut slot) = UPGRADE.lock() {
        *slot = Some(bar);
    }
}

/// The upgrade's spinner cleared (nothing if none was shown).
pub fn upgrade_ended() {
    if let Some(bar) = UPGRADE.lock().ok().and_then(|mut slot| slot.take()) {
        bar.finish_and_clear();
    }
}

fn counting_style() -> ProgressStyle {
    ProgressStyle::with_template("{msg} [{bar:30}] {percent:>3}% {pos}/{len} {eta}")
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ")
}

fn spinner_style() -> ProgressStyle {
    ProgressStyle::with_template("{msg} {spinner} {pos}")
        .unwrap_or_else(|_| ProgressStyle::default_spinner())
        .tick_chars("|/-\\ ")
}
