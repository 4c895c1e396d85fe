// node:crypto for crosstalk: hashes and HMACs (host.hash / host.hmac over RustCrypto,
// synchronous as Node's are), and random values from crypto.getRandomValues, which draws
// from the schedule's seeded stream (R3). Buffers are node:buffer's.
(function (host) {
  "use strict";

  const { Buffer } = host.load("node-buffer");
  const HASHES = ["md5", "sha1", "sha256", "sha384", "sha512"];
  const ALIASES = { "sha-1": "sha1", "sha-256": "sha256", "sha-384": "sha384", "sha-512": "sha512" };

  function algorithmOf(name) {
    const lower = String(name).toLowerCase();
    return ALIASES[lower] ?? lower;
  }

  // workerd's text for a digest it does not know (an Error without a code).
  function invalidDigest() {
    return new Error("Digest method not supported");
  }

  // How Node's ERR_INVALID_ARG_TYPE names the value it received.
  function received(value) {
    if (value === null || value === undefined) return `Received ${value}`;
    if (typeof value === "function") return `Received function ${value.name}`;
    if (typeof value === "object") {
      const name = value.constructor?.name;
      return name ? `Received an instance of ${name}` : "Received an instance of Object";
    }
    const shown = typeof value === "bigint" ? `${value}n` : String(value);
    return `Received type ${typeof value} (${shown})`;
  }

  // A chunk as bytes: a string in `encoding` (utf8 by default), or any buffer or view.
  function bytesOf(data, encoding) {
    if (typeof data === "string") return Buffer.from(data, encoding ?? "utf8");
    if (data instanceof ArrayBuffer) return new Uint8Array(data);
    if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    const error = new TypeError(
      `The "data" argument must be of type string or an instance of Buffer, TypedArray, or DataView. ${received(data)}`,
    );
    error.code = "ERR_INVALID_ARG_TYPE";
    throw error;
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

  function output(buffer, encoding) {
    const bytes = Buffer.from(buffer);
    return encoding === undefined || encoding === "buffer" ? bytes : bytes.toString(encoding);
  }

  function finished() {
    const error = new Error("Digest already called");
    error.code = "ERR_CRYPTO_HASH_FINALIZED";
    return error;
  }

  // What Hash and Hmac share: chunks collected by update(), finished once by digest().
  class Digest {
    #finish;
    #chunks = [];
    #done = false;

    // `finish(buffer)`: the digest of everything written, as an ArrayBuffer.
    constructor(finish) {
      this.#finish = finish;
    }

    update(data, encoding) {
      if (this.#done) throw finished();
      this.#chunks.push(new Uint8Array(bytesOf(data, encoding)));
      return this;
    }

    digest(encoding) {
      if (this.#done) throw finished();
      this.#done = true;
      return output(this.#finish(concat(this.#chunks)), encoding);
    }

    // The chunks so far, for copy().
    written() {
      if (this.#done) throw finished();
      return this.#chunks;
    }
  }

  class Hash extends Digest {
    #algorithm;

    constructor(algorithm) {
      super((buffer) => host.hash(algorithm, buffer));
      this.#algorithm = algorithm;
    }

    copy() {
      const copy = new Hash(this.#algorithm);
      for (const c of this.written()) copy.update(c);
      return copy;
    }
  }

  class Hmac extends Digest {
    constructor(algorithm, key) {
      super((buffer) => host.hmac(algorithm, key, buffer));
    }
  }

  function createHash(name) {
    const algorithm = algorithmOf(name);
    if (!HASHES.includes(algorithm)) throw invalidDigest();
    return new Hash(algorithm);
  }

  function createHmac(name, key) {
    const algorithm = algorithmOf(name);
    if (!HASHES.includes(algorithm)) throw invalidDigest();
    const raw = typeof key === "object" && key !== null && key.type === "secret" && key.export ? key.export() : key;
    return new Hmac(algorithm, concat([new Uint8Array(bytesOf(raw))]));
  }

  function randomBytes(size, callback) {
    const bytes = Buffer.alloc(size);
    for (let at = 0; at < size; at += 65536) crypto.getRandomValues(bytes.subarray(at, Math.min(size, at + 65536)));
    if (typeof callback === "function") {
      queueMicrotask(() => callback(null, bytes));
      return undefined;
    }
    return bytes;
  }

  function randomInt(min, max, callback) {
    if (max === undefined || typeof max === "function") {
      callback = max;
      max = min;
      min = 0;
    }
    const range = max - min;
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || range <= 0) {
      const error = new RangeError(`The value of "max" is out of range. It must be greater than the value of "min" (${min}). Received ${max}`);
      error.code = "ERR_OUT_OF_RANGE";
      throw error;
    }
    const words = new Uint32Array(2);
    crypto.getRandomValues(words);
    const value = min + Math.floor(((words[0] * 2 ** 21 + (words[1] >>> 11)) / 2 ** 53) * range);
    if (typeof callback === "function") {
      queueMicrotask(() => callback(null, value));
      return undefined;
    }
    return value;
  }

  function timingSafeEqual(a, b) {
    const x = bytesOf(a);
    const y = bytesOf(b);
    if (x.length !== y.length) throw new TypeError("Input buffers must have the same byte length.");
    let diff = 0;
    for (let i = 0; i < x.length; i++) diff |= x[i] ^ y[i];
    return diff === 0;
  }

  const api = {
    createHash,
    createHmac,
    randomBytes,
    randomInt,
    randomUUID: () => crypto.randomUUID(),
    getRandomValues: (array) => crypto.getRandomValues(array),
    timingSafeEqual,
    getHashes: () => HASHES.slice(),
    webcrypto: crypto,
    subtle: crypto.subtle,
    Hash,
    Hmac,
  };
  return { ...api, default: api };
});
