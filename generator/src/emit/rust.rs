//! Rust type expressions and literals for model types.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;

use crate::model::{EnumValue, Field, IntKind, NumberKind, Type, TypeId, TypeSpace};
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
        // Checked to parse when the settings were read.
        Type::External(path) => syn::parse_str::<syn::Type>(path)
            .map(|t| quote!(#t))
            .unwrap_or_else(|_| quote!(rt::serde_json::Value)),
    }
}

fn named(prefix: &TokenStream, name: &naming::Ident) -> TokenStream {
    let name = ident(name);
    quote!(#prefix #name)
}

/// The type with aliases followed.
pub fn resolved(types: &TypeSpace, mut id: TypeId) -> &Type {
    for _ in 0..64 {
        match types.get(id) {
            Type::Alias { target, .. } => id = *target,
            other => return other,
        }
    }
    types.get(id)
}

/// Whether values of the type are lists (arrays, after aliases).
pub fn is_list(types: &TypeSpace, ty: TypeId) -> bool {
    matches!(resolved(types, ty), Type::Array(_))
}

/// Whether values of the type are objects (structs or maps, after aliases).
pub fn is_object(types: &TypeSpace, ty: TypeId) -> bool {
    matches!(resolved(types, ty), Type::Struct(_) | Type::Map(_))
}

/// Whether any parameter of the API is written in a style the generated code must name: lists
/// and objects in the path or query, and scalars in the `label` or `matrix` style.
pub fn uses_style(api: &crate::model::Api) -> bool {
    use crate::model::{ParamLocation, Style};
    api.operations.iter().flat_map(|op| &op.params).any(|p| {
        let path_or_query = matches!(p.location, ParamLocation::Path | ParamLocation::Query);
        (path_or_query && is_list(&api.types, p.ty))
            || (p.location == ParamLocation::Query && is_object(&api.types, p.ty))
            || (p.location == ParamLocation::Path && p.style != Style::Simple)
    })
}

/// A Rust expression for a scalar `default` of type `id` (`None` if it cannot hold it).
pub fn default_expr(
    types: &TypeSpace,
    id: TypeId,
    value: &serde_json::Value,
    prefix: &TokenStream,
) -> Option<TokenStream> {
    if !types.holds(id, value) {
        return None;
    }
    Some(match resolved(types, id) {
        Type::Bool => {
            let b = value.as_bool()?;
            quote!(#b)
        }
        Type::Integer(IntKind::I32) => {
            let n = Literal::i32_unsuffixed(i32::try_from(value.as_i64()?).ok()?);
            quote!(#n)
        }
        Type::Integer(IntKind::I64) => {
            let n = Literal::i64_unsuffixed(value.as_i64()?);
            quote!(#n)
        }
        Type::Number(NumberKind::F32) => {
            let n = Literal::f32_unsuffixed(value.as_f64()? as f32);
            quote!(#n)
        }
        Type::Number(NumberKind::F64) => {
            let n = Literal::f64_unsuffixed(value.as_f64()?);
            quote!(#n)
        }
        Type::String => {
            let s = value.as_str()?;
            quote!(String::from(#s))
        }
        Type::Enum(def) => {
            let variant = def.variants.iter().find(|v| match &v.value {
                EnumValue::Str(s) => value.as_str() == Some(s),
                EnumValue::Int(n) => value.as_i64() == Some(*n),
            })?;
            let name = ident(&def.name);
            let variant = ident(&variant.rust);
            quote!(#prefix #name::#variant)
        }
        _ => return None,
    })
}

/// The function in `types.rs`'s `defaults` module that gives a defaulted field its default,
/// named by struct and field (`thing_size`); serde and the multipart reader both call it.
pub fn default_fn(def: &crate::model::StructDef, f: &Field) -> Ident {
    let type_part = naming::snake(def.name.as_str(), "type");
    quote::format_ident!("{}_{}", type_part.as_str(), f.name.rust.as_str())
}

/// How a struct field is held.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// Always present: `T`.
    Required,
    /// Always present, may be null: `Option<T>`, written as `null` when `None`.
    Nullable,
    /// May be absent: `Option<T>`, left out when `None`.
    Optional,
    /// May be absent or null: `Option<Option<T>>`; `None` is absent, `Some(None)` is null.
    OptionalNullable,
    /// May be absent, with a default: `T`, the default filled in when absent.
    Defaulted,
}

pub fn shape(types: &TypeSpace, f: &Field) -> Shape {
    match (f.required, f.nullable) {
        (true, false) => Shape::Required,
        (true, true) => Shape::Nullable,
        (false, true) => Shape::OptionalNullable,
        (false, false) => match &f.default {
            Some(d) if types.holds(f.ty, d) => Shape::Defaulted,
            _ => Shape::Optional,
        },
    }
}
