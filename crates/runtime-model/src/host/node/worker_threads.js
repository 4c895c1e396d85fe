// node:worker_threads for crosstalk, as workerd has it: this is the main (and only) thread;
// MessageChannel/MessagePort are the globals; Worker and BroadcastChannel throw
// ERR_METHOD_NOT_IMPLEMENTED; the environment data is a per-isolate map; the rest are
// no-ops or fixed values.
import { EventEmitter } from "node:events";

const E = globalThis[Symbol.for("crosstalk.node")]("node-events").errors;

export const MessageChannel = globalThis.MessageChannel;
export const MessagePort = globalThis.MessagePort;

export class BroadcastChannel {
  constructor() {
    throw E.methodNotImplemented("BroadcastChannel");
  }
}

export class Worker extends EventEmitter {
  stdin = null;
  stderr;
  stdout;
  threadId;
  threadName = "workerd";
  performance;

  constructor() {
    super();
    throw E.methodNotImplemented("Worker");
  }

  cpuUsage() {
    return Promise.reject(E.methodNotImplemented("Worker.cpuUsage"));
  }

  postMessage() {}

  async postMessageToThread() {}

  ref() {}

  unref() {}

  async terminate() {
    throw E.methodNotImplemented("Worker.terminate");
  }

  async getHeapSnapshot() {
    throw E.methodNotImplemented("Worker.getHeapSnapshot");
  }

  async getHeapStatistics() {
    throw E.methodNotImplemented("Worker.getHeapStatistics");
  }

  async startCpuProfile() {
    throw E.methodNotImplemented("Worker.startCpuProfile");
  }

  async startHeapProfile() {
    throw E.methodNotImplemented("Worker.startHeapProfile");
  }
}
if (Symbol.asyncDispose) Worker.prototype[Symbol.asyncDispose] = async function () {};

const environmentData = new Map();

export function getEnvironmentData(key) {
  return environmentData.get(key);
}

export function setEnvironmentData(key, value) {
  environmentData.set(key, value);
}

export const isMainThread = true;

export function isMarkedAsUntransferable() {
  return false;
}

export function markAsUntransferable() {}

export function markAsUncloneable() {}

export function moveMessagePortToContext() {
  return new MessagePort();
}

export const parentPort = null;

export function receiveMessageOnPort() {
  return undefined;
}

export const SHARE_ENV = Symbol.for("nodejs.worker_threads.SHARE_ENV");

export const resourceLimits = {};

export const threadId = 0;

export const workerData = null;

export function postMessageToThread() {
  throw E.methodNotImplemented("postMessageToThread");
}

export const isInternalThread = false;

export default {
  BroadcastChannel,
  MessageChannel,
  MessagePort,
  Worker,
  SHARE_ENV,
  getEnvironmentData,
  isMainThread,
  isMarkedAsUntransferable,
  markAsUntransferable,
  markAsUncloneable,
  moveMessagePortToContext,
  parentPort,
  receiveMessageOnPort,
  resourceLimits,
  setEnvironmentData,
  postMessageToThread,
  threadId,
  workerData,
  isInternalThread,
};
