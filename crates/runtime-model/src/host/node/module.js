// node:module for crosstalk, as workerd (1.20261117) has it: the default export is the
// Module function (calling it is ERR_METHOD_NOT_IMPLEMENTED) carrying the module's API;
// builtinModules, isBuiltin, createRequire with workerd's argument checks, the compile
// cache and source map no-ops, and workerd's ERR_METHOD_NOT_IMPLEMENTED stubs (_load,
// _resolveFilename, register, wrap…).
//
// createRequire()'s require() returns the node: modules the worker imports (crosstalk
// links modules ahead of the run only; see host/web/node_process.js `builtin`); any other
// specifier is "Module not found", as workerd answers for a module it does not have.
const node = globalThis[Symbol.for("crosstalk.node")]("node-process");
const { errors } = node;

const notImplemented = (name) =>
  function () {
    throw errors.notImplemented(name);
  };

export const builtinModules = Object.freeze([
  "_http_agent", "_http_client", "_http_common", "_http_incoming", "_http_outgoing", "_http_server",
  "_stream_duplex", "_stream_passthrough", "_stream_readable", "_stream_transform", "_stream_wrap",
  "_stream_writable", "_tls_common", "_tls_wrap", "assert", "assert/strict", "async_hooks", "buffer",
  "child_process", "cluster", "console", "constants", "crypto", "dgram", "diagnostics_channel", "dns",
  "dns/promises", "domain", "events", "fs", "fs/promises", "http", "http2", "https", "inspector",
  "inspector/promises", "module", "net", "os", "path", "path/posix", "path/win32", "perf_hooks", "process",
  "punycode", "querystring", "readline", "readline/promises", "repl", "stream", "stream/consumers",
  "stream/promises", "stream/web", "string_decoder", "sys", "timers", "timers/promises", "tls",
  "trace_events", "tty", "url", "util", "util/types", "v8", "vm", "wasi", "worker_threads", "zlib",
]);

// workerd's isBuiltin: one of Node's module names (sqlite included), or any "node:" name.
export function isBuiltin(specifier) {
  return node.nodeName(`${specifier}`) !== undefined;
}

export function enableCompileCache() {}

export function getCompileCacheDir() {
  return undefined;
}

export const _extensions = {
  ".js": notImplemented("module._extensions.js"),
  ".json": notImplemented("module._extensions.json"),
  ".node": notImplemented("module._extensions.node"),
};

export function createRequire(path) {
  const normalized = `${path}`;
  if (!normalized.startsWith("/") && !normalized.startsWith("file:")) {
    throw errors.invalidArgValue(
      "path",
      normalized,
      "The argument must be a file URL object, a file URL string, or an absolute path string.",
    );
  }
  return function () {
    const text = `${arguments[0]}`;
    const found = node.builtin(text, "require");
    if (found === undefined) throw new Error(`Module not found: ${text}`);
    return found;
  };
}

Object.defineProperties(createRequire, {
  resolve: { value: notImplemented("module.createRequire.resolve"), enumerable: true, writable: true },
  paths: { value: notImplemented("module.createRequire.resolve.paths"), enumerable: true, writable: true },
  cache: { value: { __proto__: null }, enumerable: true, writable: true },
  extensions: { value: _extensions, enumerable: true, writable: true },
  main: { value: undefined, enumerable: true, writable: true },
});

export const register = notImplemented("module.register");
export const runMain = notImplemented("module.runMain");
export const syncBuiltinESMExports = notImplemented("module.syncBuiltinESMExports");
export const wrap = notImplemented("module.wrap");

export const globalPaths = [];

export const constants = Object.freeze({
  __proto__: null,
  compileCacheStatus: Object.freeze({ __proto__: null, FAILED: 0, ENABLED: 1, ALREADY_ENABLED: 2, DISABLED: 3 }),
});

export const _cache = { __proto__: null };
export const _pathCache = { __proto__: null };

export const _debug = notImplemented("module._debug");
export const _findPath = notImplemented("module._findPath");
export const _initPaths = notImplemented("module._initPaths");
export const _load = notImplemented("module._load");
export const _preloadModules = notImplemented("module._preloadModules");
export const _resolveFilename = notImplemented("module._resolveFilename");
export const _resolveLookupPaths = notImplemented("module._resolveLookupPaths");
export const _nodeModulePaths = notImplemented("module._nodeModulePaths");
export const findSourceMap = notImplemented("module.findSourceMap");
export const findPackageJSON = notImplemented("module.findPackageJSON");

export function flushCompileCache() {}

export function getSourceMapsSupport() {
  return Object.freeze({ __proto__: null, enabled: false, nodeModules: false, generatedCode: false });
}

export const setSourceMapsSupport = notImplemented("module.setSourceMapsSupport");
export const stripTypeScriptTypes = notImplemented("module.stripTypeScriptTypes");
export const registerHooks = notImplemented("module.registerHooks");

export function SourceMap() {
  throw errors.notImplemented("module.SourceMap");
}

export function Module() {
  throw errors.notImplemented("module.Module");
}

Module.prototype.load = function load() {};
Module.prototype.require = function require() {};
Module.prototype._compile = function _compile() {};
Object.defineProperty(Module.prototype, "isPreloading", {
  get() {
    return false;
  },
});

const statics = {
  register,
  constants,
  enableCompileCache,
  findPackageJSON,
  flushCompileCache,
  getCompileCacheDir,
  stripTypeScriptTypes,
  findSourceMap,
  SourceMap,
  getSourceMapsSupport,
  setSourceMapsSupport,
  createRequire,
  builtinModules,
  globalPaths,
  isBuiltin,
  runMain,
  syncBuiltinESMExports,
  wrap,
  _cache,
  _debug,
  _extensions,
  _findPath,
  _initPaths,
  _load,
  _pathCache,
  _preloadModules,
  _resolveFilename,
  _resolveLookupPaths,
  _nodeModulePaths,
  Module,
  registerHooks,
};
for (const [name, value] of Object.entries(statics)) {
  Object.defineProperty(Module, name, { value, writable: true, enumerable: true });
}

node.registerBuiltin("module", Module);
export default Module;
