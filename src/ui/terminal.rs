//! The terminal: set up and restored (on exit, Ctrl-C and panic), and the event loop, which
//! sleeps until a key, the next visible change (clock minute, countdown, deadline boundary) or
//! the next look at the database for other processes' writes. It draws only when something
//! changed, inside a synchronized update, and never clears the screen per frame.

use crate::app::App;
use crate::app::keys::{Event, Key, KeyCode};
use crate::desk::Desk;
use crate::store::{Quiet, Store};
use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    KeyEventKind, KeyModifiers,
};
use crossterm::terminal::{
    BeginSynchronizedUpdate, EndSynchronizedUpdate, EnterAlternateScreen, LeaveAlternateScreen,
    disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute, queue};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use std::io::{self, Stdout, Write};
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// How often to ask SQLite whether another process wrote (`PRAGMA data_version`, a few
/// microseconds): a record another desk saves shows here within a second.
const STORE_POLL: Duration = Duration::from_millis(500);

/// How long a write from the desk (a saved form, the app's once-a-minute writes) waits for
/// another process's write lock. The event loop does not read keys meanwhile: a command's 15 s
/// froze the screen. Past this the write is refused as busy, the form keeps its text and says
/// so, and Enter tries again.
const DESK_BUSY_WAIT: Duration = Duration::from_millis(150);

/// Puts the terminal back however the desk ends.
struct Guard;

impl Guard {
    fn enter(mouse: bool) -> io::Result<Self> {
        install_panic_hook();
        enable_raw_mode()?;
        let guard = Guard;
        execute!(io::stdout(), EnterAlternateScreen, EnableBracketedPaste)?;
        if mouse {
            execute!(io::stdout(), EnableMouseCapture)?;
        }
        Ok(guard)
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}

fn restore() {
    let _ = execute!(
        io::stdout(),
        EndSynchronizedUpdate,
        DisableMouseCapture,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = disable_raw_mode();
}

/// Ctrl-Z: as in every terminal program, give the terminal back and stop (SIGTSTP); on `fg`
/// (SIGCONT) take it again and redraw everything. Raw mode turns off the terminal's own
/// handling of Ctrl-Z, so the desk does it.
fn suspend(terminal: &mut Terminal<CrosstermBackend<Stdout>>, mouse: bool) -> io::Result<()> {
    restore();
    // SAFETY: the default action of SIGTSTP stops this process until SIGCONT; raise returns
    // then. Setting the default first undoes any handler a library may have put there.
    unsafe {
        libc::signal(libc::SIGTSTP, libc::SIG_DFL);
        libc::raise(libc::SIGTSTP);
    }
    enable_raw_mode()?;
    execute!(io::stdout(), EnterAlternateScreen, EnableBracketedPaste)?;
    if mouse {
        execute!(io::stdout(), EnableMouseCapture)?;
    }
    terminal.clear()
}

fn is_suspend(e: &event::Event) -> bool {
    matches!(
        e,
        event::Event::Key(k)
            if k.kind != KeyEventKind::Release
                && k.code == event::KeyCode::Char('z')
                && k.modifiers.contains(KeyModifiers::CONTROL)
    )
}

/// Set by SIGTERM / SIGHUP: leave the loop and restore the terminal (an unsaved form stays in
/// its draft).
static STOP: AtomicBool = AtomicBool::new(false);

extern "C" fn on_signal(_: libc::c_int) {
    STOP.store(true, Ordering::SeqCst);
}

fn install_signal_handlers() {
    // SAFETY: the handler only stores to an atomic, which is async-signal-safe.
    unsafe {
        for sig in [libc::SIGTERM, libc::SIGHUP] {
            libc::signal(sig, on_signal as *const () as libc::sighandler_t);
        }
    }
}

fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
    });
}

