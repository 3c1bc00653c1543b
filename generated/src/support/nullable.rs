//! Optional fields that may also be null: `Option<Option<T>>`, where `None` is absent and
//! `Some(None)` is an explicit `null`. Used as `#[serde(default, with = "...")]`, together
//! with `skip_serializing_if = "Option::is_none"`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub fn serialize<T: Serialize, S: Serializer>(
    value: &Option<Option<T>>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(inner) => inner.serialize(serializer),
        // Left out by `skip_serializing_if`; written as null should that be missing.
        None => serializer.serialize_none(),
    }
}

/// A present field is `Some`: `Some(None)` when it is null.
pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(deserializer).map(Some)
}
