//! Finds the line of JSON pointers in a YAML or JSON text (JSON is read as YAML).
//!
//! Only run when there is a problem to report, and only descends into the parts of the
//! document that lead to a wanted pointer, so large specs stay cheap.

use std::collections::{HashMap, HashSet};

use yaml_rust2::parser::{Event, Parser};

use crate::pointer;

mod json;

struct Frame {
    pointer: String,
    /// Whether anything below this node is wanted.
    wanted: bool,
    kind: FrameKind,
}

enum FrameKind {
    /// In a mapping: the key whose value comes next, if a key has been read.
    Map(Option<String>),
    Seq(usize),
}

/// Lines (1-based) of `wanted` pointers into YAML document `document_index` of `text`. A pointer
/// that is not in the document gets the line of its nearest ancestor that is; a pointer whose
/// ancestors are all missing gets none.
pub fn lines(text: &str, document_index: usize, wanted: &[&str]) -> HashMap<String, usize> {
    // Every ancestor of a wanted pointer is a place the walk must go through.
    let mut prefixes: HashSet<String> = HashSet::new();
    for p in wanted {
        let mut prefix = *p;
        loop {
            prefixes.insert(prefix.to_owned());
            match prefix.rfind('/') {
                Some(i) => prefix = &prefix[..i],
                None => break,
            }
        }
    }
    let found = walk(text, document_index, &prefixes);
    let mut out = HashMap::new();
    for p in wanted {
        let mut prefix = *p;
        loop {
            if let Some(line) = found.get(prefix) {
                out.insert((*p).to_owned(), *line);
                break;
            }
            match prefix.rfind('/') {
                Some(i) => prefix = &prefix[..i],
                None => break,
            }
        }
    }
    out
}

fn walk(text: &str, document_index: usize, prefixes: &HashSet<String>) -> HashMap<String, usize> {
    // The loader reads such text as JSON; a YAML parser would find the same lines, slower.
    if text.trim_start().starts_with('{') {
        return json::walk(text, prefixes);
    }
    let mut found = HashMap::new();
    let mut parser = Parser::new_from_str(text);
    let mut documents_started = 0usize;
    let mut stack: Vec<Frame> = Vec::new();
    let mut active = false;
    // A syntax error ends the walk: what was found so far still helps.
    while let Ok((event, mark)) = parser.next_token() {
        let line = mark.line().max(1);
        match event {
            Event::StreamEnd => break,
            Event::DocumentStart => {
                active = documents_started == document_index;
                documents_started += 1;
            }
            Event::DocumentEnd => {
                if active {
                    break;
                }
            }
            _ if !active => {}
            Event::Scalar(value, ..) => {
                if let Some(Frame {
                    kind: FrameKind::Map(key @ None),
                    pointer,
                    wanted,
                }) = stack.last_mut()
                {
                    // A key: its line is where the entry starts.
                    if *wanted {
                        let child = pointer::push(pointer, &value);
                        if prefixes.contains(&child) {
                            found.entry(child).or_insert(line);
                        }
                    }
                    *key = Some(value);
                } else {
                    if let Some(child) = child_pointer(&stack, prefixes) {
                        found.entry(child).or_insert(line);
                    }
                    advance(&mut stack);
                }
            }
            Event::Alias(_) => {
                if matches!(
                    stack.last(),
                    Some(Frame {
                        kind: FrameKind::Map(None),
                        ..
                    })
                ) {
                    // An alias used as a key: give it a placeholder name.
                    if let Some(Frame {
                        kind: FrameKind::Map(key),
                        ..
                    }) = stack.last_mut()
                    {
                        *key = Some(String::new());
                    }
                } else {
                    advance(&mut stack);
                }
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let is_map = matches!(event, Event::MappingStart(..));
                let child = child_pointer(&stack, prefixes);
                if let Some(p) = &child {
                    found.entry(p.clone()).or_insert(line);
                }
                stack.push(Frame {
                    wanted: child.is_some(),
                    pointer: child.unwrap_or_default(),
                    kind: if is_map {
                        FrameKind::Map(None)
                    } else {
                        FrameKind::Seq(0)
                    },
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                stack.pop();
                advance(&mut stack);
            }
            Event::StreamStart | Event::Nothing => {}
        }
    }
    found
}

/// The pointer of the node that starts now, if it is wanted.
fn child_pointer(stack: &[Frame], prefixes: &HashSet<String>) -> Option<String> {
    let Some(top) = stack.last() else {
        return Some(String::new());
    };
    if !top.wanted {
        return None;
    }
    let child = match &top.kind {
        FrameKind::Map(Some(key)) => pointer::push(&top.pointer, key),
        FrameKind::Map(None) => return None,
        FrameKind::Seq(i) => format!("{}/{i}", top.pointer),
    };
    prefixes.contains(&child).then_some(child)
}

/// Moves the innermost container past the node that just ended.
fn advance(stack: &mut [Frame]) {
    match stack.last_mut().map(|f| &mut f.kind) {
        Some(FrameKind::Map(key)) => *key = None,
        Some(FrameKind::Seq(i)) => *i += 1,
        None => {}
    }
}
