//! Path templates: `/site/{cloudId}/message/{id}.json` into segments, and the query part some
//! path keys carry (`/rest?method=flickr.photos.search`, `/alerts?lat={lat}&lon={lon}`).

use std::collections::HashMap;

use crate::model::{FixedQuery, Operation, Piece, Segment};
use crate::uri::encode_literal;

/// One `&`-separated item of a path key's query part.
#[derive(Debug, PartialEq, Eq)]
pub enum QueryItem {
    /// `name=value` or a bare `name`: sent as written.
    Fixed(FixedQuery),
    /// `name={var}`: a query parameter `name`, whose value the parameter `var` gives.
    Template { name: String, var: String },
    /// An item that mixes text and a `{var}` template (`q=near:{place}`): it can only be
    /// sent as the query parameter `var`.
    Mixed { item: String, var: String },
}

/// A path key split at its first `?` into the path and the query items (none without `?`).
pub fn split_key(key: &str) -> (&str, Vec<QueryItem>) {
    let Some((path, query)) = key.split_once('?') else {
        return (key, Vec::new());
    };
    let items = query
        .split('&')
        .filter(|item| !item.is_empty())
        .map(|item| {
            let (name, value) = match item.split_once('=') {
                Some((name, value)) => (name, Some(value)),
                None => (item, None),
            };
            let template = |text: &str| {
                text.strip_prefix('{')
                    .and_then(|t| t.strip_suffix('}'))
                    .filter(|t| !t.is_empty() && !t.contains(['{', '}']))
                    .map(str::to_owned)
            };
            match (value.and_then(template), template(name)) {
                (Some(var), _) => QueryItem::Template {
                    name: decoded(name),
                    var,
                },
                // A bare `{var}`: the parameter names itself.
                (None, Some(var)) if value.is_none() => QueryItem::Template {
                    name: var.clone(),
                    var,
                },
                _ => match param_names(item).first() {
                    Some(var) => QueryItem::Mixed {
                        item: item.to_owned(),
                        var: (*var).to_owned(),
                    },
                    None => QueryItem::Fixed(FixedQuery {
                        name: decoded(name),
                        value: value.map(decoded),
                    }),
                },
            }
        })
        .collect();
    (path, items)
}

/// A query component as `application/x-www-form-urlencoded` decodes it (`+` is a space).
fn decoded(text: &str) -> String {
    let spaced = text.replace('+', " ");
    crate::pointer::percent_decode(&spaced).unwrap_or(spaced)
}

/// One `{name}` or literal run within a segment, before parameters are matched to indices.
#[derive(Debug, PartialEq, Eq)]
pub enum RawPiece<'a> {
    Literal(&'a str),
    Param(&'a str),
}

/// Splits a template into segments of pieces. An unclosed `{` is taken literally.
pub fn split(template: &str) -> Vec<Vec<RawPiece<'_>>> {
    let body = template.strip_prefix('/').unwrap_or(template);
    body.split('/').map(pieces).collect()
}

fn pieces(segment: &str) -> Vec<RawPiece<'_>> {
    let mut out = Vec::new();
    let mut rest = segment;
    while !rest.is_empty() {
        match rest.find('{') {
            Some(open) => match rest[open..].find('}') {
                Some(close) => {
                    if open > 0 {
                        out.push(RawPiece::Literal(&rest[..open]));
                    }
                    out.push(RawPiece::Param(&rest[open + 1..open + close]));
                    rest = &rest[open + close + 1..];
                }
                None => {
                    out.push(RawPiece::Literal(rest));
                    rest = "";
                }
            },
            None => {
                out.push(RawPiece::Literal(rest));
                rest = "";
            }
        }
    }
    if out.is_empty() {
        out.push(RawPiece::Literal(""));
    }
    out
}

/// The template's parameter names, in order.
pub fn param_names(template: &str) -> Vec<&str> {
    split(template)
        .into_iter()
        .flatten()
        .filter_map(|p| match p {
            RawPiece::Param(name) => Some(name),
            RawPiece::Literal(_) => None,
        })
        .collect()
}

/// Builds model segments, looking parameter indices up by name.
pub fn segments(template: &str, index_of: impl Fn(&str) -> usize) -> Vec<Segment> {
    split(template)
        .into_iter()
        .map(|pieces| match pieces.as_slice() {
            [RawPiece::Literal(l)] => Segment::Literal((*l).to_owned()),
            [RawPiece::Param(p)] => Segment::Param(index_of(p)),
            _ => Segment::Mixed(
                pieces
                    .iter()
                    .map(|p| match p {
                        RawPiece::Literal(l) => Piece::Literal((*l).to_owned()),
                        RawPiece::Param(name) => Piece::Param(index_of(name)),
                    })
                    .collect(),
            ),
        })
        .collect()
}

/// One segment of an axum route.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum RouteSeg {
    Literal(String),
    /// A parameter taking the whole segment, by name.
    Param(String),
    /// A literal prefix, then a parameter to the segment's end (`v{version}`).
    Prefixed(String, String),
}

impl RouteSeg {
    /// What axum's router compares when it files routes: parameter names left out.
    fn shape(&self) -> RouteSeg {
        match self {
            RouteSeg::Literal(_) => self.clone(),
            RouteSeg::Param(_) => RouteSeg::Param(String::new()),
            RouteSeg::Prefixed(prefix, _) => RouteSeg::Prefixed(prefix.clone(), String::new()),
        }
    }
}

