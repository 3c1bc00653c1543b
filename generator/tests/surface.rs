//! The public surface users write against, per side, locked: the runtime's client and server
//! modules and the generated client and server of the tasks spec, as signatures without
//! bodies. A change to any of them changes `tests/surface/*.txt`, so it shows in review;
//! after an intended change, `SURFACE_BLESS=1 cargo test -p openapi-rs-generator --test
//! surface` rewrites the files.

use std::path::{Path, PathBuf};

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

/// The files of one side, relative to the workspace's root. The runtime's `validate` module is
/// plumbing but for the two types the crate's root re-exports.
const CLIENT: &[&str] = &[
    "generator/runtime/src/client/mod.rs",
    "generator/runtime/src/client/error.rs",
    "generator/runtime/src/client/reply.rs",
    "generator/runtime/src/validate.rs#Invalid,InvalidParam",
    "generated/src/tasks/client.rs",
];
const SERVER: &[&str] = &[
    "generator/runtime/src/server/mod.rs",
    "generator/runtime/src/server/error.rs",
    "generator/runtime/src/server/input.rs#RequestContext",
    "generator/runtime/src/server/principal.rs",
    "generator/runtime/src/server/problem.rs",
    "generated/src/tasks/server.rs",
];

/// `#[doc(hidden)]` (plumbing for generated code), or `#[cfg(test)]`.
fn hidden(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        let list = a.meta.require_list().ok().map(|l| l.tokens.to_string());
        (a.path().is_ident("doc") && list.as_deref() == Some("hidden"))
            || (a.path().is_ident("cfg") && list.as_deref() == Some("test"))
    })
}

