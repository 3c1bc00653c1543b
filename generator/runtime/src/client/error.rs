//! The one error every call of a generated client returns: what went wrong (an
//! [`ErrorKind`]), and which operation it happened in.

use std::fmt;

use bytes::Bytes;
use http::{HeaderMap, StatusCode};

use super::Operation;

/// Why a call failed, and in which operation (its id, method and path template).
///
/// `Display` names the operation first: `getTask (GET /tasks/{taskId}): request failed: ..`.
/// [`kind`](Self::kind) tells the failures apart; the helpers below answer the questions a
/// caller usually has (was it a timeout, may it be retried, what status came back).
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
    operation: Option<Operation>,
}

/// What went wrong in a call.
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The request was refused before anything was sent: a base URL, path value or header value
    /// that would not mean what the caller meant.
    InvalidRequest(String),
    /// The request could not be sent or the response not received (connection, TLS, timeout).
    Transport(reqwest::Error),
    /// A documented response arrived, but its body does not match the spec.
    Decode {
        response: Box<ErrorResponse>,
        message: String,
        /// What failed to decode it (`serde_json`'s error, with its line and column), when
        /// something did.
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    },
    /// A status the spec does not document for this operation; the response is kept whole.
    UnexpectedStatus(Box<ErrorResponse>),
    /// A documented error response, from a reply's `into_result`: the operation's own error
    /// type (`GetTaskError`), which [`Error::documented`] gives back, with its status.
    Documented {
        status: StatusCode,
        error: Box<dyn std::error::Error + Send + Sync>,
    },
    /// A middleware (feature `middleware`) failed the request.
    Middleware(Box<dyn std::error::Error + Send + Sync>),
    /// The service a transport over a service (`Transport::from_service`) sends to failed.
    Service(Box<dyn std::error::Error + Send + Sync>),
}

/// A response that could not be turned into the operation's typed response.
#[derive(Debug)]
pub struct ErrorResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

/// A request's `check()` failing is a request refused before sending.
impl From<crate::Invalid> for Error {
    fn from(invalid: crate::Invalid) -> Self {
        Error::invalid(invalid.to_string())
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Self {
        Error {
            kind,
            operation: None,
        }
    }
}

impl Error {
    pub(crate) fn invalid(why: String) -> Self {
        ErrorKind::InvalidRequest(why).into()
    }

    /// A response (or a streamed part of one, as its `body`) that does not decode.
    pub(crate) fn undecodable(
        response: ErrorResponse,
        message: String,
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        ErrorKind::Decode {
            response: Box::new(response),
            message,
            source,
        }
        .into()
    }

    pub(crate) fn transport(error: reqwest::Error) -> Self {
        ErrorKind::Transport(error).into()
    }

    /// The same error, said to have happened in `operation` (unless it already names one).
    pub(crate) fn during(mut self, operation: Operation) -> Self {
        self.operation.get_or_insert(operation);
        self
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    pub fn into_kind(self) -> ErrorKind {
        self.kind
    }

    /// The operation the call was for.
    pub fn operation(&self) -> Option<Operation> {
        self.operation
    }

    /// The operation's own error type (`GetTaskError`), when the error is a documented error
    /// response of that type.
    pub fn documented<E: std::error::Error + 'static>(&self) -> Option<&E> {
        match &self.kind {
            ErrorKind::Documented { error, .. } => error.downcast_ref(),
            _ => None,
        }
    }

    /// The status of the response, for errors that got one.
    pub fn status(&self) -> Option<StatusCode> {
        match &self.kind {
            ErrorKind::Decode { response, .. } | ErrorKind::UnexpectedStatus(response) => {
                Some(response.status)
            }
            ErrorKind::Transport(e) => e.status(),
            ErrorKind::Documented { status, .. } => Some(*status),
            ErrorKind::InvalidRequest(_) | ErrorKind::Middleware(_) | ErrorKind::Service(_) => None,
        }
    }

    /// Whether the call ran out of time (the client's timeout, or connecting's).
    pub fn is_timeout(&self) -> bool {
        matches!(&self.kind, ErrorKind::Transport(e) if e.is_timeout())
    }

    /// Whether no connection could be made (nothing was sent).
    pub fn is_connect(&self) -> bool {
        matches!(&self.kind, ErrorKind::Transport(e) if e.is_connect())
    }

    /// Whether trying again later may succeed: a timeout, a failed connection, or a status
    /// that says so (408, 425, 429, 500, 502, 503, 504).
    pub fn is_retryable(&self) -> bool {
        const RETRYABLE: &[u16] = &[408, 425, 429, 500, 502, 503, 504];
        self.is_timeout()
            || self.is_connect()
            || self
                .status()
                .is_some_and(|s| RETRYABLE.contains(&s.as_u16()))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A documented error names its operation itself.
        if let Some(operation) = self.operation {
            if !matches!(self.kind, ErrorKind::Documented { .. }) {
                write!(f, "{operation}: ")?;
            }
        }
        fmt::Display::fmt(&self.kind, f)
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::InvalidRequest(why) => write!(f, "invalid request: {why}"),
            ErrorKind::Transport(e) => write!(f, "request failed: {e}"),
            ErrorKind::Decode {
                response, message, ..
            } => write!(
                f,
                "cannot decode the {} response: {message}",
                response.status
            ),
            ErrorKind::UnexpectedStatus(response) => {
                write!(f, "undocumented response status {}", response.status)?;
                if !response.body.is_empty() {
                    let text =
                        String::from_utf8_lossy(&response.body[..response.body.len().min(200)]);
                    write!(f, ": {text}")?;
                }
                Ok(())
            }
            ErrorKind::Middleware(e) => write!(f, "middleware failed: {e}"),
            ErrorKind::Service(e) => write!(f, "the service failed: {e}"),
            ErrorKind::Documented { error, .. } => write!(f, "{error}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            ErrorKind::Transport(e) => Some(e),
            ErrorKind::Middleware(e) | ErrorKind::Service(e) => Some(&**e),
            ErrorKind::Decode {
                source: Some(e), ..
            } => Some(&**e),
            ErrorKind::Documented { error, .. } => Some(&**error),
            _ => None,
        }
    }
}
