//! `multipart/form-data` for the structs sent that way: one part per field.

use proc_macro2::TokenStream;
use quote::quote;

use super::rust::ident;
use crate::model::{Shape, StructDef, Type, TypeId, TypeSpace};

/// How a field's value becomes parts.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// One text part.
    Text,
    /// One text part per item.
    Texts,
    /// One file part.
    File,
    /// One file part per item.
    Files,
    /// One part holding JSON.
    Json,
}

fn kind(types: &TypeSpace, ty: TypeId, boxed: bool) -> Kind {
    if boxed {
        return Kind::Json;
    }
    match types.resolved(ty) {
        Type::Binary => Kind::File,
        t if t.is_scalar() => Kind::Text,
        Type::Array(item) => match types.resolved(*item) {
            Type::Binary => Kind::Files,
            t if t.is_scalar() => Kind::Texts,
            _ => Kind::Json,
        },
        _ => Kind::Json,
    }
}

pub fn emit(types: &TypeSpace, def: &StructDef) -> TokenStream {
    let name = ident(&def.name);
    let mut writes = Vec::new();
    let mut reads = Vec::new();
    for f in &def.fields {
        let field = ident(&f.name.rust);
        let wire = &f.name.wire;
        let kind = kind(types, f.ty, f.boxed);
        // The writer and the reader name their methods alike.
        let method = match kind {
            Kind::Text => quote!(text),
            Kind::Texts => quote!(texts),
            Kind::File => quote!(file),
            Kind::Files => quote!(files),
            Kind::Json => quote!(json),
        };
        let fallible = if kind == Kind::Json {
            quote!(?)
        } else {
            TokenStream::new()
        };
        let shape = f.shape();
        writes.push(match shape {
            Shape::Required | Shape::Defaulted { .. } => {
                quote!(parts.#method(#wire, &self.#field)#fallible;)
            }
            Shape::Nullable | Shape::Optional => quote! {
                if let Some(value) = &self.#field {
                    parts.#method(#wire, value)#fallible;
                }
            },
            Shape::OptionalNullable => quote! {
                if let Some(Some(value)) = &self.#field {
                    parts.#method(#wire, value)#fallible;
                }
            },
        });
        let value = quote!(parts.#method(#wire)?);
        reads.push(match shape {
            Shape::Required => {
                let missing = quote!(rt::multipart::required(#value, #wire)?);
                if f.boxed {
                    quote!(#field: Box::new(#missing),)
                } else {
                    quote!(#field: #missing,)
                }
            }
            Shape::Nullable | Shape::Optional => quote!(#field: #value,),
            Shape::OptionalNullable => quote!(#field: #value.map(Some),),
            Shape::Defaulted { function, .. } => {
                let func = ident(function);
                quote!(#field: #value.unwrap_or_else(defaults::#func),)
            }
        });
    }
    let additional = def.additional.map(|_| {
        let additional = ident(&def.additional_field);
        quote!(#additional: Default::default(),)
    });
    let parts_arg = if def.fields.is_empty() {
        quote!(_parts)
    } else {
        quote!(parts)
    };
    quote! {
        impl rt::multipart::Multipart for #name {
            fn write(&self, #parts_arg: &mut rt::multipart::PartsWriter) -> Result<(), String> {
                #(#writes)*
                Ok(())
            }

            fn read(#parts_arg: &mut rt::multipart::Parts) -> Result<Self, String> {
                Ok(Self {
                    #(#reads)*
                    #additional
                })
            }
        }
    }
}
