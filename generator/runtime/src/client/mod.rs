//! What every generated client method uses: building the URL, sending, and reading the
//! response, with one error type.

use std::borrow::Cow;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use futures_core::Stream as _;
use http::{HeaderMap, HeaderValue, StatusCode};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;
use serde::de::DeserializeOwned;

mod error;
pub mod events;
mod items;
mod pages;
mod reply;
mod retry;
mod service;

pub use error::{Error, ErrorKind, ErrorResponse};
pub use events::EventStream;
#[doc(hidden)]
pub use pages::{Next, PageFuture};
pub use pages::{PageItems, Pages};
pub use reply::{DocumentedError, Operation, Outcome, Reply};
use retry::Failure;

/// What builds a streaming call's request, kept to build it again when reopening the stream.
type Builder = Arc<dyn Fn(&Transport) -> Result<reqwest::RequestBuilder, Error> + Send + Sync>;
pub use retry::RetryPolicy;

use super::UntypedBody;
use super::auth::{Credential, Credentials, Requirement, Scheme, SecurityScheme};
use super::multipart::{Multipart, PartsWriter};
use super::params::{FromParam, ParamValue, Style, join};

/// Everything in a path parameter is percent-encoded except RFC 3986's unreserved characters,
/// so that no value can add a segment, a query or a fragment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// In the `label` style `.` separates items, so items encode it too.
const LABEL_ITEM: &AsciiSet = &SEGMENT.add(b'.');

/// A piece of a path: a literal from the spec, or a parameter value to encode.
#[doc(hidden)]
#[derive(Debug)]
pub enum PathPart<'a> {
    Literal(&'static str),
    Param {
        name: &'static str,
        values: Vec<Cow<'a, str>>,
        style: Style,
        explode: bool,
    },
}

impl<'a> PathPart<'a> {
    /// A value in the `simple` style: just the value.
    pub fn param<T: ParamValue + ?Sized>(name: &'static str, value: &'a T) -> Self {
        Self::styled(name, value, Style::Simple, false)
    }

    /// A value in the `label` (`.v`) or `matrix` (`;name=v`) style.
    pub fn styled<T: ParamValue + ?Sized>(
        name: &'static str,
        value: &'a T,
        style: Style,
        explode: bool,
    ) -> Self {
        PathPart::Param {
            name,
            values: vec![value.to_param()],
            style,
            explode,
        }
    }

    /// A list in the given style.
    pub fn list<T: ParamValue>(
        name: &'static str,
        values: &'a [T],
        style: Style,
        explode: bool,
    ) -> Self {
        PathPart::Param {
            name,
            values: values.iter().map(ParamValue::to_param).collect(),
            style,
            explode,
        }
    }
}

