//! WebSockets (R21, docs/semantics-durable-objects.md): `WebSocketPair`, `accept()`, the
//! scenario's client, and a Durable Object's hibernatable sockets.
//!
//! Expected values are what workerd 1.20261117 did with the same code, driven by a real
//! WebSocket client (Node's), at compatibility date 2026-11-17 unless a test says
//! otherwise.

mod common;

use common::{run_first, run_seed};
use crosstalk_runtime::{
    ClientClose, DurableObjectSpec, EventKind, Model, MsRange, Profile, ProfileName, RequestOutcome, RequestSpec, Run,
    WebSocketClientSpec,
};

fn at_date(model: &mut Model, date: &str) {
    let date = date.parse().expect("a compatibility date");
    model.profile = Profile::new(ProfileName::Workerd, Some(date), Vec::new());
}

/// A module worker at 2026-11-17, with a Durable Object class `Room` bound as `ROOM` when
/// the source exports one.
fn worker(source: &str) -> Model {
    let mut model = Model::module("worker.mjs", source);
    at_date(&mut model, "2026-11-17");
    if source.contains("class Room") {
        model.durable_objects.push(DurableObjectSpec {
            binding: "ROOM".into(),
            class_name: "Room".into(),
            sqlite: true,
            latency: MsRange::fixed(1),
            script: None,
        });
    }
    model
}

/// A WebSocket client's request of `url` arriving at `at_ms`: it sends `send`, `interval_ms`
/// apart, then closes with `close`.
fn client(url: &str, at_ms: u64, send: &[&str], interval_ms: u64, close: Option<(u16, &str)>) -> RequestSpec {
    let mut spec = RequestSpec::get(url, at_ms);
    spec.headers = vec![("upgrade".into(), "websocket".into()), ("connection".into(), "Upgrade".into())];
    spec.websocket = Some(WebSocketClientSpec {
        send: send.iter().map(|s| s.to_string()).collect(),
        interval: MsRange::fixed(interval_ms),
        close: close.map_or(ClientClose::Open, |(code, reason)| ClientClose::Code(code, reason.to_string())),
    });
    spec
}

/// What the client of `request` received, then its close as `close <code> <reason>`.
fn conversation(request: &RequestOutcome) -> Vec<String> {
    let ws = request.websocket.as_ref().unwrap_or_else(|| panic!("{} has no WebSocket: {request:?}", request.id));
    let mut lines = ws.received.clone();
    if let Some(close) = &ws.close {
        lines.push(format!("close {} {}", close.code, close.reason));
    }
    lines
}

fn console(run: &Run) -> Vec<String> {
    run.all_console()
}

const ECHO: &str = r#"
export default {
  async fetch(request) {
    const [client, server] = Object.values(new WebSocketPair());
    server.accept();
    server.addEventListener("message", (e) => server.send("echo:" + e.data));
    server.addEventListener("close", (e) => {
      console.log("close", e.code, e.reason, e.wasClean, server.readyState);
      try { server.send("late"); } catch (error) { console.log(String(error)); }
      if (globalThis.CLOSE_BACK) server.close(1000, "x");
    });
    return new Response(null, { status: 101, webSocket: client });
  },
};
"#;

#[test]
fn an_accepted_socket_echoes_and_the_runtime_answers_the_clients_close() {
    let mut model = worker(ECHO);
    model.requests.push(client("https://w.example/ws", 0, &["a", "b"], 10, Some((1000, "bye"))));
    let run = run_first(&model);
    let r1 = &run.requests[0];
    assert_eq!(r1.status, Some(101));
    assert_eq!(conversation(r1), ["echo:a", "echo:b", "close 1000 bye"]);
    // `web_socket_auto_reply_to_close`: readyState is already CLOSED in the handler.
    assert_eq!(console(&run), ["close 1000 bye true 3", "TypeError: Can't call WebSocket send() after close()."]);
    // The open socket kept the request until the close (no waitUntil deadline).
    assert!(run.trace.iter().any(|e| e.t_ms == 30 && matches!(e.kind, EventKind::RequestEnd { .. })));
}

