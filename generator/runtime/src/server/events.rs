//! Serving a `text/event-stream` response: events written as the implementation yields them,
//! with a keep-alive comment while it is silent.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use futures_core::Stream;
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
    let body = EventBody {
        error: None,
        events,
        data,
        keep_alive,
        idle: Box::pin(tokio::time::sleep(keep_alive)),
    };
    let mut response = (status, axum::body::Body::from_stream(body)).into_response();
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

struct EventBody<T> {
    /// The failure that ends the body, once what came before it is sent.
    error: Option<std::io::Error>,
    events: Events<T>,
    data: fn(&T) -> Result<String, String>,
    keep_alive: Duration,
    idle: Pin<Box<tokio::time::Sleep>>,
}

impl<T> EventBody<T> {
    /// Ends the body with `error` at the next poll: the connection is dropped only after the
    /// events before the failure went out (an error at once would discard them with it).
    fn failed(
        &mut self,
        error: std::io::Error,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Bytes, std::io::Error>>> {
        self.error = Some(error);
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

impl<T> Stream for EventBody<T> {
    type Item = Result<Bytes, std::io::Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if let Some(error) = this.error.take() {
            return Poll::Ready(Some(Err(error)));
        }
        match Pin::new(&mut this.events).poll_next(cx) {
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Ready(Some(Err(e))) => {
                tracing::error!("the implementation's event stream failed: {e}");
                this.failed(std::io::Error::other(e), cx)
            }
            Poll::Ready(Some(Ok(event))) => {
                let deadline = tokio::time::Instant::now() + this.keep_alive;
                this.idle.as_mut().reset(deadline);
                match (this.data)(&event.data) {
                    Ok(data) => Poll::Ready(Some(Ok(Bytes::from(encode(&Event {
                        data,
                        event: event.event,
                        id: event.id,
                        retry: event.retry,
                    }))))),
                    Err(e) => {
                        tracing::error!("an event's data could not be written: {e}");
                        this.failed(std::io::Error::other(e), cx)
                    }
                }
            }
            Poll::Pending => {
                if this.idle.as_mut().poll(cx).is_pending() {
                    return Poll::Pending;
                }
                let deadline = tokio::time::Instant::now() + this.keep_alive;
                this.idle.as_mut().reset(deadline);
                Poll::Ready(Some(Ok(Bytes::from_static(KEEP_ALIVE.as_bytes()))))
            }
        }
    }
}
