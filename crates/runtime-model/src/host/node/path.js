// node:path for crosstalk, as workerd provides it: POSIX paths by default, Windows paths as
// `win32`, the working directory "/" (workerd has no other), and `matchesGlob`.
const { internal } = globalThis[Symbol.for("crosstalk.node")]("node-util");
const { validate } = internal;

const isPosixSep = (c) => c === "/";
const isWinSep = (c) => c === "/" || c === "\\";
const isDriveLetter = (c) => c !== undefined && ((c >= "A" && c <= "Z") || (c >= "a" && c <= "z"));

// The segments of `text` with "", "." and ".." worked out; ".." that climb above the start
// are kept only when `keepAbove`.
function collapse(text, keepAbove, isSep, sep) {
  const out = [];
  let segment = "";
  const flush = () => {
    if (segment === "" || segment === ".") {
      // nothing
    } else if (segment === "..") {
      if (out.length > 0 && out[out.length - 1] !== "..") out.pop();
      else if (keepAbove) out.push("..");
    } else out.push(segment);
    segment = "";
  };
  for (const c of text) {
    if (isSep(c)) flush();
    else segment += c;
  }
  flush();
  return out.join(sep);
}

// The last path segment's bounds, ignoring trailing separators: [start, end), or null when
// there is none. `from` is the first index that may belong to it.
function lastSegment(path, from, isSep) {
  let end = path.length;
  while (end > from && isSep(path[end - 1])) end--;
  if (end === from) return null;
  let start = end;
  while (start > from && !isSep(path[start - 1])) start--;
  return [start, end];
}

// Where the extension of `path.slice(start, end)` begins, or -1; `partStart` is where the
// name is taken to begin for the ".." exception.
function extensionStart(path, start, end, partStart) {
  const dot = path.lastIndexOf(".", end - 1);
  if (dot <= start) return -1;
  const onlyDotsBefore = [...path.slice(start, dot)].every((c) => c === ".");
  if (onlyDotsBefore && dot === end - 1 && dot === partStart + 1) return -1;
  return dot;
}

// basename with a suffix, as Node strips it: only when the whole suffix matches the end of
// the name (and the name is more than the suffix).
function basenameWithSuffix(path, suffix, from, isSep) {
  if (suffix === path) return "";
  let start = from;
  let end = -1;
  let nameEnd = -1;
  let at = suffix.length - 1;
  for (let i = path.length - 1; i >= from; i--) {
    const c = path[i];
    if (isSep(c)) {
      if (nameEnd !== -1) {
        start = i + 1;
        break;
      }
      continue;
    }
    if (nameEnd === -1) nameEnd = i + 1;
    if (at >= 0) {
      if (c === suffix[at]) {
        at--;
        if (at === -1) end = i;
      } else {
        at = -1;
        end = nameEnd;
      }
    }
  }
  if (start === end) end = nameEnd;
  else if (end === -1) end = path.length;
  return path.slice(start, end);
}

function formatPath(sep, pathObject) {
  validate.object(pathObject, "pathObject");
  const dir = pathObject.dir || pathObject.root;
  const ext = pathObject.ext ? `${pathObject.ext[0] === "." ? "" : "."}${pathObject.ext}` : "";
  const base = pathObject.base || `${pathObject.name || ""}${ext}`;
  if (!dir) return base;
  return dir === pathObject.root ? `${dir}${base}` : `${dir}${sep}${base}`;
}

// ---------------------------------------------------------------------------------------
// POSIX

