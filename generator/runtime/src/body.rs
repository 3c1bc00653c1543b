use bytes::Bytes;

/// A body the spec does not describe. Nothing that arrives is dropped: JSON is parsed into a
/// [`serde_json::Value`], anything else is kept as bytes with its content type.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum UntypedBody {
    /// No body at all.
    #[default]
    Empty,
    /// A JSON body (`application/json` or `*/*+json`).
    Json(serde_json::Value),
    /// Any other body.
    Bytes {
        /// The `Content-Type` it came with, if any.
        content_type: Option<String>,
        data: Bytes,
    },
}

impl UntypedBody {
    /// Classifies a received body by its content type.
    pub fn from_parts(content_type: Option<&str>, data: Bytes) -> Result<Self, serde_json::Error> {
        if data.is_empty() {
            return Ok(UntypedBody::Empty);
        }
        if content_type.is_some_and(is_json) {
            return serde_json::from_slice(&data).map(UntypedBody::Json);
        }
        Ok(UntypedBody::Bytes {
            content_type: content_type.map(str::to_owned),
            data,
        })
    }

    /// The JSON value, if the body is JSON.
    pub fn as_json(&self) -> Option<&serde_json::Value> {
        match self {
            UntypedBody::Json(value) => Some(value),
            _ => None,
        }
    }
}

impl From<serde_json::Value> for UntypedBody {
    fn from(value: serde_json::Value) -> Self {
        UntypedBody::Json(value)
    }
}

/// Whether a `Content-Type` value names JSON (`application/json`, `application/problem+json`).
pub(crate) fn is_json(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or("").trim();
    essence.eq_ignore_ascii_case("application/json")
        || essence
            .rsplit_once('+')
            .is_some_and(|(_, suffix)| suffix.eq_ignore_ascii_case("json"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_bodies() {
        assert_eq!(
            UntypedBody::from_parts(Some("application/json"), Bytes::new()).unwrap(),
            UntypedBody::Empty
        );
        assert_eq!(
            UntypedBody::from_parts(
                Some("application/json; charset=utf-8"),
                Bytes::from_static(b"{\"a\":1}")
            )
            .unwrap(),
            UntypedBody::Json(serde_json::json!({"a": 1}))
        );
        assert!(
            UntypedBody::from_parts(Some("application/json"), Bytes::from_static(b"nope")).is_err()
        );
        assert_eq!(
            UntypedBody::from_parts(None, Bytes::from_static(b"x")).unwrap(),
            UntypedBody::Bytes {
                content_type: None,
                data: Bytes::from_static(b"x")
            }
        );
        assert!(is_json("application/problem+json"));
        assert!(!is_json("text/plain"));
    }
}
