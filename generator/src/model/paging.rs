//! Paginated operations: how a page leads to the next, as lowering resolved the settings'
//! rules against the operation's parameters and response types.

use crate::naming::Ident;

use super::{IntKind, Response, TypeId};

/// A paginated operation's client method, and how each page leads to the next.
#[derive(Clone, Debug)]
pub struct Paging {
    /// The client method giving the pages (`list_tasks_pages`).
    pub method: Ident,
    /// The response a page is: a success with a JSON body.
    pub page: Response,
    /// Whether the operation documents other responses, which a page may also be.
    pub others: bool,
    /// From the page's body to its items (a list).
    pub items: Access,
    /// An item's type.
    pub item: TypeId,
    pub next: NextPage,
    /// From the page's body to a boolean that is false on the last page.
    pub more: Option<Access>,
}

/// How the request for the next page is made.
#[derive(Clone, Debug)]
pub enum NextPage {
    /// The same request, sent to the `Link` header's target with this relation.
    Link(String),
    /// The request with a parameter set to a cursor the page gives.
    Cursor {
        param: PageParam,
        from: CursorSource,
        /// Whether the cursor's value is turned into text for a string parameter, rather than
        /// cloned as it is.
        to_string: bool,
        /// Whether an empty string also means there is no next page.
        text: bool,
    },
    /// The request with an integer page number (a parameter) one higher; `first` is the
    /// number of the page a request without one gets. An empty page is the last.
    Page { param: PageParam, first: i64 },
    /// The request with an integer offset (a parameter) advanced by the page's item count.
    /// An empty page is the last.
    Offset { param: PageParam, int: IntKind },
}

/// Where a page's cursor for the next one is.
#[derive(Clone, Debug)]
pub enum CursorSource {
    /// In the body.
    Body(Access),
    /// In a header of the page's response: its field in the response variant, its name,
    /// and whether the spec says it is always sent.
    Header {
        field: Ident,
        wire: String,
        required: bool,
    },
    /// In the page's last item.
    LastItem(Access),
}

/// A walk through struct fields, from a value to one inside it; empty for the value itself.
#[derive(Clone, Debug, Default)]
pub struct Access(pub Vec<Step>);

/// One field on the way.
#[derive(Clone, Debug)]
pub struct Step {
    pub field: Ident,
    /// How many `Option`s the field's value is held in (0 to 2: absent, then null).
    pub options: u8,
    /// Held in a `Box`.
    pub boxed: bool,
}

/// The request parameter that moves from page to page.
#[derive(Clone, Debug)]
pub struct PageParam {
    /// Its field in the request struct.
    pub field: Ident,
    /// As the spec names it.
    pub wire: String,
    /// Whether the request struct holds it in an `Option`.
    pub optional: bool,
}