/// Renders a path, encoding each parameter value. A value that is empty, or that would make a
/// segment `.` or `..` (which clients and servers resolve away), is refused.
#[doc(hidden)]
pub fn render_path(parts: &[PathPart<'_>]) -> Result<String, Error> {
    let mut path = String::new();
    render_path_into(&mut path, parts)?;
    Ok(path)
}

/// [`render_path`], appended to `out` (a URL being built).
fn render_path_into(out: &mut String, parts: &[PathPart<'_>]) -> Result<(), Error> {
    let start = out.len();
    for part in parts {
        match part {
            PathPart::Literal(text) => out.push_str(text),
            PathPart::Param {
                name,
                values,
                style,
                explode,
            } => {
                if values.is_empty() || values.iter().any(|v| v.is_empty()) {
                    return Err(Error::invalid(format!("path parameter `{name}` is empty")));
                }
                let matrix = || format!(";{}=", utf8_percent_encode(name, SEGMENT));
                let (prefix, separator): (Cow<'_, str>, Cow<'_, str>) = match (style, explode) {
                    (Style::Label, false) => (".".into(), ",".into()),
                    (Style::Label, true) => (".".into(), ".".into()),
                    (Style::Matrix, false) => (matrix().into(), ",".into()),
                    (Style::Matrix, true) => (matrix().into(), matrix().into()),
                    _ => ("".into(), ",".into()),
                };
                let item_set = if *style == Style::Label {
                    LABEL_ITEM
                } else {
                    SEGMENT
                };
                out.push_str(&prefix);
                for (i, value) in values.iter().enumerate() {
                    if i > 0 {
                        out.push_str(&separator);
                    }
                    out.extend(utf8_percent_encode(value, item_set));
                }
            }
        }
    }
    if let Some(bad) = out[start..].split('/').find(|s| *s == "." || *s == "..") {
        return Err(Error::invalid(format!(
            "a path parameter makes the segment `{bad}`, which would change the path"
        )));
    }
    Ok(())
}

/// Query string pairs, in the order the spec lists the parameters.
#[doc(hidden)]
#[derive(Debug, Default)]
pub struct Query {
    pairs: Vec<(Cow<'static, str>, String)>,
    /// Bare names a path key writes into its query (`/items?beta`), sent without a value.
    flags: Vec<&'static str>,
}

impl Query {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push<T: ParamValue + ?Sized>(&mut self, name: &'static str, value: &T) {
        self.pairs
            .push((Cow::Borrowed(name), value.to_param().into_owned()));
    }

    /// A bare name, sent without `=`.
    pub fn flag(&mut self, name: &'static str) {
        self.flags.push(name);
    }

    /// An absent optional parameter is not sent at all.
    pub fn push_optional<T: ParamValue>(&mut self, name: &'static str, value: Option<&T>) {
        if let Some(value) = value {
            self.push(name, value);
        }
    }

    /// A list: repeated pairs when exploded in the form style, else one delimited value.
    pub fn push_list<T: ParamValue>(
        &mut self,
        name: &'static str,
        values: &[T],
        style: Style,
        explode: bool,
    ) {
        if explode && style == Style::Form {
            for v in values {
                self.push(name, v);
            }
        } else {
            self.pairs
                .push((Cow::Borrowed(name), join(values, style.delimiter())));
        }
    }

    /// An object of scalars: `name[key]=value` (deepObject), `key=value` (form, exploded) or
    /// `name=key,value,...` (form).
    pub fn push_object<T: Serialize>(
        &mut self,
        name: &'static str,
        value: &T,
        style: Style,
        explode: bool,
    ) -> Result<(), Error> {
        let encoded = serde_urlencoded::to_string(value).map_err(|e| {
            Error::invalid(format!("query parameter `{name}` cannot be written: {e}"))
        })?;
        let pairs: Vec<(String, String)> = form_urlencoded::parse(encoded.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        match (style, explode) {
            (Style::DeepObject, _) => {
                for (k, v) in pairs {
                    self.pairs.push((Cow::Owned(format!("{name}[{k}]")), v));
                }
            }
            (_, true) => {
                for (k, v) in pairs {
                    self.pairs.push((Cow::Owned(k), v));
                }
            }
            (_, false) => {
                let flat: Vec<String> = pairs.into_iter().flat_map(|(k, v)| [k, v]).collect();
                self.pairs.push((Cow::Borrowed(name), flat.join(",")));
            }
        }
        Ok(())
    }

    fn encode(&self) -> Option<String> {
        if self.pairs.is_empty() && self.flags.is_empty() {
            return None;
        }
        let mut out = form_urlencoded::Serializer::new(String::new());
        for (name, value) in &self.pairs {
            out.append_pair(name, value);
        }
        let mut out = out.finish();
        for flag in &self.flags {
            if !out.is_empty() {
                out.push('&');
            }
            out.extend(form_urlencoded::byte_serialize(flag.as_bytes()));
        }
        Some(out)
    }
}

/// Sets a header, refusing values that are not valid header text (CR, LF, other controls).
#[doc(hidden)]
pub fn header<T: ParamValue + ?Sized>(
    builder: reqwest::RequestBuilder,
    name: &'static str,
    value: &T,
) -> Result<reqwest::RequestBuilder, Error> {
    let text = value.to_param();
    let value = HeaderValue::from_str(&text).map_err(|_| {
        Error::invalid(format!(
            "header `{name}` has characters a header cannot carry"
        ))
    })?;
    Ok(builder.header(name, value))
}

/// Sets a header to a list, comma-separated.
#[doc(hidden)]
pub fn header_list<T: ParamValue>(
    builder: reqwest::RequestBuilder,
    name: &'static str,
    values: &[T],
) -> Result<reqwest::RequestBuilder, Error> {
    header(builder, name, join(values, ',').as_str())
}

/// Characters a cookie value cannot carry as they are (RFC 6265's cookie-octet excludes them).
const COOKIE: &AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b',')
    .add(b';')
    .add(b'\\')
    .add(b'%');

/// Cookie parameters, sent in one `Cookie` header. Values are percent-encoded where a cookie
/// could not carry them.
#[doc(hidden)]
#[derive(Debug, Default)]
pub struct Cookies {
    pairs: Vec<String>,
}

impl Cookies {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push<T: ParamValue + ?Sized>(&mut self, name: &'static str, value: &T) {
        let value: String = utf8_percent_encode(&value.to_param(), COOKIE).collect();
        self.pairs.push(format!("{name}={value}"));
    }

    /// A list, comma-separated (the form style; commas inside items are encoded).
    pub fn push_list<T: ParamValue>(&mut self, name: &'static str, values: &[T]) {
        let items: Vec<String> = values
            .iter()
            .map(|v| utf8_percent_encode(&v.to_param(), COOKIE).collect())
            .collect();
        self.pairs.push(format!("{name}={}", items.join(",")));
    }

    pub fn apply(
        &self,
        builder: reqwest::RequestBuilder,
    ) -> Result<reqwest::RequestBuilder, Error> {
        if self.pairs.is_empty() {
            return Ok(builder);
        }
        header(builder, "cookie", self.pairs.join("; ").as_str())
    }
}

/// An `application/x-www-form-urlencoded` body.
#[doc(hidden)]
pub fn form_body<T: Serialize + ?Sized>(
    builder: reqwest::RequestBuilder,
    body: &T,
) -> Result<reqwest::RequestBuilder, Error> {
    let text = serde_urlencoded::to_string(body)
        .map_err(|e| Error::invalid(format!("the body cannot be written as a form: {e}")))?;
    Ok(builder
        .header(
            http::header::CONTENT_TYPE,
            "application/x-www-form-urlencoded",
        )
        .body(text))
}

/// A `multipart/form-data` body.
#[doc(hidden)]
pub fn multipart_body<T: Multipart>(
    builder: reqwest::RequestBuilder,
    body: &T,
) -> Result<reqwest::RequestBuilder, Error> {
    let mut writer = PartsWriter::new();
    body.write(&mut writer).map_err(Error::invalid)?;
    let mut form = reqwest::multipart::Form::new();
    for part in writer.into_parts() {
        let mut p = reqwest::multipart::Part::stream(reqwest::Body::from(part.data));
        if let Some(file_name) = part.file_name {
            p = p.file_name(file_name);
        }
        if let Some(ct) = &part.content_type {
            p = p.mime_str(ct).map_err(|_| {
                Error::invalid(format!("part `{}` has an invalid media type", part.name))
            })?;
        }
        form = form.part(part.name, p);
    }
    Ok(builder.multipart(form))
}

/// A text body.
#[doc(hidden)]
pub fn text_body(
    builder: reqwest::RequestBuilder,
    content_type: &'static str,
    body: &str,
) -> reqwest::RequestBuilder {
    builder
        .header(http::header::CONTENT_TYPE, content_type)
        .body(body.to_owned())
}

/// A body of raw bytes.
#[doc(hidden)]
pub fn bytes_body(
    builder: reqwest::RequestBuilder,
    content_type: &'static str,
    body: &crate::Blob,
) -> Result<reqwest::RequestBuilder, Error> {
    let builder = builder.header(http::header::CONTENT_TYPE, content_type);
    match body.take() {
        Some(Ok(bytes)) => Ok(builder.body(bytes)),
        Some(Err(chunks)) => {
            Ok(builder.body(reqwest::Body::wrap(Upload(std::sync::Mutex::new(chunks)))))
        }
        None => Err(Error::invalid(
            "the request's body is a stream that was sent already; a streamed body is sent \
             once (a body in memory can be sent again)"
                .to_owned(),
        )),
    }
}

/// A streamed request body, as `reqwest` takes one: the chunks are in a `Mutex` only so that
/// the body is `Sync`, as `reqwest` asks; polling has `&mut` access, and never locks.
struct Upload(std::sync::Mutex<crate::blob::Chunks>);

impl http_body::Body for Upload {
    type Data = Bytes;
    type Error = crate::BoxError;

    fn poll_frame(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
        let chunks = self
            .get_mut()
            .0
            .get_mut()
            .unwrap_or_else(|e| e.into_inner());
        chunks
            .as_mut()
            .poll_next(cx)
            .map(|chunk| chunk.map(|chunk| chunk.map(http_body::Frame::data)))
    }
}

/// A JSON body with its content type.
#[doc(hidden)]
pub fn json_body<T: Serialize + ?Sized>(
    builder: reqwest::RequestBuilder,
    content_type: &'static str,
    body: &T,
) -> Result<reqwest::RequestBuilder, Error> {
    let bytes = serde_json::to_vec(body)
        .map_err(|e| Error::invalid(format!("the body cannot be written as JSON: {e}")))?;
    Ok(builder
        .header(http::header::CONTENT_TYPE, content_type)
        .body(bytes))
}

/// How long a generated client waits for a connection by default (10 seconds).
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a call of a generated client may take by default, from sending the request to
/// reading the whole response (60 seconds).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// The base URL of a transport over a service: requests need one, the service ignores it.
const IN_PROCESS: &str = "http://in-process.invalid";

/// The base URL, HTTP client, credentials, timeout and `User-Agent` of a generated client.
#[derive(Clone, Debug)]
pub struct Transport {
    /// Without a trailing slash: paths start with one.
    base_url: String,
    /// Builds every request, and sends it unless there is middleware.
    http: reqwest::Client,
    #[cfg(feature = "middleware")]
    middleware: Option<reqwest_middleware::ClientWithMiddleware>,
    /// Where requests go instead of the network, when set.
    service: Option<service::Service>,
    credentials: Credentials,
    timeout: Option<Duration>,
    user_agent: Option<HeaderValue>,
    retry: RetryPolicy,
    /// How often in a row a dropped event stream is reopened.
    event_reconnects: u32,
    /// Where the next request goes instead of the URL its operation builds: a page's link.
    page: Option<reqwest::Url>,
}

impl Transport {
    /// A transport with the defaults a generated `Client::new` has: a `reqwest` client that
    /// gives up connecting after [`DEFAULT_CONNECT_TIMEOUT`], calls bounded by
    /// [`DEFAULT_TIMEOUT`], and `user_agent` (the calling crate's name and version).
    pub fn with_defaults(base_url: &str, user_agent: &str) -> Result<Self, Error> {
        let http = reqwest::Client::builder()
            .connect_timeout(DEFAULT_CONNECT_TIMEOUT)
            .build()
            .map_err(Error::transport)?;
        let mut transport = Self::new(base_url, http)?;
        transport.set_timeout(DEFAULT_TIMEOUT);
        transport.set_user_agent(user_agent)?;
        Ok(transport)
    }

    /// Sets the `User-Agent` every request is sent with.
    pub fn set_user_agent(&mut self, user_agent: &str) -> Result<(), Error> {
        let value = HeaderValue::from_str(user_agent).map_err(|_| {
            Error::invalid(format!(
                "the User-Agent {user_agent:?} has characters a header cannot carry"
            ))
        })?;
        self.user_agent = Some(value);
        Ok(())
    }

    /// Sends through a `reqwest-middleware` stack (retries, tracing, caching): requests are
    /// built as usual, then executed by `middleware`.
    #[cfg(feature = "middleware")]
    pub fn with_middleware(
        base_url: &str,
        middleware: reqwest_middleware::ClientWithMiddleware,
    ) -> Result<Self, Error> {
        let mut transport = Self::new(base_url, reqwest::Client::new())?;
        transport.middleware = Some(middleware);
        // The stack decides what is sent again; two policies would multiply the attempts.
        transport.retry = RetryPolicy::never();
        Ok(transport)
    }

    /// A transport that hands every request to `service` instead of the network: an axum
    /// `Router` (a generated server's, so its real checks run) or any tower service, for
    /// tests without a socket. Requests carry the call's [`Operation`] in their extensions;
    /// responses are read whole, and the transport's timeout does not apply.
    ///
    /// ```ignore
    /// let client = Client::from_transport(Transport::from_service(router(MyApi)));
    /// ```
    pub fn from_service<S, B>(service: S) -> Self
    where
        S: tower::Service<http::Request<reqwest::Body>, Response = http::Response<B>>
            + Clone
            + Send
            + Sync
            + 'static,
        S::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
        S::Future: Send,
        B: http_body::Body<Data = Bytes> + Send + 'static,
        B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        Transport {
            base_url: IN_PROCESS.to_owned(),
            http: reqwest::Client::new(),
            #[cfg(feature = "middleware")]
            middleware: None,
            service: Some(service::Service::new(service)),
            credentials: Credentials::default(),
            timeout: None,
            user_agent: None,
            retry: RetryPolicy::default(),
            event_reconnects: 0,
            page: None,
        }
    }

    /// Sets the credential for a security scheme: sent with every operation that accepts
    /// the scheme.
    pub fn set_credential(&mut self, scheme: SecurityScheme, credential: Credential) {
        self.credentials.set(scheme.name, credential);
    }

    /// Bounds each call, from sending the request to reading the whole response.
    pub fn set_timeout(&mut self, timeout: Duration) {
        self.timeout = Some(timeout);
    }

    /// When failed calls are sent again: [`RetryPolicy::default`] unless set (or
    /// [`RetryPolicy::never`] over middleware, which retries itself if it is told to).
    pub fn set_retry(&mut self, policy: RetryPolicy) {
        self.retry = policy;
    }

    /// When a server-sent event stream drops mid-way, reopens it up to `max` times in a row
    /// (an event received resets the count), sending the last event id in `Last-Event-ID`
    /// after the wait the server asked for (`retry:`), else 3 s. A stream the server ends is
    /// not reopened, nor one whose reopening it answers with an error status (that status
    /// ends it). 0, the default, never reopens.
    pub fn set_event_reconnects(&mut self, max: u32) {
        self.event_reconnects = max;
    }

    /// Adds the credentials of the first of `requirements` whose schemes all have one set; with
    /// none, the request goes without (and the server will say 401).
    #[doc(hidden)]
    pub fn authorize(
        &self,
        mut builder: reqwest::RequestBuilder,
        requirements: &[Requirement],
    ) -> Result<reqwest::RequestBuilder, Error> {
        let Some(found) = self.credentials.satisfying(requirements) else {
            return Ok(builder);
        };
        let unsendable = |scheme: &SecurityScheme| {
            Error::invalid(format!(
                "the credential for `{}` has characters a header cannot carry",
                scheme.name
            ))
        };
        for (scheme, credential) in found {
            builder = match (scheme.scheme, credential) {
                (Scheme::Header(name), Credential::ApiKey(key)) => {
                    let mut value = HeaderValue::from_str(key).map_err(|_| unsendable(&scheme))?;
                    // Kept out of logs and HTTP/2 header compression tables.
                    value.set_sensitive(true);
                    builder.header(name, value)
                }
                (Scheme::Query(name), Credential::ApiKey(key)) => {
                    builder.query(&[(name, key.as_str())])
                }
                (Scheme::Cookie(name), Credential::ApiKey(key)) => {
                    let mut cookies = Cookies::new();
                    cookies.push(name, key.as_str());
                    cookies.apply(builder)?
                }
                (Scheme::Basic, Credential::Basic { username, password }) => {
                    builder.basic_auth(username, Some(password))
                }
                (Scheme::Bearer, Credential::Bearer(token)) => {
                    let mut value = HeaderValue::from_str(&format!("Bearer {token}"))
                        .map_err(|_| unsendable(&scheme))?;
                    value.set_sensitive(true);
                    builder.header(http::header::AUTHORIZATION, value)
                }
                _ => {
                    return Err(Error::invalid(format!(
                        "the credential set for `{}` is not of the kind the scheme takes",
                        scheme.name
                    )));
                }
            };
        }
        Ok(builder)
    }

    pub fn new(base_url: &str, http: reqwest::Client) -> Result<Self, Error> {
        let url = reqwest::Url::parse(base_url)
            .map_err(|e| Error::invalid(format!("base URL {base_url:?}: {e}")))?;
        if url.cannot_be_a_base() || url.query().is_some() || url.fragment().is_some() {
            return Err(Error::invalid(format!(
                "base URL {base_url:?} must be like https://host/base-path, without query or fragment"
            )));
        }
        Ok(Transport {
            base_url: url.as_str().trim_end_matches('/').to_owned(),
            http,
            #[cfg(feature = "middleware")]
            middleware: None,
            service: None,
            credentials: Credentials::default(),
            timeout: None,
            user_agent: None,
            retry: RetryPolicy::default(),
            event_reconnects: 0,
            page: None,
        })
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub fn http_client(&self) -> &reqwest::Client {
        &self.http
    }

    /// A request to the rendered path, with the query appended.
    #[doc(hidden)]
    pub fn request(
        &self,
        method: http::Method,
        path: &[PathPart<'_>],
        query: &Query,
    ) -> Result<reqwest::RequestBuilder, Error> {
        if let Some(page) = &self.page {
            return Ok(self.prepared(self.http.request(method, page.clone())));
        }
        let mut url = String::with_capacity(self.base_url.len() + 64);
        url.push_str(&self.base_url);
        render_path_into(&mut url, path)?;
        if let Some(q) = query.encode() {
            url.push('?');
            url.push_str(&q);
        }
        let url =
            reqwest::Url::parse(&url).map_err(|e| Error::invalid(format!("URL {url:?}: {e}")))?;
        Ok(self.prepared(self.http.request(method, url)))
    }

    /// A request with what every request carries: the user agent and the time limit.
    fn prepared(&self, mut builder: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        if let Some(user_agent) = &self.user_agent {
            builder = builder.header(http::header::USER_AGENT, user_agent.clone());
        }
        match self.timeout {
            Some(t) => builder.timeout(t),
            None => builder,
        }
    }

    /// The URL a page's link names, resolved against the base URL. A link to another origin
    /// (scheme, host and port) is refused: following it would hand the client's credentials
    /// to whoever it names.
    pub(crate) fn page_url(&self, link: &str) -> Result<reqwest::Url, Error> {
        let base = reqwest::Url::parse(&format!("{}/", self.base_url))
            .map_err(|e| Error::invalid(format!("base URL {:?}: {e}", self.base_url)))?;
        let url = base
            .join(link)
            .map_err(|e| Error::invalid(format!("the next page's link {link:?}: {e}")))?;
        if url.origin() != base.origin() {
            return Err(Error::invalid(format!(
                "the next page's link {link:?} leaves the API at {}; it is not followed, so that \
                 the client's credentials go nowhere else",
                self.base_url
            )));
        }
        Ok(url)
    }

    /// Runs one call of `operation`: inside a `tracing` span that names it (operation id,
    /// method, route), and with any error said to have happened in it.
    #[doc(hidden)]
    pub async fn call<T>(
        &self,
        operation: Operation,
        work: impl Future<Output = Result<T, Error>>,
    ) -> Result<T, Error> {
        use tracing::Instrument as _;
        let span = tracing::debug_span!(
            "call",
            operation = operation.id,
            method = operation.method,
            route = operation.template,
        );
        work.instrument(span)
            .await
            .map_err(|error| error.during(operation))
    }

    /// Runs one call of `operation` whose response is read whole: builds the request with
    /// `build`, sends it, and decodes what comes back with `decode`, all inside [`Transport::call`].
    ///
    /// Every client method is a plain call of this one generic future, not a future of its
    /// own: the compiler checks one state machine instead of one (or two) per operation.
    #[doc(hidden)]
    pub async fn exchange<T>(
        &self,
        operation: Operation,
        build: impl Fn(&Self) -> Result<reqwest::RequestBuilder, Error>,
        decode: impl FnOnce(RawResponse) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let work = async {
            let send = |builder| self.send(operation, builder);
            decode(self.attempts(operation, &build, send).await?)
        };
        self.call(operation, work).await
    }

    /// Like [`Transport::exchange`], for a successful response handed over unread.
    #[doc(hidden)]
    pub async fn exchange_stream(
        &self,
        operation: Operation,
        build: impl Fn(&Self) -> Result<reqwest::RequestBuilder, Error>,
    ) -> Result<ByteStream, Error> {
        let work = async {
            let send = |builder| self.send_stream(operation, builder);
            self.attempts(operation, &build, send).await
        };
        self.call(operation, work).await
    }

    /// Sends the request `build` makes, and sends it again (built anew) while the retry
    /// policy says an attempt's failure may pass; the last attempt's outcome is the call's.
    async fn attempts<A: Answer, F: Future<Output = Result<A, Error>>>(
        &self,
        operation: Operation,
        build: &impl Fn(&Self) -> Result<reqwest::RequestBuilder, Error>,
        send: impl Fn(reqwest::RequestBuilder) -> F,
    ) -> Result<A, Error> {
        let started = std::time::Instant::now();
        // One key for all the attempts of a call: that is how the server knows them for one.
        let key = self.retry.key_for(operation.method);
        let mut attempt = 1;
        loop {
            // The built request gets the call's key (unless it set that header itself), and
            // tells whether it can be sent again: a streamed body is read as it is sent.
            let mut replayable = true;
            let builder = self.edited(build(self)?, |request| {
                if let Some((name, value)) = &key {
                    if !request.headers().contains_key(name) {
                        request.headers_mut().insert(name.clone(), value.clone());
                    }
                }
                replayable = request.body().is_none_or(|body| body.as_bytes().is_some());
            })?;
            let outcome = send(builder).await;
            let failure = match &outcome {
                Ok(answer) => answer.failure(),
                Err(error) => Some(Failure::of(error)),
            };
            let Some(failure) = failure.filter(|_| replayable) else {
                return outcome;
            };
            let method = operation.method;
            let elapsed = started.elapsed();
            let Some(wait) = self
                .retry
                .next_wait(method, key.is_some(), attempt, failure, elapsed)
            else {
                return outcome;
            };
            tracing::debug!(attempt, ?wait, ?failure, "trying the call again");
            drop(outcome);
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }

    /// `builder`'s request changed by `edit`, where the builder cannot say it (whether a
    /// header is set already; no time limit at all).
    fn edited(
        &self,
        builder: reqwest::RequestBuilder,
        edit: impl FnOnce(&mut reqwest::Request),
    ) -> Result<reqwest::RequestBuilder, Error> {
        let mut request = builder.build().map_err(Error::transport)?;
        edit(&mut request);
        Ok(reqwest::RequestBuilder::from_parts(
            self.http.clone(),
            request,
        ))
    }

    /// Sends; a middleware stack finds the [`Operation`] in the request's extensions.
    async fn execute(
        &self,
        operation: Operation,
        builder: reqwest::RequestBuilder,
    ) -> Result<reqwest::Response, Error> {
        let request = builder.build().map_err(Error::transport)?;
        #[cfg(feature = "middleware")]
        if let Some(middleware) = &self.middleware {
            let mut extensions = http::Extensions::new();
            extensions.insert(operation);
            let sent = middleware.execute_with_extensions(request, &mut extensions);
            return sent.await.map_err(|e| match e {
                reqwest_middleware::Error::Reqwest(e) => Error::transport(e),
                reqwest_middleware::Error::Middleware(e) => ErrorKind::Middleware(e.into()).into(),
            });
        }
        if let Some(service) = &self.service {
            return service.send(operation, request).await;
        }
        self.http.execute(request).await.map_err(Error::transport)
    }

    /// Sends, and hands a successful response over unread; any other is read whole and becomes
    /// [`ErrorKind::UnexpectedStatus`].
    #[doc(hidden)]
    pub async fn send_stream(
        &self,
        operation: Operation,
        builder: reqwest::RequestBuilder,
    ) -> Result<ByteStream, Error> {
        let response = self.execute(operation, builder).await?;
        if response.status().is_success() {
            return Ok(ByteStream::new(response));
        }
        Err(RawResponse::read(response, operation).await?.unexpected())
    }

    /// Sends, and reads the whole response unless it streams (`text/event-stream`, NDJSON,
    /// JSON Lines, a JSON text sequence), which is left open for [`RawResponse::events`] or
    /// [`RawResponse::items`].
    async fn send_open(
        &self,
        operation: Operation,
        builder: reqwest::RequestBuilder,
    ) -> Result<RawResponse, Error> {
        let response = self.execute(operation, builder).await?;
        let streams = response
            .headers()
            .get(http::header::CONTENT_TYPE)
            .and_then(|ct| ct.to_str().ok())
            .is_some_and(|ct| {
                ct.trim_start().starts_with("text/event-stream")
                    || crate::items::Framing::of(ct).is_some()
            });
        if !streams {
            return RawResponse::read(response, operation).await;
        }
        let stream = ByteStream::new(response);
        Ok(RawResponse {
            status: stream.status(),
            headers: stream.headers().clone(),
            body: Bytes::new(),
            operation,
            open: Some(stream),
            reopen: None,
        })
    }

    /// Like [`Transport::exchange`], for an operation with a streaming response: that
    /// response is handed to `decode` unread, and an event stream in it can be reopened
    /// (when [`Transport::set_event_reconnects`] allows) by sending the request again.
    #[doc(hidden)]
    pub async fn exchange_events<T>(
        &self,
        operation: Operation,
        build: impl Fn(&Self) -> Result<reqwest::RequestBuilder, Error> + Send + Sync + 'static,
        decode: impl FnOnce(RawResponse) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let build: Builder = Arc::new(build);
        let work = async {
            let mut response = self.open_stream(operation, &build, None).await?;
            if self.event_reconnects > 0 {
                let transport = self.clone();
                let build = Arc::clone(&build);
                let reopen: events::Reopen = Arc::new(move |last_id| {
                    let transport = transport.clone();
                    let build = Arc::clone(&build);
                    Box::pin(async move {
                        let mut opened = transport.open_stream(operation, &build, last_id).await?;
                        match opened.open.take() {
                            Some(stream) => Ok(stream),
                            // Refused (after any retries): the status says why.
                            None if !opened.status.is_success() => Err(opened.unexpected()),
                            None => Err(opened.decode_error_from(
                                "the reopened stream is not a text/event-stream".to_owned(),
                                None,
                            )),
                        }
                    })
                });
                response.reopen = Some(Reopening {
                    max: self.event_reconnects,
                    reopen,
                });
            }
            decode(response)
        };
        self.call(operation, work).await
    }

    /// Sends the request of a streaming call (with `Last-Event-ID` when reopening one), and
    /// leaves a streaming response unread.
    async fn open_stream(
        &self,
        operation: Operation,
        build: &Builder,
        last_id: Option<String>,
    ) -> Result<RawResponse, Error> {
        let send = |builder| self.send_open(operation, builder);
        // The call's time limit would cut the stream off: a stream goes on for as long as the
        // server sends it (connecting is still bounded).
        let build = |transport: &Self| {
            let mut builder = build(transport)?;
            if let Some(id) = &last_id {
                builder = builder.header("last-event-id", id.as_str());
            }
            transport.edited(builder, |request| *request.timeout_mut() = None)
        };
        self.attempts(operation, &build, send).await
    }

    /// Sends and reads the whole response.
    #[doc(hidden)]
    pub async fn send(
        &self,
        operation: Operation,
        builder: reqwest::RequestBuilder,
    ) -> Result<RawResponse, Error> {
        let response = self.execute(operation, builder).await?;
        RawResponse::read(response, operation).await
    }
}

/// What an attempt got back, as the retry policy reads it.
trait Answer {
    /// How the attempt failed, when the answer says it did.
    fn failure(&self) -> Option<Failure<'_>>;
}

/// A documented error status is still a failed attempt: retrying looks at the status before
/// the operation decodes it.
impl Answer for RawResponse {
    fn failure(&self) -> Option<Failure<'_>> {
        (!self.status.is_success()).then_some(Failure::Status(self.status, &self.headers))
    }
}

/// Only a successful response becomes a stream; any other is an error.
impl Answer for ByteStream {
    fn failure(&self) -> Option<Failure<'_>> {
        None
    }
}

/// A successful response whose body is read chunk by chunk, for binary downloads too large to
/// hold in memory: a [`Stream`](futures_core::Stream) of chunks, or, with
/// [`ByteStream::into_async_read`], a tokio `AsyncRead` to copy into a file. Only the chunk
/// being read is held.
pub struct ByteStream {
    status: StatusCode,
    headers: HeaderMap,
    body: http_body_util::BodyDataStream<reqwest::Body>,
}

impl std::fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ByteStream")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .finish_non_exhaustive()
    }
}

impl ByteStream {
    fn new(response: reqwest::Response) -> Self {
        let response = http::Response::<reqwest::Body>::from(response);
        let (parts, body) = response.into_parts();
        ByteStream {
            status: parts.status,
            headers: parts.headers,
            body: http_body_util::BodyDataStream::new(body),
        }
    }

    pub fn status(&self) -> StatusCode {
        self.status
    }

    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The next chunk of the body, or `None` at its end.
    pub async fn chunk(&mut self) -> Result<Option<Bytes>, Error> {
        std::future::poll_fn(|cx| std::pin::Pin::new(&mut *self).poll_next(cx))
            .await
            .transpose()
    }

    /// The body as a tokio `AsyncRead`: `tokio::io::copy(&mut stream.into_async_read(), &mut
    /// file)` writes a download to disk a chunk at a time. A failed read is an
    /// `std::io::Error` whose source is the call's [`Error`].
    pub fn into_async_read(self) -> ByteReader {
        ByteReader {
            stream: self,
            chunk: Bytes::new(),
        }
    }
}

impl futures_core::Stream for ByteStream {
    type Item = Result<Bytes, Error>;

    fn poll_next(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        std::pin::Pin::new(&mut self.get_mut().body)
            .poll_next(cx)
            .map(|chunk| chunk.map(|chunk| chunk.map_err(Error::transport)))
    }
}

/// A [`ByteStream`] read as a tokio `AsyncRead`, from [`ByteStream::into_async_read`].
#[derive(Debug)]
pub struct ByteReader {
    stream: ByteStream,
    /// What is left of the chunk being read.
    chunk: Bytes,
}

impl tokio::io::AsyncRead for ByteReader {
    fn poll_read(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        use std::task::Poll;
        let this = self.get_mut();
        // An empty chunk is skipped: reading nothing would say the body ended.
        while this.chunk.is_empty() {
            match std::pin::Pin::new(&mut this.stream).poll_next(cx) {
                Poll::Ready(Some(Ok(chunk))) => this.chunk = chunk,
                Poll::Ready(Some(Err(e))) => return Poll::Ready(Err(std::io::Error::other(e))),
                Poll::Ready(None) => return Poll::Ready(Ok(())),
                Poll::Pending => return Poll::Pending,
            }
        }
        let n = this.chunk.len().min(buf.remaining());
        buf.put_slice(&this.chunk.split_to(n));
        Poll::Ready(Ok(()))
    }
}

/// A received response, before it is matched to a documented status.
#[doc(hidden)]
#[derive(Debug)]
pub struct RawResponse {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    operation: Operation,
    /// A streaming body, left unread for [`RawResponse::events`] or [`RawResponse::items`].
    open: Option<ByteStream>,
    /// How often, and how, an event stream in it may be reopened.
    reopen: Option<Reopening>,
}

/// How often in a row, and how, a dropped event stream is reopened.
struct Reopening {
    max: u32,
    reopen: events::Reopen,
}

impl std::fmt::Debug for Reopening {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reopening")
            .field("max", &self.max)
            .finish_non_exhaustive()
    }
}

