// node:stream for crosstalk: Node's stream machinery as workerd ships it (its port of Node's
// streams, without the Node v24 changes, which workerd gates behind a flag no date enables):
// Readable, Writable, Duplex, Transform and PassThrough as constructor functions (callable
// without `new`, so util.inherits-style subclasses work), their states, pipe, pipeline,
// finished, compose, destroy, duplexPair, the iterator helpers and the Web stream adapters.
// Deferred work runs as microtasks, as workerd's process.nextTick does (queueMicrotask).
// Written for crosstalk after workerd's behaviour; the event order is the contract.
import { StringDecoder } from "node:string_decoder";

const load = globalThis[Symbol.for("crosstalk.node")];
const eventsModule = load("node-events");
const { EventEmitter } = eventsModule;
const E = eventsModule.errors;
const { Buffer } = load("node-buffer");

const nextTick = (fn, ...args) => queueMicrotask(() => fn(...args));
const nop = () => {};
const disposeSymbol = Symbol.dispose ?? Symbol.for("nodejs.dispose");
const asyncDisposeSymbol = Symbol.asyncDispose ?? Symbol.for("nodejs.asyncDispose");

// ---------------------------------------------------------------------------------------
// Errors

const errPrematureClose = () => E.nodeError("ERR_STREAM_PREMATURE_CLOSE", "Premature close", "TypeError");
const errDestroyed = (name) => E.nodeError("ERR_STREAM_DESTROYED", `Cannot call ${name} after a stream was destroyed`);
const errAlreadyFinished = (name) =>
  E.nodeError("ERR_STREAM_ALREADY_FINISHED", `Cannot call ${name} after a stream was finished`);
const errNullValues = () => E.nodeError("ERR_STREAM_NULL_VALUES", "May not write null values to stream", "TypeError");
const errWriteAfterEnd = () => E.nodeError("ERR_STREAM_WRITE_AFTER_END", "write after end");
const errPushAfterEof = () => E.nodeError("ERR_STREAM_PUSH_AFTER_EOF", "stream.push() after EOF");
const errUnshiftAfterEnd = () => E.nodeError("ERR_STREAM_UNSHIFT_AFTER_END_EVENT", "stream.unshift() after end event");
const errMultipleCallback = () => E.nodeError("ERR_MULTIPLE_CALLBACK", "Callback called multiple times");
const errCannotPipe = () => E.nodeError("ERR_STREAM_CANNOT_PIPE", "Cannot pipe, not readable");
const chunkTypeError = (chunk) => E.invalidArgType("chunk", ["string", "Buffer", "TypedArray", "DataView"], chunk);
const errWebInterop = (what) =>
  E.nodeError(
    "ERR_WEB_STREAM_INTEROP_UNSUPPORTED",
    `${what} is not supported for web streams by the streams implementation in use`,
    "TypeError",
  );
const abortError = (cause) => (cause === undefined ? new E.AbortError() : new E.AbortError(undefined, cause));

// ---------------------------------------------------------------------------------------
// Shared symbols (Symbol.for ones are shared with readable-stream and the Web streams)

const kIsDestroyed = Symbol.for("nodejs.stream.destroyed");
const kIsErrored = Symbol.for("nodejs.stream.errored");
const kIsReadable = Symbol.for("nodejs.stream.readable");
const kIsWritable = Symbol.for("nodejs.stream.writable");
const kIsDisturbed = Symbol.for("nodejs.stream.disturbed");
const kIsClosedPromise = Symbol.for("nodejs.webstream.isClosedPromise");
const kControllerErrorFunction = Symbol.for("nodejs.webstream.controllerErrorFunction");
const kOnConstructed = Symbol("kOnConstructed");
const kConstruct = Symbol("kConstruct");
const kDestroy = Symbol("kDestroy");
const kPaused = Symbol("kPaused");
const kDataListening = Symbol("kDataListening");
const kOnFinished = Symbol("kOnFinished");
const kAfterWritePending = Symbol("kAfterWritePending");
const kExpectWriteCb = Symbol("kExpectWriteCb");

// ---------------------------------------------------------------------------------------
// Predicates

function isReadableNodeStream(obj, strict = false) {
  return !!(
    obj &&
    typeof obj.pipe === "function" &&
    typeof obj.on === "function" &&
    (!strict || (typeof obj.pause === "function" && typeof obj.resume === "function")) &&
    (!obj._writableState || obj._readableState?.readable !== false) &&
    (!obj._writableState || obj._readableState)
  );
}

function isWritableNodeStream(obj) {
  return !!(
    obj &&
    typeof obj.write === "function" &&
    typeof obj.on === "function" &&
    (!obj._readableState || obj._writableState?.writable !== false)
  );
}

function isDuplexNodeStream(obj) {
  return !!(
    obj &&
    typeof obj.pipe === "function" &&
    obj._readableState &&
    typeof obj.on === "function" &&
    typeof obj.write === "function"
  );
}

function isNodeStream(obj) {
  return (
    obj &&
    (obj._readableState != null ||
      obj._writableState != null ||
      (typeof obj.write === "function" && typeof obj.on === "function") ||
      (typeof obj.pipe === "function" && typeof obj.on === "function"))
  );
}

function isReadableStream(obj) {
  return !!(
    obj &&
    !isNodeStream(obj) &&
    typeof obj.pipeThrough === "function" &&
    typeof obj.getReader === "function" &&
    typeof obj.cancel === "function"
  );
}

function isWritableStream(obj) {
  return !!(obj && !isNodeStream(obj) && typeof obj.getWriter === "function" && typeof obj.abort === "function");
}

function isTransformStream(obj) {
  return !!(obj && !isNodeStream(obj) && typeof obj.readable === "object" && typeof obj.writable === "object");
}

function isWebStream(obj) {
  return isReadableStream(obj) || isWritableStream(obj) || isTransformStream(obj);
}

function isIterable(obj, isAsync) {
  if (obj == null) return false;
  if (isAsync === true) return typeof obj[Symbol.asyncIterator] === "function";
  if (isAsync === false) return typeof obj[Symbol.iterator] === "function";
  return typeof obj[Symbol.asyncIterator] === "function" || typeof obj[Symbol.iterator] === "function";
}

function isDestroyed(stream) {
  if (!isNodeStream(stream)) return null;
  const state = stream._writableState || stream._readableState;
  return !!(stream.destroyed || stream[kIsDestroyed] || state?.destroyed);
}

function isWritableEnded(stream) {
  if (!isWritableNodeStream(stream)) return null;
  if (stream.writableEnded === true) return true;
  const w = stream._writableState;
  if (w?.errored) return false;
  if (typeof w?.ended !== "boolean") return null;
  return w.ended;
}

function isWritableFinished(stream, strict) {
  if (!isWritableNodeStream(stream)) return null;
  if (stream.writableFinished === true) return true;
  const w = stream._writableState;
  if (w?.errored) return false;
  if (typeof w?.finished !== "boolean") return null;
  return !!(w.finished || (strict === false && w.ended === true && w.length === 0));
}

function isReadableFinished(stream, strict) {
  if (!isReadableNodeStream(stream)) return null;
  const r = stream._readableState;
  if (r?.errored) return false;
  if (typeof r?.endEmitted !== "boolean") return null;
  return !!(r.endEmitted || (strict === false && r.ended === true && r.length === 0));
}

function isReadable(stream) {
  if (stream && stream[kIsReadable] != null) return stream[kIsReadable];
  if (typeof stream?.readable !== "boolean") return null;
  if (isDestroyed(stream)) return false;
  return isReadableNodeStream(stream) && stream.readable && !isReadableFinished(stream);
}

function isWritable(stream) {
  if (stream && stream[kIsWritable] != null) return stream[kIsWritable];
  if (typeof stream?.writable !== "boolean") return null;
  if (isDestroyed(stream)) return false;
  return isWritableNodeStream(stream) && stream.writable && !isWritableEnded(stream);
}

function isFinished(stream, opts) {
  if (!isNodeStream(stream)) return null;
  if (isDestroyed(stream)) return true;
  if (opts?.readable !== false && isReadable(stream)) return false;
  if (opts?.writable !== false && isWritable(stream)) return false;
  return true;
}

function isWritableErrored(stream) {
  if (!isNodeStream(stream)) return null;
  if (stream.writableErrored) return stream.writableErrored;
  return stream._writableState?.errored ?? null;
}

function isReadableErrored(stream) {
  if (!isNodeStream(stream)) return null;
  if (stream.readableErrored) return stream.readableErrored;
  return stream._readableState?.errored ?? null;
}

function isOutgoingMessage(stream) {
  return (
    stream != null &&
    typeof stream === "object" &&
    typeof stream._closed === "boolean" &&
    typeof stream._defaultKeepAlive === "boolean" &&
    typeof stream._removedConnection === "boolean" &&
    typeof stream._removedContLen === "boolean"
  );
}

function isClosed(stream) {
  if (!isNodeStream(stream)) return null;
  if (typeof stream.closed === "boolean") return stream.closed;
  const w = stream._writableState;
  const r = stream._readableState;
  if (typeof w?.closed === "boolean" || typeof r?.closed === "boolean") return (w?.closed || r?.closed) ?? null;
  if (typeof stream._closed === "boolean" && isOutgoingMessage(stream)) return stream._closed;
  return null;
}

function isServerRequest(stream) {
  return (
    typeof stream._consuming === "boolean" &&
    typeof stream._dumped === "boolean" &&
    stream.req?.upgradeOrConnect === undefined
  );
}

function willEmitClose(stream) {
  if (!isNodeStream(stream)) return null;
  const state = stream._writableState || stream._readableState;
  return (!state && isOutgoingMessage(stream)) || !!(state?.autoDestroy && state.emitClose && state.closed === false);
}

function isDisturbed(stream) {
  return !!(stream && (stream[kIsDisturbed] ?? (stream.readableDidRead || stream.readableAborted)));
}

function isErrored(stream) {
  return !!(
    stream &&
    (stream[kIsErrored] ??
      stream.readableErrored ??
      stream.writableErrored ??
      stream._readableState?.errorEmitted ??
      stream._writableState?.errorEmitted ??
      stream._readableState?.errored ??
      stream._writableState?.errored)
  );
}

const ZLIB_FAILURES = new Set([
  "Z_ERRNO",
  "Z_STREAM_ERROR",
  "Z_DATA_ERROR",
  "Z_MEM_ERROR",
  "Z_BUF_ERROR",
  "Z_VERSION_ERROR",
  "Z_NEED_DICT",
]);

function handleKnownInternalErrors(cause) {
  if (cause?.code === "ERR_STREAM_PREMATURE_CLOSE") return new E.AbortError(undefined, { cause });
  if (ZLIB_FAILURES.has(cause?.code ?? "")) {
    const error = new TypeError(undefined, { cause });
    error.code = cause.code;
    return error;
  }
  return cause;
}

function onceOnly(callback) {
  let called = false;
  return function (...args) {
    if (called) return undefined;
    called = true;
    return Reflect.apply(callback, this, args);
  };
}

// ---------------------------------------------------------------------------------------
// High-water marks

let defaultHighWaterMarkBytes = 64 * 1024;
let defaultHighWaterMarkObjects = 16;

function getDefaultHighWaterMark(objectMode) {
  return objectMode ? defaultHighWaterMarkObjects : defaultHighWaterMarkBytes;
}

function setDefaultHighWaterMark(objectMode, value) {
  E.validateInteger(value, "value", 0);
  if (objectMode) defaultHighWaterMarkObjects = value;
  else defaultHighWaterMarkBytes = value;
}

function highWaterMarkOf(objectMode, options, duplexKey, isDuplex) {
  const hwm = options.highWaterMark != null ? options.highWaterMark : isDuplex ? options[duplexKey] : null;
  if (hwm != null) {
    if (!Number.isInteger(hwm) || hwm < 0) {
      throw E.invalidArgValue(isDuplex ? `options.${duplexKey}` : "options.highWaterMark", hwm);
    }
    return Math.floor(hwm);
  }
  return getDefaultHighWaterMark(objectMode);
}

// ---------------------------------------------------------------------------------------
// Stream: the legacy base, with the old pipe

function Stream(options) {
  EventEmitter.call(this, options || {});
}
Object.setPrototypeOf(Stream.prototype, EventEmitter.prototype);
Object.setPrototypeOf(Stream, EventEmitter);

Stream.prototype.pipe = function (dest, options) {
  const source = this;
  const ondata = (chunk) => {
    if (dest.writable && dest.write(chunk) === false && source.pause) source.pause();
  };
  const ondrain = () => {
    if (source.readable && source.resume) source.resume();
  };
  let didOnEnd = false;
  const onend = () => {
    if (didOnEnd) return;
    didOnEnd = true;
    dest.end();
  };
  const onclose = () => {
    if (didOnEnd) return;
    didOnEnd = true;
    if (typeof dest.destroy === "function") dest.destroy();
  };
  function onerror(error) {
    cleanup();
    if (EventEmitter.listenerCount(this, "error") === 0) this.emit("error", error);
  }
  const cleanup = () => {
    source.removeListener("data", ondata);
    dest.removeListener("drain", ondrain);
    source.removeListener("end", onend);
    source.removeListener("close", onclose);
    source.removeListener("error", onerror);
    dest.removeListener("error", onerror);
    source.removeListener("end", cleanup);
    source.removeListener("close", cleanup);
    dest.removeListener("close", cleanup);
  };
  source.on("data", ondata);
  dest.on("drain", ondrain);
  if (!dest._isStdio && (!options || options.end !== false)) {
    source.on("end", onend);
    source.on("close", onclose);
  }
  source.prependListener("error", onerror);
  dest.prependListener("error", onerror);
  source.on("end", cleanup);
  source.on("close", cleanup);
  dest.on("close", cleanup);
  dest.emit("pipe", source);
  return dest;
};

Stream.Stream = Stream;
Stream._isUint8Array = function isUint8Array(value) {
  return value instanceof Uint8Array;
};
Stream._isArrayBufferView = function isArrayBufferView(value) {
  return ArrayBuffer.isView(value);
};
Stream._uint8ArrayToBuffer = function _uint8ArrayToBuffer(chunk) {
  return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
};

// ---------------------------------------------------------------------------------------
// destroy, construct and their events

function recordError(error, w, r) {
  if (!error) return;
  if (w && !w.errored) w.errored = error;
  if (r && !r.errored) r.errored = error;
}

function destroy(error, cb) {
  const r = this._readableState;
  const w = this._writableState;
  const state = w || r;
  if (w?.destroyed || r?.destroyed) {
    if (typeof cb === "function") cb();
    return this;
  }
  recordError(error, w, r);
  if (w) w.destroyed = true;
  if (r) r.destroyed = true;
  if (!state.constructed) {
    this.once(kDestroy, function (er) {
      runDestroy(this, E.aggregateTwoErrors(er, error), cb);
    });
  } else {
    runDestroy(this, error, cb);
  }
  return this;
}

function runDestroy(self, error, cb) {
  let called = false;
  const onDestroy = (err) => {
    if (called) return;
    called = true;
    const r = self._readableState;
    const w = self._writableState;
    recordError(err, w, r);
    if (w) w.closed = true;
    if (r) r.closed = true;
    if (typeof cb === "function") cb(err);
    if (err) nextTick(emitErrorCloseNT, self, err);
    else nextTick(emitCloseNT, self);
  };
  try {
    self._destroy(error || null, onDestroy);
  } catch (err) {
    onDestroy(err);
  }
}

