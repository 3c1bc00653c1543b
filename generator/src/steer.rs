//! How users steer diagnostics by their codes: allow (drop) some warnings, deny (fail on)
//! others, or deny every warning left, for teams that want their specs clean.

use crate::diag::{Diagnostic, Severity, is_code};

/// The diagnostics settings of one spec: its settings file's, completed with the crate-wide
/// ones of the generator.
#[derive(Clone, Debug, Default)]
pub struct Steering {
    /// Codes whose warnings and notes are dropped.
    pub allow: Vec<String>,
    /// Codes whose warnings are errors.
    pub deny: Vec<String>,
    /// Whether every warning left is an error.
    pub deny_warnings: bool,
}

impl Steering {
    /// Adds the crate-wide settings to a spec's own.
    pub fn merge(&mut self, crate_wide: &Steering) {
        self.allow.extend(crate_wide.allow.iter().cloned());
        self.deny.extend(crate_wide.deny.iter().cloned());
        self.deny_warnings |= crate_wide.deny_warnings;
    }

    /// A code that no diagnostic has is a mistake: it would silently steer nothing.
    pub fn check_codes(&self) -> Result<(), String> {
        match self.allow.iter().chain(&self.deny).find(|c| !is_code(c)) {
            Some(code) => Err(format!(
                "no diagnostic has the code `{code}` (the README lists them)"
            )),
            None => Ok(()),
        }
    }

    /// The diagnostics as the settings leave them: allowed ones dropped, denied warnings made
    /// errors (saying why). Errors stay errors.
    pub fn apply(&self, diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
        diags
            .into_iter()
            .filter(|d| d.severity == Severity::Error || !self.allow.iter().any(|c| c == d.code))
            .map(|mut d| {
                let denied = self.deny_warnings || self.deny.iter().any(|c| c == d.code);
                if d.severity == Severity::Warning && denied {
                    d.severity = Severity::Error;
                    let why = format!(
                        "denied by the settings; fix the spec with an overlay, or allow `{}`",
                        d.code
                    );
                    d.help = Some(match d.help.take() {
                        Some(help) => format!("{help}\n  ({why})"),
                        None => why,
                    });
                }
                d
            })
            .collect()
    }
}
