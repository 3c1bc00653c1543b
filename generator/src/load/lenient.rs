//! Leniency for what real vendor documents do that the specification forbids or the 3.0 model
//! cannot hold, on the converted document (OpenAPI 3 layout). Each rule is reported as a
//! warning at the place it applies:
//!
//! - `null` where an object, list or text is expected (`parameters: null`, `security: null`)
//!   is read as absent; a `null` schema in a name map (`properties: {a: null}`) as any value.
//! - A boolean schema (JSON Schema's `true` and `false`) is `{}` (any value) or a schema no
//!   value fits; a property whose schema is `false` is left out (it is never sent), and so is
//!   a `false` alternative of `oneOf`/`anyOf`. (`additionalProperties` and `items` keep their
//!   own meaning of booleans.)
//! - `required: true` inside a property's schema (the draft-3 style) makes the property
//!   required by its parent object; any other `required` that is not a list is dropped.
//! - A `$ref` to a component of another kind (a request body where a response is expected, a
//!   parameter where a schema is) is read as a copy of its target when the target's shape can
//!   be read as the kind expected; otherwise that piece is left out. A callback given as a
//!   `$ref` is a copy of its target.
//! - An `example` or `default` whose JSON type disagrees with its schema's `type` (or an
//!   integer that does not fit its format) is left out of the docs and defaults.
//! - A size keyword (`minLength`, `maxItems`, ...) that is not a non-negative integer, and an
//!   integer bound beyond what the schema's Rust integer type can hold, are dropped: they say
//!   nothing the type does not.
//! - Required fields the model cannot do without get a neutral value: an operation without
//!   `responses` documents none (lowering says what that means), a response without a
//!   `description` has an empty one, `info` and its `title` and `version` are text (`version:
//!   1.0` is `"1.0"`), and a document without `paths` has none.
//!
//! The walk reads the document and records edits, which are applied afterwards, last first,
//! so that every recorded pointer (and every warning) names the document as it was read.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

use super::roles::{Child, Layout, Role};
use crate::diag::Diagnostics;
use crate::pointer;

/// Keys whose `null` is a value (data), not a missing object.
const DATA_KEYS: &[&str] = &["default", "example", "const", "value"];

/// Schema keywords that must be non-negative integers.
const SIZES: &[&str] = &[
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "minProperties",
    "maxProperties",
];

/// How many references to references are followed before giving up.
const MAX_CHAIN: usize = 16;

enum Edit {
    Remove(String),
    Replace(String, Value),
    /// Sets a key of the object at the pointer.
    Insert(String, String, Value),
    /// Adds a name to the `required` list of the schema at the pointer.
    Require(String, String),
    /// Takes a name out of the `required` list of the schema at the pointer.
    Unrequire(String, String),
}

/// A place in the document, built on the stack as the walk descends and spelled out as a
/// pointer only where something is reported or changed.
#[derive(Clone, Copy)]
enum Here<'p> {
    Root,
    Key(&'p Here<'p>, &'p str),
    Index(&'p Here<'p>, usize),
}

impl<'p> Here<'p> {
    fn key(&'p self, key: &'p str) -> Here<'p> {
        Here::Key(self, key)
    }

    fn pointer(&self) -> String {
        match self {
            Here::Root => String::new(),
            Here::Key(parent, key) => pointer::push(&parent.pointer(), key),
            Here::Index(parent, i) => format!("{}/{i}", parent.pointer()),
        }
    }

    /// Whether this is a property's schema (`.../properties/<name>`).
    fn is_property(&self) -> bool {
        matches!(self, Here::Key(Here::Key(_, "properties"), _))
    }
}

struct Walk<'d, 'g> {
    root: &'d Value,
    edits: Vec<Edit>,
    diags: &'g mut Diagnostics,
}

pub fn apply(document: &mut Value, diags: &mut Diagnostics) {
    let edits = {
        let mut w = Walk {
            root: document,
            edits: Vec::new(),
            diags,
        };
        w.object(document, Role::Document, &Here::Root);
        w.edits
    };
    for edit in edits.into_iter().rev() {
        match edit {
            Edit::Remove(at) => {
                super::remove_at(document, &at);
            }
            Edit::Replace(at, value) => {
                if let Some(node) = document.pointer_mut(&at) {
                    *node = value;
                }
            }
            Edit::Insert(at, key, value) => {
                if let Some(Value::Object(map)) = document.pointer_mut(&at) {
                    map.insert(key, value);
                }
            }
            Edit::Require(at, name) => {
                if let Some(Value::Object(schema)) = document.pointer_mut(&at) {
                    let required = schema.entry("required").or_insert_with(|| json!([]));
                    if let Value::Array(list) = required {
                        if !list.iter().any(|n| n.as_str() == Some(&name)) {
                            list.push(Value::String(name));
                        }
                    }
                }
            }
            Edit::Unrequire(at, name) => {
                if let Some(Value::Array(list)) = document.pointer_mut(&format!("{at}/required")) {
                    list.retain(|n| n.as_str() != Some(&name));
                }
            }
        }
    }
}

