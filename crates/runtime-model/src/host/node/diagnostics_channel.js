// node:diagnostics_channel for crosstalk, as workerd has it: named channels shared by name
// (a string, or a symbol), subscribers called in subscription order with (message, name)
// and the global object as `this` (a subscriber's exception reaches the publisher),
// `hasSubscribers` a getter, stores bound with AsyncLocalStorage and entered by runStores,
// and tracing channels over five channels each.
import { AsyncLocalStorage } from "node:async_hooks";

const E = globalThis[Symbol.for("crosstalk.node")]("node-events").errors;

const argumentTypeError = (className, method, position, type) =>
  new TypeError(`Failed to execute '${method}' on '${className}': parameter ${position} is not of type '${type}'.`);

const illegalInvocation = () =>
  new TypeError(
    "Illegal invocation: function called with incorrect `this` reference. See " +
      "https://developers.cloudflare.com/workers/observability/errors/#illegal-invocation-errors for details.",
  );

const kCreate = Symbol("kCreate");
const alsRun = AsyncLocalStorage.prototype.run;
let hasSubscribersOf;

export class Channel {
  #name;
  #subscribers = new Map();
  #stores = new Map();

  constructor(token, name) {
    if (token !== kCreate) throw new TypeError("Illegal constructor");
    this.#name = name;
  }

