// node:test for crosstalk, as workerd has it: only the mocking API: MockTracker (fn, method,
// getter, setter, reset, restoreAll) and the MockFunctionContext each mock exposes as
// `.mock` (calls, callCount, mockImplementation, mockImplementationOnce, restore,
// resetCalls). Mock timers are not part of it, as in workerd.
const E = globalThis[Symbol.for("crosstalk.node")]("node-events").errors;

const kEmptyObject = Object.create(null);
function kDefaultFunction() {}

// A context's state, out of reach of the context's public surface.
const contexts = new WeakMap();

export class MockFunctionContext {
  constructor(implementation, restore, times) {
    contexts.set(this, { calls: [], mocks: new Map(), implementation, restore, times });
  }

  get calls() {
    return contexts.get(this).calls.slice(0);
  }

  callCount() {
    return contexts.get(this).calls.length;
  }

  mockImplementation(implementation) {
    E.validateFunction(implementation, "implementation");
    contexts.get(this).implementation = implementation;
  }

  mockImplementationOnce(implementation, onCall) {
    E.validateFunction(implementation, "implementation");
    const state = contexts.get(this);
    const nextCall = state.calls.length;
    const call = onCall ?? nextCall;
    E.validateInteger(call, "onCall", nextCall);
    state.mocks.set(call, implementation);
  }

  restore() {
    const state = contexts.get(this);
    const { descriptor, object, original, methodName } = state.restore;
    if (typeof methodName === "string") Object.defineProperty(object, methodName, descriptor);
    else state.implementation = original;
  }

  resetCalls() {
    contexts.get(this).calls = [];
  }
}

const restoreContext = MockFunctionContext.prototype.restore;

function trackCall(ctx, call) {
  contexts.get(ctx).calls.push(call);
}

function nextImpl(ctx) {
  const state = contexts.get(ctx);
  const nextCall = state.calls.length;
  const impl = state.mocks.get(nextCall) ?? state.implementation;
  if (nextCall + 1 === state.times) restoreContext.call(ctx);
  state.mocks.delete(nextCall);
  return impl;
}

function validateStringOrSymbol(value, name) {
  if (typeof value !== "string" && typeof value !== "symbol") {
    throw E.invalidArgType(name, ["string", "symbol"], value);
  }
}

function validateTimes(value, name) {
  if (value === Infinity) return;
  E.validateInteger(value, name, 1);
}

function findMethodOnPrototypeChain(instance, methodName) {
  let owner = instance;
  let descriptor;
  while (owner !== null) {
    descriptor = Object.getOwnPropertyDescriptor(owner, methodName);
    if (descriptor) break;
    owner = Object.getPrototypeOf(owner);
  }
  return descriptor;
}

export class MockTracker {
  #mocks = [];

  fn(original = function () {}, implementation = original, options = kEmptyObject) {
    if (original !== null && typeof original === "object") {
      options = original;
      original = function () {};
      implementation = original;
    } else if (implementation !== null && typeof implementation === "object") {
      options = implementation;
      implementation = original;
    }
    E.validateFunction(original, "original");
    E.validateFunction(implementation, "implementation");
    E.validateObject(options, "options");
    const { times = Infinity } = options;
    validateTimes(times, "options.times");
    const ctx = new MockFunctionContext(implementation, { __proto__: null, original }, times);
    return this.#setupMock(ctx, original);
  }

  method(objectOrFunction, methodName, implementation = kDefaultFunction, options = kEmptyObject) {
    validateStringOrSymbol(methodName, "methodName");
    if (typeof objectOrFunction !== "function") E.validateObject(objectOrFunction, "object");
    if (implementation !== null && typeof implementation === "object") {
      options = implementation;
      implementation = kDefaultFunction;
    }
    E.validateFunction(implementation, "implementation");
    E.validateObject(options, "options");
    const { getter = false, setter = false, times = Infinity } = options;
    E.validateBoolean(getter, "options.getter");
    E.validateBoolean(setter, "options.setter");
    validateTimes(times, "options.times");
    if (setter && getter) {
      throw E.invalidArgValue("options.setter", setter, "cannot be used with 'options.getter'");
    }
    const descriptor = findMethodOnPrototypeChain(objectOrFunction, methodName);
    let original;
    if (getter) original = descriptor?.get;
    else if (setter) original = descriptor?.set;
    else original = descriptor?.value;
    if (typeof original !== "function") throw E.invalidArgValue("methodName", original, "must be a method");
    const restore = { __proto__: null, descriptor, object: objectOrFunction, methodName };
    const impl = implementation === kDefaultFunction ? original : implementation;
    const ctx = new MockFunctionContext(impl, restore, times);
    const mock = this.#setupMock(ctx, original);
    const mockDescriptor = { __proto__: null, configurable: descriptor.configurable, enumerable: descriptor.enumerable };
    if (getter) {
      mockDescriptor.get = mock;
      mockDescriptor.set = descriptor.set;
    } else if (setter) {
      mockDescriptor.get = descriptor.get;
      mockDescriptor.set = mock;
    } else {
      mockDescriptor.writable = descriptor.writable;
      mockDescriptor.value = mock;
    }
    Object.defineProperty(objectOrFunction, methodName, mockDescriptor);
    return mock;
  }

  getter(object, methodName, implementation = kDefaultFunction, options = kEmptyObject) {
    if (implementation !== null && typeof implementation === "object") {
      options = implementation;
      implementation = kDefaultFunction;
    } else {
      E.validateObject(options, "options");
    }
    const { getter = true } = options;
    if (getter === false) throw E.invalidArgValue("options.getter", getter, "cannot be false");
    return this.method(object, methodName, implementation, { __proto__: null, ...options, getter });
  }

  setter(object, methodName, implementation = kDefaultFunction, options = kEmptyObject) {
    if (implementation !== null && typeof implementation === "object") {
      options = implementation;
      implementation = kDefaultFunction;
    } else {
      E.validateObject(options, "options");
    }
    const { setter = true } = options;
    if (setter === false) throw E.invalidArgValue("options.setter", setter, "cannot be false");
    return this.method(object, methodName, implementation, { __proto__: null, ...options, setter });
  }

  reset() {
    this.restoreAll();
    this.#mocks = [];
  }

  restoreAll() {
    for (let i = 0; i < this.#mocks.length; i++) restoreContext.call(this.#mocks[i]);
  }

  #setupMock(ctx, fnToMatch) {
    const mock = new Proxy(fnToMatch, {
      __proto__: null,
      apply(_fn, thisArg, argList) {
        const fn = nextImpl(ctx);
        let result;
        let error;
        try {
          result = Reflect.apply(fn, thisArg, argList);
        } catch (err) {
          error = err;
          throw err;
        } finally {
          trackCall(ctx, {
            __proto__: null,
            arguments: argList,
            error,
            result,
            stack: new Error(),
            target: undefined,
            this: thisArg,
          });
        }
        return result;
      },
      construct(target, argList, newTarget) {
        const realTarget = nextImpl(ctx);
        let result;
        let error;
        try {
          result = Reflect.construct(realTarget, argList, newTarget);
        } catch (err) {
          error = err;
          throw err;
        } finally {
          trackCall(ctx, {
            __proto__: null,
            arguments: argList,
            error,
            result,
            stack: new Error(),
            target,
            this: result,
          });
        }
        return result;
      },
      get(target, property, receiver) {
        if (property === "mock") return ctx;
        return Reflect.get(target, property, receiver);
      },
    });
    this.#mocks.push(ctx);
    return mock;
  }
}

export const mock = new MockTracker();

export default { mock, MockFunctionContext, MockTracker };
