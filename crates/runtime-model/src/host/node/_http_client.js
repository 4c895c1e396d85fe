// node:_http_client for crosstalk: ClientRequest as workerd builds it, over fetch(): the
// options (a URL, a string or an object) give method, host, port and path; headers are
// kept by OutgoingMessage; the body written is collected and sent when end() finishes
// the request, as one fetch() (redirects not followed, the body not decoded); the
// Response becomes an IncomingMessage emitted as 'response'. In crosstalk the fetch
// reaches the scenario's declared origins like any other subrequest.
import { urlToHttpOptions } from "node:url";
import { Writable } from "node:stream";
import { _checkIsHttpToken } from "node:_http_common";
import { OutgoingMessage, kUniqueHeaders, parseUniqueHeadersOption } from "node:_http_outgoing";
import { IncomingMessage } from "node:_http_incoming";
import { globalAgent } from "node:_http_agent";

const node = globalThis[Symbol.for("crosstalk.node")];
const { Buffer } = node("node-buffer");
const { E, kOutHeaders, kErrored } = OutgoingMessage[Symbol.for("crosstalk.node.http")];
const { adoptResponse, timerDuration } = IncomingMessage[Symbol.for("crosstalk.node.http")];
const { errors } = E;
const { AbortError } = node("node-events").errors;

const invalidPath = /[^\u0021-\u00ff]/;
// A path `new URL(path, base)` would take the authority from: two leading separators,
// or a scheme before the first separator.
const overridesAuthority = /^(?:[/\\]{2}|[^/\\]*:)/;

const isURL = (value) => Boolean(value?.href && value.protocol && value.auth === undefined && value.path === undefined);

function validateHost(host, name) {
  if (host != null && typeof host !== "string") {
    throw errors.invalidArgType(`options.${name}`, ["string", "undefined", "null"], host);
  }
  return host;
}

export class ClientRequest extends OutgoingMessage {
  #abort = new AbortController();
  #body = [];
  #incoming;
  #timer = null;
  #sent = false;
  _ended = false;
  timeout;
  method = "GET";
  path = "/";
  host;
  protocol = "http:";
  port = "80";
  joinDuplicateHeaders;
  agent;
  aborted = false;
  reusedSocket = false;
  maxHeadersCount = Infinity;
  connection = null;
  socket = null;
  [kUniqueHeaders] = null;

