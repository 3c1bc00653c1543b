//! URI text shared by what lowering decides and what emit writes.

/// A literal part of a path template as it must be sent, and as the server's route expects
/// it: characters a path cannot carry as they are (`?`, `#`, spaces, non-ASCII)
/// percent-encoded, so that a template like `/search?all` stays a path; `%` stays, so a
/// literal the spec wrote encoded is sent as written.
pub fn encode_literal(literal: &str) -> String {
    let mut out = String::with_capacity(literal.len());
    for b in literal.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~!$&'()*+,;=:@%".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
