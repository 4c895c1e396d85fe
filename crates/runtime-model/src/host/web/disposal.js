// Explicit resource management's library, as V8 ships it in workerd 1.20261117:
// DisposableStack, AsyncDisposableStack and SuppressedError (ECMAScript's "Explicit
// Resource Management"; boa 0.22 has the two symbols but not these). Written from the
// specification's algorithms: resources are disposed in reverse order of addition, and
// each error thrown while disposing wraps the one before it in a SuppressedError.
(function (host) {
  "use strict";

  // ---- SuppressedError ----------------------------------------------------------------
  function SuppressedError(error, suppressed, message) {
    if (new.target === undefined) return new SuppressedError(error, suppressed, message);
    const self = Reflect.construct(Error, message === undefined ? [] : [message], new.target);
    const own = (value) => ({ value, writable: true, enumerable: false, configurable: true });
    Object.defineProperties(self, { error: own(error), suppressed: own(suppressed) });
    return self;
  }
  Object.setPrototypeOf(SuppressedError, Error);
  SuppressedError.prototype = Object.create(Error.prototype, {
    constructor: { value: SuppressedError, writable: true, enumerable: false, configurable: true },
    name: { value: "SuppressedError", writable: true, enumerable: false, configurable: true },
    message: { value: "", writable: true, enumerable: false, configurable: true },
  });
  Object.defineProperty(SuppressedError, "prototype", { writable: false });

  // The error a disposal throws when a resource's disposal threw after another's did.
  function suppress(error, suppressed) {
    return new SuppressedError(error, suppressed, "An error was suppressed during disposal");
  }

  // ---- DisposableStack ----------------------------------------------------------------
  // [[DisposeCapability]] and [[DisposableState]] of each stack.
  const stacks = new WeakMap();

  function stateOf(stack, Class, method) {
    const state = stacks.get(stack);
    if (state === undefined || state.async !== (Class === AsyncDisposableStack)) {
      throw new TypeError(`Method ${Class.name}.prototype.${method} called on incompatible receiver ${String(stack)}`);
    }
    return state;
  }

  function pending(state, Class, method) {
    if (state.disposed) {
      throw new ReferenceError(`Cannot call ${Class.name}.prototype.${method} on an already-disposed ${Class.name}`);
    }
  }

  function callable(value, what) {
    if (typeof value !== "function") throw new TypeError(`${what} is not a function`);
    return value;
  }

  // GetDisposeMethod: a sync stack wants @@dispose; an async one @@asyncDispose, else
  // @@dispose (whose result it does not await).
  function disposeMethod(value, async) {
    if ((typeof value !== "object" || value === null) && typeof value !== "function") {
      throw new TypeError("An object is expected with `using` declarations");
    }
    if (async) {
      const method = value[Symbol.asyncDispose];
      if (method !== undefined && method !== null) return callable(method, "Symbol.asyncDispose");
      const sync = value[Symbol.dispose];
      if (sync === undefined || sync === null) throw new TypeError("Symbol.asyncDispose is not a function");
      callable(sync, "Symbol.dispose");
      return function () {
        sync.call(this);
      };
    }
    const method = value[Symbol.dispose];
    if (method === undefined || method === null) throw new TypeError("Symbol.dispose is not a function");
    return callable(method, "Symbol.dispose");
  }

  // Defines `methods` on `Class.prototype` as a class body would: not enumerable, in
  // order, getters as getters.
  function methods(Class, methods) {
    for (const key of Reflect.ownKeys(methods)) {
      const descriptor = Object.getOwnPropertyDescriptor(methods, key);
      descriptor.enumerable = false;
      Object.defineProperty(Class.prototype, key, descriptor);
    }
  }

  function newState(async) {
    return { async, disposed: false, resources: [] };
  }

  function DisposableStack() {
    if (new.target === undefined) throw new TypeError("Constructor DisposableStack requires 'new'");
    const self = Object.create(new.target.prototype);
    stacks.set(self, newState(false));
    return self;
  }
  methods(DisposableStack, {
    use(value) {
      const state = stateOf(this, DisposableStack, "use");
      pending(state, DisposableStack, "use");
      if (value === null || value === undefined) return value;
      const method = disposeMethod(value, false);
      state.resources.push(() => method.call(value));
      return value;
    },
    dispose() {
      const state = stateOf(this, DisposableStack, "dispose");
      if (state.disposed) return undefined;
      state.disposed = true;
      const resources = state.resources.splice(0);
      let thrown = false;
      let error;
      for (let i = resources.length - 1; i >= 0; i--) {
        try {
          resources[i]();
        } catch (e) {
          error = thrown ? suppress(e, error) : e;
          thrown = true;
        }
      }
      if (thrown) throw error;
      return undefined;
    },
    adopt(value, onDispose) {
      const state = stateOf(this, DisposableStack, "adopt");
      pending(state, DisposableStack, "adopt");
      callable(onDispose, String(onDispose));
      state.resources.push(() => onDispose.call(undefined, value));
      return value;
    },
    defer(onDispose) {
      const state = stateOf(this, DisposableStack, "defer");
      pending(state, DisposableStack, "defer");
      callable(onDispose, String(onDispose));
      state.resources.push(() => onDispose.call(undefined));
      return undefined;
    },
    move() {
      const state = stateOf(this, DisposableStack, "move");
      pending(state, DisposableStack, "move");
      const moved = new DisposableStack();
      stacks.get(moved).resources = state.resources.splice(0);
      state.disposed = true;
      return moved;
    },
    get disposed() {
      return stateOf(this, DisposableStack, "disposed").disposed;
    }
  });
  Object.defineProperty(DisposableStack.prototype, Symbol.dispose, {
    value: DisposableStack.prototype.dispose, writable: true, enumerable: false, configurable: true,
  });
  Object.defineProperty(DisposableStack.prototype, Symbol.toStringTag, { value: "DisposableStack", configurable: true });

  // ---- AsyncDisposableStack -----------------------------------------------------------
  function AsyncDisposableStack() {
    if (new.target === undefined) throw new TypeError("Constructor AsyncDisposableStack requires 'new'");
    const self = Object.create(new.target.prototype);
    stacks.set(self, newState(true));
    return self;
  }
  methods(AsyncDisposableStack, {
    use(value) {
      const state = stateOf(this, AsyncDisposableStack, "use");
      pending(state, AsyncDisposableStack, "use");
      if (value === null || value === undefined) {
        // `await using x = null` still awaits once at disposal.
        state.resources.push(() => undefined);
        return value;
      }
      const method = disposeMethod(value, true);
      state.resources.push(() => method.call(value));
      return value;
    },
    async disposeAsync() {
      const state = stateOf(this, AsyncDisposableStack, "disposeAsync");
      if (state.disposed) return undefined;
      state.disposed = true;
      const resources = state.resources.splice(0);
      let thrown = false;
      let error;
      for (let i = resources.length - 1; i >= 0; i--) {
        try {
          await resources[i]();
        } catch (e) {
          error = thrown ? suppress(e, error) : e;
          thrown = true;
        }
      }
      if (thrown) throw error;
      return undefined;
    },
    adopt(value, onDisposeAsync) {
      const state = stateOf(this, AsyncDisposableStack, "adopt");
      pending(state, AsyncDisposableStack, "adopt");
      callable(onDisposeAsync, String(onDisposeAsync));
      state.resources.push(() => onDisposeAsync.call(undefined, value));
      return value;
    },
    defer(onDisposeAsync) {
      const state = stateOf(this, AsyncDisposableStack, "defer");
      pending(state, AsyncDisposableStack, "defer");
      callable(onDisposeAsync, String(onDisposeAsync));
      state.resources.push(() => onDisposeAsync.call(undefined));
      return undefined;
    },
    move() {
      const state = stateOf(this, AsyncDisposableStack, "move");
      pending(state, AsyncDisposableStack, "move");
      const moved = new AsyncDisposableStack();
      stacks.get(moved).resources = state.resources.splice(0);
      state.disposed = true;
      return moved;
    },
    get disposed() {
      return stateOf(this, AsyncDisposableStack, "disposed").disposed;
    }
  });
  Object.defineProperty(AsyncDisposableStack.prototype, Symbol.asyncDispose, {
    value: AsyncDisposableStack.prototype.disposeAsync, writable: true, enumerable: false, configurable: true,
  });
  Object.defineProperty(AsyncDisposableStack.prototype, Symbol.toStringTag, {
    value: "AsyncDisposableStack", configurable: true,
  });

  return { DisposableStack, AsyncDisposableStack, SuppressedError };
})