function emitErrorCloseNT(self, error) {
  emitErrorNT(self, error);
  emitCloseNT(self);
}

function emitCloseNT(self) {
  const r = self._readableState;
  const w = self._writableState;
  if (w) w.closeEmitted = true;
  if (r) r.closeEmitted = true;
  if (w?.emitClose || r?.emitClose) self.emit("close");
}

function emitErrorNT(self, error) {
  const r = self._readableState;
  const w = self._writableState;
  if (w?.errorEmitted || r?.errorEmitted) return;
  if (w) w.errorEmitted = true;
  if (r) r.errorEmitted = true;
  self.emit("error", error);
}

function undestroy() {
  const r = this._readableState;
  const w = this._writableState;
  if (r) {
    r.constructed = true;
    r.closed = false;
    r.closeEmitted = false;
    r.destroyed = false;
    r.errored = null;
    r.errorEmitted = false;
    r.reading = false;
    r.ended = r.readable === false;
    r.endEmitted = r.readable === false;
  }
  if (w) {
    w.constructed = true;
    w.destroyed = false;
    w.closed = false;
    w.closeEmitted = false;
    w.errored = null;
    w.errorEmitted = false;
    w.finalCalled = false;
    w.prefinished = false;
    w.ended = w.writable === false;
    w.ending = w.writable === false;
    w.finished = w.writable === false;
  }
}

function errorOrDestroy(stream, error, sync = false) {
  const r = stream._readableState;
  const w = stream._writableState;
  if (w?.destroyed || r?.destroyed) return;
  if (r?.autoDestroy || w?.autoDestroy) {
    stream.destroy(error);
  } else if (error) {
    if (w && !w.errored) w.errored = error;
    if (r && !r.errored) r.errored = error;
    if (sync) nextTick(emitErrorNT, stream, error);
    else emitErrorNT(stream, error);
  }
}

function construct(stream, cb) {
  if (typeof stream._construct !== "function") return;
  const r = stream._readableState;
  const w = stream._writableState;
  if (r) r.constructed = false;
  if (w) w.constructed = false;
  stream.once(kConstruct, cb);
  if (stream.listenerCount(kConstruct) > 1) return;
  nextTick(constructNT, stream);
}

function constructNT(stream) {
  let called = false;
  const onConstruct = (error) => {
    if (called) {
      errorOrDestroy(stream, error ?? errMultipleCallback());
      return;
    }
    called = true;
    const r = stream._readableState;
    const w = stream._writableState;
    const state = w || r;
    if (r) r.constructed = true;
    if (w) w.constructed = true;
    if (state?.destroyed) stream.emit(kDestroy, error);
    else if (error) errorOrDestroy(stream, error, true);
    else stream.emit(kConstruct);
  };
  try {
    stream._construct?.((error) => nextTick(onConstruct, error));
  } catch (error) {
    nextTick(onConstruct, error);
  }
}

function isRequest(stream) {
  return (
    stream != null &&
    typeof stream === "object" &&
    "setHeader" in stream &&
    "abort" in stream &&
    typeof stream.abort === "function"
  );
}

function emitCloseLegacy(stream) {
  stream.emit("close");
}

function emitErrorCloseLegacy(stream, error) {
  stream.emit("error", error);
  nextTick(emitCloseLegacy, stream);
}

// stream.destroy(stream, error): destroys a stream of any kind (Node, legacy, request).
function destroyer(stream, error) {
  if (!stream || isDestroyed(stream)) return;
  if (!error && !isFinished(stream)) error = abortError();
  if (isServerRequest(stream)) {
    stream.socket = null;
    stream.destroy(error);
  } else if (isRequest(stream)) {
    stream.abort();
  } else if (isRequest(stream.req)) {
    stream.req.abort();
  } else if (typeof stream.destroy === "function") {
    stream.destroy(error);
  } else if ("close" in stream && typeof stream.close === "function") {
    stream.close();
  } else if (error) {
    nextTick(emitErrorCloseLegacy, stream, error);
  } else {
    nextTick(emitCloseLegacy, stream);
  }
  if (!stream.destroyed) stream[kIsDestroyed] = true;
}

// ---------------------------------------------------------------------------------------
// finished (end-of-stream)

function eos(stream, options, callback) {
  if (arguments.length === 2) {
    callback = options;
    options = {};
  } else if (options == null) {
    options = {};
  } else {
    E.validateObject(options, "options");
  }
  E.validateFunction(callback, "callback");
  E.validateAbortSignal(options.signal, "options.signal");
  callback = onceOnly(callback);

  if (isReadableStream(stream) || isWritableStream(stream)) return eosWeb(stream, options, callback);
  if (!isNodeStream(stream)) {
    throw E.invalidArgType("stream", ["ReadableStream", "WritableStream", "Stream"], stream);
  }

  // An http OutgoingMessage counts as readable too (its end is the exchange's end).
  const readable = options.readable ?? (isOutgoingMessage(stream) || isReadableNodeStream(stream));
  const writable = options.writable ?? isWritableNodeStream(stream);
  const wState = stream._writableState;
  const rState = stream._readableState;
  const req = stream.req;

  const onlegacyfinish = () => {
    if (!stream.writable) onfinish();
  };

  let emitsClose =
    willEmitClose(stream) && isReadableNodeStream(stream) === readable && isWritableNodeStream(stream) === writable;

  let writableFinished = isWritableFinished(stream, false);
  const onfinish = () => {
    writableFinished = true;
    if (stream.destroyed) emitsClose = false;
    if (emitsClose && (!stream.readable || readable)) return;
    if (!readable || readableFinished) callback.call(stream);
  };

  let readableFinished = isReadableFinished(stream, false);
  const onend = () => {
    readableFinished = true;
    if (stream.destroyed) emitsClose = false;
    if (emitsClose && (!stream.writable || writable)) return;
    if (!writable || writableFinished) callback.call(stream);
  };

  const onerror = (error) => {
    callback.call(stream, error);
  };

  let closed = isClosed(stream);

  const onclose = () => {
    closed = true;
    const errored = isWritableErrored(stream) || isReadableErrored(stream);
    if (errored && typeof errored !== "boolean") return callback.call(stream, errored);
    if (readable && !readableFinished && isReadableNodeStream(stream, true)) {
      if (!isReadableFinished(stream, false)) return callback.call(stream, errPrematureClose());
    }
    if (writable && !writableFinished) {
      if (!isWritableFinished(stream, false)) return callback.call(stream, errPrematureClose());
    }
    return callback.call(stream);
  };

  const onclosed = () => {
    closed = true;
    const errored = isWritableErrored(stream) || isReadableErrored(stream);
    if (errored && typeof errored !== "boolean") {
      callback.call(stream, errored);
      return;
    }
    callback.call(stream);
  };

  const onrequest = () => {
    req?.on("finish", onfinish);
  };

  if ("setHeader" in stream && typeof stream.abort === "function") {
    stream.on("complete", onfinish);
    if (!emitsClose) stream.on("abort", onclose);
    if (stream.req) onrequest();
    else stream.on("request", onrequest);
  } else if (writable && !wState) {
    stream.on("end", onlegacyfinish).on("close", onlegacyfinish);
  }

  if (!emitsClose && "aborted" in stream && typeof stream.aborted === "boolean") {
    stream.on("aborted", onclose);
  }

  stream.on("end", onend);
  stream.on("finish", onfinish);
  if (options.error !== false) stream.on("error", onerror);
  stream.on("close", onclose);

  if (closed) {
    nextTick(onclose);
  } else if (wState?.errorEmitted || rState?.errorEmitted) {
    if (!emitsClose) nextTick(onclosed);
  } else if (
    !readable &&
    (!emitsClose || isReadable(stream)) &&
    (writableFinished || isWritable(stream) === false) &&
    (wState == null || wState.pendingcb === undefined || wState.pendingcb === 0)
  ) {
    nextTick(onclosed);
  } else if (!writable && (!emitsClose || isWritable(stream)) && (readableFinished || isReadable(stream) === false)) {
    nextTick(onclosed);
  } else if (rState && stream.req && stream.aborted) {
    nextTick(onclosed);
  }

  const cleanup = () => {
    callback = nop;
    stream.removeListener("aborted", onclose);
    stream.removeListener("complete", onfinish);
    stream.removeListener("abort", onclose);
    stream.removeListener("request", onrequest);
    req?.removeListener("finish", onfinish);
    stream.removeListener("end", onlegacyfinish);
    stream.removeListener("close", onlegacyfinish);
    stream.removeListener("finish", onfinish);
    stream.removeListener("end", onend);
    stream.removeListener("error", onerror);
    stream.removeListener("close", onclose);
  };

  if (options.signal && !closed) {
    const abort = () => {
      const endCallback = callback;
      cleanup();
      endCallback.call(stream, new E.AbortError(undefined, { cause: options.signal?.reason }));
    };
    if (options.signal.aborted) {
      nextTick(abort);
    } else {
      const disposable = eventsModule.addAbortListener(options.signal, abort);
      const original = callback;
      callback = onceOnly((...args) => {
        disposable[disposeSymbol]();
        original.apply(stream, args);
      });
    }
  }
  return cleanup;
}

function eosWeb(stream, options, callback) {
  const closed = stream[kIsClosedPromise];
  if (closed === undefined) throw errWebInterop("finished()");
  let aborted = false;
  if (options.signal) {
    const abort = () => {
      aborted = true;
      callback.call(stream, new E.AbortError(undefined, { cause: options.signal?.reason }));
    };
    if (options.signal.aborted) {
      nextTick(abort);
    } else {
      const disposable = eventsModule.addAbortListener(options.signal, abort);
      const original = callback;
      callback = onceOnly((...args) => {
        disposable[disposeSymbol]();
        original.apply(stream, args);
      });
    }
  }
  const settle = (...args) => {
    if (!aborted) nextTick(() => callback.apply(stream, args));
  };
  closed.promise.then(settle, settle);
  return nop;
}

function finishedPromise(stream, opts = {}) {
  let autoCleanup = false;
  if (opts.cleanup) {
    E.validateBoolean(opts.cleanup, "cleanup");
    autoCleanup = opts.cleanup;
  }
  return new Promise((resolve, reject) => {
    const cleanup = eos(stream, opts, (error) => {
      if (autoCleanup) cleanup();
      if (error) reject(error);
      else resolve();
    });
  });
}
eos.finished = finishedPromise;

// ---------------------------------------------------------------------------------------
// addAbortSignal

function addAbortSignal(signal, stream) {
  if (signal == null || typeof signal !== "object" || !("aborted" in signal)) {
    throw E.invalidArgType("signal", "AbortSignal", signal);
  }
  if (!isNodeStream(stream) && !isWebStream(stream)) {
    throw E.invalidArgType("stream", ["ReadableStream", "WritableStream", "Stream"], stream);
  }
  return addAbortSignalNoValidate(signal, stream);
}

function addAbortSignalNoValidate(signal, stream) {
  if (signal == null || typeof signal !== "object" || !("aborted" in signal)) return stream;
  const onAbort = isNodeStream(stream)
    ? () => stream.destroy(new E.AbortError(undefined, { cause: signal.reason }))
    : () => stream[kControllerErrorFunction](new E.AbortError(undefined, { cause: signal.reason }));
  if (!isNodeStream(stream) && typeof stream[kControllerErrorFunction] !== "function") {
    throw errWebInterop("addAbortSignal()");
  }
  if (signal.aborted) {
    onAbort();
  } else {
    const disposable = eventsModule.addAbortListener(signal, onAbort);
    eos(stream, disposable[disposeSymbol]);
  }
  return stream;
}

// ---------------------------------------------------------------------------------------
// ReadableState and Readable

// The states keep their flags behind accessors on the prototype (workerd packs them in a
// bit field), so a state's own enumerable keys are the same few as in workerd.
const kFlags = Symbol("kState");

function defineFlags(proto, names, enumerable, convert = (value) => !!value) {
  for (const name of names) {
    Object.defineProperty(proto, name, {
      enumerable,
      configurable: true,
      get() {
        return this[kFlags][name];
      },
      set(value) {
        this[kFlags][name] = convert(value);
      },
    });
  }
}

function ReadableState(options, stream, isDuplex) {
  const objectMode = !!(options?.objectMode || (isDuplex && options?.readableObjectMode));
  const defaultEncoding = options?.defaultEncoding;
  this[kFlags] = {
    objectMode,
    ended: false,
    endEmitted: false,
    reading: false,
    constructed: true,
    sync: true,
    needReadable: false,
    emittedReadable: false,
    readableListening: false,
    resumeScheduled: false,
    errorEmitted: false,
    emitClose: !(options && options.emitClose === false),
    autoDestroy: !(options && options.autoDestroy === false),
    destroyed: false,
    closed: false,
    closeEmitted: false,
    multiAwaitDrain: false,
    readingMore: false,
    dataEmitted: false,
    errored: null,
    defaultEncoding: defaultEncoding == null || defaultEncoding === "utf-8" ? "utf8" : defaultEncoding,
    decoder: null,
    encoding: null,
    flowing: null,
  };
  this.highWaterMark = options
    ? highWaterMarkOf(objectMode, options, "readableHighWaterMark", isDuplex)
    : getDefaultHighWaterMark(false);
  this.buffer = [];
  this.bufferIndex = 0;
  this.length = 0;
  this.pipes = [];
  this[kPaused] = null;
  this[kDataListening] = false;
  this.awaitDrainWriters = null;
  if (options?.encoding) {
    this.decoder = new StringDecoder(options.encoding);
    this.encoding = options.encoding;
  }
}

defineFlags(ReadableState.prototype, [
  "objectMode",
  "ended",
  "endEmitted",
  "reading",
  "constructed",
  "sync",
  "needReadable",
  "emittedReadable",
  "readableListening",
  "resumeScheduled",
  "errorEmitted",
  "emitClose",
  "autoDestroy",
  "destroyed",
  "closed",
  "closeEmitted",
  "multiAwaitDrain",
  "readingMore",
  "dataEmitted",
], false);
defineFlags(ReadableState.prototype, ["errored", "decoder", "encoding"], false, (value) => value || null);
defineFlags(ReadableState.prototype, ["flowing"], false, (value) => (value == null ? null : !!value));
defineFlags(ReadableState.prototype, ["defaultEncoding"], false, (value) => (value === "utf-8" ? "utf8" : value));

Object.defineProperties(ReadableState.prototype, {
  pipesCount: {
    get() {
      return this.pipes.length;
    },
  },
  paused: {
    get() {
      return this[kPaused] === true;
    },
    set(value) {
      this[kPaused] = !!value;
    },
  },
});

ReadableState.prototype[kOnConstructed] = function (stream) {
  if (this.needReadable) maybeReadMore(stream, this);
};

function Readable(options) {
  if (!(this instanceof Readable)) return new Readable(options);
  this._events ??= { close: undefined, error: undefined, data: undefined, end: undefined, readable: undefined };
  this._readableState = new ReadableState(options, this, false);
  if (options) {
    if (typeof options.read === "function") this._read = options.read;
    if (typeof options.destroy === "function") this._destroy = options.destroy;
    if (typeof options.construct === "function") this._construct = options.construct;
    if (options.signal) addAbortSignal(options.signal, this);
  }
  Stream.call(this, options);
  if (this._construct != null) {
    construct(this, () => {
      this._readableState[kOnConstructed](this);
    });
  }
}
Object.setPrototypeOf(Readable.prototype, Stream.prototype);
Object.setPrototypeOf(Readable, Stream);
Readable.ReadableState = ReadableState;

