//! The seed API end to end: an in-memory implementation of the generated server trait, served
//! on 127.0.0.1, driven through the generated client.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use generated::atlassian_conversation::client::Client;
use generated::atlassian_conversation::server::{Api, router};
use generated::atlassian_conversation::types::*;
use generated::support::UntypedBody;
use generated::support::client::Error;
use generated::support::server::RequestContext;
use serde_json::{Value, json};

/// Messages by (cloud id, "user:ID" or "conversation:ID", message id).
#[derive(Default)]
struct Messages {
    stored: Mutex<BTreeMap<(String, String, String), Value>>,
    next_id: AtomicUsize,
    /// Query strings of the `recent` calls, to see what the client sent.
    recent_queries: Arc<Mutex<Vec<Option<String>>>>,
}

impl Messages {
    fn message(
        &self,
        context: &RequestContext,
        key: (String, String, String),
        body: Option<Value>,
    ) -> Value {
        let auth = context
            .headers()
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let message =
            json!({ "id": key.2, "cloudId": key.0, "scope": key.1, "body": body, "auth": auth });
        self.stored.lock().unwrap().insert(key, message.clone());
        message
    }

    fn new_id(&self) -> String {
        format!("m{}", self.next_id.fetch_add(1, Ordering::SeqCst) + 1)
    }

    fn remove(&self, key: &(String, String, String)) -> UntypedBody {
        match self.stored.lock().unwrap().remove(key) {
            Some(_) => UntypedBody::Empty,
            None => UntypedBody::Json(json!({ "error": "no such message" })),
        }
    }
}

impl Api for Messages {
    async fn user_message_post_handler(
        &self,
        context: &RequestContext,
        r: UserMessagePostHandlerRequest,
    ) -> UserMessagePostHandlerResponse {
        let key = (r.cloud_id, format!("user:{}", r.user_id), self.new_id());
        UserMessagePostHandlerResponse::Ok(UntypedBody::Json(self.message(context, key, r.body)))
    }

    async fn user_message_put_handler(
        &self,
        context: &RequestContext,
        r: UserMessagePutHandlerRequest,
    ) -> UserMessagePutHandlerResponse {
        let key = (r.cloud_id, format!("user:{}", r.user_id), r.message_id);
        UserMessagePutHandlerResponse::Ok(UntypedBody::Json(self.message(context, key, r.body)))
    }

    async fn user_message_delete_handler(
        &self,
        _: &RequestContext,
        r: UserMessageDeleteHandlerRequest,
    ) -> UserMessageDeleteHandlerResponse {
        UserMessageDeleteHandlerResponse::Ok(self.remove(&(
            r.cloud_id,
            format!("user:{}", r.user_id),
            r.message_id,
        )))
    }

    async fn conversation_message_post_handler(
        &self,
        context: &RequestContext,
        r: ConversationMessagePostHandlerRequest,
    ) -> ConversationMessagePostHandlerResponse {
        let key = (
            r.cloud_id,
            format!("conversation:{}", r.conversation_id),
            self.new_id(),
        );
        ConversationMessagePostHandlerResponse::Ok(UntypedBody::Json(
            self.message(context, key, r.body),
        ))
    }

    async fn conversation_message_get_handler(
        &self,
        _: &RequestContext,
        r: ConversationMessageGetHandlerRequest,
    ) -> ConversationMessageGetHandlerResponse {
        let key = (
            r.cloud_id,
            format!("conversation:{}", r.conversation_id),
            r.message_id,
        );
        let found = self.stored.lock().unwrap().get(&key).cloned();
        ConversationMessageGetHandlerResponse::Ok(match found {
            Some(message) => UntypedBody::Json(message),
            // Not JSON on purpose: the client must keep other bodies as bytes.
            None => UntypedBody::Bytes {
                content_type: Some("text/plain".to_owned()),
                data: "not found".into(),
            },
        })
    }