#[test]
fn before_auto_reply_the_socket_is_half_closed_until_the_worker_closes_it() {
    // Compatibility date 2024-01-01: no reply of the runtime's; readyState 2 (CLOSING).
    // (The close handler's `send("late")` succeeds; what a client does with a message
    // after its own close is the client's business, so it is left out.)
    for (close_back, expected) in [(false, vec!["echo:a"]), (true, vec!["echo:a", "close 1000 x"])] {
        let source = if close_back { format!("globalThis.CLOSE_BACK = true;\n{ECHO}") } else { ECHO.to_string() };
        let mut model = worker(&source);
        at_date(&mut model, "2024-01-01");
        model.requests.push(client("https://w.example/ws", 0, &["a"], 10, Some((1000, "bye"))));
        let run = run_first(&model);
        let heard: Vec<String> = conversation(&run.requests[0]).into_iter().filter(|m| m != "late").collect();
        assert_eq!(heard, expected);
        assert_eq!(console(&run)[0], "close 1000 bye true 2");
        // Before the flag, send() after receiving a close still works.
        assert_eq!(console(&run).len(), 1);
    }
}

#[test]
fn frames_sent_before_the_response_reach_the_client_first_and_the_worker_may_close_first() {
    let mut model = worker(
        r#"
export default {
  async fetch(request) {
    const [client, server] = Object.values(new WebSocketPair());
    server.accept();
    server.send("first");
    server.addEventListener("message", (e) => {
      server.send("got " + e.data);
      server.close(4001, "server-bye");
      console.log("after close", server.readyState);
    });
    server.addEventListener("close", (e) => console.log("close", e.code, JSON.stringify(e.reason), e.wasClean, server.readyState));
    return new Response(null, { status: 101, webSocket: client });
  },
};
"#,
    );
    model.requests.push(client("https://w.example/ws", 0, &["m1", "m2"], 10, Some((1000, ""))));
    let run = run_first(&model);
    // workerd: the message sent before the close arrives, then the close; the client
    // answers with the code and (as Node's client does) no reason.
    assert_eq!(conversation(&run.requests[0]), ["first", "got m1", "close 4001 server-bye"]);
    assert_eq!(console(&run), ["after close 2", "close 4001 \"\" true 3"]);
}

#[test]
fn sockets_and_responses_throw_workerds_errors() {
    let model = worker(
        r#"
export default {
  async fetch(request) {
    const out = [];
    const attempt = (name, f) => {
      try { out.push(`${name}: ${f()}`); } catch (e) { out.push(`${name}: ${e.name}: ${e.message}`); }
    };
    const [client, server] = Object.values(new WebSocketPair());
    attempt("readyState", () => server.readyState);
    attempt("url", () => String(server.url));
    attempt("protocol", () => JSON.stringify(server.protocol));
    attempt("extensions", () => JSON.stringify(server.extensions));
    attempt("constants", () => [WebSocket.READY_STATE_OPEN, WebSocket.CLOSED, server.CLOSING].join());
    attempt("send before accept", () => server.send("x"));
    server.accept();
    attempt("accept twice", () => server.accept());
    attempt("close 999", () => server.close(999));
    attempt("close 1005", () => server.close(1005));
    attempt("long reason", () => server.close(1000, "x".repeat(200)));
    attempt("reason without code", () => server.close(undefined, "r"));
    attempt("no webSocket", () => new Response(null, { status: 101 }));
    attempt("body", () => new Response("body", { status: 101, webSocket: client }));
    attempt("status 200", () => new Response(null, { status: 200, webSocket: client }));
    const response = new Response(null, { status: 101, webSocket: client });
    attempt("response", () => [response.status, response.webSocket === client, JSON.stringify(response.statusText), [...response.headers].length].join());
    attempt("plain webSocket", () => new Response("ok").webSocket);
    attempt("return accepted", () => new Response(null, { status: 101, webSocket: server }) && "made");
    server.close(1000);
    attempt("close twice", () => server.close(1000));
    attempt("send after close", () => server.send("x"));
    return new Response(out.join("\n"));
  },
};
"#,
    );
    let mut model = model;
    model.requests.push(RequestSpec::get("https://w.example/", 0));
    let run = run_first(&model);
    let body = run.requests[0].body.clone().unwrap_or_default();
    let expected = [
        "readyState: 1",
        "url: null",
        "protocol: \"\"",
        "extensions: \"\"",
        "constants: 1,3,2",
        "send before accept: TypeError: You must call one of accept() or state.acceptWebSocket() on this WebSocket before sending messages.",
        "accept twice: undefined",
        "close 999: InvalidAccessError: Invalid WebSocket close code: 999.",
        "close 1005: InvalidAccessError: Invalid WebSocket close code: 1005.",
        "long reason: SyntaxError: WebSocket close reason must not be longer than 123 bytes when UTF-8 encoded.",
        "reason without code: InvalidAccessError: If you specify a WebSocket close reason, you must also specify a code.",
        "no webSocket: RangeError: Responses may only be constructed with status codes in the range 200 to 599, inclusive.",
        "body: TypeError: Response with null body status (101, 204, 205, or 304) cannot have a body.",
        "status 200: RangeError: Responses with a WebSocket must have status code 101.",
        "response: 101,true,\"\",0",
        "plain webSocket: null",
        // Made: workerd refuses an accepted end only when the response is sent.
        "return accepted: made",
        "close twice: undefined",
        "send after close: TypeError: Can't call WebSocket send() after close().",
    ];
    assert_eq!(body.lines().collect::<Vec<_>>(), expected);
}

