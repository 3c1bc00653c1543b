//! What every generated server uses: routing by OpenAPI's path-matching rules, reading typed
//! input from a request, and answering with problem details (RFC 9457) when input is wrong.
//!
//! Routing is done here rather than by axum's own router because OpenAPI allows what that
//! router refuses (`/a/{x}` beside `/a/{y}/b`, `{name}.json` within a segment), and because a
//! request must reach the operation whose path and method match, even when a more concrete
//! path exists for another method (`PUT /message/recent` goes to `PUT /message/{id}`).

use std::borrow::Cow;
use std::collections::HashMap;
use std::convert::Infallible;
use std::future::Future;
use std::ops::Range;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::Request;
use axum::response::{IntoResponse, Response};
use futures_util::FutureExt;
use http::{HeaderValue, Method, StatusCode, header};
use serde::Serialize;
use serde::de::DeserializeOwned;
use tower::ServiceExt as _;
use tracing::Instrument;

use super::UntypedBody;
use super::auth::{Credentials, Requirement};
use super::body::is_json;
use super::multipart::{Multipart, Part, Parts};
use super::params::{FromParam, ParamValue, Style, join, split};

/// The largest request body read by default (2 MiB).
pub const DEFAULT_BODY_LIMIT: usize = 2 * 1024 * 1024;

pub type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send + 'static>>;

/// Reads a matched request's input, calls the implementation and encodes its response.
pub type Handler<A> = fn(Arc<A>, Input) -> BoxFuture<Result<Response, Problem>>;

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
    template: &'static str,
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
        template: &'static str,
        operation: &'static str,
        segments: &'static [Seg],
        handler: Handler<A>,
    ) -> Self {
        Route {
            method,
            template,
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

    /// The route template as the spec writes it.
    pub fn template(&self) -> &'static str {
        self.template
    }

    /// Whether `path` matches the template, and `query` carries the fixed items.
    fn fits(&self, path: &Segments<'_>, query: Option<&str>) -> bool {
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
    fn params(&self, path: &Segments<'_>) -> Vec<Param> {
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
    fn more_specific_than(&self, other: &Route<A>) -> bool {
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
struct Param {
    text: ParamText,
    raw: Option<Range<usize>>,
}

/// A path parameter's decoded value: most values have nothing percent-encoded, and are read
/// from the request's path rather than copied.
#[derive(Clone, Debug, PartialEq)]
enum ParamText {
    /// The same as sent, at this place in the path.
    Sent(Range<usize>),
    Decoded(String),
}

/// A request's path, split into `/`-separated segments that are percent-decoded one by one
/// (so `%2F` stays inside its segment), when read.
struct Segments<'p> {
    path: &'p str,
    count: usize,
}

impl<'p> Segments<'p> {
    fn new(path: &'p str) -> Result<Self, Problem> {
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

struct Table<A> {
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

/// How a generated router serves: its limits. `Options::default()` is what `router(api)` uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// The largest request body read; a larger one is answered 413.
    pub body_limit: usize,
    /// How long an operation may take, from the request's arrival to its response's head,
    /// before it is dropped and answered 503; `None` waits for ever.
    pub timeout: Option<Duration>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            body_limit: DEFAULT_BODY_LIMIT,
            timeout: Some(DEFAULT_TIMEOUT),
        }
    }
}

/// How long an operation may take by default (30 seconds).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// An axum router that serves `routes` from `api`, with the default [`Options`].
pub fn router<A: Send + Sync + 'static>(
    api: A,
    routes: impl IntoIterator<Item = Route<A>>,
) -> axum::Router {
    router_with(api, routes, Options::default())
}

/// An axum router that serves `routes` from `api`.
///
/// A panic in the implementation becomes a 500 problem response (the connection stays up,
/// and other requests go on); the timeout (tower's), when set, answers 503. Add your own
/// tower layers (tracing exporters, CORS, compression, auth middleware) with
/// `Router::layer` on the result.
pub fn router_with<A: Send + Sync + 'static>(
    api: A,
    routes: impl IntoIterator<Item = Route<A>>,
    options: Options,
) -> axum::Router {
    let routes: Vec<Route<A>> = routes.into_iter().collect();
    let mut candidates: HashMap<usize, Filed> = HashMap::new();
    for (index, route) in routes.iter().enumerate() {
        let filed = candidates.entry(route.segments.len()).or_default();
        match route.segments.first() {
            Some(Seg::Literal(l)) => filed.by_first.entry(*l).or_default().push(index),
            _ => filed.others.push(index),
        }
    }
    let table = Arc::new(Table {
        api: Arc::new(api),
        routes,
        candidates,
        body_limit: options.body_limit,
    });
    let dispatch = tower::service_fn(move |request: Request| {
        let table = Arc::clone(&table);
        // Never an error; typed as the time limit's, which may wrap it.
        async move { Ok::<_, tower::BoxError>(table.serve(request).await) }
    });
    // The time limit is tower's own layer, on a service rather than by `Router::layer`, so
    // that the request's future is not boxed once more. Its only error is the time running
    // out, answered here.
    let limit = options.timeout;
    let limited = tower::ServiceBuilder::new()
        .option_layer(limit.map(tower::timeout::TimeoutLayer::new))
        .service(dispatch);
    axum::Router::new().fallback_service(tower::service_fn(move |request: Request| {
        within_limit(limited.clone(), request, limit)
    }))
}

/// Calls `service` (the dispatch, maybe behind the time limit), answering 503 when the time
/// runs out.
async fn within_limit<S>(
    service: S,
    request: Request,
    limit: Option<Duration>,
) -> Result<Response, Infallible>
where
    S: tower::Service<Request, Response = Response, Error = tower::BoxError>,
{
    Ok(service
        .oneshot(request)
        .await
        .unwrap_or_else(|_| timed_out(limit)))
}

/// The 503 that replaces a response that took longer than the limit.
fn timed_out(limit: Option<Duration>) -> Response {
    let detail = match limit {
        Some(limit) => format!("the operation took longer than {limit:?}"),
        None => "the operation took too long".to_owned(),
    };
    Problem::new(StatusCode::SERVICE_UNAVAILABLE, detail).into_response()
}

/// The 500 that replaces a response an implementation panicked before giving. The panic's
/// message stays in the server's log (the panic hook prints it), not in the response.
fn panicked() -> Response {
    tracing::error!("an operation's implementation panicked; answered 500");
    Problem::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "the operation failed unexpectedly",
    )
    .into_response()
}