impl RawResponse {
    /// `response`, its body read whole.
    async fn read(mut response: reqwest::Response, operation: Operation) -> Result<Self, Error> {
        let status = response.status();
        // Taken, not cloned: reading the body needs none of them.
        let headers = std::mem::take(response.headers_mut());
        let body = response.bytes().await.map_err(Error::transport)?;
        Ok(RawResponse {
            status,
            headers,
            body,
            operation,
            open: None,
            reopen: None,
        })
    }

    pub fn status(&self) -> StatusCode {
        self.status
    }

    fn content_type(&self) -> Option<&str> {
        self.headers
            .get(http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
    }

    /// The body decoded as the spec's JSON type.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, Error> {
        serde_json::from_slice(&self.body)
            .map_err(|e| self.decode_error_from(e.to_string(), Some(Box::new(e))))
    }

    /// The body as text.
    pub fn text(&self) -> Result<String, Error> {
        String::from_utf8(self.body.to_vec())
            .map_err(|_| self.decode_error("the body is not UTF-8 text".to_owned()))
    }

    /// The body as bytes.
    pub fn bytes(&self) -> Bytes {
        self.body.clone()
    }

    /// The body as a binary response's value.
    pub fn blob(&self) -> crate::Blob {
        crate::Blob::from_bytes(self.body.clone())
    }

