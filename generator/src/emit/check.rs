//! What emit takes for granted of the model, checked before anything is written: a model that
//! breaks it is a bug of lowering's, reported as an internal error naming the place, never
//! rendered into something that silently differs from the spec.

use crate::model::{Api, Piece, ResponseBody, Segment, Type};

/// The first broken expectation, as a message naming where it is.
pub fn model(api: &Api) -> Result<(), String> {
    let parse = |what: &str, text: &str, ok: bool| {
        if ok {
            Ok(())
        } else {
            Err(format!("{what} `{text}` is not Rust"))
        }
    };
    for ty in api.types.all() {
        if let Type::External(path) = ty {
            parse("a replacement type", path, is_type(path))?;
        }
    }
    for path in api
        .derives
        .all
        .iter()
        .chain(api.derives.by_type.values().flatten())
    {
        parse("a derive", path, syn::parse_str::<syn::Path>(path).is_ok())?;
    }
    for op in &api.operations {
        let place = format!(
            "operation `{}` ({} {})",
            op.name.wire,
            op.method.http(),
            op.path.raw
        );
        let params = op.params.len();
        let indexes = op.path.segments.iter().flat_map(|s| match s {
            Segment::Literal(_) => Vec::new(),
            Segment::Param(i) => vec![*i],
            Segment::Mixed(pieces) => pieces
                .iter()
                .filter_map(|p| match p {
                    Piece::Param(i) => Some(*i),
                    Piece::Literal(_) => None,
                })
                .collect(),
        });
        for i in indexes {
            if i >= params {
                return Err(format!("{place}: its path names parameter {i} of {params}"));
            }
        }
        for scheme in op.security.iter().flatten() {
            if *scheme >= api.security.len() {
                return Err(format!(
                    "{place}: it requires an undeclared security scheme"
                ));
            }
        }
        if op.body.as_ref().is_some_and(|b| b.contents.is_empty()) {
            return Err(format!("{place}: its request body has no media type"));
        }
        for r in &op.responses {
            let typed = !matches!(r.body, ResponseBody::Empty | ResponseBody::Untyped);
            if typed && r.media_type.is_none() {
                return Err(format!(
                    "{place}: response `{}` has no content type",
                    r.variant
                ));
            }
        }
        let binary = op.responses.iter().any(|r| r.body == ResponseBody::Binary);
        if binary != op.stream.is_some() {
            return Err(format!(
                "{place}: its stream method does not match its responses"
            ));
        }
    }
    Ok(())
}

fn is_type(path: &str) -> bool {
    syn::parse_str::<syn::Type>(path).is_ok()
}
