// node:assert for crosstalk, as workerd provides it: strict by default (`equal` compares as
// `strictEqual`, `deepEqual` as `deepStrictEqual`), `Assert` for a loose or strict instance,
// AssertionError with workerd's messages (a line diff for strictEqual, the +/- view for
// deepStrictEqual), and Node's argument errors.
const { internal } = globalThis[Symbol.for("crosstalk.node")]("node-util");
const { errors, isDeepStrictEqual, isDeepLooseEqual } = internal;
const inspect = (value) => internal.inspect(value);

// ---------------------------------------------------------------------------------------
// Values as assertion messages show them: on one line while it fits in 80 columns, the keys
// of plain objects sorted. Values other than plain objects and arrays are shown as the
// console shows them.

const identifierKey = /^[a-zA-Z_][a-zA-Z_0-9]*$/;
const breakLength = 80;

class Circular extends Error {}

function fitsOnLine(entries) {
  let total = entries.length;
  if (total + entries.length > breakLength) return false;
  for (const entry of entries) {
    total += entry.length;
    if (total > breakLength) return false;
  }
  return true;
}

function keyText(key) {
  if (typeof key === "symbol") return `[${String(key)}]`;
  return identifierKey.test(key) ? key : inspect(key);
}

function showValue(value, indent, seen) {
  if (value === null || (typeof value !== "object" && typeof value !== "function") || typeof value === "function") {
    return inspect(value);
  }
  const proto = Object.getPrototypeOf(value);
  const isArray = Array.isArray(value) && proto === Array.prototype;
  const isPlain = proto === Object.prototype || proto === null;
  if (!isArray && !isPlain) return inspect(value);
  if (seen.includes(value)) throw new Circular();
  seen.push(value);
  const entries = [];
  const propertyEntries = [];
  const keys = Object.keys(value).filter((key) => !isArray || !/^(0|[1-9][0-9]*)$/.test(key));
  const symbols = Object.getOwnPropertySymbols(value).filter((s) => Object.prototype.propertyIsEnumerable.call(value, s));
  if (isArray) {
    let holes = 0;
    const flushHoles = () => {
      if (holes > 0) entries.push(`<${holes} empty item${holes > 1 ? "s" : ""}>`);
      holes = 0;
    };
    for (let i = 0; i < value.length; i++) {
      if (!Object.prototype.hasOwnProperty.call(value, i)) {
        holes++;
        continue;
      }
      flushHoles();
      entries.push(showValue(value[i], indent + 2, seen));
    }
    flushHoles();
  }
  for (const key of [...keys, ...symbols]) {
    const shown = showValue(value[key], indent + 3, seen);
    const separator = shown.length > breakLength ? `\n${" ".repeat(indent + 3)}` : " ";
    propertyEntries.push(`${keyText(key)}:${separator}${shown}`);
  }
  propertyEntries.sort();
  entries.push(...propertyEntries);
  seen.pop();
  const open = isArray ? "[" : proto === null ? "[Object: null prototype] {" : "{";
  const close = isArray ? "]" : "}";
  if (entries.length === 0) return isArray ? "[]" : `${open}}`;
  if (fitsOnLine(entries)) return `${open} ${entries.join(", ")} ${close}`;
  const padding = " ".repeat(indent);
  const lead = open.length === 1 ? " " : `\n${padding}  `;
  return `${open}${lead}${entries.join(`,\n${padding}  `)} ${close}`;
}

function inspectValue(value) {
  try {
    return showValue(value, 0, []);
  } catch (error) {
    if (error instanceof Circular) return inspect(value);
    throw error;
  }
}

// ---------------------------------------------------------------------------------------
// AssertionError

const readable = {
  deepStrictEqual: "Expected values to be strictly deep-equal:",
  strictEqual: "Expected values to be strictly equal:",
  strictEqualObject: 'Expected "actual" to be reference-equal to "expected":',
  deepEqual: "Expected values to be loosely deep-equal:",
  notDeepStrictEqual: 'Expected "actual" not to be strictly deep-equal to:',
  notStrictEqual: 'Expected "actual" to be strictly unequal to:',
  notStrictEqualObject: 'Expected "actual" not to be reference-equal to "expected":',
  notDeepEqual: 'Expected "actual" not to be loosely deep-equal to:',
  notIdentical: "Values have same structure but are not reference-equal:",
  notDeepEqualUnequal: "Expected values not to be loosely deep-equal:",
};

const isObjectish = (v) => v !== null && typeof v === "object";

function copyError(source) {
  const copy = Object.create(Object.getPrototypeOf(source));
  for (const key of Object.keys(source)) {
    const descriptor = Object.getOwnPropertyDescriptor(source, key);
    if (descriptor !== undefined) Object.defineProperty(copy, key, descriptor);
  }
  Object.defineProperty(copy, "message", { value: source.message });
  return copy;
}

