// node:wasi for crosstalk, as workerd has it: the WASI constructor validates its options as
// workerd's does and then throws ERR_METHOD_NOT_IMPLEMENTED.
const E = globalThis[Symbol.for("crosstalk.node")]("node-events").errors;

function validateInt32(value, name, min = -2147483648, max = 2147483647) {
  if (typeof value !== "number" || value !== (value | 0)) {
    if (typeof value !== "number") throw E.invalidArgType(name, "number", value);
    if (!Number.isInteger(value)) throw E.outOfRange(name, "an integer", value);
    throw E.outOfRange(name, `>= ${min} && <= ${max}`, value);
  }
  if (value < min || value > max) throw E.outOfRange(name, `>= ${min} && <= ${max}`, value);
}

export class WASI {
  constructor(options = { version: "unstable" }) {
    E.validateObject(options, "options");
    E.validateOneOf(options.version, "options.version", ["unstable", "preview1"]);
    if (options.args !== undefined) E.validateArray(options.args, "options.args");
    if (options.env !== undefined) E.validateObject(options.env, "options.env");
    if (options.preopens !== undefined) E.validateObject(options.preopens, "options.preopens");
    const { stdin = 0, stdout = 1, stderr = 2 } = options;
    validateInt32(stdin, "options.stdin", 0);
    validateInt32(stdout, "options.stdout", 0);
    validateInt32(stderr, "options.stderr", 0);
    if (options.returnOnExit !== undefined) E.validateBoolean(options.returnOnExit, "options.returnOnExit");
    throw E.methodNotImplemented("WASI");
  }

  finalizeBindings() {
    throw E.methodNotImplemented("WASI.finalizeBindings");
  }

  start() {
    throw E.methodNotImplemented("WASI.start");
  }

  initialize() {
    throw E.methodNotImplemented("WASI.initialize");
  }

  getImportObject() {
    return {};
  }
}

export default { WASI };
