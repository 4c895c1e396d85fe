// cloudflare:workers for crosstalk: the base classes of class-based entrypoints, the
// worker's `env`, `withEnv`, `waitUntil` and `exports`. An instance gets `ctx` and `env` from its
// constructor, as workerd constructs one per event; `env` is the same object the handlers
// receive.
export class WorkerEntrypoint {
  constructor(ctx, env) {
    this.ctx = ctx;
    this.env = env;
  }
}

export class DurableObject {
  constructor(ctx, env) {
    this.ctx = ctx;
    this.env = env;
  }
}

export class WorkflowEntrypoint {
  constructor(ctx, env) {
    this.ctx = ctx;
    this.env = env;
  }
}

// Objects of a class extending RpcTarget may cross an RPC boundary in workerd (as stubs);
// crosstalk clones values only, so an RpcTarget is refused as uncloneable there.
export class RpcTarget {}

// workerd's RPC classes; crosstalk's stubs are its own objects, so these exist for code
// that imports them, and making one is refused.
function notModelled(name) {
  return class {
    constructor() {
      throw new Error(`${name} is not modelled by crosstalk yet`);
    }
  };
}
export const RpcStub = notModelled("RpcStub");
export const RpcPromise = notModelled("RpcPromise");
export const RpcProperty = notModelled("RpcProperty");
export const ServiceStub = notModelled("ServiceStub");

// `withEnv`, `withExports` and `withEnvAndExports` replace what `env` and `exports` show
// while their callback runs, across its awaits too: the replacement lives in an async
// context frame (node-events' AsyncLocalStorage, made on the first call), which every
// reaction and timer the callback registers carries, as workerd's async context does.
const baseEnv = globalThis[Symbol.for("crosstalk.env")];
let overrides;
const current = () => overrides?.getStore();
function runWith(frame, fn) {
  overrides ??= new (globalThis[Symbol.for("crosstalk.node")]("node-events").AsyncLocalStorage)();
  return overrides.run(frame, fn);
}

// A view of the running event's `env` (a proxy, as workerd's is).
const currentEnv = () => current()?.env ?? baseEnv;
export const env = new Proxy(
  {},
  {
    get: (_, key) => Reflect.get(currentEnv(), key),
    set: (_, key, value) => Reflect.set(currentEnv(), key, value),
    has: (_, key) => Reflect.has(currentEnv(), key),
    ownKeys: () => Reflect.ownKeys(currentEnv()),
    deleteProperty: (_, key) => Reflect.deleteProperty(currentEnv(), key),
    defineProperty: (_, key, descriptor) => Reflect.defineProperty(currentEnv(), key, descriptor),
    getOwnPropertyDescriptor(_, key) {
      const descriptor = Reflect.getOwnPropertyDescriptor(currentEnv(), key);
      if (descriptor) descriptor.configurable = true;
      return descriptor;
    },
  },
);

export function withEnv(newEnv, fn) {
  return runWith({ env: newEnv, exports: current()?.exports }, fn);
}

export function withExports(newExports, fn) {
  return runWith({ env: current()?.env, exports: newExports }, fn);
}

export function withEnvAndExports(newEnv, newExports, fn) {
  return runWith({ env: newEnv, exports: newExports }, fn);
}

// `abortIsolate(reason)` ends the isolate and every request in it, which crosstalk does
// not model: calling it throws an error that says so.
export function abortIsolate(reason) {
  throw new Error(`crosstalk does not model abortIsolate() (reason: ${String(reason)}): keep it out of the request path you simulate`);
}

// The Cache API's module face: an empty object, as workerd's.
export const cache = {};

// The key of the restore hook (workerd's `restore` symbol).
export const restore = Symbol("cloudflare:workers:restore");

// `tracing`: user spans. crosstalk records none, so every span is an untraced no-op span
// and the callbacks run as workerd runs them.
class Span {
  get isTraced() {
    return false;
  }
  spanContext() {
    return undefined;
  }
  setAttribute() {
    return this;
  }
  setAttributes() {
    return this;
  }
  recordException() {}
  updateName() {
    return this;
  }
  setStatus() {
    return this;
  }
  end() {}
}
class Tracing {
  enterSpan(name, fn, ...args) {
    return fn(new Span(), ...args);
  }
  startActiveSpan(name, optionsOrFn, maybeFn) {
    const fn = typeof optionsOrFn === "function" ? optionsOrFn : maybeFn;
    return fn(new Span());
  }
  startSpan() {
    return new Span();
  }
  getActiveSpan() {
    return new Span();
  }
  withActiveSpan(span, fn, ...args) {
    if (!(span instanceof Span)) {
      throw new TypeError("Failed to execute 'withActiveSpan' on 'Tracing': parameter 1 is not of type 'Span'.");
    }
    return fn(...args);
  }
}
Tracing.prototype.Span = Span;
// As workerd's native classes have them: `constructor` after the members, and a tag
// under `set_tostring_tag` (2024-09-26).
const tagged = globalThis.Cloudflare?.compatibilityFlags?.set_tostring_tag === true;
for (const [cls, tag] of [[Span, "Span"], [Tracing, "Tracing"]]) {
  const constructor = Object.getOwnPropertyDescriptor(cls.prototype, "constructor");
  delete cls.prototype.constructor;
  Object.defineProperty(cls.prototype, "constructor", constructor);
  if (tagged) Object.defineProperty(cls.prototype, Symbol.toStringTag, { value: tag, configurable: true });
}
export const tracing = new Tracing();

// `ctx.waitUntil` of the running request, as workerd's `waitUntil` (a bound function of
// length 0); the handlers module is loaded at the first call.
export const waitUntil = {
  waitUntil() {
    return void globalThis[Symbol.for("crosstalk.node")]("handlers").waitUntil(arguments[0]);
  },
}.waitUntil.bind(undefined);

// The worker's loopback bindings: a view of the object `ctx.exports` is, as workerd's
// module-level `exports` is a view (not the same object). The object is asked for on the
// first use, so importing this module loads nothing more.
let loopback;
const loopbackExports = () => (loopback ??= globalThis[Symbol.for("crosstalk.node")]("handlers").loopbackExports());
const currentExports = () => current()?.exports ?? loopbackExports();
export const exports = new Proxy(
  {},
  {
    get: (_, key) => currentExports()[key],
    has: (_, key) => key in currentExports(),
    ownKeys: () => Reflect.ownKeys(currentExports()),
    getOwnPropertyDescriptor(_, key) {
      const descriptor = Reflect.getOwnPropertyDescriptor(currentExports(), key);
      if (descriptor) descriptor.configurable = true;
      return descriptor;
    },
  },
);