// Identical lines around a difference: up to two shown, more collapsed to "...".
function identicalRun(lines, i, identical) {
  let out = "";
  let printed = 0;
  let skipped = false;
  if (identical > 2) {
    if (identical > 3) {
      if (identical > 4) {
        if (identical === 5) {
          out += `\n  ${lines[i - 3]}`;
          printed++;
        } else {
          out += "\n...";
          skipped = true;
        }
      }
      out += `\n  ${lines[i - 2]}`;
      printed++;
    }
    out += `\n  ${lines[i - 1]}`;
    printed++;
  }
  return { out, printed, skipped };
}

// The "+ actual - expected" view of two values.
function errorDiff(actual, expected, operatorName) {
  let operator = operatorName;
  let other = "";
  let res = "";
  let end = "";
  let skipped = false;
  const actualShown = inspectValue(actual);
  const actualLines = actualShown.split("\n");
  const expectedLines = inspectValue(expected).split("\n");
  let i = 0;
  let indicator = "";
  if (
    operator === "strictEqual" &&
    ((isObjectish(actual) && isObjectish(expected)) || (typeof actual === "function" && typeof expected === "function"))
  ) {
    operator = "strictEqualObject";
  }
  if (actualLines.length === 1 && expectedLines.length === 1 && actualLines[0] !== expectedLines[0]) {
    const a = actualLines[0];
    const b = expectedLines[0];
    const inputLength = a.length + b.length;
    if (inputLength <= 12) {
      if (!isObjectish(actual) && !isObjectish(expected) && (actual !== 0 || expected !== 0)) {
        return `${readable[operator]}\n\n${a} !== ${b}\n`;
      }
    } else if (operator !== "strictEqualObject" && inputLength < 80) {
      while (a[i] === b[i]) i++;
      if (i > 2) {
        indicator = `\n  ${" ".repeat(i)}^`;
        i = 0;
      }
    }
  }
  // Identical trailing lines are shown once (three at most).
  let a = actualLines[actualLines.length - 1];
  let b = expectedLines[expectedLines.length - 1];
  while (a === b) {
    if (i++ < 3) end = `\n  ${a}${end}`;
    else other = a;
    actualLines.pop();
    expectedLines.pop();
    if (actualLines.length === 0 || expectedLines.length === 0) break;
    a = actualLines[actualLines.length - 1];
    b = expectedLines[expectedLines.length - 1];
  }
  const maxLines = Math.max(actualLines.length, expectedLines.length);
  if (maxLines === 0) {
    const lines = actualShown.split("\n");
    if (lines.length > 50) {
      lines[46] = "...";
      lines.length = 47;
    }
    return `${readable.notIdentical}\n\n${lines.join("\n")}\n`;
  }
  if (i >= 5) {
    end = `\n...${end}`;
    skipped = true;
  }
  if (other !== "") {
    end = `\n  ${other}${end}`;
    other = "";
  }
  let printed = 0;
  let identical = 0;
  const header = `${readable[operator]}\n+ actual - expected`;
  const skippedNote = " ... Lines skipped";
  let lines = actualLines;
  let sign = "+";
  let shorter = expectedLines.length;
  if (actualLines.length < maxLines) {
    lines = expectedLines;
    sign = "-";
    shorter = actualLines.length;
  }
  for (i = 0; i < maxLines; i++) {
    if (shorter < i + 1) {
      const run = identicalRun(lines, i, identical);
      res += run.out;
      printed += run.printed;
      skipped = skipped || run.skipped;
      identical = 0;
      if (lines === actualLines) res += `\n${sign} ${lines[i]}`;
      else other += `\n${sign} ${lines[i]}`;
      printed++;
    } else {
      const expectedLine = expectedLines[i];
      let actualLine = actualLines[i];
      let diverging = actualLine !== expectedLine && (!actualLine.endsWith(",") || actualLine.slice(0, -1) !== expectedLine);
      if (diverging && expectedLine.endsWith(",") && expectedLine.slice(0, -1) === actualLine) {
        diverging = false;
        actualLine += ",";
      }
      if (diverging) {
        const run = identicalRun(actualLines, i, identical);
        res += run.out;
        printed += run.printed;
        skipped = skipped || run.skipped;
        identical = 0;
        res += `\n+ ${actualLine}`;
        other += `\n- ${expectedLine}`;
        printed += 2;
      } else {
        res += other;
        other = "";
        identical++;
        if (identical <= 2) {
          res += `\n  ${actualLine}`;
          printed++;
        }
      }
    }
    if (printed > 50 && i < maxLines - 2) {
      return `${header}${skippedNote}\n${res}\n...${other}\n...`;
    }
  }
  return `${header}${skipped ? skippedNote : ""}\n${res}${other}${end}${indicator}`;
}

