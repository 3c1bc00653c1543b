//! A binary body (a request's or a response's, of any media type that is not JSON or text):
//! bytes in memory, or a stream of chunks read as they are sent.

use std::fmt;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use futures_core::Stream;

/// What a stream of chunks may fail with.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The chunks of a streamed body.
pub(crate) type Chunks = Pin<Box<dyn Stream<Item = Result<Bytes, BoxError>> + Send>>;

/// A binary body: [`Bytes`] in memory, or a stream of chunks that is read as it is sent, so
/// that a body of any size is sent holding a chunk at a time.
///
/// - A client sends it as the request's body; an upload from a file is
///   `Blob::stream(tokio_util::io::ReaderStream::new(file))`. A streamed body is sent once:
///   a call whose body is a stream is not retried.
/// - A server implementation answers with it; a streamed response is written as its chunks
///   come, and an error from the stream drops the connection after the chunks before it.
/// - What a server receives, and what a client reads whole, is always bytes
///   ([`Blob::as_bytes`]); the client's `_stream` methods read a download chunk by chunk.
///
/// Clones of a stream share it: whichever is sent first takes it. Two blobs are equal when
/// they hold equal bytes, or are clones of one stream.
#[derive(Clone)]
pub struct Blob(Repr);

#[derive(Clone)]
enum Repr {
    Bytes(Bytes),
    /// `None` once taken.
    Stream(Arc<Mutex<Option<Chunks>>>),
}

impl Blob {
    /// A body of these bytes.
    pub fn from_bytes(bytes: impl Into<Bytes>) -> Self {
        Blob(Repr::Bytes(bytes.into()))
    }

    /// A body read from `chunks` as it is sent.
    pub fn stream<S, E>(chunks: S) -> Self
    where
        S: Stream<Item = Result<Bytes, E>> + Send + 'static,
        E: Into<BoxError>,
    {
        let chunks = MapErr(Box::pin(chunks));
        Blob(Repr::Stream(Arc::new(Mutex::new(Some(Box::pin(chunks))))))
    }

    /// The bytes, unless the body is a stream.
    pub fn as_bytes(&self) -> Option<&Bytes> {
        match &self.0 {
            Repr::Bytes(bytes) => Some(bytes),
            Repr::Stream(_) => None,
        }
    }

    /// The bytes, unless the body is a stream (given back).
    pub fn into_bytes(self) -> Result<Bytes, Self> {
        match self.0 {
            Repr::Bytes(bytes) => Ok(bytes),
            stream => Err(Blob(stream)),
        }
    }

    pub fn is_stream(&self) -> bool {
        matches!(self.0, Repr::Stream(_))
    }

    /// The bytes, or the stream to send: `None` for a stream sent already.
    #[cfg_attr(not(any(feature = "client", feature = "server")), allow(dead_code))]
    pub(crate) fn take(&self) -> Option<Result<Bytes, Chunks>> {
        match &self.0 {
            Repr::Bytes(bytes) => Some(Ok(bytes.clone())),
            Repr::Stream(shared) => {
                let mut slot = shared.lock().unwrap_or_else(|e| e.into_inner());
                slot.take().map(Err)
            }
        }
    }
}

impl Default for Blob {
    fn default() -> Self {
        Blob::from_bytes(Bytes::new())
    }
}

impl PartialEq for Blob {
    fn eq(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (Repr::Bytes(a), Repr::Bytes(b)) => a == b,
            (Repr::Stream(a), Repr::Stream(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl fmt::Debug for Blob {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Repr::Bytes(bytes) => f.debug_tuple("Blob").field(bytes).finish(),
            Repr::Stream(_) => f.write_str("Blob(<stream>)"),
        }
    }
}

impl From<Bytes> for Blob {
    fn from(bytes: Bytes) -> Self {
        Blob::from_bytes(bytes)
    }
}

impl From<Vec<u8>> for Blob {
    fn from(bytes: Vec<u8>) -> Self {
        Blob::from_bytes(bytes)
    }
}

impl From<&'static [u8]> for Blob {
    fn from(bytes: &'static [u8]) -> Self {
        Blob::from_bytes(bytes)
    }
}

impl<const N: usize> From<&'static [u8; N]> for Blob {
    fn from(bytes: &'static [u8; N]) -> Self {
        Blob::from_bytes(&bytes[..])
    }
}

impl From<String> for Blob {
    fn from(text: String) -> Self {
        Blob::from_bytes(text)
    }
}

impl From<&'static str> for Blob {
    fn from(text: &'static str) -> Self {
        Blob::from_bytes(text)
    }
}

/// A stream with its errors boxed.
struct MapErr<S>(Pin<Box<S>>);

impl<S, E> Stream for MapErr<S>
where
    S: Stream<Item = Result<Bytes, E>>,
    E: Into<BoxError>,
{
    type Item = Result<Bytes, BoxError>;

    fn poll_next(
        mut self: Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        self.0
            .as_mut()
            .poll_next(cx)
            .map(|item| item.map(|chunk| chunk.map_err(Into::into)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stream of one chunk.
    struct One(Option<Bytes>);

    impl Stream for One {
        type Item = Result<Bytes, std::io::Error>;

        fn poll_next(
            mut self: Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Self::Item>> {
            std::task::Poll::Ready(self.0.take().map(Ok))
        }
    }

    #[test]
    fn bytes_compare_and_a_stream_is_taken_once() {
        assert_eq!(Blob::from("abc"), Blob::from(b"abc".to_vec()));
        assert_eq!(
            Blob::from("abc").as_bytes().map(|b| &b[..]),
            Some(&b"abc"[..])
        );
        let stream = Blob::stream(One(Some(Bytes::from("x"))));
        let clone = stream.clone();
        assert_eq!(stream, clone);
        assert_ne!(stream, Blob::from("x"));
        assert!(stream.as_bytes().is_none());
        assert!(matches!(clone.take(), Some(Err(_))));
        assert!(stream.take().is_none());
        assert_eq!(format!("{stream:?}"), "Blob(<stream>)");
    }
}
