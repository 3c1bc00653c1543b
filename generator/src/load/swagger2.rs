//! Swagger 2.0 to OpenAPI 3.0, on JSON values, before anything is typed.
//!
//! Follows the mapping of the OpenAPI 3.0 specification's own migration notes: `definitions`
//! become `components/schemas`, body and formData parameters become request bodies (one media
//! type per `consumes` entry), response schemas become content (one per `produces` entry),
//! `host`/`basePath`/`schemes` become `servers`, `collectionFormat` becomes `style`/`explode`.
//! Every place that moves is recorded in a [`PointerMap`] so that later problems point into
//! the Swagger file. Gaps only Swagger documents have are reported here, each with its rule.

use serde_json::{Map, Value, json};

use super::{Facts, PointerMap};
use crate::diag::Diagnostics;
use crate::pointer;

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch"];

/// Keys of a Swagger parameter, header or items object that describe its value.
const SIMPLE_SCHEMA_KEYS: &[&str] = &[
    "type",
    "format",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
];

pub fn convert(src: Value, facts: &mut Facts, diags: &mut Diagnostics) -> (Value, PointerMap) {
    let Value::Object(src) = src else {
        return (src, PointerMap::default());
    };
    let mut c = Converter {
        src: &src,
        diags,
        facts,
        map: PointerMap::default(),
    };
    let out = c.document();
    (Value::Object(out), c.map)
}

struct Converter<'a> {
    src: &'a Map<String, Value>,
    diags: &'a mut Diagnostics,
    /// What the converted document cannot say (a tab-separated parameter).
    facts: &'a mut Facts,
    map: PointerMap,
}

fn strings(v: Option<&Value>) -> Option<Vec<String>> {
    let items = v?.as_array()?;
    Some(
        items
            .iter()
            .filter_map(|s| s.as_str().map(str::to_owned))
            .collect(),
    )
}

fn copy_extensions(from: &Map<String, Value>, to: &mut Map<String, Value>) {
    for (k, v) in from.iter().filter(|(k, _)| k.starts_with("x-")) {
        to.insert(k.clone(), v.clone());
    }
}

fn copy_keys(from: &Map<String, Value>, to: &mut Map<String, Value>, keys: &[&str]) {
    for k in keys {
        if let Some(v) = from.get(*k) {
            to.insert((*k).to_owned(), v.clone());
        }
    }
}

/// Rewrites a same-document reference to its OpenAPI 3 place; leaves others alone (the
/// lowering refuses remote references).
fn rewrite_ref(r: &str) -> String {
    for (from, to) in [
        ("#/definitions/", "#/components/schemas/"),
        ("#/parameters/", "#/components/parameters/"),
        ("#/responses/", "#/components/responses/"),
    ] {
        if let Some(rest) = r.strip_prefix(from) {
            return format!("{to}{rest}");
        }
    }
    r.to_owned()
}

/// A Swagger schema object as an OpenAPI 3.0 schema object.
pub fn schema(v: &Value) -> Value {
    let Value::Object(m) = v else {
        return v.clone();
    };
    let mut out = Map::with_capacity(m.len());
    for (k, val) in m {
        match k.as_str() {
            "$ref" => {
                let r = val
                    .as_str()
                    .map(rewrite_ref)
                    .map(Value::String)
                    .unwrap_or_else(|| val.clone());
                out.insert(k.clone(), r);
            }
            "x-nullable" => {
                out.insert("nullable".to_owned(), val.clone());
            }
            "discriminator" => {
                let d = match val {
                    Value::String(s) => json!({ "propertyName": s }),
                    other => other.clone(),
                };
                out.insert(k.clone(), d);
            }
            "type" if val == "file" => {
                out.insert("type".to_owned(), json!("string"));
                out.insert("format".to_owned(), json!("binary"));
            }
            "format" if m.get("type").is_some_and(|t| t == "file") => {}
            "properties" | "patternProperties" => {
                let props = match val {
                    Value::Object(props) => {
                        Value::Object(props.iter().map(|(n, s)| (n.clone(), schema(s))).collect())
                    }
                    other => other.clone(),
                };
                out.insert(k.clone(), props);
            }
            "items" | "additionalProperties" | "not" => {
                out.insert(k.clone(), schema(val));
            }
            "allOf" | "anyOf" | "oneOf" => {
                let list = match val {
                    Value::Array(items) => Value::Array(items.iter().map(schema).collect()),
                    other => other.clone(),
                };
                out.insert(k.clone(), list);
            }
            _ => {
                out.insert(k.clone(), val.clone());
            }
        }
    }
    Value::Object(out)
}

