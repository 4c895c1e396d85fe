// node:string_decoder for crosstalk: decodes a stream of byte chunks to text, keeping a
// multi-byte character split across chunks for the next write (as workerd's does).
const ENCODINGS = {
  utf8: "utf8", "utf-8": "utf8", utf16le: "utf16le", "utf-16le": "utf16le", ucs2: "utf16le", "ucs-2": "utf16le",
  latin1: "latin1", binary: "latin1", base64: "base64", base64url: "base64url", hex: "hex", ascii: "ascii",
};

const bytesOf = (chunk) =>
  typeof chunk === "string" ? new TextEncoder().encode(chunk) : new Uint8Array(chunk.buffer ?? chunk, chunk.byteOffset ?? 0, chunk.byteLength);

function base64(bytes, url) {
  let text = btoa(String.fromCharCode(...bytes));
  if (url) text = text.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  return text;
}

export class StringDecoder {
  #kind;
  #decoder;
  #pending = new Uint8Array(0);

  constructor(encoding = "utf8") {
    const kind = ENCODINGS[String(encoding).toLowerCase()];
    if (!kind) {
      throw Object.assign(new TypeError(`Unknown encoding: ${encoding}`), { code: "ERR_UNKNOWN_ENCODING" });
    }
    this.#kind = kind;
    this.encoding = kind;
    if (kind === "utf8") this.#decoder = new TextDecoder("utf-8");
    if (kind === "utf16le") this.#decoder = new TextDecoder("utf-16le");
  }

  write(chunk) {
    const bytes = bytesOf(chunk);
    if (this.#decoder) return this.#decoder.decode(bytes, { stream: true });
    if (this.#kind === "latin1") return String.fromCharCode(...bytes);
    if (this.#kind === "ascii") return String.fromCharCode(...bytes.map((b) => b & 0x7f));
    if (this.#kind === "hex") return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
    // base64: whole groups of three bytes now, the rest with the next write or end().
    const all = new Uint8Array(this.#pending.length + bytes.length);
    all.set(this.#pending);
    all.set(bytes, this.#pending.length);
    const whole = all.length - (all.length % 3);
    this.#pending = all.slice(whole);
    return base64(all.subarray(0, whole), this.#kind === "base64url");
  }

  end(chunk) {
    let out = chunk === undefined ? "" : this.write(chunk);
    if (this.#decoder) out += this.#decoder.decode();
    if (this.#kind === "base64" || this.#kind === "base64url") {
      out += this.#pending.length ? base64(this.#pending, this.#kind === "base64url") : "";
      this.#pending = new Uint8Array(0);
    }
    return out;
  }
}

export default { StringDecoder };
