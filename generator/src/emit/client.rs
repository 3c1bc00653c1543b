//! `client.rs`: a `Client` with one async method per operation.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::Side;
use super::docs;
use super::format;
use super::gates;
use super::ops::{has_fields, only, route_line};
use super::rust::{ident, is_list, is_object, uses_style};
use crate::model::{
    Api, BodyKind, Content, Operation, ParamLocation, Parameter, Piece, Response, ResponseBody,
    Segment, Status, Style, TypeSpace,
};

/// Writes `client.rs` a piece at a time (see [`format::Writer`]); the `impl Client` block is
/// written one operation at a time.
pub fn write(api: &Api, side: Side, out: &mut format::Writer) -> Result<(), String> {
    let ops = side.of(api);
    let title = match side {
        Side::Calls => format!("Client of the {} API.", api.title),
        Side::Hooks => format!(
            "Sender of the {} API's webhooks and callbacks: what its provider calls its consumers with, each at the base URL the consumer gave.",
            api.title
        ),
    };
    let module_docs = docs::inner(&[Some(&title)]);
    // In a module split into groups, a group may use none of some imports.
    let allow_unused = gates::split(api).then(|| quote!(#![allow(unused_imports)]));
    let allow_deprecated =
        super::types::deprecation_allowed(&api.types).then(|| quote!(#![allow(deprecated)]));
    let struct_docs = docs::outer(&[
        Some(&title),
        Some("Cheap to clone: clones share one connection pool."),
        Some(
            "Each operation's method returns a future: nothing is built or sent until it is awaited.",
        ),
    ]);
    let streams = ops.iter().any(|op| op.stream.is_some());
    // A spec without operations still gets a client, which then uses only these.
    // The error every call returns, and the transport a client can be built over, are
    // reachable from the module itself (`petstore::client::Error`).
    let imports = if ops.is_empty() {
        quote!(
            pub use rt::client::{Error, RetryPolicy, Transport};
        )
    } else {
        let stream = streams.then(|| quote!(ByteStream,));
        let style = uses_style(api, ops).then(|| {
            quote!(
                use rt::params::Style;
            )
        });
        quote! {
            pub use rt::client::{Error, RetryPolicy, Transport};
            use rt::client::{#stream PathPart, Query};
            #style

            use super::types;
        }
    };
    // A consumer's URL is the consumer's own.
    let default_base_url = api
        .base_url
        .as_deref()
        .filter(|_| side == Side::Calls)
        .map(|url| {
            let doc =
                format!(" Where the API is served, as the spec (or the settings) say: `{url}`.");
            quote! {
                #[doc = #doc]
                pub const DEFAULT_BASE_URL: &'static str = #url;

                /// A client for the API at [`Self::DEFAULT_BASE_URL`], with a default `reqwest` client.
                pub fn with_default_base_url() -> Result<Self, Error> {
                    Self::new(Self::DEFAULT_BASE_URL)
                }
            }
        });
    // Credentials for the schemes the operations may be sent with.
    let secured = ops.iter().any(|op| !op.security.is_empty());
    let setters = api.security.iter().filter(|_| secured).map(setter);
    let events = ops.iter().any(|op| {
        op.responses
            .iter()
            .any(|r| matches!(r.body, ResponseBody::Events(_)))
    });
    let event_reconnects = events.then(|| {
        quote! {
            /// When a server-sent event stream drops mid-way, reopens it up to `max` times in
            /// a row (an event received resets the count), sending the last event id in
            /// `Last-Event-ID` after the wait the server asked for (`retry:`), else 3 s. A
            /// stream the server ends is not reopened; by default none is.
            pub fn with_event_reconnects(mut self, max: u32) -> Self {
                self.transport.set_event_reconnects(max);
                self
            }
        }
    });
    out.push(quote! {
        #module_docs
        #allow_deprecated
        #allow_unused

        #imports

        #struct_docs
        #[derive(Clone, Debug)]
        pub struct Client {
            transport: Transport,
        }
    })?;
    let fixed = quote! {
            #default_base_url

            /// A client for the API at `base_url` (scheme, host and any base path, such as
            /// `https://api.example.com/v1`), with a default `reqwest` client: connecting
            /// gives up after 10 seconds, a call after 60 (`with_timeout` changes it), and
            /// requests say `User-Agent: <your crate>/<its version>` (`with_user_agent`).
            pub fn new(base_url: &str) -> Result<Self, Error> {
                let user_agent = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));
                Ok(Self { transport: Transport::with_defaults(base_url, user_agent)? })
            }

            /// A client that sends through `http`, built by the caller with its own default
            /// headers (authentication), timeouts, proxies or TLS settings.
            pub fn with_http_client(base_url: &str, http: rt::reqwest::Client) -> Result<Self, Error> {
                Ok(Self { transport: Transport::new(base_url, http)? })
            }

            /// The base URL requests go to.
            pub fn base_url(&self) -> &str {
                self.transport.base_url()
            }

            /// A client over a transport built by the caller: for example
            /// `Transport::with_middleware` (feature `middleware`), which sends through a
            /// `reqwest-middleware` stack for retries and tracing.
            pub fn from_transport(transport: Transport) -> Self {
                Self { transport }
            }

            /// The `reqwest` client requests are built with (and sent through, without middleware).
            pub fn http_client(&self) -> &rt::reqwest::Client {
                self.transport.http_client()
            }

            /// Bounds each call, from sending the request to reading the whole response; a call
            /// that takes longer fails with an error whose `is_timeout()` is true. The client is
            /// cheap to clone, so `client.clone().with_timeout(..)` bounds a single call.
            pub fn with_timeout(mut self, timeout: std::time::Duration) -> Self {
                self.transport.set_timeout(timeout);
                self
            }

            /// When failed calls are sent again (by default: idempotent calls, at most 3
            /// times, honouring `Retry-After`; see [`RetryPolicy`]). The client is cheap to
            /// clone, so `client.clone().with_retry(..)` sets a policy for a single call.
            pub fn with_retry(mut self, policy: RetryPolicy) -> Self {
                self.transport.set_retry(policy);
                self
            }

            #event_reconnects

            /// Sends `User-Agent: <user_agent>` with every request; an error if a header
            /// cannot carry it.
            pub fn with_user_agent(mut self, user_agent: &str) -> Result<Self, Error> {
                self.transport.set_user_agent(user_agent)?;
                Ok(self)
            }

            #(#setters)*
    };
    // Each operation's methods are printed on their own; its module-level functions after
    // the block.
    let mut builders = Vec::new();
    let members = std::iter::once(fixed).chain(ops.iter().map(|op| {
        let (mut methods, builder) = method(api, op);
        builders.push(builder);
        if let Some(paging) = &op.paging {
            methods.extend(super::paging::method(api, op, paging));
        }
        methods
    }));
    out.push_impl(&quote!(Client), members)?;
    for builder in builders {
        if !builder.is_empty() {
            out.push(builder)?;
        }
    }
    // Each operation's error type, and which of its responses are successes.
    for op in ops.iter().filter(|op| !op.responses.is_empty()) {
        let outcome = super::ops::outcome(&api.types, op);
        out.push_gated(outcome, gates::op(api, op).as_ref())?;
    }
    Ok(())
}

/// The method that sets the credential of a security scheme, once for every call.
fn setter(scheme: &crate::model::SecurityScheme) -> TokenStream {
    use crate::model::SchemeKind;
    let method = ident(&scheme.setter);
    let name = ident(&scheme.name.rust);
    let wire = &scheme.name.wire;
    let (args, credential, what) = match &scheme.kind {
        SchemeKind::ApiKey { .. } => (
            quote!(key: impl Into<String>),
            quote!(Credential::ApiKey(key.into())),
            "its API key",
        ),
        SchemeKind::Basic => (
            quote!(username: impl Into<String>, password: impl Into<String>),
            quote!(Credential::Basic {
                username: username.into(),
                password: password.into()
            }),
            "the user name and password",
        ),
        SchemeKind::Bearer => (
            quote!(token: impl Into<String>),
            quote!(Credential::Bearer(token.into())),
            "the bearer token",
        ),
    };
    let doc = format!(
        " Sets {what} for the security scheme `{wire}`: sent with every call whose operation accepts it."
    );
    quote! {
        #[doc = #doc]
        pub fn #method(mut self, #args) -> Self {
            self.transport.set_credential(super::security::#name, rt::auth::#credential);
            self
        }
    }
}

/// The client method of an operation (two, for a binary response that can also be streamed)
/// and any module-level function they share.
fn method(api: &Api, op: &Operation) -> (TokenStream, TokenStream) {
    let types = &api.types;
    let cfg = gates::op(api, op);
    let name = ident(&op.name.rust);
    let request = ident(&op.request_type);
    let response = ident(&op.response_type);
    let route = route_line(op);
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let docs = docs::outer(&[
        op.summary.as_deref(),
        op.description.as_deref(),
        Some(&route),
    ]);
    let http_method = proc_macro2::Ident::new(op.method.http(), proc_macro2::Span::call_site());
    let path = path_parts(api, op);
    // The path key's own query items first, as the key writes them.
    let fixed = op.path.fixed_query.iter().map(|f| {
        let name = &f.name;
        match &f.value {
            Some(value) => quote!(query.push(#name, #value);),
            None => quote!(query.flag(#name);),
        }
    });
    let query: Vec<TokenStream> = fixed
        .chain(
            op.params
                .iter()
                .filter(|p| p.location == ParamLocation::Query)
                .map(|p| query_param(types, p)),
        )
        .collect();
    let headers = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Header)
        .map(|p| {
            let wire = &p.name.wire;
            let field = ident(&p.name.rust);
            let func = if is_list(types, p.ty) {
                quote!(rt::client::header_list)
            } else {
                quote!(rt::client::header)
            };
            if p.required || p.default.is_some() {
                quote!(let builder = #func(builder, #wire, &request.#field)?;)
            } else {
                quote! {
                    let builder = match &request.#field {
                        Some(value) => #func(builder, #wire, value)?,
                        None => builder,
                    };
                }
            }
        });
    let cookies: Vec<TokenStream> = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Cookie)
        .map(|p| {
            let wire = &p.name.wire;
            let field = ident(&p.name.rust);
            let push = if is_list(types, p.ty) {
                quote!(push_list)
            } else {
                quote!(push)
            };
            if p.required || p.default.is_some() {
                quote!(cookies.#push(#wire, &request.#field);)
            } else {
                quote! {
                    if let Some(value) = &request.#field {
                        cookies.#push(#wire, value);
                    }
                }
            }
        })
        .collect();
    let cookies = (!cookies.is_empty()).then(|| {
        quote! {
            let mut cookies = rt::client::Cookies::new();
            #(#cookies)*
            let builder = cookies.apply(builder)?;
        }
    });
    let body = op.body.as_ref().map(|b| {
        let field = ident(&b.field);
        let send = match &b.choice {
            None => send_body(&only(b), quote!(body)),
            Some(choice) => {
                let choice = ident(choice);
                let arms = b.contents.iter().map(|c| {
                    let variant = ident(&c.variant);
                    let send = send_body(c, quote!(body));
                    quote!(types::#choice::#variant(body) => #send,)
                });
                quote!(match body { #(#arms)* })
            }
        };
        if b.required {
            quote! {
                let body = &request.#field;
                let builder = #send;
            }
        } else {
            quote! {
                let builder = match &request.#field {
                    Some(body) => #send,
                    None => builder,
                };
            }
        }
    });
    let arms = response_arms(api, op);
    // With only a default response there is nothing to match.
    let decode = match op.responses.as_slice() {
        [] => quote!(Err(response.unexpected())),
        [only] if only.status == Status::Default => {
            let value = response_value(api, op, only);
            quote! {
                let value = #value;
                Ok(response.reply(value))
            }
        }
        _ => quote! {
            let value = match response.status().as_u16() {
                #(#arms)*
            };
            Ok(response.reply(value))
        },
    };
    let operation = {
        let id = &op.name.wire;
        let method = op.method.http();
        let template = &op.path.raw;
        quote! {
            const OPERATION: rt::client::Operation = rt::client::Operation::new(#id, #method, #template);
        }
    };
    let uses_request = !op.params.is_empty() || op.body.is_some();
    let requirements = super::ops::requirements(api, op);
    let authorize_fn = requirements
        .as_ref()
        .map(|r| quote!(let builder = transport.authorize(builder, #r)?;));
    let request_arg = if uses_request {
        quote!(request)
    } else {
        quote!(_request)
    };
    let (query_decl, query_arg) = if query.is_empty() {
        (TokenStream::new(), quote!(&Query::new()))
    } else {
        (quote!(let mut query = Query::new();), quote!(&query))
    };
    let accept = op
        .accept
        .as_ref()
        .map(|accept| quote!(let builder = builder.header(rt::http::header::ACCEPT, #accept);));
    // The statements that build the request, from `transport` and `request`.
    let build_request = quote! {
        let path = [#(#path),*];
        #query_decl
        #(#query)*
        let builder = transport.request(rt::http::Method::#http_method, &path, #query_arg)?;
        #accept
        #authorize_fn
        #(#headers)*
        #cookies
        #body
        Ok(builder)
    };
    // An event stream is handed to the decoding unread, which takes it out of the response.
    let (exchange, response_arg) = if op.responses.iter().any(|r| r.body.is_stream()) {
        (quote!(exchange_events), quote!(mut response))
    } else {
        (quote!(exchange), quote!(response))
    };
    let Some(stream) = &op.stream else {
        let method = quote! {
            #cfg
            #docs
            #deprecated
            pub fn #name(&self, #request_arg: types::#request) -> impl std::future::Future<Output = Result<rt::client::Reply<types::#response>, Error>> + '_ {
                #operation
                self.transport.#exchange(
                    OPERATION,
                    move |transport| {
                        #build_request
                    },
                    |#response_arg| {
                        #decode
                    },
                )
            }
        };
        return (method, TokenStream::new());
    };
    // Two methods send the same request: it is built once, by a function of its own.
    let build = ident(&stream.request_builder);
    let stream = ident(&stream.method);
    let build_docs = format!(
        " Builds the request of [`Client::{}`] and [`Client::{stream}`].",
        op.name.rust
    );
    let stream_docs = docs::outer(&[
        Some(&format!(
            "Like [`Client::{}`], but a successful binary response is not read into memory: its body is read chunk by chunk from the returned stream. Any other response is an error.",
            op.name.rust
        )),
        Some(&route),
    ]);
    let builder = quote! {
        #cfg
        #[doc = #build_docs]
        fn #build(transport: &Transport, #request_arg: &types::#request) -> Result<rt::reqwest::RequestBuilder, Error> {
            #build_request
        }
    };
    let methods = quote! {
        #cfg
        #docs
        #deprecated
        pub fn #name(&self, request: types::#request) -> impl std::future::Future<Output = Result<rt::client::Reply<types::#response>, Error>> + '_ {
            #operation
            self.transport.#exchange(
                OPERATION,
                move |transport| #build(transport, &request),
                |#response_arg| {
                    #decode
                },
            )
        }

        #cfg
        #stream_docs
        #deprecated
        pub fn #stream(&self, request: types::#request) -> impl std::future::Future<Output = Result<ByteStream, Error>> + '_ {
            #operation
            self.transport.exchange_stream(OPERATION, move |transport| #build(transport, &request))
        }
    };
    (methods, builder)
}

/// The `Style` value a parameter is written with.
pub fn style(style: Style) -> TokenStream {
    let name = match style {
        Style::Form => quote!(Form),
        Style::SpaceDelimited => quote!(SpaceDelimited),
        Style::PipeDelimited => quote!(PipeDelimited),
        Style::TabDelimited => quote!(TabDelimited),
        Style::DeepObject => quote!(DeepObject),
        Style::Simple => quote!(Simple),
        Style::Label => quote!(Label),
        Style::Matrix => quote!(Matrix),
    };
    quote!(Style::#name)
}

fn query_param(types: &TypeSpace, p: &Parameter) -> TokenStream {
    let wire = &p.name.wire;
    let field = ident(&p.name.rust);
    let st = style(p.style);
    let explode = p.explode;
    let push = |value: TokenStream| {
        if is_list(types, p.ty) {
            quote!(query.push_list(#wire, #value, #st, #explode);)
        } else if is_object(types, p.ty) {
            quote!(query.push_object(#wire, #value, #st, #explode)?;)
        } else {
            quote!(query.push(#wire, #value);)
        }
    };
    if p.required || p.default.is_some() {
        push(quote!(&request.#field))
    } else {
        let push = push(quote!(value));
        quote! {
            if let Some(value) = &request.#field {
                #push
            }
        }
    }
}

/// Sending one media type's body (`body` is a reference to it).
fn send_body(c: &Content, body: TokenStream) -> TokenStream {
    let media_type = &c.send_as;
    match &c.kind {
        BodyKind::Json(_) => {
            quote!(rt::client::json_body(builder, #media_type, #body)?)
        }
        BodyKind::Form(_) => quote!(rt::client::form_body(builder, #body)?),
        BodyKind::Multipart(_) => quote!(rt::client::multipart_body(builder, #body)?),
        BodyKind::Text => quote!(rt::client::text_body(builder, #media_type, #body)),
        BodyKind::Binary => quote!(rt::client::bytes_body(builder, #media_type, #body)?),
    }
}

/// The template as literal runs and parameters, adjacent literals merged.
fn path_parts(api: &Api, op: &Operation) -> Vec<TokenStream> {
    enum Part {
        Literal(String),
        Param(usize),
    }
    // The base URL itself: a callback's URL, as its request gave it.
    if op.path.raw.is_empty() {
        return Vec::new();
    }
    let mut parts: Vec<Part> = Vec::new();
    let push_literal = |parts: &mut Vec<Part>, s: &str| match parts.last_mut() {
        Some(Part::Literal(l)) => l.push_str(s),
        _ => parts.push(Part::Literal(s.to_owned())),
    };
    for segment in &op.path.segments {
        push_literal(&mut parts, "/");
        match segment {
            Segment::Literal(l) => push_literal(&mut parts, l),
            Segment::Param(i) => parts.push(Part::Param(*i)),
            Segment::Mixed(pieces) => {
                for piece in pieces {
                    match piece {
                        Piece::Literal(l) => push_literal(&mut parts, l),
                        Piece::Param(i) => parts.push(Part::Param(*i)),
                    }
                }
            }
        }
    }
    parts
        .into_iter()
        .map(|p| match p {
            Part::Literal(l) => {
                let l = crate::uri::encode_literal(&l);
                quote!(PathPart::Literal(#l))
            }
            Part::Param(i) => {
                // Each index was checked before emitting began.
                let Some(param) = op.params.get(i) else {
                    return TokenStream::new();
                };
                let wire = &param.name.wire;
                let field = ident(&param.name.rust);
                let st = style(param.style);
                let explode = param.explode;
                if is_list(&api.types, param.ty) {
                    quote!(PathPart::list(#wire, &request.#field, #st, #explode))
                } else if param.style == Style::Simple {
                    quote!(PathPart::param(#wire, &request.#field))
                } else {
                    quote!(PathPart::styled(#wire, &request.#field, #st, #explode))
                }
            }
        })
        .collect()
}

/// The typed response built from `response`, for one documented status.
fn response_value(api: &Api, op: &Operation, r: &Response) -> TokenStream {
    let response = ident(&op.response_type);
    let variant = ident(&r.variant);
    let decode = match &r.body {
        ResponseBody::Empty => TokenStream::new(),
        ResponseBody::Json(_) => quote!(response.json()?),
        ResponseBody::Untyped => quote!(response.untyped()?),
        ResponseBody::Text => quote!(response.text()?),
        ResponseBody::Binary => quote!(response.blob()),
        ResponseBody::Items(_) => quote!(response.items()?),
        ResponseBody::Events(_) => {
            let read = super::ops::event_data_fn(&api.types, r, quote!(client));
            quote!(response.events(#read)?)
        }
    };
    if !has_fields(r) {
        return if r.body == ResponseBody::Empty {
            quote!(types::#response::#variant)
        } else {
            quote!(types::#response::#variant(#decode))
        };
    }
    let body = (r.body != ResponseBody::Empty).then(|| quote!(body: #decode,));
    let status = (!matches!(r.status, Status::Code(_))).then(|| quote!(status: response.status(),));
    let headers = r.headers.iter().map(|h| {
        let field = ident(&h.name.rust);
        let wire = &h.name.wire;
        let read = match (is_list(&api.types, h.ty), h.required) {
            (false, false) => quote!(response.header(#wire)?),
            (false, true) => quote!(response.required_header(#wire)?),
            (true, false) => quote!(response.header_list(#wire)?),
            (true, true) => quote!(response.required_header_list(#wire)?),
        };
        quote!(#field: #read,)
    });
    quote!(types::#response::#variant { #status #body #(#headers)* })
}

fn response_arms(api: &Api, op: &Operation) -> Vec<TokenStream> {
    let mut ordered: Vec<_> = op.responses.iter().collect();
    // Exact codes before ranges before the default, as OpenAPI says.
    ordered.sort_by_key(|r| r.status);
    let mut arms: Vec<TokenStream> = ordered
        .iter()
        .map(|r| {
            let value = response_value(api, op, r);
            match r.status {
                Status::Code(code) => {
                    let code = Literal::u16_unsuffixed(code);
                    quote!(#code => #value,)
                }
                Status::Range(d) => {
                    let low = Literal::u16_unsuffixed(u16::from(d) * 100);
                    let high = Literal::u16_unsuffixed(u16::from(d) * 100 + 99);
                    quote!(#low..=#high => #value,)
                }
                Status::Default => quote!(_ => #value,),
            }
        })
        .collect();
    if !op.responses.iter().any(|r| r.status == Status::Default) {
        arms.push(quote!(_ => return Err(response.unexpected()),));
    }
    arms
}
