// cloudflare:workers for crosstalk: the base classes of class-based entrypoints and the
// worker's `env`. An instance gets `ctx` and `env` from its constructor, as workerd
// constructs one per event; `env` is the same object the handlers receive.
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

export const env = globalThis[Symbol.for("crosstalk.env")];
