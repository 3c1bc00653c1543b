//! `types.rs`: the schema types, then each operation's request and response types.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::rust::{ident, literal, type_ref};
use super::{docs, format, gates, multipart, ops, validate, wire};
use crate::model::{
    Api, EnumDef, EnumValue, Field, Shape, StructDef, Type, TypeId, TypeSpace, UnionDef,
};

/// Writes `types.rs`: one type at a time (see [`format::Writer`]), the schema types in two
/// halves on two threads (the second also writes the operations' types), joined in order.
pub fn write(api: &Api) -> Result<String, String> {
    let named: Vec<(TypeId, &Type)> = api
        .types
        .named()
        .filter(|(_, ty)| {
            matches!(
                ty,
                Type::Struct(_) | Type::Enum(_) | Type::Union(_) | Type::Alias { .. }
            )
        })
        .collect();
    let (first, second) = named.split_at(named.len() / 2);
    let (a, b) = std::thread::scope(|scope| {
        let a = scope.spawn(|| half(api, first, true, false));
        let b = half(api, second, false, true);
        let a = a
            .join()
            .unwrap_or_else(|_| Err("writing types.rs failed unexpectedly".to_owned()));
        (a, b)
    });
    let (mut out, defaults_a) = a?;
    let (text_b, defaults_b) = b?;
    out.append_writer(text_b);
    out.append(&join_defaults(&defaults_a, &defaults_b));
    out.append_writer(checks(api)?);
    Ok(out.into_text())
}

