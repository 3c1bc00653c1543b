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
    Array(TypeId),
    /// A JSON object with arbitrary keys.
    Map(TypeId),
    Struct(StructDef),
    Enum(EnumDef),
    /// A named type declared elsewhere but not yet lowered (only while lowering).
    Pending(Ident),
}

#[derive(Clone, Debug, PartialEq)]
pub struct StructDef {
    pub name: Ident,
    pub description: Option<String>,
    pub fields: Vec<Field>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub name: Name,
    pub ty: TypeId,
    pub required: bool,
    pub description: Option<String>,
    /// Held in a `Box` to break a cycle of types.
    pub boxed: bool,
}

/// A string enum.
#[derive(Clone, Debug, PartialEq)]
pub struct EnumDef {
    pub name: Ident,
    pub description: Option<String>,
    pub variants: Vec<Variant>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Variant {
    pub name: Name,
}

#[derive(Debug, Default)]
pub struct TypeSpace {
    types: Vec<Type>,
    /// Scalars are shared rather than repeated: the few there are, with their ids.
    scalars: Vec<(Type, TypeId)>,
}

impl TypeSpace {
    pub fn add(&mut self, ty: Type) -> TypeId {
        let scalar = matches!(
            ty,
            Type::Any | Type::Bool | Type::Integer(_) | Type::Number(_) | Type::String
        );
        if scalar {
            if let Some((_, id)) = self.scalars.iter().find(|(t, _)| *t == ty) {
                return *id;
            }
        }
        self.types.push(ty.clone());
        let id = TypeId(self.types.len() - 1);
        if scalar {
            self.scalars.push((ty, id));
        }
        id
    }

    pub fn get(&self, id: TypeId) -> &Type {
        &self.types[id.0]
    }

    pub fn set(&mut self, id: TypeId, ty: Type) {
        self.types[id.0] = ty;
    }

    /// Named types (structs and enums), in the order they were added.
    pub fn named(&self) -> impl Iterator<Item = (TypeId, &Type)> {
        self.types
            .iter()
            .enumerate()
            .filter(|(_, t)| matches!(t, Type::Struct(_) | Type::Enum(_)))
            .map(|(i, t)| (TypeId(i), t))
    }

    pub fn named_count(&self) -> usize {
        self.named().count()
    }
}
