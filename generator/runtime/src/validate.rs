//! Checks a decoded request against what its schemas ask beyond the Rust types: bounds,
//! lengths, patterns, sizes, and enum values the spec lists.
//!
//! Generated code implements [`Validate`] for each type a request can hold, and each request
//! gets `check()`: the server runs it before the implementation sees the request, and a client
//! may run it before sending. Every violation is collected, so one 400 (or 422) problem
//! response, or one [`Invalid`], names all the inputs at fault.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, OnceLock, RwLock};

use serde::Serialize;

/// One input that did not fit the spec.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct InvalidParam {
    /// `path`, `query`, `header`, `cookie` or `body`.
    #[serde(rename = "in")]
    pub location: String,
    /// The parameter's name, or a JSON pointer within the body.
    pub name: String,
    pub reason: String,
}

/// What a request breaks of its spec beyond its Rust types, as a request's `check()` finds it
/// before sending: every input at fault, named as the server would name them.
#[derive(Clone, Debug, PartialEq)]
pub struct Invalid(Vec<InvalidParam>);

impl Invalid {
    /// Each input at fault, in the order checked.
    pub fn params(&self) -> &[InvalidParam] {
        &self.0
    }
}

/// `query parameter `limit`: must be at most 100, is 500 (and 1 more input at fault)`.
impl std::fmt::Display for Invalid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let Some(first) = self.0.first() else {
            return f.write_str("nothing at fault");
        };
        if first.location == "body" {
            write!(f, "request body `{}`: {}", first.name, first.reason)?;
        } else {
            write!(
                f,
                "{} parameter `{}`: {}",
                first.location, first.name, first.reason
            )?;
        }
        match self.0.len() {
            1 => Ok(()),
            2 => f.write_str(" (and 1 more input at fault)"),
            n => write!(f, " (and {} more inputs at fault)", n - 1),
        }
    }
}

impl std::error::Error for Invalid {}

/// A value that can say what in it breaks its schema.
pub trait Validate {
    fn validate(&self, v: &mut Validator);
}

/// A value whose own schema constraints can be checked ([`Checks`]).
pub trait Check {
    /// Checks the value itself; the default checks nothing (a generated type checks its own
    /// fields through [`Validate`]).
    fn check(&self, _checks: &Checks<'_>, _v: &mut Validator) {}
}

/// What a schema asks of one value. Each generated check sets only what the schema says.
#[derive(Clone, Copy, Debug)]
pub struct Checks<'a> {
    pub minimum: Option<f64>,
    pub exclusive_minimum: bool,
    pub maximum: Option<f64>,
    pub exclusive_maximum: bool,
    pub multiple_of: Option<f64>,
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
    /// An unanchored regular expression, as JSON Schema's `pattern` is.
    pub pattern: Option<&'a str>,
    pub min_items: Option<usize>,
    pub max_items: Option<usize>,
    pub unique_items: bool,
    /// The checks of each array item or map value.
    pub items: Option<&'a Checks<'a>>,
}

impl Checks<'static> {
    /// Nothing asked: the base of every generated `Checks { .., ..Checks::NONE }`.
    pub const NONE: Checks<'static> = Checks {
        minimum: None,
        exclusive_minimum: false,
        maximum: None,
        exclusive_maximum: false,
        multiple_of: None,
        min_length: None,
        max_length: None,
        pattern: None,
        min_items: None,
        max_items: None,
        unique_items: false,
        items: None,
    };
}

/// Walks a request, keeping where it is, and collects what is wrong.
#[derive(Debug)]
pub struct Validator {
    location: &'static str,
    /// The parameter's name, or the JSON pointer's tokens within the body.
    path: Vec<String>,
    errors: Vec<InvalidParam>,
}

impl Default for Validator {
    fn default() -> Self {
        Self::new()
    }
}

impl Validator {
    pub fn new() -> Self {
        Validator {
            location: "body",
            path: Vec::new(),
            errors: Vec::new(),
        }
    }