#[test]
fn a_websocket_answer_to_a_request_without_upgrade_is_an_error() {
    let mut model = worker(ECHO);
    model.requests.push(RequestSpec::get("https://w.example/ws", 0));
    let run = run_first(&model);
    assert_eq!(run.requests[0].status, Some(500));
    assert_eq!(
        run.requests[0].error.as_deref(),
        Some(
            "TypeError: Worker tried to return a WebSocket in a response to a request which did not contain the header \"Upgrade: websocket\"."
        )
    );
}

/// A chat room whose sockets hibernate: each socket is tagged and carries an attachment;
/// a message is answered with what the object knows about the sockets.
const ROOM: &str = r#"
import { DurableObject } from "cloudflare:workers";
let constructed = 0;
export class Room extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    constructed++;
    this.names = new Map();
  }
  async fetch(request) {
    const tag = new URL(request.url).searchParams.get("tag");
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server, [tag]);
    server.serializeAttachment({ n: this.ctx.getWebSockets().length, tag });
    this.names.set(tag, true);
    return new Response(null, { status: 101, webSocket: client });
  }
  async webSocketMessage(ws, msg) {
    const all = this.ctx.getWebSockets();
    ws.send(JSON.stringify({
      msg,
      att: ws.deserializeAttachment(),
      count: all.length,
      order: all.map((w) => this.ctx.getTags(w)[0]),
      known: this.names.has(this.ctx.getTags(ws)[0]),
      readyState: ws.readyState,
      constructed,
    }));
  }
  async webSocketClose(ws, code, reason, wasClean) {
    console.log("webSocketClose", code, reason, wasClean, ws.readyState, this.ctx.getWebSockets().length);
    if (!globalThis.LEAVE_OPEN) ws.close(code, reason);
  }
}
export default {
  fetch(request, env) {
    return env.ROOM.getByName("lobby").fetch(request);
  },
};
"#;

#[test]
fn hibernatable_sockets_reach_web_socket_message_with_their_tags_and_attachments() {
    let mut model = worker(ROOM);
    model.requests.push(client("https://w.example/?tag=A", 0, &["hello-from-A"], 100, Some((1000, "A-bye"))));
    model.requests.push(client("https://w.example/?tag=B", 10, &["hello-from-B"], 150, Some((1000, "B-bye"))));
    model.requests.push(client("https://w.example/?tag=C", 20, &[], 300, Some((1000, ""))));
    let run = run_first(&model);
    let incoming: Vec<&RequestOutcome> = run.incoming().collect();
    // getWebSockets() lists the newest first (workerd 1.20261117: K7, K6, … K1).
    assert_eq!(
        conversation(incoming[0]),
        [
            r#"{"msg":"hello-from-A","att":{"n":1,"tag":"A"},"count":3,"order":["C","B","A"],"known":true,"readyState":1,"constructed":1}"#,
            "close 1000 A-bye",
        ]
    );
    assert_eq!(
        conversation(incoming[1]),
        [
            r#"{"msg":"hello-from-B","att":{"n":2,"tag":"B"},"count":3,"order":["C","B","A"],"known":true,"readyState":1,"constructed":1}"#,
            "close 1000 B-bye",
        ]
    );
    assert_eq!(conversation(incoming[2]), ["close 1000 "]);
    // webSocketClose sees the closing socket as CLOSING, still listed by getWebSockets().
    assert_eq!(
        console(&run),
        ["webSocketClose 1000 A-bye true 2 3", "webSocketClose 1000 B-bye true 2 2", "webSocketClose 1000  true 2 1"]
    );
    // Each event is a call of its own to the object, made by the client's request.
    let events: Vec<&RequestOutcome> = run.requests.iter().filter(|r| r.method == "WEBSOCKET").collect();
    assert_eq!(events.len(), 5);
    assert!(events.iter().all(|e| e.called_by.as_ref().is_some_and(|c| c.binding == "ROOM websocket")));
}

