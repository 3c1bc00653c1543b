//! Rust type expressions and literals for model types.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::model::{IntKind, Literal, NumberKind, Type, TypeId, TypeSpace};
use crate::naming;

pub fn ident(name: &naming::Ident) -> Ident {
    Ident::new(name.as_str(), Span::call_site())
}

/// The type of a value of `id`, as written inside the module that declares the named types
/// (`prefix` is empty there, or `types::` elsewhere).
pub fn type_ref(types: &TypeSpace, id: TypeId, prefix: &TokenStream) -> TokenStream {
    match types.get(id) {
        Type::Any | Type::Pending(_) => quote!(rt::serde_json::Value),
        Type::Bool => quote!(bool),
        Type::Integer(IntKind::I32) => quote!(i32),
        Type::Integer(IntKind::I64) => quote!(i64),
        Type::Number(NumberKind::F32) => quote!(f32),
        Type::Number(NumberKind::F64) => quote!(f64),
        Type::String => quote!(String),
        Type::DateTime => quote!(rt::chrono::DateTime<rt::chrono::Utc>),
        Type::Date => quote!(rt::chrono::NaiveDate),
        Type::Uuid => quote!(rt::uuid::Uuid),
        Type::Base64 => quote!(rt::Base64),
        Type::Binary => quote!(rt::Binary),
        Type::Array(item) => {
            let item = type_ref(types, *item, prefix);
            quote!(Vec<#item>)
        }
        Type::Nullable(inner) => {
            let inner = type_ref(types, *inner, prefix);
            quote!(Option<#inner>)
        }
        Type::Tuple(items) => {
            let items = items.iter().map(|i| type_ref(types, *i, prefix));
            quote!((#(#items,)*))
        }
        Type::Map(value) => {
            let value = type_ref(types, *value, prefix);
            quote!(std::collections::BTreeMap<String, #value>)
        }
        Type::Struct(def) => named(prefix, &def.name),
        Type::Enum(def) => named(prefix, &def.name),
        Type::Union(def) => named(prefix, &def.name),
        Type::Alias { name, .. } => named(prefix, name),
        // Checked to parse when the settings were read, and again before emitting began.
        Type::External(path) => syn::parse_str::<syn::Type>(path)
            .map(|t| quote!(#t))
            .unwrap_or_else(|_| quote!(rt::serde_json::Value)),
    }
}

fn named(prefix: &TokenStream, name: &naming::Ident) -> TokenStream {
    let name = ident(name);
    quote!(#prefix #name)
}

/// Whether values of the type are lists (arrays, after aliases).
pub fn is_list(types: &TypeSpace, ty: TypeId) -> bool {
    matches!(types.resolved(ty), Type::Array(_))
}

/// Whether values of the type are objects (structs or maps, after aliases).
pub fn is_object(types: &TypeSpace, ty: TypeId) -> bool {
    matches!(types.resolved(ty), Type::Struct(_) | Type::Map(_))
}

/// Whether any parameter of the API is written in a style the generated code must name: lists
/// and objects in the path or query, and scalars in the `label` or `matrix` style.
pub fn uses_style(api: &crate::model::Api, ops: &[crate::model::Operation]) -> bool {
    use crate::model::{ParamLocation, Style};
    ops.iter().flat_map(|op| &op.params).any(|p| {
        let path_or_query = matches!(p.location, ParamLocation::Path | ParamLocation::Query);
        (path_or_query && is_list(&api.types, p.ty))
            || (p.location == ParamLocation::Query && is_object(&api.types, p.ty))
            || (p.location == ParamLocation::Path && p.style != Style::Simple)
    })
}

/// A default value as a Rust expression; `prefix` is the path to the types module.
pub fn literal(value: &Literal, prefix: &TokenStream) -> TokenStream {
    match value {
        Literal::Bool(b) => quote!(#b),
        Literal::I32(n) => {
            let n = proc_macro2::Literal::i32_unsuffixed(*n);
            quote!(#n)
        }
        Literal::I64(n) => {
            let n = proc_macro2::Literal::i64_unsuffixed(*n);
            quote!(#n)
        }
        Literal::F32(n) => {
            let n = proc_macro2::Literal::f32_unsuffixed(*n);
            quote!(#n)
        }
        Literal::F64(n) => {
            let n = proc_macro2::Literal::f64_unsuffixed(*n);
            quote!(#n)
        }
        Literal::Str(s) => quote!(String::from(#s)),
        Literal::Variant { ty, variant } => {
            let ty = ident(ty);
            let variant = ident(variant);
            quote!(#prefix #ty::#variant)
        }
    }
}
