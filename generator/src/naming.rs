//! The one place where spec strings become Rust identifiers.
//!
//! Every identifier the emitters print comes out of this module as an [`Ident`], which is
//! always a valid, non-keyword, ASCII Rust identifier; [`Namespace`] keeps identifiers in one
//! scope apart. Wire names are kept separately (see [`crate::model::Name`]).

use std::collections::BTreeSet;
use std::fmt;
use std::path::Path;

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

/// Strict and reserved keywords of every edition, which cannot be plain identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Names that generated type modules use unqualified (the prelude, and what they import), so a
/// spec type may not take them.
const RESERVED_TYPE_NAMES: &[&str] = &[
    "Box",
    "Clone",
    "Copy",
    "Debug",
    "Default",
    "Deserialize",
    "Eq",
    "Err",
    "From",
    "Hash",
    "Into",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "PartialEq",
    "Result",
    "Send",
    "Serialize",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToString",
    "Vec",
];

/// A valid Rust identifier (never a keyword, never `_` alone, ASCII only).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ident(String);

impl Ident {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `first_second`: two snake case identifiers joined, itself one (never a keyword, which
    /// has no `_` between words).
    pub fn joined(first: &Ident, second: &Ident) -> Ident {
        Ident(format!("{}_{}", first.0, second.0))
    }

    /// `value_1` from `_1`: a name of underscores and digits (which clippy refuses as a binding)
    /// behind `value`, itself a valid name that is no keyword.
    pub fn value_of(name: &Ident) -> Ident {
        Ident(format!("value{}", name.0))
    }

    /// Appends a suffix that keeps the identifier valid (ASCII alphanumerics or `_`).
    fn suffixed(&self, suffix: &str) -> Ident {
        debug_assert!(
            suffix
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_')
        );
        Ident(format!("{}{suffix}", self.0))
    }
}

impl fmt::Display for Ident {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Rewrites a spec string into words heck can case-convert: ASCII letters and digits are kept,
/// any other character separates words, and non-ASCII letters become `uXXXX` so that names
/// in other scripts stay distinct instead of vanishing.
fn ascii_words(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if c.is_alphanumeric() {
            out.push_str(&format!(" u{:x} ", c as u32));
        } else {
            out.push(' ');
        }
    }
    out
}

fn is_keyword(s: &str) -> bool {
    KEYWORDS.contains(&s)
}

/// A `snake_case` identifier for a field, function, parameter or module. `fallback` (itself
/// snake case) is used when the name has no usable character.
pub fn snake(raw: &str, fallback: &str) -> Ident {
    let mut s = ascii_words(raw).to_snake_case();
    if s.is_empty() {
        s = fallback.to_owned();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, '_');
    }
    if is_keyword(&s) {
        s.push('_');
    }
    Ident(s)
}

/// An `UpperCamelCase` identifier for a type or enum variant. `prefix` goes in front of a name
/// that starts with a digit; `fallback` is used when the name has no usable character.
pub fn camel(raw: &str, prefix: &str, fallback: &str) -> Ident {
    let mut s = ascii_words(raw).to_upper_camel_case();
    if s.is_empty() {
        s = fallback.to_owned();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert_str(0, prefix);
    }
    if is_keyword(&s) {
        // Only `Self` can get here; a suffix keeps it camel case.
        s.push_str("Value");
    }
    Ident(s)
}

/// A `SCREAMING_SNAKE_CASE` identifier for a constant. `fallback` is used when the name has no
/// usable character.
pub fn constant(raw: &str, fallback: &str) -> Ident {
    let mut s = ascii_words(raw).to_shouty_snake_case();
    if s.is_empty() {
        s = fallback.to_owned();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, '_');
    }
    // `SELF` and friends are not keywords; only `_` alone is not an identifier.
    if s == "_" {
        s = fallback.to_owned();
    }
    Ident(s)
}

/// A type name: [`camel`], kept clear of the prelude names generated modules rely on.
pub fn type_name(raw: &str) -> Ident {
    let ident = camel(raw, "T", "Anonymous");
    if RESERVED_TYPE_NAMES.contains(&ident.as_str()) {
        ident.suffixed("Schema")
    } else {
        ident
    }
}

/// The module name of a spec file, from its file stem.
pub fn module_name(path: &Path) -> String {
    let name = |p: Option<&std::ffi::OsStr>| p.map(|s| s.to_string_lossy().into_owned());
    let stem = name(path.file_stem()).unwrap_or_default();
    // A multi-file spec's entry has a generic name: its folder names the API.
    let folder = path.parent().and_then(|p| name(p.file_name()));
    let named = match folder {
        Some(folder) if crate::codegen::is_entry_stem(&stem) && !folder.is_empty() => folder,
        _ => stem,
    };
    snake(&named, "api").0
}

/// Names clippy refuses as bindings (`disallowed_names`), though they are fine fields.
pub const PLACEHOLDER_NAMES: &[&str] = &["foo", "baz", "quux"];

