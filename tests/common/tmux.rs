//! The real binary in a real terminal: one tmux server per test, on its own socket, killed
//! when the test ends. Without tmux a test that uses it fails with a clear message: it never
//! passes unseen.

use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// `sh -c` around the desk: the pane stays alive after it exits, showing `EXITED <status>`
/// below the terminal it left behind (see `Tmux::wait_exit`). Put the desk's command after it.
pub const KEEP_PANE: [&str; 4] = ["sh", "-c", r#""$@"; echo "EXITED $?"; sleep 60"#, "sh"];

pub struct Tmux {
    socket: String,
}

impl Tmux {
    /// Fails the test, saying why, when tmux is not installed.
    pub fn require() {
        let found = Command::new("tmux")
            .arg("-V")
            .output()
            .is_ok_and(|o| o.status.success());
        assert!(
            found,
            "tmux is not installed: this test runs the desk in a real terminal and needs it \
             (apt-get install -y tmux)"
        );
    }

    /// A tmux server of this test's own (`name` tells the tests of one run apart).
    pub fn new(name: &str) -> Self {
        Self::require();
        Self {
            socket: format!("dutydesk-{name}-{}", std::process::id()),
        }
    }

    pub fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .env("LANG", "C.UTF-8")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .expect("tmux runs")
    }

    /// The session `desk`, `width` x `height`, running `command`.
    pub fn session(&self, width: u16, height: u16, command: &[&str]) {
        let (w, h) = (width.to_string(), height.to_string());
        let mut args = vec!["new-session", "-d", "-s", "desk", "-x", &w, "-y", &h, "--"];
        args.extend(command);
        let out = self.run(&args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// The text on the pane now.
    pub fn screen(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", "desk"]).stdout)
            .into_owned()
    }

    /// Waits up to 10 s for `text`; panics with the screen otherwise.
    pub fn wait_for(&self, text: &str) {
        if self
            .wait_within(text, Duration::from_secs(10), Duration::from_millis(50))
            .is_none()
        {
            panic!("'{text}' did not appear; the screen:\n{}", self.screen());
        }
    }

    /// How long `text` took to appear, looking every `every`; None after `limit`.
    pub fn wait_within(&self, text: &str, limit: Duration, every: Duration) -> Option<Duration> {
        let t = Instant::now();
        while t.elapsed() < limit {
            if self.screen().contains(text) {
                return Some(t.elapsed());
            }
            std::thread::sleep(every);
        }
        None
    }

    /// Keys by tmux's names (`Enter`, `C-c`, ...).
    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "desk"];
        args.extend(keys);
        self.run(&args);
    }

    /// Text typed as it is.
    pub fn type_text(&self, text: &str) {
        self.run(&["send-keys", "-t", "desk", "-l", "--", text]);
    }

    /// A tmux format about the pane (`#{pane_pid}`, ...).
    pub fn show(&self, format: &str) -> String {
        let out = self.run(&["display-message", "-p", "-t", "desk", format]);
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// Waits for a desk started under `KEEP_PANE` to end; its exit status.
    pub fn wait_exit(&self) -> String {
        self.wait_for("EXITED ");
        let screen = self.screen();
        let line = screen.lines().find(|l| l.starts_with("EXITED ")).unwrap();
        line["EXITED ".len()..].trim().to_string()
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}
