//! `server.rs`: the `Api` trait, one method per operation, and the router that serves it.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use super::rust::ident;
use super::types::route_line;
use crate::model::{Api, Operation, ParamLocation, Piece, ResponseBody, Segment, Status};

pub fn emit(api: &Api) -> TokenStream {
    let title = format!(
        "Server side of the {} API: implement `Api`, serve `router(api)`.",
        api.title
    );
    let module_docs = docs::inner(&[Some(&title)]);
    let trait_docs = docs::outer(&[
        Some(&format!(
            "The {} API, to be implemented by a service.",
            api.title
        )),
        Some(
            "Each method receives the request's context (headers, extensions) and its typed input, and returns the typed response that the client decodes. Requests that do not fit the spec are answered with a problem response before any method is called.",
        ),
    ]);
    let methods = api.operations.iter().map(trait_method);
    let routes = api.operations.iter().map(route);
    let handlers = api.operations.iter().map(handler);
    let encoders = api.operations.iter().map(encoder);
    quote! {
        #module_docs

        use std::future::Future;
        use std::sync::Arc;

        use axum::response::{IntoResponse, Response};

        use crate::support::server::{BoxFuture, Input, Problem, RequestContext, Route, Seg};

        use super::types;

        #trait_docs
        pub trait Api: Send + Sync + 'static {
            #(#methods)*
        }

        /// A router serving `api`. Paths are matched as OpenAPI says (a literal segment wins over a
        /// template); a path with no operation gets 404, a known path with another method 405.
        pub fn router<A: Api>(api: A) -> axum::Router {
            crate::support::server::router(api, vec![
                #(#routes),*
            ])
        }

        #(#handlers)*
        #(#encoders)*
    }
}

fn trait_method(op: &Operation) -> TokenStream {
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
    quote! {
        #docs
        #deprecated
        fn #name(&self, context: &RequestContext, request: types::#request) -> impl Future<Output = types::#response> + Send;
    }
}

fn route(op: &Operation) -> TokenStream {
    let http_method = proc_macro2::Ident::new(op.method.http(), proc_macro2::Span::call_site());
    let template = &op.path.raw;
    let segments = op.path.segments.iter().map(|s| match s {
        Segment::Literal(l) => quote!(Seg::Literal(#l)),
        Segment::Param(_) => quote!(Seg::Param),
        Segment::Mixed(pieces) => {
            let pieces = pieces.iter().map(|p| match p {
                Piece::Literal(l) => quote!(crate::support::server::Piece::Literal(#l)),
                Piece::Param(_) => quote!(crate::support::server::Piece::Param),
            });
            quote!(Seg::Mixed(&[#(#pieces),*]))
        }
    });
    let handler = ident(&op.name.rust);
    quote!(Route::new(http::Method::#http_method, #template, &[#(#segments),*], #handler::<A>))
}

/// Reads the typed input from a matched request, calls the implementation, encodes the result.
fn handler(op: &Operation) -> TokenStream {
    let name = ident(&op.name.rust);
    let request = ident(&op.request_type);
    let mut path_index = 0usize;
    let fields = op.params.iter().map(|p| {
        let field = ident(&p.name.rust);
        let wire = &p.name.wire;
        match p.location {
            ParamLocation::Path => {
                let i = proc_macro2::Literal::usize_unsuffixed(path_index);
                path_index += 1;
                quote!(#field: input.path(#i, #wire)?,)
            }
            ParamLocation::Query if p.required => quote!(#field: input.required_query(#wire)?,),
            ParamLocation::Query => quote!(#field: input.query(#wire)?,),
            ParamLocation::Header if p.required => quote!(#field: input.required_header(#wire)?,),
            ParamLocation::Header => quote!(#field: input.header(#wire)?,),
            ParamLocation::Cookie if p.required => quote!(#field: input.required_cookie(#wire)?,),
            ParamLocation::Cookie => quote!(#field: input.cookie(#wire)?,),
        }
    });
    let fields: Vec<TokenStream> = fields.collect();
    let body = op.body.as_ref().map(|b| {
        let field = ident(&b.field);
        if b.required {
            quote!(#field: input.json().await?,)
        } else {
            quote!(#field: input.optional_json().await?,)
        }
    });
    let docs = format!(" Serves {}.", route_line(op));
    let mutable = if op.body.is_some() {
        quote!(mut)
    } else {
        TokenStream::new()
    };
    quote! {
        #[doc = #docs]
        fn #name<A: Api>(api: Arc<A>, #mutable input: Input) -> BoxFuture<Result<Response, Problem>> {
            Box::pin(async move {
                let request = types::#request {
                    #(#fields)*
                    #body
                };
                Ok(api.#name(input.context(), request).await.into_response())
            })
        }
    }
}

fn encoder(op: &Operation) -> TokenStream {
    let response = ident(&op.response_type);
    let arms = op.responses.iter().map(|r| {
        let variant = ident(&r.variant);
        let write = |status: TokenStream| match &r.body {
            ResponseBody::Json(_) => quote!(crate::support::server::json_response(#status, &body)),
            ResponseBody::Untyped => {
                quote!(crate::support::server::untyped_response(#status, body))
            }
        };
        match r.status {
            Status::Code(code) => {
                let code = proc_macro2::Literal::u16_unsuffixed(code);
                let write = write(quote!(crate::support::server::status(#code)));
                quote!(Self::#variant(body) => #write,)
            }
            Status::Range(_) | Status::Default => {
                let write = write(quote!(status));
                quote!(Self::#variant { status, body } => #write,)
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