impl Walk<'_, '_> {
    fn object(&mut self, value: &Value, role: Role, at: &Here<'_>) {
        let Value::Object(map) = value else {
            return;
        };
        if let Some(Value::String(reference)) = map.get("$ref") {
            self.reference(reference, role, at);
            return;
        }
        match role {
            Role::Schema => self.schema(map, at),
            Role::Document => self.document(map),
            Role::Operation if !map.contains_key("responses") => {
                self.edits.push(Edit::Insert(
                    at.pointer(),
                    "responses".to_owned(),
                    json!({}),
                ));
            }
            Role::Response if !map.get("description").is_some_and(Value::is_string) => {
                self.diags.warn(
                    "missing-description",
                    &at.pointer(),
                    "the response has no description, which is required; an empty one is used",
                    "add `description:`",
                );
                self.edits.push(Edit::Insert(
                    at.pointer(),
                    "description".to_owned(),
                    json!(""),
                ));
            }
            _ => {}
        }
        for (key, child) in map {
            let expected = Layout::OpenApi3.child(role, key);
            if expected == Child::Opaque && !child.is_null() {
                continue;
            }
            let child_at = at.key(key);
            if child.is_null() {
                let data = key.starts_with("x-") || DATA_KEYS.contains(&key.as_str());
                // A response's missing description has a rule of its own.
                let described = role == Role::Response && key == "description";
                if (expected != Child::Opaque || !data) && !described {
                    self.absent(&child_at.pointer(), key);
                }
                continue;
            }
            match expected {
                Child::One(Role::Schema) if child.is_boolean() => {
                    // `additionalProperties` reads booleans itself.
                    if key != "additionalProperties" {
                        self.boolean_schema(child, &child_at);
                    }
                }
                Child::One(r) => self.object(child, r, &child_at),
                Child::OneOrList => match child {
                    Value::Array(items) => self.list(items, Role::Schema, &child_at, key),
                    // `items: true/false` is the repairs' (a tuple's rest).
                    Value::Bool(_) => {}
                    _ => self.object(child, Role::Schema, &child_at),
                },
                Child::List(r) => {
                    if let Value::Array(items) = child {
                        self.list(items, r, &child_at, key);
                    }
                }
                Child::Map(r) => {
                    if let Value::Object(entries) = child {
                        for (name, item) in entries {
                            let item_at = child_at.key(name);
                            let property = key == "properties" && role == Role::Schema;
                            self.entry(item, r, &item_at, property.then_some((at, name)));
                        }
                    }
                }
                Child::Discriminator | Child::Opaque => {}
            }
        }
    }

    fn list(&mut self, items: &[Value], role: Role, at: &Here<'_>, key: &str) {
        for (i, item) in items.iter().enumerate() {
            let item_at = Here::Index(at, i);
            match item {
                Value::Null => {
                    let item_at = item_at.pointer();
                    self.diags.warn(
                        "null-value",
                        &item_at,
                        format!("a null item of `{key}` is read as absent"),
                        "remove the item",
                    );
                    self.edits.push(Edit::Remove(item_at));
                }
                Value::Bool(b) if role == Role::Schema => {
                    let alternative = matches!(key, "oneOf" | "anyOf");
                    if !*b && alternative {
                        let item_at = item_at.pointer();
                        self.diags.warn(
                            "false-schema",
                            &item_at,
                            format!("the boolean schema `false` in `{key}` fits no value; the alternative is left out"),
                            "remove it",
                        );
                        self.edits.push(Edit::Remove(item_at));
                    } else {
                        self.boolean_schema(item, &item_at);
                    }
                }
                _ => self.object(item, role, &item_at),
            }
        }
    }

