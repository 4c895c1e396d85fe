// node:dns/promises for crosstalk, as workerd has it: names resolve by DNS over HTTPS, a
// fetch() of Cloudflare's resolver (https://cloudflare-dns.com/dns-query, JSON answers), so
// in crosstalk a lookup is a subrequest the scenario answers with an [[origin]] for that
// URL (without one, crosstalk's fetch fails and the query fails as workerd's does when the
// resolver cannot be reached). IP addresses and empty names answer without a query.
// lookupService, resolveAny, setServers and the Resolver's cancel/setLocalAddress throw
// "Not implemented".
import { isIP } from "node:net";

const E = globalThis[Symbol.for("crosstalk.node")]("node-events").errors;

export const NODATA = "ENODATA";
export const FORMERR = "EFORMERR";
export const SERVFAIL = "ESERVFAIL";
export const NOTFOUND = "ENOTFOUND";
export const NOTIMP = "ENOTIMP";
export const REFUSED = "EREFUSED";
export const BADQUERY = "EBADQUERY";
export const BADNAME = "EBADNAME";
export const BADFAMILY = "EBADFAMILY";
export const BADRESP = "EBADRESP";
export const CONNREFUSED = "ECONNREFUSED";
export const TIMEOUT = "ETIMEOUT";
export const EOF = "EOF";
export const FILE = "EFILE";
export const NOMEM = "ENOMEM";
export const DESTRUCTION = "EDESTRUCTION";
export const BADSTR = "EBADSTR";
export const BADFLAGS = "EBADFLAGS";
export const NONAME = "ENONAME";
export const BADHINTS = "EBADHINTS";
export const NOTINITIALIZED = "ENOTINITIALIZED";
export const LOADIPHLPAPI = "ELOADIPHLPAPI";
export const ADDRGETNETWORKPARAMS = "EADDRGETNETWORKPARAMS";
export const CANCELLED = "ECANCELLED";
export const ADDRCONFIG = 1024;
export const ALL = 256;
export const V4MAPPED = 2048;

const errorCodes = {
  NODATA,
  FORMERR,
  SERVFAIL,
  NOTFOUND,
  NOTIMP,
  REFUSED,
  BADQUERY,
  BADNAME,
  BADFAMILY,
  BADRESP,
  CONNREFUSED,
  TIMEOUT,
  EOF,
  FILE,
  NOMEM,
  DESTRUCTION,
  BADSTR,
  BADFLAGS,
  NONAME,
  BADHINTS,
  NOTINITIALIZED,
  LOADIPHLPAPI,
  ADDRGETNETWORKPARAMS,
  CANCELLED,
  ADDRCONFIG,
  ALL,
  V4MAPPED,
};

function dnsError(hostname, code, syscall) {
  const error = E.nodeError(code, `${syscall} ${code} ${hostname}`);
  error.errno = undefined;
  error.hostname = hostname;
  error.syscall = syscall;
  return error;
}

// --- the DNS-over-HTTPS client -------------------------------------------------------------

async function sendDnsRequest(name, type) {
  const server = new URL("https://cloudflare-dns.com/dns-query");
  server.searchParams.set("name", name);
  server.searchParams.set("type", type);
  const syscall = `query${type.at(0)?.toUpperCase()}${type.slice(1)}`;
  let json;
  let badResponse;
  try {
    const response = await fetch(server, { headers: { Accept: "application/dns-json" }, method: "GET" });
    if (!response.ok) {
      badResponse = dnsError(name, BADRESP, syscall);
      throw badResponse;
    }
    json = await response.json();
  } catch (error) {
    throw error === badResponse ? error : dnsError(name, BADQUERY, syscall);
  }
  if ("error" in json) throw dnsError(name, BADRESP, syscall);
  if (!json.Question.at(0)) throw dnsError(name, BADRESP, syscall);
  if (json.Answer?.at(0)?.name === "") throw dnsError(name, NOTFOUND, syscall);
  return json;
}

function validateAnswer(answer, name, query) {
  if (answer == null) throw dnsError(name, NOTFOUND, query);
}

const withoutDot = (text) => (text.endsWith(".") ? text.slice(0, -1) : text);

function normalizeMx(name, answer) {
  const [priority, exchange] = answer.data.split(" ");
  if (priority == null || exchange == null) throw dnsError(name, BADRESP, "queryMx");
  return { exchange: withoutDot(exchange), priority: parseInt(priority, 10) };
}

