// node:punycode for crosstalk: RFC 3492 Punycode (Bootstring with Punycode's parameters)
// and the IDNA helpers over it, as Punycode.js 2.1.0, which workerd (1.20261117) ships:
// encode, decode, toASCII, toUnicode and ucs2, with its RangeErrors.
const node = globalThis[Symbol.for("crosstalk.node")]("node-process");

const BASE = 36;
const T_MIN = 1;
const T_MAX = 26;
const SKEW = 38;
const DAMP = 700;
const INITIAL_BIAS = 72;
const INITIAL_N = 128;
const MAX_INT = 0x7fffffff;

const messages = {
  overflow: "Overflow: input needs wider integers to process",
  "not-basic": "Illegal input >= 0x80 (not a basic code point)",
  "invalid-input": "Invalid input",
};

function fail(kind) {
  throw new RangeError(messages[kind]);
}

// A UTF-16 string's code points (a lone surrogate stays one).
function codePoints(text) {
  const out = [];
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if ((next & 0xfc00) === 0xdc00) {
        out.push(((unit & 0x3ff) << 10) + (next & 0x3ff) + 0x10000);
        i += 1;
        continue;
      }
    }
    out.push(unit);
  }
  return out;
}

const fromCodePoints = (points) => String.fromCodePoint(...points);

// The digit a basic code point stands for (0-9 are 26-35), or BASE for none.
function digitOf(code) {
  if (code >= 0x30 && code < 0x3a) return code - 22;
  if (code >= 0x41 && code < 0x5b) return code - 0x41;
  if (code >= 0x61 && code < 0x7b) return code - 0x61;
  return BASE;
}

// The lowercase letter or digit for `digit` (0-25 a-z, 26-35 0-9).
const letterOf = (digit) => (digit < 26 ? digit + 97 : digit + 22);

function adapt(delta, count, first) {
  delta = first ? Math.floor(delta / DAMP) : delta >> 1;
  delta += Math.floor(delta / count);
  let k = 0;
  while (delta > ((BASE - T_MIN) * T_MAX) >> 1) {
    delta = Math.floor(delta / (BASE - T_MIN));
    k += BASE;
  }
  return Math.floor(k + ((BASE - T_MIN + 1) * delta) / (delta + SKEW));
}

const threshold = (k, bias) => (k <= bias ? T_MIN : k >= bias + T_MAX ? T_MAX : k - bias);

export function decode(input) {
  const output = [];
  const basic = Math.max(input.lastIndexOf("-"), 0);
  for (let j = 0; j < basic; j++) {
    if (input.charCodeAt(j) >= 0x80) fail("not-basic");
    output.push(input.charCodeAt(j));
  }
  let n = INITIAL_N;
  let bias = INITIAL_BIAS;
  let i = 0;
  for (let at = basic > 0 ? basic + 1 : 0; at < input.length; ) {
    const before = i;
    for (let weight = 1, k = BASE; ; k += BASE) {
      if (at >= input.length) fail("invalid-input");
      const digit = digitOf(input.charCodeAt(at++));
      if (digit >= BASE) fail("invalid-input");
      if (digit > Math.floor((MAX_INT - i) / weight)) fail("overflow");
      i += digit * weight;
      const t = threshold(k, bias);
      if (digit < t) break;
      if (weight > Math.floor(MAX_INT / (BASE - t))) fail("overflow");
      weight *= BASE - t;
    }
    const length = output.length + 1;
    bias = adapt(i - before, length, before === 0);
    if (Math.floor(i / length) > MAX_INT - n) fail("overflow");
    n += Math.floor(i / length);
    i %= length;
    output.splice(i, 0, n);
    i += 1;
  }
  return String.fromCodePoint(...output);
}

export function encode(text) {
  const input = codePoints(text);
  const output = [];
  for (const point of input) if (point < 0x80) output.push(String.fromCharCode(point));
  const basic = output.length;
  let handled = basic;
  if (basic > 0) output.push("-");
  let n = INITIAL_N;
  let delta = 0;
  let bias = INITIAL_BIAS;
  while (handled < input.length) {
    let next = MAX_INT;
    for (const point of input) if (point >= n && point < next) next = point;
    if (next - n > Math.floor((MAX_INT - delta) / (handled + 1))) fail("overflow");
    delta += (next - n) * (handled + 1);
    n = next;
    for (const point of input) {
      if (point < n) {
        delta += 1;
        if (delta > MAX_INT) fail("overflow");
      }
      if (point !== n) continue;
      let q = delta;
      for (let k = BASE; ; k += BASE) {
        const t = threshold(k, bias);
        if (q < t) break;
        output.push(String.fromCharCode(letterOf(t + ((q - t) % (BASE - t)))));
        q = Math.floor((q - t) / (BASE - t));
      }
      output.push(String.fromCharCode(letterOf(q)));
      bias = adapt(delta, handled + 1, handled === basic);
      delta = 0;
      handled += 1;
    }
    delta += 1;
    n += 1;
  }
  return output.join("");
}

// Applies `convert` to each label of a domain, or of an e-mail address's domain part.
function eachLabel(text, convert) {
  const parts = text.split("@");
  let local = "";
  if (parts.length > 1) {
    local = `${parts[0]}@`;
    text = parts[1];
  }
  const labels = text.replace(/[\x2E\u3002\uFF0E\uFF61]/g, ".").split(".");
  return local + labels.map(convert).join(".");
}

export function toUnicode(input) {
  return eachLabel(input, (label) => (/^xn--/.test(label) ? decode(label.slice(4).toLowerCase()) : label));
}

export function toASCII(input) {
  return eachLabel(input, (label) => (/[^\0-\x7F]/.test(label) ? `xn--${encode(label)}` : label));
}

export const version = "2.1.0";
export const ucs2 = { decode: codePoints, encode: fromCodePoints };

const punycode = { version, ucs2, decode, encode, toASCII, toUnicode };
node.registerBuiltin("punycode", punycode);
export default punycode;
