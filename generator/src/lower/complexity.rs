//! Deeply nested anonymous types get a name.
//!
//! A spec may nest arrays and maps of inline schemas many levels deep; written out in a field,
//! such a type is hard to read and trips clippy's `type_complexity`. Where a field, variant
//! or body would hold one, it holds a `pub type` named after its place instead, the way a
//! careful author would factor it.

use crate::model::{BodyKind, Operation, Type, TypeId, TypeSpace};
use crate::naming::{self, Namespace};

/// Clippy's default `type-complexity-threshold`; a type that scores more is named.
const LIMIT: u32 = 250;

/// Names the nested types held by struct fields, union variants and operation bodies.
pub fn name_complex_types(
    types: &mut TypeSpace,
    names: &mut Namespace,
    operations: &mut [Operation],
) {
    let named: Vec<TypeId> = types.named().map(|(id, _)| id).collect();
    for id in named {
        match types.get(id).clone() {
            Type::Struct(mut def) => {
                let mut changed = false;
                for f in &mut def.fields {
                    // `Option<Option<Box<T>>>` at the most.
                    let wrappers = u32::from(!f.required || f.nullable)
                        + u32::from(!f.required && f.nullable)
                        + u32::from(f.boxed);
                    let hint = format!(
                        "{}{}",
                        def.name,
                        naming::camel(f.name.rust.as_str(), "F", "Field")
                    );
                    changed |= name_if_complex(types, names, &mut f.ty, wrappers, &hint);
                }
                if changed {
                    types.set(id, Type::Struct(def));
                }
            }
            Type::Union(mut def) => {
                let mut changed = false;
                for v in &mut def.variants {
                    let hint = format!("{}{}", def.name, v.name);
                    changed |= name_if_complex(types, names, &mut v.ty, u32::from(v.boxed), &hint);
                }
                if changed {
                    types.set(id, Type::Union(def));
                }
            }
            _ => {}
        }
    }
    for op in operations {
        // Named like the operation's inline types (`ListPetsOkBody`).
        let base = naming::camel(op.name.rust.as_str(), "Op", "Operation");
        for r in &mut op.responses {
            if let Some(ty) = r.body.schema_mut() {
                let hint = format!("{base}{}Body", r.variant);
                name_if_complex(types, names, ty, 0, &hint);
            }
        }
        if let Some(body) = &mut op.body {
            let wrappers = u32::from(!body.required);
            for c in &mut body.contents {
                if let BodyKind::Json(ty) | BodyKind::Form(ty) = &mut c.kind {
                    let hint = format!("{base}{}Body", c.variant);
                    name_if_complex(types, names, ty, wrappers, &hint);
                }
            }
        }
    }
}

/// Replaces `ty` by an alias named from `hint` when, inside `wrappers` generic wrappers, it
/// would score above the limit. Whether it did.
fn name_if_complex(
    types: &mut TypeSpace,
    names: &mut Namespace,
    ty: &mut TypeId,
    wrappers: u32,
    hint: &str,
) -> bool {
    let anonymous = matches!(
        types.get(*ty),
        Type::Array(_) | Type::Map(_) | Type::Tuple(_) | Type::Nullable(_)
    );
    let around: u32 = (1..=wrappers).map(|n| 10 * n).sum();
    if !anonymous || around + score(types, *ty, wrappers + 1) <= LIMIT {
        return false;
    }
    let name = names.claim(naming::type_name(hint));
    *ty = types.add(Type::Alias {
        name,
        target: *ty,
        description: None,
        deprecated: false,
    });
    true
}

/// The score clippy's `type_complexity` gives the type as the emitters print it, at nesting
/// level `nest`: each path or tuple adds ten times its level, and its arguments sit one level
/// deeper.
fn score(types: &TypeSpace, id: TypeId, nest: u32) -> u32 {
    let here = 10 * nest;
    let inner = |id: TypeId| score(types, id, nest + 1);
    match types.get(id) {
        // `Vec<T>`, `Option<T>`.
        Type::Array(item) | Type::Nullable(item) => here + inner(*item),
        // `BTreeMap<String, T>`.
        Type::Map(value) => here + 10 * (nest + 1) + inner(*value),
        Type::Tuple(items) => here + items.iter().map(|i| inner(*i)).sum::<u32>(),
        // `chrono::DateTime<chrono::Utc>`.
        Type::DateTime => here + 10 * (nest + 1),
        _ => here,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_like_clippy() {
        let mut types = TypeSpace::default();
        let int = types.add(Type::Integer(crate::model::IntKind::I64));
        let vec = types.add(Type::Array(int));
        // Vec<i64>: 10 + 20.
        assert_eq!(score(&types, vec, 1), 30);
        let map = types.add(Type::Map(vec));
        // BTreeMap<String, Vec<i64>>: 10 + 20 + 20 + 30.
        assert_eq!(score(&types, map, 1), 80);
        let mut deep = map;
        for _ in 0..3 {
            deep = types.add(Type::Array(deep));
        }
        let mut names = Namespace::new();
        let mut held = deep;
        assert!(name_if_complex(
            &mut types,
            &mut names,
            &mut held,
            1,
            "ThingField"
        ));
        assert!(
            matches!(types.get(held), Type::Alias { name, .. } if name.as_str() == "ThingField")
        );
        let mut small = vec;
        assert!(!name_if_complex(
            &mut types, &mut names, &mut small, 2, "Small"
        ));
    }
}