    fn header_text(&self, name: &str) -> Result<Option<&str>, Error> {
        self.headers
            .get(name)
            .map(|v| {
                v.to_str()
                    .map_err(|_| self.decode_error(format!("header `{name}` is not visible ASCII")))
            })
            .transpose()
    }

    /// A response header the spec declares, parsed.
    pub fn header<T: FromParam>(&self, name: &str) -> Result<Option<T>, Error> {
        self.header_text(name)?
            .map(|text| {
                T::from_param(text).map_err(|e| self.decode_error(format!("header `{name}`: {e}")))
            })
            .transpose()
    }

    pub fn required_header<T: FromParam>(&self, name: &str) -> Result<T, Error> {
        self.header(name)?
            .ok_or_else(|| self.decode_error(format!("header `{name}` is required but missing")))
    }

    /// A comma-separated list header.
    pub fn header_list<T: FromParam>(&self, name: &str) -> Result<Option<Vec<T>>, Error> {
        self.header_text(name)?
            .map(|text| {
                let items: Result<Vec<T>, String> =
                    text.split(',').map(|s| T::from_param(s.trim())).collect();
                items.map_err(|e| self.decode_error(format!("header `{name}`: {e}")))
            })
            .transpose()
    }

    pub fn required_header_list<T: FromParam>(&self, name: &str) -> Result<Vec<T>, Error> {
        self.header_list(name)?
            .ok_or_else(|| self.decode_error(format!("header `{name}` is required but missing")))
    }