const posix = {
  resolve(...paths) {
    let resolved = "";
    let absolute = false;
    for (let i = paths.length - 1; i >= 0 && !absolute; i--) {
      const path = paths[i];
      validate.string(path, `paths[${i}]`);
      if (path.length === 0) continue;
      resolved = `${path}/${resolved}`;
      absolute = path[0] === "/";
    }
    return `/${collapse(resolved, false, isPosixSep, "/")}`;
  },

  normalize(path) {
    validate.string(path, "path");
    if (path.length === 0) return ".";
    const absolute = path[0] === "/";
    const trailing = path[path.length - 1] === "/";
    let out = collapse(path, !absolute, isPosixSep, "/");
    if (out.length === 0) {
      if (absolute) return "/";
      return trailing ? "./" : ".";
    }
    if (trailing) out += "/";
    return absolute ? `/${out}` : out;
  },

  isAbsolute(path) {
    validate.string(path, "path");
    return path.length > 0 && path[0] === "/";
  },

  join(...paths) {
    const parts = [];
    for (const path of paths) {
      validate.string(path, "path");
      if (path.length > 0) parts.push(path);
    }
    return parts.length === 0 ? "." : posix.normalize(parts.join("/"));
  },

  relative(from, to) {
    validate.string(from, "from");
    validate.string(to, "to");
    if (from === to) return "";
    const a = posix.resolve(from).split("/").filter(Boolean);
    const b = posix.resolve(to).split("/").filter(Boolean);
    let common = 0;
    while (common < a.length && common < b.length && a[common] === b[common]) common++;
    return [...a.slice(common).map(() => ".."), ...b.slice(common)].join("/");
  },

  toNamespacedPath(path) {
    return path;
  },

  dirname(path) {
    validate.string(path, "path");
    if (path.length === 0) return ".";
    const rooted = path[0] === "/";
    let i = path.length - 1;
    while (i >= 1 && path[i] === "/") i--;
    while (i >= 1 && path[i] !== "/") i--;
    if (i < 1) return rooted ? "/" : ".";
    if (rooted && i === 1) return "//";
    return path.slice(0, i);
  },

  basename(path, suffix) {
    if (suffix !== undefined) validate.string(suffix, "ext");
    validate.string(path, "path");
    if (suffix !== undefined && suffix.length > 0 && suffix.length <= path.length) {
      return basenameWithSuffix(path, suffix, 0, isPosixSep);
    }
    const part = lastSegment(path, 0, isPosixSep);
    return part ? path.slice(part[0], part[1]) : "";
  },

  extname(path) {
    validate.string(path, "path");
    const part = lastSegment(path, 0, isPosixSep);
    if (!part) return "";
    const dot = extensionStart(path, part[0], part[1], part[0]);
    return dot === -1 ? "" : path.slice(dot, part[1]);
  },

  format(pathObject) {
    return formatPath("/", pathObject);
  },

  parse(path) {
    validate.string(path, "path");
    const out = { root: "", dir: "", base: "", ext: "", name: "" };
    if (path.length === 0) return out;
    const absolute = path[0] === "/";
    if (absolute) out.root = "/";
    const from = absolute ? 1 : 0;
    const part = lastSegment(path, from, isPosixSep);
    // Where the name starts when a separator precedes it, else 0 (also after the root).
    const partStart = part && part[0] !== from ? part[0] : 0;
    if (part) {
      const [start, end] = part;
      const dot = extensionStart(path, start, end, partStart);
      out.base = path.slice(start, end);
      if (dot === -1) out.name = out.base;
      else {
        out.name = path.slice(start, dot);
        out.ext = path.slice(dot, end);
      }
    }
    if (partStart > 0) out.dir = path.slice(0, partStart - 1);
    else if (absolute) out.dir = "/";
    return out;
  },

  matchesGlob(path, pattern) {
    return globMatch(path, pattern, false);
  },

  sep: "/",
  delimiter: ":",
  win32: null,
  posix: null,
};

// ---------------------------------------------------------------------------------------
// Windows

// How a Windows path starts: `device` ("C:" or "\\server\share"), where the root ends,
// whether it is absolute, and `uncOnly` when the path is nothing but a UNC root.
function winRoot(path) {
  const len = path.length;
  const root = { device: "", rootEnd: 0, absolute: false, uncOnly: false, uncEnd: -1 };
  if (len === 0) return root;
  const first = path[0];
  if (len === 1) {
    if (isWinSep(first)) {
      root.rootEnd = 1;
      root.absolute = true;
    }
    return root;
  }
  if (isWinSep(first)) {
    root.absolute = true;
    if (!isWinSep(path[1])) {
      root.rootEnd = 1;
      return root;
    }
    // "\\server\share": a run of non-separators, separators, then non-separators.
    let j = 2;
    while (j < len && !isWinSep(path[j])) j++;
    if (j >= len || j === 2) return root;
    const server = path.slice(2, j);
    let last = j;
    while (j < len && isWinSep(path[j])) j++;
    if (j >= len || j === last) return root;
    last = j;
    while (j < len && !isWinSep(path[j])) j++;
    root.device = `\\\\${server}\\${path.slice(last, j)}`;
    root.rootEnd = j;
    root.uncEnd = j;
    root.uncOnly = j === len;
    return root;
  }
  if (isDriveLetter(first) && path[1] === ":") {
    root.device = path.slice(0, 2);
    root.rootEnd = 2;
    if (len > 2 && isWinSep(path[2])) {
      root.absolute = true;
      root.rootEnd = 3;
    }
  }
  return root;
}