#[test]
fn the_runtime_never_answers_a_close_for_a_hibernatable_socket() {
    let mut model = worker(&format!("globalThis.LEAVE_OPEN = true;\n{ROOM}"));
    model.requests.push(client("https://w.example/?tag=A", 0, &[], 100, Some((1000, "A-bye"))));
    let run = run_first(&model);
    // workerd: the client never gets a close frame and stays CLOSING.
    assert_eq!(conversation(&run.requests[0]), Vec::<String>::new());
    assert!(run.requests[0].websocket.as_ref().is_some_and(|ws| ws.close.is_none()));
    assert_eq!(console(&run), ["webSocketClose 1000 A-bye true 2 1"]);
}

#[test]
fn an_auto_response_answers_an_exact_match_without_a_call() {
    let mut model = worker(&ROOM.replace(
        "this.names.set(tag, true);",
        r#"this.names.set(tag, true);
    this.ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
    console.log("pair", this.ctx.getWebSocketAutoResponse().response, this.ctx.getWebSocketAutoResponseTimestamp(server));"#,
    ));
    model.requests.push(client("https://w.example/?tag=A", 0, &["ping", "PING"], 100, None));
    let run = run_first(&model);
    let received = &run.requests[0].websocket.as_ref().expect("a WebSocket").received;
    assert_eq!(received[0], "pong");
    assert!(received[1].starts_with(r#"{"msg":"PING""#), "{received:?}");
    assert_eq!(console(&run), ["pair pong null"]);
    // Only "PING" became a call of the object.
    assert_eq!(run.requests.iter().filter(|r| r.method == "WEBSOCKET").count(), 1);
}

#[test]
fn hibernation_api_errors_are_workerds() {
    let mut model = worker(
        r#"
import { DurableObject } from "cloudflare:workers";
export class Room extends DurableObject {
  async fetch() {
    const out = [];
    const attempt = (name, f) => {
      try { out.push(`${name}: ${f()}`); } catch (e) { out.push(`${name}: ${e.name}: ${e.message}`); }
    };
    const pair = () => Object.values(new WebSocketPair());
    const [, a] = pair();
    a.accept();
    attempt("hibernate accepted", () => this.ctx.acceptWebSocket(a));
    const [, b] = pair();
    this.ctx.acceptWebSocket(b, ["x", "x"]);
    attempt("accept hibernated", () => b.accept());
    attempt("hibernate twice", () => this.ctx.acceptWebSocket(b));
    attempt("duplicate tags", () => JSON.stringify(this.ctx.getTags(b)));
    attempt("tags of accepted", () => this.ctx.getTags(a));
    const [, c] = pair();
    attempt("eleven tags", () => this.ctx.acceptWebSocket(c, Array.from({ length: 11 }, (_, i) => "t" + i)));
    attempt("long tag", () => this.ctx.acceptWebSocket(c, ["y".repeat(257)]));
    attempt("no attachment", () => b.deserializeAttachment());
    b.serializeAttachment({ keep: 1 });
    attempt("big attachment", () => b.serializeAttachment("z".repeat(20000)));
    attempt("attachment kept", () => JSON.stringify(b.deserializeAttachment()));
    attempt("no auto-response", () => this.ctx.getWebSocketAutoResponse());
    return new Response(out.join("\n"));
  }
}
export default { fetch(request, env) { return env.ROOM.getByName("x").fetch(request); } };
"#,
    );
    model.requests.push(RequestSpec::get("https://w.example/", 0));
    let run = run_first(&model);
    let body = run.requests[0].body.clone().unwrap_or_default();
    let lines: Vec<&str> = body.lines().collect();
    let long_tag =
        format!("long tag: Error: \"{}\" is longer than the max tag length (256 characters).", "y".repeat(257));
    assert_eq!(
        lines[..10],
        [
            "hibernate accepted: Error: Cannot call `acceptWebSocket()` if the WebSocket was already accepted via `accept()`",
            "accept hibernated: TypeError: Can't accept() WebSocket after enabling hibernation.",
            "hibernate twice: Error: Cannot call `acceptWebSocket()` if the WebSocket was already accepted via `accept()`",
            "duplicate tags: [\"x\"]",
            "tags of accepted: Error: you must call 'acceptWebSocket()' before attempting to access the tags of a WebSocket.",
            "eleven tags: Error: a Hibernatable WebSocket cannot have more than 10 tags",
            long_tag.as_str(),
            "no attachment: null",
            // workerd counts V8's serialisation (20005 bytes here); crosstalk its own.
            lines[8],
            "attachment kept: {\"keep\":1}",
        ]
    );
    assert!(lines[8].starts_with(
        "big attachment: Error: A WebSocket 'attachment' cannot be larger than 16384 bytes.'attachment' was "
    ));
    assert_eq!(lines[10], "no auto-response: null");
}

#[test]
fn a_hibernatable_socket_outlives_an_eviction_and_its_object_is_constructed_again() {
    // With faults on, the schedule may evict the idle object between the two messages: the
    // next message constructs it again; the socket, its tags and attachment survive, the
    // in-memory map and the count do not (workerd, after ~10 s idle: the same).
    let mut model = worker(ROOM);
    model.faults.durable_object_reset = true;
    model.requests.push(client("https://w.example/?tag=A", 0, &["one", "two"], 100, None));
    let mut evicted = 0;
    for seed in 0..40 {
        let run = run_seed(&model, seed);
        let received = &run.requests[0].websocket.as_ref().expect("a WebSocket").received;
        assert_eq!(received.len(), 2, "seed {seed}: {received:?}");
        // Was the object evicted after it accepted the socket and before the second message?
        let position = |f: &dyn Fn(&EventKind) -> bool| run.trace.iter().position(|e| f(&e.kind));
        // The second answer (an eviction may come after the client's message and before
        // the call it becomes).
        let second_message = run
            .trace
            .iter()
            .enumerate()
            .filter(|(_, e)| matches!(e.kind, EventKind::WsSend { .. }))
            .nth(1)
            .map(|(i, _)| i)
            .expect("two answers");
        let accepted = position(&|k| matches!(k, EventKind::WsAccept { .. })).expect("accepted");
        let evicted_between =
            run.trace[accepted..second_message].iter().any(|e| matches!(e.kind, EventKind::DoReset { .. }));
        let second: serde_json::Value = serde_json::from_str(&received[1]).expect("JSON");
        assert_eq!(second["att"], serde_json::json!({ "n": 1, "tag": "A" }), "seed {seed}");
        assert_eq!(second["order"], serde_json::json!(["A"]), "seed {seed}");
        if evicted_between {
            evicted += 1;
            assert_eq!(second["known"], false, "seed {seed}: {second}");
            assert!(second["constructed"].as_u64().is_some_and(|n| n >= 2), "seed {seed}: {second}");
        } else {
            assert_eq!(second["known"], true, "seed {seed}: {second}");
        }
    }
    assert!(evicted > 0, "no schedule of 40 evicted the object between the messages");
}

#[test]
fn one_after_another_a_connection_left_open_does_not_keep_the_next_request_out() {
    // The oracles' reference runs dispatch requests one after another (`Dispatch::Serial`):
    // the next starts once the one before is answered and only its open WebSocket holds it.
    let mut model = worker(ECHO);
    model.requests.push(client("https://w.example/ws", 0, &["a"], 10, None));
    model.requests.push(RequestSpec::get("https://w.example/plain", 0));
    model.dispatch = crosstalk_runtime::Dispatch::Serial(vec![0, 1]);
    let run = run_first(&model);
    assert_eq!(conversation(&run.requests[0]), ["echo:a"]);
    // The plain request was not a WebSocket request: workerd's error for its 101.
    assert_eq!(run.requests[1].status, Some(500));
    assert_eq!(run.requests[1].arrived_ms, 0);
}

/// A worker that talks to a WebSocket it holds itself: both ends of a pair (`/pair`), or
/// the end a Durable Object's 101 answer hands over (`/do`: hibernatable in the object;
/// `/do-plain`: `accept()`ed there).
const PEERS: &str = r#"
import { DurableObject } from "cloudflare:workers";
export class Room extends DurableObject {
  async fetch(request) {
    const [client, server] = Object.values(new WebSocketPair());
    if (new URL(request.url).pathname === "/plain") {
      server.accept();
      server.addEventListener("message", (e) => server.send("plain echo " + e.data));
    } else {
      this.ctx.acceptWebSocket(server, ["t"]);
    }
    return new Response(null, { status: 101, webSocket: client });
  }
  webSocketMessage(ws, msg) {
    ws.send(`do echo ${msg} ${ws.readyState}`);
  }
  webSocketClose(ws, code, reason) {
    ws.close(code, reason);
  }
}
async function talk(ws, out) {
  ws.accept();
  const got = [];
  const done = new Promise((resolve) => {
    ws.addEventListener("message", (e) => { got.push(e.data); if (got.length === 2) resolve(); });
  });
  ws.send("one");
  ws.send("two");
  await done;
  const closed = new Promise((resolve) => ws.addEventListener("close", (e) => resolve(`${e.code} ${e.reason} ${e.wasClean} ${ws.readyState}`)));
  ws.close(4000, "bye");
  out.push(...got, await closed);
}
export default {
  async fetch(request, env) {
    const path = new URL(request.url).pathname;
    const out = [];
    if (path === "/pair") {
      const [a, b] = Object.values(new WebSocketPair());
      b.accept();
      b.addEventListener("message", (e) => b.send("b got " + e.data));
      b.addEventListener("close", (e) => out.push(`b close ${e.code} ${e.reason} ${b.readyState}`));
      await talk(a, out);
    } else {
      const url = path === "/do" ? "https://room/" : "https://room/plain";
      const res = await env.ROOM.getByName("r").fetch(url, { headers: { Upgrade: "websocket" } });
      out.push(res.status);
      await talk(res.webSocket, out);
    }
    return new Response(out.join("\n"));
  },
};
"#;

#[test]
fn a_worker_holding_both_ends_of_a_socket_talks_through_it() {
    let mut model = worker(PEERS);
    for (path, at) in [("/pair", 0), ("/do", 100), ("/do-plain", 200)] {
        model.requests.push(RequestSpec::get(&format!("https://w.example{path}"), at));
    }
    let run = run_first(&model);
    let bodies: Vec<String> = run.incoming().map(|r| r.body.clone().unwrap_or_default()).collect();
    // workerd 1.20261117, the same worker under `crosstalk conform`: b's close handler
    // runs (readyState 3: the runtime replied) before the talker's own close event; an
    // object's end, hibernatable or accepted, answers in order.
    assert_eq!(
        bodies,
        [
            "b close 4000 bye 3\nb got one\nb got two\n4000 bye true 3",
            "101\ndo echo one 1\ndo echo two 1\n4000 bye true 3",
            "101\nplain echo one\nplain echo two\n4000 bye true 3",
        ]
    );
}

#[test]
fn a_worker_flooding_its_client_meets_the_cpu_budget_and_the_client_keeps_a_bounded_record() {
    let mut model = worker(
        r#"
export default {
  fetch() {
    const [client, server] = Object.values(new WebSocketPair());
    server.accept();
    const big = "x".repeat(1 << 20);
    server.send(big);
    server.send(big);
    server.addEventListener("message", () => { for (;;) server.send(big); });
    return new Response(null, { status: 101, webSocket: client });
  },
};
"#,
    );
    model.requests.push(client("https://w.example/ws", 0, &["go"], 10, None));
    let run = run_first(&model);
    // workerd stops a task past its CPU time the same way (Error: Worker exceeded CPU
    // time limit.); crosstalk charges a send by its size.
    assert!(run.trace.iter().any(|e| matches!(e.kind, EventKind::CpuLimit { .. })), "no CPU stop");
    let received = &run.requests[0].websocket.as_ref().expect("a WebSocket").received;
    // The first megabyte is kept; what came after is counted, not kept.
    assert_eq!(received.len(), 2, "{:?}", received.iter().map(|m| m.len()).collect::<Vec<_>>());
    assert_eq!(received[0].len(), 1 << 20);
    let not_kept: u64 = received[1]
        .strip_prefix("<not kept: ")
        .and_then(|rest| rest.strip_suffix(" bytes>"))
        .and_then(|n| n.parse().ok())
        .expect("a count of what was not kept");
    assert!(not_kept >= 1 << 20, "{not_kept}");
    // The trace shows each message shortened.
    let longest = run
        .trace
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::WsSend { data, .. } => Some(data.len()),
            _ => None,
        })
        .max()
        .unwrap_or(0);
    assert!(longest < 400, "{longest}");
}