function normalizeSoa({ data }) {
  const [nsname, hostmaster, serial, refresh, retry, expire, minttl] = data.split(" ");
  E.validateString(nsname, "nsname");
  E.validateString(hostmaster, "hostmaster");
  E.validateString(serial, "serial");
  E.validateString(refresh, "refresh");
  E.validateString(retry, "retry");
  E.validateString(expire, "expire");
  E.validateString(minttl, "minttl");
  return {
    nsname,
    hostmaster,
    serial: parseInt(serial, 10),
    refresh: parseInt(refresh, 10),
    retry: parseInt(retry, 10),
    expire: parseInt(expire, 10),
    minttl: parseInt(minttl, 10),
  };
}

function normalizeSrv({ data }) {
  const [priority, weight, port, name] = data.split(" ");
  E.validateString(priority, "priority");
  E.validateString(weight, "weight");
  E.validateString(port, "port");
  E.validateString(name, "name");
  return { priority: parseInt(priority, 10), weight: parseInt(weight, 10), port: parseInt(port, 10), name };
}

function normalizeTxt({ data }) {
  if (data.startsWith('"') && data.endsWith('"')) {
    return (data.match(/"([^"]|"(?!"))*"/g) ?? []).map((s) =>
      s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1) : s,
    );
  }
  return [data];
}

// --- CAA and NAPTR answers (RFC 3597 "\#" hex, or presentation format) ----------------------

const parseError = (message) => new Error(message);

function hexNumber(text) {
  if (!/^[0-9a-fA-F]+$/.test(text)) throw new RangeError("invalid digit found in string");
  return parseInt(text, 16);
}

function decodeHex(parts) {
  return parts.map((part) => String.fromCharCode(hexNumber(part))).join("");
}

// Splits RDATA into fields: blanks separate, quotes group, \DDD and \X escape.
function splitRdataFields(input) {
  const fields = [];
  let i = 0;
  const unterminated = () => parseError("unterminated escape or quote in RDATA");
  for (;;) {
    while (i < input.length && /[\t\n\f\r ]/.test(input[i])) i++;
    if (i >= input.length) return fields;
    const quoted = input[i] === '"';
    if (quoted) i++;
    let field = "";
    for (;;) {
      if (i >= input.length) {
        if (quoted) throw unterminated();
        break;
      }
      const c = input[i++];
      if (c === '"' && quoted) break;
      if (c === "\\") {
        const digits = input.slice(i, i + 3);
        if (/^\d{3}$/.test(digits)) {
          const octet = Number(digits);
          if (octet > 255) throw new RangeError("number too large to fit in target type");
          field += String.fromCharCode(octet);
          i += 3;
        } else {
          if (i >= input.length) throw unterminated();
          field += input[i++];
        }
      } else if (!quoted && /[\t\n\f\r ]/.test(c)) {
        break;
      } else {
        field += c;
      }
    }
    fields.push(field);
  }
}

function validateCaaField(field) {
  if (field !== "issuewild" && field !== "issue" && field !== "iodef") {
    throw parseError(`Received unknown field '${field}'`);
  }
}

function decimal(text, max) {
  if (!/^\+?\d+$/.test(text)) {
    throw new RangeError(text === "" ? "cannot parse integer from empty string" : "invalid digit found in string");
  }
  const value = Number(text);
  if (value > max) throw new RangeError("number too large to fit in target type");
  return value;
}

function parseCaaRecord(record) {
  const parts = record.split(/[\t\n\f\r ]+/).filter((p) => p !== "");
  if (parts[0] !== "\\#") {
    const fields = splitRdataFields(record);
    if (fields.length !== 3) throw parseError(`CAA record expected 3 fields, got ${fields.length}`);
    const [critical, field, value] = fields;
    validateCaaField(field);
    return { critical: decimal(critical, 255), field, value };
  }
  if (parts.length < 3) throw parseError("CAA record too short: expected at least 3 fields");
  const data = parts.slice(2);
  if (data.length < 2) throw parseError("CAA record data too short: expected critical and prefix length fields");
  const critical = hexNumber(data[0]);
  const prefixLength = hexNumber(data[1]);
  if (data.length < 2 + prefixLength) throw parseError(`CAA record data too short for prefix_length ${prefixLength}`);
  const field = decodeHex(data.slice(2, prefixLength + 2));
  const value = decodeHex(data.slice(prefixLength + 2));
  validateCaaField(field);
  return { critical, field, value };
}

