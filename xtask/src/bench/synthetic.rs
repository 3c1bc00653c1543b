//! A synthetic spec of a given size, for the scaling run: `n` copies of one resource (two
//! paths, five operations, a struct with an enum, nested objects and a list), each with its own
//! names, so that size is the only thing that changes between runs.

use serde_json::{Value, json};

pub fn spec(copies: usize) -> Value {
    let mut paths = serde_json::Map::new();
    let mut schemas = serde_json::Map::new();
    for i in 0..copies {
        let thing = format!("Thing{i}");
        let reference = json!({"$ref": format!("#/components/schemas/{thing}")});
        paths.insert(
            format!("/things{i}"),
            json!({
                "get": {
                    "operationId": format!("listThings{i}"),
                    "parameters": [
                        {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100}},
                        {"name": "state", "in": "query", "schema": {"type": "string", "enum": ["open", "closed"]}}
                    ],
                    "responses": {"200": {"description": "The things.", "content": {"application/json": {
                        "schema": {"type": "array", "items": reference.clone()}}}}}
                },
                "post": {
                    "operationId": format!("createThing{i}"),
                    "requestBody": {"required": true, "content": {"application/json": {"schema": reference.clone()}}},
                    "responses": {"201": {"description": "Created.", "content": {"application/json": {"schema": reference.clone()}}}}
                }
            }),
        );
        paths.insert(
            format!("/things{i}/{{id}}"),
            json!({
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}}],
                "get": {
                    "operationId": format!("getThing{i}"),
                    "responses": {
                        "200": {"description": "The thing.", "content": {"application/json": {"schema": reference.clone()}}},
                        "404": {"description": "No such thing."}
                    }
                },
                "put": {
                    "operationId": format!("replaceThing{i}"),
                    "requestBody": {"required": true, "content": {"application/json": {"schema": reference.clone()}}},
                    "responses": {"200": {"description": "Replaced.", "content": {"application/json": {"schema": reference.clone()}}}}
                },
                "delete": {
                    "operationId": format!("deleteThing{i}"),
                    "responses": {"204": {"description": "Deleted."}}
                }
            }),
        );
        schemas.insert(
            thing,
            json!({
                "type": "object",
                "description": "A thing, with a bit of everything.",
                "required": ["id", "name"],
                "properties": {
                    "id": {"type": "string", "format": "uuid", "readOnly": true},
                    "name": {"type": "string", "maxLength": 100},
                    "state": {"type": "string", "enum": ["open", "closed", "archived"]},
                    "size": {"type": "number"},
                    "count": {"type": "integer", "format": "int32"},
                    "created": {"type": "string", "format": "date-time"},
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "owner": {"type": "object", "properties": {
                        "id": {"type": "integer"}, "login": {"type": "string"}, "admin": {"type": "boolean"}}},
                    "labels": {"type": "object", "additionalProperties": {"type": "string"}},
                    "note": {"type": "string", "nullable": true}
                }
            }),
        );
    }
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Synthetic", "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas}
    })
}