/// A client that goes away after its messages without a Close frame (`close = "drop"`).
fn dropping_client(url: &str, send: &[&str], interval_ms: u64) -> RequestSpec {
    let mut spec = client(url, 0, send, interval_ms, None);
    spec.websocket.as_mut().expect("a WebSocket client").close = ClientClose::Drop;
    spec
}

const ECHO_THEN_CLOSE: &str = r#"
export default {
  async fetch(request) {
    const [client, server] = Object.values(new WebSocketPair());
    server.accept();
    server.addEventListener("message", (e) => { server.send("echo " + e.data); });
    server.addEventListener("close", (e) => {
      console.log("close", e.code, JSON.stringify(e.reason), e.wasClean, server.readyState);
      try { server.send("after"); console.log("send ok"); } catch (err) { console.log("send threw", err.constructor.name, err.message); }
      try { server.close(1000, "bye"); console.log("close ok", server.readyState); } catch (err) { console.log("close threw", err.constructor.name, err.message); }
    });
    return new Response(null, { status: 101, webSocket: client });
  },
};
"#;

#[test]
fn a_client_that_disconnects_without_a_close_frame_is_an_abnormal_closure_of_an_open_socket() {
    let mut model = worker(ECHO_THEN_CLOSE);
    model.requests.push(dropping_client("https://w.example/ws", &["hi"], 200));
    let run = run_first(&model);
    let r1 = &run.requests[0];
    // What the client got before it went away; nothing after, no close.
    assert_eq!(conversation(r1), ["echo hi"]);
    assert!(r1.websocket.as_ref().is_some_and(|ws| ws.dropped && ws.close.is_none()), "{r1:?}");
    // workerd 1.20261117 (crosstalk conform): 1006 with its reason, not clean, the socket
    // still OPEN in the handler; send() and close() do not throw, close() makes it CLOSING.
    assert_eq!(
        console(&run),
        [r#"close 1006 "WebSocket disconnected without sending Close frame." false 1"#, "send ok", "close ok 2",]
    );
}

#[test]
fn a_hibernatable_socket_whose_client_disconnects_hears_1006_not_clean_and_is_closing() {
    let mut model = worker(&format!("globalThis.LEAVE_OPEN = true;\n{ROOM}"));
    model.requests.push(dropping_client("https://w.example/?tag=A", &[], 100));
    let run = run_first(&model);
    assert_eq!(conversation(&run.requests[0]), Vec::<String>::new());
    // workerd 1.20261117 (crosstalk conform, a room that reports its webSocketClose to the
    // other sockets): CLOSING, where an accept()ed socket stays OPEN.
    assert_eq!(console(&run), ["webSocketClose 1006 WebSocket disconnected without sending Close frame. false 2 1"]);
}

const BUFFERED: &str = r#"export default {
  async fetch(request) {
    const [client, server] = Object.values(new WebSocketPair());
    const t = (f) => { try { return String(f()); } catch (e) { return e.constructor.name + ": " + e.message; } };
    console.log("before accept", t(() => server.bufferedAmount), t(() => typeof Object.getOwnPropertyDescriptor(WebSocket.prototype, "bufferedAmount").get));
    server.accept();
    server.send("x".repeat(1000));
    console.log("after send", t(() => server.bufferedAmount), t(() => client.bufferedAmount));
    server.addEventListener("message", (e) => { server.send("echo " + e.data); console.log("in handler", server.bufferedAmount); });
    return new Response(null, { status: 101, webSocket: client });
  },
};"#;

/// `bufferedAmount` counts the bytes an end sent that are not written yet: before the
/// client connects all of them, after it those of the current task (workerd 1.20261117,
/// crosstalk conform).
#[test]
fn buffered_amount_counts_what_was_sent_and_not_yet_written() {
    let mut model = worker(BUFFERED);
    model.requests.push(client("https://w.example/ws", 0, &["hi"], 200, Some((1000, ""))));
    let run = run_first(&model);
    assert_eq!(console(&run), ["before accept 0 function", "after send 1000 0", "in handler 7"]);
}
