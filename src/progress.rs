//! How far a long piece of work has got (a demo fill, `verify`, an export): counted by the
//! work, shown by whoever runs it (the command line draws a bar on a terminal, `cli::progress`).

use std::sync::atomic::{AtomicU64, Ordering};

/// Done out of total; the total is 0 while unknown.
#[derive(Debug, Default)]
pub struct Progress {
    done: AtomicU64,
    total: AtomicU64,
}

impl Progress {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn set_total(&self, total: u64) {
        self.total.store(total, Ordering::Relaxed);
    }

    /// `n` more steps done.
    pub fn advance(&self, n: u64) {
        self.done.fetch_add(n, Ordering::Relaxed);
    }

    /// (done, total); total 0 when unknown. Done never shows more than the total.
    pub fn get(&self) -> (u64, u64) {
        let total = self.total.load(Ordering::Relaxed);
        let done = self.done.load(Ordering::Relaxed);
        (if total > 0 { done.min(total) } else { done }, total)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_caps_at_the_total() {
        let p = Progress::new();
        assert_eq!(p.get(), (0, 0));
        p.advance(3);
        assert_eq!(p.get(), (3, 0));
        p.set_total(4);
        p.advance(3);
        assert_eq!(p.get(), (4, 4));
    }
}
