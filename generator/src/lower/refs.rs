//! Local references to components, followed the one way: the fragment percent-decoded (RFC
//! 3986), then read as a JSON pointer (RFC 6901), references to references followed.

use indexmap::IndexMap;
use openapiv3::{Components, OpenAPI, ReferenceOr};

/// How long a chain of references to references may be before it is taken for a cycle.
const MAX_CHAIN: usize = 32;

/// The component `reference` names in the section `name` of the document's components (which
/// `section` picks), following references to references within the section.
pub fn component<'d, T>(
    doc: &'d OpenAPI,
    name: &str,
    section: impl Fn(&'d Components) -> &'d IndexMap<String, ReferenceOr<T>>,
    reference: &str,
) -> Option<&'d T> {
    located(doc, name, section, reference).map(|(_, item)| item)
}

/// Like [`component`], with the pointer of the component found (the end of the chain).
pub fn located<'d, T>(
    doc: &'d OpenAPI,
    name: &str,
    section: impl Fn(&'d Components) -> &'d IndexMap<String, ReferenceOr<T>>,
    reference: &str,
) -> Option<(String, &'d T)> {
    let map = section(doc.components.as_ref()?);
    let mut reference = reference;
    for _ in 0..MAX_CHAIN {
        let key = crate::pointer::component_key(reference, name)?;
        match map.get(&key)? {
            ReferenceOr::Item(item) => {
                let at = crate::pointer::from_tokens(["components", name, key.as_str()]);
                return Some((at, item));
            }
            ReferenceOr::Reference { reference: next } => reference = next,
        }
    }
    None
}
