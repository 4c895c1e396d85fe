// node:querystring for crosstalk: Node's query string parser and serializer as workerd
// (1.20261117) ships it: parse/decode (custom separators, maxKeys, custom decoder, repeated
// keys as arrays, "+" as a space, malformed escapes kept), stringify/encode, escape,
// unescape and unescapeBuffer.
const load = globalThis[Symbol.for("crosstalk.node")];
const node = load("node-process");

let BufferClass;
const buffers = () => (BufferClass ??= load("node-buffer").Buffer);

const hex = [];
for (let i = 0; i < 256; i++) hex.push(`%${i < 16 ? "0" : ""}${i.toString(16).toUpperCase()}`);

// The ASCII characters escape() leaves as they are: A-Z a-z 0-9 - _ . ! ~ * ' ( ).
const unreserved = new Uint8Array(128);
for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!~*'()") {
  unreserved[c.charCodeAt(0)] = 1;
}

function uriError() {
  const error = new Error("URI malformed");
  error.code = "ERR_INVALID_URI";
  error.name = "URIError";
  Object.defineProperty(error, "toString", {
    value() {
      return `${this.name} [${this.code}]: ${this.message}`;
    },
    writable: true,
    configurable: true,
  });
  return error;
}

// Percent-encodes `text` as UTF-8, except the ASCII characters `keep` marks; a lone
// surrogate at the end is ERR_INVALID_URI, one followed by anything is paired with it.
function percentEncode(text, keep) {
  let out = "";
  let changed = false;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      if (keep[c] === 1) out += text[i];
      else {
        out += hex[c];
        changed = true;
      }
      continue;
    }
    changed = true;
    if (c < 0x800) {
      out += hex[0xc0 | (c >> 6)] + hex[0x80 | (c & 0x3f)];
    } else if (c < 0xd800 || c >= 0xe000) {
      out += hex[0xe0 | (c >> 12)] + hex[0x80 | ((c >> 6) & 0x3f)] + hex[0x80 | (c & 0x3f)];
    } else {
      i += 1;
      if (i >= text.length) throw uriError();
      c = 0x10000 + (((c & 0x3ff) << 10) | (text.charCodeAt(i) & 0x3ff));
      out +=
        hex[0xf0 | (c >> 18)] + hex[0x80 | ((c >> 12) & 0x3f)] + hex[0x80 | ((c >> 6) & 0x3f)] + hex[0x80 | (c & 0x3f)];
    }
  }
  return changed ? out : text;
}

export function escape(value) {
  const text = typeof value === "string" ? value : typeof value === "object" ? String(value) : `${value}`;
  return percentEncode(text, unreserved);
}

function hexValue(code) {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 70) return code - 55;
  if (code >= 97 && code <= 102) return code - 87;
  return -1;
}

export function unescapeBuffer(text, decodeSpaces) {
  const Buffer = buffers();
  const out = Buffer.allocUnsafe(text.length);
  let length = 0;
  let decoded = false;
  const last = text.length - 2;
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code === 43 && decodeSpaces) {
      out[length++] = 32;
      continue;
    }
    if (code === 37 && i < last) {
      const high = hexValue(text.charCodeAt(i + 1));
      const low = high < 0 ? -1 : hexValue(text.charCodeAt(i + 2));
      if (high >= 0 && low >= 0) {
        code = high * 16 + low;
        decoded = true;
        i += 2;
      } else if (high >= 0) {
        out[length++] = 37;
        code = text.charCodeAt(++i);
      }
    }
    out[length++] = code;
  }
  return decoded ? out.slice(0, length) : out;
}

export function unescape(text, decodeSpaces) {
  try {
    return decodeURIComponent(text);
  } catch {
    return unescapeBuffer(text, decodeSpaces).toString();
  }
}

function plainValue(value) {
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isFinite(value)) return `${value}`;
  if (typeof value === "bigint") return `${value}`;
  if (typeof value === "boolean") return value ? "true" : "false";
  return "";
}

function encodedValue(value, encode) {
  if (typeof value === "string") return value.length > 0 ? encode(value) : "";
  if (typeof value === "number" && Number.isFinite(value)) return Math.abs(value) < 1e21 ? `${value}` : encode(`${value}`);
  if (typeof value === "bigint") return `${value}`;
  if (typeof value === "boolean") return value ? "true" : "false";
  return "";
}

