//! Responses that stream JSON values one after another: newline-delimited JSON
//! (`application/x-ndjson`, `application/jsonl`) and JSON text sequences
//! (`application/json-seq`, RFC 7464).

use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;

use crate::events::{MAX_EVENT, StreamError, TooLarge};

/// What an operation's streaming JSON response carries: the items a client reads as they
/// arrive, or those a server implementation answers with (any `Stream` of them, given to
/// [`Items::new`]). An item that is an error ends the stream, as for
/// [`Events`](crate::events::Events).
pub struct Items<T> {
    /// Only ever reached through `&mut`: the lock is never taken, and makes the items `Sync`.
    inner: std::sync::Mutex<ItemsInner<T>>,
}

type ItemsInner<T> = Pin<Box<dyn Stream<Item = Result<T, StreamError>> + Send>>;

impl<T> Items<T> {
    /// The items of `items`, in order.
    pub fn new(items: impl Stream<Item = T> + Send + 'static) -> Self {
        Items::boxed(Box::pin(Infallible(Box::pin(items))))
    }

    /// The items of `items`, the first error ending them.
    pub fn try_new<E>(items: impl Stream<Item = Result<T, E>> + Send + 'static) -> Self
    where
        E: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        Items::boxed(Box::pin(Fallible(Box::pin(items))))
    }

    fn boxed(inner: ItemsInner<T>) -> Self {
        Items {
            inner: std::sync::Mutex::new(inner),
        }
    }
}

impl<T> std::fmt::Debug for Items<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Items(..)")
    }
}

impl<T> Stream for Items<T> {
    type Item = Result<T, StreamError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let inner = self
            .inner
            .get_mut()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        inner.as_mut().poll_next(cx)
    }
}

struct Infallible<S>(Pin<Box<S>>);

impl<T, S: Stream<Item = T>> Stream for Infallible<S> {
    type Item = Result<T, StreamError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.0.as_mut().poll_next(cx).map(|item| item.map(Ok))
    }
}

struct Fallible<S>(Pin<Box<S>>);

impl<T, E, S> Stream for Fallible<S>
where
    S: Stream<Item = Result<T, E>>,
    E: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    type Item = Result<T, StreamError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.0
            .as_mut()
            .poll_next(cx)
            .map(|item| item.map(|item| item.map_err(StreamError::new)))
    }
}

/// How the values of a stream are told apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Framing {
    /// One value per line (NDJSON, JSON Lines); blank lines are skipped.
    Lines,
    /// Each value after an RS (0x1E) and ended by LF (RFC 7464).
    Seq,
}

impl Framing {
    /// The framing of a media type that streams JSON values, if it is one.
    pub fn of(media_type: &str) -> Option<Framing> {
        let essence = media_type.split(';').next().unwrap_or("").trim();
        match essence.to_ascii_lowercase().as_str() {
            "application/x-ndjson"
            | "application/ndjson"
            | "application/jsonl"
            | "application/x-jsonlines"
            | "application/jsonlines" => Some(Framing::Lines),
            "application/json-seq" => Some(Framing::Seq),
            _ => None,
        }
    }

    fn separator(self) -> u8 {
        match self {
            Framing::Lines => b'\n',
            Framing::Seq => 0x1E,
        }
    }

    /// One value's JSON text, framed.
    pub fn frame(self, json: &str) -> Vec<u8> {
        let mut out = Vec::with_capacity(json.len() + 2);
        if self == Framing::Seq {
            out.push(0x1E);
        }
        out.extend_from_slice(json.as_bytes());
        out.push(b'\n');
        out
    }
}

/// Cuts a body into its values' texts as its chunks arrive.
#[derive(Debug)]
pub struct Splitter {
    framing: Framing,
    /// The value being read, not yet ended.
    pending: Vec<u8>,
}

impl Splitter {
    pub fn new(framing: Framing) -> Self {
        Splitter {
            framing,
            pending: Vec::new(),
        }
    }

    /// Reads `chunk`, handing each value it completes to `emit`.
    pub fn push(&mut self, chunk: &[u8], mut emit: impl FnMut(&[u8])) -> Result<(), TooLarge> {
        let separator = self.framing.separator();
        let mut rest = chunk;
        while let Some(end) = rest.iter().position(|&b| b == separator) {
            if self.pending.is_empty() {
                self.emit(&rest[..end], &mut emit);
            } else {
                self.pending.extend_from_slice(&rest[..end]);
                let value = std::mem::take(&mut self.pending);
                self.emit(&value, &mut emit);
            }
            rest = &rest[end + 1..];
        }
        if self.pending.len() + rest.len() > MAX_EVENT {
            return Err(TooLarge);
        }
        self.pending.extend_from_slice(rest);
        Ok(())
    }

    /// Hands over what is left when the body ends: a last line need not end with LF.
    pub fn finish(&mut self, mut emit: impl FnMut(&[u8])) {
        let value = std::mem::take(&mut self.pending);
        self.emit(&value, &mut emit);
    }

    fn emit(&self, value: &[u8], emit: &mut impl FnMut(&[u8])) {
        let value = value.trim_ascii();
        if !value.is_empty() {
            emit(value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Framing, Splitter};

    fn split(framing: Framing, text: &[u8], size: usize) -> Vec<String> {
        let mut splitter = Splitter::new(framing);
        let mut out = Vec::new();
        for chunk in text.chunks(size) {
            splitter
                .push(chunk, |v| out.push(String::from_utf8(v.to_vec()).unwrap()))
                .unwrap();
        }
        splitter.finish(|v| out.push(String::from_utf8(v.to_vec()).unwrap()));
        out
    }

    #[test]
    fn values_are_split_however_the_chunks_fall() {
        let lines = b"{\"a\":1}\r\n\n  {\"a\":2}\n{\"a\":3}";
        let seq = b"\x1e{\"a\":1}\n\x1e{\"a\":\n2}\n\x1e{\"a\":3}\n";
        for size in 1..=lines.len() {
            assert_eq!(
                split(Framing::Lines, lines, size),
                ["{\"a\":1}", "{\"a\":2}", "{\"a\":3}"]
            );
        }
        for size in 1..=seq.len() {
            // A value in a sequence may span lines.
            assert_eq!(
                split(Framing::Seq, seq, size),
                ["{\"a\":1}", "{\"a\":\n2}", "{\"a\":3}"]
            );
        }
    }

    #[test]
    fn framing_is_known_by_media_type_and_written_back() {
        assert_eq!(
            Framing::of("application/x-ndjson; charset=utf-8"),
            Some(Framing::Lines)
        );
        assert_eq!(Framing::of("application/jsonl"), Some(Framing::Lines));
        assert_eq!(Framing::of("application/json-seq"), Some(Framing::Seq));
        assert_eq!(Framing::of("application/json"), None);
        let written = [Framing::Seq.frame("1"), Framing::Seq.frame("[2]")].concat();
        assert_eq!(split(Framing::Seq, &written, 1), ["1", "[2]"]);
    }
}