impl<A: Send + Sync + 'static> Table<A> {
    /// Dispatches, and turns a panic into a 500 (the connection stays up, and other requests
    /// go on). Done here rather than by a tower layer, which would box the request's future
    /// once more.
    async fn serve(&self, request: Request) -> Response {
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
            route = route.template,
            status = tracing::field::Empty,
        );
        let work = async {
            let credentials = match super::guard::credentials(&parts, route.security) {
                Ok(c) => c,
                Err(problem) => return problem.into_response(),
            };
            let input = Input {
                context: RequestContext { parts, credentials },
                params,
                body: Some(body),
                body_limit: self.body_limit,
            };
            match (route.handler)(Arc::clone(&self.api), input).await {
                Ok(response) => response,
                Err(problem) => problem.into_response(),
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

/// The parts of a request an implementation may need beyond its typed input: headers (for
/// authentication), extensions set by middleware, the method and URI.
#[derive(Debug)]
pub struct RequestContext {
    parts: http::request::Parts,
    credentials: Credentials,
}

impl RequestContext {
    /// The credentials the request carried for the operation's security schemes, by scheme
    /// name (`context.credentials().get("api_key")`). When the operation requires some, the
    /// router has checked that one of its requirements is met; checking that they are
    /// *valid* is the implementation's job.
    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    pub fn headers(&self) -> &http::HeaderMap {
        &self.parts.headers
    }

    pub fn extensions(&self) -> &http::Extensions {
        &self.parts.extensions
    }

    pub fn method(&self) -> &Method {
        &self.parts.method
    }

    pub fn uri(&self) -> &http::Uri {
        &self.parts.uri
    }
}

/// A matched request, from which a generated handler reads its typed input.
pub struct Input {
    context: RequestContext,
    params: Vec<Param>,
    body: Option<Body>,
    body_limit: usize,
}

impl Input {
    pub fn context(&self) -> &RequestContext {
        &self.context
    }

    fn param(&self, index: usize, name: &str) -> Result<&Param, Problem> {
        self.params
            .get(index)
            .ok_or_else(|| Problem::invalid("path", name, "missing"))
    }

    /// A path parameter's decoded value.
    fn param_text<'a>(&'a self, param: &'a Param) -> &'a str {
        match &param.text {
            ParamText::Sent(range) => self.sent_path(range),
            ParamText::Decoded(text) => text,
        }
    }

    fn sent_path(&self, range: &Range<usize>) -> &str {
        self.context
            .parts
            .uri
            .path()
            .get(range.clone())
            .unwrap_or("")
    }

    /// Path parameter `index` (in template order), named `name` in messages.
    pub fn path<T: FromParam>(&self, index: usize, name: &str) -> Result<T, Problem> {
        let text = self.param_text(self.param(index, name)?);
        T::from_param(text).map_err(|why| Problem::invalid("path", name, &why))
    }

    /// The items of a path parameter in the given style, each percent-decoded.
    fn path_items(
        &self,
        index: usize,
        name: &str,
        style: Style,
        explode: bool,
    ) -> Result<Vec<String>, Problem> {
        let param = self.param(index, name)?;
        let raw = match &param.raw {
            Some(range) => self.sent_path(range),
            None => self.param_text(param),
        };
        let bad = |why: &str| Problem::invalid("path", name, why);
        let (body, separator) = match style {
            Style::Label => (
                raw.strip_prefix('.')
                    .ok_or_else(|| bad("expected a value starting with `.`"))?
                    .to_owned(),
                if explode { "." } else { "," }.to_owned(),
            ),
            Style::Matrix => {
                let prefix = format!(";{name}=");
                let body = raw
                    .strip_prefix(prefix.as_str())
                    .ok_or_else(|| bad(&format!("expected a value starting with `{prefix}`")))?;
                (
                    body.to_owned(),
                    if explode { prefix } else { ",".to_owned() },
                )
            }
            _ => (raw.to_owned(), ",".to_owned()),
        };
        body.split(separator.as_str())
            .map(|item| {
                percent_encoding::percent_decode_str(item)
                    .decode_utf8()
                    .map(|s| s.into_owned())
                    .map_err(|_| bad("not UTF-8 once percent-decoded"))
            })
            .collect()
    }

    /// A path parameter in the `label` or `matrix` style.
    pub fn path_styled<T: FromParam>(
        &self,
        index: usize,
        name: &str,
        style: Style,
        explode: bool,
    ) -> Result<T, Problem> {
        let items = self.path_items(index, name, style, explode)?;
        let text = items.join(",");
        T::from_param(&text).map_err(|why| Problem::invalid("path", name, &why))
    }

    /// A list path parameter in the given style.
    pub fn path_list<T: FromParam>(
        &self,
        index: usize,
        name: &str,
        style: Style,
        explode: bool,
    ) -> Result<Vec<T>, Problem> {
        self.path_items(index, name, style, explode)?
            .iter()
            .map(|item| T::from_param(item).map_err(|why| Problem::invalid("path", name, &why)))
            .collect()
    }

    fn query_pairs(&self) -> Vec<(String, String)> {
        let query = self.context.parts.uri.query().unwrap_or("");
        form_urlencoded::parse(query.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect()
    }

    fn query_value(&self, name: &str) -> Option<String> {
        self.query_pairs()
            .into_iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v)
    }

    /// A list query parameter: every occurrence when exploded in the form style, else the
    /// first occurrence split at the style's delimiter. `None` when absent.
    pub fn query_list<T: FromParam>(
        &self,
        name: &str,
        style: Style,
        explode: bool,
    ) -> Result<Option<Vec<T>>, Problem> {
        let bad = |why: String| Problem::invalid("query", name, &why);
        if explode && style == Style::Form {
            let values: Vec<String> = self
                .query_pairs()
                .into_iter()
                .filter(|(k, _)| k == name)
                .map(|(_, v)| v)
                .collect();
            if values.is_empty() {
                return Ok(None);
            }
            return values
                .iter()
                .map(|v| T::from_param(v).map_err(bad))
                .collect::<Result<Vec<T>, Problem>>()
                .map(Some);
        }
        self.query_value(name)
            .map(|v| split(&v, style.delimiter()).map_err(bad))
            .transpose()
    }

    /// An object query parameter (`deepObject`, or `form`). `None` when none of it is present.
    pub fn query_object<T: DeserializeOwned>(
        &self,
        name: &str,
        style: Style,
        explode: bool,
    ) -> Result<Option<T>, Problem> {
        let pairs: Vec<(String, String)> = match (style, explode) {
            (Style::DeepObject, _) => self
                .query_pairs()
                .into_iter()
                .filter_map(|(k, v)| {
                    let key = k.strip_prefix(name)?.strip_prefix('[')?.strip_suffix(']')?;
                    Some((key.to_owned(), v))
                })
                .collect(),
            (_, true) => self.query_pairs(),
            (_, false) => match self.query_value(name) {
                Some(flat) => {
                    let items: Vec<&str> = flat.split(',').collect();
                    items
                        .chunks(2)
                        .map(|kv| {
                            (
                                kv[0].to_owned(),
                                kv.get(1).copied().unwrap_or("").to_owned(),
                            )
                        })
                        .collect()
                }
                None => Vec::new(),
            },
        };
        if pairs.is_empty() {
            return Ok(None);
        }
        let mut encoded = form_urlencoded::Serializer::new(String::new());
        for (k, v) in &pairs {
            encoded.append_pair(k, v);
        }
        serde_urlencoded::from_str(&encoded.finish())
            .map(Some)
            .map_err(|e| Problem::invalid("query", name, &e.to_string()))
    }

    /// An optional query parameter (its first occurrence).
    pub fn query<T: FromParam>(&self, name: &str) -> Result<Option<T>, Problem> {
        self.query_value(name)
            .map(|v| T::from_param(&v).map_err(|why| Problem::invalid("query", name, &why)))
            .transpose()
    }

    pub fn required_query<T: FromParam>(&self, name: &str) -> Result<T, Problem> {
        self.query(name)?
            .ok_or_else(|| Problem::invalid("query", name, "required but missing"))
    }

    /// An optional header.
    pub fn header<T: FromParam>(&self, name: &str) -> Result<Option<T>, Problem> {
        let Some(value) = self.context.parts.headers.get(name) else {
            return Ok(None);
        };
        let text = value
            .to_str()
            .map_err(|_| Problem::invalid("header", name, "not visible ASCII"))?;
        T::from_param(text)
            .map(Some)
            .map_err(|why| Problem::invalid("header", name, &why))
    }

    /// A comma-separated list header.
    pub fn header_list<T: FromParam>(&self, name: &str) -> Result<Option<Vec<T>>, Problem> {
        let Some(text) = self.header::<String>(name)? else {
            return Ok(None);
        };
        text.split(',')
            .map(|s| T::from_param(s.trim()).map_err(|why| Problem::invalid("header", name, &why)))
            .collect::<Result<Vec<T>, Problem>>()
            .map(Some)
    }

    pub fn required_header<T: FromParam>(&self, name: &str) -> Result<T, Problem> {
        self.header(name)?
            .ok_or_else(|| Problem::invalid("header", name, "required but missing"))
    }

    /// An optional cookie.
    pub fn cookie<T: FromParam>(&self, name: &str) -> Result<Option<T>, Problem> {
        let found = cookie_text(&self.context.parts.headers, name);
        found
            .map(|v| {
                let v = percent_encoding::percent_decode_str(&v).decode_utf8_lossy();
                T::from_param(&v).map_err(|why| Problem::invalid("cookie", name, &why))
            })
            .transpose()
    }

    /// A comma-separated list cookie (items percent-decoded one by one).
    pub fn cookie_list<T: FromParam>(&self, name: &str) -> Result<Option<Vec<T>>, Problem> {
        let found = cookie_text(&self.context.parts.headers, name);
        let Some(text) = found else {
            return Ok(None);
        };
        text.split(',')
            .map(|item| {
                let item = percent_encoding::percent_decode_str(item).decode_utf8_lossy();
                T::from_param(&item).map_err(|why| Problem::invalid("cookie", name, &why))
            })
            .collect::<Result<Vec<T>, Problem>>()
            .map(Some)
    }

    pub fn required_cookie<T: FromParam>(&self, name: &str) -> Result<T, Problem> {
        self.cookie(name)?
            .ok_or_else(|| Problem::invalid("cookie", name, "required but missing"))
    }

    async fn body_bytes(&mut self) -> Result<bytes::Bytes, Problem> {
        let body = self.body.take().unwrap_or_default();
        axum::body::to_bytes(body, self.body_limit)
            .await
            .map_err(|e| {
                let too_large = std::error::Error::source(&e)
                    .is_some_and(|s| s.is::<http_body_util::LengthLimitError>());
                if too_large {
                    Problem::new(
                        StatusCode::PAYLOAD_TOO_LARGE,
                        format!("the request body exceeds {} bytes", self.body_limit),
                    )
                } else {
                    Problem::new(
                        StatusCode::BAD_REQUEST,
                        format!("the request body could not be read: {e}"),
                    )
                }
            })
    }

    fn content_type(&self) -> Option<&str> {
        self.context
            .parts
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
    }

    /// Which of the operation's media types the body is sent as (an index into `accepted`).
    pub fn optional_media_type(&self, accepted: &[&str]) -> Result<Option<usize>, Problem> {
        let Some(sent) = self.content_type() else {
            return Ok(None);
        };
        let essence = sent
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        let fits = |range: &str| {
            let range = range
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            range == essence
                || range == "*/*"
                || range
                    .strip_suffix("/*")
                    .is_some_and(|kind| essence.split('/').next() == Some(kind))
        };
        match accepted.iter().position(|range| fits(range)) {
            Some(i) => Ok(Some(i)),
            None => Err(Problem::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!(
                    "expected a body of type {}, got {sent}",
                    accepted.join(", ")
                ),
            )),
        }
    }

    /// Like [`Input::optional_media_type`], for a required body.
    pub fn media_type(&self, accepted: &[&str]) -> Result<usize, Problem> {
        self.optional_media_type(accepted)?
            .ok_or_else(|| Problem::invalid("body", "body", "required but missing"))
    }

    /// The body, or `None` when there is none; refused with 415 unless `expected` accepts its
    /// media type.
    async fn body_of(
        &mut self,
        expected: &str,
        accepts: fn(&str) -> bool,
    ) -> Result<Option<bytes::Bytes>, Problem> {
        let bytes = self.body_bytes().await?;
        if bytes.is_empty() {
            return Ok(None);
        }
        let content_type = self.content_type();
        if !content_type.is_some_and(accepts) {
            return Err(Problem::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!(
                    "expected a body of type {expected}, got {}",
                    content_type.unwrap_or("no Content-Type")
                ),
            ));
        }
        Ok(Some(bytes))
    }

    /// A required `application/x-www-form-urlencoded` body.
    pub async fn form<T: DeserializeOwned>(&mut self) -> Result<T, Problem> {
        required(self.optional_form().await?, "body", "body")
    }

    pub async fn optional_form<T: DeserializeOwned>(&mut self) -> Result<Option<T>, Problem> {
        let Some(bytes) = self
            .body_of("application/x-www-form-urlencoded", |ct| {
                essence_is(ct, "application/x-www-form-urlencoded")
            })
            .await?
        else {
            return Ok(None);
        };
        super::object::strictly(|| serde_urlencoded::from_bytes(&bytes))
            .map(Some)
            .map_err(|e| Problem::invalid("body", "body", &e.to_string()))
    }

    /// A required `multipart/form-data` body.
    pub async fn multipart<T: Multipart>(&mut self) -> Result<T, Problem> {
        required(self.optional_multipart().await?, "body", "body")
    }

    pub async fn optional_multipart<T: Multipart>(&mut self) -> Result<Option<T>, Problem> {
        let Some(bytes) = self
            .body_of("multipart/form-data", |ct| {
                essence_is(ct, "multipart/form-data")
            })
            .await?
        else {
            return Ok(None);
        };
        let bad = |why: String| Problem::invalid("body", "body", &why);
        let boundary = multer::parse_boundary(self.content_type().unwrap_or(""))
            .map_err(|e| bad(e.to_string()))?;
        let stream = futures_util::stream::once(async move { Ok::<_, std::io::Error>(bytes) });
        let mut reader = multer::Multipart::new(stream, boundary);
        let mut parts = Vec::new();
        while let Some(field) = reader.next_field().await.map_err(|e| bad(e.to_string()))? {
            let name = field.name().unwrap_or("").to_owned();
            let file_name = field.file_name().map(str::to_owned);
            let content_type = field.content_type().map(|m| m.to_string());
            let data = field.bytes().await.map_err(|e| bad(e.to_string()))?;
            parts.push(Part {
                name,
                file_name,
                content_type,
                data,
            });
        }
        T::read(&mut Parts::new(parts)).map(Some).map_err(bad)
    }

    /// A required text body.
    pub async fn text(&mut self) -> Result<String, Problem> {
        required(self.optional_text().await?, "body", "body")
    }

    pub async fn optional_text(&mut self) -> Result<Option<String>, Problem> {
        let bytes = self.body_bytes().await?;
        if bytes.is_empty() {
            return Ok(None);
        }
        String::from_utf8(bytes.to_vec())
            .map(Some)
            .map_err(|_| Problem::invalid("body", "body", "not UTF-8 text"))
    }

    /// A required body of raw bytes.
    pub async fn bytes(&mut self) -> Result<bytes::Bytes, Problem> {
        required(self.optional_bytes().await?, "body", "body")
    }

    pub async fn optional_bytes(&mut self) -> Result<Option<bytes::Bytes>, Problem> {
        let bytes = self.body_bytes().await?;
        Ok((!bytes.is_empty()).then_some(bytes))
    }

    /// A required JSON body.
    pub async fn json<T: DeserializeOwned>(&mut self) -> Result<T, Problem> {
        self.optional_json()
            .await?
            .ok_or_else(|| Problem::invalid("body", "body", "required but missing"))
    }

    /// An optional JSON body: no body at all is `None`.
    pub async fn optional_json<T: DeserializeOwned>(&mut self) -> Result<Option<T>, Problem> {
        let Some(bytes) = self.body_of("application/json", is_json).await? else {
            return Ok(None);
        };
        super::object::strictly(|| serde_json::from_slice(&bytes))
            .map(Some)
            .map_err(|e| Problem::invalid("body", "body", &e.to_string()))
    }
}

