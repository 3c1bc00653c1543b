//! Our own typed model of an API: what the emitters read, and all they read.
//!
//! Closed enums for everything with a fixed set of values (methods, locations, body and
//! response kinds); types live in a [`TypeSpace`] arena and are referred to by [`TypeId`];
//! every named thing carries its wire name and its Rust name, decided once during lowering.

mod checks;
mod paging;
#[cfg(test)]
mod summary;
mod types;

pub use checks::{Bound, Checks};
pub use paging::{Access, CursorSource, NextPage, PageParam, Paging, Step};

pub use types::{
    DefaultValue, EnumDef, EnumValue, Field, IntKind, Literal, NumberKind, Reader, Shape,
    StructDef, Type, TypeId, TypeSpace, UnionDef, UnionVariant, Variant,
};

use crate::naming::Ident;

/// A spec name and the Rust identifier chosen for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Name {
    /// As written in the spec: used on the wire and in docs.
    pub wire: String,
    pub rust: Ident,
}

#[derive(Debug)]
pub struct Api {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    /// The file the module was generated from, as named in headers.
    pub source: String,
    pub operations: Vec<Operation>,
    pub types: TypeSpace,
    /// Where the client sends requests unless told otherwise.
    pub base_url: Option<String>,
    pub derives: Derives,
    /// The security schemes operations refer to, in spec order.
    pub security: Vec<SecurityScheme>,
    /// The Rust path generated code reaches the runtime crate by (`::openapi_rs_runtime`).
    pub runtime: String,
    /// The command that regenerates the code, named in each file's header.
    pub generated_by: String,
    /// The Cargo features that select parts of the module, when it is split into groups.
    pub groups: Option<Groups>,
}

/// A module split into groups of operations, each behind a Cargo feature: a type is compiled
/// when some group whose operations use it is on.
#[derive(Clone, Debug, Default)]
pub struct Groups {
    /// The spec's own feature (every group), which also compiles what no operation uses.
    pub spec: String,
    /// Each group's feature name (`github-repos`), in order.
    pub features: Vec<String>,
    /// The groups each named type is used by; a type used by none is absent.
    pub of_type: std::collections::BTreeMap<TypeId, std::collections::BTreeSet<usize>>,
}

