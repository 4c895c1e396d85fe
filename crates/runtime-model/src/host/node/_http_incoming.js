// node:_http_incoming for crosstalk: IncomingMessage, the Readable a client gets for a
// fetch() Response (and a server for a Request), as workerd builds it: its headers are
// the Response's, its body is pulled from the Response's stream as it is read, and a
// destroy before the end cancels that stream. The hooks ClientRequest and Server use
// hang, hidden, off IncomingMessage[Symbol.for("crosstalk.node.http")].
import { Readable } from "node:stream";

const node = globalThis[Symbol.for("crosstalk.node")];
const { EventEmitter, errors } = node("node-events");

const kHeaders = Symbol("kHeaders");
const kHeadersDistinct = Symbol("kHeadersDistinct");
const kHeadersCount = Symbol("kHeadersCount");

// What each message holds out of sight: its Response (or Request) body, the reader once
// taken, whether a pump runs, its socket stand-in and the idle timer of its request.
const hidden = new WeakMap();
const inner = (message) => {
  let state = hidden.get(message);
  if (state === undefined) {
    state = { stream: null, reader: undefined, reading: false, socket: undefined, idle: undefined };
    hidden.set(message, state);
  }
  return state;
};

// Headers a second occurrence of is dropped (Node's "no duplicates" fields).
const single = new Set([
  "age",
  "host",
  "from",
  "etag",
  "server",
  "referer",
  "expires",
  "location",
  "user-agent",
  "retry-after",
  "content-type",
  "max-forwards",
  "authorization",
  "last-modified",
  "content-length",
  "if-modified-since",
  "proxy-authorization",
  "if-unmodified-since",
]);

function timerDuration(msecs, name) {
  errors.validateNumber(msecs, name, 0);
  if (msecs > 2 ** 31 - 1) return 2 ** 31 - 1;
  return msecs;
}

export class IncomingMessage extends Readable {
  aborted = false;
  url = "";
  method = null;
  statusCode = null;
  statusMessage = null;
  httpVersionMajor = 1;
  httpVersionMinor = 1;
  httpVersion = "1.1";
  complete = false;
  rawHeaders = [];
  joinDuplicateHeaders = false;
  cloudflare = { cf: undefined, env: undefined, ctx: undefined };
  [kHeaders] = null;
  [kHeadersDistinct] = null;
  [kHeadersCount] = 0;
  _dumped = false;
  _consuming = false;
  _paused = false;

  constructor() {
    super({});
    this._readableState.readingMore = true;
  }

  _read() {
    if (!this._consuming) {
      this._readableState.readingMore = false;
      this._consuming = true;
    }
    if (inner(this).stream == null) {
      this.complete = true;
      this.push(null);
      return;
    }
    pump(this);
  }

  _destroy(error, callback) {
    if (!this.readableEnded || !this.complete) {
      this.aborted = true;
      this.emit("aborted");
    }
    const state = inner(this);
    if (!this.complete && state.stream != null) {
      const cancelled =
        state.reader !== undefined ? state.reader.cancel(error ?? undefined) : state.stream.cancel(error ?? undefined);
      cancelled.catch(() => {});
    }
    queueMicrotask(() => {
      // An error reaches 'error' only when someone listens (Node's compatibility rule).
      if (this.listenerCount("error") === 0) callback();
      else callback(error);
    });
  }

  _addHeaderLine(field, value, dest) {
    const lower = field.toLowerCase();
    if (lower === "set-cookie") {
      if (dest["set-cookie"] !== undefined) dest["set-cookie"].push(value);
      else dest["set-cookie"] = [value];
    } else if (lower === "cookie" || !single.has(lower)) {
      if (typeof dest[lower] === "string") dest[lower] += (lower === "cookie" ? "; " : ", ") + value;
      else dest[lower] = value;
    } else if (this.joinDuplicateHeaders) {
      if (dest[lower] === undefined) dest[lower] = value;
      else dest[lower] += ", " + value;
    } else if (dest[lower] === undefined) {
      dest[lower] = value;
    }
  }

  _addHeaderLines(headers, n) {
    if (Array.isArray(headers) && !this.complete) {
      this.rawHeaders = headers;
      this[kHeadersCount] = n;
      if (this[kHeaders]) {
        for (let i = 0; i < n; i += 2) this._addHeaderLine(headers[i], headers[i + 1], this[kHeaders]);
      }
    }
  }

