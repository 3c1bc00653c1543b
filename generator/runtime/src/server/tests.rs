use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::response::{IntoResponse, Response};
use http::{Method, StatusCode, header};

use super::routes::{Param, ParamText, Segments};
use super::*;
use crate::auth::Credentials;
use crate::params::Style;

fn route(segments: &'static [Seg]) -> Route<()> {
    fn handler(_: Arc<()>, _: Input) -> BoxFuture<Result<Response, Refusal>> {
        Box::pin(async { Ok(StatusCode::OK.into_response()) })
    }
    Route::new(Method::GET, "/t", "t", segments, handler)
}

fn matches(r: &Route<()>, p: &str) -> Option<Vec<String>> {
    let path = Segments::new(p).unwrap();
    let text = |param: Param| match param.text {
        ParamText::Sent(range) => p[range].to_owned(),
        ParamText::Decoded(text) => text,
    };
    r.fits(&path, None)
        .then(|| r.params(&path).into_iter().map(text).collect())
}

#[test]
fn matches_literals_and_params() {
    let r = route(&[Seg::Literal("a"), Seg::Param]);
    assert_eq!(matches(&r, "/a/x%2Fy"), Some(vec!["x/y".to_owned()]));
    assert_eq!(matches(&r, "/a/plain"), Some(vec!["plain".to_owned()]));
    assert_eq!(matches(&r, "a/plain"), Some(vec!["plain".to_owned()]));
    assert_eq!(matches(&r, "/a/"), None);
    assert_eq!(matches(&r, "/b/x"), None);
    assert_eq!(matches(&r, "/a/x/y"), None);
}

#[test]
fn matches_mixed_segments() {
    let r = route(&[Seg::Mixed(&[Piece::Param, Piece::Literal(".json")])]);
    assert_eq!(
        matches(&r, "/report.v2.json"),
        Some(vec!["report.v2".to_owned()])
    );
    assert_eq!(matches(&r, "/.json"), None);
    let two = route(&[Seg::Mixed(&[
        Piece::Param,
        Piece::Literal("-"),
        Piece::Param,
    ])]);
    assert_eq!(
        matches(&two, "/a-b-c"),
        Some(vec!["a".to_owned(), "b-c".to_owned()])
    );
}

#[test]
fn literal_segments_are_more_specific() {
    let literal = route(&[Seg::Literal("a"), Seg::Literal("recent")]);
    let param = route(&[Seg::Literal("a"), Seg::Param]);
    assert!(literal.more_specific_than(&param));
    assert!(!param.more_specific_than(&literal));
}

#[test]
fn fixed_query_items_tell_routes_apart() {
    let search = route(&[Seg::Literal("rest")]).fixed_query(&[("method", Some("photos.search"))]);
    let flag = route(&[Seg::Literal("rest")]).fixed_query(&[("beta", None)]);
    let plain = route(&[Seg::Literal("rest")]);
    let path = Segments::new("/rest").unwrap();
    assert!(search.fits(&path, Some("method=photos.search&page=2")));
    assert!(search.fits(&path, Some("page=2&method=photos%2Esearch")));
    assert!(!search.fits(&path, Some("method=photos.getInfo")));
    assert!(!search.fits(&path, None));
    assert!(flag.fits(&path, Some("beta")));
    assert!(flag.fits(&path, Some("beta=1")));
    assert!(!flag.fits(&path, Some("alpha")));
    assert!(plain.fits(&path, Some("method=photos.search")));
    // Among routes that fit, the one that fixes more of the query wins.
    assert!(search.more_specific_than(&plain));
}

fn input(uri: &str, cookie: &str) -> Input {
    let request = http::Request::builder()
        .uri(uri)
        .header(header::COOKIE, cookie)
        .body(())
        .unwrap();
    let (parts, ()) = request.into_parts();
    Input::new(
        parts,
        (Credentials::default(), &[]),
        ("t", "/t"),
        Vec::new(),
        Body::empty(),
        DEFAULT_BODY_LIMIT,
    )
}

