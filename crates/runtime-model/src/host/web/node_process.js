// node:process for crosstalk: the process object workerd gives a Worker under nodejs_compat.
// env holds the text bindings (vars, secrets, JSON vars as text); nextTick is a microtask.
(function (host) {
  "use strict";
  const { EventEmitter } = host.load("node-events");
  const hidden = globalThis[Symbol.for("crosstalk.process.env")];
  const startedAt = Date.now();

  class Process {
    constructor() {
      this.env = { ...(hidden ?? {}) };
      this.platform = "linux";
      this.arch = "x64";
      this.version = "v22.23.4";
      this.versions = { node: "22.23.4" };
      this.argv = ["workerd"];
      this.argv0 = "workerd";
      this.execArgv = [];
      this.title = "workerd";
      this.pid = 1;
      this.ppid = 0;
      this.exitCode = undefined;
      this.release = { name: "node" };
      this.features = {};
      this.config = {};
      this.noDeprecation = false;
      this.throwDeprecation = false;
      this.traceDeprecation = false;
    }
    nextTick(callback, ...args) {
      if (typeof callback !== "function") {
        throw new TypeError('The "callback" argument must be of type function');
      }
      queueMicrotask(() => callback(...args));
    }
    cwd() {
      return "/bundle";
    }
    chdir() {
      throw new Error("process.chdir() is not supported");
    }
    umask() {
      return 0o22;
    }
    uptime() {
      return (Date.now() - startedAt) / 1000;
    }
    hrtime(previous) {
      const ns = BigInt(Math.round(performance.now() * 1e6));
      const seconds = Number(ns / 1_000_000_000n);
      const nanos = Number(ns % 1_000_000_000n);
      if (!previous) return [seconds, nanos];
      let [s, n] = [seconds - previous[0], nanos - previous[1]];
      if (n < 0) [s, n] = [s - 1, n + 1e9];
      return [s, n];
    }
    memoryUsage() {
      return { rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
    }
    cpuUsage() {
      return { user: 0, system: 0 };
    }
    emitWarning(warning, ...rest) {
      this.emit("warning", typeof warning === "string" ? Object.assign(new Error(warning), { name: "Warning" }) : warning, ...rest);
    }
    exit(code) {
      throw new Error(`process.exit(${code ?? ""}) is not supported in Workers`);
    }
    abort() {
      throw new Error("process.abort() is not supported in Workers");
    }
    getBuiltinModule() {
      return undefined;
    }
  }
  Process.prototype.hrtime.bigint = () => BigInt(Math.round(performance.now() * 1e6));

  // The EventEmitter methods without the prototype chain: on workerd `process` has `on`,
  // `emit`… but is not an `instanceof EventEmitter`.
  for (const name of Object.getOwnPropertyNames(EventEmitter.prototype)) {
    if (name !== "constructor") {
      Object.defineProperty(Process.prototype, name, Object.getOwnPropertyDescriptor(EventEmitter.prototype, name));
    }
  }
  const process = new Process();


  return { process, default: process };
})
