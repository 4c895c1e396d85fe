// node:crypto for crosstalk, shaped like workerd's: hashes and HMACs (host.hash /
// host.hmac over RustCrypto, synchronous as Node's are); KeyObject, sign/verify, key-pair
// generation and ECDH over crosstalk's WebCrypto key material (host.nodeCrypto, see
// crosstalk_webcrypto::node); AES ciphers, PBKDF2, HKDF and scrypt (host.nodeCrypto, see
// host/node_crypto.rs); random values from crypto.getRandomValues, which draws from the
// schedule's seeded stream (R3). Buffers are node:buffer's; Hash/Hmac/Cipheriv/Decipheriv
// and Sign/Verify become node:stream Transforms and Writables once node:crypto hands this
// module its stream classes (useStreams). Finite-field Diffie-Hellman, X509Certificate,
// SPKAC and RSA encryption are not modelled: they throw saying so.
(function (host) {
  "use strict";

  const { Buffer } = host.load("node-buffer");
  const native = (op, ...args) => host.nodeCrypto(op, args);
  const HASHES = ["md5", "sha1", "sha224", "sha256", "sha384", "sha512"];
  // Digest names as BoringSSL's lookup knows them (case-insensitively here).
  const ALIASES = {
    "rsa-md5": "md5",
    "rsa-sha1": "sha1",
    "rsa-sha224": "sha224",
    "rsa-sha256": "sha256",
    "rsa-sha384": "sha384",
    "rsa-sha512": "sha512",
    "dsa-sha": "sha1",
    "dsa-sha1": "sha1",
    "ecdsa-with-sha1": "sha1",
  };
  let streams = null;

  // ---- Errors, shaped as workerd's internal_errors ------------------------------------

  const errorClasses = new Map();
  // An Error whose constructor is named by its code (workerd's NodeError subclasses).
  function codedError(code, message) {
    let Class = errorClasses.get(code);
    if (!Class) {
      Class = {
        [code]: class extends Error {
          constructor(text) {
            super(text);
            this.code = code;
            this.name = "Error";
          }
          toString() {
            return `${this.name} [${this.code}]: ${this.message}`;
          }
        },
      }[code];
      errorClasses.set(code, Class);
    }
    return new Class(message);
  }

  function codedTypeError(code, message) {
    const error = new TypeError(message);
    error.code = code;
    return error;
  }

  class ERR_OUT_OF_RANGE extends RangeError {
    constructor(name, range, input) {
      let shown;
      if (Number.isInteger(input) && Math.abs(input) > 2 ** 32) shown = separated(String(input));
      else if (typeof input === "bigint") {
        shown = String(input);
        if (input > 2n ** 32n || input < -(2n ** 32n)) shown = separated(shown);
        shown += "n";
      } else shown = host.inspect(input);
      super(`The value of "${name}" is out of range. It must be ${range}. Received ${shown}`);
      this.code = "ERR_OUT_OF_RANGE";
    }
  }

  function separated(text) {
    let out = "";
    let i = text.length;
    const start = text[0] === "-" ? 1 : 0;
    for (; i >= start + 4; i -= 3) out = `_${text.slice(i - 3, i)}${out}`;
    return `${text.slice(0, i)}${out}`;
  }

  const TYPE_NAMES = ["string", "function", "number", "object", "Function", "Object", "boolean", "bigint", "symbol"];

  function listed(items, word) {
    if (items.length > 2) return `${word}${items.slice(0, -1).join(", ")}, or ${items[items.length - 1]}`;
    if (items.length === 2) return `${word}${items[0]} or ${items[1]}`;
    return `${word}${items[0]}`;
  }

  function invalidArgType(name, expected, actual) {
    expected = Array.isArray(expected) ? expected : [expected];
    let message = "The ";
    if (name.endsWith(" argument")) message += `${name} `;
    else message += `"${name}" ${name.includes(".") ? "property" : "argument"} `;
    message += "must be ";
    const types = [];
    const instances = [];
    const other = [];
    for (const value of expected) {
      if (TYPE_NAMES.includes(value)) types.push(value.toLowerCase());
      else if (/^([A-Z][a-z0-9]*)+$/.test(value)) instances.push(value);
      else other.push(value);
    }
    if (instances.length > 0) {
      const at = types.indexOf("object");
      if (at !== -1) {
        types.splice(at, 1);
        instances.push("Object");
      }
    }
    if (types.length > 0) {
      if (types.length > 2) message += `one of type ${types.slice(0, -1).join(", ")}, or ${types[types.length - 1]}`;
      else if (types.length === 2) message += `one of type ${types[0]} or ${types[1]}`;
      else message += `of type ${types[0]}`;
      if (instances.length > 0 || other.length > 0) message += " or ";
    }
    if (instances.length > 0) {
      if (instances.length > 2) message += listed(instances, "an instance of ");
      else {
        message += `an instance of ${instances[0]}`;
        if (instances.length === 2) message += ` or ${instances[1]}`;
      }
      if (other.length > 0) message += " or ";
    }
    if (other.length > 0) {
      if (other.length > 2) message += listed(other, "one of ");
      else if (other.length === 2) message += `one of ${other[0]} or ${other[1]}`;
      else {
        if (other[0].toLowerCase() !== other[0]) message += "an ";
        message += other[0];
      }
    }
    return codedTypeError("ERR_INVALID_ARG_TYPE", `${message}.${received(actual)}`);
  }

  // How Node's ERR_INVALID_ARG_TYPE names the value it received.
  function received(value) {
    if (value === null || value === undefined) return ` Received ${value}`;
    if (typeof value === "function" && value.name) return ` Received function ${value.name}`;
    if (typeof value === "object") {
      if (value.constructor?.name) return ` Received an instance of ${value.constructor.name}`;
      return ` Received ${host.inspect(value)}`;
    }
    let shown = host.inspect(value);
    if (shown.length > 25) shown = `${shown.slice(0, 25)}...`;
    return ` Received type ${typeof value} (${shown})`;
  }

  function invalidArgValue(name, value, reason = "is invalid") {
    const kind = name.includes(".") ? "property" : "argument";
    return codedTypeError("ERR_INVALID_ARG_VALUE", `The ${kind} '${name}' ${reason}. Received ${host.inspect(value)}`);
  }

  function notImplemented(name) {
    return codedError("ERR_METHOD_NOT_IMPLEMENTED", `The ${name} method is not implemented`);
  }

  function notModelled(what) {
    return new Error(`node:crypto ${what} is not modelled by crosstalk`);
  }

  // ---- Validators ---------------------------------------------------------------------

  function validateString(value, name) {
    if (typeof value !== "string") throw invalidArgType(name, "string", value);
  }
  function validateFunction(value, name) {
    if (typeof value !== "function") throw invalidArgType(name, "Function", value);
  }
  function validateBoolean(value, name) {
    if (typeof value !== "boolean") throw invalidArgType(name, "boolean", value);
  }
  function validateObject(value, name) {
    if (value === null || Array.isArray(value) || typeof value !== "object") throw invalidArgType(name, "Object", value);
  }
  function validateInteger(value, name, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER) {
    if (typeof value !== "number") throw invalidArgType(name, "number", value);
    if (!Number.isInteger(value)) throw new ERR_OUT_OF_RANGE(name, "an integer", value);
    if (value < min || value > max) throw new ERR_OUT_OF_RANGE(name, `>= ${min} && <= ${max}`, value);
  }
  function validateInt32(value, name, min = -2147483648, max = 2147483647) {
    if (value !== (value | 0)) {
      if (typeof value !== "number") throw invalidArgType(name, "number", value);
      if (!Number.isInteger(value)) throw new ERR_OUT_OF_RANGE(name, "an integer", value);
      throw new ERR_OUT_OF_RANGE(name, `>= ${min} && <= ${max}`, value);
    }
    if (value < min || value > max) throw new ERR_OUT_OF_RANGE(name, `>= ${min} && <= ${max}`, value);
  }
  function validateUint32(value, name, positive) {
    if (value !== value >>> 0) {
      if (typeof value !== "number") throw invalidArgType(name, "number", value);
      if (!Number.isInteger(value)) throw new ERR_OUT_OF_RANGE(name, "an integer", value);
      throw new ERR_OUT_OF_RANGE(name, `>= ${positive ? 1 : 0} && < 4294967296`, value);
    }
    if (positive && value === 0) throw new ERR_OUT_OF_RANGE(name, ">= 1 && < 4294967296", value);
  }
  function validateOneOf(value, name, oneOf) {
    if (!oneOf.includes(value)) {
      const allowed = oneOf.map((v) => (typeof v === "string" ? `'${v}'` : String(v))).join(", ");
      throw invalidArgValue(name, value, `must be one of: ${allowed}`);
    }
  }

  const isView = (value) => ArrayBuffer.isView(value);
  const isAnyBuffer = (value) =>
    value instanceof ArrayBuffer || (typeof SharedArrayBuffer !== "undefined" && value instanceof SharedArrayBuffer);

  // A string (in `encoding`), ArrayBuffer or view as a standalone ArrayBuffer (a copy),
  // for host calls; `name` names the argument in the type error.
  function bufferSource(value, name, encoding) {
    if (isAnyBuffer(value)) return value.slice(0);
    if (typeof value === "string") {
      const bytes = Buffer.from(value, encoding === undefined || encoding === "buffer" ? "utf8" : encoding);
      return copyOut(bytes);
    }
    if (!isView(value)) throw invalidArgType(name, ["string", "ArrayBuffer", "Buffer", "TypedArray", "DataView"], value);
    return copyOut(value);
  }

  function copyOut(view) {
    return new Uint8Array(view.buffer, view.byteOffset, view.byteLength).slice().buffer;
  }

  function viewBytes(view) {
    return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  }

  function output(buffer, encoding) {
    const bytes = Buffer.from(buffer);
    return encoding === undefined || encoding === "buffer" ? bytes : bytes.toString(encoding);
  }

  function concat(chunks) {
    const total = chunks.reduce((n, c) => n + c.length, 0);
    const out = new Uint8Array(total);
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out.buffer;
  }

  function algorithmOf(name) {
    const lower = String(name).toLowerCase();
    return ALIASES[lower] ?? lower;
  }

  // A stream-backed object for the function constructor `Self` (workerd's Hash, Sign, ...
  // are plain functions over node:stream's classes).
  function streamed(Base, Self, target, options) {
    if (streams) return Reflect.construct(streams[Base], [options], target ?? Self);
    return Object.create((target ?? Self).prototype);
  }

  // ---- Hash / Hmac --------------------------------------------------------------------

  const kState = Symbol("kState");

  function finished() {
    return codedError("ERR_CRYPTO_HASH_FINALIZED", "Digest already called");
  }

  function Hash(algorithm, options) {
    if (!new.target) return new Hash(algorithm, options);
    const length = typeof options === "object" && options !== null ? options.outputLength : undefined;
    if (length !== undefined) validateUint32(length, "options.outputLength");
    let state;
    if (algorithm instanceof HashState) state = algorithm.copy();
    else {
      validateString(algorithm, "algorithm");
      const name = algorithmOf(algorithm);
      if (!HASHES.includes(name)) throw new Error("Digest method not supported");
      state = new HashState((buffer) => host.hash(name, buffer));
    }
    const self = streamed("Transform", Hash, new.target, options);
    self[kState] = state;
    return self;
  }

  class HashState {
    constructor(finish) {
      this.finish = finish;
      this.chunks = [];
      this.done = false;
    }
    copy() {
      const copy = new HashState(this.finish);
      copy.chunks = this.chunks.slice();
      return copy;
    }
    digest() {
      return this.finish(concat(this.chunks));
    }
  }

  function update(data, encoding) {
    const state = this[kState];
    if (state.done) throw finished();
    encoding ??= "utf8";
    if (encoding === "buffer") encoding = undefined;
    if (typeof data === "string") data = Buffer.from(data, encoding);
    else if (!isView(data)) throw invalidArgType("data", ["string", "Buffer", "TypedArray", "DataView"], data);
    state.chunks.push(viewBytes(data).slice());
    return this;
  }

  function digest(encoding) {
    const state = this[kState];
    if (state.done) throw finished();
    state.done = true;
    return output(state.digest(), encoding);
  }

  function transform(chunk, encoding, callback) {
    if (typeof chunk === "string") chunk = Buffer.from(chunk, encoding);
    this[kState].chunks.push(viewBytes(chunk).slice());
    callback();
  }

  function flush(callback) {
    this.push(Buffer.from(this[kState].digest()));
    callback();
  }

  Hash.prototype.copy = function copy(options) {
    if (this[kState].done) throw finished();
    return new Hash(this[kState], options);
  };
  Hash.prototype._transform = transform;
  Hash.prototype._flush = flush;
  Hash.prototype.update = update;
  Hash.prototype.digest = digest;

  function Hmac(algorithm, key, options) {
    if (!new.target) return new Hmac(algorithm, key, options);
    validateString(algorithm, "hmac");
    const name = algorithmOf(algorithm);
    let raw;
    if (key instanceof KeyObject) {
      if (key.type !== "secret") throw invalidKeyObjectType(key.type, "secret");
      raw = native("exportKey", key[kHandle], "buffer");
    } else if (key instanceof CryptoKey) {
      if (key.type !== "secret") throw invalidKeyObjectType(key.type, "secret");
      raw = native("exportKey", key, "buffer");
    } else {
      const encoding = typeof options === "object" && options !== null ? options.encoding : undefined;
      if (typeof key !== "string" && !isAnyBuffer(key) && !isView(key)) {
        throw invalidArgType("key", ["string", "ArrayBuffer", "Buffer", "ArrayBufferView", "KeyObject", "CryptoKey"], key);
      }
      raw = bufferSource(key, "key", encoding);
    }
    if (!HASHES.includes(name)) throw new Error("Digest method not supported");
    const self = streamed("Transform", Hmac, new.target, options);
    self[kState] = new HashState((buffer) => host.hmac(name, raw, buffer));
    return self;
  }
  Hmac.prototype._transform = transform;
  Hmac.prototype._flush = flush;
  Hmac.prototype.update = update;
  Hmac.prototype.digest = function hmacDigest(encoding) {
    const state = this[kState];
    if (state.done) return output(new ArrayBuffer(0), encoding);
    state.done = true;
    return output(state.digest(), encoding);
  };

  function createHash(algorithm, options) {
    return new Hash(algorithm, options);
  }

  function createHmac(algorithm, key, options) {
    return new Hmac(algorithm, key, options);
  }

  function hash(algorithm, data, outputEncoding = "hex") {
    validateString(algorithm, "algorithm");
    if (typeof data !== "string" && !isView(data)) throw invalidArgType("input", ["Buffer", "TypedArray", "DataView", "string"], data);
    if (outputEncoding !== undefined) validateString(outputEncoding, "outputEncoding");
    return createHash(algorithm).update(data).digest(outputEncoding);
  }

  // ---- Random -------------------------------------------------------------------------

  const kMaxLength = 2 ** 31 - 1;

  function fill(bytes) {
    for (let at = 0; at < bytes.length; at += 65536) crypto.getRandomValues(bytes.subarray(at, Math.min(bytes.length, at + 65536)));
    return bytes;
  }

  function later(callback, ...args) {
    Promise.resolve().then(() => callback(...args));
  }

  function randomBytes(size, callback) {
    validateInteger(size, "size", 0, kMaxLength);
    const bytes = Buffer.alloc(size);
    if (callback !== undefined) {
      randomFill(bytes, callback);
      return undefined;
    }
    fill(bytes);
    return bytes;
  }

  function checkFillTarget(buffer) {
    if (!isAnyBuffer(buffer) && !isView(buffer)) {
      throw invalidArgType("buffer", ["TypedArray", "DataView", "ArrayBuffer", "SharedArrayBuffer"], buffer);
    }
  }

  function randomFillSync(buffer, offset, size) {
    checkFillTarget(buffer);
    const max = buffer.byteLength;
    if (offset !== undefined) validateInteger(offset, "offset", 0, kMaxLength);
    else offset = 0;
    if (size !== undefined) validateInteger(size, "size", 0, max - offset);
    else size = max - offset;
    if (isAnyBuffer(buffer)) buffer = Buffer.from(buffer);
    else if (buffer instanceof DataView) buffer = viewBytes(buffer);
    return fill(buffer.subarray(offset, offset + size));
  }

  function randomFill(buffer, offsetOrCallback, sizeOrCallback, callback) {
    checkFillTarget(buffer);
    let offset = 0;
    let size = 0;
    const max = buffer.byteLength;
    if (typeof callback === "function") {
      validateInteger(offsetOrCallback, "offset", 0, max);
      offset = offsetOrCallback;
      validateInteger(sizeOrCallback, "size", 0, max - offset);
      size = sizeOrCallback;
    } else if (typeof sizeOrCallback === "function") {
      validateInteger(offsetOrCallback, "offset", 0, max);
      offset = offsetOrCallback;
      size = max - offset;
      callback = sizeOrCallback;
    } else if (typeof offsetOrCallback === "function") {
      size = max;
      callback = offsetOrCallback;
    }
    validateFunction(callback, "callback");
    new Promise((resolve) => {
      randomFillSync(buffer, offset, size);
      resolve();
    }).then(
      () => callback(null, buffer),
      (error) => callback(error),
    );
  }

  const RAND_MAX = 0xffff_ffff_ffff;
  let randomCache = null;
  let randomCacheOffset = 0;

  function randomIntIn(min, max) {
    if (randomCache === null) randomCache = fill(Buffer.alloc(6 * 1024));
    const range = max - min;
    if (!(range <= RAND_MAX)) throw new ERR_OUT_OF_RANGE(`max${max ? "" : " - min"}`, `<= ${RAND_MAX}`, range);
    const limit = RAND_MAX - (RAND_MAX % range);
    for (;;) {
      if (randomCacheOffset === randomCache.length) {
        fill(randomCache);
        randomCacheOffset = 0;
      }
      const x = randomCache.readUIntBE(randomCacheOffset, 6);
      randomCacheOffset += 6;
      if (x < limit) return (x % range) + min;
    }
  }

  function randomInt(minOrMax, maxOrCallback, callback) {
    let min;
    let max;
    if (typeof callback === "function") {
      validateInteger(minOrMax, "min");
      validateInteger(maxOrCallback, "max");
      [min, max] = [minOrMax, maxOrCallback];
    } else if (typeof maxOrCallback === "function") {
      validateInteger(minOrMax, "max");
      [min, max, callback] = [0, minOrMax, maxOrCallback];
    } else if (arguments.length === 2) {
      validateInteger(minOrMax, "min");
      validateInteger(maxOrCallback, "max");
      [min, max] = [minOrMax, maxOrCallback];
    } else {
      validateInteger(minOrMax, "max");
      [min, max] = [0, minOrMax];
    }
    if (min >= max) throw new ERR_OUT_OF_RANGE("min", "min < max", min);
    if (callback != null) {
      new Promise((resolve) => resolve(randomIntIn(min, max))).then(
        (n) => callback(null, n),
        (error) => callback(error),
      );
      return undefined;
    }
    return randomIntIn(min, max);
  }

  function randomUUID(options) {
    if (options !== undefined) {
      validateObject(options, "options");
      if (options.disableEntropyCache !== undefined) validateBoolean(options.disableEntropyCache, "options.disableEntropyCache");
    }
    return crypto.randomUUID();
  }

  // Primes, over BigInt: Miller-Rabin with seeded random bases.
  function toBigInt(bytes) {
    let n = 0n;
    for (const b of bytes) n = (n << 8n) | BigInt(b);
    return n;
  }

  function powMod(base, exponent, modulus) {
    let result = 1n;
    base %= modulus;
    while (exponent > 0n) {
      if (exponent & 1n) result = (result * base) % modulus;
      exponent >>= 1n;
      base = (base * base) % modulus;
    }
    return result;
  }

  const SMALL_PRIMES = [2n, 3n, 5n, 7n, 11n, 13n, 17n, 19n, 23n, 29n, 31n, 37n, 41n, 43n, 47n];

  function isProbablePrime(n, rounds) {
    if (n < 2n) return false;
    for (const p of SMALL_PRIMES) {
      if (n === p) return true;
      if (n % p === 0n) return false;
    }
    let d = n - 1n;
    let s = 0;
    while ((d & 1n) === 0n) {
      d >>= 1n;
      s++;
    }
    const bytes = Math.ceil(n.toString(16).length / 2) + 8;
    for (let i = 0; i < rounds; i++) {
      const a = 2n + (toBigInt(fill(new Uint8Array(bytes))) % (n - 3n));
      let x = powMod(a, d, n);
      if (x === 1n || x === n - 1n) continue;
      let composite = true;
      for (let r = 1; r < s; r++) {
        x = (x * x) % n;
        if (x === n - 1n) {
          composite = false;
          break;
        }
      }
      if (composite) return false;
    }
    return true;
  }

  function primeCandidate(value, name) {
    if (typeof value === "bigint") return value;
    if (isAnyBuffer(value)) return toBigInt(new Uint8Array(value));
    if (isView(value)) return toBigInt(viewBytes(value));
    throw invalidArgType(name, ["ArrayBuffer", "TypedArray", "Buffer", "DataView", "bigint"], value);
  }

  function checkPrimeSync(candidate, options = {}) {
    const n = primeCandidate(candidate, "candidate");
    validateObject(options, "options");
    const { checks = 0 } = options;
    validateInt32(checks, "options.checks", 0);
    return isProbablePrime(n, checks || 20);
  }

  function checkPrime(candidate, options, callback) {
    if (typeof options === "function") {
      callback = options;
      options = {};
    }
    validateFunction(callback, "callback");
    let result;
    try {
      result = checkPrimeSync(candidate, options);
    } catch (error) {
      later(callback, error);
      return;
    }
    later(callback, null, result);
  }

  function bigIntToBuffer(n) {
    let hex = n.toString(16);
    if (hex.length % 2) hex = `0${hex}`;
    return Buffer.from(hex, "hex").buffer.slice(0);
  }

  function generatePrimeSync(size, options = {}) {
    validateInt32(size, "size", 1);
    validateObject(options, "options");
    const { safe = false, bigint = false, add, rem } = options;
    validateBoolean(safe, "options.safe");
    validateBoolean(bigint, "options.bigint");
    if (add !== undefined || rem !== undefined) throw notModelled("generatePrime with add/rem");
    const bytes = Math.ceil(size / 8);
    for (;;) {
      const raw = fill(new Uint8Array(bytes));
      let n = toBigInt(raw) & ((1n << BigInt(size)) - 1n);
      n |= 1n << BigInt(size - 1);
      if (size > 1) n |= 1n;
      if (!isProbablePrime(n, 20)) continue;
      if (safe && !isProbablePrime((n - 1n) / 2n, 20)) continue;
      const buf = bigIntToBuffer(n);
      return bigint ? n : buf;
    }
  }

  function generatePrime(size, options, callback) {
    validateInt32(size, "size", 1);
    if (typeof options === "function") {
      callback = options;
      options = {};
    }
    validateFunction(callback, "callback");
    let result;
    try {
      result = generatePrimeSync(size, options);
    } catch (error) {
      later(callback, error);
      return;
    }
    later(callback, null, result);
  }

  // ---- Keys ---------------------------------------------------------------------------

  const kHandle = Symbol("kHandle");
  const kInfo = Symbol("kInfo");

  function invalidKeyObjectType(actual, expected) {
    return codedError("ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE", `Invalid key object type ${actual}, expected ${expected}.`);
  }

  function info(key) {
    return (key[kInfo] ??= native("keyInfo", key[kHandle]));
  }

  function wrap(handle, Class) {
    const key = Object.create(Class.prototype);
    key[kHandle] = handle;
    return key;
  }

  class KeyObject {
    constructor() {
      throw new Error("Illegal constructor");
    }

    static from(key) {
      if (!(key instanceof CryptoKey)) throw invalidArgType("key", "CryptoKey", key);
      const kind = native("keyInfo", key).type;
      return wrap(key, kind === "secret" ? SecretKeyObject : kind === "private" ? PrivateKeyObject : PublicKeyObject);
    }

    export(options = {}) {
      validateObject(options, "options");
      validateExportOptions(options, this.type);
      const format = options.format ?? "buffer";
      if (this.type !== "secret" && format !== "jwk") {
        if (options.type === "sec1" && info(this).asymmetricKeyType !== "ec") {
          throw codedError("ERR_CRYPTO_INCOMPATIBLE_KEY_OPTIONS", "The selected key encoding sec1 can only be used for EC keys.");
        }
        if (options.type === "pkcs1" && this.type === "private" && info(this).asymmetricKeyType !== "rsa") {
          throw codedError("ERR_CRYPTO_INCOMPATIBLE_KEY_OPTIONS", "The selected key encoding pkcs1 can only be used for RSA keys.");
        }
        if (options.cipher !== undefined) throw notModelled("export of an encrypted private key");
      }
      const result = native("exportKey", this[kHandle], format, options.type);
      if (result instanceof ArrayBuffer) return Buffer.from(result);
      return result;
    }

    equals(other) {
      if (this === other || this[kHandle] === other?.[kHandle]) return true;
      if (this.type !== other.type) return false;
      if (!(other[kHandle] instanceof CryptoKey)) throw invalidArgType("otherKeyObject", "KeyObject", other);
      return native("equals", this[kHandle], other[kHandle]);
    }

    toCryptoKey(algorithm, extractable, keyUsages) {
      if (keyUsages == null || typeof keyUsages[Symbol.iterator] !== "function") {
        throw invalidArgType("keyUsages", "Iterable", keyUsages);
      }
      throw notModelled("KeyObject.toCryptoKey");
    }

    get [Symbol.toStringTag]() {
      return "KeyObject";
    }
  }

  function validateExportOptions(options, type, name = "options") {
    if (options.format !== undefined) validateString(options.format, `${name}.format`);
    if (options.type !== undefined) validateString(options.type, `${name}.type`);
    if (type === "private" && options.cipher !== undefined) {
      validateString(options.cipher, `${name}.cipher`);
      if (typeof options.passphrase === "string") options.passphrase = Buffer.from(options.passphrase, options.encoding);
      if (!(options.passphrase instanceof Uint8Array)) {
        throw invalidArgType(`${name}.passphrase`, ["string", "Uint8Array"], options.passphrase);
      }
    }
  }

  class AsymmetricKeyObject extends KeyObject {
    get asymmetricKeyDetails() {
      const { modulusLength, publicExponent, namedCurve } = info(this);
      const details = {};
      if (modulusLength !== undefined) details.modulusLength = modulusLength;
      if (publicExponent !== undefined) details.publicExponent = BigInt(`0x${publicExponent}`);
      if (namedCurve !== undefined) details.namedCurve = namedCurve;
      return details;
    }

    get asymmetricKeyType() {
      return info(this).asymmetricKeyType;
    }
  }

  class PublicKeyObject extends AsymmetricKeyObject {
    export(options) {
      return super.export(options);
    }
    get type() {
      return "public";
    }
  }

  class PrivateKeyObject extends AsymmetricKeyObject {
    export(options) {
      return super.export(options);
    }
    get type() {
      return "private";
    }
  }

  class SecretKeyObject extends KeyObject {
    get symmetricKeySize() {
      return info(this).size;
    }
    export(options) {
      return super.export(options);
    }
    get type() {
      return "secret";
    }
  }

  const isKeyObject = (value) => value != null && typeof value === "object" && kHandle in value;

  function createSecretKey(key, encoding) {
    if (key == null) throw invalidArgType("key", ["string", "ArrayBuffer", "TypedArray", "DataView"], key);
    let bytes;
    if (typeof key === "string") bytes = copyOut(Buffer.from(key, encoding));
    else if (isAnyBuffer(key)) bytes = key.slice(0);
    else if (isView(key)) bytes = copyOut(key);
    else throw new TypeError("Failed to execute 'createSecretKey' on 'CryptoImpl': parameter 1 is not of type 'BufferSource'.");
    return wrap(native("createSecretKey", bytes), SecretKeyObject);
  }

  const KEY_DATA_TYPES = ["ArrayBuffer", "Buffer", "TypedArray", "DataView", "string", "object"];

  // The key data, format and type a create*Key call names.
  function prepareAsymmetricKey(key, creating) {
    if (key == null) throw invalidArgType("key", KEY_DATA_TYPES, key);
    const normalized = typeof key === "string" || isAnyBuffer(key) || isView(key) ? { key, format: "pem" } : key;
    const { key: data, encoding = "utf8", format = "pem", type, passphrase } = normalized;
    if (data == null || isKeyObject(data) || data instanceof CryptoKey) throw invalidArgType("options.key", KEY_DATA_TYPES, data);
    if (typeof data === "string" || isAnyBuffer(data) || isView(data)) {
      validateOneOf(format, "format", ["pem", "der"]);
      if (type !== undefined) {
        if (creating === "private") validateOneOf(type, "type", ["pkcs1", "pkcs8", "sec1"]);
        else if (creating === "public") validateOneOf(type, "type", ["pkcs1", "spki"]);
      }
      const bytes = bufferSource(data, "key", encoding);
      // A passphrase is ignored for an unencrypted key, as in workerd; decryption is not modelled.
      if (passphrase != null && format === "pem" && Buffer.from(bytes).toString("latin1").includes("ENCRYPTED")) {
        throw notModelled("encrypted private keys (passphrase)");
      }
      return [bytes, format, type];
    }
    if (typeof data !== "object") throw invalidArgType("key", KEY_DATA_TYPES, key);
    return [data, "jwk", undefined];
  }

  function createPrivateKey(key) {
    return wrap(native("createPrivateKey", ...prepareAsymmetricKey(key, "private")), PrivateKeyObject);
  }

  function createPublicKey(key) {
    if (isKeyObject(key) || key instanceof CryptoKey) {
      if (key.type !== "private") throw invalidArgType("key", "PrivateKeyObject", key);
      return wrap(native("createPublicKey", isKeyObject(key) ? key[kHandle] : key), PublicKeyObject);
    }
    return wrap(native("createPublicKey", ...prepareAsymmetricKey(key, "public")), PublicKeyObject);
  }

  function generateKeySync(type, options) {
    validateOneOf(type, "type", ["hmac", "aes"]);
    validateObject(options, "options");
    const { length } = options;
    if (type === "hmac") {
      validateInteger(length, "options.length", 8, 65536);
      return createSecretKey(randomBytes(Math.floor(length / 8)));
    }
    validateOneOf(length, "options.length", [128, 192, 256]);
    return createSecretKey(randomBytes(length / 8));
  }

  function generateKey(type, options, callback) {
    let result;
    try {
      result = generateKeySync(type, options);
    } catch (error) {
      queueMicrotask(() => callback(error));
      return;
    }
    queueMicrotask(() => callback(null, result));
  }

  function generateKeyPairSync(type, options = {}) {
    validateOneOf(type, "type", ["rsa", "ec", "ed25519", "x25519", "dh"]);
    validateObject(options, "options");
    const {
      modulusLength,
      publicExponent = 0x10001,
      namedCurve,
      paramEncoding = "named",
      publicKeyEncoding,
      privateKeyEncoding,
    } = options;
    if (publicKeyEncoding !== undefined) {
      validateObject(publicKeyEncoding, "options.publicKeyEncoding");
      validateExportOptions(publicKeyEncoding, "public", "options.publicKeyEncoding");
    }
    if (privateKeyEncoding !== undefined) {
      validateObject(privateKeyEncoding, "options.privateKeyEncoding");
      validateExportOptions(privateKeyEncoding, "private", "options.privateKeyEncoding");
    }
    let pair;
    switch (type) {
      case "rsa":
        validateUint32(modulusLength, "options.modulusLength");
        validateUint32(publicExponent, "options.publicExponent");
        pair = native("generateKeyPair", "rsa", modulusLength, publicExponent);
        break;
      case "ec":
        validateString(namedCurve, "options.namedCurve");
        validateOneOf(paramEncoding, "options.paramEncoding", ["named", "explicit"]);
        pair = native("generateKeyPair", "ec", undefined, undefined, namedCurve);
        break;
      case "ed25519":
        pair = native("generateKeyPair", "ed25519");
        break;
      default:
        throw notModelled(`generateKeyPair("${type}")`);
    }
    let publicKey = wrap(pair[0], PublicKeyObject);
    let privateKey = wrap(pair[1], PrivateKeyObject);
    if (publicKeyEncoding !== undefined) publicKey = publicKey.export(publicKeyEncoding);
    if (privateKeyEncoding !== undefined) privateKey = privateKey.export(privateKeyEncoding);
    return { publicKey, privateKey };
  }

  function generateKeyPair(type, options, callback) {
    if (typeof options === "function") {
      callback = options;
      options = undefined;
    }
    validateFunction(callback, "callback");
    let pair;
    try {
      pair = generateKeyPairSync(type, options);
    } catch (error) {
      queueMicrotask(() => callback(error));
      return;
    }
    queueMicrotask(() => callback(null, pair.publicKey, pair.privateKey));
  }
  Object.defineProperty(generateKeyPair, Symbol.for("nodejs.util.promisify.custom.args"), {
    value: ["publicKey", "privateKey"],
    enumerable: false,
  });

  // ---- Sign / Verify ------------------------------------------------------------------

  function signKeyRequired() {
    return codedError("ERR_CRYPTO_SIGN_KEY_REQUIRED", "No key provided to sign");
  }

  function intOption(name, options) {
    const value = options[name];
    if (value !== undefined) {
      if (value === value >> 0) return value;
      throw invalidArgValue(`options.${name}`, value);
    }
    return undefined;
  }

  function dsaEncoding(options) {
    if (typeof options === "object") {
      const { dsaEncoding: encoding = "der" } = options;
      if (encoding === "der") return 0;
      if (encoding === "ieee-p1363") return 1;
      throw invalidArgValue("options.dsaEncoding", encoding);
    }
    return 0;
  }

  function privateHandle(options) {
    if (options instanceof CryptoKey) return options;
    if (isKeyObject(options)) {
      if (options.type === "secret") {
        throw invalidArgType("options", ["PublicKeyObject", "PrivateKeyObject", "CryptoKey", "object"], options.type);
      }
      if (options.type === "public") throw invalidKeyObjectType("public", "private");
      return options[kHandle];
    }
    return createPrivateKey(options)[kHandle];
  }

  function publicHandle(options) {
    if (options instanceof CryptoKey) return options;
    if (isKeyObject(options)) return options[kHandle];
    return createPublicKey(options)[kHandle];
  }

  function checkDigest(algorithm) {
    const name = algorithmOf(algorithm);
    if (!HASHES.includes(name) && name !== "md5-sha1" && name !== "md4") throw new Error(`Unknown digest: ${algorithm}`);
  }

  function Sign(algorithm, options) {
    if (!new.target) return new Sign(algorithm, options);
    validateString(algorithm, "algorithm");
    checkDigest(algorithm);
    const self = streamed("Writable", Sign, new.target, options);
    self[kState] = { algorithm, chunks: [], done: false };
    return self;
  }

  function signUpdate(data, encoding) {
    if (typeof data === "string") data = Buffer.from(data, encoding);
    if (!isView(data)) throw invalidArgType("data", ["string", "Buffer", "TypedArray", "DataView"], data);
    const state = this[kState];
    if (state.done) throw new Error(`${this instanceof Sign ? "Signing" : "Verification"} context has already been finalized`);
    state.chunks.push(viewBytes(data).slice());
    return this;
  }

  function write(chunk, encoding, callback) {
    this.update(chunk, encoding);
    callback();
  }

  Sign.prototype._write = write;
  Sign.prototype.update = signUpdate;
  Sign.prototype.sign = function sign(options, encoding) {
    if (!options) throw signKeyRequired();
    const key = privateHandle(options);
    const padding = intOption("padding", options);
    const saltLength = intOption("saltLength", options);
    const encodingOption = dsaEncoding(options);
    const state = this[kState];
    if (state.done) throw new Error("Signing context has already been finalized");
    state.done = true;
    const signature = Buffer.from(native("sign", key, state.algorithm, concat(state.chunks), padding, saltLength, encodingOption, true));
    return encoding && encoding !== "buffer" ? signature.toString(encoding) : signature;
  };

  function Verify(algorithm, options) {
    if (!new.target) return new Verify(algorithm, options);
    validateString(algorithm, "algorithm");
    checkDigest(algorithm);
    const self = streamed("Writable", Verify, new.target, options);
    self[kState] = { algorithm, chunks: [], done: false };
    return self;
  }
  Verify.prototype._write = write;
  Verify.prototype.update = signUpdate;
  Verify.prototype.verify = function verify(options, signature, encoding = "utf8") {
    if (!options) throw signKeyRequired();
    const key = publicHandle(options);
    const padding = intOption("padding", options);
    const saltLength = intOption("saltLength", options);
    const encodingOption = dsaEncoding(options);
    if (typeof signature === "string") signature = Buffer.from(signature, encoding);
    const state = this[kState];
    if (state.done) throw new Error("Verification context has already been finalized");
    state.done = true;
    return native("verify", key, state.algorithm, concat(state.chunks), bufferSource(signature, "signature"), padding, saltLength, encodingOption, true);
  };

  function createSign(algorithm, options) {
    return new Sign(algorithm, options);
  }

  function createVerify(algorithm, options) {
    return new Verify(algorithm, options);
  }

  function oneShotAlgorithm(algorithm) {
    if (algorithm != null) {
      validateString(algorithm, "algorithm");
      return algorithm;
    }
    return undefined;
  }

  function sign(algorithm, data, options, callback) {
    algorithm = oneShotAlgorithm(algorithm);
    if (!isView(data)) throw invalidArgType("data", ["Buffer", "TypedArray", "DataView"], data);
    if (!options) throw signKeyRequired();
    const key = privateHandle(options);
    intOption("padding", options);
    intOption("saltLength", options);
    const encodingOption = dsaEncoding(options);
    // workerd's one-shot sign uses the key's default padding whatever `padding` says.
    const run = () => Buffer.from(native("sign", key, algorithm, copyOut(data), undefined, undefined, encodingOption));
    if (callback === undefined) return run();
    let signature;
    try {
      signature = run();
    } catch (error) {
      queueMicrotask(() => callback(error));
      return undefined;
    }
    queueMicrotask(() => callback(null, signature));
    return undefined;
  }

  function verify(algorithm, data, options, signature, callback) {
    algorithm = oneShotAlgorithm(algorithm);
    if (!isView(data)) throw invalidArgType("data", ["Buffer", "TypedArray", "DataView"], data);
    if (!isView(signature)) throw invalidArgType("signature", ["Buffer", "TypedArray", "DataView"], signature);
    if (!options) throw signKeyRequired();
    const key = publicHandle(options);
    intOption("padding", options);
    intOption("saltLength", options);
    const encodingOption = dsaEncoding(options);
    const run = () => native("verify", key, algorithm, copyOut(data), copyOut(signature), undefined, undefined, encodingOption);
    if (callback === undefined) return run();
    let result;
    try {
      result = run();
    } catch (error) {
      queueMicrotask(() => callback(error));
      return undefined;
    }
    callback(null, result);
    return undefined;
  }

  // ---- Key derivation -----------------------------------------------------------------


  function pbkdf2Check(password, salt, iterations, keylen, digestName) {
    validateString(digestName, "digest");
    const p = bufferSource(password, "password");
    const s = bufferSource(salt, "salt");
    validateInt32(iterations, "iterations", 1);
    validateInt32(keylen, "keylen", 0);
    return [p, s];
  }

  function pbkdf2Run(p, s, iterations, keylen, digestName) {
    const name = algorithmOf(digestName);
    if (!HASHES.includes(name)) throw new TypeError(`Invalid Pbkdf2 digest: ${digestName}.`);
    const size = { md5: 16, sha1: 20, sha224: 28, sha256: 32, sha384: 48, sha512: 64 }[name];
    if (keylen > 255 * size) throw new RangeError("Pbkdf2 failed: derived key length exceeds maximum for this hash");
    return native("pbkdf2", name, p, s, iterations, keylen);
  }

  function pbkdf2Sync(password, salt, iterations, keylen, digestName) {
    const [p, s] = pbkdf2Check(password, salt, iterations, keylen, digestName);
    return Buffer.from(pbkdf2Run(p, s, iterations, keylen, digestName));
  }

  function pbkdf2(password, salt, iterations, keylen, digestName, callback) {
    if (typeof digestName === "function") validateString(undefined, "digest");
    validateFunction(callback, "callback");
    const [p, s] = pbkdf2Check(password, salt, iterations, keylen, digestName);
    new Promise((resolve) => resolve(pbkdf2Run(p, s, iterations, keylen, digestName))).then(
      (value) => callback(null, Buffer.from(value)),
      (error) => callback(error),
    );
  }

  function hkdfCheck(digestName, key, salt, info, length) {
    if (key instanceof KeyObject) key = key.export();
    validateString(digestName, "digest");
    if (typeof key !== "string" && !isAnyBuffer(key) && !isView(key)) {
      throw invalidArgType("ikm", ["string", "SecretKeyObject", "ArrayBuffer", "TypedArray", "DataView", "Buffer"], key);
    }
    const k = bufferSource(key, "ikm");
    const s = bufferSource(salt, "salt");
    const i = bufferSource(info, "info");
    validateInteger(length, "length", 0, kMaxLength);
    if (i.byteLength > 1024) throw new ERR_OUT_OF_RANGE("info", "must not contain more than 1024 bytes", i.byteLength);
    return [k, s, i];
  }

  function hkdfRun(digestName, k, s, i, length) {
    if (!HASHES.includes(algorithmOf(digestName))) throw new TypeError(`Invalid Hkdf digest: ${digestName}`);
    const out = native("hkdf", algorithmOf(digestName), k, s, i, length);
    if (out === null) throw new RangeError("Invalid Hkdf key length");
    return out;
  }

  function hkdfSync(digestName, key, salt, info, length) {
    const [k, s, i] = hkdfCheck(digestName, key, salt, info, length);
    return hkdfRun(digestName, k, s, i, length);
  }

  function hkdf(digestName, key, salt, info, length, callback) {
    const [k, s, i] = hkdfCheck(digestName, key, salt, info, length);
    validateFunction(callback, "callback");
    new Promise((resolve) => resolve(hkdfRun(digestName, k, s, i, length))).then(
      (value) => callback(null, value),
      (error) => callback(error),
    );
  }

  const SCRYPT_DEFAULTS = { N: 16384, r: 8, p: 1, maxmem: 32 << 20 };

  function scryptCheck(password, salt, keylen, options) {
    const pw = bufferSource(password, "password");
    const s = bufferSource(salt, "salt");
    validateInteger(keylen, "keylen", 0, kMaxLength);
    let { N, r, p, maxmem } = SCRYPT_DEFAULTS;
    if (options && options !== SCRYPT_DEFAULTS) {
      const hasN = options.N !== undefined;
      if (hasN) validateUint32((N = options.N), "N");
      if (options.cost !== undefined) {
        if (hasN) throw invalidArgValue("cost", options.cost);
        validateUint32((N = options.cost), "cost");
      }
      const hasR = options.r !== undefined;
      if (hasR) validateUint32((r = options.r), "r");
      if (options.blockSize !== undefined) {
        if (hasR) throw invalidArgValue("blockSize", options.blockSize);
        validateUint32((r = options.blockSize), "blockSize");
      }
      const hasP = options.p !== undefined;
      if (hasP) validateUint32((p = options.p), "p");
      if (options.parallelization !== undefined) {
        if (hasP) throw invalidArgValue("parallelization", options.parallelization);
        validateUint32((p = options.parallelization), "parallelization");
      }
      if (options.maxmem !== undefined) validateInteger((maxmem = options.maxmem), "maxmem", 0);
      if (N === 0) N = SCRYPT_DEFAULTS.N;
      if (r === 0) r = SCRYPT_DEFAULTS.r;
      if (p === 0) p = SCRYPT_DEFAULTS.p;
      if (maxmem === 0) maxmem = SCRYPT_DEFAULTS.maxmem;
    }
    return [pw, s, N, r, p, maxmem];
  }

  function scryptRun(pw, s, N, r, p, maxmem, keylen) {
    const MAX_COST = 1048576;
    if (N > MAX_COST || r > MAX_COST || p > MAX_COST || N * r * p > MAX_COST) {
      throw new RangeError(`Scrypt failed: cost exceeds maximum (${MAX_COST}).`);
    }
    if (128 * r * (N + p + 2) > maxmem) throw new Error("Scrypt failed");
    const out = native("scrypt", pw, s, N, r, p, keylen);
    if (out === null) throw new Error("Scrypt failed");
    return out;
  }

  function scryptSync(password, salt, keylen, options) {
    const [pw, s, N, r, p, maxmem] = scryptCheck(password, salt, keylen, options);
    return Buffer.from(scryptRun(pw, s, N, r, p, maxmem, keylen));
  }

  function scrypt(password, salt, keylen, options, callback = SCRYPT_DEFAULTS) {
    if (callback === SCRYPT_DEFAULTS) {
      callback = options;
      options = SCRYPT_DEFAULTS;
    }
    const [pw, s, N, r, p, maxmem] = scryptCheck(password, salt, keylen, options);
    validateFunction(callback, "callback");
    new Promise((resolve) => resolve(scryptRun(pw, s, N, r, p, maxmem, keylen))).then(
      (value) => callback(null, Buffer.from(value)),
      (error) => callback(error),
    );
  }

  // ---- Misc ---------------------------------------------------------------------------

  function timingSafeEqual(a, b) {
    const x = isAnyBuffer(a) ? new Uint8Array(a) : isView(a) ? viewBytes(a) : null;
    const y = isAnyBuffer(b) ? new Uint8Array(b) : isView(b) ? viewBytes(b) : null;
    if (x === null || y === null) {
      throw new TypeError(
        `Failed to execute 'timingSafeEqual' on 'SubtleCrypto': parameter ${x === null ? 1 : 2} is not of type 'BufferSource'.`,
      );
    }
    if (x.length !== y.length) throw new TypeError("Input buffers must have the same byte length.");
    let diff = 0;
    for (let i = 0; i < x.length; i++) diff |= x[i] ^ y[i];
    return diff === 0;
  }

  const CIPHERS = [
    "AES-128-CBC", "AES-192-CBC", "AES-256-CBC", "AES-128-CTR", "AES-192-CTR", "AES-256-CTR",
    "AES-128-ECB", "AES-192-ECB", "AES-256-ECB", "AES-128-OFB", "AES-192-OFB", "AES-256-OFB",
    "AES-128-GCM", "AES-192-GCM", "AES-256-GCM", "DES-CBC", "DES-ECB", "DES-EDE", "DES-EDE-CBC",
    "DES-EDE3-CBC", "RC2-CBC", "RC4", "aes-128-cbc", "aes-192-cbc", "aes-256-cbc", "aes-128-ctr",
    "aes-192-ctr", "aes-256-ctr", "aes-128-ecb", "aes-192-ecb", "aes-256-ecb", "aes-128-ofb",
    "aes-192-ofb", "aes-256-ofb", "aes-128-gcm", "aes-192-gcm", "aes-256-gcm", "des-cbc", "des-ecb",
    "des-ede", "des-ede-cbc", "des-ede3-cbc", "rc2-cbc", "rc4", "aes-128-eax", "aes-128-ccm-matter",
    "aes-128-ccm-bluetooth", "aes-128-gcm-randnonce", "aes-128-gcm-siv", "aes-256-ctr-hmac-sha256",
    "aes-256-gcm-siv", "xchacha20-poly1305", "aes-128-ctr-hmac-sha256", "aes-128-ccm-bluetooth-8",
    "aes-192-gcm", "aes-256-gcm", "aes-256-eax", "aes-256-gcm-randnonce", "chacha20-poly1305", "aes-128-gcm",
  ];

  const constants = Object.create(null);
  for (const [name, value] of Object.entries({
    DH_CHECK_P_NOT_SAFE_PRIME: 2, DH_CHECK_P_NOT_PRIME: 1, DH_UNABLE_TO_CHECK_GENERATOR: 4,
    DH_NOT_SUITABLE_GENERATOR: 8, RSA_PKCS1_PADDING: 1, RSA_NO_PADDING: 3, RSA_PKCS1_OAEP_PADDING: 4,
    RSA_X931_PADDING: 5, RSA_PKCS1_PSS_PADDING: 6, RSA_PSS_SALTLEN_DIGEST: -1, RSA_PSS_SALTLEN_MAX_SIGN: -2,
    RSA_PSS_SALTLEN_AUTO: -2, POINT_CONVERSION_COMPRESSED: 2, POINT_CONVERSION_UNCOMPRESSED: 4,
    POINT_CONVERSION_HYBRID: 6, OPENSSL_VERSION_NUMBER: 0, SSL_OP_ALL: 2147485776, SSL_OP_ALLOW_NO_DHE_KEX: 1024,
    SSL_OP_ALLOW_UNSAFE_LEGACY_RENEGOTIATION: 262144, SSL_OP_CIPHER_SERVER_PREFERENCE: 4194304,
    SSL_OP_CISCO_ANYCONNECT: 32768, SSL_OP_COOKIE_EXCHANGE: 8192, SSL_OP_CRYPTOPRO_TLSEXT_BUG: 2147483648,
    SSL_OP_DONT_INSERT_EMPTY_FRAGMENTS: 2048, SSL_OP_LEGACY_SERVER_CONNECT: 4, SSL_OP_NO_COMPRESSION: 131072,
    SSL_OP_NO_ENCRYPT_THEN_MAC: 524288, SSL_OP_NO_QUERY_MTU: 4096, SSL_OP_NO_RENEGOTIATION: 1073741824,
    SSL_OP_NO_SESSION_RESUMPTION_ON_RENEGOTIATION: 65536, SSL_OP_NO_SSLv2: 0, SSL_OP_NO_SSLv3: 33554432,
    SSL_OP_NO_TICKET: 16384, SSL_OP_NO_TLSv1: 67108864, SSL_OP_NO_TLSv1_1: 268435456, SSL_OP_NO_TLSv1_2: 134217728,
    SSL_OP_NO_TLSv1_3: 536870912, SSL_OP_PRIORITIZE_CHACHA: 2097152, SSL_OP_TLS_ROLLBACK_BUG: 8388608,
    ENGINE_METHOD_RSA: 1, ENGINE_METHOD_DSA: 2, ENGINE_METHOD_DH: 4, ENGINE_METHOD_RAND: 8, ENGINE_METHOD_EC: 2048,
    ENGINE_METHOD_CIPHERS: 64, ENGINE_METHOD_DIGESTS: 128, ENGINE_METHOD_PKEY_METHS: 512,
    ENGINE_METHOD_PKEY_ASN1_METHS: 1024, ENGINE_METHOD_ALL: 65535, ENGINE_METHOD_NONE: 0, defaultCoreCipherList: "",
    TLS1_VERSION: 769, TLS1_1_VERSION: 770, TLS1_2_VERSION: 771, TLS1_3_VERSION: 772, defaultCipherList: "",
  })) {
    Object.defineProperty(constants, name, { value, configurable: false, writable: false, enumerable: false });
  }

  // What crosstalk does not model: callable with workerd's names, throwing on use.
  function unmodelled(name) {
    const f = {
      [name]: function () {
        throw notModelled(name);
      },
    }[name];
    return f;
  }

  // ---- Ciphers (AES ECB/CBC/CTR/OFB/GCM; host.nodeCrypto("cipher") runs them) --------

  const CIPHER_INFO = {};
  for (const [bits, nids] of [
    [128, { ecb: 418, cbc: 419, ofb: 420, ctr: 904, gcm: 895 }],
    [192, { ecb: 422, cbc: 423, ofb: 424, ctr: 905, gcm: 898 }],
    [256, { ecb: 426, cbc: 427, ofb: 428, ctr: 906, gcm: 901 }],
  ]) {
    for (const [mode, nid] of Object.entries(nids)) {
      CIPHER_INFO[`aes-${bits}-${mode}`] = {
        name: mode === "gcm" ? `id-aes${bits}-GCM` : `AES-${bits}-${mode.toUpperCase()}`,
        nid,
        blockSize: mode === "ecb" || mode === "cbc" ? 16 : 1,
        ivLength: mode === "ecb" ? 0 : mode === "gcm" ? 12 : 16,
        keyLength: bits / 8,
        mode,
      };
    }
  }

  function getCipherInfo(nameOrNid, options) {
    let info;
    if (typeof nameOrNid === "number") info = Object.values(CIPHER_INFO).find((i) => i.nid === nameOrNid);
    else if (typeof nameOrNid === "string") info = CIPHER_INFO[nameOrNid.toLowerCase()];
    else throw invalidArgType("nameOrNid", ["string", "number"], nameOrNid);
    if (info === undefined) return undefined;
    if (options !== undefined) {
      validateObject(options, "options");
      const { keyLength, ivLength } = options;
      if (keyLength !== undefined) {
        validateInt32(keyLength, "options.keyLength");
        if (keyLength !== info.keyLength) return undefined;
      }
      if (ivLength !== undefined) {
        validateInt32(ivLength, "options.ivLength");
        if (info.mode === "gcm" ? ivLength < 1 : ivLength !== info.ivLength) return undefined;
        if (info.mode === "gcm") return { ...info, ivLength };
      }
    }
    return { ...info };
  }

  function secretKeyBytes(key) {
    if (key instanceof CryptoKey || isKeyObject(key)) {
      if (key.type !== "secret") throw invalidKeyObjectType(key.type, "secret");
      return native("exportKey", isKeyObject(key) ? key[kHandle] : key, "buffer");
    }
    if (isAnyBuffer(key) || isView(key) || typeof key === "string") return bufferSource(key, "key", "utf8");
    throw invalidArgType("key", ["string", "Buffer", "TypedArray", "DataView", "KeyObject", "CryptoKey"], key);
  }

  function ivBytes(iv) {
    if (iv === null) return null;
    if (isAnyBuffer(iv) || isView(iv) || typeof iv === "string") return bufferSource(iv, "iv", "utf8");
    throw invalidArgType("iv", ["string", "Buffer", "TypedArray", "DataView", "null"], iv);
  }

  function cipherObject(Self, target, encrypt, algorithm, key, iv, options = {}) {
    validateString(algorithm, "algorithm");
    const keyBytes = secretKeyBytes(key);
    const ivBuffer = ivBytes(iv);
    // workerd reads the tag length from `authLengthTag`.
    if (options.authLengthTag !== undefined) validateUint32(options.authLengthTag, "options.authLengthTag");
    const state = {
      algorithm,
      encrypt,
      key: keyBytes,
      iv: ivBuffer,
      chunks: [],
      emitted: 0,
      aad: [],
      padding: true,
      tag: null,
      tagLength: options.authLengthTag,
      authTag: undefined,
      done: false,
      gcm: /-gcm$/i.test(algorithm),
    };
    // Checks the name, key and IV now, as workerd does when it makes its handle.
    runCipher(state, false);
    const self = streamed("Transform", Self, target, options);
    self[kState] = state;
    return self;
  }

  function runCipher(state, finish) {
    const [out, tag] = native(
      "cipher", state.algorithm, state.encrypt, state.key, state.iv, concat(state.chunks), concat(state.aad),
      finish, state.padding, state.tag, state.tagLength,
    );
    const delta = out.slice(state.emitted);
    state.emitted = out.byteLength;
    if (tag !== null) state.authTag = tag;
    return delta;
  }

  function cipherUpdate(data, inputEncoding, outputEncoding) {
    const state = this[kState];
    if (typeof data === "string") {
      if (inputEncoding === undefined) {
        throw invalidArgValue("inputEncoding", inputEncoding, "If inputEncoding is not provided then the data must be a Buffer");
      }
      data = Buffer.from(data, inputEncoding);
    } else if (isAnyBuffer(data)) data = new Uint8Array(data);
    else if (!isView(data)) throw invalidArgType("data", ["string", "Buffer", "TypedArray", "DataView"], data);
    if (state.done) throw new Error("Cipher/decipher context has already been finalized");
    state.chunks.push(viewBytes(data).slice());
    return output(runCipher(state, false), outputEncoding);
  }

  function cipherFinal(outputEncoding) {
    const state = this[kState];
    if (state.done) throw new Error("Cipher/decipher context has already been finalized");
    state.done = true;
    if (state.gcm && !state.encrypt && state.tag === null) throw new Error("No auth tag provided");
    return output(runCipher(state, true), outputEncoding);
  }

  function cipherSetAAD(buffer, options = {}) {
    validateObject(options, "options");
    const { plaintextLength, encoding } = options;
    if (plaintextLength !== undefined) validateUint32(plaintextLength, "options.plaintextLength");
    if (encoding !== undefined) validateString(encoding, "options.encoding");
    if (typeof buffer === "string") this[kState].aad.push(viewBytes(Buffer.from(buffer, encoding)).slice());
    else if (isAnyBuffer(buffer)) this[kState].aad.push(new Uint8Array(buffer).slice());
    else if (isView(buffer)) this[kState].aad.push(viewBytes(buffer).slice());
    return this;
  }

  function cipherSetAutoPadding(autoPadding) {
    this[kState].padding = autoPadding ? true : false;
    return this;
  }

  function cipherTransform(chunk, encoding, callback) {
    if (typeof chunk === "string") chunk = Buffer.from(chunk, encoding);
    this[kState].chunks.push(viewBytes(chunk).slice());
    this.push(Buffer.from(runCipher(this[kState], false)));
    callback();
  }

  function cipherFlush(callback) {
    let last;
    try {
      last = cipherFinal.call(this);
    } catch (error) {
      callback(error);
      return;
    }
    this.push(last);
    callback();
  }

  function Cipheriv(algorithm, key, iv, options) {
    return cipherObject(Cipheriv, new.target, true, algorithm, key, iv, options);
  }
  Cipheriv.prototype.update = cipherUpdate;
  Cipheriv.prototype.final = cipherFinal;
  Cipheriv.prototype.setAAD = cipherSetAAD;
  Cipheriv.prototype.setAutoPadding = cipherSetAutoPadding;
  Cipheriv.prototype.getAuthTag = function getAuthTag() {
    const state = this[kState];
    if (!state.done || (state.gcm && state.authTag === undefined)) {
      throw new Error("Auth tag is only available once cipher context has been finalized");
    }
    return state.authTag === undefined ? undefined : Buffer.from(state.authTag);
  };
  Cipheriv.prototype._transform = cipherTransform;
  Cipheriv.prototype._flush = cipherFlush;

  function Decipheriv(algorithm, key, iv, options) {
    return cipherObject(Decipheriv, new.target, false, algorithm, key, iv, options);
  }
  Decipheriv.prototype.update = cipherUpdate;
  Decipheriv.prototype.final = cipherFinal;
  Decipheriv.prototype.setAAD = cipherSetAAD;
  Decipheriv.prototype.setAutoPadding = cipherSetAutoPadding;
  Decipheriv.prototype.setAuthTag = function setAuthTag(buffer, encoding) {
    this[kState].tag = bufferSource(buffer, "buffer", encoding);
    return this;
  };
  Decipheriv.prototype._transform = cipherTransform;
  Decipheriv.prototype._flush = cipherFlush;

  function createCipheriv(algorithm, key, iv, options) {
    return new Cipheriv(algorithm, key, iv, options);
  }

  function createDecipheriv(algorithm, key, iv, options) {
    return new Decipheriv(algorithm, key, iv, options);
  }

  function DiffieHellman() {
    throw notModelled("DiffieHellman");
  }
  function DiffieHellmanGroup() {
    throw notModelled("DiffieHellmanGroup");
  }
  // ---- ECDH (P-256 and P-384) --------------------------------------------------------

  const ECDH_FORMATS = ["compressed", "uncompressed", "hybrid"];

  function ecdhBytes(value, name, encoding) {
    if (typeof value === "string") value = Buffer.from(value, encoding);
    if (!isView(value)) throw invalidArgType(name, ["string", "Buffer", "TypedArray", "DataView"], value);
    return copyOut(value);
  }

  function encoded(buffer, encoding) {
    const bytes = Buffer.from(buffer);
    return typeof encoding === "string" ? bytes.toString(encoding) : bytes;
  }

  function ECDH(curveName) {
    if (!(this instanceof ECDH)) return new ECDH(curveName);
    validateString(curveName, "curveName");
    native("ecdh", "check", curveName, new Uint8Array([1]).buffer);
    this[kState] = { curve: curveName, scalar: null };
  }

  function ecdhScalar(self) {
    const { scalar } = self[kState];
    if (scalar === null) throw new Error("Failed to get ECDH public key");
    return scalar;
  }

  ECDH.prototype.computeSecret = function computeSecret(otherPublicKey, inputEncoding, outputEncoding) {
    const point = ecdhBytes(otherPublicKey, "otherPublicKey", inputEncoding);
    if (inputEncoding != null) validateString(inputEncoding, "inputEncoding");
    if (outputEncoding != null) validateString(outputEncoding, "outputEncoding");
    const state = this[kState];
    return encoded(native("ecdh", "compute", state.curve, ecdhScalar(this), point), outputEncoding);
  };

  ECDH.prototype.generateKeys = function generateKeys(encoding, format) {
    if (encoding != null) validateString(encoding, "encoding");
    if (format != null) validateOneOf(format, "format", ECDH_FORMATS);
    const state = this[kState];
    state.scalar = native("ecdh", "generate", state.curve);
    return this.getPublicKey(encoding, format);
  };

  ECDH.prototype.getPrivateKey = function getPrivateKey(encoding) {
    if (encoding != null) validateString(encoding, "encoding");
    return encoded(ecdhScalar(this), encoding);
  };

  ECDH.prototype.getPublicKey = function getPublicKey(encoding, format = "uncompressed") {
    if (encoding != null) validateString(encoding, "encoding");
    validateOneOf(format, "format", ECDH_FORMATS);
    const state = this[kState];
    return encoded(native("ecdh", "public", state.curve, ecdhScalar(this), format), encoding);
  };

  ECDH.prototype.setPrivateKey = function setPrivateKey(key, encoding) {
    if (encoding != null) validateString(encoding, "encoding");
    const scalar = ecdhBytes(key, "key", encoding);
    const state = this[kState];
    native("ecdh", "check", state.curve, scalar);
    state.scalar = scalar;
  };

  ECDH.convertKey = function convertKey(key, curve, inputEncoding, outputEncoding, format = "uncompressed") {
    const point = ecdhBytes(key, "key", inputEncoding);
    validateString(curve, "curve");
    if (inputEncoding != null) validateString(inputEncoding, "inputEncoding");
    if (outputEncoding != null) validateString(outputEncoding, "outputEncoding");
    validateOneOf(format, "format", ECDH_FORMATS);
    return encoded(native("ecdh", "convert", curve, point, format), outputEncoding);
  };

  function createECDH(curveName) {
    return new ECDH(curveName);
  }

  function diffieHellman(options) {
    validateObject(options, "options");
    const { publicKey, privateKey } = options;
    if (!isKeyObject(publicKey)) throw invalidArgType("options.publicKey", "KeyObject", publicKey);
    if (!isKeyObject(privateKey)) throw invalidArgType("options.privateKey", "KeyObject", privateKey);
    if (publicKey.type !== "public") throw invalidArgType("options.publicKey", "public key", publicKey);
    if (privateKey.type !== "private") throw invalidArgType("options.privateKey", "private key", privateKey);
    if (publicKey.asymmetricKeyType !== privateKey.asymmetricKeyType) {
      throw invalidArgValue("options.publicKey.asymmetricKeyType", publicKey.asymmetricKeyType, "must equal privateKey.asymmetricKeyType");
    }
    return Buffer.from(native("statelessDH", privateKey[kHandle], publicKey[kHandle]));
  }

  class X509Certificate {
    constructor() {
      throw notModelled("X509Certificate");
    }
  }
  function Certificate() {
    if (!new.target) return new Certificate();
  }
  Certificate.exportChallenge = unmodelled("Certificate.exportChallenge");
  Certificate.exportPublicKey = unmodelled("Certificate.exportPublicKey");
  Certificate.verifySpkac = unmodelled("Certificate.verifySpkac");
  Certificate.prototype.exportChallenge = Certificate.exportChallenge;
  Certificate.prototype.exportPublicKey = Certificate.exportPublicKey;
  Certificate.prototype.verifySpkac = Certificate.verifySpkac;

  const api = {
    Certificate,
    Cipher: undefined,
    Cipheriv,
    CryptoKey,
    Decipher: undefined,
    Decipheriv,
    DiffieHellman,
    DiffieHellmanGroup,
    ECDH,
    Hash,
    Hmac,
    KeyObject,
    PrivateKeyObject,
    PublicKeyObject,
    SecretKeyObject,
    Sign,
    Verify,
    X509Certificate,
    checkPrime,
    checkPrimeSync,
    constants,
    createCipher: () => {
      throw notImplemented("createCipher");
    },
    createCipheriv,
    createDecipher: () => {
      throw notImplemented("createDecipher");
    },
    createDecipheriv,
    createDiffieHellman: unmodelled("createDiffieHellman"),
    createDiffieHellmanGroup: unmodelled("createDiffieHellmanGroup"),
    createECDH,
    createHash,
    createHmac,
    createPrivateKey,
    createPublicKey,
    createSecretKey,
    createSign,
    createVerify,
    diffieHellman,
    fips: true,
    generateKey,
    generateKeyPair,
    generateKeyPairSync,
    generateKeySync,
    generatePrime,
    generatePrimeSync,
    getCipherInfo,
    getCiphers: () => CIPHERS.slice(),
    getCurves: () => ["secp224r1", "prime256v1", "secp384r1", "secp521r1"],
    getDiffieHellman: unmodelled("getDiffieHellman"),
    getFips: () => true,
    getHashes: () => [
      "md4", "md5", "sha1", "sha224", "sha256", "sha384", "sha512", "md5-sha1", "RSA-MD5", "RSA-SHA1",
      "RSA-SHA224", "RSA-SHA256", "RSA-SHA384", "RSA-SHA512", "DSA-SHA", "DSA-SHA1", "ecdsa-with-SHA1",
    ],
    getRandomValues: (array) => crypto.getRandomValues(array),
    hash,
    hkdf,
    hkdfSync,
    pbkdf2,
    pbkdf2Sync,
    privateDecrypt: unmodelled("privateDecrypt"),
    privateEncrypt: unmodelled("privateEncrypt"),
    pseudoRandomBytes: randomBytes,
    publicDecrypt: unmodelled("publicDecrypt"),
    publicEncrypt: unmodelled("publicEncrypt"),
    randomBytes,
    randomFill,
    randomFillSync,
    randomInt,
    randomUUID,
    scrypt,
    scryptSync,
    secureHeapUsed: () => ({ total: 0, used: 0, utilization: 0, min: 0 }),
    setEngine: () => {
      throw notImplemented("setEngine");
    },
    setFips: () => {
      throw notImplemented("setFips");
    },
    sign,
    subtle: crypto.subtle,
    timingSafeEqual,
    verify,
    webcrypto: crypto,
  };
  api.Cipher = api.createCipher;
  api.Decipher = api.createDecipher;

  // node:crypto hands over node:stream's classes: Hash/Hmac become Transforms and
  // Sign/Verify Writables, as in workerd.
  function useStreams(classes) {
    if (streams) return;
    streams = classes;
    for (const [Self, Base] of [
      [Hash, classes.Transform],
      [Hmac, classes.Transform],
      [Sign, classes.Writable],
      [Verify, classes.Writable],
      [Cipheriv, classes.Transform],
      [Decipheriv, classes.Transform],
    ]) {
      Object.setPrototypeOf(Self.prototype, Base.prototype);
      Object.setPrototypeOf(Self, Base);
    }
  }

  return { ...api, useStreams, default: api };
});
