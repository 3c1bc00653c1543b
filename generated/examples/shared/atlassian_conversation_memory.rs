//! An in-memory implementation of the seed API's server trait: the example server serves it,
//! and the round-trip test drives it through the generated client.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use generated::atlassian_conversation::security;
use generated::atlassian_conversation::server::Api;
use generated::atlassian_conversation::types::*;
use openapi_rs_runtime::UntypedBody;
use openapi_rs_runtime::auth::Credential;
use openapi_rs_runtime::server::{self, Principal, RequestContext};

/// Where a message lives: its site, and `user:ID` or `conversation:ID`.
type Scope = (String, String);

/// Messages by scope, then by id (ids increase, so the last is the newest).
#[derive(Default)]
pub struct InMemory {
    messages: Mutex<BTreeMap<Scope, BTreeMap<String, Message>>>,
    next_id: AtomicUsize,
}

/// At most this many messages come back from `recent_messages`, as the API documents.
const MAX_RECENT: usize = 75;

impl InMemory {
    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<Scope, BTreeMap<String, Message>>> {
        self.messages.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Stores a new message sent by whoever `authenticate` found.
    fn send(
        &self,
        context: &RequestContext,
        scope: Scope,
        request: MessageRequest,
    ) -> MessageCreated {
        // Zero-padded, so that ids sort in the order messages were sent.
        let id = format!("m{:06}", self.next_id.fetch_add(1, Ordering::SeqCst) + 1);
        let message = Message {
            id: id.clone(),
            body: request.body,
            sender: context.principal::<Sender>().cloned(),
            ts: Some(std::time::SystemTime::now().into()),
        };
        self.lock()
            .entry(scope)
            .or_default()
            .insert(id.clone(), message);
        MessageCreated { id }
    }

    fn edit(
        &self,
        scope: Scope,
        id: String,
        request: MessageRequest,
    ) -> Result<MessageCreated, ErrorResponse> {
        match self.lock().get_mut(&scope).and_then(|m| m.get_mut(&id)) {
            Some(message) => {
                message.body = request.body;
                Ok(MessageCreated { id })
            }
            None => Err(not_found(&scope, &id)),
        }
    }

    fn get(&self, scope: Scope, id: String) -> Result<Message, ErrorResponse> {
        self.lock()
            .get(&scope)
            .and_then(|m| m.get(&id))
            .cloned()
            .ok_or_else(|| not_found(&scope, &id))
    }

    /// Removes a message. The spec documents the 200 without a body; this answers with the
    /// deleted message's id as JSON, the media type the spec's `produces` names.
    fn delete(&self, scope: Scope, id: String) -> Result<UntypedBody, ErrorResponse> {
        match self.lock().get_mut(&scope).and_then(|m| m.remove(&id)) {
            Some(_) => Ok(UntypedBody::Json(serde_json::json!({ "id": id }))),
            None => Err(not_found(&scope, &id)),
        }
    }

    fn recent(&self, scope: Scope, limit: Option<i32>) -> MessageList {
        let limit = limit.map_or(MAX_RECENT, |l| {
            usize::try_from(l).unwrap_or(0).min(MAX_RECENT)
        });
        let messages = self
            .lock()
            .get(&scope)
            .map(|m| m.values().rev().take(limit).cloned().collect())
            .unwrap_or_default();
        MessageList { messages }
    }
}

fn user(cloud_id: String, user_id: String) -> Scope {
    (cloud_id, format!("user:{user_id}"))
}

fn conversation(cloud_id: String, conversation_id: String) -> Scope {
    (cloud_id, format!("conversation:{conversation_id}"))
}

fn not_found((cloud_id, scope): &Scope, id: &str) -> ErrorResponse {
    ErrorResponse {
        status_code: Some(404),
        message: Some(format!("no message {id} in {scope} on site {cloud_id}")),
    }
}

impl Api for InMemory {
    type Error = server::Error;

    /// The sender is whoever the OAuth 2 bearer token names (a stand-in for a real token
    /// check; the router has already refused requests without one).
    async fn authenticate(&self, context: &RequestContext) -> Result<Principal, server::Error> {
        Ok(match context.credentials().get(security::OAUTH2.name) {
            Some(Credential::Bearer(token)) => Principal::new(Sender { id: token.clone() }),
            _ => Principal::anonymous(),
        })
    }

    async fn send_user_message(
        self: Arc<Self>,
        context: RequestContext,
        r: SendUserMessageRequest,
    ) -> Result<SendUserMessageResponse, server::Error> {
        let sent = self.send(&context, user(r.cloud_id, r.user_id), r.body);
        Ok(SendUserMessageResponse::Ok(sent))
    }

    async fn edit_user_message(
        self: Arc<Self>,
        _: RequestContext,
        r: EditUserMessageRequest,
    ) -> Result<EditUserMessageResponse, server::Error> {
        Ok(
            match self.edit(user(r.cloud_id, r.user_id), r.message_id, r.body) {
                Ok(created) => EditUserMessageResponse::Ok(created),
                Err(e) => EditUserMessageResponse::NotFound(e),
            },
        )
    }

    async fn delete_user_message(
        self: Arc<Self>,
        _: RequestContext,
        r: DeleteUserMessageRequest,
    ) -> Result<DeleteUserMessageResponse, server::Error> {
        Ok(
            match self.delete(user(r.cloud_id, r.user_id), r.message_id) {
                Ok(body) => DeleteUserMessageResponse::Ok(body),
                Err(e) => DeleteUserMessageResponse::NotFound(e),
            },
        )
    }

    async fn send_message(
        self: Arc<Self>,
        context: RequestContext,
        r: SendMessageRequest,
    ) -> Result<SendMessageResponse, server::Error> {
        let scope = conversation(r.cloud_id, r.conversation_id);
        Ok(SendMessageResponse::Ok(self.send(&context, scope, r.body)))
    }

    async fn get_message(
        self: Arc<Self>,
        _: RequestContext,
        r: GetMessageRequest,
    ) -> Result<GetMessageResponse, server::Error> {
        Ok(
            match self.get(conversation(r.cloud_id, r.conversation_id), r.message_id) {
                Ok(message) => GetMessageResponse::Ok(message),
                Err(e) => GetMessageResponse::NotFound(e),
            },
        )
    }

    async fn edit_message(
        self: Arc<Self>,
        _: RequestContext,
        r: EditMessageRequest,
    ) -> Result<EditMessageResponse, server::Error> {
        let scope = conversation(r.cloud_id, r.conversation_id);
        Ok(match self.edit(scope, r.message_id, r.body) {
            Ok(created) => EditMessageResponse::Ok(created),
            Err(e) => EditMessageResponse::NotFound(e),
        })
    }

    async fn delete_message(
        self: Arc<Self>,
        _: RequestContext,
        r: DeleteMessageRequest,
    ) -> Result<DeleteMessageResponse, server::Error> {
        let scope = conversation(r.cloud_id, r.conversation_id);
        Ok(match self.delete(scope, r.message_id) {
            Ok(body) => DeleteMessageResponse::Ok(body),
            Err(e) => DeleteMessageResponse::NotFound(e),
        })
    }

    async fn recent_messages(
        self: Arc<Self>,
        _: RequestContext,
        r: RecentMessagesRequest,
    ) -> Result<RecentMessagesResponse, server::Error> {
        let scope = conversation(r.cloud_id, r.conversation_id);
        Ok(RecentMessagesResponse::Ok(self.recent(scope, r.limit)))
    }
}
