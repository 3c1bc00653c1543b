//! The server's side of security schemes: reads each scheme's credential from a request, and
//! refuses with 401 a request to an operation that needs credentials and came without.

use base64::Engine;
use http::header;
use http::request::Parts;

use super::auth::{Credential, Credentials, Requirement, Scheme, SecurityScheme, is_optional};
use super::server::{Problem, cookie_text};

/// The credentials a request carries for the schemes its operation names, or the 401 that
/// says what it needs.
pub fn credentials(parts: &Parts, requirements: &[Requirement]) -> Result<Credentials, Problem> {
    let mut found = Credentials::default();
    for scheme in requirements.iter().flat_map(|r| r.iter()) {
        if found.get(scheme.name).is_none() {
            if let Some(credential) = read(parts, scheme) {
                found.set(scheme.name, credential);
            }
        }
    }
    if is_optional(requirements) || found.satisfying(requirements).is_some() {
        return Ok(found);
    }
    Err(unauthorized(requirements))
}

fn read(parts: &Parts, scheme: &SecurityScheme) -> Option<Credential> {
    match scheme.scheme {
        Scheme::Header(name) => {
            let value = parts.headers.get(name)?.to_str().ok()?;
            (!value.is_empty()).then(|| Credential::ApiKey(value.to_owned()))
        }
        Scheme::Query(name) => {
            let query = parts.uri.query()?;
            form_urlencoded::parse(query.as_bytes())
                .find(|(k, v)| k == name && !v.is_empty())
                .map(|(_, v)| Credential::ApiKey(v.into_owned()))
        }
        Scheme::Cookie(name) => {
            let value = cookie_text(&parts.headers, name)?;
            let value = percent_encoding::percent_decode_str(&value).decode_utf8_lossy();
            (!value.is_empty()).then(|| Credential::ApiKey(value.into_owned()))
        }
        Scheme::Basic => {
            let encoded = authorization(parts, "basic")?;
            let decoded = base64::engine::general_purpose::STANDARD
                .decode(encoded)
                .ok()?;
            let text = String::from_utf8(decoded).ok()?;
            let (username, password) = text.split_once(':')?;
            Some(Credential::Basic {
                username: username.to_owned(),
                password: password.to_owned(),
            })
        }
        Scheme::Bearer => {
            authorization(parts, "bearer").map(|token| Credential::Bearer(token.to_owned()))
        }
    }
}

/// The credentials of an `Authorization: <scheme> <credentials>` header (the scheme's name is
/// case-insensitive).
fn authorization<'p>(parts: &'p Parts, scheme: &str) -> Option<&'p str> {
    let value = parts.headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (name, rest) = value.split_once(' ')?;
    let rest = rest.trim();
    (name.eq_ignore_ascii_case(scheme) && !rest.is_empty()).then_some(rest)
}

fn unauthorized(requirements: &[Requirement]) -> Problem {
    let mut names: Vec<&str> = requirements
        .iter()
        .flat_map(|r| r.iter().map(|s| s.name))
        .collect();
    names.dedup();
    let mut problem = Problem::new(
        http::StatusCode::UNAUTHORIZED,
        format!(
            "this operation needs credentials ({}); none came with the request",
            names.join(" or ")
        ),
    );
    problem.challenge = challenge(requirements);
    problem
}

/// The `WWW-Authenticate` challenge of a 401 for an operation with these requirements. API
/// keys have no standard challenge; bearer and basic do.
pub fn challenge(requirements: &[Requirement]) -> Option<&'static str> {
    let schemes = || requirements.iter().flat_map(|r| r.iter());
    let bearer = schemes().any(|s| s.scheme == Scheme::Bearer);
    let basic = schemes().any(|s| s.scheme == Scheme::Basic);
    match (bearer, basic) {
        (true, true) => Some("Bearer, Basic realm=\"api\""),
        (true, false) => Some("Bearer"),
        (false, true) => Some("Basic realm=\"api\""),
        (false, false) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: SecurityScheme = SecurityScheme {
        name: "key",
        scheme: Scheme::Header("x-api-key"),
    };
    const QUERY: SecurityScheme = SecurityScheme {
        name: "query",
        scheme: Scheme::Query("api_key"),
    };
    const COOKIE: SecurityScheme = SecurityScheme {
        name: "cookie",
        scheme: Scheme::Cookie("session"),
    };
    const BASIC: SecurityScheme = SecurityScheme {
        name: "basic",
        scheme: Scheme::Basic,
    };
    const BEARER: SecurityScheme = SecurityScheme {
        name: "bearer",
        scheme: Scheme::Bearer,
    };

    fn parts(uri: &str, headers: &[(&str, &str)]) -> Parts {
        let mut request = http::Request::builder().uri(uri);
        for (k, v) in headers {
            request = request.header(*k, *v);
        }
        request.body(()).unwrap().into_parts().0
    }

    #[test]
    fn reads_each_kind_of_scheme() {
        let all: &[Requirement] = &[&[KEY, QUERY, COOKIE], &[BASIC], &[BEARER]];
        let p = parts(
            "/x?api_key=q%201",
            &[
                ("x-api-key", "k1"),
                ("cookie", "a=b; session=s%3B1"),
                ("authorization", "bearer t0k"),
            ],
        );
        let found = credentials(&p, all).unwrap();
        assert_eq!(found.get("key"), Some(&Credential::ApiKey("k1".into())));
        assert_eq!(found.get("query"), Some(&Credential::ApiKey("q 1".into())));
        assert_eq!(found.get("cookie"), Some(&Credential::ApiKey("s;1".into())));
        assert_eq!(found.get("bearer"), Some(&Credential::Bearer("t0k".into())));
        // "dXNlcjpwYTpzcw==" is "user:pa:ss": only the first colon splits.
        let p = parts("/", &[("authorization", "Basic dXNlcjpwYTpzcw==")]);
        assert_eq!(
            credentials(&p, all).unwrap().get("basic"),
            Some(&Credential::Basic {
                username: "user".into(),
                password: "pa:ss".into()
            })
        );
    }

    #[test]
    fn refuses_missing_credentials_unless_optional() {
        let p = parts("/", &[("authorization", "Basic !!")]);
        let problem = credentials(&p, &[&[BEARER], &[BASIC]]).unwrap_err();
        assert_eq!(problem.status, 401);
        assert_eq!(problem.challenge, Some("Bearer, Basic realm=\"api\""));
        // Every scheme of a requirement is needed.
        let p = parts("/", &[("x-api-key", "k")]);
        assert!(credentials(&p, &[&[KEY, BEARER]]).is_err());
        assert!(credentials(&p, &[&[KEY, BEARER], &[]]).is_ok());
        assert!(credentials(&p, &[]).is_ok());
    }
}
