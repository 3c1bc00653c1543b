//! A paginated operation's `<operation>_pages` client method: the runtime's `Pages` stream,
//! given how to fetch a page, how a page leads to the next and where its items are.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::docs;
use super::gates;
use super::ops::has_fields;
use super::rust::{ident, type_ref};
use crate::model::{
    Access, Api, CursorSource, IntKind, NextPage, Operation, PageParam, Paging, Step,
};

/// The pages method of `op`, a member of `impl Client`.
pub fn method(api: &Api, op: &Operation, paging: &Paging) -> TokenStream {
    let cfg = gates::op(api, op);
    let name = ident(&paging.method);
    let call = ident(&op.name.rust);
    let request = ident(&op.request_type);
    let response = ident(&op.response_type);
    let item = type_ref(&api.types, paging.item, &quote!(types::));
    let page = &paging.page;
    let variant = ident(&page.variant);
    let header = match &paging.next {
        NextPage::Cursor {
            from: CursorSource::Header { field, .. },
            ..
        } => Some(ident(field)),
        _ => None,
    };
    let pattern = |cursor: Option<&proc_macro2::Ident>| {
        // A cursor from a header may be all a page's reply is read for.
        let body = (cursor.is_none() || paging.more.is_some()).then(|| quote!(body,));
        if has_fields(page) {
            let cursor = cursor.map(|field| quote!(#field: cursor,));
            quote!(types::#response::#variant { #body #cursor .. })
        } else {
            quote!(types::#response::#variant(body))
        }
    };
    // With one documented response the patterns cannot fail, and are written as such.
    let refutable = paging.others;
    let taken = take(quote!(body), &paging.items);
    let items = if refutable {
        let pattern = pattern(None);
        quote!(|response| match response {
            #pattern => Ok(#taken),
            other => Err(other),
        })
    } else {
        let pattern = pattern(None);
        quote!(|#pattern| Ok(#taken))
    };
    let next = match &paging.next {
        NextPage::Link(relation) => quote!(rt::client::Next::Link(#relation)),
        _ => {
            let pattern = pattern(header.as_ref());
            let bind = if refutable {
                quote!(let #pattern = &**reply else { return None; };)
            } else {
                quote!(let #pattern = &**reply;)
            };
            let more = paging
                .more
                .as_ref()
                .map(|more| match read(quote!(body), more) {
                    (place, false) => quote!(if !#place { return None; }),
                    (found, true) => quote!(if #found != Some(&true) { return None; }),
                });
            let advance = advance(paging);
            quote!(rt::client::Next::Request(|request, reply| {
                #bind
                #more
                #advance
            }))
        }
    };
    let docs = docs::outer(&[
        Some(&format!(
            "Every page of [`{call}`](Self::{call}), each fetched as the stream is read: the first with `request`, each next one {}.",
            how(paging)
        )),
        Some(
            "[`items`](rt::client::Pages::items) gives the items one by one instead; [`max_pages`](rt::client::Pages::max_pages) stops early.",
        ),
    ]);
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    quote! {
        #cfg
        #docs
        #deprecated
        pub fn #name(&self, request: types::#request) -> rt::client::Pages<types::#response, #item> {
            rt::client::Pages::new(
                &self.transport,
                request,
                |transport, request| Box::pin(async move { Self { transport }.#call(request).await }),
                #next,
                #items,
            )
        }
    }
}

/// The body of the closure that makes the next page's request from `request` and the page's
/// `body` (and header `cursor`), or returns `None` at the end.
fn advance(paging: &Paging) -> TokenStream {
    let items = read(quote!(body), &paging.items);
    let empty = match &items {
        (place, false) => quote!(#place.is_empty()),
        (found, true) => quote!(#found.is_none_or(Vec::is_empty)),
    };
    // Statements that find the parameter's next value (or return at the end), and the value.
    let (param, find, value) = match &paging.next {
        // Followed by the runtime, which needs no closure's help.
        NextPage::Link(_) => return quote!(None),
        NextPage::Cursor {
            param,
            from,
            to_string,
            text,
        } => {
            let find = match from {
                CursorSource::Body(access) => match read(quote!(body), access) {
                    (place, false) => quote!(let cursor = &#place;),
                    (found, true) => quote!(let cursor = #found?;),
                },
                CursorSource::Header { required, .. } => {
                    if *required {
                        TokenStream::new()
                    } else {
                        quote!(let cursor = cursor.as_ref()?;)
                    }
                }
                CursorSource::LastItem(access) => {
                    let last = match &items {
                        (place, false) => quote!(let last = #place.last()?;),
                        (found, true) => {
                            quote!(let last = #found.and_then(|items| items.last())?;)
                        }
                    };
                    let cursor = match read(quote!(last), access) {
                        (place, false) => quote!(let cursor = &#place;),
                        (found, true) => quote!(let cursor = #found?;),
                    };
                    quote!(#last #cursor)
                }
            };
            let empty = text.then(|| {
                quote!(if cursor.is_empty() {
                    return None;
                })
            });
            let value = if *to_string {
                quote!(cursor.to_string())
            } else if *text {
                quote!(cursor.clone())
            } else {
                quote!(*cursor)
            };
            (param, quote!(#find #empty), value)
        }
        NextPage::Page { param, first } => {
            let current = current(param, Literal::i64_unsuffixed(*first));
            let find = quote!(if #empty { return None; });
            (param, find, quote!(#current.checked_add(1)?))
        }
        NextPage::Offset { param, int } => {
            let current = current(param, Literal::i64_unsuffixed(0));
            let int = match int {
                IntKind::I32 => quote!(i32),
                IntKind::I64 => quote!(i64),
            };
            let count = match &items {
                (place, false) => quote!(#place.len()),
                (found, true) => quote!(#found.map_or(0, Vec::len)),
            };
            let find = quote! {
                let count = #count;
                if count == 0 { return None; }
            };
            (
                param,
                find,
                quote!(#current.checked_add(#int::try_from(count).ok()?)?),
            )
        }
    };
    let field = ident(&param.field);
    let value = if param.optional {
        quote!(Some(#value))
    } else {
        value
    };
    quote! {
        #find
        let mut next = request.clone();
        next.#field = #value;
        Some(next)
    }
}

/// The parameter's value in `request`, or `otherwise` when it is left out.
fn current(p: &PageParam, otherwise: Literal) -> TokenStream {
    let field = ident(&p.field);
    if p.optional {
        quote!(request.#field.unwrap_or(#otherwise))
    } else {
        quote!(request.#field)
    }
}

/// How the next page's request is made, for the method's docs.
fn how(paging: &Paging) -> String {
    let param = |p: &PageParam| p.wire.clone();
    match &paging.next {
        NextPage::Link(relation) => format!(
            "sent to the page's `Link` header target with `rel=\"{relation}\"`, until there is none"
        ),
        NextPage::Cursor { param: p, from, .. } => {
            let from = match from {
                CursorSource::Body(access) => format!("the body's `{}`", path(access)),
                CursorSource::Header { wire, .. } => format!("the `{wire}` header"),
                CursorSource::LastItem(access) => format!("the last item's `{}`", path(access)),
            };
            format!(
                "with `{}` set to {from}, until the page gives none",
                param(p)
            )
        }
        NextPage::Page { param: p, .. } => {
            format!(
                "with the page number `{}` one higher, until a page is empty",
                param(p)
            )
        }
        NextPage::Offset { param: p, .. } => format!(
            "with the offset `{}` moved past the page's items, until a page is empty",
            param(p)
        ),
    }
}

fn path(access: &Access) -> String {
    let names: Vec<&str> = access.0.iter().map(|s| s.field.as_str()).collect();
    names.join(".")
}

/// A place expression for the value `access` reaches from `root` (a reference), or, when a
/// field on the way may be absent, an `Option` of a reference to it (`true`).
fn read(root: TokenStream, access: &Access) -> (TokenStream, bool) {
    let mut expr = root;
    let mut optional = false;
    for Step {
        field,
        options,
        boxed,
    } in &access.0
    {
        let field = ident(field);
        let unwrap = if *boxed {
            quote!(as_deref)
        } else {
            quote!(as_ref)
        };
        let inner = (*options == 2).then(|| quote!(.and_then(Option::#unwrap)));
        let outer = if *options == 2 {
            quote!(as_ref)
        } else {
            unwrap.clone()
        };
        expr = match (optional, options) {
            (false, 0) => quote!(#expr.#field),
            (false, _) => quote!(#expr.#field.#outer() #inner),
            (true, 0) if *boxed => quote!(#expr.map(|v| &*v.#field)),
            (true, 0) => quote!(#expr.map(|v| &v.#field)),
            (true, _) => quote!(#expr.and_then(|v| v.#field.#outer()) #inner),
        };
        optional |= *options > 0;
    }
    (expr, optional)
}

/// An expression that moves the list `access` reaches out of `root` (owned); an absent list
/// is an empty one.
fn take(root: TokenStream, access: &Access) -> TokenStream {
    let mut expr = root;
    let mut optional = false;
    for Step {
        field,
        options,
        boxed,
    } in &access.0
    {
        let field = ident(field);
        let flatten = (*options == 2).then(|| quote!(.flatten()));
        let unbox = (*boxed && *options > 0).then(|| quote!(.map(|v| *v)));
        expr = match (optional, options) {
            (false, 0) if *boxed => quote!((*#expr.#field)),
            (false, 0) => quote!(#expr.#field),
            (false, _) => quote!(#expr.#field #flatten #unbox),
            (true, 0) if *boxed => quote!(#expr.map(|v| *v.#field)),
            (true, 0) => quote!(#expr.map(|v| v.#field)),
            (true, _) => quote!(#expr.and_then(|v| v.#field) #flatten #unbox),
        };
        optional |= *options > 0;
    }
    if optional {
        quote!(#expr.unwrap_or_default())
    } else {
        expr
    }
}
