//! Per-spec codegen settings: `specs/<name>.codegen.yaml`, beside the spec it steers.
//!
//! Everything is optional; a spec that generates fine on its own needs no file. Unknown keys
//! and malformed values are errors with their file, line and pointer; settings that name a
//! schema or operation the spec lacks are warnings.
//!
//! ```yaml
//! module: conversation            # the Rust module's name (default: from the file name)
//! emit: [types, client]           # parts to generate (default: all three)
//! derives: [Eq, Hash]             # added to every generated struct and enum
//! base_url: https://api.example.com/v1
//! overlays: [extra.overlay.yaml]  # applied after <name>.overlay.yaml, in order
//! root: ..                        # the folder `$ref`s may read from (default: the spec's)
//! types:
//!   Message:                      # a schema, by its key in the spec
//!     rename: ChatMessage
//!     derives: [Eq]
//!   Money:
//!     replace: rust_decimal::Decimal   # use this type; generate none
//! formats:
//!   date-time: time::OffsetDateTime    # the type of every value with this format
//! operations:
//!   UserMessagePostHandler:       # an operationId, or `get /path` for one without
//!     rename: send_to_user
//! pagination:                     # how list operations give their next page
//!   - link: next                  #   (see `pagination` for every kind of rule)
//! allow: [untyped-parameter]      # drop the warnings with these codes
//! deny: [ref-outside-components]  # make the warnings with these codes errors
//! deny_warnings: true             # make every warning left an error
//! ```

use std::collections::BTreeMap;

use serde_json::Value;

use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::pointer;

mod pagination;

pub use pagination::{CursorFrom, NextRule, PageRule};

/// The path generated code reaches the runtime crate by, unless told otherwise.
pub const DEFAULT_RUNTIME: &str = "::openapi_rs_runtime";

/// The command named in generated files' headers, unless told otherwise.
pub const DEFAULT_COMMAND: &str = "openapi-rs generate";

/// The settings for one spec; `Config::default()` when it has no file.
#[derive(Clone, Debug, Default)]
pub struct Config {
    pub module: Option<String>,
    /// Whether to generate the client and the server (types always are).
    pub skip_client: bool,
    pub skip_server: bool,
    /// How the module is split into Cargo features, when the spec's module has one
    /// ([`GroupBy::Auto`] unless the settings say).
    pub groups: GroupBy,
    /// Named groups of operations (by operationId, or `method /path`), taking those
    /// operations whatever `groups` says of the others.
    pub group_lists: BTreeMap<String, Vec<String>>,
    /// Whether the module is behind a Cargo feature (the generator's `features`): set for a
    /// whole generated crate, not by a spec's settings file. Groups need it.
    pub gated: bool,
    /// Extra derives for every generated struct and enum, as Rust paths.
    pub derives: Vec<String>,
    pub base_url: Option<String>,
    /// Overlay files, relative to the config's folder.
    pub overlays: Vec<String>,
    /// The folder references to other files may read from, relative to the spec's folder and
    /// one of its ancestors (`..`, `../..`); the spec's own folder when `None`.
    pub root: Option<String>,
    /// By schema key.
    pub types: BTreeMap<String, TypeSettings>,
    /// Format name to a Rust type.
    pub formats: BTreeMap<String, String>,
    /// By operationId (or `method /path`): the Rust method name.
    pub operations: BTreeMap<String, String>,
    /// How list operations give their next page, in order: an operation takes the first rule
    /// that fits it.
    pub pagination: Vec<PageRule>,
    /// The path generated code reaches the runtime crate by ([`DEFAULT_RUNTIME`] when `None`):
    /// set for a whole generated crate, not by a spec's settings file.
    pub runtime: Option<String>,
    /// The command named in generated files' headers ([`DEFAULT_COMMAND`] when `None`): set for
    /// a whole generated crate.
    pub generated_by: Option<String>,
    /// Which diagnostics are dropped or fail generation, by code.
    pub steering: crate::steer::Steering,
    origin: Option<Origin>,
}