fn essence_is(content_type: &str, expected: &str) -> bool {
    content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .eq_ignore_ascii_case(expected)
}

/// A cookie's value as sent (quotes removed, still percent-encoded), from any `Cookie` header.
pub(crate) fn cookie_text(headers: &http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| {
            let (k, v) = pair.trim().split_once('=')?;
            (k == name).then(|| v.trim_matches('"').to_owned())
        })
}

/// A required input's value, or the 400 that says it is missing.
pub fn required<T>(value: Option<T>, location: &str, name: &str) -> Result<T, Problem> {
    value.ok_or_else(|| Problem::invalid(location, name, "required but missing"))
}

/// One input that did not fit the spec.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct InvalidParam {
    /// `path`, `query`, `header`, `cookie` or `body`.
    #[serde(rename = "in")]
    pub location: String,
    pub name: String,
    pub reason: String,
}

/// An RFC 9457 problem details response (`application/problem+json`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub title: &'static str,
    pub status: u16,
    pub detail: String,
    /// The inputs at fault, when there are any.
    #[serde(rename = "invalid-params", skip_serializing_if = "Vec::is_empty")]
    pub invalid_params: Vec<InvalidParam>,
    /// A 401's `WWW-Authenticate` challenge (not part of the body).
    #[serde(skip)]
    pub challenge: Option<&'static str>,
}

