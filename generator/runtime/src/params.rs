//! Parameter values as text, both ways, and the OpenAPI styles that join lists of them.

use std::borrow::Cow;

/// A value that can travel in a path, query string, header or cookie.
pub trait ParamValue {
    fn to_param(&self) -> Cow<'_, str>;
}

/// A value that can be read from a path segment, query string, header or cookie.
pub trait FromParam: Sized {
    /// Parses the text; the error says what was expected.
    fn from_param(text: &str) -> Result<Self, String>;
}

/// How a parameter is written (OpenAPI 3's `style`; Swagger 2.0's `collectionFormat`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// `a=1,2` in the query (`a=1&a=2` exploded), `1,2` in a cookie.
    Form,
    /// `a=1%202`.
    SpaceDelimited,
    /// `a=1|2`.
    PipeDelimited,
    /// `a=1%092` (Swagger 2.0's `tsv`).
    TabDelimited,
    /// `a[k]=v` for objects.
    DeepObject,
    /// `1,2` in a path or header.
    Simple,
    /// `.1,2` in a path (`.1.2` exploded).
    Label,
    /// `;a=1,2` in a path (`;a=1;a=2` exploded).
    Matrix,
}

impl Style {
    /// What separates the items of a list that is not exploded into repeated parameters.
    pub fn delimiter(self) -> char {
        match self {
            Style::SpaceDelimited => ' ',
            Style::PipeDelimited => '|',
            Style::TabDelimited => '\t',
            _ => ',',
        }
    }
}

impl ParamValue for str {
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl ParamValue for String {
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl<T: ParamValue + ?Sized> ParamValue for &T {
    fn to_param(&self) -> Cow<'_, str> {
        (**self).to_param()
    }
}

impl FromParam for String {
    fn from_param(text: &str) -> Result<Self, String> {
        Ok(text.to_owned())
    }
}

macro_rules! display_params {
    ($($ty:ty => $what:literal),* $(,)?) => {$(
        impl ParamValue for $ty {
            fn to_param(&self) -> Cow<'_, str> {
                Cow::Owned(self.to_string())
            }
        }

        impl FromParam for $ty {
            fn from_param(text: &str) -> Result<Self, String> {
                text.parse().map_err(|_| format!("expected {}, got {text:?}", $what))
            }
        }
    )*};
}

display_params! {
    bool => "true or false",
    i32 => "a 32-bit integer",
    i64 => "a 64-bit integer",
    f32 => "a number",
    f64 => "a number",
    chrono::NaiveDate => "a date (YYYY-MM-DD)",
    uuid::Uuid => "a UUID",
}

impl ParamValue for chrono::DateTime<chrono::Utc> {
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Owned(self.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
    }
}

impl FromParam for chrono::DateTime<chrono::Utc> {
    fn from_param(text: &str) -> Result<Self, String> {
        chrono::DateTime::parse_from_rfc3339(text)
            .map(|t| t.with_timezone(&chrono::Utc))
            .map_err(|_| format!("expected an RFC 3339 date-time, got {text:?}"))
    }
}

/// Items joined for a list that is not exploded.
pub fn join<T: ParamValue>(values: &[T], delimiter: char) -> String {
    let mut out = String::new();
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            out.push(delimiter);
        }
        out.push_str(&v.to_param());
    }
    out
}

/// Items of a list read from one piece of text.
pub fn split<T: FromParam>(text: &str, delimiter: char) -> Result<Vec<T>, String> {
    if text.is_empty() {
        return Ok(Vec::new());
    }
    text.split(delimiter).map(T::from_param).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        assert_eq!(42i64.to_param(), "42");
        assert_eq!(i64::from_param("42"), Ok(42));
        assert!(
            i64::from_param("4x")
                .unwrap_err()
                .contains("64-bit integer")
        );
        assert_eq!(bool::from_param("true"), Ok(true));
        assert_eq!("a b".to_param(), "a b");
        let t = chrono::DateTime::<chrono::Utc>::from_param("2024-05-06T07:08:09+02:00").unwrap();
        assert_eq!(t.to_param(), "2024-05-06T05:08:09Z");
    }

    #[test]
    fn lists() {
        assert_eq!(join(&[1i64, 2, 3], '|'), "1|2|3");
        assert_eq!(split::<i64>("1|2|3", '|'), Ok(vec![1, 2, 3]));
        assert_eq!(split::<i64>("", ','), Ok(vec![]));
        assert!(split::<i64>("1,x", ',').is_err());
    }
}