const win32 = {
  resolve(...paths) {
    let device = "";
    let tail = "";
    let absolute = false;
    for (let i = paths.length - 1; i >= -1; i--) {
      let path;
      if (i >= 0) {
        path = paths[i];
        validate.string(path, `paths[${i}]`);
        if (path.length === 0) continue;
      } else {
        // The working directory, "/" in workerd, also for a drive's own.
        path = "/";
      }
      const root = winRoot(path);
      if (root.device.length > 0) {
        if (device.length > 0) {
          if (root.device.toLowerCase() !== device.toLowerCase()) continue;
        } else device = root.device;
      }
      if (absolute) {
        if (device.length > 0) break;
      } else {
        tail = `${path.slice(root.rootEnd)}\\${tail}`;
        absolute = root.absolute;
        if (absolute && device.length > 0) break;
      }
    }
    tail = collapse(tail, !absolute, isWinSep, "\\");
    return absolute ? `${device}\\${tail}` : `${device}${tail}` || ".";
  },

  normalize(path) {
    validate.string(path, "path");
    const len = path.length;
    if (len === 0) return ".";
    if (len === 1) return path === "/" ? "\\" : path;
    const root = winRoot(path);
    if (root.uncOnly) return `${root.device}\\`;
    let tail = root.rootEnd < len ? collapse(path.slice(root.rootEnd), !root.absolute, isWinSep, "\\") : "";
    if (tail.length === 0 && !root.absolute) tail = ".";
    if (tail.length > 0 && isWinSep(path[len - 1])) tail += "\\";
    if (root.device === "") return root.absolute ? `\\${tail}` : tail;
    return root.absolute ? `${root.device}\\${tail}` : `${root.device}${tail}`;
  },

  isAbsolute(path) {
    validate.string(path, "path");
    if (path.length === 0) return false;
    return isWinSep(path[0]) || (path.length > 2 && isDriveLetter(path[0]) && path[1] === ":" && isWinSep(path[2]));
  },

  join(...paths) {
    const parts = [];
    for (const path of paths) {
      validate.string(path, "path");
      if (path.length > 0) parts.push(path);
    }
    if (parts.length === 0) return ".";
    let joined = parts.join("\\");
    const first = parts[0];
    // A first part that starts a UNC root ("\\server") keeps its two separators; any other
    // run of two or more leading separators becomes one.
    const keepsUnc = isWinSep(first[0]) && first.length > 2 && isWinSep(first[1]) && !isWinSep(first[2]);
    if (!keepsUnc) {
      let count = 0;
      while (count < joined.length && isWinSep(joined[count])) count++;
      if (count >= 2) joined = `\\${joined.slice(count)}`;
    }
    return win32.normalize(joined);
  },

  relative(from, to) {
    validate.string(from, "from");
    validate.string(to, "to");
    if (from === to) return "";
    const fromPath = win32.resolve(from);
    const toPath = win32.resolve(to);
    if (fromPath === toPath) return "";
    const a = fromPath.toLowerCase();
    const b = toPath.toLowerCase();
    if (a === b) return "";
    if (a.length !== fromPath.length || b.length !== toPath.length) return relativeBySegments(fromPath, toPath);
    return relativeByChars(fromPath, toPath, a, b);
  },

  toNamespacedPath(path) {
    if (typeof path !== "string" || path.length === 0) return path;
    const resolved = win32.resolve(path);
    if (resolved.length <= 2) return path;
    if (resolved[0] === "\\") {
      if (resolved[1] === "\\" && resolved[2] !== "?" && resolved[2] !== ".") return `\\\\?\\UNC\\${resolved.slice(2)}`;
    } else if (isDriveLetter(resolved[0]) && resolved[1] === ":" && resolved[2] === "\\") {
      return `\\\\?\\${resolved}`;
    }
    return resolved;
  },

  dirname(path) {
    validate.string(path, "path");
    const len = path.length;
    if (len === 0) return ".";
    if (len === 1) return isWinSep(path[0]) ? path : ".";
    const root = winRoot(path);
    let rootEnd = -1;
    if (isWinSep(path[0])) {
      if (root.uncOnly) return path;
      rootEnd = root.uncEnd !== -1 ? root.uncEnd + 1 : 1;
    } else if (root.device) {
      rootEnd = root.rootEnd;
    }
    const offset = Math.max(rootEnd, 0);
    let i = len - 1;
    while (i >= offset && isWinSep(path[i])) i--;
    while (i >= offset && !isWinSep(path[i])) i--;
    if (i < offset) return rootEnd === -1 ? "." : path.slice(0, rootEnd);
    return path.slice(0, i);
  },

  basename(path, suffix) {
    if (suffix !== undefined) validate.string(suffix, "suffix");
    validate.string(path, "path");
    const from = path.length >= 2 && isDriveLetter(path[0]) && path[1] === ":" ? 2 : 0;
    if (suffix !== undefined && suffix.length > 0 && suffix.length <= path.length) {
      return basenameWithSuffix(path, suffix, from, isWinSep);
    }
    const part = lastSegment(path, from, isWinSep);
    return part ? path.slice(part[0], part[1]) : "";
  },

  extname(path) {
    validate.string(path, "path");
    const from = path.length >= 2 && path[1] === ":" && isDriveLetter(path[0]) ? 2 : 0;
    const part = lastSegment(path, from, isWinSep);
    if (!part) return "";
    const dot = extensionStart(path, part[0], part[1], part[0]);
    return dot === -1 ? "" : path.slice(dot, part[1]);
  },

  format(pathObject) {
    return formatPath("\\", pathObject);
  },

  parse(path) {
    validate.string(path, "path");
    const out = { root: "", dir: "", base: "", ext: "", name: "" };
    const len = path.length;
    if (len === 0) return out;
    if (len === 1) {
      if (isWinSep(path[0])) out.root = out.dir = path;
      else out.base = out.name = path;
      return out;
    }
    const root = winRoot(path);
    let rootEnd = 0;
    if (isWinSep(path[0])) {
      rootEnd = 1;
      if (root.uncEnd !== -1) rootEnd = root.uncOnly ? root.uncEnd : root.uncEnd + 1;
    } else if (root.device) {
      if (len <= 2 || (len === 3 && root.absolute)) {
        out.root = out.dir = path;
        return out;
      }
      rootEnd = root.rootEnd;
    }
    if (rootEnd > 0) out.root = path.slice(0, rootEnd);
    const part = lastSegment(path, rootEnd, isWinSep);
    if (part) {
      const [start, end] = part;
      const dot = extensionStart(path, start, end, start);
      out.base = path.slice(start, end);
      if (dot === -1) out.name = out.base;
      else {
        out.name = path.slice(start, dot);
        out.ext = path.slice(dot, end);
      }
    }
    const partStart = part ? part[0] : rootEnd;
    out.dir = partStart > 0 && partStart !== rootEnd ? path.slice(0, partStart - 1) : out.root;
    return out;
  },

  matchesGlob(path, pattern) {
    return globMatch(path, pattern, true);
  },

  sep: "\\",
  delimiter: ";",
  win32: null,
  posix: null,
};