    /// Checks a parameter's value, and that an enum's value is one the spec lists.
    pub fn param<T: Check + Validate + ?Sized>(
        &mut self,
        location: &'static str,
        name: &str,
        value: &T,
        checks: &Checks<'_>,
    ) {
        self.location = location;
        self.path = vec![name.to_owned()];
        value.check(checks, self);
        value.validate(self);
    }

    /// Checks a request body, its fields named by JSON pointers from the body's root.
    pub fn body<T: Validate + ?Sized>(&mut self, value: &T) {
        self.location = "body";
        self.path.clear();
        value.validate(self);
    }

    /// Checks a field of a body's object.
    pub fn field<T: Validate + ?Sized>(&mut self, name: &str, value: &T) {
        self.path.push(name.to_owned());
        value.validate(self);
        self.path.pop();
    }

    /// Checks a field's constraints, then what it holds.
    pub fn checked<T: Check + Validate + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
        checks: &Checks<'_>,
    ) {
        self.path.push(name.to_owned());
        value.check(checks, self);
        value.validate(self);
        self.path.pop();
    }

    fn item<T: Validate + ?Sized>(&mut self, key: String, value: &T) {
        self.path.push(key);
        value.validate(self);
        self.path.pop();
    }

    /// Records that the value here breaks its schema.
    pub fn fail(&mut self, reason: impl Into<String>) {
        let name = if self.location == "body" {
            if self.path.is_empty() {
                "body".to_owned()
            } else {
                self.path
                    .iter()
                    .map(|t| format!("/{}", t.replace('~', "~0").replace('/', "~1")))
                    .collect()
            }
        } else {
            self.path.join("/")
        };
        self.errors.push(InvalidParam {
            location: self.location.to_owned(),
            name,
            reason: reason.into(),
        });
    }

    /// Ok when nothing failed; otherwise every input at fault.
    pub fn into_result(self) -> Result<(), Invalid> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(Invalid(self.errors))
        }
    }

    /// Ok when nothing failed; otherwise the problem response naming every violation, with
    /// `status` (400 for parameters; a body's violations get the operation's 422 when it
    /// documents one).
    #[cfg(feature = "server")]
    pub fn finish(self, status: http::StatusCode) -> Result<(), crate::server::Problem> {
        use crate::server::Problem;
        let Some(first) = self.errors.first() else {
            return Ok(());
        };
        let mut problem = Problem::invalid(&first.location, &first.name, &first.reason);
        problem.status = status.as_u16();
        problem.title = status.canonical_reason().unwrap_or("Error");
        if self.errors.len() > 1 {
            problem.detail = format!(
                "{} (and {} more input{} at fault)",
                problem.detail,
                self.errors.len() - 1,
                if self.errors.len() == 2 { "" } else { "s" }
            );
        }
        problem.invalid_params = self.errors;
        Err(problem)
    }
}

fn number(value: f64, c: &Checks<'_>, v: &mut Validator) {
    if let Some(min) = c.minimum {
        if value < min || (c.exclusive_minimum && value == min) {
            let word = if c.exclusive_minimum {
                "above"
            } else {
                "at least"
            };
            v.fail(format!("must be {word} {min}, is {value}"));
        }
    }
    if let Some(max) = c.maximum {
        if value > max || (c.exclusive_maximum && value == max) {
            let word = if c.exclusive_maximum {
                "below"
            } else {
                "at most"
            };
            v.fail(format!("must be {word} {max}, is {value}"));
        }
    }
    if let Some(m) = c.multiple_of {
        let q = value / m;
        if (q - q.round()).abs() > 1e-9 * q.abs().max(1.0) {
            v.fail(format!("must be a multiple of {m}, is {value}"));
        }
    }
}

macro_rules! numbers {
    ($($t:ty),*) => {$(
        impl Check for $t {
            fn check(&self, checks: &Checks<'_>, v: &mut Validator) {
                number(*self as f64, checks, v);
            }
        }
        impl Validate for $t {
            fn validate(&self, _: &mut Validator) {}
        }
    )*};
}
numbers!(i32, i64, f32, f64);

