//! The `pagination` settings: rules that say how an API's list operations give their next
//! page, each applied to the operations it names or to every operation it fits.
//!
//! ```yaml
//! pagination:
//!   - link: next                  # the `Link` header's URL with this relation
//!   - cursor: cursor              # the query parameter that takes the cursor, found
//!     next: /meta/next_cursor     #   in the success body (a JSON pointer),
//!     # next_header: X-Next       #   or in a response header,
//!     # last_item: id             #   or in a field of the page's last item
//!     more: /has_more             # optional: a boolean that says whether more pages follow
//!     items: /data                # where the page's items are (default: the body when it is
//!                                 #   an array, else its one array field)
//!     operations: [listThings]    # optional: without it, every operation the rule fits
//!   - page: page                  # a page number: the next page is one more
//!     first: 1                    #   the number of the page a request without one gets
//!   - offset: offset              # an offset: the next page starts after this page's items
//! ```

use serde_json::Value;

use crate::diag::Diagnostics;
use crate::pointer;

/// One rule of the `pagination` list.
#[derive(Clone, Debug, PartialEq)]
pub struct PageRule {
    pub next: NextRule,
    /// A JSON pointer into the success body: where the items are.
    pub items: Option<String>,
    /// A JSON pointer into the success body: a boolean that is false on the last page.
    pub more: Option<String>,
    /// The operations it applies to (operationIds, or `method /path`); every operation it
    /// fits when `None`.
    pub operations: Option<Vec<String>>,
    /// Where the rule is in the settings file, for diagnostics.
    pub at: String,
}

/// How a rule finds the next page.
#[derive(Clone, Debug, PartialEq)]
pub enum NextRule {
    /// The `Link` header's target with this relation.
    Link(String),
    /// A cursor sent in this query parameter.
    Cursor { param: String, from: CursorFrom },
    /// A page number in this query parameter; `first` is the page a request without one gets.
    Page { param: String, first: i64 },
    /// An offset in this query parameter, advanced by each page's item count.
    Offset { param: String },
}

/// Where a page's cursor for the next one is.
#[derive(Clone, Debug, PartialEq)]
pub enum CursorFrom {
    /// A JSON pointer into the success body.
    Body(String),
    /// A response header.
    Header(String),
    /// A field of the page's last item.
    LastItem(String),
}

const KEYS: &[&str] = &[
    "link",
    "cursor",
    "next",
    "next_header",
    "last_item",
    "page",
    "first",
    "offset",
    "more",
    "items",
    "operations",
];

const HELP: &str = "each rule has one of `link: next`, `cursor: <parameter>` (with `next`, \
                    `next_header` or `last_item`), `page: <parameter>` or `offset: <parameter>`";

/// The rules of a `pagination` list, reporting what is wrong with each.
pub fn rules(v: &Value, at: &str, diags: &mut Diagnostics) -> Vec<PageRule> {
    let Some(list) = v.as_array() else {
        diags.error(
            "invalid-settings",
            at,
            "`pagination` is a list of rules",
            "write `pagination: [{link: next}]`, or one `- ` item per rule",
        );
        return Vec::new();
    };
    list.iter()
        .enumerate()
        .filter_map(|(i, rule)| self::rule(rule, &format!("{at}/{i}"), diags))
        .collect()
}