    /// An entry of a name map; `property` is the object's place and the property's name, when
    /// the entry is a property.
    fn entry(
        &mut self,
        item: &Value,
        role: Role,
        at: &Here<'_>,
        property: Option<(&Here<'_>, &str)>,
    ) {
        match item {
            Value::Null if role == Role::Schema => {
                let at = at.pointer();
                self.diags.warn(
                    "null-value",
                    &at,
                    "a null schema is read as `{}`, any value",
                    "give it a schema, or `{}`",
                );
                self.edits.push(Edit::Replace(at, json!({})));
            }
            Value::Null => {
                let at = at.pointer();
                self.diags.warn(
                    "null-value",
                    &at,
                    format!("a null {} is read as absent", role.noun()),
                    "remove the entry, or give it a value",
                );
                self.edits.push(Edit::Remove(at));
            }
            Value::Bool(false) if property.is_some() => {
                let (parent_at, name) = property.unwrap_or((&Here::Root, ""));
                let at = at.pointer();
                self.diags.warn(
                    "false-schema",
                    &at,
                    format!("the property `{name}` has the schema `false`, which no value fits; it is left out (it is never sent)"),
                    "remove the property",
                );
                self.edits.push(Edit::Remove(at));
                self.edits
                    .push(Edit::Unrequire(parent_at.pointer(), name.to_owned()));
            }
            Value::Bool(_) if role == Role::Schema => self.boolean_schema(item, at),
            _ => self.object(item, role, at),
        }
    }

    fn absent(&mut self, at: &str, key: &str) {
        self.diags.warn(
            "null-value",
            at,
            format!("`{key}` is null; it is read as absent"),
            format!("remove `{key}`, or give it a value"),
        );
        self.edits.push(Edit::Remove(at.to_owned()));
    }

    /// `true` as `{}`; `false` as a schema no value fits.
    fn boolean_schema(&mut self, value: &Value, at: &Here<'_>) {
        let at = at.pointer();
        let (replacement, what) = if value.as_bool() == Some(true) {
            (json!({}), "`{}`, any value")
        } else {
            (json!({ "not": {} }), "`{not: {}}`, which no value fits")
        };
        self.diags.warn(
            "boolean-schema",
            &at,
            format!("the boolean schema `{value}` is read as {what}"),
            "write the schema as an object",
        );
        self.edits.push(Edit::Replace(at, replacement));
    }

    /// `info` and `paths`, which the model requires.
    fn document(&mut self, map: &Map<String, Value>) {
        match map.get("info") {
            Some(Value::Object(info)) => {
                for key in ["title", "version"] {
                    let text = match info.get(key) {
                        Some(Value::String(_)) => continue,
                        Some(Value::Number(n)) => n.to_string(),
                        Some(Value::Bool(b)) => b.to_string(),
                        _ => String::new(),
                    };
                    let key_at = pointer::push("/info", key);
                    self.diags.warn(
                        "info-not-text",
                        &key_at,
                        format!("`info.{key}` is not text; it is read as \"{text}\""),
                        format!("quote it: {key}: \"{text}\""),
                    );
                    self.edits.push(Edit::Insert(
                        "/info".to_owned(),
                        key.to_owned(),
                        json!(text),
                    ));
                }
            }
            _ => {
                self.diags.warn(
                    "missing-info",
                    "/info",
                    "the document has no `info` object; an empty title and version are used",
                    "add `info: {title: ..., version: ...}`",
                );
                self.edits.push(Edit::Insert(
                    String::new(),
                    "info".to_owned(),
                    json!({"title": "", "version": ""}),
                ));
            }
        }
        if !map.contains_key("paths") {
            self.diags.warn(
                "missing-paths",
                "/paths",
                "the document has no `paths`; it declares no operation",
                "add `paths:`",
            );
            self.edits
                .push(Edit::Insert(String::new(), "paths".to_owned(), json!({})));
        }
    }

    /// The rules that read a schema's own keywords.
    fn schema(&mut self, map: &Map<String, Value>, at: &Here<'_>) {
        if let Some(Value::Object(properties)) = map.get("properties") {
            for (name, property) in properties {
                let Some(required) = property.get("required").and_then(Value::as_bool) else {
                    continue;
                };
                let required_at = at.key("properties").key(name).key("required").pointer();
                let rule = if required {
                    self.edits.push(Edit::Require(at.pointer(), name.clone()));
                    "the property is required by its object"
                } else {
                    "the property stays optional"
                };
                self.diags.warn(
                    "draft3-required",
                    &required_at,
                    format!("`required: {required}` inside a property's schema is the draft-3 style; {rule}"),
                    format!("list `{name}` in the object's `required` instead"),
                );
                self.edits.push(Edit::Remove(required_at));
            }
        }
        // A boolean here that a parent did not read (a schema that is not a property).
        if let Some(required) = map
            .get("required")
            .filter(|r| !r.is_array() && !r.is_null())
        {
            if !(required.is_boolean() && at.is_property()) {
                let required_at = at.key("required").pointer();
                self.diags.warn(
                    "invalid-required",
                    &required_at,
                    format!(
                        "`required` is {required}, not a list of property names; it is dropped"
                    ),
                    "list the required properties: `required: [name, ...]`",
                );
                self.edits.push(Edit::Remove(required_at));
            }
        }
        for key in SIZES {
            let Some(v) = map.get(*key).filter(|v| !v.is_null()) else {
                continue;
            };
            if v.as_u64().is_none() {
                let size_at = at.key(key).pointer();
                self.diags.warn(
                    "invalid-size",
                    &size_at,
                    format!("`{key}` is {v}, not a non-negative integer of 64 bits; the constraint is dropped"),
                    format!("give `{key}` a whole number"),
                );
                self.edits.push(Edit::Remove(size_at));
            }
        }
        let types = schema_types(map);
        if types == ["integer"] {
            let (low, high) = integer_range(map);
            for key in ["minimum", "maximum"] {
                let Some(bound) = map.get(key) else {
                    continue;
                };
                let Some(n) = bound.as_f64() else {
                    continue;
                };
                if n < low || n > high {
                    let bound_at = at.key(key).pointer();
                    self.diags.warn(
                        "bound-out-of-range",
                        &bound_at,
                        format!("`{key}: {bound}` is beyond what the integer type can hold; the constraint is dropped"),
                        "",
                    );
                    self.edits.push(Edit::Remove(bound_at));
                }
            }
        }
        if !types.is_empty() {
            for key in ["default", "example"] {
                let Some(v) = map.get(key).filter(|v| !v.is_null()) else {
                    continue;
                };
                if let Some(why) = disagreement(&types, map, v) {
                    let value_at = at.key(key).pointer();
                    self.diags.warn(
                        "value-type-mismatch",
                        &value_at,
                        format!("the {key} {} {why}; it is left out", short(v)),
                        format!(
                            "give {} of the schema's type",
                            if key == "example" {
                                "an example"
                            } else {
                                "a default"
                            }
                        ),
                    );
                    self.edits.push(Edit::Remove(value_at));
                }
            }
        }
    }

    /// A `$ref` where an object of `role` is expected: references of another kind are read as
    /// a copy of their target, or left out.
    fn reference(&mut self, reference: &str, role: Role, here: &Here<'_>) {
        let Some(tokens) = pointer::from_local_ref(reference).and_then(|p| pointer::tokens(&p))
        else {
            return;
        };
        let target_role = Layout::OpenApi3.role_of_component(&tokens);
        let wrong_kind = matches!(target_role, Some(t) if t != role) && tokens.len() == 3;
        if !(wrong_kind || role == Role::Callback) {
            return;
        }
        let at = here.pointer();
        let at = at.as_str();
        let Some(target) = self.follow(reference) else {
            if role == Role::Callback {
                self.diags.warn(
                    "unresolved-callback",
                    at,
                    format!("the callback reference {reference} points to nothing; the callback is left out"),
                    "define it under components/callbacks, or fix the name",
                );
                self.edits.push(Edit::Remove(at.to_owned()));
            }
            return;
        };
        let kind = target_role.map_or("object", Role::noun);
        match shaped(role, target) {
            Some(copy) => {
                let message = if role == Role::Callback {
                    format!(
                        "a callback given as a reference ({reference}) is read as a copy of its target"
                    )
                } else {
                    format!(
                        "the reference {reference} names a {kind} where a {} is expected; a copy of it read as a {} is used",
                        role.noun(),
                        role.noun()
                    )
                };
                self.diags.warn(
                    "ref-wrong-kind",
                    at,
                    message,
                    format!(
                        "refer to a {} (components/{})",
                        role.noun(),
                        section_name(role)
                    ),
                );
                self.edits.push(Edit::Replace(at.to_owned(), copy));
            }
            None => {
                self.diags.warn(
                    "ref-wrong-kind",
                    at,
                    format!("the reference {reference} names a {kind}, which cannot be read as the {} expected here; it is left out", role.noun()),
                    format!("refer to a {} (components/{})", role.noun(), section_name(role)),
                );
                self.edits.push(Edit::Remove(at.to_owned()));
            }
        }
    }

    /// The target of a local reference, following references to references.
    fn follow(&self, reference: &str) -> Option<&Value> {
        let mut reference = reference.to_owned();
        for _ in 0..MAX_CHAIN {
            let target = self.root.pointer(&pointer::from_local_ref(&reference)?)?;
            match target.get("$ref").and_then(Value::as_str) {
                Some(next) => reference = next.to_owned(),
                None => return Some(target),
            }
        }
        None
    }
}

fn section_name(role: Role) -> &'static str {
    Layout::OpenApi3
        .section(role)
        .and_then(|s| s.last().copied())
        .unwrap_or("")
}

