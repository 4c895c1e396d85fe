// node:path for crosstalk: POSIX paths, as workerd provides them (the working directory
// is "/"). `win32` is not provided: code that reaches for it fails instead of going wrong.
const sep = "/";
const delimiter = ":";

function checkString(value, name) {
  if (typeof value !== "string") {
    const error = new TypeError(`The "${name}" argument must be of type string. Received ${value === null ? "null" : typeof value}`);
    error.code = "ERR_INVALID_ARG_TYPE";
    throw error;
  }
}

// Resolves "." and ".." segments; keeps leading ".." of a relative path.
function normalizeSegments(path, absolute) {
  const out = [];
  for (const segment of path.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") {
      if (out.length > 0 && out[out.length - 1] !== "..") out.pop();
      else if (!absolute) out.push("..");
      continue;
    }
    out.push(segment);
  }
  return out.join("/");
}

function normalize(path) {
  checkString(path, "path");
  if (path === "") return ".";
  const absolute = path.startsWith("/");
  const trailing = path.endsWith("/");
  let out = normalizeSegments(path, absolute);
  if (out === "" && !absolute) out = ".";
  if (out !== "" && trailing) out += "/";
  return absolute ? `/${out}` : out;
}

function join(...parts) {
  parts.forEach((p) => checkString(p, "path"));
  const joined = parts.filter((p) => p !== "").join("/");
  return joined === "" ? "." : normalize(joined);
}

function resolve(...parts) {
  let resolved = "";
  let absolute = false;
  for (let i = parts.length - 1; i >= -1 && !absolute; i--) {
    const path = i >= 0 ? parts[i] : "/";
    checkString(path, `paths[${i}]`);
    if (path === "") continue;
    resolved = `${path}/${resolved}`;
    absolute = path.startsWith("/");
  }
  const out = normalizeSegments(resolved, true);
  return `/${out}`;
}

function isAbsolute(path) {
  checkString(path, "path");
  return path.startsWith("/");
}

function relative(from, to) {
  checkString(from, "from");
  checkString(to, "to");
  if (from === to) return "";
  const a = resolve(from).split("/").filter(Boolean);
  const b = resolve(to).split("/").filter(Boolean);
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  return [...a.slice(common).map(() => ".."), ...b.slice(common)].join("/");
}

function trimTrailing(path) {
  let end = path.length;
  while (end > 1 && path[end - 1] === "/") end--;
  return path.slice(0, end);
}

function dirname(path) {
  checkString(path, "path");
  if (path === "") return ".";
  const trimmed = trimTrailing(path);
  const at = trimmed.lastIndexOf("/");
  if (at === -1) return ".";
  if (at === 0) return "/";
  return trimmed.slice(0, at);
}

function basename(path, suffix) {
  checkString(path, "path");
  if (suffix !== undefined) checkString(suffix, "ext");
  const trimmed = trimTrailing(path);
  let base = trimmed === "/" ? "" : trimmed.slice(trimmed.lastIndexOf("/") + 1);
  if (suffix !== undefined && base.endsWith(suffix)) base = base.slice(0, base.length - suffix.length);
  return base;
}

function extname(path) {
  checkString(path, "path");
  const base = basename(path);
  const at = base.lastIndexOf(".");
  if (at <= 0 || (at === 1 && base === "..")) return "";
  return base.slice(at);
}

function parse(path) {
  checkString(path, "path");
  const root = path.startsWith("/") ? "/" : "";
  if (path === "") return { root: "", dir: "", base: "", ext: "", name: "" };
  const base = basename(path);
  const ext = extname(path);
  const trimmed = trimTrailing(path);
  const at = trimmed.lastIndexOf("/");
  const dir = at === -1 ? "" : at === 0 ? "/" : trimmed.slice(0, at);
  return { root, dir, base, ext, name: ext ? base.slice(0, base.length - ext.length) : base };
}

function format(parts) {
  if (parts === null || typeof parts !== "object") {
    throw new TypeError('The "pathObject" argument must be of type object');
  }
  const dir = parts.dir || parts.root || "";
  const base = parts.base || `${parts.name || ""}${parts.ext ? (parts.ext.startsWith(".") ? "" : ".") + parts.ext : ""}`;
  if (!dir) return base;
  return dir === parts.root ? `${dir}${base}` : `${dir}/${base}`;
}

function toNamespacedPath(path) {
  return path;
}

const posix = { sep, delimiter, normalize, join, resolve, isAbsolute, relative, dirname, basename, extname, parse, format, toNamespacedPath };
posix.posix = posix;

export { sep, delimiter, normalize, join, resolve, isAbsolute, relative, dirname, basename, extname, parse, format, toNamespacedPath };
export { posix };
export default posix;