impl Problem {
    pub fn new(status: StatusCode, detail: impl Into<String>) -> Self {
        Problem {
            kind: "about:blank",
            title: status.canonical_reason().unwrap_or("Error"),
            status: status.as_u16(),
            detail: detail.into(),
            invalid_params: Vec::new(),
            challenge: None,
        }
    }

    /// A 400 naming the input at fault.
    pub fn invalid(location: &str, name: &str, reason: &str) -> Self {
        let mut p = Problem::new(
            StatusCode::BAD_REQUEST,
            format!("{location} parameter `{name}`: {reason}"),
        );
        if location == "body" {
            p.detail = format!("request body: {reason}");
        }
        p.invalid_params.push(InvalidParam {
            location: location.to_owned(),
            name: name.to_owned(),
            reason: reason.to_owned(),
        });
        p
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&self).unwrap_or_default();
        let mut response = (
            status,
            [(header::CONTENT_TYPE, "application/problem+json")],
            body,
        )
            .into_response();
        if let Some(challenge) = self.challenge {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static(challenge),
            );
        }
        response
    }
}

/// A status code from the spec (validated when the spec was read; 500 if somehow not).
pub fn status(code: u16) -> StatusCode {
    StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// A JSON response.
pub fn json_response<T: Serialize>(
    status: StatusCode,
    content_type: &'static str,
    body: &T,
) -> Response {
    match serde_json::to_vec(body) {
        Ok(bytes) => (status, [(header::CONTENT_TYPE, content_type)], bytes).into_response(),
        Err(e) => Problem::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("the response could not be written as JSON: {e}"),
        )
        .into_response(),
    }
}

