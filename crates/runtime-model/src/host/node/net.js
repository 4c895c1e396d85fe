// node:net for crosstalk: the address helpers (isIP, isIPv4, isIPv6), the auto-select
// settings and BoundSocket's port reservations work as in workerd; TCP sockets and servers
// are not modelled, so making one throws an error that names it (the module loads, as in
// workerd, for libraries that import it and use it only on some paths).
const notModelled = (what) =>
  function () {
    throw new Error(`node:net ${what} is not modelled by crosstalk (TCP sockets); the worker's fetch() and bindings are`);
  };

const E = globalThis[Symbol.for("crosstalk.node")]("node-events").errors;

const IPV4_PART = "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
const IPV4 = new RegExp(`^${IPV4_PART}(?:\\.${IPV4_PART}){3}$`);

function isIPv4(input) {
  return IPV4.test(String(input));
}

function isIPv6(input) {
  let text = String(input);
  const zone = text.indexOf("%");
  if (zone !== -1) {
    if (zone === text.length - 1) return false;
    text = text.slice(0, zone);
  }
  let groups = text.split(":");
  if (groups.length < 3 || groups.length > 9) return false;
  // An IPv4 tail counts as two groups.
  const last = groups[groups.length - 1];
  let limit = 8;
  if (last.includes(".")) {
    if (!isIPv4(last)) return false;
    groups = groups.slice(0, -1);
    limit = 6;
    if (groups[groups.length - 1] === "" && groups[groups.length - 2] !== "") groups.push("");
  }
  const elided = text.indexOf("::");
  if (elided !== text.lastIndexOf("::")) return false;
  if (elided === -1) {
    return groups.length === limit && groups.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g));
  }
  // Empty groups only where the elision is (one at either end of the text).
  const filled = groups.filter((g) => g !== "");
  if (!filled.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return false;
  if (text.startsWith(":") && !text.startsWith("::")) return false;
  if (text.endsWith(":") && !text.endsWith("::")) return false;
  return filled.length < limit;
}

function isIP(input) {
  if (isIPv4(input)) return 4;
  if (isIPv6(input)) return 6;
  return 0;
}

// workerd never auto-selects a family; the attempt timeout is kept but unused.
let autoSelectFamilyAttemptTimeout = 10;
const getDefaultAutoSelectFamily = () => false;
function setDefaultAutoSelectFamily(value) {
  if (!value) return;
  throw E.invalidArgValue("val", value);
}
const getDefaultAutoSelectFamilyAttemptTimeout = () => autoSelectFamilyAttemptTimeout;
function setDefaultAutoSelectFamilyAttemptTimeout(value) {
  validateInt32(value, "val", 1);
  autoSelectFamilyAttemptTimeout = value < 10 ? 10 : value;
}

function validateInt32(value, name, min = -2147483648, max = 2147483647) {
  if (typeof value !== "number" || value !== (value | 0)) {
    if (typeof value !== "number") throw E.invalidArgType(name, "number", value);
    if (!Number.isInteger(value)) throw E.outOfRange(name, "an integer", value);
    throw E.outOfRange(name, `>= ${min} && <= ${max}`, value);
  }
  if (value < min || value > max) throw E.outOfRange(name, `>= ${min} && <= ${max}`, value);
}

function validatePort(port, name) {
  if (
    (typeof port !== "number" && typeof port !== "string") ||
    (typeof port === "string" && port.trim().length === 0) ||
    +port !== +port >>> 0 ||
    +port > 0xffff
  ) {
    throw E.nodeError("ERR_SOCKET_BAD_PORT", `${name} should be >= 0 and < 65536. Received ${typeof port}.`);
  }
  return +port | 0;
}

// The isolate's TCP port reservations, as workerd keeps them: a port is taken until its
// BoundSocket is closed (whatever the host); port 0 takes the next ephemeral port.
const reservedPorts = new Set();
let nextEphemeralPort = 49152;

