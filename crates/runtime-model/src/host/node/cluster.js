// node:cluster for crosstalk, as workerd has it: a Worker is always the primary with no
// workers; fork, disconnect and the setup functions throw ERR_METHOD_NOT_IMPLEMENTED (for
// setupMaster with workerd's name, "cluster.setupWorker"); the default export is a Cluster.
import { EventEmitter } from "node:events";

const E = globalThis[Symbol.for("crosstalk.node")]("node-events").errors;

export const SCHED_NONE = 1;
export const SCHED_RR = 2;
export const isMaster = true;
export const isPrimary = true;
export const isWorker = false;
export const schedulingPolicy = SCHED_RR;
export const settings = {};
export const workers = {};

export function fork() {
  throw E.methodNotImplemented("cluster.fork");
}

export function disconnect() {
  throw E.methodNotImplemented("cluster.disconnect");
}

export function setupPrimary() {
  throw E.methodNotImplemented("cluster.setupPrimary");
}

export function setupMaster() {
  throw E.methodNotImplemented("cluster.setupWorker");
}

export const _events = [];
export const _eventsCount = 0;
export const _maxListeners = 0;

export class Worker extends EventEmitter {
  _connected = false;
  id = 0;

  constructor() {
    super();
  }

  get process() {
    return globalThis.process;
  }

  get exitedAfterDisconnect() {
    return this._connected;
  }

  isConnected() {
    return this._connected;
  }

  isDead() {
    return true;
  }

  send() {
    return false;
  }

  kill() {
    this._connected = false;
  }

  destroy() {
    this._connected = false;
  }

  disconnect() {
    this._connected = false;
    return this;
  }
}

export class Cluster extends EventEmitter {
  Worker = Worker;
  isMaster = isMaster;
  isPrimary = isPrimary;
  isWorker = isWorker;
  SCHED_NONE = SCHED_NONE;
  SCHED_RR = SCHED_RR;
  schedulingPolicy = SCHED_RR;
  settings = settings;
  workers = workers;

  setupPrimary(value) {
    setupPrimary(value);
  }

  setupMaster(value) {
    setupMaster(value);
  }

  disconnect() {
    disconnect();
  }

  fork(env) {
    return fork(env);
  }
}

export default new Cluster();
