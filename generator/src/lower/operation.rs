//! Operations: names, parameters, bodies and responses.

use openapiv3::{
    Parameter as OaParameter, ParameterSchemaOrContent, PathItem, PathStyle, QueryStyle,
    ReferenceOr, Schema, SchemaKind, StatusCode,
};

use super::schema::Schemas;
use super::{media, path, refs};
use crate::config::Config;
use crate::diag::Diagnostics;
use crate::load::Facts;
use crate::model::{
    BodyKind, Checks, Content, DefaultValue, Header, Method, Name, Operation, ParamLocation,
    Parameter, PathTemplate, RequestBody, Response, ResponseBody, Status, StreamMethod, Style,
    Type,
};
use crate::naming::{self, Namespace};
use crate::pointer;

/// Methods every generated client has, the server module's `router`, and the server trait's
/// authentication hook, which operations must not take.
const RESERVED_METHODS: &[&str] = &[
    "new",
    "authenticate",
    "with_http_client",
    "base_url",
    "http_client",
    "with_default_base_url",
    "router",
    "router_with",
    "from_transport",
    "with_timeout",
    "with_retry",
    "with_event_reconnects",
    "with_user_agent",
];

pub struct Operations<'c> {
    methods: Namespace,
    /// The client module's own functions (request builders).
    client_fns: Namespace,
    /// The server module's functions: the router's and each operation's handler.
    server_fns: Namespace,
    config: &'c Config,
    /// What the loader learned that the document cannot hold (tab-separated parameters).
    facts: &'c Facts,
}

/// A parameter as declared, with where it was declared.
struct Declared<'d> {
    param: &'d OaParameter,
    data: &'d openapiv3::ParameterData,
    location: ParamLocation,
    /// Where the parameter is defined (a component, for one given by reference): what is
    /// wrong with the parameter itself is reported there.
    at: String,
    /// Where the operation or path item lists it.
    used_at: String,
}

impl<'c> Operations<'c> {
    pub fn new(config: &'c Config, facts: &'c Facts) -> Self {
        Operations {
            methods: Namespace::with_reserved(RESERVED_METHODS),
            client_fns: Namespace::new(),
            server_fns: Namespace::with_reserved(&["router", "router_with"]),
            config,
            facts,
        }
    }

    /// The client's method names, for methods named after the operations are.
    pub fn methods(&mut self) -> &mut Namespace {
        &mut self.methods
    }