/// A security scheme the spec declares (`components/securitySchemes`).
#[derive(Clone, Debug)]
pub struct SecurityScheme {
    /// Wire: the scheme's key in the spec. Rust: its constant in the `security` module.
    pub name: Name,
    /// The client's method that sets its credential (`with_api_key`).
    pub setter: Ident,
    pub kind: SchemeKind,
    pub description: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SchemeKind {
    /// An API key in a header, query parameter or cookie of this name.
    ApiKey {
        location: ParamLocation,
        name: String,
    },
    Basic,
    /// HTTP bearer, OAuth 2 and OpenID Connect.
    Bearer,
}

/// Derives the settings add to generated types, as Rust paths.
#[derive(Clone, Debug, Default)]
pub struct Derives {
    /// On every struct and enum.
    pub all: Vec<String>,
    /// On one type, by its Rust name.
    pub by_type: std::collections::BTreeMap<String, Vec<String>>,
}

impl Derives {
    /// The derives one type gets: those for every type, then its own, each once.
    pub fn of(&self, name: &Ident) -> Vec<&str> {
        let own = self.by_type.get(name.as_str()).into_iter().flatten();
        let mut out: Vec<&str> = Vec::new();
        for d in self.all.iter().chain(own) {
            if !out.contains(&d.as_str()) {
                out.push(d);
            }
        }
        out
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl Method {
    pub const ALL: [Method; 8] = [
        Method::Get,
        Method::Put,
        Method::Post,
        Method::Delete,
        Method::Options,
        Method::Head,
        Method::Patch,
        Method::Trace,
    ];

    /// The spec's key for this method (`get`).
    pub fn key(self) -> &'static str {
        match self {
            Method::Get => "get",
            Method::Put => "put",
            Method::Post => "post",
            Method::Delete => "delete",
            Method::Options => "options",
            Method::Head => "head",
            Method::Patch => "patch",
            Method::Trace => "trace",
        }
    }

    /// The HTTP token (`GET`), also the name of the `http::Method` constant.
    pub fn http(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }
}

/// A path template, split into `/`-separated segments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathTemplate {
    /// As written in the spec (`/pets/{petId}`), with any query part the key has; empty for
    /// a callback sent to the URL its request gave, as it is (served at `/`).
    pub raw: String,
    pub segments: Vec<Segment>,
    /// The axum route serving it (`/pets/{petId}`): the template in axum's syntax where that
    /// can say it, a whole-segment parameter where not (see `lower::path::decide_routes`).
    pub route: String,
    /// Query pairs the path key fixes (`/rest?method=flickr.photos.search`): the client sends
    /// them, and the server tells operations that share a path and method apart by them.
    pub fixed_query: Vec<FixedQuery>,
}

/// A query item written into a path key: `name=value`, or a bare `name`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FixedQuery {
    /// Decoded.
    pub name: String,
    /// Decoded; `None` for a bare name.
    pub value: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment {
    Literal(String),
    /// A whole segment taken by one parameter (an index into [`Operation::params`]).
    Param(usize),
    /// Literals and parameters within one segment (`{name}.json`).
    Mixed(Vec<Piece>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    Literal(String),
    Param(usize),
}

impl Api {
    /// The operations the API serves (its `paths`).
    pub fn calls(&self) -> &[Operation] {
        self.operations.split_at(self.first_hook()).0
    }

    /// The requests it sends its consumers (webhooks and callbacks), which follow the calls.
    pub fn hooks(&self) -> &[Operation] {
        self.operations.split_at(self.first_hook()).1
    }

    fn first_hook(&self) -> usize {
        self.operations
            .iter()
            .position(|op| op.hook.is_some())
            .unwrap_or(self.operations.len())
    }
}

impl Operation {
    /// The types its request holds: each parameter's, and each structured body's (JSON, form,
    /// multipart).
    pub fn input_types(&self) -> impl Iterator<Item = TypeId> + '_ {
        let bodies = self
            .body
            .iter()
            .flat_map(|b| &b.contents)
            .filter_map(|c| match c.kind {
                BodyKind::Json(t) | BodyKind::Form(t) | BodyKind::Multipart(t) => Some(t),
                BodyKind::Text | BodyKind::Binary => None,
            });
        self.params.iter().map(|p| p.ty).chain(bodies)
    }
}

impl PathTemplate {
    /// Whether some request path could match both templates (same segment count, and at every
    /// position both accept some common value). Templates that differ only in their fixed
    /// query items overlap too.
    pub fn overlaps(&self, other: &PathTemplate) -> bool {
        self.segments.len() == other.segments.len()
            && self
                .segments
                .iter()
                .zip(&other.segments)
                .all(|(a, b)| match (a, b) {
                    (Segment::Literal(x), Segment::Literal(y)) => x == y,
                    _ => true,
                })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
}

impl ParamLocation {
    pub fn key(self) -> &'static str {
        match self {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
        }
    }
}

/// How a parameter's value is written (OpenAPI 3's `style`; Swagger 2.0's `collectionFormat`
/// is converted to it, `tsv` to `TabDelimited`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Form,
    SpaceDelimited,
    PipeDelimited,
    TabDelimited,
    DeepObject,
    Simple,
    Label,
    Matrix,
}

#[derive(Clone, Debug)]
pub struct Parameter {
    pub name: Name,
    /// The request builder's method that sets it (`with_<field>`), for an optional one.
    pub setter: Ident,
    /// The request constructor's argument that gives it, for a required one.
    pub argument: Ident,
    pub location: ParamLocation,
    pub required: bool,
    /// A scalar, an array of scalars, or (in the query) an object of scalars.
    pub ty: TypeId,
    pub style: Style,
    pub explode: bool,
    /// A scalar default: the parameter is then not optional in Rust, and the server fills
    /// the default in when a request leaves it out.
    pub default: Option<DefaultValue>,
    pub description: Option<String>,
    pub deprecated: bool,
    /// What the schema asks beyond the type (bounds, lengths, patterns, sizes).
    pub checks: Checks,
}

/// How a request body travels.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BodyKind {
    /// JSON of the given type (`serde_json::Value` when untyped).
    Json(TypeId),
    /// `application/x-www-form-urlencoded` fields of the given struct.
    Form(TypeId),
    /// `multipart/form-data` parts of the given struct.
    Multipart(TypeId),
    /// `text/*`: a `String`.
    Text,
    /// Anything else: the bytes as they are.
    Binary,
}

/// One media type a body may be sent as.
#[derive(Clone, Debug)]
pub struct Content {
    /// As the spec writes it.
    pub media_type: String,
    /// The `Content-Type` the client sends it with.
    pub send_as: String,
    pub kind: BodyKind,
    /// The variant of the body's choice enum, when there is more than one content type.
    pub variant: Ident,
}

