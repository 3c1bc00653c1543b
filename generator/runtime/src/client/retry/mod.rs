//! Sending a call again after a failure that says a later attempt may succeed.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::{Duration, SystemTime};

use http::{HeaderMap, HeaderName, HeaderValue, StatusCode};

use super::{Error, ErrorKind};

/// Statuses that say the same request may succeed later: a timeout, too many requests, and
/// the server or a gateway failing or overloaded.
const RETRYABLE: &[u16] = &[408, 425, 429, 500, 502, 503, 504];

/// When a failed call is sent again, and how long the client waits in between.
///
/// The default ([`RetryPolicy::default`]) sends a call at most 3 times, and only when sending
/// it twice does no harm: calls with an idempotent method (`GET`, `HEAD`, `OPTIONS`, `PUT`,
/// `DELETE`, `TRACE`) that failed with 408, 425, 429, 500, 502, 503 or 504, timed out, or
/// could not connect, and calls of any method that could not connect (nothing was sent).
/// Between attempts it waits what the response's `Retry-After` says (seconds or an HTTP
/// date), or else an exponential backoff with full jitter: a random time up to 100 ms, then
/// up to 200 ms, and so on up to 5 s. It never waits past 30 s from the first attempt: a
/// `Retry-After` longer than that ends the call with the response that said it.
///
/// Each attempt builds the request again from the call's input, so bodies are sent whole
/// every time. A client is cheap to clone, so `client.clone().with_retry(..)` sets a policy
/// for one call.
#[derive(Clone, Debug)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_delay: Duration,
    max_delay: Duration,
    max_elapsed: Duration,
    any_method: bool,
    idempotency_key: Option<HeaderName>,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(5),
            max_elapsed: Duration::from_secs(30),
            any_method: false,
            idempotency_key: None,
        }
    }
}

impl RetryPolicy {
    /// Every call is sent once.
    pub fn never() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// How many times a call is sent at most, the first time included (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The backoff: the first wait is a random time up to `initial`, each next one up to
    /// twice the last bound, never more than `max`. A `Retry-After` replaces it.
    pub fn backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_delay = initial;
        self.max_delay = max.max(initial);
        self
    }

    /// The longest a call keeps trying, from its first attempt: no wait is begun that would
    /// end later.
    pub fn max_elapsed(mut self, limit: Duration) -> Self {
        self.max_elapsed = limit;
        self
    }

    /// Retries calls of every method, `POST` and `PATCH` included: for APIs that apply a
    /// request once however often it is sent (see also [`RetryPolicy::idempotency_key`]).
    pub fn any_method(mut self) -> Self {
        self.any_method = true;
        self
    }

    /// For APIs that deduplicate requests by a key (Stripe's `Idempotency-Key`, say): every
    /// call of a non-idempotent method gets a fresh random key in `header`, the same for all
    /// of its attempts, and is retried like an idempotent one. A call whose request already
    /// carries the header (a parameter of the operation) keeps its own key.
    pub fn idempotency_key(mut self, header: &str) -> Result<Self, Error> {
        let name = HeaderName::from_bytes(header.as_bytes())
            .map_err(|_| Error::invalid(format!("{header:?} is not a header name")))?;
        self.idempotency_key = Some(name);
        Ok(self)
    }

    /// The header and a fresh key for a call of `method`, when the policy sends one.
    pub(crate) fn key_for(&self, method: &str) -> Option<(HeaderName, HeaderValue)> {
        let header = self.idempotency_key.as_ref()?;
        if idempotent(method) {
            return None;
        }
        Some((header.clone(), random_key()))
    }

    /// Whether an attempt of a call may be followed by another; `keyed` when the call carries
    /// an idempotency key.
    fn may_repeat(&self, method: &str, keyed: bool) -> bool {
        self.any_method || keyed || idempotent(method)
    }

    /// How long to wait before attempt `attempt + 1`, after attempt `attempt` (from 1) ended
    /// in `failure`, `elapsed` after the first began; `None` when the call ends here.
    pub(crate) fn next_wait(
        &self,
        method: &str,
        keyed: bool,
        attempt: u32,
        failure: Failure<'_>,
        elapsed: Duration,
    ) -> Option<Duration> {
        if attempt >= self.max_attempts {
            return None;
        }
        let wait = match failure {
            // Nothing was sent, so any method may go again.
            Failure::Connect => self.backoff_wait(attempt),
            Failure::Timeout if self.may_repeat(method, keyed) => self.backoff_wait(attempt),
            Failure::Status(status, headers)
                if RETRYABLE.contains(&status.as_u16()) && self.may_repeat(method, keyed) =>
            {
                match retry_after(headers, SystemTime::now()) {
                    Some(wait) => wait,
                    None => self.backoff_wait(attempt),
                }
            }
            _ => return None,
        };
        (elapsed + wait <= self.max_elapsed).then_some(wait)
    }

    /// A random wait up to the backoff's bound for `attempt` (full jitter: clients that failed
    /// together do not come back together).
    fn backoff_wait(&self, attempt: u32) -> Duration {
        let bound = self
            .initial_delay
            .saturating_mul(1u32 << (attempt - 1).min(20))
            .min(self.max_delay);
        let nanos = u64::try_from(bound.as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(random() % nanos.saturating_add(1))
    }
}

/// How an attempt failed, as far as retrying cares.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Failure<'a> {
    /// No connection could be made: nothing was sent.
    Connect,
    /// The attempt ran out of time; the server may have acted on it.
    Timeout,
    /// The server answered with this status and these headers.
    Status(StatusCode, &'a HeaderMap),
    /// Anything else: trying again would fail the same way.
    Final,
}

impl<'a> Failure<'a> {
    /// What an error that ended an attempt says.
    pub(crate) fn of(error: &'a Error) -> Self {
        if error.is_connect() {
            Failure::Connect
        } else if error.is_timeout() {
            Failure::Timeout
        } else if let ErrorKind::UnexpectedStatus(response) = error.kind() {
            Failure::Status(response.status, &response.headers)
        } else {
            Failure::Final
        }
    }
}

/// Methods that leave the server as one request would, however often they are sent (RFC 9110,
/// section 9.2.2).
fn idempotent(method: &str) -> bool {
    matches!(
        method,
        "GET" | "HEAD" | "OPTIONS" | "PUT" | "DELETE" | "TRACE"
    )
}

/// The wait a `Retry-After` header asks for, from `now`: a number of seconds or an HTTP date
/// (a date already past asks for none). `None` without a header or with one that is neither.
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let text = headers
        .get(http::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(seconds) = text.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = chrono::DateTime::parse_from_rfc2822(text).ok()?;
    let date = SystemTime::from(date.with_timezone(&chrono::Utc));
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

/// 64 random bits, from the seed the standard library draws from the system for each hasher.
fn random() -> u64 {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(
        SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos().into()),
    );
    hasher.finish()
}

/// A random version 4 UUID, in its text form.
fn random_key() -> HeaderValue {
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&random().to_le_bytes());
    bytes[8..].copy_from_slice(&random().to_le_bytes());
    let key = uuid::Builder::from_random_bytes(bytes).into_uuid();
    let mut text = [0u8; uuid::fmt::Hyphenated::LENGTH];
    // Hex digits and hyphens: always a valid header value.
    HeaderValue::from_bytes(key.hyphenated().encode_lower(&mut text).as_bytes())
        .unwrap_or(HeaderValue::from_static("0"))
}

#[cfg(test)]
mod tests;
