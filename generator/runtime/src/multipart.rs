//! `multipart/form-data` bodies as parts, independent of the HTTP library on either side:
//! generated structs write themselves into [`PartsWriter`] and read themselves from [`Parts`].

use bytes::Bytes;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::Binary;
use super::params::{FromParam, ParamValue};

/// One part of a multipart body.
#[derive(Clone, Debug, PartialEq)]
pub struct Part {
    pub name: String,
    pub file_name: Option<String>,
    pub content_type: Option<String>,
    pub data: Bytes,
}

/// A struct sent as a multipart body, one part per field.
pub trait Multipart: Sized {
    fn write(&self, parts: &mut PartsWriter) -> Result<(), String>;
    fn read(parts: &mut Parts) -> Result<Self, String>;
}

/// The parts of a body being written, in field order.
#[derive(Debug, Default)]
pub struct PartsWriter {
    parts: Vec<Part>,
}

impl PartsWriter {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn into_parts(self) -> Vec<Part> {
        self.parts
    }

    pub fn text<T: ParamValue + ?Sized>(&mut self, name: &str, value: &T) {
        self.parts.push(Part {
            name: name.to_owned(),
            file_name: None,
            content_type: None,
            data: Bytes::from(value.to_param().into_owned()),
        });
    }

    pub fn texts<T: ParamValue>(&mut self, name: &str, values: &[T]) {
        for v in values {
            self.text(name, v);
        }
    }

    pub fn file(&mut self, name: &str, value: &Binary) {
        self.parts.push(Part {
            name: name.to_owned(),
            // A file part needs a file name; the field's name stands in when there is none.
            file_name: Some(value.file_name.clone().unwrap_or_else(|| name.to_owned())),
            content_type: Some(
                value
                    .content_type
                    .clone()
                    .unwrap_or_else(|| "application/octet-stream".to_owned()),
            ),
            data: value.data.clone(),
        });
    }

    pub fn files(&mut self, name: &str, values: &[Binary]) {
        for v in values {
            self.file(name, v);
        }
    }

    pub fn json<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Result<(), String> {
        let data = serde_json::to_vec(value).map_err(|e| format!("part `{name}`: {e}"))?;
        self.parts.push(Part {
            name: name.to_owned(),
            file_name: None,
            content_type: Some("application/json".to_owned()),
            data: Bytes::from(data),
        });
        Ok(())
    }
}

/// The parts of a received body, taken out by name.
#[derive(Debug, Default)]
pub struct Parts {
    parts: Vec<Part>,
}

impl Parts {
    pub fn new(parts: Vec<Part>) -> Self {
        Parts { parts }
    }

    fn take_all(&mut self, name: &str) -> Vec<Part> {
        let (taken, kept) = std::mem::take(&mut self.parts)
            .into_iter()
            .partition(|p| p.name == name);
        self.parts = kept;
        taken
    }

    fn take(&mut self, name: &str) -> Option<Part> {
        let at = self.parts.iter().position(|p| p.name == name)?;
        Some(self.parts.remove(at))
    }

    fn utf8(part: &Part) -> Result<&str, String> {
        std::str::from_utf8(&part.data).map_err(|_| format!("part `{}` is not UTF-8", part.name))
    }

    pub fn text<T: FromParam>(&mut self, name: &str) -> Result<Option<T>, String> {
        self.take(name)
            .map(|p| T::from_param(Self::utf8(&p)?).map_err(|e| format!("part `{name}`: {e}")))
            .transpose()
    }

    /// Every part of that name (`None` when there is none).
    pub fn texts<T: FromParam>(&mut self, name: &str) -> Result<Option<Vec<T>>, String> {
        let parts = self.take_all(name);
        if parts.is_empty() {
            return Ok(None);
        }
        parts
            .iter()
            .map(|p| T::from_param(Self::utf8(p)?).map_err(|e| format!("part `{name}`: {e}")))
            .collect::<Result<Vec<T>, String>>()
            .map(Some)
    }

    pub fn file(&mut self, name: &str) -> Result<Option<Binary>, String> {
        Ok(self.take(name).map(binary))
    }

    pub fn files(&mut self, name: &str) -> Result<Option<Vec<Binary>>, String> {
        let parts = self.take_all(name);
        Ok((!parts.is_empty()).then(|| parts.into_iter().map(binary).collect()))
    }

    pub fn json<T: DeserializeOwned>(&mut self, name: &str) -> Result<Option<T>, String> {
        self.take(name)
            .map(|p| serde_json::from_slice(&p.data).map_err(|e| format!("part `{name}`: {e}")))
            .transpose()
    }
}

fn binary(p: Part) -> Binary {
    Binary {
        data: p.data,
        file_name: p.file_name,
        content_type: p.content_type,
    }
}

/// A required part's value, or the error that it is missing.
pub fn required<T>(value: Option<T>, name: &str) -> Result<T, String> {
    value.ok_or_else(|| format!("part `{name}` is required but missing"))
}
