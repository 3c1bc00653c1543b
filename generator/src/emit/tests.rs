//! Emitting on its own: models built here, by hand, and the Rust each must render to. Emit
//! decides nothing: every name and value below comes from the model.

use super::{Parts, emit};
use crate::model::{
    Api, Checks, DefaultValue, Derives, Field, Literal, Method, Name, Operation, ParamLocation,
    Parameter, PathTemplate, Reader, Segment, StructDef, Style, Type, TypeSpace,
};
use crate::naming::{Ident, snake, type_name};

fn api(types: TypeSpace, operations: Vec<Operation>) -> Api {
    Api {
        title: "T".to_owned(),
        version: "1".to_owned(),
        description: None,
        source: "t.yaml".to_owned(),
        operations,
        types,
        base_url: None,
        derives: Derives::default(),
        security: Vec::new(),
        runtime: "crate::rt".to_owned(),
        generated_by: "make api".to_owned(),
        groups: None,
    }
}

fn field(types: &mut TypeSpace, name: &str, ty: Type) -> Field {
    let rust = snake(name, "field");
    Field {
        local: rust.clone(),
        name: Name {
            wire: name.to_owned(),
            rust,
        },
        ty: types.add(ty),
        required: false,
        nullable: false,
        description: None,
        boxed: false,
        default: None,
        default_fn: None,
        read_only: false,
        write_only: false,
        deprecated: false,
        example: None,
        checks: Checks::default(),
    }
}

fn structure(name: &str, fields: Vec<Field>, reader: (&str, &str)) -> Type {
    Type::Struct(StructDef {
        name: type_name(name),
        description: None,
        deprecated: false,
        fields,
        additional: None,
        additional_field: snake("additional_properties", "more"),
        reader: Reader {
            entries: local(reader.0),
            key: local(reader.1),
        },
        multipart: false,
        closed: false,
    })
}

/// A local's name, as lowering may choose it (`entries_`).
fn local(name: &str) -> Ident {
    let base = name.trim_end_matches('_');
    if base == name {
        return snake(name, "local");
    }
    // `entries_`: the name taken, so an underscore is added (one is all these tests use).
    let mut taken = crate::naming::Namespace::with_reserved(&[base]);
    taken.claim_with_underscores(snake(base, "local"))
}

/// The file `name` of the module emitted from `api`.
fn emitted(api: &Api, name: &str) -> Result<String, String> {
    let files = emit(api, Parts::default())?;
    files
        .into_iter()
        .find(|(n, _)| n == name)
        .map(|(_, text)| text)
        .ok_or_else(|| format!("no {name}"))
}

/// Emits `api` and checks that its file `name` holds the lines of `expected`, one after the
/// other (each line's indentation aside: prettyplease decides it).
#[track_caller]
fn check_emit(api: &Api, name: &str, expected: &str) {
    let text = match emitted(api, name) {
        Ok(text) => text,
        Err(e) => panic!("emitting failed: {e}"),
    };
    let have: Vec<&str> = text.lines().map(str::trim).collect();
    let want: Vec<&str> = expected.trim().lines().map(str::trim).collect();
    assert!(
        have.windows(want.len()).any(|w| w == want.as_slice()),
        "{name} is:\n{text}\nwanted it to hold:\n{}",
        want.join("\n")
    );
}

#[test]
fn defaults_are_rendered_as_the_model_names_and_types_them() {
    let mut types = TypeSpace::default();
    let mut size = field(
        &mut types,
        "size",
        Type::Integer(crate::model::IntKind::I32),
    );
    size.default = Some(DefaultValue {
        shown: "3".to_owned(),
        literal: Some(Literal::I32(3)),
    });
    // Whatever name lowering chose: emit uses it as it is.
    size.default_fn = Some(snake("chosen_by_lowering", "f"));
    let mut ratio = field(
        &mut types,
        "ratio",
        Type::Number(crate::model::NumberKind::F64),
    );
    ratio.default = Some(DefaultValue {
        shown: "0.5".to_owned(),
        literal: None,
    });
    types.add(structure("Pet", vec![size, ratio], ("entries", "key")));
    let api = api(types, Vec::new());
    check_emit(
        &api,
        "types.rs",
        r#"
        pub struct Pet {
            /// Default: `3`.
            pub size: i32,
            /// Default: `0.5`.
            pub ratio: Option<f64>,
        }
        "#,
    );
    check_emit(
        &api,
        "types.rs",
        r#"
        mod defaults {
            pub(super) fn chosen_by_lowering() -> i32 {
                3
            }
        }
        "#,
    );
    check_emit(
        &api,
        "types.rs",
        "            size: size.unwrap_or_else(defaults::chosen_by_lowering),",
    );
}

