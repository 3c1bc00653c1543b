//! Rust type expressions for model types.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::model::{IntKind, NumberKind, Type, TypeId, TypeSpace};
use crate::naming;

pub fn ident(name: &naming::Ident) -> Ident {
    Ident::new(name.as_str(), Span::call_site())
}

/// The type of a value of `id`, as written inside the module that declares the named types
/// (`prefix` is empty there, or `types::` elsewhere).
pub fn type_ref(types: &TypeSpace, id: TypeId, prefix: &TokenStream) -> TokenStream {
    match types.get(id) {
        Type::Any | Type::Pending(_) => quote!(serde_json::Value),
        Type::Bool => quote!(bool),
        Type::Integer(IntKind::I32) => quote!(i32),
        Type::Integer(IntKind::I64) => quote!(i64),
        Type::Number(NumberKind::F32) => quote!(f32),
        Type::Number(NumberKind::F64) => quote!(f64),
        Type::String => quote!(String),
        Type::Array(item) => {
            let item = type_ref(types, *item, prefix);
            quote!(Vec<#item>)
        }
        Type::Map(value) => {
            let value = type_ref(types, *value, prefix);
            quote!(std::collections::BTreeMap<String, #value>)
        }
        Type::Struct(def) => {
            let name = ident(&def.name);
            quote!(#prefix #name)
        }
        Type::Enum(def) => {
            let name = ident(&def.name);
            quote!(#prefix #name)
        }
    }
}
