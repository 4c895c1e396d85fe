// node:timers' timers for crosstalk: setTimeout/setInterval return a Timeout object over
// the runtime's own timer (the virtual clock's), as workerd's node:timers does; under
// enable_nodejs_global_timers (nodejs_compat from 2026-02-10) they are the globals too.
// A Timeout converts to its timer's id, refresh() starts the timer again (a new id),
// ref()/unref() only mark it (nothing keeps a Worker alive but its requests).
(function (host) {
  "use strict";
  const kind = new WeakMap(); // Timeout -> its state

  class Timeout {
    constructor(callback, after, args, repeat) {
      const state = { callback, after: after === undefined ? 1 : after * 1, args, repeat, refed: true, id: 0 };
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
      throw error;
    }
  }

  function describe(value) {
    if (value === null || value === undefined) return String(value);
    if (typeof value === "string") return `type string ('${value}')`;
    if (typeof value === "object") return "an instance of " + (value.constructor?.name ?? "Object");
    return `type ${typeof value} (${String(value)})`;
  }

  function setTimeout(callback, delay, ...args) {
    callable(callback);
    return new Timeout(callback, delay, args, false);
  }

  function setInterval(callback, repeat, ...args) {
    callable(callback);
    return new Timeout(callback, repeat, args, true);
  }

  function clear(timer) {
    if (timer instanceof Timeout) timer.close();
    else if (typeof timer === "number") host.timerClear(timer);
  }

  return { Timeout, setTimeout, setInterval, clearTimeout: clear, clearInterval: clear };
})
