// node:module for crosstalk: what a library asks of it while it loads (builtinModules,
// isBuiltin, createRequire's argument checks, the compile-cache no-ops, as workerd has
// them). A require() made by createRequire is not modelled: calling it throws an error
// naming it (import the module instead).
const codeError = (Ctor, code, message) => Object.assign(new Ctor(message), { code });

// The node: modules workerd knows (1.20261117), without the prefix.
export const builtinModules = [
  "_stream_duplex", "_stream_passthrough", "_stream_readable", "_stream_transform", "_stream_writable",
  "_tls_common", "_tls_wrap", "assert", "assert/strict", "async_hooks", "buffer", "child_process", "cluster",
  "console", "constants", "crypto", "dgram", "diagnostics_channel", "dns", "dns/promises", "domain", "events",
  "fs", "fs/promises", "http", "http2", "https", "inspector", "inspector/promises", "module", "net", "os",
  "path", "path/posix", "path/win32", "perf_hooks", "process", "punycode", "querystring", "readline",
  "readline/promises", "repl", "stream", "stream/consumers", "stream/promises", "stream/web", "string_decoder",
  "sys", "timers", "timers/promises", "tls", "trace_events", "tty", "url", "util", "util/types", "v8", "vm",
  "wasi", "worker_threads", "zlib",
];

export function isBuiltin(name) {
  const text = String(name);
  return builtinModules.includes(text.startsWith("node:") ? text.slice(5) : text);
}

export function createRequire(path) {
  const normalized = `${path}`;
  if (!normalized.startsWith("/") && !normalized.startsWith("file:")) {
    throw codeError(
      TypeError,
      "ERR_INVALID_ARG_VALUE",
      `The argument 'path' must be a file URL object, a file URL string, or an absolute path string. Received '${normalized}'`,
    );
  }
  return function require(specifier) {
    throw new Error(`require('${specifier}') from node:module's createRequire is not modelled by crosstalk: import the module instead`);
  };
}

export function enableCompileCache() {}
export function getCompileCacheDir() {
  return undefined;
}

export default { builtinModules, isBuiltin, createRequire, enableCompileCache, getCompileCacheDir };
