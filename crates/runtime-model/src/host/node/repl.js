// node:repl for crosstalk, as workerd has it: a Worker has no REPL, so start, writer and
// REPLServer throw ERR_METHOD_NOT_IMPLEMENTED; the modes, Recoverable and the list of
// built-in modules (node:module's, without the `_` ones) are as in workerd.
import { builtinModules as allBuiltinModules } from "node:module";
import { Interface } from "node:readline/promises";

const E = globalThis[Symbol.for("crosstalk.node")]("node-events").errors;

export function writer() {
  throw E.methodNotImplemented("writer");
}

Object.assign(writer, {
  options: {
    showHidden: false,
    depth: 2,
    colors: true,
    customInspect: true,
    showProxy: true,
    maxArrayLength: 100,
    maxStringLength: 10000,
    breakLength: 80,
    compact: 3,
    sorted: false,
    getters: false,
    numericSeparator: false,
  },
});

export function start() {
  throw E.methodNotImplemented("start");
}

export class Recoverable extends SyntaxError {
  err;
  constructor(err) {
    super();
    this.err = err;
  }
}

export class REPLServer extends Interface {
  constructor() {
    super();
    throw E.methodNotImplemented("REPLServer");
  }

  setupHistory() {
    throw E.methodNotImplemented("setupHistory");
  }

  defineCommand() {
    throw E.methodNotImplemented("defineCommand");
  }

  displayPrompt() {
    throw E.methodNotImplemented("displayPrompt");
  }

  clearBufferedCommand() {
    throw E.methodNotImplemented("clearBufferedCommand");
  }
}

export const REPL_MODE_SLOPPY = Symbol("repl-sloppy");
export const REPL_MODE_STRICT = Symbol("repl-strict");

export const builtinModules = allBuiltinModules.filter((name) => name[0] !== "_");
export const _builtinLibs = builtinModules;

export default {
  writer,
  start,
  Recoverable,
  REPLServer,
  builtinModules,
  _builtinLibs,
  REPL_MODE_SLOPPY,
  REPL_MODE_STRICT,
};