    #[allow(clippy::too_many_arguments)]
    pub fn lower(
        &mut self,
        schemas: &mut Schemas<'_>,
        raw_path: &str,
        item: &PathItem,
        method: Method,
        op: &openapiv3::Operation,
        at: &str,
        diags: &mut Diagnostics,
    ) -> Operation {
        let wire = match &op.operation_id {
            Some(id) if !id.trim().is_empty() => id.clone(),
            _ => format!("{} {raw_path}", method.key()),
        };
        let wanted = self.config.operations.get(&wire).unwrap_or(&wire);
        let name = Name {
            rust: self.methods.claim(naming::snake(wanted, "operation")),
            wire,
        };
        let type_base = naming::camel(name.rust.as_str(), "Op", "Operation");
        let request_type = schemas
            .names
            .claim(naming::type_name(&format!("{type_base}Request")));
        let response_type = schemas
            .names
            .claim(naming::type_name(&format!("{type_base}Response")));
        let error_type = schemas
            .names
            .claim(naming::type_name(&format!("{type_base}Error")));

        let key_at = pointer::from_tokens(["paths", raw_path]);
        let (path_part, query_items) = path::split_key(raw_path);
        let template_path = if path_part.starts_with('/') {
            path_part.to_owned()
        } else {
            diags.warn(
                "path-without-slash",
                &key_at,
                "the path does not start with `/`; one is added",
                "write paths as `/...`",
            );
            format!("/{path_part}")
        };
        if !query_items.is_empty() {
            diags.warn(
                "query-in-path-key",
                &key_at,
                format!("the path key {raw_path} carries a query string: the part after `?` is sent as query, not as path; its fixed items are sent as written, its `{{name}}` templates become query parameters, and the server tells apart operations that differ only in the fixed items"),
                "keep the path alone in the key, and declare the query parameters (a fixed value as a one-value enum)",
            );
        }

        let declared = self.declared_params(schemas.doc, item, op, at, diags);
        let mut fields = Namespace::new();
        let mut params = Vec::new();
        // Path parameters first, in template order; a template name nobody declared gets a
        // string parameter.
        for template_name in path::param_names(&template_path) {
            if params.iter().any(|p: &Parameter| {
                p.location == ParamLocation::Path && p.name.wire == template_name
            }) {
                continue;
            }
            let found = declared
                .iter()
                .find(|d| d.location == ParamLocation::Path && d.data.name == template_name);
            let param = match found {
                Some(d) => self.parameter(schemas, d, &mut fields, &type_base, diags),
                None => {
                    diags.warn("undeclared-path-parameter", at, format!("path parameter `{template_name}` is used in the path but not declared; it is generated as a required string"), format!("declare it: `- in: path` with `name: {template_name}`"));
                    let rust = fields.claim(naming::snake(template_name, "param"));
                    undeclared(schemas, template_name, rust, ParamLocation::Path)
                }
            };
            params.push(param);
        }
        // Templates in the key's query part are query parameters, whether the spec declares
        // them in the path or in the query.
        let mut consumed: Vec<(ParamLocation, &str)> = Vec::new();
        let mut fixed_query = Vec::new();
        for item in query_items {
            let (wire, var) = match item {
                path::QueryItem::Fixed(fixed) => {
                    fixed_query.push(fixed);
                    continue;
                }
                path::QueryItem::Template { name, var } => (name, var),
                path::QueryItem::Mixed { item, var } => {
                    diags.warn(
                        "query-in-path-key",
                        &key_at,
                        format!("the query item `{item}` of the path key mixes text and a template; it is sent as the query parameter `{var}` alone"),
                        "declare the query parameter instead of writing it into the key",
                    );
                    (var.clone(), var)
                }
            };
            if params
                .iter()
                .any(|p| p.location == ParamLocation::Query && p.name.wire == wire)
            {
                continue;
            }
            let found = declared.iter().find(|d| {
                matches!(d.location, ParamLocation::Path | ParamLocation::Query)
                    && d.data.name == var
            });
            let mut param = match found {
                Some(d) => {
                    consumed.push((d.location, d.data.name.as_str()));
                    let mut param = self.parameter(schemas, d, &mut fields, &type_base, diags);
                    if d.location == ParamLocation::Path {
                        // A value in the key itself is always sent, as one form value.
                        (param.required, param.style, param.explode) = (true, Style::Form, false);
                    }
                    param
                }
                None => {
                    diags.warn("undeclared-path-parameter", at, format!("query parameter `{var}` is used in the path key but not declared; it is generated as a required string"), format!("declare it: `- in: query` with `name: {wire}`"));
                    let rust = fields.claim(naming::snake(&var, "param"));
                    undeclared(schemas, &wire, rust, ParamLocation::Query)
                }
            };
            param.location = ParamLocation::Query;
            param.name.wire = wire;
            params.push(param);
        }
        for d in &declared {
            if consumed.contains(&(d.location, d.data.name.as_str())) {
                continue;
            }
            if d.location == ParamLocation::Path {
                if !params
                    .iter()
                    .any(|p| p.location == ParamLocation::Path && p.name.wire == d.data.name)
                {
                    diags.warn("unused-path-parameter", &d.used_at, format!("path parameter `{}` does not appear in the path {raw_path}; it is ignored", d.data.name), "remove it, or use it in the path template");
                }
                continue;
            }
            // A header or cookie name that HTTP cannot carry could only fail at run time.
            let named = matches!(d.location, ParamLocation::Header | ParamLocation::Cookie);
            if named && !is_token(&d.data.name) {
                diags.warn(
                    "invalid-name",
                    &d.at,
                    format!(
                        "`{}` cannot be a {} name; the parameter is left out",
                        d.data.name,
                        d.location.key()
                    ),
                    "use ASCII letters, digits and `-`",
                );
                continue;
            }
            params.push(self.parameter(schemas, d, &mut fields, &type_base, diags));
        }

        let mut body = self.body(schemas, op, at, &mut fields, &type_base, diags);
        // The constructor's arguments are named after the fields they give, as bindings.
        let mut arguments = Namespace::new();
        for p in &mut params {
            p.argument = arguments.claim_binding(&p.name.rust);
        }
        if let Some(b) = &mut body {
            b.argument = arguments.claim_binding(&b.field);
        }
        let responses = self.responses(schemas, op, at, &type_base, diags);
        // Functions are named after the method, so that no operation's name can meet the
        // module's imports, its router functions or their locals (`OPTIONS /` is the method
        // `options`, also `router_with`'s argument).
        let stream = responses
            .iter()
            .any(|r| r.body == ResponseBody::Binary)
            .then(|| StreamMethod {
                method: self
                    .methods
                    .claim(naming::snake(&format!("{}_stream", name.rust), "stream")),
                request_builder: self.client_fns.claim(naming::Ident::joined(
                    &naming::snake("build", "build"),
                    &name.rust,
                )),
            });
        let mut accepted: Vec<&str> = Vec::new();
        for media in responses.iter().filter_map(|r| r.media_type.as_deref()) {
            if !accepted.contains(&media) {
                accepted.push(media);
            }
        }
        let accept = (!accepted.is_empty()).then(|| accepted.join(", "));
        let serve = naming::snake("serve", "serve");
        let handler = self
            .server_fns
            .claim(naming::Ident::joined(&serve, &name.rust));
        let segments = path::segments(&template_path, |name| {
            params
                .iter()
                .position(|p| p.location == ParamLocation::Path && p.name.wire == name)
                .unwrap_or(0)
        });
        Operation {
            name,
            request_type,
            response_type,
            error_type,
            method,
            path: PathTemplate {
                raw: if raw_path.starts_with('/') {
                    raw_path.to_owned()
                } else {
                    format!("/{raw_path}")
                },
                segments,
                // Decided once every operation is known.
                route: String::new(),
                fixed_query,
            },
            summary: op.summary.clone(),
            description: op.description.clone(),
            deprecated: op.deprecated,
            params,
            body,
            responses,
            stream,
            handler,
            accept,
            security: Vec::new(),
            paging: None,
            hook: None,
            tag: op.tags.first().cloned(),
            group: None,
        }
    }

