// node:diagnostics_channel for crosstalk: named channels that libraries (Sentry, undici-style
// clients) publish to, with subscribers run synchronously in subscription order.
const channels = new Map();

export class Channel {
  #subscribers = [];
  constructor(name) {
    this.name = name;
  }
  get hasSubscribers() {
    return this.#subscribers.length > 0;
  }
  subscribe(subscriber) {
    if (typeof subscriber !== "function") {
      throw new TypeError('The "subscription" argument must be of type function');
    }
    this.#subscribers = [...this.#subscribers, subscriber];
  }
  unsubscribe(subscriber) {
    const at = this.#subscribers.indexOf(subscriber);
    if (at < 0) return false;
    this.#subscribers = this.#subscribers.filter((_, i) => i !== at);
    return true;
  }
  publish(message) {
    for (const subscriber of this.#subscribers) {
      try {
        subscriber(message, this.name);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
  bindStore() {}
  unbindStore() {
    return false;
  }
  runStores(message, fn, thisArg, ...args) {
    this.publish(message);
    return fn.apply(thisArg, args);
  }
}

export function channel(name) {
  if (typeof name !== "string" && typeof name !== "symbol") {
    throw new TypeError('The "channel" argument must be one of type string or symbol');
  }
  let found = channels.get(name);
  if (!found) {
    found = new Channel(name);
    channels.set(name, found);
  }
  return found;
}

export function hasSubscribers(name) {
  return channels.get(name)?.hasSubscribers ?? false;
}

export function subscribe(name, subscriber) {
  channel(name).subscribe(subscriber);
}

export function unsubscribe(name, subscriber) {
  return channel(name).unsubscribe(subscriber);
}

const EVENTS = ["start", "end", "asyncStart", "asyncEnd", "error"];

export class TracingChannel {
  constructor(name) {
    for (const event of EVENTS) this[event] = channel(`tracing:${name}:${event}`);
  }
  get hasSubscribers() {
    return EVENTS.some((event) => this[event].hasSubscribers);
  }
  subscribe(handlers) {
    for (const event of EVENTS) if (handlers[event]) this[event].subscribe(handlers[event]);
  }
  unsubscribe(handlers) {
    let all = true;
    for (const event of EVENTS) if (handlers[event]) all = this[event].unsubscribe(handlers[event]) && all;
    return all;
  }
  traceSync(fn, context = {}, thisArg, ...args) {
    this.start.publish(context);
    try {
      const result = fn.apply(thisArg, args);
      context.result = result;
      return result;
    } catch (error) {
      context.error = error;
      this.error.publish(context);
      throw error;
    } finally {
      this.end.publish(context);
    }
  }
  tracePromise(fn, context = {}, thisArg, ...args) {
    this.start.publish(context);
    try {
      const promise = fn.apply(thisArg, args);
      return Promise.resolve(promise).then(
        (result) => {
          context.result = result;
          this.asyncStart.publish(context);
          this.asyncEnd.publish(context);
          return result;
        },
        (error) => {
          context.error = error;
          this.error.publish(context);
          this.asyncStart.publish(context);
          this.asyncEnd.publish(context);
          throw error;
        },
      );
    } catch (error) {
      context.error = error;
      this.error.publish(context);
      throw error;
    } finally {
      this.end.publish(context);
    }
  }
}

export function tracingChannel(name) {
  return new TracingChannel(name);
}

export default { Channel, TracingChannel, channel, hasSubscribers, subscribe, tracingChannel, unsubscribe };