/// `target` read as an object of `role`, if its shape allows.
fn shaped(role: Role, target: &Value) -> Option<Value> {
    let Value::Object(t) = target else {
        return None;
    };
    let pick = |keys: &[&str]| -> Value {
        Value::Object(
            t.iter()
                .filter(|(k, _)| keys.contains(&k.as_str()) || k.starts_with("x-"))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        )
    };
    let copy = match role {
        // A parameter's or header's schema, or a body's first media type's.
        Role::Schema => t.get("schema").cloned().or_else(|| {
            t.get("content")?
                .as_object()?
                .values()
                .next()?
                .get("schema")
                .cloned()
        })?,
        Role::RequestBody => pick(&["description", "content", "required"]),
        Role::Response => {
            let mut r = pick(&["description", "headers", "content", "links"]);
            if let Value::Object(r) = &mut r {
                r.entry("description").or_insert_with(|| json!(""));
            }
            r
        }
        Role::Header => pick(&[
            "description",
            "required",
            "deprecated",
            "style",
            "explode",
            "schema",
            "example",
            "examples",
            "content",
        ]),
        _ => target.clone(),
    };
    let readable = match role {
        Role::Schema => reads::<openapiv3::ReferenceOr<openapiv3::Schema>>(&copy),
        Role::Parameter => reads::<openapiv3::Parameter>(&copy),
        Role::RequestBody => reads::<openapiv3::RequestBody>(&copy),
        Role::Response => reads::<openapiv3::Response>(&copy),
        Role::Header => reads::<openapiv3::Header>(&copy),
        Role::Example => reads::<openapiv3::Example>(&copy),
        Role::Link => reads::<openapiv3::Link>(&copy),
        Role::SecurityScheme => reads::<openapiv3::SecurityScheme>(&copy),
        Role::Callback => reads::<openapiv3::Callback>(&copy),
        _ => false,
    };
    readable.then_some(copy)
}

