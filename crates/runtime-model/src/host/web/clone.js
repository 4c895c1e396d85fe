// structuredClone (HTML "StructuredSerializeInternal" / "StructuredDeserialize"), crosstalk's
// own code, covering the types workerd (V8's serializer) clones: primitives, plain objects
// and arrays (own enumerable string keys), boxed primitives, Date, RegExp, Map, Set,
// ArrayBuffer and every view, the Error types, Blob and File, cycles and shared references,
// and the `transfer` option for ArrayBuffers. Anything else throws a DataCloneError with
// V8's message.
(function (host) {
  "use strict";

  const ERROR_TYPES = { Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError };
  // A copied error's stack: through its own accessor when it has one (made by `Error`),
  // else as its own data property; either way first of its own properties, as in V8.
  function setStack(error, stack) {
    if (Object.prototype.hasOwnProperty.call(error, "stack")) error.stack = stack;
    else Object.defineProperty(error, "stack", { value: stack, writable: true, configurable: true });
  }
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
    // The call meter: this module is not instrumented, and data nested too deep must be
    // V8's catchable RangeError, not the engine's recursion limit.
    __ct$m();
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
        // A real error, as V8's deserializer makes (Error.isError), its stack first.
        copy = new Type();
        memory.set(value, copy);
        if (value.stack !== undefined) setStack(copy, String(value.stack));
        const message = value.message;
        if (message !== undefined) {
          Object.defineProperty(copy, "message", { value: String(message), writable: true, configurable: true });
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

  // The structured serialisation as JSON text, for a value that crosses into another
  // isolate (a service binding's RPC arguments and results): the types structuredClone
  // takes, with its errors, shared references and cycles kept as back-references. Each
  // node is an array whose first element names its kind; object nodes carry their index
  // in the order they were met, which `deserialize` uses for the back-references.
  function serialize(value) {
    const memory = new Map();
    const encode = (v) => {
      __ct$m();
      if (v === undefined) return ["u"];
      if (v === null) return ["l"];
      switch (typeof v) {
        case "boolean": return ["b", v];
        case "string": return ["s", v];
        case "bigint": return ["g", String(v)];
        case "number":
          return Number.isFinite(v) && !Object.is(v, -0) ? ["n", v] : ["N", Object.is(v, -0) ? "-0" : String(v)];
        case "symbol":
        case "function":
          throw uncloneable(v);
      }
      if (memory.has(v)) return ["r", memory.get(v)];
      const id = memory.size;
      memory.set(v, id);
      const fields = (keys) => keys.map((k) => [k, encode(v[k])]);
      switch (toStringOf(v)) {
        case "[object Boolean]": return ["O", id, encode(Boolean.prototype.valueOf.call(v))];
        case "[object Number]": return ["O", id, encode(Number.prototype.valueOf.call(v))];
        case "[object String]": return ["O", id, encode(String.prototype.valueOf.call(v))];
        case "[object BigInt]": return ["O", id, encode(BigInt.prototype.valueOf.call(v))];
        case "[object Date]": return ["D", id, encode(Date.prototype.getTime.call(v))];
        case "[object RegExp]": {
          const text = String(v);
          const slash = text.lastIndexOf("/");
          return ["x", id, text.slice(1, slash), text.slice(slash + 1)];
        }
        case "[object ArrayBuffer]": return ["B", id, Array.from(new Uint8Array(v))];
        case "[object Map]":
          return ["M", id, Array.from(Map.prototype.entries.call(v), ([k, x]) => [encode(k), encode(x)])];
        case "[object Set]": return ["S", id, Array.from(Set.prototype.values.call(v), encode)];
        case "[object Error]": {
          const name = Object.prototype.hasOwnProperty.call(ERROR_TYPES, v.name) ? v.name : "Error";
          const message = v.message === undefined ? null : String(v.message);
          const stack = v.stack === undefined ? null : String(v.stack);
          return ["E", id, name, message, stack, "cause" in v ? [encode(v.cause)] : []];
        }
        case "[object Array]": return ["A", id, v.length, fields(Object.keys(v))];
        default: {
          const View = VIEWS.find((V) => v instanceof V);
          if (View !== undefined && ArrayBuffer.isView(v)) {
            const length = View === DataView ? v.byteLength : v.length;
            return ["V", id, View.name, encode(v.buffer), v.byteOffset, length];
          }
          const blobs = blobModule();
          if (blobs !== null && blobs.isBlob(v)) {
            const bytes = Array.from(blobs.bytesOf(v));
            return v instanceof blobs.File
              ? ["F", id, bytes, v.type, v.name, v.lastModified]
              : ["L", id, bytes, v.type];
          }
          if (toStringOf(v) !== "[object Object]" || (typeof v.then === "function" && v instanceof Promise)) {
            throw uncloneable(v);
          }
          return ["o", id, fields(Object.keys(v))];
        }
      }
    };
    return JSON.stringify(encode(value));
  }

  // The value `serialize` wrote, rebuilt in this isolate.
  function deserialize(text) {
    const objects = [];
    const keep = (id, object) => {
      objects[id] = object;
      return object;
    };
    const decode = (node) => {
      __ct$m();
      switch (node[0]) {
        case "u": return undefined;
        case "l": return null;
        case "b":
        case "s":
        case "n": return node[1];
        case "N": return node[1] === "-0" ? -0 : Number(node[1]);
        case "g": return BigInt(node[1]);
        case "r": return objects[node[1]];
        case "O": return keep(node[1], Object(decode(node[2])));
        case "D": return keep(node[1], new Date(decode(node[2])));
        case "x": return keep(node[1], new RegExp(node[2], node[3]));
        case "B": return keep(node[1], new Uint8Array(node[2]).buffer);
        case "M": {
          const map = keep(node[1], new Map());
          for (const [k, v] of node[2]) map.set(decode(k), decode(v));
          return map;
        }
        case "S": {
          const set = keep(node[1], new Set());
          for (const v of node[2]) set.add(decode(v));
          return set;
        }
        case "E": {
          const [, id, name, message, stack, cause] = node;
          const error = keep(id, new ERROR_TYPES[name]());
          const define = (key, value) =>
            Object.defineProperty(error, key, { value, writable: true, configurable: true });
          if (stack !== null) setStack(error, stack);
          if (message !== null) define("message", message);
          if (cause.length === 1) define("cause", decode(cause[0]));
          return error;
        }
        case "A": {
          const array = keep(node[1], new Array(node[2]));
          for (const [k, v] of node[3]) array[k] = decode(v);
          return array;
        }
        case "V": {
          const [, id, name, buffer, offset, length] = node;
          const View = VIEWS.find((V) => V.name === name);
          return keep(id, new View(decode(buffer), offset, length));
        }
        case "F":
        case "L": {
          const { Blob, File } = host.load("blob");
          const bytes = new Uint8Array(node[2]);
          return keep(node[1], node[0] === "F"
            ? new File([bytes], node[4], { type: node[3], lastModified: node[5] })
            : new Blob([bytes], { type: node[3] }));
        }
        case "o": {
          const object = keep(node[1], {});
          for (const [k, v] of node[2]) object[k] = decode(v);
          return object;
        }
        default:
          throw new TypeError("crosstalk: a serialised value of unknown kind " + node[0]);
      }
    };
    return decode(JSON.parse(text));
  }

  return { structuredClone, serialize, deserialize };
})
