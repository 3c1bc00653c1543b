//! Schemas into the type arena.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema};

use super::view::{EnumKind, Properties, View};
use crate::config::Config;
use crate::diag::Diagnostics;
use crate::load::{Facts, Tuple};
use crate::model::{
    Checks, DefaultValue, EnumDef, EnumValue, Field, IntKind, Name, NumberKind, Reader, StructDef,
    Type, TypeId, TypeSpace, UnionDef, UnionVariant, Variant,
};
use crate::naming::{self, Ident, Namespace};
use crate::pointer;

/// How deep a chain of references may go before it is taken for a cycle.
const MAX_REF_DEPTH: usize = 32;

pub struct Schemas<'a> {
    pub doc: &'a openapiv3::OpenAPI,
    /// What the loader learned that the document cannot hold (tuples), by pointer.
    facts: &'a Facts,
    config: &'a Config,
    pub types: TypeSpace,
    /// Type names in use in the generated types module.
    pub names: Namespace,
    /// Component schemas by their key, lowered or pending.
    components: IndexMap<String, TypeId>,
    /// Inline named types by the fingerprint of their schema.
    inline_types: HashMap<Fingerprint, TypeId>,
    /// Fields' defaults, by struct name and field index, typed once every type is lowered
    /// (a default may name a variant of an enum lowered later).
    pending_defaults: Vec<(Ident, usize, serde_json::Value)>,
}

/// The object parts of an `allOf`, merged.
#[derive(Default)]
struct Merged {
    properties: Properties,
    required: Vec<String>,
    additional: Option<AdditionalProperties>,
}

impl<'a> Schemas<'a> {
    /// Names every component schema first, so references resolve whatever the order, and
    /// component types get the plain names.
    pub fn new(
        doc: &'a openapiv3::OpenAPI,
        facts: &'a Facts,
        config: &'a Config,
        names: Namespace,
    ) -> Self {
        let mut s = Schemas {
            doc,
            facts,
            config,
            types: TypeSpace::default(),
            names,
            components: IndexMap::new(),
            inline_types: HashMap::new(),
            pending_defaults: Vec::new(),
        };
        if let Some(components) = &doc.components {
            for key in components.schemas.keys() {
                let settings = config.types.get(key);
                // A schema the settings replace with an existing type gets no type of its own.
                if let Some(path) = settings.and_then(|t| t.replace.clone()) {
                    let id = s.types.add(Type::External(path));
                    s.components.insert(key.clone(), id);
                    continue;
                }
                let wanted = settings.and_then(|t| t.rename.as_deref()).unwrap_or(key);
                let name = s.names.claim(naming::type_name(wanted));
                let id = s.types.add(Type::Pending(name));
                s.components.insert(key.clone(), id);
            }
        }
        s
    }

    /// The Rust name of a component schema's type, once lowered (none for a replaced one).
    pub fn component_name(&self, key: &str) -> Option<Ident> {
        match self.types.get(*self.components.get(key)?) {
            Type::Struct(d) => Some(d.name.clone()),
            Type::Enum(d) => Some(d.name.clone()),
            Type::Union(d) => Some(d.name.clone()),
            _ => None,
        }
    }

    /// Lowers every component schema.
    pub fn lower_components(&mut self, diags: &mut Diagnostics) {
        let Some(components) = &self.doc.components else {
            return;
        };
        for (key, schema) in &components.schemas {
            let Some(&id) = self.components.get(key) else {
                continue;
            };
            let Type::Pending(name) = self.types.get(id).clone() else {
                continue;
            };
            let at = pointer::from_tokens(["components", "schemas", key.as_str()]);
            let ty = match schema {
                ReferenceOr::Item(schema) => {
                    let view = View::of(schema);
                    let ty = match self.alias_of(&view) {
                        Some(target) => self.alias(name, target, id, &at, diags),
                        None => self.named_type(schema, &view, name, &at, diags),
                    };
                    described(ty, schema)
                }
                ReferenceOr::Reference { .. } => self.alias(name, schema, id, &at, diags),
            };
            self.types.set(id, ty);
        }
        // Only cycles of pure references are still pending here.
        for id in self.components.values().copied().collect::<Vec<_>>() {
            if matches!(self.types.get(id), Type::Pending(_)) {
                self.types.set(id, Type::Any);
            }
        }
        break_alias_cycles(&mut self.types, self.components.values().copied());
    }

