//! What each place of a document holds: the grammar of Swagger 2.0 and OpenAPI 3.x objects,
//! as far as references and schemas are concerned.
//!
//! The passes that must know whether a `$ref` stands for a schema, a parameter or a path item
//! (following references into other files, reading references of the wrong kind, boolean
//! schemas) walk a document by these roles. Data (`example`, `default`, `enum`, `const`, a
//! schema's `examples`) and extensions (`x-...`) have no role: nothing inside them is read as
//! structure, so a `$ref` there is opaque text.

/// The kind of object at a place.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    Document,
    Info,
    Components,
    PathItem,
    Operation,
    Parameter,
    RequestBody,
    /// An operation's map of status codes to responses.
    Responses,
    Response,
    MediaType,
    Encoding,
    Header,
    Example,
    Link,
    /// A map of runtime expressions to path items.
    Callback,
    Schema,
    SecurityScheme,
}

/// Which layout a document follows: Swagger 2.0 keeps reusable parts at the top level,
/// OpenAPI 3 under `components`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    Swagger2,
    OpenApi3,
}

/// What a key of an object holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Child {
    /// One object of this role.
    One(Role),
    /// A map from names to objects of this role.
    Map(Role),
    /// A list of objects of this role.
    List(Role),
    /// A schema keyword that holds one schema or a list of them (`items`).
    OneOrList,
    /// A discriminator, whose `mapping` values are schema references.
    Discriminator,
    /// Nothing read as structure: data, extensions, and keys this grammar does not know.
    Opaque,
}

pub const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Schema keywords whose value is one schema.
const SCHEMA_ONE: &[&str] = &[
    "additionalProperties",
    "not",
    "contains",
    "propertyNames",
    "if",
    "then",
    "else",
    "additionalItems",
    "unevaluatedItems",
    "unevaluatedProperties",
    "contentSchema",
];

/// Schema keywords whose value maps names to schemas.
const SCHEMA_MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "definitions",
    "$defs",
    "dependentSchemas",
];

/// Schema keywords whose value is a list of schemas.
const SCHEMA_LISTS: &[&str] = &["allOf", "anyOf", "oneOf", "prefixItems"];

impl Layout {
    /// What `key` of an object of role `role` holds.
    pub fn child(self, role: Role, key: &str) -> Child {
        if key.starts_with("x-") && !(role == Role::Document && key == "x-ms-paths") {
            return Child::Opaque;
        }
        match role {
            Role::Document => match (self, key) {
                (_, "info") => Child::One(Role::Info),
                (_, "paths" | "x-ms-paths") => Child::Map(Role::PathItem),
                (Layout::OpenApi3, "webhooks") => Child::Map(Role::PathItem),
                (Layout::OpenApi3, "components") => Child::One(Role::Components),
                (Layout::Swagger2, "definitions") => Child::Map(Role::Schema),
                (Layout::Swagger2, "parameters") => Child::Map(Role::Parameter),
                (Layout::Swagger2, "responses") => Child::Map(Role::Response),
                _ => Child::Opaque,
            },
            Role::Components => match Role::of_section(key) {
                Some(role) => Child::Map(role),
                None => Child::Opaque,
            },
            Role::PathItem => match key {
                "parameters" => Child::List(Role::Parameter),
                k if METHODS.contains(&k) => Child::One(Role::Operation),
                _ => Child::Opaque,
            },
            Role::Operation => match key {
                "parameters" => Child::List(Role::Parameter),
                "requestBody" => Child::One(Role::RequestBody),
                "responses" => Child::One(Role::Responses),
                "callbacks" => Child::Map(Role::Callback),
                _ => Child::Opaque,
            },
            Role::Responses => Child::One(Role::Response),
            Role::Callback => Child::One(Role::PathItem),
            Role::Parameter | Role::Header => match key {
                "schema" => Child::One(Role::Schema),
                // Swagger 2.0's non-body parameters and headers describe items in place.
                "items" if self == Layout::Swagger2 => Child::One(Role::Schema),
                "content" => Child::Map(Role::MediaType),
                "examples" if self == Layout::OpenApi3 => Child::Map(Role::Example),
                _ => Child::Opaque,
            },
            Role::RequestBody => match key {
                "content" => Child::Map(Role::MediaType),
                _ => Child::Opaque,
            },
            Role::Response => match (self, key) {
                (_, "headers") => Child::Map(Role::Header),
                (Layout::OpenApi3, "content") => Child::Map(Role::MediaType),
                (Layout::OpenApi3, "links") => Child::Map(Role::Link),
                (Layout::Swagger2, "schema") => Child::One(Role::Schema),
                _ => Child::Opaque,
            },
            Role::MediaType => match key {
                "schema" => Child::One(Role::Schema),
                "examples" => Child::Map(Role::Example),
                "encoding" => Child::Map(Role::Encoding),
                _ => Child::Opaque,
            },
            Role::Encoding => match key {
                "headers" => Child::Map(Role::Header),
                _ => Child::Opaque,
            },
            Role::Schema => match key {
                "items" => Child::OneOrList,
                "discriminator" => Child::Discriminator,
                k if SCHEMA_ONE.contains(&k) => Child::One(Role::Schema),
                k if SCHEMA_MAPS.contains(&k) => Child::Map(Role::Schema),
                k if SCHEMA_LISTS.contains(&k) => Child::List(Role::Schema),
                _ => Child::Opaque,
            },
            Role::Info | Role::Example | Role::Link | Role::SecurityScheme => Child::Opaque,
        }
    }

