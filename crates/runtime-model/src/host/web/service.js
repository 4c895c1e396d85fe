// Service bindings, crosstalk's own code. `env.AUTH` is a Fetcher: `fetch()` sends a
// request to the target worker's fetch handler, and any other property is an RPC method
// of the target's entrypoint (calling it calls the method; awaiting it reads a property).
// Both go through the host's doors (host/service.rs), which make the call I/O of the
// calling request and a request of its own in the target's isolate. Arguments and
// results cross as structured clones (clone.js's serialize/deserialize).
(function (host) {
  "use strict";

  const clone = () => host.load("clone");

  function rpc(binding, name, args, call) {
    let payload;
    try {
      payload = clone().serialize({ call, args });
    } catch (error) {
      return Promise.reject(error);
    }
    return host.serviceCall(binding, name, payload);
  }

  // `env.AUTH.name`: callable (an RPC call) and thenable (awaiting it reads the property).
  function property(binding, name) {
    const method = (...args) => rpc(binding, name, args, true);
    Object.defineProperty(method, "then", {
      value: (onFulfilled, onRejected) => rpc(binding, name, [], false).then(onFulfilled, onRejected),
    });
    return method;
  }

  const RPC_WARNING = (name) =>
    `WARNING: Tried to access method or property '${name}' on a Service Binding or Durable Object stub. ` +
    "Are you trying to use RPC? If so, please enable the 'rpc' compat flag or update your compat date to " +
    "2024-04-03 or later (see https://developers.cloudflare.com/workers/configuration/compatibility-dates/ ). " +
    "If you are not trying to use RPC, please note that in the future, this property (and all other property " +
    "names) will appear to be present as an RPC method.";

  // workerd logs this warning once per isolate and property name (logWarningOnce).
  const warned = new Set();
  function warnRpc(name) {
    const text = RPC_WARNING(name);
    if (warned.has(text)) return;
    warned.add(text);
    console.warn(text);
  }

  // A Fetcher's fetch(): the Request its arguments make, handed to `send`, which answers
  // with a promise. What the Request refuses is the rejection, and so is a URL no Fetcher
  // can load: before fetch_standard_url a Request keeps its URL text unparsed, and a
  // Fetcher refuses it as fetch() does (workerd 1.20261117 at 2024-01-01).
  function requested(input, init, send) {
    let request;
    try {
      request = new Request(input, init);
    } catch (error) {
      return Promise.reject(error);
    }
    if (!URL.canParse(request.url)) {
      return Promise.reject(new TypeError("Fetch API cannot load: " + request.url));
    }
    return send(request);
  }

  class Fetcher {
    fetch(input, init) {
      const binding = this.binding;
      return requested(input, init, (request) => {
        const headers = Array.from(request.headers);
        const send = (body) =>
          host.serviceFetch(binding, request.method, request.url, headers, body, request);
        return request.body === null ? send(undefined) : request.text().then(send);
      });
    }

    connect() {
      throw new Error("crosstalk does not model connect() on a service binding (TCP sockets)");
    }
  }
  class TaggedFetcher extends Fetcher {}
  Object.defineProperty(TaggedFetcher.prototype, Symbol.toStringTag, { value: "Fetcher" });

  // `rpc`: methods of the target are reachable (the rpc flag, 2024-04-03); `tagged`:
  // set_tostring_tag, `[object Fetcher]` (2024-09-26).
  function fetcher(binding, rpc = true, tagged = true) {
    const target = Object.create((tagged ? TaggedFetcher : Fetcher).prototype);
    Object.defineProperty(target, "binding", { value: binding, configurable: true });
    return new Proxy(target, {
      get(target, key, receiver) {
        if (typeof key === "symbol" || key in target) return Reflect.get(target, key, receiver);
        if (key === "then") return undefined;
        if (!rpc) {
          // itty-durable probes every binding for idFromName: workerd stays quiet there.
          if (key !== "idFromName") warnRpc(key);
          return undefined;
        }
        return property(binding, key);
      },
      ownKeys: () => [],
      getOwnPropertyDescriptor: () => undefined,
    });
  }

  // `env.ASSETS` (wrangler `[assets]`): a Fetcher whose fetch() the project's static
  // assets answer (host/assets.rs), as Cloudflare's asset worker does.
  class AssetsFetcher extends TaggedFetcher {
    fetch(input, init) {
      return requested(input, init, (request) =>
        host.assetsFetch(request.method, request.url, Array.from(request.headers)).then(assetResponse),
      );
    }
  }

  function assets(binding) {
    const target = new AssetsFetcher();
    Object.defineProperty(target, "binding", { value: binding, configurable: true });
    return target;
  }

  // The Response of the assets' answer: `{ status, statusText, headers, body }`.
  function assetResponse(record) {
    const { status, statusText, headers, body } = record;
    return new Response(body, { status, statusText, headers });
  }

  // The callee side: the object a call runs on — the entrypoint object, or an instance of
  // the entrypoint class made for this call (as workerd makes one per event).
  function receiver(handler, env, ctx) {
    return typeof handler === "function" ? new handler(ctx, env) : handler;
  }

  const wrongArguments = (name) =>
    `Attempted to call RPC function "${name}" with the wrong number of arguments. When calling a top-level ` +
    "handler function that is not declared as part of a class, you must always send exactly one argument. In " +
    "order to support variable numbers of arguments, the server must use class-based syntax (extending " +
    "WorkerEntrypoint) instead.";

  // Runs RPC call `name` with the serialised `payload` on `handler`; always a promise.
  function invoke(handler, name, payload, env, ctx) {
    try {
      const { call, args } = clone().deserialize(payload);
      const plain = typeof handler !== "function";
      const target = receiver(handler, env, ctx);
      const member = target[name];
      if (member === undefined || (call && typeof member !== "function")) {
        throw new TypeError(`The RPC receiver does not implement the method "${name}".`);
      }
      if (!call) return Promise.resolve(member);
      if (plain && args.length !== 1) throw new TypeError(wrongArguments(name));
      return Promise.resolve(plain ? member.call(target, args[0], env, ctx) : member.apply(target, args));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  return {
    fetcher,
    requested,
    assets,
    assetResponse,
    receiver,
    invoke,
    warnRpc,
    serialize: (value) => clone().serialize(value),
    deserialize: (text) => clone().deserialize(text),
  };
})
