// node:inspector/promises for crosstalk, as workerd has it (without its local-dev inspector
// flag): `console` is all no-ops; Session, the Network notifications, open, close, url and
// waitForDebugger throw ERR_METHOD_NOT_IMPLEMENTED.
import { EventEmitter } from "node:events";

const E = globalThis[Symbol.for("crosstalk.node")]("node-events").errors;

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

export function url() {
  throw E.methodNotImplemented("Inspector.url");
}

export function waitForDebugger() {
  throw E.methodNotImplemented("Inspector.waitForDebugger");
}

export function open() {
  throw E.methodNotImplemented("Inspector.open");
}

export function close() {
  throw E.methodNotImplemented("Inspector.close");
}

export default { close, console, Network, open, Session, url, waitForDebugger };
