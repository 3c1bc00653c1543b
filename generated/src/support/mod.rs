//! Hand-written helpers shared by every generated module: path and query encoding, body
//! handling, the client's error type and the server's routing. Codegen never touches this
//! folder; generated code calls into it instead of repeating it per operation.

pub mod auth;
mod binary;
mod body;
pub mod json;
pub mod multipart;
pub mod object;
pub mod params;

#[cfg(feature = "client")]
pub mod client;
#[cfg(feature = "server")]
mod guard;
#[cfg(feature = "server")]
pub mod server;
#[cfg(feature = "server")]
pub mod validate;

pub use binary::{Base64, Binary};
pub use body::UntypedBody;