Readable.prototype.destroy = destroy;
Readable.prototype._undestroy = undestroy;
Readable.prototype._destroy = function (error, cb) {
  if (cb) cb(error);
};
Readable.prototype[EventEmitter.captureRejectionSymbol] = function (error) {
  this.destroy(error);
};
Readable.prototype[asyncDisposeSymbol] = async function () {
  let error;
  if (!this.destroyed) {
    error = this.readableEnded ? null : abortError();
    this.destroy(error);
  }
  await new Promise((resolve, reject) => eos(this, (err) => (err && err !== error ? reject(err) : resolve(null))));
};

Readable.prototype.push = function (chunk, encoding) {
  const state = this._readableState;
  return state.objectMode ? pushObject(this, state, chunk, encoding) : pushBytes(this, state, chunk, encoding);
};

Readable.prototype.unshift = function (chunk, encoding) {
  const state = this._readableState;
  return state.objectMode ? unshiftObject(this, state, chunk) : unshiftBytes(this, state, chunk, encoding);
};

function unshiftBytes(stream, state, chunk, encoding) {
  if (chunk === null) {
    state.reading = false;
    onEofChunk(stream, state);
    return false;
  }
  if (typeof chunk === "string") {
    encoding ||= state.defaultEncoding;
    if (state.encoding !== encoding) {
      chunk = state.encoding ? Buffer.from(chunk, encoding).toString(state.encoding) : Buffer.from(chunk, encoding);
    }
  } else if (ArrayBuffer.isView(chunk)) {
    chunk = Stream._uint8ArrayToBuffer(chunk);
  } else if (chunk !== undefined && !(chunk instanceof Buffer)) {
    errorOrDestroy(stream, chunkTypeError(chunk));
    return false;
  }
  if (!(chunk && chunk.length > 0)) return canPushMore(state);
  return unshiftValue(stream, state, chunk);
}

function unshiftObject(stream, state, chunk) {
  if (chunk === null) {
    state.reading = false;
    onEofChunk(stream, state);
    return false;
  }
  return unshiftValue(stream, state, chunk);
}

function unshiftValue(stream, state, chunk) {
  if (state.endEmitted) errorOrDestroy(stream, errUnshiftAfterEnd());
  else if (state.destroyed || state.errored) return false;
  else addChunk(stream, state, chunk, true);
  return canPushMore(state);
}

function pushBytes(stream, state, chunk, encoding) {
  if (chunk === null) {
    state.reading = false;
    onEofChunk(stream, state);
    return false;
  }
  if (typeof chunk === "string") {
    encoding ||= state.defaultEncoding;
    if (state.encoding !== encoding) {
      chunk = Buffer.from(chunk, encoding);
      encoding = "";
    }
  } else if (chunk instanceof Buffer) {
    encoding = "";
  } else if (ArrayBuffer.isView(chunk)) {
    chunk = Stream._uint8ArrayToBuffer(chunk);
    encoding = "";
  } else if (chunk !== undefined) {
    errorOrDestroy(stream, chunkTypeError(chunk));
    return false;
  }
  if (!chunk || chunk.length <= 0) {
    state.reading = false;
    maybeReadMore(stream, state);
    return canPushMore(state);
  }
  if (state.ended) {
    errorOrDestroy(stream, errPushAfterEof());
    return false;
  }
  if (state.destroyed || state.errored) return false;
  state.reading = false;
  if (state.decoder && !encoding) {
    chunk = state.decoder.write(chunk);
    if (chunk.length === 0) {
      maybeReadMore(stream, state);
      return canPushMore(state);
    }
  }
  addChunk(stream, state, chunk, false);
  return canPushMore(state);
}

function pushObject(stream, state, chunk, encoding) {
  if (chunk === null) {
    state.reading = false;
    onEofChunk(stream, state);
    return false;
  }
  if (state.ended) {
    errorOrDestroy(stream, errPushAfterEof());
    return false;
  }
  if (state.destroyed || state.errored) return false;
  state.reading = false;
  if (state.decoder && !encoding) chunk = state.decoder.write(chunk);
  addChunk(stream, state, chunk, false);
  return canPushMore(state);
}

function canPushMore(state) {
  return !state.ended && (state.length < state.highWaterMark || state.length === 0);
}

function clearAwaitDrain(state) {
  if (state.multiAwaitDrain) state.awaitDrainWriters.clear();
  else state.awaitDrainWriters = null;
}

function addChunk(stream, state, chunk, toFront) {
  if (state.flowing === true && !state.sync && state[kDataListening] && state.length === 0) {
    clearAwaitDrain(state);
    state.dataEmitted = true;
    stream.emit("data", chunk);
  } else {
    state.length += state.objectMode ? 1 : chunk.length;
    if (toFront) {
      if (state.bufferIndex > 0) state.buffer[--state.bufferIndex] = chunk;
      else state.buffer.unshift(chunk);
    } else {
      state.buffer.push(chunk);
    }
    if (state.needReadable) emitReadable(stream);
  }
  maybeReadMore(stream, state);
}

Readable.prototype.isPaused = function () {
  const state = this._readableState;
  return state[kPaused] === true || state.flowing === false;
};

Readable.prototype.setEncoding = function (encoding) {
  const state = this._readableState;
  const decoder = new StringDecoder(encoding);
  state.decoder = decoder;
  state.encoding = decoder.encoding;
  let content = "";
  for (const data of state.buffer.slice(state.bufferIndex)) content += decoder.write(data);
  state.buffer.length = 0;
  state.bufferIndex = 0;
  if (content !== "") state.buffer.push(content);
  state.length = content.length;
  return this;
};

const MAX_HWM = 0x40000000;
function computeNewHighWaterMark(n) {
  if (n > MAX_HWM) throw E.outOfRange("size", "<= 1GiB", n);
  let power = 1;
  while (power < n) power *= 2;
  return power;
}

function howMuchToRead(n, state) {
  if (n <= 0 || (state.length === 0 && state.ended)) return 0;
  if (state.objectMode) return 1;
  if (Number.isNaN(n)) {
    if (state.flowing === true && state.length) return state.buffer[state.bufferIndex].length;
    return state.length;
  }
  if (n <= state.length) return n;
  return state.ended ? state.length : 0;
}

Readable.prototype.read = function (n) {
  if (n === undefined) n = NaN;
  else if (!Number.isInteger(n)) n = Number.parseInt(n, 10);
  const state = this._readableState;
  const requested = n;

  if (n > state.highWaterMark) state.highWaterMark = computeNewHighWaterMark(n);
  if (n !== 0) state.emittedReadable = false;

  if (
    n === 0 &&
    state.needReadable &&
    ((state.highWaterMark !== 0 ? state.length >= state.highWaterMark : state.length > 0) || state.ended)
  ) {
    if (state.length === 0 && state.ended) endReadable(this);
    else emitReadable(this);
    return null;
  }

  n = howMuchToRead(n, state);

  if (n === 0 && state.ended) {
    if (state.length === 0) endReadable(this);
    return null;
  }

  let doRead = state.needReadable;
  if (state.length === 0 || state.length - n < state.highWaterMark) doRead = true;

  if (state.reading || state.ended || state.destroyed || state.errored || !state.constructed) {
    doRead = false;
  } else if (doRead) {
    state.reading = true;
    state.sync = true;
    if (state.length === 0) state.needReadable = true;
    try {
      this._read(state.highWaterMark);
    } catch (error) {
      errorOrDestroy(this, error);
    }
    state.sync = false;
    if (!state.reading) n = howMuchToRead(requested, state);
  }

  let ret = n > 0 ? fromList(n, state) : null;

  if (ret === null) {
    if (state.length <= state.highWaterMark) state.needReadable = true;
    n = 0;
  } else {
    state.length -= n;
    clearAwaitDrain(state);
  }

  if (state.length === 0) {
    if (!state.ended) state.needReadable = true;
    if (requested !== n && state.ended) endReadable(this);
  }

  if (ret !== null && !state.errorEmitted && !state.closeEmitted) {
    state.dataEmitted = true;
    this.emit("data", ret);
  }
  return ret;
};

function onEofChunk(stream, state) {
  if (state.ended) return;
  if (state.decoder) {
    const chunk = state.decoder.end();
    if (chunk?.length) {
      state.buffer.push(chunk);
      state.length += state.objectMode ? 1 : chunk.length;
    }
  }
  state.ended = true;
  if (state.sync) {
    emitReadable(stream);
  } else {
    state.needReadable = false;
    state.emittedReadable = true;
    emitReadableNow(stream);
  }
}

function emitReadable(stream) {
  const state = stream._readableState;
  state.needReadable = false;
  if (!state.emittedReadable) {
    state.emittedReadable = true;
    nextTick(emitReadableNow, stream);
  }
}

function emitReadableNow(stream) {
  const state = stream._readableState;
  if (!state.destroyed && !state.errored && (state.length || state.ended)) {
    stream.emit("readable");
    state.emittedReadable = false;
  }
  if (state.flowing !== true && !state.ended && state.length <= state.highWaterMark) state.needReadable = true;
  flow(stream);
}

function maybeReadMore(stream, state) {
  if (!state.readingMore && state.constructed) {
    state.readingMore = true;
    nextTick(maybeReadMoreNow, stream, state);
  }
}

function maybeReadMoreNow(stream, state) {
  while (
    !state.reading &&
    !state.ended &&
    (state.length < state.highWaterMark || (state.flowing === true && state.length === 0))
  ) {
    const before = state.length;
    stream.read(0);
    if (before === state.length) break;
  }
  state.readingMore = false;
}

Readable.prototype._read = function (_size) {
  throw E.methodNotImplemented("_read()");
};

Readable.prototype.pipe = function (dest, pipeOpts) {
  const src = this;
  const state = this._readableState;

  if (state.pipes.length === 1 && !state.multiAwaitDrain) {
    state.multiAwaitDrain = true;
    state.awaitDrainWriters = new Set(state.awaitDrainWriters ? [state.awaitDrainWriters] : []);
  }
  state.pipes.push(dest);

  const doEnd = !pipeOpts || pipeOpts.end !== false;
  const endFn = doEnd ? onend : unpipe;
  if (state.endEmitted) nextTick(endFn);
  else src.once("end", endFn);

  dest.on("unpipe", onunpipe);
  function onunpipe(readable, unpipeInfo) {
    if (readable === src && unpipeInfo && unpipeInfo.hasUnpiped === false) {
      unpipeInfo.hasUnpiped = true;
      cleanup();
    }
  }

  function onend() {
    dest.end();
  }

  let ondrain;
  let cleanedUp = false;
  function cleanup() {
    dest.removeListener("close", onclose);
    dest.removeListener("finish", onfinish);
    if (ondrain) dest.removeListener("drain", ondrain);
    dest.removeListener("error", onerror);
    dest.removeListener("unpipe", onunpipe);
    src.removeListener("end", onend);
    src.removeListener("end", unpipe);
    src.removeListener("data", ondata);
    cleanedUp = true;
    if (ondrain && state.awaitDrainWriters && (!dest._writableState || dest._writableState.needDrain)) ondrain();
  }

  function pause() {
    if (!cleanedUp) {
      if (state.pipes.length === 1 && state.pipes[0] === dest) {
        state.awaitDrainWriters = dest;
        state.multiAwaitDrain = false;
      } else if (state.pipes.length > 1 && state.pipes.includes(dest)) {
        state.awaitDrainWriters.add(dest);
      }
      src.pause();
    }
    if (!ondrain) {
      ondrain = pipeOnDrain(src, dest);
      dest.on("drain", ondrain);
    }
  }

  src.on("data", ondata);
  function ondata(chunk) {
    const ret = dest.write(chunk);
    if (ret === false) pause();
  }

  function onerror(error) {
    unpipe();
    dest.removeListener("error", onerror);
    if (dest.listenerCount("error") === 0) {
      const s = dest._writableState || dest._readableState;
      if (s && !s.errorEmitted) errorOrDestroy(dest, error);
      else dest.emit("error", error);
    }
  }
  dest.prependListener("error", onerror);

  function onclose() {
    dest.removeListener("finish", onfinish);
    unpipe();
  }
  dest.once("close", onclose);
  function onfinish() {
    dest.removeListener("close", onclose);
    unpipe();
  }
  dest.once("finish", onfinish);

  function unpipe() {
    src.unpipe(dest);
  }

  dest.emit("pipe", src);

  if (dest.writableNeedDrain === true) pause();
  else if (state.flowing !== true) src.resume();
  return dest;
};

function pipeOnDrain(src, dest) {
  return function pipeOnDrainFunctionResult() {
    const state = src._readableState;
    if (state.awaitDrainWriters === dest) state.awaitDrainWriters = null;
    else if (state.multiAwaitDrain) state.awaitDrainWriters.delete(dest);
    if ((!state.awaitDrainWriters || state.awaitDrainWriters.size === 0) && state[kDataListening]) src.resume();
  };
}

Readable.prototype.unpipe = function (dest) {
  const state = this._readableState;
  if (state.pipes.length === 0) return this;
  if (!dest) {
    const dests = state.pipes;
    state.pipes = [];
    this.pause();
    for (let i = 0; i < dests.length; i++) dests[i].emit("unpipe", this, { hasUnpiped: false });
    return this;
  }
  const index = state.pipes.indexOf(dest);
  if (index === -1) return this;
  state.pipes.splice(index, 1);
  if (state.pipes.length === 0) this.pause();
  dest.emit("unpipe", this, { hasUnpiped: false });
  return this;
};

Readable.prototype.on = function (ev, fn) {
  const res = Stream.prototype.on.call(this, ev, fn);
  const state = this._readableState;
  if (ev === "data") {
    state[kDataListening] = true;
    if (this.listenerCount("readable") > 0) state.readableListening = true;
    if (state.flowing !== false) this.resume();
  } else if (ev === "readable") {
    if (!state.endEmitted && !state.readableListening) {
      state.readableListening = true;
      state.needReadable = true;
      state.flowing = false;
      state.emittedReadable = false;
      if (state.length) emitReadable(this);
      else if (!state.reading) nextTick(nReadingNextTick, this);
    }
  }
  return res;
};
Readable.prototype.addListener = Readable.prototype.on;

Readable.prototype.removeListener = function (ev, fn) {
  const state = this._readableState;
  const res = Stream.prototype.removeListener.call(this, ev, fn);
  if (ev === "readable") nextTick(updateReadableListening, this);
  else if (ev === "data" && this.listenerCount("data") === 0) state[kDataListening] = false;
  return res;
};
Readable.prototype.off = Readable.prototype.removeListener;

Readable.prototype.removeAllListeners = function (ev) {
  const res = Stream.prototype.removeAllListeners.apply(this, arguments);
  if (ev === "readable" || ev === undefined) nextTick(updateReadableListening, this);
  return res;
};

function updateReadableListening(self) {
  const state = self._readableState;
  state.readableListening = self.listenerCount("readable") > 0;
  if (state.resumeScheduled && state[kPaused] === false) state.flowing = true;
  else if (state[kDataListening]) self.resume();
  else if (!state.readableListening) state.flowing = null;
}

function nReadingNextTick(self) {
  self.read(0);
}

