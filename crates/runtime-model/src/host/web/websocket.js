// WebSocketPair and WebSocket, crosstalk's own code: the two ends of a pair, the one the
// worker keeps (`accept()`, or a Durable Object's `ctx.acceptWebSocket()`) and the one it
// hands to the client in a 101 response. The run's side is the host's
// (host/websocket.rs, websocket.rs): pairs are numbered there, what the worker sends
// goes to the scenario's client, and the client's messages and close come back through
// `deliver` (or, for a hibernatable socket, as a call to the object's
// `webSocketMessage`/`webSocketClose`). The texts of the errors are workerd's
// (api/web-socket.c++).
(function (host) {
  "use strict";

  const events = () => host.load("events");
  const clone = () => host.load("clone");
  const TOKEN = Symbol("crosstalk.webSocket");
  const CONNECTING = 0, OPEN = 1, CLOSING = 2, CLOSED = 3;
  const NOT_ACCEPTED =
    "You must call one of accept() or state.acceptWebSocket() on this WebSocket before sending messages.";

  // The compatibility flags that change what a socket does (read once).
  let flagValues;
  const flags = () => (flagValues ??= host.ws("flags"));

  // This isolate's socket objects, by "pair:end".
  const sockets = new Map();
  // Per socket: its end, and where it stands.
  const states = new WeakMap();

  function stateOf(socket) {
    const state = states.get(socket);
    if (state === undefined) throw new TypeError("Illegal invocation");
    return state;
  }

  const Base = events().EventTarget;

  class WebSocket extends Base {
    constructor(url, protocols) {
      if (url !== TOKEN) {
        // workerd's `new WebSocket(url)` opens an outgoing connection: crosstalk has no
        // network to open it on.
        throw new Error(
          "crosstalk does not model outgoing WebSockets (new WebSocket(url)): a scenario's origins answer HTTP only.",
        );
      }
      super();
      const [pair, end] = protocols;
      states.set(this, {
        pair,
        end,
        // "new": neither accepted nor used; "accepted" | "hibernatable" | "released"
        mode: "new",
        closedOutgoing: false,
        closedIncoming: false,
        binaryType: flags().blobDefault ? "blob" : "arraybuffer",
      });
      sockets.set(`${pair}:${end}`, this);
    }

    accept(options) {
      const state = stateOf(this);
      if (state.mode === "released") throw new TypeError("Can't accept() WebSocket that was already used in a response.");
      if (state.mode === "hibernatable") throw new TypeError("Can't accept() WebSocket after enabling hibernation.");
      if (state.mode === "accepted") return;
      host.ws("accept", state.pair, state.end);
      state.mode = "accepted";
    }

    send(message) {
      const state = stateOf(this);
      if (arguments.length < 1) {
        throw new TypeError("Failed to execute 'send' on 'WebSocket': parameter 1 is not of type 'ArrayBuffer or ArrayBufferView or string'.");
      }
      if (state.closedOutgoing) throw new TypeError("Can't call WebSocket send() after close().");
      if (state.mode === "released") return;
      if (state.mode !== "accepted" && state.mode !== "hibernatable") throw new TypeError(NOT_ACCEPTED);
      let data;
      if (typeof message === "string") data = message;
      else if (message instanceof ArrayBuffer) data = new Uint8Array(message.slice(0));
      else if (ArrayBuffer.isView(message)) {
        data = new Uint8Array(message.buffer.slice(message.byteOffset, message.byteOffset + message.byteLength));
      } else data = String(message);
      host.ws("send", state.pair, state.end, data);
    }

    close(code, reason) {
      const state = stateOf(this);
      if (code !== undefined) {
        code = Math.trunc(Number(code));
        if (!(code >= 1000 && code < 5000 && code !== 1004 && code !== 1005 && code !== 1006 && code !== 1015)) {
          throw new (events().DOMException)(`Invalid WebSocket close code: ${code}.`, "InvalidAccessError");
        }
      }
      if (reason !== undefined) {
        reason = String(reason);
        if (flags().reasonLimit && new TextEncoder().encode(reason).length > 123) {
          throw new (events().DOMException)(
            "WebSocket close reason must not be longer than 123 bytes when UTF-8 encoded.",
            "SyntaxError",
          );
        }
        if (code === undefined) {
          throw new (events().DOMException)(
            "If you specify a WebSocket close reason, you must also specify a code.",
            "InvalidAccessError",
          );
        }
      }
      if (state.closedOutgoing || state.mode === "released") return;
      if (state.mode !== "accepted" && state.mode !== "hibernatable") throw new TypeError(NOT_ACCEPTED);
      state.closedOutgoing = true;
      host.ws("close", state.pair, state.end, code === undefined ? 1005 : code, reason === undefined ? "" : reason);
    }

    serializeAttachment(value) {
      const state = stateOf(this);
      const text = clone().serialize(value);
      // workerd measures V8's serialisation; crosstalk its own, which is close to it.
      if (text.length > 16384) {
        throw new Error(
          `A WebSocket 'attachment' cannot be larger than 16384 bytes.'attachment' was ${text.length} bytes.`,
        );
      }
      host.ws("attach", state.pair, state.end, text);
    }

    deserializeAttachment() {
      const state = stateOf(this);
      const text = host.ws("attachment", state.pair, state.end);
      return text === null ? null : clone().deserialize(text);
    }

    get readyState() {
      const state = stateOf(this);
      if (state.closedIncoming && state.closedOutgoing) return CLOSED;
      if (state.closedIncoming || state.closedOutgoing) return CLOSING;
      return OPEN;
    }
    // Bytes sent and not yet written: they go out when the current task ends, or when
    // the client connects (workerd 1.20261117).
    get bufferedAmount() {
      const state = stateOf(this);
      return host.ws("buffered", state.pair, state.end);
    }
    get url() {
      stateOf(this);
      return null;
    }
    get protocol() {
      stateOf(this);
      return "";
    }
    get extensions() {
      stateOf(this);
      return "";
    }
    get binaryType() {
      return stateOf(this).binaryType;
    }
    set binaryType(value) {
      const state = stateOf(this);
      if (value === "arraybuffer" || value === "blob") state.binaryType = value;
    }
  }
  for (const [name, value] of [
    ["READY_STATE_CONNECTING", CONNECTING],
    ["CONNECTING", CONNECTING],
    ["READY_STATE_OPEN", OPEN],
    ["OPEN", OPEN],
    ["READY_STATE_CLOSING", CLOSING],
    ["CLOSING", CLOSING],
    ["READY_STATE_CLOSED", CLOSED],
    ["CLOSED", CLOSED],
  ]) {
    for (const target of [WebSocket, WebSocket.prototype]) {
      Object.defineProperty(target, name, { value, enumerable: true });
    }
  }

  class WebSocketPair {
    constructor() {
      const pair = host.ws("pair");
      const first = new WebSocket(TOKEN, [pair, 0]);
      const second = new WebSocket(TOKEN, [pair, 1]);
      Object.defineProperty(this, 0, { value: first, enumerable: true });
      Object.defineProperty(this, 1, { value: second, enumerable: true });
    }
  }
  host.webidlMembers(WebSocket, WebSocketPair);

  // [pair, end] of a WebSocket, or undefined for any other value.
  function endOf(value) {
    const state = states.get(value);
    return state === undefined ? undefined : [state.pair, state.end];
  }

  // The end given in a 101 response: it is the client's from now on. workerd's errors for
  // an end the worker already accepted or used.
  function release(value) {
    const state = states.get(value);
    if (state === undefined) return undefined;
    if (state.mode === "released") throw new TypeError("Can't return WebSocket that was already used in a response.");
    if (state.mode === "hibernatable") {
      throw new TypeError("Can't return WebSocket in a Response after calling acceptWebSocket().");
    }
    if (state.mode === "accepted") throw new TypeError("Can't return WebSocket in a Response after calling accept().");
    state.mode = "released";
    return [state.pair, state.end];
  }

  // This isolate's object for end `end` of pair `pair` (a hibernatable socket read back
  // after its object was evicted, or a response's socket crossing from another isolate).
  function handle(pair, end, mode) {
    let socket = sockets.get(`${pair}:${end}`);
    if (socket === undefined) {
      socket = new WebSocket(TOKEN, [pair, end]);
      if (mode !== undefined) stateOf(socket).mode = mode;
    }
    return socket;
  }

  // A fresh object for end `end`, handed over by a Durable Object's (or a service's) 101
  // answer: the caller may pass it on in a response of its own.
  function received(pair, end) {
    return new WebSocket(TOKEN, [pair, end]);
  }

  // ctx.acceptWebSocket(ws, tags) of object `object`.
  function hibernate(socket, tags) {
    const state = stateOf(socket);
    if (state.mode === "released") throw new TypeError("Can't accept() WebSocket that was already used in a response.");
    if (state.mode === "accepted" || state.mode === "hibernatable") {
      throw new Error("Cannot call `acceptWebSocket()` if the WebSocket was already accepted via `accept()`");
    }
    host.ws("hibernate", state.pair, state.end, tags);
    state.mode = "hibernatable";
  }

  // A binary message as the socket's binaryType asks.
  function message(socket, data) {
    if (typeof data === "string") return data;
    const buffer = new Uint8Array(data).buffer;
    return stateOf(socket).binaryType === "blob" ? new Blob([buffer]) : buffer;
  }

  // Fires `event` at `socket`: workerd calls the `on<type>` property first (a plain
  // property there, not an event handler attribute), then the listeners.
  function fire(socket, event) {
    const handler = socket[`on${event.type}`];
    if (typeof handler === "function") {
      try {
        handler.call(socket, event);
      } catch (error) {
        host.reportError(error);
      }
    }
    events().fire(socket, event);
  }

  // The close code an end hears when its client disconnected without a Close frame.
  const ABNORMAL = 1006;

  // The client's message (or close) reaches end `end` of pair `pair`, accepted with
  // `accept()`: its listeners run.
  function deliver(pair, end, kind, data, code, reason, autoReply) {
    const socket = handle(pair, end, "accepted");
    const state = stateOf(socket);
    const { MessageEvent, CloseEvent } = events();
    if (kind === "message") {
      fire(socket, new MessageEvent("message", { data: message(socket, data) }));
      return;
    }
    // 1006 never crosses the wire: the client went away without a Close frame, and there
    // is no one left to answer. workerd 1.20261117 leaves the socket OPEN then (CLOSING
    // once the worker closes it).
    const clean = code !== ABNORMAL;
    if (clean) state.closedIncoming = true;
    if (autoReply && clean && !state.closedOutgoing) {
      state.closedOutgoing = true;
      host.ws("close", pair, end, code, reason);
    }
    fire(socket, new CloseEvent("close", { code, reason, wasClean: clean }));
  }

  // The same for a hibernatable socket of a Durable Object: the object's handler runs;
  // always a promise.
  // A handler the class lacks drops the event (workerd 1.20261117: no error), and the
  // runtime never answers a close for the object (the client waits for its `close()`).
  function hibernationEvent(instance, pair, end, kind, data, code, reason) {
    try {
      const socket = handle(pair, end, "hibernatable");
      const state = stateOf(socket);
      if (kind === "message") {
        if (typeof instance.webSocketMessage !== "function") return Promise.resolve();
        const payload = typeof data === "string" ? data : new Uint8Array(data).buffer;
        return Promise.resolve(instance.webSocketMessage(socket, payload));
      }
      // Unlike an accept()ed socket's, a hibernatable one is CLOSING after a client's
      // disconnection too (workerd 1.20261117).
      state.closedIncoming = true;
      if (typeof instance.webSocketClose !== "function") return Promise.resolve();
      return Promise.resolve(instance.webSocketClose(socket, code, reason, code !== ABNORMAL));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  // ctx.getWebSockets(tag): this object's hibernatable sockets.
  function hibernatable(object, tag) {
    return host.ws("sockets", object, tag).map(([pair, end]) => handle(pair, end, "hibernatable"));
  }

  function tags(socket) {
    const state = stateOf(socket);
    if (state.mode !== "hibernatable") {
      throw new Error("you must call 'acceptWebSocket()' before attempting to access the tags of a WebSocket.");
    }
    return host.ws("tags", state.pair, state.end);
  }

  return { WebSocket, WebSocketPair, endOf, release, handle, received, hibernate, deliver, hibernationEvent, hibernatable, tags };
})
