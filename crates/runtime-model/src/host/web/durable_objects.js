// Durable Objects, crosstalk's own code: the namespace a binding is (`env.ROOMS`), the ids
// and stubs it makes, and what an object receives (`ctx`: its state and storage). The
// doors into the run are the host's (host/durable_object.rs): addressing, calls (which
// become requests of their own, delivered to the object through its input gate) and
// storage (reads that miss the object's cache take a drawn latency and close the input
// gate; writes are applied at once and confirmed later, and the object's answers wait for
// that confirmation). Values cross as structured clones (clone.js), as they do in workerd.
(function (host) {
  "use strict";

  const clone = () => host.load("clone");
  const websockets = () => host.load("websocket");
  const TOKEN = Symbol("crosstalk.durableObject");
  // workerd's set_tostring_tag (2024-09-26): the classes' tags, off before it.
  let tagged = true;
  const tag = (cls, name) => Object.defineProperty(cls.prototype, Symbol.toStringTag, { get: () => (tagged ? name : "Object") });

  class DurableObjectId {
    #hex;
    constructor(token, hex, name) {
      if (token !== TOKEN) throw new TypeError("Illegal constructor");
      this.#hex = hex;
      Object.defineProperty(this, "name", { value: name, enumerable: true });
      Object.defineProperty(this, "jurisdiction", { value: undefined, enumerable: true });
    }
    toString() {
      return this.#hex;
    }
    equals(other) {
      return other instanceof DurableObjectId && other.#hex === this.#hex;
    }
  }
  tag(DurableObjectId, "DurableObjectId");

  const notId = (method) =>
    new TypeError(`Failed to execute '${method}' on 'DurableObjectNamespace': parameter 1 is not of type 'DurableObjectId'.`);

  class DurableObjectNamespace {
    #binding;
    #rpc;
    constructor(token, binding, rpc) {
      if (token !== TOKEN) throw new TypeError("Illegal constructor");
      this.#binding = binding;
      this.#rpc = rpc;
    }
    newUniqueId(options) {
      if (options !== undefined && options !== null && options.jurisdiction !== undefined) {
        throw new Error("Jurisdiction restrictions are not implemented in workerd.");
      }
      return new DurableObjectId(TOKEN, host.doId(this.#binding, "unique", ""), undefined);
    }
    idFromName(name) {
      const text = String(name);
      return new DurableObjectId(TOKEN, host.doId(this.#binding, "name", text), text);
    }
    idFromString(text) {
      return new DurableObjectId(TOKEN, host.doId(this.#binding, "string", String(text)), undefined);
    }
    get(id, options) {
      if (!(id instanceof DurableObjectId)) throw notId("get");
      return stub(this.#binding, id, this.#rpc);
    }
    getByName(name, options) {
      return stub(this.#binding, this.idFromName(name), this.#rpc);
    }
    jurisdiction(name) {
      throw new Error("Jurisdiction restrictions are not implemented in workerd.");
    }
  }
  tag(DurableObjectNamespace, "DurableObjectNamespace");

  // Each stub's binding to the incarnation of its object its first call reached
  // (`{ generation }`, set by the host): after a break, that stub's calls fail (R19).
  const connections = new WeakMap();

  function rpc(binding, id, name, args, call, connection) {
    let payload;
    try {
      payload = clone().serialize({ call, args });
    } catch (error) {
      return Promise.reject(error);
    }
    return host.doCall(binding, id.toString(), id.name, name, payload, connection);
  }

  // `stub.name`: callable (an RPC call) and thenable (awaiting it reads the property).
  function property(binding, id, name, connection) {
    const method = (...args) => rpc(binding, id, name, args, true, connection);
    Object.defineProperty(method, "then", {
      value: (onFulfilled, onRejected) =>
        rpc(binding, id, name, [], false, connection).then(onFulfilled, onRejected),
    });
    return method;
  }

  class DurableObject {
    fetch(input, init) {
      const { binding, id } = this;
      const connection = connections.get(this);
      return host.load("service").requested(input, init, (request) => {
        const headers = Array.from(request.headers);
        const send = (body) =>
          host.doFetch(binding, id.toString(), id.name, request.method, request.url, headers, body, request, connection);
        return request.body === null ? send(undefined) : request.text().then(send);
      });
    }
    connect() {
      throw new Error("crosstalk does not model connect() on a Durable Object stub (TCP sockets)");
    }
  }
  tag(DurableObject, "DurableObject");

  function stub(binding, id, rpc) {
    const target = Object.create(DurableObject.prototype);
    Object.defineProperty(target, "binding", { value: binding, configurable: true });
    Object.defineProperty(target, "id", { value: id, enumerable: true, configurable: true });
    Object.defineProperty(target, "name", { value: id.name, enumerable: true, configurable: true });
    const connection = {};
    const proxy = new Proxy(target, {
      get(target, key, receiver) {
        if (typeof key === "symbol" || key in target) return Reflect.get(target, key, receiver);
        if (key === "then") return undefined;
        if (!rpc) {
          host.load("service").warnRpc(key);
          return undefined;
        }
        return property(binding, id, key, connection);
      },
    });
    connections.set(proxy, connection);
    return proxy;
  }

  // `rpc`: workerd's rpc flag (2024-04-03): a stub's other properties are RPC methods.
  function namespace(binding, rpc = true, tags = true) {
    tagged = tags;
    return new DurableObjectNamespace(TOKEN, binding, rpc);
  }

  // ---- What the object receives ----

  const keyText = (key) => String(key);

  function keysOf(keys, method) {
    if (Array.isArray(keys)) {
      if (keys.length > 128) throw new RangeError(`Maximum number of keys is 128. You provided ${keys.length}.`);
      return keys.map(keyText);
    }
    if (keys === undefined) throw new TypeError(`${method}() requires a key`);
    return [keyText(keys)];
  }

  // A stored value: a primitive JSON writes exactly (a string, a boolean, null, a finite
  // number other than -0) as "=" and its JSON, anything else as clone.js's structured
  // clone. Both read back as equal values; the short form spares loading clone.js for the
  // counters and flags most objects keep.
  function encode(value) {
    const type = typeof value;
    const exact =
      value === null ||
      type === "string" ||
      type === "boolean" ||
      (type === "number" && Number.isFinite(value) && !Object.is(value, -0));
    return exact ? "=" + JSON.stringify(value) : clone().serialize(value);
  }
  const decode = (text) => (text.startsWith("=") ? JSON.parse(text.slice(1)) : clone().deserialize(text));

  function decodePairs(text) {
    const map = new Map();
    for (const [key, value] of JSON.parse(text)) map.set(key, decode(value));
    return map;
  }

  // The range a `list()` asks for (both storage APIs): its bounds as strings, `reverse`,
  // and `limit` as a number (each API checks it its own way).
  function listArgument(options) {
    const o = options ?? {};
    const argument = {};
    for (const name of ["start", "startAfter", "end", "prefix"]) {
      if (o[name] !== undefined) argument[name] = String(o[name]);
    }
    if (o.reverse) argument.reverse = true;
    if (o.limit !== undefined) argument.limit = Number(o.limit);
    return argument;
  }

  // `ctx.storage.kv` of a SQLite-backed object: the same storage, synchronously.
  class SyncKvStorage {
    #object;
    constructor(token, object) {
      if (token !== TOKEN) throw new TypeError("Illegal constructor");
      this.#object = object;
    }
    #op(op, argument) {
      return JSON.parse(host.doStorageSync(this.#object, op, JSON.stringify(argument)));
    }
    get(key) {
      const found = this.#op("get", { keys: [String(key)] });
      return found.length === 0 ? undefined : decode(found[0][1]);
    }
    put(key, value) {
      this.#op("put", { entries: [[String(key), encode(value)]] });
    }
    delete(key) {
      return this.#op("delete", { keys: [String(key)] }) === 1;
    }
    list(options = {}) {
      const argument = listArgument(options);
      if (argument.limit !== undefined) argument.limit = Math.floor(argument.limit);
      const pairs = this.#op("list", argument).map(([k, v]) => [k, decode(v)]);
      return pairs[Symbol.iterator]();
    }
  }
  tag(SyncKvStorage, "SyncKvStorage");

  class DurableObjectStorage {
    #object;
    constructor(token, object) {
      if (token !== TOKEN) throw new TypeError("Illegal constructor");
      this.#object = object;
    }
    #op(op, argument) {
      try {
        return host.doStorage(this.#object, op, JSON.stringify(argument));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    get(keys, options) {
      let list;
      try {
        list = keysOf(keys, "get");
      } catch (error) {
        return Promise.reject(error);
      }
      const allowConcurrency = Boolean(options && options.allowConcurrency);
      return this.#op("get", { keys: list, allowConcurrency }).then((text) => {
        const found = decodePairs(text);
        return Array.isArray(keys) ? found : found.get(list[0]);
      });
    }
    put(keyOrEntries, value, options) {
      let entries;
      try {
        if (typeof keyOrEntries === "object" && keyOrEntries !== null) {
          entries = Object.entries(keyOrEntries).map(([k, v]) => [k, encode(v)]);
          if (entries.length > 128) {
            throw new RangeError(`Maximum number of pairs is 128. You provided ${entries.length}.`);
          }
        } else {
          if (value === undefined) throw new TypeError("put() called with undefined value.");
          entries = [[keyText(keyOrEntries), encode(value)]];
        }
      } catch (error) {
        return Promise.reject(error);
      }
      const allowUnconfirmed = Boolean(options && options.allowUnconfirmed);
      return this.#op("put", { entries, allowUnconfirmed }).then(() => undefined);
    }
    delete(keys, options) {
      let list;
      try {
        list = keysOf(keys, "delete");
      } catch (error) {
        return Promise.reject(error);
      }
      const allowUnconfirmed = Boolean(options && options.allowUnconfirmed);
      return this.#op("delete", { keys: list, allowUnconfirmed }).then((text) => {
        const count = JSON.parse(text);
        return Array.isArray(keys) ? count : count === 1;
      });
    }
    list(options = {}) {
      const argument = listArgument(options);
      if ((options ?? {}).allowConcurrency) argument.allowConcurrency = true;
      if (argument.limit !== undefined) {
        if (!(argument.limit > 0)) return Promise.reject(new TypeError("List limit must be positive."));
        argument.limit = Math.floor(argument.limit);
      }
      return this.#op("list", argument).then(decodePairs);
    }
    deleteAll(options) {
      return this.#op("deleteAll", {}).then(() => undefined);
    }
    sync() {
      return this.#op("sync", {}).then(() => undefined);
    }
    transaction(closure) {
      // The closure's operations go to this storage; a rejection or `rollback()` puts the
      // storage back as it was when the transaction began.
      const object = this.#object;
      const storage = this;
      return this.#op("txnBegin", {}).then((text) => {
        const token = JSON.parse(text);
        let rolledBack = false;
        const txn = {
          get: (...args) => storage.get(...args),
          put: (...args) => storage.put(...args),
          delete: (...args) => storage.delete(...args),
          list: (...args) => storage.list(...args),
          deleteAll: (...args) => storage.deleteAll(...args),
          getAlarm: (...args) => storage.getAlarm(...args),
          setAlarm: (...args) => storage.setAlarm(...args),
          deleteAlarm: (...args) => storage.deleteAlarm(...args),
          rollback: () => {
            if (rolledBack) return;
            rolledBack = true;
            host.doStorage(object, "txnRollback", JSON.stringify({ token }));
          },
        };
        const end = () => storage.#op("txnEnd", { token });
        return Promise.resolve()
          .then(() => closure(txn))
          .then(
            (value) => end().then(() => value),
            (error) => {
              txn.rollback();
              return end().then(() => {
                throw error;
              });
            },
          );
      });
    }
    transactionSync(closure) {
      host.doTransactionSync(this.#object, "begin");
      let result;
      try {
        result = closure();
      } catch (error) {
        host.doTransactionSync(this.#object, "rollback");
        throw error;
      }
      host.doTransactionSync(this.#object, "commit");
      return result;
    }
    get kv() {
      return new SyncKvStorage(TOKEN, this.#object);
    }
    getAlarm(options) {
      return this.#op("getAlarm", {}).then((text) => JSON.parse(text));
    }
    setAlarm(scheduledTime, options) {
      const time = scheduledTime instanceof Date ? scheduledTime.getTime() : Number(scheduledTime);
      if (!Number.isFinite(time)) {
        return Promise.reject(new TypeError("setAlarm() cannot be called with an alarm time that is not a number"));
      }
      return this.#op("setAlarm", { time }).then(() => undefined);
    }
    deleteAlarm(options) {
      return this.#op("deleteAlarm", {}).then(() => undefined);
    }
    get sql() {
      return new SqlStorage(TOKEN, this.#object);
    }
  }
  tag(DurableObjectStorage, "DurableObjectStorage");

  // A bound value as workerd's SqlStorage takes it: a number (REAL), a string, null, or
  // bytes (an ArrayBuffer or a view), handed to the host as an array of octets.
  function bindable(value) {
    if (value === null || value === undefined) return null;
    const type = typeof value;
    if (type === "number" || type === "string") return value;
    if (value instanceof ArrayBuffer) return Array.from(new Uint8Array(value));
    if (ArrayBuffer.isView(value)) return Array.from(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
    throw new TypeError(`Unsupported SQL binding value of type '${type}'.`);
  }

  // A BLOB comes back as an ArrayBuffer (the host hands over its octets).
  const cell = (value) => (Array.isArray(value) ? new Uint8Array(value).buffer : value);

  // A cursor steps its statement as it is read, one row ahead of the reader, as
  // workerd's does: rows it has not stepped over yet show what was written since `exec`
  // (R16's SQL paragraph). The host keeps the statement (`host.doSqlRead`).
  class SqlStorageCursor {
    #object;
    #cursor;
    #columns;
    #read;
    #written;
    constructor(token, object, answer) {
      if (token !== TOKEN) throw new TypeError("Illegal constructor");
      this.#object = object;
      this.#cursor = answer.cursor;
      this.#columns = answer.columns;
      this.#read = answer.rowsRead;
      this.#written = answer.rowsWritten;
    }
    // Up to `max` rows (all that are left for 0), as arrays of cells.
    #pull(max) {
      if (this.#cursor < 0) return [];
      const got = host.doSqlRead(this.#object, this.#cursor, max);
      if (got.done) this.#cursor = -1;
      // A cursor the host still had answers a row and its counts; one whose instance was
      // reset answers none, and the counts stay as they were.
      if (got.rows.length > 0) {
        this.#read = got.rowsRead;
        this.#written = got.rowsWritten;
      }
      return got.rows.map((values) => values.map(cell));
    }
    #take() {
      const rows = this.#pull(1);
      return rows.length === 0 ? undefined : rows[0];
    }
    #row(values) {
      const row = {};
      this.#columns.forEach((name, i) => {
        row[name] = values[i];
      });
      return row;
    }
    next() {
      const values = this.#take();
      return values === undefined ? { done: true, value: undefined } : { done: false, value: this.#row(values) };
    }
    toArray() {
      return this.#pull(0).map((values) => this.#row(values));
    }
    one() {
      const values = this.#take();
      if (values === undefined) throw new Error("Expected exactly one result from SQL query, but got no results.");
      if (this.#cursor >= 0) {
        host.doSqlRead(this.#object, this.#cursor, -1);
        this.#cursor = -1;
        throw new Error("Expected exactly one result from SQL query, but got multiple results.");
      }
      return this.#row(values);
    }
    raw() {
      const cursor = this;
      return {
        next: () => {
          const values = cursor.#take();
          return values === undefined ? { done: true, value: undefined } : { done: false, value: values };
        },
        toArray: () => cursor.#pull(0),
        [Symbol.iterator]() {
          return this;
        },
      };
    }
    get columnNames() {
      return [...this.#columns];
    }
    get rowsRead() {
      return this.#read;
    }
    get rowsWritten() {
      return this.#written;
    }
    [Symbol.iterator]() {
      return this;
    }
  }
  tag(SqlStorageCursor, "SqlStorageCursor");

  class SqlStorage {
    #object;
    constructor(token, object) {
      if (token !== TOKEN) throw new TypeError("Illegal constructor");
      this.#object = object;
    }
    exec(query, ...bindings) {
      const answer = host.doSql(this.#object, String(query), bindings.map(bindable));
      return new SqlStorageCursor(TOKEN, this.#object, answer);
    }
    get databaseSize() {
      return host.doSqlSize(this.#object);
    }
  }
  tag(SqlStorage, "SqlStorage");

  class DurableObjectState {
    #object;
    #storage;
    #autoResponse = null;
    #eventTimeout = null;
    constructor(token, object, id) {
      if (token !== TOKEN) throw new TypeError("Illegal constructor");
      this.#object = object;
      this.#storage = new DurableObjectStorage(TOKEN, object);
      Object.defineProperty(this, "id", { value: id, enumerable: true });
    }
    get storage() {
      return this.#storage;
    }
    // The worker's loopback bindings, as `ctx.exports` of a request has them.
    get exports() {
      return host.exports("ctx");
    }
    waitUntil(promise) {
      host.doWaitUntil(promise);
    }
    // Breaks the object (R19): the running call and the others fail, and so does every
    // later call through a stub that reached it. workerd stops the call at once, past any
    // `catch`; here the error is thrown, and what a `catch` does after it no longer
    // reaches the caller.
    abort(reason) {
      host.doAbort(this.#object, reason === undefined ? undefined : String(reason));
    }
    // Hibernatable WebSockets (R21): events reach the object as calls of their own.
    acceptWebSocket(socket, tags) {
      if (tags !== undefined && tags !== null) {
        tags = [...new Set(Array.from(tags, String))];
        if (tags.length > 10) throw new Error("a Hibernatable WebSocket cannot have more than 10 tags");
        for (const tag of tags) {
          if (tag.length > 256) throw new Error(`"${tag}" is longer than the max tag length (256 characters).`);
        }
      } else {
        tags = [];
      }
      websockets().hibernate(socket, tags);
    }
    getWebSockets(tag) {
      return websockets().hibernatable(this.#object, tag === undefined ? undefined : String(tag));
    }
    getTags(socket) {
      return websockets().tags(socket);
    }
    setWebSocketAutoResponse(pair) {
      if (pair === undefined || pair === null) {
        this.#autoResponse = null;
        host.ws("autoResponse", this.#object);
        return;
      }
      const { request, response } = pair;
      this.#autoResponse = pair;
      host.ws("autoResponse", this.#object, String(request), String(response));
    }
    getWebSocketAutoResponse() {
      return this.#autoResponse;
    }
    getWebSocketAutoResponseTimestamp(socket) {
      const ms = host.ws("autoResponseTime", ...websockets().endOf(socket));
      return ms === null ? null : new Date(ms);
    }
    setHibernatableWebSocketEventTimeout(ms) {
      this.#eventTimeout = ms === undefined ? null : Number(ms);
    }
    getHibernatableWebSocketEventTimeout() {
      return this.#eventTimeout;
    }
    blockConcurrencyWhile(callback) {
      let promise;
      try {
        promise = Promise.resolve(callback());
      } catch (error) {
        promise = Promise.reject(error);
      }
      host.doBlock(this.#object, promise);
      return promise;
    }
  }
  tag(DurableObjectState, "DurableObjectState");

  // The `ctx` of object number `object`, whose id is `hex` (named `name`, if it has one).
  function state(object, hex, name) {
    return new DurableObjectState(TOKEN, object, new DurableObjectId(TOKEN, hex, name));
  }

  // Runs RPC call `name` with the serialised `payload` on the object; always a promise.
  function invoke(instance, name, payload) {
    try {
      const { call, args } = clone().deserialize(payload);
      const member = instance[name];
      if (member === undefined || (call && typeof member !== "function")) {
        throw new TypeError(`The RPC receiver does not implement the method "${name}".`);
      }
      if (!call) return Promise.resolve(member);
      return Promise.resolve(member.apply(instance, args));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  // Runs the object's alarm handler; always a promise.
  function alarm(instance, retryCount) {
    try {
      if (typeof instance.alarm !== "function") {
        throw new TypeError("Handler does not export an alarm() function.");
      }
      return Promise.resolve(instance.alarm({ retryCount, isRetry: retryCount > 0 }));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  return { namespace, state, invoke, alarm };
})
