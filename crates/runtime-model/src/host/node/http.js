// node:http for crosstalk: workerd's node:http over fetch(). request()/get() make a
// ClientRequest (node:_http_client) whose fetch reaches the scenario's declared origins;
// Agent, IncomingMessage and OutgoingMessage come from their node:_http_* modules.
// createServer() builds a Server whose listen() takes a port and whose requests, handed
// to it as fetch Requests, become IncomingMessage/ServerResponse pairs answered by a
// Response (the way in, cloudflare:node's httpServerHandler, is not modelled).
import {
  OutgoingMessage,
  validateHeaderName,
  validateHeaderValue,
  parseUniqueHeadersOption,
  kUniqueHeaders,
} from "node:_http_outgoing";
import { IncomingMessage } from "node:_http_incoming";
import { ClientRequest } from "node:_http_client";
import { Agent, globalAgent } from "node:_http_agent";
import { methods, chunkExpression, _checkInvalidHeaderChar, kIncomingMessage, parsers } from "node:_http_common";
import { getDefaultHighWaterMark } from "node:stream";

const node = globalThis[Symbol.for("crosstalk.node")];
const { EventEmitter } = node("node-events");
const { Buffer } = node("node-buffer");
const { E, kOutHeaders, kErrored } = OutgoingMessage[Symbol.for("crosstalk.node.http")];
const { adoptSocket, adoptBody } = IncomingMessage[Symbol.for("crosstalk.node.http")];
const { errors } = E;

export const WebSocket = globalThis.WebSocket;
// workerd's global CloseEvent; crosstalk has no such global, so a minimal one stands in.
export const CloseEvent =
  globalThis.CloseEvent ??
  class CloseEvent extends Event {
    #init;
    constructor(type, init = {}) {
      super(type, init);
      this.#init = { code: init.code ?? 0, reason: init.reason ?? "", wasClean: init.wasClean ?? false };
    }
    get code() {
      return this.#init.code;
    }
    get reason() {
      return this.#init.reason;
    }
    get wasClean() {
      return this.#init.wasClean;
    }
  };
export const MessageEvent = globalThis.MessageEvent;

export const METHODS = methods;

export const STATUS_CODES = {
  100: "Continue",
  101: "Switching Protocols",
  102: "Processing",
  103: "Early Hints",
  200: "OK",
  201: "Created",
  202: "Accepted",
  203: "Non-Authoritative Information",
  204: "No Content",
  205: "Reset Content",
  206: "Partial Content",
  207: "Multi-Status",
  208: "Already Reported",
  226: "IM Used",
  300: "Multiple Choices",
  301: "Moved Permanently",
  302: "Found",
  303: "See Other",
  304: "Not Modified",
  305: "Use Proxy",
  307: "Temporary Redirect",
  308: "Permanent Redirect",
  400: "Bad Request",
  401: "Unauthorized",
  402: "Payment Required",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  406: "Not Acceptable",
  407: "Proxy Authentication Required",
  408: "Request Timeout",
  409: "Conflict",
  410: "Gone",
  411: "Length Required",
  412: "Precondition Failed",
  413: "Payload Too Large",
  414: "URI Too Long",
  415: "Unsupported Media Type",
  416: "Range Not Satisfiable",
  417: "Expectation Failed",
  418: "I'm a Teapot",
  421: "Misdirected Request",
  422: "Unprocessable Entity",
  423: "Locked",
  424: "Failed Dependency",
  425: "Too Early",
  426: "Upgrade Required",
  428: "Precondition Required",
  429: "Too Many Requests",
  431: "Request Header Fields Too Large",
  451: "Unavailable For Legal Reasons",
  500: "Internal Server Error",
  501: "Not Implemented",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
  505: "HTTP Version Not Supported",
  506: "Variant Also Negotiates",
  507: "Insufficient Storage",
  508: "Loop Detected",
  509: "Bandwidth Limit Exceeded",
  510: "Not Extended",
  511: "Network Authentication Required",
};

// The most bytes of response headers Node accepts (fetch sets its own limit).
export const maxHeaderSize = 16384;

