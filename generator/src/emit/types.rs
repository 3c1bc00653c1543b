//! `types.rs`: the schema types, and each operation's request struct and response enum.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use super::rust::{ident, type_ref};
use crate::model::{
    Api, BodyKind, EnumDef, Operation, ParamLocation, ResponseBody, Status, StructDef, Type,
};

pub fn emit(api: &Api) -> TokenStream {
    let named = api.types.named().map(|(_, ty)| match ty {
        Type::Struct(def) => emit_struct(api, def),
        Type::Enum(def) => emit_enum(def),
        _ => TokenStream::new(),
    });
    let requests = api.operations.iter().map(|op| request(api, op));
    let responses = api.operations.iter().map(|op| response(api, op));
    let docs = docs::inner(&[Some(&format!(
        "Types of the {} API: its schemas, and the request and response of each operation.",
        api.title
    ))]);
    let serde = (api.types.named_count() > 0).then(|| {
        quote!(
            use serde::{Deserialize, Serialize};
        )
    });
    quote! {
        #docs
        #![allow(clippy::large_enum_variant)]

        #serde

        #(#named)*
        #(#requests)*
        #(#responses)*
    }
}

fn emit_struct(api: &Api, def: &StructDef) -> TokenStream {
    let name = ident(&def.name);
    let docs = docs::outer(&[def.description.as_deref()]);
    let here = TokenStream::new();
    let fields = def.fields.iter().map(|f| {
        let fname = ident(&f.name.rust);
        let mut ty = type_ref(&api.types, f.ty, &here);
        if f.boxed {
            ty = quote!(Box<#ty>);
        }
        let rename = (f.name.wire != f.name.rust.as_str()).then(|| {
            let wire = &f.name.wire;
            quote!(#[serde(rename = #wire)])
        });
        let docs = docs::outer(&[f.description.as_deref()]);
        if f.required {
            quote! { #docs #rename pub #fname: #ty, }
        } else {
            quote! {
                #docs
                #rename
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub #fname: Option<#ty>,
            }
        }
    });
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        pub struct #name {
            #(#fields)*
        }
    }
}

fn emit_enum(def: &EnumDef) -> TokenStream {
    let name = ident(&def.name);
    let docs = docs::outer(&[def.description.as_deref()]);
    let variants = def.variants.iter().map(|v| {
        let vname = ident(&v.name.rust);
        let wire = &v.name.wire;
        quote! { #[serde(rename = #wire)] #vname, }
    });
    let arms = def.variants.iter().map(|v| {
        let vname = ident(&v.name.rust);
        let wire = &v.name.wire;
        quote! { Self::#vname => #wire, }
    });
    quote! {
        #docs
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum #name {
            #(#variants)*
        }

        impl #name {
            /// The value as it travels on the wire.
            pub fn as_str(self) -> &'static str {
                match self {
                    #(#arms)*
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    }
}

/// "`POST /pets`", the line that names an operation in docs.
pub fn route_line(op: &Operation) -> String {
    format!("`{} {}`", op.method.http(), op.path.raw)
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
        let ty = type_ref(&api.types, p.ty, &here);
        let ty = if p.required { ty } else { quote!(Option<#ty>) };
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
        let deprecated = p.deprecated.then_some("Deprecated.");
        let docs = docs::outer(&[p.description.as_deref(), Some(&place), deprecated]);
        quote! { #docs pub #fname: #ty, }
    });
    let body = op.body.as_ref().map(|b| {
        let fname = ident(&b.field);
        let BodyKind::Json { media_type, ty } = &b.kind;
        let ty = type_ref(&api.types, *ty, &here);
        let ty = if b.required { ty } else { quote!(Option<#ty>) };
        let sent = format!("The request body, sent as `{media_type}`.");
        let docs = docs::outer(&[b.description.as_deref(), Some(&sent)]);
        quote! { #docs pub #fname: #ty, }
    });
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq)]
        pub struct #name {
            #(#params)*
            #body
        }
    }
}

fn response(api: &Api, op: &Operation) -> TokenStream {
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
        let body = match &r.body {
            ResponseBody::Json(ty) => type_ref(&api.types, *ty, &here),
            ResponseBody::Untyped => quote!(crate::support::UntypedBody),
        };
        let status = match r.status {
            Status::Code(c) => format!("Status {c}."),
            Status::Range(d) => format!("Any status {d}XX."),
            Status::Default => "Any status not documented otherwise.".to_owned(),
        };
        let docs = docs::outer(&[Some(&status), Some(&r.description)]);
        match r.status {
            Status::Code(_) => quote! { #docs #vname(#body), },
            Status::Range(_) | Status::Default => quote! {
                #docs
                #vname {
                    /// The status the server sent.
                    status: http::StatusCode,
                    body: #body,
                },
            },
        }
    });
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq)]
        pub enum #name {
            #(#variants)*
        }
    }
}
