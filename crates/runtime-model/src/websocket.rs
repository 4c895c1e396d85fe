//! WebSockets, the run's side (no JS values; R21): the pairs `new WebSocketPair()` makes,
//! which end the worker accepted and how, and the scenario's client on the other end.
//!
//! A pair is numbered from 1 in the order the run makes it; an end is (pair, 0 or 1).
//! The worker keeps one end (it calls `accept()`, or a Durable Object's
//! `ctx.acceptWebSocket()`) and answers with the other (`new Response(null, { status:
//! 101, webSocket })`). When that response reaches the scenario's client, the pair is
//! connected to the client's request: what the worker sends is what the client receives
//! (`RequestOutcome::messages`), and the client's messages and its close are delivered
//! to the end the worker kept, each at a time the schedule draws.
//!
//! The worker may also keep both ends (`accept()` on each, or a Durable Object's socket
//! whose other end crossed to its caller, who accepted it): then what one end sends is
//! delivered to the other, as a task of its own (`TaskKind::WsPeer`).
//!
//! Invariants: an end is accepted at most once; a pair is connected to at most one
//! client, once; frames are queued in `outbox` only while the pair has no client.

use std::cell::RefCell;

use serde::{Deserialize, Serialize};

use crate::model::MsRange;

/// One end of a pair: (pair number, 0 or 1).
pub(crate) type End = (u32, u8);

/// How the worker accepted its end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Accepted {
    /// `ws.accept()`, by request `request`: events reach the socket's listeners in that
    /// request's I/O context, which the open socket keeps alive.
    Plain { request: u32 },
    /// `ctx.acceptWebSocket(ws, tags)` in Durable Object `object`: each event is a call of
    /// its own to the object's `webSocketMessage`/`webSocketClose` handlers, through its
    /// input gate, and the socket does not keep the object in memory (it may hibernate).
    Hibernatable { object: u32, tags: Vec<String>, order: u32 },
}

/// What the client receives or the worker sends: a text or a binary message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Frame {
    /// A text message.
    Text(String),
    /// A binary message.
    Binary(Vec<u8>),
}

/// What a client keeps of the messages it receives, in bytes: past it, one last entry
/// counts what was not kept (a worker flooding its client cannot exhaust the tool).
pub(crate) const RECEIVED_BYTES_MAX: usize = 1 << 20;

/// How much of a message the trace shows.
const SHOWN_CHARS_MAX: usize = 200;

impl Frame {
    /// Its length in bytes.
    pub(crate) fn len(&self) -> usize {
        match self {
            Frame::Text(text) => text.len(),
            Frame::Binary(bytes) => bytes.len(),
        }
    }

    /// How a report shows the frame: text as itself, bytes as `<binary: hex>`.
    pub(crate) fn shown(&self) -> String {
        match self {
            Frame::Text(text) => text.clone(),
            Frame::Binary(bytes) => {
                let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
                format!("<binary: {hex}>")
            }
        }
    }

    /// The frame as the trace shows it: at most [`SHOWN_CHARS_MAX`] characters, then its
    /// size.
    pub(crate) fn preview(&self) -> String {
        let shown = self.shown();
        if shown.chars().count() <= SHOWN_CHARS_MAX {
            return shown;
        }
        let head: String = shown.chars().take(SHOWN_CHARS_MAX).collect();
        format!("{head}… ({} bytes)", self.len())
    }
}

/// Appends `frame` to `kept` while the frames kept stay within [`RECEIVED_BYTES_MAX`];
/// past it, the last entry is a text frame counting the bytes not kept.
pub(crate) fn keep(kept: &mut Vec<Frame>, frame: Frame) {
    const MARK: &str = "<not kept: ";
    let size: usize = kept.iter().map(Frame::len).sum();
    if let Some(Frame::Text(last)) = kept.last_mut()
        && let Some(count) = last.strip_prefix(MARK).and_then(|rest| rest.strip_suffix(" bytes>"))
    {
        let total = count.parse::<usize>().unwrap_or(0) + frame.len();
        *last = format!("{MARK}{total} bytes>");
        return;
    }
    if size + frame.len() <= RECEIVED_BYTES_MAX {
        kept.push(frame);
    } else {
        kept.push(Frame::Text(format!("{MARK}{} bytes>", frame.len())));
    }
}