export function request(url, options, cb) {
  return new ClientRequest(url, options, cb);
}

export function get(url, options, cb) {
  const req = request(url, options, cb);
  req.end();
  return req;
}

// No parser pool exists behind fetch(): the value is only recorded on _http_common's stub.
export function setMaxIdleHTTPParsers(max) {
  errors.validateInteger(max, "max", 1);
  parsers.max = max;
}

// ---------------------------------------------------------------------------------------
// The server half.

const kServerResponse = Symbol("ServerResponse");
const kServe = Symbol("serve");
// fetch joins repeated headers with a comma; these Node keeps the first of.
const firstOnly = [
  "authorization",
  "content-length",
  "content-type",
  "user-agent",
  "referer",
  "host",
  "max-forwards",
  "if-unmodified-since",
  "if-modified-since",
  "from",
  "proxy-authorization",
  "etag",
  "age",
  "location",
  "retry-after",
  "server",
  "expires",
  "last-modified",
];
// The servers listening in this isolate, by port.
const listening = new Map();
let nextEphemeral = 49152;

// The first element of a comma-separated header value, quoted strings kept whole.
function firstOfList(value) {
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '"' && value[i - 1] !== "\\") quoted = !quoted;
    else if (c === "," && !quoted) return value.slice(0, i).trim();
  }
  return value.trim();
}

function validatePort(port, name) {
  const number = typeof port === "string" && port.trim() !== "" ? Number(port) : port;
  if ((typeof port !== "number" && typeof port !== "string") || !Number.isInteger(number) || number < 0 || number > 65535) {
    throw errors.nodeError(
      "ERR_SOCKET_BAD_PORT",
      `${name} should be >= 0 and < 65536. Received ${typeof port === "string" ? `type string ('${port}')` : `type ${typeof port} (${port})`}.`,
      "RangeError",
    );
  }
  return number;
}

export class Server extends EventEmitter {
  [kIncomingMessage] = IncomingMessage;
  [kServerResponse] = ServerResponse;
  [kUniqueHeaders] = null;
  httpAllowHalfOpen = false;
  timeout = 0;
  maxHeadersCount = null;
  maxRequestsPerSocket = 0;
  connectionsCheckingInterval = 30000;
  requestTimeout = 300000;
  headersTimeout = 60000;
  requireHostHeader = false;
  joinDuplicateHeaders = false;
  rejectNonStandardBodyWrites = false;
  keepAliveTimeout = 5000;
  keepAliveTimeoutBuffer = 1000;
  highWaterMark = getDefaultHighWaterMark();
  #port = null;

  constructor(options, requestListener) {
    super({ captureRejections: true });
    if (options != null && typeof options !== "function") storeHTTPOptions.call(this, options);
    if (options?.highWaterMark !== undefined) {
      errors.validateNumber(options.highWaterMark, "options.highWaterMark");
      if (options.highWaterMark > 0) this.highWaterMark = options.highWaterMark;
    }
    if (typeof options === "function") {
      requestListener = options;
      options = {};
    } else if (options == null) {
      options = {};
    } else {
      errors.validateObject(options, "options");
    }
    if (requestListener) this.on("request", requestListener);
    this[kUniqueHeaders] = parseUniqueHeadersOption(options.uniqueHeaders);
  }