/// The schema of a non-body parameter, header or items object (its "simple" type keys).
fn simple_schema(m: &Map<String, Value>) -> Value {
    let mut out = Map::new();
    for key in SIMPLE_SCHEMA_KEYS {
        if let Some(v) = m.get(*key) {
            out.insert((*key).to_owned(), v.clone());
        }
    }
    if let Some(Value::Object(items)) = m.get("items") {
        out.insert("items".to_owned(), simple_schema(items));
    }
    schema(&Value::Object(out))
}

/// `collectionFormat` as OpenAPI 3 `style` and `explode`, for an array parameter in `location`.
fn collection_style(format: &str, location: &str) -> Option<(&'static str, bool)> {
    let query_like = matches!(location, "query" | "formData");
    Some(match format {
        "csv" if query_like => ("form", false),
        "csv" => ("simple", false),
        "ssv" => ("spaceDelimited", false),
        "pipes" => ("pipeDelimited", false),
        "multi" => ("form", true),
        _ => return None,
    })
}

/// Follows a `#/parameters/...` reference; returns the parameter and, for a reference, the
/// name it had.
fn deref_parameter<'p>(
    src: &'p Map<String, Value>,
    p: &'p Value,
) -> Option<(&'p Map<String, Value>, Option<String>)> {
    let m = p.as_object()?;
    match m.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let tokens = pointer::tokens(&pointer::from_local_ref(r)?)?;
            let [section, name] = tokens.as_slice() else {
                return None;
            };
            if section != "parameters" {
                return None;
            }
            let name = name.clone();
            let target = src.get("parameters")?.get(&name)?.as_object()?;
            Some((target, Some(name)))
        }
        None => Some((m, None)),
    }
}

impl<'a> Converter<'a> {
    fn document(&mut self) -> Map<String, Value> {
        let src = self.src;
        let mut out = Map::new();
        out.insert("openapi".to_owned(), json!("3.0.3"));
        copy_keys(src, &mut out, &["info", "tags", "externalDocs", "security"]);
        copy_extensions(src, &mut out);
        if let Some(servers) = self.servers() {
            out.insert("servers".to_owned(), servers);
            self.map.insert("/servers".to_owned(), "/host".to_owned());
        }
        let mut components = Map::new();
        if let Some(Value::Object(defs)) = src.get("definitions") {
            let schemas = defs.iter().map(|(k, v)| (k.clone(), schema(v))).collect();
            components.insert("schemas".to_owned(), Value::Object(schemas));
            self.map
                .insert("/components/schemas".to_owned(), "/definitions".to_owned());
        }
        self.global_parameters(&mut components);
        if let Some(Value::Object(responses)) = src.get("responses") {
            let produces = self.produces(None);
            let converted = responses
                .iter()
                .map(|(name, r)| {
                    let at = pointer::from_tokens(["responses", name.as_str()]);
                    (
                        name.clone(),
                        self.response(
                            r,
                            &produces,
                            &at,
                            &pointer::from_tokens(["components", "responses", name.as_str()]),
                            None,
                        ),
                    )
                })
                .collect();
            components.insert("responses".to_owned(), Value::Object(converted));
            self.map
                .insert("/components/responses".to_owned(), "/responses".to_owned());
        }
        if let Some(Value::Object(schemes)) = src.get("securityDefinitions") {
            let converted = schemes
                .iter()
                .map(|(name, s)| {
                    (
                        name.clone(),
                        self.security_scheme(
                            s,
                            &pointer::from_tokens(["securityDefinitions", name.as_str()]),
                        ),
                    )
                })
                .collect();
            components.insert("securitySchemes".to_owned(), Value::Object(converted));
            self.map.insert(
                "/components/securitySchemes".to_owned(),
                "/securityDefinitions".to_owned(),
            );
        }
        if !components.is_empty() {
            out.insert("components".to_owned(), Value::Object(components));
        }
        let mut paths = Map::new();
        if let Some(Value::Object(src_paths)) = src.get("paths") {
            for (path, item) in src_paths {
                if path.starts_with("x-") {
                    paths.insert(path.clone(), item.clone());
                } else if let Value::Object(item) = item {
                    let converted = self.path_item(path, item);
                    paths.insert(path.clone(), Value::Object(converted));
                }
            }
        }
        out.insert("paths".to_owned(), Value::Object(paths));
        out
    }

