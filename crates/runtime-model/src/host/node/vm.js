// node:vm for crosstalk, as workerd has it: a Worker cannot compile code at run time, so
// Script and the run* functions validate their arguments and throw
// ERR_METHOD_NOT_IMPLEMENTED; createContext returns an inert context object (which
// isContext recognises); createCachedData returns an empty Buffer.
import { Buffer } from "node:buffer";

const E = globalThis[Symbol.for("crosstalk.node")]("node-events").errors;
const notImplemented = (name) => E.methodNotImplemented(name);

// validateObject's variants: arrays and/or null allowed.
function validateObjectLike(value, name, { allowArray = false, allowNull = false } = {}) {
  if (!allowNull && value === null) throw E.invalidArgType(name, "Object", value);
  if (!allowArray && Array.isArray(value)) throw E.invalidArgType(name, "Object", value);
  if (typeof value !== "object") throw E.invalidArgType(name, "Object", value);
}

function validateInt32(value, name, min = -2147483648, max = 2147483647) {
  if (typeof value !== "number" || value !== (value | 0)) {
    if (typeof value !== "number") throw E.invalidArgType(name, "number", value);
    if (!Number.isInteger(value)) throw E.outOfRange(name, "an integer", value);
    throw E.outOfRange(name, `>= ${min} && <= ${max}`, value);
  }
  if (value < min || value > max) throw E.outOfRange(name, `>= ${min} && <= ${max}`, value);
}

function validateBuffer(value, name) {
  if (!ArrayBuffer.isView(value)) throw E.invalidArgType(name, ["Buffer", "TypedArray", "DataView"], value);
}

export const constants = {
  __proto__: null,
  USE_MAIN_CONTEXT_DEFAULT_LOADER: Symbol("vm_dynamic_import_main_context_default"),
  DONT_CONTEXTIFY: Symbol("vm_context_no_contextify"),
};
Object.freeze(constants);

const kContextSymbol = Symbol("vm_context_symbol");

export function isContext(object) {
  validateObjectLike(object, "object", { allowArray: true });
  return kContextSymbol in object && object[kContextSymbol] === true;
}

function validateRunOptions(options) {
  E.validateObject(options, "options");
  const { breakOnSigint = false, displayErrors = true, timeout } = options;
  E.validateBoolean(breakOnSigint, "options.breakOnSigint");
  E.validateBoolean(displayErrors, "options.displayErrors");
  if (timeout !== undefined) E.validateUint32(timeout, "options.timeout", true);
}

export class Script {
  cachedDataRejected = undefined;
  cachedDataProduced = undefined;
  cachedData = undefined;
  sourceMapURL = undefined;

  constructor(code, options = {}) {
    code = `${code}`;
    if (typeof options === "string") options = { filename: options };
    else E.validateObject(options, "options");
    const {
      filename = "evalmachine.<anonymous>",
      lineOffset = 0,
      columnOffset = 0,
      cachedData,
      produceCachedData = false,
      importModuleDynamically = false,
    } = options;
    E.validateBoolean(importModuleDynamically, "options.importModuleDynamically");
    E.validateString(filename, "options.filename");
    validateInt32(lineOffset, "options.lineOffset");
    validateInt32(columnOffset, "options.columnOffset");
    if (cachedData !== undefined) validateBuffer(cachedData, "options.cachedData");
    E.validateBoolean(produceCachedData, "options.produceCachedData");
  }

  createCachedData() {
    return Buffer.alloc(0);
  }

  runInThisContext(options = {}) {
    validateRunOptions(options);
    throw notImplemented("runInThisContext");
  }

  runInContext(contextifiedObject, options = {}) {
    validateContext(contextifiedObject);
    validateRunOptions(options);
    // workerd names runInThisContext here too.
    throw notImplemented("runInThisContext");
  }

  runInNewContext(contextObject, options = {}) {
    const context = createContext(contextObject, contextOptionsOf(options));
    return this.runInContext(context, options);
  }
}

function validateContext(contextifiedObject) {
  if (!isContext(contextifiedObject)) {
    throw E.invalidArgType("contextifiedObject", "vm.Context", contextifiedObject);
  }
}

