// node:_http_server for crosstalk: node:http's Server and ServerResponse (see node:http),
// with the helpers workerd's module exports beside them.
import { Server, ServerResponse, STATUS_CODES, _connectionListener } from "node:http";

const node = globalThis[Symbol.for("crosstalk.node")];
const { errors } = node("node-events");
const internal = Server[Symbol.for("crosstalk.node.http")];

export const kConnectionsCheckingInterval = Symbol("http.server.connectionsCheckingInterval");
export const kServerResponse = internal.kServerResponse;
export const storeHTTPOptions = internal.storeHTTPOptions;

export function setupConnectionsTracking() {
  throw errors.methodNotImplemented("setupConnectionsTracking");
}

export function httpServerPreClose(server) {
  server.closeIdleConnections();
  clearInterval(server[kConnectionsCheckingInterval]);
}

export { STATUS_CODES, Server, ServerResponse, _connectionListener };

export default {
  STATUS_CODES,
  Server,
  ServerResponse,
  _connectionListener,
  httpServerPreClose,
  kConnectionsCheckingInterval,
  kServerResponse,
  setupConnectionsTracking,
  storeHTTPOptions,
};