/// A response whose body the spec does not describe.
pub fn untyped_response(status: StatusCode, body: UntypedBody) -> Response {
    match body {
        UntypedBody::Empty => status.into_response(),
        UntypedBody::Json(value) => json_response(status, "application/json", &value),
        UntypedBody::Bytes { content_type, data } => {
            let mut response = (status, data).into_response();
            match content_type.and_then(|ct| HeaderValue::from_str(&ct).ok()) {
                Some(ct) => {
                    response.headers_mut().insert(header::CONTENT_TYPE, ct);
                }
                None => {
                    response.headers_mut().remove(header::CONTENT_TYPE);
                }
            }
            response
        }
    }
}

/// A text response.
pub fn text_response(status: StatusCode, content_type: &'static str, body: String) -> Response {
    (status, [(header::CONTENT_TYPE, content_type)], body).into_response()
}

/// A response of raw bytes.
pub fn bytes_response(
    status: StatusCode,
    content_type: &'static str,
    body: bytes::Bytes,
) -> Response {
    (status, [(header::CONTENT_TYPE, content_type)], body).into_response()
}

/// Sets a response header the spec declares. A value a header cannot carry (CR, LF, other
/// controls) turns the response into a 500 problem rather than a malformed response.
pub fn set_header<T: ParamValue + ?Sized>(response: &mut Response, name: &'static str, value: &T) {
    match HeaderValue::from_str(&value.to_param()) {
        Ok(value) => {
            response.headers_mut().insert(name, value);
        }
        Err(_) => {
            *response = Problem::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("the implementation set header `{name}` to a value a header cannot carry"),
            )
            .into_response();
        }
    }
}