    /// Reserves a client method name for something other than an operation.
    pub fn claim_method(&mut self, wanted: naming::Ident) -> naming::Ident {
        self.methods.claim(wanted)
    }

    /// The operation's parameters merged with its path item's (the operation's win), refs
    /// followed. Cookie and other odd ones are kept for later phases to judge.
    fn declared_params<'d>(
        &self,
        doc: &'d openapiv3::OpenAPI,
        item: &'d PathItem,
        op: &'d openapiv3::Operation,
        at: &str,
        diags: &mut Diagnostics,
    ) -> Vec<Declared<'d>> {
        let item_at = at.rsplit_once('/').map(|(p, _)| p).unwrap_or("");
        let mut out: Vec<Declared<'d>> = Vec::new();
        let lists = [
            (&op.parameters, at.to_owned()),
            (&item.parameters, item_at.to_owned()),
        ];
        for (list, base) in lists {
            for (i, p) in list.iter().enumerate() {
                let p_at = format!("{base}/parameters/{i}");
                let Some((defined_at, param)) = resolve_parameter(doc, p, &p_at, diags) else {
                    continue;
                };
                let (data, location) = match param {
                    OaParameter::Path { parameter_data, .. } => {
                        (parameter_data, ParamLocation::Path)
                    }
                    OaParameter::Query { parameter_data, .. } => {
                        (parameter_data, ParamLocation::Query)
                    }
                    OaParameter::Header { parameter_data, .. } => {
                        (parameter_data, ParamLocation::Header)
                    }
                    OaParameter::Cookie { parameter_data, .. } => {
                        (parameter_data, ParamLocation::Cookie)
                    }
                };
                if out
                    .iter()
                    .any(|d| d.location == location && d.data.name == data.name)
                {
                    continue;
                }
                out.push(Declared {
                    param,
                    data,
                    location,
                    at: defined_at,
                    used_at: p_at,
                });
            }
        }
        out
    }

    fn parameter(
        &self,
        schemas: &mut Schemas<'_>,
        d: &Declared<'_>,
        fields: &mut Namespace,
        type_base: &naming::Ident,
        diags: &mut Diagnostics,
    ) -> Parameter {
        let data = d.data;
        let mut required = data.required;
        if d.location == ParamLocation::Path && !required {
            diags.warn("optional-path-parameter", &d.at, format!("path parameter `{}` is not marked required; path parameters always are, so it is generated as required", data.name), "add `required: true`");
            required = true;
        }
        let schema_at = format!("{}/schema", d.at);
        let hint = format!("{type_base}{}", naming::camel(&data.name, "P", "Param"));
        let (style, explode) = style_of(d, self.facts.tab_separated.contains(&d.at));
        let mut default = None;
        let mut checks = Checks::default();
        let ty = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => {
                let untyped = matches!(schema, ReferenceOr::Item(Schema { schema_kind: SchemaKind::Any(any), .. }) if any.typ.is_none() && any.properties.is_empty() && any.items.is_none());
                if untyped {
                    diags.gap(
                        "untyped-parameter",
                        &schema_at,
                        format!(
                            "parameter `{}` has no type; it is generated as a string",
                            data.name
                        ),
                        "give it a `type` (string, integer, number or boolean)",
                        (None, "{type: string}".to_owned()),
                    );
                    schemas.types.add(Type::String)
                } else {
                    if let ReferenceOr::Item(s) = schema {
                        default = s.schema_data.default.clone();
                    }
                    checks = schemas.param_checks(schema, &schema_at, diags);
                    let id = schemas.lower(schema, &hint, &schema_at, diags);
                    param_type(schemas, id, d, style, &schema_at, diags)
                }
            }
            ParameterSchemaOrContent::Content(_) => {
                diags.warn(
                    "complex-parameter",
                    &d.at,
                    format!(
                        "parameter `{}` is described by `content`; it is sent as a plain string",
                        data.name
                    ),
                    "describe it with a `schema`",
                );
                schemas.types.add(Type::String)
            }
        };
        // Only a scalar default the type can hold is used; path parameters are always sent.
        let default = default.filter(|_| !required).and_then(|v| {
            let literal = schemas.types.literal(ty, &v)?;
            Some(DefaultValue {
                shown: v.to_string(),
                literal: Some(literal),
            })
        });
        let rust = fields.claim(naming::snake(&data.name, "param"));
        Parameter {
            setter: setter(&rust),
            argument: rust.clone(),
            name: Name {
                wire: data.name.clone(),
                rust,
            },
            location: d.location,
            required,
            ty,
            style,
            explode,
            default,
            description: data.description.clone(),
            deprecated: data.deprecated.unwrap_or(false),
            checks,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn body(
        &self,
        schemas: &mut Schemas<'_>,
        op: &openapiv3::Operation,
        at: &str,
        fields: &mut Namespace,
        type_base: &naming::Ident,
        diags: &mut Diagnostics,
    ) -> Option<RequestBody> {
        let body_at = format!("{at}/requestBody");
        let body = match op.request_body.as_ref()? {
            ReferenceOr::Item(b) => b,
            ReferenceOr::Reference { reference } => {
                let found = refs::component(
                    schemas.doc,
                    "requestBodies",
                    |c| &c.request_bodies,
                    reference,
                );
                match found {
                    Some(b) => b,
                    None => {
                        diags.error(
                            "unresolved-ref",
                            &body_at,
                            format!("the reference {reference} points to no request body"),
                            "define it under components/requestBodies, or fix the name",
                        );
                        return None;
                    }
                }
            }
        };
        if body.content.is_empty() {
            diags.warn(
                "body-without-media-type",
                &body_at,
                "the request body lists no media type; the operation is generated without its body",
                "add `content:` with a media type and schema",
            );
            return None;
        }
        let several = body.content.len() > 1;
        let mut variants = Namespace::new();
        let mut contents = Vec::new();
        for (media_type, media) in &body.content {
            let media_at = format!("{body_at}/content/{}/schema", pointer::escape(media_type));
            let hint = if several {
                format!(
                    "{type_base}{}Body",
                    naming::camel(&media::short_name(media_type), "M", "Media")
                )
            } else {
                format!("{type_base}Body")
            };
            let typed = |schemas: &mut Schemas<'_>, diags: &mut Diagnostics| match &media.schema {
                Some(schema) => schemas.lower(schema, &hint, &media_at, diags),
                None => schemas.types.add(Type::Any),
            };
            let kind = match media::classify(media_type) {
                media::Media::Json => BodyKind::Json(typed(schemas, diags)),
                media::Media::Form => BodyKind::Form(typed(schemas, diags)),
                media::Media::Multipart => {
                    let ty = typed(schemas, diags);
                    match schemas.types.get_mut(ty) {
                        Some(Type::Struct(def)) => {
                            def.multipart = true;
                            BodyKind::Multipart(ty)
                        }
                        _ => {
                            diags.warn("unsupported-multipart", &media_at, "a multipart body whose schema is not an object with properties is sent as raw bytes", "describe the parts as the properties of an object schema");
                            BodyKind::Binary
                        }
                    }
                }
                // Events are what a response streams; a request sending them sends text.
                media::Media::Text | media::Media::Events => BodyKind::Text,
                // Sending a stream of values is sending their bytes.
                media::Media::Items => BodyKind::Binary,
                media::Media::Binary => BodyKind::Binary,
            };
            let variant =
                variants.claim(naming::camel(&media::short_name(media_type), "M", "Media"));
            contents.push(Content {
                media_type: media_type.clone(),
                send_as: media::sendable(media_type),
                kind,
                variant,
            });
        }
        let choice = several.then(|| {
            schemas
                .names
                .claim(naming::type_name(&format!("{type_base}Body")))
        });
        let field = fields.claim(naming::snake("body", "body"));
        Some(RequestBody {
            required: body.required,
            description: body.description.clone(),
            setter: setter(&field),
            argument: field.clone(),
            field,
            contents,
            choice,
        })
    }

    fn responses(
        &self,
        schemas: &mut Schemas<'_>,
        op: &openapiv3::Operation,
        at: &str,
        type_base: &naming::Ident,
        diags: &mut Diagnostics,
    ) -> Vec<Response> {
        let mut variants = Namespace::new();
        let mut out = Vec::new();
        let listed = op.responses.responses.iter().map(|(code, r)| {
            let status = match code {
                StatusCode::Code(c) => Status::Code(*c),
                StatusCode::Range(r) => Status::Range(u8::try_from(*r).unwrap_or(0)),
            };
            (status, code.to_string(), r)
        });
        let default = op
            .responses
            .default
            .iter()
            .map(|r| (Status::Default, "default".to_owned(), r));
        for (status, key, r) in listed.chain(default) {
            let r_at = format!("{at}/responses/{}", pointer::escape(&key));
            let response = match r {
                ReferenceOr::Item(r) => r,
                ReferenceOr::Reference { reference } => {
                    match refs::component(schemas.doc, "responses", |c| &c.responses, reference) {
                        Some(r) => r,
                        None => {
                            diags.error(
                                "unresolved-ref",
                                &r_at,
                                format!("the reference {reference} points to no response"),
                                "define it under components/responses, or fix the name",
                            );
                            continue;
                        }
                    }
                }
            };
            let variant = variants.claim(naming::camel(&variant_name(status), "Status", "Status"));
            // JSON first, then streams, then text, then anything else: one media type per
            // response.
            let chosen = response
                .content
                .iter()
                .min_by_key(|(ct, _)| media::classify(ct).preference());
            let (body, media_type) = match chosen {
                Some((ct, media)) => {
                    let m_at = format!("{r_at}/content/{}/schema", pointer::escape(ct));
                    let body = match media::classify(ct) {
                        media::Media::Json => match &media.schema {
                            Some(schema) => {
                                let hint = format!("{type_base}{variant}Body");
                                ResponseBody::Json(schemas.lower(schema, &hint, &m_at, diags))
                            }
                            None => ResponseBody::Untyped,
                        },
                        media::Media::Text => ResponseBody::Text,
                        // The schema describes each event's data: JSON of it, or the text
                        // as sent when it is a plain string (or absent).
                        media::Media::Events => {
                            let data = media.schema.as_ref().map(|schema| {
                                let hint = format!("{type_base}{variant}Event");
                                schemas.lower(schema, &hint, &m_at, diags)
                            });
                            let text = |t| matches!(schemas.types.resolved(t), Type::String);
                            ResponseBody::Events(data.filter(|t| !text(*t)))
                        }
                        // The schema describes each value; one of an array describes the
                        // values as a whole, so its items are what each value is.
                        media::Media::Items => {
                            // An inline array's items are named `..Item` by the array's name.
                            let inline_array = matches!(
                                &media.schema,
                                Some(ReferenceOr::Item(openapiv3::Schema {
                                    schema_kind: openapiv3::SchemaKind::Type(
                                        openapiv3::Type::Array(_)
                                    ),
                                    ..
                                }))
                            );
                            let hint = if inline_array {
                                format!("{type_base}{variant}")
                            } else {
                                format!("{type_base}{variant}Item")
                            };
                            let item = match &media.schema {
                                Some(schema) => schemas.lower(schema, &hint, &m_at, diags),
                                None => schemas.types.add(Type::Any),
                            };
                            match schemas.types.resolved(item) {
                                Type::Array(each) => ResponseBody::Items(*each),
                                _ => ResponseBody::Items(item),
                            }
                        }
                        _ => ResponseBody::Binary,
                    };
                    let json = matches!(body, ResponseBody::Json(_));
                    // An event stream is always sent as what it is.
                    let ct = if matches!(body, ResponseBody::Events(_)) {
                        "text/event-stream"
                    } else {
                        ct
                    };
                    let media_type =
                        (body != ResponseBody::Untyped).then(|| media::answered(ct, json));
                    (body, media_type)
                }
                None if bodiless(status) => (ResponseBody::Empty, None),
                None => (ResponseBody::Untyped, None),
            };
            let headers = self.response_headers(
                schemas,
                response,
                &format!("{type_base}{variant}"),
                &r_at,
                diags,
            );
            out.push(Response {
                status,
                variant,
                description: response.description.clone(),
                body,
                media_type,
                headers,
            });
        }
        if out.is_empty() {
            // Without a documented response the server would have nothing to answer with.
            diags.gap(
                "no-responses",
                &format!("{at}/responses"),
                "the operation documents no response; any status is its `default` response, with the body kept untyped",
                "document its responses",
                (None, "{'200': {description: OK}}".to_owned()),
            );
            out.push(Response {
                status: Status::Default,
                variant: variants.claim(naming::camel("Default", "Status", "Status")),
                description: String::new(),
                body: ResponseBody::Untyped,
                media_type: None,
                headers: Vec::new(),
            });
        }
        out
    }

    fn response_headers(
        &self,
        schemas: &mut Schemas<'_>,
        response: &openapiv3::Response,
        type_base: &str,
        at: &str,
        diags: &mut Diagnostics,
    ) -> Vec<Header> {
        // `body` and `status` are the variant's own fields.
        let mut names = Namespace::with_reserved(&["body", "status"]);
        let mut out = Vec::new();
        for (name, header) in &response.headers {
            if name.eq_ignore_ascii_case("content-type") {
                continue;
            }
            let h_at = format!("{at}/headers/{}", pointer::escape(name));
            let header = match header {
                ReferenceOr::Item(h) => h,
                ReferenceOr::Reference { reference } => {
                    match refs::component(schemas.doc, "headers", |c| &c.headers, reference) {
                        Some(h) => h,
                        None => {
                            diags.error(
                                "unresolved-ref",
                                &h_at,
                                format!("the reference {reference} points to no header"),
                                "define it under components/headers, or fix the name",
                            );
                            continue;
                        }
                    }
                }
            };
            if !is_token(name) {
                diags.warn(
                    "invalid-name",
                    &h_at,
                    format!("`{name}` is not a valid header name; the header is left out"),
                    "",
                );
                continue;
            }
            let ty = match &header.format {
                ParameterSchemaOrContent::Schema(schema) => {
                    let hint = format!("{type_base}{}", naming::camel(name, "H", "Header"));
                    let id = schemas.lower(schema, &hint, &format!("{h_at}/schema"), diags);
                    let ok = match schemas.types.resolved(id) {
                        Type::Array(item) => schemas.types.resolved(*item).is_scalar(),
                        t => t.is_scalar(),
                    };
                    if ok {
                        id
                    } else {
                        schemas.types.add(Type::String)
                    }
                }
                ParameterSchemaOrContent::Content(_) => schemas.types.add(Type::String),
            };
            out.push(Header {
                name: Name {
                    wire: name.clone(),
                    rust: names.claim(naming::snake(name, "header")),
                },
                ty,
                required: header.required,
                description: header.description.clone(),
            });
        }
        out
    }
}

