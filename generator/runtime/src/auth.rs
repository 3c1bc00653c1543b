//! Security schemes as the spec declares them, and the credentials that satisfy them.
//!
//! Each spec module with `securitySchemes` (Swagger 2.0: `securityDefinitions`) has a
//! `security` module of [`SecurityScheme`] constants. The client sends the credentials set on
//! it; the server reads them from each request, answers 401 when an operation needs some and
//! none came, and hands them to the implementation in its `RequestContext`.

use std::fmt;

/// Where a scheme's credential travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheme {
    /// An API key in the named header.
    Header(&'static str),
    /// An API key in the named query parameter.
    Query(&'static str),
    /// An API key in the named cookie.
    Cookie(&'static str),
    /// HTTP basic: `Authorization: Basic base64(user:password)`.
    Basic,
    /// HTTP bearer, OAuth 2 and OpenID Connect: `Authorization: Bearer <token>`.
    Bearer,
}

/// One security scheme of a spec, by the name the spec gives it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SecurityScheme {
    pub name: &'static str,
    pub scheme: Scheme,
}

/// One way an operation may be authorized: every scheme in it at once. An operation lists
/// the ways it accepts; an empty way means it may also be called without credentials.
#[doc(hidden)]
pub type Requirement = &'static [SecurityScheme];

/// A credential for one scheme.
#[derive(Clone, PartialEq, Eq)]
pub enum Credential {
    ApiKey(String),
    Basic { username: String, password: String },
    Bearer(String),
}

/// Credentials are secrets: their values never show in logs.
impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credential::ApiKey(_) => f.write_str("ApiKey(..)"),
            Credential::Basic { username, .. } => {
                write!(f, "Basic {{ username: {username:?}, password: .. }}")
            }
            Credential::Bearer(_) => f.write_str("Bearer(..)"),
        }
    }
}

/// The credentials found for, or set for, each scheme by name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Credentials {
    by_scheme: Vec<(&'static str, Credential)>,
}

impl Credentials {
    /// The credential for the scheme of this name, if there is one.
    pub fn get(&self, scheme: &str) -> Option<&Credential> {
        self.by_scheme
            .iter()
            .find(|(name, _)| *name == scheme)
            .map(|(_, c)| c)
    }

    /// Sets (or replaces) the credential for a scheme.
    pub fn set(&mut self, scheme: &'static str, credential: Credential) {
        self.by_scheme.retain(|(name, _)| *name != scheme);
        self.by_scheme.push((scheme, credential));
    }

    pub fn is_empty(&self) -> bool {
        self.by_scheme.is_empty()
    }

    /// The first of `requirements` that these credentials satisfy, with the credential for
    /// each of its schemes.
    #[doc(hidden)]
    pub fn satisfying(
        &self,
        requirements: &[Requirement],
    ) -> Option<Vec<(SecurityScheme, &Credential)>> {
        requirements.iter().find_map(|schemes| {
            schemes
                .iter()
                .map(|s| self.get(s.name).map(|c| (*s, c)))
                .collect()
        })
    }
}

/// Whether an operation with these requirements may be called without credentials.
#[doc(hidden)]
pub fn is_optional(requirements: &[Requirement]) -> bool {
    requirements.is_empty() || requirements.iter().any(|r| r.is_empty())
}
