// node:console for crosstalk, as workerd provides it: the global console's methods bound to
// it, the global console itself as the default export (given `Console`, `_times`, `_stdout`,
// … and throwing `context`/`createTask`, as workerd gives it), and Node's `Console` class
// writing to the streams it is given.
import process from "node:process";

const { internal } = globalThis[Symbol.for("crosstalk.node")]("node-util");
const { errors, validate, format, inspect, types } = internal;

const noop = () => {};

function writableStreamError(name) {
  return errors.nodeTypeError("ERR_CONSOLE_WRITABLE_STREAM", `Console expects a writable stream instance for ${name}`);
}

function emitWarning(message) {
  if (typeof process?.emitWarning === "function") process.emitWarning(message);
}

// How long a console.time label has run, as Node writes it.
function formatDuration(ms) {
  let hours = 0;
  let minutes = 0;
  let seconds = 0;
  if (ms >= 1000) {
    if (ms >= 60000) {
      if (ms >= 3600000) {
        hours = Math.floor(ms / 3600000);
        ms %= 3600000;
      }
      minutes = Math.floor(ms / 60000);
      ms %= 60000;
    }
    seconds = ms / 1000;
  }
  if (hours !== 0 || minutes !== 0) {
    const [whole, fraction] = seconds.toFixed(3).split(".");
    const pad = (n) => String(n).padStart(2, "0");
    const lead = hours !== 0 ? `${hours}:${pad(minutes)}` : minutes;
    return `${lead}:${pad(whole)}.${fraction} (${hours !== 0 ? "h:m" : ""}m:ss.mmm)`;
  }
  if (seconds !== 0) return `${seconds.toFixed(3)}s`;
  return `${Number(ms.toFixed(3))}ms`;
}

// console.table's box drawing.
function renderTable(head, columns) {
  const widths = head.map((h) => h.length);
  const longest = Math.max(0, ...columns.map((column) => column.length));
  const rows = [];
  head.forEach((_, i) => {
    for (let j = 0; j < longest; j++) {
      rows[j] ??= [];
      const value = Object.prototype.hasOwnProperty.call(columns[i], j) ? columns[i][j] : "";
      rows[j][i] = value;
      widths[i] = Math.max(widths[i] || 0, String(value).length);
    }
  });
  const row = (cells) => `│ ${cells.map((cell, i) => String(cell) + " ".repeat(widths[i] - String(cell).length)).join(" │ ")} │`;
  const rule = widths.map((w) => "─".repeat(w + 2));
  let out = `┌${rule.join("┬")}┐\n${row(head)}\n├${rule.join("┼")}┤\n`;
  for (const cells of rows) out += `${row(cells)}\n`;
  return `${out}└${rule.join("┴")}┘`;
}

const state = new WeakMap();
const stateOf = (instance) => {
  const found = state.get(instance);
  if (!found) throw new TypeError("Illegal invocation");
  return found;
};

function writeTo(instance, useStdout, text) {
  const own = stateOf(instance);
  const stream = useStdout ? instance._stdout : instance._stderr;
  const onError = useStdout ? instance._stdoutErrorHandler : instance._stderrErrorHandler;
  let line = text;
  if (own.indent.length !== 0) {
    if (line.includes("\n")) line = line.replace(/\n/g, `\n${own.indent}`);
    line = own.indent + line;
  }
  line += "\n";
  if (instance._ignoreErrors === false) return stream.write(line);
  // Errors of the stream are ignored, as Node ignores them (an object without the
  // EventEmitter methods fails when the listener is taken off again).
  try {
    if (stream.listenerCount("error") === 0) stream.once("error", noop);
    stream.write(line, onError);
  } catch {
    // ignored
  } finally {
    // V8's wording for the call of a missing method, as workerd reports it.
    if (typeof stream.removeListener !== "function") throw new TypeError("stream.removeListener is not a function");
    stream.removeListener("error", noop);
  }
  return undefined;
}

// Inspect options and colours are not honoured: the text is the console's own rendering.
const formatted = (instance, args) => {
  stateOf(instance);
  return format(...args);
};

