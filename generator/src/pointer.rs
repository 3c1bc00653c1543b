//! JSON pointers (RFC 6901), the one way this crate says where something is in a document.

/// Escapes one reference token: `~` becomes `~0`, `/` becomes `~1`.
pub fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Unescapes one reference token.
pub fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// Appends a token to a pointer.
pub fn push(pointer: &str, token: &str) -> String {
    format!("{pointer}/{}", escape(token))
}

/// Builds a pointer from unescaped tokens.
pub fn from_tokens<I, S>(tokens: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    tokens
        .into_iter()
        .fold(String::new(), |p, t| push(&p, t.as_ref()))
}

/// Splits a pointer into unescaped tokens; `None` if it is not a pointer ("" is the root).
pub fn tokens(pointer: &str) -> Option<Vec<String>> {
    if pointer.is_empty() {
        return Some(Vec::new());
    }
    let rest = pointer.strip_prefix('/')?;
    Some(rest.split('/').map(unescape).collect())
}

/// The pointer of a local `$ref` (`#/components/schemas/Pet`), percent-decoded as RFC 3986
/// fragments require (a fragment that is not a valid encoding, such as a bare `%`, is read as
/// written); `None` for anything that is not a same-document reference.
pub fn from_local_ref(reference: &str) -> Option<String> {
    let fragment = reference.strip_prefix('#')?;
    if !(fragment.is_empty() || fragment.starts_with('/')) {
        return None;
    }
    Some(percent_decode(fragment).unwrap_or_else(|| fragment.to_owned()))
}

/// The key of the component a local `$ref` names in `section` (`schemas` names
/// `#/components/schemas/<key>`), decoded. A key with a `/` that the reference did not escape
/// as `~1` is read whole (`#/components/schemas/a/b` names `a/b`): references into a part of a
/// component are copied by the loader before anything looks keys up.
pub fn component_key(reference: &str, section: &str) -> Option<String> {
    let tokens = tokens(&from_local_ref(reference)?)?;
    match tokens.as_slice() {
        [c, s, key @ ..] if c == "components" && s == section && !key.is_empty() => {
            Some(key.join("/"))
        }
        _ => None,
    }
}

/// A local `$ref` to `pointer`, percent-encoded as a URI fragment: the inverse of
/// [`from_local_ref`].
pub fn to_local_ref(pointer: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + 1);
    out.push('#');
    for c in pointer.chars() {
        let safe = c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@/".contains(c);
        if safe {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// Percent-decodes text (RFC 3986); `None` when an escape is malformed or the bytes are not
/// UTF-8.
pub fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_splits() {
        let p = from_tokens(["paths", "/a/{b}", "get"]);
        assert_eq!(p, "/paths/~1a~1{b}/get");
        assert_eq!(tokens(&p).unwrap(), vec!["paths", "/a/{b}", "get"]);
        assert_eq!(push("", "a~b"), "/a~0b");
        assert_eq!(tokens("no-slash"), None);
        assert_eq!(tokens(""), Some(vec![]));
    }

    #[test]
    fn local_refs() {
        assert_eq!(
            from_local_ref("#/definitions/Pet").as_deref(),
            Some("/definitions/Pet")
        );
        assert_eq!(
            from_local_ref("#/definitions/A%20B").as_deref(),
            Some("/definitions/A B")
        );
        assert_eq!(from_local_ref("other.yaml#/x"), None);
        assert_eq!(from_local_ref("#bad"), None);
        assert_eq!(from_local_ref("#/bad%zz").as_deref(), Some("/bad%zz"));
        assert_eq!(
            component_key("#/components/schemas/Ref%20(of%20Bundle)", "schemas").as_deref(),
            Some("Ref (of Bundle)")
        );
        assert_eq!(
            component_key("#/components/schemas/a~1b", "schemas").as_deref(),
            Some("a/b")
        );
        assert_eq!(component_key("#/components/responses/A", "schemas"), None);
        assert_eq!(
            component_key("#/components/schemas/Evil*/Thing", "schemas").as_deref(),
            Some("Evil*/Thing")
        );
        assert_eq!(component_key("#/components/schemas", "schemas"), None);
        for p in ["/components/schemas/Transaction Id", "/a~1b/100%/é", ""] {
            assert_eq!(from_local_ref(&to_local_ref(p)).as_deref(), Some(p));
        }
    }
}
