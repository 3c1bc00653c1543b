//! The files a spec is read from, and where each place of the document the later phases read
//! came from: the entry file, or a fragment that a `$ref` brought in.
//!
//! Only files inside the spec's root folder are read. A reference is checked before anything
//! is opened: URLs (any `scheme:`), network paths (`//host`) and absolute paths are refused,
//! and so is a relative path that leaves the root, lexically (`../..`) or through a symbolic
//! link.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use crate::diag::Diagnostic;

/// Where a spec's files are on disk.
#[derive(Clone, Debug)]
pub struct Disk {
    /// The entry file.
    pub entry: PathBuf,
    /// The folder no reference may leave (the entry's folder unless the settings say).
    pub root: PathBuf,
}

/// One file the spec was read from.
#[derive(Debug)]
pub struct SourceFile<'t> {
    /// As named in messages (relative to the workspace, `/`-separated).
    pub name: String,
    pub text: Cow<'t, str>,
    /// The YAML document of the file's stream that holds its content.
    pub document_index: usize,
}

/// The files of a spec (the entry first) and, for each place of the combined document that
/// came from a fragment, the file and pointer it came from.
#[derive(Debug)]
pub struct Sources<'t> {
    pub files: Vec<SourceFile<'t>>,
    /// Pointer prefixes of the combined document, mapped to `(file, pointer in that file)`;
    /// the longest mapped prefix of a place wins, and the rest of its pointer is kept.
    origins: BTreeMap<String, (usize, String)>,
}

impl<'t> Sources<'t> {
    pub fn new(entry: SourceFile<'t>) -> Self {
        Sources {
            files: vec![entry],
            origins: BTreeMap::new(),
        }
    }

    pub fn entry_name(&self) -> &str {
        self.files.first().map_or("", |f| f.name.as_str())
    }

    /// Records that the subtree at `combined` came from `pointer` in `file`.
    pub fn came_from(&mut self, combined: String, file: usize, pointer: String) {
        self.origins.insert(combined, (file, pointer));
    }

    /// Moves a diagnostic about the combined document to the file and pointer it came from.
    pub fn place(&self, d: &mut Diagnostic) {
        if self.origins.is_empty() || d.file != self.entry_name() {
            return;
        }
        let mut prefix = d.pointer.as_str();
        loop {
            if let Some((file, pointer)) = self.origins.get(prefix) {
                let rest = &d.pointer[prefix.len()..];
                let placed = format!("{pointer}{rest}");
                if let Some(f) = self.files.get(*file) {
                    d.file = f.name.clone();
                }
                d.pointer = placed;
                return;
            }
            match prefix.rfind('/') {
                Some(i) => prefix = &prefix[..i],
                None => return,
            }
        }
    }

    /// Fills in the lines of diagnostics that lack one, each in its own file.
    pub fn locate(&self, diags: &mut [Diagnostic]) {
        for file in &self.files {
            let mine = diags.iter_mut().filter(|d| d.file == file.name).collect();
            super::locate_some(&file.text, file.document_index, mine);
        }
    }
}

/// Why a reference to another file is not followed.
pub enum Refusal {
    /// The spec came as text, with no folder to read from.
    NoFolder,
    Url,
    Absolute,
    /// Lexically, or through a symbolic link.
    LeavesRoot,
    Missing(std::io::Error),
}

impl Refusal {
    /// The code of the error a refused reference is.
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::Url => "remote-ref",
            Refusal::NoFolder | Refusal::Absolute | Refusal::LeavesRoot => "ref-outside-root",
            Refusal::Missing(_) => "unresolved-ref",
        }
    }

    /// The message and what to do, for the reference `reference`.
    pub fn explain(&self, reference: &str) -> (String, &'static str) {
        match self {
            Refusal::NoFolder => (
                format!(
                    "the reference {reference} names another file, but the spec was given as text, not read from a file"
                ),
                "generate from the spec's file, so that files beside it can be read",
            ),
            Refusal::Url => (
                format!("the reference {reference} is a URL; remote documents are never fetched"),
                "download the document into the spec's folder and refer to it by a relative path",
            ),
            Refusal::Absolute => (
                format!(
                    "the reference {reference} is an absolute path; only relative paths inside the spec's folder are read"
                ),
                "copy the file into the spec's folder and refer to it by a relative path",
            ),
            Refusal::LeavesRoot => (
                format!(
                    "the reference {reference} leaves the spec's root folder; files outside it are never read"
                ),
                "move the file into the spec's folder, or set `root:` in the spec's settings to a folder that holds both",
            ),
            Refusal::Missing(e) => (
                format!("the reference {reference} names a file that cannot be read: {e}"),
                "fix the path (it is relative to the file the reference is in)",
            ),
        }
    }
}