Readable.prototype.resume = function () {
  const state = this._readableState;
  if (state.flowing !== true) {
    state.flowing = !state.readableListening;
    scheduleResume(this, state);
  }
  state[kPaused] = false;
  return this;
};

function scheduleResume(stream, state) {
  if (!state.resumeScheduled) {
    state.resumeScheduled = true;
    nextTick(resumeNow, stream, state);
  }
}

function resumeNow(stream, state) {
  if (!state.reading) stream.read(0);
  state.resumeScheduled = false;
  stream.emit("resume");
  flow(stream);
  if (state.flowing === true && !state.reading) stream.read(0);
}

Readable.prototype.pause = function () {
  const state = this._readableState;
  if (state.flowing !== false) {
    state.flowing = false;
    this.emit("pause");
  }
  state[kPaused] = true;
  return this;
};

function flow(stream) {
  const state = stream._readableState;
  while (state.flowing === true && stream.read() !== null);
}

Readable.prototype.wrap = function (stream) {
  let paused = false;
  stream.on("data", (chunk) => {
    if (!this.push(chunk) && stream.pause) {
      paused = true;
      stream.pause();
    }
  });
  stream.on("end", () => {
    this.push(null);
  });
  stream.on("error", (error) => {
    errorOrDestroy(this, error);
  });
  stream.on("close", () => {
    this.destroy();
  });
  stream.on("destroy", () => {
    this.destroy();
  });
  this._read = () => {
    if (paused && stream.resume) {
      paused = false;
      stream.resume();
    }
  };
  const keys = Object.keys(stream);
  for (let j = 1; j < keys.length; j++) {
    const key = keys[j];
    if (this[key] === undefined && typeof stream[key] === "function") this[key] = stream[key].bind(stream);
  }
  return this;
};

Readable.prototype[Symbol.asyncIterator] = function () {
  return streamToAsyncIterator(this);
};

Readable.prototype.iterator = function (options) {
  if (options !== undefined) E.validateObject(options, "options");
  return streamToAsyncIterator(this, options);
};

function streamToAsyncIterator(stream, options) {
  if (typeof stream.read !== "function") stream = wrap(stream, { objectMode: true });
  const iter = createAsyncIterator(stream, options);
  iter.stream = stream;
  return iter;
}

async function* createAsyncIterator(stream, options) {
  let callback = nop;
  function next(resolve) {
    if (this === stream) {
      callback();
      callback = nop;
    } else {
      callback = resolve;
    }
  }
  stream.on("readable", next);
  let error;
  const cleanup = eos(stream, { writable: false }, (err) => {
    error = err ? E.aggregateTwoErrors(error, err) : null;
    callback();
    callback = nop;
  });
  try {
    while (true) {
      const chunk = stream.destroyed ? null : stream.read();
      if (chunk !== null) {
        yield chunk;
      } else if (error) {
        throw error;
      } else if (error === null) {
        return;
      } else {
        await new Promise(next);
      }
    }
  } catch (err) {
    error = E.aggregateTwoErrors(error, err);
    throw error;
  } finally {
    if ((error || options?.destroyOnReturn !== false) && (error === undefined || stream._readableState.autoDestroy)) {
      destroyer(stream, null);
    } else {
      stream.off("readable", next);
      cleanup();
    }
  }
}

Object.defineProperties(Readable.prototype, {
  readable: {
    get() {
      const r = this._readableState;
      return !!r && r.readable !== false && !r.destroyed && !r.errorEmitted && !r.endEmitted;
    },
    set(value) {
      if (this._readableState) this._readableState.readable = !!value;
    },
  },
  readableDidRead: {
    get() {
      return this._readableState.dataEmitted;
    },
  },
  readableAborted: {
    get() {
      const r = this._readableState;
      return !!(r.readable !== false && (r.destroyed || r.errored) && !r.endEmitted);
    },
  },
  readableHighWaterMark: {
    get() {
      return this._readableState.highWaterMark;
    },
  },
  readableBuffer: {
    get() {
      return this._readableState?.buffer;
    },
  },
  readableFlowing: {
    get() {
      return this._readableState.flowing;
    },
    set(value) {
      if (this._readableState) this._readableState.flowing = value;
    },
  },
  readableLength: {
    get() {
      return this._readableState.length;
    },
  },
  readableObjectMode: {
    get() {
      return this._readableState ? this._readableState.objectMode : false;
    },
  },
  readableEncoding: {
    get() {
      return this._readableState ? this._readableState.encoding : null;
    },
  },
  errored: {
    get() {
      return this._readableState ? this._readableState.errored : null;
    },
  },
  closed: {
    get() {
      return this._readableState ? this._readableState.closed : false;
    },
  },
  destroyed: {
    get() {
      return this._readableState ? this._readableState.destroyed : false;
    },
    set(value) {
      if (!this._readableState) return;
      this._readableState.destroyed = value;
    },
  },
  readableEnded: {
    get() {
      return this._readableState ? this._readableState.endEmitted : false;
    },
  },
});

// Takes n bytes (or one object) off the front of the buffer list.
function fromList(n, state) {
  if (state.length === 0) return null;
  const buf = state.buffer;
  const len = buf.length;
  let idx = state.bufferIndex;
  let ret;
  if (state.objectMode) {
    ret = buf[idx];
    buf[idx++] = null;
  } else if (!n || n >= state.length) {
    if (state.decoder) {
      ret = "";
      while (idx < len) {
        ret += buf[idx];
        buf[idx++] = null;
      }
    } else if (len - idx === 0) {
      ret = Buffer.alloc(0);
    } else if (len - idx === 1) {
      ret = buf[idx];
      buf[idx++] = null;
    } else {
      ret = Buffer.allocUnsafe(state.length);
      let offset = 0;
      while (idx < len) {
        ret.set(buf[idx], offset);
        offset += buf[idx].length;
        buf[idx++] = null;
      }
    }
  } else if (n < buf[idx].length) {
    ret = buf[idx].slice(0, n);
    buf[idx] = buf[idx].slice(n);
  } else if (n === buf[idx].length) {
    ret = buf[idx];
    buf[idx++] = null;
  } else if (state.decoder) {
    ret = "";
    while (idx < len) {
      const str = buf[idx];
      if (n > str.length) {
        ret += str;
        n -= str.length;
        buf[idx++] = null;
      } else {
        if (n === buf.length) {
          ret += str;
          buf[idx++] = null;
        } else {
          ret += str.slice(0, n);
          buf[idx] = str.slice(n);
        }
        break;
      }
    }
  } else {
    ret = Buffer.allocUnsafe(n);
    const total = n;
    while (idx < len) {
      const data = buf[idx];
      if (n > data.length) {
        ret.set(data, total - n);
        n -= data.length;
        buf[idx++] = null;
      } else {
        if (n === data.length) {
          ret.set(data, total - n);
          buf[idx++] = null;
        } else {
          ret.set(Buffer.from(data.buffer, data.byteOffset, n), total - n);
          buf[idx] = Buffer.from(data.buffer, data.byteOffset + n, data.length - n);
        }
        break;
      }
    }
  }
  if (idx === len) {
    state.buffer.length = 0;
    state.bufferIndex = 0;
  } else if (idx > 1024) {
    state.buffer.splice(0, idx);
    state.bufferIndex = 0;
  } else {
    state.bufferIndex = idx;
  }
  return ret;
}
Readable._fromList = fromList;

function endReadable(stream) {
  const state = stream._readableState;
  if (!state.endEmitted) {
    state.ended = true;
    nextTick(endReadableNT, state, stream);
  }
}

function endReadableNT(state, stream) {
  if (!state.errored && !state.closeEmitted && !state.endEmitted && state.length === 0) {
    state.endEmitted = true;
    stream.emit("end");
    if (stream.writable && stream.allowHalfOpen === false) {
      nextTick(endWritableNT, stream);
    } else if (state.autoDestroy) {
      const w = stream._writableState;
      const autoDestroy = !w || (w.autoDestroy && (w.finished || w.writable === false));
      if (autoDestroy) stream.destroy();
    }
  }
}

function endWritableNT(stream) {
  if (stream.writable && !stream.writableEnded && !stream.destroyed) stream.end();
}

function readableFromWeb(readableStream, options) {
  return newStreamReadableFromReadableStream(readableStream, options);
}

function readableToWeb(streamReadable, options) {
  return newReadableStreamFromStreamReadable(streamReadable, options);
}

function wrap(src, options) {
  return new Readable({
    objectMode: src.readableObjectMode ?? src.objectMode ?? true,
    ...options,
    destroy(error, callback) {
      destroyer(src, error);
      callback(error);
    },
  }).wrap(src);
}

Readable.toWeb = readableToWeb;
Readable.fromWeb = readableFromWeb;
Readable.wrap = wrap;

Readable.from = function (iterable, opts) {
  return from(Readable, iterable, opts);
};

// A stream of class `Class` that yields `iterable`'s values (Readable.from).
function from(Class, iterable, opts) {
  if (typeof iterable === "string" || iterable instanceof Buffer) {
    return new Class({
      objectMode: true,
      ...opts,
      read() {
        this.push(iterable);
        this.push(null);
      },
    });
  }
  let isAsync;
  let iterator;
  if (iterable && iterable[Symbol.asyncIterator]) {
    isAsync = true;
    iterator = iterable[Symbol.asyncIterator]();
  } else if (iterable && iterable[Symbol.iterator]) {
    isAsync = false;
    iterator = iterable[Symbol.iterator]();
  } else {
    throw E.invalidArgType("iterable", ["Iterable"], iterable);
  }
  const readable = new Class({ objectMode: true, highWaterMark: 1, ...opts });
  let reading = false;
  readable._read = function () {
    if (!reading) {
      reading = true;
      next();
    }
  };
  readable._destroy = function (error, cb) {
    close(error).then(
      () => nextTick(cb, error),
      (err) => nextTick(cb, err || error),
    );
  };
  async function close(error) {
    const hadError = error !== undefined && error !== null;
    if (hadError && typeof iterator.throw === "function") {
      const { value, done } = await iterator.throw(error);
      await value;
      if (done) return;
    }
    if (typeof iterator.return === "function") {
      const { value } = await iterator.return();
      await value;
    }
  }
  async function next() {
    for (;;) {
      try {
        const { value, done } = isAsync ? await iterator.next() : iterator.next();
        if (done) {
          readable.push(null);
        } else {
          const res = value && typeof value.then === "function" ? await value : value;
          if (res === null) {
            reading = false;
            throw errNullValues();
          } else if (readable.push(res)) {
            continue;
          } else {
            reading = false;
          }
        }
      } catch (error) {
        readable.destroy(error);
      }
      break;
    }
  }
  return readable;
}

// ---------------------------------------------------------------------------------------
// Readable's iterator helpers (map, filter, …)

const kEmpty = Symbol("kEmpty");
const kEof = Symbol("kEof");

function validateSignalOption(options) {
  if (options != null) E.validateObject(options, "options");
  if (options?.signal != null) E.validateAbortSignal(options.signal, "options.signal");
}

function map(fn, options) {
  if (typeof fn !== "function") throw E.invalidArgType("fn", ["Function", "AsyncFunction"], fn);
  validateSignalOption(options);
  let concurrency = 1;
  if (options?.concurrency != null) concurrency = Math.floor(options.concurrency);
  E.validateInteger(concurrency, "concurrency", 1);
  return async function* map() {
    const ac = new AbortController();
    const stream = this;
    const queue = [];
    const signal = ac.signal;
    const signalOpt = { signal };
    const abort = () => ac.abort();
    if (options?.signal?.aborted) abort();
    options?.signal?.addEventListener("abort", abort);
    let next;
    let resume;
    let done = false;
    const onDone = () => {
      done = true;
    };
    async function pump() {
      try {
        for await (let val of stream) {
          if (done) return;
          if (signal.aborted) throw abortError();
          try {
            val = fn(val, signalOpt);
          } catch (err) {
            val = Promise.reject(err);
          }
          if (val === kEmpty) continue;
          if (typeof val?.catch === "function") val.catch(onDone);
          queue.push(val);
          if (next) {
            next();
            next = null;
          }
          if (!done && queue.length && queue.length >= concurrency) {
            await new Promise((resolve) => {
              resume = resolve;
            });
          }
        }
        queue.push(kEof);
      } catch (err) {
        const val = Promise.reject(err);
        val.then(undefined, onDone);
        queue.push(val);
      } finally {
        done = true;
        if (next) {
          next();
          next = null;
        }
        options?.signal?.removeEventListener("abort", abort);
      }
    }
    pump();
    try {
      while (true) {
        while (queue.length > 0) {
          const val = await queue[0];
          if (val === kEof) return;
          if (signal.aborted) throw abortError();
          if (val !== kEmpty) yield val;
          queue.shift();
          if (resume) {
            resume();
            resume = null;
          }
        }
        await new Promise((resolve) => {
          next = resolve;
        });
      }
    } finally {
      ac.abort();
      done = true;
      if (resume) {
        resume();
        resume = null;
      }
    }
  }.call(this);
}

function asIndexedPairs(options) {
  validateSignalOption(options);
  return async function* asIndexedPairs() {
    let index = 0;
    for await (const val of this) {
      if (options?.signal?.aborted) throw new E.AbortError("Aborted", { cause: options.signal?.reason });
      yield [index++, val];
    }
  }.call(this);
}

async function some(fn, options) {
  if (typeof fn !== "function") throw E.invalidArgType("fn", ["Function", "AsyncFunction"], fn);
  for await (const _ of filter.call(this, fn, options)) return true;
  return false;
}

async function every(fn, options) {
  if (typeof fn !== "function") throw E.invalidArgType("fn", ["Function", "AsyncFunction"], fn);
  return !(await some.call(this, async (...args) => !(await fn(...args)), options));
}

async function find(fn, options) {
  for await (const result of filter.call(this, fn, options)) return result;
  return undefined;
}

async function forEach(fn, options) {
  if (typeof fn !== "function") throw E.invalidArgType("fn", ["Function", "AsyncFunction"], fn);
  async function forEachFn(value, opts) {
    await fn(value, opts);
    return kEmpty;
  }
  for await (const _ of map.call(this, forEachFn, options));
}

function filter(fn, options) {
  if (typeof fn !== "function") throw E.invalidArgType("fn", ["Function", "AsyncFunction"], fn);
  async function filterFn(value, opts) {
    if (await fn(value, opts)) return value;
    return kEmpty;
  }
  return map.call(this, filterFn, options);
}

async function reduce(reducer, initialValue, options) {
  if (typeof reducer !== "function") throw E.invalidArgType("reducer", ["Function", "AsyncFunction"], reducer);
  validateSignalOption(options);
  let hasInitialValue = arguments.length > 1;
  if (options?.signal?.aborted) {
    const err = new E.AbortError(undefined, { cause: options.signal?.reason });
    this.once("error", () => {});
    await finishedPromise(this.destroy(err));
    throw err;
  }
  const ac = new AbortController();
  const signal = ac.signal;
  if (options?.signal) options.signal.addEventListener("abort", () => ac.abort(), { once: true });
  let gotAny = false;
  try {
    for await (const value of this) {
      gotAny = true;
      if (options?.signal?.aborted) throw abortError();
      if (!hasInitialValue) {
        initialValue = value;
        hasInitialValue = true;
      } else {
        initialValue = await reducer(initialValue, value, { signal });
      }
    }
    if (!gotAny && !hasInitialValue) {
      const error = E.missingArgs("reduce");
      error.message = "Reduce of an empty stream requires an initial value";
      throw error;
    }
  } finally {
    ac.abort();
  }
  return initialValue;
}