export function stringify(object, sep, eq, options) {
  sep ||= "&";
  eq ||= "=";
  const encode = options && typeof options.encodeURIComponent === "function" ? options.encodeURIComponent : escape;
  const convert = encode === escape ? encodedValue : (value, fn) => fn(plainValue(value));
  if (object === null || typeof object !== "object") return "";
  let out = "";
  for (const key of Object.keys(object)) {
    const value = object[key];
    const prefix = convert(key, encode) + eq;
    if (Array.isArray(value)) {
      if (value.length === 0) continue;
      if (out) out += sep;
      out += value.map((each) => prefix + convert(each, encode)).join(sep);
    } else {
      if (out) out += sep;
      out += prefix + convert(value, encode);
    }
  }
  return out;
}

function store(result, key, value, keyEscaped, valueEscaped, decode) {
  if (key.length > 0 && keyEscaped) key = decodeWith(key, decode);
  if (value.length > 0 && valueEscaped) value = decodeWith(value, decode);
  const existing = result[key];
  if (existing === undefined) result[key] = value;
  else if (existing.pop) existing[existing.length] = value;
  else result[key] = [existing, value];
}

function decodeWith(text, decode) {
  try {
    return decode(text);
  } catch {
    return unescape(text, true);
  }
}

const codesOf = (text) => Array.from(text, (_, i) => text.charCodeAt(i));
const isHex = (code) => hexValue(code) >= 0 && code < 128;

export function parse(text, sep, eq, options) {
  const result = { __proto__: null };
  if (typeof text !== "string" || text.length === 0) return result;
  const sepCodes = sep ? codesOf(String(sep)) : [38];
  const eqCodes = eq ? codesOf(String(eq)) : [61];
  let left = 1000;
  if (options && typeof options.maxKeys === "number") left = options.maxKeys > 0 ? options.maxKeys : -1;
  const decode = options && typeof options.decodeURIComponent === "function" ? options.decodeURIComponent : unescape;
  const custom = decode !== unescape;
  const plus = custom ? "%20" : " ";

  let key = "";
  let value = "";
  let keyEscaped = custom;
  let valueEscaped = custom;
  let from = 0;
  let sepAt = 0;
  let eqAt = 0;
  let escapeRun = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === sepCodes[sepAt]) {
      sepAt += 1;
      if (sepAt !== sepCodes.length) continue;
      const end = i - sepAt + 1;
      if (eqAt < eqCodes.length) {
        if (from < end) {
          key += text.slice(from, end);
        } else if (key.length === 0) {
          left -= 1;
          if (left === 0) return result;
          from = i + 1;
          sepAt = eqAt = 0;
          continue;
        }
      } else if (from < end) {
        value += text.slice(from, end);
      }
      store(result, key, value, keyEscaped, valueEscaped, decode);
      left -= 1;
      if (left === 0) return result;
      keyEscaped = valueEscaped = custom;
      key = value = "";
      escapeRun = 0;
      from = i + 1;
      sepAt = eqAt = 0;
      continue;
    }
    sepAt = 0;
    if (eqAt < eqCodes.length) {
      if (code === eqCodes[eqAt]) {
        eqAt += 1;
        if (eqAt === eqCodes.length) {
          const end = i - eqAt + 1;
          if (from < end) key += text.slice(from, end);
          escapeRun = 0;
          from = i + 1;
        }
        continue;
      }
      eqAt = 0;
      if (!keyEscaped) {
        if (code === 37) {
          escapeRun = 1;
          continue;
        }
        if (escapeRun > 0) {
          if (isHex(code)) {
            escapeRun += 1;
            if (escapeRun === 3) keyEscaped = true;
            continue;
          }
          escapeRun = 0;
        }
      }
      if (code === 43) {
        if (from < i) key += text.slice(from, i);
        key += plus;
        from = i + 1;
        continue;
      }
    }
    if (code === 43) {
      if (from < i) value += text.slice(from, i);
      value += plus;
      from = i + 1;
    } else if (!valueEscaped) {
      if (code === 37) {
        escapeRun = 1;
      } else if (escapeRun > 0) {
        if (isHex(code)) {
          escapeRun += 1;
          if (escapeRun === 3) valueEscaped = true;
        } else {
          escapeRun = 0;
        }
      }
    }
  }
  if (from < text.length) {
    if (eqAt < eqCodes.length) key += text.slice(from);
    else if (sepAt < sepCodes.length) value += text.slice(from);
  } else if (eqAt === 0 && key.length === 0) {
    return result;
  }
  store(result, key, value, keyEscaped, valueEscaped, decode);
  return result;
}

export const decode = parse;
export const encode = stringify;

const querystring = { decode, encode, escape, parse, stringify, unescape, unescapeBuffer };
node.registerBuiltin("querystring", querystring);
export default querystring;
