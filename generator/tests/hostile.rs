//! The hostile fixture (`fixtures/specs/hostile.yaml`) puts code-breaking strings (`*/`, `"`,
//! `}`, `#[`, newlines, U+202E, code fences, `r#"`) in every name, description, enum value,
//! default and example it can. The fixtures crate compiles its output with warnings denied;
//! this walks the syntax tree of that output and checks that the strings stayed in doc
//! comments and string literals: every item, attribute and identifier is one the generator
//! makes for any spec of this shape, and nothing a string spelled became code.

use std::collections::BTreeSet;
use std::path::Path;

use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens;

mod common;

fn generated() -> Vec<(String, syn::File)> {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/specs/hostile.yaml");
    let output = common::generate_file(
        &spec,
        Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap(),
    )
    .unwrap_or_else(|errors| panic!("{errors:?}"));
    output
        .files
        .into_iter()
        .map(|(name, text)| {
            let file = syn::parse_file(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            (name, file)
        })
        .collect()
}

/// `file: kind name` for every item, with impl and trait members under their owner.
fn items(file: &str, list: &[syn::Item], owner: &str, out: &mut BTreeSet<String>) {
    for item in list {
        let (kind, name) = match item {
            syn::Item::Struct(i) => ("struct", i.ident.to_string()),
            syn::Item::Enum(i) => ("enum", i.ident.to_string()),
            syn::Item::Fn(i) => ("fn", i.sig.ident.to_string()),
            syn::Item::Const(i) => ("const", i.ident.to_string()),
            syn::Item::Type(i) => ("type", i.ident.to_string()),
            syn::Item::Use(_) => continue,
            // The runtime's feature gates: the items inside are the file's own.
            syn::Item::Macro(m)
                if matches!(
                    m.mac.path.to_token_stream().to_string().as_str(),
                    "rt :: if_client" | "rt :: if_server"
                ) =>
            {
                let inner: syn::File = syn::parse2(m.mac.tokens.clone()).unwrap();
                items(file, &inner.items, owner, out);
                continue;
            }
            syn::Item::Mod(i) => {
                if let Some((_, content)) = &i.content {
                    items(file, content, &format!("{owner}{}::", i.ident), out);
                }
                ("mod", i.ident.to_string())
            }
            syn::Item::Trait(i) => {
                for member in &i.items {
                    if let syn::TraitItem::Fn(f) = member {
                        out.insert(format!("{file}: {owner}{}::fn {}", i.ident, f.sig.ident));
                    }
                }
                ("trait", i.ident.to_string())
            }
            syn::Item::Impl(i) => {
                let target = i.self_ty.to_token_stream().to_string().replace(' ', "");
                let name = match &i.trait_ {
                    Some((path, _)) => format!(
                        "{} for {target}",
                        path.to_token_stream().to_string().replace(' ', "")
                    ),
                    None => target,
                };
                for member in &i.items {
                    match member {
                        syn::ImplItem::Fn(f) => {
                            out.insert(format!("{file}: impl {name}::fn {}", f.sig.ident));
                        }
                        syn::ImplItem::Const(c) => {
                            out.insert(format!("{file}: impl {name}::const {}", c.ident));
                        }
                        _ => {}
                    }
                }
                ("impl", name)
            }
            other => panic!(
                "{file}: an item of a kind the generator never writes: {}",
                other.to_token_stream()
            ),
        };
        out.insert(format!("{file}: {owner}{kind} {name}"));
    }
}

/// Every identifier and string literal in a token stream, and every attribute's path.
fn tokens(stream: TokenStream, idents: &mut BTreeSet<String>, strings: &mut Vec<String>) {
    for tree in stream {
        match tree {
            TokenTree::Ident(i) => {
                idents.insert(i.to_string());
            }
            TokenTree::Literal(l) => {
                if let Ok(syn::Lit::Str(s)) = syn::parse2::<syn::Lit>(l.into_token_stream()) {
                    strings.push(s.value());
                }
            }
            TokenTree::Group(g) => tokens(g.stream(), idents, strings),
            TokenTree::Punct(_) => {}
        }
    }
}

#[test]
fn spec_strings_never_become_code() {
    let files = generated();
    let mut found = BTreeSet::new();
    let mut idents = BTreeSet::new();
    let mut strings = Vec::new();
    for (name, file) in &files {
        items(name, &file.items, "", &mut found);
        tokens(file.to_token_stream(), &mut idents, &mut strings);
    }
    let expected: BTreeSet<String> = include_str!("hostile.items")
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();
    let extra: Vec<&String> = found.difference(&expected).collect();
    let missing: Vec<&String> = expected.difference(&found).collect();
    assert!(
        extra.is_empty() && missing.is_empty(),
        "items not in tests/hostile.items: {extra:#?}\nitems missing: {missing:#?}"
    );

    // The spec spells `fn evil() {}`, `#[no_mangle]` and `#[derive(Evil)]` in many places;
    // none may reach the tokens as code.
    for word in ["evil", "no_mangle", "Evil", "cfg_attr"] {
        assert!(!idents.contains(word), "`{word}` became an identifier");
    }
    // Attributes are the generator's own, whatever the spec says.
    let allowed = [
        "doc",
        "derive",
        "default",
        "allow",
        "cfg",
        "deprecated",
        "rustfmt",
    ];
    for (name, file) in &files {
        let mut attrs = Vec::new();
        collect_attrs(file.to_token_stream(), &mut attrs);
        for attr in attrs {
            assert!(allowed.contains(&attr.as_str()), "{name}: #[{attr}]");
        }
    }
    // Values travel intact, as string literals: enum values, defaults, wire names.
    for value in [
        "*/",
        "\"}",
        "#[x]",
        "r#\"raw\"#",
        "```",
        "a\nb",
        "\u{202e}",
        "r#\"raw\"# \"}",
        "\"); fn evil() { (\"",
        "q\"}*/#[x]",
        "key\"}*/",
    ] {
        assert!(
            strings.iter().any(|s| s == value),
            "{value:?} is not a literal"
        );
    }
    // A right-to-left override never reaches a comment as it is (rustc refuses it there, and
    // a reader would see text reordered).
    for (name, file) in &files {
        for attr in doc_strings(file.to_token_stream()) {
            assert!(!attr.contains('\u{202e}'), "{name}: {attr:?}");
        }
    }
}

/// The paths of all attributes (`#[...]` and `#![...]`).
fn collect_attrs(stream: TokenStream, out: &mut Vec<String>) {
    let trees: Vec<TokenTree> = stream.into_iter().collect();
    for (i, tree) in trees.iter().enumerate() {
        if let TokenTree::Group(g) = tree {
            let after_hash = i > 0
                && matches!(&trees[i - 1], TokenTree::Punct(p) if p.as_char() == '#')
                || i > 1
                    && matches!(&trees[i - 1], TokenTree::Punct(p) if p.as_char() == '!')
                    && matches!(&trees[i - 2], TokenTree::Punct(p) if p.as_char() == '#');
            if after_hash && g.delimiter() == proc_macro2::Delimiter::Bracket {
                if let Some(TokenTree::Ident(path)) = g.stream().into_iter().next() {
                    out.push(path.to_string());
                }
            }
            collect_attrs(g.stream(), out);
        }
    }
}

fn doc_strings(stream: TokenStream) -> Vec<String> {
    let mut out = Vec::new();
    let trees: Vec<TokenTree> = stream.into_iter().collect();
    for (i, tree) in trees.iter().enumerate() {
        if let TokenTree::Group(g) = tree {
            let inner: Vec<TokenTree> = g.stream().into_iter().collect();
            let is_doc = i > 0
                && matches!(&trees[i - 1], TokenTree::Punct(p) if p.as_char() == '#' || p.as_char() == '!')
                && matches!(inner.first(), Some(TokenTree::Ident(id)) if id == "doc");
            if is_doc {
                if let Some(TokenTree::Literal(l)) = inner.get(2) {
                    if let Ok(syn::Lit::Str(s)) = syn::parse2::<syn::Lit>(l.into_token_stream()) {
                        out.push(s.value());
                    }
                }
            }
            out.extend(doc_strings(g.stream()));
        }
    }
    out
}
