//! Paginated operations read as a `Stream` of pages, or of the items on them: each page is
//! fetched when the stream is read past the one before, with the first request's parameters
//! and the client's credentials.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;

use super::reply::{DocumentedError, Reply};
use super::{Error, Transport};

/// One page's call, as a paginated method starts it.
#[doc(hidden)]
pub type PageFuture<T> = Pin<Box<dyn Future<Output = Result<Reply<T>, Error>> + Send>>;

/// How the request for the page after a reply is found.
#[doc(hidden)]
pub enum Next<R, T> {
    /// Worked out from the request and its reply (a cursor, a page number, an offset);
    /// `None` when the reply was the last page.
    Request(fn(&R, &Reply<T>) -> Option<R>),
    /// The URL of the reply's `Link` header with this relation (`next`): the same request,
    /// sent there.
    Link(&'static str),
}

/// What works out the next page's call from the page just read: `Ok(None)` at the end.
type Advance<T> = Box<dyn FnMut(&Reply<T>) -> Result<Option<PageFuture<T>>, Error> + Send>;

/// The pages of a paginated operation, each fetched as the stream is read (a `Stream` of
/// replies). It ends after the last page: one with no next cursor, link or page, or one
/// that is not a success (which is still given). A page that fails to arrive is the
/// stream's last item, an error; so is an API that names the same page twice.
///
/// [`items`](Self::items) gives the items on the pages instead, one by one.
pub struct Pages<T, I> {
    pending: Option<PageFuture<T>>,
    advance: Advance<T>,
    /// The items on a success; a reply that is not one is given back.
    items: fn(T) -> Result<Vec<I>, T>,
    fetched: u64,
    max_pages: Option<u64>,
}

/// Nothing in it is pinned: the pending call is boxed.
impl<T, I> Unpin for Pages<T, I> {}

impl<T: Send + 'static, I> Pages<T, I> {
    /// Starts fetching the first page when first polled. Generated paginated methods call
    /// this.
    #[doc(hidden)]
    pub fn new<R>(
        transport: &Transport,
        request: R,
        fetch: fn(Transport, R) -> PageFuture<T>,
        next: Next<R, T>,
        items: fn(T) -> Result<Vec<I>, T>,
    ) -> Self
    where
        R: Clone + PartialEq + Send + 'static,
    {
        let transport = transport.clone();
        let first = fetch(transport.clone(), request.clone());
        let mut current = request;
        let mut seen_link: Option<reqwest::Url> = None;
        let advance = move |reply: &Reply<T>| -> Result<Option<PageFuture<T>>, Error> {
            match &next {
                Next::Request(next) => {
                    let Some(request) = next(&current, reply) else {
                        return Ok(None);
                    };
                    if request == current {
                        return Err(repeated(reply));
                    }
                    current = request.clone();
                    Ok(Some(fetch(transport.clone(), request)))
                }
                Next::Link(relation) => {
                    let Some(link) = link(reply.headers(), relation) else {
                        return Ok(None);
                    };
                    let url = transport.page_url(&link)?;
                    if seen_link.as_ref() == Some(&url) {
                        return Err(repeated(reply));
                    }
                    seen_link = Some(url.clone());
                    let mut there = transport.clone();
                    there.page = Some(url);
                    Ok(Some(fetch(there, current.clone())))
                }
            }
        };
        Pages {
            pending: Some(first),
            advance: Box::new(advance),
            items,
            fetched: 0,
            max_pages: None,
        }
    }

    /// Stops after `max` pages, however many more there are.
    pub fn max_pages(mut self, max: u64) -> Self {
        self.max_pages = Some(max);
        self
    }

    /// The items on the pages, one by one; a page that is not a success ends the stream with
    /// its error ([`Error::documented`] gives the typed response back).
    pub fn items(self) -> PageItems<T, I> {
        PageItems {
            pages: self,
            ready: Vec::new().into_iter(),
        }
    }
}

fn repeated<T>(reply: &Reply<T>) -> Error {
    Error::invalid(format!(
        "the API named the page it had just given as the next one (after a {} reply); \
         stopping rather than reading it forever",
        reply.status()
    ))
    .during(reply.operation())
}

