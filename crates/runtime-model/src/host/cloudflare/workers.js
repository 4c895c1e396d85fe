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

// A live binding: `withEnv` replaces it while its callback runs (synchronously; workerd
// keeps the replacement across the callback's awaits too).
export let env = globalThis[Symbol.for("crosstalk.env")];

export function withEnv(newEnv, fn) {
  const previous = env;
  env = newEnv;
  try {
    return fn();
  } finally {
    env = previous;
  }
}

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
export const exports = new Proxy(
  {},
  {
    get: (_, key) => loopbackExports()[key],
    has: (_, key) => key in loopbackExports(),
    ownKeys: () => Reflect.ownKeys(loopbackExports()),
    getOwnPropertyDescriptor(_, key) {
      const descriptor = Reflect.getOwnPropertyDescriptor(loopbackExports(), key);
      if (descriptor) descriptor.configurable = true;
      return descriptor;
    },
  },
);
