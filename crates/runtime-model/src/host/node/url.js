// node:url for crosstalk: the WHATWG URL classes (the globals), file URL conversion,
// format() and the domain helpers, with workerd's errors. The legacy parse/resolve API
// is not provided: importing it is a link error naming the export.
const codeError = (Ctor, code, message) => Object.assign(new Ctor(message), { code });

const { URL, URLSearchParams } = globalThis;
export { URL, URLSearchParams };

export function fileURLToPath(input) {
  const url = typeof input === "string" ? new URL(input) : input;
  if (!(url instanceof URL)) {
    throw codeError(TypeError, "ERR_INVALID_ARG_TYPE", 'The "path" argument must be of type string or an instance of URL');
  }
  if (url.protocol !== "file:") throw codeError(Error, "ERR_INVALID_URL_SCHEME", "The URL must be of scheme file");
  if (url.hostname !== "") {
    throw codeError(Error, "ERR_INVALID_FILE_URL_HOST", 'File URL host must be "localhost" or empty on linux');
  }
  if (/%2f/i.test(url.pathname)) {
    throw codeError(Error, "ERR_INVALID_FILE_URL_PATH", "File URL path must not include encoded / characters");
  }
  return decodeURIComponent(url.pathname);
}

export function pathToFileURL(path) {
  let resolved = path.startsWith("/") ? path : `/${path}`;
  const url = new URL("file://");
  resolved = resolved.replace(/%/g, "%25").replace(/\\/g, "%5C").replace(/\n/g, "%0A").replace(/\r/g, "%0D").replace(/\t/g, "%09");
  url.pathname = resolved.replace(/#/g, "%23").replace(/\?/g, "%3F");
  return url;
}

export function toPathIfFileURL(value) {
  return value instanceof URL ? fileURLToPath(value) : value;
}

export function domainToASCII(domain) {
  try {
    return new URL(`ws://${domain}`).hostname;
  } catch {
    return "";
  }
}

export function domainToUnicode(domain) {
  const ascii = domainToASCII(domain);
  return ascii.split(".").map((label) => (label.startsWith("xn--") ? decodePunycode(label.slice(4)) : label)).join(".");
}

// RFC 3492 decoding, for domainToUnicode.
function decodePunycode(input) {
  const base = 36, tMin = 1, tMax = 26, skew = 38, damp = 700;
  const out = [];
  let n = 128, i = 0, bias = 72, first = true;
  const basic = input.lastIndexOf("-");
  for (let j = 0; j < Math.max(basic, 0); j++) out.push(input.charCodeAt(j));
  for (let at = basic > 0 ? basic + 1 : 0; at < input.length; ) {
    const old = i;
    for (let w = 1, k = base; ; k += base) {
      const c = input.charCodeAt(at++);
      const digit = c - 48 < 10 ? c - 22 : c - 65 < 26 ? c - 65 : c - 97 < 26 ? c - 97 : base;
      i += digit * w;
      const t = k <= bias ? tMin : k >= bias + tMax ? tMax : k - bias;
      if (digit < t) break;
      w *= base - t;
    }
    const length = out.length + 1;
    let delta = first ? Math.floor((i - old) / damp) : (i - old) >> 1;
    first = false;
    delta += Math.floor(delta / length);
    let k = 0;
    for (; delta > ((base - tMin) * tMax) >> 1; k += base) delta = Math.floor(delta / (base - tMin));
    bias = Math.floor(k + ((base - tMin + 1) * delta) / (delta + skew));
    n += Math.floor(i / length);
    i %= length;
    out.splice(i++, 0, n);
  }
  return String.fromCodePoint(...out);
}

export function format(input, options = {}) {
  if (input instanceof URL) {
    const { auth = true, fragment = true, search = true, unicode = false } = options;
    let out = `${input.protocol}`;
    if (input.host !== "" || input.protocol === "file:") out += "//";
    if (auth && (input.username || input.password)) {
      out += input.username + (input.password ? `:${input.password}` : "") + "@";
    }
    out += unicode ? domainToUnicode(input.hostname) : input.hostname;
    if (input.port) out += `:${input.port}`;
    out += input.pathname;
    if (search) out += input.search;
    if (fragment) out += input.hash;
    return out;
  }
  if (typeof input === "string") return input;
  const { protocol = "", auth, hostname, host, port, pathname = "", query, search, hash = "" } = input;
  let out = protocol ? (protocol.endsWith(":") ? protocol : `${protocol}:`) : "";
  const hostPart = host ?? (hostname ? hostname + (port ? `:${port}` : "") : "");
  if (hostPart || /^(https?|ftp|file|wss?):$/.test(out)) out += "//" + (auth ? `${encodeURIComponent(auth).replace(/%3A/i, ":")}@` : "");
  out += hostPart;
  out += pathname && hostPart && !pathname.startsWith("/") ? `/${pathname}` : pathname;
  if (search) out += search.startsWith("?") ? search : `?${search}`;
  else if (query && typeof query === "object") {
    const text = new URLSearchParams(query).toString().replace(/\+/g, "%20");
    if (text) out += `?${text}`;
  }
  if (hash) out += hash.startsWith("#") ? hash : `#${hash}`;
  return out;
}

export function urlToHttpOptions(url) {
  const options = {
    protocol: url.protocol,
    hostname: url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname,
    hash: url.hash,
    search: url.search,
    pathname: url.pathname,
    path: `${url.pathname || ""}${url.search || ""}`,
    href: url.href,
  };
  if (url.port !== "") options.port = Number(url.port);
  if (url.username || url.password) options.auth = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  return options;
}

export default { URL, URLSearchParams, fileURLToPath, pathToFileURL, toPathIfFileURL, domainToASCII, domainToUnicode, format, urlToHttpOptions };
