//! Serving a response that streams JSON values (NDJSON, JSON Lines, a JSON text sequence):
//! each written as the implementation yields it. The body that writes them serves event
//! streams too.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use futures_core::Stream;
use http::{HeaderValue, StatusCode, header};
use serde::Serialize;

use crate::items::{Framing, Items};

/// The response for `items`, sent as `content_type` (framed as it says): each value written as
/// JSON as it comes, nothing buffered. An error from the implementation's stream, or a value
/// that cannot be written as JSON, ends the response after the values before it (the client
/// sees the connection drop) and is logged.
pub fn items_response<T: Serialize + Send + 'static>(
    status: StatusCode,
    content_type: &'static str,
    items: Items<T>,
) -> Response {
    let framing = Framing::of(content_type).unwrap_or(Framing::Lines);
    let write = move |item: T| {
        serde_json::to_string(&item)
            .map(|json| Bytes::from(framing.frame(&json)))
            .map_err(|e| format!("a streamed item could not be written: {e}"))
    };
    let mut response = (status, written(items, write, None)).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert("x-accel-buffering", HeaderValue::from_static("no"));
    response
}

/// A body of `items`, each written by `write` as the stream yields it; with `keep_alive`,
/// that text is sent after each such span of silence.
pub(super) fn written<T: Send + 'static>(
    items: Items<T>,
    write: impl Fn(T) -> Result<Bytes, String> + Send + Unpin + 'static,
    keep_alive: Option<(Duration, &'static str)>,
) -> axum::body::Body {
    axum::body::Body::from_stream(Written {
        items,
        write,
        keep_alive: keep_alive
            .map(|(every, text)| (every, text, Box::pin(tokio::time::sleep(every)))),
        error: None,
    })
}

struct Written<T, W> {
    items: Items<T>,
    write: W,
    keep_alive: Option<(Duration, &'static str, Pin<Box<tokio::time::Sleep>>)>,
    /// The failure that ends the body, once what came before it is sent.
    error: Option<std::io::Error>,
}

impl<T, W: Fn(T) -> Result<Bytes, String> + Unpin> Stream for Written<T, W> {
    type Item = Result<Bytes, std::io::Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if let Some(error) = this.error.take() {
            return Poll::Ready(Some(Err(error)));
        }
        let failed = match Pin::new(&mut this.items).poll_next(cx) {
            Poll::Ready(None) => return Poll::Ready(None),
            Poll::Ready(Some(Ok(item))) => {
                if let Some((every, _, idle)) = &mut this.keep_alive {
                    idle.as_mut().reset(tokio::time::Instant::now() + *every);
                }
                match (this.write)(item) {
                    Ok(bytes) => return Poll::Ready(Some(Ok(bytes))),
                    Err(e) => e,
                }
            }
            Poll::Ready(Some(Err(e))) => format!("the implementation's stream failed: {e}"),
            Poll::Pending => {
                let Some((every, text, idle)) = &mut this.keep_alive else {
                    return Poll::Pending;
                };
                if idle.as_mut().poll(cx).is_pending() {
                    return Poll::Pending;
                }
                idle.as_mut().reset(tokio::time::Instant::now() + *every);
                return Poll::Ready(Some(Ok(Bytes::from_static(text.as_bytes()))));
            }
        };
        tracing::error!("{failed}");
        // Dropped at the next poll, once what came before went out: an error at once would
        // discard it with the connection.
        this.error = Some(std::io::Error::other(failed));
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}
