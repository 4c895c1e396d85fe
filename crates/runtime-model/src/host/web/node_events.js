// node:events for crosstalk, after workerd's: EventEmitter as a constructor function (so
// `EventEmitter.call(this)` and util.inherits-style subclasses work), with
// 'newListener'/'removeListener', errorMonitor, captureRejections, the module's helpers
// (once, on, getEventListeners, addAbortListener…), and the async context classes
// (AsyncLocalStorage, AsyncResource) that EventEmitterAsyncResource and node:async_hooks
// share. `errors` builds Node's internal errors (codes, messages) for crosstalk's node:
// modules.
(function (host) {
  "use strict";

  // Node's internal errors as workerd builds them: an Error (or a TypeError/RangeError by
  // prototype) with own `code` and `name`, and a toString of "Name [CODE]: message".
  // Shared with crosstalk's other node: modules through the `errors` field below.
  const nodeErrorClasses = new Map();
  class NodeErrorAbstraction extends Error {
    constructor(name, code, message) {
      super(message);
      this.code = code;
      this.name = name;
    }
    toString() {
      return `${this.name} [${this.code}]: ${this.message}`;
    }
  }
  class NodeError extends NodeErrorAbstraction {
    constructor(code, message) {
      super("Error", code, message);
    }
  }
  function nodeError(code, message, kind = "Error") {
    if (kind === "Error") {
      let Class = nodeErrorClasses.get(code);
      if (Class === undefined) {
        Class = {
          [code]: class extends NodeError {
            constructor(text) {
              super(code, text);
            }
          },
        }[code];
        nodeErrorClasses.set(code, Class);
      }
      return new Class(message);
    }
    const error = new NodeErrorAbstraction(kind, code, message);
    const prototypes = { TypeError: TypeError.prototype, RangeError: RangeError.prototype, SyntaxError: SyntaxError.prototype };
    Object.setPrototypeOf(error, prototypes[kind]);
    error.toString = function () {
      return `${this.name} [${this.code}]: ${this.message}`;
    };
    return error;
  }
  const TYPE_NAMES = ["string", "function", "number", "object", "Function", "Object", "boolean", "bigint", "symbol"];
  const CLASS_NAME = /^([A-Z][a-z0-9]*)+$/;
  function listOf(words, article) {
    if (words.length > 2) return `${article}${words.slice(0, -1).join(", ")}, or ${words[words.length - 1]}`;
    if (words.length === 2) return `${article}${words[0]} or ${words[1]}`;
    return `${article}${words[0]}`;
  }
  function expectedText(name, expected) {
    const list = Array.isArray(expected) ? expected : [expected];
    let text = "The ";
    if (name.endsWith(" argument")) text += `${name} `;
    else text += `"${name}" ${name.includes(".") ? "property" : "argument"} `;
    text += "must be ";
    const types = [];
    const instances = [];
    const other = [];
    for (const value of list) {
      if (TYPE_NAMES.includes(value)) types.push(value.toLowerCase());
      else if (CLASS_NAME.test(value)) instances.push(value);
      else other.push(value);
    }
    if (instances.length > 0 && types.includes("object")) {
      types.splice(types.indexOf("object"), 1);
      instances.push("Object");
    }
    const parts = [];
    if (types.length > 0) parts.push(types.length === 1 ? `of type ${types[0]}` : listOf(types, "one of type "));
    if (instances.length > 0) {
      parts.push(
        instances.length > 2
          ? listOf(instances, "an instance of ")
          : `an instance of ${instances[0]}${instances.length === 2 ? ` or ${instances[1]}` : ""}`,
      );
    }
    if (other.length > 0) {
      if (other.length === 1) parts.push(`${other[0].toLowerCase() !== other[0] ? "an " : ""}${other[0]}`);
      else parts.push(listOf(other, "one of "));
    }
    return text + parts.join(" or ");
  }
  function received(value) {
    if (value === null || value === undefined) return ` Received ${value}`;
    if (typeof value === "function" && value.name) return ` Received function ${value.name}`;
    if (typeof value === "object") {
      if (value.constructor?.name) return ` Received an instance of ${value.constructor.name}`;
      return ` Received ${host.inspect(value)}`;
    }
    let shown = host.inspect(value);
    if (shown.length > 25) shown = `${shown.slice(0, 25)}...`;
    return ` Received type ${typeof value} (${shown})`;
  }
  function specificType(value) {
    if (value === null || value === undefined) return `${value}`;
    if (typeof value === "function" && value.name) return `function ${value.name}`;
    if (typeof value === "object") {
      if (value.constructor?.name) return `an instance of ${value.constructor.name}`;
      return host.inspect(value);
    }
    let shown = host.inspect(value);
    if (shown.length > 28) shown = `${shown.slice(0, 25)}...`;
    return `type ${typeof value} (${shown})`;
  }
  class ERR_OUT_OF_RANGE extends RangeError {
    constructor(message) {
      super(message);
      this.code = "ERR_OUT_OF_RANGE";
      this.name = "RangeError";
    }
  }
  function withSeparators(text) {
    let out = "";
    let i = text.length;
    const start = text[0] === "-" ? 1 : 0;
    for (; i >= start + 4; i -= 3) out = `_${text.slice(i - 3, i)}${out}`;
    return `${text.slice(0, i)}${out}`;
  }
  const errors = {
    nodeError,
    invalidArgType: (name, expected, actual) =>
      nodeError("ERR_INVALID_ARG_TYPE", `${expectedText(name, expected)}.${received(actual)}`, "TypeError"),
    invalidArgValue: (name, value, reason = "is invalid") =>
      nodeError(
        "ERR_INVALID_ARG_VALUE",
        `The ${name.includes(".") ? "property" : "argument"} '${name}' ${reason}. Received ${host.inspect(value)}`,
        "TypeError",
      ),
    outOfRange(name, range, input) {
      let shown;
      if (Number.isInteger(input) && Math.abs(input) > 2 ** 32) shown = withSeparators(String(input));
      else if (typeof input === "bigint") {
        shown = String(input);
        if (input > 2n ** 32n || input < -(2n ** 32n)) shown = withSeparators(shown);
        shown += "n";
      } else shown = host.inspect(input);
      return new ERR_OUT_OF_RANGE(`The value of "${name}" is out of range. It must be ${range}. Received ${shown}`);
    },
    missingArgs(...names) {
      const shown = names.map((a) => (Array.isArray(a) ? a.map((x) => `"${x}"`).join(" or ") : `"${a}"`));
      let text = "The ";
      if (shown.length === 1) text += `${shown[0]} argument`;
      else if (shown.length === 2) text += `${shown[0]} and ${shown[1]} arguments`;
      else text += `${shown.slice(0, -1).join(", ")}, and ${shown[shown.length - 1]} arguments`;
      return nodeError("ERR_MISSING_ARGS", `${text} must be specified`, "TypeError");
    },
    invalidReturnValue: (input, name, value) =>
      nodeError(
        "ERR_INVALID_RETURN_VALUE",
        `Expected ${input} to be returned from the "${name}" function but got ${specificType(value)}.`,
        "TypeError",
      ),
    methodNotImplemented: (name) =>
      nodeError(
        "ERR_METHOD_NOT_IMPLEMENTED",
        `The ${typeof name === "symbol" ? name.description : name} method is not implemented`,
      ),
    unknownEncoding: (encoding) => nodeError("ERR_UNKNOWN_ENCODING", `Unknown encoding: ${encoding}`, "TypeError"),
    abortError: (message, options) => new AbortError(message, options),
    AbortError: null,
    aggregateTwoErrors(inner, outer) {
      if (inner && outer && inner !== outer) {
        if (Array.isArray(outer.errors)) {
          outer.errors.push(inner);
          return outer;
        }
        const error = new AggregateError([outer, inner], outer.message);
        error.code = outer.code;
        return error;
      }
      return inner || outer;
    },
    validateObject(value, name) {
      if (value === null || Array.isArray(value) || typeof value !== "object") {
        throw errors.invalidArgType(name, "Object", value);
      }
    },
    validateFunction(value, name) {
      if (typeof value !== "function") throw errors.invalidArgType(name, "Function", value);
    },
    validateString(value, name) {
      if (typeof value !== "string") throw errors.invalidArgType(name, "string", value);
    },
    validateBoolean(value, name) {
      if (typeof value !== "boolean") throw errors.invalidArgType(name, "boolean", value);
    },
    validateArray(value, name, minLength = 0) {
      if (!Array.isArray(value)) throw errors.invalidArgType(name, "Array", value);
      if (value.length < minLength) throw errors.invalidArgValue(name, value, `must be longer than ${minLength}`);
    },
    validateInteger(value, name, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER) {
      if (typeof value !== "number") throw errors.invalidArgType(name, "number", value);
      if (!Number.isInteger(value)) throw errors.outOfRange(name, "an integer", value);
      if (value < min || value > max) throw errors.outOfRange(name, `>= ${min} && <= ${max}`, value);
    },
    validateNumber(value, name, min, max) {
      if (typeof value !== "number") throw errors.invalidArgType(name, "number", value);
      if (
        (min != null && value < min) ||
        (max != null && value > max) ||
        ((min != null || max != null) && Number.isNaN(value))
      ) {
        const range = `${min != null ? `>= ${min}` : ""}${min != null && max != null ? " && " : ""}${max != null ? `<= ${max}` : ""}`;
        throw errors.outOfRange(name, range, value);
      }
    },
    validateUint32(value, name, positive) {
      if (value !== value >>> 0) {
        if (typeof value !== "number") throw errors.invalidArgType(name, "number", value);
        if (!Number.isInteger(value)) throw errors.outOfRange(name, "an integer", value);
        throw errors.outOfRange(name, `>= ${positive ? 1 : 0} && < 4294967296`, value);
      }
      if (positive && value === 0) throw errors.outOfRange(name, ">= 1 && < 4294967296", value);
    },
    validateOneOf(value, name, oneOf) {
      if (!oneOf.includes(value)) {
        const allowed = oneOf.map((v) => (typeof v === "string" ? `'${v}'` : String(v))).join(", ");
        throw errors.invalidArgValue(name, value, `must be one of: ${allowed}`);
      }
    },
    validateStringArray(value, name) {
      errors.validateArray(value, name);
      for (let i = 0; i < value.length; ++i) {
        if (typeof value[i] !== "string") throw errors.invalidArgType(`${name}[${i}]`, "string", value[i]);
      }
    },
    validateAbortSignal(signal, name) {
      if (signal !== undefined && (signal === null || typeof signal !== "object" || !("aborted" in signal))) {
        throw errors.invalidArgType(name, "AbortSignal", signal);
      }
    },
  };

  const nextTick = (fn, ...args) => queueMicrotask(() => fn(...args));
  const disposeSymbol = Symbol.dispose ?? Symbol.for("nodejs.dispose");

  class AbortError extends Error {
    constructor(message = "The operation was aborted", options = undefined) {
      if (options !== undefined && typeof options !== "object") {
        throw errors.invalidArgType("options", "Object", options);
      }
      super(message, options);
      this.code = "ABORT_ERR";
      this.name = "AbortError";
    }
  }
  errors.AbortError = AbortError;

  // -------------------------------------------------------------------------------------
  // Async context: AsyncLocalStorage and AsyncResource over the runtime's context frames
  // (a frame is a Map from storage to value; the runtime carries the current one across
  // continuations, as workerd's AsyncContextFrame).

  const asyncContext = globalThis[Symbol.for("crosstalk.asyncContext")];

  function inFrame(frame, fn, thisArg, args) {
    const previous = asyncContext.get();
    asyncContext.set(frame);
    try {
      return Reflect.apply(fn, thisArg, args);
    } finally {
      asyncContext.set(previous);
    }
  }

  function notFunction(method, className, position) {
    return new TypeError(
      `Failed to execute '${method}' on '${className}': parameter ${position} is not of type 'function'.`,
    );
  }

  // A function wrapped by the runtime (as workerd's are: native functions, whose receiver
  // is the global object when called with none).
  function boundToFrame(frame, fn, thisArg) {
    return function (...args) {
      return inFrame(frame, fn, thisArg === undefined ? (this ?? globalThis) : thisArg, args);
    };
  }

  class AsyncLocalStorage {
    #defaultValue;
    #name;
    constructor(options = undefined) {
      if (options !== undefined && options !== null) {
        this.#defaultValue = options.defaultValue;
        this.#name = options.name === undefined ? undefined : String(options.name);
      }
    }

    get name() {
      return this.#name ?? "";
    }

    run(store, callback, ...args) {
      if (typeof callback !== "function") throw notFunction("run", "AsyncLocalStorage", 2);
      const frame = new Map(asyncContext.get() ?? []);
      frame.set(this, store);
      return inFrame(frame, callback, globalThis, args);
    }

    exit(callback, ...args) {
      if (typeof callback !== "function") throw notFunction("exit", "AsyncLocalStorage", 1);
      return this.run(undefined, callback, ...args);
    }

    getStore() {
      const frame = asyncContext.get();
      if (frame && frame.has(this)) return frame.get(this);
      return this.#defaultValue;
    }

    enterWith() {
      throw new Error("asyncLocalStorage.enterWith() is not implemented");
    }

    disable() {
      throw new Error("asyncLocalStorage.disable() is not implemented");
    }

    static bind(fn) {
      if (typeof fn !== "function") throw notFunction("bind", "AsyncLocalStorage", 1);
      return boundToFrame(asyncContext.get(), fn, undefined);
    }

    static snapshot() {
      const frame = asyncContext.get();
      return function (fn, ...args) {
        if (typeof fn !== "function") throw notFunction("snapshot", "AsyncLocalStorage", 1);
        return inFrame(frame, fn, this ?? globalThis, args);
      };
    }
  }
  for (const name of ["bind", "snapshot"]) {
    Object.defineProperty(AsyncLocalStorage, name, { enumerable: true });
  }

  class AsyncResource {
    #frame;
    constructor(type = undefined, options = undefined) {
      if (options !== undefined && options !== null && options.triggerAsyncId !== undefined) {
        throw new Error("The 'triggerAsyncId' field on 'Options' is not implemented.");
      }
      this.#frame = asyncContext.get();
    }

    runInAsyncScope(fn, thisArg = undefined, ...args) {
      if (typeof fn !== "function") throw notFunction("runInAsyncScope", "AsyncResource", 1);
      return inFrame(this.#frame, fn, thisArg === undefined ? globalThis : thisArg, args);
    }

    bind(fn, thisArg = undefined) {
      if (typeof fn !== "function") throw notFunction("bind", "AsyncResource", 1);
      const bound = boundToFrame(this.#frame, fn, thisArg);
      bound.asyncResource = this;
      return bound;
    }

    asyncId() {
      return 0;
    }

    triggerAsyncId() {
      return 0;
    }

    emitDestroy() {}

    static bind(fn, type = undefined, thisArg = undefined) {
      return new AsyncResource(type === undefined ? "AsyncResource" : type).bind(fn, thisArg);
    }
  }
  Object.defineProperty(AsyncResource, "bind", { enumerable: true });

  // -------------------------------------------------------------------------------------
  // EventEmitter, a constructor function (EventEmitter.call(this) and util.inherits work)

  const kRejection = Symbol.for("nodejs.rejection");
  const kCapture = Symbol("kCapture");
  const kErrorMonitor = Symbol("events.errorMonitor");
  const kMaxEventTargetListeners = Symbol("events.maxEventTargetListeners");
  const kMaxEventTargetListenersWarned = Symbol("events.maxEventTargetListenersWarned");

  let defaultMaxListeners = 10;
  // node:events' `defaultMaxListeners` export follows the value (a live binding).
  const defaultMaxListenersObservers = [];
  function updateDefaultMaxListeners(value) {
    defaultMaxListeners = value;
    for (const observe of defaultMaxListenersObservers) observe(value);
  }

  function EventEmitter(opts) {
    EventEmitter.init.call(this, opts);
    return this;
  }

  class EventEmitterReferencingAsyncResource extends AsyncResource {
    #eventEmitter;
    constructor(emitter) {
      super("");
      this.#eventEmitter = emitter;
    }

    get eventEmitter() {
      if (this.#eventEmitter === undefined) {
        throw errors.nodeError(
          "ERR_INVALID_THIS",
          'Value of "this" must be of type EventEmitterReferencingAsyncResource',
          "TypeError",
        );
      }
      return this.#eventEmitter;
    }
  }

  class EventEmitterAsyncResource extends EventEmitter {
    #asyncResource;
    constructor(options = undefined) {
      super(options);
      this.#asyncResource = new EventEmitterReferencingAsyncResource(this);
    }

    get asyncResource() {
      return this.#asyncResource;
    }

    emit(event, ...args) {
      args.unshift(super.emit, this, event);
      Reflect.apply(this.#asyncResource.runInAsyncScope, this.#asyncResource, args);
      return true;
    }
  }

  function addAbortListener(signal, listener) {
    if (signal === undefined) throw errors.invalidArgType("signal", "AbortSignal", signal);
    errors.validateAbortSignal(signal, "signal");
    errors.validateFunction(listener, "listener");
    let remove;
    if (signal.aborted) {
      queueMicrotask(() => listener());
    } else {
      signal.addEventListener("abort", listener, { once: true });
      remove = () => {
        signal.removeEventListener("abort", listener);
      };
    }
    return {
      __proto__: null,
      [disposeSymbol]() {
        remove?.();
      },
    };
  }

  Object.defineProperties(EventEmitter, {
    captureRejections: {
      get() {
        return EventEmitter.prototype[kCapture];
      },
      set(value) {
        errors.validateBoolean(value, "EventEmitter.captureRejections");
        EventEmitter.prototype[kCapture] = value;
      },
      enumerable: true,
      configurable: true,
    },
    defaultMaxListeners: {
      enumerable: true,
      configurable: true,
      get() {
        return defaultMaxListeners;
      },
      set(value) {
        if (typeof value !== "number" || value < 0 || Number.isNaN(value)) {
          throw errors.outOfRange("defaultMaxListeners", "a non-negative number", value);
        }
        updateDefaultMaxListeners(value);
      },
    },
    kMaxEventTargetListeners: { value: kMaxEventTargetListeners },
    kMaxEventTargetListenersWarned: { value: kMaxEventTargetListenersWarned },
  });

  Object.defineProperty(EventEmitter.prototype, kCapture, { value: false, writable: true });

  EventEmitter.init = function (opts) {
    if (this._events === undefined || this._events === Object.getPrototypeOf(this)._events) {
      this._events = Object.create(null);
      this._eventsCount = 0;
    }
    this._maxListeners ??= undefined;
    this.domain = null;
    if (opts?.captureRejections) {
      errors.validateBoolean(opts.captureRejections, "options.captureRejections");
      this[kCapture] = Boolean(opts.captureRejections);
    } else {
      this[kCapture] = EventEmitter.prototype[kCapture];
    }
  };

  function setMaxListeners(n = defaultMaxListeners, ...eventTargets) {
    if (typeof n !== "number" || n < 0 || Number.isNaN(n)) throw errors.outOfRange("n", "a non-negative number", n);
    if (eventTargets.length === 0) {
      updateDefaultMaxListeners(n);
      return;
    }
    for (const target of eventTargets) {
      if (typeof EventTarget === "function" && target instanceof EventTarget) {
        target[kMaxEventTargetListeners] = n;
        target[kMaxEventTargetListenersWarned] = false;
      } else if (typeof target.setMaxListeners === "function") {
        target.setMaxListeners(n);
      } else {
        throw errors.invalidArgType("eventTargets", ["EventEmitter", "EventTarget"], target);
      }
    }
  }

  EventEmitter.prototype._events = undefined;
  EventEmitter.prototype._eventsCount = 0;
  EventEmitter.prototype._maxListeners = undefined;

  function addCatch(that, promise, type, args) {
    if (!that[kCapture]) return;
    try {
      const then = promise.then;
      if (typeof then === "function") {
        then.call(promise, undefined, (err) => {
          nextTick(emitUnhandledRejectionOrErr, that, err, type, args);
        });
      }
    } catch (err) {
      that.emit("error", err);
    }
  }

  function emitUnhandledRejectionOrErr(ee, err, type, args) {
    if (typeof ee[kRejection] === "function") {
      ee[kRejection](err, type, ...args);
    } else {
      const previous = ee[kCapture];
      try {
        ee[kCapture] = false;
        ee.emit("error", err);
      } finally {
        ee[kCapture] = previous;
      }
    }
  }

  function maxListenersOf(that) {
    return that._maxListeners === undefined ? EventEmitter.defaultMaxListeners : that._maxListeners;
  }

  const proto = {
    setMaxListeners(n) {
      if (typeof n !== "number" || n < 0 || Number.isNaN(n)) throw errors.outOfRange("n", "a non-negative number", n);
      this._maxListeners = n;
      return this;
    },

    getMaxListeners() {
      return maxListenersOf(this);
    },

    emit(type, ...args) {
      let doError = type === "error";
      const events = this._events;
      if (events !== undefined) {
        if (doError && events[kErrorMonitor] !== undefined) this.emit(kErrorMonitor, ...args);
        doError = doError && events.error === undefined;
      } else if (!doError) {
        return false;
      }
      if (doError) {
        const er = args.length > 0 ? args[0] : undefined;
        if (er instanceof Error) throw er;
        let shown;
        try {
          shown = host.inspect(er);
        } catch {
          shown = er;
        }
        const err = errors.nodeError("ERR_UNHANDLED_ERROR", `Unhandled error. (${shown})`);
        err.context = er;
        throw err;
      }
      const handler = events?.[type];
      if (handler === undefined) return false;
      if (typeof handler === "function") {
        const result = handler.apply(this, args);
        if (result !== undefined && result !== null) addCatch(this, result, type, args);
      } else {
        const len = handler.length;
        const listeners = handler.slice();
        for (let i = 0; i < len; ++i) {
          const result = listeners[i].apply(this, args);
          if (result !== undefined && result !== null) addCatch(this, result, type, args);
        }
      }
      return true;
    },

    addListener(type, listener) {
      return addListener(this, type, listener, false);
    },

    prependListener(type, listener) {
      return addListener(this, type, listener, true);
    },

    once(type, listener) {
      errors.validateFunction(listener, "listener");
      this.on(type, onceWrap(this, type, listener));
      return this;
    },

    prependOnceListener(type, listener) {
      errors.validateFunction(listener, "listener");
      this.prependListener(type, onceWrap(this, type, listener));
      return this;
    },

    removeListener(type, listener) {
      errors.validateFunction(listener, "listener");
      const events = this._events;
      if (events === undefined) return this;
      const list = events[type];
      if (list === undefined) return this;
      if (list === listener || list.listener === listener) {
        if (--this._eventsCount === 0) {
          this._events = Object.create(null);
        } else {
          delete events[type];
          if (events.removeListener) this.emit("removeListener", type, list.listener || listener);
        }
      } else if (typeof list !== "function") {
        let position = -1;
        for (let i = list.length - 1; i >= 0; i--) {
          if (list[i] === listener || list[i].listener === listener) {
            position = i;
            break;
          }
        }
        if (position < 0) return this;
        list.splice(position, 1);
        if (list.length === 1) events[type] = list[0];
        if (events.removeListener !== undefined) this.emit("removeListener", type, listener);
      }
      return this;
    },

    removeAllListeners(type) {
      const events = this._events;
      if (events === undefined) return this;
      if (events.removeListener === undefined) {
        if (arguments.length === 0) {
          this._events = Object.create(null);
          this._eventsCount = 0;
        } else if (events[type] !== undefined) {
          if (--this._eventsCount === 0) this._events = Object.create(null);
          else delete events[type];
        }
        return this;
      }
      if (arguments.length === 0) {
        for (const key of Reflect.ownKeys(events)) {
          if (key === "removeListener") continue;
          this.removeAllListeners(key);
        }
        this.removeAllListeners("removeListener");
        this._events = Object.create(null);
        this._eventsCount = 0;
        return this;
      }
      const listeners = events[type];
      if (typeof listeners === "function") {
        this.removeListener(type, listeners);
      } else if (listeners !== undefined) {
        for (let i = listeners.length - 1; i >= 0; i--) this.removeListener(type, listeners[i]);
      }
      return this;
    },

    listeners(type) {
      return listenersOf(this, type, true);
    },

    rawListeners(type) {
      return listenersOf(this, type, false);
    },

    listenerCount(type) {
      const events = this._events;
      if (events !== undefined) {
        const found = events[type];
        if (typeof found === "function") return 1;
        if (found !== undefined) return found.length;
      }
      return 0;
    },

    eventNames() {
      return this._eventsCount > 0 ? Reflect.ownKeys(this._events || {}) : [];
    },
  };
  for (const [name, method] of Object.entries(proto)) EventEmitter.prototype[name] = method;
  EventEmitter.prototype.on = EventEmitter.prototype.addListener;
  EventEmitter.prototype.off = EventEmitter.prototype.removeListener;

  function addListener(target, type, listener, prepend) {
    errors.validateFunction(listener, "listener");
    let events = target._events;
    let existing;
    if (events === undefined) {
      events = target._events = Object.create(null);
      target._eventsCount = 0;
    } else {
      if (events.newListener !== undefined) {
        target.emit("newListener", type, listener.listener ?? listener);
        events = target._events;
      }
      existing = events[type];
    }
    if (existing === undefined) {
      events[type] = listener;
      ++target._eventsCount;
    } else {
      if (typeof existing === "function") {
        existing = events[type] = prepend ? [listener, existing] : [existing, listener];
      } else if (prepend) {
        existing.unshift(listener);
      } else {
        existing.push(listener);
      }
      const max = maxListenersOf(target);
      if (max > 0 && existing.length > max && !existing.warned) {
        existing.warned = true;
        console.log(
          "Possible EventEmitter memory leak detected. " +
            `${existing.length} ${String(type)} listeners ` +
            "added to an EventEmitter. Use emitter.setMaxListeners() to increase limit",
        );
      }
    }
    return target;
  }

  function onceWrapper() {
    if (!this.fired) {
      this.target.removeListener(this.type, this.wrapFn);
      this.fired = true;
      if (arguments.length === 0) return this.listener.call(this.target);
      return this.listener.apply(this.target, arguments);
    }
    return undefined;
  }

  function onceWrap(target, type, listener) {
    const state = { fired: false, wrapFn: undefined, target, type, listener };
    const wrapped = onceWrapper.bind(state);
    wrapped.listener = listener;
    state.wrapFn = wrapped;
    return wrapped;
  }

  function listenersOf(target, type, unwrap) {
    const events = target._events;
    if (events === undefined) return [];
    const found = events[type];
    if (found === undefined) return [];
    if (typeof found === "function") return unwrap ? [found.listener || found] : [found];
    const copy = found.slice();
    if (unwrap) {
      for (let i = 0; i < copy.length; ++i) {
        if (typeof copy[i].listener === "function") copy[i] = copy[i].listener;
      }
    }
    return copy;
  }

  function listenerCount(emitter, type) {
    if (typeof emitter.listenerCount === "function") return emitter.listenerCount(type);
    return EventEmitter.prototype.listenerCount.call(emitter, type);
  }

  function getEventListeners(emitterOrTarget, type) {
    if (typeof emitterOrTarget.listeners === "function") return emitterOrTarget.listeners(type);
    if (typeof EventTarget === "function" && emitterOrTarget instanceof EventTarget) return [];
    throw errors.invalidArgType("emitter", ["EventEmitter", "EventTarget"], emitterOrTarget);
  }

  function getMaxListeners(that) {
    return maxListenersOf(that);
  }

  function agnosticRemoveListener(emitter, name, listener, flags = undefined) {
    if (typeof emitter.removeListener === "function") emitter.removeListener(name, listener);
    else if (typeof emitter.removeEventListener === "function") emitter.removeEventListener(name, listener, flags);
    else throw errors.invalidArgType("emitter", "EventEmitter", emitter);
  }

  function agnosticAddListener(emitter, name, listener, flags = {}) {
    if (typeof emitter.on === "function") {
      if (flags?.once) emitter.once(name, listener);
      else emitter.on(name, listener);
    } else if (typeof emitter.addEventListener === "function") {
      emitter.addEventListener(name, (arg) => listener(arg), flags);
    } else {
      throw errors.invalidArgType("emitter", "EventEmitter", emitter);
    }
  }

  async function once(emitter, name, options = {}) {
    errors.validateObject(options, "options");
    const { signal } = options;
    errors.validateAbortSignal(signal, "options.signal");
    if (signal?.aborted) throw new AbortError(undefined, { cause: signal.reason });
    return new Promise((resolve, reject) => {
      const errorListener = (err) => {
        emitter.removeListener(name, resolver);
        if (signal != null) agnosticRemoveListener(signal, "abort", abortListener);
        reject(err);
      };
      const resolver = (...args) => {
        if (typeof emitter.removeListener === "function") emitter.removeListener("error", errorListener);
        if (signal != null) agnosticRemoveListener(signal, "abort", abortListener);
        resolve(args);
      };
      agnosticAddListener(emitter, name, resolver, { once: true });
      if (name !== "error" && typeof emitter.once === "function") emitter.once("error", errorListener);
      function abortListener() {
        agnosticRemoveListener(emitter, name, resolver);
        agnosticRemoveListener(emitter, "error", errorListener);
        reject(new AbortError());
      }
      if (signal != null) agnosticAddListener(signal, "abort", abortListener, { once: true });
    });
  }

  const AsyncIteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf(async function* () {}).prototype);

  function on(emitter, event, options = {}) {
    const signal = options?.signal;
    errors.validateAbortSignal(signal, "options.signal");
    if (signal?.aborted) throw new AbortError();
    const unconsumedEvents = [];
    const unconsumedPromises = [];
    let error = null;
    let finished = false;
    const result = (value, done) => ({ value, done });
    const iterator = Object.setPrototypeOf(
      {
        next() {
          const value = unconsumedEvents.shift();
          if (value) return Promise.resolve(result(value, false));
          if (error) {
            const p = Promise.reject(error);
            error = null;
            return p;
          }
          if (finished) return Promise.resolve(result(undefined, true));
          return new Promise((resolve, reject) => {
            unconsumedPromises.push({ resolve, reject });
          });
        },
        return() {
          agnosticRemoveListener(emitter, event, eventHandler);
          agnosticRemoveListener(emitter, "error", errorHandler);
          if (signal) agnosticRemoveListener(signal, "abort", abortListener, { once: true });
          finished = true;
          for (const promise of unconsumedPromises) promise.resolve(result(undefined, true));
          return Promise.resolve(result(undefined, true));
        },
        throw(err) {
          if (!err || !(err instanceof Error)) {
            throw errors.invalidArgType("EventEmitter.AsyncIterator", "Error", err);
          }
          error = err;
          agnosticRemoveListener(emitter, event, eventHandler);
          agnosticRemoveListener(emitter, "error", errorHandler);
        },
        [Symbol.asyncIterator]() {
          return this;
        },
      },
      AsyncIteratorPrototype,
    );
    agnosticAddListener(emitter, event, eventHandler);
    if (event !== "error" && typeof emitter.on === "function") emitter.on("error", errorHandler);
    if (signal) agnosticAddListener(signal, "abort", abortListener, { once: true });
    return iterator;

    function abortListener() {
      errorHandler(new AbortError());
    }
    function eventHandler(...args) {
      const promise = unconsumedPromises.shift();
      if (promise) promise.resolve(result(args, false));
      else unconsumedEvents.push(args);
    }
    function errorHandler(err) {
      finished = true;
      const toError = unconsumedPromises.shift();
      if (toError) toError.reject(err);
      else error = err;
      iterator.return();
    }
  }

  EventEmitter.on = on;
  EventEmitter.once = once;
  EventEmitter.getEventListeners = getEventListeners;
  EventEmitter.getMaxListeners = getMaxListeners;
  EventEmitter.setMaxListeners = setMaxListeners;
  EventEmitter.listenerCount = listenerCount;
  EventEmitter.EventEmitter = EventEmitter;
  EventEmitter.usingDomains = false;
  EventEmitter.captureRejectionSymbol = kRejection;
  EventEmitter.errorMonitor = kErrorMonitor;
  EventEmitter.EventEmitterAsyncResource = EventEmitterAsyncResource;
  EventEmitter.addAbortListener = addAbortListener;

  return {
    errors,
    AsyncLocalStorage,
    AsyncResource,
    EventEmitter,
    EventEmitterAsyncResource,
    once,
    on,
    errorMonitor: kErrorMonitor,
    captureRejectionSymbol: kRejection,
    getEventListeners,
    getMaxListeners,
    setMaxListeners,
    listenerCount,
    addAbortListener,
    getDefaultMaxListeners: () => defaultMaxListeners,
    observeDefaultMaxListeners: (observe) => defaultMaxListenersObservers.push(observe),
    default: EventEmitter,
  };
})