/// A terminal event as the app sees it; None for what the desk ignores.
pub fn convert(event: event::Event) -> Option<Event> {
    match event {
        event::Event::Key(k) if k.kind != KeyEventKind::Release => {
            let code = match k.code {
                event::KeyCode::Char(c) => KeyCode::Char(c),
                event::KeyCode::Enter => KeyCode::Enter,
                event::KeyCode::Esc => KeyCode::Esc,
                event::KeyCode::Tab if k.modifiers.contains(KeyModifiers::SHIFT) => {
                    KeyCode::BackTab
                }
                event::KeyCode::Tab => KeyCode::Tab,
                event::KeyCode::BackTab => KeyCode::BackTab,
                event::KeyCode::Backspace => KeyCode::Backspace,
                event::KeyCode::Delete => KeyCode::Delete,
                event::KeyCode::Left => KeyCode::Left,
                event::KeyCode::Right => KeyCode::Right,
                event::KeyCode::Up => KeyCode::Up,
                event::KeyCode::Down => KeyCode::Down,
                event::KeyCode::Home => KeyCode::Home,
                event::KeyCode::End => KeyCode::End,
                event::KeyCode::PageUp => KeyCode::PageUp,
                event::KeyCode::PageDown => KeyCode::PageDown,
                event::KeyCode::F(n) => KeyCode::F(n),
                _ => return None,
            };
            Some(Event::Key(Key {
                code,
                ctrl: k.modifiers.contains(KeyModifiers::CONTROL),
                alt: k.modifiers.contains(KeyModifiers::ALT),
            }))
        }
        event::Event::Mouse(m) => {
            use crate::app::mouse::{Mouse, MouseKind};
            let kind = match m.kind {
                event::MouseEventKind::Down(event::MouseButton::Left) => MouseKind::Click,
                event::MouseEventKind::ScrollUp => MouseKind::WheelUp,
                event::MouseEventKind::ScrollDown => MouseKind::WheelDown,
                _ => return None,
            };
            Some(Event::Mouse(Mouse {
                kind,
                x: m.column,
                y: m.row,
            }))
        }
        event::Event::Paste(text) => Some(Event::Paste(text)),
        event::Event::Resize(w, h) => Some(Event::Resize(w, h)),
        _ => None,
    }
}

fn draw(terminal: &mut Terminal<CrosstermBackend<Stdout>>, app: &App) -> io::Result<()> {
    queue!(terminal.backend_mut(), BeginSynchronizedUpdate)?;
    terminal.draw(|frame| super::draw(frame, app))?;
    execute!(terminal.backend_mut(), EndSynchronizedUpdate)?;
    Ok(())
}

/// How long to sleep: until the next visible change (to the second; the last second in short
/// steps, because the clock shows whole seconds), or the next look at the database.
fn timeout(app: &App, now: chrono::DateTime<chrono::Utc>, last_poll: Instant) -> Duration {
    let seconds = (app.next_wake() - now).num_seconds();
    let change = if seconds >= 2 {
        Duration::from_secs(seconds as u64 - 1)
    } else {
        Duration::from_millis(100)
    };
    change
        .min(STORE_POLL.saturating_sub(last_poll.elapsed()))
        .max(Duration::from_millis(10))
}

enum Wait {
    Ready,
    Timeout,
    Interrupted,
    HangUp,
}

/// Sleep until the terminal has input, the timeout passes, a signal arrives, or the terminal
/// hangs up. crossterm's own poll spins at full CPU on a hung-up terminal and never returns,
/// so the waiting is done here with poll(2) on the terminal's descriptor.
fn wait_for_input(timeout: Duration) -> Wait {
    // SAFETY: isatty only inspects the descriptor.
    let fd = if unsafe { libc::isatty(libc::STDIN_FILENO) } == 1 {
        libc::STDIN_FILENO
    } else {
        // Not a terminal on stdin (crossterm then reads /dev/tty): let crossterm wait.
        return match event::poll(timeout) {
            Ok(true) => Wait::Ready,
            Ok(false) => Wait::Timeout,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => Wait::Interrupted,
            Err(_) => Wait::HangUp,
        };
    };
    let mut pollfd = libc::pollfd {
        fd,
        events: libc::POLLIN,
        revents: 0,
    };
    let millis = timeout.as_millis().min(i32::MAX as u128) as libc::c_int;
    // SAFETY: one valid pollfd for the duration of the call.
    let n = unsafe { libc::poll(&mut pollfd, 1, millis) };
    if n < 0 {
        return if io::Error::last_os_error().kind() == io::ErrorKind::Interrupted {
            Wait::Interrupted
        } else {
            Wait::HangUp
        };
    }
    if n == 0 {
        return Wait::Timeout;
    }
    if pollfd.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
        return Wait::HangUp;
    }
    Wait::Ready
}

/// Whether crossterm has an event to read now. Never while the terminal is hung up or a
/// SIGTERM/SIGHUP is pending: crossterm's `read` then spins on the dead terminal's endless
/// end-of-file at full CPU and never returns (a dropped SSH connection with keys in flight
/// left desks running that way).
fn event_waiting() -> io::Result<bool> {
    if STOP.load(Ordering::SeqCst) || matches!(wait_for_input(Duration::ZERO), Wait::HangUp) {
        return Ok(false);
    }
    event::poll(Duration::ZERO)
}

/// How long a desk may outlive its terminal before the watchdog ends it.
const HANGUP_GRACE: Duration = Duration::from_secs(2);

