//! The route table: which operation a request's method and path reach, by OpenAPI's
//! path-matching rules, and the dispatch that reads its credentials and calls it.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use axum::extract::Request;
use axum::response::{IntoResponse, Response};
use futures_util::FutureExt;
use http::{HeaderValue, Method, StatusCode, header};
use tracing::Instrument;

use super::{Handler, Input, Problem, panicked};
use crate::auth::Requirement;

/// One `/`-separated segment of a path template.
#[derive(Clone, Copy, Debug)]
pub enum Seg {
    Literal(&'static str),
    /// A whole segment taken by a parameter.
    Param,
    /// Literals and parameters within one segment (`{name}.json`).
    Mixed(&'static [Piece]),
}

#[derive(Clone, Copy, Debug)]
pub enum Piece {
    Literal(&'static str),
    Param,
}

pub struct Route<A> {
    method: Method,
    /// The operation's path as an axum route (`/tasks/{taskId}`): what `MatchedPath` holds.
    route: &'static str,
    /// The operation's id, for tracing.
    operation: &'static str,
    segments: &'static [Seg],
    handler: Handler<A>,
    /// The ways the operation may be authorized (none: no credentials needed).
    security: &'static [Requirement],
    /// Query items the spec's path key fixes (`/rest?method=search`): a request must carry
    /// each (a bare name with any value) to reach this route.
    fixed_query: &'static [(&'static str, Option<&'static str>)],
}

impl<A> Route<A> {
    pub fn new(
        method: Method,
        route: &'static str,
        operation: &'static str,
        segments: &'static [Seg],
        handler: Handler<A>,
    ) -> Self {
        Route {
            method,
            route,
            operation,
            segments,
            handler,
            security: &[],
            fixed_query: &[],
        }
    }

    /// Requires the request's query to carry `items`, which the path key fixes; operations
    /// that share a path and method are told apart by them.
    pub fn fixed_query(mut self, items: &'static [(&'static str, Option<&'static str>)]) -> Self {
        self.fixed_query = items;
        self
    }

    /// Requires one of `requirements` to be met before the handler runs.
    pub fn secured(mut self, requirements: &'static [Requirement]) -> Self {
        self.security = requirements;
        self
    }

    /// The operation's path as an axum route.
    pub fn route(&self) -> &'static str {
        self.route
    }

    /// Whether `path` matches the template, and `query` carries the fixed items.
    pub(super) fn fits(&self, path: &Segments<'_>, query: Option<&str>) -> bool {
        self.fixed_query
            .iter()
            .all(|(name, value)| carries(query, name, *value))
            && self.fits_path(path)
    }

    /// Whether `path` matches the template, whatever the query.
    fn fits_path(&self, path: &Segments<'_>) -> bool {
        path.count == self.segments.len()
            && self
                .segments
                .iter()
                .zip(path.iter())
                .all(|(seg, (_, text))| match seg {
                    Seg::Literal(l) => *l == text,
                    Seg::Param => !text.is_empty(),
                    Seg::Mixed(pieces) => match_pieces(pieces, &text, &mut Vec::new()),
                })
    }

    /// The parameter values of a path that [`fits`](Self::fits), in template order. A
    /// parameter that takes a whole segment also keeps where the segment is in the path as
    /// sent, still percent-encoded, so that a list's delimiters can be told from encoded ones
    /// inside its items.
    pub(super) fn params(&self, path: &Segments<'_>) -> Vec<Param> {
        let mut params = Vec::new();
        for (seg, (sent, text)) in self.segments.iter().zip(path.iter()) {
            match seg {
                Seg::Literal(_) => {}
                Seg::Param => params.push(Param {
                    text: match text {
                        Cow::Borrowed(_) => ParamText::Sent(sent.clone()),
                        Cow::Owned(text) => ParamText::Decoded(text),
                    },
                    raw: Some(sent),
                }),
                Seg::Mixed(pieces) => {
                    let mut found = Vec::new();
                    match_pieces(pieces, &text, &mut found);
                    params.extend(found.into_iter().map(|text| Param {
                        text: ParamText::Decoded(text),
                        raw: None,
                    }));
                }
            }
        }
        params
    }

    /// How concrete the route is, segment by segment: a literal beats a mixed segment, which
    /// beats a parameter; the first difference decides, then the number of fixed query items.
    pub(super) fn more_specific_than(&self, other: &Route<A>) -> bool {
        match self.specificity().cmp(other.specificity()) {
            std::cmp::Ordering::Equal => self.fixed_query.len() > other.fixed_query.len(),
            order => order.is_gt(),
        }
    }

    fn specificity(&self) -> impl Iterator<Item = u8> + '_ {
        self.segments.iter().map(|s| match s {
            Seg::Literal(_) => 2,
            Seg::Mixed(_) => 1,
            Seg::Param => 0,
        })
    }
}

/// Whether a request's query has the item `name` (with `value`, when one is given).
fn carries(query: Option<&str>, name: &str, value: Option<&str>) -> bool {
    query.is_some_and(|q| {
        form_urlencoded::parse(q.as_bytes())
            .any(|(n, v)| n == name && value.is_none_or(|value| v == value))
    })
}

/// Matches a segment against literals and parameters, trying the shortest value for each
/// parameter first. Parameter values are never empty.
fn match_pieces(pieces: &[Piece], text: &str, params: &mut Vec<String>) -> bool {
    match pieces.split_first() {
        None => text.is_empty(),
        Some((Piece::Literal(l), rest)) => text
            .strip_prefix(l)
            .is_some_and(|t| match_pieces(rest, t, params)),
        Some((Piece::Param, rest)) => {
            let ends = text
                .char_indices()
                .map(|(i, _)| i)
                .skip(1)
                .chain([text.len()]);
            for end in ends {
                if end == 0 {
                    continue;
                }
                params.push(text[..end].to_owned());
                if match_pieces(rest, &text[end..], params) {
                    return true;
                }
                params.pop();
            }
            false
        }
    }
}

/// A path parameter's value: decoded, and where it is in the path as sent when it took a
/// whole segment.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Param {
    pub(super) text: ParamText,
    pub(super) raw: Option<Range<usize>>,
}