function generatedMessage(operator, actual, expected) {
  if (operator === "deepStrictEqual" || operator === "strictEqual") return errorDiff(actual, expected, operator);
  if (operator === "notDeepStrictEqual" || operator === "notStrictEqual") {
    let base = readable[operator];
    const lines = inspectValue(actual).split("\n");
    if (operator === "notStrictEqual" && (isObjectish(actual) || typeof actual === "function")) base = readable.notStrictEqualObject;
    if (lines.length > 50) {
      lines[46] = "...";
      lines.length = 47;
    }
    if (lines.length === 1) return `${base}${lines[0].length > 5 ? "\n\n" : " "}${lines[0]}`;
    return `${base}\n\n${lines.join("\n")}\n`;
  }
  let res = inspectValue(actual);
  let other = inspectValue(expected);
  const known = readable[operator ?? ""];
  if (operator === "notDeepEqual" && res === other) {
    res = `${known}\n\n${res}`;
    if (res.length > 1024) res = `${res.slice(0, 1021)}...`;
    return res;
  }
  if (res.length > 512) res = `${res.slice(0, 509)}...`;
  if (other.length > 512) other = `${other.slice(0, 509)}...`;
  if (operator === "deepEqual") res = `${known}\n\n${res}\n\nshould loosely deep-equal\n\n`;
  else {
    const unequal = readable[`${operator}Unequal`];
    if (unequal) res = `${unequal}\n\n${res}\n\nshould not loosely deep-equal\n\n`;
    else other = ` ${operator} ${other}`;
  }
  return `${res}${other}`;
}

export class AssertionError extends Error {
  constructor(options) {
    if (options === null || typeof options !== "object") throw errors.invalidArgType("options", "Object", options);
    const { message, operator, details } = options;
    let { actual, expected } = options;
    let text;
    if (message != null) text = String(message);
    else {
      if (actual instanceof Error && expected instanceof Error && "stack" in actual && "stack" in expected) {
        actual = copyError(actual);
        expected = copyError(expected);
      }
      text = generatedMessage(operator, actual, expected);
    }
    super(text);
    this.generatedMessage = !message;
    Object.defineProperty(this, "name", {
      value: "AssertionError [ERR_ASSERTION]",
      enumerable: false,
      writable: true,
      configurable: true,
    });
    this.code = "ERR_ASSERTION";
    if (details) {
      this.actual = undefined;
      this.expected = undefined;
      this.operator = undefined;
      details.forEach((detail, i) => {
        this[`message ${i}`] = detail.message;
        this[`actual ${i}`] = detail.actual;
        this[`expected ${i}`] = detail.expected;
        this[`operator ${i}`] = detail.operator;
        this[`stack trace ${i}`] = detail.stack;
      });
    } else {
      this.actual = actual;
      this.expected = expected;
      this.operator = operator;
    }
    // The stack names the error with its code, as workerd's does.
    const stack = this.stack;
    if (typeof stack === "string") {
      const frames = stack.indexOf("\n    at ");
      Object.defineProperty(this, "stack", {
        value: `AssertionError [ERR_ASSERTION]: ${text}${frames === -1 ? "" : stack.slice(frames)}`,
        writable: true,
        configurable: true,
        enumerable: false,
      });
    }
    this.name = "AssertionError";
  }

  toString() {
    return `${this.name} [${this.code}]: ${this.message}`;
  }
}

function generated(options) {
  const error = new AssertionError(options);
  if (options.generatedMessage) error.generatedMessage = true;
  return error;
}

// ---------------------------------------------------------------------------------------
// The line diff of strictEqual's message.

