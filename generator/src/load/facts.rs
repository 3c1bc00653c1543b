//! What the loader learns that the OpenAPI 3.0 model cannot hold, kept beside the document
//! rather than written into it: lowering reads it by pointer into the document it lowers. (An
//! extension key written into the document would be misread when a vendor's spec happens to
//! use the same key.)

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

#[derive(Clone, Debug, Default)]
pub struct Facts {
    /// Tuple schemas (`items` given as a list, 3.1 `prefixItems`), by the schema's pointer.
    pub tuples: BTreeMap<String, Tuple>,
    /// Swagger 2.0 parameters written `collectionFormat: tsv`, which no OpenAPI 3 style is, by
    /// the converted parameter's pointer.
    pub tab_separated: BTreeSet<String>,
    /// OpenAPI 3.1 `webhooks`: each name and its path item, in document order.
    pub webhooks: Vec<(String, openapiv3::PathItem)>,
}

/// A tuple's item schemas, and the key they were written under.
#[derive(Clone, Debug, PartialEq)]
pub struct Tuple {
    /// `items` or `prefixItems`: where the items are, below the schema.
    pub key: &'static str,
    pub items: Vec<Value>,
}

impl Facts {
    /// The tuples at `at` and below it, with their pointers relative to `at`: what makes two
    /// schemas that look alike in the 3.0 model different.
    pub fn tuples_below<'f>(&'f self, at: &str) -> impl Iterator<Item = (&'f str, &'f Tuple)> {
        let start = at.to_owned();
        self.tuples
            .range(start..)
            .take_while(move |(pointer, _)| pointer.starts_with(at))
            .filter_map(move |(pointer, tuple)| {
                let rest = &pointer[at.len()..];
                (rest.is_empty() || rest.starts_with('/')).then_some((rest, tuple))
            })
    }
}