/// The `checks` module: `Validate` for each type a request can hold, and `check()` on each
/// request with something to check. A module of its own so that the runtime's trait names
/// cannot meet a schema's (types are named from it as `super::Name`).
fn checks(api: &Api) -> Result<format::Writer, String> {
    let mut out = format::Writer::default();
    let methods: Vec<TokenStream> = api
        .operations
        .iter()
        .filter_map(|op| {
            let methods = validate::request_methods(api, op)?;
            Some(gates::items(methods, gates::op(api, op).as_ref()))
        })
        .collect::<Result<_, _>>()?;
    let impls: Vec<TokenStream> = validate::impls(api)
        .map(|(id, tokens)| gates::items(tokens, gates::ty(api, id).as_ref()))
        .collect::<Result<_, _>>()?;
    let mut impls = impls.into_iter().peekable();
    if methods.is_empty() && impls.peek().is_none() {
        return Ok(out);
    }
    let names = ["Check", "Checks", "Validate", "Validator"];
    let used = validate::uses(api)
        .into_iter()
        .zip(names)
        .filter(|(used, _)| *used)
        .map(|(_, name)| proc_macro2::Ident::new(name, proc_macro2::Span::call_site()));
    let allow = gates::split(api).then(|| quote!(#[allow(unused_imports)]));
    let imports = quote! {
        use super::rt;
        #allow
        use rt::validate::{#(#used),*};
    };
    let head = quote! {
        /// What the spec asks of requests beyond their Rust types: the checks a server runs on
        /// every request, which `check()` on a request runs for a client too.
        mod checks
    };
    out.push_block(&head, std::iter::once(imports).chain(impls).chain(methods))?;
    Ok(out)
}

/// Some of the schema types (with the file's head first when `head`, or the
/// operations' types after), and their defaults as a printed `mod defaults` block (empty when
/// none).
fn half(
    api: &Api,
    types: &[(TypeId, &Type)],
    head: bool,
    operations: bool,
) -> Result<(format::Writer, String), String> {
    let mut out = if head {
        format::Writer::new(format::Head::of(api))?
    } else {
        format::Writer::default()
    };
    if head {
        let docs = docs::inner(&[Some(&format!(
            "Types of the {} API: its schemas, and the request and response of each operation.",
            api.title
        ))]);
        let serde = api
            .types
            .named()
            .any(|(_, ty)| matches!(ty, Type::Struct(_)))
            .then(|| {
                quote! {
                    use rt::object;
                }
            });
        let allow_deprecated =
            deprecation_allowed(&api.types).then(|| quote!(#![allow(deprecated)]));
        // In a module split into groups, a group may use none of what these serve.
        let allow_unused = gates::split(api).then(|| quote!(#![allow(unused_imports)]));
        out.push(quote! {
            #docs
            #![allow(clippy::large_enum_variant)]
            #allow_deprecated
            #allow_unused

            #serde
        })?;
    }
    let mut defaults = Vec::new();
    for &(id, ty) in types {
        let cfg = gates::ty(api, id);
        let defaults_before = defaults.len();
        let item = match ty {
            Type::Struct(def) => emit_struct(
                &api.types,
                def,
                extra_derives(api, &def.name),
                &mut defaults,
            ),
            Type::Enum(def) => emit_enum(def, extra_derives(api, &def.name)),
            Type::Union(def) => emit_union(&api.types, def, extra_derives(api, &def.name)),
            Type::Alias {
                name,
                target,
                description,
                deprecated,
            } => {
                let docs = docs::outer(&[description.as_deref()]);
                let deprecated = deprecated_attr(*deprecated);
                let name = ident(name);
                let target = type_ref(&api.types, *target, &TokenStream::new());
                quote! {
                    #docs
                    #deprecated
                    pub type #name = #target;
                }
            }
            _ => continue,
        };
        // A struct's default values compile with it.
        if let Some(cfg) = &cfg {
            for default in defaults.iter_mut().skip(defaults_before) {
                *default = quote!(#cfg #default);
            }
        }
        out.push_gated(item, cfg.as_ref())?;
    }
    if operations {
        for op in &api.operations {
            out.push_gated(ops::emit(api, op), gates::op(api, op).as_ref())?;
        }
    }
    let mut block = format::Writer::default();
    if !defaults.is_empty() {
        block.push(quote! {
            /// The spec's default values, for serde to fill in absent fields.
            mod defaults {
                #(#defaults)*
            }
        })?;
    }
    Ok((out, block.into_text()))
}

/// One `mod defaults` block from the two halves' printed blocks: the first's lines but its
/// closing brace, then the second's after its opening line, spaced where they meet.
fn join_defaults(a: &str, b: &str) -> String {
    if a.is_empty() || b.is_empty() {
        return format!("{a}{b}");
    }
    let mut out = String::with_capacity(a.len() + b.len());
    let a = a.trim_end();
    out.push_str(a.strip_suffix('}').unwrap_or(a));
    // The second block's lines after its opening one.
    let mut rest = b;
    let inner = loop {
        let Some((line, after)) = rest.split_once('\n') else {
            break "";
        };
        if line.starts_with("mod defaults") {
            break after;
        }
        rest = after;
    };
    format::space_into(&mut out, inner);
    out
}

/// The derives the settings add to a type, each once.
struct Extra<'a>(Vec<&'a str>);

fn extra_derives<'a>(api: &'a Api, name: &crate::naming::Ident) -> Extra<'a> {
    Extra(api.derives.of(name))
}

/// What every generated struct, enum and union implements, derived or written out.
const ALWAYS: &[&str] = &["Clone", "Debug", "PartialEq", "Serialize", "Deserialize"];

impl Extra<'_> {
    /// A `#[derive]` of the extra derives the type does not already implement: those in
    /// [`ALWAYS`] and in `also`.
    fn attribute(&self, also: &[&str]) -> Option<TokenStream> {
        let paths: Vec<syn::Path> = self
            .0
            .iter()
            .filter(|d| {
                let name = d.rsplit("::").next().unwrap_or(d);
                !ALWAYS.contains(&name) && !also.contains(&name)
            })
            // Each was checked to parse before emitting began.
            .filter_map(|d| syn::parse_str(d).ok())
            .collect();
        (!paths.is_empty()).then(|| quote!(#[derive(#(#paths),*)]))
    }
}

fn emit_struct(
    types: &TypeSpace,
    def: &StructDef,
    extra: Extra<'_>,
    defaults: &mut Vec<TokenStream>,
) -> TokenStream {
    let name = ident(&def.name);
    let docs = docs::outer(&[def.description.as_deref()]);
    let here = TokenStream::new();
    let mut default_fields = Vec::new();
    let mut derive_default = true;
    // What each field's reader slot holds when set: the field's declared type, but one
    // `Option` less for a field that may be absent or null.
    let mut slot_types = Vec::new();
    let mut fields: Vec<TokenStream> = def
        .fields
        .iter()
        .map(|f| {
            let fname = ident(&f.name.rust);
            let mut ty = type_ref(types, f.ty, &here);
            if f.boxed {
                ty = quote!(Box<#ty>);
            }
            let docs = field_docs(f);
            let shape = f.shape();
            let plain_ty = ty.clone();
            let (ty, init) = match shape {
                Shape::Required => {
                    derive_default = false;
                    (ty, quote!(Default::default()))
                }
                Shape::Nullable => {
                    derive_default = false;
                    (quote!(Option<#ty>), quote!(None))
                }
                Shape::Optional => (quote!(Option<#ty>), quote!(None)),
                Shape::OptionalNullable => (quote!(Option<Option<#ty>>), quote!(None)),
                Shape::Defaulted { function, value } => {
                    let func = ident(function);
                    let value = literal(value, &quote!(super::));
                    let plain = type_ref(types, f.ty, &quote!(super::));
                    let value = if f.boxed {
                        quote!(Box::new(#value))
                    } else {
                        value
                    };
                    let plain = if f.boxed { quote!(Box<#plain>) } else { plain };
                    defaults.push(quote! {
                        pub(super) fn #func() -> #plain {
                            #value
                        }
                    });
                    (ty, quote!(defaults::#func()))
                }
            };
            default_fields.push((fname.clone(), init, shape));
            slot_types.push(match shape {
                Shape::OptionalNullable => quote!(Option<#plain_ty>),
                _ => ty.clone(),
            });
            let deprecated = deprecated_attr(f.deprecated);
            quote! { #docs #deprecated pub #fname: #ty, }
        })
        .collect();
    if let Some(value) = def.additional {
        let additional = ident(&def.additional_field);
        let value = type_ref(types, value, &here);
        fields.push(quote! {
            /// Properties beyond the declared ones.
            pub #additional: std::collections::BTreeMap<String, #value>,
        });
        default_fields.push((
            additional.clone(),
            quote!(Default::default()),
            Shape::Optional,
        ));
    }
    let needs_manual = default_fields
        .iter()
        .any(|(_, _, s)| matches!(s, Shape::Defaulted { .. }));
    let derives = if derive_default && !needs_manual {
        quote!(#[derive(Clone, Debug, Default, PartialEq)])
    } else {
        quote!(#[derive(Clone, Debug, PartialEq)])
    };
    let extra = extra.attribute(if derive_default { &["Default"] } else { &[] });
    let manual_default = (derive_default && needs_manual).then(|| {
        let inits = default_fields.iter().map(|(f, init, _)| quote!(#f: #init,));
        quote! {
            impl Default for #name {
                fn default() -> Self {
                    Self { #(#inits)* }
                }
            }
        }
    });
    let multipart = def.multipart.then(|| multipart::emit(types, def));
    let serde = wire::struct_impls(def, &slot_types);
    let deprecated = deprecated_attr(def.deprecated);
    quote! {
        #docs
        #deprecated
        #derives
        #extra
        pub struct #name {
            #(#fields)*
        }

        #manual_default
        #serde
        #multipart
    }
}

/// `#[deprecated]` for what the spec marks deprecated: a user of it gets the compiler's
/// warning. The generated modules themselves allow it (see [`deprecation_allowed`]).
fn deprecated_attr(deprecated: bool) -> Option<TokenStream> {
    deprecated.then(|| quote!(#[deprecated]))
}

/// Whether the spec marks some type or field deprecated: the generated modules, which use them
/// (serde, checks, the client and server), then allow the lint inside.
pub fn deprecation_allowed(types: &TypeSpace) -> bool {
    types.named().any(|(_, ty)| match ty {
        Type::Struct(def) => def.deprecated || def.fields.iter().any(|f| f.deprecated),
        Type::Enum(def) => def.deprecated,
        Type::Union(def) => def.deprecated,
        Type::Alias { deprecated, .. } => *deprecated,
        _ => false,
    })
}

fn field_docs(f: &Field) -> TokenStream {
    let default = f
        .default
        .as_ref()
        .map(|d| format!("Default: `{}`.", d.shown));
    let access = if f.read_only {
        Some("Read-only: sent by the server; left out of requests.")
    } else if f.write_only {
        Some("Write-only: sent by clients; left out of responses.")
    } else {
        None
    };
    let example = f.example.as_ref().map(|e| format!("Example: `{e}`."));
    docs::outer(&[
        f.description.as_deref(),
        default.as_deref(),
        access,
        example.as_deref(),
    ])
}

fn emit_enum(def: &EnumDef, extra: Extra<'_>) -> TokenStream {
    let name = ident(&def.name);
    let other = ident(&def.other);
    let docs = docs::outer(&[
        def.description.as_deref(),
        Some(&format!(
            "A value the spec does not list (one a newer server sends, say) is kept in `{}`.",
            def.other
        )),
    ]);
    let variants = def.variants.iter().enumerate().map(|(i, v)| {
        let vname = ident(&v.rust);
        let doc = match &v.value {
            EnumValue::Str(s) => format!("`\"{s}\"`"),
            EnumValue::Int(n) => format!("`{n}`"),
        };
        let doc = docs::outer(&[Some(&doc)]);
        let default = (def.default == Some(i)).then(|| quote!(#[default]));
        quote! { #doc #default #vname, }
    });
    let derive_default = def.default.is_some().then(|| quote!(Default,));
    let body = if def.integer {
        int_enum(def)
    } else {
        string_enum(def)
    };
    let serde = if def.integer {
        wire::int_enum_impls(&name)
    } else {
        wire::string_enum_impls(&name)
    };
    let (derives, payload, other_doc) = if def.integer {
        (
            quote!(#[derive(Clone, Copy, Debug, #derive_default PartialEq, Eq, Hash, PartialOrd, Ord)]),
            quote!(i64),
            " A value the spec does not list.",
        )
    } else {
        (
            quote!(#[derive(Clone, Debug, #derive_default PartialEq, Eq, Hash, PartialOrd, Ord)]),
            quote!(String),
            " A value the spec does not list, as it was sent.",
        )
    };
    let mut also = vec!["Eq", "Hash", "PartialOrd", "Ord"];
    also.extend(def.integer.then_some("Copy"));
    also.extend(def.default.is_some().then_some("Default"));
    let extra = extra.attribute(&also);
    let deprecated = deprecated_attr(def.deprecated);
    quote! {
        #docs
        #deprecated
        #derives
        #extra
        pub enum #name {
            #(#variants)*
            #[doc = #other_doc]
            #other(#payload),
        }

        #body
        #serde
    }
}

fn string_enum(def: &EnumDef) -> TokenStream {
    let name = ident(&def.name);
    let other = ident(&def.other);
    let values: Vec<(proc_macro2::Ident, String)> = def
        .variants
        .iter()
        .filter_map(|v| match &v.value {
            EnumValue::Str(s) => Some((ident(&v.rust), s.clone())),
            EnumValue::Int(_) => None,
        })
        .collect();
    let to_str = values.iter().map(|(v, s)| quote!(Self::#v => #s,));
    let from_str: Vec<TokenStream> = values
        .iter()
        .map(|(v, s)| quote!(#s => Self::#v,))
        .collect();
    quote! {
        impl #name {
            /// The value as it travels on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    Self::#other(value) => value,
                }
            }
        }

        impl From<String> for #name {
            fn from(value: String) -> Self {
                match value.as_str() {
                    #(#from_str)*
                    _ => Self::#other(value),
                }
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_str)*
                    _ => Self::#other(value.to_owned()),
                }
            }
        }

        /// Never fails: a value the spec does not list is kept as it is.
        impl std::str::FromStr for #name {
            type Err = std::convert::Infallible;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl From<#name> for String {
            fn from(value: #name) -> Self {
                match value {
                    #name::#other(value) => value,
                    known => known.as_str().to_owned(),
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl rt::params::ParamValue for #name {
            fn to_param(&self) -> std::borrow::Cow<'_, str> {
                std::borrow::Cow::Borrowed(self.as_str())
            }
        }

        impl rt::params::FromParam for #name {
            fn from_param(text: &str) -> Result<Self, String> {
                Ok(Self::from(text))
            }
        }
    }
}

fn int_enum(def: &EnumDef) -> TokenStream {
    let name = ident(&def.name);
    let other = ident(&def.other);
    let values: Vec<(proc_macro2::Ident, Literal)> = def
        .variants
        .iter()
        .filter_map(|v| match &v.value {
            EnumValue::Int(n) => Some((ident(&v.rust), Literal::i64_unsuffixed(*n))),
            EnumValue::Str(_) => None,
        })
        .collect();
    let to_int = values.iter().map(|(v, n)| quote!(Self::#v => #n,));
    let from_int = values.iter().map(|(v, n)| quote!(#n => Self::#v,));
    quote! {
        impl #name {
            /// The value as it travels on the wire.
            pub fn value(self) -> i64 {
                match self {
                    #(#to_int)*
                    Self::#other(value) => value,
                }
            }
        }

        impl From<i64> for #name {
            fn from(value: i64) -> Self {
                match value {
                    #(#from_int)*
                    _ => Self::#other(value),
                }
            }
        }

        impl From<#name> for i64 {
            fn from(value: #name) -> Self {
                value.value()
            }
        }

        impl std::str::FromStr for #name {
            type Err = std::num::ParseIntError;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                value.parse::<i64>().map(Self::from)
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}", self.value())
            }
        }

        impl rt::params::ParamValue for #name {
            fn to_param(&self) -> std::borrow::Cow<'_, str> {
                std::borrow::Cow::Owned(self.value().to_string())
            }
        }

        impl rt::params::FromParam for #name {
            fn from_param(text: &str) -> Result<Self, String> {
                <i64 as rt::params::FromParam>::from_param(text).map(Self::from)
            }
        }
    }
}

fn emit_union(types: &TypeSpace, def: &UnionDef, extra: Extra<'_>) -> TokenStream {
    let extra = extra.attribute(&[]);
    let deprecated = deprecated_attr(def.deprecated);
    let name = ident(&def.name);
    let here = TokenStream::new();
    let variants = def.variants.iter().map(|v| {
        let vname = ident(&v.name);
        let mut ty = type_ref(types, v.ty, &here);
        if v.boxed {
            ty = quote!(Box<#ty>);
        }
        let doc = v.tag.as_ref().map(|t| {
            let d = format!(" Tagged `{t:?}`.");
            quote!(#[doc = #d])
        });
        quote! { #doc #vname(#ty), }
    });
    match &def.discriminator {
        None => {
            let docs = docs::outer(&[
                def.description.as_deref(),
                Some("Decoded as the first variant, in this order, that the value fits."),
            ]);
            quote! {
                #docs
                #deprecated
                #[derive(Clone, Debug, PartialEq, rt::serde::Serialize, rt::serde::Deserialize)]
                #extra
                #[serde(crate = "rt::serde", untagged)]
                pub enum #name {
                    #(#variants)*
                }
            }
        }
        Some(property) => {
            let docs = docs::outer(&[
                def.description.as_deref(),
                Some(&format!("Told apart by the `{property}` property.")),
            ]);
            let tags: Vec<&str> = def
                .variants
                .iter()
                .filter_map(|v| v.tag.as_deref())
                .collect();
            let ser = def.variants.iter().map(|v| {
                let vname = ident(&v.name);
                let tag = v.tag.as_deref().unwrap_or_default();
                quote!(Self::#vname(value) => rt::json::serialize_tagged(serializer, #property, #tag, value),)
            });
            let de = def.variants.iter().map(|v| {
                let vname = ident(&v.name);
                let tag = v.tag.as_deref().unwrap_or_default();
                if v.boxed {
                    quote!(#tag => rt::json::from_value(value).map(|v| Self::#vname(Box::new(v))),)
                } else {
                    quote!(#tag => rt::json::from_value(value).map(Self::#vname),)
                }
            });
            quote! {
                #docs
                #deprecated
                #[derive(Clone, Debug, PartialEq)]
                #extra
                pub enum #name {
                    #(#variants)*
                }

                impl rt::serde::Serialize for #name {
                    fn serialize<S: rt::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                        match self {
                            #(#ser)*
                        }
                    }
                }

                impl<'de> rt::serde::Deserialize<'de> for #name {
                    fn deserialize<D: rt::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                        let (tag, value) = rt::json::deserialize_tagged(deserializer, #property)?;
                        match tag.as_str() {
                            #(#de)*
                            _ => Err(rt::json::unknown_tag(#property, &tag, &[#(#tags),*])),
                        }
                    }
                }
            }
        }
    }
}