impl Check for str {
    fn check(&self, c: &Checks<'_>, v: &mut Validator) {
        // JSON Schema counts characters (code points), not bytes.
        if c.min_length.is_some() || c.max_length.is_some() {
            let n = self.chars().count();
            if let Some(min) = c.min_length.filter(|min| n < *min) {
                v.fail(format!("must be at least {min} characters long, is {n}"));
            }
            if let Some(max) = c.max_length.filter(|max| n > *max) {
                v.fail(format!("must be at most {max} characters long, is {n}"));
            }
        }
        if let Some(pattern) = c.pattern {
            if !matches(pattern, self) {
                v.fail(format!("must match the pattern `{pattern}`"));
            }
        }
    }
}

impl Check for String {
    fn check(&self, checks: &Checks<'_>, v: &mut Validator) {
        self.as_str().check(checks, v);
    }
}

impl Validate for str {
    fn validate(&self, _: &mut Validator) {}
}

impl Validate for String {
    fn validate(&self, _: &mut Validator) {}
}

fn size(n: usize, c: &Checks<'_>, v: &mut Validator) {
    if let Some(min) = c.min_items.filter(|min| n < *min) {
        v.fail(format!("must have at least {min} items, has {n}"));
    }
    if let Some(max) = c.max_items.filter(|max| n > *max) {
        v.fail(format!("must have at most {max} items, has {n}"));
    }
}

impl<T: Check + PartialEq> Check for Vec<T> {
    fn check(&self, c: &Checks<'_>, v: &mut Validator) {
        size(self.len(), c, v);
        if c.unique_items {
            let repeated = self
                .iter()
                .enumerate()
                .any(|(i, a)| self[..i].iter().any(|b| a == b));
            if repeated {
                v.fail("must not hold the same item twice");
            }
        }
        if let Some(items) = c.items {
            for (i, item) in self.iter().enumerate() {
                v.path.push(i.to_string());
                item.check(items, v);
                v.path.pop();
            }
        }
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate(&self, v: &mut Validator) {
        for (i, item) in self.iter().enumerate() {
            v.item(i.to_string(), item);
        }
    }
}

impl<T: Check> Check for BTreeMap<String, T> {
    fn check(&self, c: &Checks<'_>, v: &mut Validator) {
        // A map's `minProperties`/`maxProperties` are read into the same two bounds.
        size(self.len(), c, v);
        if let Some(values) = c.items {
            for (key, value) in self {
                v.path.push(key.clone());
                value.check(values, v);
                v.path.pop();
            }
        }
    }
}

impl<T: Validate> Validate for BTreeMap<String, T> {
    fn validate(&self, v: &mut Validator) {
        for (key, value) in self {
            v.item(key.clone(), value);
        }
    }
}

impl<T: Check> Check for Option<T> {
    fn check(&self, checks: &Checks<'_>, v: &mut Validator) {
        if let Some(value) = self {
            value.check(checks, v);
        }
    }
}

impl<T: Validate> Validate for Option<T> {
    fn validate(&self, v: &mut Validator) {
        if let Some(value) = self {
            value.validate(v);
        }
    }
}

impl<T: Check + ?Sized> Check for Box<T> {
    fn check(&self, checks: &Checks<'_>, v: &mut Validator) {
        (**self).check(checks, v);
    }
}

impl<T: Validate + ?Sized> Validate for Box<T> {
    fn validate(&self, v: &mut Validator) {
        (**self).validate(v);
    }
}

/// Values with no constraints of their own and nothing inside to walk.
macro_rules! opaque {
    ($($t:ty),*) => {$(
        impl Check for $t {}
        impl Validate for $t {
            fn validate(&self, _: &mut Validator) {}
        }
    )*};
}
opaque!(
    bool,
    serde_json::Value,
    chrono::DateTime<chrono::Utc>,
    chrono::NaiveDate,
    uuid::Uuid,
    bytes::Bytes,
    super::Base64,
    super::Binary,
    super::UntypedBody
);

/// Regular expressions compile once per pattern and process; the generator only emits
/// patterns that compile.
fn matches(pattern: &str, text: &str) -> bool {
    type Cache = RwLock<HashMap<String, Arc<regex::Regex>>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let found = cache
        .read()
        .ok()
        .and_then(|c| c.get(pattern).map(Arc::clone));
    let regex = match found {
        Some(r) => r,
        None => match regex::Regex::new(pattern) {
            Ok(r) => {
                let r = Arc::new(r);
                if let Ok(mut c) = cache.write() {
                    c.insert(pattern.to_owned(), Arc::clone(&r));
                }
                r
            }
            // Never emitted by the generator; a hand-written pattern that does not compile
            // checks nothing rather than failing every request.
            Err(_) => return true,
        },
    };
    regex.is_match(text)
}

#[cfg(test)]
mod tests {
    use http::StatusCode;

