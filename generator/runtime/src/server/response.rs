//! Encoding an implementation's response: status, body of each media type, declared headers.

use axum::response::{IntoResponse, Response};
use http::{HeaderValue, StatusCode, header};
use serde::Serialize;

use super::Problem;
use crate::UntypedBody;
use crate::params::{ParamValue, join};

/// A JSON response.
pub fn json_response<T: Serialize>(
    status: StatusCode,
    content_type: &'static str,
    body: &T,
) -> Response {
    match serde_json::to_vec(body) {
        Ok(bytes) => (status, [(header::CONTENT_TYPE, content_type)], bytes).into_response(),
        Err(e) => Problem::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("the response could not be written as JSON: {e}"),
        )
        .into_response(),
    }
}

/// A response whose body the spec does not describe.
pub fn untyped_response(status: StatusCode, body: UntypedBody) -> Response {
    match body {
        UntypedBody::Empty => status.into_response(),
        UntypedBody::Json(value) => json_response(status, "application/json", &value),
        UntypedBody::Bytes { content_type, data } => {
            let mut response = (status, data).into_response();
            match content_type.and_then(|ct| HeaderValue::from_str(&ct).ok()) {
                Some(ct) => {
                    response.headers_mut().insert(header::CONTENT_TYPE, ct);
                }
                None => {
                    response.headers_mut().remove(header::CONTENT_TYPE);
                }
            }
            response
        }
    }
}

/// A text response.
pub fn text_response(status: StatusCode, content_type: &'static str, body: String) -> Response {
    (status, [(header::CONTENT_TYPE, content_type)], body).into_response()
}

/// A response of raw bytes.
pub fn bytes_response(
    status: StatusCode,
    content_type: &'static str,
    body: crate::Blob,
) -> Response {
    let body = match body.take() {
        Some(Ok(bytes)) => axum::body::Body::from(bytes),
        // Written as the chunks come; an error drops the connection after those before it.
        Some(Err(chunks)) => axum::body::Body::from_stream(chunks),
        None => {
            tracing::error!("a streamed response body was given after it had been sent");
            return Problem::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "the response's body is a stream that was sent already",
            )
            .into_response();
        }
    };
    (status, [(header::CONTENT_TYPE, content_type)], body).into_response()
}

/// Sets a response header the spec declares. A value a header cannot carry (CR, LF, other
/// controls) turns the response into a 500 problem rather than a malformed response.
pub fn set_header<T: ParamValue + ?Sized>(response: &mut Response, name: &'static str, value: &T) {
    match HeaderValue::from_str(&value.to_param()) {
        Ok(value) => {
            response.headers_mut().insert(name, value);
        }
        Err(_) => {
            *response = Problem::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("the implementation set header `{name}` to a value a header cannot carry"),
            )
            .into_response();
        }
    }
}

/// Sets a list header, comma-separated.
pub fn set_header_list<T: ParamValue>(response: &mut Response, name: &'static str, values: &[T]) {
    set_header(response, name, join(values, ',').as_str());
}
