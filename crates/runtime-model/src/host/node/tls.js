// node:tls for crosstalk, as workerd has it, except the connection: workerd opens TLS over
// its TCP sockets, which crosstalk does not model, so TLSSocket and connect check their
// options as workerd's do and then throw an error that names it (as node:net does).
// checkServerIdentity, convertALPNProtocols, SecureContext/createSecureContext and the
// constants work as in workerd; createServer, Server and getCiphers throw "Not
// implemented"; createSecurePair throws ERR_METHOD_NOT_IMPLEMENTED.
import { Buffer } from "node:buffer";
import { isIP, _normalizeArgs } from "node:net";

const E = globalThis[Symbol.for("crosstalk.node")]("node-events").errors;

export const CLIENT_RENEG_LIMIT = 3;
export const CLIENT_RENEG_WINDOW = 600;
export const DEFAULT_CIPHERS = "";
export const DEFAULT_ECDH_CURVE = "auto";
export const DEFAULT_MIN_VERSION = "TLSv1.2";
export const DEFAULT_MAX_VERSION = "TLSv1.3";
export const rootCertificates = [];

const notModelled = (what) =>
  new Error(`node:tls ${what} is not modelled by crosstalk (TCP sockets); the worker's fetch() and bindings are`);
const optionNotImplemented = (name) =>
  E.nodeError("ERR_OPTION_NOT_IMPLEMENTED", `The ${name} option is not implemented`);

// --- host name checks --------------------------------------------------------------------

function splitHost(host) {
  return host
    .replace(/[.]$/, "")
    .replace(/[A-Z]/g, (c) => String.fromCharCode(32 + c.charCodeAt(0)))
    .split(".");
}

function matchesPattern(hostParts, pattern, wildcards) {
  if (!pattern) return false;
  const patternParts = splitHost(pattern);
  if (hostParts.length !== patternParts.length) return false;
  if (patternParts.includes("")) return false;
  if (patternParts.some((part) => /[^\u0021-\u007F]/u.test(part))) return false;
  for (let i = hostParts.length - 1; i > 0; i -= 1) {
    if (hostParts[i] !== patternParts[i]) return false;
  }
  const hostSubdomain = hostParts[0];
  const patternSubdomain = patternParts[0];
  const pieces = patternSubdomain.split("*", 3);
  if (pieces.length === 1 || patternSubdomain.includes("xn--")) return hostSubdomain === patternSubdomain;
  if (!wildcards) return false;
  if (pieces.length > 2) return false;
  if (patternParts.length <= 2) return false;
  const [prefix, suffix] = pieces;
  if (prefix.length + suffix.length > hostSubdomain.length) return false;
  return hostSubdomain.startsWith(prefix) && hostSubdomain.endsWith(suffix);
}

const JSON_STRING = /^"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/;

function splitEscapedAltNames(altNames) {
  const result = [];
  let token = "";
  let offset = 0;
  while (offset !== altNames.length) {
    const nextSep = altNames.indexOf(",", offset);
    const nextQuote = altNames.indexOf('"', offset);
    if (nextQuote !== -1 && (nextSep === -1 || nextQuote < nextSep)) {
      token += altNames.substring(offset, nextQuote);
      const match = JSON_STRING.exec(altNames.substring(nextQuote));
      if (!match) {
        throw E.nodeError("ERR_TLS_CERT_ALTNAME_FORMAT", "Invalid subject alternative name string", "SyntaxError");
      }
      token += JSON.parse(match[0]);
      offset = nextQuote + match[0].length;
    } else if (nextSep !== -1) {
      token += altNames.substring(offset, nextSep);
      result.push(token);
      token = "";
      offset = nextSep + 2;
    } else {
      token += altNames.substring(offset);
      offset = altNames.length;
    }
  }
  result.push(token);
  return result;
}

