//! Calls the seed API: `cargo run -p openapi-rs-generated --example
//! atlassian_conversation_client -- http://127.0.0.1:8080` (without an argument it calls
//! the real API at `Client::DEFAULT_BASE_URL`, which wants a token in `ATLASSIAN_TOKEN`).

use generated::atlassian_conversation::client::Client;
use generated::atlassian_conversation::types::{
    Document, DocumentType, DocumentVersion, MessageRequest, Node, RecentMessagesRequest,
    SendMessageRequest,
};

/// A one-paragraph Atlassian Document Format document.
fn paragraph(text: &str) -> Document {
    let text = Node {
        type_: "text".to_owned(),
        text: Some(text.to_owned()),
        attrs: None,
        marks: None,
        content: None,
    };
    Document {
        version: DocumentVersion::V1,
        type_: DocumentType::Doc,
        content: vec![Node {
            type_: "paragraph".to_owned(),
            content: Some(vec![text]),
            text: None,
            attrs: None,
            marks: None,
        }],
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let base_url = std::env::args()
        .nth(1)
        .unwrap_or_else(|| Client::DEFAULT_BASE_URL.to_owned());
    // The spec's OAuth 2 scheme (from the overlay): the token is set once and sent with every
    // call. Proxies and TLS settings would go on a reqwest client (`Client::with_http_client`).
    let token = std::env::var("ATLASSIAN_TOKEN").unwrap_or_else(|_| "example-user".to_owned());
    let client = Client::new(&base_url)?
        .with_oauth2(token)
        .with_timeout(std::time::Duration::from_secs(10));

    let message = MessageRequest {
        body: paragraph("Hello from the generated client"),
    };
    let sent = client
        .send_message(SendMessageRequest::new("my-site", "general", message))
        .await?
        .into_result()?;
    println!("sent message {}", sent.id);

    let recent = client
        .recent_messages(RecentMessagesRequest::new("my-site", "general").with_limit(10))
        .await?
        .into_result()?;
    for message in recent.messages {
        println!("{}: {:?}", message.id, message.body.content);
    }
    Ok(())
}
