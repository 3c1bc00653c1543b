//! Request checks: `Validate` for every type a request can hold and `check()` on each request
//! (the `checks` module of `types.rs`, so clients have them too), and the checks each server
//! handler runs before calling the implementation.
//!
//! Only types reachable from a request get an impl, so response-only types (most of a large
//! API) cost the compiler nothing here.

use std::collections::BTreeSet;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::rust::{ident, type_ref};
use crate::model::{Api, BodyKind, Checks, Operation, Type, TypeId, TypeSpace};

/// The enum values listed in a rejection, at most; the rest are counted.
const LISTED: usize = 12;

/// The types a request can hold.
fn reached(api: &Api) -> BTreeSet<TypeId> {
    let mut reached = BTreeSet::new();
    for op in &api.operations {
        for ty in op.input_types() {
            api.types.collect_named(ty, &mut reached);
        }
    }
    reached
}

/// What the `checks` module must import: (`Check`, `Checks`, `Validate`, `Validator`).
pub fn uses(api: &Api) -> [bool; 4] {
    let types = &api.types;
    let reached = reached(api);
    let named = reached.iter().any(|id| {
        matches!(
            types.get(*id),
            Type::Struct(_) | Type::Enum(_) | Type::Union(_)
        )
    });
    let field_checks = reached.iter().any(|id| match types.get(*id) {
        Type::Struct(def) => def
            .fields
            .iter()
            .any(|f| checks_expr(types, f.ty, &f.checks).is_some()),
        _ => false,
    });
    let param_checks = api
        .operations
        .iter()
        .flat_map(|op| &op.params)
        .any(|p| checks_expr(types, p.ty, &p.checks).is_some() || walks(types, p.ty));
    // A handler checks its request when a parameter has checks or the request holds a named
    // type (a body walked, an enum parameter): both are counted above.
    [
        named,
        field_checks || param_checks,
        named,
        named || param_checks,
    ]
}

