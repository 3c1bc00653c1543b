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
    pub fn error(file: &str, pointer: &str, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, file, pointer, message)
    }

    pub fn warning(file: &str, pointer: &str, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, file, pointer, message)
    }

    pub fn new(severity: Severity, file: &str, pointer: &str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            code: "",
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

    pub fn warn(&mut self, pointer: &str, message: impl Into<String>, help: impl Into<String>) {
        let d = self.item(Severity::Warning, pointer, message, help);
        self.items.push(d);
    }

    pub fn error(&mut self, pointer: &str, message: impl Into<String>, help: impl Into<String>) {
        let d = self.item(Severity::Error, pointer, message, help);
        self.items.push(d);
    }

    /// A warning about a gap in the spec, with the overlay update that would fill it.
    pub fn gap(
        &mut self,
        pointer: &str,
        message: impl Into<String>,
        help: impl Into<String>,
        (target, update): (Option<String>, String),
    ) {
        let d = self.item(Severity::Warning, pointer, message, help);
        self.items.push(d.with_fix(target, update));
    }

    fn item(
        &self,
        severity: Severity,
        pointer: &str,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Diagnostic {
        let d = Diagnostic::new(severity, &self.file, pointer, message);
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

/// Every diagnostic's code, with what it is about (listed in the README).
pub const CODES: &[(&str, &str)] = &[];
