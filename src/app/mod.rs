//! The TUI's state and its update(state, action); no terminal code.