// The O(NP) comparison of two sequences: [{ type: "common" | "removed" | "added", value }],
// "removed" for items only in `a`, "added" for items only in `b`.
function sequenceDiff(a, b) {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const common = (value) => ({ type: "common", value });
  const before = a.slice(0, head).map(common);
  const after = a.slice(a.length - tail).map(common);
  let long = a.slice(head, a.length - tail);
  let short = b.slice(head, b.length - tail);
  const swapped = short.length > long.length;
  if (swapped) [long, short] = [short, long];
  const M = long.length;
  const N = short.length;
  if (!M && !N && !tail && !head) return [];
  const onlyLong = swapped ? "added" : "removed";
  const onlyShort = swapped ? "removed" : "added";
  if (!N) return [...before, ...long.map((value) => ({ type: onlyLong, value })), ...after];

  const LONG = 1;
  const BOTH = 2;
  const SHORT = 3;
  const previous = [0];
  const kinds = [0];
  const step = (from, kind) => {
    previous.push(from);
    kinds.push(kind);
    return previous.length - 1;
  };
  const offset = N;
  const delta = M - N;
  const front = Array.from({ length: M + N + 1 }, () => ({ y: -1, id: -1 }));
  const advance = (k, slide, down) => {
    if (k < -N || M < k) return { y: -1, id: -1 };
    let point;
    if (slide && slide.y === -1 && down && down.y === -1) point = { y: 0, id: 0 };
    else if ((down && down.y === -1) || k === M || (slide && slide.y) > (down && down.y) + 1) {
      point = { y: slide.y, id: step(slide.id, LONG) };
    } else point = { y: down.y + 1, id: step(down.id, SHORT) };
    while (point.y + k < M && point.y < N && long[point.y + k] === short[point.y]) {
      point.id = step(point.id, BOTH);
      point.y++;
    }
    return point;
  };
  let p = -1;
  while (front[delta + offset].y < N) {
    p++;
    for (let k = -p; k < delta; k++) front[k + offset] = advance(k, front[k - 1 + offset], front[k + 1 + offset]);
    for (let k = delta + p; k > delta; k--) front[k + offset] = advance(k, front[k - 1 + offset], front[k + 1 + offset]);
    front[delta + offset] = advance(delta, front[delta - 1 + offset], front[delta + 1 + offset]);
  }
  const middle = [];
  let x = M - 1;
  let y = N - 1;
  let id = front[delta + offset].id;
  let from = previous[id];
  let kind = kinds[id];
  while (from || kind) {
    if (kind === SHORT) middle.unshift({ type: onlyShort, value: short[y--] });
    else if (kind === LONG) middle.unshift({ type: onlyLong, value: long[x--] });
    else {
      middle.unshift({ type: "common", value: long[x] });
      x--;
      y--;
    }
    id = from;
    from = previous[id];
    kind = kinds[id];
  }
  return [...before, ...middle, ...after];
}

function visibleControls(text) {
  return text
    .replaceAll("\b", "\\b")
    .replaceAll("\f", "\\f")
    .replaceAll("\t", "\\t")
    .replaceAll("\v", "\\v")
    .replace(/\r\n|\r|\n/g, (brk) => (brk === "\r" ? "\\r" : brk === "\n" ? "\\n\n" : "\\r\\n\r\n"));
}

function lineTokens(text) {
  const pieces = text.split(/(\n|\r\n)/);
  if (!pieces[pieces.length - 1]) pieces.pop();
  const tokens = [];
  pieces.forEach((piece, i) => {
    if (i % 2) tokens[tokens.length - 1] += piece;
    else tokens.push(piece);
  });
  return tokens;
}

const latinWord = /^[a-zA-Z\u{C0}-\u{FF}\u{D8}-\u{F6}\u{F8}-\u{2C6}\u{2C8}-\u{2D7}\u{2DE}-\u{2FF}\u{1E00}-\u{1EFF}]+$/u;

