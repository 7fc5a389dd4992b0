//! Chain heads kept outside the file: the anchor file's lines, checking them, appending one.

use super::super::chain::GENESIS;
use super::super::{Result, StoreError};
use rusqlite::{Connection, OptionalExtension};
use std::path::Path;

pub use super::{Anchor, AnchorMismatch};

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<[u8; 32]> {
    if text.len() != 64 || !text.is_ascii() {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(out)
}

/// Parse an anchor file's text. Blank lines and `#` comments are skipped; a malformed line is
/// an error naming it.
pub fn parse_anchors(text: &str) -> std::result::Result<Vec<Anchor>, String> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let parts: Vec<&str> = trimmed.split_whitespace().collect();
        let parsed = match parts.as_slice() {
            [at, seq, head] => seq
                .parse::<i64>()
                .ok()
                .filter(|s| *s >= 0)
                .zip(unhex(head))
                .map(|(seq, head)| Anchor {
                    line: line_no,
                    at: (*at).to_string(),
                    seq,
                    head,
                }),
            _ => None,
        };
        match parsed {
            Some(a) => out.push(a),
            None => {
                return Err(format!(
                    "line {line_no} is not '<time> <event number> <64 hex digits>'"
                ));
            }
        }
    }
    Ok(out)
}

/// The line `anchor` appends.
pub fn anchor_line(at_rfc3339: &str, seq: i64, head: &[u8; 32]) -> String {
    format!("{at_rfc3339} {seq} {}", hex(head))
}

pub(super) fn check_anchors(
    conn: &Connection,
    anchors: &[Anchor],
) -> Result<Option<AnchorMismatch>> {
    let mut stmt = conn.prepare("SELECT hash FROM events WHERE seq = ?1")?;
    for a in anchors {
        if a.seq == 0 {
            if a.head != GENESIS {
                return Ok(Some(AnchorMismatch {
                    line: a.line,
                    seq: 0,
                    at: a.at.clone(),
                    detail: "an empty chain's head must be all zeros".into(),
                }));
            }
            continue;
        }
        let stored: Option<Vec<u8>> = stmt
            .query_row([a.seq], |r| r.get::<_, Vec<u8>>(0))
            .optional()?;
        let detail = match stored {
            None => format!(
                "event #{} anchored at {} is no longer in the database (events were deleted)",
                a.seq, a.at
            ),
            Some(h) if h.as_slice() != a.head => format!(
                "the chain at event #{} is not the one anchored at {} (anchored {}, now {}): \
                 the history up to there was rewritten",
                a.seq,
                a.at,
                hex(&a.head),
                hex(&h)
            ),
            Some(_) => continue,
        };
        return Ok(Some(AnchorMismatch {
            line: a.line,
            seq: a.seq,
            at: a.at.clone(),
            detail,
        }));
    }
    Ok(None)
}

/// Append `line` to an anchor file, creating it 0600. Refuses the database's own files.
pub fn append_anchor(db: &Path, anchors: &Path, line: &str) -> Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    super::super::backup::refuse_live_files(db, anchors)?;
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .mode(0o600)
        .open(anchors)
        .map_err(|e| {
            StoreError::Io(std::io::Error::new(
                e.kind(),
                format!("cannot write the anchor file {}: {e}", anchors.display()),
            ))
        })?;
    file.write_all(format!("{line}\n").as_bytes())?;
    file.sync_all()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchor_lines_round_trip() {
        let head = [0xab; 32];
        let line = anchor_line("2026-11-25T03:00:00+08:00", 42, &head);
        assert_eq!(
            line,
            format!("2026-11-25T03:00:00+08:00 42 {}", "ab".repeat(32))
        );
        let text = format!("# kept on the backup disk\n\n{line}\n  {line}  \n");
        let anchors = parse_anchors(&text).unwrap();
        assert_eq!(anchors.len(), 2);
        assert_eq!(anchors[0].line, 3);
        assert_eq!((anchors[1].seq, anchors[1].head), (42, head));
    }

    #[test]
    fn malformed_anchor_lines_are_named() {
        for bad in [
            "2026 1",
            "2026 x 00",
            "2026 -1 00",
            &format!("t 1 {}", "zz".repeat(32)),
            &format!("t 1 {}", "ab".repeat(31)),
            &format!("t 1 {} extra", "ab".repeat(32)),
        ] {
            let err = parse_anchors(&format!("# c\n{bad}\n")).unwrap_err();
            assert!(err.starts_with("line 2 "), "{bad}: {err}");
        }
        assert_eq!(unhex(&"é".repeat(32)), None);
    }
}