/// How a gated module's operations are grouped into Cargo features.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum GroupBy {
    /// By tag for a spec with [`GROUP_FROM`] operations or more; not at all below.
    #[default]
    Auto,
    /// By the operation's first tag.
    Tag,
    /// By the first segment of the operation's path.
    Path,
    /// One feature for the whole spec.
    Off,
}

/// The number of operations from which a spec is grouped by tag unless its settings say.
pub const GROUP_FROM: usize = 100;

#[derive(Clone, Debug, Default)]
pub struct TypeSettings {
    pub rename: Option<String>,
    pub derives: Vec<String>,
    /// A Rust type used instead of generating one.
    pub replace: Option<String>,
}

#[derive(Clone, Debug)]
struct Origin {
    file: String,
    text: String,
    document_index: usize,
}

const KEYS: &[&str] = &[
    "module",
    "emit",
    "groups",
    "derives",
    "base_url",
    "overlays",
    "root",
    "types",
    "formats",
    "operations",
    "pagination",
    "allow",
    "deny",
    "deny_warnings",
];

/// Whether a relative path only climbs (`..`, `../..`, `.`): the root must hold the spec.
fn is_ancestor(path: &str) -> bool {
    !path.is_empty()
        && path
            .trim_end_matches('/')
            .split('/')
            .all(|step| step == ".." || step == ".")
}

impl Config {
    /// Reads a config file; errors are located in it.
    pub fn parse(text: &str, file: &str) -> Result<Config, Vec<Diagnostic>> {
        let mut diags = Diagnostics::new(file);
        let (value, document_index) = match crate::load::raw::parse(text, &mut diags) {
            Ok(parsed) => parsed,
            Err(e) => return Err(vec![e]),
        };
        let mut config = Config {
            origin: Some(Origin {
                file: file.to_owned(),
                text: text.to_owned(),
                document_index,
            }),
            ..Config::default()
        };
        config.read(&value, &mut diags);
        crate::load::locate_all(text, document_index, &mut diags.items);
        if diags.has_errors() {
            Err(diags.items)
        } else {
            Ok(config)
        }
    }

    /// A problem with a setting found after reading (one that names something the spec
    /// lacks, say), located in the config file.
    pub fn diagnostic(
        &self,
        severity: Severity,
        code: &'static str,
        at: &str,
        message: String,
        help: &str,
    ) -> Diagnostic {
        let file = self.origin.as_ref().map_or("", |o| o.file.as_str());
        let mut d = Diagnostic::new(severity, code, file, at, message).with_help(help);
        if let Some(origin) = &self.origin {
            crate::load::locate_all(
                &origin.text,
                origin.document_index,
                std::slice::from_mut(&mut d),
            );
        }
        d
    }