/// A parameter the path key uses but the spec does not declare: a required string, written
/// the way its location writes a single value.
fn undeclared(
    schemas: &mut Schemas<'_>,
    wire: &str,
    rust: naming::Ident,
    location: ParamLocation,
) -> Parameter {
    Parameter {
        setter: setter(&rust),
        argument: rust.clone(),
        name: Name {
            wire: wire.to_owned(),
            rust,
        },
        location,
        required: true,
        ty: schemas.types.add(Type::String),
        style: if location == ParamLocation::Query {
            Style::Form
        } else {
            Style::Simple
        },
        explode: false,
        default: None,
        description: None,
        deprecated: false,
        checks: Checks::default(),
    }
}

/// The style and explode a parameter is written with (`tsv`: Swagger 2.0's tab-separated).
fn style_of(d: &Declared<'_>, tsv: bool) -> (Style, bool) {
    let style = match d.param {
        OaParameter::Query { style, .. } => match style {
            QueryStyle::Form if tsv => Style::TabDelimited,
            QueryStyle::Form => Style::Form,
            QueryStyle::SpaceDelimited => Style::SpaceDelimited,
            QueryStyle::PipeDelimited => Style::PipeDelimited,
            QueryStyle::DeepObject => Style::DeepObject,
        },
        OaParameter::Path { style, .. } => match style {
            PathStyle::Simple => Style::Simple,
            PathStyle::Label => Style::Label,
            PathStyle::Matrix => Style::Matrix,
        },
        OaParameter::Header { .. } => Style::Simple,
        OaParameter::Cookie { .. } => Style::Form,
    };
    let explode = d.data.explode.unwrap_or(style == Style::Form);
    (style, explode)
}

