// node:fs for crosstalk: workerd's node:fs over its virtual file system (/bundle, /tmp,
// /dev), whose tree, file descriptors and native errors live in host/node_fs.rs and are
// reached through `host.fs(op, args)`. This half validates arguments and builds the
// errors Node's JS layer throws, as workerd's does; the callback API runs the sync one
// and calls back in a microtask; the promise API runs it inside a promise; streams are
// given their stream classes by node:fs (`useStreams`).
(function (host) {
  "use strict";

  const { Buffer } = host.load("node-buffer");
  const { EventEmitter, errors } = host.load("node-events");
  const nodeProcess = host.load("node-process");
  const processCwd = nodeProcess.process.cwd;
  const fs = (op, ...args) => host.fs(op, args);

  // -------------------------------------------------------------------------------------
  // Constants (libuv's, as workerd gives them).

  const C = {
    UV_FS_SYMLINK_DIR: 1,
    UV_FS_SYMLINK_JUNCTION: 2,
    O_RDONLY: 0,
    O_WRONLY: 1,
    O_RDWR: 2,
    UV_DIRENT_UNKNOWN: 0,
    UV_DIRENT_FILE: 1,
    UV_DIRENT_DIR: 2,
    UV_DIRENT_LINK: 3,
    UV_DIRENT_FIFO: 4,
    UV_DIRENT_SOCKET: 5,
    UV_DIRENT_CHAR: 6,
    UV_DIRENT_BLOCK: 7,
    EXTENSIONLESS_FORMAT_JAVASCRIPT: 0,
    EXTENSIONLESS_FORMAT_WASM: 1,
    S_IFMT: 61440,
    S_IFREG: 32768,
    S_IFDIR: 16384,
    S_IFCHR: 8192,
    S_IFBLK: 24576,
    S_IFIFO: 4096,
    S_IFLNK: 40960,
    S_IFSOCK: 49152,
    O_CREAT: 64,
    O_EXCL: 128,
    UV_FS_O_FILEMAP: 0,
    O_NOCTTY: 256,
    O_TRUNC: 512,
    O_APPEND: 1024,
    O_DIRECTORY: 65536,
    O_NOATIME: 262144,
    O_NOFOLLOW: 131072,
    O_SYNC: 1052672,
    O_DSYNC: 4096,
    O_DIRECT: 16384,
    O_NONBLOCK: 2048,
    S_IRWXU: 448,
    S_IRUSR: 256,
    S_IWUSR: 128,
    S_IXUSR: 64,
    S_IRWXG: 56,
    S_IRGRP: 32,
    S_IWGRP: 16,
    S_IXGRP: 8,
    S_IRWXO: 7,
    S_IROTH: 4,
    S_IWOTH: 2,
    S_IXOTH: 1,
    F_OK: 0,
    R_OK: 4,
    W_OK: 2,
    X_OK: 1,
    UV_FS_COPYFILE_EXCL: 1,
    COPYFILE_EXCL: 1,
    UV_FS_COPYFILE_FICLONE: 2,
    COPYFILE_FICLONE: 2,
    UV_FS_COPYFILE_FICLONE_FORCE: 4,
    COPYFILE_FICLONE_FORCE: 4,
  };

  // A module namespace's face (workerd exports the constants as one): sorted names, a
  // null prototype, "Module" as its tag, sealed.
  function namespaceObject(values) {
    const object = Object.create(null);
    for (const name of Object.keys(values).sort()) {
      Object.defineProperty(object, name, { value: values[name], writable: true, enumerable: true });
    }
    Object.defineProperty(object, Symbol.toStringTag, { value: "Module" });
    return Object.preventExtensions(object);
  }
  const constants = namespaceObject(C);

  // -------------------------------------------------------------------------------------
  // Errors thrown by the JS layer (the native layer's come from host.fs).

  class NodeErrorAbstraction extends Error {
    code;
    constructor(name, code, message) {
      super(message);
      this.code = code;
      this.name = name;
    }
    toString() {
      return `${this.name} [${this.code}]: ${this.message}`;
    }
  }
  class NodeSyscallError extends NodeErrorAbstraction {
    syscall;
    errno;
    constructor(code, message, syscall) {
      super("Error", code, message);
      this.syscall = syscall;
    }
  }
  class ERR_ENOENT extends NodeSyscallError {
    path;
    constructor(path, options) {
      super("ENOENT", `no such file or directory, ${options.syscall} '${path}'`, options.syscall);
      this.path = path;
      this.errno = -2;
    }
  }
  class ERR_EBADF extends NodeSyscallError {
    constructor(options) {
      super("EBADF", "Bad file descriptor", options.syscall);
      this.errno = -9;
    }
  }
  class ERR_EINVAL extends NodeSyscallError {
    path;
    constructor(options) {
      super(
        "EINVAL",
        options.path ? `invalid argument, ${options.syscall} '${options.path}'` : "invalid argument",
        options.syscall,
      );
      if (options.path !== undefined) this.path = options.path;
      this.errno = -22;
    }
  }
  class ERR_EEXIST extends NodeSyscallError {
    path;
    constructor(options) {
      super(
        "EEXIST",
        options.path ? `file already exists, ${options.syscall} '${options.path}'` : "file already exists",
        options.syscall,
      );
      if (options.path !== undefined) this.path = options.path;
      this.errno = -17;
    }
  }
  const unsupported = () => errors.nodeError("ERR_UNSUPPORTED_OPERATION", "The requested operation is unsupported");
  const dirClosed = () => errors.nodeError("ERR_DIR_CLOSED", "Directory is closed");
  const outOfBounds = (name) =>
    errors.nodeError(
      "ERR_BUFFER_OUT_OF_BOUNDS",
      name ? `"${name}" is outside of buffer bounds` : "Attempt to access memory outside buffer bounds",
      "RangeError",
    );
  const { invalidArgType, invalidArgValue, outOfRange } = errors;

  // -------------------------------------------------------------------------------------
  // Validators (Node's, as workerd's validators module has them).

  const isInt32 = (value) => typeof value === "number" && value === (value | 0);
  const isUint32 = (value) => value === value >>> 0;
  const isArrayBufferView = (value) => ArrayBuffer.isView(value);

  function validateInteger(value, name, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER) {
    if (typeof value !== "number") throw invalidArgType(name, "number", value);
    if (!Number.isInteger(value)) throw outOfRange(name, "an integer", value);
    if (value < min || value > max) throw outOfRange(name, `>= ${min} && <= ${max}`, value);
  }
  function validateInt32(value, name, min = -2147483648, max = 2147483647) {
    if (!isInt32(value)) {
      if (typeof value !== "number") throw invalidArgType(name, "number", value);
      if (!Number.isInteger(value)) throw outOfRange(name, "an integer", value);
      throw outOfRange(name, `>= ${min} && <= ${max}`, value);
    }
    if (value < min || value > max) throw outOfRange(name, `>= ${min} && <= ${max}`, value);
  }
  function validateUint32(value, name, positive) {
    if (!isUint32(value)) {
      if (typeof value !== "number") throw invalidArgType(name, "number", value);
      if (!Number.isInteger(value)) throw outOfRange(name, "an integer", value);
      throw outOfRange(name, `>= ${positive ? 1 : 0} && < 4294967296`, value);
    }
    if (positive && value === 0) throw outOfRange(name, ">= 1 && < 4294967296", value);
  }
  function validateObject(value, name) {
    if (value === null || Array.isArray(value) || typeof value !== "object") {
      throw invalidArgType(name, "Object", value);
    }
  }
  function validateBoolean(value, name) {
    if (typeof value !== "boolean") throw invalidArgType(name, "boolean", value);
  }
  function validateString(value, name) {
    if (typeof value !== "string") throw invalidArgType(name, "string", value);
  }
  function validateFunction(value, name) {
    if (typeof value !== "function") throw invalidArgType(name, "Function", value);
  }
  function validateOneOf(value, name, oneOf) {
    if (!oneOf.includes(value)) {
      const allowed = oneOf.map((v) => (typeof v === "string" ? `'${v}'` : String(v))).join(", ");
      throw invalidArgValue(name, value, `must be one of: ${allowed}`);
    }
  }
  function validateEncoding(data, encoding) {
    const normalized = String(encoding ?? "").toLowerCase();
    if (normalized === "hex" && data.length % 2 !== 0) {
      throw invalidArgValue("encoding", encoding, `is invalid for data of length ${data.length}`);
    }
  }
  function validateAbortSignal(signal, name) {
    if (signal !== undefined && (signal === null || typeof signal !== "object" || !("aborted" in signal))) {
      throw invalidArgType(name, "AbortSignal", signal);
    }
  }
  const octal = /^[0-7]+$/;
  function parseFileMode(value, name, def) {
    if (def != null) value ??= def;
    if (typeof value === "string") {
      if (!octal.test(value)) {
        throw invalidArgValue(name, value, "must be a 32-bit unsigned integer or an octal string");
      }
      value = Number.parseInt(value, 8);
    }
    validateUint32(value, name);
    return value;
  }
  function validatePosition(position, name) {
    if (typeof position === "number") validateUint32(position, name);
    else if (typeof position !== "bigint" && position !== null) {
      throw invalidArgType(name, ["integer", "bigint", "null"], position);
    }
  }
  function getValidatedFd(fd, name = "fd") {
    if (Object.is(fd, -0)) return 0;
    validateInt32(fd, name, 0);
    return fd;
  }
  function validateBufferArray(buffers, name = "buffer") {
    if (!Array.isArray(buffers)) throw invalidArgType(name, "ArrayBufferView[]", buffers);
    for (const buffer of buffers) {
      if (!isArrayBufferView(buffer)) throw invalidArgType(name, "ArrayBufferView[]", buffers);
    }
    return buffers;
  }
  const isEncoding = (encoding) => Buffer.isEncoding(encoding);

  // -------------------------------------------------------------------------------------
  // Paths: every path is a file: URL (workerd's `normalizePath`), handed to the native
  // half as its pathname.

  const keepDecoded = /^[A-Za-z0-9\-._~!$&'()*+,;=:@]$/;

  function normalizePath(path, encoding = "utf8") {
    if (typeof path === "string") {
      // the typical case
    } else if (path instanceof URL) {
      return path;
    } else if (Buffer.isBuffer(path)) {
      path = path.toString(encoding);
    } else {
      throw invalidArgType("path", ["string", "Buffer", "URL"], path);
    }
    if (path.indexOf("\0") !== -1) throw invalidArgValue("path", path, "must not contain null bytes");
    path = path.replace(/[#?]/g, encodeURIComponent);
    path = path.replace(/\/\//g, "/");
    return new URL(path, path.startsWith("/") ? "file://" : `file://${processCwd()}/`);
  }

  // The pathname the native half gets (workerd's `NormalizedFilePath`): a file: URL
  // without host, its needless escapes decoded, at most 4096 bytes and 48 segments.
  function pathname(path) {
    const url = normalizePath(path);
    if (url.protocol !== "file:") throw new TypeError("File path must be a file: URL");
    if (url.host !== "") throw new Error("File path must not have a host");
    const name = url.pathname.replace(/%([0-9A-Fa-f]{2})/g, (whole, hex) => {
      const c = String.fromCharCode(parseInt(hex, 16));
      return keepDecoded.test(c) ? c : whole;
    });
    if (name.length > 4096) throw new Error("File path is too long");
    let segments = 0;
    for (const c of name) if (c === "/") segments += 1;
    if (segments > 48) throw new Error("File path has too many segments");
    return name;
  }
  const shown = (path) => path.pathname;
  const target = (value) => (typeof value === "number" ? value : pathname(value));

  function getDate(time) {
    if (typeof time === "number") return new Date(time);
    if (typeof time === "bigint") return new Date(Number(time));
    if (typeof time === "string") return new Date(time);
    if (time instanceof Date) return time;
    throw invalidArgType("time", ["string", "number", "bigint", "Date"], time);
  }

  function stringToFlags(flags, name = "flags") {
    if (typeof flags === "number") {
      validateInt32(flags, name);
      return flags;
    }
    if (flags == null) return C.O_RDONLY;
    switch (flags) {
      case "r":
        return C.O_RDONLY;
      case "rs":
      case "sr":
        return C.O_RDONLY | C.O_SYNC;
      case "r+":
        return C.O_RDWR;
      case "rs+":
      case "sr+":
        return C.O_RDWR | C.O_SYNC;
      case "w":
        return C.O_TRUNC | C.O_CREAT | C.O_WRONLY;
      case "wx":
      case "xw":
        return C.O_TRUNC | C.O_CREAT | C.O_WRONLY | C.O_EXCL;
      case "w+":
        return C.O_TRUNC | C.O_CREAT | C.O_RDWR;
      case "wx+":
      case "xw+":
        return C.O_TRUNC | C.O_CREAT | C.O_RDWR | C.O_EXCL;
      case "a":
        return C.O_APPEND | C.O_CREAT | C.O_WRONLY;
      case "ax":
      case "xa":
        return C.O_APPEND | C.O_CREAT | C.O_WRONLY | C.O_EXCL;
      case "as":
      case "sa":
        return C.O_APPEND | C.O_CREAT | C.O_WRONLY | C.O_SYNC;
      case "a+":
        return C.O_APPEND | C.O_CREAT | C.O_RDWR;
      case "ax+":
      case "xa+":
        return C.O_APPEND | C.O_CREAT | C.O_RDWR | C.O_EXCL;
      case "as+":
      case "sa+":
        return C.O_APPEND | C.O_CREAT | C.O_RDWR | C.O_SYNC;
    }
    throw invalidArgValue("flags", flags);
  }

  // -------------------------------------------------------------------------------------
  // Argument sets shared by the sync, callback and promise APIs.

  function validateMode(mode) {
    mode ??= C.F_OK;
    validateInteger(mode, "mode", 0, 7);
    return mode;
  }
  function validateAccessArgs(path, mode) {
    return { path: normalizePath(path), mode: validateMode(mode) };
  }
  function validateChownArgs(target, uid, gid) {
    validateInteger(uid, "uid", -1, 2 ** 32 - 1);
    validateInteger(gid, "gid", -1, 2 ** 32 - 1);
    if (typeof target === "number") return { pathOrFd: getValidatedFd(target, "fd") };
    return { pathOrFd: normalizePath(target) };
  }
  function validateStatArgs(path, options = {}, isFstat = false) {
    validateObject(options, "options");
    const { bigint = false, throwIfNoEntry = true } = options;
    validateBoolean(bigint, "options.bigint");
    validateBoolean(throwIfNoEntry, "options.throwIfNoEntry");
    if (typeof path === "number") return { pathOrFd: getValidatedFd(path, "fd"), bigint, throwIfNoEntry };
    if (isFstat) throw invalidArgType("fd", "number", path);
    return { pathOrFd: normalizePath(path), bigint, throwIfNoEntry };
  }
  function validateChmodArgs(target, mode) {
    const actual = parseFileMode(mode, "mode");
    if (typeof target === "number") return { pathOrFd: getValidatedFd(target, "fd"), mode: actual };
    return { pathOrFd: normalizePath(target), mode: actual };
  }
  function validateMkDirArgs(path, options) {
    let opts;
    if (typeof options === "number") opts = { mode: options };
    else {
      validateObject(options, "options");
      opts = options;
    }
    const { recursive = false, mode = 0o777 } = opts;
    validateBoolean(recursive, "options.recursive");
    parseFileMode(mode, "mode");
    return { path: normalizePath(path), recursive };
  }
  function validateRmArgs(path, options) {
    validateObject(options, "options");
    const { force = false, maxRetries = 0, recursive = false, retryDelay = 0 } = options;
    validateBoolean(force, "options.force");
    validateUint32(maxRetries, "options.maxRetries");
    validateBoolean(recursive, "options.recursive");
    validateUint32(retryDelay, "options.retryDelay");
    return { path: normalizePath(path), recursive, force };
  }
  function validateRmDirArgs(path, options) {
    validateObject(options, "options");
    const { maxRetries = 0, recursive = false, retryDelay = 0 } = options;
    validateUint32(maxRetries, "options.maxRetries");
    validateBoolean(recursive, "options.recursive");
    validateUint32(retryDelay, "options.retryDelay");
    return { path: normalizePath(path), recursive };
  }
  function validateReaddirArgs(path, options) {
    if (typeof options === "string" || options == null) options = { encoding: options };
    validateObject(options, "options");
    const { encoding = "utf8", withFileTypes = false, recursive = false } = options;
    if (encoding !== "buffer" && !isEncoding(encoding)) throw invalidArgValue("options.encoding", encoding);
    validateBoolean(withFileTypes, "options.withFileTypes");
    validateBoolean(recursive, "options.recursive");
    return { path: normalizePath(path), encoding, withFileTypes, recursive };
  }
  function validateOpendirArgs(path, options) {
    validateObject(options, "options");
    const { encoding = "utf8", bufferSize = 32, recursive = false } = options;
    if (!isEncoding(encoding) && encoding !== "buffer") throw invalidArgValue("options.encoding", encoding);
    validateUint32(bufferSize, "options.bufferSize");
    validateBoolean(recursive, "options.recursive");
    return { path: normalizePath(path), encoding, recursive };
  }
  function validateWriteArgs(fd, buffer, offsetOrOptions, length, position) {
    fd = getValidatedFd(fd);
    let offset = offsetOrOptions;
    if (isArrayBufferView(buffer)) {
      if (typeof offsetOrOptions === "object" && offsetOrOptions != null) {
        ({ offset = 0, length = buffer.byteLength, position = null } = offsetOrOptions || {});
        offset ??= 0;
        validateInteger(offset, "offset", 0);
        offset += buffer.byteOffset;
      } else {
        if (offset != null) validateInteger(offset, "offset", 0);
        offset ??= 0;
        offset += buffer.byteOffset;
        length ??= buffer.byteLength;
        position ??= null;
      }
      validatePosition(position, "position");
      validateInteger(length, "length", 0);
      if (length > buffer.byteLength) throw outOfBounds("length");
      if (offset > length) throw outOfBounds("offset");
      return { fd, buffer: [Buffer.from(buffer.buffer, offset, length)], position };
    }
    if (typeof buffer !== "string") {
      throw invalidArgType("buffer", ["string", "Buffer", "TypedArray", "DataView"], buffer);
    }
    validatePosition(offsetOrOptions, "position");
    position = offsetOrOptions;
    validateEncoding(buffer, length);
    return { fd, buffer: [Buffer.from(buffer, length)], position };
  }
  function validateWriteFileArgs(path, data, options) {
    path = typeof path === "number" ? getValidatedFd(path) : normalizePath(path);
    if (typeof options === "string" || options == null) options = { encoding: options };
    validateObject(options, "options");
    const { encoding = "utf8", mode = 0o666, flag = "w", flush = false } = options;
    if (encoding !== "buffer" && !isEncoding(encoding)) throw invalidArgValue("options.encoding", encoding);
    validateBoolean(flush, "options.flush");
    parseFileMode(mode, "options.mode", 0o666);
    const flags = stringToFlags(flag);
    const append = Boolean(flags & C.O_APPEND);
    const write = Boolean(flags & C.O_WRONLY || flags & C.O_RDWR) || append;
    const exclusive = Boolean(flags & C.O_EXCL);
    if (!write) throw invalidArgValue("flag", flag, "must be indicate write or append");
    if (typeof data === "string") data = Buffer.from(data, encoding);
    if (!isArrayBufferView(data)) {
      throw invalidArgType("data", ["string", "Buffer", "TypedArray", "DataView"], data);
    }
    return { path, data, append, exclusive };
  }
  function validateReadArgs(fd, buffer, offsetOrOptions, length, position) {
    fd = getValidatedFd(fd);
    if (!isArrayBufferView(buffer)) throw invalidArgType("buffer", ["Buffer", "TypedArray", "DataView"], buffer);
    let actualOffset = buffer.byteOffset;
    let actualLength = buffer.byteLength;
    let actualPosition = position;
    if (offsetOrOptions != null && typeof offsetOrOptions === "object") {
      const { offset = 0, length = buffer.byteLength - offset, position = null } = offsetOrOptions;
      actualOffset += offset;
      actualLength = length;
      actualPosition = position;
    } else if (typeof offsetOrOptions === "number") {
      actualOffset += offsetOrOptions;
      actualLength = length ?? buffer.byteLength - offsetOrOptions;
      actualPosition = position;
    } else {
      throw invalidArgType("offset", ["number", "object"], offsetOrOptions);
    }
    validateUint32(actualOffset, "offset");
    validateUint32(actualLength, "length");
    validatePosition(actualPosition, "position");
    if (actualOffset + actualLength > buffer.buffer.byteLength) {
      throw invalidArgValue("offset", actualOffset, "out of bounds");
    }
    return {
      fd,
      buffer: [Buffer.from(buffer.buffer, actualOffset, actualLength)],
      length: actualLength,
      position: actualPosition,
    };
  }

  // -------------------------------------------------------------------------------------
  // Stats, Dirent and Dir.

  const kBadge = Symbol("kBadge");
  const kFileHandle = Symbol("kFileHandle");
  const kType = Symbol("type");

  class Stats {
    dev;
    ino;
    mode;
    nlink;
    uid;
    gid;
    rdev;
    size;
    blksize;
    blocks;
    atimeMs;
    mtimeMs;
    ctimeMs;
    birthtimeMs;
    atimeNs;
    mtimeNs;
    ctimeNs;
    birthtimeNs;
    atime;
    mtime;
    ctime;
    birthtime;

    constructor(badge, stat, options) {
      if (badge !== kBadge) throw new TypeError("Illegal constructor");
      this.mode = 0o444;
      if (stat.writable) this.mode |= 0o222;
      if (stat.device) this.mode |= C.S_IFCHR;
      else if (stat.type === "file") this.mode |= C.S_IFREG;
      else if (stat.type === "directory") this.mode |= C.S_IFDIR;
      else if (stat.type === "symlink") this.mode |= C.S_IFLNK;
      const modifiedNs = BigInt(stat.lastModified) * 1000000n;
      const createdNs = BigInt(stat.created) * 1000000n;
      if (options.bigint) {
        this.dev = BigInt(stat.device ? 1 : 0);
        this.size = BigInt(stat.size);
        this.mode = BigInt(this.mode);
        this.atimeNs = 0n;
        this.mtimeNs = modifiedNs;
        this.ctimeNs = modifiedNs;
        this.birthtimeNs = createdNs;
        this.atimeMs = this.atimeNs / 1000000n;
        this.mtimeMs = this.mtimeNs / 1000000n;
        this.ctimeMs = this.ctimeNs / 1000000n;
        this.birthtimeMs = this.birthtimeNs / 1000000n;
        this.atime = new Date(Number(this.atimeMs));
        this.mtime = new Date(Number(this.mtimeMs));
        this.ctime = new Date(Number(this.ctimeMs));
        this.birthtime = new Date(Number(this.birthtimeMs));
        this.ino = 0n;
        this.nlink = 1n;
        this.uid = 0n;
        this.gid = 0n;
        this.rdev = 0n;
        this.blksize = 0n;
        this.blocks = 0n;
      } else {
        this.dev = stat.device ? 1 : 0;
        this.size = stat.size;
        this.atimeMs = 0;
        this.mtimeMs = Number(modifiedNs) / 1000000;
        this.ctimeMs = Number(modifiedNs) / 1000000;
        this.birthtimeMs = Number(createdNs) / 1000000;
        this.atime = new Date(this.atimeMs);
        this.mtime = new Date(this.mtimeMs);
        this.ctime = new Date(this.ctimeMs);
        this.birthtime = new Date(this.birthtimeMs);
        this.ino = 0;
        this.nlink = 1;
        this.uid = 0;
        this.gid = 0;
        this.rdev = 0;
        this.blksize = 0;
        this.blocks = 0;
      }
    }
    isBlockDevice() {
      return (Number(this.mode) & C.S_IFMT) === C.S_IFBLK;
    }
    isCharacterDevice() {
      return (Number(this.mode) & C.S_IFMT) === C.S_IFCHR;
    }
    isDirectory() {
      return (Number(this.mode) & C.S_IFMT) === C.S_IFDIR;
    }
    isFIFO() {
      return (Number(this.mode) & C.S_IFMT) === C.S_IFIFO;
    }
    isFile() {
      return (Number(this.mode) & C.S_IFMT) === C.S_IFREG;
    }
    isSocket() {
      return (Number(this.mode) & C.S_IFMT) === C.S_IFSOCK;
    }
    isSymbolicLink() {
      return (Number(this.mode) & C.S_IFMT) === C.S_IFLNK;
    }
  }

  class Dirent {
    name;
    parentPath;
    [kType];
    constructor(name, type, path) {
      this.name = name;
      this.parentPath = path;
      this[kType] = type;
    }
    isDirectory() {
      return this[kType] === C.UV_DIRENT_DIR;
    }
    isFile() {
      return this[kType] === C.UV_DIRENT_FILE;
    }
    isBlockDevice() {
      return this[kType] === C.UV_DIRENT_BLOCK;
    }
    isCharacterDevice() {
      return this[kType] === C.UV_DIRENT_CHAR;
    }
    isSymbolicLink() {
      return this[kType] === C.UV_DIRENT_LINK;
    }
    isFIFO() {
      return this[kType] === C.UV_DIRENT_FIFO;
    }
    isSocket() {
      return this[kType] === C.UV_DIRENT_SOCKET;
    }
  }

  class Dir {
    #handle;
    #encoding;
    #path;
    constructor(handle, path, options) {
      if (handle == null) throw errors.missingArgs("handle");
      this.#handle = handle;
      this.#path = path;
      validateObject(options, "options");
      const { encoding = "utf8" } = options;
      validateString(encoding, "options.encoding");
      this.#encoding = encoding;
    }
    get path() {
      return this.#path;
    }
    read(callback) {
      if (typeof callback === "function") {
        try {
          const entry = this.readSync();
          queueMicrotask(() => callback(null, entry));
        } catch (error) {
          queueMicrotask(() => callback(error, null));
        }
        return;
      }
      try {
        return Promise.resolve(this.readSync());
      } catch (error) {
        return Promise.reject(error);
      }
    }
    readSync() {
      if (this.#handle === undefined) throw dirClosed();
      const entry = this.#handle.shift();
      if (entry == null) return null;
      const name = Buffer.from(entry.name);
      if (this.#encoding === "buffer") return new Dirent(name, entry.type, entry.parentPath);
      return new Dirent(
        name.toString(this.#encoding != null ? this.#encoding : undefined),
        entry.type,
        entry.parentPath,
      );
    }
    close(callback) {
      this.closeSync();
      if (typeof callback === "function") {
        queueMicrotask(() => callback(null));
        return undefined;
      }
      return Promise.resolve();
    }
    closeSync() {
      if (this.#handle === undefined) throw dirClosed();
      this.#handle = undefined;
    }
    async *entries() {
      for (;;) {
        const entry = await this.read();
        if (entry == null) return;
        yield entry;
      }
    }
    [Symbol.asyncIterator]() {
      return this.entries();
    }
    async [Symbol.asyncDispose]() {
      await this.close();
    }
    [Symbol.dispose]() {
      this.closeSync();
    }
  }

  // -------------------------------------------------------------------------------------
  // stdio: writes to fd 1 and 2 are console lines (process.stdout/stderr's line buffer).

  const STDIO_WRITE_MAX = 16 * 1024;
  function stdioWrite(fd, buffers) {
    let total = 0;
    for (const buffer of buffers) {
      let bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
      if (bytes.length > STDIO_WRITE_MAX) bytes = bytes.subarray(0, STDIO_WRITE_MAX);
      if (bytes.length === 0) continue;
      if (fd !== 0) {
        if (typeof nodeProcess.stdioWriteFd === "function") nodeProcess.stdioWriteFd(fd, bytes);
        else (fd === 1 ? nodeProcess.process.stdout : nodeProcess.process.stderr).write(Buffer.from(bytes));
      }
      total += bytes.length;
    }
    return total;
  }
  const isStdio = (fd) => fd === 0 || fd === 1 || fd === 2;

  // -------------------------------------------------------------------------------------
  // The sync API.

  function accessSyncImpl(path, mode, followSymlinks) {
    if (mode & C.X_OK) throw new ERR_ENOENT(shown(path), { syscall: "access" });
    const stat = fs("stat", pathname(path), followSymlinks);
    if (stat == null || (mode & C.W_OK && !stat.writable)) {
      throw new ERR_ENOENT(shown(path), { syscall: "access" });
    }
  }
  function accessSync(path, mode = C.F_OK) {
    const args = validateAccessArgs(path, mode);
    accessSyncImpl(args.path, args.mode, true);
  }
  function existsSync(path) {
    try {
      accessSync(path);
      return true;
    } catch {
      return false;
    }
  }
  function appendFileSync(path, data, options = {}) {
    if (typeof options === "string" || options == null) options = { encoding: options };
    const { encoding = "utf8", mode = 0o666, flag = "a", flush = false } = options ?? {};
    return writeFileSync(path, data, { encoding, mode, flag, flush });
  }
  function chmodSync(path, mode) {
    const { pathOrFd } = validateChmodArgs(path, mode);
    if (fs("stat", pathname(pathOrFd), true) == null) throw new ERR_ENOENT(shown(pathOrFd), { syscall: "chmod" });
  }
  function chownSync(path, uid, gid) {
    const { pathOrFd } = validateChownArgs(path, uid, gid);
    if (fs("stat", target(pathOrFd), true) == null) throw new ERR_ENOENT(shown(pathOrFd), { syscall: "chown" });
  }
    function closeSync(fd) {
    fs("close", getValidatedFd(fd));
  }
  function copyFileSync(src, dest, mode = 0) {
    validateOneOf(mode, "mode", [0, C.COPYFILE_EXCL, C.COPYFILE_FICLONE_FORCE, C.COPYFILE_FICLONE]);
    if (mode & C.COPYFILE_FICLONE_FORCE) throw unsupported();
    if (mode & C.COPYFILE_EXCL && existsSync(dest)) {
      throw new ERR_EEXIST({ syscall: "copyFile", path: shown(normalizePath(dest)) });
    }
    fs("renameOrCopy", pathname(src), pathname(dest), true);
  }
  function validateCpOptions(options) {
    validateObject(options, "options");
    const {
      dereference = false,
      errorOnExist = false,
      force = true,
      mode = 0,
      preserveTimestamps = false,
      recursive = false,
      verbatimSymlinks = false,
    } = options;
    validateBoolean(dereference, "options.dereference");
    validateBoolean(errorOnExist, "options.errorOnExist");
    validateBoolean(force, "options.force");
    validateBoolean(preserveTimestamps, "options.preserveTimestamps");
    validateBoolean(recursive, "options.recursive");
    validateBoolean(verbatimSymlinks, "options.verbatimSymlinks");
    validateUint32(mode, "options.mode");
    if (mode & C.COPYFILE_FICLONE_FORCE) {
      throw invalidArgValue("options.mode", "COPYFILE_FICLONE_FORCE is not supported");
    }
    if (options.filter !== undefined) {
      if (typeof options.filter !== "function") throw invalidArgType("options.filter", "function", options.filter);
      throw unsupported();
    }
    return { dereference, recursive, force, errorOnExist };
  }
  function cpSync(src, dest, options = {}) {
    const o = validateCpOptions(options);
    fs("cp", pathname(src), pathname(dest), o.dereference, o.recursive, o.force, o.errorOnExist);
  }
  function fchmodSync(fd, mode) {
    fd = getValidatedFd(fd);
    parseFileMode(mode, "mode");
    if (fs("stat", fd, true) == null) throw new ERR_EBADF({ syscall: "fchmod" });
  }
  function fchownSync(fd, uid, gid) {
    const { pathOrFd } = validateChownArgs(fd, uid, gid);
    if (fs("stat", target(pathOrFd), true) == null) throw new ERR_EBADF({ syscall: "fchown" });
  }
  function fdatasyncSync(fd) {
    fd = getValidatedFd(fd);
    if (fs("stat", fd, true) == null) throw new ERR_EBADF({ syscall: "datasync" });
  }
  function fstatSync(fd, options = {}) {
    validateObject(options, "options");
    const { pathOrFd, bigint } = validateStatArgs(fd, options, true);
    const stat = fs("stat", pathOrFd, true);
    if (stat == null) throw new ERR_EBADF({ syscall: "stat" });
    return new Stats(kBadge, stat, { bigint });
  }
  function fsyncSync(fd) {
    fd = getValidatedFd(fd);
    if (fs("stat", fd, true) == null) throw new ERR_EBADF({ syscall: "sync" });
  }
  function ftruncateSync(fd, len = 0) {
    validateUint32(len, "len");
    fs("truncate", getValidatedFd(fd), len);
  }
  function futimesSync(fd, atime, mtime) {
    atime = getDate(atime);
    mtime = getDate(mtime);
    fs("setLastModified", getValidatedFd(fd), mtime.getTime(), false);
  }
  function lchmodSync(path, mode) {
    const { pathOrFd } = validateChmodArgs(path, mode);
    if (fs("stat", target(pathOrFd), false) == null) throw new ERR_ENOENT(shown(pathOrFd), { syscall: "lchmod" });
  }
  function lchownSync(path, uid, gid) {
    const { pathOrFd } = validateChownArgs(path, uid, gid);
    if (fs("stat", target(pathOrFd), false) == null) throw new ERR_ENOENT(path.pathname, { syscall: "lchown" });
  }
  function lutimesSync(path, atime, mtime) {
    atime = getDate(atime);
    mtime = getDate(mtime);
    fs("setLastModified", pathname(path), mtime.getTime(), false);
  }
  function linkSync(existingPath, newPath) {
    fs("link", pathname(newPath), pathname(existingPath), false);
  }
  function statImpl(path, options, follow, syscall) {
    const { pathOrFd, bigint, throwIfNoEntry } = validateStatArgs(path, options);
    const stat = fs("stat", target(pathOrFd), follow);
    if (stat == null) {
      if (throwIfNoEntry) throw new ERR_ENOENT(shown(pathOrFd), { syscall });
      return undefined;
    }
    return new Stats(kBadge, stat, { bigint });
  }
  function lstatSync(path, options = {}) {
    return statImpl(path, options, false, "lstat");
  }
  function statSync(path, options = {}) {
    return statImpl(path, options, true, "stat");
  }
  function mkdirSync(path, options = {}) {
    const { path: normalized, recursive } = validateMkDirArgs(path, options);
    return fs("mkdir", pathname(normalized), recursive, false);
  }
  function mkdtempSync(prefix, options = {}) {
    if (typeof options === "string" || options == null) options = { encoding: options };
    validateObject(options, "options");
    const { encoding = "utf8" } = options;
    if (!isEncoding(encoding) && encoding !== "buffer") throw invalidArgValue("options.encoding", encoding);
    prefix = normalizePath(prefix, encoding);
    const made = fs("mkdir", pathname(prefix), false, true);
    if (made === undefined) throw new ERR_EINVAL({ syscall: "mkdtemp" });
    return made;
  }
  function opendirSync(path, options = {}) {
    const { path: normalized, encoding, recursive } = validateOpendirArgs(path, options);
    const handles = fs("readdir", pathname(normalized), recursive);
    return new Dir(handles, path, { encoding });
  }
  function openSync(path, flags = "r", mode = 0o666) {
    parseFileMode(mode, "mode", 0o666);
    const f = stringToFlags(flags);
    const read = !(f & C.O_WRONLY) || Boolean(f & C.O_RDWR);
    const write = Boolean(f & C.O_WRONLY) || Boolean(f & C.O_RDWR);
    const append = Boolean(f & C.O_APPEND);
    const create = Boolean(f & C.O_CREAT);
    const exclusive = Boolean(f & C.O_EXCL);
    const truncate = Boolean(f & C.O_TRUNC);
    return fs("open", pathname(path), read, write, append, create, exclusive, truncate, true);
  }
  function readdirSync(path, options = {}) {
    if (typeof options === "string" || options == null) options = { encoding: options };
    const { path: normalized, encoding, withFileTypes, recursive } = validateReaddirArgs(path, options);
    const handles = fs("readdir", pathname(normalized), recursive);
    if (withFileTypes) {
      if (encoding === "buffer") {
        return handles.map((h) => new Dirent(Buffer.from(h.name), h.type, h.parentPath));
      }
      return handles.map((h) => new Dirent(h.name, h.type, h.parentPath));
    }
    if (encoding === "buffer") return handles.map((h) => Buffer.from(h.name));
    return handles.map((h) => Buffer.from(h.name).toString(encoding));
  }
  function readFileSync(target, options = {}) {
    if (typeof options === "string" || options == null) options = { encoding: options };
    validateObject(options, "options");
    const { encoding = null, flag = "r" } = options;
    if (encoding !== null && encoding !== "buffer" && !isEncoding(encoding)) {
      throw invalidArgValue("options.encoding", encoding);
    }
    stringToFlags(flag);
    const bytes =
      typeof target === "number" ? fs("readAll", getValidatedFd(target)) : fs("readAll", pathname(target));
    const buffer = Buffer.from(bytes);
    return typeof encoding === "string" ? buffer.toString(encoding) : buffer;
  }
  function readLinkImpl(path, options, failIfNotSymlink) {
    if (typeof options === "string" || options == null) options = { encoding: options };
    validateObject(options, "options");
    const { encoding = "utf8" } = options;
    if (!isEncoding(encoding) && encoding !== "buffer") throw invalidArgValue("options.encoding", encoding);
    const target = Buffer.from(fs("readLink", pathname(path), failIfNotSymlink));
    return typeof encoding === "string" ? target.toString(encoding) : target;
  }
  function readlinkSync(path, options = {}) {
    return readLinkImpl(path, options, true);
  }
  function realpathSync(path, options = {}) {
    return readLinkImpl(path, options, false);
  }
  realpathSync.native = realpathSync;
  function readSync(fd, buffer, offsetOrOptions = {}, length, position = null) {
    const args = validateReadArgs(fd, buffer, offsetOrOptions, length, position);
    if (args.length === 0 || buffer.byteLength === 0) return 0;
    return readvSync(args.fd, args.buffer, args.position);
  }
  function readvSync(fd, buffers, position = null) {
    fd = getValidatedFd(fd);
    validateBufferArray(buffers);
    validatePosition(position, "position");
    if (buffers.length === 0) return 0;
    return fs("read", fd, buffers, position == null ? null : Number(position));
  }
  function renameSync(src, dest) {
    fs("renameOrCopy", pathname(src), pathname(dest), false);
  }
  function rmdirSync(path, options = {}) {
    const { path: normalized, recursive } = validateRmDirArgs(path, options);
    fs("rm", pathname(normalized), recursive, false, true);
  }
  function rmSync(path, options = {}) {
    const { path: normalized, recursive, force } = validateRmArgs(path, options);
    fs("rm", pathname(normalized), recursive, force, false);
  }
  function statfsSync(path, options = {}) {
    normalizePath(path);
    validateObject(options, "options");
    const { bigint = false } = options;
    validateBoolean(bigint, "options.bigint");
    if (bigint) return { type: 0n, bsize: 0n, blocks: 0n, bfree: 0n, bavail: 0n, files: 0n, ffree: 0n };
    return { type: 0, bsize: 0, blocks: 0, bfree: 0, bavail: 0, files: 0, ffree: 0 };
  }
  function symlinkSync(target, path, type = null) {
    validateOneOf(type, "type", ["dir", "file", "junction", null]);
    fs("link", pathname(path), pathname(target), true);
  }
  function truncateSync(path, len = 0) {
    validateUint32(len, "len");
    fs("truncate", pathname(path), len);
  }
  function unlinkSync(path) {
    fs("unlink", pathname(path));
  }
  function utimesSync(path, atime, mtime) {
    atime = getDate(atime);
    mtime = getDate(mtime);
    fs("setLastModified", pathname(path), mtime.getTime(), true);
  }
  function writeAllImpl(path, data, append, exclusive) {
    if (typeof path === "number" && isStdio(path)) {
      if (path === 0) return data.byteLength;
      return stdioWrite(path, [data]);
    }
    return fs("writeAll", target(path), data, append, exclusive);
  }
  function writeFileSync(path, data, options = {}) {
    const args = validateWriteFileArgs(path, data, options);
    return writeAllImpl(args.path, args.data, args.append, args.exclusive);
  }
  function writeSync(fd, buffer, offsetOrOptions = null, length, position) {
    const args = validateWriteArgs(fd, buffer, offsetOrOptions, length, position);
    return writevSync(args.fd, args.buffer, args.position);
  }
  function writevSync(fd, buffers, position = null) {
    fd = getValidatedFd(fd);
    validateBufferArray(buffers);
    validatePosition(position, "position");
    if (buffers.length === 0) return 0;
    if (isStdio(fd)) return stdioWrite(fd, buffers);
    return fs("write", fd, buffers, position == null ? null : Number(position));
  }
  function openAsBlob(path, options = {}) {
    normalizePath(path);
    validateObject(options, "options");
    const { type = "" } = options;
    validateString(type, "options.type");
    return new Blob([fs("blob", pathname(path))], { type });
  }

  // -------------------------------------------------------------------------------------
  // glob: a pattern-driven walk of the tree (`*`, `?`, `[...]`, `**`, `{a,b}`).

  function expandBraces(pattern) {
    let depth = 0;
    let start = -1;
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern[i];
      if (c === "\\" && i + 1 < pattern.length) {
        i++;
        continue;
      }
      if (c === "{") {
        if (depth === 0) start = i;
        depth++;
      } else if (c === "}") {
        depth--;
        if (depth === 0 && start !== -1) {
          const prefix = pattern.slice(0, start);
          const body = pattern.slice(start + 1, i);
          const suffix = pattern.slice(i + 1);
          const parts = [];
          let level = 0;
          let current = "";
          for (let j = 0; j < body.length; j++) {
            const d = body[j];
            if (d === "\\" && j + 1 < body.length) {
              current += d + body[j + 1];
              j++;
            } else if (d === "{" || d === "(") {
              level++;
              current += d;
            } else if (d === "}" || d === ")") {
              level--;
              current += d;
            } else if (d === "," && level === 0) {
              parts.push(current);
              current = "";
            } else current += d;
          }
          parts.push(current);
          if (parts.length === 1) return [pattern];
          return parts.flatMap((alt) => expandBraces(prefix + alt + suffix));
        }
      }
    }
    return [pattern];
  }
  function segmentRegex(segment) {
    let out = "";
    for (let i = 0; i < segment.length; i++) {
      const c = segment[i];
      if (c === "\\" && i + 1 < segment.length) {
        out += "\\" + segment[++i];
      } else if (c === "*") out += "[^/]*";
      else if (c === "?") out += "[^/]";
      else if (c === "[") {
        const end = segment.indexOf("]", i + 1);
        if (end === -1) out += "\\[";
        else {
          let body = segment.slice(i + 1, end);
          if (body.startsWith("!")) body = "^" + body.slice(1);
          out += "[" + body.replace(/\\/g, "\\\\") + "]";
          i = end;
        }
      } else out += /[.+^${}()|\]\\/]/.test(c) ? "\\" + c : c;
    }
    return new RegExp("^" + out + "$");
  }
  function listDir(path, cache) {
    if (cache.has(path)) return cache.get(path);
    let entries = [];
    try {
      entries = fs("readdir", pathname(path), false);
    } catch {
      entries = [];
    }
    cache.set(path, entries);
    return entries;
  }
  function walkGlob(dir, segments, index, rel, results, cache) {
    if (index === segments.length) {
      if (rel && !results.has(rel)) results.set(rel, null);
      return;
    }
    const segment = segments[index];
    const join = (name) => (rel ? `${rel}/${name}` : name);
    const base = (name) => (dir.endsWith("/") ? dir + name : `${dir}/${name}`);
    if (segment === "**") {
      walkGlob(dir, segments, index + 1, rel, results, cache);
      for (const entry of listDir(dir, cache)) {
        if (entry.name.startsWith(".")) continue;
        if (entry.type === C.UV_DIRENT_DIR) {
          walkGlob(base(entry.name), segments, index, join(entry.name), results, cache);
        } else if (index + 1 === segments.length) {
          results.set(join(entry.name), entry);
        }
      }
      return;
    }
    if (segment === "." || segment === "..") {
      walkGlob(base(segment), segments, index + 1, join(segment), results, cache);
      return;
    }
    const regex = segmentRegex(segment);
    for (const entry of listDir(dir, cache)) {
      if (entry.name.startsWith(".") && !segment.startsWith(".")) continue;
      if (!regex.test(entry.name)) continue;
      if (index + 1 === segments.length) {
        if (!results.has(join(entry.name)) || results.get(join(entry.name)) === null) {
          results.set(join(entry.name), entry);
        }
      } else if (entry.type === C.UV_DIRENT_DIR || entry.type === C.UV_DIRENT_LINK) {
        walkGlob(base(entry.name), segments, index + 1, join(entry.name), results, cache);
      }
    }
  }
  function globSync(pattern, options = {}) {
    const patterns = typeof pattern === "string" ? [pattern] : [...pattern];
    for (const p of patterns) validateString(p, "pattern");
    if (typeof options !== "object" || options === null) validateObject(options, "options");
    const cwd = options.cwd instanceof URL ? options.cwd.pathname : (options.cwd ?? processCwd());
    validateString(cwd, "options.cwd");
    const withFileTypes = options.withFileTypes ?? false;
    const exclude = options.exclude;
    let excludeFn;
    let excludePatterns;
    if (typeof exclude === "function") excludeFn = exclude;
    else if (Array.isArray(exclude)) {
      excludePatterns = exclude.flatMap(expandBraces).map((p) => {
        const parts = p.split("/").filter((s) => s !== "");
        return parts.map((s) => (s === "**" ? null : segmentRegex(s)));
      });
    }
    const excluded = (rel) =>
      excludePatterns?.some((parts) => {
        const names = rel.split("/");
        const match = (i, j) => {
          if (i === parts.length) return j === names.length;
          if (parts[i] === null) {
            for (let k = j; k <= names.length; k++) if (match(i + 1, k)) return true;
            return false;
          }
          return j < names.length && parts[i].test(names[j]) && match(i + 1, j + 1);
        };
        return match(0, 0);
      });
    const results = new Map();
    const cache = new Map();
    for (const p of patterns) {
      for (let expanded of expandBraces(p)) {
        if (expanded.startsWith("./")) expanded = expanded.slice(2);
        expanded = expanded.replace(/\/\/+/g, "/");
        if (expanded.endsWith("/") && expanded.length > 1) expanded = expanded.slice(0, -1);
        const segments = [];
        for (const s of expanded.split("/").filter((s) => s !== "")) {
          if (s === "**" && segments[segments.length - 1] === "**") continue;
          segments.push(s);
        }
        if (segments.length === 0) continue;
        walkGlob(cwd, segments, 0, "", results, cache);
      }
    }
    const strings = [];
    const dirents = [];
    for (const [rel, entry] of results) {
      if (!rel) continue;
      if (excluded(rel)) continue;
      if (withFileTypes) {
        const parts = rel.split("/");
        const name = parts.pop() ?? "";
        const parent = cwd + (parts.length ? "/" + parts.join("/") : "");
        const dirent = new Dirent(name, entry?.type ?? 0, parent);
        if (excludeFn && excludeFn(dirent)) continue;
        dirents.push(dirent);
      } else {
        if (excludeFn && excludeFn(rel)) continue;
        strings.push(rel);
      }
    }
    return withFileTypes ? dirents : strings;
  }

  // -------------------------------------------------------------------------------------
  // The callback API: arguments are validated at once, the outcome is called back in a
  // microtask.

  function callbackRequired(callback) {
    if (typeof callback !== "function") throw invalidArgType("callback", ["function"], callback);
  }
  function withErrorOnly(fn, callback) {
    callbackRequired(callback);
    try {
      fn();
      queueMicrotask(() => callback(null));
    } catch (error) {
      queueMicrotask(() => callback(error));
    }
  }
  function withResult(fn, callback) {
    callbackRequired(callback);
    try {
      const result = fn();
      queueMicrotask(() => callback(null, result));
    } catch (error) {
      queueMicrotask(() => callback(error));
    }
  }
  function splitCallback(options, callback, defaults) {
    return typeof options === "function" ? [defaults, options] : [options, callback];
  }

  const callbacks = {
    access(path, mode = C.F_OK, callback) {
      if (typeof mode === "function") [mode, callback] = [C.F_OK, mode];
      const args = validateAccessArgs(path, mode);
      withErrorOnly(() => accessSyncImpl(args.path, args.mode, true), callback);
    },
    appendFile(path, data, options, callback) {
      if (typeof options === "function") {
        callback = options;
        options = { encoding: "utf8", mode: 0o666, flag: "a", flush: false };
      }
      callbacks.writeFile(path, data, options, callback);
    },
    chmod(path, mode, callback) {
      const { pathOrFd } = validateChmodArgs(path, mode);
      withErrorOnly(() => {
        if (fs("stat", pathname(pathOrFd), true) == null) throw new ERR_ENOENT(shown(pathOrFd), { syscall: "chmod" });
      }, callback);
    },
    chown(path, uid, gid, callback) {
      const { pathOrFd } = validateChownArgs(path, uid, gid);
      withErrorOnly(() => {
        if (fs("stat", target(pathOrFd), true) == null) throw new ERR_ENOENT(path.pathname, { syscall: "chown" });
      }, callback);
    },
    close(fd, callback = () => {}) {
      fd = getValidatedFd(fd);
      withErrorOnly(() => closeSync(fd), callback);
    },
    copyFile(src, dest, mode = 0, callback) {
      if (typeof mode === "function") [mode, callback] = [0, mode];
      const normalizedSrc = normalizePath(src);
      const normalizedDest = normalizePath(dest);
      validateOneOf(mode, "mode", [0, C.COPYFILE_EXCL, C.COPYFILE_FICLONE_FORCE, C.COPYFILE_FICLONE]);
      if (mode & C.COPYFILE_FICLONE_FORCE) throw unsupported();
      if (mode & C.COPYFILE_EXCL && existsSync(dest)) {
        throw new ERR_EEXIST({ syscall: "copyFile", path: shown(normalizedDest) });
      }
      withErrorOnly(() => copyFileSync(normalizedSrc, normalizedDest, mode), callback);
    },
    cp(src, dest, options, callback) {
      [options, callback] = splitCallback(options, callback, {});
      const o = validateCpOptions(options);
      const from = normalizePath(src);
      const to = normalizePath(dest);
      withErrorOnly(
        () => fs("cp", pathname(from), pathname(to), o.dereference, o.recursive, o.force, o.errorOnExist),
        callback,
      );
    },
    exists(path, callback) {
      queueMicrotask(() => callback(existsSync(path)));
    },
    fchmod(fd, mode, callback) {
      fd = getValidatedFd(fd);
      parseFileMode(mode, "mode");
      withErrorOnly(() => fchmodSync(fd, mode), callback);
    },
    fchown(fd, uid, gid, callback) {
      const { pathOrFd } = validateChownArgs(fd, uid, gid);
      withErrorOnly(() => {
        if (fs("stat", pathOrFd, false) == null) throw new ERR_EBADF({ syscall: "fchown" });
      }, callback);
    },
    fdatasync(fd, callback) {
      getValidatedFd(fd);
      withErrorOnly(() => fdatasyncSync(fd), callback);
    },
    fstat(fd, options, callback) {
      [options, callback] = splitCallback(options, callback, { bigint: false });
      validateStatArgs(fd, options, true);
      withResult(() => fstatSync(fd, options), callback);
    },
    fsync(fd, callback = () => {}) {
      getValidatedFd(fd);
      withErrorOnly(() => fsyncSync(fd), callback);
    },
    ftruncate(fd, len, callback) {
      if (typeof len === "function") [len, callback] = [0, len];
      fd = getValidatedFd(fd);
      validateUint32(len, "len");
      withErrorOnly(() => ftruncateSync(fd, len), callback);
    },
    futimes(fd, atime, mtime, callback) {
      fd = getValidatedFd(fd);
      atime = getDate(atime);
      mtime = getDate(mtime);
      withErrorOnly(() => futimesSync(fd, atime, mtime), callback);
    },
    lchmod(path, mode, callback) {
      const { pathOrFd } = validateChmodArgs(path, mode);
      withErrorOnly(() => {
        if (fs("stat", pathname(pathOrFd), false) == null) throw new ERR_ENOENT(shown(pathOrFd), { syscall: "lchmod" });
      }, callback);
    },
    lchown(path, uid, gid, callback) {
      const { pathOrFd } = validateChownArgs(path, uid, gid);
      withErrorOnly(() => {
        if (fs("stat", target(pathOrFd), false) == null) throw new ERR_ENOENT(path.pathname, { syscall: "lchown" });
      }, callback);
    },
    lutimes(path, atime, mtime, callback) {
      atime = getDate(atime);
      mtime = getDate(mtime);
      path = normalizePath(path);
      withErrorOnly(() => lutimesSync(path, atime, mtime), callback);
    },
    link(src, dest, callback) {
      const from = normalizePath(src);
      const to = normalizePath(dest);
      withErrorOnly(() => linkSync(from, to), callback);
    },
    lstat(path, options, callback) {
      [options, callback] = splitCallback(options, callback, { bigint: false });
      const { pathOrFd, bigint, throwIfNoEntry } = validateStatArgs(path, options);
      withResult(() => lstatSync(pathOrFd, { bigint, throwIfNoEntry }), callback);
    },
    mkdir(path, options, callback) {
      [options, callback] = splitCallback(options, callback, {});
      const { path: normalized, recursive } = validateMkDirArgs(path, options);
      withResult(() => mkdirSync(normalized, { recursive }), callback);
    },
    mkdtemp(prefix, options, callback) {
      [options, callback] = splitCallback(options, callback, {});
      if (typeof options === "string" || options == null) options = { encoding: options };
      validateObject(options, "options");
      const { encoding = null } = options;
      if (encoding !== null && encoding !== "buffer" && !isEncoding(encoding)) {
        throw invalidArgValue("options.encoding", encoding);
      }
      withResult(() => mkdtempSync(prefix, options), callback);
    },
    open(path, flags = "r", mode = 0o666, callback) {
      if (typeof flags === "function") [flags, mode, callback] = ["r", 0o666, flags];
      else if (typeof mode === "function") [mode, callback] = [0o666, mode];
      path = normalizePath(path);
      mode = parseFileMode(mode, "mode");
      flags = stringToFlags(flags);
      withResult(() => openSync(path, flags, mode), callback);
    },
    opendir(path, options, callback) {
      [options, callback] = splitCallback(options, callback, { encoding: "utf8", bufferSize: 32, recursive: false });
      const { path: normalized, encoding, recursive } = validateOpendirArgs(path, options);
      withResult(() => opendirSync(normalized, { encoding, recursive }), callback);
    },
    read(fd, bufferOrOptions, offsetOrOptions, lengthOrCallback, position, callback) {
      let actualCallback;
      let buffer;
      let offset = 0;
      let length;
      let pos = null;
      if (typeof bufferOrOptions === "function") {
        actualCallback = bufferOrOptions;
        buffer = Buffer.alloc(16384);
        length = buffer.byteLength;
      } else if (bufferOrOptions != null && typeof bufferOrOptions === "object" && !isArrayBufferView(bufferOrOptions)) {
        const {
          buffer: given = Buffer.alloc(16384),
          offset: o = given.byteOffset,
          length: l = given.byteLength,
          position: p = null,
        } = bufferOrOptions;
        if (!isArrayBufferView(given)) throw invalidArgType("options.buffer", ["Buffer", "TypedArray", "DataView"], given);
        validateUint32(o, "options.offset");
        validateUint32(l, "options.length");
        validatePosition(p, "options.position");
        [buffer, offset, length, pos] = [given, o, l, p];
        if (typeof offsetOrOptions !== "function") throw invalidArgType("callback", ["function"], offsetOrOptions);
        actualCallback = offsetOrOptions;
      } else {
        buffer = bufferOrOptions;
        if (!isArrayBufferView(buffer)) throw invalidArgType("buffer", ["Buffer", "TypedArray", "DataView"], buffer);
        length = buffer.byteLength;
        offset = buffer.byteOffset;
        if (typeof offsetOrOptions === "function") {
          actualCallback = offsetOrOptions;
        } else if (typeof offsetOrOptions === "object" && !(offsetOrOptions instanceof Number)) {
          const { offset: o = offset, length: l = length, position: p = null } = offsetOrOptions;
          validateUint32(o, "options.offset");
          validateUint32(l, "options.length");
          validatePosition(p, "options.position");
          [offset, length, pos] = [o, l, p];
          if (typeof lengthOrCallback !== "function") throw invalidArgType("callback", ["function"], lengthOrCallback);
          actualCallback = lengthOrCallback;
        } else {
          offset = typeof offsetOrOptions === "number" ? offsetOrOptions : 0;
          if (typeof lengthOrCallback === "function") {
            actualCallback = lengthOrCallback;
            pos = null;
            length = buffer.byteLength;
          } else {
            length = lengthOrCallback ?? buffer.byteLength;
            validateUint32(position, "position");
            pos = position;
            actualCallback = callback;
          }
        }
      }
      if (typeof actualCallback !== "function") throw invalidArgType("callback", ["function"], actualCallback);
      if (!isArrayBufferView(buffer)) throw invalidArgType("buffer", ["Buffer", "TypedArray", "DataView"], buffer);
      if (offset < 0 || length < 0 || offset + length > buffer.byteLength) {
        throw invalidArgValue("offset", "must be >= 0 and <= buffer.length");
      }
      if (buffer.byteLength === 0 || length === 0) {
        queueMicrotask(() => actualCallback(null, 0, buffer));
        return;
      }
      try {
        const bytesRead = readSync(fd, buffer, { offset, length, position: pos });
        queueMicrotask(() => actualCallback(null, bytesRead, buffer));
      } catch (error) {
        queueMicrotask(() => actualCallback(error));
      }
    },
    readdir(path, options, callback) {
      [options, callback] = splitCallback(options, callback, {
        encoding: "utf8",
        withFileTypes: false,
        recursive: false,
      });
      const { path: normalized, recursive, withFileTypes, encoding } = validateReaddirArgs(path, options);
      withResult(() => readdirSync(normalized, { recursive, withFileTypes, encoding }), callback);
    },
    readFile(path, options, callback) {
      [options, callback] = splitCallback(options, callback, {});
      if (typeof options === "string" || options == null) options = { encoding: options };
      validateObject(options, "options");
      const { encoding = null } = options;
      if (encoding !== null && encoding !== "buffer" && !isEncoding(encoding)) {
        throw invalidArgValue("options.encoding", encoding);
      }
      withResult(() => readFileSync(path, options), callback);
    },
    readlink(path, options, callback) {
      [options, callback] = splitCallback(options, callback, {});
      if (typeof options === "string" || options == null) options = { encoding: options };
      const normalized = normalizePath(path);
      validateObject(options, "options");
      const { encoding = "utf8" } = options;
      if (encoding !== null && encoding !== "buffer" && !isEncoding(encoding)) {
        throw invalidArgValue("options.encoding", encoding);
      }
      withResult(() => readlinkSync(normalized, { encoding }), callback);
    },
    readv(fd, buffers, position, callback) {
      if (typeof position === "function") [position, callback] = [null, position];
      callbackRequired(callback);
      validatePosition(position, "position");
      try {
        const read = readvSync(fd, buffers, position);
        queueMicrotask(() => callback(null, read, buffers));
      } catch (error) {
        queueMicrotask(() => callback(error));
      }
    },
    realpath(path, options, callback) {
      [options, callback] = splitCallback(options, callback, {});
      if (typeof options === "string" || options == null) options = { encoding: options };
      validateObject(options, "options");
      const { encoding = "utf8" } = options;
      if (encoding !== null && encoding !== "buffer" && !isEncoding(encoding)) {
        throw invalidArgValue("options.encoding", encoding);
      }
      const normalized = normalizePath(path);
      withResult(() => realpathSync(normalized, { encoding }), callback);
    },
    rename(oldPath, newPath, callback) {
      const from = normalizePath(oldPath);
      const to = normalizePath(newPath);
      withErrorOnly(() => renameSync(from, to), callback);
    },
    rmdir(path, options, callback) {
      [options, callback] = splitCallback(options, callback, {});
      const { path: normalized, recursive } = validateRmDirArgs(path, options);
      withErrorOnly(() => rmdirSync(normalized, { recursive }), callback);
    },
    rm(path, options, callback) {
      [options, callback] = splitCallback(options, callback, {});
      const { path: normalized, recursive, force } = validateRmArgs(path, options);
      withErrorOnly(() => rmSync(normalized, { recursive, force }), callback);
    },
    stat(path, options, callback) {
      [options, callback] = splitCallback(options, callback, { bigint: false });
      const { pathOrFd, bigint, throwIfNoEntry } = validateStatArgs(path, options);
      withResult(() => statSync(pathOrFd, { bigint, throwIfNoEntry }), callback);
    },
    statfs(path, options, callback) {
      [options, callback] = splitCallback(options, callback, { bigint: false });
      const normalized = normalizePath(path);
      if (options !== undefined) {
        validateObject(options, "options");
        if (options.bigint !== undefined) validateBoolean(options.bigint, "options.bigint");
      }
      withResult(() => statfsSync(normalized, options), callback);
    },
    symlink(target, path, type, callback) {
      if (typeof type === "function") [type, callback] = [null, type];
      const to = normalizePath(target);
      const at = normalizePath(path);
      if (type != null) validateOneOf(type, "type", ["dir", "file", "junction", null]);
      withErrorOnly(() => symlinkSync(to, at, type), callback);
    },
    truncate(path, len, callback) {
      if (typeof len === "function") [len, callback] = [0, len];
      const normalized = normalizePath(path);
      validateUint32(len, "len");
      withErrorOnly(() => truncateSync(normalized, len), callback);
    },
    unlink(path, callback) {
      const normalized = normalizePath(path);
      withErrorOnly(() => unlinkSync(normalized), callback);
    },
    utimes(path, atime, mtime, callback) {
      atime = getDate(atime);
      mtime = getDate(mtime);
      const normalized = normalizePath(path);
      withErrorOnly(() => utimesSync(normalized, atime, mtime), callback);
    },
    write(fd, buffer, offsetOrOptions, lengthOrEncoding, position, callback) {
      if (typeof offsetOrOptions === "function") [callback, offsetOrOptions] = [offsetOrOptions, undefined];
      if (typeof lengthOrEncoding === "function") [callback, lengthOrEncoding] = [lengthOrEncoding, undefined];
      if (typeof position === "function") [callback, position] = [position, undefined];
      callbackRequired(callback);
      if (typeof buffer === "string") {
        let encoding = "utf8";
        if (typeof lengthOrEncoding === "string") {
          encoding = lengthOrEncoding;
          lengthOrEncoding = undefined;
        }
        buffer = Buffer.from(buffer, encoding);
      }
      const args = validateWriteArgs(fd, buffer, offsetOrOptions, lengthOrEncoding, position);
      try {
        const written = writevSync(args.fd, args.buffer, args.position);
        queueMicrotask(() => callback(null, written, buffer));
      } catch (error) {
        queueMicrotask(() => callback(error));
      }
    },
    writeFile(path, data, options, callback) {
      [options, callback] = splitCallback(options, callback, {
        encoding: "utf8",
        mode: 0o666,
        flag: "w",
        flush: false,
      });
      const args = validateWriteFileArgs(path, data, options);
      withResult(() => writeAllImpl(args.path, args.data, args.append, args.exclusive), callback);
    },
    writev(fd, buffers, position, callback) {
      if (typeof position === "function") [position, callback] = [null, position];
      callbackRequired(callback);
      fd = getValidatedFd(fd);
      validateBufferArray(buffers);
      validatePosition(position, "position");
      try {
        const written = writevSync(fd, buffers, position);
        queueMicrotask(() => callback(null, written, buffers));
      } catch (error) {
        queueMicrotask(() => callback(error));
      }
    },
    unwatchFile() {
      throw unsupported();
    },
    watch() {
      throw unsupported();
    },
    watchFile() {
      throw unsupported();
    },
    glob(pattern, options, callback) {
      [options, callback] = splitCallback(options, callback, {});
      if (callback === undefined) throw invalidArgType("callback", ["function"], callback);
      withResult(() => globSync(pattern, options), callback);
    },
  };
  callbacks.realpath.native = callbacks.realpath;

  // -------------------------------------------------------------------------------------
  // The promise API and FileHandle.

  const attempt = (fn) => new Promise((resolve) => resolve(fn()));
  let streams = null;

  class FileHandle extends EventEmitter {
    #fd;
    [kFileHandle] = true;
    constructor(badge, fd) {
      if (badge !== kBadge) throw new TypeError("Illegal constructor");
      super();
      this.#fd = fd;
    }
    get fd() {
      return this.#fd;
    }
    #open() {
      if (this.#fd === undefined) throw new ERR_EBADF({ syscall: "stat" });
      return this.#fd;
    }
    async appendFile(data, options = {}) {
      const fd = this.#open();
      await promises.appendFile(fd, data, options);
    }
    async chmod(mode) {
      const fd = this.#open();
      await attempt(() => fchmodSync(fd, mode));
    }
    async chown(uid, gid) {
      const fd = this.#open();
      await attempt(() => fchownSync(fd, uid, gid));
    }
    async datasync() {
      const fd = this.#open();
      await attempt(() => fdatasyncSync(fd));
    }
    async sync() {
      const fd = this.#open();
      await attempt(() => fsyncSync(fd));
    }
    read(bufferOrOptions = {}, offsetOrOptions = {}, length, position = null) {
      try {
        const fd = this.#open();
        let options;
        if (isArrayBufferView(bufferOrOptions)) {
          options =
            typeof offsetOrOptions === "number"
              ? {
                  buffer: bufferOrOptions,
                  offset: offsetOrOptions,
                  length: length ?? bufferOrOptions.byteLength,
                  position: position ?? null,
                }
              : { buffer: bufferOrOptions, ...offsetOrOptions };
        } else options = bufferOrOptions;
        const {
          buffer = Buffer.alloc(16384),
          offset = buffer.byteOffset,
          length: len = buffer.byteLength - buffer.byteOffset,
          position: pos = null,
        } = options;
        validateUint32(offset, "offset");
        validateUint32(len, "length");
        validatePosition(pos, "position");
        const bytesRead = readSync(fd, buffer, offset, len, pos);
        return Promise.resolve({ bytesRead, buffer });
      } catch (error) {
        return Promise.reject(error);
      }
    }
    readv(buffers, position = null) {
      try {
        const bytesRead = readvSync(this.#open(), buffers, position);
        return Promise.resolve({ bytesRead, buffers });
      } catch (error) {
        return Promise.reject(error);
      }
    }
    async readFile(options = {}) {
      const fd = this.#open();
      return await promises.readFile(fd, options);
    }
    readLines() {
      this.#open();
      throw new Error("not implemented");
    }
    async stat(options = {}) {
      const fd = this.#open();
      return await attempt(() => fstatSync(fd, options));
    }
    async truncate(len = 0) {
      const fd = this.#open();
      await attempt(() => ftruncateSync(fd, len));
    }
    async utimes(atime, mtime) {
      const fd = this.#open();
      await attempt(() => futimesSync(fd, atime, mtime));
    }
    write(buffer, offsetPositionOrOptions = null, lengthOrEncoding, position = null) {
      try {
        const fd = this.#open();
        if (typeof buffer === "string") buffer = Buffer.from(buffer, lengthOrEncoding);
        const bytesWritten = writeSync(fd, buffer, offsetPositionOrOptions, lengthOrEncoding, position);
        return Promise.resolve({ bytesWritten, buffer });
      } catch (error) {
        return Promise.reject(error);
      }
    }
    writev(buffers, position = null) {
      try {
        const bytesWritten = writevSync(this.#open(), buffers, position);
        return Promise.resolve({ bytesWritten, buffers });
      } catch (error) {
        return Promise.reject(error);
      }
    }
    writeFile(data, options = {}) {
      try {
        const fd = this.#open();
        const bytesWritten = writeFileSync(fd, data, options);
        return Promise.resolve({
          bytesWritten,
          buffer: isArrayBufferView(data) ? data : Buffer.from(data, options),
        });
      } catch (error) {
        return Promise.reject(error);
      }
    }
    close() {
      try {
        if (this.#fd !== undefined) fs("close", this.#fd);
        this.#fd = undefined;
        this.emit("close");
        return Promise.resolve();
      } catch (error) {
        return Promise.reject(error);
      }
    }
    async [Symbol.asyncDispose]() {
      await this.close();
    }
    readableWebStream(options = {}) {
      this.#open();
      validateObject(options, "options");
      const { autoClose = true } = options;
      validateBoolean(autoClose, "options.autoClose");
      const handle = this;
      const done = async () => {
        if (autoClose) await handle.close();
      };
      let controller;
      const readable = new ReadableStream({
        type: "bytes",
        autoAllocateChunkSize: 16384,
        start(c) {
          controller = c;
        },
        async pull(c) {
          const request = c.byobRequest;
          const view = request.view;
          const { bytesRead } = await handle.read(view, view.byteOffset, view.byteLength);
          if (bytesRead === 0) {
            c.close();
            await done();
          }
          request.respond(bytesRead);
        },
        async cancel() {
          await done();
        },
      });
      this.once("close", () => {
        try {
          controller.close();
        } catch {
          // already closed
        }
      });
      return readable;
    }
    createReadStream(options = {}) {
      return streams.createReadStream("", { ...options, fd: this });
    }
    createWriteStream(options = {}) {
      return streams.createWriteStream("", { ...options, fd: this });
    }
  }

  const promises = {
    FileHandle,
    access: (path, mode = C.F_OK) => attempt(() => void accessSync(path, mode)),
    appendFile: (path, data, options = {}) => attempt(() => void appendFileSync(path, data, options)),
    chmod: (path, mode) => attempt(() => void chmodSync(path, mode)),
    chown: (path, uid, gid) => attempt(() => void chownSync(path, uid, gid)),
    constants,
    copyFile: (src, dest, mode) => attempt(() => void copyFileSync(src, dest, mode)),
    cp: (src, dest, options) => attempt(() => void cpSync(src, dest, options)),
    glob: async function* glob(pattern, options = {}) {
      const results = await Promise.resolve(globSync(pattern, options));
      for (const result of results) yield result;
    },
    lchmod: (path, mode) => attempt(() => void lchmodSync(path, mode)),
    lchown: (path, uid, gid) => attempt(() => void lchownSync(path, uid, gid)),
    link: (existingPath, newPath) => attempt(() => void linkSync(existingPath, newPath)),
    lstat: (path, options = {}) => attempt(() => lstatSync(path, options)),
    lutimes: (path, atime, mtime) => attempt(() => void lutimesSync(path, atime, mtime)),
    mkdir: (path, options = {}) => attempt(() => mkdirSync(path, options)),
    mkdtemp: (prefix, options = {}) => attempt(() => mkdtempSync(prefix, options)),
    open: (path, flags, mode) => attempt(() => new FileHandle(kBadge, openSync(path, flags, mode))),
    opendir: (path, options = {}) => attempt(() => opendirSync(path, options)),
    readFile: (path, options = {}) => attempt(() => readFileSync(path, options)),
    readdir: (path, options = {}) => attempt(() => readdirSync(path, options)),
    readlink: (path, options = {}) => attempt(() => readlinkSync(path, options)),
    realpath: (path, options = {}) => attempt(() => realpathSync(path, options)),
    rename: (oldPath, newPath) => attempt(() => void renameSync(oldPath, newPath)),
    rm: (path, options = {}) => attempt(() => void rmSync(path, options)),
    rmdir: (path, options) => attempt(() => void rmdirSync(path, options)),
    stat: (path, options = {}) => attempt(() => statSync(path, options)),
    statfs: (path, options = {}) => attempt(() => statfsSync(path, options)),
    symlink: (target, path, type = null) => attempt(() => void symlinkSync(target, path, type)),
    truncate: (path, len = 0) => attempt(() => void truncateSync(path, len)),
    unlink: (path) => attempt(() => void unlinkSync(path)),
    utimes: (path, atime, mtime) => attempt(() => void utimesSync(path, atime, mtime)),
    watch() {
      throw new Error("Not implemented");
    },
    writeFile: (path, data, options = {}) => attempt(() => void writeFileSync(path, data, options)),
  };

  // -------------------------------------------------------------------------------------
  // Streams, built once node:fs or node:fs/promises hands over node:stream's classes.

  // ReadStream and WriteStream as workerd writes them: constructor functions (callable
  // without `new`) over node:stream's Readable and Writable (handed over by node:fs and
  // node:fs/promises, which import node:stream), whose construct opens the path,
  // read/write go through the callback API (or the FileHandle given as `fd`), and destroy
  // closes the fd once no I/O is in flight.
  function makeStreams({ Readable, Writable, finished }) {
    const k = {
      Buffer,
      normalizePath,
      getValidatedFd,
      parseFileMode,
      validateObject,
      validateBoolean,
      validateFunction,
      validateUint32,
      validateAbortSignal,
    };

    const kFs = Symbol("kFs");
    const kIsPerformingIO = Symbol("kIsPerformingIO");
    const kIoDone = Symbol("kIoDone");
    const kHandle = Symbol("kHandle");
    const isFileHandle = (value) => typeof value === "object" && value !== null && Reflect.has(value, kFileHandle);

    // The fs operations a stream uses by default: the callback API, each callback run
    // after the operation settles (an exception it throws is reported).
    const report = (fn) => {
      try {
        fn();
      } catch (error) {
        reportError(error);
      }
    };
    const kDefault = {
      open(path, flags = "r", mode = 0o666, cb) {
        let callback;
        if (typeof flags === "function") callback = flags;
        else if (typeof mode === "function") callback = mode;
        else if (typeof cb === "function") callback = cb;
        else throw errors.missingArgs("fs.open callback");
        k.validateFunction(callback, "fs.open callback");
        const openFlags = typeof flags === "function" ? "r" : flags;
        const openMode = typeof mode === "function" ? 0o666 : mode;
        const done = (error, fd) => report(() => (error ? callback(error) : callback(null, fd)));
        Promise.resolve().then(() => {
          try {
            callbacks.open(path, openFlags, openMode, done);
          } catch (error) {
            done(error);
          }
        }, done);
      },
      close(fd, cb = () => {}) {
        Promise.resolve().then(() => callbacks.close(fd, (error) => report(() => cb(error ? error : null))));
      },
      fsync(fd, cb = () => {}) {
        Promise.resolve().then(() => callbacks.fsync(fd, (error) => report(() => cb(error ? error : null))));
      },
      read(fd, buffer, offset, length, position, cb) {
        Promise.resolve().then(
          () =>
            callbacks.read(fd, buffer, offset, length, position, (error, bytesRead, buf) =>
              report(() => (error ? cb?.(error) : cb?.(null, bytesRead, buf))),
            ),
          (error) => report(() => cb?.(error)),
        );
      },
      write(fd, buffer, offset, length, position, cb) {
        Promise.resolve().then(
          () =>
            callbacks.write(fd, buffer, offset, length, position, (error, written, buf) =>
              report(() => (error ? cb?.(error) : cb?.(null, written, buf))),
            ),
          (error) => report(() => cb?.(error)),
        );
      },
      writev(fd, buffers, position, cb) {
        Promise.resolve().then(
          () =>
            callbacks.writev(fd, buffers, position, (error, written, bufs) =>
              report(() => (error ? cb?.(error) : cb?.(null, written, bufs))),
            ),
          (error) => report(() => cb?.(error)),
        );
      },
    };

    function fsOperations(fs) {
      k.validateObject(fs, "options.fs");
      if (isFileHandle(fs)) {
        const handle = fs;
        const last = (args) => args[args.length - 1];
        return {
          open() {
            throw errors.methodNotImplemented("open()");
          },
          close(...args) {
            handle.close().then(() => last(args)(null), (error) => last(args)(error));
          },
          fsync(...args) {
            handle.sync().then(() => last(args)(null), (error) => last(args)(error));
          },
          read(...args) {
            handle.read(...args.slice(1, -1)).then(
              (r) => last(args)(null, r.bytesRead, r.buffer),
              (error) => last(args)(error),
            );
          },
          write(...args) {
            handle.write(...args.slice(1, -1)).then(
              (r) => last(args)(null, r.bytesWritten, r.buffer),
              (error) => last(args)(error),
            );
          },
          writev(...args) {
            handle.writev(...args.slice(1, -1)).then(
              (r) => last(args)(null, r.bytesWritten, r.buffers),
              (error) => last(args)(error),
            );
          },
        };
      }
      const {
        open = kDefault.open,
        close = kDefault.close,
        fsync = kDefault.fsync,
        read = kDefault.read,
        write = kDefault.write,
        writev = kDefault.writev,
      } = fs;
      k.validateFunction(open, "options.fs.open");
      k.validateFunction(read, "options.fs.read");
      k.validateFunction(close, "options.fs.close");
      k.validateFunction(fsync, "options.fs.fsync");
      k.validateFunction(write, "options.fs.write");
      k.validateFunction(writev, "options.fs.writev");
      return { open, close, fsync, read, write, writev };
    }

    function errorOrDestroy(stream, error) {
      const r = stream._readableState;
      const w = stream._writableState;
      if (r?.destroyed || w?.destroyed) return;
      if (r?.autoDestroy || w?.autoDestroy) stream.destroy(error);
      else if (error) stream.emit("error", error);
    }

    function construct(callback) {
      const stream = this;
      if (typeof stream.fd === "number") {
        callback(null);
        return;
      }
      if (typeof stream.open === "function") {
        const emit = stream.emit;
        stream.emit = function (...args) {
          if (args[0] === "open") {
            this.emit = emit;
            callback(null);
            Reflect.apply(emit, this, args);
          } else if (args[0] === "error") {
            this.emit = emit;
            callback(args[1]);
          } else {
            Reflect.apply(emit, this, args);
          }
          return true;
        };
        stream.open();
        return;
      }
      stream[kFs].open(stream.path, stream.flags, stream.mode, (error, fd) => {
        if (error) {
          callback(error);
          return;
        }
        if (fd === undefined) {
          callback(errors.invalidArgValue("fd", "undefined"));
          return;
        }
        stream.fd = fd;
        callback(null);
        stream.emit("open", stream.fd);
        stream.emit("ready");
      });
    }

    function readImpl(n) {
      n = this.pos !== undefined ? Math.min(this.end - this.pos + 1, n) : Math.min(this.end - this.bytesRead + 1, n);
      if (n <= 0) {
        this.push(null);
        return;
      }
      const buffer = Buffer.allocUnsafeSlow(n);
      this[kIsPerformingIO] = true;
      if (this.fd == null) {
        this.push(null);
        return;
      }
      this[kFs].read(this.fd, buffer, 0, n, this.pos, (error, bytesRead, buf) => {
        this[kIsPerformingIO] = false;
        if (this.destroyed) {
          this.emit(kIoDone, error);
          return;
        }
        if (error) {
          errorOrDestroy(this, error);
          return;
        }
        if (buf == null) {
          errorOrDestroy(this, errors.invalidArgValue("buf", "null"));
          return;
        }
        if (bytesRead != null && bytesRead > 0) {
          if (this.pos !== undefined) this.pos += bytesRead;
          this.bytesRead += bytesRead;
          if (bytesRead !== buf.byteLength) {
            const copy = Buffer.allocUnsafeSlow(bytesRead);
            Buffer.from(buf.buffer, buf.byteOffset, bytesRead).copy(copy, 0, 0, bytesRead);
            buf = copy;
          }
          this.push(buf);
        } else {
          this.push(null);
        }
      });
    }

    function closeFd(stream, error, cb) {
      if (stream.fd == null) return;
      stream[kFs].close(stream.fd, (closeError) => cb(closeError || error));
      stream.fd = null;
    }
    function close(stream, error, cb) {
      if (stream.fd == null) cb(error);
      else if (stream.flush) stream[kFs].fsync(stream.fd, (flushError) => closeFd(stream, error || flushError, cb));
      else closeFd(stream, error, cb);
    }
    function destroyImpl(error, cb) {
      if (this[kIsPerformingIO]) this.once(kIoDone, (ioError) => close(this, error || ioError, cb));
      else close(this, error, cb);
    }

    function commonOptions(self, path, options, { write }) {
      if (options === null) options = {};
      else if (typeof options === "string") options = { encoding: options };
      k.validateObject(options, "options");
      return options;
    }

    function adoptFd(self, path, options, fd, fs, defaultFs, defaultFlags) {
      self[kFs] = fsOperations(fs);
      if (fd == null) {
        self.fd = null;
        self.path = decodeURIComponent(k.normalizePath(path).pathname);
        self.flags = options.flags === undefined ? defaultFlags : options.flags;
        self.mode = options.mode === undefined ? 0o666 : options.mode;
      } else if (isFileHandle(fd)) {
        if (fs !== defaultFs) throw errors.methodNotImplemented("FileHandle with fs");
        self[kHandle] = fd;
        self[kFs] = fsOperations(fd);
        fd.on("close", () => self.close());
        self.fd = fd.fd || null;
      } else {
        self.fd = k.getValidatedFd(fd);
      }
    }

    function ReadStream(path, options = {}) {
      if (!(this instanceof ReadStream)) return new ReadStream(path, options);
      options = commonOptions(this, path, options, { write: false });
      const {
        encoding = null,
        autoClose = true,
        emitClose = true,
        start = 0,
        end = Infinity,
        highWaterMark = 64 * 1024,
        signal = null,
        flags = "r",
        fd = null,
        mode = 0o666,
        fs = kDefault,
      } = options;
      if (encoding !== "buffer" && encoding !== null && !Buffer.isEncoding(encoding)) {
        throw errors.invalidArgValue("options.encoding", encoding);
      }
      k.validateBoolean(autoClose, "options.autoClose");
      k.validateBoolean(emitClose, "options.emitClose");
      k.validateUint32(start, "options.start");
      if (end !== Infinity) {
        k.validateUint32(end, "options.end");
        if (start > end) throw errors.outOfRange("start", `<= "end" (here: ${end})`, start);
      }
      k.validateUint32(highWaterMark, "options.highWaterMark");
      if (signal != null) k.validateAbortSignal(signal, "options.signal");
      if (typeof flags !== "string") throw errors.invalidArgType("options.flags", "string", flags);
      k.parseFileMode(mode, "options.mode", 0o666);
      adoptFd(this, path, options, fd, fs, kDefault, "r");
      this.start = start;
      this.end = end;
      this.pos = start;
      this.bytesRead = 0;
      this[kIsPerformingIO] = false;
      Readable.call(this, {
        highWaterMark,
        encoding,
        emitClose,
        autoDestroy: autoClose,
        signal,
        construct: construct.bind(this),
        read: readImpl.bind(this),
        destroy: destroyImpl.bind(this),
      });
      return this;
    }
    Object.setPrototypeOf(ReadStream.prototype, Readable.prototype);
    Object.setPrototypeOf(ReadStream, Readable);
    const checkThis = (self, name) => {
      if (self == null || typeof self !== "object" || !(kFs in self)) {
        throw errors.nodeError("ERR_INVALID_THIS", `Value of "this" must be of type ${name}`, "TypeError");
      }
    };
    Object.defineProperty(ReadStream.prototype, "autoClose", {
      get() {
        checkThis(this, "ReadStream");
        return this._readableState?.autoDestroy || false;
      },
      set(value) {
        checkThis(this, "ReadStream");
        if (this._readableState !== undefined) this._readableState.autoDestroy = value;
      },
    });
    ReadStream.prototype.close = function (cb = () => {}) {
      if (typeof cb === "function") finished(this, cb);
      this.destroy();
    };
    Object.defineProperty(ReadStream.prototype, "pending", {
      get() {
        return this.fd === null;
      },
      configurable: true,
    });

    function writeAll(data, size, pos, cb, retries = 0) {
      if (this.fd == null) return cb(errors.invalidArgValue("fd", "null"));
      this[kFs].write(this.fd, data, 0, size, pos, (error, bytesWritten, buffer) => {
        if (error?.code === "EAGAIN") {
          error = null;
          bytesWritten = 0;
        }
        if (this.destroyed || error) {
          return cb(
            error || errors.nodeError("ERR_STREAM_DESTROYED", "Cannot call write after a stream was destroyed"),
          );
        }
        bytesWritten = bytesWritten ?? 0;
        this.bytesWritten += bytesWritten;
        retries = bytesWritten ? 0 : retries + 1;
        size -= bytesWritten;
        pos += bytesWritten;
        if (retries > 5) cb(errors.nodeError("ERR_SYSTEM_ERROR", "A system error occurred: write failed"));
        else if (size) {
          if (buffer == null) {
            cb(null);
            return;
          }
          const rest =
            typeof buffer === "string" ? Buffer.from(buffer) : Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength);
          writeAll.call(this, rest.slice(bytesWritten), size, pos, cb, retries);
        } else cb(null);
      });
    }
    function writevAll(chunks, size, pos, cb, retries = 0) {
      if (this.fd == null) return cb(errors.invalidArgValue("fd", "null"));
      this[kFs].writev(this.fd, chunks, this.pos, (error, bytesWritten, buffers) => {
        if (error?.code === "EAGAIN") {
          error = null;
          bytesWritten = 0;
        }
        if (this.destroyed || error) {
          return cb(
            error || errors.nodeError("ERR_STREAM_DESTROYED", "Cannot call writev after a stream was destroyed"),
          );
        }
        bytesWritten = bytesWritten ?? 0;
        this.bytesWritten += bytesWritten;
        retries = bytesWritten ? 0 : retries + 1;
        size -= bytesWritten;
        pos += bytesWritten;
        if (retries > 5) cb(errors.nodeError("ERR_SYSTEM_ERROR", "A system error occurred: writev failed"));
        else if (size) {
          buffers ??= [];
          if (buffers.length === 0) {
            cb(null);
            return;
          }
          const all = Buffer.concat(buffers.map((b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength)));
          writevAll.call(this, [all.slice(bytesWritten)], size, pos, cb, retries);
        } else cb(null);
      });
    }
    function writeImpl(data, encodingOrCallback, cb) {
      let callback;
      let encoding = null;
      if (typeof encodingOrCallback === "function") callback = encodingOrCallback;
      else if (encodingOrCallback != null) {
        encoding = encodingOrCallback;
        if (cb !== undefined) callback = cb;
      }
      k.validateFunction(callback, "write callback");
      if (typeof data === "string") data = Buffer.from(data, encoding);
      this[kIsPerformingIO] = true;
      writeAll.call(this, data, data.byteLength, this.pos, (error) => {
        this[kIsPerformingIO] = false;
        if (this.destroyed) {
          callback(error);
          this.emit(kIoDone, error);
          return;
        }
        callback(error);
      });
      if (this.pos !== undefined) this.pos += data.byteLength;
    }
    function writevImpl(data, callback) {
      let size = 0;
      const chunks = data.map((d) => {
        size += d.chunk.length;
        return d.chunk;
      });
      this[kIsPerformingIO] = true;
      writevAll.call(this, chunks, size, this.pos, (error) => {
        this[kIsPerformingIO] = false;
        if (this.destroyed) {
          callback(error);
          this.emit(kIoDone, error);
          return;
        }
        callback(error);
      });
      if (this.pos !== undefined) this.pos += size;
    }

    function WriteStream(path, options = {}) {
      if (!(this instanceof WriteStream)) return new WriteStream(path, options);
      options = commonOptions(this, path, options, { write: true });
      const {
        encoding = null,
        autoClose = true,
        emitClose = true,
        start = 0,
        highWaterMark = 64 * 1024,
        signal = null,
        flags = "w",
        fd = null,
        mode = 0o666,
        fs = kDefault,
      } = options;
      let { flush = false } = options;
      if (encoding !== "buffer" && encoding !== null && !Buffer.isEncoding(encoding)) {
        throw errors.invalidArgValue("options.encoding", encoding);
      }
      k.validateBoolean(autoClose, "options.autoClose");
      k.validateBoolean(emitClose, "options.emitClose");
      if (flush === null) flush = false;
      k.validateBoolean(flush, "options.flush");
      k.validateUint32(start, "options.start");
      k.validateUint32(highWaterMark, "options.highWaterMark");
      if (signal != null) k.validateAbortSignal(signal, "options.signal");
      if (typeof flags !== "string") throw errors.invalidArgType("options.flags", "string", flags);
      k.parseFileMode(mode, "options.mode", 0o666);
      this[kFs] = fsOperations(fs);
      this.flush = flush;
      adoptFd(this, path, options, fd, fs, kDefault, "w");
      this.start = start;
      this.pos = start;
      this.bytesRead = 0;
      this.bytesWritten = 0;
      this[kIsPerformingIO] = false;
      Writable.call(this, {
        highWaterMark,
        encoding,
        emitClose,
        autoDestroy: autoClose,
        signal,
        construct: construct.bind(this),
        write: writeImpl.bind(this),
        writev: writevImpl.bind(this),
        destroy: destroyImpl.bind(this),
      });
      if (encoding != null && encoding !== "buffer") this.setDefaultEncoding(encoding);
      return this;
    }
    Object.setPrototypeOf(WriteStream.prototype, Writable.prototype);
    Object.setPrototypeOf(WriteStream, Writable);
    Object.defineProperty(WriteStream.prototype, "autoClose", {
      get() {
        checkThis(this, "WriteStream");
        return this._writableState?.autoDestroy || false;
      },
      set(value) {
        checkThis(this, "WriteStream");
        if (this._writableState !== undefined) this._writableState.autoDestroy = value;
      },
    });
    WriteStream.prototype.close = function (cb = () => {}) {
      if (cb) {
        if (this.closed) {
          queueMicrotask(() => cb(null));
          return;
        }
        this.on("close", cb);
      }
      if (!this.autoClose) this.on("finish", () => this.destroy());
      this.end();
    };
    WriteStream.prototype.destroySoon = WriteStream.prototype.end;
    Object.defineProperty(WriteStream.prototype, "pending", {
      get() {
        return this.fd === null;
      },
      configurable: true,
    });

    return {
      ReadStream,
      WriteStream,
      createReadStream: (path, options = {}) => new ReadStream(path, options),
      createWriteStream: (path, options = {}) => new WriteStream(path, options),
    };
  }

  function useStreams(stream) {
    if (streams === null) streams = makeStreams(stream);
    return streams;
  }

  const sync = {
    accessSync,
    existsSync,
    appendFileSync,
    chmodSync,
    chownSync,
    closeSync,
    copyFileSync,
    cpSync,
    fchmodSync,
    fchownSync,
    fdatasyncSync,
    fstatSync,
    fsyncSync,
    ftruncateSync,
    futimesSync,
    globSync,
    lchmodSync,
    lchownSync,
    lutimesSync,
    linkSync,
    lstatSync,
    mkdirSync,
    mkdtempSync,
    opendirSync,
    openSync,
    readdirSync,
    readFileSync,
    readlinkSync,
    readSync,
    readvSync,
    realpathSync,
    renameSync,
    rmdirSync,
    rmSync,
    statSync,
    statfsSync,
    symlinkSync,
    truncateSync,
    unlinkSync,
    utimesSync,
    writeFileSync,
    writeSync,
    writevSync,
    openAsBlob,
  };

  // node:fs's `promises`: a namespace-like object of its own (workerd's is the internal
  // module's namespace, not node:fs/promises').
  const promisesNamespace = namespaceObject(promises);

  return { sync, callbacks, promises, promisesNamespace, constants, Stats, Dirent, Dir, FileHandle, useStreams };
})
