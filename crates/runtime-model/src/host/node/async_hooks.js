// node:async_hooks for crosstalk. The store follows async continuations the way
// request attribution does: the runtime captures the current context frame when a
// reaction or timer is registered and restores it when it runs (engine.rs).
const context = globalThis[Symbol.for("crosstalk.asyncContext")];

function runIn(frame, fn, args) {
  const previous = context.get();
  context.set(frame);
  try {
    return fn(...args);
  } finally {
    context.set(previous);
  }
}

export class AsyncLocalStorage {
  getStore() {
    const frame = context.get();
    return frame ? frame.get(this) : undefined;
  }

  run(store, fn, ...args) {
    const frame = new Map(context.get() ?? []);
    frame.set(this, store);
    return runIn(frame, fn, args);
  }

  exit(fn, ...args) {
    const frame = new Map(context.get() ?? []);
    frame.delete(this);
    return runIn(frame, fn, args);
  }

  enterWith(store) {
    const frame = new Map(context.get() ?? []);
    frame.set(this, store);
    context.set(frame);
  }

  disable() {
    const frame = new Map(context.get() ?? []);
    frame.delete(this);
    context.set(frame);
  }

  static bind(fn) {
    const frame = context.get();
    return (...args) => runIn(frame, fn, args);
  }

  static snapshot() {
    const frame = context.get();
    return (fn, ...args) => runIn(frame, fn, args);
  }
}

export class AsyncResource {
  constructor(type) {
    this.type = type;
    this.frame = context.get();
  }

  runInAsyncScope(fn, thisArg, ...args) {
    return runIn(this.frame, (...a) => fn.apply(thisArg, a), args);
  }

  bind(fn) {
    return (...args) => this.runInAsyncScope(fn, undefined, ...args);
  }

  static bind(fn, type) {
    return new AsyncResource(type).bind(fn);
  }
}

export default { AsyncLocalStorage, AsyncResource };
