//! Schemas into the type arena.

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind,
    Type as OaType, VariantOrUnknownOrEmpty,
};

use crate::diag::Diagnostics;
use crate::model::{
    EnumDef, Field, IntKind, Name, NumberKind, StructDef, Type, TypeId, TypeSpace, Variant,
};
use crate::naming::{self, Ident, Namespace};
use crate::pointer;

pub struct Schemas<'a> {
    pub doc: &'a openapiv3::OpenAPI,
    pub types: TypeSpace,
    /// Type names in use in the generated types module.
    pub names: Namespace,
    /// Component schemas by their key, lowered or pending.
    components: IndexMap<String, TypeId>,
}

impl<'a> Schemas<'a> {
    /// Names every component schema first, so references resolve whatever the order, and
    /// component types get the plain names.
    pub fn new(doc: &'a openapiv3::OpenAPI, names: Namespace) -> Self {
        let mut s = Schemas {
            doc,
            types: TypeSpace::default(),
            names,
            components: IndexMap::new(),
        };
        if let Some(components) = &doc.components {
            for key in components.schemas.keys() {
                let name = s.names.claim(naming::type_name(key));
                let id = s.types.add(Type::Pending(name));
                s.components.insert(key.clone(), id);
            }
        }
        s
    }

    /// Lowers every component schema.
    pub fn lower_components(&mut self, diags: &mut Diagnostics) {
        let Some(components) = &self.doc.components else {
            return;
        };
        for (key, schema) in &components.schemas {
            let id = self.components[key];
            let Type::Pending(name) = self.types.get(id).clone() else {
                continue;
            };
            let at = pointer::from_tokens(["components", "schemas", key.as_str()]);
            let ty = match schema {
                ReferenceOr::Item(schema) => self.named_type(schema, name, &at, diags),
                // An alias of another schema: keep the type it refers to.
                ReferenceOr::Reference { .. } => {
                    let target = self.lower(schema, key, &at, diags);
                    self.types.get(target).clone()
                }
            };
            self.types.set(id, ty);
        }
        // Aliases of aliases end up pending only through cycles of pure references.
        for id in self.components.values().copied().collect::<Vec<_>>() {
            if matches!(self.types.get(id), Type::Pending(_)) {
                self.types.set(id, Type::Any);
            }
        }
    }

