//! Serves the seed API from memory: `cargo run -p openapi-rs-generated --example
//! atlassian_conversation_server -- --port 8080`, then call it with the generated client
//! (`--example atlassian_conversation_client`) or curl.

#[path = "shared/atlassian_conversation_memory.rs"]
mod memory;
#[path = "shared/port.rs"]
mod port;

use generated::atlassian_conversation::server::router;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let port = port::port(8080)?;
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    println!(
        "serving the conversation API on http://{}",
        listener.local_addr()?
    );
    // Paths the API does not serve get problem details too.
    let app = router(memory::InMemory::default()).fallback(openapi_rs_runtime::server::not_found);
    axum::serve(listener, app).await
}
