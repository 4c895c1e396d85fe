// node:buffer for crosstalk: a Uint8Array subclass with the encodings libraries use
// (utf8, hex, base64, base64url, latin1/binary, ascii).
(function (host) {
  "use strict";

  const encoder = new TextEncoder();
  const decoder = new TextDecoder();

  function normalize(encoding) {
    const e = String(encoding ?? "utf8").toLowerCase();
    if (e === "utf-8") return "utf8";
    if (e === "binary") return "latin1";
    if (e === "ucs2" || e === "ucs-2" || e === "utf16le" || e === "utf-16le") return "utf16le";
    return e;
  }

  function bytesOf(string, encoding) {
    switch (normalize(encoding)) {
      case "utf8":
        return encoder.encode(string);
      case "hex": {
        const out = new Uint8Array(Math.floor(string.length / 2));
        for (let i = 0; i < out.length; i++) {
          const byte = parseInt(string.substr(i * 2, 2), 16);
          if (Number.isNaN(byte)) return out.subarray(0, i);
          out[i] = byte;
        }
        return out;
      }
      case "base64":
      case "base64url": {
        let s = string.replace(/-/g, "+").replace(/_/g, "/").replace(/[^A-Za-z0-9+/]/g, "");
        while (s.length % 4) s += "=";
        const binary = atob(s);
        const out = new Uint8Array(binary.length);
        for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
        return out;
      }
      case "latin1":
      case "ascii": {
        const out = new Uint8Array(string.length);
        for (let i = 0; i < string.length; i++) out[i] = string.charCodeAt(i) & 0xff;
        return out;
      }
      case "utf16le": {
        const out = new Uint8Array(string.length * 2);
        for (let i = 0; i < string.length; i++) {
          const c = string.charCodeAt(i);
          out[i * 2] = c & 0xff;
          out[i * 2 + 1] = c >> 8;
        }
        return out;
      }
      default:
        throw new TypeError("Unknown encoding: " + encoding);
    }
  }

  class FastBuffer extends Uint8Array {
    static from(value, encodingOrOffset, length) {
      if (typeof value === "string") return FastBuffer.#wrap(bytesOf(value, encodingOrOffset));
      if (value instanceof ArrayBuffer) {
        return new FastBuffer(value, encodingOrOffset ?? 0, length ?? value.byteLength - (encodingOrOffset ?? 0));
      }
      if (ArrayBuffer.isView(value)) {
        return FastBuffer.#wrap(new Uint8Array(value.buffer, value.byteOffset, value.byteLength).slice());
      }
      if (Array.isArray(value)) return FastBuffer.#wrap(Uint8Array.from(value));
      if (value && value.type === "Buffer" && Array.isArray(value.data)) return FastBuffer.#wrap(Uint8Array.from(value.data));
      throw new TypeError("The first argument must be of type string, Buffer, ArrayBuffer, Array, or Array-like Object.");
    }

    static #wrap(bytes) {
      return new FastBuffer(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }

    static alloc(size, fill, encoding) {
      const buffer = new FastBuffer(size);
      if (fill !== undefined && fill !== 0) buffer.fill(fill, 0, buffer.length, encoding);
      return buffer;
    }

    static allocUnsafe(size) {
      return new FastBuffer(size);
    }

    static allocUnsafeSlow(size) {
      return new FastBuffer(size);
    }

    static isBuffer(value) {
      return value instanceof FastBuffer;
    }

    static isEncoding(encoding) {
      return ["utf8", "hex", "base64", "base64url", "latin1", "ascii", "utf16le"].includes(normalize(encoding));
    }

    static byteLength(value, encoding) {
      if (typeof value === "string") return bytesOf(value, encoding).byteLength;
      return value.byteLength;
    }

    static concat(list, totalLength) {
      const total = totalLength ?? list.reduce((n, b) => n + b.length, 0);
      const out = FastBuffer.alloc(total);
      let offset = 0;
      for (const item of list) {
        out.set(item.subarray(0, Math.max(0, total - offset)), offset);
        offset += item.length;
        if (offset >= total) break;
      }
      return out;
    }

    static compare(a, b) {
      return a.compare(b);
    }

    toString(encoding, start = 0, end = this.length) {
      const bytes = this.subarray(start, end);
      switch (normalize(encoding)) {
        case "utf8":
          return decoder.decode(bytes);
        case "hex":
          return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
        case "base64":
        case "base64url": {
          let binary = "";
          for (const b of bytes) binary += String.fromCharCode(b);
          const text = btoa(binary);
          return normalize(encoding) === "base64" ? text : text.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
        }
        case "latin1":
        case "ascii":
          return Array.from(bytes, (b) => String.fromCharCode(normalize(encoding) === "ascii" ? b & 0x7f : b)).join("");
        case "utf16le": {
          let s = "";
          for (let i = 0; i + 1 < bytes.length; i += 2) s += String.fromCharCode(bytes[i] | (bytes[i + 1] << 8));
          return s;
        }
        default:
          throw new TypeError("Unknown encoding: " + encoding);
      }
    }

    toJSON() {
      return { type: "Buffer", data: Array.from(this) };
    }

    equals(other) {
      return this.compare(other) === 0;
    }

    compare(other) {
      const n = Math.min(this.length, other.length);
      for (let i = 0; i < n; i++) {
        if (this[i] !== other[i]) return this[i] < other[i] ? -1 : 1;
      }
      return this.length === other.length ? 0 : this.length < other.length ? -1 : 1;
    }

    subarray(start, end) {
      const view = super.subarray(start, end);
      return new FastBuffer(view.buffer, view.byteOffset, view.byteLength);
    }

    slice(start, end) {
      return this.subarray(start, end);
    }

    toLocaleString(encoding, start, end) {
      return this.toString(encoding, start, end);
    }

    [Symbol.for("nodejs.util.inspect.custom")]() {
      const shown = Array.from(this.subarray(0, INSPECT_MAX_BYTES), (b) => b.toString(16).padStart(2, "0"));
      const left = this.length - INSPECT_MAX_BYTES;
      const more = left > 0 ? ` ... ${left} more byte${left > 1 ? "s" : ""}` : "";
      return `<${this.constructor.name} ${shown.join(" ")}${more}>`;
    }

    copy(target, targetStart = 0, sourceStart = 0, sourceEnd = this.length) {
      const end = Math.min(sourceEnd, this.length, sourceStart + (target.length - targetStart));
      if (end <= sourceStart) return 0;
      target.set(this.subarray(sourceStart, end), targetStart);
      return end - sourceStart;
    }

    fill(value, offset = 0, end = this.length, encoding) {
      if (typeof offset === "string") {
        encoding = offset;
        offset = 0;
        end = this.length;
      } else if (typeof end === "string") {
        encoding = end;
        end = this.length;
      }
      if (typeof value === "number") return super.fill(value & 255, offset, end);
      if (typeof value === "boolean") return super.fill(Number(value), offset, end);
      const pattern = typeof value === "string" ? bytesOf(value, encoding) : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
      if (pattern.length === 0) return super.fill(0, offset, end);
      for (let i = offset, j = 0; i < end; i++, j = (j + 1) % pattern.length) this[i] = pattern[j];
      return this;
    }

    indexOf(value, byteOffset = 0, encoding) {
      return search(this, value, byteOffset, encoding, false);
    }

    lastIndexOf(value, byteOffset = this.length, encoding) {
      return search(this, value, byteOffset, encoding, true);
    }

    includes(value, byteOffset = 0, encoding) {
      return this.indexOf(value, byteOffset, encoding) !== -1;
    }

    swap16() {
      return swap(this, 2);
    }

    swap32() {
      return swap(this, 4);
    }

    swap64() {
      return swap(this, 8);
    }

    readUIntLE(offset, byteLength) {
      return readVariable(this, offset, byteLength, true, false);
    }

    readUIntBE(offset, byteLength) {
      return readVariable(this, offset, byteLength, false, false);
    }

    readIntLE(offset, byteLength) {
      return readVariable(this, offset, byteLength, true, true);
    }

    readIntBE(offset, byteLength) {
      return readVariable(this, offset, byteLength, false, true);
    }

    writeUIntLE(value, offset, byteLength) {
      return writeVariable(this, value, offset, byteLength, true, false);
    }

    writeUIntBE(value, offset, byteLength) {
      return writeVariable(this, value, offset, byteLength, false, false);
    }

    writeIntLE(value, offset, byteLength) {
      return writeVariable(this, value, offset, byteLength, true, true);
    }

    writeIntBE(value, offset, byteLength) {
      return writeVariable(this, value, offset, byteLength, false, true);
    }

    write(string, offset = 0, length, encoding) {
      const name = normalize(typeof length === "string" ? length : encoding);
      const bytes = bytesOf(string, name);
      const n = wholeCharacters(bytes, Math.min(bytes.length, this.length - offset, typeof length === "number" ? length : Infinity), name);
      this.set(bytes.subarray(0, n), offset);
      return n;
    }
  }

  // The bytes of `bytes` that fit in `room` without splitting a character (Node writes no
  // partial UTF-8 sequence and no half UTF-16 code unit).
  function wholeCharacters(bytes, room, encoding) {
    if (room >= bytes.length) return bytes.length;
    if (encoding === "utf8") {
      let n = room;
      while (n > 0 && (bytes[n] & 0xc0) === 0x80) n--;
      return n;
    }
    if (encoding === "utf16le") return room - (room % 2);
    return room;
  }

  // Node's per-encoding methods (`latin1Slice(start, end)`, `utf8Write(string, offset,
  // length)`; busboy reads its chunks with `latin1Slice`), with the argument checks
  // workerd 1.20261117 makes: integer bounds within the buffer, a reversed range is "",
  // and a length past the room after `offset` is refused (its default is the buffer's
  // whole length, so only `offset` 0 takes the default).
  function checkedIndex(value, name, max) {
    const errors = host.load("node-events").errors;
    if (typeof value !== "number") throw errors.invalidArgType(name, "number", value);
    if (!Number.isInteger(value)) throw new ERR_OUT_OF_RANGE(name, "an integer", value);
    if (value < 0 || value > max) throw new ERR_OUT_OF_RANGE(name, `>= 0 && <= ${max}`, value);
    return value;
  }
  for (const [prefix, encoding] of [
    ["ascii", "ascii"], ["base64", "base64"], ["base64url", "base64url"], ["hex", "hex"],
    ["latin1", "latin1"], ["ucs2", "utf16le"], ["utf8", "utf8"],
  ]) {
    const slice = {
      [prefix + "Slice"](start, end) {
        checkedIndex(start, "start", this.length);
        checkedIndex(end, "end", this.length);
        return end <= start ? "" : this.toString(encoding, start, end);
      },
    }[prefix + "Slice"];
    const write = {
      [prefix + "Write"](string, offset, length) {
        if (offset === undefined) offset = 0;
        if (length === undefined) length = this.length;
        checkedIndex(offset, "offset", this.length);
        checkedIndex(length, "length", this.length - offset);
        return this.write(String(string), offset, length, encoding);
      },
    }[prefix + "Write"];
    for (const [key, f] of [[prefix + "Slice", slice], [prefix + "Write", write]]) {
      Object.defineProperty(FastBuffer.prototype, key, { value: f, writable: true, configurable: true });
    }
  }

  // Buffer as Node has it: a function (callable without `new`: a number allocates, anything
  // else is Buffer.from) whose prototype is the instances' (FastBuffer's), with the static
  // methods as its own enumerable properties.
  function Buffer(value, encodingOrOffset, length) {
    if (typeof value === "number") {
      if (typeof encodingOrOffset === "string") throw host.load("node-events").errors.invalidArgType("string", "string", value);
      return FastBuffer.allocUnsafe(value);
    }
    return FastBuffer.from(value, encodingOrOffset, length);
  }
  Buffer.prototype = FastBuffer.prototype;
  Object.defineProperty(FastBuffer.prototype, "constructor", { value: Buffer, writable: true, configurable: true });
  Object.setPrototypeOf(Buffer, Uint8Array);
  // Plain functions, as Node's are (constructible: cbor-x calls `new Buffer.allocUnsafeSlow(n)`,
  // which answers the buffer), with Node's lengths.
  Buffer.from = function from(value, encodingOrOffset, length) { return FastBuffer.from(value, encodingOrOffset, length); };
  Buffer.alloc = function alloc(size, fill, encoding) { return FastBuffer.alloc(size, fill, encoding); };
  Buffer.allocUnsafe = function allocUnsafe(size) { return FastBuffer.allocUnsafe(size); };
  Buffer.allocUnsafeSlow = function allocUnsafeSlow(size) { return FastBuffer.allocUnsafeSlow(size); };
  Buffer.isBuffer = function isBuffer(b) { return FastBuffer.isBuffer(b); };
  Buffer.isEncoding = function isEncoding(encoding) { return FastBuffer.isEncoding(encoding); };
  Buffer.byteLength = function byteLength(string, encoding) { return FastBuffer.byteLength(string, encoding); };
  Buffer.concat = function concat(list, length) { return FastBuffer.concat(list, length); };
  Buffer.compare = function compare(buf1, buf2) { return FastBuffer.compare(buf1, buf2); };
  Buffer.of = function of(...items) {
    return FastBuffer.from(items);
  };

  const kMaxLength = 2 ** 31 - 1;
  const kStringMaxLength = 2 ** 29 - 24;
  const INSPECT_MAX_BYTES = 50;
  Object.defineProperty(Buffer, "poolSize", { enumerable: true, value: 0, writable: false });

  // Node's errors for bad arguments: a class per code, named after it, as workerd has them.
  class ERR_OUT_OF_RANGE extends RangeError {
    constructor(name, range, received) {
      super(`The value of "${name}" is out of range. It must be ${range}. Received ${received}`);
      this.code = "ERR_OUT_OF_RANGE";
    }
  }
  Object.defineProperty(ERR_OUT_OF_RANGE.prototype, "name", { value: "RangeError" });

  class ERR_BUFFER_OUT_OF_BOUNDS extends RangeError {
    constructor() {
      super("Attempt to access memory outside buffer bounds");
      this.code = "ERR_BUFFER_OUT_OF_BOUNDS";
    }
  }
  Object.defineProperty(ERR_BUFFER_OUT_OF_BOUNDS.prototype, "name", { value: "RangeError" });

  // workerd throws this one as a plain RangeError with the code.
  function invalidBufferSize(bits) {
    const error = new RangeError(`Buffer size must be a multiple of ${bits}-bits`);
    error.code = "ERR_INVALID_BUFFER_SIZE";
    return error;
  }

  // Checks `offset` for an access of `size` bytes, as Node does.
  function checkOffset(buffer, offset, size) {
    if (typeof offset !== "number" || !Number.isInteger(offset)) {
      if (typeof offset === "number") throw new ERR_OUT_OF_RANGE("offset", "an integer", offset);
      throw new TypeError(`The "offset" argument must be of type number. Received ${describe(offset)}`);
    }
    const last = buffer.length - size;
    if (last < 0) throw new ERR_BUFFER_OUT_OF_BOUNDS();
    if (offset < 0 || offset > last) throw new ERR_OUT_OF_RANGE("offset", `>= 0 and <= ${last}`, offset);
  }

  function describe(value) {
    return value === undefined ? "undefined" : `type ${typeof value} (${String(value)})`;
  }

  function view(buffer) {
    return new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  }

  // The fixed-size readers and writers: [method suffix, DataView type, size, little endian,
  // value range (for writes)].
  const FIXED = [
    ["UInt8", "Uint8", 1, true, [0, 255]],
    ["Int8", "Int8", 1, true, [-128, 127]],
    ["UInt16LE", "Uint16", 2, true, [0, 0xffff]],
    ["UInt16BE", "Uint16", 2, false, [0, 0xffff]],
    ["Int16LE", "Int16", 2, true, [-0x8000, 0x7fff]],
    ["Int16BE", "Int16", 2, false, [-0x8000, 0x7fff]],
    ["UInt32LE", "Uint32", 4, true, [0, 0xffffffff]],
    ["UInt32BE", "Uint32", 4, false, [0, 0xffffffff]],
    ["Int32LE", "Int32", 4, true, [-0x80000000, 0x7fffffff]],
    ["Int32BE", "Int32", 4, false, [-0x80000000, 0x7fffffff]],
    ["FloatLE", "Float32", 4, true, null],
    ["FloatBE", "Float32", 4, false, null],
    ["DoubleLE", "Float64", 8, true, null],
    ["DoubleBE", "Float64", 8, false, null],
    ["BigUInt64LE", "BigUint64", 8, true, [0n, 2n ** 64n - 1n]],
    ["BigUInt64BE", "BigUint64", 8, false, [0n, 2n ** 64n - 1n]],
    ["BigInt64LE", "BigInt64", 8, true, [-(2n ** 63n), 2n ** 63n - 1n]],
    ["BigInt64BE", "BigInt64", 8, false, [-(2n ** 63n), 2n ** 63n - 1n]],
  ];

  for (const [suffix, type, size, little, range] of FIXED) {
    const read = function (offset = 0) {
      checkOffset(this, offset, size);
      return view(this)[`get${type}`](offset, little);
    };
    const write = function (value, offset = 0) {
      checkOffset(this, offset, size);
      if (range !== null && (value < range[0] || value > range[1])) {
        const bound = (v) => (typeof v === "bigint" ? `${v}n` : String(v));
        const text = typeof range[0] === "bigint" && size === 8
          ? `>= ${range[0] === 0n ? "0n" : "-(2n ** 63n)"} and < 2n ** ${range[0] === 0n ? 64 : 63}n`
          : `>= ${bound(range[0])} and <= ${bound(range[1])}`;
        throw new ERR_OUT_OF_RANGE("value", text, typeof value === "bigint" ? `${value}n` : value);
      }
      view(this)[`set${type}`](offset, value, little);
      return offset + size;
    };
    for (const name of [suffix, suffix.replace("UInt", "Uint")]) {
      Object.defineProperty(Buffer.prototype, `read${name}`, { value: read, writable: true, configurable: true });
      Object.defineProperty(Buffer.prototype, `write${name}`, { value: write, writable: true, configurable: true });
    }
  }
  for (const name of ["readUIntLE", "readUIntBE", "writeUIntLE", "writeUIntBE"]) {
    Object.defineProperty(Buffer.prototype, name.replace("UInt", "Uint"), {
      value: Buffer.prototype[name],
      writable: true,
      configurable: true,
    });
  }

  function checkByteLength(byteLength) {
    if (!Number.isInteger(byteLength) || byteLength < 1 || byteLength > 6) {
      throw new ERR_OUT_OF_RANGE("byteLength", ">= 1 and <= 6", byteLength);
    }
  }

  function readVariable(buffer, offset, byteLength, little, signed) {
    checkByteLength(byteLength);
    checkOffset(buffer, offset, byteLength);
    let value = 0;
    for (let i = 0; i < byteLength; i++) {
      const byte = buffer[offset + (little ? byteLength - 1 - i : i)];
      value = value * 256 + byte;
    }
    if (signed && value >= 2 ** (8 * byteLength - 1)) value -= 2 ** (8 * byteLength);
    return value;
  }

  function writeVariable(buffer, value, offset, byteLength, little, signed) {
    checkByteLength(byteLength);
    checkOffset(buffer, offset, byteLength);
    const bits = 8 * byteLength;
    const [min, max] = signed ? [-(2 ** (bits - 1)), 2 ** (bits - 1) - 1] : [0, 2 ** bits - 1];
    if (value < min || value > max) {
      const text = signed ? `>= -(2 ** ${bits - 1}) and < 2 ** ${bits - 1}` : `>= 0 and < 2 ** ${bits}`;
      throw new ERR_OUT_OF_RANGE("value", byteLength > 4 ? text : `>= ${min} and <= ${max}`, value);
    }
    let rest = value < 0 ? value + 2 ** bits : value;
    for (let i = 0; i < byteLength; i++) {
      buffer[offset + (little ? i : byteLength - 1 - i)] = rest % 256;
      rest = Math.floor(rest / 256);
    }
    return offset + byteLength;
  }

  function swap(buffer, size) {
    if (buffer.length % size !== 0) throw invalidBufferSize(size * 8);
    for (let i = 0; i < buffer.length; i += size) {
      for (let a = i, b = i + size - 1; a < b; a++, b--) {
        const t = buffer[a];
        buffer[a] = buffer[b];
        buffer[b] = t;
      }
    }
    return buffer;
  }

  // indexOf/lastIndexOf of a byte, a string (in `encoding`) or a byte sequence.
  function search(buffer, value, byteOffset, encoding, last) {
    if (typeof byteOffset === "string") {
      encoding = byteOffset;
      byteOffset = last ? buffer.length : 0;
    }
    let offset = Number(byteOffset);
    if (Number.isNaN(offset)) offset = last ? buffer.length : 0;
    if (offset < 0) offset = buffer.length + offset;
    const needle =
      typeof value === "number"
        ? Uint8Array.of(value & 255)
        : typeof value === "string"
          ? bytesOf(value, encoding)
          : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    if (needle.length === 0) return Math.min(Math.max(offset, 0), buffer.length);
    const matches = (at) => {
      for (let j = 0; j < needle.length; j++) if (buffer[at + j] !== needle[j]) return false;
      return true;
    };
    if (last) {
      for (let at = Math.min(offset, buffer.length - needle.length); at >= 0; at--) if (matches(at)) return at;
    } else {
      for (let at = Math.max(offset, 0); at <= buffer.length - needle.length; at++) if (matches(at)) return at;
    }
    return -1;
  }

  function isUtf8(input) {
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(input);
      return true;
    } catch {
      return false;
    }
  }

  function isAscii(input) {
    const bytes = input instanceof ArrayBuffer ? new Uint8Array(input) : new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
    return bytes.every((b) => b < 0x80);
  }

  // Re-encodes `source` from one encoding to another (utf8, latin1, ascii, utf16le).
  function transcode(source, fromEncoding, toEncoding) {
    const text = Buffer.from(source).toString(fromEncoding);
    return Buffer.from(text, toEncoding);
  }

  function SlowBuffer(size) {
    return Buffer.allocUnsafeSlow(size);
  }

  const constants = { MAX_LENGTH: kMaxLength, MAX_STRING_LENGTH: kStringMaxLength };
  const extras = {
    kStringMaxLength,
    INSPECT_MAX_BYTES,
    constants,
    SlowBuffer,
    isUtf8,
    isAscii,
    transcode,
    atob: (text) => atob(text),
    btoa: (text) => btoa(text),
  };

  return { Buffer, kMaxLength, ...extras, default: { Buffer, kMaxLength, ...extras } };
})