async function toArray(options) {
  validateSignalOption(options);
  const result = [];
  for await (const val of this) {
    if (options?.signal?.aborted) throw new E.AbortError(undefined, { cause: options.signal?.reason });
    result.push(val);
  }
  return result;
}

function flatMap(fn, options) {
  const values = map.call(this, fn, options);
  return async function* flatMap() {
    for await (const val of values) yield* val;
  }.call(this);
}

function toIntegerOrInfinity(number) {
  number = Number(number);
  if (Number.isNaN(number)) return 0;
  if (number < 0) throw E.outOfRange("number", ">= 0", number);
  return number;
}

function drop(number, options) {
  validateSignalOption(options);
  number = toIntegerOrInfinity(number);
  return async function* drop() {
    if (options?.signal?.aborted) throw abortError();
    for await (const val of this) {
      if (options?.signal?.aborted) throw abortError();
      if (number-- <= 0) yield val;
    }
  }.call(this);
}

function take(number, options) {
  validateSignalOption(options);
  number = toIntegerOrInfinity(number);
  return async function* take() {
    if (options?.signal?.aborted) throw abortError();
    for await (const val of this) {
      if (options?.signal?.aborted) throw abortError();
      if (number-- > 0) yield val;
      else return;
    }
  }.call(this);
}

Readable.prototype.map = function (fn, options) {
  return from(Readable, map.call(this, fn, options));
};
Readable.prototype.asIndexedPairs = function (options) {
  return from(Readable, asIndexedPairs.call(this, options));
};
Readable.prototype.drop = function (number, options) {
  return from(Readable, drop.call(this, number, options));
};
Readable.prototype.filter = function (fn, options) {
  return from(Readable, filter.call(this, fn, options));
};
Readable.prototype.flatMap = function (fn, options) {
  return from(Readable, flatMap.call(this, fn, options));
};
Readable.prototype.take = function (number, options) {
  return from(Readable, take.call(this, number, options));
};
Readable.prototype.every = every;
Readable.prototype.forEach = forEach;
Readable.prototype.reduce = reduce;
Readable.prototype.toArray = toArray;
Readable.prototype.some = some;
Readable.prototype.find = find;

// ---------------------------------------------------------------------------------------
// Readable <-> ReadableStream

function newReadableStreamFromStreamReadable(streamReadable, options = {}, createTypeBytes = false) {
  if (typeof streamReadable?._readableState !== "object") {
    throw E.invalidArgType("streamReadable", "stream.Readable", streamReadable);
  }
  if (isDestroyed(streamReadable) || !isReadable(streamReadable)) {
    const readable = new ReadableStream();
    readable.cancel();
    return readable;
  }
  const objectMode = streamReadable.readableObjectMode;
  const highWaterMark = streamReadable.readableHighWaterMark;
  const strategy =
    options?.strategy ||
    (objectMode ? new CountQueuingStrategy({ highWaterMark }) : new ByteLengthQueuingStrategy({ highWaterMark }));
  let controller;
  let wasCanceled = false;
  function onData(chunk) {
    if (Buffer.isBuffer(chunk) && !objectMode) chunk = new Uint8Array(chunk);
    controller.enqueue(chunk);
    if (controller.desiredSize <= 0) streamReadable.pause();
  }
  streamReadable.pause();
  const cleanup = eos(streamReadable, (error) => {
    error = handleKnownInternalErrors(error);
    cleanup();
    streamReadable.on("error", () => {});
    if (error) return controller.error(error);
    if (wasCanceled) return undefined;
    return controller.close();
  });
  streamReadable.on("data", onData);
  return new ReadableStream(
    {
      start(c) {
        controller = c;
      },
      pull() {
        streamReadable.resume();
      },
      cancel(reason) {
        wasCanceled = true;
        destroyer(streamReadable, reason);
      },
      type: createTypeBytes ? "bytes" : undefined,
    },
    strategy,
  );
}

function newStreamReadableFromReadableStream(readableStream, options = {}) {
  if (!isReadableStream(readableStream)) {
    throw E.invalidArgType("readableStream", "ReadableStream", readableStream);
  }
  E.validateObject(options, "options");
  const { highWaterMark, encoding, objectMode = false, signal } = options;
  if (encoding !== undefined && !Buffer.isEncoding(encoding)) throw E.invalidArgValue("options.encoding", encoding);
  E.validateBoolean(objectMode, "options.objectMode");
  const reader = readableStream.getReader();
  let closed = false;
  const readable = new Readable({
    objectMode,
    highWaterMark,
    encoding,
    signal,
    read() {
      reader.read().then(
        (chunk) => {
          if (chunk.done) readable.push(null);
          else readable.push(chunk.value);
        },
        (error) => destroy.call(readable, error),
      );
    },
    destroy(error, callback) {
      const done = () => {
        try {
          callback(error);
        } catch (err) {
          nextTick(() => {
            throw err;
          });
        }
      };
      if (!closed) {
        reader.cancel(error).then(done, done);
        return;
      }
      done();
    },
  });
  reader.closed.then(
    () => {
      closed = true;
    },
    (error) => {
      closed = true;
      destroy.call(readable, error);
    },
  );
  return readable;
}

// ---------------------------------------------------------------------------------------
// WritableState and Writable

function WritableState(options, stream, isDuplex) {
  const objectMode = !!(options?.objectMode || (isDuplex && options?.writableObjectMode));
  const defaultEncoding = options ? options.defaultEncoding : null;
  this[kFlags] = {
    objectMode,
    finalCalled: false,
    needDrain: false,
    ending: false,
    ended: false,
    finished: false,
    destroyed: false,
    decodeStrings: !options || options.decodeStrings !== false,
    writing: false,
    sync: true,
    bufferProcessing: false,
    constructed: true,
    prefinished: false,
    errorEmitted: false,
    emitClose: !(options && options.emitClose === false),
    autoDestroy: !(options && options.autoDestroy === false),
    closed: false,
    closeEmitted: false,
    allBuffers: true,
    allNoop: true,
    errored: null,
    writable: undefined,
    defaultEncoding: defaultEncoding == null || defaultEncoding === "utf-8" ? "utf8" : defaultEncoding,
    writecb: nop,
    afterWriteTickInfo: null,
    buffered: [],
  };
  this.highWaterMark = options
    ? highWaterMarkOf(objectMode, options, "writableHighWaterMark", isDuplex)
    : getDefaultHighWaterMark(false);
  this.length = 0;
  this.corked = 0;
  this.onwrite = onwrite.bind(undefined, stream);
  this.writelen = 0;
  this.bufferedIndex = 0;
  this.pendingcb = 0;
  this[kOnFinished] = [];
  this[kAfterWritePending] = false;
  this[kExpectWriteCb] = false;
}

defineFlags(WritableState.prototype, [
  "objectMode",
  "finalCalled",
  "needDrain",
  "ending",
  "ended",
  "finished",
  "destroyed",
  "decodeStrings",
  "writing",
  "sync",
  "bufferProcessing",
  "constructed",
  "prefinished",
  "errorEmitted",
  "emitClose",
  "autoDestroy",
  "closed",
  "closeEmitted",
  "allBuffers",
  "allNoop",
], true);
defineFlags(WritableState.prototype, ["errored", "afterWriteTickInfo"], false, (value) => value || null);
defineFlags(WritableState.prototype, ["writable"], false, (value) => (value == null ? undefined : !!value));
defineFlags(WritableState.prototype, ["defaultEncoding"], false, (value) => (value === "utf-8" ? "utf8" : value));
defineFlags(WritableState.prototype, ["writecb"], false, (value) => value || nop);
defineFlags(WritableState.prototype, ["buffered"], false, (value) => value || []);

function resetBuffer(state) {
  state.buffered = [];
  state.bufferedIndex = 0;
  state.allBuffers = true;
  state.allNoop = true;
}

WritableState.prototype.getBuffer = function getBuffer() {
  return this.buffered.slice(this.bufferedIndex);
};

Object.defineProperty(WritableState.prototype, "bufferedRequestCount", {
  get() {
    return this.buffered.length - this.bufferedIndex;
  },
});

WritableState.prototype[kOnConstructed] = function (stream) {
  if (!this.writing) clearBuffer(stream, this);
  if (this.ending) finishMaybe(stream, this);
};

function Writable(options) {
  if (!(this instanceof Writable)) return new Writable(options);
  this._events ??= { close: undefined, error: undefined, prefinish: undefined, finish: undefined, drain: undefined };
  this._writableState = new WritableState(options, this, false);
  if (options) {
    if (typeof options.write === "function") this._write = options.write;
    if (typeof options.writev === "function") this._writev = options.writev;
    if (typeof options.destroy === "function") this._destroy = options.destroy;
    if (typeof options.final === "function") this._final = options.final;
    if (typeof options.construct === "function") this._construct = options.construct;
    if (options.signal) addAbortSignal(options.signal, this);
  }
  Stream.call(this, options);
  if (this._construct != null) {
    construct(this, () => {
      this._writableState[kOnConstructed](this);
    });
  }
}
Object.setPrototypeOf(Writable.prototype, Stream.prototype);
Object.setPrototypeOf(Writable, Stream);
Writable.WritableState = WritableState;

Object.defineProperty(Writable, Symbol.hasInstance, {
  value: function (object) {
    if (Function.prototype[Symbol.hasInstance].call(this, object)) return true;
    if (this !== Writable) return false;
    return !!(object && object._writableState instanceof WritableState);
  },
});

Writable.prototype.pipe = function () {
  errorOrDestroy(this, errCannotPipe());
};

function writeChunk(stream, chunk, encoding, cb) {
  const state = stream._writableState;
  if (cb == null || typeof cb !== "function") cb = nop;
  if (chunk === null) throw errNullValues();
  if (!state.objectMode) {
    if (!encoding) encoding = state.defaultEncoding;
    else if (encoding !== "buffer" && !Buffer.isEncoding(encoding)) throw E.unknownEncoding(encoding);
    if (typeof chunk === "string") {
      if (state.decodeStrings) {
        chunk = Buffer.from(chunk, encoding);
        encoding = "buffer";
      }
    } else if (chunk instanceof Buffer) {
      encoding = "buffer";
    } else if (ArrayBuffer.isView(chunk)) {
      chunk = Stream._uint8ArrayToBuffer(chunk);
      encoding = "buffer";
    } else {
      throw chunkTypeError(chunk);
    }
  }
  let error;
  if (state.ending) error = errWriteAfterEnd();
  else if (state.destroyed) error = errDestroyed("write");
  if (error) {
    nextTick(cb, error);
    errorOrDestroy(stream, error, true);
    return error;
  }
  state.pendingcb++;
  return writeOrBuffer(stream, state, chunk, encoding, cb);
}

Writable.prototype.write = function (chunk, encoding, cb) {
  if (encoding != null && typeof encoding === "function") {
    cb = encoding;
    encoding = null;
  }
  return writeChunk(this, chunk, encoding, cb) === true;
};

Writable.prototype.cork = function () {
  this._writableState.corked++;
};

Writable.prototype.uncork = function () {
  const state = this._writableState;
  if (state.corked) {
    state.corked--;
    if (!state.writing) clearBuffer(this, state);
  }
};

Writable.prototype.setDefaultEncoding = function setDefaultEncoding(encoding) {
  if (typeof encoding === "string") encoding = encoding.toLowerCase();
  if (!Buffer.isEncoding(encoding)) throw E.unknownEncoding(encoding);
  this._writableState.defaultEncoding = encoding === "utf-8" ? "utf8" : encoding;
  return this;
};

function writeOrBuffer(stream, state, chunk, encoding, callback) {
  const len = state.objectMode ? 1 : chunk.length;
  state.length += len;
  const ret = state.length < state.highWaterMark || state.length === 0;
  if (!ret) state.needDrain = true;
  if (state.writing || state.errored || state.corked || !state.constructed) {
    state.buffered.push({ chunk, encoding, callback });
    if (state.allBuffers && encoding !== "buffer") state.allBuffers = false;
    if (state.allNoop && callback !== nop) state.allNoop = false;
  } else {
    state.writelen = len;
    if (callback !== nop) state.writecb = callback;
    state.writing = true;
    state.sync = true;
    state[kExpectWriteCb] = true;
    stream._write(chunk, encoding, state.onwrite);
    state.sync = false;
  }
  return ret && !state.destroyed && !state.errored;
}

function doWrite(stream, state, writev, len, chunk, encoding, cb) {
  state.writelen = len;
  if (cb !== nop) state.writecb = cb;
  state.writing = true;
  state.sync = true;
  state[kExpectWriteCb] = true;
  if (state.destroyed) state.onwrite(errDestroyed("write"));
  else if (writev) stream._writev(chunk, state.onwrite);
  else stream._write(chunk, encoding, state.onwrite);
  state.sync = false;
}

function onwriteError(stream, state, error, cb) {
  --state.pendingcb;
  cb(error);
  errorBuffer(state);
  errorOrDestroy(stream, error);
}

function onwrite(stream, error) {
  const state = stream._writableState;
  if (!state[kExpectWriteCb]) {
    errorOrDestroy(stream, errMultipleCallback());
    return;
  }
  const sync = state.sync;
  const cb = state.writecb;
  state.writecb = null;
  state.writing = false;
  state[kExpectWriteCb] = false;
  state.length -= state.writelen;
  state.writelen = 0;
  if (error) {
    if (!state.errored) state.errored = error;
    if (stream._readableState && !stream._readableState.errored) stream._readableState.errored = error;
    if (sync) nextTick(onwriteError, stream, state, error, cb);
    else onwriteError(stream, state, error, cb);
  } else {
    if (state.buffered.length > state.bufferedIndex) clearBuffer(stream, state);
    if (sync) {
      const needDrain = state.needDrain && state.length === 0;
      // workerd tests the object-mode flag here where Node tests `destroyed`.
      const needTick = needDrain || state.objectMode || cb !== nop;
      if (cb === nop) {
        if (!state[kAfterWritePending] && needTick) {
          nextTick(afterWrite, stream, state, 1, cb);
          state[kAfterWritePending] = true;
        } else {
          state.pendingcb--;
          if (state.ending) finishMaybe(stream, state, true);
        }
      } else if (state.afterWriteTickInfo !== null && state.afterWriteTickInfo.cb === cb) {
        state.afterWriteTickInfo.count++;
      } else if (needTick) {
        state.afterWriteTickInfo = { count: 1, cb, stream, state };
        nextTick(afterWriteTick, state.afterWriteTickInfo);
        state[kAfterWritePending] = true;
      } else {
        state.pendingcb--;
        if (state.ending) finishMaybe(stream, state, true);
      }
    } else {
      afterWrite(stream, state, 1, cb);
    }
  }
}

function afterWriteTick({ stream, state, count, cb }) {
  state.afterWriteTickInfo = null;
  return afterWrite(stream, state, count, cb);
}

function afterWrite(stream, state, count, cb) {
  state[kAfterWritePending] = false;
  const needDrain = !state.ending && !state.destroyed && state.length === 0 && state.needDrain;
  if (needDrain) {
    state.needDrain = false;
    stream.emit("drain");
  }
  while (count-- > 0) {
    state.pendingcb--;
    cb(undefined);
  }
  if (state.destroyed) errorBuffer(state);
  if (state.ending) finishMaybe(stream, state, true);
}

