use std::time::Duration;

use super::{Decoder, Event, KEEP_ALIVE, MAX_EVENT, TooLarge, encode};

/// The events `text` makes when it arrives in chunks of `size` bytes.
fn read(text: &[u8], size: usize) -> Vec<Event<String>> {
    let mut decoder = Decoder::new();
    let mut events = Vec::new();
    for chunk in text.chunks(size.max(1)) {
        decoder.push(chunk, |e| events.push(e)).unwrap();
    }
    events
}

/// The same events however the text is cut into chunks.
fn read_every_way(text: &[u8]) -> Vec<Event<String>> {
    let whole = read(text, text.len());
    for size in 1..text.len() {
        assert_eq!(read(text, size), whole, "in chunks of {size}");
    }
    whole
}

#[test]
fn fields_comments_and_line_ends() {
    let text = b"\xEF\xBB\xBF: a comment\r\nevent: add\r\ndata: 1\r\ndata:2\rid: 7\n\ndata\n\nretry: 1500\nevent: message\ndata:  x \n\n";
    let events = read_every_way(text);
    assert_eq!(
        events,
        vec![
            Event::new("1\n2".to_owned()).with_event("add").with_id("7"),
            // An empty `data` line is data; the id is the stream's last one.
            Event::new(String::new()).with_id("7"),
            // `message` is the default type; only one leading space is taken off.
            Event::new(" x ".to_owned())
                .with_id("7")
                .with_retry(Duration::from_millis(1500)),
        ]
    );
}

#[test]
fn what_the_standard_ignores_is_ignored() {
    let mut decoder = Decoder::new();
    let mut events = Vec::new();
    let text = "event: lonely\n\nid: a\0b\nretry: 12x\nretry: 300\nunknown: field\ndata: y\n\nid\ndata: z\n\ndata: unfinished";
    decoder.push(text.as_bytes(), |e| events.push(e)).unwrap();
    assert_eq!(
        events,
        vec![
            // No data, no event: and its type does not carry over.
            Event::new("y".to_owned()).with_retry(Duration::from_millis(300)),
            // An empty id clears the last one.
            Event::new("z".to_owned()),
        ]
    );
    assert_eq!(decoder.reconnect_after(), Some(Duration::from_millis(300)));
    assert_eq!(decoder.last_id(), None);
}

#[test]
fn an_endless_line_is_an_error_not_a_heap() {
    let mut decoder = Decoder::new();
    let chunk = vec![b'a'; 1 << 20];
    let mut result = Ok(());
    for _ in 0..=MAX_EVENT >> 20 {
        result = decoder.push(&chunk, |_| {});
        if result.is_err() {
            break;
        }
    }
    assert_eq!(result, Err(TooLarge));
}

#[test]
fn what_is_written_reads_back_and_data_cannot_add_fields() {
    let events = [
        Event::new("plain".to_owned()),
        Event::new("two\nlines\r\nand\rthree".to_owned())
            .with_event("update")
            .with_id("42")
            .with_retry(Duration::from_secs(2)),
        Event::new("\n\ndata: injected\n\nevent: evil".to_owned()).with_id("42"),
        Event::new(String::new()).with_id("42"),
    ];
    let mut text = String::new();
    for event in &events {
        text.push_str(&encode(event));
        text.push_str(KEEP_ALIVE);
    }
    let read = read_every_way(text.as_bytes());
    let expected: Vec<_> = events
        .iter()
        .cloned()
        .map(|e| e.map(|d| d.replace("\r\n", "\n").replace('\r', "\n")))
        .collect();
    assert_eq!(read, expected);
}

#[test]
fn fields_a_line_cannot_carry_are_left_out() {
    let event = Event::new("x".to_owned())
        .with_event("a\nb")
        .with_id("1\r\n2");
    assert_eq!(encode(&event), "data: x\n\n");
    let nul = Event::new("x".to_owned()).with_id("a\0b");
    assert_eq!(encode(&nul), "data: x\n\n");
}

#[test]
fn an_id_counts_once_its_event_ends_and_a_restart_resumes_from_it() {
    let mut decoder = Decoder::new();
    let mut events = Vec::new();
    let cut_off = "id: 1\ndata: a\n\nid: 2\ndata: b";
    decoder
        .push(cut_off.as_bytes(), |e| events.push(e))
        .unwrap();
    assert_eq!(decoder.last_id(), Some("1"));
    // The reconnection's body: the cut-off line does not join its first.
    decoder.restart();
    decoder.push(b"data: c\n\n", |e| events.push(e)).unwrap();
    assert_eq!(
        events,
        vec![
            Event::new("a".to_owned()).with_id("1"),
            Event::new("c".to_owned()).with_id("1"),
        ]
    );
}
