//! Path templates: `/site/{cloudId}/message/{id}.json` into segments.

use crate::model::{Piece, Segment};

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
}