function contextOptionsOf(options) {
  if (!options) return {};
  const result = {
    name: options.contextName,
    origin: options.contextOrigin,
    codeGeneration: undefined,
    microtaskMode: options.microtaskMode,
  };
  if (result.name !== undefined) E.validateString(result.name, "options.contextName");
  if (result.origin !== undefined) E.validateString(result.origin, "options.contextOrigin");
  if (options.contextCodeGeneration !== undefined) {
    E.validateObject(options.contextCodeGeneration, "options.contextCodeGeneration");
    const { strings, wasm } = options.contextCodeGeneration;
    if (strings !== undefined) E.validateBoolean(strings, "options.contextCodeGeneration.strings");
    if (wasm !== undefined) E.validateBoolean(wasm, "options.contextCodeGeneration.wasm");
    result.codeGeneration = { strings, wasm };
  }
  if (options.microtaskMode !== undefined) E.validateString(options.microtaskMode, "options.microtaskMode");
  return result;
}

export function createContext(contextObject = {}, options = {}) {
  if (contextObject !== constants.DONT_CONTEXTIFY && isContext(contextObject)) return contextObject;
  E.validateObject(options, "options");
  const { name = "VM Context", origin, codeGeneration, microtaskMode, importModuleDynamically = false } = options;
  E.validateString(name, "options.name");
  if (origin !== undefined) E.validateString(origin, "options.origin");
  if (codeGeneration !== undefined) E.validateObject(codeGeneration, "options.codeGeneration");
  E.validateBoolean(importModuleDynamically, "options.importModuleDynamically");
  if (codeGeneration !== undefined) {
    const { strings = true, wasm = true } = codeGeneration;
    E.validateBoolean(strings, "options.codeGeneration.strings");
    E.validateBoolean(wasm, "options.codeGeneration.wasm");
  }
  E.validateOneOf(microtaskMode, "options.microtaskMode", ["afterEvaluate", undefined]);
  return Object.create(null, { [kContextSymbol]: { value: true } });
}

export function createScript(code, options = {}) {
  return new Script(code, options);
}

export function runInContext(code, contextifiedObject, options = {}) {
  validateContext(contextifiedObject);
  if (typeof options === "string") options = { filename: options };
  return createScript(code, options).runInContext(contextifiedObject, options);
}

export function runInNewContext(code, contextObject, options) {
  if (typeof options === "string") options = { filename: options };
  else options = { ...options };
  contextObject = createContext(contextObject, contextOptionsOf(options));
  return createScript(code, options).runInNewContext(contextObject, options);
}

export function runInThisContext(code, options = {}) {
  if (typeof options === "string") options = { filename: options };
  return createScript(code, options).runInThisContext(options);
}

export function compileFunction(code, params = [], options = {}) {
  E.validateString(code, "code");
  E.validateObject(options, "options");
  if (params !== undefined) E.validateStringArray(params, "params");
  const {
    filename = "",
    columnOffset = 0,
    lineOffset = 0,
    cachedData,
    produceCachedData = false,
    parsingContext,
    contextExtensions = [],
    importModuleDynamically = false,
  } = options;
  E.validateString(filename, "options.filename");
  validateInt32(columnOffset, "options.columnOffset");
  validateInt32(lineOffset, "options.lineOffset");
  if (cachedData !== undefined) validateBuffer(cachedData, "options.cachedData");
  E.validateBoolean(produceCachedData, "options.produceCachedData");
  E.validateBoolean(importModuleDynamically, "options.importModuleDynamically");
  if (parsingContext !== undefined) {
    if (typeof parsingContext !== "object" || parsingContext === null || !isContext(parsingContext)) {
      throw E.invalidArgType("options.parsingContext", "Context", parsingContext);
    }
  }
  E.validateArray(contextExtensions, "options.contextExtensions");
  contextExtensions.forEach((extension, i) => {
    validateObjectLike(extension, `options.contextExtensions[${i}]`, { allowNull: true });
  });
  throw notImplemented("compileFunction");
}

export function measureMemory(options = {}) {
  E.validateObject(options, "options");
  const { mode = "summary", execution = "default" } = options;
  E.validateOneOf(mode, "options.mode", ["summary", "detailed"]);
  E.validateOneOf(execution, "options.execution", ["default", "eager"]);
  throw notImplemented("measureMemory");
}

export default {
  Script,
  createContext,
  createScript,
  runInContext,
  runInNewContext,
  runInThisContext,
  isContext,
  compileFunction,
  measureMemory,
  constants,
};
