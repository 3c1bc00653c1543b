//! Reading a matched request's typed input: path, query, header and cookie parameters and
//! bodies of each media type.

use std::ops::Range;

use axum::body::Body;
use axum::response::IntoResponse;
use http::{Method, StatusCode, header};
use serde::de::DeserializeOwned;

use super::routes::{Param, ParamText};
use super::{Principal, Problem, Refusal};
use crate::auth::{Credentials, Requirement, Scheme};
use crate::body::is_json;
use crate::multipart::{Multipart, Part, Parts};
use crate::params::{FromParam, Style, split};

/// The parts of a request an implementation may need beyond its typed input: headers (for
/// authentication), extensions set by middleware, the method and URI.
///
/// Its `Debug` output is safe to log: credentials, and the headers, cookies and query items
/// that carry them, show as `<redacted>`.
pub struct RequestContext {
    parts: http::request::Parts,
    credentials: Credentials,
    /// The operation's security requirements: where its credentials travel.
    security: &'static [Requirement],
    operation: &'static str,
    route: &'static str,
    principal: Principal,
}

/// Headers that carry secrets whatever the spec says.
const SECRET_HEADERS: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
];

const REDACTED: &str = "<redacted>";

impl std::fmt::Debug for RequestContext {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let schemes = || self.security.iter().flat_map(|r| r.iter());
        let secret_header = |name: &http::HeaderName| {
            SECRET_HEADERS.contains(&name.as_str())
                || schemes().any(|s| {
                    matches!(s.scheme, Scheme::Header(h) if h.eq_ignore_ascii_case(name.as_str()))
                })
        };
        let headers: Vec<(&str, &str)> = self
            .parts
            .headers
            .iter()
            .map(|(name, value)| {
                let shown = if secret_header(name) || value.is_sensitive() {
                    REDACTED
                } else {
                    value.to_str().unwrap_or("<not text>")
                };
                (name.as_str(), shown)
            })
            .collect();
        // Query items that carry an API key keep their names, not their values.
        let secret_query: Vec<&str> = schemes()
            .filter_map(|s| match s.scheme {
                Scheme::Query(name) => Some(name),
                _ => None,
            })
            .collect();
        let uri = match self.parts.uri.query() {
            Some(query) if !secret_query.is_empty() => {
                let items: Vec<String> = query
                    .split('&')
                    .map(|item| {
                        let name = item.split_once('=').map_or(item, |(n, _)| n);
                        let decoded =
                            percent_encoding::percent_decode_str(name).decode_utf8_lossy();
                        if secret_query.contains(&decoded.as_ref()) {
                            format!("{name}={REDACTED}")
                        } else {
                            item.to_owned()
                        }
                    })
                    .collect();
                format!("{}?{}", self.parts.uri.path(), items.join("&"))
            }
            _ => self.parts.uri.to_string(),
        };
        f.debug_struct("RequestContext")
            .field("method", &self.parts.method)
            .field("uri", &uri)
            .field("headers", &headers)
            .field("credentials", &self.credentials)
            .field("operation", &self.operation)
            .finish_non_exhaustive()
    }
}

impl RequestContext {
    /// The credentials the request carried for the operation's security schemes, by scheme
    /// name (`context.credentials().get("api_key")`). When the operation requires some, the
    /// router has checked that one of its requirements is met; checking that they are
    /// *valid* is the implementation's job.
    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    /// Who sent the request, as the implementation's `authenticate` said, when it is a `T`
    /// (`None` for operations that need no credentials, and when it said nothing).
    pub fn principal<T: std::any::Any>(&self) -> Option<&T> {
        self.principal.get()
    }

    /// The operation's id, as the spec gives it (`getTask`).
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The route that reached the operation, as axum's `MatchedPath` holds it
    /// (`/tasks/{taskId}`).
    pub fn route(&self) -> &'static str {
        self.route
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
    /// A matched request's input: what the route table read, and the body still to read.
    pub(super) fn new(
        parts: http::request::Parts,
        (credentials, security): (Credentials, &'static [Requirement]),
        (operation, route): (&'static str, &'static str),
        params: Vec<Param>,
        body: Body,
        body_limit: usize,
    ) -> Self {
        Input {
            context: RequestContext {
                parts,
                credentials,
                security,
                operation,
                route,
                principal: Principal::anonymous(),
            },
            params,
            body: Some(body),
            body_limit,
        }
    }

    pub fn context(&self) -> &RequestContext {
        &self.context
    }

    /// The request's context, for the method, once the input is read.
    pub fn into_context(self) -> RequestContext {
        self.context
    }

    /// Keeps the principal the authentication hook accepted, or answers with its rejection; a
    /// 401 without a challenge gets the operation's.
    pub fn authenticate<E: IntoResponse>(
        &mut self,
        outcome: Result<Principal, E>,
    ) -> Result<(), Refusal> {
        match outcome {
            Ok(principal) => {
                self.context.principal = principal;
                Ok(())
            }
            Err(rejection) => {
                let mut response = rejection.into_response();
                if response.status() == StatusCode::UNAUTHORIZED
                    && !response.headers().contains_key(header::WWW_AUTHENTICATE)
                {
                    if let Some(challenge) = crate::guard::challenge(self.context.security) {
                        response.headers_mut().insert(
                            header::WWW_AUTHENTICATE,
                            http::HeaderValue::from_static(challenge),
                        );
                    }
                }
                Err(Refusal::Answered(Box::new(response)))
            }
        }
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
        crate::object::strictly(|| serde_urlencoded::from_bytes(&bytes))
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
    pub async fn bytes(&mut self) -> Result<crate::Blob, Problem> {
        required(self.optional_bytes().await?, "body", "body")
    }

    pub async fn optional_bytes(&mut self) -> Result<Option<crate::Blob>, Problem> {
        let bytes = self.body_bytes().await?;
        Ok((!bytes.is_empty()).then(|| crate::Blob::from_bytes(bytes)))
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
        crate::object::strictly(|| serde_json::from_slice(&bytes))
            .map(Some)
            .map_err(|e| Problem::invalid("body", "body", &e.to_string()))
    }
}

pub(super) fn essence_is(content_type: &str, expected: &str) -> bool {
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
