//! Serde for the generated structs, written out instead of derived.
//!
//! A struct is written as a map, entry by entry, and read key by key into one local per field.
//! `#[derive(Serialize, Deserialize)]` expands to about ten times that code (an identifier enum
//! and visitor per struct, a second reader for arrays); on specs with thousands of schemas,
//! such as GitHub's, that doubled the memory needed to compile the generated crate.

use std::borrow::Cow;
use std::cell::Cell;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap};

thread_local! {
    static STRICT: Cell<bool> = const { Cell::new(false) };
}

/// Runs `read` (a synchronous decode) with strict reading on: explicit `null`s in optional
/// fields that are not nullable, and undeclared properties of closed objects, are errors. The
/// server reads requests this way; the client reads responses leniently.
pub fn strictly<R>(read: impl FnOnce() -> R) -> R {
    let before = STRICT.with(|s| s.replace(true));
    let result = read();
    STRICT.with(|s| s.set(before));
    result
}

fn is_strict() -> bool {
    STRICT.with(Cell::get)
}

/// A struct read from the entries of an object.
pub trait Object: Sized {
    /// The struct's name, for error messages.
    const NAME: &'static str;

    /// Reads the struct from an object's entries.
    fn from_entries<'de, A: MapAccess<'de>>(entries: Entries<'de, A>) -> Result<Self, A::Error>;
}

/// Reads a `T` from an object; the body of each generated `Deserialize` impl.
pub fn deserialize<'de, T: Object, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "struct {}", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::from_entries(Entries {
            map,
            marker: PhantomData,
        })
    }
}

/// The entries of an object being read.
pub struct Entries<'de, A> {
    map: A,
    marker: PhantomData<&'de ()>,
}

impl<'de, A: MapAccess<'de>> Entries<'de, A> {
    /// The next key, or `None` at the end of the object.
    pub fn next_key(&mut self) -> Result<Option<Key<'de>>, A::Error> {
        self.map.next_key()
    }

    /// Reads the value of the key `name` into `slot`. A key given twice is an error, as with
    /// serde's derive.
    pub fn value<T: Deserialize<'de>>(
        &mut self,
        slot: &mut Option<T>,
        name: &'static str,
    ) -> Result<(), A::Error> {
        if slot.is_some() {
            return Err(de::Error::duplicate_field(name));
        }
        *slot = Some(self.map.next_value()?);
        Ok(())
    }

    /// Skips the value of a key the struct does not declare.
    pub fn skip(&mut self) -> Result<(), A::Error> {
        self.map.next_value::<IgnoredAny>().map(drop)
    }

    /// Keeps the value of an undeclared key among the additional properties.
    pub fn additional<T: Deserialize<'de>>(
        &mut self,
        additional: &mut BTreeMap<String, T>,
        key: Key<'de>,
    ) -> Result<(), A::Error> {
        let value = self.map.next_value()?;
        additional.insert(key.0.into_owned(), value);
        Ok(())
    }

    /// The error for the first required key missing: `missing` pairs each required key's
    /// absence with its name, in the struct's order.
    pub fn missing(&self, missing: &[(bool, &'static str)]) -> A::Error {
        match missing.iter().find(|(absent, _)| *absent) {
            Some((_, name)) => de::Error::missing_field(name),
            None => de::Error::custom("a required property is missing"),
        }
    }

    /// Reads the value of an optional key that may not be `null` into `slot`. A client reads
    /// `null` as absent (servers often send it); read [`strictly`], `null` is an error.
    pub fn optional<T: Deserialize<'de>>(
        &mut self,
        slot: &mut Option<Option<T>>,
        name: &'static str,
    ) -> Result<(), A::Error> {
        self.value(slot, name)?;
        if matches!(slot, Some(None)) && is_strict() {
            return Err(de::Error::custom(format_args!(
                "`{name}` may be left out but not be null"
            )));
        }
        Ok(())
    }

    /// A property an object with `additionalProperties: false` does not declare: skipped, or
    /// read [`strictly`], an error.
    pub fn undeclared(&mut self, key: Key<'de>) -> Result<(), A::Error> {
        if is_strict() {
            return Err(de::Error::custom(format_args!(
                "unknown property `{}`",
                key.as_str()
            )));
        }
        self.skip()
    }
}

/// An object's key, borrowed from the input when it can be.
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a property name")
    }

    fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Borrowed(value)))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(value.to_owned())))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(value)))
    }

    fn visit_borrowed_bytes<E: de::Error>(self, value: &'de [u8]) -> Result<Key<'de>, E> {
        std::str::from_utf8(value)
            .map(|s| Key(Cow::Borrowed(s)))
            .map_err(|_| E::invalid_value(de::Unexpected::Bytes(value), &self))
    }

    fn visit_bytes<E: de::Error>(self, value: &[u8]) -> Result<Key<'de>, E> {
        std::str::from_utf8(value)
            .map(|s| Key(Cow::Owned(s.to_owned())))
            .map_err(|_| E::invalid_value(de::Unexpected::Bytes(value), &self))
    }
}

/// Writes a struct's entries into a map. The first error is kept and ends the writing, so a
/// generated `serialize` is one call per field with no `?` between them: a branch per field
/// cost as much to compile as the rest of the function.
pub struct Writer<M: SerializeMap> {
    map: M,
    error: Option<M::Error>,
}

impl<M: SerializeMap> Writer<M> {
    pub fn new(map: M) -> Self {
        Writer { map, error: None }
    }

    /// Writes the entry `key`.
    pub fn entry<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        self.put(key, value);
    }

    /// Writes an entry unless an earlier one failed.
    fn put<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) {
        if self.error.is_none() {
            self.error = self.map.serialize_entry(key, value).err();
        }
    }

    /// Writes the entry `key` if `value` is `Some`; absent optional fields are left out.
    pub fn optional<T: Serialize>(&mut self, key: &'static str, value: &Option<T>) {
        if let Some(value) = value {
            self.entry(key, value);
        }
    }

    /// Writes the additional properties beside the declared ones.
    pub fn additional<T: Serialize>(&mut self, additional: &BTreeMap<String, T>) {
        for (key, value) in additional {
            self.put(key, value);
        }
    }

    /// Ends the map, or gives the first error.
    pub fn end(self) -> Result<M::Ok, M::Error> {
        match self.error {
            Some(error) => Err(error),
            None => self.map.end(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serializer;

    struct Refused;

    impl Serialize for Refused {
        fn serialize<S: Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            Err(serde::ser::Error::custom("refused"))
        }
    }

    #[test]
    fn the_writer_stops_at_the_first_error_and_gives_it() {
        let mut out = Vec::new();
        let mut serializer = serde_json::Serializer::new(&mut out);
        let mut map = Writer::new(serializer.serialize_map(None).unwrap());
        map.entry("a", &1);
        map.entry("b", &Refused);
        map.optional("c", &Some(2));
        let error = map.end().unwrap_err();
        assert!(error.to_string().contains("refused"));
        assert!(!String::from_utf8_lossy(&out).contains("\"c\""));
    }
}
