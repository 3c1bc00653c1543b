//! The model as text, one line per type, field, operation and response: what lowering decided,
//! for tests to compare against (`lower`'s tests write specs and the summaries they expect).

use std::fmt::Write as _;

use super::{
    Api, BodyKind, EnumValue, Field, IntKind, Literal, NumberKind, Operation, Parameter,
    ResponseBody, Status, Type, TypeId, TypeSpace,
};

impl Api {
    pub fn summary(&self) -> String {
        let mut out = String::new();
        for (_, ty) in self.types.named() {
            summarize_type(&self.types, ty, &mut out);
        }
        for op in &self.operations {
            summarize_operation(&self.types, op, &mut out);
        }
        out
    }
}

/// A type as Rust spells it, with named types by name.
fn name(types: &TypeSpace, id: TypeId) -> String {
    match types.get(id) {
        Type::Any => "Value".to_owned(),
        Type::Bool => "bool".to_owned(),
        Type::Integer(IntKind::I32) => "i32".to_owned(),
        Type::Integer(IntKind::I64) => "i64".to_owned(),
        Type::Number(NumberKind::F32) => "f32".to_owned(),
        Type::Number(NumberKind::F64) => "f64".to_owned(),
        Type::String => "String".to_owned(),
        Type::DateTime => "DateTime".to_owned(),
        Type::Date => "Date".to_owned(),
        Type::Uuid => "Uuid".to_owned(),
        Type::Base64 => "Base64".to_owned(),
        Type::Binary => "Binary".to_owned(),
        Type::Array(item) => format!("Vec<{}>", name(types, *item)),
        Type::Nullable(inner) => format!("Option<{}>", name(types, *inner)),
        Type::Tuple(items) => {
            let items: Vec<String> = items.iter().map(|i| name(types, *i)).collect();
            format!("({})", items.join(", "))
        }
        Type::Map(value) => format!("Map<{}>", name(types, *value)),
        Type::Struct(def) => def.name.to_string(),
        Type::Enum(def) => def.name.to_string(),
        Type::Union(def) => def.name.to_string(),
        Type::Alias { name, .. } => name.to_string(),
        Type::Pending(name) => format!("pending {name}"),
        Type::External(path) => path.clone(),
    }
}

fn literal(value: &Literal) -> String {
    match value {
        Literal::Bool(b) => b.to_string(),
        Literal::I32(n) => n.to_string(),
        Literal::I64(n) => n.to_string(),
        Literal::F32(n) => n.to_string(),
        Literal::F64(n) => n.to_string(),
        Literal::Str(s) => format!("{s:?}"),
        Literal::Variant { ty, variant } => format!("{ty}::{variant}"),
    }
}

fn summarize_type(types: &TypeSpace, ty: &Type, out: &mut String) {
    match ty {
        Type::Struct(def) => {
            let _ = writeln!(out, "struct {}", def.name);
            for f in &def.fields {
                let _ = writeln!(out, "  {}", field(types, f));
            }
            if let Some(value) = def.additional {
                let _ = writeln!(
                    out,
                    "  {}: Map<{}> (the rest)",
                    def.additional_field,
                    name(types, value)
                );
            }
            let reader = &def.reader;
            if reader.entries.as_str() != "entries" || reader.key.as_str() != "key" {
                let _ = writeln!(out, "  reads with {} and {}", reader.entries, reader.key);
            }
        }
        Type::Enum(def) => {
            let variants: Vec<String> = def
                .variants
                .iter()
                .map(|v| match &v.value {
                    EnumValue::Str(s) => format!("{}={s:?}", v.rust),
                    EnumValue::Int(n) => format!("{}={n}", v.rust),
                })
                .collect();
            let default = def
                .default
                .and_then(|i| def.variants.get(i))
                .map(|v| format!(", default {}", v.rust))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "enum {}: {} | {}(..){default}",
                def.name,
                variants.join(" | "),
                def.other
            );
        }
        Type::Union(def) => {
            let tag = def
                .discriminator
                .as_ref()
                .map(|d| format!(" by {d:?}"))
                .unwrap_or_default();
            let variants: Vec<String> = def
                .variants
                .iter()
                .map(|v| {
                    let tag = v
                        .tag
                        .as_ref()
                        .map(|t| format!("{t:?} => "))
                        .unwrap_or_default();
                    format!("{tag}{}({})", v.name, name(types, v.ty))
                })
                .collect();
            let _ = writeln!(out, "union {}{tag}: {}", def.name, variants.join(" | "));
        }
        Type::Alias {
            name: alias,
            target,
            ..
        } => {
            let _ = writeln!(out, "alias {alias} = {}", name(types, *target));
        }
        _ => {}
    }
}

