//! Reads a schema's constraints (bounds, lengths, patterns, sizes) into [`Checks`].

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type as OaType};

use crate::diag::Diagnostics;
use crate::model::{Bound, Checks};
use crate::pointer;

/// How deep references and items are followed: deeper constraints are rare, and a cycle of
/// references must end.
const DEPTH: usize = 8;

/// The checks of the schema `schema`, reading through references with `resolve`.
pub fn of<'a>(
    schema: &'a ReferenceOr<Box<Schema>>,
    resolve: &dyn Fn(&str) -> Option<&'a Schema>,
    at: &str,
    diags: &mut Diagnostics,
) -> Checks {
    let schema = match schema {
        ReferenceOr::Item(s) => Some(&**s),
        ReferenceOr::Reference { reference } => resolve(reference),
    };
    schema.map_or_else(Checks::default, |s| read(s, resolve, at, diags, 0))
}

/// The checks of an unboxed schema (a parameter's).
pub fn of_schema<'a>(
    schema: &'a ReferenceOr<Schema>,
    resolve: &dyn Fn(&str) -> Option<&'a Schema>,
    at: &str,
    diags: &mut Diagnostics,
) -> Checks {
    let schema = match schema {
        ReferenceOr::Item(s) => Some(s),
        ReferenceOr::Reference { reference } => resolve(reference),
    };
    schema.map_or_else(Checks::default, |s| read(s, resolve, at, diags, 0))
}

fn read<'a>(
    schema: &'a Schema,
    resolve: &dyn Fn(&str) -> Option<&'a Schema>,
    at: &str,
    diags: &mut Diagnostics,
    depth: usize,
) -> Checks {
    let mut c = Checks::default();
    let mut items: Option<&'a Schema> = None;
    let boxed = |s: &'a ReferenceOr<Box<Schema>>| match s {
        ReferenceOr::Item(s) => Some(&**s),
        ReferenceOr::Reference { reference } => resolve(reference),
    };
    let unboxed = |s: &'a ReferenceOr<Schema>| match s {
        ReferenceOr::Item(s) => Some(s),
        ReferenceOr::Reference { reference } => resolve(reference),
    };
    match &schema.schema_kind {
        SchemaKind::Type(OaType::String(s)) => {
            c.min_length = s.min_length.map(|n| n as u64);
            c.max_length = s.max_length.map(|n| n as u64);
            c.pattern = pattern(s.pattern.as_deref(), at, diags);
        }
        SchemaKind::Type(OaType::Integer(i)) => {
            c.minimum = i.minimum.map(|v| bound(v as f64, i.exclusive_minimum));
            c.maximum = i.maximum.map(|v| bound(v as f64, i.exclusive_maximum));
            c.multiple_of = i.multiple_of.filter(|m| *m > 0).map(|m| m as f64);
        }
        SchemaKind::Type(OaType::Number(n)) => {
            c.minimum = n.minimum.map(|v| bound(v, n.exclusive_minimum));
            c.maximum = n.maximum.map(|v| bound(v, n.exclusive_maximum));
            c.multiple_of = n.multiple_of.filter(|m| *m > 0.0);
        }
        SchemaKind::Type(OaType::Array(a)) => {
            c.min_items = a.min_items.map(|n| n as u64);
            c.max_items = a.max_items.map(|n| n as u64);
            c.unique_items = a.unique_items;
            items = a.items.as_ref().and_then(boxed);
        }
        SchemaKind::Type(OaType::Object(o)) => {
            c.min_properties = o.min_properties.map(|n| n as u64);
            c.max_properties = o.max_properties.map(|n| n as u64);
            if let Some(openapiv3::AdditionalProperties::Schema(s)) = &o.additional_properties {
                items = unboxed(s);
            }
        }
        SchemaKind::Any(a) => {
            c.minimum = a
                .minimum
                .map(|v| bound(v, a.exclusive_minimum.unwrap_or(false)));
            c.maximum = a
                .maximum
                .map(|v| bound(v, a.exclusive_maximum.unwrap_or(false)));
            c.multiple_of = a.multiple_of.filter(|m| *m > 0.0);
            c.min_length = a.min_length.map(|n| n as u64);
            c.max_length = a.max_length.map(|n| n as u64);
            c.pattern = pattern(a.pattern.as_deref(), at, diags);
            c.min_items = a.min_items.map(|n| n as u64);
            c.max_items = a.max_items.map(|n| n as u64);
            c.unique_items = a.unique_items.unwrap_or(false);
            c.min_properties = a.min_properties.map(|n| n as u64);
            c.max_properties = a.max_properties.map(|n| n as u64);
            items = match (&a.items, &a.additional_properties) {
                (Some(i), _) => boxed(i),
                (None, Some(openapiv3::AdditionalProperties::Schema(s))) => unboxed(s),
                _ => None,
            };
        }
        _ => {}
    }
    if depth < DEPTH {
        if let Some(inner) = items {
            let nested = read(
                inner,
                resolve,
                &pointer::push(at, "items"),
                diags,
                depth + 1,
            );
            if !nested.is_empty() {
                c.items = Some(Box::new(nested));
            }
        }
    }
    c
}

fn bound(value: f64, exclusive: bool) -> Bound {
    Bound { value, exclusive }
}

/// A pattern the server can check. JSON Schema's patterns are ECMA 262 regular expressions;
/// the few that the `regex` crate cannot read (look-around, back-references) are not checked.
fn pattern(pattern: Option<&str>, at: &str, diags: &mut Diagnostics) -> Option<String> {
    let pattern = pattern?;
    match regex::Regex::new(pattern) {
        Ok(_) => Some(pattern.to_owned()),
        Err(_) => {
            diags.warn(
                "unsupported-pattern",
                &pointer::push(at, "pattern"),
                "this pattern uses features Rust's `regex` crate lacks (look-around or back-references); the server does not check it",
                "",
            );
            None
        }
    }
}