/// A terminal that hangs up while crossterm is inside `read` makes that read spin on the
/// end-of-file at full CPU for ever, where no flag reaches it. This thread ends the process a
/// moment after the terminal went away if the loop has not ended by itself (it normally does
/// at once). Nothing typed is lost: forms are kept on disk as they are typed (written
/// atomically), and a write in flight is rolled back by SQLite.
fn spawn_hangup_watchdog() {
    // SAFETY: isatty only inspects the descriptor.
    if unsafe { libc::isatty(libc::STDIN_FILENO) } != 1 {
        return;
    }
    std::thread::spawn(|| {
        let mut gone_since: Option<Instant> = None;
        loop {
            std::thread::sleep(Duration::from_millis(250));
            let mut pollfd = libc::pollfd {
                fd: libc::STDIN_FILENO,
                events: 0,
                revents: 0,
            };
            // SAFETY: one valid pollfd; a zero timeout only looks.
            let n = unsafe { libc::poll(&mut pollfd, 1, 0) };
            let gone =
                n > 0 && pollfd.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0;
            match (gone, gone_since) {
                (false, _) => gone_since = None,
                (true, None) => gone_since = Some(Instant::now()),
                (true, Some(since)) if since.elapsed() >= HANGUP_GRACE => std::process::exit(0),
                (true, Some(_)) => {}
            }
        }
    });
}

pub fn run(mut desk: Desk, mut store: Store) -> io::Result<()> {
    desk.clock = desk.clock.running();
    let clock = desk.clock;
    store
        .set_busy_timeout(DESK_BUSY_WAIT)
        .map_err(|e| io::Error::other(e.to_string()))?;
    let mouse = desk.config.mouse;
    let channels = desk.config.notify.check().unwrap_or_default();
    let ladder = crate::notify::background::Ladder {
        routing: desk.config.notify.routes(),
        policy: desk.policy.clone(),
        clock,
        shifts: desk.shift_defs(),
    };
    let company = desk.config.company.check().ok().flatten();
    let policy = desk.policy.clone();
    let db_path = store.path().to_path_buf();
    let mut app = App::open(desk, &mut store);
    if app.read_only.is_none() {
        app.notify_failing = crate::notify::background::spawn(db_path.clone(), channels, ladder);
        app.company_push =
            company.and_then(|company| crate::company::background::spawn(db_path, company, policy));
    }
    install_signal_handlers();
    spawn_hangup_watchdog();
    let _guard = Guard::enter(mouse)?;
    let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    terminal.clear()?;
    let mut last_poll = Instant::now();
    let mut notify_failing_drawn: Option<i64> = None;
    let mut last_input = Instant::now();
    let mut quiet = Quiet::default();
    loop {
        if app.take_clear() {
            terminal.clear()?;
            draw(&mut terminal, &app)?;
            app.take_dirty();
        } else if app.take_dirty() {
            draw(&mut terminal, &app)?;
        }
        if app.take_bell() {
            terminal.backend_mut().write_all(b"\x07")?;
            terminal.backend_mut().flush()?;
        }
        if app.quit || STOP.load(Ordering::SeqCst) {
            break;
        }
        let ready = match wait_for_input(timeout(&app, clock.now(), last_poll)) {
            Wait::Ready => true,
            // A signal (resize, SIGTERM, SIGHUP) interrupted the wait: look at STOP and
            // take any resize event crossterm queued.
            Wait::Interrupted | Wait::Timeout => event_waiting()?,
            // The terminal is gone (SSH dropped, tmux killed): leave, keeping any draft.
            Wait::HangUp => break,
        };
        if ready {
            // Take every event already waiting before drawing again (pastes, fast typing).
            last_input = Instant::now();
            loop {
                let e = event::read()?;
                if is_suspend(&e) {
                    suspend(&mut terminal, mouse)?;
                    draw(&mut terminal, &app)?;
                } else if let Some(e) = convert(e) {
                    app.handle(e, &mut store);
                }
                if app.quit || !event_waiting()? {
                    break;
                }
            }
        }
        app.on_clock(clock.now(), &mut store);
        if last_poll.elapsed() >= STORE_POLL {
            app.poll_store(&store);
            last_poll = Instant::now();
            // A supervisor's read-only desk opened while nobody had the database open reads a
            // frozen image; once the desk opens it, read it live.
            if store.refresh_read_only().unwrap_or(false) {
                app.refresh(&store);
            }
            store.upkeep_when_quiet(&mut quiet, last_input.elapsed());
            // The header shows both background senders' state: a change is drawn at once.
            let failing = app
                .notify_failing
                .as_ref()
                .map(|f| f.load(std::sync::atomic::Ordering::Relaxed));
            let company_changed = app.company_push.as_ref().is_some_and(|s| s.take_changed());
            if company_changed || failing != notify_failing_drawn {
                notify_failing_drawn = failing;
                app.redraw();
            }
        }
    }
    drop(terminal);
    Ok(())
}
