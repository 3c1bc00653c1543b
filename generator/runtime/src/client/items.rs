//! A response streaming JSON values (NDJSON, JSON Lines, JSON text sequences) read as a
//! `Stream` of typed items.

use std::collections::VecDeque;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_core::Stream;
use http::StatusCode;
use serde::de::DeserializeOwned;

use super::{ByteStream, Error, ErrorResponse};
use crate::items::{Framing, Items, Splitter};

/// The items of a streaming JSON response, each decoded as it arrives. The stream ends with the
/// response; a dropped connection or an item that does not decode is its last item, an error.
pub(crate) struct ItemStream<T> {
    body: ByteStream,
    splitter: Splitter,
    ready: VecDeque<Result<T, Error>>,
    ended: bool,
}

/// Nothing in it is pinned: the body is polled through a fresh `Pin` of its own, items are
/// moved out whole.
impl<T> Unpin for ItemStream<T> {}

impl<T: DeserializeOwned> ItemStream<T> {
    pub(crate) fn new(body: ByteStream, framing: Framing) -> Self {
        ItemStream {
            body,
            splitter: Splitter::new(framing),
            ready: VecDeque::new(),
            ended: false,
        }
    }

    /// A decode error, keeping the text that did not decode.
    fn unreadable(status: StatusCode, message: String, text: &[u8]) -> Error {
        let response = ErrorResponse {
            status,
            headers: http::HeaderMap::new(),
            body: Bytes::copy_from_slice(text),
        };
        Error::undecodable(response, message, None)
    }
}

impl<T: DeserializeOwned> Stream for ItemStream<T> {
    type Item = Result<T, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.ready.pop_front() {
                if item.is_err() {
                    this.ready.clear();
                    this.ended = true;
                }
                return Poll::Ready(Some(item));
            }
            if this.ended {
                return Poll::Ready(None);
            }
            let status = this.body.status();
            let ready = &mut this.ready;
            let mut decode =
                |text: &[u8]| {
                    ready.push_back(serde_json::from_slice(text).map_err(|e| {
                        Self::unreadable(status, format!("a streamed item: {e}"), text)
                    }));
                };
            match Pin::new(&mut this.body).poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => {
                    this.splitter.finish(&mut decode);
                    this.ended = true;
                    if this.ready.is_empty() {
                        return Poll::Ready(None);
                    }
                }
                Poll::Ready(Some(Ok(chunk))) => {
                    if let Err(e) = this.splitter.push(&chunk, &mut decode) {
                        let error = Self::unreadable(status, e.to_string(), &[]);
                        this.ready.push_back(Err(error));
                    }
                }
                Poll::Ready(Some(Err(error))) => this.ready.push_back(Err(error)),
            }
        }
    }
}

/// A client's items as the operation's response carries them.
impl<T: DeserializeOwned + Send + 'static> From<ItemStream<T>> for Items<T> {
    fn from(stream: ItemStream<T>) -> Self {
        Items::try_new(stream)
    }
}