#[test]
fn the_reader_uses_the_locals_the_model_names() {
    let mut types = TypeSpace::default();
    let mut entries = field(&mut types, "entries", Type::String);
    entries.local = snake("entries_value", "local");
    entries.required = true;
    let mut key = field(&mut types, "key", Type::String);
    key.local = snake("key_value", "local");
    key.required = true;
    let mut level = field(&mut types, "level", Type::String);
    level.local = snake("level_value", "local");
    types.add(structure(
        "Log",
        vec![entries, key, level],
        ("entries_", "key_"),
    ));
    let api = api(types, Vec::new());
    check_emit(
        &api,
        "types.rs",
        r#"
                let mut entries_value = None::<String>;
                let mut key_value = None::<String>;
                let mut level_value = None::<Option<String>>;
                while let Some(key_) = entries_.next_key()? {
                    match key_.as_str() {
                        "entries" => entries_.value(&mut entries_value, "entries"),
                        "key" => entries_.value(&mut key_value, "key"),
                        "level" => entries_.optional(&mut level_value, "level"),
                        _ => entries_.skip(),
                    }?;
                }
                match (entries_value, key_value) {
                    (Some(entries_value), Some(key_value)) => {
                        Ok(Self {
                            entries: entries_value,
                            key: key_value,
                            level: Option::flatten(level_value),
                        })
                    }
                    (entries_value, key_value) => {
                        Err(
                            entries_
                                .missing(
                                    &[
                                        (entries_value.is_none(), "entries"),
                                        (key_value.is_none(), "key"),
                                    ],
                                ),
                        )
                    }
                }
        "#,
    );
    // The runtime is reached by the path the model gives, under the one alias.
    check_emit(&api, "types.rs", "use crate::rt as rt;");
    check_emit(
        &api,
        "mod.rs",
        "// @generated by `make api` from t.yaml. Do not edit: change the spec and run the command again.",
    );
}

fn operation(params: Vec<Parameter>, segments: Vec<Segment>) -> Operation {
    Operation {
        name: Name {
            wire: "getThing".to_owned(),
            rust: snake("getThing", "op"),
        },
        request_type: type_name("GetThingRequest"),
        response_type: type_name("GetThingResponse"),
        error_type: type_name("GetThingError"),
        method: Method::Get,
        path: PathTemplate {
            raw: "/things/{id}".to_owned(),
            segments,
            route: "/things/{id}".to_owned(),
            fixed_query: Vec::new(),
        },
        summary: None,
        description: None,
        deprecated: false,
        params,
        body: None,
        responses: Vec::new(),
        stream: None,
        handler: snake("serve_get_thing", "serve"),
        accept: None,
        security: Vec::new(),
        tag: None,
        group: None,
        paging: None,
        hook: None,
    }
}

#[test]
fn a_model_emit_cannot_render_faithfully_is_an_internal_error() {
    // The path names a parameter the operation does not have: rendering it would drop a path
    // segment without a word.
    let broken = operation(
        Vec::new(),
        vec![Segment::Literal("things".to_owned()), Segment::Param(0)],
    );
    let err = emit(&api(TypeSpace::default(), vec![broken]), Parts::default()).unwrap_err();
    assert!(
        err.contains("operation `getThing` (GET /things/{id})") && err.contains("parameter 0"),
        "{err}"
    );

    // A replacement type that is not Rust is refused, not replaced by another type.
    let mut types = TypeSpace::default();
    types.add(Type::External("not a type!".to_owned()));
    let err = emit(&api(types, Vec::new()), Parts::default()).unwrap_err();
    assert!(err.contains("`not a type!`"), "{err}");

    // The same operation with its parameter renders.
    let mut types = TypeSpace::default();
    let id = types.add(Type::String);
    let param = Parameter {
        setter: snake("with_id", "with"),
        argument: snake("id", "id"),
        name: Name {
            wire: "id".to_owned(),
            rust: Ident::clone(&snake("id", "p")),
        },
        location: ParamLocation::Path,
        required: true,
        ty: id,
        style: Style::Simple,
        explode: false,
        default: None,
        description: None,
        deprecated: false,
        checks: Checks::default(),
    };
    let fine = operation(
        vec![param],
        vec![Segment::Literal("things".to_owned()), Segment::Param(0)],
    );
    check_emit(
        &api(types, vec![fine]),
        "server.rs",
        "fn serve_get_thing<A: Api>(",
    );
}