// An IP address in its canonical text form ("" when it is none).
function canonicalizeIp(text) {
  if (/^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(text)) return text;
  if (isIP(text) !== 6 || text.includes("%")) return "";
  let groups = text.split(":");
  const last = groups[groups.length - 1];
  if (last.includes(".")) {
    const bytes = last.split(".").map(Number);
    groups = [...groups.slice(0, -1), ((bytes[0] << 8) | bytes[1]).toString(16), ((bytes[2] << 8) | bytes[3]).toString(16)];
  }
  const at = groups.indexOf("");
  let words;
  if (at === -1) {
    words = groups;
  } else {
    const head = groups.slice(0, at).filter((g) => g !== "");
    const tail = groups.slice(at + 1).filter((g) => g !== "");
    words = [...head, ...new Array(8 - head.length - tail.length).fill("0"), ...tail];
  }
  const values = words.map((w) => parseInt(w, 16));
  if (values.slice(0, 5).every((v) => v === 0) && values[5] === 0xffff) {
    return `::ffff:${values[6] >> 8}.${values[6] & 255}.${values[7] >> 8}.${values[7] & 255}`;
  }
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (values[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && values[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = values.map((v) => v.toString(16));
  if (bestStart === -1) return hex.join(":");
  return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLength).join(":")}`;
}

export function checkServerIdentity(hostname, cert) {
  const subject = cert.subject;
  const altNames = cert.subjectaltname;
  const dnsNames = [];
  const ips = [];
  hostname = "" + hostname;
  if (altNames) {
    const names = altNames.includes('"') ? splitEscapedAltNames(altNames) : altNames.split(", ");
    for (const name of names) {
      if (name.startsWith("DNS:")) dnsNames.push(name.slice(4));
      else if (name.startsWith("IP Address:")) ips.push(canonicalizeIp(name.slice(11)));
    }
  }
  let valid = false;
  let reason = "Unknown reason";
  hostname = hostname.replace(/[.]$/, "");
  if (isIP(hostname)) {
    valid = ips.includes(canonicalizeIp(hostname));
    if (!valid) reason = `IP: ${hostname} is not in the cert's list: ` + ips.join(", ");
  } else if (dnsNames.length > 0 || subject?.CN) {
    const hostParts = splitHost(hostname);
    const wildcard = (pattern) => matchesPattern(hostParts, pattern, true);
    if (dnsNames.length > 0) {
      valid = dnsNames.some(wildcard);
      if (!valid) reason = `Host: ${hostname}. is not in the cert's altnames: ${altNames}`;
    } else {
      const cn = subject?.CN;
      if (Array.isArray(cn)) valid = cn.some(wildcard);
      else if (cn) valid = wildcard(cn);
      if (!valid) reason = `Host: ${hostname}. is not cert's CN: ${cn}`;
    }
  } else {
    reason = "Cert does not contain a DNS name";
  }
  if (!valid) {
    const error = E.nodeError("ERR_TLS_CERT_ALTNAME_INVALID", reason);
    error.reason = reason;
    error.host = hostname;
    error.cert = cert;
    return error;
  }
  return undefined;
}

// --- ALPN ------------------------------------------------------------------------------

function convertProtocols(protocols) {
  const lengths = protocols.map((protocol, i) => {
    const length = Buffer.byteLength(protocol);
    if (length > 255) {
      const error = E.outOfRange("x", "<= 255", length);
      error.message =
        `The byte length of the protocol at index ${i} exceeds the maximum length. It must be <= 255. ` +
        `Received ${length}`;
      throw error;
    }
    return length;
  });
  const out = Buffer.allocUnsafe(lengths.reduce((total, length) => total + 1 + length, 0));
  let offset = 0;
  for (let i = 0; i < protocols.length; i++) {
    out[offset++] = lengths[i];
    out.write(protocols[i], offset);
    offset += lengths[i];
  }
  return out;
}

export function convertALPNProtocols(protocols, out) {
  if (Array.isArray(protocols)) {
    out.ALPNProtocols = convertProtocols(protocols);
  } else if (protocols instanceof Uint8Array) {
    out.ALPNProtocols = Buffer.from(protocols);
  } else if (ArrayBuffer.isView(protocols)) {
    out.ALPNProtocols = Buffer.from(
      protocols.buffer.slice(protocols.byteOffset, protocols.byteOffset + protocols.byteLength),
    );
  }
}