/// Decides each operation's axum route: its template in axum's syntax, so that a generated
/// router is one axum route per template (it merges, nests and takes `route_layer`, and
/// `MatchedPath` holds the route). Where axum's syntax cannot say a segment, the route takes
/// the whole segment as a parameter and the server's own matching, which runs after axum's,
/// does the rest: a parameter with text after it (`{name}.json`), two parameters in one
/// segment, and literals that start with `:` or `*` (axum refuses those as old syntax).
/// Templates that differ only in their parameters' names share one route (axum refuses two),
/// named as the first of them.
pub fn decide_routes(operations: &mut [Operation]) {
    let mut named: HashMap<Vec<RouteSeg>, Vec<RouteSeg>> = HashMap::new();
    for op in operations.iter_mut() {
        let segs = route_segments(op);
        let shape: Vec<RouteSeg> = segs.iter().map(RouteSeg::shape).collect();
        let segs = named.entry(shape).or_insert(segs);
        op.path.route = render(segs);
    }
}

fn route_segments(op: &Operation) -> Vec<RouteSeg> {
    let name = |index: &usize| {
        op.params
            .get(*index)
            .map_or_else(|| "param".to_owned(), |p| param_name(&p.name.wire))
    };
    op.path
        .segments
        .iter()
        .enumerate()
        .map(|(position, segment)| match segment {
            Segment::Literal(l) => {
                let encoded = encode_literal(l);
                if encoded.starts_with([':', '*']) {
                    RouteSeg::Param(format!("segment{position}"))
                } else {
                    RouteSeg::Literal(encoded)
                }
            }
            Segment::Param(index) => RouteSeg::Param(name(index)),
            Segment::Mixed(pieces) => match pieces.as_slice() {
                [Piece::Literal(prefix), Piece::Param(index)]
                    if !encode_literal(prefix).starts_with([':', '*']) =>
                {
                    RouteSeg::Prefixed(encode_literal(prefix), name(index))
                }
                _ => {
                    let first = pieces.iter().find_map(|p| match p {
                        Piece::Param(index) => Some(name(index)),
                        Piece::Literal(_) => None,
                    });
                    RouteSeg::Param(first.unwrap_or_else(|| format!("segment{position}")))
                }
            },
        })
        .collect()
}

/// A parameter's name as axum's router takes it: not empty, without braces, slashes or `*`.
fn param_name(wire: &str) -> String {
    let name: String = wire
        .chars()
        .map(|c| {
            if matches!(c, '{' | '}' | '/' | '*') {
                '_'
            } else {
                c
            }
        })
        .collect();
    if name.is_empty() {
        "param".to_owned()
    } else {
        name
    }
}

fn render(segs: &[RouteSeg]) -> String {
    let mut route = String::new();
    for seg in segs {
        route.push('/');
        match seg {
            RouteSeg::Literal(l) => route.push_str(l),
            RouteSeg::Param(name) => route.push_str(&format!("{{{name}}}")),
            RouteSeg::Prefixed(prefix, name) => route.push_str(&format!("{prefix}{{{name}}}")),
        }
    }
    if route.is_empty() {
        route.push('/');
    }
    route
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_templates() {
        assert_eq!(
            split("/a/{b}/c"),
            vec![
                vec![RawPiece::Literal("a")],
                vec![RawPiece::Param("b")],
                vec![RawPiece::Literal("c")],
            ]
        );
        assert_eq!(
            split("/files/{name}.json"),
            vec![
                vec![RawPiece::Literal("files")],
                vec![RawPiece::Param("name"), RawPiece::Literal(".json")],
            ]
        );
        assert_eq!(split("/"), vec![vec![RawPiece::Literal("")]]);
        assert_eq!(
            split("/a/{open"),
            vec![
                vec![RawPiece::Literal("a")],
                vec![RawPiece::Literal("{open")]
            ]
        );
        assert_eq!(param_names("/x/{a}/{b}.{c}"), vec!["a", "b", "c"]);
    }

    #[test]
    fn splits_query_parts_of_path_keys() {
        let fixed = |name: &str, value: Option<&str>| {
            QueryItem::Fixed(FixedQuery {
                name: name.to_owned(),
                value: value.map(str::to_owned),
            })
        };
        assert_eq!(split_key("/a/{b}"), ("/a/{b}", vec![]));
        assert_eq!(
            split_key("/rest?method=flickr.photos.search"),
            ("/rest", vec![fixed("method", Some("flickr.photos.search"))])
        );
        assert_eq!(
            split_key("/alerts?lat={lat}&lon={lon}&beta&q=a%20b+c"),
            (
                "/alerts",
                vec![
                    QueryItem::Template {
                        name: "lat".into(),
                        var: "lat".into()
                    },
                    QueryItem::Template {
                        name: "lon".into(),
                        var: "lon".into()
                    },
                    fixed("beta", None),
                    fixed("q", Some("a b c")),
                ]
            )
        );
        assert_eq!(
            split_key("/s?q=near:{place}"),
            (
                "/s",
                vec![QueryItem::Mixed {
                    item: "q=near:{place}".into(),
                    var: "place".into()
                }]
            )
        );
        assert_eq!(
            split_key("/r/{id}?{mode}"),
            (
                "/r/{id}",
                vec![QueryItem::Template {
                    name: "mode".into(),
                    var: "mode".into()
                }]
            )
        );
    }
}
