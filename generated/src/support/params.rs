//! Parameter values as text, both ways.

use std::borrow::Cow;

/// A value that can travel in a path, query string or header.
pub trait ParamValue {
    fn to_param(&self) -> Cow<'_, str>;
}

/// A value that can be read from a path segment, query string or header.
pub trait FromParam: Sized {
    /// Parses the text; the error says what was expected.
    fn from_param(text: &str) -> Result<Self, String>;
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
    }
}
