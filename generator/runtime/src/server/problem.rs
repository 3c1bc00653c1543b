//! Problem details (RFC 9457): what the server answers when a request's input does not fit
//! the spec.

use axum::response::{IntoResponse, Response};
use http::{HeaderValue, StatusCode, header};
use serde::Serialize;

pub use crate::validate::InvalidParam;

/// An RFC 9457 problem details response (`application/problem+json`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub title: &'static str,
    pub status: u16,
    pub detail: String,
    /// The inputs at fault, when there are any.
    #[serde(rename = "invalid-params", skip_serializing_if = "Vec::is_empty")]
    pub invalid_params: Vec<InvalidParam>,
    /// A 401's `WWW-Authenticate` challenge (not part of the body).
    #[serde(skip)]
    pub challenge: Option<&'static str>,
}

impl Problem {
    pub fn new(status: StatusCode, detail: impl Into<String>) -> Self {
        Problem {
            kind: "about:blank",
            title: status.canonical_reason().unwrap_or("Error"),
            status: status.as_u16(),
            detail: detail.into(),
            invalid_params: Vec::new(),
            challenge: None,
        }
    }

    /// A 400 naming the input at fault.
    pub fn invalid(location: &str, name: &str, reason: &str) -> Self {
        let mut p = Problem::new(
            StatusCode::BAD_REQUEST,
            format!("{location} parameter `{name}`: {reason}"),
        );
        if location == "body" {
            p.detail = format!("request body: {reason}");
        }
        p.invalid_params.push(InvalidParam {
            location: location.to_owned(),
            name: name.to_owned(),
            reason: reason.to_owned(),
        });
        p
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&self).unwrap_or_default();
        let mut response = (
            status,
            [(header::CONTENT_TYPE, "application/problem+json")],
            body,
        )
            .into_response();
        if let Some(challenge) = self.challenge {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static(challenge),
            );
        }
        response
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}: {}", self.status, self.title, self.detail)
    }
}

/// A problem is also an error, so that a server method may return one through `?` into
/// [`Error`](super::Error), which answers it as it is.
impl std::error::Error for Problem {}