/// The type a parameter is generated with: scalars, arrays of scalars, and in the query,
/// objects of scalars; anything else travels as a string.
fn param_type(
    schemas: &mut Schemas<'_>,
    id: crate::model::TypeId,
    d: &Declared<'_>,
    style: Style,
    at: &str,
    diags: &mut Diagnostics,
) -> crate::model::TypeId {
    let types = &schemas.types;
    let ok = match types.resolved(id) {
        t if t.is_scalar() => true,
        Type::Array(item) => types.resolved(*item).is_scalar(),
        Type::Struct(def) => {
            d.location == ParamLocation::Query
                && matches!(style, Style::Form | Style::DeepObject)
                && def.additional.is_none()
                && def.fields.iter().all(|f| types.resolved(f.ty).is_scalar())
        }
        Type::Map(value) => {
            d.location == ParamLocation::Query
                && matches!(style, Style::Form | Style::DeepObject)
                && types.resolved(*value).is_scalar()
        }
        _ => false,
    };
    if ok {
        return id;
    }
    diags.warn("complex-parameter", at, format!("parameter `{}` is not a scalar, an array of scalars or a query object of scalars; it is generated as a string", d.data.name), "");
    schemas.types.add(Type::String)
}

/// Follows a parameter reference into `components/parameters`; with the parameter, where it
/// is defined.
fn resolve_parameter<'d>(
    doc: &'d openapiv3::OpenAPI,
    p: &'d ReferenceOr<OaParameter>,
    at: &str,
    diags: &mut Diagnostics,
) -> Option<(String, &'d OaParameter)> {
    match p {
        ReferenceOr::Item(p) => Some((at.to_owned(), p)),
        ReferenceOr::Reference { reference } => {
            match refs::located(doc, "parameters", |c| &c.parameters, reference) {
                Some(found) => Some(found),
                None => {
                    diags.error("unresolved-ref", at, format!("the reference {reference} points to no parameter"), "define it under components/parameters (parameters in Swagger 2.0), or fix the name");
                    None
                }
            }
        }
    }
}