    /// The body the spec does not describe, kept whole.
    pub fn untyped(&self) -> Result<UntypedBody, Error> {
        UntypedBody::from_parts(self.content_type(), self.body.clone()).map_err(|e| {
            let message = format!("the body says it is JSON but is not: {e}");
            self.decode_error_from(message, Some(Box::new(e)))
        })
    }

    fn decode_error(&self, message: String) -> Error {
        self.decode_error_from(message, None)
    }

    /// A decode error, with what failed to decode the body when something did.
    fn decode_error_from(
        &self,
        message: String,
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Error {
        let response = ErrorResponse {
            status: self.status,
            headers: self.headers.clone(),
            body: self.body.clone(),
        };
        Error::undecodable(response, message, source)
    }

    /// The events of a `text/event-stream` response, each one's data read by `decode` as it
    /// arrives; a response of another media type is a decode error.
    pub fn events<T: Send + 'static>(
        &mut self,
        decode: fn(&str) -> Result<T, String>,
    ) -> Result<crate::events::Events<T>, Error> {
        match self.open.take() {
            Some(stream) => {
                let stream = EventStream::new(stream, decode);
                Ok(match self.reopen.take() {
                    Some(Reopening { max, reopen }) => stream.reconnecting(max, reopen).into(),
                    None => stream.into(),
                })
            }
            None => {
                Err(self
                    .decode_error_from("expected a text/event-stream response".to_owned(), None))
            }
        }
    }

