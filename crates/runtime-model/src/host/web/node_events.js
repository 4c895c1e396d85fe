// node:events for crosstalk: EventEmitter as Node defines it — a constructor function, so
// that `EventEmitter.call(this)` and util.inherits-style subclasses work —, with
// 'newListener'/'removeListener', errorMonitor, captureRejections, and the module's
// helpers (once, on, getEventListeners, addAbortListener…).
(function (host) {
  "use strict";

  const errorMonitor = Symbol("events.errorMonitor");
  const captureRejectionSymbol = Symbol.for("nodejs.rejection");
  const kCapture = Symbol("kCapture");
  const kMaxEventTargetListeners = Symbol("events.maxEventTargetListeners");
  const kMaxEventTargetListenersWarned = Symbol("events.maxEventTargetListenersWarned");

  function codeError(Base, code, message) {
    const error = new Base(message);
    error.code = code;
    return error;
  }

  function describe(value) {
    if (value === null || value === undefined) return `Received ${value}`;
    if (typeof value === "function") return `Received function ${value.name || "<anonymous>"}`;
    if (typeof value === "object") return `Received an instance of ${value.constructor?.name ?? "Object"}`;
    return `Received type ${typeof value} (${String(value)})`;
  }

  function checkListener(listener) {
    if (typeof listener !== "function") {
      throw codeError(
        TypeError,
        "ERR_INVALID_ARG_TYPE",
        `The "listener" argument must be of type function. ${describe(listener)}`,
      );
    }
  }

  // Node's error for an 'error' event nobody listens to, when its argument is no Error.
  class ERR_UNHANDLED_ERROR extends Error {
    constructor(argument) {
      const shown = argument === undefined ? "" : ` (${host.inspect(argument)})`;
      super(`Unhandled error.${shown || " (undefined)"}`);
      this.code = "ERR_UNHANDLED_ERROR";
      this.context = argument;
    }
  }

  class AbortError extends Error {
    constructor(message = "The operation was aborted", options = undefined) {
      super(message, options);
      this.code = "ABORT_ERR";
      this.name = "AbortError";
    }
  }

  function events(emitter) {
    if (emitter._events === undefined || emitter._events === Object.getPrototypeOf(emitter)._events) {
      emitter._events = Object.create(null);
      emitter._eventsCount = 0;
    }
    return emitter._events;
  }

  function EventEmitter(options) {
    EventEmitter.init.call(this, options);
  }

  EventEmitter.init = function (options) {
    if (this._events === undefined || this._events === Object.getPrototypeOf(this)._events) {
      this._events = Object.create(null);
      this._eventsCount = 0;
    }
    this._maxListeners = this._maxListeners || undefined;
    if (options?.captureRejections) this[kCapture] = true;
    else if (this[kCapture] === undefined) this[kCapture] = EventEmitter.captureRejections;
  };

  EventEmitter.prototype._events = undefined;
  EventEmitter.prototype._eventsCount = 0;
  EventEmitter.prototype._maxListeners = undefined;

  let defaultMaxListeners = 10;

  function add(emitter, name, listener, prepend) {
    checkListener(listener);
    const map = events(emitter);
    if (map.newListener !== undefined) {
      emitter.emit("newListener", name, listener.listener ?? listener);
    }
    const existing = map[name];
    if (existing === undefined) {
      map[name] = listener;
      emitter._eventsCount += 1;
    } else if (typeof existing === "function") {
      map[name] = prepend ? [listener, existing] : [existing, listener];
    } else if (prepend) {
      existing.unshift(listener);
    } else {
      existing.push(listener);
    }
    // The leak warning workerd prints (once per event name, as console.log).
    const list = map[name];
    const max = getMaxListeners(emitter);
    if (typeof list !== "function" && max > 0 && list.length > max && !list.warned) {
      list.warned = true;
      console.log(
        `Possible EventEmitter memory leak detected. ${list.length} ${String(name)} listeners added to an ` +
          "EventEmitter. Use emitter.setMaxListeners() to increase limit",
      );
    }
    return emitter;
  }

  function onceWrapper(emitter, name, listener) {
    const state = { fired: false, emitter, name, listener };
    const wrapped = function (...args) {
      if (state.fired) return undefined;
      state.fired = true;
      emitter.removeListener(name, wrapped);
      return listener.apply(emitter, args);
    };
    wrapped.listener = listener;
    return wrapped;
  }

  const methods = {
    setMaxListeners(n) {
      if (typeof n !== "number" || n < 0 || Number.isNaN(n)) {
        throw codeError(
          RangeError,
          "ERR_OUT_OF_RANGE",
          `The value of "n" is out of range. It must be a non-negative number. Received ${String(n)}`,
        );
      }
      this._maxListeners = n;
      return this;
    },

    getMaxListeners() {
      return this._maxListeners === undefined ? defaultMaxListeners : this._maxListeners;
    },

    emit(name, ...args) {
      const map = this._events;
      if (name === "error" && map !== undefined && map[errorMonitor] !== undefined) {
        this.emit(errorMonitor, ...args);
      }
      const handler = map?.[name];
      if (handler === undefined) {
        if (name === "error") {
          const error = args[0];
          if (error instanceof Error) throw error;
          throw new ERR_UNHANDLED_ERROR(error);
        }
        return false;
      }
      const list = typeof handler === "function" ? [handler] : handler.slice();
      for (const listener of list) {
        const result = listener.apply(this, args);
        if (this[kCapture] && result !== undefined && result !== null && typeof result.then === "function") {
          result.then(undefined, (error) =>
            queueMicrotask(() => {
              if (typeof this[captureRejectionSymbol] === "function") {
                this[captureRejectionSymbol](error, name, ...args);
              } else {
                const previous = this[kCapture];
                this[kCapture] = false;
                try {
                  this.emit("error", error);
                } finally {
                  this[kCapture] = previous;
                }
              }
            }),
          );
        }
      }
      return true;
    },

    addListener(name, listener) {
      return add(this, name, listener, false);
    },

    on(name, listener) {
      return add(this, name, listener, false);
    },

    prependListener(name, listener) {
      return add(this, name, listener, true);
    },

    once(name, listener) {
      checkListener(listener);
      return this.on(name, onceWrapper(this, name, listener));
    },

    prependOnceListener(name, listener) {
      checkListener(listener);
      return this.prependListener(name, onceWrapper(this, name, listener));
    },

    removeListener(name, listener) {
      checkListener(listener);
      const map = this._events;
      const handler = map?.[name];
      if (handler === undefined) return this;
      let removed = null;
      if (handler === listener || handler.listener === listener) {
        removed = handler;
        delete map[name];
        this._eventsCount -= 1;
      } else if (typeof handler !== "function") {
        for (let i = handler.length - 1; i >= 0; i--) {
          if (handler[i] === listener || handler[i].listener === listener) {
            removed = handler[i];
            handler.splice(i, 1);
            break;
          }
        }
        if (removed !== null && handler.length === 1) map[name] = handler[0];
      }
      if (removed !== null && map.removeListener !== undefined) {
        this.emit("removeListener", name, removed.listener ?? removed);
      }
      return this;
    },

    off(name, listener) {
      return this.removeListener(name, listener);
    },

    removeAllListeners(name) {
      const map = this._events;
      if (map === undefined) return this;
      if (map.removeListener === undefined) {
        if (name === undefined) {
          this._events = Object.create(null);
          this._eventsCount = 0;
        } else if (map[name] !== undefined) {
          delete map[name];
          this._eventsCount -= 1;
        }
        return this;
      }
      const names = name === undefined ? Reflect.ownKeys(map).filter((n) => n !== "removeListener") : [name];
      for (const each of names) {
        for (const listener of this.rawListeners(each).reverse()) this.removeListener(each, listener);
      }
      if (name === undefined) this.removeAllListeners("removeListener");
      return this;
    },

    listeners(name) {
      return this.rawListeners(name).map((l) => l.listener ?? l);
    },

    rawListeners(name) {
      const handler = this._events?.[name];
      if (handler === undefined) return [];
      return typeof handler === "function" ? [handler] : handler.slice();
    },

    listenerCount(name, listener) {
      const list = this.rawListeners(name);
      if (listener === undefined) return list.length;
      return list.filter((l) => l === listener || l.listener === listener).length;
    },

    eventNames() {
      return this._eventsCount > 0 ? Reflect.ownKeys(this._events) : [];
    },
  };
  for (const [name, method] of Object.entries(methods)) {
    Object.defineProperty(EventEmitter.prototype, name, { value: method, writable: true, configurable: true });
  }

  function once(emitter, name, options = {}) {
    const signal = options?.signal;
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(new AbortError(undefined, { cause: signal.reason }));
        return;
      }
      const cleanup = () => {
        emitter.removeListener(name, onEvent);
        if (name !== "error") emitter.removeListener("error", onError);
        signal?.removeEventListener("abort", onAbort);
      };
      const onEvent = (...args) => {
        cleanup();
        resolve(args);
      };
      const onError = (error) => {
        cleanup();
        reject(error);
      };
      const onAbort = () => {
        cleanup();
        reject(new AbortError(undefined, { cause: signal.reason }));
      };
      emitter.on(name, onEvent);
      if (name !== "error") emitter.on("error", onError);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  // An async iterator over `name`'s events, each as its argument list; 'error' rejects,
  // and the `close` events (or the signal) end it.
  function on(emitter, name, options = {}) {
    const signal = options?.signal;
    const queue = [];
    const waiting = [];
    let failure = null;
    let done = false;
    const settle = () => {
      while (waiting.length > 0 && (queue.length > 0 || failure !== null || done)) {
        const { resolve, reject } = waiting.shift();
        if (queue.length > 0) resolve({ value: queue.shift(), done: false });
        else if (failure !== null) {
          const error = failure;
          failure = null;
          done = true;
          reject(error);
        } else resolve({ value: undefined, done: true });
      }
    };
    const onEvent = (...args) => {
      queue.push(args);
      settle();
    };
    const onError = (error) => {
      failure = error;
      finish();
    };
    const onClose = () => finish(false);
    const onAbort = () => {
      failure = new AbortError(undefined, { cause: signal.reason });
      finish();
    };
    const closes = options?.close ?? [];
    function finish() {
      emitter.removeListener(name, onEvent);
      emitter.removeListener("error", onError);
      for (const close of closes) emitter.removeListener(close, onClose);
      signal?.removeEventListener("abort", onAbort);
      done = true;
      settle();
    }
    emitter.on(name, onEvent);
    if (name !== "error") emitter.on("error", onError);
    for (const close of closes) emitter.on(close, onClose);
    if (signal?.aborted) onAbort();
    else signal?.addEventListener("abort", onAbort, { once: true });
    return {
      next() {
        if (queue.length > 0) return Promise.resolve({ value: queue.shift(), done: false });
        if (failure !== null) {
          const error = failure;
          failure = null;
          return Promise.reject(error);
        }
        if (done) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
      },
      return() {
        finish();
        return Promise.resolve({ value: undefined, done: true });
      },
      throw(error) {
        failure = error;
        finish();
        return Promise.reject(error);
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }

  function getEventListeners(target, name) {
    if (typeof target.listeners === "function") return target.listeners(name);
    return [];
  }

  function getMaxListeners(target) {
    return typeof target?.getMaxListeners === "function" ? target.getMaxListeners() : defaultMaxListeners;
  }

  function setMaxListeners(n = defaultMaxListeners, ...targets) {
    if (targets.length === 0) defaultMaxListeners = n;
    for (const target of targets) if (typeof target.setMaxListeners === "function") target.setMaxListeners(n);
  }

  function listenerCount(emitter, name) {
    return emitter.listenerCount(name);
  }

  function addAbortListener(signal, listener) {
    if (signal.aborted) queueMicrotask(() => listener());
    else signal.addEventListener("abort", listener, { once: true });
    return {
      [Symbol.dispose ?? Symbol.for("nodejs.dispose")]() {
        signal.removeEventListener("abort", listener);
      },
    };
  }

  class EventEmitterAsyncResource extends EventEmitter {
    constructor(options = undefined) {
      super(options);
      this.asyncResource = { type: options?.name ?? new.target.name };
    }

    emitDestroy() {}
  }

  Object.defineProperty(EventEmitter, "defaultMaxListeners", {
    get: () => defaultMaxListeners,
    set: (n) => {
      defaultMaxListeners = n;
    },
    enumerable: true,
  });
  Object.assign(EventEmitter, {
    EventEmitter,
    EventEmitterAsyncResource,
    once,
    on,
    errorMonitor,
    captureRejectionSymbol,
    captureRejections: false,
    usingDomains: false,
    getEventListeners,
    getMaxListeners,
    setMaxListeners,
    listenerCount,
    addAbortListener,
    kMaxEventTargetListeners,
    kMaxEventTargetListenersWarned,
  });

  return {
    EventEmitter,
    EventEmitterAsyncResource,
    once,
    on,
    errorMonitor,
    captureRejectionSymbol,
    getEventListeners,
    getMaxListeners,
    setMaxListeners,
    listenerCount,
    addAbortListener,
    default: EventEmitter,
  };
})