export function Console(options, ...rest) {
  if (!new.target) return Reflect.construct(Console, [options, ...rest]);
  let settings = options;
  if (!settings || typeof settings.write === "function") {
    settings = { stdout: options, stderr: rest[0], ignoreErrors: rest[1] };
  }
  const { stdout, stderr = stdout, ignoreErrors = true, colorMode = "auto", inspectOptions, groupIndentation } = settings;
  if (!stdout || typeof stdout.write !== "function") throw writableStreamError("stdout");
  if (!stderr || typeof stderr.write !== "function") throw writableStreamError("stderr");
  validate.oneOf(colorMode, "colorMode", ["auto", true, false]);
  if (groupIndentation !== undefined) {
    if (typeof groupIndentation !== "number") throw errors.invalidArgType("groupIndentation", "number", groupIndentation);
    if (!Number.isInteger(groupIndentation)) throw errors.outOfRange("groupIndentation", "an integer", groupIndentation);
    if (groupIndentation < 0 || groupIndentation > 1000) {
      throw errors.outOfRange("groupIndentation", ">= 0 && <= 1000", groupIndentation);
    }
  }
  if (inspectOptions !== undefined) {
    validate.object(inspectOptions, "options.inspectOptions");
    if (inspectOptions.colors !== undefined && settings.colorMode !== undefined) {
      throw errors.nodeError(
        "ERR_INCOMPATIBLE_OPTION_PAIR",
        'The options "options.inspectOptions.color" and "colorMode" are mutually exclusive.',
      );
    }
  }
  state.set(this, { indent: "", width: groupIndentation ?? 2, counts: new Map(), inspectOptions });
  for (const key of Object.keys(Console.prototype)) {
    this[key] = Console.prototype[key].bind(this);
    Object.defineProperty(this[key], "name", { value: key });
  }
  const hidden = (name, value) => Object.defineProperty(this, name, { value, writable: true, configurable: true, enumerable: false });
  hidden("_stdout", stdout);
  hidden("_stderr", stderr);
  hidden("_stdoutErrorHandler", noop);
  hidden("_stderrErrorHandler", noop);
  hidden("_ignoreErrors", !!ignoreErrors);
  hidden("_times", new Map());
}

function logDuration(instance, method, label, data) {
  const started = instance._times.get(label);
  if (started === undefined) {
    emitWarning(`No such label '${label}' for console.${method}()`);
    return false;
  }
  const text = formatDuration(performance.now() - started);
  if (data === undefined) instance.log("%s: %s", label, text);
  else instance.log("%s: %s", label, text, ...data);
  return true;
}

const tableCell = (value) => inspect(value);

