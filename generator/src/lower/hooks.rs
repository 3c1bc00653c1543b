//! Requests the API sends rather than serves: OpenAPI 3.1 `webhooks` and the `callbacks` of
//! operations, lowered as operations with the roles reversed (the API's consumer serves
//! them, the API's provider sends them), after the API's own.
//!
//! Where each is served and sent:
//! - a webhook at `/<name>` below the consumer's base URL (its name with characters other
//!   than letters, digits, `-`, `.`, `_` and `~` as `-`), so that one router serves them all;
//! - a callback at what its URL expression has after the expression itself
//!   (`{$request.body#/callbackUrl}/events` is `/events` below the URL the request gave), or
//!   at that URL itself when nothing follows it.

use openapiv3::{OpenAPI, PathItem};

use super::operation::{Operations, methods};
use super::schema::Schemas;
use super::security;
use crate::diag::Diagnostics;
use crate::load::Facts;
use crate::model::{Hook, Method, Operation, SecurityScheme};
use crate::pointer;

/// The webhooks and callbacks of `doc`, each a reversed operation.
pub fn lower(
    doc: &OpenAPI,
    facts: &Facts,
    schemas: &mut Schemas<'_>,
    ops: &mut Operations<'_>,
    schemes: &[SecurityScheme],
    diags: &mut Diagnostics,
) -> Vec<Operation> {
    let mut hooks = Vec::new();
    for (raw_path, item) in &doc.paths.paths {
        let Some(item) = item.as_item() else {
            continue;
        };
        for (method, op) in methods(item) {
            let op_at = pointer::from_tokens(["paths", raw_path.as_str(), method.key()]);
            let of = op
                .operation_id
                .clone()
                .unwrap_or_else(|| format!("{} {raw_path}", method.key()));
            for (name, callback) in &op.callbacks {
                for (expression, target) in callback {
                    let (path, exact) = callback_path(expression);
                    for (hook_method, hook_op) in methods(target) {
                        let at = pointer::from_tokens([
                            "callbacks",
                            name.as_str(),
                            expression.as_str(),
                            hook_method.key(),
                        ]);
                        let at = format!("{op_at}{at}");
                        let hook = Hook::Callback {
                            name: name.clone(),
                            of: of.clone(),
                            url: expression.clone(),
                        };
                        let fallback = name.clone();
                        let mut lowered = reversed(
                            (schemas, &mut *ops),
                            (&path, target, hook_method, hook_op),
                            (&fallback, &at, hook),
                            (doc, schemes, &mut *diags),
                        );
                        if exact {
                            // Sent to the URL the request gave, as it is; served at the root
                            // of the router the consumer mounts there.
                            lowered.path.raw = String::new();
                        }
                        hooks.push(lowered);
                    }
                }
            }
        }
    }
    for (name, item) in &facts.webhooks {
        let path = format!("/{}", path_name(name));
        for (method, op) in methods(item) {
            let at = pointer::from_tokens(["webhooks", name.as_str(), method.key()]);
            hooks.push(reversed(
                (schemas, &mut *ops),
                (&path, item, method, op),
                (name, &at, Hook::Webhook(name.clone())),
                (doc, schemes, &mut *diags),
            ));
        }
    }
    hooks
}

/// One reversed operation, named by its operationId or else `fallback`; secured only by
/// its own `security` (the document's applies to the operations it serves).
fn reversed(
    (schemas, ops): (&mut Schemas<'_>, &mut Operations<'_>),
    (path, item, method, op): (&str, &PathItem, Method, &openapiv3::Operation),
    (fallback, at, hook): (&str, &str, Hook),
    (doc, schemes, diags): (&OpenAPI, &[SecurityScheme], &mut Diagnostics),
) -> Operation {
    let named;
    let op = match &op.operation_id {
        Some(id) if !id.trim().is_empty() => op,
        _ => {
            named = openapiv3::Operation {
                operation_id: Some(fallback.to_owned()),
                ..op.clone()
            };
            &named
        }
    };
    let mut lowered = ops.lower(schemas, path, item, method, op, at, diags);
    let none = Vec::new();
    lowered.security = security::requirements(
        Some(op.security.as_ref().unwrap_or(&none)),
        doc,
        schemes,
        at,
        diags,
    );
    lowered.hook = Some(hook);
    lowered
}

/// Where a callback is served, from its URL expression: the path after a leading
/// `{$...}` expression when it is a plain path, and whether the callback is sent to the
/// expression's URL itself (nothing after it, or more than a plain path).
fn callback_path(expression: &str) -> (String, bool) {
    let rest = expression
        .strip_prefix('{')
        .and_then(|e| e.split_once('}'))
        .map(|(_, rest)| rest);
    match rest {
        Some(rest) if rest.starts_with('/') && !rest.contains(['{', '}', '?', '#']) => {
            (rest.to_owned(), false)
        }
        _ => ("/".to_owned(), true),
    }
}

/// A webhook's name as one path segment.
fn path_name(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "-._~".contains(c) {
                c
            } else {
                '-'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn callbacks_are_served_after_their_expression() {
        assert_eq!(
            callback_path("{$request.body#/callbackUrl}/events"),
            ("/events".to_owned(), false)
        );
        assert_eq!(
            callback_path("{$request.body#/callbackUrl}"),
            ("/".to_owned(), true)
        );
        assert_eq!(
            callback_path("https://example.com/x?id={$request.body#/id}"),
            ("/".to_owned(), true)
        );
        assert_eq!(
            callback_path("{$request.query.url}/a/{$request.body#/id}"),
            ("/".to_owned(), true)
        );
        assert_eq!(path_name("order notification/v2"), "order-notification-v2");
    }
}