#[derive(Clone, Debug)]
pub struct RequestBody {
    pub required: bool,
    pub description: Option<String>,
    /// The Rust field name of the body in the request struct.
    pub field: Ident,
    /// The request builder's method that sets it, for an optional body.
    pub setter: Ident,
    /// The request constructor's argument that gives it, for a required body.
    pub argument: Ident,
    /// The media types the caller may choose from, in spec order (never empty).
    pub contents: Vec<Content>,
    /// With several media types, the enum through which the caller chooses one.
    pub choice: Option<Ident>,
}

/// Which statuses a documented response covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    Code(u16),
    /// `1XX` to `5XX`: the class digit.
    Range(u8),
    Default,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResponseBody {
    /// No body: the status says it all (204, 205, 304 and 1XX without content).
    Empty,
    /// The spec describes no body: whatever arrives is kept untyped.
    Untyped,
    Json(TypeId),
    /// `text/*`: a `String`.
    Text,
    /// Any other media type: bytes.
    Binary,
    /// `text/event-stream`: a stream of server-sent events whose `data` is JSON of the given
    /// type, or text when the schema is absent or a plain string.
    Events(Option<TypeId>),
    /// JSON values one after another (NDJSON, JSON Lines, a JSON text sequence), each of the
    /// given type.
    Items(TypeId),
}

impl ResponseBody {
    /// The schema type the body is read and written as, if any.
    pub fn schema(&self) -> Option<TypeId> {
        match self {
            ResponseBody::Json(t) | ResponseBody::Events(Some(t)) | ResponseBody::Items(t) => {
                Some(*t)
            }
            _ => None,
        }
    }

    /// As [`ResponseBody::schema`], to rename it.
    pub fn schema_mut(&mut self) -> Option<&mut TypeId> {
        match self {
            ResponseBody::Json(t) | ResponseBody::Events(Some(t)) | ResponseBody::Items(t) => {
                Some(t)
            }
            _ => None,
        }
    }

    /// Whether the body is a stream the response does not end with (no `Clone` or `==`).
    pub fn is_stream(&self) -> bool {
        matches!(self, ResponseBody::Events(_) | ResponseBody::Items(_))
    }
}

/// A response header the spec declares.
#[derive(Clone, Debug)]
pub struct Header {
    pub name: Name,
    /// A scalar or an array of scalars.
    pub ty: TypeId,
    pub required: bool,
    pub description: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Response {
    pub status: Status,
    /// The variant of the operation's response enum.
    pub variant: Ident,
    pub description: String,
    pub body: ResponseBody,
    /// The `Content-Type` the server sends the body with (for typed bodies).
    pub media_type: Option<String>,
    pub headers: Vec<Header>,
}

/// A client method that streams a binary response, beside the one that buffers it.
#[derive(Clone, Debug)]
pub struct StreamMethod {
    pub method: Ident,
    /// The client module's function that builds the request both methods send.
    pub request_builder: Ident,
}

#[derive(Clone, Debug)]
pub struct Operation {
    /// Wire: the operationId (or the name derived for it); Rust: the method name.
    pub name: Name,
    /// The request struct's name.
    pub request_type: Ident,
    /// The response enum's name.
    pub response_type: Ident,
    /// The name of the error a documented error response becomes (`into_result`).
    pub error_type: Ident,
    pub method: Method,
    pub path: PathTemplate,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    /// Path parameters first, in template order, then the others in spec order.
    pub params: Vec<Parameter>,
    pub body: Option<RequestBody>,
    pub responses: Vec<Response>,
    /// For an operation with a binary response: the client method that streams it rather
    /// than buffering it.
    pub stream: Option<StreamMethod>,
    /// The server module's function that serves the operation.
    pub handler: Ident,
    /// What the client's `Accept` header says: the media types the operation's responses are
    /// documented in (none when it documents no body).
    pub accept: Option<String>,
    /// The ways the operation may be authorized, each a set of indexes into `Api::security`;
    /// an empty set means it may also be called without credentials. Empty: no security.
    pub security: Vec<Vec<usize>>,
    /// The operation's first tag, as the spec writes it.
    pub tag: Option<String>,
    /// Its group (an index into `Groups::features`), when the module is split.
    pub group: Option<usize>,
    /// How it is paginated, when the settings say it is.
    pub paging: Option<Paging>,
    /// For a request the API sends rather than serves: which.
    pub hook: Option<Hook>,
}

/// A request the API sends its consumers: an operation with the roles reversed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Hook {
    /// An OpenAPI 3.1 webhook, by name.
    Webhook(String),
    /// A callback of an operation.
    Callback {
        name: String,
        /// The operation's id (or `method /path`).
        of: String,
        /// The runtime expression that gives its URL, as the spec writes it.
        url: String,
    },
}
