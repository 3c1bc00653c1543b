//! Splitting a gated module into groups of operations, each behind a Cargo feature of its own
//! (`github-repos`), and deciding which groups each type is compiled for: the types a group's
//! operations use, through fields, variants, items and aliases. A consumer that turns on one
//! group compiles its operations and those types, nothing else.

use std::collections::{BTreeMap, BTreeSet};

use crate::config::{Config, GROUP_FROM, GroupBy};
use crate::model::{Api, Groups, Segment, TypeId};

/// Splits `api` into groups as `config` says, under the spec's feature `spec`; the groups'
/// features, in order (none when the module is not split).
pub fn split(api: &mut Api, config: &Config, spec: &str) -> Vec<String> {
    if !config.gated {
        return Vec::new();
    }
    let by = match config.groups {
        GroupBy::Auto if api.operations.len() >= GROUP_FROM => GroupBy::Tag,
        GroupBy::Auto | GroupBy::Off => return Vec::new(),
        by => by,
    };
    let keys: Vec<String> = api
        .operations
        .iter()
        .map(|op| {
            let listed = config
                .group_lists
                .iter()
                .find(|(_, ops)| ops.contains(&op.name.wire))
                .map(|(name, _)| name.as_str());
            if let Some(name) = listed {
                return slug(name);
            }
            let key = match by {
                GroupBy::Path => op.path.segments.iter().find_map(|s| match s {
                    Segment::Literal(l) if !l.is_empty() => Some(l.as_str()),
                    _ => None,
                }),
                _ => op.tag.as_deref(),
            };
            slug(key.unwrap_or(""))
        })
        .collect();
    let names: BTreeSet<&String> = keys.iter().collect();
    let features: Vec<String> = names.iter().map(|k| format!("{spec}-{k}")).collect();
    let index: BTreeMap<&String, usize> = names.iter().enumerate().map(|(i, k)| (*k, i)).collect();
    let mut of_type: BTreeMap<TypeId, BTreeSet<usize>> = BTreeMap::new();
    for (op, key) in api.operations.iter_mut().zip(&keys) {
        let group = index.get(key).copied().unwrap_or(0);
        op.group = Some(group);
        let mut roots: Vec<TypeId> = op.input_types().collect();
        for r in &op.responses {
            roots.extend(r.body.schema());
            roots.extend(r.headers.iter().map(|h| h.ty));
        }
        let mut seen = BTreeSet::new();
        for root in roots {
            api.types.collect_named(root, &mut seen);
        }
        for id in seen {
            of_type.entry(id).or_default().insert(group);
        }
    }
    api.groups = Some(Groups {
        spec: spec.to_owned(),
        features: features.clone(),
        of_type,
    });
    features
}

/// A group's name from a tag or path segment: lower case, `-` between words; `other` for
/// operations with neither.
fn slug(key: &str) -> String {
    let mut out = String::new();
    for c in key.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        "other".to_owned()
    } else {
        out.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn group_names_are_lower_case_words() {
        assert_eq!(slug("copilot-spaces"), "copilot-spaces");
        assert_eq!(slug("Secret Scanning"), "secret-scanning");
        assert_eq!(slug("v1.2/"), "v1-2");
        assert_eq!(slug(""), "other");
        assert_eq!(slug("ü"), "other");
    }
}