function addressInUse(host, port) {
  const error = E.nodeError("EADDRINUSE", `bind EADDRINUSE ${host}:${port}`);
  error.syscall = "bind";
  error.address = host;
  error.port = port;
  return error;
}

function reservePort(host, port) {
  if (port === 0) {
    while (reservedPorts.has(nextEphemeralPort)) nextEphemeralPort++;
    port = nextEphemeralPort++;
  } else if (reservedPorts.has(port)) {
    throw addressInUse(host, port);
  }
  reservedPorts.add(port);
  return port;
}

const disposeKey = Symbol.dispose ?? Symbol.for("nodejs.dispose");

function adopted() {
  return E.nodeError("ERR_SOCKET_HANDLE_ADOPTED", "The bound socket has already been adopted by a server or socket");
}

// A reserved local address (net.BoundSocket): crosstalk models the reservation, not a
// listening socket (a Worker accepts no TCP connections in crosstalk).
class BoundSocket {
  #address;

  static isBoundSocket(value) {
    return typeof value === "object" && value !== null && #address in value;
  }

  constructor(options = {}) {
    E.validateObject(options, "options");
    if (options.path !== undefined) throw E.invalidArgValue("options.path", options.path, "is not supported");
    const port = validatePort(options.port ?? 0, "options.port");
    const ipv6Only = options.ipv6Only ?? false;
    E.validateBoolean(ipv6Only, "options.ipv6Only");
    const reusePort = options.reusePort ?? false;
    E.validateBoolean(reusePort, "options.reusePort");
    let { host } = options;
    let family;
    if (host === undefined || host === null) {
      host = ipv6Only ? "::" : "0.0.0.0";
      family = ipv6Only ? 6 : 4;
    } else {
      E.validateString(host, "options.host");
      family = isIP(host);
      if (family === 0) {
        throw E.invalidArgValue(
          "options.host",
          host,
          "must be a numeric IP address; net.BoundSocket does not perform DNS resolution",
        );
      }
    }
    this.#address = { address: host, family: family === 6 ? "IPv6" : "IPv4", port: reservePort(host, port) };
  }

