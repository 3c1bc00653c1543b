//! Byte strings in schemas: `format: byte` (base64 text in JSON) and `format: binary` (raw
//! bytes, a file in a multipart body).

use std::fmt;

use base64::Engine as _;
use bytes::Bytes;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Bytes that travel as base64 text (`type: string, format: byte`). Standard base64 with
/// padding is written; standard or URL-safe, padded or not, is read.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Base64(pub Vec<u8>);

impl Base64 {
    pub fn encode(&self) -> String {
        base64::engine::general_purpose::STANDARD.encode(&self.0)
    }

    pub fn decode(text: &str) -> Result<Self, String> {
        use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};
        let trimmed = text.trim_end_matches('=');
        STANDARD_NO_PAD
            .decode(trimmed)
            .or_else(|_| URL_SAFE_NO_PAD.decode(trimmed))
            .map(Base64)
            .map_err(|e| format!("invalid base64: {e}"))
    }
}

impl From<Vec<u8>> for Base64 {
    fn from(value: Vec<u8>) -> Self {
        Base64(value)
    }
}

impl Serialize for Base64 {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.encode())
    }
}

impl<'de> Deserialize<'de> for Base64 {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Base64::decode(&text).map_err(serde::de::Error::custom)
    }
}

/// Raw bytes (`type: string, format: binary`), with the file name and media type a multipart
/// part may carry. In JSON, where raw bytes cannot travel, it is a string of UTF-8 text.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Binary {
    pub data: Bytes,
    /// The part's file name, in multipart bodies.
    pub file_name: Option<String>,
    /// The part's media type, in multipart bodies.
    pub content_type: Option<String>,
}

impl Binary {
    pub fn new(data: impl Into<Bytes>) -> Self {
        Binary {
            data: data.into(),
            file_name: None,
            content_type: None,
        }
    }

    pub fn with_file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }
}

impl fmt::Debug for Binary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Binary")
            .field("len", &self.data.len())
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish()
    }
}

impl From<Bytes> for Binary {
    fn from(value: Bytes) -> Self {
        Binary::new(value)
    }
}

impl From<Vec<u8>> for Binary {
    fn from(value: Vec<u8>) -> Self {
        Binary::new(value)
    }
}

impl From<&'static [u8]> for Binary {
    fn from(value: &'static [u8]) -> Self {
        Binary::new(Bytes::from_static(value))
    }
}

impl Serialize for Binary {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match std::str::from_utf8(&self.data) {
            Ok(text) => serializer.serialize_str(text),
            Err(_) => Err(serde::ser::Error::custom(
                "binary data that is not UTF-8 cannot be written in JSON",
            )),
        }
    }
}

impl<'de> Deserialize<'de> for Binary {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(|s| Binary::new(s.into_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_both_alphabets() {
        let value = Base64(vec![0xfb, 0xff, 0x01]);
        assert_eq!(serde_json::to_string(&value).unwrap(), "\"+/8B\"");
        assert_eq!(serde_json::from_str::<Base64>("\"+/8B\"").unwrap(), value);
        assert_eq!(serde_json::from_str::<Base64>("\"-_8B\"").unwrap(), value);
        assert_eq!(Base64::decode("aGk=").unwrap().0, b"hi");
        assert!(serde_json::from_str::<Base64>("\"!!\"").is_err());
    }
}