function relativeBySegments(fromPath, toPath) {
  const a = fromPath.split("\\");
  const b = toPath.split("\\");
  if (a[a.length - 1] === "") a.pop();
  if (b[b.length - 1] === "") b.pop();
  const shorter = Math.min(a.length, b.length);
  let i = 0;
  while (i < shorter && a[i].toLowerCase() === b[i].toLowerCase()) i++;
  if (i === 0) return toPath;
  if (i === shorter) {
    if (b.length > shorter) return b.slice(i).join("\\");
    if (a.length > shorter) return `${"..\\".repeat(a.length - 1 - i)}..`;
    return "";
  }
  return `${"..\\".repeat(a.length - i)}${b.slice(i).join("\\")}`;
}

// Both paths resolved; compared case-insensitively character by character, without their
// leading and trailing backslashes.
function relativeByChars(fromPath, toPath, a, b) {
  const trim = (s) => {
    let start = 0;
    while (start < s.length && s[start] === "\\") start++;
    let end = s.length;
    while (end - 1 > start && s[end - 1] === "\\") end--;
    return [start, end];
  };
  const [fromStart, fromEnd] = trim(a);
  const [toStart0, toEnd] = trim(b);
  let toStart = toStart0;
  const fromLen = fromEnd - fromStart;
  const toLen = toEnd - toStart;
  const shorter = Math.min(fromLen, toLen);
  let lastSep = -1;
  let i = 0;
  while (i < shorter && a[fromStart + i] === b[toStart + i]) {
    if (a[fromStart + i] === "\\") lastSep = i;
    i++;
  }
  if (i !== shorter) {
    if (lastSep === -1) return toPath;
  } else {
    if (toLen > shorter) {
      if (b[toStart + i] === "\\") return toPath.slice(toStart + i + 1);
      if (i === 2) return toPath.slice(toStart + i);
    }
    if (fromLen > shorter) {
      if (a[fromStart + i] === "\\") lastSep = i;
      else if (i === 2) lastSep = 3;
    }
    if (lastSep === -1) lastSep = 0;
  }
  const ups = [];
  for (let j = fromStart + lastSep + 1; j <= fromEnd; j++) {
    if (j === fromEnd || a[j] === "\\") ups.push("..");
  }
  toStart += lastSep;
  if (ups.length > 0) return `${ups.join("\\")}${toPath.slice(toStart, toEnd)}`;
  if (toPath[toStart] === "\\") toStart++;
  return toPath.slice(toStart, toEnd);
}