/// A variant name for a status: its reason phrase (`200` is `Ok`).
fn variant_name(status: Status) -> String {
    match status {
        Status::Code(code) => reason(code)
            .map(str::to_owned)
            .unwrap_or_else(|| format!("Status{code}")),
        Status::Range(1) => "Informational".to_owned(),
        Status::Range(2) => "Success".to_owned(),
        Status::Range(3) => "Redirection".to_owned(),
        Status::Range(4) => "ClientError".to_owned(),
        Status::Range(5) => "ServerError".to_owned(),
        Status::Range(d) => format!("Status{d}xx"),
        Status::Default => "Default".to_owned(),
    }
}

fn reason(code: u16) -> Option<&'static str> {
    Some(match code {
        100 => "Continue",
        101 => "Switching Protocols",
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        203 => "Non Authoritative Information",
        204 => "No Content",
        205 => "Reset Content",
        206 => "Partial Content",
        207 => "Multi Status",
        300 => "Multiple Choices",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Payload Too Large",
        414 => "Uri Too Long",
        415 => "Unsupported Media Type",
        416 => "Range Not Satisfiable",
        417 => "Expectation Failed",
        418 => "Im A Teapot",
        422 => "Unprocessable Entity",
        423 => "Locked",
        424 => "Failed Dependency",
        425 => "Too Early",
        426 => "Upgrade Required",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        451 => "Unavailable For Legal Reasons",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "Http Version Not Supported",
        _ => return None,
    })
}

/// Whether `name` is an HTTP token (what a header name must be).
fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// Statuses that never carry a body.
fn bodiless(status: Status) -> bool {
    match status {
        Status::Code(code) => matches!(code, 100..=199 | 204 | 205 | 304),
        Status::Range(class) => class == 1,
        Status::Default => false,
    }
}

/// The request builder's method that sets a field: `with_<field>`, unique as the field is, and
/// clear of the names clippy reads as conversions (`to_*`, `as_*`, `is_*`) and of `new`.
fn setter(field: &naming::Ident) -> naming::Ident {
    naming::Ident::joined(&naming::snake("with", "with"), field)
}

/// The operations of a path item, in method order.
pub fn methods(item: &PathItem) -> impl Iterator<Item = (Method, &openapiv3::Operation)> {
    Method::ALL.into_iter().filter_map(|method| {
        let op = match method {
            Method::Get => &item.get,
            Method::Put => &item.put,
            Method::Post => &item.post,
            Method::Delete => &item.delete,
            Method::Options => &item.options,
            Method::Head => &item.head,
            Method::Patch => &item.patch,
            Method::Trace => &item.trace,
        };
        op.as_ref().map(|op| (method, op))
    })
}
