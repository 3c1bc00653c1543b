//! Calls the seed API: `cargo run -p openapi-rs-generated --example
//! atlassian_conversation_client -- http://127.0.0.1:8080`.

use generated::atlassian_conversation::client::Client;
use generated::atlassian_conversation::types::{
    ConversationMessagePostHandlerRequest, ConversationMessagePostHandlerResponse,
    ConversationMessagesRecentGetHandlerRequest, ConversationMessagesRecentGetHandlerResponse,
};
use serde_json::json;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let base_url = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "http://127.0.0.1:8080".to_owned());
    // Authentication, timeouts and proxies go on the reqwest client.
    let http = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(10))
        .build()?;
    let client = Client::with_http_client(&base_url, http)?;

    let ConversationMessagePostHandlerResponse::Ok(sent) = client
        .conversation_message_post_handler(ConversationMessagePostHandlerRequest {
            cloud_id: "my-site".to_owned(),
            conversation_id: "general".to_owned(),
            body: Some(json!({ "body": { "version": 1, "type": "doc", "content": [] } })),
        })
        .await?;
    println!("sent: {sent:?}");

    let ConversationMessagesRecentGetHandlerResponse::Ok(recent) = client
        .conversation_messages_recent_get_handler(ConversationMessagesRecentGetHandlerRequest {
            cloud_id: "my-site".to_owned(),
            conversation_id: "general".to_owned(),
            limit: Some("10".to_owned()),
        })
        .await?;
    println!("recent: {recent:?}");
    Ok(())
}
