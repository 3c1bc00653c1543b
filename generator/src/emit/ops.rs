//! Each operation's request struct, body choice and response enum (in `types.rs`).

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::docs;
use super::rust::{ident, literal, type_ref};
use crate::model::{
    Api, BodyKind, Hook, Operation, ParamLocation, Parameter, RequestBody, Response, ResponseBody,
    Status, TypeSpace,
};

pub fn emit(api: &Api, op: &Operation) -> TokenStream {
    let request = request(api, op);
    let choice = op
        .body
        .as_ref()
        .and_then(|b| b.choice.as_ref().map(|c| body_choice(&api.types, op, b, c)));
    let response = response(&api.types, op);
    quote! {
        #request
        #choice
        #response
    }
}

/// The operation's security requirements as a `&[Requirement]` of the module's `security`
/// constants, or `None` when it has none.
pub fn requirements(api: &Api, op: &Operation) -> Option<TokenStream> {
    if op.security.is_empty() {
        return None;
    }
    let requirements = op.security.iter().map(|schemes| {
        let schemes = schemes
            .iter()
            .filter_map(|i| api.security.get(*i))
            .map(|s| {
                let name = ident(&s.name.rust);
                quote!(super::security::#name)
            });
        quote!(&[#(#schemes),*])
    });
    Some(quote!(&[#(#requirements),*]))
}

/// "`POST /pets`", the line that names an operation in docs; for a webhook or callback, also
/// which, and a callback's URL as the spec gives it.
pub fn route_line(op: &Operation) -> String {
    let method = op.method.http();
    match &op.hook {
        None => format!("`{method} {}`", op.path.raw),
        Some(Hook::Webhook(name)) => {
            format!("`{method} {}`: the webhook `{name}`", op.path.raw)
        }
        Some(Hook::Callback { name, of, url }) => {
            format!("`{method} {url}`: the callback `{name}` of `{of}`")
        }
    }
}

/// The Rust type of a parameter as the request struct holds it.
pub fn param_type(types: &TypeSpace, p: &Parameter, prefix: &TokenStream) -> TokenStream {
    let ty = type_ref(types, p.ty, prefix);
    if p.required || p.default.is_some() {
        ty
    } else {
        quote!(Option<#ty>)
    }
}

/// The default of a defaulted parameter, as an expression.
pub fn param_default(p: &Parameter, prefix: &TokenStream) -> Option<TokenStream> {
    p.default
        .as_ref()
        .and_then(|d| d.literal.as_ref())
        .map(|value| literal(value, prefix))
}

fn request(api: &Api, op: &Operation) -> TokenStream {
    let name = ident(&op.request_type);
    let here = TokenStream::new();
    let title = format!(
        "Input of {} (operation `{}`).",
        route_line(op),
        op.name.wire
    );
    let docs = docs::outer(&[Some(&title)]);
    let params = op.params.iter().map(|p| {
        let fname = ident(&p.name.rust);
        let ty = param_type(&api.types, p, &here);
        let place = format!(
            "`{}` in the {}.",
            p.name.wire,
            match p.location {
                ParamLocation::Path => "path",
                ParamLocation::Query => "query string",
                ParamLocation::Header => "headers",
                ParamLocation::Cookie => "cookies",
            }
        );
        let default = p.default.as_ref().map(|d| {
            format!(
                "Default: `{}` (filled in by the server when a request leaves it out).",
                d.shown
            )
        });
        let deprecated = p.deprecated.then_some("Deprecated.");
        let docs = docs::outer(&[
            p.description.as_deref(),
            Some(&place),
            default.as_deref(),
            deprecated,
        ]);
        quote! { #docs pub #fname: #ty, }
    });
    let body = op.body.as_ref().map(|b| {
        let fname = ident(&b.field);
        let ty = body_type(&api.types, b, &here);
        let ty = if b.required { ty } else { quote!(Option<#ty>) };
        let sent = match &b.choice {
            Some(_) => {
                "The request body, in one of the media types the operation accepts.".to_owned()
            }
            None => format!(
                "The request body, sent as `{}`.",
                b.contents.first().map_or("", |c| c.media_type.as_str())
            ),
        };
        let docs = docs::outer(&[b.description.as_deref(), Some(&sent)]);
        quote! { #docs pub #fname: #ty, }
    });
    // A body-only operation's request is its body.
    let from_body = match (&op.body, op.params.is_empty()) {
        (Some(b), true) if b.required => {
            let fname = ident(&b.field);
            let ty = body_type(&api.types, b, &here);
            Some(quote! {
                impl From<#ty> for #name {
                    fn from(value: #ty) -> Self {
                        Self { #fname: value }
                    }
                }
            })
        }
        _ => None,
    };
    let builder = builder(api, op);
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq)]
        pub struct #name {
            #(#params)*
            #body
        }

        #builder
        #from_body
    }
}

/// `new` with the required inputs, then a `with_*` method per optional one: a call written so
/// keeps compiling when the spec adds an optional input.
fn builder(api: &Api, op: &Operation) -> TokenStream {
    let name = ident(&op.request_type);
    let here = TokenStream::new();
    let mut arguments = Vec::new();
    let mut fields = Vec::new();
    let mut setters = Vec::new();
    for p in &op.params {
        let field = ident(&p.name.rust);
        let ty = type_ref(&api.types, p.ty, &here);
        if p.required {
            let argument = ident(&p.argument);
            arguments.push(quote!(#argument: impl Into<#ty>));
            fields.push(quote!(#field: #argument.into(),));
            continue;
        }
        let setter = ident(&p.setter);
        let doc = match &p.default {
            Some(d) => format!("Sets `{}` (default `{}`).", p.name.wire, d.shown),
            None => format!("Sets `{}`.", p.name.wire),
        };
        let docs = docs::outer(&[Some(&doc)]);
        let (init, set) = match param_default(p, &here) {
            Some(default) => (default, quote!(value.into())),
            None => (quote!(None), quote!(Some(value.into()))),
        };
        fields.push(quote!(#field: #init,));
        setters.push(quote! {
            #docs
            pub fn #setter(mut self, value: impl Into<#ty>) -> Self {
                self.#field = #set;
                self
            }
        });
    }
    if let Some(b) = &op.body {
        let field = ident(&b.field);
        let ty = body_type(&api.types, b, &here);
        if b.required {
            let argument = ident(&b.argument);
            arguments.push(quote!(#argument: impl Into<#ty>));
            fields.push(quote!(#field: #argument.into(),));
        } else {
            let setter = ident(&b.setter);
            fields.push(quote!(#field: None,));
            setters.push(quote! {
                /// Sets the request body.
                pub fn #setter(mut self, value: impl Into<#ty>) -> Self {
                    self.#field = Some(value.into());
                    self
                }
            });
        }
    }
    let many = (arguments.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    // A request that needs no input is its `Default`: the spec's defaults filled in.
    let default = arguments.is_empty().then(|| {
        quote! {
            impl Default for #name {
                fn default() -> Self {
                    Self::new()
                }
            }
        }
    });
    quote! {
        #default

        impl #name {
            /// The request with its required inputs; set the optional ones with the `with_*`
            /// methods.
            #many
            pub fn new(#(#arguments),*) -> Self {
                Self { #(#fields)* }
            }

            #(#setters)*
        }
    }
}

/// The one media type of a body without a choice. Lowering never makes a body without one
/// (checked before emitting began).
pub fn only(b: &RequestBody) -> std::borrow::Cow<'_, crate::model::Content> {
    match b.contents.first() {
        Some(c) => std::borrow::Cow::Borrowed(c),
        None => std::borrow::Cow::Owned(crate::model::Content {
            media_type: "application/octet-stream".to_owned(),
            send_as: "application/octet-stream".to_owned(),
            kind: BodyKind::Binary,
            variant: crate::naming::camel("Binary", "V", "Binary"),
        }),
    }
}

/// The type of a body in one media type.
pub fn kind_type(types: &TypeSpace, kind: &BodyKind, prefix: &TokenStream) -> TokenStream {
    match kind {
        BodyKind::Json(ty) | BodyKind::Form(ty) | BodyKind::Multipart(ty) => {
            type_ref(types, *ty, prefix)
        }
        BodyKind::Text => quote!(String),
        BodyKind::Binary => quote!(rt::Blob),
    }
}

/// The request struct's body type: the one media type's, or the choice enum.
pub fn body_type(types: &TypeSpace, b: &RequestBody, prefix: &TokenStream) -> TokenStream {
    match &b.choice {
        Some(choice) => {
            let choice = ident(choice);
            quote!(#prefix #choice)
        }
        None => kind_type(types, &only(b).kind, prefix),
    }
}

fn body_choice(
    types: &TypeSpace,
    op: &Operation,
    b: &RequestBody,
    choice: &crate::naming::Ident,
) -> TokenStream {
    let name = ident(choice);
    let here = TokenStream::new();
    let title = format!(
        "The body of {}, in one of the media types it accepts.",
        route_line(op)
    );
    let docs = docs::outer(&[Some(&title)]);
    let variants = b.contents.iter().map(|c| {
        let vname = ident(&c.variant);
        let ty = kind_type(types, &c.kind, &here);
        let doc = format!(" Sent as `{}`.", c.media_type);
        quote! { #[doc = #doc] #vname(#ty), }
    });
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq)]
        pub enum #name {
            #(#variants)*
        }
    }
}

/// The type of a response's body (`None` for a response without one).
pub fn response_body_type(
    types: &TypeSpace,
    r: &Response,
    prefix: &TokenStream,
) -> Option<TokenStream> {
    Some(match &r.body {
        ResponseBody::Empty => return None,
        ResponseBody::Json(ty) => type_ref(types, *ty, prefix),
        ResponseBody::Untyped => quote!(rt::UntypedBody),
        ResponseBody::Text => quote!(String),
        ResponseBody::Binary => quote!(rt::Blob),
        ResponseBody::Events(_) => {
            let data = event_data_type(types, r, prefix);
            quote!(rt::events::Events<#data>)
        }
        ResponseBody::Items(ty) => {
            let item = type_ref(types, *ty, prefix);
            quote!(rt::items::Items<#item>)
        }
    })
}

/// The runtime's function that reads (`side` is `client`) or writes (`server`) each event's
/// data of a `text/event-stream` response: as JSON of its type, or as text.
pub fn event_data_fn(types: &TypeSpace, r: &Response, side: TokenStream) -> TokenStream {
    match r.body {
        ResponseBody::Events(Some(_)) => {
            let ty = event_data_type(types, r, &quote!(types::));
            quote!(rt::#side::events::json_data::<#ty>)
        }
        _ => quote!(rt::#side::events::text_data),
    }
}

/// The type of each event's data, for a `text/event-stream` response.
pub fn event_data_type(types: &TypeSpace, r: &Response, prefix: &TokenStream) -> TokenStream {
    match r.body {
        ResponseBody::Events(Some(ty)) => type_ref(types, ty, prefix),
        _ => quote!(String),
    }
}

/// Whether a response variant has named fields (a status or headers) rather than one value.
pub fn has_fields(r: &Response) -> bool {
    !matches!(r.status, Status::Code(_)) || !r.headers.is_empty()
}

/// The header fields of a response variant, with their types.
pub fn header_fields(
    types: &TypeSpace,
    r: &Response,
    prefix: &TokenStream,
) -> Vec<(Ident, TokenStream)> {
    r.headers
        .iter()
        .map(|h| {
            let ty = type_ref(types, h.ty, prefix);
            let ty = if h.required { ty } else { quote!(Option<#ty>) };
            (ident(&h.name.rust), ty)
        })
        .collect()
}

fn response(types: &TypeSpace, op: &Operation) -> TokenStream {
    let name = ident(&op.response_type);
    let here = TokenStream::new();
    let title = format!(
        "Responses of {} (operation `{}`), one variant per documented status.",
        route_line(op),
        op.name.wire
    );
    let docs = docs::outer(&[Some(&title)]);
    let variants = op.responses.iter().map(|r| {
        let vname = ident(&r.variant);
        let body = response_body_type(types, r, &here);
        let status = match r.status {
            Status::Code(c) => format!("Status {c}."),
            Status::Range(d) => format!("Any status {d}XX."),
            Status::Default => "Any status not documented otherwise.".to_owned(),
        };
        let docs = docs::outer(&[Some(&status), Some(&r.description)]);
        if !has_fields(r) {
            return match body {
                Some(body) => quote! { #docs #vname(#body), },
                None => quote! { #docs #vname, },
            };
        }
        let body = body.map(|body| quote!(body: #body,));
        let status_field = (!matches!(r.status, Status::Code(_))).then(|| {
            quote! {
                /// The status the server sent.
                status: rt::http::StatusCode,
            }
        });
        let headers =
            r.headers
                .iter()
                .zip(header_fields(types, r, &here))
                .map(|(h, (field, ty))| {
                    let place = format!("The `{}` header.", h.name.wire);
                    let docs = docs::outer(&[h.description.as_deref(), Some(&place)]);
                    quote! { #docs #field: #ty, }
                });
        quote! {
            #docs
            #vname {
                #status_field
                #body
                #(#headers)*
            },
        }
    });
    let statuses = op.responses.iter().map(|r| {
        let pattern = match r.status {
            Status::Range(_) | Status::Default => {
                let vname = ident(&r.variant);
                quote!(Self::#vname { status, .. })
            }
            Status::Code(_) => variant_pattern(r),
        };
        match r.status {
            Status::Code(code) => {
                let code = proc_macro2::Literal::u16_unsuffixed(code);
                quote!(#pattern => rt::status(#code),)
            }
            Status::Range(_) | Status::Default => quote!(#pattern => *status,),
        }
    });
    let status = (!op.responses.is_empty()).then(|| {
        quote! {
            impl #name {
                /// The response's HTTP status.
                pub fn status(&self) -> rt::http::StatusCode {
                    match self {
                        #(#statuses)*
                    }
                }
            }
        }
    });
    // A stream is read once: a response carrying one is neither cloned nor compared.
    let derives = if op.responses.iter().any(|r| r.body.is_stream()) {
        quote!(#[derive(Debug)])
    } else {
        quote!(#[derive(Clone, Debug, PartialEq)])
    };
    quote! {
        #docs
        #derives
        pub enum #name {
            #(#variants)*
        }

        #status
    }
}

/// A pattern that matches a response's variant, whatever it holds.
fn variant_pattern(r: &Response) -> TokenStream {
    let vname = ident(&r.variant);
    if has_fields(r) {
        quote!(Self::#vname { .. })
    } else if r.body == ResponseBody::Empty {
        quote!(Self::#vname)
    } else {
        quote!(Self::#vname(_))
    }
}

/// Whether a response's status is a success (2XX).
fn is_success(status: Status) -> bool {
    match status {
        Status::Code(code) => (200..300).contains(&code),
        Status::Range(digit) => digit == 2,
        Status::Default => false,
    }
}

/// The operation's error type (what a documented error status becomes), and which of its
/// responses are successes: together they make `client.get_task(..).await?.into_result()?`
/// one error chain. Written into `client.rs`.
pub fn outcome(types: &TypeSpace, op: &Operation) -> TokenStream {
    let name = ident(&op.response_type);
    let error = ident(&op.error_type);
    let prefix = quote!(types::);
    let successes: Vec<&Response> = op
        .responses
        .iter()
        .filter(|r| is_success(r.status))
        .collect();
    let errors = successes.len() < op.responses.len();
    // One success without headers gives its body; several, or headers, give the variant.
    let (value, arms) = match successes.as_slice() {
        [] => (quote!(std::convert::Infallible), TokenStream::new()),
        [only] if !has_fields(only) => {
            let vname = ident(&only.variant);
            match response_body_type(types, only, &prefix) {
                Some(body) => (body, quote!(Self::#vname(body) => Ok(body),)),
                None => (quote!(()), quote!(Self::#vname => Ok(()),)),
            }
        }
        [only] => {
            let pattern = variant_pattern(only);
            (quote!(Self), quote!(success @ #pattern => Ok(success),))
        }
        several => {
            let patterns = several.iter().map(|r| variant_pattern(r));
            (
                quote!(Self),
                quote!(success @ (#(#patterns)|*) => Ok(success),),
            )
        }
    };
    let body = if arms.is_empty() {
        quote!(Err(self))
    } else {
        let other = errors.then(|| quote!(other => Err(other),));
        quote! {
            match self {
                #arms
                #other
            }
        }
    };
    let error_docs = docs::outer(&[Some(&format!(
        "The error of {} (operation `{}`): a documented response whose status is not a success, as [`into_result`](rt::client::Reply::into_result) gives it, with its status, headers and operation. It converts into this module's `Error`.",
        route_line(op),
        op.name.wire
    ))]);
    quote! {
        #error_docs
        pub type #error = rt::client::DocumentedError<types::#name>;

        impl rt::client::Outcome for types::#name {
            type Value = #value;

            fn success(self) -> Result<#value, Self> {
                #body
            }
        }
    }
}