function errorBuffer(state) {
  if (state.writing) return;
  for (let n = state.bufferedIndex; n < state.buffered.length; ++n) {
    const { chunk, callback } = state.buffered[n];
    const len = state.objectMode ? 1 : chunk.length;
    state.length -= len;
    callback(state.errored ?? errDestroyed("write"));
  }
  callFinishedCallbacks(state, state.errored ?? errDestroyed("end"));
  resetBuffer(state);
}

function clearBuffer(stream, state) {
  if (
    state.destroyed ||
    state.bufferProcessing ||
    state.corked ||
    !state.constructed ||
    state.buffered.length === state.bufferedIndex
  ) {
    return;
  }
  const { buffered, bufferedIndex, objectMode } = state;
  const bufferedLength = buffered.length - bufferedIndex;
  if (!bufferedLength) return;
  let i = bufferedIndex;
  state.bufferProcessing = true;
  if (bufferedLength > 1 && stream._writev) {
    state.pendingcb -= bufferedLength - 1;
    const callback = state.allNoop
      ? nop
      : (err) => {
          for (let n = i; n < buffered.length; ++n) buffered[n].callback(err);
        };
    const chunks = state.allNoop && i === 0 ? buffered : buffered.slice(i);
    chunks.allBuffers = state.allBuffers;
    doWrite(stream, state, true, state.length, chunks, "", callback);
    resetBuffer(state);
  } else {
    do {
      const { chunk, encoding, callback } = buffered[i];
      buffered[i++] = null;
      const len = objectMode ? 1 : chunk.length;
      doWrite(stream, state, false, len, chunk, encoding, callback);
    } while (i < buffered.length && !state.writing);
    if (i === buffered.length) {
      resetBuffer(state);
    } else if (i > 256) {
      buffered.splice(0, i);
      state.bufferedIndex = 0;
    } else {
      state.bufferedIndex = i;
    }
  }
  state.bufferProcessing = false;
}

Writable.prototype._write = function (chunk, encoding, cb) {
  if (this._writev) this._writev([{ chunk, encoding }], cb);
  else throw E.methodNotImplemented("_write()");
};

Writable.prototype._writev = null;

Writable.prototype.end = function (chunk, encoding, cb) {
  const state = this._writableState;
  if (typeof chunk === "function") {
    cb = chunk;
    chunk = null;
    encoding = null;
  } else if (typeof encoding === "function") {
    cb = encoding;
    encoding = null;
  }
  let error;
  if (chunk != null) {
    const ret = writeChunk(this, chunk, encoding);
    if (ret instanceof Error) error = ret;
  }
  if (state.corked) {
    state.corked = 1;
    this.uncork();
  }
  if (error) {
    // The write's error is the answer.
  } else if (!state.ending && !state.errored) {
    state.ending = true;
    finishMaybe(this, state, true);
    state.ended = true;
  } else if (state.finished) {
    error = errAlreadyFinished("end");
  } else if (state.destroyed) {
    error = errDestroyed("end");
  }
  if (typeof cb === "function") {
    if (error || state.finished) nextTick(cb, error);
    else if (state.errored) nextTick(cb, state.errored);
    else state[kOnFinished].push(cb);
  }
  return this;
};

function needFinish(state) {
  return (
    state.ending &&
    !state.destroyed &&
    state.constructed &&
    state.length === 0 &&
    !state.errored &&
    state.buffered.length === state.bufferedIndex &&
    !state.finished &&
    !state.writing &&
    !state.errorEmitted &&
    !state.closeEmitted
  );
}

function onFinish(stream, state, error) {
  if (state.prefinished) {
    errorOrDestroy(stream, error ?? errMultipleCallback());
    return;
  }
  state.pendingcb--;
  if (error) {
    callFinishedCallbacks(state, error);
    errorOrDestroy(stream, error, state.sync);
  } else if (needFinish(state)) {
    state.prefinished = true;
    stream.emit("prefinish");
    state.pendingcb++;
    nextTick(finish, stream, state);
  }
}

function prefinish(stream, state) {
  if (state.prefinished || state.finalCalled) return;
  if (typeof stream._final === "function" && !state.destroyed) {
    state.finalCalled = true;
    state.sync = true;
    state.pendingcb++;
    try {
      stream._final((error) => onFinish(stream, state, error));
    } catch (error) {
      onFinish(stream, state, error);
    }
    state.sync = false;
  } else {
    state.finalCalled = true;
    state.prefinished = true;
    stream.emit("prefinish");
  }
}

function finishMaybe(stream, state, sync) {
  if (needFinish(state)) {
    prefinish(stream, state);
    if (state.pendingcb === 0) {
      if (sync) {
        state.pendingcb++;
        nextTick(
          (s, st) => {
            if (needFinish(st)) finish(s, st);
            else st.pendingcb--;
          },
          stream,
          state,
        );
      } else if (needFinish(state)) {
        state.pendingcb++;
        finish(stream, state);
      }
    }
  }
}

function finish(stream, state) {
  state.pendingcb--;
  state.finished = true;
  callFinishedCallbacks(state, null);
  stream.emit("finish");
  if (state.autoDestroy) {
    const r = stream._readableState;
    const autoDestroy = !r || (r.autoDestroy && (r.endEmitted || r.readable === false));
    if (autoDestroy) stream.destroy();
  }
}

function callFinishedCallbacks(state, error) {
  const callbacks = state[kOnFinished];
  if (callbacks.length === 0) return;
  state[kOnFinished] = [];
  for (let i = 0; i < callbacks.length; i++) callbacks[i](error);
}

Object.defineProperties(Writable.prototype, {
  closed: {
    get() {
      return this._writableState ? this._writableState.closed : false;
    },
  },
  destroyed: {
    get() {
      return this._writableState ? this._writableState.destroyed : false;
    },
    set(value) {
      if (this._writableState) this._writableState.destroyed = !!value;
    },
  },
  writable: {
    get() {
      const w = this._writableState;
      return !!w && w.writable !== false && !w.ending && !w.ended && !w.destroyed && !w.errored;
    },
    set(value) {
      if (this._writableState) this._writableState.writable = !!value;
    },
  },
  writableFinished: {
    get() {
      return this._writableState ? this._writableState.finished : false;
    },
  },
  writableObjectMode: {
    get() {
      return this._writableState ? this._writableState.objectMode : false;
    },
  },
  writableBuffer: {
    get() {
      return this._writableState && this._writableState.getBuffer();
    },
  },
  writableEnded: {
    get() {
      return this._writableState ? this._writableState.ending : false;
    },
  },
  writableNeedDrain: {
    get() {
      const w = this._writableState;
      return w ? !w.destroyed && !w.ending && w.needDrain : false;
    },
  },
  writableHighWaterMark: {
    get() {
      return this._writableState?.highWaterMark;
    },
  },
  writableCorked: {
    get() {
      return this._writableState ? this._writableState.corked : 0;
    },
  },
  writableLength: {
    get() {
      return this._writableState?.length;
    },
  },
  errored: {
    get() {
      return this._writableState ? this._writableState.errored : null;
    },
  },
  writableAborted: {
    get() {
      const w = this._writableState;
      return w.writable !== false && !!(w.destroyed || w.errored) && !w.finished;
    },
  },
});

Writable.prototype.destroy = function (error, cb) {
  const state = this._writableState;
  if (
    (state.buffered.length > state.bufferedIndex || state[kOnFinished].length > 0) &&
    !state.destroyed
  ) {
    nextTick(errorBuffer, state);
  }
  destroy.call(this, error, cb);
  return this;
};
Writable.prototype._undestroy = undestroy;
Writable.prototype._destroy = function (error, cb) {
  cb(error);
};
Writable.prototype[EventEmitter.captureRejectionSymbol] = function (error) {
  this.destroy(error);
};

function writableFromWeb(writableStream, options) {
  return newStreamWritableFromWritableStream(writableStream, options);
}

function writableToWeb(streamWritable) {
  return newWritableStreamFromStreamWritable(streamWritable);
}

Writable.fromWeb = writableFromWeb;
Writable.toWeb = writableToWeb;

Writable.prototype[asyncDisposeSymbol] = async function () {
  let error;
  if (!this.destroyed) {
    error = this.writableFinished ? null : abortError();
    this.destroy(error);
  }
  await new Promise((resolve, reject) =>
    eos(this, (err) => (err && err.name !== "AbortError" ? reject(err) : resolve(null))),
  );
};

