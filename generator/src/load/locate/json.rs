//! Lines of JSON pointers in JSON text, by a scan that only looks inside the containers that
//! lead to a wanted pointer and skips the rest byte by byte. A map entry's line is its key's;
//! an array item's, where it starts. Text that is not JSON ends the scan with what was found.

use std::collections::{HashMap, HashSet};

use crate::pointer;

struct Scan<'t> {
    bytes: &'t [u8],
    text: &'t str,
    at: usize,
    line: usize,
}

pub fn walk(text: &str, prefixes: &HashSet<String>) -> HashMap<String, usize> {
    let mut scan = Scan {
        bytes: text.as_bytes(),
        text,
        at: 0,
        line: 1,
    };
    let mut found = HashMap::new();
    scan.space();
    if prefixes.contains("") {
        found.insert(String::new(), scan.line);
    }
    scan.value("", true, prefixes, &mut found, 0);
    found
}

/// Deeper than this, nothing is looked for: a spec is never nested so deeply, and a
/// hostile one must not exhaust the stack.
const MAX_DEPTH: usize = 256;

impl Scan<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn space(&mut self) {
        while let Some(b) = self.peek() {
            match b {
                b'\n' => self.line += 1,
                b' ' | b'\t' | b'\r' => {}
                _ => return,
            }
            self.at += 1;
        }
    }

    /// Skips a string (the opening quote is at `at`) and returns its raw text, quotes included.
    fn string(&mut self) -> Option<&str> {
        let start = self.at;
        self.at += 1;
        while let Some(b) = self.peek() {
            self.at += 1;
            match b {
                b'\\' => self.at += 1,
                b'"' => return self.text.get(start..self.at),
                b'\n' => self.line += 1,
                _ => {}
            }
        }
        None
    }

    /// Scans one value. Containers are entered when `wanted` (their pointer leads somewhere
    /// wanted), otherwise skipped.
    fn value(
        &mut self,
        pointer: &str,
        wanted: bool,
        prefixes: &HashSet<String>,
        found: &mut HashMap<String, usize>,
        depth: usize,
    ) -> Option<()> {
        match self.peek()? {
            b'{' if wanted && depth < MAX_DEPTH => {
                self.at += 1;
                loop {
                    self.space();
                    match self.peek()? {
                        b'}' => {
                            self.at += 1;
                            return Some(());
                        }
                        b',' => {
                            self.at += 1;
                            continue;
                        }
                        b'"' => {}
                        _ => return None,
                    }
                    let line = self.line;
                    let raw = self.string()?;
                    let key: String = serde_json::from_str(raw).ok()?;
                    let child = pointer::push(pointer, &key);
                    let child_wanted = prefixes.contains(&child);
                    if child_wanted {
                        found.entry(child.clone()).or_insert(line);
                    }
                    self.space();
                    if self.peek()? != b':' {
                        return None;
                    }
                    self.at += 1;
                    self.space();
                    self.value(&child, child_wanted, prefixes, found, depth + 1)?;
                }
            }
            b'[' if wanted && depth < MAX_DEPTH => {
                self.at += 1;
                let mut index = 0usize;
                loop {
                    self.space();
                    match self.peek()? {
                        b']' => {
                            self.at += 1;
                            return Some(());
                        }
                        b',' => {
                            self.at += 1;
                            continue;
                        }
                        _ => {}
                    }
                    let child = format!("{pointer}/{index}");
                    let child_wanted = prefixes.contains(&child);
                    if child_wanted {
                        found.entry(child.clone()).or_insert(self.line);
                    }
                    self.value(&child, child_wanted, prefixes, found, depth + 1)?;
                    index += 1;
                }
            }
            b'{' | b'[' => self.skip_container(),
            b'"' => self.string().map(drop),
            _ => {
                // A number, `true`, `false` or `null`: up to the next delimiter. Nothing there
                // (a stray `}`) is not JSON.
                let start = self.at;
                while let Some(b) = self.peek() {
                    if matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\r' | b'\n') {
                        break;
                    }
                    self.at += 1;
                }
                (self.at > start).then_some(())
            }
        }
    }

    /// Skips a whole object or array, counting its lines.
    fn skip_container(&mut self) -> Option<()> {
        let mut depth = 0usize;
        while let Some(b) = self.peek() {
            match b {
                b'"' => {
                    self.string()?;
                    continue;
                }
                b'{' | b'[' => depth += 1,
                b'}' | b']' => {
                    depth -= 1;
                    if depth == 0 {
                        self.at += 1;
                        return Some(());
                    }
                }
                b'\n' => self.line += 1,
                _ => {}
            }
            self.at += 1;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_keys_and_items_and_skips_the_rest() {
        let text = "{\n  \"a\": {\"x\": [1, {\"y\": 2}]},\n  \"b\\/c\": [\n    \"s\\\"\\n\",\n    {\"z\": null}\n  ],\n  \"d\": 3\n}\n";
        let wanted: HashSet<String> = ["", "/b~1c", "/b~1c/1", "/b~1c/1/z", "/d", "/a"]
            .into_iter()
            .map(str::to_owned)
            .collect();
        let found = walk(text, &wanted);
        assert_eq!(found[""], 1);
        assert_eq!(found["/a"], 2);
        assert_eq!(found["/b~1c"], 3);
        assert_eq!(found["/b~1c/1"], 5);
        assert_eq!(found["/b~1c/1/z"], 5);
        assert_eq!(found["/d"], 7);
    }

    #[test]
    fn broken_text_ends_the_scan_without_panicking() {
        let wanted: HashSet<String> = ["/a", "/a/0"].into_iter().map(str::to_owned).collect();
        for text in [
            "{\"a\": [",
            "{\"a\" 1}",
            "{\"a\": \"unterminated",
            "{]",
            "{\"a\": [}}",
        ] {
            let _ = walk(text, &wanted);
        }
    }
}
