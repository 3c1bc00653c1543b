//! Phase two: the `openapiv3` document into our own [`model`](crate::model).
//!
//! Only this phase and the loader know `openapiv3`. Gaps in the spec are filled here by
//! documented rules, each reported as a warning with its JSON pointer.

mod boxes;
mod media;
mod operation;
mod path;
mod schema;
mod view;

use openapiv3::{OpenAPI, ReferenceOr};

use crate::diag::Diagnostics;
use crate::model::{Api, Method, Operation};
use crate::naming::Namespace;
use crate::pointer;

/// Names the generated modules declare themselves, which spec types must not take.
const RESERVED_TYPES: &[&str] = &["Api", "Client", "Error", "UntypedBody"];

pub fn lower(doc: &OpenAPI, diags: &mut Diagnostics) -> Api {
    let mut schemas = schema::Schemas::new(doc, Namespace::with_reserved(RESERVED_TYPES));
    schemas.lower_components(diags);
    let mut ops = operation::Operations::new();
    let mut operations = Vec::new();
    for (raw_path, item) in &doc.paths.paths {
        let at = pointer::from_tokens(["paths", raw_path.as_str()]);
        let item = match item {
            ReferenceOr::Item(item) => item,
            ReferenceOr::Reference { reference } => {
                diags.warn(
                    &at,
                    format!("path items given by reference ({reference}) are not generated"),
                    "write the path item inline",
                );
                continue;
            }
        };
        for method in Method::ALL {
            let op = match method {
                Method::Get => &item.get,
                Method::Put => &item.put,
                Method::Post => &item.post,
                Method::Delete => &item.delete,
                Method::Options => &item.options,
                Method::Head => &item.head,
                Method::Patch => &item.patch,
                Method::Trace => &item.trace,
            };
            if let Some(op) = op {
                let op_at = pointer::push(&at, method.key());
                operations.push(ops.lower(&mut schemas, raw_path, item, method, op, &op_at, diags));
            }
        }
    }
    report_overlaps(&operations, diags);
    boxes::mark_boxes(&mut schemas.types);
    Api {
        title: doc.info.title.clone(),
        version: doc.info.version.clone(),
        description: doc.info.description.clone(),
        source: diags.file.clone(),
        operations,
        types: schemas.types,
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
            if a.overlaps(b) {
                diags.warn(
                    &pointer::from_tokens(["paths", b.raw.as_str()]),
                    format!("{} overlaps {}: a request matching both goes to the one with a literal segment at the first place they differ, among the operations for its method", b.raw, a.raw),
                    "",
                );
            }
        }
    }
}
