//! A `text/event-stream` response read as a `Stream` of typed events, reconnecting with
//! `Last-Event-ID` when the connection drops, if asked to.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures_core::Stream;
use http::{HeaderMap, StatusCode};

use super::{ByteStream, Error, ErrorResponse};
use crate::events::{Decoder, Event};

type Body = Pin<Box<dyn Stream<Item = Result<Bytes, Error>> + Send>>;
type Opening = Pin<Box<dyn Future<Output = Result<ByteStream, Error>> + Send>>;

/// Opens the stream again, sending the given last event id in `Last-Event-ID`.
pub type Reopen = Arc<dyn Fn(Option<String>) -> Opening + Send + Sync>;

/// Reads an event's data as JSON of the operation's schema.
#[doc(hidden)]
pub fn json_data<T: serde::de::DeserializeOwned>(data: &str) -> Result<T, String> {
    serde_json::from_str(data).map_err(|e| e.to_string())
}

/// Keeps an event's data as the text it is.
#[doc(hidden)]
pub fn text_data(data: &str) -> Result<String, String> {
    Ok(data.to_owned())
}

/// The wait before reconnecting when the server has not said (`retry:`) how long.
pub const DEFAULT_RECONNECT: Duration = Duration::from_secs(3);

/// The events of a `text/event-stream` response, each event's `data` decoded by the
/// operation's schema (or kept as text), with its `event`, `id` and `retry`. The stream ends
/// when the server ends the response; an error ends it too, unless
/// [`EventStream::reconnecting`] says to reconnect.
pub struct EventStream<T> {
    status: StatusCode,
    headers: HeaderMap,
    body: Option<Body>,
    decoder: Decoder,
    ready: VecDeque<Event<String>>,
    decode: fn(&str) -> Result<T, String>,
    reconnect: Option<Reconnect>,
    /// Waiting to reconnect, then reconnecting.
    pending: Option<Pending>,
    ended: bool,
}

struct Reconnect {
    reopen: Reopen,
    /// Reconnections left; each event received restores them.
    left: u32,
    max: u32,
}

enum Pending {
    Waiting(Pin<Box<tokio::time::Sleep>>),
    Opening(Opening),
}

impl<T> std::fmt::Debug for EventStream<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventStream")
            .field("status", &self.status)
            .field("last_id", &self.decoder.last_id())
            .field("ended", &self.ended)
            .finish_non_exhaustive()
    }
}

impl<T> EventStream<T> {
    /// The events of `body`, whose data `decode` reads.
    #[doc(hidden)]
    pub fn new(body: ByteStream, decode: fn(&str) -> Result<T, String>) -> Self {
        EventStream {
            status: body.status(),
            headers: body.headers().clone(),
            body: Some(Box::pin(body)),
            decoder: Decoder::new(),
            ready: VecDeque::new(),
            decode,
            reconnect: None,
            pending: None,
            ended: false,
        }
    }

    /// The status of the response the stream started with.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The headers of the response the stream started with.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The id of the last event received, which a reconnection sends back.
    pub fn last_id(&self) -> Option<&str> {
        self.decoder.last_id()
    }

    /// When the connection fails mid-stream, sends the request again with the last event id
    /// in `Last-Event-ID` (after the wait the server last asked for with `retry:`, else
    /// [`DEFAULT_RECONNECT`]), at most `max` times in a row: an event received resets the
    /// count. A stream the server ends is not reopened.
    #[doc(hidden)]
    pub fn reconnecting(mut self, max: u32, reopen: Reopen) -> Self {
        self.reconnect = Some(Reconnect {
            reopen,
            left: max,
            max,
        });
        self
    }

