//! Serving a `text/event-stream` response: events written as the implementation yields them,
//! with a keep-alive comment while it is silent.

use std::time::Duration;

use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use http::{HeaderValue, StatusCode, header};

use crate::events::{Event, Events, KEEP_ALIVE, encode};

/// How long a stream may be silent before the router sends a keep-alive comment.
pub const DEFAULT_KEEP_ALIVE: Duration = Duration::from_secs(15);

/// Writes an event's data as JSON.
#[doc(hidden)]
pub fn json_data<T: serde::Serialize>(data: &T) -> Result<String, String> {
    serde_json::to_string(data).map_err(|e| e.to_string())
}

/// Writes an event's data as the text it is.
#[doc(hidden)]
// A writer of `Event<String>`s' data is a `fn(&String)`.
#[allow(clippy::ptr_arg)]
pub fn text_data(data: &String) -> Result<String, String> {
    Ok(data.clone())
}

/// The response for `events`: each written as it comes (its data by `data`), nothing buffered,
/// and a comment after `keep_alive` of silence so that proxies and clients keep the connection.
/// An error from the implementation's stream, or data that cannot be written, ends the stream
/// (the client sees the connection drop) and is logged.
pub fn event_stream_response<T: Send + 'static>(
    status: StatusCode,
    events: Events<T>,
    data: fn(&T) -> Result<String, String>,
    keep_alive: Duration,
) -> Response {
    let write = move |event: Event<T>| {
        let text =
            data(&event.data).map_err(|e| format!("an event's data could not be written: {e}"))?;
        Ok(Bytes::from(encode(&event.map(|_| text))))
    };
    let body = super::items::written(events.into_items(), write, Some((keep_alive, KEEP_ALIVE)));
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/event-stream"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    // Proxies that buffer responses (nginx) would hold events back.
    headers.insert("x-accel-buffering", HeaderValue::from_static("no"));
    response
}
