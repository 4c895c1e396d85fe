// node:stream for crosstalk: Readable, Writable, Duplex, Transform and PassThrough over
// crosstalk's EventEmitter, with pipe, pipeline, finished, async iteration and the Web
// stream adapters: the basics libraries use under nodejs_compat. Deferred work runs as
// microtasks (process.nextTick is one in crosstalk), so it is attributed like any job.
const load = globalThis[Symbol.for("crosstalk.node")];
const { EventEmitter } = load("node-events");
const { Buffer } = load("node-buffer");

const tick = (f, ...args) => queueMicrotask(() => f(...args));

function codeError(Type, code, message) {
  const error = new Type(message);
  error.code = code;
  return error;
}

function toBuffer(chunk, encoding) {
  if (typeof chunk === "string") return Buffer.from(chunk, encoding || "utf8");
  if (chunk instanceof Uint8Array) return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  throw codeError(
    TypeError,
    "ERR_INVALID_ARG_TYPE",
    'The "chunk" argument must be of type string or an instance of Buffer or Uint8Array. Received ' + describe(chunk),
  );
}

function describe(value) {
  if (value === null) return "null";
  if (typeof value === "object") return "an instance of " + (value.constructor?.name ?? "Object");
  return "type " + typeof value + " (" + String(value) + ")";
}

function sizeOf(chunk, objectMode) {
  return objectMode ? 1 : chunk.length;
}

export class Stream extends EventEmitter {
  pipe(destination, options) {
    return Readable.prototype.pipe.call(this, destination, options);
  }
}

function destroyWith(stream, state, error, callback) {
  if (state.destroyed) {
    if (typeof callback === "function") tick(callback, state.errored);
    return stream;
  }
  state.destroyed = true;
  if (error && !state.errored) state.errored = error;
  const done = (err) => {
    const reported = err ?? error;
    if (reported && !state.errored) state.errored = reported;
    if (typeof callback === "function") callback(reported);
    tick(() => {
      if (reported && !state.errorEmitted) {
        state.errorEmitted = true;
        stream.emit("error", reported);
      }
      state.closed = true;
      if (state.emitClose !== false) stream.emit("close");
    });
  };
  try {
    stream._destroy(error ?? null, done);
  } catch (err) {
    done(err);
  }
  return stream;
}

export class Readable extends Stream {
  constructor(options = {}) {
    super();
    const objectMode = Boolean(options.objectMode || options.readableObjectMode);
    this._readableState = {
      objectMode,
      highWaterMark: options.highWaterMark ?? options.readableHighWaterMark ?? (objectMode ? 16 : 65536),
      buffer: [],
      length: 0,
      flowing: null,
      ended: false,
      endEmitted: false,
      reading: false,
      scheduled: false,
      destroyed: false,
      closed: false,
      errored: null,
      errorEmitted: false,
      decoder: null,
      encoding: null,
      emitClose: options.emitClose,
      autoDestroy: options.autoDestroy !== false,
      readableListening: false,
    };
    if (options.encoding) this.setEncoding(options.encoding);
    if (typeof options.read === "function") this._read = options.read;
    if (typeof options.destroy === "function") this._destroy = options.destroy;
    if (options.signal) addAbortSignal(options.signal, this);
  }

  get readable() {
    const s = this._readableState;
    return !s.destroyed && !s.endEmitted && !s.errored;
  }
  get readableEnded() {
    return this._readableState.endEmitted;
  }
  get readableFlowing() {
    return this._readableState.flowing;
  }
  set readableFlowing(value) {
    this._readableState.flowing = value;
  }
  get readableLength() {
    return this._readableState.length;
  }
  get readableObjectMode() {
    return this._readableState.objectMode;
  }
  get readableHighWaterMark() {
    return this._readableState.highWaterMark;
  }
  get readableEncoding() {
    return this._readableState.encoding;
  }
  get destroyed() {
    return this._readableState.destroyed;
  }
  set destroyed(value) {
    this._readableState.destroyed = value;
  }
  get closed() {
    return this._readableState.closed;
  }
  get errored() {
    return this._readableState.errored;
  }

  _read() {
    throw codeError(Error, "ERR_METHOD_NOT_IMPLEMENTED", "The _read() method is not implemented");
  }

