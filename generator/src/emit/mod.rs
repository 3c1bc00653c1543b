//! Phase three: Rust source from the [`model`](crate::model), and only from it.
//!
//! Each spec becomes a module folder: `mod.rs` (docs and submodules), `types.rs` (schema types
//! and each operation's request and response types), `client.rs` and `server.rs`. Helpers every
//! operation needs live in the hand-written `support` module of the generated crate, not here.

mod check;
mod client;
mod docs;
mod format;
mod gates;
mod multipart;
mod ops;
mod paging;
mod rust;
mod server;
mod types;
mod validate;
mod wire;

use proc_macro2::TokenStream;
use quote::quote;

#[cfg(test)]
pub use format::header;
pub use format::{HEADER_END, Head};

use crate::model::Api;

/// Which operations a client or server file is for: those the API serves, or the webhooks
/// and callbacks it sends (served by its consumers, sent by its provider).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Calls,
    Hooks,
}

impl Side {
    pub fn of(self, api: &Api) -> &[crate::model::Operation] {
        match self {
            Side::Calls => api.calls(),
            Side::Hooks => api.hooks(),
        }
    }
}

/// Which parts of a module to write besides its types.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Parts {
    pub client: bool,
    pub server: bool,
}

impl Default for Parts {
    fn default() -> Self {
        Parts {
            client: true,
            server: true,
        }
    }
}

/// The files of one spec's module, as `(file name, contents)`.
///
/// The files are independent, so they are written on threads of their own: tokens never
/// cross threads (each is made and formatted where it is used), only the finished text.
pub fn emit(api: &Api, parts: Parts) -> Result<Vec<(String, String)>, String> {
    type Emitter = fn(&Api, Side, &mut format::Writer) -> Result<(), String>;
    check::model(api)?;
    // `types.rs` first (on two threads of its own), then the client and server side by side:
    // two at a time, so that no more than two files' pieces are in memory at once.
    let mut written: Vec<(String, Result<String, String>)> =
        vec![("types.rs".to_owned(), types::write(api))];
    crate::heap::release_freed();
    let mut jobs: Vec<(&str, Emitter, Side)> = Vec::new();
    let hooks = !api.hooks().is_empty();
    if parts.client {
        jobs.push(("client.rs", client::write, Side::Calls));
        if hooks {
            jobs.push(("webhooks/client.rs", client::write, Side::Hooks));
        }
    }
    if parts.server {
        jobs.push(("server.rs", server::write, Side::Calls));
        if hooks {
            jobs.push(("webhooks/server.rs", server::write, Side::Hooks));
        }
    }
    let write = |emit: Emitter, side: Side| {
        let mut out = format::Writer::new(format::Head::of(api))?;
        emit(api, side, &mut out)?;
        Ok(out.into_text())
    };
    written.extend(std::thread::scope(|scope| {
        let handles: Vec<_> = jobs
            .into_iter()
            .map(|(name, emit, side)| {
                let write = &write;
                (name, scope.spawn(move || write(emit, side)))
            })
            .collect();
        handles
            .into_iter()
            .map(|(name, handle)| {
                let text = handle
                    .join()
                    .unwrap_or_else(|_| Err(format!("writing {name} failed unexpectedly")));
                (name.to_owned(), text)
            })
            .collect::<Vec<_>>()
    }));
    let mut files = vec![(
        "mod.rs".to_owned(),
        format::file(format::Head::of(api), module(api, parts))?,
    )];
    if hooks && (parts.client || parts.server) {
        files.push((
            "webhooks/mod.rs".to_owned(),
            format::file(format::Head::of(api), hooks_module(api, parts))?,
        ));
    }
    for (name, text) in written {
        files.push((name, text?));
    }
    Ok(files)
}

fn module(api: &Api, parts: Parts) -> proc_macro2::TokenStream {
    let title = format!("{} (version {})", api.title, api.version);
    let from = format!("Generated from `{}`.", api.source);
    let docs = docs::inner(&[Some(&title), api.description.as_deref(), Some(&from)]);
    let (client, server) = sides(parts);
    let security = security_module(api);
    let hooks = (!api.hooks().is_empty() && (parts.client || parts.server)).then(|| {
        quote! {
            pub mod webhooks;
        }
    });
    quote! {
        #docs

        pub mod types;

        #security

        #client

        #server

        #hooks
    }
}