fn reads<T: DeserializeOwned>(value: &Value) -> bool {
    T::deserialize(value).is_ok()
}

/// The schema's `type`, as a list of names (empty when it has none).
fn schema_types(map: &Map<String, Value>) -> Vec<&str> {
    match map.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(list)) => list.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// What an integer schema's Rust type can hold, by its format.
fn integer_range(map: &Map<String, Value>) -> (f64, f64) {
    match map.get("format").and_then(Value::as_str) {
        Some("int32") => (f64::from(i32::MIN), f64::from(i32::MAX)),
        _ => (i64::MIN as f64, i64::MAX as f64),
    }
}

/// Why a value does not fit a schema of the listed types, if it does not.
fn disagreement(types: &[&str], map: &Map<String, Value>, v: &Value) -> Option<String> {
    let fits = |t: &str| match t {
        "string" => v.is_string(),
        "number" => v.is_number(),
        "integer" => v.is_i64() || v.is_u64() || v.as_f64().is_some_and(|f| f.fract() == 0.0),
        "boolean" => v.is_boolean(),
        "array" => v.is_array(),
        "object" => v.is_object(),
        "null" => v.is_null(),
        // A type this rule does not know says nothing against the value.
        _ => true,
    };
    if !types.iter().any(|t| fits(t)) {
        return Some(format!(
            "is not of the schema's type ({})",
            types.join(", ")
        ));
    }
    if types == ["integer"] {
        let (low, high) = integer_range(map);
        let whole = v.as_i64().map(|n| n as f64).or_else(|| v.as_f64());
        if v.as_u64().is_some_and(|n| n > i64::MAX as u64)
            || whole.is_some_and(|n| n < low || n > high)
        {
            return Some("does not fit the schema's integer type".to_owned());
        }
    }
    None
}

/// A value as shown in a message: short values whole, long ones cut.
fn short(v: &Value) -> String {
    let text = v.to_string();
    if text.chars().count() <= 40 {
        text
    } else {
        format!("{}...", text.chars().take(37).collect::<String>())
    }
}
