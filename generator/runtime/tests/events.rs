//! Server-sent events end to end on 127.0.0.1: the router's event stream read by the client's
//! `EventStream`, typed; keep-alive comments while the server is silent; and a connection
//! dropped mid-stream reopened with `Last-Event-ID`, the events after it arriving once.
#![cfg(all(feature = "client", feature = "server"))]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use openapi_rs_runtime::axum;
use openapi_rs_runtime::bytes::Bytes;
use openapi_rs_runtime::client::events::{Reopen, json_data};
use openapi_rs_runtime::client::{
    ByteStream, Error, EventStream, Operation, PathPart, Query, Transport,
};
use openapi_rs_runtime::events::{Event, Events};
use openapi_rs_runtime::http::{HeaderMap, Method, StatusCode};
use openapi_rs_runtime::server::events::event_stream_response;
use openapi_rs_runtime::tokio;
use serde::{Deserialize, Serialize};

const OPERATION: Operation = Operation::new("watch", "GET", "/events");

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Tick {
    n: u32,
}

fn tick(n: u32) -> Event<Tick> {
    Event::new(Tick { n }).with_id(n.to_string())
}

/// Ticks `from..=to`, each `pause` after the last.
fn ticks(from: u32, to: u32, pause: Duration) -> Events<Tick> {
    Events::new(futures_util::stream::unfold(from, move |n| async move {
        if n > to {
            return None;
        }
        tokio::time::sleep(pause).await;
        Some((tick(n), n + 1))
    }))
}

async fn serve(app: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    base
}

/// Opens the stream at `/events`, with `Last-Event-ID` when given one.
async fn open(transport: Transport, last_id: Option<String>) -> Result<ByteStream, Error> {
    let build = |t: &Transport| {
        let builder = t.request(Method::GET, &[PathPart::Literal("/events")], &Query::new())?;
        Ok(match &last_id {
            Some(id) => builder.header("last-event-id", id),
            None => builder,
        })
    };
    transport.exchange_stream(OPERATION, build).await
}

async fn next<T>(stream: &mut EventStream<T>) -> Option<Result<Event<T>, Error>> {
    std::future::poll_fn(|cx| futures_util::Stream::poll_next(std::pin::Pin::new(&mut *stream), cx))
        .await
}

#[tokio::test]
async fn events_arrive_typed_and_the_stream_ends_with_the_response() {
    let app = axum::Router::new().route(
        "/events",
        axum::routing::get(|| async {
            event_stream_response(
                StatusCode::OK,
                ticks(1, 3, Duration::ZERO),
                openapi_rs_runtime::server::events::json_data,
                Duration::from_secs(15),
            )
        }),
    );
    let base = serve(app).await;
    let transport = Transport::new(&base, Default::default()).unwrap();
    let body = open(transport, None).await.unwrap();
    assert_eq!(body.headers()["content-type"], "text/event-stream");
    let mut events = EventStream::new(body, json_data::<Tick>);
    let mut got = Vec::new();
    while let Some(event) = next(&mut events).await {
        got.push(event.unwrap());
    }
    assert_eq!(got, vec![tick(1), tick(2), tick(3)]);
    assert_eq!(events.last_id(), Some("3"));
}

#[tokio::test]
async fn a_silent_stream_is_kept_alive_with_comments() {
    let app = axum::Router::new().route(
        "/events",
        axum::routing::get(|| async {
            event_stream_response(
                StatusCode::OK,
                ticks(1, 1, Duration::from_secs(1)),
                openapi_rs_runtime::server::events::json_data,
                Duration::from_millis(50),
            )
        }),
    );
    let base = serve(app).await;
    let text = reqwest::get(format!("{base}/events"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    // Comments while waiting a second for the tick, then the tick.
    assert!(text.starts_with(":\n"), "{text:?}");
    assert!(text.ends_with("id: 1\ndata: {\"n\":1}\n\n"), "{text:?}");
}

#[tokio::test]
async fn a_dropped_connection_is_reopened_with_the_last_event_id() {
    let seen: Arc<Mutex<Vec<Option<String>>>> = Arc::default();
    let app = {
        let seen = Arc::clone(&seen);
        axum::Router::new().route(
            "/events",
            axum::routing::get(move |headers: HeaderMap| {
                let last = headers
                    .get("last-event-id")
                    .map(|v| v.to_str().unwrap().to_owned());
                seen.lock().unwrap().push(last.clone());
                async move {
                    match last.as_deref() {
                        // The first connection: two events, half a third, then a drop.
                        None => {
                            let parts: Vec<Result<Bytes, std::io::Error>> = vec![
                                Ok(Bytes::from("retry: 10\nid: 1\ndata: {\"n\":1}\n\n")),
                                Ok(Bytes::from("id: 2\ndata: {\"n\":2}\n\nid: 3\ndata: {\"n\"")),
                                Err(std::io::Error::other("the server fell over")),
                            ];
                            // The drop comes a moment later, once the events went out.
                            let parts = futures_util::stream::unfold(
                                parts.into_iter(),
                                |mut parts| async move {
                                    let part = parts.next()?;
                                    if part.is_err() {
                                        tokio::time::sleep(Duration::from_millis(100)).await;
                                    }
                                    Some((part, parts))
                                },
                            );
                            axum::response::IntoResponse::into_response((
                                [("content-type", "text/event-stream")],
                                axum::body::Body::from_stream(parts),
                            ))
                        }
                        // The reconnection resumes after the last event received.
                        Some(last) => {
                            let from = last.parse::<u32>().unwrap() + 1;
                            event_stream_response(
                                StatusCode::OK,
                                ticks(from, 4, Duration::ZERO),
                                openapi_rs_runtime::server::events::json_data,
                                Duration::from_secs(15),
                            )
                        }
                    }
                }
            }),
        )
    };
    let base = serve(app).await;
    let transport = Transport::new(&base, Default::default()).unwrap();
    let reopen: Reopen = {
        let transport = transport.clone();
        Arc::new(move |last_id| Box::pin(open(transport.clone(), last_id)))
    };
    let body = open(transport, None).await.unwrap();
    let mut events = EventStream::new(body, json_data::<Tick>).reconnecting(3, reopen);
    let mut got = Vec::new();
    while let Some(event) = next(&mut events).await {
        got.push(event.unwrap().data.n);
    }
    assert_eq!(got, vec![1, 2, 3, 4]);
    assert_eq!(*seen.lock().unwrap(), vec![None, Some("2".to_owned())]);

    // Without reconnecting, the drop is the stream's last item: an error.
    let transport = Transport::new(&base, Default::default()).unwrap();
    let body = open(transport, None).await.unwrap();
    let mut events = EventStream::new(body, json_data::<Tick>);
    assert_eq!(next(&mut events).await.unwrap().unwrap().data.n, 1);
    assert_eq!(next(&mut events).await.unwrap().unwrap().data.n, 2);
    assert!(next(&mut events).await.unwrap().is_err());
    assert!(next(&mut events).await.is_none());
}
