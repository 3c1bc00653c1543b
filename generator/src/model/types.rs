//! The arena of types an API uses.

use crate::naming::Ident;

use super::Name;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(usize);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IntKind {
    I32,
    I64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumberKind {
    F32,
    F64,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Type {
    /// Any JSON value.
    Any,
    Bool,
    Integer(IntKind),
    Number(NumberKind),
    String,
    /// `format: date-time`.
    DateTime,
    /// `format: date`.
    Date,
    /// `format: uuid`.
    Uuid,
    /// `format: byte`: base64 text on the wire, bytes in Rust.
    Base64,
    /// `format: binary`: raw bytes (a file in a multipart body).
    Binary,
    Array(TypeId),
    /// A value that may be `null`, where a field's own optionality cannot say so (array items,
    /// tuple items, map values).
    Nullable(TypeId),
    /// A fixed-length array of the given item types (JSON Schema's `prefixItems`).
    Tuple(Vec<TypeId>),
    /// A JSON object with arbitrary keys.
    Map(TypeId),
    Struct(StructDef),
    Enum(EnumDef),
    Union(UnionDef),
    /// A component schema that is another schema under a second name (`pub type`).
    Alias {
        name: Ident,
        target: TypeId,
    },
    /// A named type declared elsewhere but not yet lowered (only while lowering).
    Pending(Ident),
    /// A type the settings name instead of generating one (a Rust type, checked to parse).
    External(String),
}

impl Type {
    /// Whether values travel as one piece of text (a path segment, query value or header).
    pub fn is_scalar(&self) -> bool {
        matches!(
            self,
            Type::Bool
                | Type::Integer(_)
                | Type::Number(_)
                | Type::String
                | Type::DateTime
                | Type::Date
                | Type::Uuid
                | Type::Enum(_)
        )
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct StructDef {
    pub name: Ident,
    pub description: Option<String>,
    pub fields: Vec<Field>,
    /// Properties beyond the declared ones (`additionalProperties` with a schema or `true`),
    /// kept in a flattened map of this value type.
    pub additional: Option<TypeId>,
    /// Also sent as a `multipart/form-data` body.
    pub multipart: bool,
    /// `additionalProperties: false`: a server refuses properties it does not declare (a
    /// client ignores them, so that a newer server's additions do not break it).
    pub closed: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub name: Name,
    pub ty: TypeId,
    /// In the schema's `required` list (and not read-only or write-only).
    pub required: bool,
    /// `null` is a value the field may hold.
    pub nullable: bool,
    pub description: Option<String>,
    /// Held in a `Box` to break a cycle of types.
    pub boxed: bool,
    /// The schema's `default`, when it is a scalar the field's type can hold.
    pub default: Option<serde_json::Value>,
    pub read_only: bool,
    pub write_only: bool,
    pub deprecated: bool,
    pub example: Option<serde_json::Value>,
    /// What the schema asks beyond the type (bounds, lengths, patterns, sizes).
    pub checks: super::Checks,
}

/// An enum's value on the wire.
#[derive(Clone, Debug, PartialEq)]
pub enum EnumValue {
    Str(String),
    Int(i64),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Variant {
    pub rust: Ident,
    pub value: EnumValue,
}

/// A string or integer enum. Values the spec does not list land in the `other` variant, so
/// that a newer server's new value does not make a whole response undecodable.
#[derive(Clone, Debug, PartialEq)]
pub struct EnumDef {
    pub name: Ident,
    pub description: Option<String>,
    /// Integer values rather than strings.
    pub integer: bool,
    pub variants: Vec<Variant>,
    /// The catch-all variant's name.
    pub other: Ident,
    /// The variant the schema names as its `default`.
    pub default: Option<usize>,
}

/// `oneOf` or `anyOf`: one of several types.
#[derive(Clone, Debug, PartialEq)]
pub struct UnionDef {
    pub name: Ident,
    pub description: Option<String>,
    /// The property whose value says which variant a value is, when every variant has a tag.
    pub discriminator: Option<String>,
    pub variants: Vec<UnionVariant>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct UnionVariant {
    pub name: Ident,
    pub ty: TypeId,
    /// The discriminator value that selects this variant.
    pub tag: Option<String>,
    pub boxed: bool,
}

#[derive(Debug, Default)]
pub struct TypeSpace {
    types: Vec<Type>,
    /// Scalars are shared rather than repeated: the few there are, with their ids.
    scalars: Vec<(Type, TypeId)>,
}

impl TypeSpace {
    pub fn add(&mut self, ty: Type) -> TypeId {
        let shared = matches!(
            ty,
            Type::Any
                | Type::Bool
                | Type::Integer(_)
                | Type::Number(_)
                | Type::String
                | Type::DateTime
                | Type::Date
                | Type::Uuid
                | Type::Base64
                | Type::Binary
        );
        if shared {
            if let Some((_, id)) = self.scalars.iter().find(|(t, _)| *t == ty) {
                return *id;
            }
        }
        self.types.push(ty.clone());
        let id = TypeId(self.types.len() - 1);
        if shared {
            self.scalars.push((ty, id));
        }
        id
    }

    /// The type of an id. Ids come from this arena only, so one is always there; were it not,
    /// the answer would be any JSON value rather than a panic.
    pub fn get(&self, id: TypeId) -> &Type {
        static ANY: Type = Type::Any;
        self.types.get(id.0).unwrap_or(&ANY)
    }

    pub fn get_mut(&mut self, id: TypeId) -> Option<&mut Type> {
        self.types.get_mut(id.0)
    }

    pub fn set(&mut self, id: TypeId, ty: Type) {
        if let Some(slot) = self.types.get_mut(id.0) {
            *slot = ty;
        }
    }

    /// Named types (structs, enums, unions and aliases), in the order they were added.
    pub fn named(&self) -> impl Iterator<Item = (TypeId, &Type)> {
        self.types
            .iter()
            .enumerate()
            .filter(|(_, t)| {
                matches!(
                    t,
                    Type::Struct(_) | Type::Enum(_) | Type::Union(_) | Type::Alias { .. }
                )
            })
            .map(|(i, t)| (TypeId(i), t))
    }

    pub fn named_count(&self) -> usize {
        self.named().count()
    }

    /// Whether `value` is a scalar that a value of `ty` can be (a usable `default`).
    pub fn holds(&self, ty: TypeId, value: &serde_json::Value) -> bool {
        match self.get(ty) {
            Type::Bool => value.is_boolean(),
            Type::Integer(IntKind::I32) => value.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
            Type::Integer(IntKind::I64) => value.is_i64(),
            Type::Number(_) => value.is_number(),
            Type::String => value.is_string(),
            Type::Enum(def) => def.variants.iter().any(|v| match &v.value {
                EnumValue::Str(s) => value.as_str() == Some(s),
                EnumValue::Int(n) => value.as_i64() == Some(*n),
            }),
            Type::Alias { target, .. } => self.holds(*target, value),
            _ => false,
        }
    }
}