/// The `webhooks` module: the requests the API sends its consumers, with the client that
/// sends them and the server trait that receives them. Their types are the spec's, imported
/// for the client and the server, either of which the runtime's features may leave out.
fn hooks_module(api: &Api, parts: Parts) -> proc_macro2::TokenStream {
    let title = format!(
        "The requests the {} API sends its consumers: its webhooks and the callbacks of its operations, with the roles reversed.",
        api.title
    );
    let how = "A consumer implements `server::Api` and serves `server::router(api)` at the base URL it gives the provider: each webhook at a path of its name below it, each callback at what its URL expression has after the URL the request gave (the URL itself when nothing follows it). The provider sends them with `client::Client`, made with that base URL. Their request and response types are in the spec's `types`.";
    let docs = docs::inner(&[Some(&title), Some(how)]);
    let secured = api.hooks().iter().any(|op| !op.security.is_empty());
    let security = secured.then(|| {
        quote! {
            #[allow(unused_imports)]
            use super::security;
        }
    });
    let (client, server) = sides(parts);
    quote! {
        #docs

        #[allow(unused_imports)]
        use super::types;
        #security

        #client

        #server
    }
}

/// The `client` and `server` modules a module declares, each kept by the runtime's feature.
fn sides(parts: Parts) -> (Option<TokenStream>, Option<TokenStream>) {
    let client = parts.client.then(|| {
        quote! {
            rt::if_client! {
                pub mod client;
            }
        }
    });
    let server = parts.server.then(|| {
        quote! {
            rt::if_server! {
                pub mod server;
            }
        }
    });
    (client, server)
}

/// The spec's security schemes, which the client sets credentials for and the server checks.
fn security_module(api: &Api) -> Option<proc_macro2::TokenStream> {
    use crate::model::{ParamLocation, SchemeKind};
    if api.security.is_empty() {
        return None;
    }
    let consts = api.security.iter().map(|s| {
        let name = rust::ident(&s.name.rust);
        let wire = &s.name.wire;
        let (scheme, how) = match &s.kind {
            SchemeKind::ApiKey { location, name } => {
                let place = match location {
                    ParamLocation::Header => quote!(Header),
                    ParamLocation::Query => quote!(Query),
                    _ => quote!(Cookie),
                };
                (
                    quote!(Scheme::#place(#name)),
                    format!(
                        "An API key in the {} `{name}`.",
                        match location {
                            ParamLocation::Header => "header",
                            ParamLocation::Query => "query parameter",
                            _ => "cookie",
                        }
                    ),
                )
            }
            SchemeKind::Basic => (
                quote!(Scheme::Basic),
                "HTTP basic authentication.".to_owned(),
            ),
            SchemeKind::Bearer => (
                quote!(Scheme::Bearer),
                "A bearer token (`Authorization: Bearer ...`).".to_owned(),
            ),
        };
        let title = format!("`{wire}`: {how}");
        let docs = docs::outer(&[Some(&title), s.description.as_deref()]);
        quote! {
            #docs
            pub const #name: SecurityScheme = SecurityScheme { name: #wire, scheme: #scheme };
        }
    });
    Some(quote! {
        /// The API's security schemes, as the spec names them.
        pub mod security {
            use super::rt::auth::{Scheme, SecurityScheme};

            #(#consts)*
        }
    })
}

/// One spec module of a root file.
pub struct RootModule<'a> {
    pub module: &'a str,
    /// The spec, as named in docs.
    pub source: &'a str,
    /// The features any of which compiles the module, when it is gated.
    pub gate: Option<Vec<String>>,
}

/// The root file of generated code (a crate's `lib.rs`, or a module's `mod.rs`) holding the
/// given spec modules. `head.source` names all the specs.
pub fn crate_root(head: Head<'_>, modules: &[RootModule<'_>]) -> Result<String, String> {
    let mods = modules.iter().map(|m| {
        let (module, source) = (m.module, m.source);
        let ident = proc_macro2::Ident::new(module, proc_macro2::Span::call_site());
        let feature = crate::manifest::feature(module);
        let (doc, cfg) = match m.gate.as_deref() {
            Some([only]) => (
                format!("Generated from `{source}`; compiled with the feature `{only}`."),
                Some(quote!(#[cfg(feature = #only)])),
            ),
            Some(groups) => (
                format!(
                    "Generated from `{source}`; compiled with the feature `{feature}`, or with any of its {} groups' (`{feature}-*`), each of which compiles its operations and the types they use.",
                    groups.len()
                ),
                Some(quote!(#[cfg(any(#(feature = #groups),*))])),
            ),
            None => (format!("Generated from `{source}`."), None),
        };
        let doc = docs::outer(&[Some(&doc)]);
        // Formatted by prettyplease, not rustfmt: `cargo fmt` must leave it as generated.
        quote! {
            #doc
            #cfg
            #[rustfmt::skip]
            pub mod #ident;
        }
    });
    let docs = docs::inner(&[
        Some(&format!(
            "Clients and servers generated from the API descriptions in `{}`.",
            head.source
        )),
        Some(
            "One module per spec, each with `types`, `client` and `server` (when the runtime crate\nhas its `client` and `server` features, as it does by default).",
        ),
    ]);
    let tokens = quote! {
        #docs

        #(#mods)*
    };
    format::file(head, tokens)
}

#[cfg(test)]
mod tests;
