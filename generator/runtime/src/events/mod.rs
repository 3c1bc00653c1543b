//! Server-sent events (`text/event-stream`): an event's fields, read out of a body as its
//! chunks arrive and written for one, as the WHATWG HTML standard says ("Server-sent events").

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use futures_core::Stream;

use crate::items::Items;

#[cfg(test)]
mod tests;

/// The most a single event may hold (its `data` lines together, or a line not yet ended):
/// a server that never ends a line cannot make the reader hold its whole body.
pub const MAX_EVENT: usize = 16 << 20;

/// One event: its `data` (decoded by the operation's schema, or the text as sent), and the
/// `event` type, `id` and `retry` fields when the server sent them.
#[derive(Clone, Debug, PartialEq)]
pub struct Event<T> {
    pub data: T,
    /// The event's type (`event:`); `None` for the default, `message`.
    pub event: Option<String>,
    /// The last event id the stream set (`id:`), which a reconnection sends back in
    /// `Last-Event-ID`.
    pub id: Option<String>,
    /// How long the server asks a client to wait before reconnecting (`retry:`).
    pub retry: Option<Duration>,
}

impl<T> Event<T> {
    /// An event of the default type carrying `data`.
    pub fn new(data: T) -> Self {
        Event {
            data,
            event: None,
            id: None,
            retry: None,
        }
    }

    /// The same event with its type set (`event:`).
    pub fn with_event(mut self, event: impl Into<String>) -> Self {
        self.event = Some(event.into());
        self
    }

    /// The same event with an id (`id:`).
    pub fn with_id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// The same event asking clients to wait `retry` before reconnecting.
    pub fn with_retry(mut self, retry: Duration) -> Self {
        self.retry = Some(retry);
        self
    }

    /// The same event with its data turned by `f`.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Event<U> {
        Event {
            data: f(self.data),
            event: self.event,
            id: self.id,
            retry: self.retry,
        }
    }
}

/// What an operation's `text/event-stream` response carries: the events a client reads as
/// they arrive, or those a server implementation answers with (any `Stream` of [`Event`]s,
/// given to [`Events::new`]). An item that is an error ends the stream: a client's when the
/// connection drops or an event's data does not decode (the client's `Error`, in a
/// [`StreamError`]), a server's when its implementation fails (the connection is dropped).
pub struct Events<T>(Items<Event<T>>);

impl<T> Events<T> {
    /// The events of `events`, in order.
    pub fn new(events: impl Stream<Item = Event<T>> + Send + 'static) -> Self {
        Events(Items::new(events))
    }

    /// The events of `events`, the first error ending them.
    pub fn try_new<E>(events: impl Stream<Item = Result<Event<T>, E>> + Send + 'static) -> Self
    where
        E: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        Events(Items::try_new(events))
    }

    /// The events as the stream of items they are, for the server to write.
    #[cfg(feature = "server")]
    pub(crate) fn into_items(self) -> Items<Event<T>> {
        self.0
    }
}

impl<T> std::fmt::Debug for Events<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Events(..)")
    }
}

impl<T> Stream for Events<T> {
    type Item = Result<Event<T>, StreamError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Pin::new(&mut self.0).poll_next(cx)
    }
}

/// Why a stream of events ended early: the client's `Error` for a client, the
/// implementation's error for a server; [`StreamError::downcast_ref`] gets it back.
#[derive(Debug)]
pub struct StreamError(Box<dyn std::error::Error + Send + Sync>);

impl StreamError {
    pub fn new(error: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        StreamError(error.into())
    }

    /// The error, if it is an `E` (the client's `Error`, say).
    pub fn downcast_ref<E: std::error::Error + 'static>(&self) -> Option<&E> {
        self.0.downcast_ref()
    }

    pub fn into_inner(self) -> Box<dyn std::error::Error + Send + Sync> {
        self.0
    }
}

impl std::fmt::Display for StreamError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(&self.0, f)
    }
}

impl std::error::Error for StreamError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.0)
    }
}

/// Why an event stream could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TooLarge;

impl std::fmt::Display for TooLarge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "an event or line of the stream is over {MAX_EVENT} bytes"
        )
    }
}

impl std::error::Error for TooLarge {}

/// Reads events out of a body's chunks as they arrive: lines end with CR LF, LF or CR (a CR
/// at the end of one chunk and an LF at the start of the next are one line end), a blank
/// line ends an event, lines starting with `:` are comments (keep-alives), and an event left
/// unfinished when the body ends is dropped.
#[derive(Debug, Default)]
pub struct Decoder {
    /// The line being read, not yet ended.
    line: Vec<u8>,
    /// The last chunk ended with CR: an LF starting the next one ends nothing more.
    after_cr: bool,
    /// Whether the first bytes (and a byte order mark among them) have been looked at.
    started: bool,
    data: String,
    /// Whether any `data` line came since the last event: an event without one is not sent.
    has_data: bool,
    event: Option<String>,
    /// The id the lines so far set, kept from event to event until an `id` changes it.
    id: Option<String>,
    /// The id as of the last blank line: an id in an event cut off by a dropped connection
    /// does not count, and a reconnection resumes from this one.
    last_id: Option<String>,
    /// A `retry` among the current event's lines.
    retry: Option<Duration>,
    /// The last `retry` the stream sent, event or not.
    reconnect: Option<Duration>,
}

