//! The settings' pagination rules, resolved against each operation: which parameter carries
//! the cursor, page or offset, and which fields of the response hold the items and the next
//! cursor. A rule that names an operation it cannot fit is a warning; a rule that names no
//! operations applies wherever its parameter (or, for links, a declared `Link` header) is.

use crate::config::{Config, CursorFrom, NextRule, PageRule};
use crate::diag::{Diagnostics, Severity};
use crate::model::{
    Access, CursorSource, IntKind, NextPage, Operation, PageParam, Paging, ParamLocation,
    Parameter, ResponseBody, Status, Step, Type, TypeId, TypeSpace,
};
use crate::naming::{self, Namespace};
use crate::pointer;

/// Gives each operation the first rule that fits it, with its pages method named in
/// `methods` (the client's).
pub fn paginate(
    config: &Config,
    types: &TypeSpace,
    operations: &mut [Operation],
    methods: &mut Namespace,
    diags: &mut Diagnostics,
) {
    // Whether each rule applied to an operation, or was said not to fit one.
    let mut used = std::collections::BTreeSet::new();
    for op in operations.iter_mut() {
        // Why the rules meant for it do not fit, said only if none does.
        let mut misfits = Vec::new();
        for (i, rule) in config.pagination.iter().enumerate() {
            let listed = match &rule.operations {
                Some(names) => {
                    if !names.contains(&op.name.wire) {
                        continue;
                    }
                    true
                }
                None => false,
            };
            match fit(rule, op, types, listed) {
                Fit::Yes(paging) => {
                    used.insert(i);
                    let method =
                        methods.claim(naming::snake(&format!("{}_pages", op.name.rust), "pages"));
                    op.paging = Some(Paging { method, ..*paging });
                    misfits.clear();
                    break;
                }
                Fit::Partly(why) => misfits.push((i, why)),
                Fit::No(why) if listed => misfits.push((i, why)),
                Fit::No(_) => {}
            }
        }
        for (i, why) in misfits {
            // Said once: the rule is then not also reported as fitting nothing.
            used.insert(i);
            if let Some(rule) = config.pagination.get(i) {
                warn(config, rule, &op.name.wire, &why, diags);
            }
        }
    }
    for (i, rule) in config.pagination.iter().enumerate() {
        let missing = rule
            .operations
            .iter()
            .flatten()
            .filter(|name| !operations.iter().any(|op| op.name.wire == **name));
        for name in missing {
            diags.items.push(config.diagnostic(
                Severity::Warning,
                "unused-setting",
                &pointer::push(&rule.at, "operations"),
                format!(
                    "the spec has no operation `{name}`; this pagination rule does not apply to it"
                ),
                "use the operationId, or `get /path` for an operation without one",
            ));
        }
        if !used.contains(&i) {
            diags.items.push(config.diagnostic(
                Severity::Warning,
                "unused-setting",
                &rule.at,
                "this pagination rule fits no operation; it is not used".to_owned(),
                "check the parameter's name and the response fields it names",
            ));
        }
    }
}

fn warn(config: &Config, rule: &PageRule, op: &str, why: &str, diags: &mut Diagnostics) {
    diags.items.push(config.diagnostic(
        Severity::Warning,
        "pagination-mismatch",
        &rule.at,
        format!("this pagination rule does not fit `{op}`: {why}; it gets no pages method from it"),
        "name the parameter and the response fields as the spec writes them, or list the operations the rule is for",
    ));
}

enum Fit {
    Yes(Box<Paging>),
    /// Its parameter (or `Link` header) is there, so it was meant to fit; something else is
    /// missing.
    Partly(String),
    No(String),
}

