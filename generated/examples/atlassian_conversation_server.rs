//! Serves the seed API from memory: `cargo run -p openapi-rs-generated --example
//! atlassian_conversation_server -- --port 8080`, then call it with the generated client
//! (`--example atlassian_conversation_client`) or curl.

use std::collections::BTreeMap;
use std::sync::Mutex;

use generated::atlassian_conversation::server::{Api, router};
use generated::atlassian_conversation::types::*;
use generated::support::UntypedBody;
use generated::support::server::RequestContext;
use serde_json::{Value, json};

/// Messages by conversation, then by id.
#[derive(Default)]
struct InMemory {
    conversations: Mutex<BTreeMap<String, BTreeMap<String, Value>>>,
}

impl InMemory {
    fn put(&self, scope: String, id: String, body: Option<Value>) -> UntypedBody {
        let message = json!({ "id": id, "body": body });
        self.conversations
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(scope)
            .or_default()
            .insert(id, message.clone());
        UntypedBody::Json(message)
    }

    fn remove(&self, scope: String, id: &str) -> UntypedBody {
        match self
            .conversations
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(scope)
            .or_default()
            .remove(id)
        {
            Some(_) => UntypedBody::Empty,
            None => UntypedBody::Json(json!({ "error": "no such message" })),
        }
    }

    fn new_id(&self, scope: &str) -> String {
        let len = self
            .conversations
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(scope)
            .map_or(0, BTreeMap::len);
        format!("{}", len + 1)
    }
}

impl Api for InMemory {
    async fn user_message_post_handler(
        &self,
        _: &RequestContext,
        r: UserMessagePostHandlerRequest,
    ) -> UserMessagePostHandlerResponse {
        let scope = format!("{}/user/{}", r.cloud_id, r.user_id);
        let id = self.new_id(&scope);
        UserMessagePostHandlerResponse::Ok(self.put(scope, id, r.body))
    }

    async fn user_message_put_handler(
        &self,
        _: &RequestContext,
        r: UserMessagePutHandlerRequest,
    ) -> UserMessagePutHandlerResponse {
        UserMessagePutHandlerResponse::Ok(self.put(
            format!("{}/user/{}", r.cloud_id, r.user_id),
            r.message_id,
            r.body,
        ))
    }

    async fn user_message_delete_handler(
        &self,
        _: &RequestContext,
        r: UserMessageDeleteHandlerRequest,
    ) -> UserMessageDeleteHandlerResponse {
        UserMessageDeleteHandlerResponse::Ok(
            self.remove(format!("{}/user/{}", r.cloud_id, r.user_id), &r.message_id),
        )
    }

    async fn conversation_message_post_handler(
        &self,
        _: &RequestContext,
        r: ConversationMessagePostHandlerRequest,
    ) -> ConversationMessagePostHandlerResponse {
        let scope = format!("{}/{}", r.cloud_id, r.conversation_id);
        let id = self.new_id(&scope);
        ConversationMessagePostHandlerResponse::Ok(self.put(scope, id, r.body))
    }

    async fn conversation_message_get_handler(
        &self,
        _: &RequestContext,
        r: ConversationMessageGetHandlerRequest,
    ) -> ConversationMessageGetHandlerResponse {
        let scope = format!("{}/{}", r.cloud_id, r.conversation_id);
        let found = self
            .conversations
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&scope)
            .and_then(|m| m.get(&r.message_id))
            .cloned();
        ConversationMessageGetHandlerResponse::Ok(
            found.map_or(UntypedBody::Empty, UntypedBody::Json),
        )
    }

    async fn conversation_message_put_handler(
        &self,
        _: &RequestContext,
        r: ConversationMessagePutHandlerRequest,
    ) -> ConversationMessagePutHandlerResponse {
        ConversationMessagePutHandlerResponse::Ok(self.put(
            format!("{}/{}", r.cloud_id, r.conversation_id),
            r.message_id,
            r.body,
        ))
    }

    async fn conversation_message_delete_handler(
        &self,
        _: &RequestContext,
        r: ConversationMessageDeleteHandlerRequest,
    ) -> ConversationMessageDeleteHandlerResponse {
        ConversationMessageDeleteHandlerResponse::Ok(self.remove(
            format!("{}/{}", r.cloud_id, r.conversation_id),
            &r.message_id,
        ))
    }

    async fn conversation_messages_recent_get_handler(
        &self,
        _: &RequestContext,
        r: ConversationMessagesRecentGetHandlerRequest,
    ) -> ConversationMessagesRecentGetHandlerResponse {
        // The API documents at most 75 messages.
        let limit = r
            .limit
            .and_then(|l| l.parse::<usize>().ok())
            .unwrap_or(75)
            .min(75);
        let scope = format!("{}/{}", r.cloud_id, r.conversation_id);
        let all = self
            .conversations
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&scope)
            .cloned()
            .unwrap_or_default();
        let recent: Vec<Value> = all.into_values().rev().take(limit).collect();
        ConversationMessagesRecentGetHandlerResponse::Ok(UntypedBody::Json(Value::Array(recent)))
    }
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let port = match args
        .iter()
        .position(|a| a == "--port")
        .and_then(|i| args.get(i + 1))
    {
        Some(p) => p
            .parse::<u16>()
            .map_err(|e| std::io::Error::other(format!("--port {p}: {e}")))?,
        None => 8080,
    };
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    println!(
        "serving the conversation API on http://{}",
        listener.local_addr()?
    );
    axum::serve(listener, router(InMemory::default())).await
}
