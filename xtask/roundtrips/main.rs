//! Real APIs' descriptions, as published, generated with the settings beside them
//! (`xtask/roundtrips/*.codegen.yaml`) and called on 127.0.0.1:
//! - GitHub pages by the `Link` header: `repos_list_for_org_pages` follows `rel="next"` with
//!   the credentials and query of the first request;
//! - Slack's newer methods page by a cursor in the body: `apps_permissions_resources_list_pages`
//!   sends `response_metadata.next_cursor` back as `cursor`, with the token on every page;
//! - the Redocly starter (split across files) has a webhook: its generated client sends it
//!   to its generated receiver, which answers as the spec documents.

// A binary calls few of the generated methods.
#[allow(dead_code)]
mod api;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use api::github::client::Client as GitHub;
use api::github::types::{MinimalRepository, ReposListForOrgRequest};
use api::slack::client::Client as Slack;
use api::redocly_starter::types::{
    Error2, OrderNotification, OrderNotificationWebhookRequest, OrderNotificationWebhookResponse,
    OrderStatus,
};
use api::redocly_starter::webhooks;
use api::slack::types::AppsPermissionsResourcesListRequest;
use futures_util::TryStreamExt as _;
use openapi_rs_runtime::axum::Router;
use openapi_rs_runtime::axum::extract::State;
use openapi_rs_runtime::axum::http::{HeaderMap, StatusCode, Uri, header};
use openapi_rs_runtime::axum::response::{IntoResponse, Response};
use openapi_rs_runtime::axum::routing::get;
use openapi_rs_runtime::serde_json::{Value, json};
use openapi_rs_runtime::server::{self, RequestContext};
use openapi_rs_runtime::{UntypedBody, axum, reqwest, tokio};

const REPOS: u64 = 23;
const TOKEN: &str = "Bearer t0ken";

#[derive(Clone)]
struct Served {
    base: String,
    /// A repository as GitHub's own example gives it.
    repository: Value,
}

/// The query's pairs (the stand-ins' values need no decoding).
fn query(uri: &Uri) -> HashMap<String, String> {
    uri.query()
        .unwrap_or_default()
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

fn json(value: &Value) -> Response {
    let mut response = value.to_string().into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        "application/json".parse().expect("a header value"),
    );
    response
}

/// `GET /orgs/{org}/repos`, as GitHub pages it: `per_page` a page, a `Link` to the next.
async fn org_repos(State(served): State<Served>, headers: HeaderMap, uri: Uri) -> Response {
    let query = query(&uri);
    if headers.get("authorization").and_then(|v| v.to_str().ok()) != Some(TOKEN) {
        return (StatusCode::UNAUTHORIZED, "no credentials on this page").into_response();
    }
    let number = |key: &str, default: u64| {
        query
            .get(key)
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(default)
    };
    let (page, per_page) = (number("page", 1), number("per_page", 30));
    let first = (page - 1) * per_page;
    let repos: Vec<Value> = (first..(first + per_page).min(REPOS))
        .map(|i| {
            let mut repo = served.repository.clone();
            repo["id"] = json!(i + 1);
            repo["name"] = json!(format!("repo-{}", i + 1));
            repo
        })
        .collect();
    let mut response = json(&Value::Array(repos));
    if first + per_page < REPOS {
        let link = format!(
            "<{}/orgs/rust-lang/repos?per_page={per_page}&page={}>; rel=\"next\", <{}/orgs/rust-lang/repos?per_page={per_page}&page=99>; rel=\"last\"",
            served.base,
            page + 1,
            served.base
        );
        response
            .headers_mut()
            .insert("link", link.parse().expect("a header value"));
    }
    response
}

/// `GET /apps.permissions.resources.list`, as Slack pages it: a `next_cursor` in the body, empty
/// on the last page.
async fn slack_resources(uri: Uri) -> Response {
    let query = query(&uri);
    if query.get("token").map(String::as_str) != Some("xoxb-1") {
        return json(&json!({"ok": false, "error": "not_authed"}));
    }
    let start: usize = query
        .get("cursor")
        .and_then(|c| c.strip_prefix("after-"))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let limit: usize = query.get("limit").and_then(|l| l.parse().ok()).unwrap_or(2);
    let end = (start + limit).min(5);
    let resources: Vec<Value> = (start..end)
        .map(|i| json!({"id": format!("C{i}"), "type": "channel"}))
        .collect();
    let next = if end < 5 {
        format!("after-{end}")
    } else {
        String::new()
    };
    json(&json!({"ok": true, "resources": resources, "response_metadata": {"next_cursor": next}}))
}

/// A consumer of the café's order notifications: the ids it took.
#[derive(Clone, Default)]
struct Kitchen {
    orders: Arc<Mutex<Vec<String>>>,
}