  _destroy(error, callback) {
    callback(error);
  }

  push(chunk, encoding) {
    const s = this._readableState;
    s.reading = false;
    if (chunk === null) {
      s.ended = true;
      this._schedule();
      return false;
    }
    if (s.ended) {
      const error = codeError(Error, "ERR_STREAM_PUSH_AFTER_EOF", "stream.push() after EOF");
      destroyWith(this, s, error);
      return false;
    }
    if (s.destroyed) return false;
    if (!s.objectMode) {
      try {
        chunk = toBuffer(chunk, encoding);
      } catch (error) {
        destroyWith(this, s, error);
        return false;
      }
      if (chunk.length === 0) return s.length < s.highWaterMark;
    }
    s.buffer.push(chunk);
    s.length += sizeOf(chunk, s.objectMode);
    this._schedule();
    return s.length < s.highWaterMark;
  }

  unshift(chunk, encoding) {
    const s = this._readableState;
    if (chunk === null) return this.push(null);
    if (!s.objectMode) chunk = toBuffer(chunk, encoding);
    s.buffer.unshift(chunk);
    s.length += sizeOf(chunk, s.objectMode);
    this._schedule();
    return s.length < s.highWaterMark;
  }

  setEncoding(encoding) {
    const s = this._readableState;
    s.encoding = String(encoding).toLowerCase() === "utf-8" ? "utf8" : String(encoding).toLowerCase();
    s.decoder = s.encoding === "utf8" ? new TextDecoder("utf-8") : null;
    return this;
  }

  _decode(chunk) {
    const s = this._readableState;
    if (s.objectMode || s.encoding === null) return chunk;
    return s.decoder ? s.decoder.decode(chunk, { stream: true }) : chunk.toString(s.encoding);
  }

  read(n) {
    const s = this._readableState;
    if (s.length === 0) {
      this._maybeRead();
      if (s.ended) this._schedule();
      return null;
    }
    let chunk;
    if (s.objectMode) {
      chunk = s.buffer.shift();
      s.length -= 1;
    } else if (n === undefined || n >= s.length) {
      chunk = s.buffer.length === 1 ? s.buffer[0] : Buffer.concat(s.buffer);
      s.buffer = [];
      s.length = 0;
    } else {
      const all = Buffer.concat(s.buffer);
      chunk = all.subarray(0, n);
      s.buffer = [all.subarray(n)];
      s.length -= n;
    }
    this._maybeRead();
    if (s.length === 0 && s.ended) this._schedule();
    const decoded = this._decode(chunk);
    // Bytes the decoder keeps for the next chunk (part of a character) are not data yet.
    return decoded === "" && s.decoder !== null && !s.objectMode ? this.read() : decoded;
  }

  _maybeRead() {
    const s = this._readableState;
    if (s.reading || s.ended || s.destroyed || s.length >= s.highWaterMark) return;
    s.reading = true;
    try {
      this._read(s.objectMode ? s.highWaterMark : s.highWaterMark - s.length);
    } catch (error) {
      destroyWith(this, s, error);
    }
  }

  // Delivers buffered data (flowing mode) or announces it ('readable'), reads more, and
  // ends the stream once its data is consumed, in a microtask of its own.
  _schedule() {
    const s = this._readableState;
    if (s.scheduled) return;
    s.scheduled = true;
    tick(() => {
      s.scheduled = false;
      this._flow();
    });
  }

  _flow() {
    const s = this._readableState;
    if (s.destroyed) return;
    if (s.flowing) {
      while (s.flowing && s.length > 0 && !s.destroyed) {
        const chunk = s.buffer.shift();
        s.length -= sizeOf(chunk, s.objectMode);
        const decoded = this._decode(chunk);
        if (decoded !== "" || s.decoder === null || s.objectMode) this.emit("data", decoded);
      }
    } else if (s.readableListening && (s.length > 0 || s.ended)) {
      this.emit("readable");
    }
    if (s.length === 0 && s.ended) {
      if (!s.endEmitted && (s.flowing || s.readableListening)) {
        s.endEmitted = true;
        this.emit("end");
        if (s.autoDestroy && (!this._writableState || this._writableState.finished)) this.destroy();
      }
      return;
    }
    if (s.flowing !== false || s.readableListening) this._maybeRead();
  }