impl<T: Send + 'static, I> Stream for Pages<T, I> {
    type Item = Result<Reply<T>, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        let Some(pending) = this.pending.as_mut() else {
            return Poll::Ready(None);
        };
        let reply = match pending.as_mut().poll(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(Err(e)) => {
                this.pending = None;
                return Poll::Ready(Some(Err(e)));
            }
            Poll::Ready(Ok(reply)) => reply,
        };
        this.pending = None;
        this.fetched += 1;
        if this.max_pages.is_none_or(|max| this.fetched < max) {
            match (this.advance)(&reply) {
                Ok(next) => this.pending = next,
                // The page came; the error is the stream's next (and last) item.
                Err(e) => this.pending = Some(Box::pin(std::future::ready(Err(e)))),
            }
        }
        Poll::Ready(Some(Ok(reply)))
    }
}

/// The items on a paginated operation's pages, one by one: [`Pages::items`].
pub struct PageItems<T, I> {
    pages: Pages<T, I>,
    ready: std::vec::IntoIter<I>,
}

impl<T, I> Unpin for PageItems<T, I> {}

impl<T, I> Stream for PageItems<T, I>
where
    T: std::fmt::Debug + Send + Sync + 'static,
{
    type Item = Result<I, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.ready.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            let reply = match Pin::new(&mut this.pages).poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(e))),
                Poll::Ready(Some(Ok(reply))) => reply,
            };
            let mut refused = None;
            let reply = reply.map(|value| match (this.pages.items)(value) {
                Ok(items) => items,
                Err(value) => {
                    refused = Some(value);
                    Vec::new()
                }
            });
            if let Some(value) = refused {
                this.pages.pending = None;
                let error = DocumentedError::new(reply.map(|_| value));
                return Poll::Ready(Some(Err(error.into())));
            }
            this.ready = reply.into_inner().into_iter();
        }
    }
}

/// The target of the first link with relation `relation` in a `Link` header (RFC 8288):
/// `<https://api.example.com/items?page=2>; rel="next", <..>; rel="last"`.
pub(crate) fn link(headers: &http::HeaderMap, relation: &str) -> Option<String> {
    headers
        .get_all(http::header::LINK)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(links)
        .find(|(_, relations)| {
            relations
                .split_ascii_whitespace()
                .any(|r| r.eq_ignore_ascii_case(relation))
        })
        .map(|(target, _)| target.to_owned())
}

/// Each link of one header value, with its `rel` parameter (empty without one).
fn links(value: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let mut rest = value;
    while let Some(open) = rest.find('<') {
        let Some(close) = rest[open..].find('>') else {
            break;
        };
        let target = &rest[open + 1..open + close];
        rest = &rest[open + close + 1..];
        // The parameters run to the next link: a `<` outside quotes.
        let mut end = rest.len();
        let mut quoted = false;
        for (i, c) in rest.char_indices() {
            match c {
                '"' => quoted = !quoted,
                '<' if !quoted => {
                    end = i;
                    break;
                }
                _ => {}
            }
        }
        let relations = rest[..end]
            .split(';')
            .filter_map(|param| param.split_once('='))
            .find(|(name, _)| name.trim().eq_ignore_ascii_case("rel"))
            .map(|(_, value)| value.trim().trim_end_matches(',').trim().trim_matches('"'))
            .unwrap_or("");
        out.push((target, relations));
        rest = &rest[end..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(values: &[&str]) -> http::HeaderMap {
        let mut map = http::HeaderMap::new();
        for v in values {
            map.append(http::header::LINK, v.parse().unwrap());
        }
        map
    }

    #[test]
    fn finds_the_link_with_the_relation() {
        let github = headers(&[
            "<https://api.github.com/organizations/9919/repos?page=2>; rel=\"next\", \
             <https://api.github.com/organizations/9919/repos?page=7>; rel=\"last\"",
        ]);
        assert_eq!(
            link(&github, "next").as_deref(),
            Some("https://api.github.com/organizations/9919/repos?page=2")
        );
        assert_eq!(
            link(&github, "last").as_deref(),
            Some("https://api.github.com/organizations/9919/repos?page=7")
        );
        assert_eq!(link(&github, "prev"), None);
    }

    #[test]
    fn reads_relation_lists_unquoted_values_and_several_headers() {
        let map = headers(&[
            "</a>; title=\"x, <y>; z\"; rel=\"prev first\"",
            "</b>;rel=NEXT",
        ]);
        assert_eq!(link(&map, "first").as_deref(), Some("/a"));
        assert_eq!(link(&map, "next").as_deref(), Some("/b"));
        assert_eq!(link(&headers(&["no links here"]), "next"), None);
        assert_eq!(link(&headers(&["<unclosed; rel=next"]), "next"), None);
    }
}
