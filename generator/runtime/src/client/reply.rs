//! What a call gives back: the typed response with its status, all its headers and the
//! operation ([`Reply`]), and the error a documented error status becomes
//! ([`DocumentedError`]).

use std::fmt;
use std::ops::Deref;

use http::{HeaderMap, StatusCode};

use super::{Error, ErrorKind};

/// An operation of the spec, as a call names it: its id, method and path template.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Operation {
    /// The `operationId` (`getTask`).
    pub id: &'static str,
    /// The HTTP method, upper case (`GET`).
    pub method: &'static str,
    /// The path template as the spec writes it (`/tasks/{taskId}`).
    pub template: &'static str,
}

impl Operation {
    pub const fn new(id: &'static str, method: &'static str, template: &'static str) -> Self {
        Operation {
            id,
            method,
            template,
        }
    }
}

/// `getTask (GET /tasks/{taskId})`.
impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({} {})", self.id, self.method, self.template)
    }
}

/// A documented response, as a call returns it: the typed response (`GetTaskResponse`, which
/// it dereferences to), with the status, every header that came (those the spec forgot too:
/// request ids, rate limits) and the operation.
///
/// [`into_result`](Self::into_result) gives the success's value, or the operation's error type;
/// [`into_inner`](Self::into_inner) the response to `match` on.
#[derive(Clone, Debug, PartialEq)]
pub struct Reply<T> {
    value: T,
    status: StatusCode,
    headers: HeaderMap,
    operation: Operation,
}

impl<T> Reply<T> {
    #[doc(hidden)]
    pub fn new(value: T, status: StatusCode, headers: HeaderMap, operation: Operation) -> Self {
        Reply {
            value,
            status,
            headers,
            operation,
        }
    }

    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// Every header of the response.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    pub fn operation(&self) -> Operation {
        self.operation
    }

    /// The typed response.
    pub fn into_inner(self) -> T {
        self.value
    }

    /// The same status, headers and operation with another value.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Reply<U> {
        Reply {
            value: f(self.value),
            status: self.status,
            headers: self.headers,
            operation: self.operation,
        }
    }
}

impl<T> Deref for Reply<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

/// A reply equals the typed response it holds.
impl<T: PartialEq> PartialEq<T> for Reply<T> {
    fn eq(&self, other: &T) -> bool {
        self.value == *other
    }
}

/// A typed response that knows which of its variants are successes. Generated for every
/// response enum; [`Reply::into_result`] is what calls it.
pub trait Outcome: Sized {
    /// What a success gives: the body when one 2XX without headers is documented, else the
    /// response itself.
    type Value;

    /// The success's value, or the response back when its status is not a success.
    fn success(self) -> Result<Self::Value, Self>;
}

impl<T: Outcome> Reply<T> {
    /// The value of a success (2XX); any other documented status is the operation's error
    /// type (`GetTaskError`), which keeps the reply and converts into [`Error`], so that
    /// `client.get_task(..).await?.into_result()?` is one error chain.
    pub fn into_result(self) -> Result<T::Value, DocumentedError<T>> {
        let Reply {
            value,
            status,
            headers,
            operation,
        } = self;
        value.success().map_err(|value| {
            DocumentedError(Box::new(Reply {
                value,
                status,
                headers,
                operation,
            }))
        })
    }
}

/// A documented response whose status is not a success, as [`Reply::into_result`] gives it.
/// Each operation names it (`type GetTaskError = DocumentedError<GetTaskResponse>`); it
/// displays as `getTask (GET /tasks/{taskId}) answered 404 Not Found`.
#[derive(Clone, Debug, PartialEq)]
pub struct DocumentedError<T>(Box<Reply<T>>);

impl<T> DocumentedError<T> {
    pub(crate) fn new(reply: Reply<T>) -> Self {
        DocumentedError(Box::new(reply))
    }

    pub fn status(&self) -> StatusCode {
        self.0.status
    }

    /// Every header of the response.
    pub fn headers(&self) -> &HeaderMap {
        &self.0.headers
    }

    pub fn operation(&self) -> Operation {
        self.0.operation
    }

    /// The typed response, with its body and the headers the spec declares.
    pub fn response(&self) -> &T {
        &self.0.value
    }

    pub fn into_reply(self) -> Reply<T> {
        *self.0
    }
}

impl<T> fmt::Display for DocumentedError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} answered {}", self.0.operation, self.0.status)
    }
}

impl<T: fmt::Debug> std::error::Error for DocumentedError<T> {}

impl<T: fmt::Debug + Send + Sync + 'static> From<DocumentedError<T>> for Error {
    fn from(error: DocumentedError<T>) -> Self {
        let operation = error.operation();
        Error::from(ErrorKind::Documented {
            status: error.status(),
            error: Box::new(error),
        })
        .during(operation)
    }
}