function withResolvers() {
  let resolve;
  let reject;
  const promise = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function newWritableStreamFromStreamWritable(streamWritable) {
  if (!(streamWritable && typeof streamWritable?.write === "function" && typeof streamWritable?.on === "function")) {
    throw E.invalidArgType("streamWritable", "stream.Writable", streamWritable);
  }
  if (isDestroyed(streamWritable) || !isWritable(streamWritable)) {
    const writable = new WritableStream();
    writable.close();
    return writable;
  }
  const highWaterMark = streamWritable.writableHighWaterMark;
  const strategy = streamWritable.writableObjectMode ? new CountQueuingStrategy({ highWaterMark }) : { highWaterMark };
  let controller;
  let backpressurePromise;
  let closed;
  function onDrain() {
    if (backpressurePromise !== undefined) backpressurePromise.resolve();
  }
  const cleanup = eos(streamWritable, (error) => {
    error = handleKnownInternalErrors(error);
    cleanup();
    streamWritable.on("error", () => {});
    if (error != null) {
      if (backpressurePromise !== undefined) backpressurePromise.reject(error);
      if (closed !== undefined) {
        closed.reject(error);
        closed = undefined;
      }
      controller.error(error);
      controller = undefined;
      return;
    }
    if (closed !== undefined) {
      closed.resolve();
      closed = undefined;
      return;
    }
    controller.error(abortError());
    controller = undefined;
  });
  streamWritable.on("drain", onDrain);
  return new WritableStream(
    {
      start(c) {
        controller = c;
      },
      write(chunk) {
        if (streamWritable.writableNeedDrain || !streamWritable.write(chunk)) {
          backpressurePromise = withResolvers();
          return backpressurePromise.promise.finally(() => {
            backpressurePromise = undefined;
          });
        }
        return undefined;
      },
      abort(reason) {
        destroyer(streamWritable, reason);
      },
      close() {
        if (closed === undefined && !isWritableEnded(streamWritable)) {
          closed = withResolvers();
          streamWritable.end();
          return closed.promise;
        }
        controller = undefined;
        return Promise.resolve();
      },
    },
    strategy,
  );
}

function encodeForWeb(chunk, encoding) {
  const enc = encoding == null ? "utf8" : String(encoding).toLowerCase();
  if (enc === "utf8" || enc === "utf-8") return new TextEncoder().encode(chunk);
  const bytes = Buffer.from(chunk, encoding);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function newStreamWritableFromWritableStream(writableStream, options = {}) {
  if (!isWritableStream(writableStream)) {
    throw E.invalidArgType("writableStream", "WritableStream", writableStream);
  }
  E.validateObject(options, "options");
  const { highWaterMark, decodeStrings = true, objectMode = false, signal } = options;
  E.validateBoolean(objectMode, "options.objectMode");
  E.validateBoolean(decodeStrings, "options.decodeStrings");
  const writer = writableStream.getWriter();
  let closed = false;
  const writable = new Writable({
    highWaterMark,
    objectMode,
    decodeStrings,
    signal,
    writev(chunks, callback) {
      const done = (error) => {
        error = error.filter((e) => e);
        try {
          callback(error.length === 0 ? undefined : error);
        } catch (err) {
          nextTick(() => destroyer(writable, err));
        }
      };
      writer.ready.then(() => Promise.all(chunks.map((data) => writer.write(data))).then(done, done), done);
    },
    write(chunk, encoding, callback) {
      if (typeof chunk === "string" && decodeStrings && !objectMode) chunk = encodeForWeb(chunk, encoding);
      const done = (error) => {
        try {
          callback(error);
        } catch (err) {
          destroyer(writable, err);
        }
      };
      writer.ready.then(() => writer.write(chunk).then(done, done), done);
    },
    destroy(error, callback) {
      const done = () => {
        try {
          callback(error);
        } catch (err) {
          nextTick(() => {
            throw err;
          });
        }
      };
      if (!closed) {
        if (error != null) writer.abort(error).then(done, done);
        else writer.close().then(done, done);
        return;
      }
      done();
    },
    final(callback) {
      const done = (error) => {
        try {
          callback(error);
        } catch (err) {
          nextTick(() => destroyer(writable, err));
        }
      };
      if (!closed) writer.close().then(done, done);
    },
  });
  writer.closed.then(
    () => {
      closed = true;
      if (!isWritableEnded(writable)) destroyer(writable, errPrematureClose());
    },
    (error) => {
      closed = true;
      destroyer(writable, error);
    },
  );
  return writable;
}

// ---------------------------------------------------------------------------------------
// Duplex

function Duplex(options) {
  if (!(this instanceof Duplex)) return new Duplex(options);
  this._events ??= {
    close: undefined,
    error: undefined,
    prefinish: undefined,
    finish: undefined,
    drain: undefined,
    data: undefined,
    end: undefined,
    readable: undefined,
  };
  this._readableState = new ReadableState(options, this, true);
  this._writableState = new WritableState(options, this, true);
  if (options) {
    this.allowHalfOpen = options.allowHalfOpen !== false;
    if (options.readable === false) {
      this._readableState.readable = false;
      this._readableState.ended = true;
      this._readableState.endEmitted = true;
    }
    if (options.writable === false) {
      this._writableState.writable = false;
      this._writableState.ending = true;
      this._writableState.ended = true;
      this._writableState.finished = true;
    }
    if (typeof options.read === "function") this._read = options.read;
    if (typeof options.write === "function") this._write = options.write;
    if (typeof options.writev === "function") this._writev = options.writev;
    if (typeof options.destroy === "function") this._destroy = options.destroy;
    if (typeof options.final === "function") this._final = options.final;
    if (typeof options.construct === "function") this._construct = options.construct;
    if (options.signal) addAbortSignal(options.signal, this);
  } else {
    this.allowHalfOpen = true;
  }
  Stream.call(this, options);
  if (this._construct != null) {
    construct(this, () => {
      this._readableState[kOnConstructed](this);
      this._writableState[kOnConstructed](this);
    });
  }
}
Object.setPrototypeOf(Duplex.prototype, Readable.prototype);
Object.setPrototypeOf(Duplex, Readable);
for (const method of Object.keys(Writable.prototype)) {
  Duplex.prototype[method] ||= Writable.prototype[method];
}
Duplex.prototype.destroy = Writable.prototype.destroy;

{
  const copied = {};
  for (const name of [
    "writable",
    "writableHighWaterMark",
    "writableObjectMode",
    "writableBuffer",
    "writableLength",
    "writableFinished",
    "writableCorked",
    "writableEnded",
    "writableNeedDrain",
  ]) {
    copied[name] = Object.getOwnPropertyDescriptor(Writable.prototype, name);
  }
  copied.destroyed = {
    get() {
      if (this._readableState === undefined || this._writableState === undefined) return false;
      return this._readableState.destroyed && this._writableState.destroyed;
    },
    set(value) {
      if (this._readableState && this._writableState) {
        this._readableState.destroyed = value;
        this._writableState.destroyed = value;
      }
    },
  };
  Object.defineProperties(Duplex.prototype, copied);
}

function duplexFromWeb(pair, options) {
  return newStreamDuplexFromReadableWritablePair(pair, options);
}

function duplexToWeb(duplex) {
  return newReadableWritablePairFromDuplex(duplex);
}

function duplexFrom(body) {
  return duplexify(body, "body");
}

Duplex.fromWeb = duplexFromWeb;
Duplex.toWeb = duplexToWeb;
Duplex.from = duplexFrom;

class Duplexify extends Duplex {
  constructor(options) {
    super(options);
    if (options?.readable === false) {
      this._readableState.readable = false;
      this._readableState.ended = true;
      this._readableState.endEmitted = true;
    }
    if (options?.writable === false) {
      this._writableState.writable = false;
      this._writableState.ending = true;
      this._writableState.ended = true;
      this._writableState.finished = true;
    }
  }
}

function duplexify(body, name) {
  if (isDuplexNodeStream(body)) return body;
  if (isReadableNodeStream(body)) return pairDuplex({ readable: body });
  if (isWritableNodeStream(body)) return pairDuplex({ writable: body });
  if (isNodeStream(body)) return pairDuplex({ writable: false, readable: false });
  if (body instanceof ReadableStream) return pairDuplex({ readable: Readable.fromWeb(body) });
  if (body instanceof WritableStream) return pairDuplex({ writable: Writable.fromWeb(body) });
  if (typeof body === "function") {
    const { value, write, final, destroy: onDestroy } = fromAsyncGen(body);
    if (isIterable(value)) {
      // workerd passes the class where Readable.from wants the iterable: this throws.
      return Readable.from(Duplexify, value, { objectMode: true, write, final, destroy: onDestroy });
    }
    const then = value.then;
    if (typeof then === "function") {
      let d;
      const promise = Reflect.apply(then, value, [
        (val) => {
          if (val != null) throw E.invalidReturnValue("nully", "body", val);
        },
        (err) => {
          destroyer(d, err);
        },
      ]);
      d = new Duplexify({
        objectMode: true,
        readable: false,
        write,
        final(cb) {
          final(async () => {
            try {
              await promise;
              nextTick(cb, null);
            } catch (err) {
              nextTick(cb, err);
            }
          });
        },
        destroy: onDestroy,
      });
      return d;
    }
    throw E.invalidReturnValue("Iterable, AsyncIterable or AsyncFunction", name, value);
  }
  if (body instanceof Blob) return duplexify(body.arrayBuffer(), name);
  if (isIterable(body)) {
    // As in workerd: the class is passed where the iterable is expected, which throws.
    return Readable.from(Duplexify, body, { objectMode: true, writable: false });
  }
  if (body?.readable instanceof ReadableStream && body?.writable instanceof WritableStream) {
    return Duplexify.fromWeb(body);
  }
  if (typeof body?.writable === "object" || typeof body?.readable === "object") {
    const readable = body?.readable
      ? isReadableNodeStream(body?.readable)
        ? body?.readable
        : duplexify(body.readable, name)
      : undefined;
    const writable = body?.writable
      ? isWritableNodeStream(body?.writable)
        ? body?.writable
        : duplexify(body.writable, name)
      : undefined;
    return pairDuplex({ readable, writable });
  }
  const then = body?.then;
  if (typeof then === "function") {
    let d;
    Reflect.apply(then, body, [
      (val) => {
        if (val != null) d.push(val);
        d.push(null);
      },
      (err) => {
        destroyer(d, err);
      },
    ]);
    d = new Duplexify({ objectMode: true, writable: false, read() {} });
    return d;
  }
  throw E.invalidArgType(
    name,
    [
      "Blob",
      "ReadableStream",
      "WritableStream",
      "Stream",
      "Iterable",
      "AsyncIterable",
      "Function",
      "{ readable, writable } pair",
      "Promise",
    ],
    body,
  );
}

function fromAsyncGen(fn) {
  let { promise, resolve } = withResolvers();
  const ac = new AbortController();
  const signal = ac.signal;
  const value = fn(
    (async function* () {
      while (true) {
        const current = promise;
        promise = null;
        const { chunk, done, cb } = await current;
        nextTick(cb);
        if (done) return;
        if (signal.aborted) throw new E.AbortError(undefined, { cause: signal.reason });
        ({ promise, resolve } = withResolvers());
        yield chunk;
      }
    })(),
    { signal },
  );
  return {
    value,
    write(chunk, _encoding, cb) {
      const settle = resolve;
      resolve = null;
      settle({ chunk, done: false, cb });
    },
    final(cb) {
      const settle = resolve;
      resolve = null;
      settle({ done: true, cb });
    },
    destroy(err, cb) {
      ac.abort();
      cb(err);
    },
  };
}

// A Duplex over a readable and/or a writable (Duplex.from({ readable, writable })).
function pairDuplex(pair) {
  const r = pair.readable && typeof pair.readable.read !== "function" ? Readable.wrap(pair.readable) : pair.readable;
  const w = pair.writable;
  let readable = !!isReadable(r);
  let writable = !!isWritable(w);
  let ondrain;
  let onfinish;
  let onreadable;
  let onclose;
  let d;
  function onfinished(err) {
    const cb = onclose;
    onclose = null;
    if (cb) cb(err);
    else if (err) d.destroy(err);
    else if (!readable && !writable) d.destroy();
  }
  d = new Duplexify({
    readableObjectMode: !!r?.readableObjectMode,
    writableObjectMode: !!w?.writableObjectMode,
    readable,
    writable,
  });
  if (writable) {
    eos(w, (err) => {
      writable = false;
      if (err) destroyer(r, err);
      onfinished(err);
    });
    d._write = function (chunk, encoding, callback) {
      if (w.write(chunk, encoding)) callback();
      else ondrain = callback;
    };
    d._final = function (callback) {
      w.end();
      onfinish = callback;
    };
    w.on("drain", function () {
      if (ondrain) {
        const cb = ondrain;
        ondrain = null;
        cb();
      }
    });
    w.on("finish", function () {
      if (onfinish) {
        const cb = onfinish;
        onfinish = null;
        cb();
      }
    });
  }
  if (readable) {
    eos(r, (err) => {
      readable = false;
      if (err) destroyer(r, err);
      onfinished(err);
    });
    r.on("readable", function () {
      if (onreadable) {
        const cb = onreadable;
        onreadable = null;
        cb();
      }
    });
    r.on("end", function () {
      d.push(null);
    });
    d._read = function () {
      while (true) {
        const buf = r.read();
        if (buf === null) {
          onreadable = d._read;
          return;
        }
        if (!d.push(buf)) return;
      }
    };
  }
  d._destroy = function (err, callback) {
    if (!err && onclose !== null) err = abortError();
    onreadable = null;
    ondrain = null;
    onfinish = null;
    if (onclose === null) {
      callback(err);
    } else {
      onclose = callback;
      destroyer(w, err);
      destroyer(r, err);
    }
  };
  return d;
}

const kCallback = Symbol("Callback");
const kInitOtherSide = Symbol("InitOtherSide");

class DuplexSide extends Duplex {
  #otherSide = null;

  constructor(options) {
    super(options);
    this[kCallback] = null;
    this.#otherSide = null;
  }

  [kInitOtherSide](otherSide) {
    if (this.#otherSide === null) this.#otherSide = otherSide;
    else throw assertionFailure();
  }

  _read() {
    const callback = this[kCallback];
    if (callback) {
      this[kCallback] = null;
      callback();
    }
  }

  _write(chunk, encoding, callback) {
    if (this.#otherSide === null || this.#otherSide[kCallback] !== null) throw assertionFailure();
    if (chunk.length === 0) {
      nextTick(callback);
    } else {
      this.#otherSide.push(chunk);
      this.#otherSide[kCallback] = callback;
    }
  }

  _final(callback) {
    this.#otherSide.on("end", callback);
    this.#otherSide.push(null);
  }
}

function assertionFailure() {
  const error = new Error("The expression evaluated to a falsy value");
  error.code = "ERR_ASSERTION";
  return error;
}

function duplexPair(options) {
  const side0 = new DuplexSide(options);
  const side1 = new DuplexSide(options);
  side0[kInitOtherSide](side1);
  side1[kInitOtherSide](side0);
  return [side0, side1];
}

function newReadableWritablePairFromDuplex(duplex, createTypeBytes = false) {
  if (typeof duplex?._writableState !== "object" || typeof duplex?._readableState !== "object") {
    throw E.invalidArgType("duplex", "stream.Duplex", duplex);
  }
  if (isDestroyed(duplex)) {
    const writable = new WritableStream();
    const readable = new ReadableStream();
    writable.close();
    readable.cancel();
    return { readable, writable };
  }
  const writable = isWritable(duplex) ? newWritableStreamFromStreamWritable(duplex) : new WritableStream();
  if (!isWritable(duplex)) writable.close();
  const readable = isReadable(duplex)
    ? newReadableStreamFromStreamReadable(duplex, {}, createTypeBytes)
    : new ReadableStream(createTypeBytes ? { type: "bytes" } : {});
  if (!isReadable(duplex)) readable.cancel();
  return { writable, readable };
}

function newStreamDuplexFromReadableWritablePair(pair = {}, options = {}) {
  E.validateObject(pair, "pair");
  const { readable: readableStream, writable: writableStream } = pair;
  if (!(readableStream instanceof ReadableStream)) {
    throw E.invalidArgType("pair.readable", "ReadableStream", readableStream);
  }
  if (!(writableStream instanceof WritableStream)) {
    throw E.invalidArgType("pair.writable", "WritableStream", writableStream);
  }
  E.validateObject(options, "options");
  const { allowHalfOpen = false, objectMode = false, encoding, decodeStrings = true, highWaterMark, signal } = options;
  E.validateBoolean(objectMode, "options.objectMode");
  if (encoding !== undefined && !Buffer.isEncoding(encoding)) throw E.invalidArgValue(encoding, "options.encoding");
  const writer = writableStream.getWriter();
  const reader = readableStream.getReader();
  let writableClosed = false;
  let readableClosed = false;
  const duplex = new Duplex({
    allowHalfOpen,
    highWaterMark,
    objectMode,
    encoding,
    decodeStrings,
    signal,
    writev(chunks, callback) {
      const done = (error) => {
        error = error.filter((e) => e);
        try {
          callback(error.length === 0 ? undefined : error);
        } catch (err) {
          nextTick(() => destroyer(duplex, err));
        }
      };
      writer.ready.then(() => Promise.all(chunks.map((data) => writer.write(data.chunk))).then(done, done), done);
    },
    write(chunk, encoding, callback) {
      if (typeof chunk === "string" && decodeStrings && !objectMode) chunk = encodeForWeb(chunk, encoding);
      const done = (error) => {
        try {
          callback(error);
        } catch (err) {
          destroyer(duplex, err);
        }
      };
      writer.ready.then(() => writer.write(chunk).then(done, done), done);
    },
    final(callback) {
      const done = (error) => {
        try {
          callback(error);
        } catch (err) {
          nextTick(() => destroyer(duplex, err));
        }
      };
      if (!writableClosed) writer.close().then(done, done);
    },
    read() {
      reader.read().then(
        (chunk) => {
          if (chunk.done) duplex.push(null);
          else duplex.push(chunk.value);
        },
        (error) => destroyer(duplex, error),
      );
    },
    destroy(error, callback) {
      const done = () => {
        try {
          callback(error);
        } catch (err) {
          nextTick(() => {
            throw err;
          });
        }
      };
      const closeWriter = async () => {
        if (!writableClosed) await writer.abort(error);
      };
      const closeReader = async () => {
        if (!readableClosed) await reader.cancel(error);
      };
      if (!writableClosed || !readableClosed) {
        Promise.all([closeWriter(), closeReader()]).then(done, done);
        return;
      }
      done();
    },
  });
  writer.closed.then(
    () => {
      writableClosed = true;
      if (!isWritableEnded(duplex)) destroyer(duplex, errPrematureClose());
    },
    (error) => {
      writableClosed = true;
      readableClosed = true;
      destroyer(duplex, error);
    },
  );
  reader.closed.then(
    () => {
      readableClosed = true;
    },
    (error) => {
      writableClosed = true;
      readableClosed = true;
      destroyer(duplex, error);
    },
  );
  return duplex;
}

// ---------------------------------------------------------------------------------------
// Transform and PassThrough

const kTransformCallback = Symbol("kCallback");

function Transform(options) {
  if (!(this instanceof Transform)) return new Transform(options);
  const readableHighWaterMark = options ? highWaterMarkOf(false, options, "readableHighWaterMark", true) : null;
  if (readableHighWaterMark === 0) {
    options = {
      ...options,
      highWaterMark: null,
      readableHighWaterMark,
      writableHighWaterMark: options.writableHighWaterMark || 0,
    };
  }
  Duplex.call(this, options);
  this._readableState.sync = false;
  this[kTransformCallback] = null;
  if (options) {
    if (typeof options.transform === "function") this._transform = options.transform;
    if (typeof options.flush === "function") this._flush = options.flush;
  }
  this.on("prefinish", transformPrefinish);
}
Object.setPrototypeOf(Transform.prototype, Duplex.prototype);
Object.setPrototypeOf(Transform, Duplex);

function transformFinal(cb) {
  if (typeof this._flush === "function" && !this.destroyed) {
    this._flush((er, data) => {
      if (er) {
        if (cb) cb(er);
        else this.destroy(er);
        return;
      }
      if (data != null) this.push(data);
      this.push(null);
      if (cb) cb();
    });
  } else {
    this.push(null);
    if (cb) cb();
  }
}

function transformPrefinish() {
  if (this._final !== transformFinal) transformFinal.call(this);
}

Transform.prototype._final = transformFinal;

Transform.prototype._transform = function () {
  throw E.methodNotImplemented("_transform()");
};

Transform.prototype._write = function (chunk, encoding, callback) {
  const rState = this._readableState;
  const wState = this._writableState;
  const length = rState.length;
  this._transform(chunk, encoding, (err, val) => {
    if (err) {
      callback(err);
      return;
    }
    if (val != null) this.push(val);
    if (wState.ended || length === rState.length || rState.length < rState.highWaterMark) callback();
    else this[kTransformCallback] = callback;
  });
};

Transform.prototype._read = function () {
  if (this[kTransformCallback]) {
    const callback = this[kTransformCallback];
    this[kTransformCallback] = null;
    callback();
  }
};

function PassThrough(options) {
  if (!(this instanceof PassThrough)) return new PassThrough(options);
  Transform.call(this, { ...options, transform: undefined, flush: undefined });
}
Object.setPrototypeOf(PassThrough.prototype, Transform.prototype);
Object.setPrototypeOf(PassThrough, Transform);

PassThrough.prototype._transform = function (chunk, _, cb) {
  cb(null, chunk);
};

// ---------------------------------------------------------------------------------------
// pipeline

function pipelineDestroyer(stream, reading, writing) {
  let done = false;
  stream.on("close", () => {
    done = true;
  });
  const cleanup = eos(stream, { readable: reading, writable: writing }, (err) => {
    done = !err;
  });
  return {
    destroy: (err) => {
      if (done) return;
      done = true;
      destroyer(stream, err || errDestroyed("pipe"));
    },
    cleanup,
  };
}

function popCallback(streams) {
  E.validateFunction(streams[streams.length - 1], "streams[stream.length - 1]");
  return streams.pop();
}

function makeAsyncIterable(val) {
  if (isIterable(val)) return val;
  if (isReadableNodeStream(val)) return fromReadable(val);
  throw E.invalidArgType("val", ["Readable", "Iterable", "AsyncIterable"], val);
}

async function* fromReadable(val) {
  yield* Readable.prototype[Symbol.asyncIterator].call(val);
}

async function pump(iterable, writable, finish, { end }) {
  let error;
  let onresolve = null;
  const resume = (err) => {
    if (err) error = err;
    if (onresolve) {
      const callback = onresolve;
      onresolve = null;
      callback();
    }
  };
  const wait = () =>
    new Promise((resolve, reject) => {
      if (error) {
        reject(error);
      } else {
        onresolve = () => {
          if (error) reject(error);
          else resolve();
        };
      }
    });
  writable.on("drain", resume);
  const cleanup = eos(writable, { readable: false }, resume);
  try {
    if (writable.writableNeedDrain) await wait();
    for await (const chunk of iterable) {
      if (!writable.write(chunk)) await wait();
    }
    if (end) writable.end();
    await wait();
    finish();
  } catch (err) {
    finish(error !== err ? E.aggregateTwoErrors(error, err) : err);
  } finally {
    cleanup();
    writable.off("drain", resume);
  }
}

function pipeline(...streams) {
  return pipelineImpl(streams, onceOnly(popCallback(streams)));
}

function pipelineImpl(streams, callback, opts) {
  if (streams.length === 1 && Array.isArray(streams[0])) streams = streams[0];
  if (streams.length < 2) throw E.missingArgs("streams");
  const ac = new AbortController();
  const signal = ac.signal;
  const outerSignal = opts?.signal;
  const lastStreamCleanup = [];
  E.validateAbortSignal(outerSignal, "options.signal");
  function abort() {
    finishImpl(abortError());
  }
  outerSignal?.addEventListener("abort", abort);
  let error;
  let value;
  const destroys = [];
  let finishCount = 0;
  function finish(err) {
    finishImpl(err, --finishCount === 0);
  }
  function finishImpl(err, final) {
    if (err && (!error || error.code === "ERR_STREAM_PREMATURE_CLOSE")) error = err;
    if (!error && !final) return;
    while (destroys.length) destroys.shift()(error);
    outerSignal?.removeEventListener("abort", abort);
    ac.abort();
    if (final) {
      if (!error) lastStreamCleanup.forEach((fn) => fn());
      nextTick(callback, error, value);
    }
  }
  opts?.onTeardown?.((err) => finishImpl(err));
  let ret;
  for (let i = 0; i < streams.length; i++) {
    const stream = streams[i];
    const reading = i < streams.length - 1;
    const writing = i > 0;
    const end = reading || opts?.end !== false;
    const isLastStream = i === streams.length - 1;
    if (isNodeStream(stream)) {
      if (end) {
        const { destroy: destroyStage, cleanup } = pipelineDestroyer(stream, reading, writing);
        destroys.push(destroyStage);
        if (isReadable(stream) && isLastStream) lastStreamCleanup.push(cleanup);
      }
      const onError = (err) => {
        if (err && err.name !== "AbortError" && err.code !== "ERR_STREAM_PREMATURE_CLOSE") finish(err);
      };
      stream.on("error", onError);
      if (isReadable(stream) && isLastStream) {
        lastStreamCleanup.push(() => {
          stream.removeListener("error", onError);
        });
      }
    }
    if (i === 0) {
      if (typeof stream === "function") {
        ret = stream({ signal });
        if (!isIterable(ret)) throw E.invalidReturnValue("Iterable, AsyncIterable or Stream", "source", ret);
      } else if (isIterable(stream) || isReadableNodeStream(stream) || isTransformStream(stream)) {
        ret = stream;
      } else {
        ret = Duplex.from(stream);
      }
    } else if (typeof stream === "function") {
      ret = makeAsyncIterable(isTransformStream(ret) ? ret.readable : ret);
      ret = stream(ret, { signal });
      if (reading) {
        if (!isIterable(ret, true)) throw E.invalidReturnValue("AsyncIterable", `transform[${i - 1}]`, ret);
      } else {
        const pt = new PassThrough({ objectMode: true });
        const then = ret?.then;
        if (typeof then === "function") {
          finishCount++;
          then.call(
            ret,
            (val) => {
              value = val;
              if (val != null) pt.write(val);
              if (end) pt.end();
              nextTick(finish);
            },
            (err) => {
              pt.destroy(err);
              nextTick(finish, err);
            },
          );
        } else if (isIterable(ret, true)) {
          finishCount++;
          pump(ret, pt, finish, { end });
        } else {
          throw E.invalidReturnValue("AsyncIterable or Promise", "destination", ret);
        }
        ret = pt;
        const { destroy: destroyStage, cleanup } = pipelineDestroyer(ret, false, true);
        destroys.push(destroyStage);
        if (isLastStream) lastStreamCleanup.push(cleanup);
      }
    } else if (isNodeStream(stream)) {
      if (isReadableNodeStream(ret)) {
        finishCount += 2;
        const cleanup = pipe(ret, stream, finish, { end });
        if (isReadable(stream) && isLastStream) lastStreamCleanup.push(cleanup);
      } else if (isTransformStream(ret) || isReadableStream(ret)) {
        finishCount++;
        pump(ret.readable || ret, stream, finish, { end });
      } else if (isIterable(ret)) {
        finishCount++;
        pump(ret, stream, finish, { end });
      } else {
        throw E.invalidArgType("val", ["Readable", "Iterable", "AsyncIterable", "ReadableStream", "TransformStream"], ret);
      }
      ret = stream;
    } else if (isWebStream(stream)) {
      if (isReadableNodeStream(ret)) {
        finishCount++;
        pumpToWeb(makeAsyncIterable(ret), stream, finish, { end });
      } else if (isReadableStream(ret) || isIterable(ret)) {
        finishCount++;
        pumpToWeb(ret, stream, finish, { end });
      } else if (isTransformStream(ret)) {
        finishCount++;
        pumpToWeb(ret.readable, stream, finish, { end });
      } else {
        throw E.invalidArgType("val", ["Readable", "Iterable", "AsyncIterable", "ReadableStream", "TransformStream"], ret);
      }
      ret = stream;
    } else {
      ret = Duplex.from(stream);
    }
  }
  if (signal?.aborted || outerSignal?.aborted) nextTick(abort);
  return ret;
}

// Writes an (async) iterable into a WritableStream (or a TransformStream's writable side).
async function pumpToWeb(readable, writable, finish, { end }) {
  if (isTransformStream(writable)) writable = writable.writable;
  const writer = writable.getWriter();
  try {
    for await (const chunk of readable) {
      await writer.ready;
      writer.write(chunk).catch(() => {});
    }
    await writer.ready;
    if (end) await writer.close();
    finish();
  } catch (err) {
    try {
      await writer.abort(err);
      finish(err);
    } catch (abortErr) {
      finish(abortErr);
    }
  }
}

function pipe(src, dst, finish, { end }) {
  let ended = false;
  dst.on("close", () => {
    if (!ended) finish(errPrematureClose());
  });
  src.pipe(dst, { end });
  if (end) {
    src.once("end", () => {
      ended = true;
      dst.end();
    });
  } else {
    finish();
  }
  eos(src, { readable: true, writable: false }, (err) => {
    const rState = src._readableState;
    if (
      err &&
      err.code === "ERR_STREAM_PREMATURE_CLOSE" &&
      rState &&
      rState.ended &&
      !rState.errored &&
      !rState.errorEmitted
    ) {
      src.once("end", finish).once("error", finish);
    } else {
      finish(err);
    }
  });
  return eos(dst, { readable: false, writable: true }, finish);
}

// ---------------------------------------------------------------------------------------
// compose

function compose(...streams) {
  if (streams.length === 0) throw E.missingArgs("streams");
  if (streams.length === 1) return Duplex.from(streams[0]);
  const orgStreams = [...streams];
  if (typeof streams[0] === "function") streams[0] = Duplex.from(streams[0]);
  if (typeof streams[streams.length - 1] === "function") {
    const idx = streams.length - 1;
    streams[idx] = Duplex.from(streams[idx]);
  }
  for (let n = 0; n < streams.length; ++n) {
    const stage = streams[n];
    if (!isNodeStream(stage) && !isWebStream(stage)) continue;
    if (n < streams.length - 1 && !(isReadable(stage) || isReadableStream(stage) || isTransformStream(stage))) {
      throw E.invalidArgValue(`streams[${n}]`, orgStreams[n], "must be readable");
    }
    if (n > 0 && !(isWritable(stage) || isWritableStream(stage) || isTransformStream(stage))) {
      throw E.invalidArgValue(`streams[${n}]`, orgStreams[n], "must be writable");
    }
  }
  let ondrain;
  let onfinish;
  let onclose;
  let tailReader;
  let teardownPipeline;
  let tailFinished = false;
  let pipelineDone = false;
  let d;
  function onfinished(err) {
    const cb = onclose;
    onclose = null;
    pipelineDone = true;
    if (cb) cb(err);
    else if (err) d.destroy(err);
    else if (!readable && !writable) d.destroy();
    else finishWritable();
  }
  // _final completes once the tail has finished (and, for a web tail, the pipeline too).
  function finishWritable() {
    if (!onfinish || !tailFinished) return;
    if (!pipelineDone && !isNodeStream(tail)) return;
    const cb = onfinish;
    onfinish = null;
    cb();
  }
  const head = streams[0];
  const last = streams[streams.length - 1];
  const writable = !!(isWritable(head) || isWritableStream(head) || isTransformStream(head));
  // A web tail's end cannot be observed here (no interop hook on these Web streams).
  if (writable && isWebStream(last)) {
    const toRead = isTransformStream(last) ? last.readable : last;
    if (toRead[kIsClosedPromise] === undefined) throw errWebInterop("compose()");
  }
  const tail = pipelineImpl(streams, onceOnly(onfinished), {
    onTeardown: (teardown) => {
      teardownPipeline = teardown;
    },
  });
  const readable = !!(isReadable(tail) || isReadableStream(tail) || isTransformStream(tail));
  d = new Duplex({
    writableObjectMode: !!head?.writableObjectMode,
    readableObjectMode: !!tail?.readableObjectMode,
    writable,
    readable,
  });
  if (writable) {
    if (isNodeStream(head)) {
      d._write = function (chunk, encoding, callback) {
        if (head.write(chunk, encoding)) callback();
        else ondrain = callback;
      };
      d._final = function (callback) {
        head.end();
        onfinish = callback;
      };
      head.on("drain", function () {
        if (ondrain) {
          const cb = ondrain;
          ondrain = null;
          cb();
        }
      });
    } else if (isWebStream(head)) {
      const writer = (isTransformStream(head) ? head.writable : head).getWriter();
      d._write = async function (chunk, encoding, callback) {
        try {
          await writer.ready;
          writer.write(chunk).catch(() => {});
          callback();
        } catch (err) {
          callback(err);
        }
      };
      d._final = async function (callback) {
        try {
          await writer.ready;
          writer.close().catch(() => {});
          onfinish = callback;
        } catch (err) {
          callback(err);
        }
      };
    }
    const toRead = isTransformStream(tail) ? tail.readable : tail;
    eos(toRead, () => {
      tailFinished = true;
      finishWritable();
    });
  }
  if (readable) {
    if (isNodeStream(tail)) {
      d._read = function () {
        tail.resume();
      };
      tail.on("data", function (chunk) {
        if (!d.push(chunk)) tail.pause();
      });
      tail.on("end", function () {
        d.push(null);
      });
    } else if (isWebStream(tail)) {
      const reader = (isTransformStream(tail) ? tail.readable : tail).getReader();
      tailReader = reader;
      let tailReading = false;
      const readTail = async function () {
        if (tailReading) return;
        tailReading = true;
        try {
          while (true) {
            let result;
            try {
              result = await reader.read();
            } catch {
              return;
            }
            const { value, done } = result;
            if (done) {
              d.push(null);
              return;
            }
            try {
              if (!d.push(value)) return;
            } catch (err) {
              d.destroy(err);
              return;
            }
          }
        } finally {
          tailReading = false;
        }
      };
      d._read = readTail;
      readTail();
    }
  }
  d._destroy = function (err, callback) {
    if (!err && onclose !== null) err = abortError();
    ondrain = null;
    onfinish = null;
    if (isNodeStream(tail)) {
      destroyer(tail, err);
    } else if (!d.readableEnded || !d.writableFinished) {
      teardownPipeline(err);
      tailReader?.cancel(err).catch(() => {});
    }
    if (onclose === null) callback(err);
    else onclose = callback;
  };
  return d;
}

Readable.prototype.compose = function (...streams) {
  return compose(this, ...streams);
};

// ---------------------------------------------------------------------------------------
// promises

function pipelinePromise(...streams) {
  return new Promise((resolve, reject) => {
    let signal;
    let end;
    const lastArg = streams[streams.length - 1];
    if (
      lastArg &&
      typeof lastArg === "object" &&
      !isNodeStream(lastArg) &&
      !isIterable(lastArg) &&
      !isWebStream(lastArg)
    ) {
      const options = streams.pop();
      signal = options.signal;
      end = options.end;
    }
    pipelineImpl(
      streams,
      (err, value) => {
        if (err) reject(err);
        else resolve(value);
      },
      { signal, end },
    );
  });
}

const promises = { pipeline: pipelinePromise, finished: finishedPromise };

// ---------------------------------------------------------------------------------------
// The module

const finished = eos;
const _isArrayBufferView = Stream._isArrayBufferView;
const _isUint8Array = Stream._isUint8Array;
const _uint8ArrayToBuffer = Stream._uint8ArrayToBuffer;

Stream.addAbortSignal = addAbortSignal;
Stream.compose = compose;
Stream.destroy = destroyer;
Stream.finished = finished;
Stream.isReadable = isReadable;
Stream.isWritable = isWritable;
Stream.isErrored = isErrored;
Stream.isDisturbed = isDisturbed;
Stream.pipeline = pipeline;
Stream.Stream = Stream;
Stream.Writable = Writable;
Stream.Readable = Readable;
Stream.Duplex = Duplex;
Stream.Transform = Transform;
Stream.PassThrough = PassThrough;
Stream.promises = promises;
Stream.getDefaultHighWaterMark = getDefaultHighWaterMark;
Stream.setDefaultHighWaterMark = setDefaultHighWaterMark;
Stream.isDestroyed = isDestroyed;
Stream.duplexPair = duplexPair;

// What the `_stream_*` modules re-export beyond the classes, out of the export list.
Object.defineProperty(Stream, Symbol.for("crosstalk.stream.internals"), {
  value: Object.freeze({ from, wrap, readableFromWeb, readableToWeb, errorOrDestroy, destroyer, eos }),
});

export {
  Stream,
  Readable,
  Writable,
  Duplex,
  Transform,
  PassThrough,
  addAbortSignal,
  compose,
  destroyer as destroy,
  duplexPair,
  finished,
  getDefaultHighWaterMark,
  setDefaultHighWaterMark,
  isDestroyed,
  isDisturbed,
  isErrored,
  isReadable,
  isWritable,
  pipeline,
  promises,
  _isArrayBufferView,
  _isUint8Array,
  _uint8ArrayToBuffer,
};

export default Stream;
