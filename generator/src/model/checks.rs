//! What a schema asks of a value beyond its Rust type: bounds, lengths, patterns, sizes.
//!
//! The server checks these before an implementation runs; the type alone cannot say them.

/// The constraints on one value, and on its items or map values.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Checks {
    pub minimum: Option<Bound>,
    pub maximum: Option<Bound>,
    pub multiple_of: Option<f64>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    /// A regular expression the generator could compile (ECMA 262 patterns that the `regex`
    /// crate cannot read are left out with a warning).
    pub pattern: Option<String>,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    pub unique_items: bool,
    pub min_properties: Option<u64>,
    pub max_properties: Option<u64>,
    /// The checks on each array item or map value.
    pub items: Option<Box<Checks>>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bound {
    pub value: f64,
    pub exclusive: bool,
}

impl Checks {
    pub fn is_empty(&self) -> bool {
        *self == Checks::default()
    }
}