fn rule(v: &Value, at: &str, diags: &mut Diagnostics) -> Option<PageRule> {
    let Some(map) = v.as_object() else {
        diags.error("invalid-settings", at, "a rule is a mapping", HELP);
        return None;
    };
    let text = |key: &str, diags: &mut Diagnostics| -> Option<String> {
        let v = map.get(key)?;
        match v.as_str() {
            Some(s) if !s.is_empty() => Some(s.to_owned()),
            _ => {
                diags.error(
                    "invalid-settings",
                    &pointer::push(at, key),
                    format!("`{key}` is a non-empty string"),
                    HELP,
                );
                None
            }
        }
    };
    for key in map.keys() {
        if !KEYS.contains(&key.as_str()) {
            diags.error(
                "invalid-settings",
                &pointer::push(at, key),
                format!("unknown key `{key}`"),
                format!("the keys of a pagination rule are {}", KEYS.join(", ")),
            );
        }
    }
    let json_pointer = |key: &str, diags: &mut Diagnostics| -> Option<String> {
        let p = text(key, diags)?;
        if p.starts_with('/') {
            Some(p)
        } else {
            diags.error(
                "invalid-settings",
                &pointer::push(at, key),
                format!("`{key}` is a JSON pointer into the response body"),
                format!("write it as `/{p}`"),
            );
            None
        }
    };
    let styles: Vec<&str> = ["link", "cursor", "page", "offset"]
        .into_iter()
        .filter(|k| map.contains_key(*k))
        .collect();
    let style = match styles.as_slice() {
        [one] => *one,
        _ => {
            diags.error(
                "invalid-settings",
                at,
                "a pagination rule has exactly one of `link`, `cursor`, `page` and `offset`",
                HELP,
            );
            return None;
        }
    };
    let sources: Vec<&str> = ["next", "next_header", "last_item"]
        .into_iter()
        .filter(|k| map.contains_key(*k))
        .collect();
    let source = match sources.as_slice() {
        [one] if style == "cursor" => Some(*one),
        [] if style != "cursor" => None,
        _ => {
            diags.error(
                "invalid-settings",
                at,
                "a cursor rule has exactly one of `next`, `next_header` and `last_item`, and \
                 other rules none",
                "write `next: /meta/next_cursor` for a cursor in the body",
            );
            return None;
        }
    };
    if map.contains_key("first") && style != "page" {
        diags.error(
            "invalid-settings",
            &pointer::push(at, "first"),
            "`first` belongs to a `page` rule",
            "remove it",
        );
    }
    let next = match style {
        "link" => NextRule::Link(text("link", diags)?),
        "cursor" => {
            let param = text("cursor", diags)?;
            let from = match source {
                Some("next") => CursorFrom::Body(json_pointer("next", diags)?),
                Some("next_header") => CursorFrom::Header(text("next_header", diags)?),
                _ => CursorFrom::LastItem(text("last_item", diags)?),
            };
            NextRule::Cursor { param, from }
        }
        "page" => {
            let first = match map.get("first") {
                None => 1,
                Some(v) => match v.as_i64() {
                    Some(n) => n,
                    None => {
                        diags.error(
                            "invalid-settings",
                            &pointer::push(at, "first"),
                            "`first` is a whole number",
                            "write `first: 0` for pages counted from zero",
                        );
                        return None;
                    }
                },
            };
            NextRule::Page {
                param: text("page", diags)?,
                first,
            }
        }
        _ => NextRule::Offset {
            param: text("offset", diags)?,
        },
    };
    let operations = match map.get("operations") {
        None => None,
        Some(v) => {
            let at = pointer::push(at, "operations");
            let Some(items) = v.as_array() else {
                diags.error(
                    "invalid-settings",
                    &at,
                    "`operations` is a list",
                    "write it as [listThings, get /things]",
                );
                return None;
            };
            let names: Vec<String> = items
                .iter()
                .filter_map(|i| i.as_str().map(str::to_owned))
                .collect();
            if names.len() != items.len() {
                diags.error(
                    "invalid-settings",
                    &at,
                    "`operations` lists operationIds or `method /path` strings",
                    "write it as [listThings, get /things]",
                );
                return None;
            }
            Some(names)
        }
    };
    Some(PageRule {
        next,
        items: if map.contains_key("items") {
            Some(json_pointer("items", diags).unwrap_or_default())
        } else {
            None
        },
        more: if map.contains_key("more") {
            Some(json_pointer("more", diags).unwrap_or_default())
        } else {
            None
        },
        operations,
        at: at.to_owned(),
    })
}
