//! One view of a schema, however `openapiv3` parsed it.
//!
//! `openapiv3` puts a schema in a typed variant only when its keywords fit that type alone;
//! anything mixed (`type: object` with `allOf`, properties without a `type`) lands in
//! `SchemaKind::Any`. Lowering reads this view instead, so both spellings mean the same.

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind,
    StringFormat, Type as OaType, VariantOrUnknownOrEmpty,
};

pub type Properties = IndexMap<String, ReferenceOr<Box<Schema>>>;

pub struct View<'s> {
    pub typ: Option<&'s str>,
    pub format: Option<String>,
    pub properties: Option<&'s Properties>,
    pub required: &'s [String],
    pub additional: Option<&'s AdditionalProperties>,
    pub items: Option<&'s ReferenceOr<Box<Schema>>>,
    /// Listed values other than `null`.
    pub values: Vec<serde_json::Value>,
    pub all_of: &'s [ReferenceOr<Schema>],
    pub one_of: &'s [ReferenceOr<Schema>],
    pub any_of: &'s [ReferenceOr<Schema>],
    pub not: bool,
}

const NONE: &[ReferenceOr<Schema>] = &[];

impl<'s> View<'s> {
    pub fn of(schema: &'s Schema) -> Self {
        let mut v = View {
            typ: None,
            format: None,
            properties: None,
            required: &[],
            additional: None,
            items: None,
            values: Vec::new(),
            all_of: NONE,
            one_of: NONE,
            any_of: NONE,
            not: false,
        };
        match &schema.schema_kind {
            SchemaKind::Type(OaType::String(s)) => {
                v.typ = Some("string");
                v.format = format(&s.format, |f| match f {
                    StringFormat::Date => "date",
                    StringFormat::DateTime => "date-time",
                    StringFormat::Password => "password",
                    StringFormat::Byte => "byte",
                    StringFormat::Binary => "binary",
                });
                v.values = s
                    .enumeration
                    .iter()
                    .flatten()
                    .map(|x| x.as_str().into())
                    .collect();
            }
            SchemaKind::Type(OaType::Integer(i)) => {
                v.typ = Some("integer");
                v.format = format(&i.format, |f| match f {
                    IntegerFormat::Int32 => "int32",
                    IntegerFormat::Int64 => "int64",
                });
                v.values = i
                    .enumeration
                    .iter()
                    .flatten()
                    .map(|x| (*x).into())
                    .collect();
            }
            SchemaKind::Type(OaType::Number(n)) => {
                v.typ = Some("number");
                v.format = format(&n.format, |f| match f {
                    NumberFormat::Float => "float",
                    NumberFormat::Double => "double",
                });
            }
            SchemaKind::Type(OaType::Boolean(_)) => v.typ = Some("boolean"),
            SchemaKind::Type(OaType::Object(o)) => {
                v.typ = Some("object");
                v.properties = Some(&o.properties);
                v.required = &o.required;
                v.additional = o.additional_properties.as_ref();
            }
            SchemaKind::Type(OaType::Array(a)) => {
                v.typ = Some("array");
                v.items = a.items.as_ref();
            }
            SchemaKind::OneOf { one_of } => v.one_of = one_of,
            SchemaKind::AllOf { all_of } => v.all_of = all_of,
            SchemaKind::AnyOf { any_of } => v.any_of = any_of,
            SchemaKind::Not { .. } => v.not = true,
            SchemaKind::Any(a) => {
                v.typ = a.typ.as_deref();
                v.format = a.format.clone();
                v.properties = Some(&a.properties);
                v.required = &a.required;
                v.additional = a.additional_properties.as_ref();
                v.items = a.items.as_ref();
                v.values = a
                    .enumeration
                    .iter()
                    .filter(|x| !x.is_null())
                    .cloned()
                    .collect();
                v.all_of = &a.all_of;
                v.one_of = &a.one_of;
                v.any_of = &a.any_of;
                v.not = a.not.is_some();
            }
        }
        v
    }

    pub fn has_properties(&self) -> bool {
        self.properties.is_some_and(|p| !p.is_empty())
    }

    /// Whether listed values make this an enum (all strings, or all integers).
    pub fn enum_kind(&self) -> Option<EnumKind> {
        if self.values.is_empty() {
            return None;
        }
        match self.typ {
            Some("string") | None if self.values.iter().all(|x| x.is_string()) => {
                Some(EnumKind::String)
            }
            Some("integer") | None if self.values.iter().all(|x| x.is_i64()) => {
                Some(EnumKind::Integer)
            }
            _ => None,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum EnumKind {
    String,
    Integer,
}

fn format<T>(f: &VariantOrUnknownOrEmpty<T>, known: impl Fn(&T) -> &'static str) -> Option<String> {
    match f {
        VariantOrUnknownOrEmpty::Item(x) => Some(known(x).to_owned()),
        VariantOrUnknownOrEmpty::Unknown(s) => Some(s.clone()),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}
