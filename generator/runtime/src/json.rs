//! JSON helpers for `oneOf` with a discriminator: the tag property chooses the variant, and the
//! variant's own type (which usually declares the tag too) reads the whole object.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

/// Writes `value` with `property` set to `tag` (added if the value's type did not write it).
pub fn serialize_tagged<T: Serialize, S: Serializer>(
    serializer: S,
    property: &str,
    tag: &str,
    value: &T,
) -> Result<S::Ok, S::Error> {
    let mut json = serde_json::to_value(value).map_err(serde::ser::Error::custom)?;
    if let Value::Object(map) = &mut json {
        map.entry(property.to_owned())
            .or_insert_with(|| Value::String(tag.to_owned()));
    }
    json.serialize(serializer)
}

/// Reads an object and its tag.
pub fn deserialize_tagged<'de, D: Deserializer<'de>>(
    deserializer: D,
    property: &str,
) -> Result<(String, Value), D::Error> {
    let value = Value::deserialize(deserializer)?;
    let tag = match value.get(property) {
        Some(Value::String(tag)) => tag.clone(),
        Some(other) => {
            return Err(D::Error::custom(format!(
                "`{property}` must be a string, not {other}"
            )));
        }
        None => return Err(D::Error::missing_field_owned(property)),
    };
    Ok((tag, value))
}

/// Reads a variant's value from the object.
pub fn from_value<T: serde::de::DeserializeOwned, E: serde::de::Error>(
    value: Value,
) -> Result<T, E> {
    serde_json::from_value(value).map_err(E::custom)
}

/// The error for a tag no variant has.
pub fn unknown_tag<E: serde::de::Error>(property: &str, tag: &str, known: &[&str]) -> E {
    E::custom(format!(
        "unknown `{property}` {tag:?}; expected one of {known:?}"
    ))
}

trait MissingField: serde::de::Error {
    fn missing_field_owned(field: &str) -> Self {
        Self::custom(format!("missing field `{field}`"))
    }
}

impl<E: serde::de::Error> MissingField for E {}