function parseReplacement(input) {
  if (input.length === 0) return "";
  const out = [];
  let lengthIndex = 0;
  let offsetIndex = 1;
  while (lengthIndex < input.length) {
    const length = hexNumber(input[lengthIndex]);
    if (length + offsetIndex > input.length) throw parseError("replacement data too short for declared frame length");
    const subset = input.slice(offsetIndex, length + offsetIndex);
    const decoded = decodeHex(subset);
    if (decoded !== "") out.push(decoded);
    lengthIndex += subset.length + 1;
    offsetIndex = lengthIndex + 1;
  }
  return out.join(".");
}

function parseNaptrRecord(record) {
  const parts = record.split(/[\t\n\f\r ]+/).filter((p) => p !== "");
  if (parts[0] !== "\\#") {
    const fields = splitRdataFields(record);
    if (fields.length !== 6) throw parseError(`NAPTR record expected 6 fields, got ${fields.length}`);
    const [order, preference, flags, service, regexp, replacement] = fields;
    return {
      flags,
      service,
      regexp,
      replacement: withoutDot(replacement),
      order: decimal(order, 4294967295),
      preference: decimal(preference, 4294967295),
    };
  }
  if (parts.length < 2) throw parseError("NAPTR record too short");
  const data = parts.slice(1);
  if (data.length < 6) throw parseError("NAPTR record data too short: expected at least 6 fields");
  const order = hexNumber(data.slice(1, 3).join(""));
  const preference = hexNumber(data.slice(3, 5).join(""));
  const flagLength = hexNumber(data[5]);
  const flagOffset = 6;
  if (data.length < flagOffset + flagLength + 1) throw parseError("NAPTR record too short for flags field");
  const flags = decodeHex(data.slice(flagOffset, flagLength + flagOffset));
  const serviceLength = hexNumber(data[flagOffset + flagLength]);
  const serviceOffset = flagOffset + flagLength + 1;
  if (data.length < serviceOffset + serviceLength + 1) throw parseError("NAPTR record too short for service field");
  const service = decodeHex(data.slice(serviceOffset, serviceLength + serviceOffset));
  const regexpLength = hexNumber(data[serviceOffset + serviceLength]);
  const regexpOffset = serviceOffset + serviceLength + 1;
  if (data.length < regexpOffset + regexpLength) throw parseError("NAPTR record too short for regexp field");
  const regexp = decodeHex(data.slice(regexpOffset, regexpLength + regexpOffset));
  const replacement = parseReplacement(data.slice(regexpOffset + regexpLength));
  return { flags, service, regexp, replacement, order, preference };
}

function normalizeCaa({ data }) {
  const record = parseCaaRecord(data);
  const result = { critical: record.critical };
  result[record.field] = record.value;
  return result;
}

// --- the resolver functions ---------------------------------------------------------------

const validFamilies = [0, 4, 6];
const validDnsOrders = ["verbatim", "ipv4first", "ipv6first"];
let defaultDnsOrder = "verbatim";

export function getServers() {
  return ["1.1.1.1", "2606:4700:4700::1111", "1.0.0.1", "2606:4700:4700::1001"];
}

