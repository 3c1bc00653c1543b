//! What a server method's `Err` becomes: the ready-made [`Error`] (any error by `?`, answered
//! 500 without its text; a [`Problem`] answered as it is), and [`NotImplemented`], which every
//! method the implementation leaves out answers with.

use std::fmt;

use axum::response::{IntoResponse, Response};
use http::StatusCode;

use super::Problem;

/// What the generated `Api` trait asks of its `Error` type: it answers itself, and it can say
/// that an operation is not implemented (what the trait's default methods return). Every type
/// that does both has it; [`Error`] is the ready-made one.
pub trait MethodError: From<NotImplemented> + IntoResponse + Send + 'static {}

impl<E: From<NotImplemented> + IntoResponse + Send + 'static> MethodError for E {}

/// A server method's error: any error converts into it by `?`.
///
/// A [`Problem`] converted into it (`Err(Problem::new(StatusCode::CONFLICT, "...").into())`)
/// is answered as it is, its detail shown to the caller: that is how an implementation
/// chooses to say more. A [`NotImplemented`] is answered 501. Any other error is answered
/// with a 500 problem that says only that the operation failed; the error, with its chain of
/// sources, goes to the log (`tracing`, at error level, inside the operation's span), never
/// to the caller, since its text may hold what the caller must not see.
pub struct Error(Box<dyn std::error::Error + Send + Sync + 'static>);

impl Error {
    /// The error that caused this one, as given.
    pub fn get_ref(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
        &*self.0
    }
}

impl<E: std::error::Error + Send + Sync + 'static> From<E> for Error {
    fn from(error: E) -> Self {
        Error(Box::new(error))
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let error = match self.0.downcast::<Problem>() {
            Ok(problem) => return problem.into_response(),
            Err(error) => error,
        };
        let error = match error.downcast::<NotImplemented>() {
            Ok(missing) => return missing.into_response(),
            Err(error) => error,
        };
        tracing::error!(error = %Chain(&*error), "the operation's implementation failed; answered 500");
        Problem::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the operation failed on the server",
        )
        .into_response()
    }
}

/// An error and its sources, `: `-separated, for the log.
struct Chain<'e>(&'e (dyn std::error::Error + 'static));

impl fmt::Display for Chain<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)?;
        let mut source = self.0.source();
        while let Some(error) = source {
            write!(f, ": {error}")?;
            source = error.source();
        }
        Ok(())
    }
}

/// The answer of an operation the implementation does not provide: 501 Not Implemented, as
/// problem details naming the operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotImplemented {
    operation: &'static str,
}

impl NotImplemented {
    /// The answer for the operation with this id.
    pub fn new(operation: &'static str) -> Self {
        NotImplemented { operation }
    }

    /// The operation's id, as the spec gives it.
    pub fn operation(&self) -> &'static str {
        self.operation
    }
}

impl fmt::Display for NotImplemented {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the operation {} is not implemented", self.operation)
    }
}

impl std::error::Error for NotImplemented {}

impl IntoResponse for NotImplemented {
    fn into_response(self) -> Response {
        Problem::new(StatusCode::NOT_IMPLEMENTED, self.to_string()).into_response()
    }
}

/// What a generated trait method the implementation leaves out returns.
#[doc(hidden)]
pub fn not_implemented<T, E: From<NotImplemented>>(
    operation: &'static str,
) -> std::future::Ready<Result<T, E>> {
    std::future::ready(Err(NotImplemented::new(operation).into()))
}
