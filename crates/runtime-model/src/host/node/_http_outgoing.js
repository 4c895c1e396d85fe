// node:_http_outgoing for crosstalk: OutgoingMessage, the Writable both ClientRequest and
// ServerResponse are, as workerd builds it over fetch: headers kept by lower-cased name
// (first spelling kept), a header block rendered once, body chunks handed to a buffer
// that reports each write ('_dataWritten'), end() finishing on a later microtask. The
// header checks are validateHeaderName/validateHeaderValue. What the other node:http
// modules share with it hangs, hidden, off OutgoingMessage[Symbol.for("crosstalk.node.http")].
import { Writable, getDefaultHighWaterMark } from "node:stream";
import { _checkIsHttpToken, _checkInvalidHeaderChar, chunkExpression } from "node:_http_common";

const node = globalThis[Symbol.for("crosstalk.node")];
const { errors, EventEmitter } = node("node-events");
const { Buffer } = node("node-buffer");

export const kUniqueHeaders = Symbol("kUniqueHeaders");
export const kHighWaterMark = Symbol("kHighWaterMark");
const kOutHeaders = Symbol("kOutHeaders");
const kErrored = Symbol("kErrored");
const kNeedDrain = Symbol("kNeedDrain");
const kCorked = Symbol("corked");
const kChunkedBuffer = Symbol("kChunkedBuffer");
const kChunkedLength = Symbol("kChunkedLength");
const kBytesWritten = Symbol("kBytesWritten");
const kRejectNonStandardBodyWrites = Symbol("kRejectNonStandardBodyWrites");
const connectionClose = /(?:^|\W)close(?:$|\W)/i;

// node:http's errors, as workerd builds them.
const E = {
  errors,
  invalidToken: (label, name) =>
    errors.nodeError("ERR_INVALID_HTTP_TOKEN", `${label} must be a valid HTTP token ["${name}"]`, "TypeError"),
  invalidHeaderValue: (value, header) =>
    errors.nodeError("ERR_HTTP_INVALID_HEADER_VALUE", `Invalid value "${value}" for header "${header}"`, "TypeError"),
  invalidChar: (name, field) =>
    errors.nodeError(
      "ERR_INVALID_CHAR",
      `Invalid character in ${name}${field !== undefined ? ` ["${field}"]` : ""}`,
      "TypeError",
    ),
  headersSent: (action) =>
    errors.nodeError("ERR_HTTP_HEADERS_SENT", `Cannot ${action} headers after they are sent to the client`),
  notImplemented: (name) => errors.methodNotImplemented(name),
  optionNotImplemented: (name) =>
    errors.nodeError("ERR_OPTION_NOT_IMPLEMENTED", `The ${name} option is not implemented`),
  writeAfterEnd: () => errors.nodeError("ERR_STREAM_WRITE_AFTER_END", "write after end"),
  destroyed: (name) => errors.nodeError("ERR_STREAM_DESTROYED", `Cannot call ${name} after a stream was destroyed`),
  alreadyFinished: (name) =>
    errors.nodeError("ERR_STREAM_ALREADY_FINISHED", `Cannot call ${name} after a stream was finished`),
  nullValues: () => errors.nodeError("ERR_STREAM_NULL_VALUES", "May not write null values to stream", "TypeError"),
  cannotPipe: () => errors.nodeError("ERR_STREAM_CANNOT_PIPE", "Cannot pipe, not readable"),
  prematureClose: () => errors.nodeError("ERR_STREAM_PREMATURE_CLOSE", "Premature close"),
  contentLengthMismatch: (actual, expected) =>
    errors.nodeError(
      "ERR_HTTP_CONTENT_LENGTH_MISMATCH",
      `Request body length does not match content-length header. Expected: ${expected}, Actual: ${actual}`,
    ),
  bodyNotAllowed: () =>
    errors.nodeError(
      "ERR_HTTP_BODY_NOT_ALLOWED",
      "Adding content for this request method or response status is not allowed.",
    ),
  connReset(message) {
    const error = errors.nodeError("ECONNRESET", message);
    error.path = undefined;
    error.host = undefined;
    error.port = undefined;
    error.localAddress = undefined;
    return error;
  },
};

