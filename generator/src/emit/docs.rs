//! Spec prose as doc attributes.
//!
//! Text only ever enters generated code as string literal tokens (`#[doc = "..."]`), so it
//! cannot break out of a comment. What remains is keeping rustdoc and `cargo test` quiet: code
//! fences become `text` blocks (never run as doctests), indentation that Markdown would read
//! as a code block is dropped, brackets that are not links and angle brackets are escaped
//! (no broken intra-doc links or stray HTML), bare URLs become autolinks, and control or
//! bidirectional characters are spelled out.

use proc_macro2::TokenStream;
use quote::quote;

/// Outer doc attributes (`///`) for the given paragraphs; empty paragraphs are skipped and the
/// others separated by a blank line.
pub fn outer(paragraphs: &[Option<&str>]) -> TokenStream {
    let lines = lines(paragraphs);
    quote! { #( #[doc = #lines] )* }
}

/// Inner doc attributes (`//!`), for a module.
pub fn inner(paragraphs: &[Option<&str>]) -> TokenStream {
    let lines = lines(paragraphs);
    quote! { #( #![doc = #lines] )* }
}

fn lines(paragraphs: &[Option<&str>]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for text in paragraphs.iter().flatten() {
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(String::new());
        }
        out.extend(markdown(text));
    }
    // A leading space makes `/// text` rather than `///text`.
    out.into_iter()
        .map(|l| if l.is_empty() { l } else { format!(" {l}") })
        .collect()
}

fn markdown(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut fence: Option<String> = None;
    // The marker width of the list item the last lines belong to.
    let mut list: Option<usize> = None;
    for raw in text.split('\n') {
        let line = clean(raw.trim_end());
        let trimmed = line.trim_start();
        let marker: String = trimmed
            .chars()
            .take_while(|c| *c == '`' || *c == '~')
            .collect();
        let is_fence = marker.len() >= 3
            && (marker.chars().all(|c| c == '`') || marker.chars().all(|c| c == '~'));
        match &fence {
            None if is_fence => {
                // Whatever language the spec named, the block is shown, never compiled.
                out.push(format!("{marker}text"));
                fence = Some(marker);
                list = None;
            }
            Some(open)
                if is_fence
                    && trimmed.starts_with(open.as_str())
                    && trimmed[open.len()..].trim().is_empty() =>
            {
                out.push(open.clone());
                fence = None;
            }
            Some(_) => out.push(line),
            None => {
                // A list item's continuation lines are indented under it, or, when the spec
                // did not indent them, the list ends with a blank line: never a "lazy"
                // continuation that Markdown and readers disagree on.
                if trimmed.is_empty() {
                    list = None;
                    out.push(String::new());
                    continue;
                }
                match (list, list_marker_width(trimmed)) {
                    (_, Some(width)) => {
                        list = Some(width);
                        out.push(prose(trimmed));
                    }
                    (Some(width), None) if line.starts_with(' ') => {
                        out.push(format!("{}{}", " ".repeat(width), prose(trimmed)));
                    }
                    (Some(_), None) => {
                        list = None;
                        out.push(String::new());
                        out.push(prose(trimmed));
                    }
                    (None, None) => out.push(prose(trimmed)),
                }
            }
        }
    }
    if let Some(open) = fence {
        out.push(open);
    }
    // No trailing blank lines.
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out
}

/// The width of a list item's marker (`- `, `* `, `+ `, `1. `, `1) `), if the line starts one.
fn list_marker_width(line: &str) -> Option<usize> {
    if ["- ", "* ", "+ "].iter().any(|m| line.starts_with(m)) {
        return Some(2);
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let rest = &line[digits..];
    ((1..=9).contains(&digits) && (rest.starts_with(". ") || rest.starts_with(") ")))
        .then_some(digits + 2)
}

/// Control characters go; bidirectional overrides are written out, so that what a reader sees
/// is what the text says.
fn clean(line: &str) -> String {
    let mut s = String::with_capacity(line.len());
    for c in line.chars() {
        match c {
            '\t' => s.push_str("    "),
            '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{061C}' => {
                s.push_str(&format!("\\u{{{:04x}}}", c as u32));
            }
            c if c.is_control() => {}
            c => s.push(c),
        }
    }
    s
}

/// One line of prose: brackets, angle brackets and bare URLs made safe for rustdoc.
fn prose(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let keep = link_brackets(&chars);
    let mut out = String::with_capacity(line.len() + 8);
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if let Some(len) = url_at(&chars, i) {
            // Inside a Markdown link target the URL is already a link.
            let in_target =
                i >= 2 && chars.get(i - 1) == Some(&'(') && chars.get(i - 2) == Some(&']');
            let url: String = chars.iter().skip(i).take(len).collect();
            if in_target {
                out.push_str(&url)
            } else {
                out.push_str(&format!("<{url}>"))
            }
            i += len;
            continue;
        }
        match c {
            '[' | ']' if !keep.contains(&i) => {
                out.push('\\');
                out.push(c);
            }
            '<' | '>' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

/// Positions of brackets that form Markdown links (`[text](target)`).
fn link_brackets(chars: &[char]) -> Vec<usize> {
    let mut keep = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    for (i, c) in chars.iter().enumerate() {
        match c {
            '[' => open.push(i),
            ']' => {
                if let Some(start) = open.pop() {
                    let target_follows = chars.get(i + 1) == Some(&'(')
                        && chars.iter().skip(i + 1).any(|c| *c == ')');
                    if target_follows {
                        keep.push(start);
                        keep.push(i);
                    }
                }
            }
            _ => {}
        }
    }
    keep
}

/// The length of an `http(s)://` URL starting at `i`, if one does.
fn url_at(chars: &[char], i: usize) -> Option<usize> {
    let rest: String = chars.iter().skip(i).take(8).collect();
    if !(rest.starts_with("http://") || rest.starts_with("https://")) {
        return None;
    }
    let before = i.checked_sub(1).and_then(|b| chars.get(b));
    if before.is_some_and(|c| c.is_alphanumeric() || *c == '<') {
        return None;
    }
    let len = chars
        .iter()
        .skip(i)
        .take_while(|c| {
            !(c.is_whitespace()
                || matches!(
                    c,
                    '<' | '>' | '"' | '`' | '[' | ']' | '(' | ')' | '{' | '}' | '|' | '\\' | '^'
                ))
        })
        .count();
    // Trailing punctuation belongs to the sentence.
    let url: Vec<&char> = chars.iter().skip(i).take(len).collect();
    let trailing = url
        .iter()
        .rev()
        .take_while(|c| matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | '\''))
        .count();
    let len = len - trailing;
    (len > "https://".len()).then_some(len)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Vec<String> {
        lines(&[Some(text)])
    }

    #[test]
    fn plain_text() {
        assert_eq!(
            doc("Send message to a user."),
            vec![" Send message to a user."]
        );
        assert_eq!(
            lines(&[Some("Title"), None, Some(" "), Some("Body")]),
            vec![" Title", "", " Body"]
        );
    }

    #[test]
    fn fences_become_text() {
        assert_eq!(
            doc("a\n```json\n{\"x\": 1}\n```"),
            vec![" a", " ```text", " {\"x\": 1}", " ```"]
        );
        assert_eq!(doc("```\nunclosed"), vec![" ```text", " unclosed", " ```"]);
    }

    #[test]
    fn indentation_is_not_code() {
        assert_eq!(doc("list:\n    indented"), vec![" list:", " indented"]);
    }

    #[test]
    fn list_items_never_continue_lazily() {
        assert_eq!(
            doc("Is:\n- a\n- b\nAfter."),
            vec![" Is:", " - a", " - b", "", " After."]
        );
        assert_eq!(
            doc("1. one\n   more\n2. two"),
            vec![" 1. one", "    more", " 2. two"]
        );
    }

    #[test]
    fn escapes() {
        assert_eq!(
            doc("see [Pet] and List<String>"),
            vec![" see \\[Pet\\] and List\\<String\\>"]
        );
        assert_eq!(
            doc("[docs](https://x.io/a)"),
            vec![" [docs](https://x.io/a)"]
        );
        assert_eq!(
            doc("at https://example.com/a."),
            vec![" at <https://example.com/a>."]
        );
        // Spelled out, then its backslash escaped for Markdown: renders as `a\u{202e}bc`.
        assert_eq!(doc("a\u{202e}b\rc"), vec![" a\\\\u{202e}bc"]);
        assert_eq!(doc("*/ #[x] \"q\""), vec![" */ #\\[x\\] \"q\""]);
    }
}
