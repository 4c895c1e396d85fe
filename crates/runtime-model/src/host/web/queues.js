// Queue producer bindings, crosstalk's own code: `env.QUEUE.send(body, options)` and
// `sendBatch(messages, options)`, over host.queueSend (host/queue.rs), which makes each
// call I/O of the calling request. Messages are checked as workerd checks them (content
// types, bodies that cannot be serialised) before anything is sent; like workerd's
// promise-returning methods, a bad argument rejects the promise rather than throwing.
(function (host) {
  "use strict";

  const CONTENT_TYPES = ["text", "bytes", "json", "v8"];
  const encoder = new TextEncoder();

  // The size in bytes of a message once serialised as `contentType`; throws workerd's
  // errors for a message it would refuse.
  function sizeOf(body, contentType) {
    if (body === undefined) throw new TypeError("Message body cannot be undefined");
    const type = contentType === undefined ? "v8" : String(contentType).toLowerCase();
    if (!CONTENT_TYPES.includes(type)) throw new TypeError(`Unsupported queue message content type: ${contentType}`);
    switch (type) {
      case "text":
        if (typeof body !== "string") {
          throw new TypeError(`Content Type "text" requires a value of type string, but received: ${typeof body}`);
        }
        return encoder.encode(body).length;
      case "bytes":
        if (!ArrayBuffer.isView(body)) {
          throw new TypeError(`Content Type "bytes" requires a value of type ArrayBufferView, but received: ${typeof body}`);
        }
        return body.byteLength;
      case "json":
        return encoder.encode(JSON.stringify(body)).length;
      default: {
        // The structured-clone serialisation: what it cannot clone, it refuses.
        structuredClone(body);
        const json = JSON.stringify(body);
        return json === undefined ? 0 : encoder.encode(json).length;
      }
    }
  }

  const bindings = new WeakMap();

  class Queue {
    constructor(binding) {
      bindings.set(this, binding);
    }

    send(body, options) {
      try {
        const sizes = [sizeOf(body, options?.contentType)];
        return host.queueSend(bindings.get(this), "send", sizes);
      } catch (error) {
        return Promise.reject(error);
      }
    }

    sendBatch(messages, options) {
      try {
        const list = Array.from(messages ?? []);
        if (list.length === 0) throw new TypeError("sendBatch() requires at least one message");
        const sizes = list.map((m) => sizeOf(m?.body, m?.contentType));
        return host.queueSend(bindings.get(this), "sendBatch", sizes);
      } catch (error) {
        return Promise.reject(error);
      }
    }
  }

  return {
    producer(binding) {
      return new Queue(binding);
    },
  };
});