fn field(types: &TypeSpace, f: &Field) -> String {
    let mut line = format!("{}: {}", f.name.rust, name(types, f.ty));
    if f.name.wire != f.name.rust.as_str() {
        let _ = write!(line, " ({:?})", f.name.wire);
    }
    let mut notes = Vec::new();
    if f.required {
        notes.push("required".to_owned());
    }
    if f.nullable {
        notes.push("nullable".to_owned());
    }
    if f.boxed {
        notes.push("boxed".to_owned());
    }
    if let Some(d) = &f.default {
        notes.push(match (&d.literal, &f.default_fn) {
            (Some(value), Some(function)) => format!("default {} by {function}", literal(value)),
            _ => format!("default {} (docs only)", d.shown),
        });
    }
    if f.local != f.name.rust {
        notes.push(format!("read into {}", f.local));
    }
    if !notes.is_empty() {
        let _ = write!(line, ", {}", notes.join(", "));
    }
    line
}

fn summarize_operation(types: &TypeSpace, op: &Operation, out: &mut String) {
    let _ = writeln!(
        out,
        "op {}: {} {} -> {} / {}, served by {}",
        op.name.rust,
        op.method.http(),
        op.path.raw,
        op.request_type,
        op.response_type,
        op.handler
    );
    if let Some(accept) = &op.accept {
        let _ = writeln!(out, "  accepts {accept}");
    }
    if let Some(stream) = &op.stream {
        let _ = writeln!(
            out,
            "  streams by {}, built by {}",
            stream.method, stream.request_builder
        );
    }
    for p in &op.params {
        let _ = writeln!(out, "  {}", parameter(types, p));
    }
    if let Some(body) = &op.body {
        for c in &body.contents {
            let kind = match &c.kind {
                BodyKind::Json(id) => format!("json {}", name(types, *id)),
                BodyKind::Form(id) => format!("form {}", name(types, *id)),
                BodyKind::Multipart(id) => format!("multipart {}", name(types, *id)),
                BodyKind::Text => "text".to_owned(),
                BodyKind::Binary => "bytes".to_owned(),
            };
            let _ = writeln!(
                out,
                "  body {}: {kind}, sent as {}",
                c.media_type, c.send_as
            );
        }
    }
    for r in &op.responses {
        let status = match r.status {
            Status::Code(code) => code.to_string(),
            Status::Range(n) => format!("{n}XX"),
            Status::Default => "default".to_owned(),
        };
        let body = match &r.body {
            ResponseBody::Empty => "empty".to_owned(),
            ResponseBody::Untyped => "untyped".to_owned(),
            ResponseBody::Json(id) => format!("json {}", name(types, *id)),
            ResponseBody::Text => "text".to_owned(),
            ResponseBody::Binary => "bytes".to_owned(),
            ResponseBody::Events(Some(id)) => format!("events of json {}", name(types, *id)),
            ResponseBody::Events(None) => "events of text".to_owned(),
            ResponseBody::Items(id) => format!("stream of json {}", name(types, *id)),
        };
        let sent = r
            .media_type
            .as_ref()
            .map(|m| format!(" as {m}"))
            .unwrap_or_default();
        let _ = writeln!(out, "  {status} {}: {body}{sent}", r.variant);
    }
}

fn parameter(types: &TypeSpace, p: &Parameter) -> String {
    let mut line = format!(
        "{:?} {}: {} {:?}",
        p.location,
        p.name.rust,
        name(types, p.ty),
        p.style
    );
    if p.name.wire != p.name.rust.as_str() {
        let _ = write!(line, " ({:?})", p.name.wire);
    }
    if p.explode {
        line.push_str(", exploded");
    }
    if p.required {
        line.push_str(", required");
    }
    if let Some(value) = p.default.as_ref().and_then(|d| d.literal.as_ref()) {
        let _ = write!(line, ", default {}", literal(value));
    }
    line
}