const methods = {
  log(...args) {
    writeTo(this, true, formatted(this, args));
  },
  info(...args) {
    writeTo(this, true, formatted(this, args));
  },
  debug(...args) {
    writeTo(this, true, formatted(this, args));
  },
  warn(...args) {
    writeTo(this, false, formatted(this, args));
  },
  error(...args) {
    writeTo(this, false, formatted(this, args));
  },
  dir(object) {
    writeTo(this, true, inspect(object));
  },
  time(label = "default") {
    const name = `${label}`;
    if (this._times.has(name)) {
      emitWarning(`Label '${name}' already exists for console.time()`);
      return;
    }
    this._times.set(name, performance.now());
  },
  timeEnd(label = "default") {
    const name = `${label}`;
    if (logDuration(this, "timeEnd", name)) this._times.delete(name);
  },
  timeLog(label = "default", ...data) {
    logDuration(this, "timeLog", `${label}`, data.length === 0 ? undefined : data);
  },
  trace(...args) {
    const frames = String(new Error().stack ?? "").split("\n").slice(1).join("\n");
    this.error(`Trace: ${formatted(this, args)}${frames ? `\n${frames}` : ""}`);
  },
  assert(expression, ...args) {
    if (!expression) {
      args[0] = `Assertion failed${args.length === 0 ? "" : `: ${args[0]}`}`;
      this.warn(...args);
    }
  },
  // Only a TTY would be cleared.
  clear() {},
  count(label = "default") {
    const name = `${label}`;
    const counts = stateOf(this).counts;
    const count = (counts.get(name) ?? 0) + 1;
    counts.set(name, count);
    this.log(`${name}: ${count}`);
  },
  countReset(label = "default") {
    const name = `${label}`;
    const counts = stateOf(this).counts;
    if (!counts.has(name)) {
      emitWarning(`Count for '${name}' does not exist`);
      return;
    }
    counts.delete(name);
  },
  group(...data) {
    if (data.length > 0) this.log(...data);
    const own = stateOf(this);
    own.indent += " ".repeat(own.width);
  },
  groupEnd() {
    const own = stateOf(this);
    own.indent = own.indent.slice(0, Math.max(own.indent.length - own.width, 0));
  },
  table(data, properties) {
    if (properties !== undefined && !Array.isArray(properties)) throw errors.invalidArgType("properties", "Array", properties);
    if (data === null || typeof data !== "object") return this.log(data);
    const show = (head, columns) => this.log(renderTable(head, columns));
    const indexes = (length) => Array.from({ length }, (_, i) => tableCell(i));
    if (types.isMap(data) || types.isMapIterator(data)) {
      const keys = [];
      const values = [];
      for (const [key, value] of data) {
        keys.push(tableCell(key));
        values.push(tableCell(value));
      }
      return show(["(iteration index)", "Key", "Values"], [indexes(keys.length), keys, values]);
    }
    if (types.isSet(data) || types.isSetIterator(data)) {
      const values = [...data].map(tableCell);
      return show(["(iteration index)", "Values"], [indexes(values.length), values]);
    }
    const columns = Object.create(null);
    let primitives = false;
    const plainValues = [];
    const rowKeys = Object.keys(data);
    rowKeys.forEach((rowKey, i) => {
      const item = data[rowKey];
      const primitive = item === null || (typeof item !== "function" && typeof item !== "object");
      if (properties === undefined && primitive) {
        primitives = true;
        plainValues[i] = tableCell(item);
        return;
      }
      for (const key of properties || Object.keys(item)) {
        columns[key] ??= [];
        columns[key][i] = (primitive && properties) || !Object.prototype.hasOwnProperty.call(item, key) ? "" : tableCell(item[key]);
      }
    });
    const head = Object.keys(columns);
    const values = Object.values(columns);
    if (primitives) {
      head.push("Values");
      values.push(plainValues);
    }
    head.unshift("(index)");
    values.unshift(rowKeys);
    return show(head, values);
  },
  dirxml(...args) {
    writeTo(this, true, formatted(this, args));
  },
  groupCollapsed(...data) {
    methods.group.apply(this, data);
  },
};
for (const [name, fn] of Object.entries(methods)) {
  Object.defineProperty(Console.prototype, name, { value: fn, writable: true, configurable: true, enumerable: true });
}
Object.defineProperty(Console.prototype, Symbol.toStringTag, { value: "console", writable: false, configurable: true, enumerable: false });

export function context() {
  throw errors.methodNotImplemented("Console.context");
}

export function createTask() {
  throw errors.methodNotImplemented("Console.createTask");
}

// The global console, given what workerd adds when the module loads.
const globalConsole = globalThis.console;
Object.assign(globalConsole, {
  context,
  _times: new Map(),
  _ignoreErrors: true,
  _stderrErrorHandler: noop,
  _stdoutErrorHandler: noop,
  _stderr: process?.stderr,
  _stdout: process?.stdout,
  Console,
  createTask,
});

// A method of the global console, bound to it (a no-op where crosstalk's console has none).
const bound = (name) => (typeof globalConsole[name] === "function" ? globalConsole[name].bind(globalConsole) : function () {});

export const log = bound("log");
export const info = bound("info");
export const debug = bound("debug");
export const warn = bound("warn");
export const error = bound("error");
export const dir = bound("dir");
export const time = bound("time");
export const timeEnd = bound("timeEnd");
export const timeLog = bound("timeLog");
export const trace = bound("trace");
export const assert = bound("assert");
export const clear = bound("clear");
export const count = bound("count");
export const countReset = bound("countReset");
export const group = bound("group");
export const groupEnd = bound("groupEnd");
export const table = bound("table");
export const dirxml = bound("dirxml");
export const groupCollapsed = bound("groupCollapsed");
export const profile = bound("profile");
export const profileEnd = bound("profileEnd");
export const timeStamp = bound("timeStamp");

export default globalConsole;