  constructor(input, options, cb) {
    super();
    if (typeof input === "string") input = urlToHttpOptions(new URL(input));
    else if (isURL(input)) input = urlToHttpOptions(input);
    else {
      cb = options;
      options = input;
      input = null;
    }
    if (typeof options === "function") {
      cb = options;
      options = input ?? {};
    } else {
      options = Object.assign(input ?? {}, options);
    }
    if (options.path) {
      if (invalidPath.test(options.path)) {
        throw errors.nodeError("ERR_UNESCAPED_CHARACTERS", "Request path contains unescaped characters", "TypeError");
      }
      if (overridesAuthority.test(options.path)) {
        throw errors.invalidArgValue("options.path", options.path, "must be a path-only request target");
      }
    }
    let agent = options.agent;
    const defaultAgent = options._defaultAgent || globalAgent;
    if (agent === false) {
      agent = new defaultAgent.constructor();
    } else if (agent == null) {
      if (typeof options.createConnection !== "function") agent = defaultAgent;
    } else if (typeof agent === "object" && typeof agent.addRequest !== "function") {
      throw errors.invalidArgType("options.agent", ["Agent-like Object", "undefined", "false"], agent);
    }
    this.agent = agent;
    let expectedProtocol = defaultAgent.protocol;
    const protocol = options.protocol || expectedProtocol;
    if (this.agent?.protocol) expectedProtocol = this.agent.protocol;
    const defaultPort = options.defaultPort || this.agent?.defaultPort || 80;
    if (protocol !== expectedProtocol) {
      throw errors.nodeError(
        "ERR_INVALID_PROTOCOL",
        `Protocol "${protocol}" not supported. Expected "${expectedProtocol}"`,
        "TypeError",
      );
    }
    this.protocol = protocol;
    const port = (options.port = options.port || defaultPort || 80);
    this.port = port.toString();
    const host = (options.host =
      validateHost(options.hostname, "hostname") || validateHost(options.host, "host") || "localhost");
    const setHost = options.setHost !== undefined ? Boolean(options.setHost) : options.setDefaultHeaders !== false;
    if (options.timeout !== undefined) this.timeout = timerDuration(options.timeout, "timeout");
    if (options.signal) addAbortSignal(options.signal, this);
    let method = options.method;
    const methodIsString = typeof method === "string";
    if (method != null && !methodIsString) throw errors.invalidArgType("options.method", "string", method);
    if (methodIsString && method) {
      if (!_checkIsHttpToken(method)) throw E.invalidToken("Method", method);
      method = this.method = method.toUpperCase();
    } else {
      method = this.method = "GET";
    }
    if (options.maxHeaderSize !== undefined) {
      errors.validateInteger(options.maxHeaderSize, "maxHeaderSize", 0);
      throw E.optionNotImplemented("options.maxHeaderSize");
    }
    if (options.insecureHTTPParser !== undefined) {
      errors.validateBoolean(options.insecureHTTPParser, "options.insecureHTTPParser");
    }
    if (options.createConnection !== undefined) {
      errors.validateFunction(options.createConnection, "options.createConnection");
      throw E.optionNotImplemented("options.createConnection");
    }
    if (options.lookup !== undefined) {
      errors.validateFunction(options.lookup, "options.lookup");
      throw E.optionNotImplemented("options.lookup");
    }
    if (options.socketPath !== undefined) {
      errors.validateString(options.socketPath, "options.socketPath");
      throw E.optionNotImplemented("options.socketPath");
    }
    if (options.joinDuplicateHeaders !== undefined) {
      errors.validateBoolean(options.joinDuplicateHeaders, "options.joinDuplicateHeaders");
    }
    this.joinDuplicateHeaders = options.joinDuplicateHeaders;
    this.path = options.path || "/";
    if (cb) this.once("response", cb);
    this.host = host;
    const headers = options.headers;
    if (!Array.isArray(headers)) {
      if (headers != null) {
        if ("host" in headers) errors.validateString(headers.host, "host");
        for (const [key, value] of Object.entries(headers)) this.setHeader(key, value);
      }
      if (host && !this.getHeader("host") && setHost) {
        let hostHeader = host;
        const colon = hostHeader.indexOf(":");
        if (colon !== -1 && hostHeader.includes(":", colon + 1) && hostHeader.charCodeAt(0) !== 91) {
          hostHeader = `[${hostHeader}]`;
        }
        if (port && +port !== defaultPort) hostHeader += ":" + port;
        this.setHeader("Host", hostHeader);
      }
      if (options.auth && !this.getHeader("Authorization")) {
        this.setHeader("Authorization", "Basic " + Buffer.from(options.auth).toString("base64"));
      }
    } else {
      if (headers.length % 2 !== 0) throw errors.invalidArgValue("headers", headers);
      for (let n = 0; n < headers.length; n += 2) this.setHeader(headers[n], headers[n + 1]);
    }
    this.on("finish", () => this.#onFinish());
    this[kUniqueHeaders] = parseUniqueHeadersOption(options.uniqueHeaders);
  }

  #onFinish() {
    if (this.destroyed) return;
    try {
      this.#send();
    } catch (error) {
      this.destroy(error);
    }
  }

  #send() {
    let body = null;
    if (this.method !== "GET" && this.method !== "HEAD" && this.#body.length > 0) {
      const type = this.getHeader("content-type") ?? "";
      body = new Blob(this.#body, { type: Array.isArray(type) ? type.join(", ") : `${type}` });
    }
    const headers = [];
    for (const [, [name, value]] of Object.entries(this[kOutHeaders] ?? {})) {
      if (Array.isArray(value)) {
        if (this.joinDuplicateHeaders) headers.push([name, value.join(", ")]);
        else for (const item of value) headers.push([name, item]);
      } else {
        headers.push([name, value]);
      }
    }
    this.#sent = true;
    this.#arm();
    // RFC 7230 section 5.4: a request without a Host header gets a 400.
    if (this.host && !this.getHeader("host") && Object.keys(this[kOutHeaders] ?? {}).length === 0) {
      queueMicrotask(() => {
        this.#onResponse(new Response(null, { status: 400, statusText: "Bad Request", headers: { connection: "close" } }));
      });
      return;
    }
    let url = new URL(`http://${this.host}`);
    url.protocol = this.protocol;
    url.port = this.port;
    if (this.path.length > 0 && this.path !== "/") {
      if (overridesAuthority.test(this.path)) {
        this.destroy(errors.invalidArgValue("options.path", this.path, "must be a path-only request target"));
        return;
      }
      url = new URL(this.path, url);
    }
    fetch(url, {
      method: this.method,
      headers,
      body: body ?? null,
      signal: this.#abort.signal,
      redirect: "manual",
      encodeResponseBody: "manual",
    })
      .then((response) => this.#onResponse(response))
      .catch((error) => {
        if (!this.destroyed) this.destroy(error);
      });
  }

  #onResponse(response) {
    if (this.destroyed) {
      response.body?.cancel().catch(() => {});
      return;
    }
    this._header = Array.from(response.headers.keys())
      .map((key) => `${key}=${response.headers.get(key)}}`)
      .join("\r\n");
    const incoming = new IncomingMessage();
    adoptResponse(incoming, response, {
      setTimeout: (msecs) => this.#setIdle(msecs),
      touch: () => this.#arm(),
    });
    this.#arm();
    incoming.on("error", (error) => {
      if (!this.destroyed) this.emit("error", error);
    });
    incoming.once("close", () => this.#emitClose());
    this.#incoming = incoming;
    this.res = incoming;
    if (!this.emit("response", incoming)) incoming._dump();
  }

  #emitClose() {
    if (this._closed) return;
    this._closed = true;
    this.destroyed = true;
    this.#disarm();
    this.emit("close");
  }

