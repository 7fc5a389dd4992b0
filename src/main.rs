use clap::Parser;
use dutydesk::cli::{self, args::Cli};

fn main() {
    // Behave like other Unix tools when the reader goes away (`dutydesk list | head`).
    // SAFETY: restoring the default disposition of SIGPIPE before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    if let Err(message) = cli::check_utf8(std::env::args_os()) {
        eprintln!("dutydesk: {message}");
        std::process::exit(2);
    }
    let cli = Cli::parse();
    if let Err(e) = cli::run(cli) {
        eprintln!("dutydesk: {}", e.message);
        std::process::exit(e.code);
    }
}