    fn servers(&mut self) -> Option<Value> {
        let host = self.src.get("host").and_then(Value::as_str);
        let base = self
            .src
            .get("basePath")
            .and_then(Value::as_str)
            .unwrap_or("");
        let base = base.trim_end_matches('/');
        let Some(host) = host else {
            return (!base.is_empty()).then(|| json!([{ "url": base }]));
        };
        let schemes = strings(self.src.get("schemes"))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| vec!["https".to_owned()]);
        Some(Value::Array(
            schemes
                .iter()
                .map(|s| json!({ "url": format!("{s}://{host}{base}") }))
                .collect(),
        ))
    }

    fn consumes(&self, op: Option<&Map<String, Value>>) -> Vec<String> {
        op.and_then(|o| strings(o.get("consumes")))
            .or_else(|| strings(self.src.get("consumes")))
            .unwrap_or_default()
    }

    fn produces(&self, op: Option<&Map<String, Value>>) -> Vec<String> {
        let declared = op
            .and_then(|o| strings(o.get("produces")))
            .or_else(|| strings(self.src.get("produces")))
            .unwrap_or_default();
        if declared.is_empty() {
            vec!["application/json".to_owned()]
        } else {
            declared
        }
    }

    fn global_parameters(&mut self, components: &mut Map<String, Value>) {
        let Some(Value::Object(params)) = self.src.get("parameters") else {
            return;
        };
        let mut parameters = Map::new();
        let mut bodies = Map::new();
        let consumes = self.consumes(None);
        for (name, p) in params {
            let Value::Object(p) = p else { continue };
            let at = pointer::from_tokens(["parameters", name.as_str()]);
            match p.get("in").and_then(Value::as_str) {
                Some("body") => {
                    bodies.insert(name.clone(), self.body(p, &consumes));
                    self.map.insert(
                        pointer::from_tokens(["components", "requestBodies", name.as_str()]),
                        at,
                    );
                }
                // formData parameters only make sense inside an operation's form: they are
                // inlined where referenced.
                Some("formData") => {}
                _ => {
                    let converted =
                        pointer::from_tokens(["components", "parameters", name.as_str()]);
                    parameters.insert(name.clone(), self.parameter(p, &at, &converted));
                    self.map.insert(format!("{converted}/schema"), at.clone());
                    self.map.insert(converted, at);
                }
            }
        }
        if !parameters.is_empty() {
            components.insert("parameters".to_owned(), Value::Object(parameters));
        }
        if !bodies.is_empty() {
            components.insert("requestBodies".to_owned(), Value::Object(bodies));
        }
    }

    /// A non-body parameter.
    /// A non-body parameter (at `at` in the source), converted to be placed at `converted`.
    fn parameter(&mut self, p: &Map<String, Value>, at: &str, converted: &str) -> Value {
        let mut out = Map::new();
        copy_keys(
            p,
            &mut out,
            &[
                "name",
                "in",
                "description",
                "required",
                "deprecated",
                "allowEmptyValue",
            ],
        );
        copy_extensions(p, &mut out);
        let location = p.get("in").and_then(Value::as_str).unwrap_or("");
        let schema = match p.get("schema") {
            // Not Swagger 2.0, but written by some: take it as meant.
            Some(s) => schema(s),
            None => simple_schema(p),
        };
        out.insert("schema".to_owned(), schema);
        if let Some(example) = p.get("x-example") {
            out.insert("example".to_owned(), example.clone());
        }
        if p.get("type").and_then(Value::as_str) == Some("array") {
            let format = p
                .get("collectionFormat")
                .and_then(Value::as_str)
                .unwrap_or("csv");
            match collection_style(format, location) {
                Some((style, explode)) => {
                    out.insert("style".to_owned(), json!(style));
                    out.insert("explode".to_owned(), json!(explode));
                }
                None => {
                    // No OpenAPI 3 style is tab-separated: the facts keep what was meant.
                    if format == "tsv" {
                        self.facts.tab_separated.insert(converted.to_owned());
                    } else {
                        self.diags.warn(
                            "unknown-collection-format",
                            &pointer::push(at, "collectionFormat"),
                            format!("unknown collectionFormat \"{format}\"; the array is sent comma-separated"),
                            "use one of csv, ssv, tsv, pipes, multi",
                        );
                    }
                }
            }
        }
        Value::Object(out)
    }

    /// A request body from a Swagger body parameter.
    fn body(&self, p: &Map<String, Value>, consumes: &[String]) -> Value {
        let media_types: Vec<String> = if consumes.is_empty() {
            vec!["application/json".to_owned()]
        } else {
            consumes.to_vec()
        };
        let schema = p.get("schema").map(schema).unwrap_or_else(|| json!({}));
        let content: Map<String, Value> = media_types
            .iter()
            .map(|ct| (ct.clone(), json!({ "schema": schema })))
            .collect();
        let mut out = Map::new();
        copy_keys(p, &mut out, &["description", "required"]);
        copy_extensions(p, &mut out);
        out.insert("content".to_owned(), Value::Object(content));
        Value::Object(out)
    }

    fn path_item(&mut self, path: &str, item: &'a Map<String, Value>) -> Map<String, Value> {
        let at = pointer::from_tokens(["paths", path]);
        let mut out = Map::new();
        copy_extensions(item, &mut out);
        if let Some(r) = item.get("$ref") {
            out.insert("$ref".to_owned(), r.clone());
        }
        // Path-level body and formData parameters move into each operation.
        let mut shared_payload: Vec<(usize, &Value)> = Vec::new();
        let mut shared = Vec::new();
        if let Some(Value::Array(params)) = item.get("parameters") {
            for (i, p) in params.iter().enumerate() {
                let src_at = format!("{at}/parameters/{i}");
                match deref_parameter(self.src, p) {
                    Some((param, _))
                        if matches!(
                            param.get("in").and_then(Value::as_str),
                            Some("body" | "formData")
                        ) =>
                    {
                        shared_payload.push((i, p));
                    }
                    Some((param, name)) => {
                        let j = shared.len();
                        let converted = format!("{at}/parameters/{j}");
                        shared.push(self.param_or_ref(param, name, &src_at, &converted));
                        self.map
                            .insert(format!("{at}/parameters/{j}/schema"), src_at.clone());
                        self.map.insert(format!("{at}/parameters/{j}"), src_at);
                    }
                    None => self.diags.warn(
                        "unreadable-part",
                        &src_at,
                        "this parameter or its reference cannot be read; it is skipped",
                        "make it a parameter object or a `$ref: '#/parameters/NAME'`",
                    ),
                }
            }
        }
        if !shared.is_empty() {
            out.insert("parameters".to_owned(), Value::Array(shared));
        }
        for method in METHODS {
            if let Some(Value::Object(op)) = item.get(*method) {
                let converted = self.operation(path, method, op, &shared_payload);
                out.insert((*method).to_owned(), Value::Object(converted));
            }
        }
        out
    }

    /// A parameter listed at `converted` (from `at` in the source): a reference to its
    /// component when it has one, else the parameter itself.
    fn param_or_ref(
        &mut self,
        param: &Map<String, Value>,
        name: Option<String>,
        at: &str,
        converted: &str,
    ) -> Value {
        match name {
            Some(name) => {
                json!({ "$ref": format!("#/components/parameters/{}", pointer::escape(&name)) })
            }
            None => self.parameter(param, at, converted),
        }
    }

    fn operation(
        &mut self,
        path: &str,
        method: &str,
        op: &'a Map<String, Value>,
        shared_payload: &[(usize, &'a Value)],
    ) -> Map<String, Value> {
        let at = pointer::from_tokens(["paths", path, method]);
        let mut out = Map::new();
        copy_keys(
            op,
            &mut out,
            &[
                "tags",
                "summary",
                "description",
                "externalDocs",
                "operationId",
                "deprecated",
                "security",
            ],
        );
        copy_extensions(op, &mut out);
        let consumes = self.consumes(Some(op));
        let produces = self.produces(Some(op));

        let mut params = Vec::new();
        let mut body: Option<(usize, &Map<String, Value>)> = None;
        let mut form: Vec<(usize, &Map<String, Value>)> = Vec::new();
        let own: Vec<(usize, &Value)> = match op.get("parameters") {
            Some(Value::Array(list)) => list.iter().enumerate().collect(),
            _ => Vec::new(),
        };
        for (i, p) in &own {
            let src_at = format!("{at}/parameters/{i}");
            let Some((param, name)) = deref_parameter(self.src, p) else {
                self.diags.warn(
                    "unreadable-part",
                    &src_at,
                    "this parameter or its reference cannot be read; it is skipped",
                    "make it a parameter object or a `$ref: '#/parameters/NAME'`",
                );
                continue;
            };
            match param.get("in").and_then(Value::as_str) {
                Some("body") => body = Some((*i, param)),
                Some("formData") => form.push((*i, param)),
                _ => {
                    let j = params.len();
                    let converted = format!("{at}/parameters/{j}");
                    params.push(self.param_or_ref(param, name, &src_at, &converted));
                    self.map
                        .insert(format!("{at}/parameters/{j}/schema"), src_at.clone());
                    self.map.insert(format!("{at}/parameters/{j}"), src_at);
                }
            }
        }
        // Path-level payload parameters apply unless the operation has its own.
        if body.is_none() && form.is_empty() {
            for (i, p) in shared_payload {
                if let Some((param, _)) = deref_parameter(self.src, p) {
                    let path_at =
                        format!("{}/parameters/{i}", pointer::from_tokens(["paths", path]));
                    match param.get("in").and_then(Value::as_str) {
                        Some("body") => {
                            out.insert("requestBody".to_owned(), self.body(param, &consumes));
                            self.map.insert(format!("{at}/requestBody"), path_at);
                        }
                        _ => form.push((usize::MAX, param)),
                    }
                }
            }
        }
        if !params.is_empty() {
            out.insert("parameters".to_owned(), Value::Array(params));
        }
        if let Some((i, param)) = body {
            let converted = self.body(param, &consumes);
            self.map_body(&at, &converted, |_| format!("{at}/parameters/{i}/schema"));
            out.insert("requestBody".to_owned(), converted);
            self.map
                .insert(format!("{at}/requestBody"), format!("{at}/parameters/{i}"));
        } else if !form.is_empty() {
            let converted = self.form_body(&form, &consumes, &at);
            self.map_body(&at, &converted, |_| format!("{at}/parameters"));
            // Each form field maps to the parameter that declared it.
            let media_types = converted
                .get("content")
                .and_then(Value::as_object)
                .map(|c| c.keys().cloned().collect::<Vec<_>>())
                .unwrap_or_default();
            for (i, p) in form.iter().filter(|(i, _)| *i != usize::MAX) {
                let Some(name) = p.get("name").and_then(Value::as_str) else {
                    continue;
                };
                for ct in &media_types {
                    self.map.insert(
                        format!(
                            "{at}/requestBody/content/{}/schema/properties/{}",
                            pointer::escape(ct),
                            pointer::escape(name)
                        ),
                        format!("{at}/parameters/{i}"),
                    );
                }
            }
            out.insert("requestBody".to_owned(), converted);
            self.map
                .insert(format!("{at}/requestBody"), format!("{at}/parameters"));
        } else if matches!(method, "post" | "put" | "patch")
            && !consumes.is_empty()
            && !out.contains_key("requestBody")
        {
            // Gap rule: the API says what it consumes, but this operation declares no body.
            let content: Map<String, Value> = consumes
                .iter()
                .map(|ct| (ct.clone(), json!({ "schema": {} })))
                .collect();
            out.insert(
                "requestBody".to_owned(),
                json!({ "required": false, "content": content }),
            );
            self.map.insert(format!("{at}/requestBody"), at.clone());
            // The overlay that fills the gap appends a body parameter to the operation's list,
            // or gives it a list when it has none.
            let body =
                "{in: body, name: body, required: true, schema: {$ref: '#/definitions/YourBody'}}";
            let fix = if op.get("parameters").is_some_and(Value::is_array) {
                (Some(format!("{at}/parameters")), body.to_owned())
            } else {
                (None, format!("{{parameters: [{body}]}}"))
            };
            self.diags.gap(
                "missing-request-body",
                &at,
                format!(
                    "{} declares no request body although the API consumes {}; an optional untyped body (serde_json::Value) is generated",
                    method.to_uppercase(),
                    consumes.join(", ")
                ),
                "declare the body (an `in: body` parameter with a schema) to get a typed one",
                fix,
            );
        }

        let mut responses = Map::new();
        if let Some(Value::Object(src_responses)) = op.get("responses") {
            for (code, r) in src_responses {
                if code.starts_with("x-") {
                    responses.insert(code.clone(), r.clone());
                    continue;
                }
                let src_at = format!("{at}/responses/{}", pointer::escape(code));
                let converted = self.response(
                    r,
                    &produces,
                    &src_at,
                    &src_at,
                    Some((method, code.as_str())),
                );
                responses.insert(code.clone(), converted);
            }
        }
        out.insert("responses".to_owned(), Value::Object(responses));
        out
    }

    /// Maps each media type's schema of a converted body to `source(media type)`.
    fn map_body(&mut self, at: &str, body: &Value, source: impl Fn(&str) -> String) {
        let media_types = body
            .get("content")
            .and_then(Value::as_object)
            .map(|c| c.keys().cloned().collect::<Vec<_>>())
            .unwrap_or_default();
        for ct in media_types {
            self.map.insert(
                format!("{at}/requestBody/content/{}/schema", pointer::escape(&ct)),
                source(&ct),
            );
        }
    }

    fn form_body(
        &mut self,
        fields: &[(usize, &Map<String, Value>)],
        consumes: &[String],
        at: &str,
    ) -> Value {
        let mut properties = Map::new();
        let mut required = Vec::new();
        let mut has_file = false;
        for (_, p) in fields {
            let Some(name) = p.get("name").and_then(Value::as_str) else {
                continue;
            };
            has_file |= p.get("type").and_then(Value::as_str) == Some("file");
            let mut s = simple_schema(p);
            if let (Value::Object(s), Some(d)) = (&mut s, p.get("description")) {
                s.insert("description".to_owned(), d.clone());
            }
            properties.insert(name.to_owned(), s);
            if p.get("required").and_then(Value::as_bool) == Some(true) {
                required.push(json!(name));
            }
        }
        let multipart = "multipart/form-data";
        let urlencoded = "application/x-www-form-urlencoded";
        let mut media_types: Vec<&str> = consumes
            .iter()
            .map(String::as_str)
            .filter(|ct| *ct == multipart || *ct == urlencoded)
            .collect();
        if has_file {
            // Files can only travel in multipart bodies.
            media_types.retain(|ct| *ct == multipart);
            if media_types.is_empty() {
                media_types.push(multipart);
                if consumes.iter().any(|ct| ct != multipart) {
                    self.diags.warn("file-without-multipart", at, "a file parameter needs multipart/form-data, which `consumes` does not list; multipart is used", "add multipart/form-data to consumes");
                }
            }
        } else if media_types.is_empty() {
            media_types.push(urlencoded);
        }
        let mut schema = json!({ "type": "object", "properties": properties });
        if let (Value::Object(s), false) = (&mut schema, required.is_empty()) {
            s.insert("required".to_owned(), Value::Array(required.clone()));
        }
        let content: Map<String, Value> = media_types
            .iter()
            .map(|ct| ((*ct).to_owned(), json!({ "schema": schema })))
            .collect();
        json!({ "required": !required.is_empty(), "content": content })
    }

    /// A response object. `converted_at` is where it lands in the OpenAPI 3 document;
    /// `operation` is set for an operation's own responses (gap rules apply to those).
    fn response(
        &mut self,
        r: &Value,
        produces: &[String],
        src_at: &str,
        converted_at: &str,
        operation: Option<(&str, &str)>,
    ) -> Value {
        let Value::Object(r) = r else {
            return r.clone();
        };
        if let Some(reference) = r.get("$ref").and_then(Value::as_str) {
            return json!({ "$ref": rewrite_ref(reference) });
        }
        let mut out = Map::new();
        copy_extensions(r, &mut out);
        let description = match r.get("description").and_then(Value::as_str) {
            Some(d) => d.to_owned(),
            None => {
                self.diags.warn(
                    "missing-description",
                    src_at,
                    "the response has no description, which is required; an empty one is used",
                    "add `description:`",
                );
                String::new()
            }
        };
        out.insert("description".to_owned(), json!(description));
        if let Some(Value::Object(headers)) = r.get("headers") {
            let converted: Map<String, Value> = headers
                .iter()
                .map(|(name, h)| {
                    let mut header = Map::new();
                    if let Value::Object(h) = h {
                        copy_keys(h, &mut header, &["description"]);
                        header.insert("schema".to_owned(), simple_schema(h));
                    }
                    let hat = format!("{converted_at}/headers/{}", pointer::escape(name));
                    self.map.insert(
                        format!("{hat}/schema"),
                        format!("{src_at}/headers/{}", pointer::escape(name)),
                    );
                    (name.clone(), Value::Object(header))
                })
                .collect();
            out.insert("headers".to_owned(), Value::Object(converted));
        }
        match r.get("schema") {
            Some(s) => {
                let s = schema(s);
                let examples = r.get("examples").and_then(Value::as_object);
                let content: Map<String, Value> = produces
                    .iter()
                    .map(|ct| {
                        let mut media = json!({ "schema": s });
                        if let (Some(example), Value::Object(m)) =
                            (examples.and_then(|e| e.get(ct)), &mut media)
                        {
                            m.insert("example".to_owned(), example.clone());
                        }
                        self.map.insert(
                            format!("{converted_at}/content/{}/schema", pointer::escape(ct)),
                            format!("{src_at}/schema"),
                        );
                        (ct.clone(), media)
                    })
                    .collect();
                out.insert("content".to_owned(), Value::Object(content));
            }
            None => {
                if let Some((method, code)) = operation {
                    let success = code.starts_with('2') && !matches!(code, "204" | "205");
                    if success && method != "head" {
                        self.diags.gap(
                            "untyped-response",
                            src_at,
                            format!("response {code} declares no schema; whatever body arrives is kept untyped (JSON as serde_json::Value, anything else as bytes)"),
                            "add a `schema:` to type it",
                            (None, "{schema: {$ref: '#/definitions/YourResponse'}}".to_owned()),
                        );
                    }
                }
            }
        }
        Value::Object(out)
    }

    fn security_scheme(&mut self, s: &Value, at: &str) -> Value {
        let Value::Object(s) = s else {
            return s.clone();
        };
        let mut out = Map::new();
        copy_keys(s, &mut out, &["description"]);
        copy_extensions(s, &mut out);
        match s.get("type").and_then(Value::as_str) {
            Some("basic") => {
                out.insert("type".to_owned(), json!("http"));
                out.insert("scheme".to_owned(), json!("basic"));
            }
            Some("apiKey") => {
                copy_keys(s, &mut out, &["type", "name", "in"]);
            }
            Some("oauth2") => {
                let flow = match s.get("flow").and_then(Value::as_str) {
                    Some("implicit") => "implicit",
                    Some("password") => "password",
                    Some("application") => "clientCredentials",
                    Some("accessCode") => "authorizationCode",
                    other => {
                        self.diags.warn(
                            "unsupported-security-scheme",
                            &pointer::push(at, "flow"),
                            format!("unknown OAuth2 flow {other:?}; read as implicit"),
                            "use implicit, password, application or accessCode",
                        );
                        "implicit"
                    }
                };
                let mut f = Map::new();
                let needs_auth_url = matches!(flow, "implicit" | "authorizationCode");
                let needs_token_url = flow != "implicit";
                if needs_auth_url {
                    f.insert(
                        "authorizationUrl".to_owned(),
                        s.get("authorizationUrl")
                            .cloned()
                            .unwrap_or_else(|| json!("")),
                    );
                }
                if needs_token_url {
                    f.insert(
                        "tokenUrl".to_owned(),
                        s.get("tokenUrl").cloned().unwrap_or_else(|| json!("")),
                    );
                }
                f.insert(
                    "scopes".to_owned(),
                    s.get("scopes").cloned().unwrap_or_else(|| json!({})),
                );
                out.insert("type".to_owned(), json!("oauth2"));
                out.insert("flows".to_owned(), json!({ flow: f }));
            }
            other => {
                self.diags.warn(
                    "unsupported-security-scheme",
                    at,
                    format!("unknown security scheme type {other:?}; read as an API key header"),
                    "use basic, apiKey or oauth2",
                );
                out.insert("type".to_owned(), json!("apiKey"));
                out.insert("name".to_owned(), json!("Authorization"));
                out.insert("in".to_owned(), json!("header"));
            }
        }
        Value::Object(out)
    }
}