export function validateHeaderName(name, label = "Header name") {
  if (typeof name !== "string" || !name || !_checkIsHttpToken(name)) throw E.invalidToken(label, name);
}

export function validateHeaderValue(name, value) {
  if (value === undefined) throw E.invalidHeaderValue(value, name);
  if (_checkInvalidHeaderChar(value)) throw E.invalidChar("header content", name);
}

export function parseUniqueHeadersOption(headers) {
  if (!Array.isArray(headers)) return null;
  const unique = new Set();
  for (const header of headers) {
    for (const name of Array.isArray(header) ? header : [header]) unique.add(name.toLowerCase());
  }
  return unique;
}

// Where written data goes: each write is reported at once (or, while corked, when
// uncorked) through `onWrite` as [{ index, entry }], its callback run on a microtask.
class WriteLog {
  #corked = 0;
  #next = 0;
  #held = [];
  #onWrite;
  #highWaterMark;
  constructor(onWrite, highWaterMark) {
    this.#onWrite = onWrite;
    this.#highWaterMark = highWaterMark;
  }
  write(data, encoding, callback) {
    const entry = { data, length: data?.length ?? 0, encoding, callback, written: true };
    const index = this.#next++;
    if (this.#corked === 0) this.#onWrite([{ index, entry }]);
    else this.#held.push({ index, entry });
    queueMicrotask(() => callback?.());
    return true;
  }
  cork() {
    this.#corked++;
  }
  uncork() {
    this.#corked--;
    if (this.#corked <= 0) this.#onWrite(this.#held.splice(0));
  }
  get writableLength() {
    return this.#held.reduce((total, { entry }) => total + (entry.length || 0), 0);
  }
  get writableHighWaterMark() {
    return this.#highWaterMark;
  }
  get writableCorked() {
    return this.#corked;
  }
}

const byteLength = (chunk, encoding) =>
  typeof chunk === "string" ? Buffer.byteLength(chunk, encoding ?? undefined) : chunk.byteLength;

export class OutgoingMessage extends Writable {
  [kOutHeaders] = null;
  [kErrored] = null;
  [kCorked] = 0;
  [kChunkedBuffer] = [];
  [kChunkedLength] = 0;
  [kNeedDrain] = false;
  [kRejectNonStandardBodyWrites];
  [kHighWaterMark];
  [kBytesWritten] = 0;
  req;
  #log;
  outputData = [];
  outputSize = 0;
  writtenHeaderBytes = 0;
  strictContentLength = false;
  chunkedEncoding = false;
  sendDate = false;
  shouldKeepAlive = true;
  writable = true;
  finished = false;
  destroyed = false;
  useChunkedEncodingByDefault = true;
  maxRequestsOnConnectionReached = false;
  _closed = false;
  _headerSent = false;
  _onPendingData = () => {};
  _header = null;
  _contentLength = null;
  _hasBody = true;
  _removedContLen = false;
  _removedConnection = false;
  _removedTE = false;
  _last = false;
  _defaultKeepAlive = true;
  _maxRequestsPerSocket;
  _keepAliveTimeout = 0;

  constructor(req, options) {
    // Destroyed by destroy() or the end of its exchange, never by its own 'finish'.
    super({ autoDestroy: false });
    this.req = req;
    this[kHighWaterMark] = options?.highWaterMark ?? getDefaultHighWaterMark();
    this[kRejectNonStandardBodyWrites] = options?.rejectNonStandardBodyWrites ?? false;
    this.#log = new WriteLog((data) => this.emit("_dataWritten", data), this[kHighWaterMark]);
    this.once("end", () => {
      queueMicrotask(() => {
        this._closed = true;
        this.emit("close");
      });
    });
  }

  cork() {
    this[kCorked]++;
    this.#log?.cork();
  }

  uncork() {
    this[kCorked]--;
    this.#log?.uncork();
    if (this[kCorked] || this[kChunkedBuffer].length === 0) return;
    for (const { data, encoding, callback } of this[kChunkedBuffer]) this._send(data ?? "", encoding, callback);
    this[kChunkedBuffer].length = 0;
    this[kChunkedLength] = 0;
  }

  // Renders the header block after `firstLine` (a request or status line).
  _storeHeader(firstLine, headers) {
    const state = {
      connection: false,
      contLen: false,
      te: false,
      date: false,
      expect: false,
      trailer: false,
      header: firstLine,
    };
    if (headers != null) {
      if (headers === this[kOutHeaders]) {
        for (const key in headers) processHeader(this, state, headers[key][0], headers[key][1], false);
      } else if (Array.isArray(headers)) {
        if (headers.length && Array.isArray(headers[0])) {
          for (const entry of headers) processHeader(this, state, entry[0], entry[1], true);
        } else {
          if (headers.length % 2 !== 0) throw errors.invalidArgValue("headers", headers);
          for (let n = 0; n < headers.length; n += 2) processHeader(this, state, headers[n], headers[n + 1], true);
        }
      } else {
        for (const key in headers) {
          if (Object.prototype.hasOwnProperty.call(headers, key)) processHeader(this, state, key, headers[key], true);
        }
      }
    }
    let { header } = state;
    if (this.sendDate && !state.date) header += `Date: ${new Date().toUTCString()}\r\n`;
    if (this.chunkedEncoding && (this.statusCode === 204 || this.statusCode === 304)) {
      this.chunkedEncoding = false;
      this.shouldKeepAlive = false;
    }
    if (this._removedConnection) {
      this._last = !this.shouldKeepAlive;
    } else if (!state.connection) {
      const keepAlive = this.shouldKeepAlive && (state.contLen || this.useChunkedEncodingByDefault || this.agent);
      if (keepAlive && this.maxRequestsOnConnectionReached) {
        header += "Connection: close\r\n";
      } else if (keepAlive) {
        header += "Connection: keep-alive\r\n";
        if (this._keepAliveTimeout && this._defaultKeepAlive) {
          const seconds = Math.floor(this._keepAliveTimeout / 1000);
          const max =
            this._maxRequestsPerSocket != null && ~~this._maxRequestsPerSocket > 0
              ? `, max=${this._maxRequestsPerSocket}`
              : "";
          header += `Keep-Alive: timeout=${seconds}${max}\r\n`;
        }
      } else {
        this._last = true;
        header += "Connection: close\r\n";
      }
    }
    if (!state.contLen && !state.te) {
      if (!this._hasBody) {
        this.chunkedEncoding = false;
      } else if (!this.useChunkedEncodingByDefault) {
        this._last = true;
      } else if (!state.trailer && !this._removedContLen && typeof this._contentLength === "number") {
        header += `Content-Length: ${this._contentLength}\r\n`;
      } else if (!this._removedTE) {
        header += "Transfer-Encoding: chunked\r\n";
        this.chunkedEncoding = true;
      } else {
        this._last = true;
      }
    }
    this._header = header + "\r\n";
    this._headerSent = false;
    if (state.expect) this._send("");
  }

  _finish() {
    this.emit("prefinish");
  }

  _flushOutput(log) {
    if (this.outputData.length === 0) return undefined;
    log.cork();
    for (const { data, encoding, callback } of this.outputData) log.write(data, encoding, callback);
    log.uncork();
    this.outputData = [];
    this._onPendingData(-this.outputSize);
    this.outputSize = 0;
    return true;
  }

  _flush() {
    if (this.#log == null) return;
    const flushed = this._flushOutput(this.#log);
    if (this.finished) this._finish();
    else if (flushed && this[kNeedDrain]) {
      this[kNeedDrain] = false;
      this.emit("drain");
    }
  }

  get writableLength() {
    if (this.#log != null && (this._header !== null || this._headerSent)) {
      return this.outputSize + this.#log.writableLength + this[kChunkedLength];
    }
    return this.outputSize + this[kChunkedLength];
  }

  get writableCorked() {
    return this[kCorked];
  }

  get writableNeedDrain() {
    return !this.destroyed && !this.finished && this[kNeedDrain];
  }

  setHeader(name, value) {
    if (this._header) throw E.headersSent("set");
    validateHeaderName(name);
    validateHeaderValue(name, value);
    this[kOutHeaders] ??= {};
    this[kOutHeaders][name.toLowerCase()] = [name, value];
    return this;
  }

  setHeaders(headers) {
    if (this.headersSent) throw E.headersSent("set");
    if (
      Array.isArray(headers) ||
      typeof headers !== "object" ||
      !("keys" in headers) ||
      !("get" in headers) ||
      typeof headers.keys !== "function" ||
      typeof headers.get !== "function"
    ) {
      throw errors.invalidArgType("headers", ["Headers", "Map"], headers);
    }
    const cookies = [];
    for (const { 0: key, 1: value } of headers) {
      if (key === "set-cookie") {
        if (Array.isArray(value)) cookies.push(...value);
        else cookies.push(value);
        continue;
      }
      this.setHeader(key, value);
    }
    if (cookies.length) this.setHeader("set-cookie", cookies);
    return this;
  }

  appendHeader(name, value) {
    if (this._header) throw E.headersSent("append");
    validateHeaderName(name);
    validateHeaderValue(name, value);
    const field = name.toLowerCase();
    const headers = this[kOutHeaders];
    if (headers === null || !headers[field]) return this.setHeader(name, value);
    if (!Array.isArray(headers[field][1])) headers[field][1] = [headers[field][1]];
    const values = headers[field][1];
    if (Array.isArray(value)) values.push(...value);
    else values.push(value);
    return this;
  }

  getHeader(name) {
    errors.validateString(name, "name");
    const headers = this[kOutHeaders];
    if (headers === null) return undefined;
    return headers[name.toLowerCase()]?.[1];
  }

  hasHeader(name) {
    errors.validateString(name, "name");
    return Boolean(this[kOutHeaders]?.[name.toLowerCase()]);
  }

  removeHeader(name) {
    errors.validateString(name, "name");
    if (this._header) throw E.headersSent("remove");
    const key = name.toLowerCase();
    if (key === "connection") this._removedConnection = true;
    else if (key === "content-length") this._removedContLen = true;
    else if (key === "transfer-encoding") this._removedTE = true;
    else if (key === "date") this.sendDate = false;
    if (this[kOutHeaders] !== null) delete this[kOutHeaders][key];
  }

  getHeaderNames() {
    return this[kOutHeaders] !== null ? Object.keys(this[kOutHeaders]) : [];
  }

  getRawHeaderNames() {
    const headers = this[kOutHeaders];
    if (headers === null) return [];
    return Object.values(headers).map((entry) => entry[0]);
  }

  flushHeaders() {
    if (!this._header) this._implicitHeader();
    this._send("");
  }

  getHeaders() {
    const out = {};
    const headers = this[kOutHeaders];
    if (headers) for (const key of Object.keys(headers)) out[key] = headers[key][1];
    return out;
  }

  get headersSent() {
    return !!this._header;
  }

  pipe(destination) {
    this.emit("error", E.cannotPipe());
    return destination;
  }

  [EventEmitter.captureRejectionSymbol](error) {
    this.destroy(error);
  }

  _implicitHeader() {
    throw E.notImplemented("_implicitHeader()");
  }

  _renderHeaders() {
    if (this._header) throw E.headersSent("render");
    const out = {};
    const headers = this[kOutHeaders];
    if (headers !== null) for (const key of Object.keys(headers)) out[headers[key][0]] = headers[key][1];
    return out;
  }

  _send(data, encoding, callback, length) {
    if (!this._headerSent && this._header !== null) {
      const header = this._header;
      if (typeof data === "string" && (encoding === "utf8" || encoding === "latin1" || !encoding)) {
        data = header + data;
      } else {
        this.outputData.unshift({ data: header, encoding: "latin1", callback: null });
        this.outputSize += header.length;
        this._onPendingData(header.length);
      }
      this._headerSent = true;
      this.writtenHeaderBytes = header.length;
      // A server response's status line and headers, for the Response it becomes.
      const [statusLine, ...lines] = header.split("\r\n");
      const status = /^HTTP\/\d+\.\d+ (?<statusCode>\d+) (?<statusMessage>.*)$/.exec(statusLine);
      if (status != null) {
        const headers = new Headers();
        for (const line of lines) {
          if (line === "") continue;
          const at = line.indexOf(": ");
          headers.append(line.slice(0, at), line.slice(at + 2));
        }
        this.emit("_headersSent", {
          statusCode: Number(status.groups.statusCode),
          statusMessage: status.groups.statusMessage,
          headers,
        });
      }
    }
    return this._writeRaw(data, encoding, callback, length);
  }

  write(chunk, encoding, callback) {
    if (typeof encoding === "function") {
      callback = encoding;
      encoding = null;
    }
    const ok = this.#write(chunk, encoding, callback, false);
    if (!ok) this[kNeedDrain] = true;
    return ok;
  }

  end(chunk, encoding, callback) {
    if (typeof chunk === "function") {
      callback = chunk;
      chunk = null;
      encoding = null;
    } else if (typeof encoding === "function") {
      callback = encoding;
      encoding = null;
    }
    if (chunk) {
      if (this.finished) {
        this.#onError(E.writeAfterEnd(), typeof callback !== "function" ? () => {} : callback);
        return this;
      }
      this.#log?.cork();
      this.#write(chunk, encoding, null, true);
    } else if (this.finished) {
      if (typeof callback === "function") {
        if (!this.writableFinished) this.on("finish", callback);
        else callback(E.alreadyFinished("end"));
      }
      return this;
    } else if (!this._header) {
      this.#log?.cork();
      this._contentLength = 0;
      this._implicitHeader();
    }
    if (typeof callback === "function") this.once("finish", callback);
    if (this.#strictContentLength() && this[kBytesWritten] !== this._contentLength) {
      throw E.contentLengthMismatch(this[kBytesWritten], this._contentLength ?? 0);
    }
    const finish = () => this.emit("finish");
    if (this._hasBody && this.chunkedEncoding) this._send("", "latin1", finish);
    else if (!this._headerSent || this.writableLength || chunk) this._send("", "latin1", finish);
    else queueMicrotask(finish);
    this.#log?.uncork();
    this[kCorked] = 1;
    this.uncork();
    this.finished = true;
    this._writableState.finished = true;
    this._writableState.corked = 1;
    if (this.outputData.length === 0 && this.#log != null) this._finish();
    return this;
  }

  _writeRaw(data, encoding, callback) {
    if (this.destroyed) return false;
    if (typeof encoding === "function") {
      callback = encoding;
      encoding = null;
    }
    if (this.#log != null && (this._header !== null || this._headerSent)) {
      if (this.outputData.length) this._flushOutput(this.#log);
      this.#log.write(data, encoding, callback);
      if (this.#log.writableCorked > 0) return true;
      return this.#log.writableLength < this.#log.writableHighWaterMark;
    }
    this.outputData.push({ data, encoding, callback });
    this.outputSize += data.length;
    this._onPendingData(data.length);
    return this.outputSize < this[kHighWaterMark];
  }

  destroy(error) {
    if (this.destroyed) return this;
    if (error != null) this.emit("error", error);
    this.destroyed = true;
    this[kErrored] = error;
    return this;
  }

  get errored() {
    return this[kErrored];
  }

  get closed() {
    return this._closed;
  }

  get writableEnded() {
    return this.finished;
  }

  get writableHighWaterMark() {
    return this.#log?.writableHighWaterMark ?? this[kHighWaterMark];
  }

  get writableObjectMode() {
    return false;
  }

  #strictContentLength() {
    return (
      this.strictContentLength &&
      this._contentLength != null &&
      this._hasBody &&
      !this._removedContLen &&
      !this.chunkedEncoding &&
      !this.hasHeader("transfer-encoding")
    );
  }

  #onError(error, callback) {
    if (this.destroyed) return;
    queueMicrotask(() => {
      callback(error);
      if (typeof this.emit === "function" && !this.destroyed) this.emit("error", error);
    });
  }

  #write(chunk, encoding, callback, fromEnd) {
    if (typeof callback !== "function") callback = () => {};
    if (chunk === null) throw E.nullValues();
    if (typeof chunk !== "string" && !(chunk instanceof Uint8Array)) {
      throw errors.invalidArgType("chunk", ["string", "Buffer", "Uint8Array"], chunk);
    }
    let error;
    if (this.finished) error = E.writeAfterEnd();
    else if (this.destroyed) error = E.destroyed("write");
    if (error) {
      if (!this.destroyed) this.#onError(error, callback);
      else queueMicrotask(() => callback(error));
      return false;
    }
    let length;
    if (this.strictContentLength) {
      length ??= byteLength(chunk, encoding);
      if (
        this.#strictContentLength() &&
        (fromEnd
          ? this[kBytesWritten] + length !== this._contentLength
          : this[kBytesWritten] + length > (this._contentLength ?? 0))
      ) {
        throw E.contentLengthMismatch(length + this[kBytesWritten], this._contentLength ?? 0);
      }
      this[kBytesWritten] += length;
    }
    if (!this._header) {
      if (fromEnd) this._contentLength = length ??= byteLength(chunk, encoding);
      this._implicitHeader();
    }
    if (!this._hasBody) {
      if (this[kRejectNonStandardBodyWrites]) throw E.bodyNotAllowed();
      queueMicrotask(callback);
      return true;
    }
    if (!fromEnd && this.#log != null && !this.#log.writableCorked) {
      this.#log.cork();
      const log = this.#log;
      queueMicrotask(() => log.uncork());
    }
    if (this.chunkedEncoding && chunk.length !== 0) {
      length ??= byteLength(chunk, encoding);
      if (this[kCorked] && this._headerSent) {
        this[kChunkedBuffer].push({ data: chunk, encoding, callback });
        this[kChunkedLength] += length;
        return this[kChunkedLength] < this[kHighWaterMark];
      }
    }
    return this._send(chunk, encoding, callback, length);
  }
}

function processHeader(self, state, key, value, validate) {
  if (validate) validateHeaderName(key);
  // A content-disposition beside a content-length is sent as latin1.
  if (key.length === 19 && key.toLowerCase() === "content-disposition" && self._contentLength) {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) value[i] = String(Buffer.from(String(value[i]), "latin1"));
    } else {
      value = String(Buffer.from(String(value), "latin1"));
    }
  }
  if (Array.isArray(value)) {
    const cookie = key.length === 6 && key.toLowerCase() === "cookie";
    // A message whose unique-headers set is null (a ClientRequest while it is being
    // built, a ServerResponse) fails here on an array value, as workerd's does.
    const uniques = kUniqueHeaders in self ? self[kUniqueHeaders] : undefined;
    if ((value.length < 2 || !cookie) && uniques === null) {
      throw new TypeError("Cannot read properties of null (reading 'has')");
    }
    if ((value.length < 2 || !cookie) && !uniques?.has(key.toLowerCase())) {
      for (const item of value) storeHeader(self, state, key, item, validate);
      return;
    }
    value = value.join("; ");
  }
  storeHeader(self, state, key, String(value), validate);
}

function storeHeader(self, state, key, value, validate) {
  if (validate) validateHeaderValue(key, value);
  state.header += `${key}: ${value}\r\n`;
  if (key.length < 4 || key.length > 17) return;
  const field = key.toLowerCase();
  if (field === "connection") {
    state.connection = true;
    self._removedConnection = false;
    if (connectionClose.exec(value) !== null) self._last = true;
    else self.shouldKeepAlive = true;
  } else if (field === "transfer-encoding") {
    state.te = true;
    self._removedTE = false;
    if (chunkExpression.exec(value) !== null) self.chunkedEncoding = true;
  } else if (field === "content-length") {
    state.contLen = true;
    self._contentLength = +value;
    self._removedContLen = false;
  } else if (field === "date" || field === "expect" || field === "trailer") {
    state[field] = true;
  } else if (field === "keep-alive") {
    self._defaultKeepAlive = false;
  }
}

Object.defineProperty(OutgoingMessage, Symbol.for("crosstalk.node.http"), {
  value: { E, kOutHeaders, kErrored },
});

export default {
  OutgoingMessage,
  kHighWaterMark,
  kUniqueHeaders,
  parseUniqueHeadersOption,
  validateHeaderName,
  validateHeaderValue,
};
