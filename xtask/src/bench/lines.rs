//! Lines of generated code the compiler reads under a feature selection: the crate's files,
//! with every item, member, variant, element or statement whose `cfg` the selection leaves out
//! removed, printed as the generator prints them.

use std::collections::BTreeSet;
use std::path::Path;

use syn::visit_mut::{self, VisitMut};

/// The features a selection turns on: those named, and those each of them lists in the
/// manifest's `[features]` table, transitively.
pub fn resolve(manifest: &str, selected: &str) -> BTreeSet<String> {
    let table = features_table(manifest);
    let mut on = BTreeSet::new();
    let mut todo: Vec<String> = selected.split(',').map(str::to_owned).collect();
    while let Some(feature) = todo.pop() {
        if on.insert(feature.clone())
            && let Some((_, implied)) = table.iter().find(|(name, _)| *name == feature)
        {
            todo.extend(implied.iter().cloned());
        }
    }
    on
}

/// `name = ["a", "b", ...]` entries of `[features]`, arrays possibly over several lines.
fn features_table(manifest: &str) -> Vec<(String, Vec<String>)> {
    let mut in_table = false;
    let mut pending = String::new();
    let mut table = Vec::new();
    for line in manifest.lines() {
        let line = line.split('#').next().unwrap_or_default().trim();
        if line.starts_with('[') && pending.is_empty() && !line.contains('=') {
            in_table = line == "[features]";
            continue;
        }
        if !in_table || line.is_empty() {
            continue;
        }
        pending.push_str(line);
        if !pending.contains(']') {
            continue;
        }
        if let Some((name, list)) = pending.split_once('=') {
            let list = list.trim().trim_start_matches('[').trim_end_matches(']');
            let implied = list
                .split(',')
                .map(|f| f.trim().trim_matches('"').to_owned())
                .filter(|f| !f.is_empty())
                .collect();
            table.push((name.trim().to_owned(), implied));
        }
        pending.clear();
    }
    table
}

/// Lines of the crate rooted at `src/lib.rs` that `on` compiles. Modules declared without a
/// body are read from their files; the runtime's `if_client!`/`if_server!` hold theirs when
/// `client`/`server` is on.
pub fn count(src: &Path, on: &BTreeSet<String>) -> Result<usize, String> {
    count_file(&src.join("lib.rs"), src, on)
}

fn count_file(file: &Path, dir: &Path, on: &BTreeSet<String>) -> Result<usize, String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let mut parsed = syn::parse_file(&text).map_err(|e| format!("{}: {e}", file.display()))?;
    Keep { on }.visit_file_mut(&mut parsed);
    let mut lines = prettyplease::unparse(&parsed).lines().count();
    let mut submodules = Vec::new();
    for item in &parsed.items {
        match item {
            syn::Item::Mod(m) if m.content.is_none() => submodules.push(m.ident.to_string()),
            syn::Item::Macro(m) => {
                let side = m.mac.path.segments.last().map(|s| s.ident.to_string());
                let wanted = match side.as_deref() {
                    Some("if_client") => on.contains("client"),
                    Some("if_server") => on.contains("server"),
                    _ => false,
                };
                if let (true, Ok(inner)) = (wanted, syn::parse2::<syn::File>(m.mac.tokens.clone()))
                {
                    submodules.extend(inner.items.iter().filter_map(|i| match i {
                        syn::Item::Mod(m) if m.content.is_none() => Some(m.ident.to_string()),
                        _ => None,
                    }));
                }
            }
            _ => {}
        }
    }
    for name in submodules {
        let (file, inner) = if dir.join(&name).join("mod.rs").exists() {
            (dir.join(&name).join("mod.rs"), dir.join(&name))
        } else {
            (dir.join(format!("{name}.rs")), dir.join(&name))
        };
        lines += count_file(&file, &inner, on)?;
    }
    Ok(lines)
}

