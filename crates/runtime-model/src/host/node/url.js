// node:url for crosstalk, as workerd (1.20261117) has it: the WHATWG URL classes (the
// globals), file URL conversion, urlToHttpOptions, the domain helpers, and Node's legacy
// API (Url, parse with parseQueryString and slashesDenoteHost, format of a legacy object
// or of a URL, resolve, resolveObject), with workerd's errors.
import { parse as parseQuery, stringify as stringifyQuery } from "node:querystring";
import { toUnicode as punycodeToUnicode } from "node:punycode";

const node = globalThis[Symbol.for("crosstalk.node")]("node-process");
const { errors } = node;

const { URL, URLSearchParams } = globalThis;
export { URL, URLSearchParams };

// ---------------------------------------------------------------------------------------
// Domains.

function toASCII(domain) {
  if (domain === "") return "";
  try {
    return new URL(`ws://${domain}`).hostname;
  } catch {
    return "";
  }
}

function toUnicode(domain) {
  const ascii = toASCII(domain);
  if (ascii === "") return "";
  try {
    return punycodeToUnicode(ascii);
  } catch {
    return "";
  }
}

export function domainToASCII(domain) {
  if (arguments.length < 1) throw errors.missingArgs("domain");
  return toASCII(`${domain}`);
}

export function domainToUnicode(domain) {
  if (arguments.length < 1) throw errors.missingArgs("domain");
  return toUnicode(`${domain}`);
}

// ---------------------------------------------------------------------------------------
// File URLs.

const urlError = (code, message) => errors.nodeError(Error, code, message);

// A WHATWG URL, or an object shaped like one (not a legacy Url).
function isURL(value) {
  return Boolean(value?.href && value.protocol && value.auth === undefined && value.path === undefined);
}

function posixPathOf(url) {
  if (url.hostname !== "") throw urlError("ERR_INVALID_FILE_URL_HOST", 'File URL host must be "localhost" or empty on linux');
  const { pathname } = url;
  if (/%2f/i.test(pathname)) throw urlError("ERR_INVALID_FILE_URL_PATH", "File URL path must not include encoded / characters");
  return decodeURIComponent(pathname);
}