/// A path parameter's decoded value: most values have nothing percent-encoded, and are read
/// from the request's path rather than copied.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum ParamText {
    /// The same as sent, at this place in the path.
    Sent(Range<usize>),
    Decoded(String),
}

/// A request's path, split into `/`-separated segments that are percent-decoded one by one
/// (so `%2F` stays inside its segment), when read.
pub(super) struct Segments<'p> {
    path: &'p str,
    count: usize,
}

impl<'p> Segments<'p> {
    pub(super) fn new(path: &'p str) -> Result<Self, Problem> {
        let segments = Segments {
            path,
            count: path.strip_prefix('/').unwrap_or(path).split('/').count(),
        };
        if path.contains('%')
            && segments.sent().any(|(_, s)| {
                percent_encoding::percent_decode_str(s)
                    .decode_utf8()
                    .is_err()
            })
        {
            return Err(Problem::new(
                StatusCode::BAD_REQUEST,
                "the path is not UTF-8 once percent-decoded",
            ));
        }
        Ok(segments)
    }

    /// Each segment as sent, with where it is in the path.
    fn sent(&self) -> impl Iterator<Item = (Range<usize>, &'p str)> + use<'p> {
        let skip = usize::from(self.path.starts_with('/'));
        let mut start = skip;
        self.path[skip..].split('/').map(move |segment| {
            let range = start..start + segment.len();
            start = range.end + 1;
            (range, segment)
        })
    }

    /// Each segment's place in the path, and its decoded text (checked as UTF-8 by `new`).
    fn iter(&self) -> impl Iterator<Item = (Range<usize>, Cow<'p, str>)> + use<'p> {
        self.sent().map(|(range, segment)| {
            let text = percent_encoding::percent_decode_str(segment).decode_utf8_lossy();
            (range, text)
        })
    }
}

pub(super) struct Table<A> {
    api: Arc<A>,
    routes: Vec<Route<A>>,
    /// Which routes may match a path, by its segment count.
    candidates: HashMap<usize, Filed>,
    body_limit: usize,
}

/// The routes of one segment count: those whose first segment is a literal under it, the
/// others apart.
#[derive(Default)]
struct Filed {
    by_first: HashMap<&'static str, Vec<usize>>,
    others: Vec<usize>,
}

impl<A: Send + Sync + 'static> Table<A> {
    /// The table of `routes`, filed by segment count and first segment.
    pub(super) fn new(
        api: A,
        routes: impl IntoIterator<Item = Route<A>>,
        body_limit: usize,
    ) -> Self {
        let routes: Vec<Route<A>> = routes.into_iter().collect();
        let mut candidates: HashMap<usize, Filed> = HashMap::new();
        for (index, route) in routes.iter().enumerate() {
            let filed = candidates.entry(route.segments.len()).or_default();
            match route.segments.first() {
                Some(Seg::Literal(l)) => filed.by_first.entry(*l).or_default().push(index),
                _ => filed.others.push(index),
            }
        }
        Table {
            api: Arc::new(api),
            routes,
            candidates,
            body_limit,
        }
    }

    /// Each route's axum path.
    pub(super) fn routes(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.routes.iter().map(|r| r.route)
    }

    /// Dispatches, and turns a panic into a 500 (the connection stays up, and other requests
    /// go on). Done here rather than by a tower layer, which would box the request's future
    /// once more.
    pub(super) async fn serve(&self, request: Request) -> Response {
        AssertUnwindSafe(self.dispatch(request))
            .catch_unwind()
            .await
            .unwrap_or_else(|_| panicked())
    }

    /// The routes filed under the path's segment count and first segment: those its template
    /// may fit.
    fn candidates<'s: 'p, 'p>(
        &'s self,
        path: &'p Segments<'_>,
    ) -> impl Iterator<Item = &'s Route<A>> + 'p {
        let filed = self.candidates.get(&path.count);
        let first = path.iter().next().map(|(_, text)| text);
        let by_first = filed
            .zip(first)
            .and_then(|(f, first)| f.by_first.get(&*first));
        by_first
            .into_iter()
            .chain(filed.map(|f| &f.others))
            .flatten()
            .map(|&index| &self.routes[index])
    }