/// Whether a reference's file part is a URL: it starts with a scheme (RFC 3986), or is a
/// network path (`//host/...`).
fn is_url(path: &str) -> bool {
    if path.starts_with("//") {
        return true;
    }
    let Some((scheme, _)) = path.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
}

/// The file a reference's path part names, relative to the folder of the file it is in,
/// once it is known to stay inside the root. `root` and `from_dir` are canonical.
pub fn resolve(path: &str, from_dir: &Path, root: Option<&Path>) -> Result<PathBuf, Refusal> {
    if is_url(path) {
        return Err(Refusal::Url);
    }
    let decoded = percent_decoded(path);
    if decoded.starts_with('/')
        || decoded.starts_with('\\')
        || Path::new(decoded.as_ref()).has_root()
    {
        return Err(Refusal::Absolute);
    }
    let Some(root) = root else {
        return Err(Refusal::NoFolder);
    };
    let joined = normalize(&from_dir.join(decoded.as_ref()));
    if !joined.starts_with(root) {
        return Err(Refusal::LeavesRoot);
    }
    let canonical = joined.canonicalize().map_err(Refusal::Missing)?;
    if !canonical.starts_with(root) {
        return Err(Refusal::LeavesRoot);
    }
    if !canonical.is_file() {
        return Err(Refusal::Missing(std::io::Error::other("it is not a file")));
    }
    Ok(canonical)
}

/// A path with `.` and `..` taken away lexically.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// How a fragment at `file` is named in messages, given the entry's file and name.
pub fn display_name(entry_name: &str, entry_dir: &Path, file: &Path) -> String {
    // The fragment's path relative to the entry's folder, `..` where it lies beside it.
    let from: Vec<Component<'_>> = entry_dir.components().collect();
    let to: Vec<Component<'_>> = file.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_owned(); from.len().saturating_sub(common)];
    parts.extend(
        to.iter()
            .skip(common)
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    let mut segments: Vec<String> = match entry_name.rsplit_once('/') {
        Some((dir, _)) => dir.split('/').map(str::to_owned).collect(),
        None => Vec::new(),
    };
    for part in parts {
        if part == ".." && segments.last().is_some_and(|s| s != "..") {
            segments.pop();
        } else {
            segments.push(part);
        }
    }
    segments.join("/")
}

/// Percent-decodes a URI part (RFC 3986); text that is not a valid encoding is kept as written.
pub fn percent_decoded(text: &str) -> Cow<'_, str> {
    if !text.contains('%') {
        return Cow::Borrowed(text);
    }
    match crate::pointer::percent_decode(text) {
        Some(decoded) => Cow::Owned(decoded),
        None => Cow::Borrowed(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_absolute_paths_are_refused_before_anything_is_read() {
        let root = Path::new("/nonexistent/root");
        for url in [
            "http://example.com/a.yaml",
            "https://x/y",
            "file:///etc/passwd",
            "//host/share/a.yaml",
            "ftp://x",
        ] {
            assert!(
                matches!(resolve(url, root, Some(root)), Err(Refusal::Url)),
                "{url}"
            );
        }
        assert!(matches!(
            resolve("/etc/passwd", root, Some(root)),
            Err(Refusal::Absolute)
        ));
        assert!(matches!(
            resolve("%2Fetc%2Fpasswd", root, Some(root)),
            Err(Refusal::Absolute)
        ));
        assert!(matches!(
            resolve("../outside.yaml", root, Some(root)),
            Err(Refusal::LeavesRoot)
        ));
        assert!(matches!(
            resolve("a/../../outside.yaml", root, Some(root)),
            Err(Refusal::LeavesRoot)
        ));
        assert!(matches!(
            resolve("a.yaml", root, None),
            Err(Refusal::NoFolder)
        ));
        // A colon later in a relative path is no scheme.
        assert!(!is_url("paths/a:b.yaml"));
        assert!(!is_url("./x:y.yaml"));
    }

    #[test]
    fn fragments_are_named_from_the_entry() {
        let dir = Path::new("/w/specs/cafe");
        assert_eq!(
            display_name(
                "specs/cafe/openapi.yaml",
                dir,
                Path::new("/w/specs/cafe/paths/a.yaml")
            ),
            "specs/cafe/paths/a.yaml"
        );
        assert_eq!(
            display_name(
                "specs/cafe/openapi.yaml",
                dir,
                Path::new("/w/specs/common/e.yaml")
            ),
            "specs/common/e.yaml"
        );
        assert_eq!(
            display_name("openapi.yaml", dir, Path::new("/w/specs/common/e.yaml")),
            "../common/e.yaml"
        );
    }
}
