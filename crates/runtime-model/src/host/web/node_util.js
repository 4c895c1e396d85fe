// node:util for crosstalk: the helpers Workers libraries import. `format` and `inspect`
// are the console's own rendering (the host's), so a value prints the same both ways.
(function (host) {
  "use strict";

  const custom = Symbol.for("nodejs.util.promisify.custom");
  const inspectCustom = Symbol.for("nodejs.util.inspect.custom");

  function promisify(original) {
    if (typeof original !== "function") {
      throw Object.assign(new TypeError('The "original" argument must be of type function'), { code: "ERR_INVALID_ARG_TYPE" });
    }
    if (original[custom]) return original[custom];
    function promisified(...args) {
      return new Promise((resolve, reject) => {
        original.call(this, ...args, (error, value) => (error ? reject(error) : resolve(value)));
      });
    }
    Object.setPrototypeOf(promisified, Object.getPrototypeOf(original));
    Object.defineProperty(promisified, custom, { value: promisified, configurable: true });
    return Object.defineProperties(promisified, Object.getOwnPropertyDescriptors(original));
  }
  promisify.custom = custom;

  function callbackify(original) {
    if (typeof original !== "function") {
      throw Object.assign(new TypeError('The "original" argument must be of type function'), { code: "ERR_INVALID_ARG_TYPE" });
    }
    return function (...args) {
      const callback = args.pop();
      original.apply(this, args).then(
        (value) => queueMicrotask(() => callback(null, value)),
        (reason) => {
          const error = reason || Object.assign(new Error("Promise was rejected with falsy value"), { reason, code: "ERR_FALSY_VALUE_REJECTION" });
          queueMicrotask(() => callback(error));
        },
      );
    };
  }

  function inherits(constructor, superConstructor) {
    Object.defineProperty(constructor, "super_", { value: superConstructor, writable: true, configurable: true });
    Object.setPrototypeOf(constructor.prototype, superConstructor.prototype);
  }

  function deprecate(fn) {
    return fn;
  }

  function format(...args) {
    return host.format(...args);
  }

  function formatWithOptions(_options, ...args) {
    return host.format(...args);
  }

  function inspect(value) {
    return host.inspect(value);
  }
  inspect.custom = inspectCustom;

  const tag = (value) => Object.prototype.toString.call(value);
  const AsyncFunction = Object.getPrototypeOf(async function () {});
  const GeneratorFunction = Object.getPrototypeOf(function* () {});
  const AsyncGeneratorFunction = Object.getPrototypeOf(async function* () {});
  // crosstalk's provenance instrumentation turns the user's async functions into plain
  // ones whose body is `return __ct$t(<the async function>(), site)`, or for a concise
  // arrow `__ct$t(<the async function>(), site)` (as toString shows them: without the meter).
  const instrumentedAsync = (fn) =>
    /^[^{]*\{(if \(new\.target\) throw [^;]*;)?return __ct\$t\(|^[^{]*?=>\s*__ct\$t\(/.test(
      Function.prototype.toString.call(fn),
    );
  const types = {
    isPromise: (v) => v instanceof Promise,
    isDate: (v) => v instanceof Date,
    isRegExp: (v) => v instanceof RegExp,
    isMap: (v) => v instanceof Map,
    isSet: (v) => v instanceof Set,
    isWeakMap: (v) => v instanceof WeakMap,
    isWeakSet: (v) => v instanceof WeakSet,
    isTypedArray: (v) => ArrayBuffer.isView(v) && !(v instanceof DataView),
    isUint8Array: (v) => v instanceof Uint8Array,
    isDataView: (v) => v instanceof DataView,
    isArrayBuffer: (v) => v instanceof ArrayBuffer,
    isSharedArrayBuffer: (v) => typeof SharedArrayBuffer !== "undefined" && v instanceof SharedArrayBuffer,
    isAnyArrayBuffer: (v) => v instanceof ArrayBuffer || (typeof SharedArrayBuffer !== "undefined" && v instanceof SharedArrayBuffer),
    isArrayBufferView: (v) => ArrayBuffer.isView(v),
    isAsyncFunction: (v) =>
      typeof v === "function" && ([AsyncFunction, AsyncGeneratorFunction].includes(Object.getPrototypeOf(v)) || instrumentedAsync(v)),
    isGeneratorFunction: (v) => typeof v === "function" && [GeneratorFunction, AsyncGeneratorFunction].includes(Object.getPrototypeOf(v)),
    isGeneratorObject: (v) => tag(v) === "[object Generator]",
    isNativeError: (v) => v instanceof Error,
    isBoxedPrimitive: (v) => v instanceof Number || v instanceof String || v instanceof Boolean || v instanceof BigInt || v instanceof Symbol,
    isNumberObject: (v) => v instanceof Number,
    isStringObject: (v) => v instanceof String,
    isBooleanObject: (v) => v instanceof Boolean,
    isSymbolObject: (v) => v instanceof Symbol,
    isProxy: () => false,
  };

  function isDeepStrictEqual(a, b, seen = new Map()) {
    if (Object.is(a, b)) return true;
    if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
    if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
    if (tag(a) !== tag(b)) return false;
    if (seen.get(a) === b) return true;
    seen.set(a, b);
    if (a instanceof Date) return Object.is(a.getTime(), b.getTime());
    if (a instanceof RegExp) return String(a) === String(b) && a.lastIndex === b.lastIndex;
    if (a instanceof Error && (a.message !== b.message || a.name !== b.name)) return false;
    if (ArrayBuffer.isView(a)) {
      if (a.byteLength !== b.byteLength) return false;
      const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
      const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
      if (!x.every((v, i) => v === y[i])) return false;
    }
    if (a instanceof Map) {
      if (a.size !== b.size) return false;
      for (const [k, v] of a) if (!b.has(k) || !isDeepStrictEqual(v, b.get(k), seen)) return false;
    }
    if (a instanceof Set) {
      if (a.size !== b.size) return false;
      for (const v of a) if (!b.has(v)) return false;
    }
    const enumerable = (o) => Reflect.ownKeys(o).filter((k) => Object.prototype.propertyIsEnumerable.call(o, k));
    const keys = enumerable(a);
    if (keys.length !== enumerable(b).length) return false;
    return keys.every((k) => Object.prototype.propertyIsEnumerable.call(b, k) && isDeepStrictEqual(a[k], b[k], seen));
  }

  const util = {
    promisify, callbackify, inherits, deprecate, format, formatWithOptions, inspect, types, isDeepStrictEqual,
    isArray: Array.isArray, TextEncoder, TextDecoder,
  };
  return { ...util, default: util };
})
