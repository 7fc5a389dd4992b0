//! The history chain: each event's hash covers its content and the previous event's hash, so
//! an edit, deletion or insertion behind the program's back breaks the chain from there on.

/// The hash before the first event.
pub const GENESIS: [u8; 32] = [0; 32];

pub struct EventFields<'a> {
    pub seq: i64,
    pub record_id: &'a str,
    pub at: i64,
    pub written_at: i64,
    pub operator: &'a str,
    pub action: &'a str,
    pub payload: &'a str,
}

pub fn event_hash(prev: &[u8], e: &EventFields<'_>) -> [u8; 32] {
    let mut h = blake3::Hasher::new();
    h.update(b"dutydesk-event-v1");
    h.update(prev);
    h.update(&e.seq.to_le_bytes());
    for text in [e.record_id, e.operator, e.action, e.payload] {
        h.update(&(text.len() as u64).to_le_bytes());
        h.update(text.as_bytes());
    }
    h.update(&e.at.to_le_bytes());
    h.update(&e.written_at.to_le_bytes());
    *h.finalize().as_bytes()
}