posix.win32 = win32.win32 = win32;
posix.posix = win32.posix = posix;

// ---------------------------------------------------------------------------------------
// matchesGlob, as workerd matches: backslashes in the pattern are separators, `{a,b}` and
// `{1..5}` alternatives, `*`, `?`, `**`, `[...]` classes taken as the RegExp classes they
// spell (no POSIX class names), extglobs, no negation or comments, dot segments matched
// only by a pattern that starts with a dot, and "." / ".." / empty segments worked out of
// both sides first.

function expandBraces(pattern) {
  let depth = 0;
  let open = -1;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "{") {
      if (depth === 0) open = i;
      depth++;
    } else if (c === "}" && depth > 0) {
      depth--;
      if (depth > 0) continue;
      const body = pattern.slice(open + 1, i);
      const before = pattern.slice(0, open);
      const after = pattern.slice(i + 1);
      const choices = splitTopLevel(body, ",", "{", "}");
      let options = choices.length > 1 ? choices : null;
      if (options === null) {
        const range = /^(-?\d+)\.\.(-?\d+)(?:\.\.(-?\d+))?$/.exec(body) ?? /^([a-zA-Z])\.\.([a-zA-Z])(?:\.\.(-?\d+))?$/.exec(body);
        if (range) options = rangeOf(range[1], range[2], range[3]);
      }
      if (options === null) return expandBraces(after).map((rest) => `${before}{${body}}${rest}`);
      const out = [];
      for (const option of options) for (const expanded of expandBraces(before + option + after)) out.push(expanded);
      return out;
    }
  }
  return [pattern];
}

function splitTopLevel(text, separator, opener, closer) {
  const parts = [];
  let depth = 0;
  let current = "";
  for (const c of text) {
    if (c === opener) depth++;
    if (c === closer) depth--;
    if (c === separator && depth === 0) {
      parts.push(current);
      current = "";
    } else current += c;
  }
  parts.push(current);
  return parts;
}

function rangeOf(from, to, stepText) {
  const step = Math.max(Math.abs(Number(stepText ?? 1)), 1);
  const out = [];
  const numeric = /^-?\d+$/.test(from);
  const a = numeric ? Number(from) : from.charCodeAt(0);
  const b = numeric ? Number(to) : to.charCodeAt(0);
  const width = numeric && (/^-?0\d/.test(from) || /^-?0\d/.test(to)) ? Math.max(from.length, to.length) : 0;
  const up = a <= b;
  for (let n = a; up ? n <= b : n >= b; n += up ? step : -step) {
    if (!numeric) out.push(String.fromCharCode(n));
    else {
      const digits = String(Math.abs(n)).padStart(Math.max(width - (n < 0 ? 1 : 0), 0), "0");
      out.push(n < 0 ? `-${digits}` : digits);
    }
  }
  return out;
}

const escapeRegExp = (s) => s.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&");

function closingParen(text, open) {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "(") depth++;
    else if (text[i] === ")" && --depth === 0) return i;
  }
  return -1;
}

function classEnd(text, open) {
  let j = open + 1;
  if (text[j] === "!" || text[j] === "^") j++;
  if (text[j] === "]") j++;
  return text.indexOf("]", j);
}

const extglobSuffix = { "?": "?", "*": "*", "+": "+", "@": "" };

