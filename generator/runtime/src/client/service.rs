//! Sending a client's requests to a tower `Service` rather than over the network: an
//! in-process axum router (a generated server, with its real checks), or any service a test
//! stands up. Nothing listens on a socket.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use bytes::Bytes;
use http_body_util::BodyExt as _;
use tower::ServiceExt as _;

use super::{Error, ErrorKind, Operation};

type BoxError = Box<dyn std::error::Error + Send + Sync>;
type Sent = Pin<Box<dyn Future<Output = Result<http::Response<Bytes>, BoxError>> + Send>>;

/// A service requests go to, type-erased so that `Transport` stays one type.
#[derive(Clone)]
pub(super) struct Service(Arc<dyn Fn(http::Request<reqwest::Body>) -> Sent + Send + Sync>);

impl std::fmt::Debug for Service {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Service(..)")
    }
}

impl Service {
    pub(super) fn new<S, B>(service: S) -> Self
    where
        S: tower::Service<http::Request<reqwest::Body>, Response = http::Response<B>>
            + Clone
            + Send
            + Sync
            + 'static,
        S::Error: Into<BoxError>,
        S::Future: Send,
        B: http_body::Body<Data = Bytes> + Send + 'static,
        B::Error: Into<BoxError>,
    {
        Service(Arc::new(move |request| {
            let service = service.clone();
            Box::pin(async move {
                let response = service.oneshot(request).await.map_err(Into::into)?;
                let (parts, body) = response.into_parts();
                // Read whole: an in-process response is already in memory.
                let body = body.collect().await.map_err(Into::into)?.to_bytes();
                Ok(http::Response::from_parts(parts, body))
            })
        }))
    }

    /// Sends `request`, with the call's operation in its extensions as middleware would see it.
    pub(super) async fn send(
        &self,
        operation: Operation,
        request: reqwest::Request,
    ) -> Result<reqwest::Response, Error> {
        let mut request =
            http::Request::<reqwest::Body>::try_from(request).map_err(Error::transport)?;
        request.extensions_mut().insert(operation);
        let response = (self.0)(request)
            .await
            .map_err(|e| Error::from(ErrorKind::Service(e)))?;
        Ok(reqwest::Response::from(response))
    }
}