/// `impl Check` and `impl Validate` for each named type reachable from a request.
/// The impls, one type's at a time.
pub fn impls(api: &Api) -> impl Iterator<Item = (TypeId, TokenStream)> + '_ {
    let types = &api.types;
    let reached = reached(api);
    let prefix = quote!(super::);
    reached.into_iter().filter_map(move |id| {
        let body = match types.get(id) {
            Type::Struct(def) => {
                let fields: Vec<TokenStream> = def
                    .fields
                    .iter()
                    .filter_map(|f| {
                        let name = ident(&f.name.rust);
                        let wire = &f.name.wire;
                        walk_field(types, f.ty, &f.checks, wire, quote!(&self.#name))
                    })
                    .chain(def.additional.filter(|t| walks(types, *t)).map(|_| {
                        let additional = ident(&def.additional_field);
                        quote! {
                            for (key, value) in &self.#additional {
                                v.field(key, value);
                            }
                        }
                    }))
                    .collect();
                fields_body(fields)
            }
            Type::Enum(def) => {
                let other = ident(&def.other);
                let values: Vec<String> = def
                    .variants
                    .iter()
                    .map(|v| match &v.value {
                        crate::model::EnumValue::Str(s) => format!("{s:?}"),
                        crate::model::EnumValue::Int(n) => n.to_string(),
                    })
                    .collect();
                let mut listed = values
                    .iter()
                    .take(LISTED)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ");
                if values.len() > LISTED {
                    listed.push_str(&format!(" or {} more", values.len() - LISTED));
                }
                let reason = format!("must be one of {listed}");
                quote! {
                    fn validate(&self, v: &mut Validator) {
                        if let Self::#other(_) = self {
                            v.fail(#reason);
                        }
                    }
                }
            }
            Type::Union(def) if !def.variants.iter().any(|v| walks(types, v.ty)) => {
                quote!(
                    fn validate(&self, _: &mut Validator) {}
                )
            }
            Type::Union(def) => {
                let arms = def.variants.iter().map(|variant| {
                    let name = ident(&variant.name);
                    if walks(types, variant.ty) {
                        quote!(Self::#name(value) => value.validate(v),)
                    } else {
                        quote!(Self::#name(_) => {})
                    }
                });
                quote! {
                    fn validate(&self, v: &mut Validator) {
                        match self {
                            #(#arms)*
                        }
                    }
                }
            }
            _ => return None,
        };
        let name = type_ref(types, id, &prefix);
        Some((
            id,
            quote! {
                impl Check for #name {}
                impl Validate for #name {
                    #body
                }
            },
        ))
    })
}

fn fields_body(fields: Vec<TokenStream>) -> TokenStream {
    if fields.is_empty() {
        quote!(
            fn validate(&self, _: &mut Validator) {}
        )
    } else {
        quote! {
            fn validate(&self, v: &mut Validator) {
                #(#fields)*
            }
        }
    }
}

/// The statement that checks one field, if it needs any.
fn walk_field(
    types: &TypeSpace,
    ty: TypeId,
    checks: &Checks,
    wire: &str,
    value: TokenStream,
) -> Option<TokenStream> {
    match checks_expr(types, ty, checks) {
        Some(checks) => Some(quote!(v.checked(#wire, #value, &#checks);)),
        None if walks(types, ty) => Some(quote!(v.field(#wire, #value);)),
        None => None,
    }
}

/// What a request's checks are made of: the parameters' statements and the body's, each on
/// `self` and a validator `v`.
struct RequestChecks {
    params: Vec<TokenStream>,
    body: Option<TokenStream>,
}

fn request_parts(api: &Api, op: &Operation) -> RequestChecks {
    let types = &api.types;
    let params: Vec<TokenStream> = op
        .params
        .iter()
        .filter_map(|p| {
            let field = ident(&p.name.rust);
            let location = p.location.key();
            let wire = &p.name.wire;
            let checks = match checks_expr(types, p.ty, &p.checks) {
                Some(c) => c,
                None if walks(types, p.ty) => quote!(Checks::NONE),
                None => return None,
            };
            Some(quote!(v.param(#location, #wire, &self.#field, &#checks);))
        })
        .collect();
    let body = op.body.as_ref().and_then(|b| {
        let walked = b.contents.iter().any(|c| match c.kind {
            BodyKind::Json(t) | BodyKind::Form(t) | BodyKind::Multipart(t) => walks(types, t),
            BodyKind::Text | BodyKind::Binary => false,
        });
        if !walked {
            return None;
        }
        let field = ident(&b.field);
        let Some(choice) = &b.choice else {
            return Some(if b.required {
                quote!(v.body(&self.#field);)
            } else {
                quote! {
                    if let Some(body) = &self.#field {
                        v.body(body);
                    }
                }
            });
        };
        let choice = ident(choice);
        let arms = b.contents.iter().map(|c| {
            let variant = ident(&c.variant);
            match c.kind {
                BodyKind::Json(t) | BodyKind::Form(t) | BodyKind::Multipart(t)
                    if walks(types, t) =>
                {
                    quote!(super::#choice::#variant(body) => v.body(body),)
                }
                _ => quote!(super::#choice::#variant(_) => {}),
            }
        });
        Some(if b.required {
            quote!(match &self.#field { #(#arms)* })
        } else {
            quote!(if let Some(chosen) = &self.#field { match chosen { #(#arms)* } })
        })
    });
    RequestChecks { params, body }
}

/// A request's checks as methods of its type, for the `checks` module of `types.rs`: `check()`,
/// which a client may run before sending, and the parameters' and body's halves the server
/// runs apart (their violations are answered with different statuses). `None` when the
/// request has nothing to check.
pub fn request_methods(api: &Api, op: &Operation) -> Option<TokenStream> {
    let RequestChecks { params, body } = request_parts(api, op);
    if params.is_empty() && body.is_none() {
        return None;
    }
    let request = ident(&op.request_type);
    let (params_call, params_fn) = if params.is_empty() {
        (None, None)
    } else {
        (
            Some(quote!(self.check_params(&mut v);)),
            Some(quote! {
                #[doc(hidden)]
                pub fn check_params(&self, v: &mut Validator) {
                    #(#params)*
                }
            }),
        )
    };
    let (body_call, body_fn) = match body {
        None => (None, None),
        Some(body) => (
            Some(quote!(self.check_body(&mut v);)),
            Some(quote! {
                #[doc(hidden)]
                pub fn check_body(&self, v: &mut Validator) {
                    #body
                }
            }),
        ),
    };
    Some(quote! {
        impl super::#request {
            /// Checks the request as the server does before its implementation sees it: what
            /// the spec asks of its inputs beyond their Rust types (bounds, lengths, patterns,
            /// sizes, listed enum values). Every input at fault is named.
            pub fn check(&self) -> Result<(), rt::Invalid> {
                let mut v = Validator::new();
                #params_call
                #body_call
                v.into_result()
            }

            #params_fn
            #body_fn
        }
    })
}

/// The statements a handler runs on its request before calling the implementation: the
/// parameters' checks (400), then the body's (422 where the operation documents it, else 400).
pub fn request_checks(api: &Api, op: &Operation) -> TokenStream {
    let RequestChecks { params, body } = request_parts(api, op);
    let params = (!params.is_empty()).then(|| {
        quote! {
            let mut v = rt::validate::Validator::new();
            request.check_params(&mut v);
            v.finish(rt::http::StatusCode::BAD_REQUEST)?;
        }
    });
    let body = body.map(|_| {
        let status = status(op);
        quote! {
            let mut v = rt::validate::Validator::new();
            request.check_body(&mut v);
            v.finish(#status)?;
        }
    });
    quote!(#params #body)
}

fn status(op: &Operation) -> TokenStream {
    use crate::model::Status;
    let has = |code| op.responses.iter().any(|r| r.status == Status::Code(code));
    if has(422) && !has(400) {
        quote!(rt::http::StatusCode::UNPROCESSABLE_ENTITY)
    } else {
        quote!(rt::http::StatusCode::BAD_REQUEST)
    }
}

/// Whether a value of the type holds something that validates itself (a struct, enum or
/// union), through arrays, maps and aliases. Tuples and types the settings supply are not
/// walked.
pub fn walks(types: &TypeSpace, ty: TypeId) -> bool {
    match types.resolved(ty) {
        Type::Struct(_) | Type::Enum(_) | Type::Union(_) => true,
        Type::Array(t) | Type::Nullable(t) | Type::Map(t) => walks(types, *t),
        _ => false,
    }
}

/// A `Checks { .. }` expression holding what of `checks` applies to the type, or `None` when
/// nothing does (a length on a number, say, or constraints on a type with no `Check`).
fn checks_expr(types: &TypeSpace, ty: TypeId, checks: &Checks) -> Option<TokenStream> {
    if checks.is_empty() {
        return None;
    }
    let mut set = Vec::new();
    let usize_lit = |n: u64| Literal::usize_unsuffixed(usize::try_from(n).unwrap_or(usize::MAX));
    match types.resolved(ty) {
        Type::Integer(_) | Type::Number(_) => {
            if let Some(b) = checks.minimum.filter(|b| b.value.is_finite()) {
                let value = Literal::f64_suffixed(b.value);
                set.push(quote!(minimum: Some(#value),));
                if b.exclusive {
                    set.push(quote!(exclusive_minimum: true,));
                }
            }
            if let Some(b) = checks.maximum.filter(|b| b.value.is_finite()) {
                let value = Literal::f64_suffixed(b.value);
                set.push(quote!(maximum: Some(#value),));
                if b.exclusive {
                    set.push(quote!(exclusive_maximum: true,));
                }
            }
            if let Some(m) = checks.multiple_of.filter(|m| m.is_finite()) {
                let m = Literal::f64_suffixed(m);
                set.push(quote!(multiple_of: Some(#m),));
            }
        }
        Type::String => {
            if let Some(n) = checks.min_length {
                let n = usize_lit(n);
                set.push(quote!(min_length: Some(#n),));
            }
            if let Some(n) = checks.max_length {
                let n = usize_lit(n);
                set.push(quote!(max_length: Some(#n),));
            }
            if let Some(p) = &checks.pattern {
                set.push(quote!(pattern: Some(#p),));
            }
        }
        Type::Nullable(inner) => return checks_expr(types, *inner, checks),
        Type::Array(item) | Type::Map(item) => {
            if !checkable(types, *item) {
                return None;
            }
            let (min, max) = if matches!(types.resolved(ty), Type::Array(_)) {
                (checks.min_items, checks.max_items)
            } else {
                (checks.min_properties, checks.max_properties)
            };
            if let Some(n) = min {
                let n = usize_lit(n);
                set.push(quote!(min_items: Some(#n),));
            }
            if let Some(n) = max {
                let n = usize_lit(n);
                set.push(quote!(max_items: Some(#n),));
            }
            if checks.unique_items && matches!(types.resolved(ty), Type::Array(_)) {
                set.push(quote!(unique_items: true,));
            }
            if let Some(inner) = checks
                .items
                .as_deref()
                .and_then(|c| checks_expr(types, *item, c))
            {
                set.push(quote!(items: Some(&#inner),));
            }
        }
        _ => {}
    }
    (!set.is_empty()).then(|| quote!(Checks { #(#set)* ..Checks::NONE }))
}

/// Whether values of the type implement `Check` (every generated and scalar type; not tuples
/// or types the settings supply).
fn checkable(types: &TypeSpace, ty: TypeId) -> bool {
    match types.resolved(ty) {
        Type::Tuple(_) | Type::External(_) => false,
        Type::Array(t) | Type::Nullable(t) | Type::Map(t) => checkable(types, *t),
        _ => true,
    }
}