    fn read(&mut self, value: &Value, diags: &mut Diagnostics) {
        let Some(root) = value.as_object() else {
            diags.error(
                "invalid-settings",
                "",
                "the codegen settings are a mapping",
                "see the README for the keys",
            );
            return;
        };
        for (key, v) in root {
            let at = pointer::push("", key);
            match key.as_str() {
                "module" => self.module = identifier(v, &at, Case::Snake, diags),
                "emit" => {
                    let parts = strings(v, &at, diags);
                    for (i, part) in parts.iter().enumerate() {
                        if !matches!(part.as_str(), "types" | "client" | "server") {
                            diags.error(
                                "invalid-settings",
                                &format!("{at}/{i}"),
                                format!("unknown part `{part}`"),
                                "the parts are types, client and server",
                            );
                        }
                    }
                    if !parts.iter().any(|p| p == "types") {
                        diags.error(
                            "invalid-settings",
                            &at,
                            "`types` is missing: the client and the server use them",
                            "list types first: [types, client, server]",
                        );
                    }
                    self.skip_client = !parts.iter().any(|p| p == "client");
                    self.skip_server = !parts.iter().any(|p| p == "server");
                }
                "groups" => match v.as_str() {
                    Some("tag") => self.groups = GroupBy::Tag,
                    Some("path") => self.groups = GroupBy::Path,
                    Some("off") => self.groups = GroupBy::Off,
                    _ if v.is_object() => {
                        // Named lists: those operations form the named groups; the others
                        // are grouped by tag.
                        self.groups = GroupBy::Tag;
                        for (name, ops) in entries(v, &at, diags) {
                            let at = pointer::push(&at, name);
                            self.group_lists
                                .insert(name.to_owned(), strings(ops, &at, diags));
                        }
                    }
                    _ => diags.error(
                        "invalid-settings",
                        &at,
                        "`groups` is `tag`, `path`, `off`, or named lists of operations",
                        "write `groups: tag` for a feature per tag, `groups: off` for none, or `groups: {billing: [getInvoice, listInvoices]}`",
                    ),
                },
                "derives" => self.derives = derives(v, &at, diags),
                "base_url" => match v.as_str() {
                    Some(url) if is_plain_url(url) => {
                        self.base_url = Some(url.to_owned());
                    }
                    _ => diags.error(
                        "invalid-settings",
                        &at,
                        "the base URL is not a plain http(s) URL",
                        "write it as https://api.example.com/v1",
                    ),
                },
                "overlays" => self.overlays = strings(v, &at, diags),
                "root" => match v.as_str() {
                    Some(root) if is_ancestor(root) => self.root = Some(root.to_owned()),
                    _ => diags.error(
                        "invalid-settings",
                        &at,
                        "the root is not a folder above the spec's",
                        "write it as a relative path of `..` steps: `..` or `../..`",
                    ),
                },
                "types" => {
                    for (name, settings) in entries(v, &at, diags) {
                        let at = pointer::push(&at, name);
                        let t = self.type_settings(settings, &at, diags);
                        self.types.insert(name.to_owned(), t);
                    }
                }
                "formats" => {
                    for (name, ty) in entries(v, &at, diags) {
                        let at = pointer::push(&at, name);
                        if let Some(ty) = rust_type(ty, &at, diags) {
                            self.formats.insert(name.to_owned(), ty);
                        }
                    }
                }
                "operations" => {
                    for (name, settings) in entries(v, &at, diags) {
                        let at = pointer::push(&at, name);
                        for (key, v) in entries(settings, &at, diags) {
                            let at = pointer::push(&at, key);
                            if key == "rename" {
                                if let Some(rename) = identifier(v, &at, Case::Snake, diags) {
                                    self.operations.insert(name.to_owned(), rename);
                                }
                            } else {
                                unknown(key, &at, &["rename"], diags);
                            }
                        }
                    }
                }
                "pagination" => self.pagination = pagination::rules(v, &at, diags),
                "allow" => self.steering.allow = codes(v, &at, diags),
                "deny" => self.steering.deny = codes(v, &at, diags),
                "deny_warnings" => match v.as_bool() {
                    Some(deny) => self.steering.deny_warnings = deny,
                    None => diags.error(
                        "invalid-settings",
                        &at,
                        "`deny_warnings` is true or false",
                        "write `deny_warnings: true`",
                    ),
                },
                _ => unknown(key, &at, KEYS, diags),
            }
        }
    }

    fn type_settings(&self, v: &Value, at: &str, diags: &mut Diagnostics) -> TypeSettings {
        let mut t = TypeSettings::default();
        for (key, v) in entries(v, at, diags) {
            let at = pointer::push(at, key);
            match key {
                "rename" => t.rename = identifier(v, &at, Case::Camel, diags),
                "derives" => t.derives = derives(v, &at, diags),
                "replace" => t.replace = rust_type(v, &at, diags),
                _ => unknown(key, &at, &["rename", "derives", "replace"], diags),
            }
        }
        t
    }
}

