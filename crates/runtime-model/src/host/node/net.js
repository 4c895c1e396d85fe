// node:net for crosstalk: the address helpers (isIP, isIPv4, isIPv6) and the auto-select
// settings work as in Node; TCP sockets and servers are not modelled, so making one
// throws an error that names it (the module loads, as in workerd, for libraries that
// import it and use it only on some paths).
const notModelled = (what) => () => {
  throw new Error(`node:net ${what} is not modelled by crosstalk (TCP sockets); the worker's fetch() and bindings are`);
};

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

let autoSelectFamily = false;
let autoSelectFamilyAttemptTimeout = 250;
const getDefaultAutoSelectFamily = () => autoSelectFamily;
const setDefaultAutoSelectFamily = (value) => {
  autoSelectFamily = Boolean(value);
};
const getDefaultAutoSelectFamilyAttemptTimeout = () => autoSelectFamilyAttemptTimeout;
const setDefaultAutoSelectFamilyAttemptTimeout = (value) => {
  autoSelectFamilyAttemptTimeout = Math.max(Number(value), 10);
};

const Socket = notModelled("Socket");
const Server = notModelled("Server");
const BlockList = notModelled("BlockList");
const SocketAddress = notModelled("SocketAddress");
const connect = notModelled("connect()");
const createConnection = notModelled("createConnection()");
const createServer = notModelled("createServer()");
const _normalizeArgs = notModelled("_normalizeArgs()");
const Stream = Socket;

export {
  BlockList,
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
