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

  // A stack class: DisposableStack (`dispose`, @@dispose) or AsyncDisposableStack
  // (`disposeAsync`, @@asyncDispose). The two differ in how a resource is added and in
  // awaiting each disposal; their prototypes list their members in V8's order.
  function stackClass(name, async) {
    const Class = {
      [name]: function () {
        if (new.target === undefined) throw new TypeError(`Constructor ${name} requires 'new'`);
        const self = Object.create(new.target.prototype);
        stacks.set(self, newState(async));
        return self;
      },
    }[name];
    // A method's state, after the checks every method but the disposal makes.
    const open = (stack, method) => {
      const state = stateOf(stack, Class, method);
      pending(state, Class, method);
      return state;
    };
    const disposeName = async ? "disposeAsync" : "dispose";
    methods(Class, {
      use(value) {
        const state = open(this, "use");
        if (value === null || value === undefined) {
          // `await using x = null` still awaits once at disposal.
          if (async) state.resources.push(() => undefined);
          return value;
        }
        const method = disposeMethod(value, async);
        state.resources.push(() => method.call(value));
        return value;
      },
      // The async form rejects (never throws) when its receiver is not a stack.
      [disposeName]: async
        ? function () {
          try {
            return disposeAll(this, true);
          } catch (error) {
            return Promise.reject(error);
          }
        }
        : function () {
          return disposeAll(this, false);
        },
      adopt(value, onDispose) {
        const state = open(this, "adopt");
        callable(onDispose, String(onDispose));
        state.resources.push(() => onDispose.call(undefined, value));
        return value;
      },
      defer(onDispose) {
        const state = open(this, "defer");
        callable(onDispose, String(onDispose));
        state.resources.push(() => onDispose.call(undefined));
        return undefined;
      },
      move() {
        const state = open(this, "move");
        const moved = new Class();
        stacks.get(moved).resources = state.resources.splice(0);
        state.disposed = true;
        return moved;
      },
      get disposed() {
        return stateOf(this, Class, "disposed").disposed;
      },
    });
    Object.defineProperty(Class.prototype[disposeName], "name", { value: disposeName });
    Object.defineProperty(Class.prototype, async ? Symbol.asyncDispose : Symbol.dispose, {
      value: Class.prototype[disposeName], writable: true, enumerable: false, configurable: true,
    });
    Object.defineProperty(Class.prototype, Symbol.toStringTag, { value: name, configurable: true });
    return Class;
  }

  // DisposeResources: in reverse order of addition; an error thrown after another wraps
  // it in a SuppressedError. The async form awaits each disposal.
  function disposeAll(stack, async) {
    const state = stateOf(stack, async ? AsyncDisposableStack : DisposableStack, async ? "disposeAsync" : "dispose");
    if (state.disposed) return async ? Promise.resolve(undefined) : undefined;
    state.disposed = true;
    const resources = state.resources.splice(0);
    let thrown = false;
    let error;
    const failed = (e) => {
      error = thrown ? suppress(e, error) : e;
      thrown = true;
    };
    if (!async) {
      for (let i = resources.length - 1; i >= 0; i--) {
        try {
          resources[i]();
        } catch (e) {
          failed(e);
        }
      }
      if (thrown) throw error;
      return undefined;
    }
    return (async () => {
      for (let i = resources.length - 1; i >= 0; i--) {
        try {
          await resources[i]();
        } catch (e) {
          failed(e);
        }
      }
      if (thrown) throw error;
      return undefined;
    })();
  }

  const DisposableStack = stackClass("DisposableStack", false);
  const AsyncDisposableStack = stackClass("AsyncDisposableStack", true);

  return { DisposableStack, AsyncDisposableStack, SuppressedError };
})
