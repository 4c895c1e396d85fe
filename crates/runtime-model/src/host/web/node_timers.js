// node:timers' timers for crosstalk: setTimeout/setInterval return a Timeout object over
// the runtime's own timer (the virtual clock's), as workerd's node:timers does; under
// enable_nodejs_global_timers (nodejs_compat from 2026-02-10) they are the globals too.
// A Timeout converts to its timer's id, refresh() starts the timer again (a new id),
// ref()/unref() only mark it (nothing keeps a Worker alive but its requests).
// setImmediate is a 0 ms timer returning an Immediate, as workerd's; active/unenroll are
// refresh/clear, enroll is not implemented (as in workerd).
(function (host) {
  "use strict";
  const kind = new WeakMap(); // Timeout -> its state

  class Timeout {
    constructor(callback, after = 1, args = [], isRepeat = false, isRefed = false) {
      const state = { callback, after: after * 1, args: args ?? [], repeat: isRepeat, refed: isRefed, id: 0 };
      kind.set(this, state);
      start(state);
    }
    refresh() {
      const state = kind.get(this);
      stop(state);
      start(state);
      return this;
    }
    unref() {
      kind.get(this).refed = false;
      return this;
    }
    ref() {
      kind.get(this).refed = true;
      return this;
    }
    hasRef() {
      return kind.get(this).refed;
    }
    close() {
      stop(kind.get(this));
      return this;
    }
    [Symbol.dispose]() {
      stop(kind.get(this));
    }
    [Symbol.toPrimitive]() {
      return kind.get(this).id;
    }
  }

  function start(state) {
    state.id = state.repeat
      ? host.intervalSet(state.callback, state.after, ...state.args)
      : host.timerSet(state.callback, state.after, ...state.args);
  }

  function stop(state) {
    host.timerClear(state.id);
  }

  function callable(callback) {
    if (typeof callback !== "function") {
      const error = new TypeError(`The "callback" argument must be of type function. Received ${describe(callback)}`);
      error.code = "ERR_INVALID_ARG_TYPE";
      error.name = "TypeError";
      error.toString = function () {
        return `${this.name} [${this.code}]: ${this.message}`;
      };
      throw error;
    }
  }

  function describe(value) {
    if (value === null || value === undefined) return String(value);
    if (typeof value === "function" && value.name) return `function ${value.name}`;
    if (typeof value === "object") return "an instance of " + (value.constructor?.name ?? "Object");
    let shown = typeof value === "string" ? `'${value}'` : typeof value === "bigint" ? `${value}n` : String(value);
    if (shown.length > 25) shown = `${shown.slice(0, 25)}...`;
    return `type ${typeof value} (${shown})`;
  }

  function setTimeout(callback, delay, ...args) {
    callable(callback);
    return new Timeout(callback, delay, args, false, true);
  }

  function setInterval(callback, repeat, ...args) {
    callable(callback);
    return new Timeout(callback, repeat, args, true, true);
  }

  function clear(timer) {
    if (timer instanceof Timeout) stop(kind.get(timer));
    else if (typeof timer === "number") host.timerClear(timer);
  }

  // workerd's Immediate: the handle of a 0 ms timer.
  const immediates = new WeakMap(); // Immediate -> its timer's id
  let constructing = false;

  class Immediate {
    constructor() {
      if (!constructing) throw new TypeError("Illegal constructor");
    }
    ref() {}
    unref() {}
    hasRef() {
      return false;
    }
    [Symbol.dispose]() {
      host.timerClear(immediates.get(this));
    }
  }
  Object.defineProperty(Immediate.prototype, Symbol.toStringTag, { value: "Immediate", configurable: true });

  // setImmediate/clearImmediate for an interface: node:timers' (`TimersUtil`), or the
  // global scope's (nodejs_compat_v2), which differ in their error messages and lengths.
  function immediateFunctions(on) {
    function set(callback, args) {
      if (typeof callback !== "function") {
        throw new TypeError(`Failed to execute 'setImmediate' on '${on}': parameter 1 is not of type 'function'.`);
      }
      constructing = true;
      let immediate;
      try {
        immediate = new Immediate();
      } finally {
        constructing = false;
      }
      immediates.set(immediate, host.timerSet(callback, 0, ...args));
      return immediate;
    }
    function clear(immediate) {
      if (immediate === undefined || immediate === null) return;
      if (!immediates.has(immediate)) {
        throw new TypeError(`Failed to execute 'clearImmediate' on '${on}': parameter 1 is not of type 'Immediate'.`);
      }
      host.timerClear(immediates.get(immediate));
    }
    return { set, clear };
  }

  const util = immediateFunctions("TimersUtil");
  function setImmediate(callback, ...args) {
    return util.set(callback, args);
  }
  function clearImmediate(immediate) {
    return util.clear(immediate);
  }
  // The globals (workerd 1.20261117: both of length 0).
  const scope = immediateFunctions("ServiceWorkerGlobalScope");
  const globalImmediate = {
    setImmediate(...args) {
      return scope.set(args[0], args.slice(1));
    },
    clearImmediate(...args) {
      return scope.clear(args[0]);
    },
  };

  function active(timer) {
    if (timer instanceof Timeout) timer.refresh();
  }

  function enroll() {
    throw new Error("Not implemented. Please use setTimeout() instead.");
  }

  return {
    Timeout,
    Immediate,
    setTimeout,
    setInterval,
    clearTimeout: clear,
    clearInterval: clear,
    setImmediate,
    clearImmediate,
    globalSetImmediate: globalImmediate.setImmediate,
    globalClearImmediate: globalImmediate.clearImmediate,
    active,
    unenroll: clear,
    enroll,
  };
})
