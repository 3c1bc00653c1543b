//! The files beside a spec that steer its generation: its settings, `<stem>.codegen.yaml`, and
//! its overlay, `<stem>.overlay.yaml` (then any others the settings list, in order). They are
//! told from specs by their names, so a folder of specs can hold them.

use std::path::Path;

use crate::config::Config;
use crate::diag::{Diagnostic, Severity};
use crate::load::overlay::Overlay;
use crate::{Extras, pointer};

const EXTENSIONS: &[&str] = &["yaml", "yml", "json"];

/// Whether a file is a settings or overlay file rather than a spec.
pub fn is_sidecar(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    EXTENSIONS.iter().any(|ext| {
        name.ends_with(&format!(".overlay.{ext}")) || name.ends_with(&format!(".codegen.{ext}"))
    })
}

/// The settings and overlays of the spec at `spec` (named `display` in messages).
pub fn extras(spec: &Path, display: &str) -> Result<Extras, Vec<Diagnostic>> {
    let (Some(dir), Some(stem)) = (spec.parent(), spec.file_stem()) else {
        return Ok(Extras::default());
    };
    let stem = stem.to_string_lossy();
    let beside = |kind: &str| {
        EXTENSIONS
            .iter()
            .map(|ext| format!("{stem}.{kind}.{ext}"))
            .find(|name| dir.join(name).is_file())
    };
    let display_of = |name: &str| match display.rsplit_once('/') {
        Some((folder, _)) => format!("{folder}/{name}"),
        None => name.to_owned(),
    };
    let read = |name: &str| {
        std::fs::read_to_string(dir.join(name)).map_err(|e| {
            vec![Diagnostic::error(
                "unreadable-file",
                &display_of(name),
                "",
                format!("cannot read the file: {e}"),
            )]
        })
    };
    let config = match beside("codegen") {
        Some(name) => Config::parse(&read(&name)?, &display_of(&name))?,
        None => Config::default(),
    };
    let mut overlays = Vec::new();
    if let Some(name) = beside("overlay") {
        overlays.push(Overlay::parse(&read(&name)?, &display_of(&name))?);
    }
    let mut errors = Vec::new();
    for (i, name) in config.overlays.iter().enumerate() {
        let at = pointer::push("/overlays", &i.to_string());
        let path = Path::new(name);
        let problem = if !is_sidecar(path) {
            Some("name overlay files `<name>.overlay.yaml`, so that they are not read as specs")
        } else if path.is_absolute() || name.contains("..") || name.contains('/') {
            Some("give the file name only: overlays live beside the spec")
        } else if !dir.join(path).is_file() {
            Some("create the file beside the spec, or fix the name")
        } else {
            None
        };
        if let Some(help) = problem {
            errors.push(config.diagnostic(
                Severity::Error,
                "invalid-settings",
                &at,
                format!("cannot use the overlay {name}"),
                help,
            ));
            continue;
        }
        match read(name).and_then(|text| Overlay::parse(&text, &display_of(name))) {
            Ok(o) => overlays.push(o),
            Err(e) => errors.extend(e),
        }
    }
    if errors.is_empty() {
        Ok(Extras { overlays, config })
    } else {
        Err(errors)
    }
}