/// Whether `url` is an absolute http(s) URL with nothing that would need escaping in docs or
/// code (no template variables, quotes, backticks or spaces).
pub fn is_plain_url(url: &str) -> bool {
    (url.starts_with("https://") || url.starts_with("http://"))
        && url
            .chars()
            .all(|c| c.is_ascii_graphic() && !"{}`\\\"<>".contains(c))
}

/// A list of diagnostic codes; one no diagnostic has is an error.
fn codes(v: &Value, at: &str, diags: &mut Diagnostics) -> Vec<String> {
    let codes = strings(v, at, diags);
    for (i, code) in codes.iter().enumerate() {
        if !crate::diag::is_code(code) {
            diags.error(
                "invalid-settings",
                &format!("{at}/{i}"),
                format!("no diagnostic has the code `{code}`"),
                "the README lists the codes",
            );
        }
    }
    codes
}

fn unknown(key: &str, at: &str, known: &[&str], diags: &mut Diagnostics) {
    diags.error(
        "invalid-settings",
        at,
        format!("unknown key `{key}`"),
        format!("the keys here are {}", known.join(", ")),
    );
}

fn entries<'v>(v: &'v Value, at: &str, diags: &mut Diagnostics) -> Vec<(&'v str, &'v Value)> {
    match v.as_object() {
        Some(map) => map.iter().map(|(k, v)| (k.as_str(), v)).collect(),
        None => {
            diags.error("invalid-settings", at, "this is not a mapping", "");
            Vec::new()
        }
    }
}

fn strings(v: &Value, at: &str, diags: &mut Diagnostics) -> Vec<String> {
    let Some(items) = v.as_array() else {
        diags.error(
            "invalid-settings",
            at,
            "this is not a list",
            "write it as [a, b]",
        );
        return Vec::new();
    };
    items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| match item.as_str() {
            Some(s) => Some(s.to_owned()),
            None => {
                diags.error(
                    "invalid-settings",
                    &format!("{at}/{i}"),
                    "this is not a string",
                    "",
                );
                None
            }
        })
        .collect()
}

fn derives(v: &Value, at: &str, diags: &mut Diagnostics) -> Vec<String> {
    let list = strings(v, at, diags);
    list.into_iter()
        .enumerate()
        .filter(|(i, d)| {
            let ok = syn::parse_str::<syn::Path>(d).is_ok();
            if !ok {
                diags.error(
                    "invalid-settings",
                    &format!("{at}/{i}"),
                    format!("`{d}` is not a Rust path"),
                    "name a derive macro, such as Eq or serde::Serialize",
                );
            }
            ok
        })
        .map(|(_, d)| d)
        .collect()
}

fn rust_type(v: &Value, at: &str, diags: &mut Diagnostics) -> Option<String> {
    match v.as_str() {
        Some(s) if syn::parse_str::<syn::Type>(s).is_ok() => Some(s.to_owned()),
        _ => {
            diags.error(
                "invalid-settings",
                at,
                "this is not a Rust type",
                "write a type path, such as rust_decimal::Decimal",
            );
            None
        }
    }
}

enum Case {
    Snake,
    Camel,
}

fn identifier(v: &Value, at: &str, case: Case, diags: &mut Diagnostics) -> Option<String> {
    let text = v.as_str().unwrap_or_default();
    let wanted = match case {
        Case::Snake => crate::naming::snake(text, "x"),
        Case::Camel => crate::naming::type_name(text),
    };
    if !text.is_empty() && wanted.as_str() == text {
        return Some(text.to_owned());
    }
    diags.error(
        "invalid-settings",
        at,
        format!("`{text}` is not a Rust name of the expected form"),
        format!("write it as `{}`", wanted.as_str()),
    );
    None
}

#[cfg(test)]
mod tests;
