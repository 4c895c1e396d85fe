// node:inspector for crosstalk, as workerd has it (without its local-dev inspector flag):
// open/close/url/waitForDebugger are no-ops, `console` is all no-ops, Session and the
// Network notifications throw ERR_METHOD_NOT_IMPLEMENTED.
import { EventEmitter } from "node:events";

const E = globalThis[Symbol.for("crosstalk.node")]("node-events").errors;

export function close() {}

const noop = () => {};

export const console = {
  debug: noop,
  error: noop,
  info: noop,
  log: noop,
  warn: noop,
  dir: noop,
  dirxml: noop,
  table: noop,
  trace: noop,
  group: noop,
  groupCollapsed: noop,
  groupEnd: noop,
  clear: noop,
  count: noop,
  countReset: noop,
  assert: noop,
  profile: noop,
  profileEnd: noop,
  time: noop,
  timeLog: noop,
  timeStamp: noop,
};

export function open() {
  return {
    [Symbol.dispose ?? Symbol.for("nodejs.dispose")]() {
      return Promise.resolve();
    },
  };
}

export function url() {
  return undefined;
}

export function waitForDebugger() {}

export class Session extends EventEmitter {
  constructor() {
    super();
    throw E.methodNotImplemented("Session");
  }

  connect() {
    throw E.methodNotImplemented("Session.connect");
  }

  connectToMainThread() {
    throw E.methodNotImplemented("Session.connectToMainThread");
  }

  disconnect() {
    throw E.methodNotImplemented("Session.disconnect");
  }

  post() {
    throw E.methodNotImplemented("Session.post");
  }
}

const networkEvent = (name) =>
  ({
    [name]() {
      throw E.methodNotImplemented(`Network.${name}`);
    },
  })[name];

export const Network = {
  requestWillBeSent: networkEvent("requestWillBeSent"),
  dataReceived: networkEvent("dataReceived"),
  dataSent: networkEvent("dataSent"),
  responseReceived: networkEvent("responseReceived"),
  loadingFinished: networkEvent("loadingFinished"),
  loadingFailed: networkEvent("loadingFailed"),
  webSocketCreated: networkEvent("webSocketCreated"),
  webSocketHandshakeResponseReceived: networkEvent("webSocketHandshakeResponseReceived"),
  webSocketClosed: networkEvent("webSocketClosed"),
};

export default { Session, close, console, open, url, waitForDebugger, Network };