impl Decoder {
    pub fn new() -> Self {
        Decoder::default()
    }

    /// The id of the last event, to send back in `Last-Event-ID` when reconnecting.
    pub fn last_id(&self) -> Option<&str> {
        self.last_id.as_deref()
    }

    /// Forgets a line or event cut off by a dropped connection, keeping the last event id and
    /// reconnection time, for the body of a reconnection.
    pub fn restart(&mut self) {
        *self = Decoder {
            id: self.last_id.clone(),
            last_id: self.last_id.take(),
            reconnect: self.reconnect,
            ..Decoder::default()
        };
    }

    /// The wait before reconnecting that the stream last asked for (`retry:`).
    pub fn reconnect_after(&self) -> Option<Duration> {
        self.reconnect
    }

    /// Reads `chunk`, handing each event it completes to `emit`, in order.
    pub fn push(
        &mut self,
        mut chunk: &[u8],
        mut emit: impl FnMut(Event<String>),
    ) -> Result<(), TooLarge> {
        if !self.started && !chunk.is_empty() {
            self.started = true;
            chunk = chunk.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(chunk);
        }
        if self.after_cr {
            self.after_cr = false;
            chunk = chunk.strip_prefix(b"\n").unwrap_or(chunk);
        }
        while let Some(end) = chunk.iter().position(|&b| b == b'\n' || b == b'\r') {
            self.line.extend_from_slice(&chunk[..end]);
            let line = std::mem::take(&mut self.line);
            if let Some(event) = self.line_ended(&line)? {
                emit(event);
            }
            let crlf = chunk[end] == b'\r' && chunk.get(end + 1) == Some(&b'\n');
            if chunk[end] == b'\r' && end + 1 == chunk.len() {
                self.after_cr = true;
            }
            chunk = &chunk[end + if crlf { 2 } else { 1 }..];
        }
        if self.line.len() + chunk.len() > MAX_EVENT {
            return Err(TooLarge);
        }
        self.line.extend_from_slice(chunk);
        Ok(())
    }

    /// Takes in one whole line; a blank one ends the event.
    fn line_ended(&mut self, line: &[u8]) -> Result<Option<Event<String>>, TooLarge> {
        if line.is_empty() {
            return Ok(self.dispatch());
        }
        if line[0] == b':' {
            return Ok(None);
        }
        let line = String::from_utf8_lossy(line);
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (&*line, ""),
        };
        match field {
            "data" => {
                if self.data.len() + value.len() + 1 > MAX_EVENT {
                    return Err(TooLarge);
                }
                if self.has_data {
                    self.data.push('\n');
                }
                self.data.push_str(value);
                self.has_data = true;
            }
            "event" => self.event = Some(value.to_owned()),
            // An id with NUL in it is ignored; an empty one clears the last.
            "id" if !value.contains('\0') => {
                self.id = (!value.is_empty()).then(|| value.to_owned());
            }
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                self.retry = value.parse().ok().map(Duration::from_millis);
                self.reconnect = self.retry.or(self.reconnect);
            }
            _ => {}
        }
        Ok(None)
    }

    /// The event the lines so far make, if they gave it data; the next starts afresh.
    fn dispatch(&mut self) -> Option<Event<String>> {
        let event = self
            .event
            .take()
            .filter(|e| !e.is_empty() && e != "message");
        let retry = self.retry.take();
        self.last_id.clone_from(&self.id);
        if !std::mem::take(&mut self.has_data) {
            return None;
        }
        Some(Event {
            data: std::mem::take(&mut self.data),
            event,
            id: self.last_id.clone(),
            retry,
        })
    }
}

/// The text of one event as a server sends it: `data` split into one `data:` line per line of
/// it, so that nothing in it can end the event early or add a field; an `event` or `id` with a
/// line break in it (which no field can carry) is left out, and so is an `id` with NUL.
pub fn encode(event: &Event<String>) -> String {
    let mut out = String::with_capacity(event.data.len() + 16);
    if let Some(name) = &event.event {
        if !name.contains(['\r', '\n']) {
            out.push_str("event: ");
            out.push_str(name);
            out.push('\n');
        }
    }
    if let Some(id) = &event.id {
        if !id.contains(['\r', '\n', '\0']) {
            out.push_str("id: ");
            out.push_str(id);
            out.push('\n');
        }
    }
    if let Some(retry) = event.retry {
        out.push_str(&format!("retry: {}\n", retry.as_millis()));
    }
    // Every kind of line end the reader knows splits a line here too.
    let data = event.data.replace("\r\n", "\n").replace('\r', "\n");
    for line in data.split('\n') {
        out.push_str("data: ");
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
    out
}

/// A comment line, which readers skip: sent while a stream is idle so that proxies and
/// clients do not take the connection for dead.
pub const KEEP_ALIVE: &str = ":\n";
