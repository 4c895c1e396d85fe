// structuredClone (HTML "StructuredSerializeInternal" / "StructuredDeserialize"), crosstalk's
// own code, covering the types workerd (V8's serializer) clones: primitives, plain objects
// and arrays (own enumerable string keys), boxed primitives, Date, RegExp, Map, Set,
// ArrayBuffer and every view, the Error types, Blob and File, cycles and shared references,
// and the `transfer` option for ArrayBuffers. Anything else throws a DataCloneError with
// V8's message.
(function (host) {
  "use strict";

  const ERROR_TYPES = { Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError };
  const VIEWS = [
    Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
    Float32Array, Float64Array, BigInt64Array, BigUint64Array, DataView,
  ];
  const toStringOf = (value) => Object.prototype.toString.call(value);

  // V8's rendering of a value that cannot be cloned: a function's source, a symbol's
  // description, `#<Constructor>` for an object.
  function describe(value) {
    if (typeof value === "function") return Function.prototype.toString.call(value);
    if (typeof value === "symbol") return value.toString();
    const constructor = Object.getPrototypeOf(value)?.constructor;
    return "#<" + (typeof constructor === "function" && constructor.name ? constructor.name : "Object") + ">";
  }

  function uncloneable(value) {
    const { DOMException } = host.load("events");
    return new DOMException(describe(value) + " could not be cloned.", "DataCloneError");
  }

  function blobModule() {
    // Only a loaded blob module can have made a Blob.
    return host.loaded("blob") ? host.load("blob") : null;
  }

  function cloneBuffer(buffer, memory, transferred) {
    if (transferred.has(buffer)) return transferred.get(buffer);
    const copy = buffer.slice(0);
    memory.set(buffer, copy);
    return copy;
  }

  function clone(value, memory, transferred) {
    if (value === null || (typeof value !== "object" && typeof value !== "function")) {
      if (typeof value === "symbol") throw uncloneable(value);
      return value;
    }
    if (typeof value === "function") throw uncloneable(value);
    if (memory.has(value)) return memory.get(value);
    const tag = toStringOf(value);
    let copy;
    switch (tag) {
      case "[object Boolean]": copy = Object(Boolean.prototype.valueOf.call(value)); break;
      case "[object Number]": copy = Object(Number.prototype.valueOf.call(value)); break;
      case "[object String]": copy = Object(String.prototype.valueOf.call(value)); break;
      case "[object BigInt]": copy = Object(BigInt.prototype.valueOf.call(value)); break;
      case "[object Date]": copy = new Date(Date.prototype.getTime.call(value)); break;
      // From the original source and flags, not `source` (boa 0.22 escapes an already
      // escaped `\/` again there).
      case "[object RegExp]": copy = new RegExp(value); break;
      case "[object ArrayBuffer]": return cloneBuffer(value, memory, transferred);
      case "[object Map]": {
        copy = new Map();
        memory.set(value, copy);
        for (const [k, v] of Map.prototype.entries.call(value)) copy.set(clone(k, memory, transferred), clone(v, memory, transferred));
        return copy;
      }
      case "[object Set]": {
        copy = new Set();
        memory.set(value, copy);
        for (const v of Set.prototype.values.call(value)) copy.add(clone(v, memory, transferred));
        return copy;
      }
      case "[object Error]": {
        const name = value.name;
        const Type = Object.prototype.hasOwnProperty.call(ERROR_TYPES, name) ? ERROR_TYPES[name] : Error;
        copy = Object.create(Type.prototype);
        memory.set(value, copy);
        const message = value.message;
        if (message !== undefined) {
          Object.defineProperty(copy, "message", { value: String(message), writable: true, configurable: true });
        }
        if (value.stack !== undefined) {
          Object.defineProperty(copy, "stack", { value: String(value.stack), writable: true, configurable: true });
        }
        if ("cause" in value) {
          Object.defineProperty(copy, "cause", { value: clone(value.cause, memory, transferred), writable: true, configurable: true });
        }
        return copy;
      }
      case "[object Array]": {
        copy = new Array(value.length);
        memory.set(value, copy);
        for (const key of Object.keys(value)) copy[key] = clone(value[key], memory, transferred);
        return copy;
      }
      default: {
        const View = VIEWS.find((V) => value instanceof V);
        if (View !== undefined && ArrayBuffer.isView(value)) {
          const buffer = cloneBuffer(value.buffer, memory, transferred);
          const length = View === DataView ? value.byteLength : value.length;
          copy = new View(buffer, value.byteOffset, length);
          break;
        }
        const blobs = blobModule();
        if (blobs !== null && blobs.isBlob(value)) {
          const bytes = blobs.bytesOf(value);
          copy = value instanceof blobs.File
            ? new blobs.File([bytes], value.name, { type: value.type, lastModified: value.lastModified })
            : new blobs.Blob([bytes], { type: value.type });
          break;
        }
        if (tag !== "[object Object]" || (typeof value.then === "function" && value instanceof Promise)) {
          throw uncloneable(value);
        }
        copy = {};
        memory.set(value, copy);
        for (const key of Object.keys(value)) copy[key] = clone(value[key], memory, transferred);
        return copy;
      }
    }
    memory.set(value, copy);
    return copy;
  }

  function structuredClone(value, options = undefined) {
    if (arguments.length === 0) {
      throw new TypeError("Failed to execute 'structuredClone': 1 argument required, but only 0 present.");
    }
    const transfer = options?.transfer ?? [];
    const transferred = new Map();
    for (const buffer of transfer) {
      if (toStringOf(buffer) !== "[object ArrayBuffer]") throw uncloneable(buffer);
      if (transferred.has(buffer)) {
        const { DOMException } = host.load("events");
        throw new DOMException("ArrayBuffer at index 1 is a duplicate of an earlier ArrayBuffer.", "DataCloneError");
      }
      transferred.set(buffer, null);
    }
    // A transferred buffer's contents move to the copy and the original is detached, after
    // the value is serialized (views read their length before their buffer goes), and only
    // if it could be.
    for (const buffer of transferred.keys()) transferred.set(buffer, ArrayBuffer.prototype.slice.call(buffer, 0));
    const copy = clone(value, new Map(), transferred);
    for (const buffer of transferred.keys()) host.detachBuffer(buffer);
    return copy;
  }

  return { structuredClone };
})
