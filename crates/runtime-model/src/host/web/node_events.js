// node:events for crosstalk: the EventEmitter API libraries use.
(function (host) {
  "use strict";

  const kListeners = Symbol("listeners");

  function listenersOf(emitter) {
    if (!Object.prototype.hasOwnProperty.call(emitter, kListeners)) {
      Object.defineProperty(emitter, kListeners, { value: new Map(), enumerable: false });
    }
    return emitter[kListeners];
  }

  class EventEmitter {
    static defaultMaxListeners = 10;

    on(name, listener) {
      return this.addListener(name, listener);
    }

    addListener(name, listener) {
      if (typeof listener !== "function") {
        throw new TypeError('The "listener" argument must be of type function');
      }
      const map = listenersOf(this);
      if (map.has("newListener") && name !== "newListener") this.emit("newListener", name, listener);
      map.set(name, [...(map.get(name) ?? []), listener]);
      return this;
    }

    prependListener(name, listener) {
      const map = listenersOf(this);
      map.set(name, [listener, ...(map.get(name) ?? [])]);
      return this;
    }

    once(name, listener) {
      const wrapped = (...args) => {
        this.removeListener(name, wrapped);
        return listener.apply(this, args);
      };
      wrapped.listener = listener;
      return this.on(name, wrapped);
    }

    off(name, listener) {
      return this.removeListener(name, listener);
    }

    removeListener(name, listener) {
      const map = listenersOf(this);
      const list = map.get(name);
      if (!list) return this;
      const index = list.findIndex((l) => l === listener || l.listener === listener);
      if (index >= 0) {
        const next = list.slice();
        next.splice(index, 1);
        if (next.length) map.set(name, next);
        else map.delete(name);
      }
      return this;
    }

    removeAllListeners(name) {
      const map = listenersOf(this);
      if (name === undefined) map.clear();
      else map.delete(name);
      return this;
    }

    emit(name, ...args) {
      const list = listenersOf(this).get(name);
      if (!list || list.length === 0) {
        if (name === "error") {
          throw args[0] instanceof Error ? args[0] : new Error("Unhandled error. (" + String(args[0]) + ")");
        }
        return false;
      }
      for (const listener of list) listener.apply(this, args);
      return true;
    }

    listeners(name) {
      return (listenersOf(this).get(name) ?? []).map((l) => l.listener ?? l);
    }

    rawListeners(name) {
      return [...(listenersOf(this).get(name) ?? [])];
    }

    listenerCount(name) {
      return (listenersOf(this).get(name) ?? []).length;
    }

    eventNames() {
      return [...listenersOf(this).keys()];
    }

    setMaxListeners() {
      return this;
    }

    getMaxListeners() {
      return EventEmitter.defaultMaxListeners;
    }
  }

  function once(emitter, name) {
    return new Promise((resolve, reject) => {
      const onError = (err) => {
        emitter.removeListener(name, onEvent);
        reject(err);
      };
      const onEvent = (...args) => {
        emitter.removeListener("error", onError);
        resolve(args);
      };
      emitter.once(name, onEvent);
      if (name !== "error") emitter.once("error", onError);
    });
  }

  EventEmitter.EventEmitter = EventEmitter;
  EventEmitter.once = once;

  return { EventEmitter, once, default: EventEmitter };
})
