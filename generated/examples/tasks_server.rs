//! Serves the tasks API from memory: `cargo run -p openapi-rs-generated --example tasks_server
//! -- --port 8081`. Any API key or bearer token is accepted; `GET /stats` wants the user
//! `admin` with the password `secret`.

#[path = "shared/tasks_memory.rs"]
mod memory;

use generated::tasks::server::router;

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
        None => 8081,
    };
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    println!("serving the tasks API on http://{}", listener.local_addr()?);
    axum::serve(listener, router(memory::InMemory::default())).await
}
