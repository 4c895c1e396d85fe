// node:child_process for crosstalk, as workerd has it: a Worker cannot start processes, so
// every function validates its arguments as workerd's does and then throws
// ERR_METHOD_NOT_IMPLEMENTED ("The child_process.X method is not implemented").
import { EventEmitter } from "node:events";

const E = globalThis[Symbol.for("crosstalk.node")]("node-events").errors;
const notImplemented = (name) => E.methodNotImplemented(`child_process.${name}`);

export class ChildProcess extends EventEmitter {
  stdin = null;
  stdout = null;
  stderr = null;
  killed = false;
  stdio = [null, null, null, null, null];
  connected = false;
  exitCode = null;
  signalCode = null;
  spawnargs = [];
  spawnfile;

  constructor() {
    super();
    throw notImplemented("ChildProcess");
  }

  kill() {
    return false;
  }

  send() {
    return false;
  }

  disconnect() {}

  unref() {}

  ref() {}
}

export function _forkChild() {
  throw notImplemented("_forkChild");
}

export function exec(command, options, callback) {
  E.validateString(command, "command");
  if (options != null) E.validateObject(options, "options");
  if (callback != null) E.validateFunction(callback, "callback");
  throw notImplemented("exec");
}

export function execFile() {
  throw notImplemented("execFile");
}

export function execFileSync() {
  throw notImplemented("execFileSync");
}

export function execSync() {
  throw notImplemented("execSync");
}

export function fork(_modulePath, args, options) {
  if (args == null) {
    args = [];
  } else if (typeof args === "object" && !Array.isArray(args)) {
    options = args;
    args = [];
  } else {
    E.validateArray(args, "args");
  }
  if (options != null) E.validateObject(options, "options");
  throw notImplemented("fork");
}

export function spawn() {
  throw notImplemented("spawn");
}

export function spawnSync(command) {
  E.validateString(command, "command");
  throw notImplemented("spawnSync");
}

export default { ChildProcess, _forkChild, exec, execFile, execFileSync, execSync, fork, spawn, spawnSync };