// One segment's pattern as RegExp source, and whether anything in it is magic.
function segmentSource(segment) {
  let source = "";
  let magic = false;
  for (let i = 0; i < segment.length; ) {
    const c = segment[i];
    if ("?*+@!".includes(c) && segment[i + 1] === "(") {
      const close = closingParen(segment, i + 1);
      if (close !== -1) {
        const choices = splitTopLevel(segment.slice(i + 2, close), "|", "(", ")").map((choice) => segmentSource(choice).source);
        const group = `(?:${choices.join("|")})`;
        if (c === "!") source += `(?:(?!${group}${segmentSource(segment.slice(close + 1)).source}$)[^/]*?)`;
        else source += `${group}${extglobSuffix[c]}`;
        magic = true;
        i = close + 1;
        continue;
      }
    }
    if (c === "*") {
      while (segment[i + 1] === "*") i++;
      source += "[^/]*?";
      magic = true;
      i++;
      continue;
    }
    if (c === "?") {
      source += "[^/]";
      magic = true;
      i++;
      continue;
    }
    if (c === "[") {
      const end = classEnd(segment, i);
      if (end !== -1) {
        let body = segment.slice(i + 1, end);
        if (body[0] === "!") body = `^${body.slice(1)}`;
        body = body.replace(/^(\^?)\]/, "$1\\]");
        source += `[${body}]`;
        magic = true;
        i = end + 1;
        continue;
      }
    }
    source += escapeRegExp(c);
    i++;
  }
  return { source, magic };
}

const GLOBSTAR = {};

// "." and empty segments inside a path, and "name/..", worked out (a leading "." stays).
function tidySegments(parts) {
  let changed = true;
  while (changed) {
    changed = false;
    for (let i = 1; i < parts.length - 1; i++) {
      if (i === 1 && parts[1] === "" && parts[0] === "") continue;
      if (parts[i] === "." || parts[i] === "") {
        parts.splice(i, 1);
        i--;
        changed = true;
      }
    }
    if (parts[0] === "." && parts.length === 2 && (parts[1] === "." || parts[1] === "")) {
      parts.pop();
      changed = true;
    }
    for (let i = 1; i < parts.length; i++) {
      const before = parts[i - 1];
      if (parts[i] === ".." && before && before !== "." && before !== ".." && before !== "**") {
        parts.splice(i - 1, 2);
        i = Math.max(i - 2, 0);
        changed = true;
      }
    }
  }
  return parts.length === 0 ? [""] : parts;
}

function compileGlob(pattern) {
  return expandBraces(pattern.replace(/\\/g, "/")).map((alternative) =>
    tidySegments(alternative.split("/")).map((segment) => {
      if (segment === "**") return GLOBSTAR;
      const { source, magic } = segmentSource(segment);
      if (!magic) return segment;
      const body = segment === "*" ? "[^/]+?" : source;
      try {
        return new RegExp(`^${segment[0] === "." ? "" : "(?!\\.)"}${body}$`);
      } catch {
        return null;
      }
    }),
  );
}

const dotSegment = (part) => part === "." || part === ".." || part[0] === ".";

function matchParts(file, fi, pattern, pi, windowsDrive) {
  for (; fi < file.length && pi < pattern.length; fi++, pi++) {
    const want = pattern[pi];
    const part = file[fi];
    if (want === GLOBSTAR) {
      if (pi + 1 === pattern.length) {
        for (; fi < file.length; fi++) if (dotSegment(file[fi])) return false;
        return true;
      }
      for (let from = fi; from < file.length; from++) {
        if (matchParts(file, from, pattern, pi + 1, false)) return true;
        if (dotSegment(file[from])) break;
      }
      return false;
    }
    if (want === null) return false;
    if (typeof want === "string") {
      // Windows drive letters match in either case.
      const drive = windowsDrive && fi === 0 && /^[a-z]:$/i.test(want);
      if (drive ? part.toLowerCase() !== want.toLowerCase() : part !== want) return false;
    } else if (!want.test(part)) return false;
  }
  if (fi === file.length && pi === pattern.length) return true;
  if (fi === file.length) return false;
  return fi === file.length - 1 && file[fi] === "";
}

function globMatch(path, pattern, windows) {
  validate.string(path, "path");
  validate.string(pattern, "pattern");
  if (pattern === "") return path === "";
  const file = tidySegments((windows ? path.replace(/\\/g, "/") : path).split("/"));
  return compileGlob(pattern).some((parts) => matchParts(file, 0, parts, 0, windows));
}

const { resolve, normalize, isAbsolute, join, relative, toNamespacedPath, dirname, basename, extname, format, parse, sep, delimiter, matchesGlob } = posix;
export { resolve, normalize, isAbsolute, join, relative, toNamespacedPath, dirname, basename, extname, format, parse, sep, delimiter, matchesGlob };
export { posix, win32 };
export default posix;
