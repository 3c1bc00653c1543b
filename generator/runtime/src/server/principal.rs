//! Who a request to a secured operation comes from, as the implementation's authentication
//! hook decided.

use std::any::Any;
use std::fmt;
use std::sync::Arc;

/// What the generated `Api::authenticate` returns for a request it accepts: any value the
/// implementation chooses (a user, an account, a set of scopes), which the operation's method
/// reads back with [`RequestContext::principal`](super::RequestContext::principal).
#[derive(Clone, Default)]
pub struct Principal(Option<Arc<dyn Any + Send + Sync>>);

impl Principal {
    /// The principal `value`.
    pub fn new<T: Any + Send + Sync>(value: T) -> Self {
        Principal(Some(Arc::new(value)))
    }

    /// No principal: the request is accepted without saying who sent it.
    pub fn anonymous() -> Self {
        Principal(None)
    }

    /// The value, when there is one of type `T`.
    pub fn get<T: Any>(&self) -> Option<&T> {
        self.0.as_deref().and_then(|value| value.downcast_ref())
    }
}

/// Principals may hold secrets; their values never show in logs.
impl fmt::Debug for Principal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(_) => f.write_str("Principal(..)"),
            None => f.write_str("Principal::anonymous()"),
        }
    }
}