    use super::*;

    fn failures<T: Check + Validate + ?Sized>(value: &T, checks: &Checks<'_>) -> Vec<String> {
        let mut v = Validator::new();
        v.param("query", "x", value, checks);
        v.errors.into_iter().map(|e| e.reason).collect()
    }

    #[test]
    fn numbers_bounds_and_multiples() {
        let c = Checks {
            minimum: Some(1.0),
            maximum: Some(75.0),
            ..Checks::NONE
        };
        assert!(failures(&1i32, &c).is_empty());
        assert!(failures(&75i64, &c).is_empty());
        assert_eq!(failures(&0i32, &c), ["must be at least 1, is 0"]);
        assert_eq!(failures(&76i32, &c), ["must be at most 75, is 76"]);
        let exclusive = Checks {
            minimum: Some(0.0),
            exclusive_minimum: true,
            multiple_of: Some(0.5),
            ..Checks::NONE
        };
        assert_eq!(failures(&0.0f64, &exclusive), ["must be above 0, is 0"]);
        assert!(failures(&1.5f64, &exclusive).is_empty());
        assert_eq!(failures(&1.2f64, &exclusive).len(), 1);
    }

    #[test]
    fn strings_count_characters_and_match_patterns() {
        let c = Checks {
            min_length: Some(2),
            max_length: Some(3),
            pattern: Some("^[a-zé]+$"),
            ..Checks::NONE
        };
        assert!(failures("été", &c).is_empty());
        assert_eq!(failures("é", &c).len(), 1);
        assert_eq!(failures("abcd", &c).len(), 1);
        assert_eq!(failures("AB", &c), ["must match the pattern `^[a-zé]+$`"]);
    }

    #[test]
    fn arrays_sizes_uniqueness_and_items() {
        let item = Checks {
            maximum: Some(9.0),
            ..Checks::NONE
        };
        let c = Checks {
            min_items: Some(1),
            max_items: Some(3),
            unique_items: true,
            items: Some(&item),
            ..Checks::NONE
        };
        assert!(failures(&vec![1i64, 2], &c).is_empty());
        assert_eq!(failures(&Vec::<i64>::new(), &c).len(), 1);
        assert_eq!(
            failures(&vec![1i64, 1], &c),
            ["must not hold the same item twice"]
        );
        let mut v = Validator::new();
        v.param("query", "ids", &vec![1i64, 10], &c);
        let problem = v.finish(StatusCode::BAD_REQUEST).unwrap_err();
        assert_eq!(problem.invalid_params[0].name, "ids/1");
        assert_eq!(problem.status, 400);
    }

    #[test]
    fn body_fields_are_named_by_json_pointer() {
        struct Inner(String);
        impl Validate for Inner {
            fn validate(&self, v: &mut Validator) {
                let c = Checks {
                    max_length: Some(1),
                    ..Checks::NONE
                };
                v.checked("a/b", &self.0, &c);
            }
        }
        let mut v = Validator::new();
        v.body(&vec![Inner("ok".into())]);
        let problem = v.finish(StatusCode::UNPROCESSABLE_ENTITY).unwrap_err();
        assert_eq!(problem.status, 422);
        assert_eq!(problem.invalid_params[0].name, "/0/a~1b");
        assert_eq!(problem.invalid_params[0].location, "body");
    }
}
