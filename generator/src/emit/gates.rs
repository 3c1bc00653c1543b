//! The `#[cfg(feature = ..)]` attributes of a module split into groups (see
//! `lower::groups`): an operation's items compile with its group's feature, a type's with any
//! of the features of the groups that use it. Nothing here when the module is not split.

use proc_macro2::TokenStream;
use quote::quote;
use syn::parse::Parser;

use crate::model::{Api, Operation, TypeId};

/// The attribute of an operation's items.
pub fn op(api: &Api, op: &Operation) -> Option<TokenStream> {
    let groups = api.groups.as_ref()?;
    let feature = groups.features.get(op.group?)?;
    Some(quote!(#[cfg(feature = #feature)]))
}

/// The attribute of a named type's items: the groups that use it, or the spec's own feature
/// for a type no operation uses.
pub fn ty(api: &Api, id: TypeId) -> Option<TokenStream> {
    let groups = api.groups.as_ref()?;
    match groups.of_type.get(&id) {
        Some(used_by) => {
            let features: Vec<&String> = used_by
                .iter()
                .filter_map(|g| groups.features.get(*g))
                .collect();
            Some(match features.as_slice() {
                [only] => quote!(#[cfg(feature = #only)]),
                _ => quote!(#[cfg(any(#(feature = #features),*))]),
            })
        }
        None => {
            let spec = &groups.spec;
            Some(quote!(#[cfg(feature = #spec)]))
        }
    }
}

/// Whether the module is split: imports and helpers some groups do without are then allowed
/// to go unused.
pub fn split(api: &Api) -> bool {
    api.groups.is_some()
}

/// `tokens` (items) with `cfg` on each item, for items that are not printed on their own
/// (the members of a block); [`format::Writer::push_gated`](super::format::Writer::push_gated)
/// gates what it prints in its own parse.
pub fn items(tokens: TokenStream, cfg: Option<&TokenStream>) -> Result<TokenStream, String> {
    let Some(cfg) = cfg else {
        return Ok(tokens);
    };
    let mut file: syn::File =
        syn::parse2(tokens).map_err(|e| format!("items to gate did not parse: {e}"))?;
    add_to(&mut file, cfg)?;
    Ok(quote!(#file))
}

/// Puts `cfg` on each item of `file`.
pub fn add_to(file: &mut syn::File, cfg: &TokenStream) -> Result<(), String> {
    let attrs = syn::Attribute::parse_outer
        .parse2(cfg.clone())
        .map_err(|e| format!("a cfg attribute did not parse: {e}"))?;
    for item in &mut file.items {
        if let Some(item_attrs) = attrs_of(item) {
            item_attrs.splice(0..0, attrs.iter().cloned());
        }
    }
    Ok(())
}

fn attrs_of(item: &mut syn::Item) -> Option<&mut Vec<syn::Attribute>> {
    Some(match item {
        syn::Item::Const(i) => &mut i.attrs,
        syn::Item::Enum(i) => &mut i.attrs,
        syn::Item::Fn(i) => &mut i.attrs,
        syn::Item::Impl(i) => &mut i.attrs,
        syn::Item::Mod(i) => &mut i.attrs,
        syn::Item::Static(i) => &mut i.attrs,
        syn::Item::Struct(i) => &mut i.attrs,
        syn::Item::Trait(i) => &mut i.attrs,
        syn::Item::Type(i) => &mut i.attrs,
        syn::Item::Union(i) => &mut i.attrs,
        syn::Item::Use(i) => &mut i.attrs,
        _ => return None,
    })
}