fn fit(rule: &PageRule, op: &Operation, types: &TypeSpace, listed: bool) -> Fit {
    let Some((response, body)) = op.responses.iter().find_map(|r| {
        let success = matches!(r.status, Status::Code(200..=299) | Status::Range(2));
        match r.body {
            ResponseBody::Json(t) if success => Some((r, t)),
            _ => None,
        }
    }) else {
        return Fit::No("it has no success response with a JSON body".to_owned());
    };
    let param = |name: &str| {
        op.params.iter().find(|p| {
            p.name.wire == name
                && matches!(p.location, ParamLocation::Query | ParamLocation::Header)
        })
    };
    let moving = |p: &Parameter| PageParam {
        field: p.name.rust.clone(),
        wire: p.name.wire.clone(),
        optional: !p.required && p.default.is_none(),
    };
    // What the rule keys on: without it, an operation it names nothing of is simply not one
    // of its operations.
    let keyed = match &rule.next {
        NextRule::Link(_) => {
            listed
                || response
                    .headers
                    .iter()
                    .any(|h| h.name.wire.eq_ignore_ascii_case("link"))
        }
        NextRule::Cursor { param: p, .. }
        | NextRule::Page { param: p, .. }
        | NextRule::Offset { param: p } => param(p).is_some(),
    };
    let partly = |why: String| {
        if keyed {
            Fit::Partly(why)
        } else {
            Fit::No(why)
        }
    };
    if !keyed {
        return Fit::No(match &rule.next {
            NextRule::Link(_) => "its success response declares no `Link` header".to_owned(),
            NextRule::Cursor { param, .. }
            | NextRule::Page { param, .. }
            | NextRule::Offset { param } => {
                format!("it has no query or header parameter `{param}`")
            }
        });
    }
    let (items, item) = match items(rule.items.as_deref(), body, types) {
        Ok(found) => found,
        Err(why) => return partly(why),
    };
    let more = match rule.more.as_deref().map(|p| walk(p, body, types)) {
        None => None,
        Some(Ok((access, ty))) if matches!(types.resolved(ty), Type::Bool) => Some(access),
        Some(Ok(_)) => return partly("`more` names a field that is not a boolean".to_owned()),
        Some(Err(why)) => return partly(why),
    };
    let integer = |name: &str| {
        let p = param(name)?;
        match types.resolved(p.ty) {
            Type::Integer(int) => Some((moving(p), *int)),
            _ => None,
        }
    };
    let next = match &rule.next {
        NextRule::Link(relation) => NextPage::Link(relation.clone()),
        NextRule::Page { param, first } => match integer(param) {
            Some((_, IntKind::I32)) if i32::try_from(*first).is_err() => {
                return partly(format!("`first` does not fit the parameter `{param}`"));
            }
            Some((param, _)) => NextPage::Page {
                param,
                first: *first,
            },
            None => return partly(format!("the parameter `{param}` is not an integer")),
        },
        NextRule::Offset { param } => match integer(param) {
            Some((param, int)) => NextPage::Offset { param, int },
            None => return partly(format!("the parameter `{param}` is not an integer")),
        },
        NextRule::Cursor { param: name, from } => {
            let Some(param) = param(name) else {
                return Fit::No(format!("it has no query or header parameter `{name}`"));
            };
            let (from, ty) = match from {
                CursorFrom::Body(p) => match walk(p, body, types) {
                    Ok((access, ty)) => (CursorSource::Body(access), ty),
                    Err(why) => return partly(why),
                },
                CursorFrom::Header(name) => {
                    match response
                        .headers
                        .iter()
                        .find(|h| h.name.wire.eq_ignore_ascii_case(name))
                    {
                        Some(h) => (
                            CursorSource::Header {
                                field: h.name.rust.clone(),
                                wire: h.name.wire.clone(),
                                required: h.required,
                            },
                            h.ty,
                        ),
                        None => {
                            return partly(format!(
                                "its success response declares no header `{name}`"
                            ));
                        }
                    }
                }
                CursorFrom::LastItem(field) => match walk(&pointer::push("", field), item, types) {
                    Ok((access, ty)) => (CursorSource::LastItem(access), ty),
                    Err(why) => return partly(format!("in an item, {why}")),
                },
            };
            let wanted = types.resolved(param.ty);
            let found = types.resolved(ty);
            let to_string = match (wanted, found) {
                (
                    a @ (Type::String
                    | Type::Integer(_)
                    | Type::Number(_)
                    | Type::Bool
                    | Type::Uuid),
                    b,
                ) if a == b => false,
                // Types whose text is what a query value of them would be.
                (Type::String, Type::Integer(_) | Type::Number(_) | Type::Bool | Type::Uuid) => {
                    true
                }
                _ => {
                    return partly(format!(
                        "the cursor's value does not fit the parameter `{name}`"
                    ));
                }
            };
            NextPage::Cursor {
                param: moving(param),
                from,
                to_string,
                text: matches!(found, Type::String),
            }
        }
    };
    Fit::Yes(Box::new(Paging {
        // Named by the caller once the rule is taken.
        method: naming::snake("pages", "pages"),
        page: response.clone(),
        others: op.responses.len() > 1,
        items,
        item,
        next,
        more,
    }))
}

/// Where a page's items are: where `pointer` says, else the body when it is a list, else
/// the body's one list field.
fn items(
    pointer: Option<&str>,
    body: TypeId,
    types: &TypeSpace,
) -> Result<(Access, TypeId), String> {
    let (access, list) = match pointer {
        Some(p) => walk(p, body, types)?,
        None => match types.resolved(body) {
            Type::Array(_) => (Access::default(), body),
            Type::Struct(def) => {
                let lists: Vec<_> = def
                    .fields
                    .iter()
                    .filter(|f| matches!(types.resolved(f.ty), Type::Array(_)))
                    .collect();
                match lists.as_slice() {
                    [only] => walk(&pointer::push("", &only.name.wire), body, types)?,
                    [] => return Err("its body has no list of items".to_owned()),
                    _ => {
                        return Err(format!(
                            "its body has {} lists; say which holds the items with `items`",
                            lists.len()
                        ));
                    }
                }
            }
            _ => return Err("its body is not a list or an object with one".to_owned()),
        },
    };
    match types.resolved(list) {
        Type::Array(item) => Ok((access, *item)),
        _ => Err("`items` names a field that is not a list".to_owned()),
    }
}

/// The fields a JSON pointer walks through from a value of type `from`, and the type it
/// ends at.
fn walk(p: &str, from: TypeId, types: &TypeSpace) -> Result<(Access, TypeId), String> {
    let tokens = pointer::tokens(p).ok_or_else(|| format!("`{p}` is not a JSON pointer"))?;
    let mut steps = Vec::new();
    let mut ty = from;
    for token in tokens {
        let Type::Struct(def) = types.resolved(ty) else {
            return Err(format!("`{p}` goes through a value that is not an object"));
        };
        let Some(field) = def.fields.iter().find(|f| f.name.wire == token) else {
            return Err(format!("`{p}` names no field of `{}`", def.name.as_str()));
        };
        steps.push(Step {
            field: field.name.rust.clone(),
            options: field.options(),
            boxed: field.boxed,
        });
        ty = field.ty;
    }
    Ok((Access(steps), ty))
}
