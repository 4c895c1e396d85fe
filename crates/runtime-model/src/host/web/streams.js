// WHATWG Streams as workerd exposes them, crosstalk's own code: ReadableStream (default
// and byte sources, default and BYOB readers, tee, pipeTo/pipeThrough, async iteration,
// ReadableStream.from), WritableStream, TransformStream, the queuing strategies, and the
// Workers transforms built on them (TextEncoderStream, TextDecoderStream,
// CompressionStream, DecompressionStream, IdentityTransformStream, FixedLengthStream).
//
// Everything is scheduled with promises only: no clock, no randomness. Internal state
// lives in module-private records, found through WeakMaps (brand checks included).
(function (host) {
  "use strict";

  const streams = new WeakMap(); // ReadableStream -> record
  const readers = new WeakMap(); // reader -> record
  const controllers = new WeakMap(); // controller -> record
  const writables = new WeakMap(); // WritableStream -> record
  const writers = new WeakMap(); // writer -> record
  const writableControllers = new WeakMap();
  const transforms = new WeakMap(); // TransformStream -> { readable, writable }
  const transformControllers = new WeakMap();
  const hostSources = new WeakMap(); // stream -> host body source (fromSource)

  const ILLEGAL = "Illegal constructor";
  const LOCKED_READER = "This ReadableStream is currently locked to a reader.";
  const LOCKED_WRITER = "This WritableStream is currently locked to a writer.";

  function deferred() {
    let resolve, reject;
    const promise = new Promise((res, rej) => { resolve = res; reject = rej; });
    return { promise, resolve, reject };
  }
  // A rejected promise nobody needs to observe (the standard marks these handled).
  function handled(promise) {
    promise.then(undefined, () => {});
    return promise;
  }
  function record(map, object, what) {
    const found = map.get(object);
    if (found === undefined) throw new TypeError(`Illegal invocation: not a ${what}`);
    return found;
  }
  function isBufferSource(chunk) {
    return chunk instanceof ArrayBuffer || ArrayBuffer.isView(chunk);
  }
  function toBytes(chunk) {
    if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk);
    return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  }
  function strategyOf(strategy, defaultHighWaterMark) {
    const hwm = strategy?.highWaterMark === undefined ? defaultHighWaterMark : Number(strategy.highWaterMark);
    if (Number.isNaN(hwm) || hwm < 0) throw new RangeError("The highWaterMark must be a non-negative number.");
    const size = strategy?.size;
    if (size !== undefined && typeof size !== "function") throw new TypeError("The size of a strategy must be a function.");
    return { hwm, size: size === undefined ? () => 1 : (chunk) => size.call(undefined, chunk) };
  }
  function call(object, name, args) {
    const method = object?.[name];
    if (method === undefined || method === null) return undefined;
    if (typeof method !== "function") throw new TypeError(`${name} must be a function`);
    return method.apply(object, args);
  }
  function promiseCall(object, name, args) {
    try {
      return Promise.resolve(call(object, name, args));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  // ---------------------------------------------------------------- ReadableStream

  function readableRecord(stream) {
    return { stream, state: "readable", storedError: undefined, reader: null, disturbed: false, controller: null };
  }

  function canCloseOrEnqueue(c) {
    return !c.closeRequested && c.stream.state === "readable";
  }

  function desiredSize(c) {
    const state = c.stream.state;
    if (state === "errored") return null;
    if (state === "closed") return 0;
    return c.hwm - c.queueTotalSize;
  }

  function shouldCallPull(c) {
    if (!canCloseOrEnqueue(c) || !c.started) return false;
    const reader = c.stream.reader;
    if (reader !== null && (reader.readRequests.length > 0 || reader.readIntoRequests.length > 0)) return true;
    return desiredSize(c) > 0;
  }

  function callPullIfNeeded(c) {
    if (!shouldCallPull(c)) return;
    if (c.pulling) {
      c.pullAgain = true;
      return;
    }
    c.pulling = true;
    c.pull().then(
      () => {
        c.pulling = false;
        if (c.pullAgain) {
          c.pullAgain = false;
          callPullIfNeeded(c);
        }
      },
      (error) => errorReadable(c, error),
    );
  }

  function closeReadableStream(s) {
    s.state = "closed";
    const reader = s.reader;
    if (reader === null) return;
    for (const request of reader.readRequests.splice(0)) request.resolve({ value: undefined, done: true });
    for (const request of reader.readIntoRequests.splice(0)) {
      request.resolve({ value: new request.View(request.buffer, request.byteOffset, 0), done: true });
    }
    reader.closed.resolve(undefined);
  }

  function errorReadable(c, error) {
    const s = c.stream;
    if (s.state !== "readable") return;
    c.queue = [];
    c.queueTotalSize = 0;
    s.state = "errored";
    s.storedError = error;
    const reader = s.reader;
    if (reader === null) return;
    for (const request of reader.readRequests.splice(0)) request.reject(error);
    for (const request of reader.readIntoRequests.splice(0)) request.reject(error);
    reader.closed.reject(error);
    handled(reader.closed.promise);
  }

  function closeController(c) {
    if (!canCloseOrEnqueue(c)) throw new TypeError("This ReadableStream is closed or closing.");
    c.closeRequested = true;
    if (c.queue.length === 0) closeReadableStream(c.stream);
  }

  // Copies queued bytes into a pending BYOB read; true when the read was answered.
  function fillReadInto(c, request) {
    let filled = 0;
    const target = new Uint8Array(request.buffer, request.byteOffset, request.byteLength);
    while (c.queue.length > 0 && filled < request.byteLength) {
      const head = c.queue[0];
      const bytes = head.value;
      const take = Math.min(bytes.byteLength, request.byteLength - filled);
      target.set(bytes.subarray(0, take), filled);
      filled += take;
      if (take === bytes.byteLength) c.queue.shift();
      else head.value = bytes.subarray(take);
      c.queueTotalSize -= take;
    }
    const elementSize = request.View.BYTES_PER_ELEMENT ?? 1;
    if (filled === 0 || filled % elementSize !== 0) return false;
    request.resolve({ value: new request.View(request.buffer, request.byteOffset, filled / elementSize), done: false });
    return true;
  }

  function enqueue(c, chunk) {
    if (!canCloseOrEnqueue(c)) throw new TypeError("This ReadableStream is closed or closing.");
    const s = c.stream;
    const reader = s.reader;
    if (c.bytes) {
      if (!ArrayBuffer.isView(chunk)) throw new TypeError("Chunk must be an ArrayBufferView.");
      if (chunk.byteLength === 0) throw new TypeError("Chunk must not be empty.");
      const copy = toBytes(chunk).slice();
      if (reader !== null && reader.readRequests.length > 0) {
        reader.readRequests.shift().resolve({ value: copy, done: false });
      } else {
        c.queue.push({ value: copy, size: copy.byteLength });
        c.queueTotalSize += copy.byteLength;
        while (reader !== null && reader.readIntoRequests.length > 0 && c.queue.length > 0) {
          if (!fillReadInto(c, reader.readIntoRequests[0])) break;
          reader.readIntoRequests.shift();
        }
      }
    } else if (reader !== null && reader.readRequests.length > 0) {
      reader.readRequests.shift().resolve({ value: chunk, done: false });
    } else {
      let size;
      try {
        size = c.size(chunk);
        if (typeof size !== "number" || Number.isNaN(size) || size < 0 || size === Infinity) {
          throw new RangeError("The size of a chunk must be a non-negative, finite number.");
        }
      } catch (error) {
        errorReadable(c, error);
        throw error;
      }
      c.queue.push({ value: chunk, size });
      c.queueTotalSize += size;
    }
    callPullIfNeeded(c);
  }

  class ReadableStreamDefaultController {
    constructor() { throw new TypeError(ILLEGAL); }
    get desiredSize() { return desiredSize(record(controllers, this, "ReadableStreamDefaultController")); }
    enqueue(chunk) { enqueue(record(controllers, this, "ReadableStreamDefaultController"), chunk); }
    close() { closeController(record(controllers, this, "ReadableStreamDefaultController")); }
    error(error) { errorReadable(record(controllers, this, "ReadableStreamDefaultController"), error); }
  }

  class ReadableStreamBYOBRequest {
    constructor() { throw new TypeError(ILLEGAL); }
    get view() { return null; }
    respond() { throw new TypeError("This BYOB request has no view."); }
    respondWithNewView() { throw new TypeError("This BYOB request has no view."); }
  }

  class ReadableByteStreamController {
    constructor() { throw new TypeError(ILLEGAL); }
    // crosstalk answers BYOB reads from the queue, so no request is ever outstanding.
    get byobRequest() { record(controllers, this, "ReadableByteStreamController"); return null; }
    get desiredSize() { return desiredSize(record(controllers, this, "ReadableByteStreamController")); }
    enqueue(chunk) { enqueue(record(controllers, this, "ReadableByteStreamController"), chunk); }
    close() { closeController(record(controllers, this, "ReadableByteStreamController")); }
    error(error) { errorReadable(record(controllers, this, "ReadableByteStreamController"), error); }
  }

  function setUpController(s, source, strategy, bytes) {
    const Controller = bytes ? ReadableByteStreamController : ReadableStreamDefaultController;
    const controller = Object.create(Controller.prototype);
    const { hwm, size } = bytes ? strategyOf({ highWaterMark: strategy?.highWaterMark }, 0) : strategyOf(strategy, 1);
    const c = {
      stream: s, object: controller, bytes, queue: [], queueTotalSize: 0, hwm, size,
      started: false, closeRequested: false, pulling: false, pullAgain: false,
      pull: () => promiseCall(source, "pull", [controller]),
      cancel: (reason) => promiseCall(source, "cancel", [reason]),
    };
    controllers.set(controller, c);
    s.controller = c;
    let started;
    try {
      started = Promise.resolve(call(source, "start", [controller]));
    } catch (error) {
      throw error;
    }
    started.then(
      () => {
        c.started = true;
        callPullIfNeeded(c);
      },
      (error) => errorReadable(c, error),
    );
  }

  function cancelReadable(s, reason) {
    s.disturbed = true;
    if (s.state === "closed") return Promise.resolve(undefined);
    if (s.state === "errored") return Promise.reject(s.storedError);
    closeReadableStream(s);
    const c = s.controller;
    c.queue = [];
    c.queueTotalSize = 0;
    return c.cancel(reason).then(() => undefined);
  }

  function readFrom(reader) {
    const s = reader.stream;
    s.disturbed = true;
    if (s.state === "closed") return Promise.resolve({ value: undefined, done: true });
    if (s.state === "errored") return Promise.reject(s.storedError);
    const c = s.controller;
    if (c.queue.length > 0) {
      const { value, size } = c.queue.shift();
      c.queueTotalSize -= c.bytes ? value.byteLength : size;
      if (c.closeRequested && c.queue.length === 0) closeReadableStream(s);
      else callPullIfNeeded(c);
      return Promise.resolve({ value, done: false });
    }
    const request = deferred();
    reader.readRequests.push(request);
    callPullIfNeeded(c);
    return request.promise;
  }

  function acquireReader(stream, object, byob) {
    const s = record(streams, stream, "ReadableStream");
    if (s.reader !== null) throw new TypeError(LOCKED_READER);
    if (byob && !s.controller.bytes) {
      throw new TypeError("Cannot get a BYOB reader for a ReadableStream that is not a byte stream.");
    }
    const r = { stream: s, object, readRequests: [], readIntoRequests: [], closed: deferred() };
    s.reader = r;
    if (s.state === "closed") r.closed.resolve(undefined);
    if (s.state === "errored") {
      r.closed.reject(s.storedError);
      handled(r.closed.promise);
    }
    readers.set(object, r);
    return r;
  }

  function releaseReader(r) {
    const s = r.stream;
    if (s === null) return;
    const error = new TypeError("This reader's lock was released.");
    for (const request of r.readRequests.splice(0)) request.reject(error);
    for (const request of r.readIntoRequests.splice(0)) request.reject(error);
    r.closed.reject(error);
    handled(r.closed.promise);
    const closed = deferred();
    closed.reject(error);
    handled(closed.promise);
    r.closed = closed;
    s.reader = null;
    r.stream = null;
  }

  class ReadableStreamDefaultReader {
    constructor(stream) { acquireReader(stream, this, false); }
    get closed() { return record(readers, this, "ReadableStreamDefaultReader").closed.promise; }
    read() {
      const r = readers.get(this);
      if (r === undefined) return Promise.reject(new TypeError("Illegal invocation"));
      if (r.stream === null) return Promise.reject(new TypeError("This reader has been released."));
      return readFrom(r);
    }
    cancel(reason) {
      const r = readers.get(this);
      if (r === undefined || r.stream === null) return Promise.reject(new TypeError("This reader has been released."));
      return cancelReadable(r.stream, reason);
    }
    releaseLock() { releaseReader(record(readers, this, "ReadableStreamDefaultReader")); }
  }

  class ReadableStreamBYOBReader {
    constructor(stream) { acquireReader(stream, this, true); }
    get closed() { return record(readers, this, "ReadableStreamBYOBReader").closed.promise; }
    read(view) {
      const r = readers.get(this);
      if (r === undefined) return Promise.reject(new TypeError("Illegal invocation"));
      if (r.stream === null) return Promise.reject(new TypeError("This reader has been released."));
      if (!ArrayBuffer.isView(view)) return Promise.reject(new TypeError("read() needs an ArrayBufferView."));
      if (view.byteLength === 0) return Promise.reject(new TypeError("read() needs a non-empty view."));
      const s = r.stream;
      s.disturbed = true;
      const View = view.constructor === DataView ? DataView : view.constructor;
      const request = { ...deferred(), View, buffer: view.buffer, byteOffset: view.byteOffset, byteLength: view.byteLength };
      if (s.state === "errored") return Promise.reject(s.storedError);
      if (s.state === "closed") return Promise.resolve({ value: new View(view.buffer, view.byteOffset, 0), done: true });
      const c = s.controller;
      if (r.readIntoRequests.length === 0 && fillReadInto(c, request)) {
        if (c.closeRequested && c.queue.length === 0) closeReadableStream(s);
        else callPullIfNeeded(c);
        return request.promise;
      }
      r.readIntoRequests.push(request);
      callPullIfNeeded(c);
      return request.promise;
    }
    cancel(reason) {
      const r = readers.get(this);
      if (r === undefined || r.stream === null) return Promise.reject(new TypeError("This reader has been released."));
      return cancelReadable(r.stream, reason);
    }
    releaseLock() { releaseReader(record(readers, this, "ReadableStreamBYOBReader")); }
  }

  class ReadableStream {
    constructor(underlyingSource = undefined, strategy = undefined) {
      const source = underlyingSource === null ? undefined : underlyingSource;
      const s = readableRecord(this);
      streams.set(this, s);
      const type = source?.type;
      if (type !== undefined && String(type) !== "bytes") {
        throw new TypeError(`The underlying source's type must be "bytes" or undefined.`);
      }
      setUpController(s, source, strategy, type !== undefined);
    }

    static from(iterable) {
      const method = iterable?.[Symbol.asyncIterator] ?? iterable?.[Symbol.iterator];
      if (typeof method !== "function") throw new TypeError("ReadableStream.from() needs an iterable.");
      const iterator = method.call(iterable);
      return new ReadableStream({
        pull(controller) {
          return Promise.resolve(iterator.next()).then((step) => {
            if (typeof step !== "object" || step === null) throw new TypeError("The iterator's result is not an object.");
            if (step.done) controller.close();
            else return Promise.resolve(step.value).then((value) => controller.enqueue(value));
          });
        },
        cancel(reason) {
          if (typeof iterator.return !== "function") return undefined;
          return Promise.resolve(iterator.return(reason)).then((result) => {
            if (typeof result !== "object" || result === null) throw new TypeError("The iterator's return() result is not an object.");
          });
        },
      }, { highWaterMark: 0 });
    }

    get locked() { return record(streams, this, "ReadableStream").reader !== null; }

    cancel(reason = undefined) {
      const s = streams.get(this);
      if (s === undefined) return Promise.reject(new TypeError("Illegal invocation"));
      if (s.reader !== null) return Promise.reject(new TypeError(LOCKED_READER));
      return cancelReadable(s, reason);
    }

    getReader(options = undefined) {
      const mode = options?.mode;
      if (mode === undefined) return new ReadableStreamDefaultReader(this);
      if (String(mode) !== "byob") throw new TypeError(`'${mode}' is not a valid reader mode.`);
      return new ReadableStreamBYOBReader(this);
    }

    pipeThrough(transform, options = undefined) {
      record(streams, this, "ReadableStream");
      // WebIDL's dictionary conversions, in their order: `readable` is read and checked
      // before `writable` is read, then the options, then the locks.
      if (transform === null || (typeof transform !== "object" && typeof transform !== "function")) {
        throw new TypeError("pipeThrough() needs a { readable, writable } pair.");
      }
      const readable = transform.readable;
      if (!streams.has(readable)) throw new TypeError("pipeThrough() needs a { readable } ReadableStream.");
      const writable = transform.writable;
      if (!writables.has(writable)) throw new TypeError("pipeThrough() needs a { writable } WritableStream.");
      const settings = pipeOptions(options);
      if (this.locked) throw new TypeError(LOCKED_READER);
      if (writable.locked) throw new TypeError(LOCKED_WRITER);
      handled(pipe(this, writable, settings));
      return readable;
    }

    pipeTo(destination, options = undefined) {
      if (!streams.has(this)) return Promise.reject(new TypeError("Illegal invocation"));
      if (!writables.has(destination)) return Promise.reject(new TypeError("pipeTo() needs a WritableStream."));
      let settings;
      try {
        settings = pipeOptions(options);
      } catch (error) {
        return Promise.reject(error);
      }
      if (this.locked) return Promise.reject(new TypeError(LOCKED_READER));
      if (destination.locked) return Promise.reject(new TypeError(LOCKED_WRITER));
      return pipe(this, destination, settings);
    }

    tee() {
      return tee(record(streams, this, "ReadableStream"));
    }

    values(options = undefined) {
      const reader = this.getReader();
      const preventCancel = Boolean(options?.preventCancel);
      let finished = false;
      const iterator = Object.create(AsyncIteratorPrototype);
      iterator.next = () => {
        if (finished) return Promise.resolve({ value: undefined, done: true });
        return reader.read().then(
          (result) => {
            if (result.done) {
              finished = true;
              reader.releaseLock();
            }
            return result;
          },
          (error) => {
            finished = true;
            reader.releaseLock();
            throw error;
          },
        );
      };
      iterator.return = (value) => {
        if (finished) return Promise.resolve({ value, done: true });
        finished = true;
        const cancelled = preventCancel ? Promise.resolve() : reader.cancel(value);
        return cancelled.then(() => {
          reader.releaseLock();
          return { value, done: true };
        });
      };
      return iterator;
    }

    [Symbol.asyncIterator](options = undefined) {
      return this.values(options);
    }
  }
  const AsyncIteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf((async function* () {})()));

  function tee(s) {
    const stream = s.stream;
    const reader = stream.getReader();
    const bytes = s.controller.bytes;
    let reading = false;
    let readAgain = false;
    const canceled = [false, false];
    const reasons = [undefined, undefined];
    const cancelled = deferred();
    const branches = [];
    const controllersOf = [];
    function pull() {
      if (reading) {
        readAgain = true;
        return Promise.resolve();
      }
      reading = true;
      reader.read().then(
        ({ value, done }) => {
          reading = false;
          if (done) {
            for (const i of [0, 1]) if (!canceled[i]) controllersOf[i].close();
            cancelled.resolve(undefined);
            return;
          }
          for (const i of [0, 1]) {
            if (canceled[i]) continue;
            // Byte chunks are copied for the second branch, so each branch owns its bytes.
            const chunk = bytes && i === 1 ? toBytes(value).slice() : value;
            controllersOf[i].enqueue(chunk);
          }
          if (readAgain) {
            readAgain = false;
            pull();
          }
        },
        () => {
          reading = false;
        },
      );
      return Promise.resolve();
    }
    function cancel(i) {
      return (reason) => {
        canceled[i] = true;
        reasons[i] = reason;
        if (canceled[1 - i]) {
          cancelled.resolve(cancelReadable(s, reasons));
        }
        return cancelled.promise;
      };
    }
    for (const i of [0, 1]) {
      branches.push(new ReadableStream({
        type: bytes ? "bytes" : undefined,
        start(controller) { controllersOf[i] = controller; },
        pull,
        cancel: cancel(i),
      }));
    }
    reader.closed.then(undefined, (error) => {
      for (const i of [0, 1]) if (!canceled[i]) controllersOf[i].error(error);
      cancelled.resolve(undefined);
    });
    return branches;
  }

  // ReadableStream.prototype.pipeTo: reads a chunk once the destination is ready, writes
  // it, and propagates closing, errors and aborts as the options say.
  // StreamPipeOptions as WebIDL converts it: each member read once, in alphabetical order,
  // a getter's exception propagating, the signal checked as it is read.
  function pipeOptions(options) {
    if (options === undefined || options === null) return { preventAbort: false, preventCancel: false, preventClose: false };
    if (typeof options !== "object" && typeof options !== "function") throw new TypeError("The options must be an object.");
    const preventAbort = Boolean(options.preventAbort);
    const preventCancel = Boolean(options.preventCancel);
    const preventClose = Boolean(options.preventClose);
    const signal = options.signal;
    if (signal !== undefined && !host.load("events").isAbortSignal(signal)) {
      throw new TypeError("The signal option must be an AbortSignal.");
    }
    return { preventAbort, preventCancel, preventClose, signal };
  }

  function pipe(source, destination, options) {
    const { preventClose, preventAbort, preventCancel, signal } = options;
    const reader = source.getReader();
    const writer = destination.getWriter();
    const s = streams.get(source);
    s.disturbed = true;
    const done = deferred();
    let finished = false;
    let pendingWrite = Promise.resolve();

    function finish(error, isError) {
      if (finished) return;
      finished = true;
      pendingWrite.then(() => {}, () => {}).then(() => {
        writer.releaseLock();
        reader.releaseLock();
        if (isError) done.reject(error);
        else done.resolve(undefined);
      });
    }
    function shutdown(action, error, isError) {
      if (finished) return;
      Promise.resolve(action === undefined ? undefined : action()).then(
        () => finish(error, isError),
        (actionError) => finish(actionError, true),
      );
    }
    if (signal !== undefined) {
      const abort = () => {
        const reason = signal.reason;
        const actions = [];
        if (!preventAbort && writables.get(destination).state === "writable") actions.push(() => writer.abort(reason));
        if (!preventCancel && s.state === "readable") actions.push(() => reader.cancel(reason));
        shutdown(() => Promise.all(actions.map((a) => a())), reason, true);
      };
      if (signal.aborted) {
        abort();
        return done.promise;
      }
      signal.addEventListener("abort", abort, { once: true });
      done.promise.then(() => signal.removeEventListener("abort", abort), () => signal.removeEventListener("abort", abort));
    }
    // Errors of either side, whenever they happen.
    reader.closed.then(
      () => {
        if (!preventClose) shutdown(() => pendingWrite.then(() => writer.close()), undefined, false);
        else shutdown(undefined, undefined, false);
      },
      (error) => {
        if (!preventAbort) shutdown(() => writer.abort(error), error, true);
        else shutdown(undefined, error, true);
      },
    );
    writer.closed.then(
      () => {
        if (s.state === "readable") {
          const error = new TypeError("The destination stream closed before all the data could be piped to it.");
          if (!preventCancel) shutdown(() => reader.cancel(error), error, true);
          else shutdown(undefined, error, true);
        }
      },
      (error) => {
        if (!preventCancel) shutdown(() => reader.cancel(error), error, true);
        else shutdown(undefined, error, true);
      },
    );
    function step() {
      if (finished) return;
      writer.ready.then(() => {
        if (finished) return undefined;
        return reader.read().then(({ value, done: end }) => {
          if (end || finished) return;
          pendingWrite = writer.write(value);
          handled(pendingWrite);
          step();
        });
      }).then(undefined, () => {});
    }
    step();
    return done.promise;
  }

  // ---------------------------------------------------------------- WritableStream

  const CLOSE = Symbol("close");

  function writableDesiredSize(w) {
    if (w.state === "errored" || w.state === "erroring") return null;
    if (w.state === "closed") return 0;
    return w.hwm - w.queueTotalSize;
  }

  function updateBackpressure(w) {
    const backpressure = w.state === "writable" && !w.closeRequested && writableDesiredSize(w) <= 0;
    if (backpressure === w.backpressure) return;
    w.backpressure = backpressure;
    if (w.writer === null) return;
    if (backpressure) w.writer.ready = deferred();
    else w.writer.ready.resolve(undefined);
  }

  function errorWritable(w, error) {
    if (w.state !== "writable" && w.state !== "erroring") return;
    w.state = "erroring";
    w.storedError = error;
    if (w.writer !== null) rejectReady(w.writer, error);
    if (w.inFlight === null) finishErroring(w);
  }

  // The writer's `ready` becomes a promise rejected with `error` (a pending one rejects).
  function rejectReady(writer, error) {
    writer.ready.reject(error);
    const ready = deferred();
    ready.reject(error);
    handled(ready.promise);
    handled(writer.ready.promise);
    writer.ready = ready;
  }

  function finishErroring(w) {
    w.state = "errored";
    const error = w.storedError;
    for (const entry of w.queue.splice(0)) entry.request?.reject(error);
    w.queueTotalSize = 0;
    const abort = w.pendingAbort;
    w.pendingAbort = null;
    const after = () => {
      if (w.writer !== null) {
        w.writer.closed.reject(error);
        handled(w.writer.closed.promise);
      }
    };
    if (abort !== null) {
      w.abort(abort.reason).then(
        () => { abort.resolve(undefined); after(); },
        (e) => { abort.reject(e); after(); },
      );
    } else {
      after();
    }
  }

  function advanceWritable(w) {
    if (!w.started || w.inFlight !== null) return;
    if (w.state === "erroring") {
      finishErroring(w);
      return;
    }
    if (w.state !== "writable" || w.queue.length === 0) return;
    const entry = w.queue[0];
    w.inFlight = entry;
    const done = entry.chunk === CLOSE ? w.close() : w.write(entry.chunk);
    done.then(
      () => {
        w.inFlight = null;
        w.queue.shift();
        if (entry.chunk === CLOSE) {
          if (w.state === "erroring") {
            w.storedError = undefined;
            w.pendingAbort?.resolve(undefined);
            w.pendingAbort = null;
          }
          w.state = "closed";
          entry.request.resolve(undefined);
          if (w.writer !== null) w.writer.closed.resolve(undefined);
          return;
        }
        w.queueTotalSize -= entry.size;
        entry.request.resolve(undefined);
        if (w.state === "writable") updateBackpressure(w);
        advanceWritable(w);
      },
      (error) => {
        w.inFlight = null;
        w.queue.shift();
        entry.request.reject(error);
        if (w.state === "writable") errorWritable(w, error);
        if (w.state === "erroring") finishErroring(w);
      },
    );
  }

  function writeTo(w, chunk) {
    if (w.state === "errored" || w.state === "erroring") return Promise.reject(w.storedError);
    if (w.closeRequested || w.state === "closed") return Promise.reject(new TypeError("This WritableStream is closed."));
    let size;
    try {
      size = w.size(chunk);
    } catch (error) {
      errorWritable(w, error);
      return Promise.reject(error);
    }
    const request = deferred();
    w.queue.push({ chunk, size, request });
    w.queueTotalSize += size;
    updateBackpressure(w);
    advanceWritable(w);
    return request.promise;
  }

  function closeWritable(w) {
    if (w.state === "closed" || w.state === "errored") {
      return Promise.reject(new TypeError("This WritableStream is closed or errored."));
    }
    if (w.closeRequested) return Promise.reject(new TypeError("This WritableStream is already closing."));
    const request = deferred();
    w.closeRequested = true;
    w.queue.push({ chunk: CLOSE, size: 0, request });
    if (w.backpressure && w.writer !== null && w.state === "writable") w.writer.ready.resolve(undefined);
    w.backpressure = false;
    advanceWritable(w);
    return request.promise;
  }

  function abortWritable(w, reason) {
    if (w.state === "closed" || w.state === "errored") return Promise.resolve(undefined);
    if (w.pendingAbort !== null) return w.pendingAbort.promise;
    w.signalController?.abort(reason);
    const request = deferred();
    request.reason = reason;
    w.pendingAbort = request;
    errorWritable(w, reason);
    return request.promise;
  }

  class WritableStreamDefaultController {
    constructor() { throw new TypeError(ILLEGAL); }
    get signal() { return record(writableControllers, this, "WritableStreamDefaultController").signalController.signal; }
    error(error) {
      const w = record(writableControllers, this, "WritableStreamDefaultController");
      if (w.state === "writable") errorWritable(w, error);
    }
  }

  class WritableStreamDefaultWriter {
    constructor(stream) {
      const w = record(writables, stream, "WritableStream");
      if (w.writer !== null) throw new TypeError(LOCKED_WRITER);
      const r = { stream: w, ready: deferred(), closed: deferred() };
      w.writer = r;
      if (w.state === "writable") {
        if (!w.backpressure || w.closeRequested) r.ready.resolve(undefined);
      } else if (w.state === "erroring") {
        r.ready.reject(w.storedError);
        handled(r.ready.promise);
      } else if (w.state === "closed") {
        r.ready.resolve(undefined);
        r.closed.resolve(undefined);
      } else {
        r.ready.reject(w.storedError);
        r.closed.reject(w.storedError);
        handled(r.ready.promise);
        handled(r.closed.promise);
      }
      writers.set(this, r);
    }
    get closed() { return record(writers, this, "WritableStreamDefaultWriter").closed.promise; }
    get ready() { return record(writers, this, "WritableStreamDefaultWriter").ready.promise; }
    get desiredSize() {
      const r = record(writers, this, "WritableStreamDefaultWriter");
      if (r.stream === null) throw new TypeError("This writer has been released.");
      return writableDesiredSize(r.stream);
    }
    write(chunk = undefined) {
      const r = writers.get(this);
      if (r === undefined || r.stream === null) return Promise.reject(new TypeError("This writer has been released."));
      return writeTo(r.stream, chunk);
    }
    close() {
      const r = writers.get(this);
      if (r === undefined || r.stream === null) return Promise.reject(new TypeError("This writer has been released."));
      return closeWritable(r.stream);
    }
    abort(reason = undefined) {
      const r = writers.get(this);
      if (r === undefined || r.stream === null) return Promise.reject(new TypeError("This writer has been released."));
      return abortWritable(r.stream, reason);
    }
    releaseLock() {
      const r = record(writers, this, "WritableStreamDefaultWriter");
      const w = r.stream;
      if (w === null) return;
      const error = new TypeError("This writer's lock was released.");
      rejectReady(r, error);
      r.closed.reject(error);
      const closed = deferred();
      closed.reject(error);
      handled(closed.promise);
      handled(r.closed.promise);
      r.closed = closed;
      w.writer = null;
      r.stream = null;
    }
  }

  class WritableStream {
    constructor(underlyingSink = undefined, strategy = undefined) {
      const sink = underlyingSink === null ? undefined : underlyingSink;
      if (sink?.type !== undefined) throw new RangeError("The underlying sink's type must be undefined.");
      const { hwm, size } = strategyOf(strategy, 1);
      const controller = Object.create(WritableStreamDefaultController.prototype);
      const { AbortController } = host.load("events");
      const w = {
        state: "writable", storedError: undefined, writer: null, queue: [], queueTotalSize: 0, hwm, size,
        started: false, inFlight: null, closeRequested: false, pendingAbort: null, backpressure: false,
        signalController: new AbortController(),
        write: (chunk) => promiseCall(sink, "write", [chunk, controller]),
        close: () => promiseCall(sink, "close", []),
        abort: (reason) => promiseCall(sink, "abort", [reason]),
      };
      writables.set(this, w);
      writableControllers.set(controller, w);
      updateBackpressure(w);
      Promise.resolve(call(sink, "start", [controller])).then(
        () => {
          w.started = true;
          advanceWritable(w);
        },
        (error) => {
          w.started = true;
          errorWritable(w, error);
        },
      );
    }
    get locked() { return record(writables, this, "WritableStream").writer !== null; }
    abort(reason = undefined) {
      const w = writables.get(this);
      if (w === undefined) return Promise.reject(new TypeError("Illegal invocation"));
      if (w.writer !== null) return Promise.reject(new TypeError(LOCKED_WRITER));
      return abortWritable(w, reason);
    }
    close() {
      const w = writables.get(this);
      if (w === undefined) return Promise.reject(new TypeError("Illegal invocation"));
      if (w.writer !== null) return Promise.reject(new TypeError(LOCKED_WRITER));
      return closeWritable(w);
    }
    getWriter() { return new WritableStreamDefaultWriter(this); }
  }

  // ---------------------------------------------------------------- TransformStream

  class TransformStreamDefaultController {
    constructor() { throw new TypeError(ILLEGAL); }
    get desiredSize() { return record(transformControllers, this, "TransformStreamDefaultController").readable.desiredSize; }
    enqueue(chunk) {
      const t = record(transformControllers, this, "TransformStreamDefaultController");
      try {
        t.readable.enqueue(chunk);
      } catch (error) {
        t.errorWritable(error);
        throw t.readableRecord().storedError ?? error;
      }
      t.setBackpressure(t.readable.desiredSize <= 0);
    }
    error(reason) {
      const t = record(transformControllers, this, "TransformStreamDefaultController");
      t.error(reason);
    }
    terminate() {
      const t = record(transformControllers, this, "TransformStreamDefaultController");
      if (t.readableRecord().state === "readable" && canCloseOrEnqueue(t.readableRecord().controller)) t.readable.close();
      t.errorWritable(new TypeError("The transform stream has been terminated."));
    }
  }

  class TransformStream {
    constructor(transformer = undefined, writableStrategy = undefined, readableStrategy = undefined) {
      const source = transformer === null ? undefined : transformer;
      if (source?.readableType !== undefined) throw new RangeError("readableType must be undefined.");
      if (source?.writableType !== undefined) throw new RangeError("writableType must be undefined.");
      const controller = Object.create(TransformStreamDefaultController.prototype);
      let readableController;
      let backpressure;
      let backpressureChange = deferred();
      const started = deferred();
      const t = {
        readable: null,
        readableRecord: () => streams.get(readable),
        setBackpressure(value) {
          if (backpressure === value) return;
          backpressureChange.resolve(undefined);
          backpressureChange = deferred();
          backpressure = value;
        },
        errorWritable(error) {
          const w = writables.get(writable);
          if (w.state === "writable") errorWritable(w, error);
          if (backpressure) t.setBackpressure(false);
        },
        error(error) {
          const r = streams.get(readable);
          if (r.state === "readable") errorReadable(r.controller, error);
          t.errorWritable(error);
        },
      };
      const transform = typeof source?.transform === "function"
        ? (chunk) => promiseCall(source, "transform", [chunk, controller])
        : (chunk) => {
          try {
            controller.enqueue(chunk);
            return Promise.resolve();
          } catch (error) {
            return Promise.reject(error);
          }
        };
      const writable = new WritableStream({
        start: () => started.promise,
        write(chunk) {
          const go = () => transform(chunk).then(undefined, (error) => {
            t.error(error);
            throw error;
          });
          if (backpressure) {
            return backpressureChange.promise.then(() => {
              const w = writables.get(writable);
              if (w.state === "erroring") throw w.storedError;
              return go();
            });
          }
          return go();
        },
        close() {
          return promiseCall(source, "flush", [controller]).then(
            () => {
              const r = streams.get(readable);
              if (r.state === "errored") throw r.storedError;
              if (canCloseOrEnqueue(r.controller)) readableController.close();
            },
            (error) => {
              t.error(error);
              throw error;
            },
          );
        },
        abort(reason) {
          return promiseCall(source, "cancel", [reason]).then(() => {
            const r = streams.get(readable);
            if (r.state === "readable") errorReadable(r.controller, reason);
          });
        },
      }, writableStrategy);
      const readable = new ReadableStream({
        start(c) {
          readableController = c;
          return started.promise;
        },
        pull() {
          t.setBackpressure(false);
          return backpressureChange.promise;
        },
        cancel(reason) {
          return promiseCall(source, "cancel", [reason]).then(() => {
            t.errorWritable(reason);
          });
        },
      }, { highWaterMark: readableStrategy?.highWaterMark ?? 0, size: readableStrategy?.size });
      t.readable = readableController;
      t.setBackpressure(true);
      transforms.set(this, { readable, writable });
      transformControllers.set(controller, t);
      Promise.resolve(call(source, "start", [controller])).then(started.resolve, (error) => {
        started.reject(error);
      });
    }
    get readable() { return record(transforms, this, "TransformStream").readable; }
    get writable() { return record(transforms, this, "TransformStream").writable; }
  }

  // ---------------------------------------------------------------- strategies

  function highWaterMarkOf(init, name) {
    if (init === null || typeof init !== "object" || init.highWaterMark === undefined) {
      throw new TypeError(`Failed to construct '${name}': the highWaterMark member is required.`);
    }
    return Number(init.highWaterMark);
  }
  const hwms = new WeakMap();
  class ByteLengthQueuingStrategy {
    constructor(init) { hwms.set(this, highWaterMarkOf(init, "ByteLengthQueuingStrategy")); }
    get highWaterMark() { return record(hwms, this, "ByteLengthQueuingStrategy"); }
    get size() { return byteLengthSize; }
  }
  const byteLengthSize = function size(chunk) { return chunk.byteLength; };
  class CountQueuingStrategy {
    constructor(init) { hwms.set(this, highWaterMarkOf(init, "CountQueuingStrategy")); }
    get highWaterMark() { return record(hwms, this, "CountQueuingStrategy"); }
    get size() { return countSize; }
  }
  const countSize = function size() { return 1; };

  // ---------------------------------------------------------------- Workers transforms

  // A class whose instances carry a TransformStream's two sides, read through
  // TransformStream.prototype's getters (the prototype these classes chain to, as
  // workerd's do).
  function sides(object, transformer) {
    const stream = new TransformStream(transformer);
    transforms.set(object, { readable: stream.readable, writable: stream.writable });
  }

  function byteChunk(chunk, what) {
    if (!isBufferSource(chunk)) {
      throw new TypeError(`${what}: the chunk must be an ArrayBuffer or ArrayBufferView.`);
    }
    return toBytes(chunk);
  }

  const textEncoders = new WeakMap();
  class TextEncoderStream {
    constructor() {
      const encoder = new TextEncoder();
      let pending = ""; // a high surrogate waiting for its pair
      sides(this, {
        transform(chunk, controller) {
          let text = pending + String(chunk);
          pending = "";
          const last = text.charCodeAt(text.length - 1);
          if (last >= 0xd800 && last <= 0xdbff) {
            pending = text.slice(-1);
            text = text.slice(0, -1);
          }
          if (text.length > 0) controller.enqueue(encoder.encode(text));
        },
        flush(controller) {
          if (pending !== "") controller.enqueue(new Uint8Array([0xef, 0xbf, 0xbd]));
        },
      });
      textEncoders.set(this, true);
    }
    get encoding() { record(textEncoders, this, "TextEncoderStream"); return "utf-8"; }
  }
  Object.setPrototypeOf(TextEncoderStream.prototype, TransformStream.prototype);

  const textDecoders = new WeakMap();
  class TextDecoderStream {
    constructor(label = "utf-8", options = undefined) {
      const decoder = new TextDecoder(label, options);
      sides(this, {
        transform(chunk, controller) {
          const text = decoder.decode(byteChunk(chunk, "TextDecoderStream"), { stream: true });
          if (text !== "") controller.enqueue(text);
        },
        flush(controller) {
          const text = decoder.decode();
          if (text !== "") controller.enqueue(text);
        },
      });
      textDecoders.set(this, decoder);
    }
    get encoding() { return record(textDecoders, this, "TextDecoderStream").encoding; }
    get fatal() { return record(textDecoders, this, "TextDecoderStream").fatal; }
    get ignoreBOM() { return record(textDecoders, this, "TextDecoderStream").ignoreBOM; }
  }
  Object.setPrototypeOf(TextDecoderStream.prototype, TransformStream.prototype);

  const FORMATS = ["gzip", "deflate", "deflate-raw"];
  function codecTransformer(format, decompress, name) {
    const kind = String(format);
    if (!FORMATS.includes(kind)) {
      throw new TypeError(`Failed to construct '${name}': Unsupported compression format: '${kind}'`);
    }
    const codec = host.compress(kind, decompress);
    return {
      transform(chunk, controller) {
        const out = codec.write(byteChunk(chunk, name));
        if (out.byteLength > 0) controller.enqueue(out);
      },
      flush(controller) {
        const out = codec.finish();
        if (out.byteLength > 0) controller.enqueue(out);
      },
    };
  }
  class CompressionStream {
    constructor(format) { sides(this, codecTransformer(format, false, "CompressionStream")); }
  }
  Object.setPrototypeOf(CompressionStream.prototype, TransformStream.prototype);
  class DecompressionStream {
    constructor(format) { sides(this, codecTransformer(format, true, "DecompressionStream")); }
  }
  Object.setPrototypeOf(DecompressionStream.prototype, TransformStream.prototype);

  // workerd's byte pass-through: the readable side yields exactly the bytes written.
  class IdentityTransformStream extends TransformStream {
    constructor() {
      super({
        transform(chunk, controller) {
          const bytes = byteChunk(chunk, "IdentityTransformStream");
          if (bytes.byteLength > 0) controller.enqueue(bytes.slice());
        },
      });
    }
  }

  // An identity byte transform that must see exactly `expectedLength` bytes.
  class FixedLengthStream extends TransformStream {
    constructor(expectedLength) {
      const expected = Number(expectedLength);
      if (!Number.isInteger(expected) || expected < 0) {
        throw new TypeError("FixedLengthStream requires a non-negative integer expected length.");
      }
      let seen = 0;
      super({
        transform(chunk, controller) {
          const bytes = byteChunk(chunk, "FixedLengthStream");
          seen += bytes.byteLength;
          if (seen > expected) throw new TypeError("Attempt to write too many bytes through a FixedLengthStream.");
          if (bytes.byteLength > 0) controller.enqueue(bytes.slice());
        },
        flush() {
          if (seen < expected) throw new TypeError("FixedLengthStream did not see all expected bytes before close().");
        },
      });
    }
  }

  // ---------------------------------------------------------------- host helpers

  // A byte stream over a host body: nothing is read until the consumer reads.
  function fromSource(source) {
    const stream = new ReadableStream({
      type: "bytes",
      pull(controller) {
        const next = () => source.read().then(({ value, done }) => {
          if (done) controller.close();
          else if (value.byteLength > 0) controller.enqueue(value);
          else return next();
        });
        return next();
      },
      cancel(reason) {
        return source.cancel(reason);
      },
    }, { highWaterMark: 0 });
    hostSources.set(stream, source);
    if (source.length !== undefined) streams.get(stream).length = BigInt(source.length);
    return stream;
  }

  // What workerd's console shows of a stream beside `locked`: [state, supportsBYOB, length].
  function inspectSlots(stream) {
    const s = streams.get(stream);
    if (s === undefined) return undefined;
    return [s.state, Boolean(s.controller && s.controller.bytes), s.length];
  }

  function hostSource(stream) {
    const s = streams.get(stream);
    if (s === undefined || s.reader !== null || s.disturbed) return null;
    return hostSources.get(stream) ?? null;
  }

  function readAll(stream) {
    const s = streams.get(stream);
    if (s === undefined) return Promise.reject(new TypeError("Illegal invocation"));
    if (s.reader !== null) return Promise.reject(new TypeError(LOCKED_READER));
    const reader = stream.getReader();
    const chunks = [];
    let total = 0;
    const next = () => reader.read().then(({ value, done }) => {
      if (done) {
        const all = new Uint8Array(total);
        let offset = 0;
        for (const chunk of chunks) {
          all.set(chunk, offset);
          offset += chunk.byteLength;
        }
        return all;
      }
      if (!isBufferSource(value)) {
        const error = new TypeError("This ReadableStream did not return bytes.");
        reader.cancel(error).then(undefined, () => {});
        throw error;
      }
      const bytes = toBytes(value);
      chunks.push(bytes.slice());
      total += bytes.byteLength;
      return next();
    });
    return next();
  }

  function isReadableStream(value) {
    return streams.has(value);
  }

  function isDisturbed(stream) {
    return record(streams, stream, "ReadableStream").disturbed;
  }

  // Their members are enumerable, as WebIDL (and workerd) has them.
  host.webidlMembers(
    ReadableStream, ReadableStreamDefaultReader, ReadableStreamBYOBReader, ReadableStreamDefaultController,
    ReadableByteStreamController, ReadableStreamBYOBRequest, WritableStream, WritableStreamDefaultWriter,
    WritableStreamDefaultController, TransformStream, TransformStreamDefaultController, ByteLengthQueuingStrategy,
    CountQueuingStrategy, TextEncoderStream, TextDecoderStream, IdentityTransformStream, FixedLengthStream,
    CompressionStream, DecompressionStream,
  );

  return {
    ReadableStream, ReadableStreamDefaultReader, ReadableStreamBYOBReader, ReadableStreamDefaultController,
    ReadableByteStreamController, ReadableStreamBYOBRequest, WritableStream, WritableStreamDefaultWriter,
    WritableStreamDefaultController, TransformStream, TransformStreamDefaultController, ByteLengthQueuingStrategy,
    CountQueuingStrategy, TextEncoderStream, TextDecoderStream, IdentityTransformStream, FixedLengthStream,
    CompressionStream, DecompressionStream,
    fromSource, hostSource, readAll, isReadableStream, isDisturbed, inspectSlots,
  };
})
