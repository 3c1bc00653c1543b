use std::time::{Duration, SystemTime};

use http::{HeaderMap, HeaderValue, StatusCode};

use super::{Failure, RetryPolicy, retry_after};

fn headers(retry_after: Option<&str>) -> HeaderMap {
    let mut headers = HeaderMap::new();
    if let Some(value) = retry_after {
        headers.insert(
            http::header::RETRY_AFTER,
            HeaderValue::from_str(value).unwrap(),
        );
    }
    headers
}

fn status(code: u16, headers: &HeaderMap) -> Failure<'_> {
    Failure::Status(StatusCode::from_u16(code).unwrap(), headers)
}

#[test]
fn retry_after_reads_seconds_and_http_dates() {
    let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_445_412_480);
    assert_eq!(
        retry_after(&headers(Some("120")), now),
        Some(Duration::from_secs(120))
    );
    // 07:28:00 against `now` at 07:28:00 less 60 s.
    let now_minus_minute = SystemTime::UNIX_EPOCH + Duration::from_secs(1_445_412_420);
    assert_eq!(
        retry_after(
            &headers(Some("Wed, 21 Oct 2015 07:28:00 GMT")),
            now_minus_minute
        ),
        Some(Duration::from_secs(60))
    );
    // A date already past asks for no wait.
    assert_eq!(
        retry_after(&headers(Some("Wed, 21 Oct 2015 07:00:00 GMT")), now),
        Some(Duration::ZERO)
    );
    assert_eq!(retry_after(&headers(Some("soon")), now), None);
    assert_eq!(retry_after(&headers(Some("-5")), now), None);
    assert_eq!(retry_after(&headers(None), now), None);
}

#[test]
fn idempotent_calls_are_retried_on_statuses_that_say_so() {
    let policy = RetryPolicy::default();
    let none = headers(None);
    for code in [408, 425, 429, 500, 502, 503, 504] {
        let wait = policy.next_wait("GET", false, 1, status(code, &none), Duration::ZERO);
        assert!(wait.is_some(), "{code}");
    }
    for code in [400, 401, 404, 409, 501] {
        let wait = policy.next_wait("GET", false, 1, status(code, &none), Duration::ZERO);
        assert_eq!(wait, None, "{code}");
    }
    assert!(
        policy
            .next_wait("PUT", false, 1, Failure::Timeout, Duration::ZERO)
            .is_some()
    );
    assert_eq!(
        policy.next_wait("GET", false, 1, Failure::Final, Duration::ZERO),
        None
    );
}

#[test]
fn other_methods_are_retried_only_unsent_keyed_or_when_asked() {
    let policy = RetryPolicy::default();
    let none = headers(None);
    assert_eq!(
        policy.next_wait("POST", false, 1, status(503, &none), Duration::ZERO),
        None
    );
    assert_eq!(
        policy.next_wait("PATCH", false, 1, Failure::Timeout, Duration::ZERO),
        None
    );
    // Nothing was sent.
    assert!(
        policy
            .next_wait("POST", false, 1, Failure::Connect, Duration::ZERO)
            .is_some()
    );
    // The server knows the attempts for one by their key.
    assert!(
        policy
            .next_wait("POST", true, 1, status(503, &none), Duration::ZERO)
            .is_some()
    );
    let any = RetryPolicy::default().any_method();
    assert!(
        any.next_wait("POST", false, 1, status(503, &none), Duration::ZERO)
            .is_some()
    );
}

#[test]
fn attempts_and_time_are_bounded() {
    let none = headers(None);
    let policy = RetryPolicy::default();
    assert!(
        policy
            .next_wait("GET", false, 2, status(503, &none), Duration::ZERO)
            .is_some()
    );
    assert_eq!(
        policy.next_wait("GET", false, 3, status(503, &none), Duration::ZERO),
        None
    );
    assert_eq!(
        RetryPolicy::never().next_wait("GET", false, 1, status(503, &none), Duration::ZERO),
        None
    );
    // A Retry-After that would end past the limit ends the call instead.
    let later = headers(Some("31"));
    assert_eq!(
        policy.next_wait("GET", false, 1, status(503, &later), Duration::ZERO),
        None
    );
    let soon = headers(Some("2"));
    assert_eq!(
        policy.next_wait("GET", false, 1, status(429, &soon), Duration::ZERO),
        Some(Duration::from_secs(2))
    );
    assert_eq!(
        policy.next_wait("GET", false, 1, status(429, &soon), Duration::from_secs(29)),
        None
    );
}

#[test]
fn backoff_waits_grow_up_to_their_cap() {
    let policy = RetryPolicy::default()
        .max_attempts(10)
        .backoff(Duration::from_millis(10), Duration::from_millis(50));
    let bounds = [10, 20, 40, 50, 50, 50];
    for (attempt, bound) in (1..).zip(bounds) {
        for _ in 0..50 {
            let wait = policy.backoff_wait(attempt);
            assert!(wait <= Duration::from_millis(bound), "{attempt}: {wait:?}");
        }
    }
    // Jittered: fifty draws are not all the same.
    let draws: std::collections::HashSet<_> = (0..50).map(|_| policy.backoff_wait(3)).collect();
    assert!(draws.len() > 1);
    // A huge attempt number neither overflows nor passes the cap.
    assert!(policy.backoff_wait(u32::MAX) <= Duration::from_millis(50));
}

#[test]
fn idempotency_keys_are_fresh_uuids_for_non_idempotent_methods() {
    let policy = RetryPolicy::default()
        .idempotency_key("Idempotency-Key")
        .unwrap();
    assert_eq!(policy.key_for("GET"), None);
    let (name, first) = policy.key_for("POST").unwrap();
    assert_eq!(name, "idempotency-key");
    let (_, second) = policy.key_for("POST").unwrap();
    assert_ne!(first, second);
    let key = uuid::Uuid::parse_str(first.to_str().unwrap()).unwrap();
    assert_eq!(key.get_version_num(), 4);
    assert!(RetryPolicy::default().key_for("POST").is_none());
    assert!(
        RetryPolicy::default()
            .idempotency_key("bad header")
            .is_err()
    );
}