/// A scenario request's WebSocket client (`websocket` in `[[request]]`): once the
/// worker's 101 response arrives, it sends `send` one by one, each after a drawn
/// `interval`, then closes with `close` (unless `None`: it stays open).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebSocketClientSpec {
    /// The text messages the client sends, in order.
    pub send: Vec<String>,
    /// The time before each message and before the close; the schedule draws it.
    pub interval: MsRange,
    /// How the client ends after its last message.
    pub close: ClientClose,
}

/// How a scenario's WebSocket client ends its connection after its last message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClientClose {
    /// It sends a Close frame with this code and reason.
    Code(u16, String),
    /// It keeps the connection open.
    Open,
    /// It disconnects without a Close frame (a closed tab, a lost network): the worker's
    /// end receives workerd's abnormal closure, [`DROPPED_CODE`] and [`DROPPED_REASON`],
    /// not clean.
    Drop,
}

/// The close code a worker's end receives when its client disconnects without a Close
/// frame (RFC 6455's 1006, never sent on the wire; workerd 1.20261117).
pub const DROPPED_CODE: u16 = 1006;
/// The reason that comes with it (workerd 1.20261117).
pub const DROPPED_REASON: &str = "WebSocket disconnected without sending Close frame.";

/// A client's interval when the scenario gives none.
pub(crate) const DEFAULT_INTERVAL: MsRange = MsRange { min: 1, max: 20 };

impl Default for WebSocketClientSpec {
    /// Sends nothing, and closes with 1000 after one interval.
    fn default() -> Self {
        Self { send: Vec::new(), interval: DEFAULT_INTERVAL, close: ClientClose::Code(1000, String::new()) }
    }
}

/// What one end of a pair sends the other when the worker holds both.
#[derive(Clone, Debug)]
pub(crate) enum PeerEvent {
    Message(Frame),
    Close(u16, String),
}

/// One pair's state.
#[derive(Debug)]
pub(crate) struct Pair {
    /// The isolate its JS objects live in.
    pub isolate: u32,
    /// How the worker accepted each end, if it did.
    pub accepted: [Option<Accepted>; 2],
    /// The scenario request whose client holds the end it was given, and that end.
    pub client: Option<u32>,
    pub given: u8,
    /// Events for each end from the other, in order, when the worker holds both: the
    /// request that sent each, and the event.
    pub inbox: [std::collections::VecDeque<(crate::trace::Owner, PeerEvent)>; 2],
    /// Which ends have sent their close.
    pub sent_close: [bool; 2],
    /// One end crossed to another request in a Durable Object's (or a service's) 101
    /// answer: the end kept with `accept()` keeps its request open, as a client would.
    pub crossed: bool,
    /// Frames the worker sent before its response reached the client.
    pub outbox: Vec<Frame>,
    /// The close the worker sent (code, reason), if it did.
    pub closed_by_worker: Option<(u16, String)>,
    /// The close the client sent (code, reason), if it did; [`DROPPED_CODE`] when it
    /// disconnected without one.
    pub closed_by_client: Option<(u16, String)>,
    /// The client disconnected without a Close frame: nothing reaches it any more.
    pub dropped: bool,
    /// Bytes each end sent that the runtime has not written yet (`bufferedAmount`): until
    /// the current task ends, or, before the client connects, until it does.
    pub buffered: [u64; 2],
    /// The serialised attachment of the kept end (`serializeAttachment`).
    pub attachment: Option<String>,
    /// When the runtime last answered the client with its object's auto-response (Unix
    /// ms).
    pub auto_response_at: Option<i64>,
}

impl Pair {
    /// The end the worker kept of a pair connected to a client, and how it accepted it.
    pub(crate) fn worker_end(&self) -> Option<(u8, Accepted)> {
        self.client?;
        let end = 1 - self.given;
        self.accepted[end as usize].clone().map(|a| (end, a))
    }

    /// Both sides have closed: the connection is over.
    pub(crate) fn is_closed(&self) -> bool {
        self.sent_close[0] && self.sent_close[1]
    }
}