  destroy(error) {
    if (this.destroyed) return this;
    this.destroyed = true;
    this[kErrored] = error ?? null;
    this.#disarm();
    const incoming = this.#incoming;
    if (incoming === undefined && error == null && !this.aborted) error = E.connReset("socket hang up");
    if (error != null) queueMicrotask(() => this.emit("error", error));
    if (incoming === undefined) this.#abort.abort();
    else if (!incoming.complete) incoming.destroy(E.connReset("aborted"));
    queueMicrotask(() => this.#emitClose());
    return this;
  }

  onSocket() {}

  addTrailers() {
    throw E.notImplemented("addTrailers");
  }

  abort() {
    if (this.aborted) return;
    this.aborted = true;
    queueMicrotask(() => this.emit("abort"));
    this.destroy();
  }

  _write(chunk, _encoding, callback) {
    this.#body.push(chunk);
    callback();
    return true;
  }

  setNoDelay(noDelay) {
    errors.validateBoolean(noDelay, "noDelay");
  }

  setSocketKeepAlive(enable, initialDelay) {
    errors.validateBoolean(enable, "enable");
    errors.validateNumber(initialDelay, "initialDelay");
  }

  clearTimeout(cb) {
    this.setTimeout(0, cb);
  }

  setTimeout(msecs, callback) {
    this.#setIdle(timerDuration(msecs, "msecs"));
    if (callback) this.once("timeout", callback);
    return this;
  }

  #setIdle(msecs) {
    this.timeout = msecs;
    this.#arm();
  }

  write(chunk, encoding, callback) {
    // The bytes are captured now: what the caller does to its buffer later is not sent.
    if (this.method !== "GET" && this.method !== "HEAD" && chunk && !this.writableEnded) {
      if (typeof chunk === "string") {
        this.#body.push(Buffer.from(chunk, typeof encoding === "string" ? encoding : "utf8"));
      } else if (chunk instanceof Uint8Array && chunk.byteLength > 0) {
        this.#body.push(new Uint8Array(chunk));
      }
    }
    return super.write(chunk, encoding, callback);
  }

  end(data, encoding, callback) {
    if (typeof data === "function") {
      callback = data;
      data = undefined;
    } else if (typeof encoding === "function") {
      callback = encoding;
      encoding = undefined;
    }
    if (this.writableEnded) {
      if (data) this.write(data, encoding, callback);
      else if (typeof callback === "function") {
        if (!this.writableFinished) this.once("finish", () => callback());
        else callback(E.alreadyFinished("end"));
      }
      return this;
    }
    if (this.destroyed) return this;
    this._ended = true;
    Writable.prototype.end.call(this, data, encoding, callback);
    this.finished = true;
    return this;
  }

  #disarm() {
    if (this.#timer !== null) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
  }

  // The idle timer: from the send (or the call, whichever is later), restarted by the
  // response and each of its chunks; when it fires, 'timeout' on the request and its
  // response, then the request is destroyed with an AbortError.
  #arm() {
    this.#disarm();
    if (!this.timeout || !this.#sent || this.destroyed) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.emit("timeout");
      this.#incoming?.emit("timeout");
      this.destroy(new AbortError());
    }, this.timeout);
  }

  _implicitHeader() {
    if (this._header) throw E.headersSent("render");
    this._storeHeader(`${this.method} ${this.path} HTTP/1.1\r\n`, this[kOutHeaders]);
  }
}

function addAbortSignal(signal, stream) {
  if (signal === null || typeof signal !== "object" || !("aborted" in signal)) {
    throw errors.invalidArgType("signal", "AbortSignal", signal);
  }
  const onAbort = () => stream.destroy(new AbortError(undefined, { cause: signal.reason }));
  if (signal.aborted) onAbort();
  else {
    signal.addEventListener("abort", onAbort, { once: true });
    stream.once("close", () => signal.removeEventListener("abort", onAbort));
  }
}

export default { ClientRequest };
