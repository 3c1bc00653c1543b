//! `server.rs`: the `Api` trait, one method per operation, and the router that serves it.

use proc_macro2::TokenStream;
use quote::quote;

use super::Side;
use super::client::style;
use super::docs;
use super::format;
use super::gates;
use super::ops::{has_fields, only, param_default, route_line};
use super::rust::{ident, is_list, is_object, uses_style};
use super::validate;
use crate::model::{
    Api, BodyKind, Operation, ParamLocation, Piece, ResponseBody, Segment, Status, Style, Type,
};

/// Writes `server.rs` a piece at a time (see [`format::Writer`]).
pub fn write(api: &Api, side: Side, out: &mut format::Writer) -> Result<(), String> {
    let ops = side.of(api);
    let title = match side {
        Side::Calls => format!(
            "Server side of the {} API: implement `Api`, serve `router(api)`.",
            api.title
        ),
        Side::Hooks => format!(
            "Receiver of the {} API's webhooks and callbacks, which its consumers serve: implement `Api`, serve `router(api)` at the base URL given to the provider.",
            api.title
        ),
    };
    let module_docs = docs::inner(&[Some(&title)]);
    let allow_deprecated =
        super::types::deprecation_allowed(&api.types).then(|| quote!(#![allow(deprecated)]));
    let trait_docs = docs::outer(&[
        Some(&match side {
            Side::Calls => format!("The {} API, to be implemented by a service.", api.title),
            Side::Hooks => format!(
                "The webhooks and callbacks of the {} API, to be implemented by a consumer of it.",
                api.title
            ),
        }),
        Some(
            "Each method receives the service (as the `Arc` the router holds it in), the request's context (headers, credentials, extensions) and its typed input, and returns the typed response that the client decodes, or `Self::Error`. Requests that do not fit the spec are answered with a problem response before any method is called.",
        ),
        Some(
            "Every method has a default that answers 501 Not Implemented, so an implementation provides the operations it serves and no others.",
        ),
    ]);
    let secured = ops
        .iter()
        .any(|op| super::ops::requirements(api, op).is_some());
    let associated = api_error(secured);
    let methods = associated
        .into_iter()
        .chain(ops.iter().map(|op| trait_method(api, op)));
    let style = uses_style(api, ops).then(|| {
        quote!(
            use rt::params::Style;
        )
    });
    // Path parameters are always present once the path matched; others may be missing.
    let required = ops
        .iter()
        .flat_map(|op| &op.params)
        .any(|p| p.required && p.location != ParamLocation::Path)
        .then(|| quote!(required));
    // In a module split into groups, a group may use none of these.
    let allow = gates::split(api).then(|| quote!(#![allow(unused_imports)]));
    let imports = (!ops.is_empty()).then(|| {
        quote! {
            use std::future::Future;
            use std::sync::Arc;

            use rt::axum::response::{IntoResponse, Response};

            use rt::server::{BoxFuture, Input, Refusal, RequestContext, Route, Seg, #required};
            #style

            use super::types;
        }
    });
    out.push(quote! {
        #module_docs
        #allow_deprecated
        #allow

        #imports
    })?;
    // The trait grows with the operations and their docs (msgraph has 11,422): it is written
    // a method at a time.
    out.push_block(
        &quote!(#trait_docs pub trait Api: Send + Sync + 'static),
        methods,
    )?;
    out.push(quote! {
        /// A router serving `api` with the default options (a 2 MiB body limit, a 30 second
        /// timeout). Requests are checked against the spec before `api` sees them.
        ///
        /// It is a plain `axum::Router` with one route per path template: merge it with other
        /// routers (`.with_state(())` first to merge it into one with state), nest it, add
        /// `layer`s and `route_layer`s; `MatchedPath` holds the template. Which operation a
        /// request reaches follows OpenAPI (a literal segment wins over a template, for the
        /// request's method); a known path with another method gets 405 with `Allow`. Paths no
        /// route fits get axum's 404, or problem details with
        /// `.fallback(`[`not_found`](rt::server::not_found)`)` on the application's router.
        pub fn router<A: Api>(api: A) -> rt::axum::Router {
            router_with(api, rt::server::Options::default())
        }
    })?;
    let routes = ops.iter().map(|op| route(api, op));
    out.push(quote! {
        /// A router serving `api` with the given body limit and timeout.
        pub fn router_with<A: Api>(api: A, options: rt::server::Options) -> rt::axum::Router {
            rt::server::router_with(api, [
                #(#routes),*
            ], options)
        }
    })?;
    for op in ops {
        out.push_gated(handler(api, op), gates::op(api, op).as_ref())?;
    }
    for op in ops {
        out.push_gated(encoder(api, op), gates::op(api, op).as_ref())?;
    }
    Ok(())
}

/// The trait's error type, and its authentication hook when some operation is secured.
fn api_error(secured: bool) -> Vec<TokenStream> {
    let error = quote! {
        /// What a method's `Err` carries: it answers itself (`IntoResponse`) and can stand
        /// for an operation left out ([`MethodError`](rt::server::MethodError)). The runtime's
        /// [`Error`](rt::server::Error) is ready-made: any error converts into it by `?` and
        /// is answered 500 without its text, which goes to the log; a
        /// [`Problem`](rt::server::Problem) converted into it is answered as it is.
        type Error: rt::server::MethodError;
    };
    let hook = secured.then(|| {
        quote! {
            /// Decides who sent a request to a secured operation, before its method runs and
            /// before its input is read: a [`Principal`](rt::server::Principal), which the
            /// method reads back with `context.principal()`, or an error that answers instead
            /// (401 or 403; a 401 gets the operation's challenge). The router has already
            /// refused requests without the credentials the operation needs, and
            /// `context.credentials()` holds those it found. The default accepts every request
            /// with no principal, leaving the credentials' values to the methods.
            fn authenticate(
                &self,
                context: &RequestContext,
            ) -> impl Future<Output = Result<rt::server::Principal, Self::Error>> + Send {
                let _ = context;
                std::future::ready(Ok(rt::server::Principal::anonymous()))
            }
        }
    });
    std::iter::once(error).chain(hook).collect()
}

/// An operation's method takes the service as `Arc<Self>` and its context by value: nothing it
/// receives borrows, so its future names no lifetime. rustc checks every method of a trait
/// against each method whose future does name one, a cost that grows with the square of the
/// operations (about 4 s of GitHub's 1,223; Microsoft Graph's 11,422 did not finish).
fn trait_method(api: &Api, op: &Operation) -> TokenStream {
    let cfg = gates::op(api, op);
    let name = ident(&op.name.rust);
    let request = ident(&op.request_type);
    let response = ident(&op.response_type);
    let route = route_line(op);
    let docs = docs::outer(&[
        op.summary.as_deref(),
        op.description.as_deref(),
        Some(&route),
    ]);
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let operation = &op.name.wire;
    quote! {
        #cfg
        #docs
        #deprecated
        fn #name(
            self: Arc<Self>,
            context: RequestContext,
            request: types::#request,
        ) -> impl Future<Output = Result<types::#response, Self::Error>> + Send {
            let _ = (context, request);
            rt::server::not_implemented(#operation)
        }
    }
}

fn route(api: &Api, op: &Operation) -> TokenStream {
    let http_method = proc_macro2::Ident::new(op.method.http(), proc_macro2::Span::call_site());
    let template = &op.path.route;
    let segments = op.path.segments.iter().map(|s| match s {
        Segment::Literal(l) => quote!(Seg::Literal(#l)),
        Segment::Param(_) => quote!(Seg::Param),
        Segment::Mixed(pieces) => {
            let pieces = pieces.iter().map(|p| match p {
                Piece::Literal(l) => quote!(rt::server::Piece::Literal(#l)),
                Piece::Param(_) => quote!(rt::server::Piece::Param),
            });
            quote!(Seg::Mixed(&[#(#pieces),*]))
        }
    });
    let handler = ident(&op.handler);
    let operation = &op.name.wire;
    let mut route = quote!(Route::new(rt::http::Method::#http_method, #template, #operation, &[#(#segments),*], #handler::<A>));
    if !op.path.fixed_query.is_empty() {
        let items = op.path.fixed_query.iter().map(|f| {
            let name = &f.name;
            match &f.value {
                Some(value) => quote!((#name, Some(#value))),
                None => quote!((#name, None)),
            }
        });
        route = quote!(#route.fixed_query(&[#(#items),*]));
    }
    let route = match super::ops::requirements(api, op) {
        Some(requirements) => quote!(#route.secured(#requirements)),
        None => route,
    };
    let cfg = gates::op(api, op);
    quote!(#cfg #route)
}

/// Reads the typed input from a matched request, calls the implementation, encodes the result.
fn handler(api: &Api, op: &Operation) -> TokenStream {
    let types = &api.types;
    let name = ident(&op.name.rust);
    let serve = ident(&op.handler);
    let request = ident(&op.request_type);
    let prefix = quote!(types::);
    let mut path_index = 0usize;
    let fields: Vec<TokenStream> = op
        .params
        .iter()
        .map(|p| {
            let field = ident(&p.name.rust);
            let wire = &p.name.wire;
            let list = is_list(types, p.ty);
            let st = style(p.style);
            let explode = p.explode;
            let location = p.location.key();
            let read = match p.location {
                ParamLocation::Path => {
                    let i = proc_macro2::Literal::usize_unsuffixed(path_index);
                    path_index += 1;
                    let read = if list {
                        quote!(input.path_list(#i, #wire, #st, #explode)?)
                    } else if p.style == Style::Simple {
                        quote!(input.path(#i, #wire)?)
                    } else {
                        quote!(input.path_styled(#i, #wire, #st, #explode)?)
                    };
                    return quote!(#field: #read,);
                }
                ParamLocation::Query if list => quote!(input.query_list(#wire, #st, #explode)?),
                ParamLocation::Query if is_object(types, p.ty) => {
                    quote!(input.query_object(#wire, #st, #explode)?)
                }
                ParamLocation::Query => quote!(input.query(#wire)?),
                ParamLocation::Header if list => quote!(input.header_list(#wire)?),
                ParamLocation::Header => quote!(input.header(#wire)?),
                ParamLocation::Cookie if list => quote!(input.cookie_list(#wire)?),
                ParamLocation::Cookie => quote!(input.cookie(#wire)?),
            };
            if p.required {
                quote!(#field: required(#read, #location, #wire)?,)
            } else if let Some(default) = param_default(p, &prefix) {
                // Only a `String` default calls something; the others are constants.
                if matches!(types.resolved(p.ty), Type::String) {
                    quote!(#field: #read.unwrap_or_else(|| #default),)
                } else {
                    quote!(#field: #read.unwrap_or(#default),)
                }
            } else {
                quote!(#field: #read,)
            }
        })
        .collect();
    let body = op.body.as_ref().map(|b| {
        let field = ident(&b.field);
        match &b.choice {
            None => {
                let read = read_body(&only(b).kind, b.required);
                quote!(#field: #read,)
            }
            Some(choice) => {
                let choice = ident(choice);
                let media: Vec<String> = b.contents.iter().map(|c| c.media_type.clone()).collect();
                let last = b.contents.len() - 1;
                let arms = b.contents.iter().enumerate().map(|(i, c)| {
                    let variant = ident(&c.variant);
                    let read = read_body(&c.kind, true);
                    let value = quote!(types::#choice::#variant(#read));
                    let pattern = match (b.required, i == last) {
                        (true, true) => quote!(_),
                        (true, false) => {
                            let i = proc_macro2::Literal::usize_unsuffixed(i);
                            quote!(#i)
                        }
                        (false, true) => quote!(Some(_)),
                        (false, false) => {
                            let i = proc_macro2::Literal::usize_unsuffixed(i);
                            quote!(Some(#i))
                        }
                    };
                    let value = if b.required {
                        value
                    } else {
                        quote!(Some(#value))
                    };
                    quote!(#pattern => #value,)
                });
                let none = (!b.required).then(|| quote!(None => None,));
                let select = if b.required {
                    quote!(input.media_type(&[#(#media),*])?)
                } else {
                    quote!(input.optional_media_type(&[#(#media),*])?)
                };
                quote! {
                    #field: match #select {
                        #(#arms)*
                        #none
                    },
                }
            }
        }
    });
    let checks = validate::request_checks(api, op);
    let docs = format!(" Serves {}.", route_line(op));
    let secured = super::ops::requirements(api, op).is_some();
    let authenticate = secured.then(|| {
        quote! {
            let principal = api.authenticate(input.context()).await;
            input.authenticate(principal)?;
        }
    });
    let mutable = if op.body.is_some() || secured {
        quote!(mut)
    } else {
        TokenStream::new()
    };
    // The implementation of a deprecated operation is still served.
    let allow = op.deprecated.then(|| quote!(#[allow(deprecated)]));
    quote! {
        #[doc = #docs]
        #allow
        fn #serve<A: Api>(api: Arc<A>, #mutable input: Input) -> BoxFuture<Result<Response, Refusal>> {
            Box::pin(async move {
                #authenticate
                let request = types::#request {
                    #(#fields)*
                    #body
                };
                #checks
                Ok(api.#name(input.into_context(), request).await.into_response())
            })
        }
    }
}

fn read_body(kind: &BodyKind, required: bool) -> TokenStream {
    let method = match (kind, required) {
        (BodyKind::Json(_), true) => quote!(json),
        (BodyKind::Json(_), false) => quote!(optional_json),
        (BodyKind::Form(_), true) => quote!(form),
        (BodyKind::Form(_), false) => quote!(optional_form),
        (BodyKind::Multipart(_), true) => quote!(multipart),
        (BodyKind::Multipart(_), false) => quote!(optional_multipart),
        (BodyKind::Text, true) => quote!(text),
        (BodyKind::Text, false) => quote!(optional_text),
        (BodyKind::Binary, true) => quote!(bytes),
        (BodyKind::Binary, false) => quote!(optional_bytes),
    };
    quote!(input.#method().await?)
}

fn encoder(api: &Api, op: &Operation) -> TokenStream {
    let response = ident(&op.response_type);
    let arms = op.responses.iter().map(|r| {
        let variant = ident(&r.variant);
        let status = match r.status {
            Status::Code(code) => {
                let code = proc_macro2::Literal::u16_unsuffixed(code);
                quote!(rt::server::status(#code))
            }
            Status::Range(_) | Status::Default => quote!(status),
        };
        // Lowering gives every typed body its content type (checked before emitting).
        let ct = r.media_type.as_deref().unwrap_or_default();
        let write = match &r.body {
            ResponseBody::Empty => quote!(#status.into_response()),
            ResponseBody::Json(_) => quote!(rt::server::json_response(#status, #ct, &body)),
            ResponseBody::Untyped => quote!(rt::server::untyped_response(#status, body)),
            ResponseBody::Text => quote!(rt::server::text_response(#status, #ct, body)),
            ResponseBody::Binary => quote!(rt::server::bytes_response(#status, #ct, body)),
            ResponseBody::Items(_) => quote!(rt::server::items::items_response(#status, #ct, body)),
            ResponseBody::Events(_) => {
                let write = super::ops::event_data_fn(&api.types, r, quote!(server));
                quote! {
                    rt::server::events::event_stream_response(
                        #status,
                        body,
                        #write,
                        rt::server::events::DEFAULT_KEEP_ALIVE,
                    )
                }
            }
        };
        let empty = r.body == ResponseBody::Empty;
        if !has_fields(r) {
            return if empty {
                quote!(Self::#variant => #write,)
            } else {
                quote!(Self::#variant(body) => #write,)
            };
        }
        let body = (!empty).then(|| quote!(body,));
        let status_field = (!matches!(r.status, Status::Code(_))).then(|| quote!(status,));
        let names = r.headers.iter().map(|h| ident(&h.name.rust));
        let sets = r.headers.iter().map(|h| {
            let field = ident(&h.name.rust);
            let wire = &h.name.wire;
            let set = if is_list(&api.types, h.ty) {
                quote!(set_header_list)
            } else {
                quote!(set_header)
            };
            if h.required {
                quote!(rt::server::#set(&mut response, #wire, &#field);)
            } else {
                quote! {
                    if let Some(value) = &#field {
                        rt::server::#set(&mut response, #wire, value);
                    }
                }
            }
        });
        if r.headers.is_empty() {
            return quote!(Self::#variant { #status_field #body } => #write,);
        }
        quote! {
            Self::#variant { #status_field #body #(#names,)* } => {
                let mut response = #write;
                #(#sets)*
                response
            }
        }
    });
    quote! {
        impl IntoResponse for types::#response {
            fn into_response(self) -> Response {
                match self {
                    #(#arms)*
                }
            }
        }
    }
}
