// node:https for crosstalk: node:http's client and server with an Agent whose protocol is
// https: and default port 443 (the fetch behind a request carries the TLS).
import { Agent as HttpAgent } from "node:_http_agent";
import { ClientRequest } from "node:_http_client";
import { Server as HttpServer } from "node:http";
import { urlToHttpOptions } from "node:url";

const isURL = (value) => Boolean(value?.href && value.protocol && value.auth === undefined && value.path === undefined);

// The TLS options an https Agent's connection names include, in Node's order.
const tlsNameParts = [
  "ca",
  "cert",
  "clientCertEngine",
  "ciphers",
  "key",
  "pfx",
  "rejectUnauthorized",
  "servername",
  "minVersion",
  "maxVersion",
  "secureProtocol",
  "crl",
  "honorCipherOrder",
  "ecdhCurve",
  "dhparam",
  "secureOptions",
  "sessionIdContext",
  "sigalgs",
  "privateKeyIdentifier",
  "privateKeyEngine",
];
const presentWhenDefined = new Set(["rejectUnauthorized", "honorCipherOrder", "secureOptions"]);

export class Agent extends HttpAgent {
  maxCachedSessions = 100;
  constructor(options) {
    const opts = { ...options };
    opts.defaultPort ??= 443;
    opts.protocol ??= "https:";
    super(opts);
  }
  getName(options = {}) {
    let name = super.getName(options);
    for (const part of tlsNameParts) {
      name += ":";
      const value = options[part];
      if (part === "servername") {
        if (value && value !== options.host) name += value;
      } else if (part === "sigalgs") {
        if (value) name += JSON.stringify(value);
      } else if (presentWhenDefined.has(part) ? value !== undefined : value) {
        name += value;
      }
    }
    return name;
  }
}

export const globalAgent = new Agent({ keepAlive: true, scheduling: "lifo", timeout: 5000 });

export function request(...args) {
  let options = {};
  if (typeof args[0] === "string") options = urlToHttpOptions(new URL(args.shift()));
  else if (isURL(args[0])) options = urlToHttpOptions(args.shift());
  if (args.length > 0 && typeof args[0] !== "function") Object.assign(options, args.shift());
  options._defaultAgent = globalAgent;
  args.unshift(options);
  return new ClientRequest(...args);
}

export function get(input, options, cb) {
  const req = request(input, options, cb);
  req.end();
  return req;
}

export class Server extends HttpServer {}

export function createServer(options, handler) {
  return new Server(options, handler);
}

export default { get, request, Agent, globalAgent, createServer, Server };
