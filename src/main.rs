use clap::Parser;
use dutydesk::cli::{self, args::Cli};

fn main() {
    let cli = Cli::parse();
    if let Err(e) = cli::run(cli) {
        eprintln!("dutydesk: {}", e.message);
        std::process::exit(e.code);
    }
}
