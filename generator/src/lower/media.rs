//! Media types: which kind of body each one is.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Media {
    Json,
    Form,
    Multipart,
    Text,
    /// `text/event-stream`: server-sent events.
    Events,
    /// JSON values one after another: NDJSON, JSON Lines, JSON text sequences.
    Items,
    Binary,
}

impl Media {
    /// Which media type of a response is decoded, lowest first.
    pub fn preference(self) -> u8 {
        match self {
            Media::Json => 0,
            Media::Events | Media::Items => 1,
            Media::Text => 2,
            Media::Form | Media::Multipart | Media::Binary => 3,
        }
    }
}

/// The media type without parameters, lower case.
fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// The `Content-Type` a body of this media type is sent with: itself, unless a header cannot
/// carry it (a range like `image/*`, non-ASCII), which is sent as raw bytes.
pub fn sendable(media_type: &str) -> String {
    let header_safe = media_type.bytes().all(|b| (0x20..0x7f).contains(&b));
    if media_type.contains('*') || !header_safe {
        "application/octet-stream".to_owned()
    } else {
        media_type.to_owned()
    }
}

/// The `Content-Type` a server answers a response body of this media type with: as
/// [`sendable`], but a body the spec types as JSON is never sent as bytes.
pub fn answered(media_type: &str, json: bool) -> String {
    match sendable(media_type) {
        bytes if json && bytes == "application/octet-stream" => "application/json".to_owned(),
        sent => sent,
    }
}

pub fn classify(media_type: &str) -> Media {
    let essence = essence(media_type);
    match essence.as_str() {
        "application/json" | "*/*" | "application/*" => Media::Json,
        "application/x-www-form-urlencoded" => Media::Form,
        "multipart/form-data" => Media::Multipart,
        "text/event-stream" => Media::Events,
        // The runtime's `items::Framing::of` reads the same list.
        "application/x-ndjson"
        | "application/ndjson"
        | "application/jsonl"
        | "application/x-jsonlines"
        | "application/jsonlines"
        | "application/json-seq" => Media::Items,
        e if e.ends_with("+json") || e.ends_with("/json") => Media::Json,
        e if e.starts_with("text/") => Media::Text,
        _ => Media::Binary,
    }
}

/// A short name for a media type, for variant and type names (`application/json` is `Json`,
/// `application/vnd.api+json` is `VndApiJson`, `text/plain` is `Text`).
pub fn short_name(media_type: &str) -> String {
    let essence = essence(media_type);
    match classify(media_type) {
        Media::Json
            if matches!(
                essence.as_str(),
                "application/json" | "*/*" | "application/*"
            ) =>
        {
            "json".to_owned()
        }
        Media::Form => "form".to_owned(),
        Media::Multipart => "multipart".to_owned(),
        Media::Text if essence == "text/plain" => "text".to_owned(),
        Media::Binary if essence == "application/octet-stream" => "binary".to_owned(),
        _ => essence
            .split_once('/')
            .map(|(_, sub)| sub.to_owned())
            .unwrap_or(essence),
    }
}
