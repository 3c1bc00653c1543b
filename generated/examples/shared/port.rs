//! The `--port P` argument of the example servers.

/// The port after `--port`, or `default` when there is none.
pub fn port(default: u16) -> std::io::Result<u16> {
    let args: Vec<String> = std::env::args().collect();
    match args
        .iter()
        .position(|a| a == "--port")
        .and_then(|i| args.get(i + 1))
    {
        Some(p) => p
            .parse::<u16>()
            .map_err(|e| std::io::Error::other(format!("--port {p}: {e}"))),
        None => Ok(default),
    }
}