function wordTokens(text) {
  const tokens = text.split(/([^\S\r\n]+|[()[\]{}'"\r\n]|\b)/);
  for (let i = 0; i < tokens.length - 1; i++) {
    if (!tokens[i + 1] && tokens[i + 2] && latinWord.test(tokens[i]) && latinWord.test(tokens[i + 2])) {
      tokens[i] += tokens[i + 2];
      tokens.splice(i + 1, 2);
      i--;
    }
  }
  return tokens.filter((token) => token);
}

// The word-level detail of a changed line (the tokens of its kind and the common ones).
function lineDetails(line, tokens) {
  return tokens
    .filter(({ type }) => type === line.type || type === "common")
    .map((token, i, all) => {
      if (token.type === "common" && all[i - 1] && all[i - 1]?.type === all[i + 1]?.type && /\s+/.test(token.value)) {
        return { ...token, type: all[i - 1].type };
      }
      return token;
    });
}

function stringDiff(actual, expected) {
  const result = sequenceDiff(lineTokens(`${visibleControls(actual)}\n`), lineTokens(`${visibleControls(expected)}\n`));
  const added = result.filter((line) => line.type === "added");
  const removed = result.filter((line) => line.type === "removed");
  const first = added.length < removed.length ? added : removed;
  const second = first === removed ? added : removed;
  for (const line of first) {
    let tokens = [];
    let partner;
    while (second.length) {
      partner = second.shift();
      tokens = sequenceDiff(wordTokens(line.value), wordTokens(partner?.value ?? ""));
      if (tokens.some(({ type, value }) => type === "common" && value.trim().length)) break;
    }
    line.details = lineDetails(line, tokens);
    if (partner) partner.details = lineDetails(partner, tokens);
  }
  return result;
}

function diffLines(result, stringMode) {
  const signs = { added: "+   ", removed: "-   ", common: "    " };
  const lines = result.map((line) => `${signs[line.type]}${line.details?.map((d) => d.value).join("") ?? line.value}`);
  return ["", "", "[Diff] Actual / Expected", "", "", ...(stringMode ? [lines.join("")] : lines), ""].join("\n");
}

// ---------------------------------------------------------------------------------------
// The assertions.

function assert(...args) {
  const [value, message] = args;
  if (args.length === 0) throw new AssertionError({ message: "No value argument passed to `assert.ok()`" });
  if (!value) throw new AssertionError({ message, actual: value, expected: true, operator: "==" });
}

export const ok = assert;

export function strictEqual(...args) {
  const [actual, expected] = args;
  let [, , message] = args;
  if (args.length < 2) throw errors.missingArgs("actual", "expected");
  if (Object.is(actual, expected)) return;
  if (message) message = `${message}`;
  else {
    const actualText = inspect(actual);
    const expectedText = inspect(expected);
    if (actualText === expectedText) {
      const indented = actualText
        .split("\n")
        .map((line) => `    ${line}`)
        .join("\n");
      message = `Values have the same structure but are not reference-equal:\n\n${indented}\n`;
    } else {
      const strings = typeof actual === "string" && typeof expected === "string";
      const result = strings ? stringDiff(actual, expected) : sequenceDiff(actualText.split("\n"), expectedText.split("\n"));
      message = `Values are not strictly equal:\n${diffLines(result, strings)}`;
    }
  }
  throw new AssertionError({ message, actual, expected, operator: "strictEqual" });
}

export function notStrictEqual(...args) {
  const [actual, expected, message] = args;
  if (args.length < 2) throw errors.missingArgs("actual", "expected");
  if (!Object.is(actual, expected)) return;
  throw new AssertionError({
    message: message ? `${message}` : "Expected actual to be strictly unequal to expected",
    actual,
    expected,
    operator: "notStrictEqual",
  });
}

export function deepStrictEqual(...args) {
  const [actual, expected, message] = args;
  if (args.length < 2) throw errors.missingArgs("actual", "expected");
  if (isDeepStrictEqual(actual, expected)) return;
  throw new AssertionError({ message: message ? `${message}` : message, actual, expected, operator: "deepStrictEqual" });
}

export function notDeepStrictEqual(...args) {
  const [actual, expected, message] = args;
  if (args.length < 2) throw errors.missingArgs("actual", "expected");
  if (!isDeepStrictEqual(actual, expected)) return;
  throw new AssertionError({
    message: message ? `${message}` : "Expected actual to not be deeply strictly equal to expected",
    actual,
    expected,
    operator: "notDeepStrictEqual",
  });
}

export function equal(...args) {
  return strictEqual(...args);
}

export function notEqual(...args) {
  return notStrictEqual(...args);
}

export function deepEqual(...args) {
  return deepStrictEqual(...args);
}

export function notDeepEqual(...args) {
  return notDeepStrictEqual(...args);
}

// Whether `actual` holds everything `expected` has (extra properties, elements or entries of
// `actual` are allowed).
function partiallyEqual(actual, expected, pairs) {
  if (expected === null || typeof expected !== "object") return Object.is(actual, expected);
  if (actual === null || typeof actual !== "object") return false;
  let seen = pairs.get(actual);
  if (seen?.has(expected)) return true;
  if (!seen) pairs.set(actual, (seen = new Set()));
  seen.add(expected);
  try {
    if (expected instanceof Date) return actual instanceof Date && actual.getTime() === expected.getTime();
    if (expected instanceof RegExp) {
      return (
        actual instanceof RegExp &&
        actual.source === expected.source &&
        actual.flags === expected.flags &&
        actual.lastIndex === expected.lastIndex
      );
    }
    if (expected instanceof Error) {
      return actual instanceof Error && actual.name === expected.name && actual.message === expected.message;
    }
    if (Array.isArray(expected)) {
      if (!Array.isArray(actual)) return false;
      for (let i = 0; i < expected.length; i++) {
        if (i in expected && (!(i in actual) || !partiallyEqual(actual[i], expected[i], pairs))) return false;
      }
      return true;
    }
    if (expected instanceof Set) {
      if (!(actual instanceof Set)) return false;
      for (const want of expected) {
        let found = false;
        for (const have of actual) {
          if (isDeepStrictEqual(want, have)) {
            found = true;
            break;
          }
        }
        if (!found) return false;
      }
      return true;
    }
    if (expected instanceof Map) {
      if (!(actual instanceof Map)) return false;
      for (const [wantKey, wantValue] of expected) {
        let found = false;
        for (const [haveKey, haveValue] of actual) {
          if (isDeepStrictEqual(wantKey, haveKey)) {
            if (!partiallyEqual(haveValue, wantValue, pairs)) return false;
            found = true;
            break;
          }
        }
        if (!found) return false;
      }
      return true;
    }
    if (Object.getPrototypeOf(actual) !== Object.getPrototypeOf(expected)) return false;
    for (const key of Object.keys(expected)) {
      if (!(key in actual) || !partiallyEqual(actual[key], expected[key], pairs)) return false;
    }
    for (const symbol of Object.getOwnPropertySymbols(expected)) {
      if (!Object.prototype.propertyIsEnumerable.call(expected, symbol)) continue;
      if (!(symbol in actual) || !partiallyEqual(actual[symbol], expected[symbol], pairs)) return false;
    }
    return true;
  } finally {
    seen.delete(expected);
    if (seen.size === 0) pairs.delete(actual);
  }
}

export function partialDeepStrictEqual(...args) {
  const [actual, expected, message] = args;
  if (args.length < 2) throw errors.missingArgs("actual", "expected");
  if (partiallyEqual(actual, expected, new Map())) return;
  throw new AssertionError({
    message: message ? `${message}` : "Expected actual to be partially deeply strictly equal to expected",
    actual,
    expected,
    operator: "partialDeepStrictEqual",
  });
}

function failNow(message) {
  if (typeof message === "string" || message == null) {
    throw generated({ message: message ?? "Failed", operator: "fail", generatedMessage: message == null });
  }
  throw message;
}
export { failNow as fail };

export function match(...args) {
  const [actual, regexp] = args;
  let [, , message] = args;
  if (args.length < 2) throw errors.missingArgs("actual", "regexp");
  if (!(regexp instanceof RegExp)) throw errors.invalidArgType("regexp", "RegExp", regexp);
  if (regexp.test(actual)) return;
  message = message ? `${message}` : `actual: "${actual}" expected to match: "${regexp}"`;
  throw new AssertionError({ message, actual, expected: regexp, operator: "match" });
}

export function doesNotMatch(...args) {
  const [string, regexp] = args;
  let [, , message] = args;
  if (args.length < 2) throw errors.missingArgs("string", "regexp");
  if (!(regexp instanceof RegExp)) throw errors.invalidArgType("regexp", "RegExp", regexp);
  if (typeof string !== "string") {
    if (message instanceof Error) throw message;
    throw new AssertionError({
      message: message || `The "string" argument must be of type string. Received type ${typeof string} (${inspect(string)})`,
      actual: string,
      expected: regexp,
      operator: "doesNotMatch",
    });
  }
  if (!regexp.test(string)) return;
  message = message ? `${message}` : `actual: "${string}" expected to not match: "${regexp}"`;
  throw new AssertionError({ message, actual: string, expected: regexp, operator: "doesNotMatch" });
}

export function strict(...args) {
  if (args.length === 0) throw new AssertionError({ message: "No value argument passed to `assert.ok()`" });
  assert(...args);
}

// Checks a thrown (or rejected) value against what the caller expects; true when it passes.
function checkThrown(thrown, expected, message, operatorName, validatorName) {
  if (typeof expected === "string") {
    if (message != null) throw errors.invalidArgType("error", ["Object", "Error", "Function", "RegExp"], expected);
    if (typeof thrown === "object" && thrown !== null) {
      if (thrown.message === expected) {
        throw errors.ambiguousArgument("error/message", `The error message "${thrown.message}" is identical to the message.`);
      }
    } else if (thrown === expected) {
      throw errors.ambiguousArgument("error/message", `The error "${thrown}" is identical to the message.`);
    }
    message = expected;
    expected = undefined;
  }
  if (expected instanceof Function && expected.prototype !== undefined && (expected === Error || expected.prototype instanceof Error)) {
    if (thrown instanceof expected) return true;
    throw generated({
      message: `The error is expected to be an instance of "${expected.name}". Received "${thrown?.constructor?.name}"\n\nError message:\n\n${thrown?.message}`,
      actual: thrown,
      expected,
      operator: operatorName,
      generatedMessage: true,
    });
  }
  if (expected instanceof Function) {
    const result = expected(thrown);
    if (result === true) return true;
    const what = validatorName ? `"${validatorName}" validation` : "validation";
    throw generated({
      message: `The ${what} function is expected to return "true". Received ${inspect(result)}\n\nCaught error:\n\n${thrown}`,
      actual: thrown,
      expected,
      operator: operatorName,
      generatedMessage: true,
    });
  }
  if (expected instanceof RegExp) {
    if (expected.test(String(thrown))) return true;
    throw generated({
      message: `The input did not match the regular expression ${expected}. Input:\n\n'${String(thrown)}'\n`,
      actual: thrown,
      expected,
      operator: operatorName,
      generatedMessage: true,
    });
  }
  if (typeof expected === "object" && expected !== null) {
    const keys = Object.keys(expected);
    if (expected instanceof Error) keys.push("name", "message");
    for (const key of keys) {
      const fail = (text) =>
        generated({ message: message || text, actual: thrown, expected, operator: operatorName, generatedMessage: message == null });
      if (thrown == null) throw fail("object is expected to thrown, but got null");
      if (typeof thrown === "string") throw fail(`object is expected to thrown, but got string: ${thrown}`);
      if (typeof thrown === "number") throw fail(`object is expected to thrown, but got number: ${thrown}`);
      if (!(key in thrown)) throw fail(`A key in the expected object is missing: ${key}`);
      const have = thrown[key];
      const want = expected[key];
      if (typeof have === "string" && want instanceof RegExp) match(have, want);
      else deepStrictEqual(have, want);
    }
    return true;
  }
  if (expected === undefined) return true;
  throw generated({ message: `Invalid expectation: ${expected}`, operator: operatorName, generatedMessage: true });
}

const validErrorKind = (e) => e instanceof RegExp || typeof e === "function" || e instanceof Error || typeof e === "object";

export function throws(fn, expected, message) {
  if (typeof fn !== "function") throw errors.invalidArgType("fn", "function", fn);
  if (
    typeof expected === "object" &&
    expected !== null &&
    Object.getPrototypeOf(expected) === Object.prototype &&
    Object.keys(expected).length === 0
  ) {
    throw errors.invalidArgValue("error", expected, "may not be an empty object");
  }
  const kinds = ["Function", "Error", "RegExp", "Object"];
  if (typeof message === "string") {
    if (!validErrorKind(expected)) throw errors.invalidArgType("error", kinds, expected);
  } else if (expected !== undefined && typeof expected !== "string" && !validErrorKind(expected)) {
    throw errors.invalidArgType("error", kinds, expected);
  }
  try {
    fn();
  } catch (thrown) {
    if (checkThrown(thrown, expected, message, "throws")) return;
  }
  let text;
  if (message) {
    text = typeof expected === "function" && expected?.name ? `Missing expected exception (${expected.name}): ${message}` : `Missing expected exception: ${message}`;
    throw new AssertionError({ message: text, operator: "throws", actual: undefined, expected });
  }
  if (typeof expected === "string") {
    throw new AssertionError({ message: `Missing expected exception: ${expected}`, operator: "throws", actual: undefined, expected: undefined });
  }
  if (typeof expected === "function" && expected?.prototype !== undefined) {
    throw new AssertionError({ message: `Missing expected exception (${expected.name}).`, operator: "throws", actual: undefined, expected });
  }
  throw new AssertionError({ message: "Missing expected exception.", operator: "throws", actual: undefined, expected });
}

function unwanted(thrown, expected, message, operatorName) {
  if (typeof expected === "string") {
    throw new AssertionError({ message: `Got unwanted exception: ${expected}\nActual message: "${thrown.message}"`, operator: operatorName });
  }
  if (typeof expected === "function" && expected.prototype !== undefined) {
    if (thrown instanceof expected) {
      let text = `Got unwanted exception: ${thrown.constructor?.name}`;
      if (message) text += ` ${String(message)}`;
      throw new AssertionError({ message: text, operator: operatorName });
    }
    if (expected.prototype instanceof Error) throw thrown;
    if (expected(thrown) === true) {
      let text = `Got unwanted rejection.\nActual message: "${thrown.message}"`;
      if (message) text += ` ${String(message)}`;
      throw new AssertionError({ message: text, operator: operatorName });
    }
    throw thrown;
  }
  const actualMessage = thrown ? thrown.message : String(thrown);
  if (message) {
    throw new AssertionError({ message: `Got unwanted exception: ${message}\nActual message: "${actualMessage}"`, operator: operatorName });
  }
  throw new AssertionError({ message: `Got unwanted exception.\nActual message: "${actualMessage}"`, operator: operatorName });
}

export function doesNotThrow(fn, expected, message) {
  if (typeof fn !== "function") throw errors.invalidArgType("fn", "function", fn);
  if (!(expected instanceof RegExp) && typeof expected !== "function" && typeof expected !== "string" && expected !== undefined) {
    // As workerd reports it, naming the function that was passed.
    throw errors.invalidArgType("expected", ["Function", "RegExp"], fn);
  }
  try {
    fn();
  } catch (thrown) {
    unwanted(thrown, expected, message, "doesNotThrow");
  }
}

const thenable = (value) => !!value && (value instanceof Promise || typeof value.then === "function");

function promiseOf(promiseOrFn) {
  if (typeof promiseOrFn === "function") {
    let value;
    try {
      value = promiseOrFn();
    } catch (error) {
      return { error };
    }
    if (!thenable(value)) return { error: errors.invalidReturnValue("instance of Promise", "promiseFn", value) };
    return { promise: value };
  }
  if (!thenable(promiseOrFn)) return { error: errors.invalidArgType("promiseFn", ["function", "Promise"], promiseOrFn) };
  return { promise: promiseOrFn };
}

export function rejects(promiseOrFn, expected, message) {
  const { promise, error } = promiseOf(promiseOrFn);
  if (!promise) return Promise.reject(error);
  const fulfilled = () => {
    let text = "Missing expected rejection";
    if (typeof expected === "string") text += `: ${expected}`;
    else if (typeof expected === "function" && expected.prototype !== undefined) text += ` (${expected.name}).`;
    else text += ".";
    return Promise.reject(generated({ message: text, operator: "rejects", generatedMessage: true }));
  };
  const rejected = (thrown) => {
    checkThrown(thrown, expected, message, "rejects", "validate");
  };
  return promise.then(fulfilled, rejected);
}

export function doesNotReject(promiseOrFn, expected, message) {
  const { promise, error } = promiseOf(promiseOrFn);
  if (!promise) return Promise.reject(error);
  return promise.then(
    () => {},
    (thrown) => unwanted(thrown, expected, message, "doesNotReject"),
  );
}

export function ifError(err) {
  if (err === null || err === undefined) return;
  let message = "ifError got unwanted exception: ";
  if (typeof err === "object" && typeof err.message === "string") {
    message += err.message.length === 0 && err.constructor ? err.constructor.name : err.message;
  } else message += inspect(err);
  const error = new AssertionError({ actual: err, expected: null, operator: "ifError", message });
  if (typeof err.stack === "string" && typeof error.stack === "string") {
    const theirs = err.stack.split("\n").slice(1);
    error.stack = `${error.stack.split("\n")[0]}\n${theirs.join("\n")}`;
  }
  throw error;
}

// ---------------------------------------------------------------------------------------
// Assert: an assert object of its own, strict unless `{ strict: false }`.

function looseEqual(...args) {
  const [actual, expected, message] = args;
  if (args.length < 2) throw errors.missingArgs("actual", "expected");
  // Loose equality on purpose: this is assert's non-strict `equal`.
  if (actual != expected && (!Number.isNaN(actual) || !Number.isNaN(expected))) {
    if (message instanceof Error) throw message;
    throw new AssertionError({ message, actual, expected, operator: "==" });
  }
}

function looseNotEqual(...args) {
  const [actual, expected, message] = args;
  if (args.length < 2) throw errors.missingArgs("actual", "expected");
  if (actual == expected || (Number.isNaN(actual) && Number.isNaN(expected))) {
    if (message instanceof Error) throw message;
    throw new AssertionError({ message, actual, expected, operator: "!=" });
  }
}

function looseDeepEqual(...args) {
  const [actual, expected, message] = args;
  if (args.length < 2) throw errors.missingArgs("actual", "expected");
  if (!isDeepLooseEqual(actual, expected)) {
    if (message instanceof Error) throw message;
    throw new AssertionError({ message, actual, expected, operator: "deepEqual" });
  }
}

function looseNotDeepEqual(...args) {
  const [actual, expected, message] = args;
  if (args.length < 2) throw errors.missingArgs("actual", "expected");
  if (isDeepLooseEqual(actual, expected)) {
    if (message instanceof Error) throw message;
    throw new AssertionError({ message, actual, expected, operator: "notDeepEqual" });
  }
}

class AssertImpl {
  constructor(options) {
    const strictMode = !(options !== null && typeof options === "object" && options.strict === false);
    this.AssertionError = AssertionError;
    if (strictMode) {
      this.equal = strictEqual;
      this.deepEqual = deepStrictEqual;
      this.notEqual = notStrictEqual;
      this.notDeepEqual = notDeepStrictEqual;
    }
  }
}
const assertMethods = {
  fail: failNow, deepStrictEqual, notDeepStrictEqual, strictEqual, notStrictEqual, partialDeepStrictEqual, match,
  doesNotMatch, throws, rejects, doesNotThrow, doesNotReject, ifError,
  ok: function ok(...args) {
    return assert(...args);
  },
  equal: looseEqual, notEqual: looseNotEqual, deepEqual: looseDeepEqual, notDeepEqual: looseNotDeepEqual,
};
for (const [name, fn] of Object.entries(assertMethods)) {
  Object.defineProperty(AssertImpl.prototype, name, { value: fn, writable: true, configurable: true, enumerable: false });
}
for (const [fn, name] of [[looseEqual, "equal"], [looseNotEqual, "notEqual"], [looseDeepEqual, "deepEqual"], [looseNotDeepEqual, "notDeepEqual"]]) {
  Object.defineProperty(fn, "name", { value: name });
}
Object.defineProperty(AssertImpl, "name", { value: "Assert" });
// `new` is required, with workerd's error when it is missing.
export const Assert = new Proxy(AssertImpl, {
  apply() {
    throw errors.nodeTypeError("ERR_CONSTRUCT_CALL_REQUIRED", "Class constructor Assert cannot be invoked without `new`");
  },
});

const shared = {
  fail: failNow, deepStrictEqual, notDeepStrictEqual, strictEqual, notStrictEqual, partialDeepStrictEqual, match,
  doesNotMatch, throws, rejects, doesNotThrow, doesNotReject, ifError, Assert, AssertionError,
};
Object.assign(strict, shared, { ok, strict, equal: strictEqual, notEqual: notStrictEqual, deepEqual: deepStrictEqual, notDeepEqual: notDeepStrictEqual });
Object.assign(assert, shared, { ok, strict, equal, notEqual, deepEqual, notDeepEqual });

export default assert;