  close(callback) {
    if (this.#port != null) {
      listening.delete(this.#port);
      this.#port = null;
    }
    if (typeof callback === "function") this.once("close", callback);
    queueMicrotask(() => this.emit("close"));
    return this;
  }

  closeAllConnections() {}

  closeIdleConnections() {}

  setTimeout(msecs, callback) {
    if (typeof msecs === "function") {
      callback = msecs;
      msecs = undefined;
    } else if (typeof msecs === "number") {
      this.timeout = msecs;
    }
    if (typeof callback === "function") this.once("timeout", callback);
    return this;
  }

  [EventEmitter.captureRejectionSymbol](error, event, ...args) {
    if (event === "request") {
      args[1].destroy(error);
      return;
    }
    if (event === "error") {
      queueMicrotask(() => {
        throw error;
      });
      return;
    }
    this.emit("error", error);
  }

  // Answers a fetch Request with the Response the 'request' listeners write.
  async [kServe](request, env, ctx) {
    const incoming = new this[kIncomingMessage]();
    adoptSocket(incoming, { headers: request.headers, localPort: this.#port, remotePort: 0x8000 });
    const url = new URL(request.url);
    incoming.url = url.pathname + url.search;
    const headers = [];
    for (const [key, value] of request.headers) headers.push(key, firstOnly.includes(key) ? firstOfList(value) : value);
    incoming._addHeaderLines(headers, headers.length);
    incoming.method = request.method;
    adoptBody(incoming, request.body);
    incoming.cloudflare = { env, ctx };
    if ("cf" in request) incoming.cloudflare.cf = request.cf;
    const response = new this[kServerResponse](incoming, {
      highWaterMark: this.highWaterMark,
      rejectNonStandardBodyWrites: this.rejectNonStandardBodyWrites,
    });
    if (request.method === "HEAD") response._hasBody = false;
    try {
      this.emit("connection", this, incoming);
      this.emit("request", incoming, response);
      return await responseOf(response);
    } catch (error) {
      response.destroy(error);
      throw error;
    }
  }

  listen(...args) {
    let options = {};
    let callback = null;
    if (typeof args[args.length - 1] === "function") callback = args.pop();
    if (args.length > 0 && args[0] !== null && typeof args[0] === "object") options = args[0];
    else if (args.length > 0) {
      options = { port: args[0] };
      if (typeof args[1] === "string") options.host = args[1];
    }
    let port;
    if (typeof options.port === "number" || typeof options.port === "string") port = validatePort(options.port, "options.port");
    port ??= 0;
    if (this.#port != null) {
      throw errors.nodeError("ERR_SERVER_ALREADY_LISTEN", "Listen method has been called more than once without closing.");
    }
    if (callback !== null) this.once("listening", callback);
    if (port === 0) {
      while (listening.has(nextEphemeral)) nextEphemeral += 1;
      port = nextEphemeral++;
    }
    if (listening.has(port)) {
      const host = typeof options.host === "string" ? options.host : "127.0.0.1";
      const error = errors.nodeError("EADDRINUSE", `listen EADDRINUSE: address already in use ${host}:${port}`);
      error.syscall = "listen";
      error.address = host;
      error.port = port;
      throw error;
    }
    this.#port = port;
    listening.set(port, this);
    queueMicrotask(() => this.emit("listening"));
    return this;
  }

  getConnections(callback) {
    if (callback) {
      errors.validateFunction(callback, "callback");
      queueMicrotask(() => callback(null, 0));
    }
    return this;
  }

  ref() {
    return this;
  }

  unref() {
    return this;
  }

  get listening() {
    return this.#port != null;
  }

  address() {
    if (this.#port == null) return null;
    return { port: this.#port, family: "IPv4", address: "127.0.0.1" };
  }

  get maxConnections() {
    return Infinity;
  }

  get connections() {
    return 0;
  }

  async [Symbol.asyncDispose]() {
    return new Promise((resolve) => this.close(resolve));
  }
}

// The Response a ServerResponse becomes once its headers are sent.
const responses = new WeakMap();
const responseOf = (response) => responses.get(response);

export class ServerResponse extends OutgoingMessage {
  [kOutHeaders] = null;
  statusCode = 200;
  statusMessage = "unknown";

  constructor(req, options = {}) {
    super(req, options);
    if (req.httpVersionMajor < 1 || req.httpVersionMinor < 1) {
      this.useChunkedEncodingByDefault = chunkExpression.test(req.headers.te ?? "");
      this.shouldKeepAlive = false;
    }
    let resolve;
    let reject;
    const promise = new Promise((yes, no) => {
      resolve = yes;
      reject = no;
    });
    let controller = null;
    const held = [];
    const state = { written: 0, length: null };
    this.on("_dataWritten", (events) => {
      if (this.destroyed) return;
      for (const event of events) {
        let chunk = this.#chunkOf(event);
        if (state.length !== null && state.written + chunk.length > state.length) {
          const left = state.length - state.written;
          if (left <= 0) continue;
          chunk = chunk.slice(0, left);
        }
        state.written += chunk.length;
        if (chunk.length === 0) continue;
        const copy = new Uint8Array(chunk);
        if (controller) controller.enqueue(copy);
        else held[event.index] = copy;
      }
    });
    this.once("error", reject);
    this.once("close", () => reject(E.prematureClose()));
    this.once("_headersSent", ({ statusCode, statusMessage, headers }) => {
      for (const [name, value] of headers) {
        if (name.length === 14 && name.toLowerCase() === "content-length") {
          state.length = parseInt(value, 10);
          break;
        }
      }
      resolve(
        this.#toResponse(statusCode, statusMessage, headers, (c) => {
          controller = c;
          for (const chunk of held) if (chunk) c.enqueue(chunk);
          held.length = 0;
        }),
      );
    });
    this.once("finish", () => queueMicrotask(() => this.#emitClose()));
    responses.set(this, promise);
  }

  #emitClose() {
    if (this._closed) return;
    this.destroyed = true;
    this._closed = true;
    this.emit("close");
  }

  destroy(error) {
    if (this.destroyed) return this;
    if (this.writableEnded) {
      this.destroyed = true;
      this[kErrored] = error;
      return this;
    }
    super.destroy(error);
    queueMicrotask(() => this.#emitClose());
    return this;
  }

  #toResponse(status, statusText, headers, onStart) {
    let body = null;
    if (this._hasBody) {
      body = new ReadableStream({
        type: "bytes",
        start: (controller) => {
          onStart(controller);
          let settled = false;
          this.once("finish", () => {
            if (settled) return;
            settled = true;
            controller.close();
          });
          this.on("error", (error) => {
            if (settled) return;
            settled = true;
            controller.error(error);
          });
          this.once("close", () => {
            if (settled) return;
            settled = true;
            controller.error(this.errored ?? E.prematureClose());
          });
        },
        cancel: (reason) => this.destroy(reason),
      });
    }
    return new Response(body, { status, statusText, headers });
  }

  #chunkOf({ index, entry: { data, encoding } }) {
    if (typeof data === "string") {
      if (index === 0) data = data.slice(this.writtenHeaderBytes);
      return Buffer.from(data, encoding ?? undefined);
    }
    return data ?? Buffer.alloc(0);
  }

  assignSocket() {
    throw E.notImplemented("assignSocket");
  }

  detachSocket() {
    throw E.notImplemented("detachSocket");
  }

  writeContinue() {
    throw E.notImplemented("writeContinue");
  }

  writeProcessing() {
    throw E.notImplemented("writeProcessing");
  }

  writeEarlyHints() {
    throw E.notImplemented("writeEarlyHints");
  }

  _implicitHeader() {
    this.writeHead(this.statusCode);
  }

  writeHead(statusCode, reason, obj) {
    if (this._header) throw E.headersSent("write");
    const original = statusCode;
    statusCode |= 0;
    if (statusCode < 200 || statusCode > 999) {
      throw errors.nodeError("ERR_HTTP_INVALID_STATUS_CODE", `Invalid status code: ${original}`, "RangeError");
    }
    if (typeof reason === "string") {
      this.statusMessage = reason;
    } else {
      this.statusMessage ||= STATUS_CODES[`${statusCode}`] || "unknown";
      obj ??= reason;
    }
    this.statusCode = statusCode;
    let headers;
    if (this[kOutHeaders]) {
      if (Array.isArray(obj)) {
        if (obj.length % 2 !== 0) throw errors.invalidArgValue("headers", obj);
        for (let n = 0; n < obj.length; n += 2) this.removeHeader(`${obj[n]}`);
        for (let n = 0; n < obj.length; n += 2) this.appendHeader(`${obj[n]}`, obj[n + 1]);
      } else if (obj) {
        for (const key of Object.keys(obj)) if (obj[key]) this.setHeader(key, obj[key]);
      }
      headers = this[kOutHeaders];
    } else {
      headers = obj;
    }
    if (_checkInvalidHeaderChar(this.statusMessage)) throw E.invalidChar("statusMessage");
    if (statusCode === 204 || statusCode === 304) this._hasBody = false;
    this._storeHeader(`HTTP/1.1 ${statusCode} ${this.statusMessage}\r\n`, headers ?? null);
    return this;
  }

  writeHeader = this.writeHead.bind(this);
}

function storeHTTPOptions(options) {
  this[kIncomingMessage] = options.IncomingMessage || IncomingMessage;
  this[kServerResponse] = options.ServerResponse || ServerResponse;
  if (options.maxHeaderSize !== undefined) {
    errors.validateInteger(options.maxHeaderSize, "maxHeaderSize", 0);
    throw E.optionNotImplemented("maxHeaderSize");
  }
  if (options.insecureHTTPParser !== undefined) {
    errors.validateBoolean(options.insecureHTTPParser, "options.insecureHTTPParser");
  }
  if (options.requestTimeout !== undefined) {
    errors.validateInteger(options.requestTimeout, "requestTimeout", 0);
    this.requestTimeout = options.requestTimeout;
  } else {
    this.requestTimeout = 300000;
  }
  if (options.headersTimeout !== undefined) {
    errors.validateInteger(options.headersTimeout, "headersTimeout", 0);
    this.headersTimeout = options.headersTimeout;
  } else {
    this.headersTimeout = Math.min(60000, this.requestTimeout);
  }
  if (this.requestTimeout > 0 && this.headersTimeout > 0 && this.headersTimeout > this.requestTimeout) {
    throw errors.outOfRange("headersTimeout", "<= requestTimeout", options.headersTimeout);
  }
  for (const name of ["keepAliveTimeout", "keepAliveTimeoutBuffer", "connectionsCheckingInterval"]) {
    if (options[name] !== undefined) {
      errors.validateInteger(options[name], name, name === "keepAliveTimeoutBuffer" ? undefined : 0);
      throw E.optionNotImplemented(name);
    }
  }
  if (options.requireHostHeader !== undefined) {
    errors.validateBoolean(options.requireHostHeader, "options.requireHostHeader");
    this.requireHostHeader = options.requireHostHeader;
  } else {
    this.requireHostHeader = true;
  }
  if (options.joinDuplicateHeaders !== undefined) {
    errors.validateBoolean(options.joinDuplicateHeaders, "options.joinDuplicateHeaders");
  }
  this.joinDuplicateHeaders = options.joinDuplicateHeaders ?? false;
  if (options.rejectNonStandardBodyWrites !== undefined) {
    errors.validateBoolean(options.rejectNonStandardBodyWrites, "options.rejectNonStandardBodyWrites");
    this.rejectNonStandardBodyWrites = options.rejectNonStandardBodyWrites;
  } else {
    this.rejectNonStandardBodyWrites = false;
  }
}

export function createServer(options, handler) {
  return new Server(options, handler);
}

export function _connectionListener() {
  throw E.notImplemented("_connectionListener");
}

// What node:_http_server and node:https share: the server's request door (by port, for
// a handler that routes a fetch to a listening server) and the option parser.
Object.defineProperty(Server, Symbol.for("crosstalk.node.http"), {
  value: {
    storeHTTPOptions,
    serve: (port, request, env, ctx) => listening.get(port)?.[kServe](request, env, ctx),
    kServerResponse,
  },
});

export {
  validateHeaderName,
  validateHeaderValue,
  ClientRequest,
  OutgoingMessage,
  Agent,
  globalAgent,
  IncomingMessage,
};

export default {
  validateHeaderName,
  validateHeaderValue,
  METHODS,
  STATUS_CODES,
  ClientRequest,
  request,
  get,
  OutgoingMessage,
  Agent,
  globalAgent,
  IncomingMessage,
  Server,
  ServerResponse,
  createServer,
  maxHeaderSize,
  setMaxIdleHTTPParsers,
  _connectionListener,
  WebSocket,
  CloseEvent,
  MessageEvent,
};
