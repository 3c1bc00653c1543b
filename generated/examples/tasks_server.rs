//! Serves the tasks API from memory: `cargo run -p openapi-rs-generated --example tasks_server
//! -- --port 8081`. It accepts the API key `key-1` (header `X-API-Key` or query `api_key`),
//! the bearer token `token-1` and the cookie `session=session-1`; `GET /stats` wants the user
//! `admin` with the password `secret`.

#[path = "shared/tasks_memory.rs"]
mod memory;
#[path = "shared/port.rs"]
mod port;

use generated::tasks::server::router;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let port = port::port(8081)?;
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    println!("serving the tasks API on http://{}", listener.local_addr()?);
    // Paths the API does not serve get problem details too.
    let app = router(memory::InMemory::default()).fallback(openapi_rs_runtime::server::not_found);
    axum::serve(listener, app).await
}