    /// The type of a schema or reference. `hint` names an inline type from its context.
    pub fn lower(
        &mut self,
        schema: &ReferenceOr<Schema>,
        hint: &str,
        at: &str,
        diags: &mut Diagnostics,
    ) -> TypeId {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, at, diags),
            ReferenceOr::Item(schema) => self.inline(schema, hint, at, diags),
        }
    }

    fn lower_boxed(
        &mut self,
        schema: &ReferenceOr<Box<Schema>>,
        hint: &str,
        at: &str,
        diags: &mut Diagnostics,
    ) -> TypeId {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, at, diags),
            ReferenceOr::Item(schema) => self.inline(schema, hint, at, diags),
        }
    }

    fn reference(&mut self, reference: &str, at: &str, diags: &mut Diagnostics) -> TypeId {
        if let Some(key) = reference.strip_prefix("#/components/schemas/") {
            let key = pointer::unescape(key);
            if let Some(id) = self.components.get(&key) {
                return *id;
            }
            diags.error(at, format!("the reference {reference} points to no schema"), "define the schema under components/schemas (definitions in Swagger 2.0), or fix the name");
        } else if reference.starts_with('#') {
            diags.warn(at, format!("the reference {reference} points outside the schema components; typed as any JSON value"), "move the schema to components/schemas and refer to it there");
        } else {
            diags.error(at, format!("the reference {reference} points to another document; remote references are never fetched"), "bundle the spec into one file first (for example with `redocly bundle`)");
        }
        self.types.add(Type::Any)
    }

    fn inline(&mut self, schema: &Schema, hint: &str, at: &str, diags: &mut Diagnostics) -> TypeId {
        match self.shape(schema) {
            Shape::Named => {
                let name = self.names.claim(naming::type_name(hint));
                let ty = self.named_type(schema, name, at, diags);
                self.types.add(ty)
            }
            Shape::Plain => {
                let ty = self.plain_type(schema, hint, at, diags);
                self.types.add(ty)
            }
        }
    }

    fn shape(&self, schema: &Schema) -> Shape {
        match &schema.schema_kind {
            SchemaKind::Type(OaType::String(s))
                if s.enumeration.iter().flatten().next().is_some() =>
            {
                Shape::Named
            }
            SchemaKind::Type(OaType::Object(o)) if !o.properties.is_empty() => Shape::Named,
            _ => Shape::Plain,
        }
    }

    /// A struct or enum named `name`, or, for a schema that is neither, the plain type.
    fn named_type(
        &mut self,
        schema: &Schema,
        name: Ident,
        at: &str,
        diags: &mut Diagnostics,
    ) -> Type {
        let description = schema
            .schema_data
            .description
            .clone()
            .or_else(|| schema.schema_data.title.clone());
        match &schema.schema_kind {
            SchemaKind::Type(OaType::String(s)) if self.shape(schema) == Shape::Named => {
                let mut variants = Namespace::new();
                let mut seen = Vec::new();
                let values = s.enumeration.iter().flatten().filter(|v| {
                    let fresh = !seen.contains(v);
                    seen.push(*v);
                    fresh
                });
                let variants = values
                    .map(|v| Variant {
                        name: Name {
                            wire: v.clone(),
                            rust: variants.claim(naming::camel(v, "V", "Empty")),
                        },
                    })
                    .collect();
                Type::Enum(EnumDef {
                    name,
                    description,
                    variants,
                })
            }
            SchemaKind::Type(OaType::Object(o)) if !o.properties.is_empty() => {
                let mut field_names = Namespace::new();
                let mut fields = Vec::new();
                for (prop, prop_schema) in &o.properties {
                    let prop_at = pointer::from_tokens(["properties", prop.as_str()]);
                    let prop_at = format!("{at}{prop_at}");
                    let hint = format!("{name}{}", naming::camel(prop, "V", "Field"));
                    let ty = self.lower_boxed(prop_schema, &hint, &prop_at, diags);
                    let (description, nullable) = match prop_schema {
                        ReferenceOr::Item(s) => {
                            (s.schema_data.description.clone(), s.schema_data.nullable)
                        }
                        ReferenceOr::Reference { .. } => (None, false),
                    };
                    let required = o.required.contains(prop) && !nullable;
                    fields.push(Field {
                        name: Name {
                            wire: prop.clone(),
                            rust: field_names.claim(naming::snake(prop, "field")),
                        },
                        ty,
                        required,
                        description,
                        boxed: false,
                    });
                }
                Type::Struct(StructDef {
                    name,
                    description,
                    fields,
                })
            }
            _ => self.plain_type(schema, name.as_str(), at, diags),
        }
    }

    fn plain_type(
        &mut self,
        schema: &Schema,
        hint: &str,
        at: &str,
        diags: &mut Diagnostics,
    ) -> Type {
        match &schema.schema_kind {
            SchemaKind::Type(OaType::String(_)) => Type::String,
            SchemaKind::Type(OaType::Boolean(_)) => Type::Bool,
            SchemaKind::Type(OaType::Integer(i)) => Type::Integer(match i.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => IntKind::I32,
                _ => IntKind::I64,
            }),
            SchemaKind::Type(OaType::Number(n)) => Type::Number(match n.format {
                VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => NumberKind::F32,
                _ => NumberKind::F64,
            }),
            SchemaKind::Type(OaType::Array(a)) => {
                let item = match &a.items {
                    Some(items) => self.lower_boxed(
                        items,
                        &format!("{hint}Item"),
                        &pointer::push(at, "items"),
                        diags,
                    ),
                    None => self.types.add(Type::Any),
                };
                Type::Array(item)
            }
            SchemaKind::Type(OaType::Object(o)) => match &o.additional_properties {
                Some(AdditionalProperties::Schema(s)) => {
                    let value = self.lower(
                        s,
                        &format!("{hint}Value"),
                        &pointer::push(at, "additionalProperties"),
                        diags,
                    );
                    Type::Map(value)
                }
                _ => {
                    let any = self.types.add(Type::Any);
                    Type::Map(any)
                }
            },
            SchemaKind::Any(any)
                if any.properties.is_empty()
                    && any.all_of.is_empty()
                    && any.one_of.is_empty()
                    && any.any_of.is_empty() =>
            {
                Type::Any
            }
            SchemaKind::OneOf { .. }
            | SchemaKind::AnyOf { .. }
            | SchemaKind::AllOf { .. }
            | SchemaKind::Not { .. }
            | SchemaKind::Any(_) => {
                diags.warn(at, "allOf, oneOf, anyOf, not and untyped properties are not generated yet; typed as any JSON value (serde_json::Value)", "");
                Type::Any
            }
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// Becomes a struct or enum of its own.
    Named,
    /// A scalar, list or map.
    Plain,
}

/// Marks the struct fields that must be boxed: those through which a struct contains itself
/// without an indirection (`Vec` and maps already are one).
pub fn mark_boxes(types: &mut TypeSpace) {
    let structs: Vec<TypeId> = types
        .named()
        .filter(|(_, t)| matches!(t, Type::Struct(_)))
        .map(|(id, _)| id)
        .collect();
    for id in structs {
        let Type::Struct(def) = types.get(id).clone() else {
            continue;
        };
        let mut changed = def.clone();
        for field in &mut changed.fields {
            if reaches(types, field.ty, id, &mut Vec::new()) {
                field.boxed = true;
            }
        }
        if changed != def {
            types.set(id, Type::Struct(changed));
        }
    }
}

/// Whether `from` contains `target` by value (through unboxed struct fields).
fn reaches(types: &TypeSpace, from: TypeId, target: TypeId, seen: &mut Vec<TypeId>) -> bool {
    if from == target {
        return true;
    }
    if seen.contains(&from) {
        return false;
    }
    seen.push(from);
    match types.get(from) {
        Type::Struct(def) => def
            .fields
            .iter()
            .filter(|f| !f.boxed)
            .any(|f| reaches(types, f.ty, target, seen)),
        _ => false,
    }
}