#[test]
fn query_lists_and_objects_in_each_style() {
    let i = input("/?f=1&f=2&c=1%2C2&s=a+b&p=a%7Cb&t=a%09b&o%5Bk%5D=v&n=x", "");
    let list = |name, style, explode| i.query_list::<String>(name, style, explode).unwrap();
    assert_eq!(
        i.query_list::<i64>("f", Style::Form, true).unwrap(),
        Some(vec![1, 2])
    );
    assert_eq!(
        i.query_list::<i64>("c", Style::Form, false).unwrap(),
        Some(vec![1, 2])
    );
    assert_eq!(
        list("s", Style::SpaceDelimited, false),
        Some(vec!["a".into(), "b".into()])
    );
    assert_eq!(
        list("p", Style::PipeDelimited, false),
        Some(vec!["a".into(), "b".into()])
    );
    assert_eq!(
        list("t", Style::TabDelimited, false),
        Some(vec!["a".into(), "b".into()])
    );
    assert_eq!(list("absent", Style::Form, true), None);
    assert!(
        i.query_list::<i64>("s", Style::SpaceDelimited, false)
            .is_err()
    );
    let o: Option<std::collections::BTreeMap<String, String>> =
        i.query_object("o", Style::DeepObject, true).unwrap();
    assert_eq!(o.unwrap()["k"], "v");
}

#[test]
fn cookies_are_percent_decoded() {
    let i = input("/", "session=s%3B1; prefs=dark%20mode,a%2Cb");
    assert_eq!(
        i.cookie::<String>("session").unwrap().as_deref(),
        Some("s;1")
    );
    assert_eq!(
        i.cookie_list::<String>("prefs").unwrap(),
        Some(vec!["dark mode".to_owned(), "a,b".to_owned()])
    );
    assert_eq!(i.cookie::<String>("none").unwrap(), None);
}

fn boom(_: Arc<()>, _: Input) -> BoxFuture<Result<Response, Refusal>> {
    Box::pin(async { panic!("the implementation failed") })
}

fn slow(_: Arc<()>, _: Input) -> BoxFuture<Result<Response, Refusal>> {
    Box::pin(async {
        std::future::pending::<()>().await;
        Ok(StatusCode::OK.into_response())
    })
}

fn echo(_: Arc<()>, mut input: Input) -> BoxFuture<Result<Response, Refusal>> {
    Box::pin(async move {
        let body = input.bytes().await?;
        Ok(super::bytes_response(
            http::StatusCode::OK,
            "application/octet-stream",
            body,
        ))
    })
}

async fn call(router: &axum::Router, method: Method, path: &str, body: Vec<u8>) -> Response {
    use tower::ServiceExt;
    let request = http::Request::builder()
        .method(method)
        .uri(path)
        .body(Body::from(body))
        .unwrap();
    router.clone().oneshot(request).await.unwrap()
}

#[tokio::test]
async fn panics_timeouts_and_limits_become_problem_responses() {
    let routes = || {
        [
            Route::new(Method::GET, "/boom", "boom", &[Seg::Literal("boom")], boom),
            Route::new(Method::GET, "/slow", "slow", &[Seg::Literal("slow")], slow),
            Route::new(Method::POST, "/echo", "echo", &[Seg::Literal("echo")], echo),
        ]
    };
    let options = Options {
        body_limit: 8,
        timeout: Some(Duration::from_millis(50)),
    };
    let app = router_with((), routes(), options);
    let problem = |r: Response| r.headers()[header::CONTENT_TYPE] == "application/problem+json";

    let panicked = call(&app, Method::GET, "/boom", vec![]).await;
    assert_eq!(panicked.status(), 500);
    assert!(problem(panicked));
    // The server is still up after the panic.
    let echoed = call(&app, Method::POST, "/echo", b"12345678".to_vec()).await;
    assert_eq!(echoed.status(), 200);
    let too_big = call(&app, Method::POST, "/echo", b"123456789".to_vec()).await;
    assert_eq!(too_big.status(), 413);
    assert!(problem(too_big));
    let timed_out = call(&app, Method::GET, "/slow", vec![]).await;
    assert_eq!(timed_out.status(), 503);
    assert!(problem(timed_out));
    let wrong_method = call(&app, Method::DELETE, "/boom", vec![]).await;
    assert_eq!(wrong_method.status(), 405);
    assert_eq!(wrong_method.headers()[header::ALLOW], "GET, HEAD");
    assert_eq!(
        call(&app, Method::GET, "/nowhere", vec![]).await.status(),
        404
    );

    // Without a timeout, nothing bounds the call but the caller.
    let patient = router_with(
        (),
        routes(),
        Options {
            timeout: None,
            ..Options::default()
        },
    );
    let waited = tokio::time::timeout(
        Duration::from_millis(100),
        call(&patient, Method::GET, "/slow", vec![]),
    )
    .await;
    assert!(waited.is_err());
}