    /// `error` ends the stream, unless a reconnection is left: then one is begun.
    fn failed(&mut self, error: Error) -> Option<Error> {
        self.body = None;
        match &mut self.reconnect {
            Some(reconnect) if reconnect.left > 0 => {
                reconnect.left -= 1;
                let wait = self.decoder.reconnect_after().unwrap_or(DEFAULT_RECONNECT);
                tracing::debug!(?wait, %error, "the event stream dropped; reconnecting");
                self.pending = Some(Pending::Waiting(Box::pin(tokio::time::sleep(wait))));
                None
            }
            _ => {
                self.ended = true;
                Some(error)
            }
        }
    }

    fn decoded(&mut self, event: Event<String>) -> Result<Event<T>, Error> {
        if let Some(reconnect) = &mut self.reconnect {
            reconnect.left = reconnect.max;
        }
        match (self.decode)(&event.data) {
            Ok(data) => Ok(Event {
                data,
                event: event.event,
                id: event.id,
                retry: event.retry,
            }),
            Err(message) => {
                let message = format!("an event's data: {message}");
                Err(self.unreadable(message, Bytes::from(event.data)))
            }
        }
    }

    /// A decode error of this stream's response, keeping what could not be read.
    fn unreadable(&self, message: String, body: Bytes) -> Error {
        let response = ErrorResponse {
            status: self.status,
            headers: self.headers.clone(),
            body,
        };
        Error::undecodable(response, message, None)
    }
}

impl<T> Stream for EventStream<T> {
    type Item = Result<Event<T>, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(event) = this.ready.pop_front() {
                return Poll::Ready(Some(this.decoded(event)));
            }
            if this.ended {
                return Poll::Ready(None);
            }
            match &mut this.pending {
                Some(Pending::Waiting(sleep)) => {
                    if sleep.as_mut().poll(cx).is_pending() {
                        return Poll::Pending;
                    }
                    let last_id = this.decoder.last_id().map(str::to_owned);
                    let reopen = this.reconnect.as_ref().map(|r| Arc::clone(&r.reopen));
                    this.pending = reopen.map(|reopen| Pending::Opening(reopen(last_id)));
                    continue;
                }
                Some(Pending::Opening(opening)) => match opening.as_mut().poll(cx) {
                    Poll::Pending => return Poll::Pending,
                    Poll::Ready(Ok(body)) => {
                        this.pending = None;
                        // A line cut off by the drop does not join the new stream's first.
                        this.decoder.restart();
                        this.body = Some(Box::pin(body));
                    }
                    // A server that answers, but not with events, has said no: as a
                    // browser's `EventSource` does, the stream ends there.
                    Poll::Ready(Err(error)) if error.status().is_some() => {
                        this.pending = None;
                        this.ended = true;
                        return Poll::Ready(Some(Err(error)));
                    }
                    Poll::Ready(Err(error)) => {
                        this.pending = None;
                        if let Some(error) = this.failed(error) {
                            return Poll::Ready(Some(Err(error)));
                        }
                        // Another reconnection is waiting.
                        continue;
                    }
                },
                None => {}
            }
            let Some(body) = &mut this.body else {
                // Not reached: without a body the stream has ended or is reconnecting.
                this.ended = true;
                continue;
            };
            match body.as_mut().poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => {
                    this.ended = true;
                    this.body = None;
                }
                Poll::Ready(Some(Ok(chunk))) => {
                    let ready = &mut this.ready;
                    if let Err(e) = this.decoder.push(&chunk, |event| ready.push_back(event)) {
                        this.ended = true;
                        this.body = None;
                        return Poll::Ready(Some(
                            Err(this.unreadable(e.to_string(), Bytes::new())),
                        ));
                    }
                }
                Poll::Ready(Some(Err(error))) => {
                    if let Some(error) = this.failed(error) {
                        return Poll::Ready(Some(Err(error)));
                    }
                }
            }
        }
    }
}

/// A client's events as the operation's response carries them.
impl<T: Send + 'static> From<EventStream<T>> for crate::events::Events<T> {
    fn from(stream: EventStream<T>) -> Self {
        crate::events::Events::try_new(stream)
    }
}