/// The group of `module` (a feature its own feature turns on) whose selection compiles the
/// most lines of the module's types, where nearly all of a group's code is: each item of
/// `types.rs` (and of its inner modules) counted for every group that keeps it.
pub fn largest_group(src: &Path, manifest: &str, module: &str) -> Result<String, String> {
    let groups = features_table(manifest)
        .into_iter()
        .find(|(name, _)| name == module)
        .map(|(_, groups)| groups)
        .ok_or_else(|| format!("no feature `{module}` in the manifest"))?;
    let file = src.join(module).join("types.rs");
    let text = std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
    let parsed = syn::parse_file(&text).map_err(|e| format!("{}: {e}", file.display()))?;
    let mut items = Vec::new();
    for item in parsed.items {
        match item {
            syn::Item::Mod(syn::ItemMod {
                content: Some((_, inner)),
                ..
            }) => items.extend(inner),
            other => items.push(other),
        }
    }
    let mut sizes = vec![0usize; groups.len()];
    // Each item is printed alone, in a file of its own.
    let mut holder = syn::parse_file("").map_err(|e| e.to_string())?;
    for item in items {
        let cfgs = Cfg::of(item_attrs(&item));
        holder.items = vec![item];
        let printed = prettyplease::unparse(&holder);
        let lines = printed.lines().count();
        // Only the groups an item's `cfg` names can keep it; an item without one is everyone's.
        let mut named = BTreeSet::new();
        cfgs.iter().for_each(|c| c.features(&mut named));
        for (group, size) in groups.iter().zip(&mut sizes) {
            if !cfgs.is_empty() && !named.contains(group) {
                continue;
            }
            let on = BTreeSet::from([group.clone()]);
            if cfgs.iter().all(|c| c.holds(&on)) {
                *size += lines;
            }
        }
    }
    groups
        .into_iter()
        .zip(sizes)
        .max_by_key(|(_, size)| *size)
        .map(|(group, _)| group)
        .ok_or_else(|| format!("`{module}` has no groups"))
}

/// A `cfg` predicate, parsed once: `feature = ".."`, `any`, `all`, `not`; anything else
/// (or what does not parse) is off.
enum Cfg {
    Feature(String),
    Any(Vec<Cfg>),
    All(Vec<Cfg>),
    Not(Vec<Cfg>),
    Off,
}

impl Cfg {
    /// The predicates of the `cfg` attributes among `attrs`.
    fn of(attrs: &[syn::Attribute]) -> Vec<Cfg> {
        attrs
            .iter()
            .filter(|a| a.path().is_ident("cfg"))
            .map(|a| {
                a.parse_args::<syn::Meta>()
                    .map_or(Cfg::Off, |m| Cfg::from(&m))
            })
            .collect()
    }

    fn from(meta: &syn::Meta) -> Cfg {
        match meta {
            syn::Meta::NameValue(nv) if nv.path.is_ident("feature") => match &nv.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => Cfg::Feature(s.value()),
                _ => Cfg::Off,
            },
            syn::Meta::List(list) => {
                let Ok(inner) = list.parse_args_with(
                    syn::punctuated::Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated,
                ) else {
                    return Cfg::Off;
                };
                let inner = inner.iter().map(Cfg::from).collect();
                if list.path.is_ident("any") {
                    Cfg::Any(inner)
                } else if list.path.is_ident("all") {
                    Cfg::All(inner)
                } else if list.path.is_ident("not") {
                    Cfg::Not(inner)
                } else {
                    Cfg::Off
                }
            }
            _ => Cfg::Off,
        }
    }

    fn holds(&self, on: &BTreeSet<String>) -> bool {
        match self {
            Cfg::Feature(name) => on.contains(name),
            Cfg::Any(inner) => inner.iter().any(|c| c.holds(on)),
            Cfg::All(inner) => inner.iter().all(|c| c.holds(on)),
            Cfg::Not(inner) => !inner.iter().all(|c| c.holds(on)),
            Cfg::Off => false,
        }
    }

    /// The features the predicate names.
    fn features(&self, into: &mut BTreeSet<String>) {
        match self {
            Cfg::Feature(name) => {
                into.insert(name.clone());
            }
            Cfg::Any(inner) | Cfg::All(inner) | Cfg::Not(inner) => {
                inner.iter().for_each(|c| c.features(into));
            }
            Cfg::Off => {}
        }
    }
}

/// Removes what the features leave out.
struct Keep<'a> {
    on: &'a BTreeSet<String>,
}

impl Keep<'_> {
    fn keeps(&self, attrs: &[syn::Attribute]) -> bool {
        Cfg::of(attrs).iter().all(|c| c.holds(self.on))
    }
}

fn item_attrs(item: &syn::Item) -> &[syn::Attribute] {
    match item {
        syn::Item::Const(i) => &i.attrs,
        syn::Item::Enum(i) => &i.attrs,
        syn::Item::Fn(i) => &i.attrs,
        syn::Item::Impl(i) => &i.attrs,
        syn::Item::Macro(i) => &i.attrs,
        syn::Item::Mod(i) => &i.attrs,
        syn::Item::Static(i) => &i.attrs,
        syn::Item::Struct(i) => &i.attrs,
        syn::Item::Trait(i) => &i.attrs,
        syn::Item::Type(i) => &i.attrs,
        syn::Item::Use(i) => &i.attrs,
        _ => &[],
    }
}

fn stmt_attrs(stmt: &syn::Stmt) -> &[syn::Attribute] {
    match stmt {
        syn::Stmt::Local(l) => &l.attrs,
        syn::Stmt::Item(i) => item_attrs(i),
        syn::Stmt::Expr(e, _) => expr_attrs(e),
        syn::Stmt::Macro(m) => &m.attrs,
    }
}