  get headers() {
    if (!this[kHeaders]) {
      this[kHeaders] = {};
      for (let n = 0; n < this[kHeadersCount]; n += 2) {
        this._addHeaderLine(this.rawHeaders[n], this.rawHeaders[n + 1], this[kHeaders]);
      }
    }
    return this[kHeaders];
  }

  set headers(value) {
    this[kHeaders] = value;
  }

  get headersDistinct() {
    if (!this[kHeadersDistinct]) {
      this[kHeadersDistinct] = {};
      for (let n = 0; n < this[kHeadersCount]; n += 2) {
        this._addHeaderLineDistinct(this.rawHeaders[n], this.rawHeaders[n + 1], this[kHeadersDistinct]);
      }
    }
    return this[kHeadersDistinct];
  }

  set headersDistinct(value) {
    this[kHeadersDistinct] = value;
  }

  get trailers() {
    return {};
  }

  set trailers(_value) {}

  get trailersDistinct() {
    return {};
  }

  set trailersDistinct(_value) {}

  _addHeaderLineDistinct(field, value, dest) {
    const lower = field.toLowerCase();
    if (!dest[lower]) dest[lower] = [value];
    else dest[lower].push(value);
  }

  _dump() {
    if (!this._dumped) {
      this._dumped = true;
      this.removeAllListeners("data");
      this.resume();
    }
  }

  setTimeout(msecs, callback) {
    msecs = timerDuration(msecs, "msecs");
    if (callback) this.on("timeout", callback);
    inner(this).idle?.setTimeout(msecs);
    return this;
  }

  set connection(value) {
    inner(this).socket = value;
  }

  get connection() {
    return inner(this).socket;
  }

  get socket() {
    return inner(this).socket;
  }
}

// Moves the body's chunks into the Readable until it pushes back or the body ends.
async function pump(message) {
  const state = inner(message);
  if (state.stream == null || state.reading) return;
  state.reading = true;
  try {
    state.reader ??= state.stream.getReader();
    while (!message.destroyed) {
      const { done, value } = await state.reader.read();
      if (message.destroyed) break;
      if (done) {
        message.complete = true;
        message.push(null);
        break;
      }
      state.idle?.touch();
      if (!message.push(value)) break;
    }
  } catch (error) {
    message.destroy(error);
  } finally {
    state.reading = false;
  }
}

// A client's response: the Response's headers (one value each, as fetch joins them),
// status and URL, and its body.
function adoptResponse(message, response, idle) {
  const state = inner(message);
  state.idle = idle;
  message[kHeaders] = {};
  message[kHeadersDistinct] = {};
  for (const name of response.headers.keys()) {
    const value = response.headers.get(name);
    message[kHeaders][name] = value;
    message[kHeadersDistinct][name] = [value];
    message[kHeadersCount]++;
  }
  message._readableState.readingMore = true;
  message.url = response.url;
  message.statusCode = response.status;
  message.statusMessage = response.statusText;
  message.on("timeout", () => {
    message._consuming = false;
  });
  state.stream = response.body;
}

// A server's request: a socket stand-in with the addresses a worker can know.
function adoptSocket(message, { headers, localPort, remotePort }) {
  const connectingIp = headers.get("cf-connecting-ip");
  const ipv4 = connectingIp ? /^\d{1,3}(\.\d{1,3}){3}$/.test(connectingIp) : true;
  const socket = new EventEmitter();
  const live = (value) => () => (message.destroyed ? undefined : value);
  Object.defineProperties(socket, {
    encrypted: { value: headers.get("x-forwarded-proto") === "https", configurable: true },
    readable: { get: () => message.readable, configurable: true },
    remoteFamily: { get: live(ipv4 ? "IPv4" : "IPv6"), configurable: true },
    remoteAddress: { get: live(connectingIp ?? "127.0.0.1"), configurable: true },
    remotePort: { get: live(remotePort), configurable: true },
    localAddress: { value: headers.get("host") ?? "127.0.0.1", configurable: true },
    localPort: { value: localPort, configurable: true },
    destroy: { value: (error) => message.destroy(error), configurable: true },
  });
  inner(message).socket = socket;
}

function adoptBody(message, stream) {
  inner(message).stream = stream;
}

Object.defineProperty(IncomingMessage, Symbol.for("crosstalk.node.http"), {
  value: { adoptResponse, adoptSocket, adoptBody, timerDuration },
});

export default { IncomingMessage };