function windowsPathOf(url) {
  let pathname = url.pathname;
  if (/%2f|%5c/i.test(pathname)) {
    throw urlError("ERR_INVALID_FILE_URL_PATH", "File URL path must not include encoded \\ or / characters");
  }
  pathname = decodeURIComponent(pathname.replace(/\//g, "\\"));
  if (url.hostname !== "") return `\\\\${toUnicode(url.hostname)}${pathname}`;
  const letter = pathname.codePointAt(1) | 0x20;
  if (letter < 97 || letter > 122 || pathname.charAt(2) !== ":") {
    throw urlError("ERR_INVALID_FILE_URL_PATH", "File URL path must be absolute");
  }
  return pathname.slice(1);
}

export function fileURLToPath(input, options) {
  const windows = options?.windows;
  let url;
  if (typeof input === "string") url = new URL(input);
  else if (isURL(input)) url = input;
  else throw errors.invalidArgType("path", ["string", "URL"], input);
  if (url.protocol !== "file:") throw urlError("ERR_INVALID_URL_SCHEME", "The URL must be of scheme file");
  return windows ? windowsPathOf(url) : posixPathOf(url);
}

const pathEscapes = [
  ["%", "%25"], ["\t", "%09"], ["\n", "%0A"], ["\r", "%0D"], [" ", "%20"], ['"', "%22"], ["#", "%23"],
  ["?", "%3F"], ["[", "%5B"], ["\\", "%5C"], ["]", "%5D"], ["^", "%5E"], ["|", "%7C"], ["~", "%7E"],
];

function escapePath(path, windows) {
  for (const [character, escaped] of pathEscapes) {
    if (windows && character === "\\") continue;
    if (path.includes(character)) path = path.split(character).join(escaped);
  }
  return path;
}

// posix.resolve with the file system's root as the working directory, as workerd's path
// module resolves.
function resolvePosix(path) {
  const parts = [];
  for (const part of `/${path}`.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return `/${parts.join("/")}`;
}

// win32.resolve of a drive-absolute path (C:\a\..\b is C:\b).
function resolveWindows(path) {
  const drive = /^[a-zA-Z]:/.exec(path)?.[0] ?? "";
  const parts = [];
  for (const part of path.slice(drive.length).split(/[\\/]/)) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return `${drive}\\${parts.join("\\")}`;
}

export function pathToFileURL(filepath, options) {
  const windows = options?.windows;
  if (typeof filepath !== "string") throw errors.invalidArgType("filepath", "string", filepath);
  if (windows && filepath.startsWith("\\\\")) {
    const url = new URL("file://");
    const prefix = filepath.startsWith("\\\\?\\UNC\\") ? 8 : 2;
    const hostEnd = filepath.indexOf("\\", prefix);
    if (hostEnd === -1) throw errors.invalidArgValue("path", filepath, "Missing UNC resource path");
    if (hostEnd === 2) throw errors.invalidArgValue("path", filepath, "Empty UNC servername");
    url.hostname = toASCII(filepath.slice(prefix, hostEnd));
    url.pathname = escapePath(filepath.slice(hostEnd).replace(/\\/g, "/"), windows);
    return url;
  }
  let resolved = windows ? resolveWindows(filepath) : resolvePosix(filepath);
  const last = filepath.charCodeAt(filepath.length - 1);
  const separator = windows ? "\\" : "/";
  if ((last === 47 || (windows && last === 92)) && resolved[resolved.length - 1] !== separator) resolved += "/";
  return new URL(`file://${escapePath(resolved, windows)}`);
}

export function toPathIfFileURL(value) {
  return isURL(value) ? fileURLToPath(value) : value;
}

export function urlToHttpOptions(url) {
  const { hostname, pathname, port, username, password, search } = url;
  const options = {
    __proto__: null,
    ...url,
    protocol: url.protocol,
    hostname: hostname && hostname[0] === "[" ? hostname.slice(1, -1) : hostname,
    hash: url.hash,
    search,
    pathname,
    path: `${pathname || ""}${search || ""}`,
    href: url.href,
  };
  if (port !== "") options.port = Number(port);
  if (username || password) options.auth = `${decodeURIComponent(username)}:${decodeURIComponent(password)}`;
  return options;
}

// ---------------------------------------------------------------------------------------
// The legacy API.

// Protocols whose URLs have "//" and a host, and those that never have a host.
const slashed = new Set(["http", "http:", "https", "https:", "ftp", "ftp:", "gopher", "gopher:", "file", "file:", "ws", "ws:", "wss", "wss:"]);
const hostless = new Set(["javascript", "javascript:"]);
const unescaped = new Set(["javascript", "javascript:"]);

const isWhitespace = (code) => code < 33 || code === 0xa0 || code === 0xfeff;

// What parse() escapes in the part after the host.
const autoEscapes = {
  9: "%09", 10: "%0A", 13: "%0D", 32: "%20", 34: "%22", 39: "%27", 60: "%3C", 62: "%3E", 92: "%5C", 94: "%5E",
  96: "%60", 123: "%7B", 124: "%7C", 125: "%7D",
};

function autoEscape(text) {
  let out = "";
  let changed = false;
  for (let i = 0; i < text.length; i++) {
    const escaped = autoEscapes[text.charCodeAt(i)];
    if (escaped) {
      out += escaped;
      changed = true;
    } else {
      out += text[i];
    }
  }
  return changed ? out : text;
}

// The characters that end a host (for the host's own scan).
const hostStops = new Set([35, 47, 63]);
const notHost = new Set([32, 34, 37, 39, 59, 60, 62, 92, 94, 96, 123, 124, 125]);
const forbiddenHost = /[\0\t\n\r #%/:<>?@[\\\]^|]/;
const forbiddenIpv6Host = /[\0\t\n\r #%/<>?@\\^|]/;

const isIpv6 = (hostname) => hostname.charCodeAt(0) === 91 && hostname.charCodeAt(hostname.length - 1) === 93;

export function Url() {
  this.protocol = null;
  this.slashes = null;
  this.auth = null;
  this.host = null;
  this.port = null;
  this.hostname = null;
  this.hash = null;
  this.search = null;
  this.query = null;
  this.pathname = null;
  this.path = null;
  this.href = null;
}

// The URL text without its surrounding whitespace, with backslashes before the query or
// fragment made slashes; whether it has "#" and whether it has "@" before them.
function trimmed(url) {
  let start = 0;
  while (start < url.length && isWhitespace(url.charCodeAt(start))) start++;
  let end = url.length;
  while (end > start && isWhitespace(url.charCodeAt(end - 1))) end--;
  // workerd keeps inner whitespace; only a trailing run is cut.
  let text = "";
  let hasHash = false;
  let hasAt = false;
  let split = false;
  for (let i = start; i < end; i++) {
    const code = url.charCodeAt(i);
    let character = url[i];
    if (!split) {
      if (code === 64) hasAt = true;
      else if (code === 35) hasHash = split = true;
      else if (code === 63) split = true;
      else if (code === 92) character = "/";
    } else if (code === 35) {
      hasHash = true;
    }
    text += character;
  }
  return { text, hasHash, hasAt };
}

Url.prototype.parse = function parse(url, parseQueryString, slashesDenoteHost) {
  errors.validateString(url, "url");
  let { text: rest, hasHash, hasAt } = trimmed(url);

  if (!slashesDenoteHost && !hasHash && !hasAt) {
    const simple = /^(\/\/?(?!\/)[^?\s]*)(\?[^\s]*)?$/.exec(rest);
    if (simple) {
      this.path = rest;
      this.href = rest;
      this.pathname = simple[1];
      if (simple[2]) {
        this.search = simple[2];
        this.query = parseQueryString ? parseQuery(this.search.slice(1)) : this.search.slice(1);
      } else if (parseQueryString) {
        this.search = null;
        this.query = { __proto__: null };
      }
      return this;
    }
  }

  const protocolMatch = /^[a-z0-9.+-]+:/i.exec(rest);
  let protocol;
  if (protocolMatch) {
    protocol = protocolMatch[0].toLowerCase();
    this.protocol = protocol;
    rest = rest.slice(protocolMatch[0].length);
  }

  let slashes;
  if (slashesDenoteHost || protocolMatch || /^\/\/[^@/]+@[^@/]+/.test(rest)) {
    slashes = rest.startsWith("//");
    if (slashes && !(protocolMatch && hostless.has(protocol))) {
      rest = rest.slice(2);
      this.slashes = true;
    }
  }

  if (!hostless.has(protocol) && (slashes || (protocolMatch && !slashed.has(protocolMatch[0])))) {
    // The host runs to the first "/", "?" or "#"; an "@" before it ends the auth. Tabs
    // and newlines in it are dropped.
    let hostEnd = -1;
    let atSign = -1;
    let nonHost = -1;
    for (let i = 0; i < rest.length; i++) {
      const code = rest.charCodeAt(i);
      if (code === 9 || code === 10 || code === 13) {
        rest = rest.slice(0, i) + rest.slice(i + 1);
        i -= 1;
      } else if (notHost.has(code)) {
        if (nonHost === -1) nonHost = i;
      } else if (hostStops.has(code)) {
        if (nonHost === -1) nonHost = i;
        hostEnd = i;
        break;
      } else if (code === 64) {
        atSign = i;
        nonHost = -1;
      }
    }
    let hostStart = 0;
    if (atSign !== -1) {
      this.auth = decodeURIComponent(rest.slice(0, atSign));
      hostStart = atSign + 1;
    }
    if (nonHost === -1) {
      this.host = rest.slice(hostStart);
      rest = "";
    } else {
      this.host = rest.slice(hostStart, nonHost);
      rest = rest.slice(nonHost);
    }
    this.parseHost();
    if (typeof this.hostname !== "string") this.hostname = "";
    const ipv6 = isIpv6(this.hostname);
    if (!ipv6) {
      const hostname = this.hostname;
      for (let i = 0; i < hostname.length; i++) {
        const code = hostname.charCodeAt(i);
        if (code === 47 || code === 92 || code === 35 || code === 63 || code === 58) {
          this.hostname = hostname.slice(0, i);
          rest = `/${hostname.slice(i)}${rest}`;
          break;
        }
      }
    }
    this.hostname = this.hostname.length > 255 ? "" : this.hostname.toLowerCase();
    if (this.hostname !== "") {
      if (ipv6) {
        if (forbiddenIpv6Host.test(this.hostname)) throw invalidUrl(url);
      } else {
        this.hostname = toASCII(this.hostname);
        if (this.hostname === "" || forbiddenHost.test(this.hostname)) throw invalidUrl(url);
      }
    }
    this.host = (this.hostname || "") + (this.port ? `:${this.port}` : "");
    if (ipv6) {
      this.hostname = this.hostname.slice(1, -1);
      if (rest[0] !== "/") rest = `/${rest}`;
    }
  }

  if (!unescaped.has(protocol)) rest = autoEscape(rest);

  let question = -1;
  let hash = -1;
  for (let i = 0; i < rest.length; i++) {
    const code = rest.charCodeAt(i);
    if (code === 35) {
      this.hash = rest.slice(i);
      hash = i;
      break;
    }
    if (code === 63 && question === -1) question = i;
  }
  if (question !== -1) {
    const queryEnd = hash === -1 ? rest.length : hash;
    this.search = rest.slice(question, queryEnd);
    this.query = rest.slice(question + 1, queryEnd);
    if (parseQueryString) this.query = parseQuery(this.query);
  } else if (parseQueryString) {
    this.search = null;
    this.query = { __proto__: null };
  }
  const first = question !== -1 && (hash === -1 || question < hash) ? question : hash;
  if (first === -1) {
    if (rest.length > 0) this.pathname = rest;
  } else if (first > 0) {
    this.pathname = rest.slice(0, first);
  }
  if (slashed.has(protocol) && this.hostname && !this.pathname) this.pathname = "/";
  if (this.pathname || this.search) this.path = (this.pathname || "") + (this.search || "");
  this.href = this.format();
  return this;
};

function invalidUrl(input) {
  const error = urlError("ERR_INVALID_URL", "Invalid URL");
  error.input = input;
  return error;
}

// The auth part's characters format() keeps: letters, digits, - _ . ! ~ * ' ( ) and ":".
const authKept = new Uint8Array(128);
for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!~*'():") {
  authKept[c.charCodeAt(0)] = 1;
}

function encodeAuth(text) {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 128) {
      out += authKept[code] === 1 ? text[i] : `%${code < 16 ? "0" : ""}${code.toString(16).toUpperCase()}`;
      continue;
    }
    let character = text[i];
    if (code >= 0xd800 && code < 0xe000) {
      if (i + 1 >= text.length) throw uriMalformed();
      character = String.fromCodePoint(0x10000 + (((code & 0x3ff) << 10) | (text.charCodeAt(++i) & 0x3ff)));
    }
    for (const byte of new TextEncoder().encode(character)) out += `%${byte.toString(16).toUpperCase()}`;
  }
  return out;
}

function uriMalformed() {
  const error = urlError("ERR_INVALID_URI", "URI malformed");
  error.name = "URIError";
  return error;
}

Url.prototype.format = function format() {
  let auth = this.auth || "";
  if (auth) auth = `${encodeAuth(auth)}@`;
  let protocol = this.protocol || "";
  let pathname = this.pathname || "";
  let hash = this.hash || "";
  let host = "";
  let query = "";
  if (this.host) {
    host = auth + this.host;
  } else if (this.hostname) {
    const bracketed = this.hostname.includes(":") && !isIpv6(this.hostname);
    host = auth + (bracketed ? `[${this.hostname}]` : this.hostname);
    if (this.port) host += `:${this.port}`;
  }
  if (this.query !== null && typeof this.query === "object") query = stringifyQuery(this.query);
  let search = this.search || (query && `?${query}`) || "";
  if (protocol && protocol.charCodeAt(protocol.length - 1) !== 58) protocol += ":";
  pathname = pathname.replace(/[#?]/g, (c) => (c === "#" ? "%23" : "%3F"));
  if (this.slashes || slashed.has(protocol)) {
    if (this.slashes || host) {
      if (pathname && pathname.charCodeAt(0) !== 47) pathname = `/${pathname}`;
      host = `//${host}`;
    } else if (protocol.length >= 4 && protocol.startsWith("file")) {
      host = "//";
    }
  }
  search = search.replace(/#/g, "%23");
  if (hash && hash.charCodeAt(0) !== 35) hash = `#${hash}`;
  if (search && search.charCodeAt(0) !== 63) search = `?${search}`;
  return protocol + host + pathname + search + hash;
};

const pathOf = (url) => (url.pathname || "") + (url.search || "");

Url.prototype.resolveObject = function resolveObject(relative) {
  if (typeof relative === "string") {
    const parsed = new Url();
    parsed.parse(relative, false, true);
    relative = parsed;
  }
  const result = new Url();
  Object.assign(result, this);
  result.hash = relative.hash;

  // Only a fragment: the base with it.
  if (relative.href === "") {
    result.href = result.format();
    return result;
  }

  // "//host/path": the base's protocol with everything else of the relative.
  if (relative.slashes && !relative.protocol) {
    for (const key of Object.keys(relative)) if (key !== "protocol") result[key] = relative[key];
    if (slashed.has(result.protocol) && result.hostname && !result.pathname) result.path = result.pathname = "/";
    result.href = result.format();
    return result;
  }

  if (relative.protocol && relative.protocol !== result.protocol) {
    // Another protocol without "//": the relative as it is.
    if (!slashed.has(relative.protocol)) {
      Object.assign(result, relative);
      result.href = result.format();
      return result;
    }
    result.protocol = relative.protocol;
    if (!relative.host && !/^file:?$/.test(relative.protocol) && !hostless.has(relative.protocol)) {
      // "http:host/path": the host is the path's first part.
      const segments = (relative.pathname || "").split("/");
      while (segments.length > 0 && !(relative.host = segments.shift()));
      relative.host ||= "";
      relative.hostname ||= "";
      if (segments[0] !== "") segments.unshift("");
      if (segments.length < 2) segments.unshift("");
      result.pathname = segments.join("/");
    } else {
      result.pathname = relative.pathname;
    }
    result.search = relative.search;
    result.query = relative.query;
    result.host = relative.host || "";
    result.auth = relative.auth;
    result.hostname = relative.hostname || relative.host;
    result.port = relative.port;
    if (result.pathname || result.search) result.path = pathOf(result);
    result.slashes ||= relative.slashes;
    result.href = result.format();
    return result;
  }

  const baseAbsolute = result.pathname && result.pathname.charAt(0) === "/";
  const relativeAbsolute = relative.host || (relative.pathname && relative.pathname.charAt(0) === "/");
  let mustBeAbsolute = Boolean(relativeAbsolute) || Boolean(baseAbsolute) || (Boolean(result.host) && Boolean(relative.pathname));
  const dropDots = mustBeAbsolute;
  let segments = (result.pathname && result.pathname.split("/")) || [];
  const relativeSegments = (relative.pathname && relative.pathname.split("/")) || [];
  const noLeadingSlashes = result.protocol && !slashed.has(result.protocol);

  // A protocol without "//" (mailto:): the host is the path's first segment.
  if (noLeadingSlashes) {
    result.hostname = "";
    result.port = null;
    if (result.host) {
      if (segments[0] === "") segments[0] = result.host;
      else segments.unshift(result.host);
    }
    result.host = "";
    if (relative.protocol) {
      relative.hostname = null;
      relative.port = null;
      result.auth = null;
      if (relative.host) {
        if (relativeSegments[0] === "") relativeSegments[0] = relative.host;
        else relativeSegments.unshift(relative.host);
      }
      relative.host = null;
    }
    mustBeAbsolute &&= relativeSegments[0] === "" || segments[0] === "";
  }

  if (relativeAbsolute) {
    if (relative.host || relative.host === "") {
      if (result.host !== relative.host) result.auth = null;
      result.host = relative.host;
      result.port = relative.port;
    }
    if (relative.hostname || relative.hostname === "") {
      if (result.hostname !== relative.hostname) result.auth = null;
      result.hostname = relative.hostname;
    }
    result.search = relative.search;
    result.query = relative.query;
    segments = relativeSegments;
  } else if (relativeSegments.length > 0) {
    segments.pop();
    segments = segments.concat(relativeSegments);
    result.search = relative.search;
    result.query = relative.query;
  } else if (relative.search !== null && relative.search !== undefined) {
    // Only a query: the base's path with it.
    if (noLeadingSlashes) {
      result.hostname = result.host = segments.shift();
      const userAndHost = result.host && result.host.indexOf("@") > 0 && result.host.split("@");
      if (userAndHost) {
        result.auth = userAndHost.shift();
        result.host = result.hostname = userAndHost.shift();
      }
    }
    result.search = relative.search;
    result.query = relative.query;
    if (result.pathname !== null || result.search !== null) result.path = pathOf(result);
    result.href = result.format();
    return result;
  }

  if (segments.length === 0) {
    result.pathname = null;
    result.path = result.search ? `/${result.search}` : null;
    result.href = result.format();
    return result;
  }

  let last = segments[segments.length - 1];
  const trailingSlash =
    ((result.host || relative.host || segments.length > 1) && (last === "." || last === "..")) || last === "";

  // Remove "." and ".." with the segment before; count the ".." left over.
  let up = 0;
  for (let i = segments.length - 1; i >= 0; i--) {
    last = segments[i];
    if (last === ".") {
      segments.splice(i, 1);
    } else if (last === "..") {
      segments.splice(i, 1);
      up++;
    } else if (up) {
      segments.splice(i, 1);
      up--;
    }
  }
  if (!mustBeAbsolute && !dropDots) {
    for (; up > 0; up--) segments.unshift("..");
  }
  if (mustBeAbsolute && segments[0] !== "" && (!segments[0] || segments[0].charAt(0) !== "/")) segments.unshift("");
  if (trailingSlash && segments.join("/").slice(-1) !== "/") segments.push("");

  const absolute = segments[0] === "" || (segments[0] && segments[0].charAt(0) === "/");
  if (noLeadingSlashes) {
    result.hostname = result.host = absolute ? "" : segments.length > 0 ? segments.shift() : "";
    const userAndHost = result.host && result.host.indexOf("@") > 0 ? result.host.split("@") : false;
    if (userAndHost) {
      result.auth = userAndHost.shift();
      result.host = result.hostname = userAndHost.shift();
    }
  }
  mustBeAbsolute ||= Boolean(result.host && segments.length);
  if (mustBeAbsolute && !absolute) segments.unshift("");
  if (segments.length === 0) {
    result.pathname = null;
    result.path = null;
  } else {
    result.pathname = segments.join("/");
  }
  if (result.pathname !== null || result.search !== null) result.path = pathOf(result);
  result.auth = relative.auth || result.auth;
  result.slashes ||= relative.slashes;
  result.href = result.format();
  return result;
};

Url.prototype.resolve = function resolve(relative) {
  return this.resolveObject(parse(relative, false, true)).format();
};

Url.prototype.parseHost = function parseHost() {
  let host = this.host;
  const port = /:[0-9]*$/.exec(host);
  if (port) {
    if (port[0] !== ":") this.port = port[0].slice(1);
    host = host.slice(0, host.length - port[0].length);
  }
  if (host) this.hostname = host;
};

export function parse(url, parseQueryString, slashesDenoteHost) {
  if (url instanceof Url) return url;
  const parsed = new Url();
  parsed.parse(url, parseQueryString, slashesDenoteHost);
  return parsed;
}

export function resolve(source, relative) {
  return parse(source, false, true).resolve(relative);
}

export function resolveObject(source, relative) {
  if (!source) return relative;
  return parse(source, false, true).resolveObject(relative);
}

// A WHATWG URL's href without what the options leave out.
function formatURL(url, options) {
  let fragment = true;
  let unicode = false;
  let search = true;
  let auth = true;
  if (options) {
    errors.validateObject(options, "options");
    if (options.fragment != null) fragment = Boolean(options.fragment);
    if (options.unicode != null) unicode = Boolean(options.unicode);
    if (options.search != null) search = Boolean(options.search);
    if (options.auth != null) auth = Boolean(options.auth);
  }
  const copy = new URL(url.href);
  if (!fragment) copy.hash = "";
  if (!search) copy.search = "";
  if (!auth) {
    copy.username = "";
    copy.password = "";
  }
  let href = copy.href;
  if (unicode && copy.hostname) {
    const shown = toUnicode(copy.hostname);
    if (shown && shown !== copy.hostname) {
      const at = href.indexOf(copy.hostname, copy.protocol.length);
      href = href.slice(0, at) + shown + href.slice(at + copy.hostname.length);
    }
  }
  return href;
}

export function format(urlObject, options) {
  if (typeof urlObject === "string") {
    urlObject = parse(urlObject);
  } else if (typeof urlObject !== "object" || urlObject === null) {
    throw errors.invalidArgType("urlObject", ["Object", "string"], urlObject);
  } else if (urlObject instanceof URL) {
    return formatURL(urlObject, options);
  }
  return Url.prototype.format.call(urlObject);
}

const url = {
  domainToASCII,
  domainToUnicode,
  URL,
  URLSearchParams,
  fileURLToPath,
  pathToFileURL,
  toPathIfFileURL,
  urlToHttpOptions,
  format,
  parse,
  resolve,
  resolveObject,
  Url,
};
node.registerBuiltin("url", url);
export default url;