    /// The routes whose template `path` fits and whose fixed query items `query` carries.
    fn fitting<'s: 'p, 'p>(
        &'s self,
        path: &'p Segments<'_>,
        query: Option<&'p str>,
    ) -> impl Iterator<Item = &'s Route<A>> + 'p {
        self.candidates(path)
            .filter(move |route| route.fits(path, query))
    }

    /// The 404 for a request no route fits; when routes fit its path but want query items it
    /// lacks, the answer names them.
    fn not_found(&self, path: &Segments<'_>, shown: &str) -> Response {
        let mut wanted: Vec<String> = self
            .candidates(path)
            .filter(|r| r.fits_path(path))
            .flat_map(|r| r.fixed_query)
            .map(|(name, value)| match value {
                Some(value) => format!("{name}={value}"),
                None => (*name).to_owned(),
            })
            .collect();
        wanted.sort_unstable();
        wanted.dedup();
        let detail = if wanted.is_empty() {
            format!("no operation serves the path {shown}")
        } else {
            format!(
                "no operation serves the path {shown} with this query; the operations here want one of: {}",
                wanted.join(", ")
            )
        };
        Problem::new(StatusCode::NOT_FOUND, detail).into_response()
    }

    async fn dispatch(&self, request: Request) -> Response {
        let (parts, body) = request.into_parts();
        let path = match Segments::new(parts.uri.path()) {
            Ok(p) => p,
            Err(problem) => return problem.into_response(),
        };
        // The most specific route for the method, and for GET (HEAD falls back to GET when
        // the spec has no HEAD operation; hyper sends no body).
        let mut any = false;
        let mut best: Option<&Route<A>> = None;
        let mut best_get: Option<&Route<A>> = None;
        let query = parts.uri.query();
        for route in self.fitting(&path, query) {
            any = true;
            for (slot, method) in [(&mut best, &parts.method), (&mut best_get, &Method::GET)] {
                if route.method == *method && slot.is_none_or(|b| route.more_specific_than(b)) {
                    *slot = Some(route);
                }
            }
        }
        if !any {
            return self.not_found(&path, parts.uri.path());
        }
        if parts.method == Method::HEAD {
            best = best.or(best_get);
        }
        let Some(route) = best else {
            let allowed = self.fitting(&path, query).map(|r| &r.method);
            return method_not_allowed(&parts.method, allowed);
        };
        let params = route.params(&path);
        let span = tracing::info_span!(
            "operation",
            operation = route.operation,
            method = %parts.method,
            route = route.route,
            status = tracing::field::Empty,
        );
        let work = async {
            let credentials = match crate::guard::credentials(&parts, route.security) {
                Ok(c) => c,
                Err(problem) => return problem.into_response(),
            };
            let secrets = (credentials, route.security);
            let names = (route.operation, route.route);
            let input = Input::new(parts, secrets, names, params, body, self.body_limit);
            match (route.handler)(Arc::clone(&self.api), input).await {
                Ok(response) => response,
                Err(refusal) => refusal.into_response(),
            }
        };
        // With no subscriber listening the span is disabled: skip its bookkeeping.
        if span.is_disabled() {
            return work.await;
        }
        let response = work.instrument(span.clone()).await;
        span.record("status", response.status().as_u16());
        response
    }
}

fn method_not_allowed<'m>(method: &Method, allowed: impl Iterator<Item = &'m Method>) -> Response {
    let mut methods: Vec<&str> = allowed.map(Method::as_str).collect();
    if methods.contains(&"GET") {
        methods.push("HEAD");
    }
    methods.sort_unstable();
    methods.dedup();
    let allow = methods.join(", ");
    let mut response = Problem::new(
        StatusCode::METHOD_NOT_ALLOWED,
        format!("{method} is not served at this path; allowed: {allow}"),
    )
    .into_response();
    if let Ok(value) = HeaderValue::from_str(&allow) {
        response.headers_mut().insert(header::ALLOW, value);
    }
    response
}
