// node:process for crosstalk: the process object workerd (1.20261117) gives a Worker under
// nodejs_compat, the same object as the `process` global (nodejs_compat_v2): an
// EventEmitter whose values are workerd's (pid 1, platform linux, version v22.23.4…),
// whose clocks are the virtual clock's (hrtime reads Date.now(), as workerd's does), whose
// stdout/stderr write lines to the console ("stdout: …", as workerd's default logging
// does) and whose stdin is at its end. env holds the text bindings (vars, secrets, JSON
// vars as text); nextTick is a microtask.
//
// The module also holds what crosstalk's other node: modules share: Node's error shapes
// (`errors`) and the table of loaded node: modules that getBuiltinModule() and
// createRequire()'s require() answer from (`registerBuiltin`, `builtin`).
(function (host) {
  "use strict";
  const { EventEmitter } = host.load("node-events");
  const hidden = globalThis[Symbol.for("crosstalk.process.env")];

  // ---------------------------------------------------------------------------------
  // Node's errors as workerd makes them: `code` and `name` own, and String(error) is
  // "Name [CODE]: message".

  function codeString() {
    return `${this.name} [${this.code}]: ${this.message}`;
  }

  function nodeError(Base, code, message) {
    const error = new Base(message);
    error.code = code;
    error.name = Base.prototype.name;
    if (Base === Error) {
      Object.defineProperty(error, "toString", { value: codeString, writable: true, configurable: true });
    } else {
      error.toString = codeString;
    }
    return error;
  }

  const inspect = (value) => host.inspect(value);

  // Node's " Received …" of an argument of the wrong type.
  function received(value) {
    if (value === null || value === undefined) return `Received ${value}`;
    if (typeof value === "function" && value.name) return `Received function ${value.name}`;
    if (typeof value === "object") {
      const name = value.constructor?.name;
      return name ? `Received an instance of ${name}` : `Received ${inspect(value)}`;
    }
    let shown = inspect(value);
    if (shown.length > 25) shown = `${shown.slice(0, 25)}...`;
    return `Received type ${typeof value} (${shown})`;
  }

  const primitiveNames = ["string", "function", "number", "object", "Function", "Object", "boolean", "bigint", "symbol"];

  function listed(words, last) {
    return words.length > 2
      ? `${words.slice(0, -1).join(", ")}, ${last} ${words[words.length - 1]}`
      : words.join(` ${last} `);
  }

  function expectation(name, expected) {
    const wanted = Array.isArray(expected) ? expected.slice() : [expected];
    let text = "The ";
    if (name.endsWith(" argument")) text += `${name} `;
    else text += `"${name}" ${name.includes(".") ? "property" : "argument"} `;
    text += "must be ";
    const types = [];
    const classes = [];
    const others = [];
    for (const each of wanted) {
      if (primitiveNames.includes(each)) types.push(each.toLowerCase());
      else if (/^([A-Z][a-z0-9]*)+$/.test(each)) classes.push(each);
      else others.push(each);
    }
    if (classes.length > 0 && types.includes("object")) {
      types.splice(types.indexOf("object"), 1);
      classes.push("Object");
    }
    const parts = [];
    if (types.length > 0) parts.push(types.length === 1 ? `of type ${types[0]}` : `one of type ${listed(types, "or")}`);
    if (classes.length > 0) parts.push(`an instance of ${listed(classes, "or")}`);
    if (others.length > 0) {
      if (others.length > 1) parts.push(`one of ${listed(others, "or")}`);
      else parts.push(others[0].toLowerCase() !== others[0] ? `an ${others[0]}` : others[0]);
    }
    return text + parts.join(" or ");
  }

  const errors = {
    nodeError,
    received,
    inspect,
    invalidArgType(name, expected, value) {
      return nodeError(TypeError, "ERR_INVALID_ARG_TYPE", `${expectation(name, expected)}. ${received(value)}`);
    },
    invalidArgValue(name, value, reason = "is invalid") {
      const kind = name.includes(".") ? "property" : "argument";
      return nodeError(TypeError, "ERR_INVALID_ARG_VALUE", `The ${kind} '${name}' ${reason}. Received ${inspect(value)}`);
    },
    outOfRange(name, range, value) {
      let shown;
      if (Number.isInteger(value) && Math.abs(value) > 2 ** 32) shown = separated(String(value));
      else if (typeof value === "bigint") {
        shown = String(value);
        if (value > 2n ** 32n || value < -(2n ** 32n)) shown = separated(shown);
        shown += "n";
      } else shown = inspect(value);
      const error = new RangeError(`The value of "${name}" is out of range. It must be ${range}. Received ${shown}`);
      error.code = "ERR_OUT_OF_RANGE";
      error.name = "RangeError";
      return error;
    },
    notImplemented(name) {
      return nodeError(Error, "ERR_METHOD_NOT_IMPLEMENTED", `The ${name} method is not implemented`);
    },
    missingArgs(...names) {
      const quoted = names.map((n) => `"${n}"`);
      const list =
        quoted.length === 1
          ? `${quoted[0]} argument`
          : quoted.length === 2
            ? `${quoted[0]} and ${quoted[1]} arguments`
            : `${quoted.slice(0, -1).join(", ")}, and ${quoted[quoted.length - 1]} arguments`;
      return nodeError(TypeError, "ERR_MISSING_ARGS", `The ${list} must be specified`);
    },
    invalidThis(type) {
      return nodeError(TypeError, "ERR_INVALID_THIS", `Value of "this" must be of type ${type}`);
    },
    eperm(syscall) {
      const error = nodeError(Error, "EPERM", "operation not permitted");
      error.syscall = syscall;
      error.errno = 1;
      error.path = undefined;
      return error;
    },
    abortError(reason) {
      const error = new Error("The operation was aborted", { cause: reason });
      error.code = "ABORT_ERR";
      error.name = "AbortError";
      return error;
    },
    validateNumber(value, name) {
      if (typeof value !== "number") throw errors.invalidArgType(name, "number", value);
    },
    validateString(value, name) {
      if (typeof value !== "string") throw errors.invalidArgType(name, "string", value);
    },
    validateBoolean(value, name) {
      if (typeof value !== "boolean") throw errors.invalidArgType(name, "boolean", value);
    },
    validateObject(value, name) {
      if (value === null || typeof value !== "object" || Array.isArray(value)) {
        throw errors.invalidArgType(name, "Object", value);
      }
    },
    validateFunction(value, name) {
      if (typeof value !== "function") throw errors.invalidArgType(name, "Function", value);
    },
    validateAbortSignal(value, name) {
      if (value !== undefined && (value === null || typeof value !== "object" || !("aborted" in value))) {
        throw errors.invalidArgType(name, "AbortSignal", value);
      }
    },
  };

  function separated(digits) {
    let out = "";
    let end = digits.length;
    const start = digits[0] === "-" ? 1 : 0;
    for (; end >= start + 4; end -= 3) out = `_${digits.slice(end - 3, end)}${out}`;
    return digits.slice(0, end) + out;
  }

  // Top-level code runs at the epoch (crosstalk's boot, like workerd's, reads time 0): no
  // request is current then.
  const inRequest = () => Date.now() !== 0;

  // ---------------------------------------------------------------------------------
  // The node: modules crosstalk has loaded in this isolate, by name without "node:":
  // what process.getBuiltinModule() and createRequire()'s require() return.

  const builtins = new Map();
  const builtinNames = [
    "_http_agent", "_http_client", "_http_common", "_http_incoming", "_http_outgoing", "_http_server",
    "_stream_duplex", "_stream_passthrough", "_stream_readable", "_stream_transform", "_stream_wrap",
    "_stream_writable", "_tls_common", "_tls_wrap", "assert", "assert/strict", "async_hooks", "buffer",
    "child_process", "cluster", "console", "constants", "crypto", "dgram", "diagnostics_channel", "dns",
    "dns/promises", "domain", "events", "fs", "fs/promises", "http", "http2", "https", "inspector",
    "inspector/promises", "module", "net", "os", "path", "path/posix", "path/win32", "perf_hooks", "process",
    "punycode", "querystring", "readline", "readline/promises", "repl", "stream", "stream/consumers",
    "stream/promises", "stream/web", "string_decoder", "sys", "timers", "timers/promises", "tls",
    "trace_events", "tty", "url", "util", "util/types", "v8", "vm", "wasi", "worker_threads", "zlib",
  ];
  // workerd's names of node: modules (its NODEJS_BUILTINS: sqlite with or without the
  // prefix, test only with it).
  const withoutPrefix = new Set([...builtinNames, "sqlite"]);
  const withPrefix = new Set([...withoutPrefix, "test"]);

  // `specifier` as workerd reads a node: specifier ("sys" is util), without "node:", or
  // undefined when it names no node: module.
  function nodeName(specifier) {
    const text = String(specifier);
    if (text === "sys" || text === "node:sys") return "util";
    if (text.startsWith("node:")) return text.slice(5);
    return withoutPrefix.has(text) ? text : undefined;
  }

  function registerBuiltin(name, value) {
    builtins.set(name, value);
  }

  // The default export of the node: module `specifier` names, `undefined` when there is
  // no such module. A module not loaded in this isolate (the worker does not import it)
  // is an error that names it: crosstalk links modules ahead of the run only.
  function builtin(specifier, caller) {
    const name = nodeName(specifier);
    if (name === undefined || !withPrefix.has(name)) return undefined;
    if (name === "process") return process;
    if (builtins.has(name)) return builtins.get(name);
    throw new Error(
      `${caller}('${String(specifier)}'): node:${name} is not loaded in this isolate; crosstalk returns only the node: modules the worker imports (add \`import "node:${name}"\`)`,
    );
  }

  // ---------------------------------------------------------------------------------
  // The working directory: workerd's virtual file system has /bundle (the worker's
  // modules), /tmp and /dev; a request starts in /bundle.

  let cwd = "/bundle";
  const directories = new Set(["", "bundle", "tmp", "dev"]);
  const files = new Set(["dev/null", "dev/zero", "dev/full", "dev/random"]);

  function uvError(code, text, syscall, path) {
    const error = new Error(path === undefined ? text : `${text}, ${syscall} '${path}'`);
    error.syscall = syscall;
    error.code = code;
    if (path !== undefined) error.path = path;
    return error;
  }

  function resolveDirectory(path) {
    const parts = path.startsWith("/") ? [] : cwd.split("/").filter(Boolean);
    for (const part of path.split("/")) {
      if (part === "" || part === ".") continue;
      if (part === "..") parts.pop();
      else parts.push(part);
    }
    return parts.join("/");
  }

  function chdir(directory) {
    errors.validateString(directory, "directory");
    if (directory.length > 4096) throw uvError("ENAMETOOLONG", "name too long", "chdir", directory);
    if (directory.length === 0) throw uvError("ENOENT", "no such file or directory", "chdir");
    const resolved = resolveDirectory(directory);
    if (files.has(resolved)) throw uvError("ENOTDIR", "not a directory", "chdir", resolved);
    if (!directories.has(resolved)) throw uvError("ENOENT", "no such file or directory", "chdir", resolved);
    cwd = `/${resolved}`;
  }

  // ---------------------------------------------------------------------------------
  // stdout and stderr: writes go to console.log a line at a time, prefixed as workerd's
  // default logging prefixes them; a part line waits for the next write of the same task
  // (a microtask flushes it).

  const MAX_WRITE = 16 * 1024;
  const MAX_LINE = 4096;
  const HIGH_WATER_MARK = 65536;
  let loadedBuffer;
  const bufferClass = () => (loadedBuffer ??= host.load("node-buffer").Buffer);
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();

  function logLine(prefix, bytes) {
    let end = bytes.length;
    if (end > 0 && bytes[end - 1] === 10) end -= 1;
    const line = decoder.decode(bytes.subarray(0, end));
    const console = globalThis.console;
    const log = console?.log;
    if (typeof log !== "function") return;
    log.call(console, line.length === 0 ? prefix : `${prefix} ${line}`);
  }

  function concat(a, b) {
    const out = new Uint8Array(a.length + b.length);
    out.set(a, 0);
    out.set(b, a.length);
    return out;
  }

  function stdioWrite(sink, bytes) {
    if (bytes.length > MAX_WRITE) bytes = bytes.subarray(0, MAX_WRITE);
    let at = 0;
    while (at < bytes.length) {
      const newline = bytes.indexOf(10, at);
      if (newline !== -1) {
        const line = bytes.subarray(at, newline + 1);
        if (sink.pending.length > 0) {
          const whole = concat(sink.pending, line);
          sink.pending = new Uint8Array(0);
          logLine(sink.prefix, whole);
        } else {
          logLine(sink.prefix, line);
        }
        at = newline + 1;
      } else {
        let rest = concat(sink.pending, bytes.subarray(at));
        if (rest.length > MAX_LINE) rest = rest.subarray(rest.length - MAX_LINE);
        sink.pending = rest;
        if (!sink.flushing) {
          sink.flushing = true;
          queueMicrotask(() => {
            sink.flushing = false;
            if (sink.pending.length > 0) {
              const whole = sink.pending;
              sink.pending = new Uint8Array(0);
              if (inRequest()) logLine(sink.prefix, whole);
            }
          });
        }
        break;
      }
    }
  }

  function chunkBytes(chunk, encoding) {
    if (typeof chunk === "string") {
      if (!encoding || /^utf-?8$/i.test(encoding)) return encoder.encode(chunk);
      return new Uint8Array(bufferClass().from(chunk, encoding));
    }
    return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  }

  // The stream classes process.stdout/stdin are instances of (named as Node names them).
  class Stream extends EventEmitter {}

  const writeState = new WeakMap();

  class Writable extends Stream {
    write(chunk, encoding, callback) {
      const state = writeState.get(this);
      if (typeof encoding === "function") {
        callback = encoding;
        encoding = undefined;
      }
      if (chunk === null) throw nodeError(TypeError, "ERR_STREAM_NULL_VALUES", "May not write null values to stream");
      if (typeof chunk !== "string" && !ArrayBuffer.isView(chunk)) {
        throw errors.invalidArgType("chunk", ["string", "Buffer", "TypedArray", "DataView"], chunk);
      }
      if (state.ending || state.destroyed) {
        const error = state.ending
          ? nodeError(Error, "ERR_STREAM_WRITE_AFTER_END", "write after end")
          : nodeError(Error, "ERR_STREAM_DESTROYED", "Cannot call write after a stream was destroyed");
        queueMicrotask(() => {
          if (typeof callback === "function") callback(error);
          if (!state.destroyed) this.emit("error", error);
        });
        return false;
      }
      const bytes = chunkBytes(chunk, encoding ?? state.encoding);
      const fits = bytes.length < HIGH_WATER_MARK;
      if (!fits) state.needDrain = true;
      state.pendingcb += 1;
      stdioWrite(state.sink, bytes);
      this.bytesWritten += bytes.length;
      queueMicrotask(() => {
        state.pendingcb -= 1;
        if (state.needDrain) {
          state.needDrain = false;
          this.emit("drain");
        }
        if (typeof callback === "function") callback();
      });
      return fits;
    }
    end(chunk, encoding, callback) {
      const state = writeState.get(this);
      if (typeof chunk === "function") {
        callback = chunk;
        chunk = undefined;
      } else if (typeof encoding === "function") {
        callback = encoding;
        encoding = undefined;
      }
      if (chunk !== undefined && chunk !== null) this.write(chunk, encoding);
      if (typeof callback === "function") {
        if (state.finished) queueMicrotask(() => callback(nodeError(Error, "ERR_STREAM_ALREADY_FINISHED", "Cannot call end after a stream was finished")));
        else this.once("finish", () => callback());
      }
      if (!state.ending) {
        state.ending = true;
        queueMicrotask(() => {
          state.finished = true;
          this.emit("prefinish");
          this.emit("finish");
          this.destroy();
        });
      }
      return this;
    }
    destroy(error) {
      const state = writeState.get(this);
      if (state.destroyed) return this;
      state.destroyed = true;
      if (error) state.errored = error;
      queueMicrotask(() => {
        if (error) this.emit("error", error);
        state.closed = true;
        this.emit("close");
      });
      return this;
    }
    cork() {
      writeState.get(this).corked += 1;
      this._writableState.corked += 1;
    }
    uncork() {
      const state = writeState.get(this);
      if (state.corked > 0) {
        state.corked -= 1;
        this._writableState.corked -= 1;
      }
    }
    setDefaultEncoding(encoding) {
      writeState.get(this).encoding = encoding;
      return this;
    }
    get writable() {
      const state = writeState.get(this);
      return !state.destroyed && !state.ending;
    }
    get writableEnded() {
      return writeState.get(this).ending;
    }
    get writableFinished() {
      return writeState.get(this).finished;
    }
    get writableLength() {
      return 0;
    }
    get writableHighWaterMark() {
      return HIGH_WATER_MARK;
    }
    get writableObjectMode() {
      return false;
    }
    get writableCorked() {
      return writeState.get(this).corked;
    }
    get writableNeedDrain() {
      return writeState.get(this).needDrain;
    }
    get destroyed() {
      return writeState.get(this).destroyed;
    }
    get closed() {
      return writeState.get(this).closed;
    }
    get errored() {
      return writeState.get(this).errored;
    }
  }

  class SyncWriteStream extends Writable {
    constructor(fd, prefix) {
      super();
      // workerd's own keys, in its order.
      const events = this._events;
      const maxListeners = this._maxListeners;
      for (const key of Object.keys(this)) delete this[key];
      this._events = events;
      writeState.set(this, {
        sink: { prefix, pending: new Uint8Array(0), flushing: false },
        ending: false,
        finished: false,
        destroyed: false,
        closed: false,
        errored: null,
        needDrain: false,
        corked: 0,
        pendingcb: 0,
        encoding: "utf8",
      });
      this._writableState = {
        highWaterMark: HIGH_WATER_MARK,
        length: 0,
        corked: 0,
        onwrite: () => {},
        writelen: 0,
        bufferedIndex: 0,
        pendingcb: 0,
      };
      this._maxListeners = maxListeners;
      this.domain = null;
      this.fd = fd;
      this.readable = false;
      this._type = "fs";
      this._isStdio = true;
      this.allowHalfOpen = false;
      this.bufferSize = 0;
      this.bytesRead = 0;
      this.bytesWritten = 0;
      this.connecting = false;
      this.pending = false;
      this.readableAborted = false;
      this.readableDidRead = false;
      this.readableEnded = false;
      this.readableHighWaterMark = 16384;
      this.readableLength = 0;
      this.readableObjectMode = false;
      this.readyState = "open";
    }
    _write(chunk, encoding, callback) {
      stdioWrite(writeState.get(this).sink, chunkBytes(chunk, encoding));
      callback();
    }
  }

  // stdin: `node worker.js < /dev/null`, a file stream at its end.
  const readState = new WeakMap();

  class Readable extends Stream {
    on(name, listener) {
      const result = super.on(name, listener);
      const state = readState.get(this);
      if (name === "data" && state.flowing !== false) this.resume();
      else if (name === "readable") reachEnd(this);
      return result;
    }
    read() {
      reachEnd(this);
      return null;
    }
    resume() {
      readState.get(this).flowing = true;
      reachEnd(this);
      return this;
    }
    pause() {
      readState.get(this).flowing = false;
      return this;
    }
    isPaused() {
      return readState.get(this).flowing === false;
    }
    setEncoding(encoding) {
      readState.get(this).encoding = encoding;
      return this;
    }
    pipe(destination, options) {
      this.once("end", () => {
        if (options?.end !== false && destination !== process.stdout && destination !== process.stderr) {
          destination.end();
        }
      });
      this.resume();
      return destination;
    }
    unpipe() {
      return this;
    }
    destroy(error) {
      const state = readState.get(this);
      if (state.destroyed) return this;
      state.destroyed = true;
      queueMicrotask(() => {
        if (error) this.emit("error", error);
        this.emit("close");
      });
      return this;
    }
    async *[Symbol.asyncIterator]() {
      reachEnd(this);
    }
    get readable() {
      const state = readState.get(this);
      return !state.destroyed && !state.endEmitted;
    }
    get readableEnded() {
      return readState.get(this).endEmitted;
    }
    get readableFlowing() {
      return readState.get(this).flowing;
    }
    get readableLength() {
      return 0;
    }
    get readableHighWaterMark() {
      return 65536;
    }
    get readableObjectMode() {
      return false;
    }
    get readableEncoding() {
      return readState.get(this).encoding;
    }
    get destroyed() {
      return readState.get(this).destroyed;
    }
    get closed() {
      return readState.get(this).destroyed;
    }
    get errored() {
      return null;
    }
  }
  // `on` is also `addListener`, as on any emitter.
  Readable.prototype.addListener = Readable.prototype.on;

  function reachEnd(stream) {
    const state = readState.get(stream);
    if (state.eof) return;
    state.eof = true;
    queueMicrotask(() => {
      if (state.endEmitted || state.destroyed) return;
      state.endEmitted = true;
      stream.emit("end");
    });
  }

  class ReadStream extends Readable {
    constructor(fd) {
      super();
      readState.set(this, { flowing: null, eof: false, endEmitted: false, destroyed: false, encoding: null });
      // workerd's own keys, in its order.
      const events = this._events;
      const maxListeners = this._maxListeners;
      for (const key of Object.keys(this)) delete this[key];
      this.fd = fd;
      this.start = 0;
      this.end = Infinity;
      this.pos = 0;
      this.bytesRead = 0;
      this._events = events;
      this._readableState = { highWaterMark: 65536, length: 0 };
      this._read = function () {};
      this._destroy = function (error, callback) {
        callback(error);
      };
      this._construct = function (callback) {
        callback();
      };
      this._maxListeners = maxListeners;
      this.domain = null;
      this._eventsCount = 0;
      this.allowHalfOpen = false;
      this.bufferSize = 0;
      this.connecting = false;
      this.readyState = "open";
    }
    get path() {
      return undefined;
    }
    get pending() {
      return false;
    }
    get autoClose() {
      return false;
    }
  }

  // ---------------------------------------------------------------------------------
  // The process object.

  let process;

  const nanosNow = () => BigInt(Date.now()) * 1_000_000n;

  function hrtime(previous) {
    if (previous !== undefined) {
      if (!Array.isArray(previous)) throw errors.invalidArgType("time", "tuple of integers", previous);
      if (previous.length !== 2) throw errors.outOfRange("time", "2", previous);
    }
    const now = nanosNow();
    let seconds = Number(now / 1_000_000_000n);
    let nanos = Number(now % 1_000_000_000n);
    if (previous) {
      seconds -= previous[0];
      nanos -= previous[1];
      if (nanos < 0) {
        seconds -= 1;
        nanos += 1e9;
      }
    }
    return [seconds, nanos];
  }
  hrtime.bigint = function bigint() {
    return nanosNow();
  };

  function exitCodeOf(code) {
    const number = Math.trunc(Number(code));
    return Number.isFinite(number) ? number | 0 : 0;
  }

  // workerd cancels the request: the error reaches the request's caller; outside a
  // request it only logs a warning. (workerd also ends the JavaScript at once; crosstalk
  // throws, so a try/catch around the call does catch it.)
  function exitImpl(code) {
    if (!inRequest()) return;
    throw new Error(`The Node.js process.exit(${exitCodeOf(code)}) API was called. Canceling the request.`);
  }

  // process.assert: assert.ok's failure, an AssertionError.
  class AssertionError extends Error {
    constructor(message, generated, actual) {
      super(message);
      this.generatedMessage = generated;
      this.code = "ERR_ASSERTION";
      this.actual = actual;
      this.expected = true;
      this.operator = "==";
    }
  }
  Object.defineProperty(AssertionError.prototype, "name", { value: "AssertionError", writable: true, configurable: true });
  Object.defineProperty(AssertionError.prototype, "toString", { value: codeString, writable: true, configurable: true });

  function assertOk(value, message) {
    if (value) return;
    if (message instanceof Error) throw message;
    const generated = message === undefined;
    throw new AssertionError(generated ? "The expression evaluated to a falsy value" : String(message), generated, value);
  }

  function nextTick(callback, ...args) {
    if (typeof callback !== "function") {
      throw new TypeError('The "callback" argument must be of type function');
    }
    queueMicrotask(() => callback(...args));
  }

  function emitWarning(warning, options, codeOrCtor, maybeCtor) {
    let name = "Warning";
    let detail;
    let code;
    let ctor;
    if (typeof options === "object" && options !== null && !Array.isArray(options)) {
      if (options.type) name = options.type;
      if (options.code) code = options.code;
      if (options.detail) detail = options.detail;
      ctor = options.ctor;
    } else if (typeof options === "string") {
      name = options;
      if (typeof codeOrCtor === "string") {
        code = codeOrCtor;
        if (typeof maybeCtor === "function") ctor = maybeCtor;
        else if (maybeCtor !== undefined) throw errors.invalidArgType("ctor", "function", maybeCtor);
      } else if (typeof codeOrCtor === "function") {
        ctor = codeOrCtor;
      } else if (codeOrCtor !== undefined) {
        throw errors.invalidArgType("ctor", "function", codeOrCtor);
      }
    } else if (typeof options === "function") {
      ctor = options;
    } else if (options !== undefined) {
      throw errors.invalidArgType("options", "object", options);
    }
    let error;
    if (typeof warning === "string") {
      error = new (ctor || Error)(warning);
      error.name = name;
    } else if (warning instanceof Error) {
      error = warning;
      if (name && name !== "Warning") error.name = name;
    } else {
      throw errors.invalidArgType("warning", "string or Error", warning);
    }
    if (code) error.code = code;
    if (detail && typeof detail === "string") error.detail = detail;
    queueMicrotask(() => process.emit("warning", error));
  }

  function umask(mask) {
    const reason = "must be a 32-bit unsigned integer or an octal string";
    if (mask !== undefined) {
      if (typeof mask === "string") {
        if (!/^[0-7]+$/.test(mask)) throw errors.invalidArgValue("mask", mask, reason);
        mask = parseInt(mask, 8);
      } else if (typeof mask !== "number") {
        throw errors.invalidArgType("mask", "number", mask);
      }
      if (mask < 0 || mask > 0xffffffff || !Number.isInteger(mask)) {
        throw errors.invalidArgValue("mask", mask, reason);
      }
    }
    return 18;
  }

  const notImplemented = (name) =>
    function () {
      throw errors.notImplemented(name);
    };
  const onlyZero = (syscall) =>
    function (id) {
      if (id !== 0) throw errors.eperm(syscall);
    };
  const refused = (syscall) =>
    function () {
      throw errors.eperm(syscall);
    };

  const versionKeys = [
    "node", "v8", "modules", "zlib", "brotli", "zstd", "ares", "napi", "llhttp", "nghttp2", "acorn", "ada",
    "simdutf", "nbytes", "ncrypto", "uvwasi", "uv", "openssl", "sqlite", "icu", "undici", "simdjson", "unicode",
    "cldr", "tz", "cjs_module_lexer", "amaro", "merve",
  ];
  const versions = {};
  for (const key of versionKeys) versions[key] = key === "node" ? "22.23.4" : "";

  const features = Object.freeze({
    cached_builtins: true,
    debug: false,
    inspector: false,
    ipv6: true,
    openssl_is_boringssl: true,
    require_module: false,
    tls: true,
    tls_alpn: true,
    tls_ocsp: true,
    tls_sni: true,
    typescript: false,
    uv: true,
  });

  // process.config: the build configuration of a Node.js release, as workerd stubs it.
  const variables = {};
  const zero = "asan dcheck_always_on force_dynamic_crt is_debug ubsan use_ccache_win v8_enable_31bit_smis_on_64bit_arch v8_enable_extensible_ro_snapshot v8_enable_external_code_space v8_enable_gdbjit v8_enable_hugepage v8_enable_inspector v8_enable_javascript_promise_hooks v8_enable_lite_mode v8_enable_object_print v8_enable_sandbox v8_enable_v8_checks v8_enable_wasm_simd256_revec v8_random_seed v8_trace_maps want_separate_host_toolset";
  const one = "clang v8_enable_i18n_support v8_enable_maglev v8_enable_pointer_compression v8_enable_pointer_compression_shared_cage v8_enable_shared_ro_heap v8_enable_short_builtin_calls v8_enable_webassembly v8_no_strict_aliasing v8_optimized_debug v8_promise_internal_field_count v8_use_siphash";
  const no = "control_flow_guard coverage debug_nghttp2 debug_node enable_lto enable_pgo_generate enable_pgo_use error_on_warn icu_small node_debug_lib node_enable_d8 node_enable_v8_vtunejit node_enable_v8windbg node_fipsinstall node_install_corepack node_install_npm node_no_browser_globals node_quic node_shared node_shared_ada node_shared_brotli node_shared_cares node_shared_gtest node_shared_hdr_histogram node_shared_http_parser node_shared_libuv node_shared_merve node_shared_nbytes node_shared_nghttp2 node_shared_nghttp3 node_shared_ngtcp2 node_shared_openssl node_shared_simdjson node_shared_simdutf node_shared_sqlite node_shared_uvwasi node_shared_zlib node_shared_zstd node_use_amaro node_use_node_code_cache node_use_node_snapshot node_use_sqlite node_use_v8_platform node_with_ltcg node_write_snapshot_as_array_literals openssl_is_fips openssl_quic ossfuzz single_executable_application suppress_all_error_on_warn use_prefix_to_find_headers";
  const yes = "node_use_bundled_v8 node_use_openssl node_without_node_options";
  const texts = {
    gas_version: "", host_arch: "x64", icu_data_in: "", icu_endianness: "l", icu_gyp_path: "", icu_path: "",
    icu_ver_major: "", libdir: "lib", llvm_version: "", napi_build_version: "9", node_byteorder: "little",
    node_prefix: "/usr/local", node_release_urlbase: "", node_section_ordering_info: "", node_tag: "",
    node_target_type: "executable", shlib_suffix: "so", target_arch: "x64",
  };
  for (const key of zero.split(" ")) variables[key] = 0;
  for (const key of one.split(" ")) variables[key] = 1;
  for (const key of no.split(" ")) variables[key] = false;
  for (const key of yes.split(" ")) variables[key] = true;
  Object.assign(variables, texts, { node_module_version: 127 });
  const sortedVariables = {};
  for (const key of Object.keys(variables).sort()) sortedVariables[key] = variables[key];
  const config = Object.freeze({
    target_defaults: Object.freeze({ default_configuration: "Release" }),
    variables: Object.freeze(sortedVariables),
  });

  // Before enable_nodejs_process_v2 (nodejs_compat from 2025-09-15) workerd's process is
  // a plain object with six members; the host says which through this hidden global
  // (absent: the full process).
  if (globalThis[Symbol.for("crosstalk.node.processV2")] === false) {
    const legacy = {
      nextTick,
      env: { ...(hidden ?? {}) },
      exit(code) {
        exitImpl(code);
      },
      getBuiltinModule(id) {
        return builtin(id, "process.getBuiltinModule");
      },
      platform: "linux",
      features,
    };
    process = legacy;
    return { process, default: process, errors, registerBuiltin, builtin, nodeName, inRequest };
  }

  const stdin = new ReadStream(0);
  const stdout = new SyncWriteStream(1, "stdout:");
  const stderr = new SyncWriteStream(2, "stderr:");

  // workerd's key order (Object.keys(process) lists it).
  process = {
    assert: assertOk,
    version: "v22.23.4",
    versions,
    title: "workerd",
    argv: ["workerd"],
    argv0: "workerd",
    execArgv: [],
    arch: "x64",
    platform: "linux",
    config,
    pid: 1,
    ppid: 0,
    getegid: () => 0,
    getgid: () => 0,
    getgroups: () => [0],
    geteuid: () => 0,
    getuid: () => 0,
    setegid: onlyZero("setegid"),
    setgid: onlyZero("setgid"),
    setgroups: refused("setgroups"),
    seteuid: onlyZero("seteuid"),
    setuid: onlyZero("setuid"),
    initgroups: refused("initgroups"),
    setSourceMapsEnabled() {},
    getSourceMapsSupport: () => ({ enabled: false, nodeModules: false, generatedCode: false }),
    nextTick,
    emitWarning,
    env: { ...(hidden ?? {}) },
    exit(code) {
      exitImpl(code);
    },
    abort() {
      exitImpl(1);
    },
    getBuiltinModule(id) {
      return builtin(id, "process.getBuiltinModule");
    },
    features,
    allowedNodeEnvironmentFlags: new Set(),
    kill: notImplemented("process.kill"),
    ref() {},
    unref() {},
    chdir,
    cwd: () => cwd,
    umask,
    hrtime,
    uptime: () => 0,
    loadEnvFile(path = ".env") {
      const fs = builtin("node:fs", "process.loadEnvFile");
      const text = fs.readFileSync(path instanceof URL ? path : path.toString(), "utf8");
      for (const line of text.split(/\r?\n/)) {
        const match = /^\s*(?:export\s+)?([\w.-]+)\s*=\s*(.*?)\s*$/.exec(line);
        if (!match) continue;
        let value = match[2];
        const quote = value[0];
        if ((quote === '"' || quote === "'" || quote === "`") && value.endsWith(quote) && value.length > 1) {
          value = value.slice(1, -1);
          if (quote === '"') value = value.replace(/\\n/g, "\n");
        } else {
          value = value.replace(/\s+#.*$/, "");
        }
        process.env[match[1]] = value;
      }
    },
    exitCode: undefined,
    channel: null,
    connected: false,
    binding: notImplemented("process.binding"),
    debugPort: 0,
    dlopen: notImplemented("process.dlopen"),
    finalization: {
      register: notImplemented("process.finalization.register"),
      registerBeforeExit: notImplemented("process.finalization.registerBeforeExit"),
      unregister: notImplemented("process.finalization.unregister"),
    },
    getActiveResourcesInfo: notImplemented("process.getActiveResourcesInfo"),
    setUncaughtExceptionCaptureCallback: notImplemented("process.setUncaughtExceptionCaptureCallback"),
    hasUncaughtExceptionCaptureCallback: notImplemented("process.hasUncaughtExceptionCaptureCallback"),
    memoryUsage: () => ({ rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 }),
    noDeprecation: false,
    permission: { has: notImplemented("process.permission.has") },
    release: { name: "node", lts: true, sourceUrl: "", headersUrl: "" },
    report: {
      compact: false,
      directory: "",
      filename: "",
      getReport: () => ({}),
      reportOnFatalError: false,
      reportOnSignal: false,
      reportOnUncaughtException: false,
      excludeNetwork: false,
      excludeEnv: false,
      signal: "SIGUSR2",
      writeReport: notImplemented("process.report.writeReport"),
    },
    resourceUsage: () => ({
      userCPUTime: 0,
      systemCPUTime: 0,
      maxRSS: 0,
      sharedMemorySize: 0,
      unsharedDataSize: 0,
      unsharedStackSize: 0,
      minorPageFault: 0,
      majorPageFault: 0,
      swappedOut: 0,
      fsRead: 0,
      fsWrite: 0,
      ipcSent: 0,
      ipcReceived: 0,
      signalsCount: 0,
      voluntaryContextSwitches: 0,
      involuntaryContextSwitches: 0,
    }),
    send: () => false,
    traceDeprecation: false,
    throwDeprecation: false,
    sourceMapsEnabled: false,
    threadCpuUsage: notImplemented("process.threadCpuUsage"),
    cpuUsage: notImplemented("process.cpuUsage"),
    execPath: "",
    constrainedMemory: () => 0,
    availableMemory: () => 0,
    execve: notImplemented("process.execve"),
    openStdin: () => stdin,
    _rawDebug(...args) {
      console.log(...args);
    },
    moduleLoadList: [],
    _linkedBinding: notImplemented("process._linkedBinding"),
    domain: null,
    _exiting: false,
    _getActiveRequests: () => [],
    _getActiveHandles: () => [],
    reallyExit(code) {
      exitImpl(code || 0);
    },
    _kill: notImplemented("process._kill"),
    _fatalException: () => false,
    _tickCallback() {},
    _debugProcess() {},
    _debugEnd() {},
    _startProfilerIdleNotifier() {},
    _stopProfilerIdleNotifier() {},
    _preload_modules: [],
    _disconnect: undefined,
    _handleQueue: undefined,
    _pendingMessage: undefined,
    _channel: undefined,
    _send: undefined,
  };
  Object.setPrototypeOf(process, EventEmitter.prototype);
  EventEmitter.call(process);
  Object.defineProperty(process, Symbol.toStringTag, { value: "process", configurable: true });
  process.stdin = stdin;
  process.stdout = stdout;
  process.stderr = stderr;

  // 'unhandledRejection' and 'rejectionHandled' listeners follow the global events of
  // those names, subscribed to on first use.
  const forwarded = new Set();
  process.on("newListener", (name) => {
    if ((name !== "unhandledRejection" && name !== "rejectionHandled") || forwarded.has(name)) return;
    forwarded.add(name);
    if (typeof globalThis.addEventListener !== "function") return;
    if (name === "unhandledRejection") {
      globalThis.addEventListener("unhandledrejection", (event) => process.emit("unhandledRejection", event.reason, event.promise));
    } else {
      globalThis.addEventListener("rejectionhandled", (event) => process.emit("rejectionHandled", event.promise));
    }
  });

  return { process, default: process, errors, registerBuiltin, builtin, nodeName, inRequest, stdioStreams: { Writable, Readable } };
})
