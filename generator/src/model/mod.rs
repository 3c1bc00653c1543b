//! Our own typed model of an API: what the emitters read, and all they read.
//!
//! Closed enums for everything with a fixed set of values (methods, locations, body and
//! response kinds); types live in a [`TypeSpace`] arena and are referred to by [`TypeId`];
//! every named thing carries its wire name and its Rust name, decided once during lowering.

mod types;

pub use types::{EnumDef, Field, IntKind, NumberKind, StructDef, Type, TypeId, TypeSpace, Variant};

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
    /// As written in the spec (`/pets/{petId}`).
    pub raw: String,
    pub segments: Vec<Segment>,
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

impl PathTemplate {
    /// Whether some request path could match both templates (same segment count, and at every
    /// position both accept some common value).
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

#[derive(Clone, Debug)]
pub struct Parameter {
    pub name: Name,
    pub location: ParamLocation,
    pub required: bool,
    /// A scalar type: string, integer, number or boolean.
    pub ty: TypeId,
    pub description: Option<String>,
    pub deprecated: bool,
}

/// How a request body travels.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BodyKind {
    /// JSON of the given type (`serde_json::Value` when untyped).
    Json { media_type: String, ty: TypeId },
}

#[derive(Clone, Debug)]
pub struct RequestBody {
    pub required: bool,
    pub description: Option<String>,
    pub kind: BodyKind,
    /// The Rust field name of the body in the request struct.
    pub field: Ident,
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
    /// The spec describes no body: whatever arrives is kept untyped.
    Untyped,
    Json(TypeId),
}

#[derive(Clone, Debug)]
pub struct Response {
    pub status: Status,
    /// The variant of the operation's response enum.
    pub variant: Ident,
    pub description: String,
    pub body: ResponseBody,
}

#[derive(Clone, Debug)]
pub struct Operation {
    /// Wire: the operationId (or the name derived for it); Rust: the method name.
    pub name: Name,
    /// The request struct's name.
    pub request_type: Ident,
    /// The response enum's name.
    pub response_type: Ident,
    pub method: Method,
    pub path: PathTemplate,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    /// Path parameters first, in template order, then the others in spec order.
    pub params: Vec<Parameter>,
    pub body: Option<RequestBody>,
    pub responses: Vec<Response>,
}