/// Every pair the run has made.
#[derive(Default)]
pub(crate) struct Sockets {
    pairs: RefCell<Vec<Pair>>,
    /// Hibernatable acceptances so far (the order `getWebSockets()` lists them in).
    accepted_hibernatable: std::cell::Cell<u32>,
    /// Each object's `setWebSocketAutoResponse` pair: (request, response).
    pub auto_responses: RefCell<std::collections::BTreeMap<u32, (String, String)>>,
}

impl Sockets {
    /// A new pair in `isolate`; returns its number (from 1).
    pub(crate) fn make(&self, isolate: u32) -> u32 {
        let mut pairs = self.pairs.borrow_mut();
        pairs.push(Pair {
            isolate,
            accepted: [None, None],
            client: None,
            given: 0,
            inbox: Default::default(),
            sent_close: [false, false],
            crossed: false,
            outbox: Vec::new(),
            closed_by_worker: None,
            closed_by_client: None,
            dropped: false,
            buffered: [0, 0],
            attachment: None,
            auto_response_at: None,
        });
        u32::try_from(pairs.len()).expect("pair numbers fit in u32")
    }

    /// `f` on pair `pair`'s state. Never runs JavaScript.
    pub(crate) fn with<T>(&self, pair: u32, f: impl FnOnce(&mut Pair) -> T) -> T {
        assert!(pair >= 1, "pair numbers start at 1");
        f(&mut self.pairs.borrow_mut()[pair as usize - 1])
    }

    /// A task ended: what the ends of connected pairs sent is written out (`bufferedAmount`
    /// back to 0); a pair whose client has not connected keeps its frames until it does.
    pub(crate) fn flush(&self) {
        for pair in self.pairs.borrow_mut().iter_mut() {
            if pair.client.is_some() || pair.accepted.iter().all(Option::is_some) {
                pair.buffered = [0, 0];
            }
        }
    }

    /// The next place in `getWebSockets()`' order.
    pub(crate) fn next_order(&self) -> u32 {
        let order = self.accepted_hibernatable.get() + 1;
        self.accepted_hibernatable.set(order);
        order
    }

    /// The ends object `object` accepted with `acceptWebSocket` and that are still open
    /// on its side, with `tag` if one is given, the last accepted first.
    pub(crate) fn hibernatable(&self, object: u32, tag: Option<&str>) -> Vec<End> {
        let pairs = self.pairs.borrow();
        let mut ends: Vec<(u32, End)> = (pairs.iter().zip(1u32..))
            .filter(|(p, _)| p.closed_by_worker.is_none() || p.closed_by_client.is_none())
            .flat_map(|(p, number)| (0..2u8).map(move |end| (p, number, end)))
            .filter_map(|(p, number, end)| match &p.accepted[end as usize] {
                Some(Accepted::Hibernatable { object: o, tags, order })
                    if *o == object && tag.is_none_or(|t| tags.iter().any(|x| x == t)) =>
                {
                    Some((*order, (number, end)))
                }
                _ => None,
            })
            .collect();
        // workerd 1.20261117 lists the newest first.
        ends.sort_by_key(|(order, _)| std::cmp::Reverse(*order));
        ends.into_iter().map(|(_, end)| end).collect()
    }

    /// Whether request `request` holds an open connection: its client's, or one whose
    /// end it accepted with `accept()` (a hibernatable socket holds nothing open).
    pub(crate) fn keeps_open(&self, request: u32) -> bool {
        self.pairs.borrow().iter().any(|p| {
            let accepted_by =
                |end: usize| matches!(p.accepted[end], Some(Accepted::Plain { request: r }) if r == request);
            !p.is_closed()
                && (p.client == Some(request)
                    || (p.client.is_some()
                        && matches!(p.worker_end(), Some((_, Accepted::Plain { request: r })) if r == request))
                    || (p.crossed && (accepted_by(0) || accepted_by(1))))
        })
    }

    /// The pair connected to the client of request `request`, if any.
    pub(crate) fn of_client(&self, request: u32) -> Option<u32> {
        let pairs = self.pairs.borrow();
        (pairs.iter().zip(1u32..)).find(|(p, _)| p.client == Some(request)).map(|(_, n)| n)
    }
}
