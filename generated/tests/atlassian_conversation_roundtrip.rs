//! The seed API, with its overlay, end to end: the example's in-memory implementation of the
//! generated server trait, served on 127.0.0.1, driven through the generated client with typed
//! messages.
#![cfg(all(
    feature = "client",
    feature = "server",
    feature = "atlassian_conversation"
))]

#[path = "../examples/shared/atlassian_conversation_memory.rs"]
mod memory;

use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use generated::atlassian_conversation::client::Client;
use generated::atlassian_conversation::server::router;
use generated::atlassian_conversation::types::*;
use openapi_rs_runtime::UntypedBody;
use openapi_rs_runtime::client::{Error, ErrorKind};
use serde_json::{Value, json};

struct Served {
    base: String,
    /// How many requests reached the server at all.
    hits: &'static AtomicUsize,
    /// Query strings of the requests, to see what the client sent.
    queries: Arc<Mutex<Vec<Option<String>>>>,
}

/// Serves the API on an ephemeral port.
async fn serve() -> Served {
    let hits: &'static AtomicUsize = Box::leak(Box::new(AtomicUsize::new(0)));
    let queries = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&queries);
    let app = router(memory::InMemory::default())
        .fallback(openapi_rs_runtime::server::not_found)
        .layer(axum::middleware::from_fn(
            move |req: axum::extract::Request, next: axum::middleware::Next| {
                hits.fetch_add(1, Ordering::SeqCst);
                seen.lock()
                    .unwrap()
                    .push(req.uri().query().map(str::to_owned));
                next.run(req)
            },
        ));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    Served {
        base: format!("http://{addr}"),
        hits,
        queries,
    }
}

/// An ADF document of one paragraph.
fn doc(text: &str) -> Document {
    Document {
        version: DocumentVersion::V1,
        type_: DocumentType::Doc,
        content: vec![Node {
            type_: "paragraph".into(),
            content: Some(vec![Node {
                type_: "text".into(),
                text: Some(text.into()),
                attrs: None,
                marks: Some(vec![Mark {
                    type_: "strong".into(),
                    attrs: None,
                }]),
                content: None,
            }]),
            text: None,
            attrs: None,
            marks: None,
        }],
    }
}

fn message(text: &str) -> MessageRequest {
    MessageRequest { body: doc(text) }
}

/// Sends a request and reads its answer as JSON.
async fn json_of(request: reqwest::RequestBuilder) -> Value {
    let body = request.send().await.unwrap().bytes().await.unwrap();
    serde_json::from_slice(&body).unwrap()
}

/// A client whose calls carry this bearer token (every operation requires OAuth 2).
fn client_with_token(base: &str, token: &str) -> Client {
    Client::new(base).unwrap().with_oauth2(token)
}

/// A plain HTTP client that sends a bearer token, for requests no generated client would send.
fn raw_http() -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("authorization", "Bearer tester".parse().unwrap());
    reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap()
}

fn get(conversation_id: &str, message_id: &str) -> GetMessageRequest {
    GetMessageRequest {
        cloud_id: "site-1".into(),
        conversation_id: conversation_id.into(),
        message_id: message_id.into(),
    }
}

