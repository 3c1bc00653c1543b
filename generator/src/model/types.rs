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
    /// A component schema that is another schema under a second name, or a named scalar, list
    /// or map schema (`pub type`).
    Alias {
        name: Ident,
        target: TypeId,
        description: Option<String>,
        deprecated: bool,
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
    /// The schema says `deprecated: true`.
    pub deprecated: bool,
    pub fields: Vec<Field>,
    /// Properties beyond the declared ones (`additionalProperties` with a schema or `true`),
    /// kept in a flattened map of this value type.
    pub additional: Option<TypeId>,
    /// The field that holds them: a name no property takes.
    pub additional_field: Ident,
    /// The locals of its deserializer, which no field's local takes.
    pub reader: Reader,
    /// Also sent as a `multipart/form-data` body.
    pub multipart: bool,
    /// `additionalProperties: false`: a server refuses properties it does not declare (a
    /// client ignores them, so that a newer server's additions do not break it).
    pub closed: bool,
}

/// The names a struct's deserializer gives its own locals.
#[derive(Clone, Debug, PartialEq)]
pub struct Reader {
    /// The entries of the map being read.
    pub entries: Ident,
    /// The key being read.
    pub key: Ident,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub name: Name,
    /// The local its struct's deserializer reads it into.
    pub local: Ident,
    pub ty: TypeId,
    /// In the schema's `required` list (and not read-only or write-only).
    pub required: bool,
    /// `null` is a value the field may hold.
    pub nullable: bool,
    pub description: Option<String>,
    /// Held in a `Box` to break a cycle of types.
    pub boxed: bool,
    /// The schema's `default`, when it is a scalar.
    pub default: Option<DefaultValue>,
    /// The function that gives the default to serde when the field is absent: for an optional,
    /// non-nullable field whose type holds its default.
    pub default_fn: Option<Ident>,
    pub read_only: bool,
    pub write_only: bool,
    pub deprecated: bool,
    pub example: Option<serde_json::Value>,
    /// What the schema asks beyond the type (bounds, lengths, patterns, sizes).
    pub checks: super::Checks,
}

/// How a struct field is held.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Shape<'f> {
    /// Always present: `T`.
    Required,
    /// Always present, may be null: `Option<T>`, written as `null` when `None`.
    Nullable,
    /// May be absent: `Option<T>`, left out when `None`.
    Optional,
    /// May be absent or null: `Option<Option<T>>`; `None` is absent, `Some(None)` is null.
    OptionalNullable,
    /// May be absent, with a default: `T`, the default (`value`, given to serde by the
    /// `defaults` module's `function`) filled in when absent.
    Defaulted {
        function: &'f Ident,
        value: &'f Literal,
    },
}

impl Field {
    /// How it is held, as lowering decided it.
    pub fn shape(&self) -> Shape<'_> {
        let value = self.default.as_ref().and_then(|d| d.literal.as_ref());
        match (self.required, self.nullable, &self.default_fn, value) {
            (true, false, ..) => Shape::Required,
            (true, true, ..) => Shape::Nullable,
            (false, true, ..) => Shape::OptionalNullable,
            (false, false, Some(function), Some(value)) => Shape::Defaulted { function, value },
            (false, false, ..) => Shape::Optional,
        }
    }

    /// How many `Option`s its value is held in: one when it may be absent (unless a default
    /// fills it in) or null, two when both.
    pub fn options(&self) -> u8 {
        match self.shape() {
            Shape::Required | Shape::Defaulted { .. } => 0,
            Shape::Nullable | Shape::Optional => 1,
            Shape::OptionalNullable => 2,
        }
    }
}

/// A spec's `default`, as the docs show it and as Rust writes it.
#[derive(Clone, Debug, PartialEq)]
pub struct DefaultValue {
    /// As the spec writes it (JSON).
    pub shown: String,
    /// The value, when the type can hold it.
    pub literal: Option<Literal>,
}

/// A scalar value of a generated type.
#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    Bool(bool),
    I32(i32),
    I64(i64),
    F32(f32),
    F64(f64),
    Str(String),
    /// A variant of a generated enum.
    Variant {
        ty: Ident,
        variant: Ident,
    },
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
    pub deprecated: bool,
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
    pub deprecated: bool,
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

    /// Adds to `seen` the named types (structs, enums, unions, aliases) a value of `ty` is made
    /// of, itself included: through fields, variants, items, map values and aliases. A named
    /// type is walked once, so cycles end.
    pub fn collect_named(&self, ty: TypeId, seen: &mut std::collections::BTreeSet<TypeId>) {
        let named = matches!(
            self.get(ty),
            Type::Struct(_) | Type::Enum(_) | Type::Union(_) | Type::Alias { .. }
        );
        if named && !seen.insert(ty) {
            return;
        }
        match self.get(ty) {
            Type::Struct(def) => {
                for f in &def.fields {
                    self.collect_named(f.ty, seen);
                }
                if let Some(a) = def.additional {
                    self.collect_named(a, seen);
                }
            }
            Type::Union(def) => {
                for v in &def.variants {
                    self.collect_named(v.ty, seen);
                }
            }
            Type::Alias { target, .. } => self.collect_named(*target, seen),
            Type::Array(t) | Type::Nullable(t) | Type::Map(t) => self.collect_named(*t, seen),
            Type::Tuple(items) => {
                for t in items {
                    self.collect_named(*t, seen);
                }
            }
            _ => {}
        }
    }

    /// The type an id stands for once aliases are followed (a bounded walk: alias cycles are
    /// broken when lowering ends, and a chain longer than any spec's ends where it is).
    pub fn resolved(&self, mut id: TypeId) -> &Type {
        for _ in 0..64 {
            match self.get(id) {
                Type::Alias { target, .. } => id = *target,
                other => return other,
            }
        }
        self.get(id)
    }

    pub fn get_mut(&mut self, id: TypeId) -> Option<&mut Type> {
        self.types.get_mut(id.0)
    }

    pub fn set(&mut self, id: TypeId, ty: Type) {
        if let Some(slot) = self.types.get_mut(id.0) {
            *slot = ty;
        }
    }

    /// Every type, named or not.
    pub fn all(&self) -> impl Iterator<Item = &Type> {
        self.types.iter()
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

    /// `value` as a value of `ty`, when it is a scalar that type can hold (a usable
    /// `default`).
    pub fn literal(&self, ty: TypeId, value: &serde_json::Value) -> Option<Literal> {
        Some(match self.get(ty) {
            Type::Bool => Literal::Bool(value.as_bool()?),
            Type::Integer(IntKind::I32) => Literal::I32(i32::try_from(value.as_i64()?).ok()?),
            Type::Integer(IntKind::I64) => Literal::I64(value.as_i64()?),
            // The nearest value of the type, as Rust reads a literal.
            Type::Number(NumberKind::F32) => Literal::F32(value.as_f64()? as f32),
            Type::Number(NumberKind::F64) => Literal::F64(value.as_f64()?),
            Type::String => Literal::Str(value.as_str()?.to_owned()),
            Type::Enum(def) => {
                let variant = def.variants.iter().find(|v| match &v.value {
                    EnumValue::Str(s) => value.as_str() == Some(s),
                    EnumValue::Int(n) => value.as_i64() == Some(*n),
                })?;
                Literal::Variant {
                    ty: def.name.clone(),
                    variant: variant.rust.clone(),
                }
            }
            Type::Alias { target, .. } => return self.literal(*target, value),
            _ => return None,
        })
    }
}