/// Records every span's name and fields, as `name field=value ...`.
#[derive(Clone, Default)]
struct Spans(Arc<std::sync::Mutex<Vec<String>>>);

struct Fields<'a>(&'a mut String);

impl tracing::field::Visit for Fields<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0.push_str(&format!(" {}={value:?}", field.name()));
    }
}

impl tracing::Subscriber for Spans {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let mut line = span.metadata().name().to_owned();
        span.record(&mut Fields(&mut line));
        let mut spans = self.0.lock().unwrap();
        spans.push(line);
        tracing::span::Id::from_u64(spans.len() as u64)
    }
    fn record(&self, id: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        let mut spans = self.0.lock().unwrap();
        let index = usize::try_from(id.into_u64()).unwrap() - 1;
        values.record(&mut Fields(&mut spans[index]));
    }
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, _: &tracing::Event<'_>) {}
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

#[test]
fn each_operation_runs_in_a_span_with_its_route_and_status() {
    // A global subscriber, not a scoped one: tracing caches whether a callsite is enabled
    // for every thread, so a test on another thread that reached the span first (with no
    // subscriber) could leave it disabled for a scoped one. Other tests' spans are
    // recorded too; this test's operation has a name of its own.
    let spans = Spans::default();
    tracing::subscriber::set_global_default(spans.clone())
        .expect("no other test sets a global subscriber");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let app = router(
            (),
            [Route::new(
                Method::POST,
                "/echo",
                "echoIt",
                &[Seg::Literal("echo")],
                echo,
            )],
        );
        call(&app, Method::POST, "/echo", b"hi".to_vec()).await;
        call(&app, Method::GET, "/missing", vec![]).await;
    });
    let spans: Vec<String> = spans
        .0
        .lock()
        .unwrap()
        .iter()
        .filter(|s| s.contains("echoIt"))
        .cloned()
        .collect();
    assert_eq!(
        spans,
        ["operation operation=\"echoIt\" method=POST route=\"/echo\" status=200"]
    );
}

#[test]
fn rejects_invalid_utf8() {
    assert!(Segments::new("/a/%FF").is_err());
    assert!(Segments::new("/a/%C3%A9").is_ok());
}

#[test]
fn request_context_debug_redacts_credentials() {
    use crate::auth::{Requirement, Scheme, SecurityScheme};
    static KEYS: &[SecurityScheme] = &[
        SecurityScheme {
            name: "header_key",
            scheme: Scheme::Header("X-Secret-Key"),
        },
        SecurityScheme {
            name: "query_key",
            scheme: Scheme::Query("api_key"),
        },
    ];
    static SECURITY: &[Requirement] = &[KEYS];
    let request = http::Request::builder()
        .uri("/tasks?limit=5&api_key=hunter2")
        .header(header::AUTHORIZATION, "Bearer token-1")
        .header(header::COOKIE, "session=abc")
        .header("x-secret-key", "key-1")
        .header("x-request-id", "req-7")
        .body(())
        .unwrap();
    let (parts, ()) = request.into_parts();
    let input = Input::new(
        parts,
        (Credentials::default(), SECURITY),
        ("listTasks", "/tasks"),
        Vec::new(),
        Body::empty(),
        DEFAULT_BODY_LIMIT,
    );
    let shown = format!("{:?}", input.context());
    for secret in ["token-1", "session=abc", "key-1", "hunter2"] {
        assert!(!shown.contains(secret), "{secret} shows in {shown}");
    }
    for kept in ["req-7", "limit=5", "api_key=<redacted>", "authorization"] {
        assert!(shown.contains(kept), "{kept} is missing from {shown}");
    }
}

fn ok(_: Arc<()>, _: Input) -> BoxFuture<Result<Response, Refusal>> {
    Box::pin(async { Ok(StatusCode::OK.into_response()) })
}

/// Answers with the `MatchedPath` a layer saw, in an `x-matched` header.
async fn show_matched(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let matched = request
        .extensions()
        .get::<axum::extract::MatchedPath>()
        .map(|m| m.as_str().to_owned())
        .unwrap_or_default();
    let mut response = next.run(request).await;
    response
        .headers_mut()
        .insert("x-matched", http::HeaderValue::from_str(&matched).unwrap());
    response
}

