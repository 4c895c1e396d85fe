// node:assert for crosstalk, strict as workerd's is (`equal` is `strictEqual`, `deepEqual` is
// `deepStrictEqual`): AssertionError with code ERR_ASSERTION, actual, expected, operator.
import { isDeepStrictEqual } from "node:util";

export class AssertionError extends Error {
  constructor(options = {}) {
    super(options.message ?? "Failed");
    this.name = "AssertionError";
    this.code = "ERR_ASSERTION";
    this.actual = options.actual;
    this.expected = options.expected;
    this.operator = options.operator;
    this.generatedMessage = options.message === undefined;
  }
}

function show(value) {
  if (typeof value === "string") return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/\n/g, "\\n")}'`;
  if (typeof value === "bigint") return `${value}n`;
  if (Object.is(value, -0)) return "-0";
  if (typeof value === "symbol" || typeof value === "function") return String(value);
  if (value === null || typeof value !== "object") return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

function fail(message, actual, expected, operator, generated) {
  if (message instanceof Error) throw message;
  const error = new AssertionError({ message: message ?? generated, actual, expected, operator });
  error.generatedMessage = message === undefined && operator !== "strictEqual";
  throw error;
}

function diff(actual, expected) {
  return `Values are not strictly equal:\n\n\n[Diff] Actual / Expected\n\n\n-   ${show(actual)}\n+   ${show(expected)}\n`;
}

export function ok(value, message) {
  if (!value) fail(message, value, true, "==", `${show(value)} == true`);
}

export function strictEqual(actual, expected, message) {
  if (!Object.is(actual, expected)) fail(message, actual, expected, "strictEqual", diff(actual, expected));
}

export function notStrictEqual(actual, expected, message) {
  if (Object.is(actual, expected)) {
    fail(message, actual, expected, "notStrictEqual", "Expected actual to be strictly unequal to expected");
  }
}

export function deepStrictEqual(actual, expected, message) {
  if (!isDeepStrictEqual(actual, expected)) {
    fail(message, actual, expected, "deepStrictEqual", "Expected values to be strictly deep-equal");
  }
}

export function notDeepStrictEqual(actual, expected, message) {
  if (isDeepStrictEqual(actual, expected)) {
    fail(message, actual, expected, "notDeepStrictEqual", 'Expected "actual" not to be strictly deep-equal to "expected"');
  }
}

function matches(error, expected) {
  if (expected === undefined) return true;
  if (typeof expected === "function" && expected.prototype !== undefined && error instanceof expected) return true;
  if (expected instanceof RegExp) return expected.test(String(error));
  if (typeof expected === "function") return expected.prototype === undefined && expected(error) === true;
  if (typeof expected === "object" && expected !== null) {
    return Object.keys(expected).every((k) =>
      expected[k] instanceof RegExp && typeof error?.[k] === "string" ? expected[k].test(error[k]) : isDeepStrictEqual(error?.[k], expected[k]),
    );
  }
  return false;
}

export function throws(fn, expected, message) {
  if (typeof expected === "string") [message, expected] = [expected, undefined];
  try {
    fn();
  } catch (error) {
    if (!matches(error, expected)) throw error;
    return;
  }
  fail(message, undefined, expected, "throws", "Missing expected exception.");
}

export function doesNotThrow(fn, message) {
  try {
    fn();
  } catch (error) {
    fail(typeof message === "string" ? message : undefined, error, undefined, "doesNotThrow", `Got unwanted exception.\nActual message: "${error?.message}"`);
  }
}

export async function rejects(promiseOrFn, expected, message) {
  if (typeof expected === "string") [message, expected] = [expected, undefined];
  try {
    await (typeof promiseOrFn === "function" ? promiseOrFn() : promiseOrFn);
  } catch (error) {
    if (!matches(error, expected)) throw error;
    return;
  }
  fail(message, undefined, expected, "rejects", "Missing expected rejection.");
}

export async function doesNotReject(promiseOrFn, message) {
  try {
    await (typeof promiseOrFn === "function" ? promiseOrFn() : promiseOrFn);
  } catch (error) {
    fail(typeof message === "string" ? message : undefined, error, undefined, "doesNotReject", `Got unwanted rejection.\nActual message: "${error?.message}"`);
  }
}

export function match(string, regexp, message) {
  if (!regexp.test(string)) {
    fail(message, string, regexp, "match", `The input did not match the regular expression ${regexp}. Input:\n\n${show(string)}\n`);
  }
}

export function doesNotMatch(string, regexp, message) {
  if (regexp.test(string)) {
    fail(message, string, regexp, "doesNotMatch", `The input was expected to not match the regular expression ${regexp}. Input:\n\n${show(string)}\n`);
  }
}

export function ifError(value) {
  if (value !== null && value !== undefined) {
    fail(undefined, value, null, "ifError", `ifError got unwanted exception: ${value?.message ?? show(value)}`);
  }
}

function failNow(message = "Failed") {
  if (message instanceof Error) throw message;
  throw new AssertionError({ message, operator: "fail" });
}
export { failNow as fail };

export const equal = strictEqual;
export const notEqual = notStrictEqual;
export const deepEqual = deepStrictEqual;
export const notDeepEqual = notDeepStrictEqual;

function assert(value, message) {
  ok(value, message);
}
Object.assign(assert, {
  AssertionError, ok, equal, notEqual, strictEqual, notStrictEqual, deepEqual, notDeepEqual, deepStrictEqual,
  notDeepStrictEqual, throws, doesNotThrow, rejects, doesNotReject, match, doesNotMatch, ifError, fail: failNow,
});
assert.strict = assert;
export const strict = assert;
export default assert;