    async fn conversation_message_put_handler(
        &self,
        context: &RequestContext,
        r: ConversationMessagePutHandlerRequest,
    ) -> ConversationMessagePutHandlerResponse {
        let key = (
            r.cloud_id,
            format!("conversation:{}", r.conversation_id),
            r.message_id,
        );
        ConversationMessagePutHandlerResponse::Ok(UntypedBody::Json(
            self.message(context, key, r.body),
        ))
    }

    async fn conversation_message_delete_handler(
        &self,
        _: &RequestContext,
        r: ConversationMessageDeleteHandlerRequest,
    ) -> ConversationMessageDeleteHandlerResponse {
        ConversationMessageDeleteHandlerResponse::Ok(self.remove(&(
            r.cloud_id,
            format!("conversation:{}", r.conversation_id),
            r.message_id,
        )))
    }

    async fn conversation_messages_recent_get_handler(
        &self,
        context: &RequestContext,
        r: ConversationMessagesRecentGetHandlerRequest,
    ) -> ConversationMessagesRecentGetHandlerResponse {
        self.recent_queries
            .lock()
            .unwrap()
            .push(context.uri().query().map(str::to_owned));
        let limit = r.limit.as_deref().map_or(Ok(75), str::parse::<usize>);
        let Ok(limit) = limit else {
            return ConversationMessagesRecentGetHandlerResponse::Ok(UntypedBody::Json(
                json!({ "error": "limit must be a number" }),
            ));
        };
        let scope = format!("conversation:{}", r.conversation_id);
        let stored = self.stored.lock().unwrap();
        let mut recent: Vec<Value> = stored
            .iter()
            .filter(|((c, s, _), _)| *c == r.cloud_id && *s == scope)
            .map(|(_, m)| m.clone())
            .collect();
        recent.reverse();
        recent.truncate(limit.min(75));
        ConversationMessagesRecentGetHandlerResponse::Ok(UntypedBody::Json(Value::Array(recent)))
    }
}

struct Served {
    base: String,
    /// How many requests reached the server at all.
    hits: &'static AtomicUsize,
    recent_queries: Arc<Mutex<Vec<Option<String>>>>,
}

/// Serves the API on an ephemeral port.
async fn serve() -> Served {
    let hits: &'static AtomicUsize = Box::leak(Box::new(AtomicUsize::new(0)));
    let messages = Messages::default();
    let recent_queries = Arc::clone(&messages.recent_queries);
    let app = router(messages).layer(axum::middleware::from_fn(
        move |req: axum::extract::Request, next: axum::middleware::Next| async move {
            hits.fetch_add(1, Ordering::SeqCst);
            next.run(req).await
        },
    ));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    Served {
        base: format!("http://{addr}"),
        hits,
        recent_queries,
    }
}