// The callback form (node:dns's lookup).
function lookupWithCallback(hostname, options, callback) {
  let family = 0;
  let all = false;
  let dnsOrder = getDefaultResultOrder();
  if (hostname) E.validateString(hostname, "hostname");
  if (typeof options === "function") {
    callback = options;
    family = 0;
  } else if (typeof options === "number") {
    E.validateFunction(callback, "callback");
    E.validateOneOf(options, "family", validFamilies);
    family = options;
  } else if (options !== undefined && typeof options !== "object") {
    E.validateFunction(arguments.length === 2 ? options : callback, "callback");
    throw E.invalidArgType("options", ["integer", "object"], options);
  } else {
    E.validateFunction(callback, "callback");
    if (options?.hints != null) {
      E.validateNumber(options.hints, "options.hints");
      throw E.nodeError("ERR_OPTION_NOT_IMPLEMENTED", "The options.hints option is not implemented");
    }
    if (options?.family != null) {
      if (options.family === "IPv4") family = 4;
      else if (options.family === "IPv6") family = 6;
      else {
        E.validateOneOf(options.family, "options.family", validFamilies);
        family = options.family;
      }
    }
    if (options?.all != null) {
      E.validateBoolean(options.all, "options.all");
      all = options.all;
    }
    if (options?.verbatim != null) {
      E.validateBoolean(options.verbatim, "options.verbatim");
      dnsOrder = options.verbatim ? "verbatim" : "ipv4first";
    }
    if (options?.order != null) {
      E.validateOneOf(options.order, "options.order", validDnsOrders);
      dnsOrder = options.order;
    }
  }
  const later = (...args) => queueMicrotask(() => callback(...args));
  if (!hostname) {
    if (all) later(null, []);
    else later(null, null, family === 6 ? 6 : 4);
    return;
  }
  const matchedFamily = isIP(hostname);
  if (matchedFamily) {
    if (all) later(null, [{ address: hostname, family: matchedFamily }]);
    else later(null, hostname, matchedFamily);
    return;
  }
  if (family === 0) {
    Promise.all([
      sendDnsRequest(hostname, "A").catch(() => ({ Answer: [] })),
      sendDnsRequest(hostname, "AAAA").catch(() => ({ Answer: [] })),
    ])
      .then(([v4, v6]) => {
        if (all) {
          const v4Addresses = v4.Answer?.map((answer) => ({ address: answer.data, family: 4 })) ?? [];
          const v6Addresses = v6.Answer?.map((answer) => ({ address: answer.data, family: 6 })) ?? [];
          if (v4Addresses.length === 0 && v6Addresses.length === 0) {
            callback(dnsError(hostname, NOTFOUND, "queryA"));
            return;
          }
          if (dnsOrder === "ipv6first") callback(null, [...v6Addresses, ...v4Addresses]);
          else callback(null, [...v4Addresses, ...v6Addresses]);
          return;
        }
        const ipv4 = v4.Answer?.at(0)?.data;
        const ipv6 = v6.Answer?.at(0)?.data;
        if (ipv4 == null && ipv6 == null) {
          callback(dnsError(hostname, NOTFOUND, "queryA"));
          return;
        }
        if (dnsOrder === "ipv6first") {
          if (ipv6 != null) callback(null, ipv6, 6);
          else callback(null, ipv4, 4);
        } else if (ipv4 != null) {
          callback(null, ipv4, 4);
        } else {
          callback(null, ipv6, 6);
        }
      })
      .catch((error) => later(error));
  } else {
    const requestType = family === 4 ? "A" : "AAAA";
    sendDnsRequest(hostname, requestType)
      .then((json) => {
        validateAnswer(json.Answer, hostname, `query${requestType}`);
        if (all) callback(null, json.Answer.map((answer) => ({ address: answer.data, family })));
        else callback(null, json.Answer.at(0)?.data, family);
      })
      .catch((error) => later(error));
  }
}

export async function lookupService() {
  throw new Error("Not implemented");
}

export function resolve(name, rrtype) {
  E.validateString(name, "name");
  switch (rrtype) {
    case "A":
      return resolve4(name);
    case "AAAA":
      return resolve6(name);
    case "ANY":
      return resolveAny();
    case "CAA":
      return resolveCaa(name);
    case "CNAME":
      return resolveCname(name);
    case "MX":
      return resolveMx(name);
    case "NAPTR":
      return resolveNaptr(name);
    case "NS":
      return resolveNs(name);
    case "PTR":
      return resolvePtr(name);
    case "SOA":
      return resolveSoa(name);
    case "SRV":
      return resolveSrv(name);
    case "TXT":
      return resolveTxt(name);
    default:
      throw E.invalidArgValue("rrtype", rrtype);
  }
}

// One query of `type` for `name`, its answers mapped by `normalize` (sync validation first).
function query(name, type, syscall, normalize) {
  E.validateString(name, "name");
  return sendDnsRequest(name, type).then((json) => {
    validateAnswer(json.Answer, name, syscall);
    return json.Answer.map(normalize);
  });
}

export function resolve4(name, options) {
  const ttl = !!options?.ttl;
  return query(name, "A", "queryA", (a) => (ttl ? { ttl: a.TTL, address: a.data } : a.data));
}

export function resolve6(name, options) {
  const ttl = !!options?.ttl;
  return query(name, "AAAA", "queryAaaa", (a) => (ttl ? { ttl: a.TTL, address: a.data } : a.data));
}

export async function resolveAny() {
  throw new Error("Not implemented");
}

