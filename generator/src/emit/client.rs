//! `client.rs`: a `Client` with one async method per operation.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::docs;
use super::rust::ident;
use super::types::route_line;
use crate::model::{Api, BodyKind, Operation, ParamLocation, Piece, ResponseBody, Segment, Status};

pub fn emit(api: &Api) -> TokenStream {
    let title = format!("Client of the {} API.", api.title);
    let module_docs = docs::inner(&[Some(&title)]);
    let struct_docs = docs::outer(&[
        Some(&title),
        Some("Cheap to clone: clones share one connection pool."),
    ]);
    let methods = api.operations.iter().map(method);
    quote! {
        #module_docs

        use crate::support::client::{Error, PathPart, Query, Transport};

        use super::types;

        #struct_docs
        #[derive(Clone, Debug)]
        pub struct Client {
            transport: Transport,
        }

        impl Client {
            /// A client for the API at `base_url` (scheme, host and any base path, such as
            /// `https://api.example.com/v1`), with a default `reqwest` client.
            pub fn new(base_url: &str) -> Result<Self, Error> {
                Ok(Self { transport: Transport::new(base_url, reqwest::Client::new())? })
            }

            /// A client that sends through `http`, built by the caller with its own default
            /// headers (authentication), timeouts, proxies or TLS settings.
            pub fn with_http_client(base_url: &str, http: reqwest::Client) -> Result<Self, Error> {
                Ok(Self { transport: Transport::new(base_url, http)? })
            }

            /// The base URL requests go to.
            pub fn base_url(&self) -> &str {
                self.transport.base_url()
            }

            /// The `reqwest` client requests go through.
            pub fn http_client(&self) -> &reqwest::Client {
                self.transport.http_client()
            }

            #(#methods)*
        }
    }
}

fn method(op: &Operation) -> TokenStream {
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
    let path = path_parts(op);
    let query = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Query)
        .map(|p| {
            let wire = &p.name.wire;
            let field = ident(&p.name.rust);
            if p.required {
                quote!(query.push(#wire, &request.#field);)
            } else {
                quote!(query.push_optional(#wire, request.#field.as_ref());)
            }
        });
    let headers = op.params.iter().filter(|p| p.location == ParamLocation::Header).map(|p| {
        let wire = &p.name.wire;
        let field = ident(&p.name.rust);
        if p.required {
            quote!(let builder = crate::support::client::header(builder, #wire, &request.#field)?;)
        } else {
            quote! {
                let builder = match &request.#field {
                    Some(value) => crate::support::client::header(builder, #wire, value)?,
                    None => builder,
                };
            }
        }
    });
    let body = op.body.as_ref().map(|b| {
        let field = ident(&b.field);
        let BodyKind::Json { media_type, .. } = &b.kind;
        if b.required {
            quote!(let builder = crate::support::client::json_body(builder, #media_type, &request.#field)?;)
        } else {
            quote! {
                let builder = match &request.#field {
                    Some(body) => crate::support::client::json_body(builder, #media_type, body)?,
                    None => builder,
                };
            }
        }
    });
    let arms = response_arms(op);
    let uses_request = !op.params.is_empty() || op.body.is_some();
    let request_arg = if uses_request {
        quote!(request)
    } else {
        quote!(_request)
    };
    let has_query = op.params.iter().any(|p| p.location == ParamLocation::Query);
    let (query_decl, query_arg) = if has_query {
        (quote!(let mut query = Query::new();), quote!(&query))
    } else {
        (TokenStream::new(), quote!(&Query::new()))
    };
    quote! {
        #docs
        #deprecated
        pub async fn #name(&self, #request_arg: types::#request) -> Result<types::#response, Error> {
            let path = [#(#path),*];
            #query_decl
            #(#query)*
            let builder = self.transport.request(http::Method::#http_method, &path, #query_arg)?;
            #(#headers)*
            #body
            let response = self.transport.send(builder).await?;
            match response.status().as_u16() {
                #(#arms)*
            }
        }
    }
}

/// The template as literal runs and parameters, adjacent literals merged.
fn path_parts(op: &Operation) -> Vec<TokenStream> {
    enum Part {
        Literal(String),
        Param(usize),
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
            Part::Literal(l) => quote!(PathPart::Literal(#l)),
            Part::Param(i) => {
                let param = &op.params[i];
                let wire = &param.name.wire;
                let field = ident(&param.name.rust);
                quote!(PathPart::param(#wire, &request.#field))
            }
        })
        .collect()
}

fn response_arms(op: &Operation) -> Vec<TokenStream> {
    let response = ident(&op.response_type);
    let mut ordered: Vec<_> = op.responses.iter().collect();
    // Exact codes before ranges before the default, as OpenAPI says.
    ordered.sort_by_key(|r| r.status);
    let mut arms: Vec<TokenStream> = ordered
        .iter()
        .map(|r| {
            let variant = ident(&r.variant);
            let decode = match &r.body {
                ResponseBody::Json(_) => quote!(response.json()?),
                ResponseBody::Untyped => quote!(response.untyped()?),
            };
            match r.status {
                Status::Code(code) => {
                    let code = Literal::u16_unsuffixed(code);
                    quote!(#code => Ok(types::#response::#variant(#decode)),)
                }
                Status::Range(d) => {
                    let low = Literal::u16_unsuffixed(u16::from(d) * 100);
                    let high = Literal::u16_unsuffixed(u16::from(d) * 100 + 99);
                    quote!(#low..=#high => Ok(types::#response::#variant { status: response.status(), body: #decode }),)
                }
                Status::Default => quote!(_ => Ok(types::#response::#variant { status: response.status(), body: #decode }),),
            }
        })
        .collect();
    if !op.responses.iter().any(|r| r.status == Status::Default) {
        arms.push(quote!(_ => Err(response.unexpected()),));
    }
    arms
}
