use clap::Parser;
use dutydesk::cli::{self, args::Cli};

fn main() {
    // Behave like other Unix tools when the reader goes away (`dutydesk list | head`).
    // SAFETY: restoring the default disposition of SIGPIPE before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = Cli::parse();
    if let Err(e) = cli::run(cli) {
        eprintln!("dutydesk: {}", e.message);
        std::process::exit(e.code);
    }
}