    /// Where reusable objects of `role` live, as pointer tokens under the document's root;
    /// `None` for a role that has no such place in this layout.
    pub fn section(self, role: Role) -> Option<&'static [&'static str]> {
        match self {
            Layout::Swagger2 => match role {
                Role::Schema => Some(&["definitions"]),
                Role::Parameter => Some(&["parameters"]),
                Role::Response => Some(&["responses"]),
                _ => None,
            },
            Layout::OpenApi3 => Some(match role {
                Role::Schema => &["components", "schemas"],
                Role::Parameter => &["components", "parameters"],
                Role::Response => &["components", "responses"],
                Role::RequestBody => &["components", "requestBodies"],
                Role::Header => &["components", "headers"],
                Role::Example => &["components", "examples"],
                Role::Link => &["components", "links"],
                Role::SecurityScheme => &["components", "securitySchemes"],
                Role::Callback => &["components", "callbacks"],
                Role::PathItem => &["components", "pathItems"],
                _ => return None,
            }),
        }
    }

    /// The role of the reusable objects a pointer's tokens place in a section
    /// (`["components", "schemas", "Pet"]` is a schema), if they do.
    pub fn role_of_component(self, tokens: &[String]) -> Option<Role> {
        match (self, tokens) {
            (Layout::OpenApi3, [c, section, _, ..]) if c == "components" => {
                Role::of_section(section)
            }
            (Layout::Swagger2, [section, _, ..]) => match section.as_str() {
                "definitions" => Some(Role::Schema),
                "parameters" => Some(Role::Parameter),
                "responses" => Some(Role::Response),
                _ => None,
            },
            _ => None,
        }
    }
}

impl Role {
    /// The role of an OpenAPI 3 `components` section.
    fn of_section(section: &str) -> Option<Role> {
        Some(match section {
            "schemas" => Role::Schema,
            "responses" => Role::Response,
            "parameters" => Role::Parameter,
            "examples" => Role::Example,
            "requestBodies" => Role::RequestBody,
            "headers" => Role::Header,
            "securitySchemes" => Role::SecurityScheme,
            "links" => Role::Link,
            "callbacks" => Role::Callback,
            "pathItems" => Role::PathItem,
            _ => return None,
        })
    }

    /// How the role is named in messages.
    pub fn noun(self) -> &'static str {
        match self {
            Role::Document => "document",
            Role::Info => "info object",
            Role::Components => "components object",
            Role::PathItem => "path item",
            Role::Operation => "operation",
            Role::Parameter => "parameter",
            Role::RequestBody => "request body",
            Role::Responses => "responses object",
            Role::Response => "response",
            Role::MediaType => "media type",
            Role::Encoding => "encoding",
            Role::Header => "header",
            Role::Example => "example",
            Role::Link => "link",
            Role::Callback => "callback",
            Role::Schema => "schema",
            Role::SecurityScheme => "security scheme",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_and_extensions_are_opaque() {
        let l = Layout::OpenApi3;
        assert_eq!(l.child(Role::Schema, "example"), Child::Opaque);
        assert_eq!(l.child(Role::Schema, "examples"), Child::Opaque);
        assert_eq!(l.child(Role::Schema, "default"), Child::Opaque);
        assert_eq!(l.child(Role::Operation, "x-codeSamples"), Child::Opaque);
        assert_eq!(
            l.child(Role::MediaType, "examples"),
            Child::Map(Role::Example)
        );
        assert_eq!(
            l.child(Role::Document, "webhooks"),
            Child::Map(Role::PathItem)
        );
        assert_eq!(
            Layout::Swagger2.child(Role::Document, "definitions"),
            Child::Map(Role::Schema)
        );
        assert_eq!(
            Layout::Swagger2.child(Role::Document, "x-ms-paths"),
            Child::Map(Role::PathItem)
        );
    }

    #[test]
    fn sections_and_components() {
        let tokens = |s: &[&str]| s.iter().map(|t| (*t).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            Layout::OpenApi3.role_of_component(&tokens(&["components", "requestBodies", "A"])),
            Some(Role::RequestBody)
        );
        assert_eq!(
            Layout::Swagger2.role_of_component(&tokens(&["definitions", "A", "properties"])),
            Some(Role::Schema)
        );
        assert_eq!(
            Layout::OpenApi3.role_of_component(&tokens(&["paths", "/a"])),
            None
        );
        assert_eq!(Layout::Swagger2.section(Role::RequestBody), None);
    }
}