// --- servers (none in a Worker) ------------------------------------------------------------

export function createServer() {
  throw new Error("Not implemented");
}

export function Server() {
  throw new Error("Not implemented");
}

export function getCiphers() {
  throw new Error("Not implemented");
}

// --- secure contexts ---------------------------------------------------------------------

export function SecureContext(secureProtocol, secureOptions, minVersion, maxVersion) {
  if (!(this instanceof SecureContext)) {
    return new SecureContext(secureProtocol, secureOptions, minVersion, maxVersion);
  }
  if (secureOptions !== undefined) E.validateInteger(secureOptions, "secureOptions");
  this.context = undefined;
  return this;
}

export function createSecureContext(options = {}) {
  return new SecureContext(options.secureProtocol, options.secureOptions, options.minVersion, options.maxVersion);
}

export function createSecurePair() {
  throw E.methodNotImplemented("createSecurePair");
}

// --- connections (not modelled) ------------------------------------------------------------

function checkTlsOptions(options) {
  if (options.enableTrace) throw optionNotImplemented("options.enableTrace");
  if (options.isServer) throw optionNotImplemented("options.isServer");
  if (options.server) throw optionNotImplemented("options.server");
  if (options.requestCert) throw optionNotImplemented("options.requestCert");
  if (options.rejectUnauthorized === false) throw optionNotImplemented("options.rejectUnauthorized");
  if (options.ALPNProtocols !== undefined) throw optionNotImplemented("options.ALPNProtocols");
  if (options.SNICallback !== undefined) throw optionNotImplemented("options.SNICallback");
  if (options.requestOCSP) throw optionNotImplemented("options.requestOCSP");
  if (options.secureContext !== undefined && !(options.secureContext instanceof SecureContext)) {
    throw E.nodeError("ERR_TLS_INVALID_CONTEXT", "context must be a SecureContext", "TypeError");
  }
  if (options.pskCallback !== undefined) throw optionNotImplemented("options.pskCallback");
  if (options.checkServerIdentity !== undefined) {
    E.validateFunction(options.checkServerIdentity, "options.checkServerIdentity");
  }
}

export function TLSSocket(_socket, opts) {
  checkTlsOptions({ ...opts });
  throw notModelled("TLSSocket");
}

export function connect(...args) {
  const normalized = _normalizeArgs(args);
  const options = normalized[0];
  if (args[1] !== null && typeof args[1] === "object") Object.assign(options, args[1]);
  else if (args[2] !== null && typeof args[2] === "object") Object.assign(options, args[2]);
  if (options.minDHSize !== undefined) {
    E.validateNumber(options.minDHSize, "options.minDHSize", 1);
    throw optionNotImplemented("options.minDHSize");
  }
  if (options.rejectUnauthorized === false) throw optionNotImplemented("options.rejectUnauthorized");
  if (options.pskCallback !== undefined) throw optionNotImplemented("options.pskCallback");
  if (options.checkServerIdentity !== undefined) {
    E.validateFunction(options.checkServerIdentity, "options.checkServerIdentity");
  }
  checkTlsOptions({
    ALPNProtocols: options.ALPNProtocols,
    enableTrace: options.enableTrace,
    secureContext: options.secureContext,
  });
  throw notModelled("connect()");
}

export default {
  SecureContext,
  Server,
  TLSSocket,
  connect,
  createSecureContext,
  createServer,
  checkServerIdentity,
  convertALPNProtocols,
  getCiphers,
  createSecurePair,
  CLIENT_RENEG_LIMIT,
  CLIENT_RENEG_WINDOW,
  DEFAULT_CIPHERS,
  DEFAULT_ECDH_CURVE,
  DEFAULT_MIN_VERSION,
  DEFAULT_MAX_VERSION,
  rootCertificates,
};