    /// A component that is another schema under its own name.
    fn alias(
        &mut self,
        name: Ident,
        target: &ReferenceOr<Schema>,
        id: TypeId,
        at: &str,
        diags: &mut Diagnostics,
    ) -> Type {
        let target = self.lower(target, name.as_str(), at, diags);
        if target == id {
            Type::Any
        } else {
            Type::Alias {
                name,
                target,
                description: None,
                deprecated: false,
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

    pub fn lower_boxed(
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
        if let Some(key) = pointer::component_key(reference, "schemas") {
            if let Some(id) = self.components.get(&key) {
                return *id;
            }
            diags.error("unresolved-ref", at, format!("the reference {reference} points to no schema"), "define the schema under components/schemas (definitions in Swagger 2.0), or fix the name");
        } else if reference.starts_with('#') {
            diags.warn("ref-outside-components", at, format!("the reference {reference} points outside the schema components; typed as any JSON value"), "move the schema to components/schemas and refer to it there");
        } else {
            diags.error("remote-ref", at, format!("the reference {reference} points to another document; remote references are never fetched"), "bundle the spec into one file first (for example with `redocly bundle`)");
        }
        self.types.add(Type::Any)
    }

    /// The type of an array item, tuple item or map value: `Nullable` when `null` is allowed.
    fn item(
        &mut self,
        schema: &ReferenceOr<Schema>,
        hint: &str,
        at: &str,
        diags: &mut Diagnostics,
    ) -> TypeId {
        let id = self.lower(schema, hint, at, diags);
        let nullable = match schema {
            ReferenceOr::Item(s) => s.schema_data.nullable,
            ReferenceOr::Reference { reference } => self.nullable_target(reference),
        };
        self.nullable_if(id, nullable)
    }

    /// Whether a reference's target allows `null`.
    fn nullable_target(&self, reference: &str) -> bool {
        self.resolve(reference)
            .is_some_and(|s| s.schema_data.nullable)
    }

    fn nullable_if(&mut self, id: TypeId, nullable: bool) -> TypeId {
        if nullable {
            self.types.add(Type::Nullable(id))
        } else {
            id
        }
    }

    /// What a property's schema asks beyond its type, reading through references.
    pub fn checks(
        &self,
        schema: &'a ReferenceOr<Box<Schema>>,
        at: &str,
        diags: &mut Diagnostics,
    ) -> Checks {
        super::checks::of(schema, &|r| self.resolve(r), at, diags)
    }

    /// What a parameter's schema asks beyond its type, reading through references.
    pub fn param_checks(
        &self,
        schema: &'a ReferenceOr<Schema>,
        at: &str,
        diags: &mut Diagnostics,
    ) -> Checks {
        super::checks::of_schema(schema, &|r| self.resolve(r), at, diags)
    }

    /// The component schema a local reference names, following references to references.
    fn resolve(&self, reference: &str) -> Option<&'a Schema> {
        super::refs::component(self.doc, "schemas", |c| &c.schemas, reference)
    }

    /// A schema that only wraps another one (`allOf` or `oneOf` of one schema, a common way
    /// to add a description to a reference) is that schema.
    fn alias_of<'v>(&self, view: &View<'v>) -> Option<&'v ReferenceOr<Schema>> {
        if view.has_properties() || view.enum_kind().is_some() {
            return None;
        }
        let lists = [view.all_of, view.one_of, view.any_of];
        let used: Vec<&[ReferenceOr<Schema>]> =
            lists.into_iter().filter(|l| !l.is_empty()).collect();
        match used.as_slice() {
            [only] if only.len() == 1 => only.first(),
            _ => None,
        }
    }

