//! What every generated server uses: routing by OpenAPI's path-matching rules, reading typed
//! input from a request, and answering with problem details (RFC 9457) when input is wrong.
//!
//! A generated router is an ordinary `axum::Router`: one route per path template, so that it
//! merges with other routers, nests, takes `layer` and `route_layer`, and sets `MatchedPath`.
//! Which operation a request reaches is then decided here, by OpenAPI's rules rather than
//! axum's: the operation whose path and method match, even when a more concrete path exists
//! for another method (`PUT /message/recent` goes to `PUT /message/{id}`), and paths axum's
//! syntax cannot say (`{name}.json` within a segment; such a template's route takes the whole
//! segment).
//!
//! Paths no route fits get axum's plain 404; [`not_found`] answers them with problem details
//! when set as the application's fallback.

mod error;
pub mod events;
mod input;
pub mod items;
mod principal;
mod problem;
mod response;
mod routes;
#[cfg(test)]
mod tests;

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::Request;
use axum::response::{IntoResponse, Response};
use http::StatusCode;
use tower::ServiceExt as _;

#[doc(hidden)]
pub use crate::status;
#[doc(hidden)]
pub use error::not_implemented;
pub use error::{Error, MethodError, NotImplemented};
pub use input::RequestContext;
pub(crate) use input::cookie_text;
#[doc(hidden)]
pub use input::{Input, required};
pub use principal::Principal;
pub use problem::{InvalidParam, Problem};
#[doc(hidden)]
pub use response::{
    bytes_response, json_response, set_header, set_header_list, text_response, untyped_response,
};
use routes::Table;
#[doc(hidden)]
pub use routes::{Piece, Route, Seg};

/// The largest request body read by default (2 MiB).
pub const DEFAULT_BODY_LIMIT: usize = 2 * 1024 * 1024;

/// The future a generated handler returns.
#[doc(hidden)]
pub type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send + 'static>>;

/// Reads a matched request's input, calls the implementation and encodes its response.
#[doc(hidden)]
pub type Handler<A> = fn(Arc<A>, Input) -> BoxFuture<Result<Response, Refusal>>;

/// Why a request did not reach its operation's method: input that does not fit the spec, or
/// the authentication hook's rejection.
#[doc(hidden)]
#[derive(Debug)]
pub enum Refusal {
    Problem(Problem),
    Answered(Box<Response>),
}

impl From<Problem> for Refusal {
    fn from(problem: Problem) -> Self {
        Refusal::Problem(problem)
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        match self {
            Refusal::Problem(problem) => problem.into_response(),
            Refusal::Answered(response) => *response,
        }
    }
}

/// How a generated router serves: its limits. `Options::default()` is what `router(api)` uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// The largest request body read; a larger one is answered 413.
    pub body_limit: usize,
    /// How long an operation may take, from the request's arrival to its response's head,
    /// before it is dropped and answered 503; `None` waits for ever.
    pub timeout: Option<Duration>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            body_limit: DEFAULT_BODY_LIMIT,
            timeout: Some(DEFAULT_TIMEOUT),
        }
    }
}

/// How long an operation may take by default (30 seconds).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// An axum router that serves `routes` from `api`, with the default [`Options`]: what a
/// generated `router(api)` calls.
#[doc(hidden)]
pub fn router<A: Send + Sync + 'static>(
    api: A,
    routes: impl IntoIterator<Item = Route<A>>,
) -> axum::Router {
    router_with(api, routes, Options::default())
}

/// An axum router that serves `routes` from `api`: one axum route per distinct route path,
/// each handing the request to the table, which picks the operation.
///
/// A panic in the implementation becomes a 500 problem response (the connection stays up,
/// and other requests go on); the timeout (tower's), when set, answers 503. Add your own
/// tower layers (tracing exporters, CORS, compression, auth middleware) with
/// `Router::layer` or `Router::route_layer` on the result.
#[doc(hidden)]
pub fn router_with<A: Send + Sync + 'static>(
    api: A,
    routes: impl IntoIterator<Item = Route<A>>,
    options: Options,
) -> axum::Router {
    let table = Arc::new(Table::new(api, routes, options.body_limit));
    let paths: std::collections::BTreeSet<&'static str> = table.routes().collect();
    let dispatch = tower::service_fn(move |request: Request| {
        let table = Arc::clone(&table);
        // Never an error; typed as the time limit's, which may wrap it.
        async move { Ok::<_, tower::BoxError>(table.serve(request).await) }
    });
    // The time limit is tower's own layer, on a service rather than by `Router::layer`, so
    // that the request's future is not boxed once more. Its only error is the time running
    // out, answered here.
    let limit = options.timeout;
    let limited = tower::ServiceBuilder::new()
        .option_layer(limit.map(tower::timeout::TimeoutLayer::new))
        .service(dispatch);
    let service =
        tower::service_fn(move |request: Request| within_limit(limited.clone(), request, limit));
    paths.into_iter().fold(axum::Router::new(), |router, path| {
        router.route_service(path, service.clone())
    })
}

/// Answers a request no route fits with a 404 problem naming its path: set it as the
/// application's fallback (`router.fallback(not_found)`) for problem details there too. A
/// generated router sets no fallback of its own, since axum merges no two routers that both
/// have one.
pub async fn not_found(uri: http::Uri) -> Response {
    Problem::new(
        StatusCode::NOT_FOUND,
        format!("no operation serves the path {}", uri.path()),
    )
    .into_response()
}

/// Calls `service` (the dispatch, maybe behind the time limit), answering 503 when the time
/// runs out.
async fn within_limit<S>(
    service: S,
    request: Request,
    limit: Option<Duration>,
) -> Result<Response, Infallible>
where
    S: tower::Service<Request, Response = Response, Error = tower::BoxError>,
{
    Ok(service
        .oneshot(request)
        .await
        .unwrap_or_else(|_| timed_out(limit)))
}

/// The 503 that replaces a response that took longer than the limit.
fn timed_out(limit: Option<Duration>) -> Response {
    let detail = match limit {
        Some(limit) => format!("the operation took longer than {limit:?}"),
        None => "the operation took too long".to_owned(),
    };
    Problem::new(StatusCode::SERVICE_UNAVAILABLE, detail).into_response()
}

/// The 500 that replaces a response an implementation panicked before giving. The panic's
/// message stays in the server's log (the panic hook prints it), not in the response.
pub(super) fn panicked() -> Response {
    tracing::error!("an operation's implementation panicked; answered 500");
    Problem::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "the operation failed unexpectedly",
    )
    .into_response()
}