impl webhooks::server::Api for Kitchen {
    type Error = server::Error;

    async fn order_notification_webhook(
        self: Arc<Self>,
        _context: RequestContext,
        request: OrderNotificationWebhookRequest,
    ) -> Result<OrderNotificationWebhookResponse, server::Error> {
        let notification = request.body;
        if notification.order_id.is_empty() {
            return Ok(OrderNotificationWebhookResponse::BadRequest(Error2 {
                type_: "about:blank".to_owned(),
                title: "an order without an id".to_owned(),
                status: 400,
                instance: None,
                details: None,
            }));
        }
        self.orders.lock().expect("the orders").push(format!(
            "{} {:?}",
            notification.order_id, notification.order_status
        ));
        Ok(OrderNotificationWebhookResponse::Ok(UntypedBody::Empty))
    }
}

/// The café's webhook, sent by its generated client to its generated receiver.
async fn webhook() {
    let kitchen = Kitchen::default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let base = format!("http://{}", listener.local_addr().expect("an address"));
    let app = Router::new().nest("/cafe", webhooks::server::router(kitchen.clone()));
    tokio::spawn(async move { axum::serve(listener, app).await.expect("serving") });
    let cafe = webhooks::client::Client::new(&format!("{base}/cafe")).expect("a client");
    let notify = |order_id: &str| {
        OrderNotificationWebhookRequest::new(OrderNotification {
            order_id: order_id.to_owned(),
            order_status: OrderStatus::Completed,
            timestamp: "2026-12-02T12:00:00Z".parse().expect("a time"),
        })
    };
    cafe.order_notification_webhook(notify("o-17"))
        .await
        .expect("sent")
        .into_result()
        .expect("taken");
    let refused = cafe
        .order_notification_webhook(notify(""))
        .await
        .expect("sent")
        .into_result()
        .expect_err("refused");
    assert_eq!(refused.status().as_u16(), 400);
    assert_eq!(*kitchen.orders.lock().expect("the orders"), ["o-17 Completed"]);
}

#[tokio::main]
async fn main() {
    webhook().await;

    let spec: Value = openapi_rs_runtime::serde_json::from_str(
        &std::fs::read_to_string("specs/github.json").expect("the GitHub spec"),
    )
    .expect("JSON");
    let repository = spec["components"]["examples"]["minimal-repository-items"]["value"][0].clone();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let base = format!("http://{}", listener.local_addr().expect("an address"));
    let app = Router::new()
        .route("/orgs/{org}/repos", get(org_repos))
        .route("/apps.permissions.resources.list", get(slack_resources))
        .with_state(Served {
            base: base.clone(),
            repository,
        });
    tokio::spawn(async move { axum::serve(listener, app).await.expect("serving") });

    // GitHub's spec declares no security scheme: the token goes in the HTTP client's own
    // headers, which every page is sent with.
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("authorization", TOKEN.parse().expect("a header value"));
    let http = reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .expect("a client");
    let client = GitHub::with_http_client(&base, http).expect("a client");
    let repos: Vec<MinimalRepository> = client
        .repos_list_for_org_pages(ReposListForOrgRequest::new("rust-lang").with_per_page(10))
        .items()
        .try_collect()
        .await
        .expect("every page");
    let ids: Vec<i64> = repos.iter().map(|r| r.id).collect();
    assert_eq!(ids, (1..=REPOS as i64).collect::<Vec<_>>());
    // The README's call: ten pages at most, of 100.
    let repos: Vec<MinimalRepository> = client
        .repos_list_for_org_pages(ReposListForOrgRequest::new("rust-lang").with_per_page(100))
        .max_pages(10)
        .items()
        .try_collect()
        .await
        .expect("every page");
    assert_eq!(repos.len(), REPOS as usize);
    let pages = client
        .repos_list_for_org_pages(ReposListForOrgRequest::new("rust-lang").with_per_page(5))
        .max_pages(2)
        .try_collect::<Vec<_>>()
        .await
        .expect("two pages");
    assert_eq!(pages.len(), 2);

    let slack = Slack::new(&base).expect("a client");
    let resources: Vec<String> = slack
        .apps_permissions_resources_list_pages(
            AppsPermissionsResourcesListRequest::new()
                .with_token("xoxb-1")
                .with_limit(2),
        )
        .items()
        .map_ok(|resource| resource.id.unwrap_or_default())
        .try_collect()
        .await
        .expect("every page");
    assert_eq!(resources, ["C0", "C1", "C2", "C3", "C4"]);
    println!(
        "roundtrips: GitHub's Link headers and Slack's cursors read every page; the Redocly starter's webhook went through"
    );
}