  on(name, listener) {
    // EventEmitter's `on` calls `addListener`, which is this method again.
    EventEmitter.prototype.addListener.call(this, name, listener);
    const s = this._readableState;
    if (name === "data" && s.flowing !== false) this.resume();
    if (name === "readable") {
      s.readableListening = true;
      s.flowing = false;
      this._maybeRead();
      this._schedule();
    }
    return this;
  }

  addListener(name, listener) {
    return this.on(name, listener);
  }

  resume() {
    const s = this._readableState;
    if (!s.flowing) {
      s.flowing = !s.readableListening;
      this.emit("resume");
      this._schedule();
    }
    return this;
  }

  pause() {
    const s = this._readableState;
    if (s.flowing !== false) {
      s.flowing = false;
      this.emit("pause");
    }
    return this;
  }

  isPaused() {
    return this._readableState.flowing === false;
  }

  pipe(destination, options = {}) {
    const source = this;
    const onData = (chunk) => {
      if (destination.write(chunk) === false) source.pause();
    };
    const onDrain = () => source.resume();
    const onEnd = () => {
      if (options.end !== false) destination.end();
    };
    source.on("data", onData);
    destination.on("drain", onDrain);
    source.once("end", onEnd);
    (source._pipes ??= []).push({ destination, onData, onDrain, onEnd });
    destination.emit("pipe", source);
    return destination;
  }

  unpipe(destination) {
    for (const pipe of this._pipes ?? []) {
      if (destination !== undefined && pipe.destination !== destination) continue;
      this.removeListener("data", pipe.onData);
      this.removeListener("end", pipe.onEnd);
      pipe.destination.removeListener("drain", pipe.onDrain);
      pipe.destination.emit("unpipe", this);
    }
    this._pipes = (this._pipes ?? []).filter((p) => destination !== undefined && p.destination !== destination);
    return this;
  }

  destroy(error, callback) {
    return destroyWith(this, this._readableState, error, callback);
  }

  async *[Symbol.asyncIterator]() {
    const s = this._readableState;
    let wake = null;
    const notify = () => {
      const resolve = wake;
      wake = null;
      if (resolve) resolve();
    };
    this.on("readable", notify);
    this.on("end", notify);
    this.on("error", notify);
    this.on("close", notify);
    try {
      for (;;) {
        if (s.errored) throw s.errored;
        const chunk = this.read();
        if (chunk !== null) {
          yield chunk;
          continue;
        }
        if (s.endEmitted || (s.ended && s.length === 0) || s.destroyed) break;
        await new Promise((resolve) => {
          wake = resolve;
        });
      }
      if (s.errored) throw s.errored;
    } finally {
      if (!s.endEmitted && !s.destroyed) this.destroy();
    }
  }

  static from(iterable, options = {}) {
    if (typeof iterable === "string" || iterable instanceof Uint8Array) {
      return new Readable({
        objectMode: true,
        ...options,
        read() {
          this.push(iterable);
          this.push(null);
        },
      });
    }
    const iterator = iterable[Symbol.asyncIterator]
      ? iterable[Symbol.asyncIterator]()
      : iterable[Symbol.iterator]();
    let reading = false;
    return new Readable({
      objectMode: true,
      ...options,
      read() {
        if (reading) return;
        reading = true;
        const next = async () => {
          try {
            for (;;) {
              const { value, done } = await iterator.next();
              if (done) {
                this.push(null);
                break;
              }
              if (!this.push(await value)) break;
            }
          } catch (error) {
            this.destroy(error);
          } finally {
            reading = false;
          }
        };
        next();
      },
    });
  }

  static fromWeb(readableStream, options = {}) {
    const reader = readableStream.getReader();
    return new Readable({
      ...options,
      read() {
        reader.read().then(
          ({ value, done }) => this.push(done ? null : value),
          (error) => this.destroy(error),
        );
      },
      destroy(error, callback) {
        reader.cancel(error ?? undefined).then(() => callback(error), callback);
      },
    });
  }