fn expr_attrs(expr: &syn::Expr) -> &[syn::Attribute] {
    match expr {
        syn::Expr::Call(e) => &e.attrs,
        syn::Expr::MethodCall(e) => &e.attrs,
        syn::Expr::Path(e) => &e.attrs,
        syn::Expr::Struct(e) => &e.attrs,
        syn::Expr::Macro(e) => &e.attrs,
        syn::Expr::Assign(e) => &e.attrs,
        syn::Expr::Block(e) => &e.attrs,
        syn::Expr::If(e) => &e.attrs,
        syn::Expr::Match(e) => &e.attrs,
        syn::Expr::Tuple(e) => &e.attrs,
        syn::Expr::Reference(e) => &e.attrs,
        syn::Expr::Lit(e) => &e.attrs,
        _ => &[],
    }
}

impl VisitMut for Keep<'_> {
    fn visit_file_mut(&mut self, file: &mut syn::File) {
        file.items.retain(|i| self.keeps(item_attrs(i)));
        visit_mut::visit_file_mut(self, file);
    }

    fn visit_item_mod_mut(&mut self, module: &mut syn::ItemMod) {
        if let Some((_, items)) = &mut module.content {
            items.retain(|i| self.keeps(item_attrs(i)));
        }
        visit_mut::visit_item_mod_mut(self, module);
    }

    fn visit_item_impl_mut(&mut self, block: &mut syn::ItemImpl) {
        block.items.retain(|i| match i {
            syn::ImplItem::Fn(f) => self.keeps(&f.attrs),
            syn::ImplItem::Const(c) => self.keeps(&c.attrs),
            syn::ImplItem::Type(t) => self.keeps(&t.attrs),
            _ => true,
        });
        visit_mut::visit_item_impl_mut(self, block);
    }

    fn visit_item_trait_mut(&mut self, block: &mut syn::ItemTrait) {
        block.items.retain(|i| match i {
            syn::TraitItem::Fn(f) => self.keeps(&f.attrs),
            syn::TraitItem::Const(c) => self.keeps(&c.attrs),
            syn::TraitItem::Type(t) => self.keeps(&t.attrs),
            _ => true,
        });
        visit_mut::visit_item_trait_mut(self, block);
    }

    fn visit_item_enum_mut(&mut self, item: &mut syn::ItemEnum) {
        item.variants = std::mem::take(&mut item.variants)
            .into_iter()
            .filter(|v| self.keeps(&v.attrs))
            .collect();
        visit_mut::visit_item_enum_mut(self, item);
    }

    fn visit_block_mut(&mut self, block: &mut syn::Block) {
        block.stmts.retain(|s| self.keeps(stmt_attrs(s)));
        visit_mut::visit_block_mut(self, block);
    }

    fn visit_expr_array_mut(&mut self, array: &mut syn::ExprArray) {
        array.elems = std::mem::take(&mut array.elems)
            .into_iter()
            .filter(|e| self.keeps(expr_attrs(e)))
            .collect();
        visit_mut::visit_expr_array_mut(self, array);
    }

    fn visit_expr_match_mut(&mut self, expr: &mut syn::ExprMatch) {
        expr.arms.retain(|a| self.keeps(&a.attrs));
        visit_mut::visit_expr_match_mut(self, expr);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_group_keeps_its_items_and_the_ungated_ones() {
        let manifest = "[package]\nname = \"x\"\n\n[features]\nclient = [\"rt/client\"]\nspecs = [\"pets\"]\npets = [\n  \"pets-dogs\",\n  \"pets-cats\",\n]\n";
        let on = resolve(manifest, "client,specs");
        assert!(on.contains("pets-cats") && on.contains("rt/client"));
        let dogs = resolve(manifest, "pets-dogs");
        assert_eq!(dogs.len(), 1);
        let file: syn::File = syn::parse_quote! {
            pub struct Shared;
            #[cfg(feature = "pets-dogs")]
            pub struct Dog;
            #[cfg(any(feature = "pets-cats", feature = "pets-lions"))]
            pub struct Cat;
            pub fn routes() -> [u8; 2] {
                [
                    #[cfg(feature = "pets-dogs")]
                    1,
                    #[cfg(not(feature = "pets-dogs"))]
                    2,
                ]
            }
        };
        let mut kept = file.clone();
        Keep { on: &dogs }.visit_file_mut(&mut kept);
        let text = prettyplease::unparse(&kept);
        assert!(text.contains("struct Dog") && text.contains("struct Shared"));
        assert!(!text.contains("struct Cat"));
        assert!(!text.contains("not(feature"), "{text}");
        assert!(text.contains("1"), "{text}");
    }
}