fn recent(conversation_id: &str, limit: Option<i32>) -> RecentMessagesRequest {
    RecentMessagesRequest {
        cloud_id: "site-1".into(),
        conversation_id: conversation_id.into(),
        limit,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn all_operations_round_trip_typed_messages() {
    let client = client_with_token(&serve().await.base, "alice");

    // A message to a user: send, edit, delete; deleting again is a typed 404.
    let SendUserMessageResponse::Ok(sent) = client
        .send_user_message(SendUserMessageRequest {
            cloud_id: "site-1".into(),
            user_id: "u1".into(),
            body: message("hi"),
        })
        .await
        .unwrap()
        .into_inner()
    else {
        panic!("not sent")
    };
    let edited = client
        .edit_user_message(EditUserMessageRequest {
            cloud_id: "site-1".into(),
            user_id: "u1".into(),
            message_id: sent.id.clone(),
            body: message("edited"),
        })
        .await
        .unwrap();
    assert_eq!(edited, EditUserMessageResponse::Ok(sent.clone()));
    let delete = DeleteUserMessageRequest {
        cloud_id: "site-1".into(),
        user_id: "u1".into(),
        message_id: sent.id.clone(),
    };
    let gone = client.delete_user_message(delete.clone()).await.unwrap();
    // The 200 is untyped in the spec: whatever JSON the server sends is kept.
    assert_eq!(
        gone,
        DeleteUserMessageResponse::Ok(UntypedBody::Json(serde_json::json!({ "id": sent.id })))
    );
    let DeleteUserMessageResponse::NotFound(error) = client
        .delete_user_message(delete)
        .await
        .unwrap()
        .into_inner()
    else {
        panic!("deleted twice")
    };
    assert_eq!(error.status_code, Some(404));

    // Three messages to a conversation; each comes back as sent, with its sender.
    let mut ids = Vec::new();
    for text in ["one", "two", "three"] {
        let SendMessageResponse::Ok(created) = client
            .send_message(SendMessageRequest {
                cloud_id: "site-1".into(),
                conversation_id: "c1".into(),
                body: message(text),
            })
            .await
            .unwrap()
            .into_inner()
        else {
            panic!("not sent")
        };
        let GetMessageResponse::Ok(got) = client
            .get_message(get("c1", &created.id))
            .await
            .unwrap()
            .into_inner()
        else {
            panic!("not found")
        };
        assert_eq!(got.id, created.id);
        assert_eq!(got.body, doc(text), "the document comes back whole");
        assert_eq!(
            got.sender.map(|s| s.id).as_deref(),
            Some("alice"),
            "the implementation reads request headers"
        );
        assert!(got.ts.is_some());
        ids.push(created.id);
    }
    let GetMessageResponse::NotFound(missing) = client
        .get_message(get("c1", "nope"))
        .await
        .unwrap()
        .into_inner()
    else {
        panic!("found a message that was never sent")
    };
    assert!(missing.message.unwrap().contains("nope"));

    // Edit one; recent messages come newest first, limited, at most 75.
    let edited = client
        .edit_message(EditMessageRequest {
            cloud_id: "site-1".into(),
            conversation_id: "c1".into(),
            message_id: ids[1].clone(),
            body: message("two, edited"),
        })
        .await
        .unwrap();
    assert_eq!(
        edited,
        EditMessageResponse::Ok(MessageCreated { id: ids[1].clone() })
    );
    let RecentMessagesResponse::Ok(all) = client
        .recent_messages(recent("c1", None))
        .await
        .unwrap()
        .into_inner()
    else {
        panic!("no list")
    };
    let bodies: Vec<Document> = all.messages.into_iter().map(|m| m.body).collect();
    assert_eq!(bodies, [doc("three"), doc("two, edited"), doc("one")]);
    let RecentMessagesResponse::Ok(two) = client
        .recent_messages(recent("c1", Some(2)))
        .await
        .unwrap()
        .into_inner()
    else {
        panic!("no list")
    };
    assert_eq!(two.messages.len(), 2);

    // Delete one from the conversation.
    let deleted = client
        .delete_message(DeleteMessageRequest {
            cloud_id: "site-1".into(),
            conversation_id: "c1".into(),
            message_id: ids[2].clone(),
        })
        .await
        .unwrap();
    assert_eq!(
        deleted,
        DeleteMessageResponse::Ok(UntypedBody::Json(serde_json::json!({ "id": ids[2] })))
    );
    let RecentMessagesResponse::Ok(left) = client
        .recent_messages(recent("c1", None))
        .await
        .unwrap()
        .into_inner()
    else {
        panic!("no list")
    };
    assert_eq!(left.messages.len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn messages_travel_as_atlassian_documents() {
    let served = serve().await;
    let http = raw_http();
    // What a client in another language would send: the JSON the API documents.
    let document = json!({"version": 1, "type": "doc", "content": [
        {"type": "paragraph", "content": [{"type": "text", "text": "hi", "marks": [{"type": "em"}]}]}
    ]});
    let sent = json_of(
        http.post(format!("{}/site/s/conversation/c/message", served.base))
            .header("content-type", "application/json")
            .body(json!({ "body": document }).to_string()),
    )
    .await;
    let id = sent["id"].as_str().unwrap();
    let got = json_of(http.get(format!(
        "{}/site/s/conversation/c/message/{id}",
        served.base
    )))
    .await;
    assert_eq!(got["body"], document, "the document comes back as sent");
    // A body that is not a message is refused before the implementation sees it.
    for bad in [
        json!({}),
        json!({"body": {"version": 1, "type": "doc"}}),
        json!("hi"),
    ] {
        let response = http
            .post(format!("{}/site/s/conversation/c/message", served.base))
            .header("content-type", "application/json")
            .body(bad.to_string())
            .send()
            .await
            .unwrap();
        assert!(
            response.status().is_client_error(),
            "{bad}: {}",
            response.status()
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_limit_is_an_integer_sent_only_when_present() {
    let served = serve().await;
    let client = client_with_token(&served.base, "tester");
    for limit in [None, Some(5), Some(75)] {
        client.recent_messages(recent("c", limit)).await.unwrap();
    }
    let seen = served.queries.lock().unwrap().clone();
    assert_eq!(
        seen,
        [
            None,
            Some("limit=5".to_owned()),
            Some("limit=75".to_owned())
        ]
    );
    // The server reads the limit as an integer, and holds it to the spec's 1..=75: both are
    // refused before the implementation runs, naming the parameter.
    let recent_url = format!("{}/site/s/conversation/c/message/recent", served.base);
    for (query, reason) in [
        ("limit=ten", "expected a 32-bit integer, got \"ten\""),
        ("limit=76", "must be at most 75, is 76"),
        ("limit=0", "must be at least 1, is 0"),
    ] {
        let response = raw_http()
            .get(format!("{recent_url}?{query}"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 400, "{query}");
        let problem: Value = serde_json::from_slice(&response.bytes().await.unwrap()).unwrap();
        assert_eq!(problem["invalid-params"][0]["name"], "limit");
        assert_eq!(problem["invalid-params"][0]["in"], "query");
        assert_eq!(problem["invalid-params"][0]["reason"], reason, "{query}");
    }
    // A body is checked the same way: an ADF document of version 2 is not one the spec
    // allows, so it is refused naming the field, and nothing is stored.
    let message = format!("{}/site/s/conversation/c/message", served.base);
    let response = raw_http()
        .post(&message)
        .header("content-type", "application/json")
        .body(r#"{"body": {"version": 2, "type": "doc", "content": []}}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let problem: Value = serde_json::from_slice(&response.bytes().await.unwrap()).unwrap();
    assert_eq!(problem["invalid-params"][0]["name"], "/body/version");
    assert_eq!(problem["invalid-params"][0]["reason"], "must be one of 1");
    let RecentMessagesResponse::Ok(list) = client
        .recent_messages(recent("c", None))
        .await
        .unwrap()
        .into_inner()
    else {
        panic!("no list")
    };
    assert!(list.messages.is_empty(), "a refused message was stored");
}

/// Every operation needs an OAuth 2 token: without one the router answers 401 with a
/// `WWW-Authenticate` challenge before the implementation runs, whatever else is wrong.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn calls_without_a_token_get_401() {
    let served = serve().await;
    let response = reqwest::get(format!(
        "{}/site/s/conversation/c/message/recent?limit=ten",
        served.base
    ))
    .await
    .unwrap();
    assert_eq!(response.status(), 401);
    assert_eq!(response.headers()["www-authenticate"], "Bearer");
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json"
    );
    // The generated client without a token gets the documented 401, and nothing is stored.
    let anonymous = Client::new(&served.base).unwrap();
    let sent = anonymous
        .send_message(SendMessageRequest {
            cloud_id: "s".into(),
            conversation_id: "c".into(),
            body: MessageRequest { body: doc("hello") },
        })
        .await
        .unwrap();
    let SendMessageResponse::Unauthorized(problem) = &*sent else {
        panic!("{sent:?}")
    };
    assert_eq!(problem.status, 401);
    let list = client_with_token(&served.base, "tester")
        .recent_messages(recent("c", None))
        .await
        .unwrap();
    let RecentMessagesResponse::Ok(list) = &*list else {
        panic!("{list:?}")
    };
    assert!(list.messages.is_empty());
}

/// `/message/recent` overlaps `/message/{messageId}`, and `/conversation/user/{userId}/message`
/// overlaps `/conversation/{conversationId}/message/{messageId}`. A request reaches the
/// operation whose path and method match it, the concrete path first.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn overlapping_paths_reach_the_right_operation() {
    let client = client_with_token(&serve().await.base, "tester");

    // PUT and DELETE .../message/recent: only the templated path has these methods.
    let EditMessageResponse::NotFound(e) = client
        .edit_message(EditMessageRequest {
            cloud_id: "s".into(),
            conversation_id: "c".into(),
            message_id: "recent".into(),
            body: message("r"),
        })
        .await
        .unwrap()
        .into_inner()
    else {
        panic!("edited a message that does not exist")
    };
    assert_eq!(
        e.message.as_deref(),
        Some("no message recent in conversation:c on site s")
    );
    let DeleteMessageResponse::NotFound(e) = client
        .delete_message(DeleteMessageRequest {
            cloud_id: "s".into(),
            conversation_id: "c".into(),
            message_id: "recent".into(),
        })
        .await
        .unwrap()
        .into_inner()
    else {
        panic!("deleted a message that does not exist")
    };
    assert!(e.message.unwrap().contains("no message recent"));

    // GET .../message/recent is the concrete path's operation, as OpenAPI requires: a message
    // whose id is `recent` cannot be fetched by GET; what comes back is the list.
    let base = client.base_url().to_owned();
    let listed =
        json_of(raw_http().get(format!("{base}/site/s/conversation/c/message/recent"))).await;
    assert_eq!(listed, json!({"messages": []}), "went to recent_messages");

    // Path /site/s/conversation/user/message/... matches both templates. POST: only the user
    // template has it (userId = "message").
    let SendUserMessageResponse::Ok(to_user) = client
        .send_user_message(SendUserMessageRequest {
            cloud_id: "s".into(),
            user_id: "message".into(),
            body: message("to the user called message"),
        })
        .await
        .unwrap()
        .into_inner()
    else {
        panic!("not sent")
    };
    // GET: only the conversation template has it (conversationId = "user"), so the message
    // sent to the user is not found there.
    let GetMessageResponse::NotFound(e) = client
        .get_message(GetMessageRequest {
            cloud_id: "s".into(),
            conversation_id: "user".into(),
            message_id: to_user.id.clone(),
        })
        .await
        .unwrap()
        .into_inner()
    else {
        panic!("a user message was found in a conversation")
    };
    assert!(e.message.unwrap().contains("conversation:user"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn path_values_are_encoded_and_come_back_whole() {
    let client = client_with_token(&serve().await.base, "tester");
    for value in [
        "a/b",
        "with space",
        "100%",
        "what?",
        "#hash",
        "ünïcødé 🚀",
        "../x",
        "a%2Fb",
        "...",
    ] {
        let SendMessageResponse::Ok(sent) = client
            .send_message(SendMessageRequest {
                cloud_id: "c/1".into(),
                conversation_id: value.into(),
                body: message(value),
            })
            .await
            .unwrap()
            .into_inner()
        else {
            panic!("{value}: not sent")
        };
        // Found again only if both path values reached the server whole.
        let GetMessageResponse::Ok(got) = client
            .get_message(GetMessageRequest {
                cloud_id: "c/1".into(),
                conversation_id: value.into(),
                message_id: sent.id,
            })
            .await
            .unwrap()
            .into_inner()
        else {
            panic!("{value}: not found")
        };
        assert_eq!(got.body, doc(value));
        // And a message id the server never gave out is named in its answer as sent.
        let DeleteMessageResponse::NotFound(e) = client
            .delete_message(DeleteMessageRequest {
                cloud_id: "c/1".into(),
                conversation_id: "c".into(),
                message_id: value.into(),
            })
            .await
            .unwrap()
            .into_inner()
        else {
            panic!("{value}: deleted")
        };
        assert_eq!(
            e.message.unwrap(),
            format!("no message {value} in conversation:c on site c/1")
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn values_that_change_the_path_are_refused_before_sending() {
    let served = serve().await;
    let client = client_with_token(&served.base, "tester");
    for bad in ["", ".", ".."] {
        let result = client
            .delete_message(DeleteMessageRequest {
                cloud_id: "s".into(),
                conversation_id: "c".into(),
                message_id: bad.into(),
            })
            .await;
        assert!(
            matches!(
                result.as_ref().map_err(Error::kind),
                Err(ErrorKind::InvalidRequest(_))
            ),
            "{bad:?}: {result:?}"
        );
    }
    assert_eq!(
        served.hits.load(Ordering::SeqCst),
        0,
        "nothing reached the server"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn undocumented_statuses_are_kept_in_the_error() {
    // Under a prefix the server does not serve, every call gets the router's 404 problem,
    // which reads as the documented 404 with an error body that has none of its fields.
    let base = serve().await.base;
    let client = client_with_token(&format!("{base}/elsewhere"), "tester");
    let not_found = client.get_message(get("c", "m")).await.unwrap();
    assert_eq!(
        not_found,
        GetMessageResponse::NotFound(ErrorResponse {
            status_code: None,
            message: None
        })
    );

    // A status the spec does not document is kept whole in the error.
    let teapot = axum::Router::new()
        .fallback(|| async { (axum::http::StatusCode::IM_A_TEAPOT, "short and stout") });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, teapot).await.unwrap() });
    let err = Client::new(&format!("http://{addr}"))
        .unwrap()
        .get_message(get("c", "m"))
        .await
        .unwrap_err();
    let ErrorKind::UnexpectedStatus(response) = err.kind() else {
        panic!("{err:?}")
    };
    assert_eq!(response.status, 418);
    assert_eq!(&response.body[..], b"short and stout");

    // A server that is not there is a transport error.
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = closed.local_addr().unwrap();
    drop(closed);
    let err = Client::new(&format!("http://{addr}"))
        .unwrap()
        .recent_messages(recent("c", None))
        .await
        .unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Transport(_)), "{err:?}");
}

/// Requests no generated client would send get 4xx problem responses, never 5xx or a hang.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_requests_get_problem_responses() {
    let base = serve().await.base;
    let http = raw_http();
    let cases: Vec<(reqwest::RequestBuilder, u16)> = vec![
        (
            http.get(format!("{base}/site/s/conversation/c/message/%FF%FE")),
            400,
        ),
        (
            http.post(format!("{base}/site/s/conversation/c/message"))
                .header("content-type", "text/plain")
                .body("hello"),
            415,
        ),
        (
            http.post(format!("{base}/site/s/conversation/c/message"))
                .body("{\"no content type\": 1}"),
            415,
        ),
        (
            http.post(format!("{base}/site/s/conversation/c/message"))
                .header("content-type", "application/json")
                .body("{not json"),
            400,
        ),
        (http.get(format!("{base}/site/s/nothing/here")), 404),
        (
            http.get(format!("{base}/site//conversation/c/message/m")),
            404,
        ),
        (
            http.patch(format!("{base}/site/s/conversation/c/message/recent")),
            405,
        ),
        (
            http.post(format!("{base}/site/s/conversation/c/message"))
                .header("content-type", "application/json")
                .body(vec![b' '; 3 * 1024 * 1024]),
            413,
        ),
    ];
    for (request, want) in cases {
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let allow = response
            .headers()
            .get("allow")
            .map(|v| v.to_str().unwrap().to_owned());
        let content_type = response.headers()["content-type"]
            .to_str()
            .unwrap()
            .to_owned();
        let problem: Value = serde_json::from_slice(&response.bytes().await.unwrap()).unwrap();
        assert_eq!(status, want, "{problem}");
        assert_eq!(content_type, "application/problem+json");
        assert_eq!(problem["status"], want);
        assert!(
            problem["detail"].as_str().is_some_and(|d| !d.is_empty()),
            "{problem}"
        );
        if want == 405 {
            assert_eq!(allow.as_deref(), Some("DELETE, GET, HEAD, PUT"));
        }
    }
}