/// Sets a list header, comma-separated.
pub fn set_header_list<T: ParamValue>(response: &mut Response, name: &'static str, values: &[T]) {
    set_header(response, name, join(values, ',').as_str());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn route(segments: &'static [Seg]) -> Route<()> {
        fn handler(_: Arc<()>, _: Input) -> BoxFuture<Result<Response, Problem>> {
            Box::pin(async { Ok(StatusCode::OK.into_response()) })
        }
        Route::new(Method::GET, "/t", "t", segments, handler)
    }

    fn matches(r: &Route<()>, p: &str) -> Option<Vec<String>> {
        let path = Segments::new(p).unwrap();
        let text = |param: Param| match param.text {
            ParamText::Sent(range) => p[range].to_owned(),
            ParamText::Decoded(text) => text,
        };
        r.fits(&path, None)
            .then(|| r.params(&path).into_iter().map(text).collect())
    }

    #[test]
    fn matches_literals_and_params() {
        let r = route(&[Seg::Literal("a"), Seg::Param]);
        assert_eq!(matches(&r, "/a/x%2Fy"), Some(vec!["x/y".to_owned()]));
        assert_eq!(matches(&r, "/a/plain"), Some(vec!["plain".to_owned()]));
        assert_eq!(matches(&r, "a/plain"), Some(vec!["plain".to_owned()]));
        assert_eq!(matches(&r, "/a/"), None);
        assert_eq!(matches(&r, "/b/x"), None);
        assert_eq!(matches(&r, "/a/x/y"), None);
    }

    #[test]
    fn matches_mixed_segments() {
        let r = route(&[Seg::Mixed(&[Piece::Param, Piece::Literal(".json")])]);
        assert_eq!(
            matches(&r, "/report.v2.json"),
            Some(vec!["report.v2".to_owned()])
        );
        assert_eq!(matches(&r, "/.json"), None);
        let two = route(&[Seg::Mixed(&[
            Piece::Param,
            Piece::Literal("-"),
            Piece::Param,
        ])]);
        assert_eq!(
            matches(&two, "/a-b-c"),
            Some(vec!["a".to_owned(), "b-c".to_owned()])
        );
    }

    #[test]
    fn literal_segments_are_more_specific() {
        let literal = route(&[Seg::Literal("a"), Seg::Literal("recent")]);
        let param = route(&[Seg::Literal("a"), Seg::Param]);
        assert!(literal.more_specific_than(&param));
        assert!(!param.more_specific_than(&literal));
    }

    #[test]
    fn fixed_query_items_tell_routes_apart() {
        let search =
            route(&[Seg::Literal("rest")]).fixed_query(&[("method", Some("photos.search"))]);
        let flag = route(&[Seg::Literal("rest")]).fixed_query(&[("beta", None)]);
        let plain = route(&[Seg::Literal("rest")]);
        let path = Segments::new("/rest").unwrap();
        assert!(search.fits(&path, Some("method=photos.search&page=2")));
        assert!(search.fits(&path, Some("page=2&method=photos%2Esearch")));
        assert!(!search.fits(&path, Some("method=photos.getInfo")));
        assert!(!search.fits(&path, None));
        assert!(flag.fits(&path, Some("beta")));
        assert!(flag.fits(&path, Some("beta=1")));
        assert!(!flag.fits(&path, Some("alpha")));
        assert!(plain.fits(&path, Some("method=photos.search")));
        // Among routes that fit, the one that fixes more of the query wins.
        assert!(search.more_specific_than(&plain));
    }

    fn input(uri: &str, cookie: &str) -> Input {
        let request = http::Request::builder()
            .uri(uri)
            .header(header::COOKIE, cookie)
            .body(())
            .unwrap();
        let (parts, ()) = request.into_parts();
        Input {
            context: RequestContext {
                parts,
                credentials: Credentials::default(),
            },
            params: Vec::new(),
            body: None,
            body_limit: DEFAULT_BODY_LIMIT,
        }
    }

    #[test]
    fn query_lists_and_objects_in_each_style() {
        let i = input("/?f=1&f=2&c=1%2C2&s=a+b&p=a%7Cb&t=a%09b&o%5Bk%5D=v&n=x", "");
        let list = |name, style, explode| i.query_list::<String>(name, style, explode).unwrap();
        assert_eq!(
            i.query_list::<i64>("f", Style::Form, true).unwrap(),
            Some(vec![1, 2])
        );
        assert_eq!(
            i.query_list::<i64>("c", Style::Form, false).unwrap(),
            Some(vec![1, 2])
        );
        assert_eq!(
            list("s", Style::SpaceDelimited, false),
            Some(vec!["a".into(), "b".into()])
        );
        assert_eq!(
            list("p", Style::PipeDelimited, false),
            Some(vec!["a".into(), "b".into()])
        );
        assert_eq!(
            list("t", Style::TabDelimited, false),
            Some(vec!["a".into(), "b".into()])
        );
        assert_eq!(list("absent", Style::Form, true), None);
        assert!(
            i.query_list::<i64>("s", Style::SpaceDelimited, false)
                .is_err()
        );
        let o: Option<std::collections::BTreeMap<String, String>> =
            i.query_object("o", Style::DeepObject, true).unwrap();
        assert_eq!(o.unwrap()["k"], "v");
    }

    #[test]
    fn cookies_are_percent_decoded() {
        let i = input("/", "session=s%3B1; prefs=dark%20mode,a%2Cb");
        assert_eq!(
            i.cookie::<String>("session").unwrap().as_deref(),
            Some("s;1")
        );
        assert_eq!(
            i.cookie_list::<String>("prefs").unwrap(),
            Some(vec!["dark mode".to_owned(), "a,b".to_owned()])
        );
        assert_eq!(i.cookie::<String>("none").unwrap(), None);
    }

    fn boom(_: Arc<()>, _: Input) -> BoxFuture<Result<Response, Problem>> {
        Box::pin(async { panic!("the implementation failed") })
    }

    fn slow(_: Arc<()>, _: Input) -> BoxFuture<Result<Response, Problem>> {
        Box::pin(async {
            std::future::pending::<()>().await;
            Ok(StatusCode::OK.into_response())
        })
    }

    fn echo(_: Arc<()>, mut input: Input) -> BoxFuture<Result<Response, Problem>> {
        Box::pin(async move { Ok(input.bytes().await?.into_response()) })
    }

    async fn call(router: &axum::Router, method: Method, path: &str, body: Vec<u8>) -> Response {
        use tower::ServiceExt;
        let request = http::Request::builder()
            .method(method)
            .uri(path)
            .body(Body::from(body))
            .unwrap();
        router.clone().oneshot(request).await.unwrap()
    }

    #[tokio::test]
    async fn panics_timeouts_and_limits_become_problem_responses() {
        let routes = || {
            [
                Route::new(Method::GET, "/boom", "boom", &[Seg::Literal("boom")], boom),
                Route::new(Method::GET, "/slow", "slow", &[Seg::Literal("slow")], slow),
                Route::new(Method::POST, "/echo", "echo", &[Seg::Literal("echo")], echo),
            ]
        };
        let options = Options {
            body_limit: 8,
            timeout: Some(Duration::from_millis(50)),
        };
        let app = router_with((), routes(), options);
        let problem = |r: Response| r.headers()[header::CONTENT_TYPE] == "application/problem+json";

        let panicked = call(&app, Method::GET, "/boom", vec![]).await;
        assert_eq!(panicked.status(), 500);
        assert!(problem(panicked));
        // The server is still up after the panic.
        let echoed = call(&app, Method::POST, "/echo", b"12345678".to_vec()).await;
        assert_eq!(echoed.status(), 200);
        let too_big = call(&app, Method::POST, "/echo", b"123456789".to_vec()).await;
        assert_eq!(too_big.status(), 413);
        assert!(problem(too_big));
        let timed_out = call(&app, Method::GET, "/slow", vec![]).await;
        assert_eq!(timed_out.status(), 503);
        assert!(problem(timed_out));
        let wrong_method = call(&app, Method::DELETE, "/boom", vec![]).await;
        assert_eq!(wrong_method.status(), 405);
        assert_eq!(wrong_method.headers()[header::ALLOW], "GET, HEAD");
        assert_eq!(
            call(&app, Method::GET, "/nowhere", vec![]).await.status(),
            404
        );

        // Without a timeout, nothing bounds the call but the caller.
        let patient = router_with(
            (),
            routes(),
            Options {
                timeout: None,
                ..Options::default()
            },
        );
        let waited = tokio::time::timeout(
            Duration::from_millis(100),
            call(&patient, Method::GET, "/slow", vec![]),
        )
        .await;
        assert!(waited.is_err());
    }

    /// Records every span's name and fields, as `name field=value ...`.
    #[derive(Clone, Default)]
    struct Spans(Arc<std::sync::Mutex<Vec<String>>>);

    struct Fields<'a>(&'a mut String);

    impl tracing::field::Visit for Fields<'_> {
        fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
            self.0.push_str(&format!(" {}={value:?}", field.name()));
        }
    }

    impl tracing::Subscriber for Spans {
        fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
            true
        }
        fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
            let mut line = span.metadata().name().to_owned();
            span.record(&mut Fields(&mut line));
            let mut spans = self.0.lock().unwrap();
            spans.push(line);
            tracing::span::Id::from_u64(spans.len() as u64)
        }
        fn record(&self, id: &tracing::span::Id, values: &tracing::span::Record<'_>) {
            let mut spans = self.0.lock().unwrap();
            let index = usize::try_from(id.into_u64()).unwrap() - 1;
            values.record(&mut Fields(&mut spans[index]));
        }
        fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
        fn event(&self, _: &tracing::Event<'_>) {}
        fn enter(&self, _: &tracing::span::Id) {}
        fn exit(&self, _: &tracing::span::Id) {}
    }

    #[test]
    fn each_operation_runs_in_a_span_with_its_route_and_status() {
        // A global subscriber, not a scoped one: tracing caches whether a callsite is enabled
        // for every thread, so a test on another thread that reached the span first (with no
        // subscriber) could leave it disabled for a scoped one. Other tests' spans are
        // recorded too; this test's operation has a name of its own.
        let spans = Spans::default();
        tracing::subscriber::set_global_default(spans.clone())
            .expect("no other test sets a global subscriber");
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let app = router(
                (),
                [Route::new(
                    Method::POST,
                    "/echo",
                    "echoIt",
                    &[Seg::Literal("echo")],
                    echo,
                )],
            );
            call(&app, Method::POST, "/echo", b"hi".to_vec()).await;
            call(&app, Method::GET, "/missing", vec![]).await;
        });
        let spans: Vec<String> = spans
            .0
            .lock()
            .unwrap()
            .iter()
            .filter(|s| s.contains("echoIt"))
            .cloned()
            .collect();
        assert_eq!(
            spans,
            ["operation operation=\"echoIt\" method=POST route=\"/echo\" status=200"]
        );
    }

    #[test]
    fn rejects_invalid_utf8() {
        assert!(Segments::new("/a/%FF").is_err());
        assert!(Segments::new("/a/%C3%A9").is_ok());
    }
}