/// The identifiers already taken in one scope. Claiming a taken name yields the first free
/// variant with a numeric suffix, so every spec name gets its own identifier, deterministically
/// (in the order names are claimed).
#[derive(Clone, Debug, Default)]
pub struct Namespace {
    taken: BTreeSet<String>,
}

impl Namespace {
    pub fn new() -> Self {
        Self::default()
    }

    /// A namespace where `reserved` are taken from the start.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Namespace {
            taken: reserved.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    /// `wanted`, or `wanted` with underscores appended until it is free (for locals, which
    /// read best close to the name they stand for).
    pub fn claim_with_underscores(&mut self, wanted: Ident) -> Ident {
        let mut name = wanted;
        while !self.taken.insert(name.0.clone()) {
            name = name.suffixed("_");
        }
        name
    }

    /// A binding (a local, an argument) for a field named `field`: its name, unless clippy
    /// refuses that as a binding (a placeholder name), with underscores added until it is free.
    pub fn claim_binding(&mut self, field: &Ident) -> Ident {
        let wanted = if PLACEHOLDER_NAMES.contains(&field.as_str()) {
            field.suffixed("_")
        } else {
            field.clone()
        };
        self.claim_with_underscores(wanted)
    }

    pub fn claim(&mut self, wanted: Ident) -> Ident {
        if self.taken.insert(wanted.0.clone()) {
            return wanted;
        }
        // snake_case names take `_2`; CamelCase names take a bare `2` to stay camel case.
        let sep = if wanted.0.starts_with(|c: char| c.is_ascii_uppercase()) {
            ""
        } else {
            "_"
        };
        (2..)
            .map(|n| wanted.suffixed(&format!("{sep}{n}")))
            .find(|candidate| self.taken.insert(candidate.0.clone()))
            .unwrap_or(wanted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid(s: &str) -> bool {
        syn::parse_str::<syn::Ident>(s).is_ok()
    }

    #[test]
    fn snake_cases() {
        let cases = [
            ("UserMessagePostHandler", "user_message_post_handler"),
            ("cloudId", "cloud_id"),
            ("page-size", "page_size"),
            ("page_size", "page_size"),
            ("HTTPServer", "http_server"),
            ("type", "type_"),
            ("self", "self_"),
            ("Self", "self_"),
            ("crate", "crate_"),
            ("super", "super_"),
            ("match", "match_"),
            ("1st", "_1st"),
            ("200", "_200"),
            ("", "value"),
            ("---", "value"),
            ("$ref", "ref_"),
            ("a.b c", "a_b_c"),
            ("café", "caf_ue9"),
            ("日本", "u65e5_u672c"),
            ("x-api-key", "x_api_key"),
        ];
        for (raw, want) in cases {
            let got = snake(raw, "value");
            assert_eq!(got.as_str(), want, "snake({raw:?})");
            assert!(valid(got.as_str()), "{got} is not an identifier");
        }
    }

    #[test]
    fn camel_cases() {
        let cases = [
            ("pet", "Pet"),
            ("Pet.Status", "PetStatus"),
            ("Self", "SelfValue"),
            ("1", "V1"),
            ("+1", "V1"),
            ("", "Empty"),
            ("a-b", "AB"),
            ("type", "Type"),
        ];
        for (raw, want) in cases {
            let got = camel(raw, "V", "Empty");
            assert_eq!(got.as_str(), want, "camel({raw:?})");
            assert!(valid(got.as_str()));
        }
    }

    #[test]
    fn type_names_avoid_prelude() {
        for name in [
            "Result", "Option", "String", "Box", "Vec", "result", "string",
        ] {
            let got = type_name(name);
            assert!(got.as_str().ends_with("Schema"), "{name} became {got}");
        }
        assert_eq!(type_name("Error").as_str(), "Error");
        assert_eq!(type_name("1Password").as_str(), "T1password");
        assert_eq!(type_name("").as_str(), "Anonymous");
    }

    #[test]
    fn namespace_keeps_names_apart() {
        let mut ns = Namespace::new();
        assert_eq!(ns.claim(snake("page-size", "p")).as_str(), "page_size");
        assert_eq!(ns.claim(snake("page_size", "p")).as_str(), "page_size_2");
        assert_eq!(ns.claim(snake("pageSize", "p")).as_str(), "page_size_3");
        let mut types = Namespace::new();
        assert_eq!(types.claim(type_name("pet")).as_str(), "Pet");
        assert_eq!(types.claim(type_name("Pet")).as_str(), "Pet2");
        let mut reserved = Namespace::with_reserved(&["Client"]);
        assert_eq!(reserved.claim(type_name("client")).as_str(), "Client2");
    }

    #[test]
    fn module_names() {
        assert_eq!(
            module_name(Path::new("specs/atlassian-conversation.yaml")),
            "atlassian_conversation"
        );
        assert_eq!(module_name(Path::new("specs/1password.json")), "_1password");
        assert_eq!(
            module_name(Path::new("specs/redocly-cafe/openapi.yaml")),
            "redocly_cafe"
        );
        assert_eq!(module_name(Path::new("x/swagger.json")), "x");
    }
}