    fn inline(&mut self, schema: &Schema, hint: &str, at: &str, diags: &mut Diagnostics) -> TypeId {
        let view = View::of(schema);
        if let Some(target) = self.alias_of(&view) {
            let key = if !view.all_of.is_empty() {
                "allOf"
            } else if !view.one_of.is_empty() {
                "oneOf"
            } else {
                "anyOf"
            };
            return self.lower(target, hint, &format!("{at}/{key}/0"), diags);
        }
        let named = view.enum_kind().is_some()
            || view.has_properties()
            || !view.all_of.is_empty()
            || !view.one_of.is_empty()
            || !view.any_of.is_empty();
        if !named {
            let ty = self.plain_type(&view, hint, at, diags);
            return self.types.add(ty);
        }
        // Real specs repeat the same inline schema many times over (GitHub's has 6,500 inline
        // objects and enums, 2,000 of them distinct): one type serves every copy.
        let key = fingerprint(schema, self.facts.tuples_below(at));
        if let Some(&id) = key.as_ref().and_then(|k| self.inline_types.get(k)) {
            return id;
        }
        let name = self.names.claim(naming::type_name(hint));
        // Reserved before lowering, so that the schema's own parts can refer to it.
        let id = self.types.add(Type::Pending(name.clone()));
        if let Some(key) = key {
            self.inline_types.insert(key, id);
        }
        let ty = self.named_type(schema, &view, name, at, diags);
        self.types.set(id, ty);
        id
    }

    /// A struct, enum or union named `name`, or, for a schema that is none of them, the plain
    /// type.
    fn named_type(
        &mut self,
        schema: &Schema,
        view: &View<'_>,
        name: Ident,
        at: &str,
        diags: &mut Diagnostics,
    ) -> Type {
        let description = schema
            .schema_data
            .description
            .clone()
            .or_else(|| schema.schema_data.title.clone());
        if let Some(kind) = view.enum_kind() {
            return Type::Enum(enum_def(schema, view, kind, name, description));
        }
        if !view.all_of.is_empty() {
            if !view.one_of.is_empty() || !view.any_of.is_empty() {
                diags.warn("unsupported-schema", at, "allOf beside oneOf or anyOf is not generated; typed as any JSON value (serde_json::Value)", "");
                return Type::Any;
            }
            let mut merged = Merged::default();
            let mut seen = Vec::new();
            if !self.merge(schema, &mut merged, &mut seen) {
                diags.warn("unsupported-schema", at, "allOf of schemas that are not all objects is not generated; typed as any JSON value (serde_json::Value)", "");
                return Type::Any;
            }
            return Type::Struct(self.struct_def(
                name,
                description,
                &merged.properties,
                &merged.required,
                merged.additional.as_ref(),
                at,
                diags,
            ));
        }
        if !view.one_of.is_empty() || !view.any_of.is_empty() {
            return Type::Union(self.union_def(schema, view, name, description, at, diags));
        }
        if let Some(properties) = view.properties.filter(|p| !p.is_empty()) {
            let mut def = self.struct_def(
                name,
                description,
                properties,
                view.required,
                view.additional,
                at,
                diags,
            );
            // Only a schema's own `additionalProperties: false` closes it: in an `allOf`, a
            // closed part would refuse the other parts' properties.
            def.closed = matches!(view.additional, Some(AdditionalProperties::Any(false)));
            return Type::Struct(def);
        }
        // A named scalar, list or map keeps its name, as an alias of its type.
        let plain = self.plain_type(view, name.as_str(), at, diags);
        let target = self.types.add(plain);
        Type::Alias {
            name,
            target,
            description: None,
            deprecated: false,
        }
    }

