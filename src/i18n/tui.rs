//! The TUI's words, en + zh. (Being built.)