  address() {
    if (this.#address === null) throw adopted();
    return this.#address;
  }

  fd() {
    if (this.#address === null) throw adopted();
    return -1;
  }

  close() {
    if (this.#address === null) throw adopted();
    reservedPorts.delete(this.#address.port);
    this.#address = null;
  }

  [disposeKey]() {
    if (this.#address !== null) this.close();
  }
}
const Socket = notModelled("Socket");
const Server = notModelled("Server");
// --- SocketAddress and BlockList (plain values, as in workerd) ----------------------------

const invalidIpAddress = (text) => E.nodeError("ERR_INVALID_IP_ADDRESS", `Invalid IP address: ${text}`, "TypeError");

class SocketAddress {
  #address;
  #port;
  #family;
  #flowlabel;

  static isSocketAddress(value) {
    return value instanceof SocketAddress;
  }

  constructor(options = {}) {
    E.validateObject(options, "options");
    this.#family = options.family || "ipv4";
    if (typeof this.#family?.toLowerCase === "function") this.#family = this.#family.toLowerCase();
    E.validateOneOf(this.#family, "options.family", ["ipv4", "ipv6"]);
    const { address = this.#family === "ipv4" ? "127.0.0.1" : "::", port = 0, flowlabel = 0 } = options;
    E.validateString(address, "options.address");
    const checkedPort = validatePort(port, "options.port");
    E.validateUint32(flowlabel, "options.flowlabel", false);
    if (this.#family === "ipv4" ? !isIPv4(address) : !isIPv6(address)) {
      throw E.nodeError("ERR_INVALID_ADDRESS", "Invalid socket address", "TypeError");
    }
    this.#address = address;
    this.#port = checkedPort;
    this.#flowlabel = flowlabel;
  }

  get address() {
    return this.#address;
  }

  get port() {
    return this.#port;
  }

  get family() {
    return this.#family;
  }

  get flowlabel() {
    return this.#flowlabel;
  }

  toJSON() {
    return { address: this.address, port: this.port, family: this.family, flowlabel: this.flowlabel };
  }

  static parse(input) {
    E.validateString(input, "input");
    try {
      const { hostname: address, port } = new URL(`http://${input}`);
      if (address.startsWith("[") && address.endsWith("]")) {
        return new SocketAddress({ address: address.slice(1, -1), port: port | 0, family: "ipv6" });
      }
      return new SocketAddress({ address, port: port | 0 });
    } catch {
      return undefined;
    }
  }
}

function ipv4Parts(ip) {
  const parts = ip.split(".");
  if (parts.length !== 4) return undefined;
  const nums = [];
  for (const part of parts) {
    const num = parseInt(part, 10);
    if (Number.isNaN(num) || num < 0 || num > 255) return undefined;
    nums.push(num);
  }
  return nums;
}

function ipv6Parts(ip) {
  if (ip.includes(".")) {
    const match = ip.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i);
    const v4 = match?.[1] ? ipv4Parts(match[1]) : undefined;
    if (v4 !== undefined) return [0, 0, 0, 0, 0, 0xffff, (v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]];
  }
  let expanded = ip;
  if (ip.includes("::")) {
    const halves = ip.split("::");
    if (halves.length === 2) {
      const left = halves[0].split(":");
      const right = halves[1].split(":");
      expanded = [...left, ...new Array(8 - left.length - right.length).fill("0"), ...right].join(":");
    }
  }
  const parts = expanded.split(":");
  if (parts.length !== 8) return undefined;
  const nums = parts.map((p) => {
    const num = parseInt(p || "0", 16);
    return num >= 0 && num <= 0xffff ? num : -1;
  });
  return nums.includes(-1) ? undefined : nums;
}

function ipv4Number(ip) {
  const parts = ipv4Parts(ip);
  if (parts === undefined) throw invalidIpAddress("Invalid IPv4 address");
  return (parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3];
}

function ipv6Number(ip) {
  const parts = ipv6Parts(ip);
  if (parts === undefined) throw invalidIpAddress("Invalid IPv6 address");
  let result = 0n;
  for (const part of parts) result = (result << 16n) | BigInt(part);
  return result;
}

function inIpv4Subnet(ip, network, prefix) {
  if (prefix < 0 || prefix > 32) return false;
  if (prefix === 0) return true;
  const mask = (0xffffffff << (32 - prefix)) >>> 0;
  return (ipv4Number(ip) & mask) === (ipv4Number(network) & mask);
}

function inIpv6Subnet(ip, network, prefix) {
  if (prefix < 0 || prefix > 128) return false;
  if (prefix === 0) return true;
  const all = (1n << 128n) - 1n;
  const mask = (all << BigInt(128 - prefix)) & all;
  return (ipv6Number(ip) & mask) === (ipv6Number(network) & mask);
}

const compareIpv4 = (a, b) => ipv4Number(a) - ipv4Number(b);
const compareIpv6 = (a, b) => {
  const x = ipv6Number(a);
  const y = ipv6Number(b);
  return x < y ? -1 : x > y ? 1 : 0;
};
const familyName = (family) => (family === "ipv4" ? "IPv4" : "IPv6");

// A rule: its text (as `rules` lists it) and its test; an IPv4 rule also matches the
// IPv4-mapped IPv6 form of its addresses.
function rule(family, text, test) {
  return {
    text,
    check(address, checkFamily) {
      if (family !== checkFamily) {
        if (family === "ipv4" && checkFamily === "ipv6" && address.startsWith("::ffff:")) return test(address.substring(7));
        return false;
      }
      return test(address);
    },
  };
}

class BlockList {
  #rules = [];

  static isBlockList(value) {
    return value instanceof BlockList;
  }

  addAddress(address, family = "ipv4") {
    if (SocketAddress.isSocketAddress(address)) {
      const { address: text, family: addressFamily } = address;
      this.#rules.push(rule(addressFamily, `Address: ${familyName(addressFamily)} ${text}`, (a) => a === text));
      return;
    }
    E.validateString(address, "address");
    E.validateOneOf(family, "family", ["ipv4", "ipv6"]);
    if (family === "ipv4" && !isIPv4(address)) throw invalidIpAddress("Invalid IPv4 address");
    if (family === "ipv6" && !isIPv6(address)) throw invalidIpAddress("Invalid IPv6 address");
    this.#rules.push(rule(family, `Address: ${familyName(family)} ${address}`, (a) => a === address));
  }

  addRange(start, end, family = "ipv4") {
    let startAddress;
    let endAddress;
    let addressFamily;
    if (SocketAddress.isSocketAddress(start)) {
      startAddress = start.address;
      addressFamily = start.family;
    } else {
      E.validateString(start, "start");
      E.validateOneOf(family, "family", ["ipv4", "ipv6"]);
      startAddress = start;
      addressFamily = family;
    }
    if (SocketAddress.isSocketAddress(end)) {
      endAddress = end.address;
      if (SocketAddress.isSocketAddress(start) && end.family !== addressFamily) {
        throw E.invalidArgValue("end", end, "must be same family as start");
      }
    } else {
      E.validateString(end, "end");
      endAddress = end;
    }
    const compare = addressFamily === "ipv4" ? compareIpv4 : compareIpv6;
    const valid = addressFamily === "ipv4" ? isIPv4 : isIPv6;
    if (!valid(startAddress) || !valid(endAddress)) {
      throw invalidIpAddress(`Invalid ${familyName(addressFamily)} address`);
    }
    if (compare(startAddress, endAddress) > 0) throw E.invalidArgValue("start", startAddress, "must come before end");
    this.#rules.push(
      rule(
        addressFamily,
        `Range: ${familyName(addressFamily)} ${startAddress}-${endAddress}`,
        (a) => compare(a, startAddress) >= 0 && compare(a, endAddress) <= 0,
      ),
    );
  }

  addSubnet(network, prefix, family = "ipv4") {
    let networkAddress;
    let addressFamily;
    if (SocketAddress.isSocketAddress(network)) {
      networkAddress = network.address;
      addressFamily = network.family;
    } else {
      E.validateString(network, "network");
      E.validateOneOf(family, "family", ["ipv4", "ipv6"]);
      networkAddress = network;
      addressFamily = family;
    }
    validateInt32(prefix, "prefix");
    if (addressFamily === "ipv4") {
      if (prefix < 0 || prefix > 32) throw E.outOfRange("prefix", "between 0 and 32", prefix);
      if (!isIPv4(networkAddress)) throw invalidIpAddress("Invalid IPv4 address");
    } else {
      if (prefix < 0 || prefix > 128) throw E.outOfRange("prefix", "between 0 and 128", prefix);
      if (!isIPv6(networkAddress)) throw invalidIpAddress("Invalid IPv6 address");
    }
    const inSubnet = addressFamily === "ipv4" ? inIpv4Subnet : inIpv6Subnet;
    this.#rules.push(
      rule(addressFamily, `Subnet: ${familyName(addressFamily)} ${networkAddress}/${prefix}`, (a) =>
        inSubnet(a, networkAddress, prefix),
      ),
    );
  }

  check(address, family = "ipv4") {
    let checkAddress;
    let checkFamily;
    if (SocketAddress.isSocketAddress(address)) {
      checkAddress = address.address;
      checkFamily = address.family;
    } else {
      E.validateString(address, "address");
      E.validateOneOf(family, "family", ["ipv4", "ipv6"]);
      checkAddress = address;
      checkFamily = family.toLowerCase();
    }
    if (checkFamily === "ipv4" && !isIPv4(checkAddress)) return false;
    if (checkFamily === "ipv6" && !isIPv6(checkAddress)) return false;
    return this.#rules.some((r) => r.check(checkAddress, checkFamily));
  }

  get rules() {
    return this.#rules.map((r) => r.text);
  }

  toJSON() {
    return this.rules;
  }

  fromJSON(data) {
    let rules;
    if (typeof data === "string") {
      try {
        rules = JSON.parse(data);
      } catch {
        throw E.invalidArgValue("data", data, "must be valid JSON");
      }
    } else {
      rules = data;
    }
    E.validateArray(rules, "data");
    // workerd walks `data` itself here (a JSON string walks its characters).
    for (const item of data) {
      if (item.includes("IPv4")) {
        let match = item.match(/Subnet: IPv4 (\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})/);
        if (match) {
          this.addSubnet(match[1], parseInt(match[2], 10));
          continue;
        }
        match = item.match(/Address: IPv4 (\d{1,3}(?:\.\d{1,3}){3})/);
        if (match) {
          this.addAddress(match[1]);
          continue;
        }
        match = item.match(/Range: IPv4 (\d{1,3}(?:\.\d{1,3}){3})-(\d{1,3}(?:\.\d{1,3}){3})/);
        if (match) {
          this.addRange(match[1], match[2]);
          continue;
        }
      }
      if (item.includes("IPv6")) {
        let match = item.match(/Subnet: IPv6 ([0-9a-fA-F:]{1,39})\/(\d{1,3})/i);
        if (match) {
          this.addSubnet(match[1], parseInt(match[2], 10), "ipv6");
          continue;
        }
        match = item.match(/Address: IPv6 ([0-9a-fA-F:]{1,39})/i);
        if (match) {
          this.addAddress(match[1], "ipv6");
          continue;
        }
        match = item.match(/Range: IPv6 ([0-9a-fA-F:]{1,39})-([0-9a-fA-F:]{1,39})/i);
        if (match) this.addRange(match[1], match[2], "ipv6");
      }
    }
  }
}
const connect = notModelled("connect()");
const createConnection = notModelled("createConnection()");
const createServer = notModelled("createServer()");
const normalizedArgsSymbol = Symbol("normalizedArgs");

// A path when it is a string that is no port number.
function isPipeName(value) {
  if (typeof value !== "string") return false;
  const number = Number(value);
  return !(number >= 0);
}

// net's argument normalisation ([port][, host][, cb] | options[, cb] | path[, cb]) →
// [options, cb or null], as workerd's.
function _normalizeArgs(args) {
  let result;
  if (args.length === 0) {
    result = [{}, null];
    result[normalizedArgsSymbol] = true;
    return result;
  }
  const first = args[0];
  let options = {};
  if (typeof first === "object" && first !== null) {
    options = first;
  } else if (isPipeName(first)) {
    options.path = first;
  } else {
    options.port = first;
    if (args.length > 1 && typeof args[1] === "string") options.host = args[1];
  }
  const cb = args[args.length - 1];
  result = typeof cb !== "function" ? [options, null] : [options, cb];
  result[normalizedArgsSymbol] = true;
  return result;
}
const Stream = Socket;

export {
  BlockList,
  BoundSocket,
  SocketAddress,
  Server,
  Socket,
  Stream,
  connect,
  createConnection,
  createServer,
  getDefaultAutoSelectFamily,
  setDefaultAutoSelectFamily,
  getDefaultAutoSelectFamilyAttemptTimeout,
  setDefaultAutoSelectFamilyAttemptTimeout,
  isIP,
  isIPv4,
  isIPv6,
  _normalizeArgs,
};

export default {
  BlockList,
  BoundSocket,
  SocketAddress,
  Stream,
  Server,
  Socket,
  connect,
  createConnection,
  createServer,
  getDefaultAutoSelectFamily,
  setDefaultAutoSelectFamily,
  getDefaultAutoSelectFamilyAttemptTimeout,
  setDefaultAutoSelectFamilyAttemptTimeout,
  isIP,
  isIPv4,
  isIPv6,
  _normalizeArgs,
};
