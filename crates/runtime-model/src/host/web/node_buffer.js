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

  class Buffer extends Uint8Array {
    static from(value, encodingOrOffset, length) {
      if (typeof value === "string") return Buffer.#wrap(bytesOf(value, encodingOrOffset));
      if (value instanceof ArrayBuffer) {
        return new Buffer(value, encodingOrOffset ?? 0, length ?? value.byteLength - (encodingOrOffset ?? 0));
      }
      if (ArrayBuffer.isView(value)) {
        return Buffer.#wrap(new Uint8Array(value.buffer, value.byteOffset, value.byteLength).slice());
      }
      if (Array.isArray(value)) return Buffer.#wrap(Uint8Array.from(value));
      if (value && value.type === "Buffer" && Array.isArray(value.data)) return Buffer.#wrap(Uint8Array.from(value.data));
      throw new TypeError("The first argument must be of type string, Buffer, ArrayBuffer, Array, or Array-like Object.");
    }

    static #wrap(bytes) {
      return new Buffer(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }

    static alloc(size, fill) {
      const buffer = new Buffer(size);
      if (fill !== undefined) buffer.fill(typeof fill === "string" ? fill.charCodeAt(0) : fill);
      return buffer;
    }

    static allocUnsafe(size) {
      return new Buffer(size);
    }

    static isBuffer(value) {
      return value instanceof Buffer;
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
      const out = Buffer.alloc(total);
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
      return new Buffer(view.buffer, view.byteOffset, view.byteLength);
    }

    slice(start, end) {
      return this.subarray(start, end);
    }

    write(string, offset = 0, length, encoding) {
      const bytes = bytesOf(string, typeof length === "string" ? length : encoding);
      const n = Math.min(bytes.length, this.length - offset, typeof length === "number" ? length : Infinity);
      this.set(bytes.subarray(0, n), offset);
      return n;
    }
  }

  const kMaxLength = 2 ** 31 - 1;

  return { Buffer, kMaxLength, default: { Buffer, kMaxLength } };
})
