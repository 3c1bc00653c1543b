//! Serves the seed API from memory: `cargo run -p openapi-rs-generated --example
//! atlassian_conversation_server -- --port 8080`, then call it with the generated client
//! (`--example atlassian_conversation_client`) or curl.

#[path = "shared/atlassian_conversation_memory.rs"]
mod memory;

use generated::atlassian_conversation::server::router;

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
    axum::serve(listener, router(memory::InMemory::default())).await
}