  static toWeb(readable) {
    return new ReadableStream({
      start(controller) {
        readable.on("data", (chunk) => controller.enqueue(chunk));
        readable.on("end", () => controller.close());
        readable.on("error", (error) => controller.error(error));
      },
      cancel(reason) {
        readable.destroy(reason);
      },
    });
  }
}

export class Writable extends Stream {
  constructor(options = {}) {
    super();
    initWritable(this, options);
  }
}

function initWritable(stream, options) {
  const objectMode = Boolean(options.objectMode || options.writableObjectMode);
  const existing = stream._readableState;
  stream._writableState = {
    objectMode,
    highWaterMark: options.highWaterMark ?? options.writableHighWaterMark ?? (objectMode ? 16 : 65536),
    decodeStrings: options.decodeStrings !== false,
    defaultEncoding: options.defaultEncoding ?? "utf8",
    queue: [],
    length: 0,
    writing: false,
    needDrain: false,
    ending: false,
    ended: false,
    finished: false,
    finalCalled: false,
    // A Duplex shares one destroyed/errored state between its two sides.
    shared: existing ?? null,
    destroyed: false,
    closed: false,
    errored: null,
    errorEmitted: false,
    emitClose: options.emitClose,
    autoDestroy: options.autoDestroy !== false,
    corked: 0,
  };
  if (typeof options.write === "function") stream._write = options.write;
  if (typeof options.writev === "function") stream._writev = options.writev;
  if (typeof options.final === "function") stream._final = options.final;
  if (typeof options.destroy === "function") stream._destroy = options.destroy;
}

const writableMethods = {
  _write(chunk, encoding, callback) {
    if (this._writev) this._writev([{ chunk, encoding }], callback);
    else throw codeError(Error, "ERR_METHOD_NOT_IMPLEMENTED", "The _write() method is not implemented");
  },

  _destroy(error, callback) {
    callback(error);
  },

  write(chunk, encoding, callback) {
    const w = this._writableState;
    if (typeof encoding === "function") {
      callback = encoding;
      encoding = undefined;
    }
    encoding ??= w.defaultEncoding;
    const fail = (error) => {
      tick(() => {
        if (typeof callback === "function") callback(error);
      });
      destroyWith(this, stateOf(this), error);
      return false;
    };
    if (chunk === null) return fail(codeError(TypeError, "ERR_STREAM_NULL_VALUES", "May not write null values to stream"));
    if (w.ending) return fail(codeError(Error, "ERR_STREAM_WRITE_AFTER_END", "write after end"));
    if (stateOf(this).destroyed) return fail(codeError(Error, "ERR_STREAM_DESTROYED", "Cannot call write after a stream was destroyed"));
    if (!w.objectMode) {
      try {
        if (typeof chunk === "string" && w.decodeStrings) chunk = toBuffer(chunk, encoding), (encoding = "buffer");
        else if (typeof chunk !== "string") chunk = toBuffer(chunk), (encoding = "buffer");
      } catch (error) {
        if (typeof callback === "function") tick(callback, error);
        throw error;
      }
    }
    w.length += sizeOf(chunk, w.objectMode);
    const ok = w.length < w.highWaterMark;
    if (!ok) w.needDrain = true;
    w.queue.push({ chunk, encoding, callback });
    if (!w.writing && w.corked === 0) writeNext(this);
    return ok;
  },

  end(chunk, encoding, callback) {
    const w = this._writableState;
    if (typeof chunk === "function") {
      callback = chunk;
      chunk = undefined;
    } else if (typeof encoding === "function") {
      callback = encoding;
      encoding = undefined;
    }
    if (chunk !== undefined && chunk !== null) this.write(chunk, encoding);
    if (typeof callback === "function") {
      if (w.finished) tick(callback);
      else this.once("finish", () => callback());
    }
    if (!w.ending) {
      w.ending = true;
      w.corked = 0;
      if (!w.writing) writeNext(this);
      tick(() => maybeFinish(this));
    }
    return this;
  },

  cork() {
    this._writableState.corked += 1;
  },

  uncork() {
    const w = this._writableState;
    if (w.corked > 0 && --w.corked === 0 && !w.writing) writeNext(this);
  },

  setDefaultEncoding(encoding) {
    this._writableState.defaultEncoding = encoding;
    return this;
  },

  destroy(error, callback) {
    return destroyWith(this, stateOf(this), error, callback);
  },
};

