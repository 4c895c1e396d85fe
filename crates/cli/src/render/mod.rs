//! The trace for people: the three formats of `crosstalk trace`.
//!
//! Each renderer is a pure function from a trace to text or JSON; none of them reads a
//! file, a clock or a terminal (the terminal width is passed in).

pub mod mermaid;
pub mod perfetto;
pub mod timeline;

#[cfg(test)]
pub(crate) mod tests {
    use crosstalk_runtime::{DropReason, Event, EventKind, Location, OutcomeKind, Owner};

    fn at(t_ms: u64, owner: Owner, kind: EventKind) -> Event {
        Event { t_ms, owner, kind }
    }

    /// A small blocker-like trace: r1 sets a 20 s timer, r2 awaits r1's promise, r1's
    /// timer resolves it (a cross-request resolution), and r3 hangs with a dropped timer.
    pub(crate) fn sample_trace() -> Vec<Event> {
        let (r1, r2, r3) = (Owner::Request(1), Owner::Request(2), Owner::Request(3));
        let get = |isolate| EventKind::Arrival { isolate, method: "GET".into(), url: "https://worker.example/".into() };
        vec![
            at(0, Owner::Startup, EventKind::Startup { isolate: 0 }),
            at(0, r1, get(0)),
            at(0, r1, EventKind::Dispatch),
            at(
                0,
                r1,
                EventKind::TimerSet {
                    timer: 1,
                    delay_ms: 20000,
                    repeat: false,
                    at: Some(Location::new("worker.js", 22, 5)),
                },
            ),
            at(0, r1, EventKind::RespondWith { promise: true, at: Some(Location::new("worker.js", 4, 9)) }),
            at(5, r2, get(0)),
            at(5, r2, EventKind::Dispatch),
            at(5, r2, EventKind::Console { level: "log".into(), text: "waiting".into() }),
            at(5, r2, EventKind::RespondWith { promise: true, at: Some(Location::new("worker.js", 4, 9)) }),
            at(7, r3, get(0)),
            at(7, r3, EventKind::Dispatch),
            at(7, r3, EventKind::TimerSet { timer: 2, delay_ms: 60000, repeat: false, at: None }),
            at(20000, r1, EventKind::TimerFired { timer: 1 }),
            at(20000, r1, EventKind::Job { registered_by: r2, at: Some(Location::new("worker.js", 15, 3)) }),
            at(20000, r1, EventKind::Response { status: 200 }),
            at(20000, r2, EventKind::Response { status: 200 }),
            at(20000, r1, EventKind::RequestEnd { outcome: OutcomeKind::Response }),
            at(20000, r2, EventKind::RequestEnd { outcome: OutcomeKind::Response }),
            at(
                20000,
                r3,
                EventKind::Hang {
                    message: "The script will never generate a response.".into(),
                    awaiting_at: Some(Location::new("worker.js", 15, 3)),
                    awaited: None,
                },
            ),
            at(
                20000,
                r3,
                EventKind::TimerDropped {
                    timer: 2,
                    due_ms: 60007,
                    reason: DropReason::Hang,
                    at: None,
                    internal: false,
                },
            ),
            at(20000, r3, EventKind::RequestEnd { outcome: OutcomeKind::Error }),
        ]
    }
}
