//! Security schemes and the requirements operations name.
//!
//! Only what a client can send and a server can check from one request is generated: API keys
//! (header, query, cookie), HTTP basic and bearer; OAuth 2 and OpenID Connect travel as bearer
//! tokens. Other HTTP schemes (digest, ...) are left out with a warning, and so is any
//! requirement that names one.

use openapiv3::{APIKeyLocation, OpenAPI, ReferenceOr, SecurityRequirement, SecurityScheme as Oa};

use crate::diag::Diagnostics;
use crate::model::{Name, ParamLocation, SchemeKind, SecurityScheme};
use crate::naming::{self, Namespace};
use crate::pointer;

/// The spec's security schemes; `claim` reserves each one's client method name.
pub fn schemes(
    doc: &OpenAPI,
    mut claim: impl FnMut(naming::Ident) -> naming::Ident,
    diags: &mut Diagnostics,
) -> Vec<SecurityScheme> {
    let Some(components) = &doc.components else {
        return Vec::new();
    };
    let mut consts = Namespace::new();
    let mut out = Vec::new();
    for (key, scheme) in &components.security_schemes {
        let at = pointer::from_tokens(["components", "securitySchemes", key.as_str()]);
        let ReferenceOr::Item(scheme) = scheme else {
            diags.warn(
                "scheme-by-ref",
                &at,
                "a security scheme given by reference is not generated",
                "write the scheme inline",
            );
            continue;
        };
        let (kind, description) = match scheme {
            Oa::APIKey {
                location,
                name,
                description,
                ..
            } => {
                let location = match location {
                    APIKeyLocation::Header => ParamLocation::Header,
                    APIKeyLocation::Query => ParamLocation::Query,
                    APIKeyLocation::Cookie => ParamLocation::Cookie,
                };
                if location != ParamLocation::Query && !is_token(name) {
                    diags.warn(
                        "invalid-name",
                        &pointer::push(&at, "name"),
                        format!(
                            "`{name}` cannot be a header or cookie name; the scheme is left out"
                        ),
                        "use ASCII letters, digits and `-`",
                    );
                    continue;
                }
                (
                    SchemeKind::ApiKey {
                        location,
                        name: name.clone(),
                    },
                    description,
                )
            }
            Oa::HTTP {
                scheme,
                description,
                ..
            } => match scheme.to_ascii_lowercase().as_str() {
                "basic" => (SchemeKind::Basic, description),
                "bearer" => (SchemeKind::Bearer, description),
                other => {
                    diags.warn(
                        "unsupported-security-scheme",
                        &pointer::push(&at, "scheme"),
                        format!("the HTTP authentication scheme `{other}` is not generated; the scheme is left out"),
                        "set the Authorization header with a reqwest middleware or on the reqwest client",
                    );
                    continue;
                }
            },
            Oa::OAuth2 { description, .. } | Oa::OpenIDConnect { description, .. } => {
                (SchemeKind::Bearer, description)
            }
        };
        out.push(SecurityScheme {
            name: Name {
                wire: key.clone(),
                rust: consts.claim(naming::constant(key, "SCHEME")),
            },
            setter: claim(naming::snake(&format!("with_{key}"), "with_credential")),
            kind,
            description: description.clone(),
        });
    }
    out
}

/// An operation's requirements (its own, or else the document's) as sets of indexes into
/// `schemes`. A requirement naming a scheme that is not generated is dropped with a warning.
pub fn requirements(
    own: Option<&Vec<SecurityRequirement>>,
    doc: &OpenAPI,
    schemes: &[SecurityScheme],
    at: &str,
    diags: &mut Diagnostics,
) -> Vec<Vec<usize>> {
    let (list, list_at) = match own {
        Some(list) => (list, pointer::push(at, "security")),
        None => match &doc.security {
            Some(list) => (list, "/security".to_owned()),
            None => return Vec::new(),
        },
    };
    let mut out = Vec::new();
    for (i, requirement) in list.iter().enumerate() {
        let mut indexes = Vec::new();
        let mut known = true;
        for name in requirement.keys() {
            match schemes.iter().position(|s| s.name.wire == *name) {
                Some(index) => indexes.push(index),
                None => {
                    diags.warn(
                        "undeclared-security-scheme",
                        &format!("{list_at}/{i}"),
                        format!("the security scheme `{name}` is not declared or not generated; this requirement is left out"),
                        "declare it under components/securitySchemes",
                    );
                    known = false;
                }
            }
        }
        if known {
            out.push(indexes);
        }
    }
    // Every requirement left out: nothing can be checked, so nothing is required.
    if out.is_empty() && !list.is_empty() {
        return Vec::new();
    }
    out
}

/// An HTTP token (RFC 9110): what header and cookie names are made of.
fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}
