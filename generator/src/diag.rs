//! Problems found in a spec, each with where it is: file, line and JSON pointer.

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Something worth knowing that needs nothing done (a gap an overlay fixed, say).
    Note,
    /// Generation goes on with a documented fallback.
    Warning,
    /// Generation stops; nothing is written.
    Error,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// What kind of problem it is, stable across releases (`untyped-parameter`): what settings
    /// allow or deny, and what tests and tools match on. The README lists them.
    pub code: &'static str,
    /// The spec file as named to the user.
    pub file: String,
    /// 1-based line in the file, once resolved.
    pub line: Option<usize>,
    /// JSON pointer into the document as the user wrote it ("" is the whole document).
    pub pointer: String,
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
    /// For a gap in the spec: the overlay action that would fill it.
    pub fix: Option<Box<Fix>>,
}

/// An overlay action suggested for a gap: `update` merged into the node at `target` (a JSON
/// pointer into the spec as written; the diagnostic's own place when `None`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub target: Option<String>,
    /// The update, as YAML flow text.
    pub update: String,
}

impl Diagnostic {
    pub fn error(
        code: &'static str,
        file: &str,
        pointer: &str,
        message: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Error, code, file, pointer, message)
    }

    pub fn warning(
        code: &'static str,
        file: &str,
        pointer: &str,
        message: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Warning, code, file, pointer, message)
    }

    pub fn new(
        severity: Severity,
        code: &'static str,
        file: &str,
        pointer: &str,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity,
            code,
            file: file.to_owned(),
            line: None,
            pointer: pointer.to_owned(),
            message: message.into(),
            help: None,
            fix: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_fix(mut self, target: Option<String>, update: impl Into<String>) -> Self {
        self.fix = Some(Box::new(Fix {
            target,
            update: update.into(),
        }));
        self
    }

    pub fn with_line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{kind}[{}]: {}", self.code, self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        let pointer = if self.pointer.is_empty() {
            "(document root)"
        } else {
            &self.pointer
        };
        write!(f, ": at {pointer}: {}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// Problems collected during one phase, with pointers into the document that phase reads.
/// Lines are filled in later, by the loader, which knows the source text.
#[derive(Clone, Debug, Default)]
pub struct Diagnostics {
    pub file: String,
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new(file: &str) -> Self {
        Diagnostics {
            file: file.to_owned(),
            items: Vec::new(),
        }
    }

    pub fn warn(
        &mut self,
        code: &'static str,
        pointer: &str,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        let d = self.item(Severity::Warning, code, pointer, message, help);
        self.items.push(d);
    }

    pub fn error(
        &mut self,
        code: &'static str,
        pointer: &str,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        let d = self.item(Severity::Error, code, pointer, message, help);
        self.items.push(d);
    }

    /// A warning about a gap in the spec, with the overlay update that would fill it.
    pub fn gap(
        &mut self,
        code: &'static str,
        pointer: &str,
        message: impl Into<String>,
        help: impl Into<String>,
        (target, update): (Option<String>, String),
    ) {
        let d = self.item(Severity::Warning, code, pointer, message, help);
        self.items.push(d.with_fix(target, update));
    }

    fn item(
        &self,
        severity: Severity,
        code: &'static str,
        pointer: &str,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Diagnostic {
        let d = Diagnostic::new(severity, code, &self.file, pointer, message);
        let help: String = help.into();
        if help.is_empty() {
            d
        } else {
            d.with_help(help)
        }
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }
}

/// Whether some diagnostic has this code.
pub fn is_code(code: &str) -> bool {
    CODES.iter().any(|(c, _)| *c == code)
}

/// Every diagnostic's code, its usual severity and what it is about (listed in the README).
pub const CODES: &[(&str, &str)] = &[
    (
        "unreadable-file",
        "a spec, settings, overlay or referenced file cannot be read",
    ),
    (
        "invalid-syntax",
        "the file is not valid YAML or JSON (or holds no document, or a YAML construct JSON lacks)",
    ),
    (
        "several-documents",
        "a YAML stream holds more than one non-empty document",
    ),
    (
        "not-a-spec",
        "the document declares neither `openapi` nor `swagger`, or is not a mapping",
    ),
    (
        "unsupported-version",
        "a Swagger or OpenAPI version other than 2.0, 3.0 and 3.1",
    ),
    (
        "invalid-structure",
        "the document's frame does not follow the specification (`paths` or `components` that are not mappings)",
    ),
    ("unresolved-ref", "a `$ref` that points nowhere"),
    (
        "remote-ref",
        "a `$ref` to a URL or to another document (never fetched)",
    ),
    (
        "ref-outside-root",
        "a `$ref` to a file outside the spec's root folder (never read)",
    ),
    (
        "no-operations",
        "the spec declares operations, but none could be generated",
    ),
    (
        "module-name-taken",
        "two specs would make modules of the same name",
    ),
    (
        "no-spec-entry",
        "a folder among the specs holds no entry file (`openapi.yaml`)",
    ),
    (
        "invalid-settings",
        "a settings file (`<stem>.codegen.yaml`) with an unknown key or a malformed value",
    ),
    (
        "invalid-overlay",
        "an overlay file that does not follow the Overlay 1.0 specification",
    ),
    (
        "internal-error",
        "a bug of ours: please report it with the spec",
    ),
    (
        "trailing-document",
        "a YAML stream with a trailing empty document",
    ),
    (
        "non-string-key",
        "a mapping key that is a YAML number or boolean",
    ),
    ("duplicate-key", "a key repeated in one YAML mapping"),
    ("big-integer", "an integer literal beyond 64 bits"),
    ("version-as-number", "the version written as a number"),
    ("missing-info", "no `info` object"),
    (
        "info-not-text",
        "`info.title` or `info.version` that is not text",
    ),
    ("missing-paths", "no `paths`"),
    ("missing-description", "a response without a description"),
    (
        "null-value",
        "`null` where an object, list, text or schema is expected",
    ),
    ("boolean-schema", "a boolean schema (`true`, `false`)"),
    (
        "false-schema",
        "a property or alternative whose schema is `false`, left out",
    ),
    (
        "draft3-required",
        "`required: true` inside a property's schema",
    ),
    (
        "invalid-required",
        "`required` that is not a list of names, dropped",
    ),
    (
        "invalid-size",
        "a size (`minLength`, `maxItems`, ...) that is not a non-negative 64-bit integer, dropped",
    ),
    (
        "bound-out-of-range",
        "a bound beyond what the schema's integer type holds, dropped",
    ),
    (
        "value-type-mismatch",
        "an `example` or `default` that does not fit its schema, left out",
    ),
    ("percent-encoded-ref", "a percent-encoded `$ref`, decoded"),
    (
        "ref-wrong-kind",
        "a `$ref` to a component of another kind (or a callback by reference), read as a copy or left out",
    ),
    (
        "ref-outside-components",
        "a `$ref` to somewhere other than a component, read as a copy of its target",
    ),
    (
        "self-including-copy",
        "an object that includes itself through the copies of such references",
    ),
    (
        "unresolved-callback",
        "a callback reference that points nowhere, left out",
    ),
    (
        "keywords-beside-ref",
        "keywords beside a `$ref`, kept by reading it as an `allOf` of one",
    ),
    ("type-is-schema", "a `type` that holds a schema"),
    (
        "unknown-type",
        "a `type` that is not a type name, typed as any JSON value",
    ),
    (
        "several-types",
        "a schema of several non-null types, typed as any JSON value",
    ),
    (
        "invalid-tuple",
        "an empty tuple, or a tuple item that is not a schema",
    ),
    (
        "unreadable-part",
        "a part the 3.0 model cannot read, left out (or read as empty)",
    ),
    (
        "webhooks-not-generated",
        "an OpenAPI 3.1 webhook that cannot be read as a path item, left out",
    ),
    (
        "unknown-collection-format",
        "Swagger 2.0: an unknown `collectionFormat`, read as `csv`",
    ),
    (
        "missing-request-body",
        "Swagger 2.0: POST, PUT or PATCH without a body where `consumes` is declared",
    ),
    (
        "file-without-multipart",
        "Swagger 2.0: a file parameter whose operation does not consume `multipart/form-data`",
    ),
    (
        "untyped-response",
        "a response without a schema, kept untyped",
    ),
    (
        "unsupported-security-scheme",
        "a security scheme of a type or HTTP scheme that is not generated, left out",
    ),
    (
        "undeclared-security-scheme",
        "a security requirement naming a scheme that is not declared or not generated",
    ),
    (
        "scheme-by-ref",
        "a security scheme given by reference, left out",
    ),
    (
        "path-item-ref",
        "a path item given by a reference that leads nowhere, left out",
    ),
    ("path-without-slash", "a path that does not start with `/`"),
    ("query-in-path-key", "a path key with a query string"),
    (
        "undeclared-path-parameter",
        "a `{name}` in the path (or its query) that no parameter declares",
    ),
    (
        "unused-path-parameter",
        "a declared path parameter the path does not use",
    ),
    (
        "optional-path-parameter",
        "a path parameter without `required: true`",
    ),
    (
        "untyped-parameter",
        "a parameter without a type, generated as a string",
    ),
    (
        "complex-parameter",
        "a parameter that is not a scalar, an array of scalars or a query object of scalars, or one described by `content`: sent as one string",
    ),
    (
        "invalid-name",
        "a header, cookie or API key name HTTP cannot carry, left out",
    ),
    (
        "body-without-media-type",
        "a request body with no media type, left out",
    ),
    (
        "unsupported-multipart",
        "a multipart body whose schema is not an object with properties, sent as raw bytes",
    ),
    ("no-responses", "an operation that documents no response"),
    (
        "overlapping-paths",
        "overlapping paths (`/message/recent` and `/message/{id}`)",
    ),
    (
        "unsupported-schema",
        "`not`, or an `allOf` that cannot be one struct: typed as any JSON value",
    ),
    (
        "properties-beside-union",
        "`properties` beside `oneOf`/`anyOf`, not generated",
    ),
    (
        "inline-discriminator",
        "a discriminator over inline variants, told apart by trying each",
    ),
    (
        "unsupported-pattern",
        "a `pattern` the `regex` crate cannot read, not checked by the server",
    ),
    (
        "pagination-mismatch",
        "a pagination rule that does not fit an operation it names or keys on, not applied to it",
    ),
    (
        "unused-setting",
        "a setting that names a schema or operation the spec lacks",
    ),
    (
        "overlay-selects-nothing",
        "an overlay action whose target selects nothing",
    ),
    (
        "overlay-no-effect",
        "an overlay action that changes nothing",
    ),
    (
        "fixed-by-overlay",
        "a gap of the spec as published that an overlay filled",
    ),
];

#[cfg(test)]
mod tests {
    use super::CODES;

    /// The codes the sources raise diagnostics with, and the codes [`CODES`] lists (and the
    /// README with it), are the same: none unlisted, none stale.
    #[test]
    fn every_code_raised_is_listed_and_every_listed_code_raised() {
        let call = regex::Regex::new(
            r#"(?:\.warn|\.error|\.gap|Diagnostic::(?:error|warning|new)|\.diagnostic)\(\s*(?:Severity::\w+,\s*)?"([a-z0-9-]+)""#,
        )
        .unwrap();
        let refusal = regex::Regex::new(r#"Refusal::[\w |:()_]+=> "([a-z0-9-]+)""#).unwrap();
        let mut raised = std::collections::BTreeSet::new();
        let mut pending = vec![std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src"
        ))];
        while let Some(dir) = pending.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    pending.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    for re in [&call, &refusal] {
                        raised.extend(re.captures_iter(&text).map(|c| c[1].to_owned()));
                    }
                }
            }
        }
        let listed: std::collections::BTreeSet<String> =
            CODES.iter().map(|(c, _)| (*c).to_owned()).collect();
        assert_eq!(raised, listed);
        let readme =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md")).unwrap();
        for code in &listed {
            assert!(
                readme.contains(&format!("| `{code}` |")),
                "{code} is not in the README"
            );
        }
    }
}