fn public(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

/// Drops bodies and attributes (docs included: wording is not surface), keeping derives and
/// `deprecated`.
fn strip(item: &mut syn::Item) {
    let keep = |a: &syn::Attribute| a.path().is_ident("derive") || a.path().is_ident("deprecated");
    match item {
        syn::Item::Fn(f) => {
            f.attrs.retain(keep);
            f.block.stmts.clear();
        }
        syn::Item::Struct(s) => {
            s.attrs.retain(keep);
            for field in s.fields.iter_mut() {
                field.attrs.clear();
            }
        }
        syn::Item::Enum(e) => {
            e.attrs.retain(keep);
            for v in &mut e.variants {
                v.attrs.retain(keep);
                for field in v.fields.iter_mut() {
                    field.attrs.clear();
                }
            }
        }
        syn::Item::Trait(t) => {
            t.attrs.retain(keep);
            for member in &mut t.items {
                match member {
                    syn::TraitItem::Fn(f) => {
                        f.attrs.retain(keep);
                        f.default = None;
                        f.semi_token = Some(Default::default());
                    }
                    syn::TraitItem::Type(t) => t.attrs.clear(),
                    _ => {}
                }
            }
        }
        syn::Item::Impl(i) => {
            i.attrs.retain(keep);
            for member in &mut i.items {
                match member {
                    syn::ImplItem::Fn(f) => {
                        f.attrs.retain(keep);
                        f.block.stmts.clear();
                    }
                    syn::ImplItem::Const(c) => c.attrs.retain(keep),
                    _ => {}
                }
            }
        }
        syn::Item::Type(t) => t.attrs.retain(keep),
        syn::Item::Const(c) => c.attrs.retain(keep),
        syn::Item::Use(u) => u.attrs.retain(keep),
        _ => {}
    }
}

/// The name of the type an impl is for (`Reply` for `impl<T> Reply<T>`).
fn self_name(i: &syn::ItemImpl) -> Option<String> {
    match &*i.self_ty {
        syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

/// The public items of `file`, stripped; with `only`, just those types and their impls.
fn surface(file: syn::File, only: Option<Vec<&str>>) -> Vec<syn::Item> {
    // Impls of hidden or private types are plumbing too.
    let hidden_types: Vec<String> = file
        .items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Struct(s) if hidden(&s.attrs) || !public(&s.vis) => {
                Some(s.ident.to_string())
            }
            syn::Item::Enum(e) if hidden(&e.attrs) || !public(&e.vis) => Some(e.ident.to_string()),
            _ => None,
        })
        .collect();
    let named = |item: &syn::Item| -> Option<String> {
        match item {
            syn::Item::Struct(s) => Some(s.ident.to_string()),
            syn::Item::Enum(e) => Some(e.ident.to_string()),
            syn::Item::Trait(t) => Some(t.ident.to_string()),
            syn::Item::Fn(f) => Some(f.sig.ident.to_string()),
            syn::Item::Impl(i) => self_name(i),
            _ => None,
        }
    };
    let mut kept = Vec::new();
    for mut item in file.items {
        if let Some(only) = &only {
            if !named(&item).is_some_and(|n| only.contains(&n.as_str())) {
                continue;
            }
        }
        if let syn::Item::Impl(i) = &item {
            if self_name(i).is_some_and(|n| hidden_types.contains(&n)) {
                continue;
            }
        }
        let keep = match &mut item {
            syn::Item::Fn(f) => public(&f.vis) && !hidden(&f.attrs),
            syn::Item::Struct(s) => {
                // Private fields are not surface.
                match &mut s.fields {
                    syn::Fields::Named(fields) => {
                        fields.named = fields
                            .named
                            .clone()
                            .into_iter()
                            .filter(|f| public(&f.vis))
                            .collect();
                    }
                    syn::Fields::Unnamed(fields) => {
                        fields.unnamed = fields
                            .unnamed
                            .clone()
                            .into_iter()
                            .filter(|f| public(&f.vis))
                            .collect();
                    }
                    syn::Fields::Unit => {}
                }
                public(&s.vis) && !hidden(&s.attrs)
            }
            syn::Item::Enum(e) => public(&e.vis) && !hidden(&e.attrs),
            syn::Item::Trait(t) => public(&t.vis) && !hidden(&t.attrs),
            syn::Item::Type(t) => public(&t.vis) && !hidden(&t.attrs),
            syn::Item::Const(c) => public(&c.vis) && !hidden(&c.attrs),
            syn::Item::Use(u) => public(&u.vis) && !hidden(&u.attrs),
            syn::Item::Impl(i) => {
                if hidden(&i.attrs) {
                    false
                } else {
                    let inherent = i.trait_.is_none();
                    i.items.retain(|member| match member {
                        syn::ImplItem::Fn(f) => !inherent || (public(&f.vis) && !hidden(&f.attrs)),
                        syn::ImplItem::Const(c) => !inherent || public(&c.vis),
                        syn::ImplItem::Type(_) => true,
                        _ => false,
                    });
                    !(inherent && i.items.is_empty())
                }
            }
            _ => false,
        };
        if keep {
            strip(&mut item);
            kept.push(item);
        }
    }
    kept
}

fn render(files: &[&str]) -> String {
    let mut out = String::new();
    for entry in files {
        let (path, only) = match entry.split_once('#') {
            Some((path, only)) => (path, Some(only.split(',').collect())),
            None => (*entry, None),
        };
        let text = std::fs::read_to_string(Path::new(ROOT).join(path))
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        let mut file = syn::parse_file(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
        let items = surface(file.clone(), only);
        file.attrs.clear();
        file.items = items;
        let printed = prettyplease::unparse(&file);
        out.push_str(&format!("// {path}\n\n{printed}\n"));
    }
    out
}

fn check(side: &str, files: &[&str]) {
    let path: PathBuf = [
        env!("CARGO_MANIFEST_DIR"),
        "tests",
        "surface",
        &format!("{side}.txt"),
    ]
    .iter()
    .collect();
    let now = render(files);
    if std::env::var_os("SURFACE_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &now).unwrap();
        return;
    }
    let locked = std::fs::read_to_string(&path).unwrap_or_default();
    if locked != now {
        let diff = similar::TextDiff::from_lines(&locked, &now)
            .unified_diff()
            .header("locked", "now")
            .to_string();
        panic!(
            "the {side} surface changed; if that is intended, run SURFACE_BLESS=1 cargo test -p openapi-rs-generator --test surface and commit tests/surface/{side}.txt\n{diff}"
        );
    }
}

#[test]
fn the_client_surface_is_locked() {
    check("client", CLIENT);
}

#[test]
fn the_server_surface_is_locked() {
    check("server", SERVER);
}
