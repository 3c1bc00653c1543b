//! Serving a response that streams JSON values (NDJSON, JSON Lines, a JSON text sequence):
//! each written as the implementation yields it.

use std::pin::Pin;
use std::task::{Context, Poll};

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
    let body = ItemBody {
        items,
        framing: Framing::of(content_type).unwrap_or(Framing::Lines),
        error: None,
    };
    let mut response = (status, axum::body::Body::from_stream(body)).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert("x-accel-buffering", HeaderValue::from_static("no"));
    response
}

struct ItemBody<T> {
    items: Items<T>,
    framing: Framing,
    /// The failure that ends the body, once what came before it is sent.
    error: Option<std::io::Error>,
}

impl<T: Serialize> Stream for ItemBody<T> {
    type Item = Result<Bytes, std::io::Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if let Some(error) = this.error.take() {
            return Poll::Ready(Some(Err(error)));
        }
        let failed = match Pin::new(&mut this.items).poll_next(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(None) => return Poll::Ready(None),
            Poll::Ready(Some(Ok(item))) => match serde_json::to_string(&item) {
                Ok(json) => return Poll::Ready(Some(Ok(Bytes::from(this.framing.frame(&json))))),
                Err(e) => format!("a streamed item could not be written: {e}"),
            },
            Poll::Ready(Some(Err(e))) => format!("the implementation's stream failed: {e}"),
        };
        tracing::error!("{failed}");
        // Dropped at the next poll, once the items before it went out.
        this.error = Some(std::io::Error::other(failed));
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}