    /// Collects the object parts of `schema` and what its `allOf` refers to. False when a part
    /// is not an object.
    fn merge(&self, schema: &Schema, out: &mut Merged, seen: &mut Vec<String>) -> bool {
        let view = View::of(schema);
        if !view.one_of.is_empty()
            || !view.any_of.is_empty()
            || view.not
            || view.enum_kind().is_some()
            || view.typ.is_some_and(|t| t != "object")
        {
            return false;
        }
        for part in view.all_of {
            let ok = match part {
                ReferenceOr::Reference { reference } => {
                    if seen.contains(reference) {
                        continue;
                    }
                    seen.push(reference.clone());
                    match self.resolve(reference) {
                        Some(target) => self.merge(target, out, seen),
                        None => false,
                    }
                }
                ReferenceOr::Item(part) => self.merge(part, out, seen),
            };
            if !ok {
                return false;
            }
        }
        if let Some(properties) = view.properties {
            for (key, value) in properties {
                out.properties
                    .entry(key.clone())
                    .or_insert_with(|| value.clone());
            }
        }
        for r in view.required {
            if !out.required.contains(r) {
                out.required.push(r.clone());
            }
        }
        if out.additional.is_none() {
            out.additional = view.additional.cloned();
        }
        true
    }

    /// Types the fields' defaults, and names the function serde fills each absent defaulted
    /// field with (`<type>_<field>`, one name per function of the `defaults` module): once
    /// every type is lowered.
    pub fn settle_defaults(&mut self) {
        let structs: HashMap<Ident, TypeId> = self
            .types
            .named()
            .filter_map(|(id, ty)| match ty {
                Type::Struct(def) => Some((def.name.clone(), id)),
                _ => None,
            })
            .collect();
        let mut functions = Namespace::new();
        for (name, index, value) in std::mem::take(&mut self.pending_defaults) {
            let Some(&id) = structs.get(&name) else {
                continue;
            };
            let Type::Struct(mut def) = self.types.get(id).clone() else {
                continue;
            };
            let Some(field) = def.fields.get_mut(index) else {
                continue;
            };
            let literal = self.types.literal(field.ty, &value);
            let defaulted = literal.is_some() && !field.required && !field.nullable;
            field.default_fn = defaulted.then(|| {
                let type_part = naming::snake(name.as_str(), "type");
                functions.claim(Ident::joined(&type_part, &field.name.rust))
            });
            field.default = Some(DefaultValue {
                shown: value.to_string(),
                literal,
            });
            self.types.set(id, Type::Struct(def));
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn struct_def(
        &mut self,
        name: Ident,
        description: Option<String>,
        properties: &Properties,
        required: &[String],
        additional: Option<&AdditionalProperties>,
        at: &str,
        diags: &mut Diagnostics,
    ) -> StructDef {
        // The map of the properties beyond the declared ones is named first: no property takes
        // its name, whether or not the struct has one.
        let mut field_names = Namespace::new();
        let additional_field = field_names.claim(naming::snake("additional_properties", "more"));
        let mut fields = Vec::new();
        for (prop, prop_schema) in properties {
            let prop_at = format!(
                "{at}{}",
                pointer::from_tokens(["properties", prop.as_str()])
            );
            let hint = format!("{name}{}", naming::camel(prop, "V", "Field"));
            let ty = self.lower_boxed(prop_schema, &hint, &prop_at, diags);
            let data = match prop_schema {
                ReferenceOr::Item(s) => Some(&s.schema_data),
                ReferenceOr::Reference { .. } => None,
            };
            let read_only = data.is_some_and(|d| d.read_only);
            let write_only = data.is_some_and(|d| d.write_only);
            let checks = self.checks(prop_schema, &prop_at, diags);
            if let Some(default) = data
                .and_then(|d| d.default.clone())
                .filter(|d| d.is_string() || d.is_number() || d.is_boolean())
            {
                self.pending_defaults
                    .push((name.clone(), fields.len(), default));
            }
            let rust = field_names.claim(naming::snake(prop, "field"));
            fields.push(Field {
                local: rust.clone(),
                name: Name {
                    wire: prop.clone(),
                    rust,
                },
                ty,
                // A read-only field is absent from requests, a write-only one from responses:
                // neither can be required of both.
                required: required.contains(prop) && !read_only && !write_only,
                // A reference to a nullable schema makes the field nullable too.
                nullable: match prop_schema {
                    ReferenceOr::Item(s) => s.schema_data.nullable,
                    ReferenceOr::Reference { reference } => self.nullable_target(reference),
                },
                description: data.and_then(|d| d.description.clone()),
                boxed: false,
                default: None,
                default_fn: None,
                read_only,
                write_only,
                deprecated: data.is_some_and(|d| d.deprecated),
                example: data.and_then(|d| d.example.clone()),
                checks,
            });
        }
        let additional = match additional {
            Some(AdditionalProperties::Any(true)) => Some(self.types.add(Type::Any)),
            Some(AdditionalProperties::Schema(s)) => Some(self.lower(
                s,
                &format!("{name}Value"),
                &pointer::push(at, "additionalProperties"),
                diags,
            )),
            Some(AdditionalProperties::Any(false)) | None => None,
        };
        let reader = reader_locals(&mut fields);
        StructDef {
            name,
            description,
            deprecated: false,
            fields,
            additional_field,
            reader,
            additional,
            multipart: false,
            closed: false,
        }
    }

    fn union_def(
        &mut self,
        schema: &Schema,
        view: &View<'_>,
        name: Ident,
        description: Option<String>,
        at: &str,
        diags: &mut Diagnostics,
    ) -> UnionDef {
        let (list, key) = if view.one_of.is_empty() {
            (view.any_of, "anyOf")
        } else {
            (view.one_of, "oneOf")
        };
        if view.has_properties() {
            diags.warn(
                "properties-beside-union",
                at,
                format!("properties beside {key} are not generated; only the {key} is"),
                format!("move the shared properties into each {key} schema (with allOf)"),
            );
        }
        let discriminator = schema.schema_data.discriminator.as_ref();
        let mut names = Namespace::new();
        let mut variants = Vec::new();
        for (i, sub) in list.iter().enumerate() {
            let sub_at = format!("{at}/{key}/{i}");
            let (ty, tag) = match sub {
                ReferenceOr::Reference { reference } => {
                    let ty = self.reference(reference, &sub_at, diags);
                    // The mapping names a variant by reference or by schema name; without
                    // one, the tag is the schema's name.
                    let key = pointer::component_key(reference, "schemas");
                    let tag = discriminator.map(|d| {
                        d.mapping
                            .iter()
                            .find(|(_, target)| {
                                let named = pointer::component_key(target, "schemas")
                                    .unwrap_or_else(|| (*target).clone());
                                key.as_ref() == Some(&named)
                            })
                            .map(|(value, _)| value.clone())
                            .or_else(|| key.clone())
                            .unwrap_or_default()
                    });
                    (ty, tag)
                }
                ReferenceOr::Item(s) => {
                    let hint = match &s.schema_data.title {
                        Some(title) => format!("{name}{}", naming::camel(title, "V", "")),
                        None => format!("{name}Variant{}", i + 1),
                    };
                    (self.inline(s, &hint, &sub_at, diags), None)
                }
            };
            // An inline type is named after the union; its variant needs only the rest.
            let wanted = variant_name(&self.types, ty);
            let wanted = match wanted.as_str().strip_prefix(name.as_str()) {
                Some(rest)
                    if matches!(sub, ReferenceOr::Item(_))
                        && rest.starts_with(|c: char| c.is_ascii_uppercase()) =>
                {
                    naming::camel(rest, "V", "Variant")
                }
                _ => wanted,
            };
            variants.push(UnionVariant {
                name: names.claim(wanted),
                ty,
                tag,
                boxed: false,
            });
        }
        let tagged = variants.iter().all(|v| v.tag.is_some());
        if discriminator.is_some() && !tagged {
            diags.warn("inline-discriminator", at, "the discriminator cannot name inline schemas; the variants are told apart by trying each in turn", "refer to each variant by $ref");
        }
        if !tagged {
            for v in &mut variants {
                v.tag = None;
            }
        }
        UnionDef {
            name,
            description,
            deprecated: false,
            discriminator: discriminator
                .filter(|_| tagged)
                .map(|d| d.property_name.clone()),
            variants,
        }
    }

    fn plain_type(
        &mut self,
        view: &View<'_>,
        hint: &str,
        at: &str,
        diags: &mut Diagnostics,
    ) -> Type {
        let format = view.format.as_deref();
        if let Some(ty) = format.and_then(|f| self.config.formats.get(f)) {
            return Type::External(ty.clone());
        }
        match view.typ {
            Some("string") => match format {
                Some("date-time") => Type::DateTime,
                Some("date") => Type::Date,
                Some("uuid") => Type::Uuid,
                Some("byte") => Type::Base64,
                Some("binary") => Type::Binary,
                _ => Type::String,
            },
            Some("boolean") => Type::Bool,
            Some("integer") => Type::Integer(match format {
                Some("int32") => IntKind::I32,
                _ => IntKind::I64,
            }),
            Some("number") => Type::Number(match format {
                Some("float") => NumberKind::F32,
                _ => NumberKind::F64,
            }),
            Some("array") => self.array(view, hint, at, diags),
            Some("object") => self.map(view, hint, at, diags),
            None if view.items.is_some() || self.facts.tuples.contains_key(at) => {
                self.array(view, hint, at, diags)
            }
            None if view.additional.is_some() => self.map(view, hint, at, diags),
            None if view.not => {
                diags.warn(
                    "unsupported-schema",
                    at,
                    "`not` is not generated; typed as any JSON value (serde_json::Value)",
                    "",
                );
                Type::Any
            }
            None => Type::Any,
            Some(other) => {
                diags.warn(
                    "unknown-type",
                    at,
                    format!("unknown type `{other}`; typed as any JSON value (serde_json::Value)"),
                    "use string, number, integer, boolean, array or object",
                );
                Type::Any
            }
        }
    }

    fn array(&mut self, view: &View<'_>, hint: &str, at: &str, diags: &mut Diagnostics) -> Type {
        if let Some(tuple) = self.facts.tuples.get(at) {
            let mut items = Vec::new();
            for (i, item) in tuple.items.iter().enumerate() {
                let item_at = format!("{at}/{}/{i}", tuple.key);
                let id = match serde_json::from_value::<ReferenceOr<Schema>>(item.clone()) {
                    Ok(schema) => self.item(&schema, &format!("{hint}{}", i + 1), &item_at, diags),
                    Err(e) => {
                        diags.warn(
                            "invalid-tuple",
                            &item_at,
                            format!(
                                "this tuple item is not a schema ({e}); typed as any JSON value"
                            ),
                            "",
                        );
                        self.types.add(Type::Any)
                    }
                };
                items.push(id);
            }
            return Type::Tuple(items);
        }
        let item = match view.items {
            Some(items) => {
                let id = self.lower_boxed(
                    items,
                    &format!("{hint}Item"),
                    &pointer::push(at, "items"),
                    diags,
                );
                let nullable = match items {
                    ReferenceOr::Item(s) => s.schema_data.nullable,
                    ReferenceOr::Reference { reference } => self.nullable_target(reference),
                };
                self.nullable_if(id, nullable)
            }
            None => self.types.add(Type::Any),
        };
        Type::Array(item)
    }

    fn map(&mut self, view: &View<'_>, hint: &str, at: &str, diags: &mut Diagnostics) -> Type {
        match view.additional {
            Some(AdditionalProperties::Schema(s)) => {
                let value = self.item(
                    s,
                    &format!("{hint}Value"),
                    &pointer::push(at, "additionalProperties"),
                    diags,
                );
                Type::Map(value)
            }
            _ => Type::Map(self.types.add(Type::Any)),
        }
    }
}

fn enum_def(
    schema: &Schema,
    view: &View<'_>,
    kind: EnumKind,
    name: Ident,
    description: Option<String>,
) -> EnumDef {
    let mut names = Namespace::new();
    let mut variants: Vec<Variant> = Vec::new();
    for value in &view.values {
        let value = match (kind, value) {
            (EnumKind::String, serde_json::Value::String(s)) => EnumValue::Str(s.clone()),
            (EnumKind::Integer, v) => match v.as_i64() {
                Some(n) => EnumValue::Int(n),
                None => continue,
            },
            _ => continue,
        };
        if variants.iter().any(|v| v.value == value) {
            continue;
        }
        let wanted = match &value {
            // Signs carry meaning (`+1` next to `1`), so they are spelled out.
            EnumValue::Str(s) if s.starts_with('+') => {
                naming::camel(&format!("Plus{}", &s[1..]), "V", "Empty")
            }
            EnumValue::Str(s) if s.starts_with('-') && s.len() > 1 => {
                naming::camel(&format!("Minus{}", &s[1..]), "V", "Empty")
            }
            EnumValue::Str(s) => naming::camel(s, "V", "Empty"),
            EnumValue::Int(n) if *n < 0 => {
                naming::camel(&format!("Minus{}", n.unsigned_abs()), "V", "Empty")
            }
            EnumValue::Int(n) => naming::camel(&format!("V{n}"), "V", "Empty"),
        };
        variants.push(Variant {
            rust: names.claim(wanted),
            value,
        });
    }
    let default = schema.schema_data.default.as_ref().and_then(|d| {
        variants.iter().position(|v| match &v.value {
            EnumValue::Str(s) => d.as_str() == Some(s),
            EnumValue::Int(n) => d.as_i64() == Some(*n),
        })
    });
    EnumDef {
        name,
        description,
        deprecated: false,
        integer: kind == EnumKind::Integer,
        variants,
        other: names.claim(naming::camel("Other", "V", "Other")),
        default,
    }
}

/// A union variant's name: its type's name, or what kind of value it is.
fn variant_name(types: &TypeSpace, id: TypeId) -> Ident {
    let word = match types.get(id) {
        Type::Struct(d) => return d.name.clone(),
        Type::Enum(d) => return d.name.clone(),
        Type::Union(d) => return d.name.clone(),
        Type::Alias { name, .. } | Type::Pending(name) => return name.clone(),
        Type::Any => "Value",
        Type::Bool => "Boolean",
        Type::Integer(_) => "Integer",
        Type::Number(_) => "Number",
        Type::String => "String",
        Type::DateTime => "DateTime",
        Type::Date => "Date",
        Type::Uuid => "Uuid",
        Type::Base64 => "Bytes",
        Type::Binary => "Binary",
        Type::Array(_) => "Array",
        Type::Tuple(_) => "Tuple",
        Type::Nullable(_) => "Nullable",
        Type::Map(_) => "Map",
        // The last segment of the path, without generic arguments.
        Type::External(path) => {
            let base = path.split('<').next().unwrap_or(path);
            return naming::camel(base.rsplit("::").next().unwrap_or(base), "V", "Value");
        }
    };
    naming::camel(word, "V", "Value")
}

/// A named type with its schema's deprecation, and (for an alias) its description.
fn described(mut ty: Type, schema: &Schema) -> Type {
    let data = &schema.schema_data;
    match &mut ty {
        Type::Struct(def) => def.deprecated = data.deprecated,
        Type::Enum(def) => def.deprecated = data.deprecated,
        Type::Union(def) => def.deprecated = data.deprecated,
        Type::Alias {
            description,
            deprecated,
            ..
        } => {
            *deprecated = data.deprecated;
            *description = data.description.clone().or_else(|| data.title.clone());
        }
        _ => {}
    }
    ty
}

/// Aliases that lead back to themselves stand for any JSON value; a named list or map that
/// holds itself (`Registry: {additionalProperties: {$ref: Registry}}`), which a Rust alias
/// cannot say, holds any JSON value where it would hold itself.
fn break_alias_cycles(types: &mut TypeSpace, ids: impl Iterator<Item = TypeId>) {
    let ids: Vec<TypeId> = ids.collect();
    for &id in &ids {
        let mut at = id;
        let mut steps = 0;
        while let Type::Alias { target, .. } = types.get(at) {
            at = *target;
            steps += 1;
            if at == id || steps > MAX_REF_DEPTH {
                types.set(id, Type::Any);
                break;
            }
        }
    }
    for &id in &ids {
        if let Type::Alias { target, .. } = *types.get(id) {
            unnest_self(types, target, id, &mut Vec::new());
        }
    }
}

/// Replaces, within the lists, maps and aliases `at` is made of, each place that holds `me`
/// by any JSON value. Structs, enums and unions are named Rust types: a cycle through one is
/// no alias cycle, and the walk stops there.
fn unnest_self(types: &mut TypeSpace, at: TypeId, me: TypeId, seen: &mut Vec<TypeId>) {
    if seen.contains(&at) || seen.len() > MAX_REF_DEPTH {
        return;
    }
    seen.push(at);
    let held: Vec<TypeId> = match types.get(at) {
        Type::Array(t) | Type::Map(t) | Type::Nullable(t) | Type::Alias { target: t, .. } => {
            vec![*t]
        }
        Type::Tuple(items) => items.clone(),
        _ => return,
    };
    for (place, inner) in held.into_iter().enumerate() {
        if inner != me {
            unnest_self(types, inner, me, seen);
            continue;
        }
        let any = types.add(Type::Any);
        match types.get_mut(at) {
            Some(
                Type::Array(t) | Type::Map(t) | Type::Nullable(t) | Type::Alias { target: t, .. },
            ) => *t = any,
            Some(Type::Tuple(items)) => {
                if let Some(t) = items.get_mut(place) {
                    *t = any;
                }
            }
            _ => {}
        }
    }
}

/// The locals a struct's deserializer reads into: each field's is its own name, unless clippy
/// refuses that as a binding (a name of only underscores and digits, which Rust accepts as a
/// field; a placeholder name), and its own locals take names no field's local has.
fn reader_locals(fields: &mut [Field]) -> Reader {
    let names: Vec<&str> = fields.iter().map(|f| f.name.rust.as_str()).collect();
    let mut locals = Namespace::with_reserved(&names);
    for f in fields.iter_mut() {
        let name = f.name.rust.as_str();
        if name.bytes().all(|b| b == b'_' || b.is_ascii_digit()) {
            f.local = locals.claim_with_underscores(Ident::value_of(&f.name.rust));
        } else if naming::PLACEHOLDER_NAMES.contains(&name) {
            f.local = locals.claim_binding(&f.name.rust);
        }
    }
    Reader {
        entries: locals.claim_with_underscores(naming::snake("entries", "entries")),
        key: locals.claim_with_underscores(naming::snake("key", "key")),
    }
}

/// A schema's identity for sharing: its length and two independent hashes of its JSON form
/// with the tuples in it (which the 3.0 model leaves out of the schema).
type Fingerprint = (usize, u64, u64);

fn fingerprint<'f>(
    schema: &Schema,
    tuples: impl Iterator<Item = (&'f str, &'f Tuple)>,
) -> Option<Fingerprint> {
    let mut json = serde_json::to_string(schema).ok()?;
    for (place, tuple) in tuples {
        json.push_str(place);
        json.push_str(tuple.key);
        json.push_str(&serde_json::to_string(&tuple.items).ok()?);
    }
    // `DefaultHasher::new()` uses fixed keys: the same on every run and machine.
    let hash = |salt: &str| {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        salt.hash(&mut h);
        json.hash(&mut h);
        h.finish()
    };
    Some((json.len(), hash("a"), hash("b")))
}