export function resolveCname(name) {
  return query(name, "CNAME", "queryCname", ({ data }) => withoutDot(data));
}

export function resolveCaa(name) {
  return query(name, "CAA", "queryCaa", normalizeCaa);
}

export function resolveMx(name) {
  return query(name, "MX", "queryMx", (answer) => normalizeMx(name, answer));
}

export function resolveNaptr(name) {
  return query(name, "NAPTR", "queryNaptr", ({ data }) => parseNaptrRecord(data));
}

export function resolveNs(name) {
  return query(name, "NS", "queryNs", ({ data }) => withoutDot(data));
}

export function resolvePtr(name) {
  return query(name, "PTR", "queryPtr", ({ data }) => withoutDot(data));
}

export function resolveSoa(name) {
  E.validateString(name, "name");
  return sendDnsRequest(name, "SOA").then((json) => {
    validateAnswer(json.Answer, name, "querySoa");
    const first = json.Answer.at(0);
    if (!first) throw dnsError(name, NOTFOUND, "querySoa");
    return normalizeSoa(first);
  });
}

export function resolveSrv(name) {
  return query(name, "SRV", "querySrv", normalizeSrv);
}

export function resolveTxt(name) {
  return query(name, "TXT", "queryTxt", normalizeTxt);
}

export function reverse(name) {
  return query(name, "PTR", "queryPtr", ({ data }) => withoutDot(data));
}

export function setDefaultResultOrder(value) {
  E.validateOneOf(value, "dnsOrder", validDnsOrders);
  defaultDnsOrder = value;
}

export function getDefaultResultOrder() {
  return defaultDnsOrder;
}

export function setServers() {
  throw new Error("Not implemented");
}

export class Resolver {
  cancel() {
    throw new Error("Not implemented");
  }

  setLocalAddress() {
    throw new Error("Not implemented");
  }

  getServers() {
    return getServers();
  }

  resolve(name, rrtype) {
    return resolve(name, rrtype);
  }

  resolve4(input, options) {
    return resolve4(input, options);
  }

  resolve6(input, options) {
    return resolve6(input, options);
  }

  resolveAny() {
    return resolveAny();
  }

  resolveCaa(name) {
    return resolveCaa(name);
  }

  resolveCname(name) {
    return resolveCname(name);
  }

  resolveMx(name) {
    return resolveMx(name);
  }

  resolveNaptr(name) {
    return resolveNaptr(name);
  }

  resolveNs(name) {
    return resolveNs(name);
  }

  resolvePtr(name) {
    return resolvePtr(name);
  }

  resolveSoa(name) {
    return resolveSoa(name);
  }

  resolveSrv(name) {
    return resolveSrv(name);
  }

  resolveTxt(name) {
    return resolveTxt(name);
  }

  reverse(name) {
    return reverse(name);
  }

  setServers() {
    setServers();
  }
}

export function lookup(hostname, options) {
  return new Promise((resolvePromise, reject) => {
    lookupWithCallback(hostname, options, (error, address, family) => {
      if (error) reject(error);
      else if (Array.isArray(address)) resolvePromise(address);
      else resolvePromise({ address, family });
    });
  });
}

// What node:dns builds on, out of the export list.
Object.defineProperty(lookup, Symbol.for("crosstalk.dns.internals"), {
  value: Object.freeze({ lookupWithCallback, errorCodes }),
});

export default {
  reverse,
  resolveTxt,
  resolveCaa,
  resolveMx,
  resolveCname,
  resolveNs,
  resolvePtr,
  resolveSrv,
  resolveSoa,
  resolveNaptr,
  resolve4,
  resolve6,
  getServers,
  setServers,
  getDefaultResultOrder,
  setDefaultResultOrder,
  lookup,
  lookupService,
  resolve,
  resolveAny,
  Resolver,
  NODATA,
  FORMERR,
  SERVFAIL,
  NOTFOUND,
  NOTIMP,
  REFUSED,
  BADQUERY,
  BADNAME,
  BADFAMILY,
  BADRESP,
  CONNREFUSED,
  TIMEOUT,
  EOF,
  FILE,
  NOMEM,
  DESTRUCTION,
  BADSTR,
  BADFLAGS,
  NONAME,
  BADHINTS,
  NOTINITIALIZED,
  LOADIPHLPAPI,
  ADDRGETNETWORKPARAMS,
  CANCELLED,
};
