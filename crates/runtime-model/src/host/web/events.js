// crosstalk's Event, EventTarget, DOMException, AbortController/AbortSignal and
// MessageChannel/MessagePort, written from the DOM, HTML and WebIDL standards.
//
// One function expression: the host calls it with its `host` object and installs the
// returned classes as globals; `isAbortSignal` is a helper for the host only. Internal
// state lives in WeakMaps keyed by the objects, which double as brand checks.
(function (host) {
  "use strict";

  // ---- WebIDL plumbing ----------------------------------------------------------------

  // Attributes and operations are enumerable; constants are read-only on the interface
  // object and its prototype; the class string comes from @@toStringTag.
  function finishInterface(Class, tag, constants = {}) {
    for (const object of [Class, Class.prototype]) {
      for (const key of Object.getOwnPropertyNames(object)) {
        if (["constructor", "prototype", "length", "name"].includes(key)) continue;
        Object.defineProperty(object, key, { enumerable: true });
      }
      for (const [key, value] of Object.entries(constants)) {
        Object.defineProperty(object, key, { value, enumerable: true, writable: false, configurable: false });
      }
    }
    if (host.tagged) Object.defineProperty(Class.prototype, Symbol.toStringTag, { value: tag, writable: true, configurable: true });
  }

  function stateIn(map, object, what) {
    const state = map.get(object);
    if (state === undefined) throw new TypeError(`Illegal invocation: not a ${what}`);
    return state;
  }

  function requireArgs(args, count, where) {
    if (args.length < count) {
      throw new TypeError(`${where}: ${count} argument${count > 1 ? "s" : ""} required, but only ${args.length} present.`);
    }
  }

  const isObject = (v) => (typeof v === "object" && v !== null) || typeof v === "function";
  // WebIDL DOMString: like String(), but a Symbol is a TypeError.
  const domString = (v) => `${v}`;

  // A dictionary argument: undefined/null mean "all defaults".
  function dictionary(value, where) {
    if (value === undefined || value === null) return {};
    if (!isObject(value)) throw new TypeError(`${where}: the options argument is not an object.`);
    return value;
  }

  // Passed by this module to the constructors scripts may not call.
  const INTERNAL = Symbol("internal");

  // ---- DOMException -----------------------------------------------------------------

  const exceptions = new WeakMap();
  const legacyCodes = {
    IndexSizeError: 1, HierarchyRequestError: 3, WrongDocumentError: 4, InvalidCharacterError: 5,
    NoModificationAllowedError: 7, NotFoundError: 8, NotSupportedError: 9, InUseAttributeError: 10,
    InvalidStateError: 11, SyntaxError: 12, InvalidModificationError: 13, NamespaceError: 14,
    InvalidAccessError: 15, TypeMismatchError: 17, SecurityError: 18, NetworkError: 19, AbortError: 20,
    URLMismatchError: 21, QuotaExceededError: 22, TimeoutError: 23, InvalidNodeTypeError: 24, DataCloneError: 25,
  };

  class DOMException extends Error {
    constructor(message = undefined, options = undefined) {
      super();
      message = message === undefined ? "" : domString(message);
      let name = "Error";
      if (options === undefined || options === null || isObject(options)) {
        // DOMExceptionOptions { any cause; DOMString name = "Error"; }
        const dict = options ?? {};
        if ("cause" in dict) {
          Object.defineProperty(this, "cause", { value: dict.cause, writable: true, configurable: true });
        }
        if (dict.name !== undefined) name = domString(dict.name);
      } else {
        name = domString(options);
      }
      exceptions.set(this, { name, message });
    }
    get name() { return stateIn(exceptions, this, "DOMException").name; }
    get message() { return stateIn(exceptions, this, "DOMException").message; }
    get code() {
      const { name } = stateIn(exceptions, this, "DOMException");
      return Object.hasOwn(legacyCodes, name) ? legacyCodes[name] : 0;
    }
  }
  finishInterface(DOMException, "DOMException", {
    INDEX_SIZE_ERR: 1, DOMSTRING_SIZE_ERR: 2, HIERARCHY_REQUEST_ERR: 3, WRONG_DOCUMENT_ERR: 4,
    INVALID_CHARACTER_ERR: 5, NO_DATA_ALLOWED_ERR: 6, NO_MODIFICATION_ALLOWED_ERR: 7, NOT_FOUND_ERR: 8,
    NOT_SUPPORTED_ERR: 9, INUSE_ATTRIBUTE_ERR: 10, INVALID_STATE_ERR: 11, SYNTAX_ERR: 12,
    INVALID_MODIFICATION_ERR: 13, NAMESPACE_ERR: 14, INVALID_ACCESS_ERR: 15, VALIDATION_ERR: 16,
    TYPE_MISMATCH_ERR: 17, SECURITY_ERR: 18, NETWORK_ERR: 19, ABORT_ERR: 20, URL_MISMATCH_ERR: 21,
    QUOTA_EXCEEDED_ERR: 22, TIMEOUT_ERR: 23, INVALID_NODE_TYPE_ERR: 24, DATA_CLONE_ERR: 25,
  });

  // ---- Event and its subclasses -----------------------------------------------------

  const events = new WeakMap();
  const phases = { NONE: 0, CAPTURING_PHASE: 1, AT_TARGET: 2, BUBBLING_PHASE: 3 };
  const eventOf = (event) => stateIn(events, event, "Event");

  // The DOM's "set the canceled flag".
  function cancel(state) {
    if (state.cancelable && !state.inPassiveListener) state.canceled = true;
  }

  class Event {
    constructor(type, eventInitDict = undefined) {
      requireArgs(arguments, 1, "Failed to construct 'Event'");
      type = domString(type);
      const init = dictionary(eventInitDict, "Failed to construct 'Event'");
      events.set(this, {
        type,
        bubbles: Boolean(init.bubbles),
        cancelable: Boolean(init.cancelable),
        composed: Boolean(init.composed),
        target: null,
        currentTarget: null,
        phase: 0,
        canceled: false,
        stopPropagation: false,
        stopImmediatePropagation: false,
        dispatching: false,
        inPassiveListener: false,
        trusted: false,
      });
    }
    get type() { return eventOf(this).type; }
    get target() { return eventOf(this).target; }
    get srcElement() { return eventOf(this).target; }
    get currentTarget() { return eventOf(this).currentTarget; }
    get eventPhase() { return eventOf(this).phase; }
    get bubbles() { return eventOf(this).bubbles; }
    get cancelable() { return eventOf(this).cancelable; }
    get composed() { return eventOf(this).composed; }
    get defaultPrevented() { return eventOf(this).canceled; }
    get returnValue() { return !eventOf(this).canceled; }
    set returnValue(value) { if (!value) cancel(eventOf(this)); }
    get cancelBubble() { return eventOf(this).stopPropagation; }
    set cancelBubble(value) { if (value) eventOf(this).stopPropagation = true; }
    get isTrusted() { return eventOf(this).trusted; }
    get timeStamp() { eventOf(this); return 0; }
    composedPath() {
      const { currentTarget } = eventOf(this);
      return currentTarget === null ? [] : [currentTarget];
    }
    preventDefault() { cancel(eventOf(this)); }
    stopPropagation() { eventOf(this).stopPropagation = true; }
    stopImmediatePropagation() {
      const state = eventOf(this);
      state.stopPropagation = state.stopImmediatePropagation = true;
    }
  }
  finishInterface(Event, "Event", phases);

  const details = new WeakMap();
  class CustomEvent extends Event {
    constructor(type, eventInitDict = undefined) {
      requireArgs(arguments, 1, "Failed to construct 'CustomEvent'");
      super(type, eventInitDict);
      const init = dictionary(eventInitDict, "Failed to construct 'CustomEvent'");
      details.set(this, { detail: init.detail === undefined ? null : init.detail });
    }
    get detail() { return stateIn(details, this, "CustomEvent").detail; }
  }
  finishInterface(CustomEvent, "CustomEvent");

  const messages = new WeakMap();
  class MessageEvent extends Event {
    constructor(type, eventInitDict = undefined) {
      requireArgs(arguments, 1, "Failed to construct 'MessageEvent'");
      super(type, eventInitDict);
      const init = dictionary(eventInitDict, "Failed to construct 'MessageEvent'");
      const source = init.source ?? null;
      if (source !== null && !ports.has(source)) {
        throw new TypeError("Failed to construct 'MessageEvent': member source is not of type MessagePort.");
      }
      const list = init.ports === undefined ? [] : Array.from(init.ports);
      if (!list.every((p) => ports.has(p))) {
        throw new TypeError("Failed to construct 'MessageEvent': member ports is not a sequence of MessagePort.");
      }
      messages.set(this, {
        data: init.data === undefined ? null : init.data,
        origin: init.origin === undefined ? "" : domString(init.origin),
        lastEventId: init.lastEventId === undefined ? "" : domString(init.lastEventId),
        source,
        ports: Object.freeze(list),
      });
    }
    get data() { return stateIn(messages, this, "MessageEvent").data; }
    get origin() { return stateIn(messages, this, "MessageEvent").origin; }
    get lastEventId() { return stateIn(messages, this, "MessageEvent").lastEventId; }
    get source() { return stateIn(messages, this, "MessageEvent").source; }
    get ports() { return stateIn(messages, this, "MessageEvent").ports; }
  }
  finishInterface(MessageEvent, "MessageEvent");

  // ---- ErrorEvent, CloseEvent and the runtime's own events ----------------------------
  // As workerd 1.20261117: constructors of length 0; ErrorEvent's fields are getters on
  // its prototype, CloseEvent's own read-only data properties; the events only the
  // runtime makes have illegal constructors.

  // WebIDL `long` as workerd converts it here: NaN is 0, fractions are truncated.
  const long = (v) => {
    const n = Math.trunc(Number(v));
    return Number.isFinite(n) ? n : 0;
  };

  // workerd lists a prototype's `constructor` after its members.
  function constructorLast(Class) {
    const constructor = Object.getOwnPropertyDescriptor(Class.prototype, "constructor");
    delete Class.prototype.constructor;
    Object.defineProperty(Class.prototype, "constructor", constructor);
  }

  const errorEvents = new WeakMap();
  class ErrorEvent extends Event {
    constructor(...args) {
      if (args.length < 1) {
        throw new TypeError("Failed to construct 'ErrorEvent': constructor parameter 1 is not of type 'string'.");
      }
      super(args[0], args[1]);
      const init = dictionary(args[1], "Failed to construct 'ErrorEvent'");
      errorEvents.set(this, {
        filename: init.filename === undefined ? "" : domString(init.filename),
        message: init.message === undefined ? "" : domString(init.message),
        lineno: init.lineno === undefined ? 0 : long(init.lineno),
        colno: init.colno === undefined ? 0 : long(init.colno),
        error: init.error,
      });
    }
    get filename() { return stateIn(errorEvents, this, "ErrorEvent").filename; }
    get message() { return stateIn(errorEvents, this, "ErrorEvent").message; }
    get lineno() { return stateIn(errorEvents, this, "ErrorEvent").lineno; }
    get colno() { return stateIn(errorEvents, this, "ErrorEvent").colno; }
    get error() { return stateIn(errorEvents, this, "ErrorEvent").error; }
  }
  finishInterface(ErrorEvent, "ErrorEvent");
  constructorLast(ErrorEvent);

  class CloseEvent extends Event {
    constructor(...args) {
      if (args.length < 1) {
        throw new TypeError("Failed to construct 'CloseEvent': constructor parameter 1 is not of type 'string'.");
      }
      super(args[0], args[1]);
      const init = dictionary(args[1], "Failed to construct 'CloseEvent'");
      const field = (value) => ({ value, writable: false, enumerable: true, configurable: true });
      const code = init.code === undefined ? 0 : long(init.code);
      const reason = init.reason === undefined ? "" : domString(init.reason);
      Object.defineProperties(this, { wasClean: field(Boolean(init.wasClean)), reason: field(reason), code: field(code) });
    }
  }
  finishInterface(CloseEvent, "CloseEvent");

  // Events only the runtime creates: scripts get "Illegal constructor".
  function runtimeOnly(Base, name, methods = {}) {
    const Class = class extends Base {
      constructor(key, ...args) {
        if (key !== INTERNAL) throw new TypeError("Illegal constructor");
        super(...args);
      }
    };
    Object.defineProperty(Class, "name", { value: name });
    Object.defineProperty(Class, "length", { value: 0 });
    for (const [method, body] of Object.entries(methods)) {
      Object.defineProperty(Class.prototype, method, { value: body, writable: true, enumerable: true, configurable: true });
    }
    finishInterface(Class, name);
    constructorLast(Class);
    return Class;
  }
  const PromiseRejectionEvent = runtimeOnly(Event, "PromiseRejectionEvent");
  const ExtendableEvent = runtimeOnly(Event, "ExtendableEvent", {
    waitUntil() { throw new TypeError("Illegal invocation"); },
  });
  const ScheduledEvent = runtimeOnly(ExtendableEvent, "ScheduledEvent", {
    noRetry() { throw new TypeError("Illegal invocation"); },
  });
  const TailEvent = runtimeOnly(ExtendableEvent, "TailEvent");
  const TraceEvent = runtimeOnly(ExtendableEvent, "TraceEvent");

  // ---- EventTarget ------------------------------------------------------------------

  // Per target: `listeners` maps a type to its list of listener records { type, callback,
  // capture, once, passive, removed }; `handlers` maps a type to its event handler
  // attribute's record { value, listener }.
  const targets = new WeakMap();
  const targetOf = (target) => stateIn(targets, target, "EventTarget");

  // WebIDL `EventListener?`: null, or any object (a function or one with handleEvent).
  // workerd 1.20261117 refuses a missing listener in addEventListener ("function or
  // HandlerObject") and in removeEventListener ("Object"); null is no listener.
  function listenerCallback(value, where, expected) {
    if (value === null) return null;
    if (!isObject(value)) throw new TypeError(`${where}: parameter 2 is not of type '${expected}'.`);
    return value;
  }

  function addListener(target, listener, signal) {
    if (signal !== null && signalOf(signal).aborted) return;
    if (listener.callback === null) return;
    const { listeners } = targetOf(target);
    let list = listeners.get(listener.type);
    if (list === undefined) listeners.set(listener.type, (list = []));
    if (list.some((l) => l.callback === listener.callback && l.capture === listener.capture)) return;
    list.push(listener);
    if (signal !== null) signalOf(signal).algorithms.push(() => removeListener(target, listener));
  }

  function removeListener(target, listener) {
    listener.removed = true;
    const list = targetOf(target).listeners.get(listener.type);
    const index = list === undefined ? -1 : list.indexOf(listener);
    if (index >= 0) list.splice(index, 1);
  }

  // The DOM's "inner invoke" for one phase of the (one-target) event path.
  function invoke(target, event, state, capturing) {
    if (state.stopPropagation) return;
    const list = targetOf(target).listeners.get(state.type);
    if (list === undefined) return;
    for (const listener of list.slice()) {
      if (listener.removed || listener.capture !== capturing) continue;
      if (listener.once) removeListener(target, listener);
      if (listener.passive) state.inPassiveListener = true;
      try {
        const { callback } = listener;
        if (typeof callback === "function") {
          callback.call(target, event);
        } else {
          const handleEvent = callback.handleEvent;
          if (typeof handleEvent !== "function") throw new TypeError("The listener's handleEvent is not a function");
          handleEvent.call(callback, event);
        }
      } catch (error) {
        // Before workerd's spec_compliant_dispatch_exceptions, the exception of a listener
        // of an event the worker dispatches ends the dispatch and reaches its caller.
        if (host.reportError(error, state.trusted === true)) throw error;
      }
      state.inPassiveListener = false;
      if (state.stopImmediatePropagation) break;
    }
  }

  function dispatch(target, event) {
    const state = eventOf(event);
    if (state.dispatching) throw new DOMException("The event is already being dispatched.", "InvalidStateError");
    Object.assign(state, { dispatching: true, target, currentTarget: target, phase: phases.AT_TARGET });
    try {
      invoke(target, event, state, true);
      invoke(target, event, state, false);
    } finally {
      Object.assign(state, {
        dispatching: false, currentTarget: null, phase: phases.NONE,
        stopPropagation: false, stopImmediatePropagation: false,
      });
    }
    return !state.canceled;
  }

  // Fires an event the runtime itself creates (isTrusted is true).
  function fire(target, event) {
    eventOf(event).trusted = true;
    return dispatch(target, event);
  }

  class EventTarget {
    constructor() {
      targets.set(this, { listeners: new Map(), handlers: new Map() });
    }
    addEventListener(type, callback, options = undefined) {
      targetOf(this);
      const where = "Failed to execute 'addEventListener' on 'EventTarget'";
      if (arguments.length < 1) throw new TypeError(`${where}: parameter 1 is not of type 'string'.`);
      type = domString(type);
      callback = listenerCallback(callback, where, "function or HandlerObject");
      let capture = false, once = false, passive = false, signal = null;
      if (isObject(options)) {
        capture = Boolean(options.capture);
        once = Boolean(options.once);
        passive = Boolean(options.passive);
        if (options.signal !== undefined) {
          signal = options.signal;
          if (!signals.has(signal)) {
            throw new TypeError("Failed to execute 'addEventListener' on 'EventTarget': member signal is not of type AbortSignal.");
          }
        }
      } else {
        capture = Boolean(options);
      }
      addListener(this, { type, callback, capture, once, passive, removed: false }, signal);
    }
    removeEventListener(type, callback, options = undefined) {
      const { listeners } = targetOf(this);
      const where = "Failed to execute 'removeEventListener' on 'EventTarget'";
      if (arguments.length < 1) throw new TypeError(`${where}: parameter 1 is not of type 'string'.`);
      type = domString(type);
      callback = listenerCallback(callback, where, "Object");
      const capture = Boolean(isObject(options) ? options.capture : options);
      const found = (listeners.get(type) ?? []).find((l) => l.callback === callback && l.capture === capture);
      if (found !== undefined) removeListener(this, found);
    }
    dispatchEvent(event) {
      targetOf(this);
      if (!events.has(event)) {
        throw new TypeError("Failed to execute 'dispatchEvent' on 'EventTarget': parameter 1 is not of type 'Event'.");
      }
      return dispatch(this, event);
    }
  }
  finishInterface(EventTarget, "EventTarget");

  // The global scope is an EventTarget too (workerd's ServiceWorkerGlobalScope): the
  // runtime's own events (fetch, scheduled, queue) stay with the host, every other type
  // is listened to and dispatched here.
  targets.set(globalThis, { listeners: new Map(), handlers: new Map() });
  function rejectionEvent(type, promise, reason) {
    const listeners = targetOf(globalThis).listeners.get(type);
    if (listeners === undefined || listeners.length === 0) return false;
    const event = new PromiseRejectionEvent(INTERNAL, type);
    const field = (value) => ({ value, writable: false, enumerable: true, configurable: true });
    Object.defineProperties(event, { reason: field(reason), promise: field(promise) });
    fire(globalThis, event);
    return true;
  }

  const globalScope = {
    addEventListener(...args) {
      return EventTarget.prototype.addEventListener.apply(globalThis, args);
    },
    removeEventListener(...args) {
      return EventTarget.prototype.removeEventListener.apply(globalThis, args);
    },
    dispatchEvent(...args) {
      return EventTarget.prototype.dispatchEvent.apply(globalThis, args);
    },
    // An `unhandledrejection` at the global scope (the host calls it after a microtask
    // checkpoint left `promise` rejected and unhandled), when the worker listens to it:
    // a trusted PromiseRejectionEvent, not cancelable, with own `reason` and `promise`,
    // as workerd 1.20261117 dispatches it.
    // Returns whether anyone listened (the host then watches for a late handler).
    unhandledRejection(promise, reason) {
      return rejectionEvent("unhandledrejection", promise, reason);
    },
    // `rejectionhandled`: a promise reported unhandled got a handler. workerd 1.20261117
    // gives the event no `reason`.
    rejectionHandled(promise) {
      return rejectionEvent("rejectionhandled", promise, undefined);
    },
    // HTML's "report an exception": an ErrorEvent at the global scope, which workerd
    // 1.20261117 logs only to its own console when no listener cancels it (so nothing
    // here: the tail sees nothing either).
    reportError(...args) {
      if (args.length < 1) {
        throw new TypeError("Failed to execute 'reportError' on 'ServiceWorkerGlobalScope': parameter 1 is not of type 'Value'.");
      }
      const [error] = args;
      const { message, filename, lineno, colno } = host.describeError(error);
      dispatch(globalThis, new ErrorEvent("error", { message: `Uncaught ${message}`, filename, lineno, colno, error }));
    },
  };


  // An event handler IDL attribute (`onabort`, `onmessage`, …) per HTML: its listener is
  // added when first set to a non-null value and removed when set back to null.
  // `onSet` runs after every set (MessagePort starts on `onmessage`).
  function eventHandler(Class, type, onSet = () => {}) {
    Object.defineProperty(Class.prototype, `on${type}`, {
      enumerable: true,
      configurable: true,
      get() {
        const handler = targetOf(this).handlers.get(type);
        return handler === undefined ? null : handler.value;
      },
      set(value) {
        const { handlers } = targetOf(this);
        value = isObject(value) ? value : null;
        let handler = handlers.get(type);
        if (value === null) {
          if (handler !== undefined) {
            handlers.delete(type);
            removeListener(this, handler.listener);
          }
        } else if (handler !== undefined) {
          handler.value = value;
        } else {
          handler = { value };
          const callback = function (event) {
            if (typeof handler.value !== "function") return;
            if (handler.value.call(this, event) === false) cancel(eventOf(event));
          };
          handler.listener = { type, callback, capture: false, once: false, passive: false, removed: false };
          handlers.set(type, handler);
          addListener(this, handler.listener, null);
        }
        onSet(this);
      },
    });
  }

  // ---- AbortController / AbortSignal --------------------------------------------------

  // Per signal: aborted, reason, the abort algorithms (functions), and for AbortSignal.any
  // the source and dependent signal lists.
  const signals = new WeakMap();
  const signalOf = (signal) => stateIn(signals, signal, "AbortSignal");

  function newSignal() {
    return new AbortSignal(INTERNAL);
  }

  function runAbortSteps(signal) {
    const state = signalOf(signal);
    const algorithms = state.algorithms;
    state.algorithms = [];
    for (const algorithm of algorithms) algorithm();
    fire(signal, new Event("abort"));
  }

  // The DOM's "signal abort": sets the reasons first (dependents included), then runs the
  // abort steps of the signal and then of each newly aborted dependent.
  function signalAbort(signal, reason) {
    const state = signalOf(signal);
    if (state.aborted) return;
    state.aborted = true;
    state.reason = reason !== undefined ? reason : new DOMException("The operation was aborted", "AbortError");
    const toAbort = [];
    for (const dependent of state.dependents) {
      const dependentState = signalOf(dependent);
      if (dependentState.aborted) continue;
      dependentState.aborted = true;
      dependentState.reason = state.reason;
      toAbort.push(dependent);
    }
    runAbortSteps(signal);
    for (const dependent of toAbort) runAbortSteps(dependent);
  }

  function signalSequence(value, where) {
    if (!isObject(value) || typeof value[Symbol.iterator] !== "function") {
      throw new TypeError(`${where}: The provided value cannot be converted to a sequence.`);
    }
    const list = Array.from(value);
    if (!list.every((s) => signals.has(s))) {
      throw new TypeError(`${where}: Failed to convert value to 'AbortSignal'.`);
    }
    return list;
  }

  class AbortSignal extends EventTarget {
    constructor(key = undefined) {
      if (key !== INTERNAL) throw new TypeError("Illegal constructor");
      super();
      signals.set(this, { aborted: false, reason: undefined, algorithms: [], sources: [], dependents: [], dependent: false });
    }
    static abort(reason = undefined) {
      const signal = newSignal();
      const state = signalOf(signal);
      state.aborted = true;
      state.reason = reason !== undefined ? reason : new DOMException("The operation was aborted", "AbortError");
      return signal;
    }
    static timeout(milliseconds) {
      requireArgs(arguments, 1, "Failed to execute 'timeout' on 'AbortSignal'");
      // [EnforceRange] unsigned long long
      let ms = Number(milliseconds);
      if (!Number.isFinite(ms) || (ms = Math.trunc(ms)) < 0 || ms > Number.MAX_SAFE_INTEGER) {
        throw new TypeError("Failed to execute 'timeout' on 'AbortSignal': Value is outside the 'unsigned long long' value range.");
      }
      const signal = newSignal();
      host.timer(() => {
        signalAbort(signal, new DOMException("The operation was aborted due to timeout", "TimeoutError"));
      }, ms, "AbortSignal.timeout()");
      return signal;
    }
    static any(signalList) {
      requireArgs(arguments, 1, "Failed to execute 'any' on 'AbortSignal'");
      const list = signalSequence(signalList, "Failed to execute 'any' on 'AbortSignal'");
      const result = newSignal();
      const state = signalOf(result);
      for (const signal of list) {
        const { aborted, reason } = signalOf(signal);
        if (aborted) {
          state.aborted = true;
          state.reason = reason;
          return result;
        }
      }
      state.dependent = true;
      const link = (source) => {
        if (state.sources.includes(source)) return;
        state.sources.push(source);
        signalOf(source).dependents.push(result);
      };
      for (const signal of list) {
        const signalState = signalOf(signal);
        if (signalState.dependent) signalState.sources.forEach(link);
        else link(signal);
      }
      return result;
    }
    get aborted() { return signalOf(this).aborted; }
    get reason() { return signalOf(this).reason; }
    throwIfAborted() {
      const { aborted, reason } = signalOf(this);
      if (aborted) throw reason;
    }
  }
  eventHandler(AbortSignal, "abort");
  finishInterface(AbortSignal, "AbortSignal");

  const controllers = new WeakMap();
  class AbortController {
    constructor() {
      controllers.set(this, newSignal());
    }
    get signal() { return stateIn(controllers, this, "AbortController"); }
    abort(reason = undefined) {
      signalAbort(stateIn(controllers, this, "AbortController"), reason);
    }
  }
  finishInterface(AbortController, "AbortController");

  // ---- MessageChannel / MessagePort ---------------------------------------------------

  // Per port: the entangled port (null once either side closed), whether its message
  // queue is enabled (`started`), `closed`, and the messages received but not delivered.
  const ports = new WeakMap();
  const portOf = (port) => stateIn(ports, port, "MessagePort");
  const clone = globalThis.structuredClone;

  // Delivers the oldest queued message of `port`, as one task per message.
  function deliverLater(port) {
    host.queueTask(() => {
      const state = portOf(port);
      if (state.closed || state.queue.length === 0) return;
      const data = state.queue.shift();
      fire(port, new MessageEvent("message", { data }));
    });
  }

  function start(port) {
    const state = portOf(port);
    if (state.started) return;
    state.started = true;
    state.queue.forEach(() => deliverLater(port));
  }

  class MessagePort extends EventTarget {
    constructor(key = undefined) {
      if (key !== INTERNAL) throw new TypeError("Illegal constructor");
      super();
      ports.set(this, { entangled: null, started: false, closed: false, queue: [] });
    }
    postMessage(message, options = undefined) {
      const state = portOf(this);
      requireArgs(arguments, 1, "Failed to execute 'postMessage' on 'MessagePort'");
      // postMessage(message, sequence<object> transfer) or (message, { transfer })
      let transfer = [];
      if (isObject(options) && typeof options[Symbol.iterator] === "function") {
        transfer = Array.from(options);
      } else if (isObject(options) && options.transfer !== undefined) {
        transfer = Array.from(options.transfer);
      }
      if (transfer.includes(this)) {
        throw new DOMException("Failed to execute 'postMessage' on 'MessagePort': The source port cannot be transferred.", "DataCloneError");
      }
      const data = transfer.length > 0 ? clone(message, { transfer }) : clone(message);
      const target = state.entangled;
      if (target === null) return;
      const targetState = portOf(target);
      targetState.queue.push(data);
      if (targetState.started) deliverLater(target);
    }
    start() {
      start(this);
    }
    close() {
      const state = portOf(this);
      state.closed = true;
      state.queue = [];
      if (state.entangled !== null) {
        portOf(state.entangled).entangled = null;
        state.entangled = null;
      }
    }
  }
  eventHandler(MessagePort, "message", start);
  eventHandler(MessagePort, "messageerror");
  finishInterface(MessagePort, "MessagePort");

  const channels = new WeakMap();
  class MessageChannel {
    constructor() {
      const port1 = new MessagePort(INTERNAL);
      const port2 = new MessagePort(INTERNAL);
      portOf(port1).entangled = port2;
      portOf(port2).entangled = port1;
      channels.set(this, { port1, port2 });
    }
    get port1() { return stateIn(channels, this, "MessageChannel").port1; }
    get port2() { return stateIn(channels, this, "MessageChannel").port2; }
  }
  finishInterface(MessageChannel, "MessageChannel");

  return {
    Event,
    CustomEvent,
    MessageEvent,
    ErrorEvent,
    CloseEvent,
    PromiseRejectionEvent,
    ExtendableEvent,
    ScheduledEvent,
    TailEvent,
    TraceEvent,
    EventTarget,
    DOMException,
    AbortController,
    AbortSignal,
    MessageChannel,
    MessagePort,
    isAbortSignal: (value) => signals.has(value),
    globalScope,
    fire,
    eventHandler,
  };
})