    /// The items of a response streaming JSON values (NDJSON, JSON Lines, a JSON text
    /// sequence, as its `Content-Type` says), each decoded as it arrives; a response of
    /// another media type is a decode error.
    pub fn items<T: DeserializeOwned + Send + 'static>(
        &mut self,
    ) -> Result<crate::items::Items<T>, Error> {
        let framing = self
            .headers
            .get(http::header::CONTENT_TYPE)
            .and_then(|ct| ct.to_str().ok())
            .and_then(crate::items::Framing::of);
        match (self.open.take(), framing) {
            (Some(stream), Some(framing)) => Ok(items::ItemStream::new(stream, framing).into()),
            _ => Err(self
                .decode_error_from("expected a response streaming JSON values".to_owned(), None)),
        }
    }

    /// The typed response `value`, decoded from this one, with its status and headers.
    pub fn reply<T>(self, value: T) -> Reply<T> {
        Reply::new(value, self.status, self.headers, self.operation)
    }

    /// The error for a status the operation does not document.
    pub fn unexpected(self) -> Error {
        ErrorKind::UnexpectedStatus(Box::new(ErrorResponse {
            status: self.status,
            headers: self.headers,
            body: self.body,
        }))
        .into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GET_PET: Operation = Operation::new("getPet", "GET", "/pets/{petId}");

    #[test]
    fn decode_errors_keep_their_source_and_statuses_say_whether_to_retry() {
        let response = RawResponse {
            status: StatusCode::OK,
            headers: HeaderMap::new(),
            body: Bytes::from_static(b"{\"id\": \"not a number\"}"),
            operation: GET_PET,
            open: None,
            reopen: None,
        };
        #[derive(Debug, serde::Deserialize)]
        struct Pet {
            #[allow(dead_code)]
            id: i64,
        }
        let error = response.json::<Pet>().unwrap_err();
        let source = std::error::Error::source(&error).expect("the decode error's source");
        assert!(source.to_string().contains("column"), "{source}");
        assert!(!error.is_retryable());

        let unexpected = |status: u16| {
            RawResponse {
                status: StatusCode::from_u16(status).unwrap(),
                headers: HeaderMap::new(),
                body: Bytes::new(),
                operation: GET_PET,
                open: None,
                reopen: None,
            }
            .unexpected()
        };
        assert!(unexpected(503).is_retryable());
        assert!(unexpected(429).is_retryable());
        assert!(!unexpected(404).is_retryable());
        assert!(!unexpected(404).is_timeout() && !unexpected(404).is_connect());
    }

    #[tokio::test]
    async fn a_refused_connection_is_retryable() {
        // Nothing listens on a port just released.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let transport =
            Transport::with_defaults(&format!("http://127.0.0.1:{port}"), "t/1").unwrap();
        let builder = transport
            .request(http::Method::GET, &[PathPart::Literal("/")], &Query::new())
            .unwrap();
        let call = transport.call(GET_PET, transport.send(GET_PET, builder));
        let error = call.await.unwrap_err();
        assert!(error.is_connect() && error.is_retryable(), "{error:?}");
        // Every error of a call names the operation, its method and its template.
        assert_eq!(error.operation(), Some(GET_PET));
        assert!(
            error
                .to_string()
                .starts_with("getPet (GET /pets/{petId}): "),
            "{error}"
        );
    }

    #[test]
    fn credentials_in_headers_are_marked_sensitive() {
        static KEY: SecurityScheme = SecurityScheme {
            name: "key",
            scheme: Scheme::Header("X-Key"),
        };
        static BEARER: SecurityScheme = SecurityScheme {
            name: "bearer",
            scheme: Scheme::Bearer,
        };
        static BOTH: &[SecurityScheme] = &[KEY, BEARER];
        let mut transport = Transport::with_defaults("http://127.0.0.1:1", "me/1").unwrap();
        transport.set_credential(KEY, Credential::ApiKey("k".to_owned()));
        transport.set_credential(BEARER, Credential::Bearer("t".to_owned()));
        let builder = transport
            .request(http::Method::GET, &[PathPart::Literal("/a")], &Query::new())
            .unwrap();
        let request = transport
            .authorize(builder, &[BOTH])
            .unwrap()
            .build()
            .unwrap();
        let headers = request.headers();
        assert!(headers["x-key"].is_sensitive());
        assert!(headers["authorization"].is_sensitive());
        assert_eq!(headers["user-agent"], "me/1");
        assert_eq!(request.timeout(), Some(&DEFAULT_TIMEOUT));
    }

    fn render(values: &[&str]) -> Result<String, Error> {
        let parts: Vec<PathPart<'_>> = values
            .iter()
            .enumerate()
            .flat_map(|(i, v)| {
                [
                    PathPart::Literal(if i == 0 { "/a/" } else { "/" }),
                    PathPart::param("p", *v),
                ]
            })
            .collect();
        render_path(&parts)
    }

    #[test]
    fn encodes_each_segment() {
        assert_eq!(render(&["x"]).unwrap(), "/a/x");
        assert_eq!(
            render(&["a/b", "c d", "%", "?#", "é"]).unwrap(),
            "/a/a%2Fb/c%20d/%25/%3F%23/%C3%A9"
        );
        assert_eq!(render(&["..."]).unwrap(), "/a/...");
    }

    #[test]
    fn refuses_values_that_change_the_path() {
        for bad in ["", ".", ".."] {
            assert!(
                matches!(
                    render(&[bad]).map_err(Error::into_kind),
                    Err(ErrorKind::InvalidRequest(_))
                ),
                "{bad:?} was accepted"
            );
        }
    }

    #[test]
    fn query_skips_absent_values() {
        let mut q = Query::new();
        q.push("a", "x y&z");
        q.push_optional::<i64>("b", None);
        q.push_optional("c", Some(&5i64));
        assert_eq!(q.encode().as_deref(), Some("a=x+y%26z&c=5"));
        assert_eq!(Query::new().encode(), None);
    }

    #[test]
    fn path_styles() {
        let items = ["a,b".to_owned(), "c.d".to_owned()];
        let render_one = |part: PathPart<'_>| render_path(&[PathPart::Literal("/x/"), part]);
        assert_eq!(
            render_one(PathPart::list("p", &items, Style::Simple, false)).unwrap(),
            "/x/a%2Cb,c.d"
        );
        assert_eq!(
            render_one(PathPart::list("p", &items, Style::Label, true)).unwrap(),
            "/x/.a%2Cb.c%2Ed"
        );
        assert_eq!(
            render_one(PathPart::list("p", &[1, 2], Style::Matrix, true)).unwrap(),
            "/x/;p=1;p=2"
        );
        assert_eq!(
            render_one(PathPart::styled("p", &5, Style::Matrix, false)).unwrap(),
            "/x/;p=5"
        );
        assert!(render_one(PathPart::list::<String>("p", &[], Style::Simple, false)).is_err());
    }

    #[test]
    fn query_styles() {
        let mut q = Query::new();
        q.push_list("f", &[1, 2], Style::Form, true);
        q.push_list("c", &[1, 2], Style::Form, false);
        q.push_list("s", &["a", "b"], Style::SpaceDelimited, false);
        q.push_list("p", &["a", "b"], Style::PipeDelimited, false);
        q.push_list("t", &["a", "b"], Style::TabDelimited, false);
        assert_eq!(q.encode().unwrap(), "f=1&f=2&c=1%2C2&s=a+b&p=a%7Cb&t=a%09b");
        let mut o = Query::new();
        let object = [("k", "v w")];
        o.push_object("o", &object, Style::DeepObject, true)
            .unwrap();
        o.push_object("o", &object, Style::Form, false).unwrap();
        o.push_object("o", &object, Style::Form, true).unwrap();
        assert_eq!(o.encode().unwrap(), "o%5Bk%5D=v+w&o=k%2Cv+w&k=v+w");
    }

    #[test]
    fn base_urls() {
        let http = reqwest::Client::new();
        assert_eq!(
            Transport::new("http://h:1/v1/", http.clone())
                .unwrap()
                .base_url(),
            "http://h:1/v1"
        );
        assert!(Transport::new("not a url", http.clone()).is_err());
        assert!(Transport::new("http://h/?q=1", http).is_err());
    }
}
