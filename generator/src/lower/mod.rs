//! Phase two: the `openapiv3` document into our own [`model`](crate::model).
//!
//! Only this phase and the loader know `openapiv3`. Gaps in the spec are filled here by
//! documented rules, each reported as a warning with its JSON pointer.

mod boxes;
mod checks;
mod complexity;
pub mod groups;
mod hooks;
mod media;
mod operation;
mod paging;
mod path;
mod refs;
mod schema;
mod security;
mod view;

use openapiv3::{OpenAPI, ReferenceOr};

use crate::config::Config;
use crate::diag::{Diagnostics, Severity};
use crate::load::Facts;
use crate::model::{Api, Derives, Operation};
use crate::naming::Namespace;
use crate::pointer;

/// Names the generated modules declare themselves, which spec types must not take.
const RESERVED_TYPES: &[&str] = &["Api", "Client", "Error", "UntypedBody"];

pub fn lower(doc: &OpenAPI, facts: &Facts, config: &Config, diags: &mut Diagnostics) -> Api {
    let reserved = Namespace::with_reserved(RESERVED_TYPES);
    let mut schemas = schema::Schemas::new(doc, facts, config, reserved);
    schemas.lower_components(diags);
    let mut ops = operation::Operations::new(config, facts);
    let security = security::schemes(doc, |name| ops.claim_method(name), diags);
    let mut operations = Vec::new();
    for (raw_path, item) in &doc.paths.paths {
        let at = pointer::from_tokens(["paths", raw_path.as_str()]);
        let item = match item {
            ReferenceOr::Item(item) => item,
            ReferenceOr::Reference { reference } => {
                diags.warn(
                    "path-item-ref",
                    &at,
                    format!("path items given by reference ({reference}) are not generated"),
                    "write the path item inline",
                );
                continue;
            }
        };
        for (method, op) in operation::methods(item) {
            let op_at = pointer::push(&at, method.key());
            let mut lowered = ops.lower(&mut schemas, raw_path, item, method, op, &op_at, diags);
            lowered.security =
                security::requirements(op.security.as_ref(), doc, &security, &op_at, diags);
            operations.push(lowered);
        }
    }
    let calls = operations.len();
    operations.extend(hooks::lower(
        doc,
        facts,
        &mut schemas,
        &mut ops,
        &security,
        diags,
    ));
    // The calls and the hooks are served by routers of their own.
    let (served, sent) = operations.split_at_mut(calls);
    report_overlaps(served, diags);
    path::decide_routes(served);
    path::decide_routes(sent);
    unused_settings(doc, config, &operations, diags);
    schemas.settle_defaults();
    boxes::mark_boxes(&mut schemas.types);
    // After boxing: a page's fields are reached through the boxes.
    paging::paginate(
        config,
        &schemas.types,
        operations.split_at_mut(calls).0,
        ops.methods(),
        diags,
    );
    complexity::name_complex_types(&mut schemas.types, &mut schemas.names, &mut operations);
    let derives = derives(config, &schemas);
    Api {
        title: doc.info.title.clone(),
        version: doc.info.version.clone(),
        description: doc.info.description.clone(),
        source: diags.file.clone(),
        operations,
        types: schemas.types,
        base_url: config.base_url.clone().or_else(|| server_url(doc)),
        derives,
        security,
        runtime: config
            .runtime
            .clone()
            .unwrap_or_else(|| crate::config::DEFAULT_RUNTIME.to_owned()),
        generated_by: config
            .generated_by
            .clone()
            .unwrap_or_else(|| crate::config::DEFAULT_COMMAND.to_owned()),
        groups: None,
    }
}

/// The first server's URL, when it is absolute and has no variables.
fn server_url(doc: &OpenAPI) -> Option<String> {
    let url = &doc.servers.first()?.url;
    // Only a plain URL goes into the docs and the code as it is.
    crate::config::is_plain_url(url).then(|| url.trim_end_matches('/').to_owned())
}

/// The extra derives of each named type, from the settings.
fn derives(config: &Config, schemas: &schema::Schemas<'_>) -> Derives {
    let mut by_type = std::collections::BTreeMap::new();
    for (key, settings) in &config.types {
        if let Some(name) = schemas.component_name(key) {
            if !settings.derives.is_empty() {
                by_type.insert(name.as_str().to_owned(), settings.derives.clone());
            }
        }
    }
    Derives {
        all: config.derives.clone(),
        by_type,
    }
}

/// Settings that name a schema or operation the spec lacks are most likely typos.
fn unused_settings(
    doc: &OpenAPI,
    config: &Config,
    operations: &[Operation],
    diags: &mut Diagnostics,
) {
    let schemas = doc.components.as_ref().map(|c| &c.schemas);
    for key in config.types.keys() {
        if !schemas.is_some_and(|s| s.contains_key(key)) {
            diags.items.push(config.diagnostic(
                Severity::Warning,
                "unused-setting",
                &pointer::from_tokens(["types", key.as_str()]),
                format!("the spec has no schema `{key}`; this setting is not used"),
                "use the schema's key under components/schemas (definitions in Swagger 2.0)",
            ));
        }
    }
    let grouping = config.groups != crate::config::GroupBy::Auto || !config.group_lists.is_empty();
    if grouping && !config.gated {
        diags.items.push(config.diagnostic(
            Severity::Warning,
            "unused-setting",
            "/groups",
            "the module is not behind a Cargo feature, so it is not split into groups; this setting is not used".to_owned(),
            "gate the generated modules (the generator's `features(manifest)`, `--features Cargo.toml`), or remove the setting",
        ));
    }
    for (group, listed) in &config.group_lists {
        for (i, key) in listed.iter().enumerate() {
            if !operations.iter().any(|op| op.name.wire == *key) {
                diags.items.push(config.diagnostic(
                    Severity::Warning,
                    "unused-setting",
                    &pointer::from_tokens(["groups", group.as_str(), &i.to_string()]),
                    format!(
                        "the spec has no operation `{key}`; the group `{group}` does not get it"
                    ),
                    "use the operationId, or `get /path` for an operation without one",
                ));
            }
        }
    }
    for key in config.operations.keys() {
        if !operations.iter().any(|op| op.name.wire == *key) {
            diags.items.push(config.diagnostic(
                Severity::Warning,
                "unused-setting",
                &pointer::from_tokens(["operations", key.as_str()]),
                format!("the spec has no operation `{key}`; this setting is not used"),
                "use the operationId, or `get /path` for an operation without one",
            ));
        }
    }
}

/// Overlapping templates are legal; routing follows OpenAPI's rule (concrete segments before
/// templated ones), and every request still reaches an operation that matches its path and
/// method. Reported once per pair of templates so that nobody is surprised by it.
fn report_overlaps(operations: &[Operation], diags: &mut Diagnostics) {
    let mut templates: Vec<&crate::model::PathTemplate> = Vec::new();
    for op in operations {
        if !templates.iter().any(|t| t.raw == op.path.raw) {
            templates.push(&op.path);
        }
    }
    for (i, a) in templates.iter().enumerate() {
        for b in templates.iter().skip(i + 1) {
            // Keys that differ in their query items only are told apart by those.
            let by_query = a.segments == b.segments && a.fixed_query != b.fixed_query;
            if a.overlaps(b) && !by_query {
                diags.warn(
                    "overlapping-paths",
                    &pointer::from_tokens(["paths", b.raw.as_str()]),
                    format!("{} overlaps {}: a request matching both goes to the one with a literal segment at the first place they differ, among the operations for its method", b.raw, a.raw),
                    "",
                );
            }
        }
    }
}

#[cfg(test)]
mod tests;