/// The state holding `destroyed`/`errored`: the readable side's for a Duplex.
function stateOf(stream) {
  return stream._writableState.shared ?? stream._writableState;
}

function writeNext(stream) {
  const w = stream._writableState;
  const next = w.queue.shift();
  if (!next) {
    if (w.ending) maybeFinish(stream);
    return;
  }
  w.writing = true;
  let sync = true;
  const onwrite = (error) => {
    const finish = () => {
      w.writing = false;
      w.length -= sizeOf(next.chunk, w.objectMode);
      if (typeof next.callback === "function") next.callback(error ?? null);
      if (error) {
        destroyWith(stream, stateOf(stream), error);
        return;
      }
      if (w.length === 0 && w.needDrain && !w.ending) {
        w.needDrain = false;
        stream.emit("drain");
      }
      if (w.corked === 0) writeNext(stream);
    };
    if (sync) tick(finish);
    else finish();
  };
  try {
    stream._write(next.chunk, next.encoding, onwrite);
  } catch (error) {
    onwrite(error);
  }
  sync = false;
}

function maybeFinish(stream) {
  const w = stream._writableState;
  if (!w.ending || w.finished || w.writing || w.queue.length > 0 || stateOf(stream).destroyed) return;
  const finish = () => {
    if (w.finished) return;
    w.finished = true;
    w.ended = true;
    stream.emit("finish");
    const r = stream._readableState;
    if (w.autoDestroy && (!r || r.endEmitted || stream._readableOnly === false)) {
      if (!r) stream.destroy();
    }
  };
  if (typeof stream._final === "function" && !w.finalCalled) {
    w.finalCalled = true;
    w.writing = true;
    stream._final((error) => {
      w.writing = false;
      if (error) destroyWith(stream, stateOf(stream), error);
      else tick(finish);
    });
  } else if (!w.finalCalled) {
    w.finalCalled = true;
    tick(finish);
  }
}

for (const [name, method] of Object.entries(writableMethods)) {
  Object.defineProperty(Writable.prototype, name, { value: method, writable: true, configurable: true });
}

const writableGetters = {
  writable() {
    const w = this._writableState;
    return !stateOf(this).destroyed && !w.ending && !stateOf(this).errored;
  },
  writableEnded() {
    return this._writableState.ending;
  },
  writableFinished() {
    return this._writableState.finished;
  },
  writableLength() {
    return this._writableState.length;
  },
  writableNeedDrain() {
    return this._writableState.needDrain;
  },
  writableObjectMode() {
    return this._writableState.objectMode;
  },
  writableHighWaterMark() {
    return this._writableState.highWaterMark;
  },
  writableCorked() {
    return this._writableState.corked;
  },
};
for (const [name, get] of Object.entries(writableGetters)) {
  Object.defineProperty(Writable.prototype, name, { get, configurable: true });
}
for (const name of ["destroyed", "closed", "errored"]) {
  Object.defineProperty(Writable.prototype, name, {
    get() {
      return stateOf(this)[name];
    },
    configurable: true,
  });
}

export class Duplex extends Readable {
  constructor(options = {}) {
    super(options);
    initWritable(this, options);
    this.allowHalfOpen = options.allowHalfOpen !== false;
    if (!this.allowHalfOpen) this.once("end", () => this.end());
  }
}
for (const name of Object.keys(writableMethods)) {
  if (name === "_destroy" || name === "destroy") continue;
  Object.defineProperty(Duplex.prototype, name, { value: writableMethods[name], writable: true, configurable: true });
}
for (const [name, get] of Object.entries(writableGetters)) {
  Object.defineProperty(Duplex.prototype, name, { get, configurable: true });
}

export class Transform extends Duplex {
  constructor(options = {}) {
    super(options);
    if (typeof options.transform === "function") this._transform = options.transform;
    if (typeof options.flush === "function") this._flush = options.flush;
  }

  _transform() {
    throw codeError(Error, "ERR_METHOD_NOT_IMPLEMENTED", "The _transform() method is not implemented");
  }

  _write(chunk, encoding, callback) {
    this._transform(chunk, encoding, (error, data) => {
      if (error) {
        callback(error);
        return;
      }
      if (data !== undefined && data !== null) this.push(data);
      callback();
    });
  }

