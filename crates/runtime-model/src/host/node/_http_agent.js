// node:_http_agent for crosstalk: Agent as workerd has it, a stand-in with Node's fields
// and defaults (requests go through fetch(), which pools connections itself), and the
// globalAgent node:http requests use unless told otherwise.
const node = globalThis[Symbol.for("crosstalk.node")];
const { EventEmitter, errors } = node("node-events");

export class Agent extends EventEmitter {
  defaultPort;
  protocol;
  options;
  agentKeepAliveTimeoutBuffer = 1000;
  keepAliveMsecs = 1000;
  keepAlive = false;
  maxSockets;
  maxFreeSockets;
  scheduling = "lifo";
  maxTotalSockets;
  totalSocketCount;
  freeSockets = {};
  sockets = {};
  requests = {};

  constructor(options) {
    super({});
    this.options = { __proto__: null, ...options };
    const opts = this.options;
    this.defaultPort = opts.defaultPort || 80;
    this.protocol = opts.protocol || "http:";
    opts.path = null;
    if (!("proxyEnv" in opts)) opts.proxyEnv = undefined;
    if (opts.noDelay === undefined) opts.noDelay = true;
    this.keepAliveMsecs = opts.keepAliveMsecs || 1000;
    this.keepAlive = opts.keepAlive || false;
    this.maxSockets = opts.maxSockets || Agent.defaultMaxSockets;
    this.maxFreeSockets = opts.maxFreeSockets || 256;
    this.scheduling = opts.scheduling || "lifo";
    this.totalSocketCount = 0;
    if (!["fifo", "lifo"].includes(this.scheduling)) {
      throw errors.invalidArgValue("scheduling", this.scheduling, "must be one of: 'fifo', 'lifo'");
    }
    if (opts.maxTotalSockets !== undefined) {
      errors.validateNumber(opts.maxTotalSockets, "maxTotalSockets", 1);
      this.maxTotalSockets = opts.maxTotalSockets;
    } else {
      this.maxTotalSockets = Infinity;
    }
  }

  static defaultMaxSockets = Infinity;

  createConnection() {
    throw errors.methodNotImplemented("createConnection");
  }

  getName(options = {}) {
    let name = `${options.host || "localhost"}:`;
    if (options.port) name += options.port.toString();
    name += ":";
    if (options.localAddress) name += options.localAddress;
    if (options.family === 4 || options.family === 6) name += `:${options.family}`;
    if (options.socketPath) name += `:${options.socketPath}`;
    return name;
  }

  addRequest() {}
  createSocket() {}
  removeSocket() {}
  keepSocketAlive() {
    return false;
  }
  reuseSocket() {}
  destroy() {}
}

export const globalAgent = new Agent({ keepAlive: true, scheduling: "lifo", timeout: 5000 });

export default { Agent, globalAgent };