fn json_of<T: std::fmt::Debug>(body: &UntypedBody, what: T) -> Value {
    match body {
        UntypedBody::Json(v) => v.clone(),
        other => panic!("{what:?}: expected JSON, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn all_operations_round_trip() {
    let base = serve().await.base;
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("authorization", "Bearer token-1".parse().unwrap());
    let http = reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap();
    let client = Client::with_http_client(&base, http).unwrap();

    // 1. Send a message to a user.
    let UserMessagePostHandlerResponse::Ok(sent) = client
        .user_message_post_handler(UserMessagePostHandlerRequest {
            cloud_id: "site-1".into(),
            user_id: "u1".into(),
            body: Some(json!({"text": "hi"})),
        })
        .await
        .unwrap();
    let sent = json_of(&sent, "user post");
    assert_eq!(sent["scope"], "user:u1");
    assert_eq!(sent["body"], json!({"text": "hi"}));
    assert_eq!(
        sent["auth"], "Bearer token-1",
        "the implementation reads request headers"
    );
    let user_message_id = sent["id"].as_str().unwrap().to_owned();

    // 2. Edit it.
    let UserMessagePutHandlerResponse::Ok(edited) = client
        .user_message_put_handler(UserMessagePutHandlerRequest {
            cloud_id: "site-1".into(),
            user_id: "u1".into(),
            message_id: user_message_id.clone(),
            body: Some(json!({"text": "edited"})),
        })
        .await
        .unwrap();
    assert_eq!(json_of(&edited, "user put")["body"]["text"], "edited");

    // 3. Delete it; deleting again finds nothing.
    let delete = UserMessageDeleteHandlerRequest {
        cloud_id: "site-1".into(),
        user_id: "u1".into(),
        message_id: user_message_id,
    };
    let UserMessageDeleteHandlerResponse::Ok(gone) = client
        .user_message_delete_handler(delete.clone())
        .await
        .unwrap();
    assert_eq!(gone, UntypedBody::Empty);
    let UserMessageDeleteHandlerResponse::Ok(again) =
        client.user_message_delete_handler(delete).await.unwrap();
    assert_eq!(json_of(&again, "second delete")["error"], "no such message");

    // 4. Send three messages to a conversation, one without a body.
    let mut ids = Vec::new();
    for body in [Some(json!({"n": 1})), None, Some(json!({"n": 3}))] {
        let ConversationMessagePostHandlerResponse::Ok(m) = client
            .conversation_message_post_handler(ConversationMessagePostHandlerRequest {
                cloud_id: "site-1".into(),
                conversation_id: "c1".into(),
                body: body.clone(),
            })
            .await
            .unwrap();
        let m = json_of(&m, "conversation post");
        assert_eq!(m["body"], body.unwrap_or(Value::Null));
        ids.push(m["id"].as_str().unwrap().to_owned());
    }

    // 5. Get one by id; an unknown id comes back as a non-JSON body, kept as bytes.
    let get = |id: &str| ConversationMessageGetHandlerRequest {
        cloud_id: "site-1".into(),
        conversation_id: "c1".into(),
        message_id: id.into(),
    };
    let ConversationMessageGetHandlerResponse::Ok(got) = client
        .conversation_message_get_handler(get(&ids[0]))
        .await
        .unwrap();
    assert_eq!(json_of(&got, "get")["body"], json!({"n": 1}));
    let ConversationMessageGetHandlerResponse::Ok(missing) = client
        .conversation_message_get_handler(get("nope"))
        .await
        .unwrap();
    assert_eq!(
        missing,
        UntypedBody::Bytes {
            content_type: Some("text/plain".into()),
            data: "not found".into()
        }
    );

    // 6. Edit one in the conversation.
    let ConversationMessagePutHandlerResponse::Ok(edited) = client
        .conversation_message_put_handler(ConversationMessagePutHandlerRequest {
            cloud_id: "site-1".into(),
            conversation_id: "c1".into(),
            message_id: ids[1].clone(),
            body: Some(json!({"n": 2})),
        })
        .await
        .unwrap();
    assert_eq!(
        json_of(&edited, "conversation put")["body"],
        json!({"n": 2})
    );

    // 7. Recent messages, with and without the optional limit.
    let recent = |limit: Option<&str>| ConversationMessagesRecentGetHandlerRequest {
        cloud_id: "site-1".into(),
        conversation_id: "c1".into(),
        limit: limit.map(str::to_owned),
    };
    let ConversationMessagesRecentGetHandlerResponse::Ok(all) = client
        .conversation_messages_recent_get_handler(recent(None))
        .await
        .unwrap();
    assert_eq!(json_of(&all, "recent").as_array().unwrap().len(), 3);
    let ConversationMessagesRecentGetHandlerResponse::Ok(two) = client
        .conversation_messages_recent_get_handler(recent(Some("2")))
        .await
        .unwrap();
    assert_eq!(json_of(&two, "recent 2").as_array().unwrap().len(), 2);

    // 8. Delete from the conversation.
    let ConversationMessageDeleteHandlerResponse::Ok(deleted) = client
        .conversation_message_delete_handler(ConversationMessageDeleteHandlerRequest {
            cloud_id: "site-1".into(),
            conversation_id: "c1".into(),
            message_id: ids[2].clone(),
        })
        .await
        .unwrap();
    assert_eq!(deleted, UntypedBody::Empty);
    let ConversationMessagesRecentGetHandlerResponse::Ok(left) = client
        .conversation_messages_recent_get_handler(recent(None))
        .await
        .unwrap();
    assert_eq!(
        json_of(&left, "recent after delete")
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn query_parameters_are_sent_only_when_present() {
    let served = serve().await;
    let client = Client::new(&served.base).unwrap();
    let request = |limit: Option<&str>| ConversationMessagesRecentGetHandlerRequest {
        cloud_id: "s".into(),
        conversation_id: "c".into(),
        limit: limit.map(str::to_owned),
    };
    for limit in [None, Some("5"), Some("a b&c=d")] {
        client
            .conversation_messages_recent_get_handler(request(limit))
            .await
            .unwrap();
    }
    let seen = served.recent_queries.lock().unwrap().clone();
    assert_eq!(
        seen,
        vec![
            None,
            Some("limit=5".to_owned()),
            Some("limit=a+b%26c%3Dd".to_owned())
        ]
    );
    let ConversationMessagesRecentGetHandlerResponse::Ok(body) = client
        .conversation_messages_recent_get_handler(request(Some("a b&c=d")))
        .await
        .unwrap();
    assert_eq!(
        json_of(&body, "bad limit")["error"],
        "limit must be a number",
        "the server decoded the value whole"
    );
}

/// `/message/recent` overlaps `/message/{messageId}`, and `/conversation/user/{userId}/message`
/// overlaps `/conversation/{conversationId}/message/{messageId}`. A request reaches the
/// operation whose path and method match it, the concrete path first.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn overlapping_paths_reach_the_right_operation() {
    let base = serve().await.base;
    let client = Client::new(&base).unwrap();

    // PUT and DELETE .../message/recent: only the templated path has these methods.
    let ConversationMessagePutHandlerResponse::Ok(put) = client
        .conversation_message_put_handler(ConversationMessagePutHandlerRequest {
            cloud_id: "s".into(),
            conversation_id: "c".into(),
            message_id: "recent".into(),
            body: Some(json!("r")),
        })
        .await
        .unwrap();
    let put = json_of(&put, "put recent");
    assert_eq!(
        (put["id"].as_str(), put["scope"].as_str()),
        (Some("recent"), Some("conversation:c"))
    );
    let ConversationMessageDeleteHandlerResponse::Ok(deleted) = client
        .conversation_message_delete_handler(ConversationMessageDeleteHandlerRequest {
            cloud_id: "s".into(),
            conversation_id: "c".into(),
            message_id: "recent".into(),
        })
        .await
        .unwrap();
    assert_eq!(
        deleted,
        UntypedBody::Empty,
        "the message with id `recent` was deleted"
    );

    // GET .../message/recent is the concrete path's operation, as OpenAPI requires: a message
    // whose id is `recent` cannot be fetched by GET.
    let ConversationMessageGetHandlerResponse::Ok(listed) = client
        .conversation_message_get_handler(ConversationMessageGetHandlerRequest {
            cloud_id: "s".into(),
            conversation_id: "c".into(),
            message_id: "recent".into(),
        })
        .await
        .unwrap();
    assert!(
        json_of(&listed, "get recent").is_array(),
        "went to the recent-messages operation"
    );

    // Path /site/s/conversation/user/message/message matches both templates.
    // POST: only the user template has it (userId = "message").
    let UserMessagePostHandlerResponse::Ok(to_user) = client
        .user_message_post_handler(UserMessagePostHandlerRequest {
            cloud_id: "s".into(),
            user_id: "message".into(),
            body: None,
        })
        .await
        .unwrap();
    assert_eq!(
        json_of(&to_user, "post to user `message`")["scope"],
        "user:message"
    );
    // PUT and GET: only the conversation template has them (conversationId = "user").
    let ConversationMessagePutHandlerResponse::Ok(in_user_conversation) = client
        .conversation_message_put_handler(ConversationMessagePutHandlerRequest {
            cloud_id: "s".into(),
            conversation_id: "user".into(),
            message_id: "message".into(),
            body: Some(json!(1)),
        })
        .await
        .unwrap();
    assert_eq!(
        json_of(&in_user_conversation, "put")["scope"],
        "conversation:user"
    );
    let ConversationMessageGetHandlerResponse::Ok(fetched) = client
        .conversation_message_get_handler(ConversationMessageGetHandlerRequest {
            cloud_id: "s".into(),
            conversation_id: "user".into(),
            message_id: "message".into(),
        })
        .await
        .unwrap();
    assert_eq!(json_of(&fetched, "get")["body"], json!(1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn path_values_are_encoded_and_come_back_whole() {
    let base = serve().await.base;
    let client = Client::new(&base).unwrap();
    for id in [
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
        let ConversationMessagePutHandlerResponse::Ok(put) = client
            .conversation_message_put_handler(ConversationMessagePutHandlerRequest {
                cloud_id: "c/1".into(),
                conversation_id: "c 2".into(),
                message_id: id.into(),
                body: Some(json!(id)),
            })
            .await
            .unwrap();
        let put = json_of(&put, id);
        assert_eq!(put["id"], id);
        assert_eq!(put["cloudId"], "c/1");
        assert_eq!(put["scope"], "conversation:c 2");
        let ConversationMessageGetHandlerResponse::Ok(got) = client
            .conversation_message_get_handler(ConversationMessageGetHandlerRequest {
                cloud_id: "c/1".into(),
                conversation_id: "c 2".into(),
                message_id: id.into(),
            })
            .await
            .unwrap();
        assert_eq!(json_of(&got, id)["body"], id);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn values_that_change_the_path_are_refused_before_sending() {
    let served = serve().await;
    let client = Client::new(&served.base).unwrap();
    for bad in ["", ".", ".."] {
        let result = client
            .conversation_message_delete_handler(ConversationMessageDeleteHandlerRequest {
                cloud_id: "s".into(),
                conversation_id: "c".into(),
                message_id: bad.into(),
            })
            .await;
        assert!(
            matches!(result, Err(Error::InvalidRequest(_))),
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
    let base = serve().await.base;
    // Under a prefix the server does not serve, every call gets 404.
    let client = Client::new(&format!("{base}/elsewhere")).unwrap();
    let err = client
        .conversation_message_get_handler(ConversationMessageGetHandlerRequest {
            cloud_id: "s".into(),
            conversation_id: "c".into(),
            message_id: "m".into(),
        })
        .await
        .unwrap_err();
    let Error::UnexpectedStatus(response) = err else {
        panic!("{err:?}")
    };
    assert_eq!(response.status, 404);
    assert_eq!(response.headers["content-type"], "application/problem+json");
    let problem: Value = serde_json::from_slice(&response.body).unwrap();
    assert_eq!(problem["status"], 404);

    // A server that is not there is a transport error.
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = closed.local_addr().unwrap();
    drop(closed);
    let err = Client::new(&format!("http://{addr}"))
        .unwrap()
        .conversation_messages_recent_get_handler(ConversationMessagesRecentGetHandlerRequest {
            cloud_id: "s".into(),
            conversation_id: "c".into(),
            limit: None,
        })
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
}

/// Requests no generated client would send get 4xx problem responses, never 5xx or a hang.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_requests_get_problem_responses() {
    let base = serve().await.base;
    let http = reqwest::Client::new();
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
