//! Serde impls for the generated structs and enums, written out rather than derived: serde's
//! derive expands to about ten times the code, which on specs with thousands of schemas doubles
//! the memory needed to compile the generated crate. The runtime half is the runtime crate's `object`.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::rust::ident;
use crate::model::{Shape, StructDef};

/// `Serialize`, `Deserialize` and `object::Object` (of the runtime crate) for a struct.
/// `slots` are what each field's reader slot holds when set, in order.
pub fn struct_impls(def: &StructDef, slots: &[TokenStream]) -> TokenStream {
    let name = ident(&def.name);
    let wire_name = def.name.as_str();
    // Each field is read into its local (lowering named them, and the reader's own).
    let fields: Vec<(Ident, &str, Shape, Ident)> = def
        .fields
        .iter()
        .map(|f| {
            let local = ident(&f.local);
            (ident(&f.name.rust), f.name.wire.as_str(), f.shape(), local)
        })
        .collect();
    let entries = ident(&def.reader.entries);
    let key = ident(&def.reader.key);

    let writes = fields.iter().map(|(field, wire, shape, _)| match shape {
        Shape::Optional | Shape::OptionalNullable => quote!(map.optional(#wire, &self.#field);),
        Shape::Required | Shape::Nullable | Shape::Defaulted { .. } => {
            quote!(map.entry(#wire, &self.#field);)
        }
    });
    let additional = ident(&def.additional_field);
    let write_additional = def
        .additional
        .is_some()
        .then(|| quote!(map.additional(&self.#additional);));

    // Typed where declared: left to inference, each slot's `Deserialize` obligation stayed
    // pending until the struct was built, and was revisited at every call in between. (By a
    // turbofish: clippy counts a type on the `let` as a complex type.)
    let slots = fields
        .iter()
        .zip(slots)
        .map(|((_, _, _, local), ty)| quote!(let mut #local = None::<#ty>;));
    let additional_slot = def
        .additional
        .is_some()
        .then(|| quote!(let mut #additional = std::collections::BTreeMap::new();));
    // Every exit of the reader drops every slot, so the reader has one `?` in its loop and
    // none after it: a `?` per field made the function quadratic in its fields, and GitHub's
    // larger structs dominated the borrow checker's time.
    let reads = fields.iter().map(|(_, wire, shape, local)| match shape {
        // Read strictly (by a server), a `null` the schema does not allow is refused.
        Shape::Optional => quote!(#wire => #entries.optional(&mut #local, #wire),),
        _ => quote!(#wire => #entries.value(&mut #local, #wire),),
    });
    let unknown = if def.additional.is_some() {
        quote!(_ => #entries.additional(&mut #additional, #key),)
    } else if def.closed {
        quote!(_ => #entries.undeclared(#key),)
    } else {
        quote!(_ => #entries.skip(),)
    };
    let inits = fields.iter().map(|(field, _, shape, local)| {
        let value = match shape {
            Shape::Required | Shape::OptionalNullable if field == local => return quote!(#field,),
            Shape::Required | Shape::OptionalNullable => quote!(#local),
            // A nullable field may also be missing: serde's derive reads that as null too.
            // An optional one read as `null` counts as absent.
            Shape::Nullable | Shape::Optional => quote!(Option::flatten(#local)),
            Shape::Defaulted { function, .. } => {
                let func = ident(function);
                quote!(#local.unwrap_or_else(defaults::#func))
            }
        };
        quote!(#field: #value,)
    });
    let additional_init = def.additional.is_some().then(|| quote!(#additional,));
    let build = quote!(Ok(Self { #(#inits)* #additional_init }));
    // The required fields are taken in one match, so that a missing one is one exit.
    let required: Vec<(&Ident, &str)> = fields
        .iter()
        .filter(|(_, _, shape, _)| matches!(shape, Shape::Required))
        .map(|(_, wire, _, local)| (local, *wire))
        .collect();
    let build = if required.is_empty() {
        build
    } else if let [(local, wire)] = required[..] {
        quote! {
            match #local {
                Some(#local) => #build,
                None => Err(#entries.missing(&[(true, #wire)])),
            }
        }
    } else {
        let locals: Vec<&Ident> = required.iter().map(|(local, _)| *local).collect();
        let wires = required.iter().map(|(_, wire)| wire);
        quote! {
            match (#(#locals,)*) {
                (#(Some(#locals),)*) => #build,
                (#(#locals,)*) => Err(#entries.missing(&[#((#locals.is_none(), #wires)),*])),
            }
        }
    };

    let serialize = if fields.is_empty() && def.additional.is_none() {
        quote!(object::Writer::new(serializer.serialize_map(Some(0))?).end())
    } else {
        quote! {
            let mut map = object::Writer::new(serializer.serialize_map(None)?);
            #(#writes)*
            #write_additional
            map.end()
        }
    };
    let read = if fields.is_empty() {
        match def.additional {
            Some(_) => quote! {
                while let Some(#key) = #entries.next_key()? {
                    #entries.additional(&mut #additional, #key)?;
                }
            },
            None => quote! {
                while #entries.next_key()?.is_some() {
                    #entries.skip()?;
                }
            },
        }
    } else {
        quote! {
            while let Some(#key) = #entries.next_key()? {
                match #key.as_str() {
                    #(#reads)*
                    #unknown
                }?;
            }
        }
    };

    quote! {
        impl rt::serde::Serialize for #name {
            fn serialize<S: rt::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                #serialize
            }
        }

        impl<'de> rt::serde::Deserialize<'de> for #name {
            fn deserialize<D: rt::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                object::deserialize(deserializer)
            }
        }

        impl object::Object for #name {
            const NAME: &'static str = #wire_name;

            fn from_entries<'de, A: rt::serde::de::MapAccess<'de>>(
                mut #entries: object::Entries<'de, A>,
            ) -> Result<Self, A::Error> {
                #(#slots)*
                #additional_slot
                #read
                #build
            }
        }
    }
}

/// `Serialize` and `Deserialize` for a string enum, through its wire value.
pub fn string_enum_impls(name: &Ident) -> TokenStream {
    quote! {
        impl rt::serde::Serialize for #name {
            fn serialize<S: rt::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> rt::serde::Deserialize<'de> for #name {
            fn deserialize<D: rt::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <String as rt::serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }
    }
}

/// `Serialize` and `Deserialize` for an integer enum, through its wire value.
pub fn int_enum_impls(name: &Ident) -> TokenStream {
    quote! {
        impl rt::serde::Serialize for #name {
            fn serialize<S: rt::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }

        impl<'de> rt::serde::Deserialize<'de> for #name {
            fn deserialize<D: rt::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <i64 as rt::serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }
    }
}