#[tokio::test]
async fn routers_compose_like_any_axum_router() {
    static MESSAGE: &[Seg] = &[Seg::Literal("message"), Seg::Param];
    let first = router(
        (),
        [
            Route::new(Method::GET, "/message/{id}", "get", MESSAGE, ok),
            Route::new(Method::PUT, "/message/{id}", "put", MESSAGE, ok),
            Route::new(
                Method::GET,
                "/message/recent",
                "recent",
                &[Seg::Literal("message"), Seg::Literal("recent")],
                ok,
            ),
        ],
    );
    let second = router(
        (),
        [Route::new(
            Method::GET,
            "/other",
            "other",
            &[Seg::Literal("other")],
            ok,
        )],
    );
    let app = axum::Router::new()
        .route("/hand", axum::routing::get(|| async { "by hand" }))
        .merge(first)
        .merge(second.clone())
        .nest("/v2", second)
        .route_layer(axum::middleware::from_fn(show_matched))
        .fallback(not_found);
    let matched = |r: &Response| r.headers()["x-matched"].to_str().unwrap().to_owned();

    let r = call(&app, Method::GET, "/message/7", vec![]).await;
    assert_eq!(
        (r.status(), matched(&r)),
        (StatusCode::OK, "/message/{id}".into())
    );
    // OpenAPI's rule holds across axum's routes: PUT reaches the template, not the literal.
    let r = call(&app, Method::PUT, "/message/recent", vec![]).await;
    assert_eq!(r.status(), 200);
    let r = call(&app, Method::DELETE, "/message/recent", vec![]).await;
    assert_eq!(r.status(), 405);
    assert_eq!(r.headers()[header::ALLOW], "GET, HEAD, PUT");
    let r = call(&app, Method::GET, "/other", vec![]).await;
    assert_eq!((r.status(), matched(&r)), (StatusCode::OK, "/other".into()));
    let r = call(&app, Method::GET, "/v2/other", vec![]).await;
    assert_eq!(
        (r.status(), matched(&r)),
        (StatusCode::OK, "/v2/other".into())
    );
    let r = call(&app, Method::GET, "/hand", vec![]).await;
    assert_eq!((r.status(), matched(&r)), (StatusCode::OK, "/hand".into()));
    let r = call(&app, Method::GET, "/nowhere", vec![]).await;
    assert_eq!(r.status(), 404);
    assert_eq!(
        r.headers()[header::CONTENT_TYPE],
        "application/problem+json"
    );
}

#[tokio::test]
async fn method_errors_answer_without_leaking_their_text() {
    use http_body_util::BodyExt;
    let text = |r: Response| async move {
        let bytes = r.into_body().collect().await.unwrap().to_bytes();
        String::from_utf8(bytes.to_vec()).unwrap()
    };
    let failed = Error::from(std::io::Error::other("password=hunter2")).into_response();
    assert_eq!(failed.status(), 500);
    assert!(!text(failed).await.contains("hunter2"));
    let chosen = Error::from(Problem::new(StatusCode::CONFLICT, "taken")).into_response();
    assert_eq!(chosen.status(), 409);
    assert!(text(chosen).await.contains("taken"));
    let missing = Error::from(NotImplemented::new("getTask")).into_response();
    assert_eq!(missing.status(), 501);
    assert!(text(missing).await.contains("getTask"));
}

#[test]
fn principals_are_typed_and_never_shown() {
    #[derive(Debug, PartialEq)]
    struct User(&'static str);
    let principal = Principal::new(User("ada"));
    assert_eq!(principal.get::<User>(), Some(&User("ada")));
    assert_eq!(principal.get::<String>(), None);
    assert!(!format!("{principal:?}").contains("ada"));
}

#[tokio::test]
async fn a_router_with_state_of_its_own_merges_a_generated_one() {
    #[derive(Clone)]
    struct AppState(&'static str);
    let generated = router(
        (),
        [Route::new(
            Method::GET,
            "/api",
            "api",
            &[Seg::Literal("api")],
            ok,
        )],
    );
    let app: axum::Router = axum::Router::new()
        .route(
            "/state",
            axum::routing::get(
                |axum::extract::State(s): axum::extract::State<AppState>| async move { s.0 },
            ),
        )
        .merge(generated.with_state(()))
        .with_state(AppState("kept"));
    assert_eq!(call(&app, Method::GET, "/api", vec![]).await.status(), 200);
    assert_eq!(
        call(&app, Method::GET, "/state", vec![]).await.status(),
        200
    );
}