  static #check(channel) {
    if (typeof channel !== "object" || channel === null || !(#subscribers in channel)) throw illegalInvocation();
  }

  #publish(message) {
    for (const callback of [...this.#subscribers.keys()]) Reflect.apply(callback, globalThis, [message, this.#name]);
  }

  get hasSubscribers() {
    Channel.#check(this);
    return this.#subscribers.size !== 0;
  }

  publish(...args) {
    Channel.#check(this);
    if (args.length < 1) throw argumentTypeError("Channel", "publish", 1, "Value");
    this.#publish(args[0]);
  }

  subscribe(callback) {
    Channel.#check(this);
    if (typeof callback !== "function") throw argumentTypeError("Channel", "subscribe", 1, "function");
    if (!this.#subscribers.has(callback)) this.#subscribers.set(callback, undefined);
  }

  unsubscribe(callback) {
    Channel.#check(this);
    if (typeof callback !== "function") throw argumentTypeError("Channel", "unsubscribe", 1, "function");
    this.#subscribers.delete(callback);
  }

  bindStore(store, transform) {
    Channel.#check(this);
    if (!(store instanceof AsyncLocalStorage)) throw argumentTypeError("Channel", "bindStore", 1, "AsyncLocalStorage");
    if (transform !== undefined && typeof transform !== "function") {
      throw argumentTypeError("Channel", "bindStore", 2, "function");
    }
    this.#stores.set(store, transform);
  }

  unbindStore(store) {
    Channel.#check(this);
    if (!(store instanceof AsyncLocalStorage)) throw argumentTypeError("Channel", "unbindStore", 1, "AsyncLocalStorage");
    this.#stores.delete(store);
  }

  runStores(...args) {
    Channel.#check(this);
    if (args.length < 1) throw argumentTypeError("Channel", "runStores", 1, "Value");
    const [message, callback, receiver] = args;
    if (typeof callback !== "function") throw argumentTypeError("Channel", "runStores", 2, "function");
    const callbackArgs = args.slice(3);
    const thisArg = receiver === undefined ? globalThis : receiver;
    const stores = [...this.#stores.entries()];
    // Each store is entered in turn, so a transform runs with the ones before it set.
    const enter = (i) => {
      const entry = stores[i];
      if (entry === undefined) {
        this.#publish(message);
        return Reflect.apply(callback, thisArg, callbackArgs);
      }
      const [store, transform] = entry;
      const value = transform === undefined ? message : Reflect.apply(transform, globalThis, [message]);
      return Reflect.apply(alsRun, store, [value, () => enter(i + 1)]);
    };
    return enter(0);
  }

  static {
    hasSubscribersOf = (channel) => channel.#subscribers.size !== 0;
  }
}
Object.defineProperty(Channel.prototype, Symbol.toStringTag, { value: "Channel", writable: true, configurable: true });

// A channel's name: a symbol, or any other value as a string.
const toName = (name) => (typeof name === "symbol" ? name : String(name));
const channels = new Map();

function getChannel(name) {
  let found = channels.get(name);
  if (found === undefined) {
    found = new Channel(kCreate, name);
    channels.set(name, found);
  }
  return found;
}

export function hasSubscribers(name) {
  const found = channels.get(toName(name));
  return found !== undefined && hasSubscribersOf(found);
}

export function channel(name) {
  return getChannel(toName(name));
}

export function subscribe(name, callback) {
  const key = toName(name);
  if (typeof callback !== "function") {
    throw argumentTypeError("DiagnosticsChannelModule", "subscribe", 2, "function");
  }
  getChannel(key).subscribe(callback);
}

export function unsubscribe(name, callback) {
  const key = toName(name);
  if (typeof callback !== "function") {
    throw argumentTypeError("DiagnosticsChannelModule", "unsubscribe", 2, "function");
  }
  channels.get(key)?.unsubscribe(callback);
}

const kStart = Symbol("kStart");
const kEnd = Symbol("kEnd");
const kAsyncStart = Symbol("kAsyncStart");
const kAsyncEnd = Symbol("kAsyncEnd");
const kError = Symbol("kError");

export class TracingChannel {
  [kStart];
  [kEnd];
  [kAsyncStart];
  [kAsyncEnd];
  [kError];

  constructor() {
    throw new Error("Use diagnostic_channel.tracingChannels() to create TracingChannel");
  }

  get start() {
    return this[kStart];
  }

  get end() {
    return this[kEnd];
  }

  get asyncStart() {
    return this[kAsyncStart];
  }

  get asyncEnd() {
    return this[kAsyncEnd];
  }

  get error() {
    return this[kError];
  }

  get hasSubscribers() {
    return [this.start, this.end, this.asyncStart, this.asyncEnd, this.error].some((c) => c != null && c.hasSubscribers);
  }

  subscribe(subscriptions) {
    if (subscriptions.start !== undefined) this[kStart]?.subscribe(subscriptions.start);
    if (subscriptions.end !== undefined) this[kEnd]?.subscribe(subscriptions.end);
    if (subscriptions.asyncStart !== undefined) this[kAsyncStart]?.subscribe(subscriptions.asyncStart);
    if (subscriptions.asyncEnd !== undefined) this[kAsyncEnd]?.subscribe(subscriptions.asyncEnd);
    if (subscriptions.error !== undefined) this[kError]?.subscribe(subscriptions.error);
  }

  unsubscribe(subscriptions) {
    if (subscriptions.start !== undefined) this[kStart]?.unsubscribe(subscriptions.start);
    if (subscriptions.end !== undefined) this[kEnd]?.unsubscribe(subscriptions.end);
    if (subscriptions.asyncStart !== undefined) this[kAsyncStart]?.unsubscribe(subscriptions.asyncStart);
    if (subscriptions.asyncEnd !== undefined) this[kAsyncEnd]?.unsubscribe(subscriptions.asyncEnd);
    if (subscriptions.error !== undefined) this[kError]?.unsubscribe(subscriptions.error);
  }

  traceSync(fn, context = {}, thisArg = globalThis, ...args) {
    const { start, end, error } = this;
    return start?.runStores(
      context,
      () => {
        try {
          const result = Reflect.apply(fn, thisArg, args);
          context.result = result;
          return result;
        } catch (err) {
          context.error = err;
          error?.publish(context);
          throw err;
        } finally {
          end?.publish(context);
        }
      },
      thisArg,
    );
  }

  tracePromise(fn, context = {}, thisArg = globalThis, ...args) {
    const { start, end, asyncStart, asyncEnd, error } = this;
    const reject = (err) => {
      context.error = err;
      error?.publish(context);
      asyncStart?.publish(context);
      asyncEnd?.publish(context);
      return Promise.reject(err);
    };
    const resolve = (result) => {
      context.result = result;
      asyncStart?.publish(context);
      asyncEnd?.publish(context);
      return result;
    };
    return start?.runStores(
      context,
      () => {
        try {
          let promise = Reflect.apply(fn, thisArg, args);
          if (!(promise instanceof Promise)) promise = Promise.resolve(promise);
          return promise.then(resolve, reject);
        } catch (err) {
          context.error = err;
          error?.publish(context);
          throw err;
        } finally {
          end?.publish(context);
        }
      },
      thisArg,
    );
  }

  traceCallback(fn, position = -1, context = {}, thisArg = globalThis, ...args) {
    const { start, end, asyncStart, asyncEnd, error } = this;
    function wrappedCallback(err, res) {
      if (err) {
        context.error = err;
        error?.publish(context);
      } else {
        context.result = res;
      }
      asyncStart?.runStores(
        context,
        () => {
          try {
            if (callback) Reflect.apply(callback, this, arguments);
          } finally {
            asyncEnd?.publish(context);
          }
        },
        thisArg,
      );
    }
    const callback = args.at(position);
    if (typeof callback !== "function") throw E.invalidArgType("callback", ["function"], callback);
    args.splice(position, 1, wrappedCallback);
    return start?.runStores(
      context,
      () => {
        try {
          return Reflect.apply(fn, thisArg, args);
        } catch (err) {
          context.error = err;
          error?.publish(context);
          throw err;
        } finally {
          end?.publish(context);
        }
      },
      thisArg,
    );
  }
}

function validateChannel(value, name) {
  if (!(value instanceof Channel)) throw E.invalidArgType(name, "Channel", value);
  return value;
}

export function tracingChannel(nameOrChannels) {
  return Reflect.construct(
    function () {
      if (typeof nameOrChannels === "string") {
        this[kStart] = channel(`tracing:${nameOrChannels}:start`);
        this[kEnd] = channel(`tracing:${nameOrChannels}:end`);
        this[kAsyncStart] = channel(`tracing:${nameOrChannels}:asyncStart`);
        this[kAsyncEnd] = channel(`tracing:${nameOrChannels}:asyncEnd`);
        this[kError] = channel(`tracing:${nameOrChannels}:error`);
      } else {
        E.validateObject(nameOrChannels, "channels");
        this[kStart] = validateChannel(nameOrChannels.start, "channels.start");
        this[kEnd] = validateChannel(nameOrChannels.end, "channels.end");
        this[kAsyncStart] = validateChannel(nameOrChannels.asyncStart, "channels.asyncStart");
        this[kAsyncEnd] = validateChannel(nameOrChannels.asyncEnd, "channels.asyncEnd");
        this[kError] = validateChannel(nameOrChannels.error, "channels.error");
      }
    },
    [],
    TracingChannel,
  );
}

export default { hasSubscribers, channel, subscribe, unsubscribe, tracingChannel, Channel };