  _final(callback) {
    const done = (error, data) => {
      if (error) {
        callback(error);
        return;
      }
      if (data !== undefined && data !== null) this.push(data);
      this.push(null);
      callback();
    };
    if (typeof this._flush === "function") this._flush(done);
    else done();
  }

  _read() {}
}

export class PassThrough extends Transform {
  _transform(chunk, encoding, callback) {
    callback(null, chunk);
  }
}

export function finished(stream, options, callback) {
  if (typeof options === "function") {
    callback = options;
    options = {};
  }
  let done = false;
  const readable = stream._readableState && options?.readable !== false;
  const writable = stream._writableState && options?.writable !== false;
  let ended = !readable || stream._readableState.endEmitted;
  let finishedWriting = !writable || stream._writableState.finished;
  const call = (error) => {
    if (done) return;
    done = true;
    cleanup();
    callback.call(stream, error);
  };
  const onEnd = () => {
    ended = true;
    if (finishedWriting) call();
  };
  const onFinish = () => {
    finishedWriting = true;
    if (ended) call();
  };
  const onError = (error) => call(error);
  const onClose = () => {
    if (!ended || !finishedWriting) {
      call(stream.errored ?? codeError(Error, "ERR_STREAM_PREMATURE_CLOSE", "Premature close"));
    }
  };
  stream.on("end", onEnd);
  stream.on("finish", onFinish);
  stream.on("error", onError);
  stream.on("close", onClose);
  const cleanup = () => {
    stream.removeListener("end", onEnd);
    stream.removeListener("finish", onFinish);
    stream.removeListener("error", onError);
    stream.removeListener("close", onClose);
  };
  if (ended && finishedWriting) tick(call);
  return cleanup;
}

export function pipeline(...streams) {
  const callback = typeof streams[streams.length - 1] === "function" ? streams.pop() : null;
  if (Array.isArray(streams[0]) && streams.length === 1) streams = streams[0];
  if (streams.length < 2) {
    throw codeError(TypeError, "ERR_MISSING_ARGS", 'The "streams" argument must be specified');
  }
  if (!callback) {
    throw codeError(TypeError, "ERR_INVALID_ARG_TYPE", 'The "callback" argument must be of type function');
  }
  const stages = streams.map((s, i) => (i === 0 && !(s instanceof Stream) ? Readable.from(s) : s));
  let done = false;
  const finish = (error) => {
    if (done) return;
    done = true;
    if (error) for (const stage of stages) if (!stage.destroyed) stage.destroy(error);
    callback(error);
  };
  for (let i = 0; i < stages.length - 1; i++) stages[i].pipe(stages[i + 1]);
  stages.forEach((stage, i) => {
    finished(stage, { readable: i < stages.length - 1 || !stage._writableState, writable: i > 0 }, (error) => {
      if (error) finish(error);
      else if (i === stages.length - 1) finish();
    });
  });
  return stages[stages.length - 1];
}

export function addAbortSignal(signal, stream) {
  const abort = () => stream.destroy(signal.reason ?? new DOMException("The operation was aborted", "AbortError"));
  if (signal.aborted) abort();
  else signal.addEventListener("abort", abort, { once: true });
  return stream;
}

export function isReadable(stream) {
  return Boolean(stream?._readableState) && stream.readable;
}

export function isErrored(stream) {
  return Boolean(stream?.errored);
}

export const promises = {
  pipeline: (...streams) =>
    new Promise((resolve, reject) => pipeline(...streams, (error) => (error ? reject(error) : resolve()))),
  finished: (stream, options) =>
    new Promise((resolve, reject) => finished(stream, options ?? {}, (error) => (error ? reject(error) : resolve()))),
};

Stream.Stream = Stream;
Stream.Readable = Readable;
Stream.Writable = Writable;
Stream.Duplex = Duplex;
Stream.Transform = Transform;
Stream.PassThrough = PassThrough;
Stream.pipeline = pipeline;
Stream.finished = finished;
Stream.promises = promises;
Stream.addAbortSignal = addAbortSignal;
Stream.isReadable = isReadable;
Stream.isErrored = isErrored;

export default Stream;
