//! Where recursive types need a `Box`.

use crate::model::{Type, TypeId, TypeSpace};

/// Marks the struct fields and union variants that must be boxed: those through which a type
/// contains itself without an indirection (`Vec` and maps already are one; `Option` is not).
pub fn mark_boxes(types: &mut TypeSpace) {
    let named: Vec<TypeId> = types.named().map(|(id, _)| id).collect();
    for id in named {
        match types.get(id).clone() {
            Type::Struct(mut def) => {
                for i in 0..def.fields.len() {
                    let Some(ty) = def.fields.get(i).map(|f| f.ty) else {
                        continue;
                    };
                    if reaches(types, ty, id, &mut Vec::new()) {
                        if let Some(f) = def.fields.get_mut(i) {
                            f.boxed = true;
                        }
                        // Later checks see the box, so a cycle is broken only once.
                        types.set(id, Type::Struct(def.clone()));
                    }
                }
            }
            Type::Union(mut def) => {
                for i in 0..def.variants.len() {
                    let Some(ty) = def.variants.get(i).map(|v| v.ty) else {
                        continue;
                    };
                    if reaches(types, ty, id, &mut Vec::new()) {
                        if let Some(v) = def.variants.get_mut(i) {
                            v.boxed = true;
                        }
                        types.set(id, Type::Union(def.clone()));
                    }
                }
            }
            _ => {}
        }
    }
}

/// Whether `from` contains `target` by value.
fn reaches(types: &TypeSpace, from: TypeId, target: TypeId, seen: &mut Vec<TypeId>) -> bool {
    if from == target {
        return true;
    }
    if seen.contains(&from) {
        return false;
    }
    seen.push(from);
    match types.get(from) {
        Type::Struct(def) => def
            .fields
            .iter()
            .filter(|f| !f.boxed)
            .any(|f| reaches(types, f.ty, target, seen)),
        Type::Union(def) => def
            .variants
            .iter()
            .filter(|v| !v.boxed)
            .any(|v| reaches(types, v.ty, target, seen)),
        Type::Alias { target: next, .. } => reaches(types, *next, target, seen),
        // A tuple holds its items by value; the field holding the tuple gets the box.
        Type::Nullable(inner) => reaches(types, *inner, target, seen),
        Type::Tuple(items) => items.iter().any(|i| reaches(types, *i, target, seen)),
        _ => false,
    }
}
