// node:os for crosstalk: workerd's answers (1.20261117): a Linux x64 machine named
// localhost with no CPUs, memory, load, network interfaces or user information to tell,
// /tmp/ as its home and temporary directory, and Linux's constants.
const node = globalThis[Symbol.for("crosstalk.node")]("node-process");
const { errors } = node;

export const EOL = "\n";
export const devNull = "/dev/null";

export function availableParallelism() {
  return 1;
}

export function arch() {
  return "x64";
}

export function cpus() {
  return [];
}

export function endianness() {
  return "LE";
}

export function freemem() {
  return 0;
}

export function getPriority(pid) {
  if (pid !== undefined) errors.validateNumber(pid, "pid");
  return 0;
}

export function homedir() {
  return "/tmp/";
}

export function hostname() {
  return "localhost";
}

export function loadavg() {
  return [0, 0, 0];
}

export function machine() {
  return "x86_64";
}

export function networkInterfaces() {
  return {};
}

export function platform() {
  return "linux";
}

export function release() {
  return "";
}

export function setPriority(pid, priority) {
  errors.validateNumber(pid, "pid");
  errors.validateNumber(priority, "priority");
}

export function tmpdir() {
  return "/tmp/";
}

export function totalmem() {
  return 0;
}

export function type() {
  return "Linux";
}

export function uptime() {
  return 0;
}

const encodings = ["utf8", "utf-8", "ucs2", "ucs-2", "utf16le", "utf-16le", "latin1", "binary", "base64", "base64url", "hex", "ascii"];

export function userInfo(options = {}) {
  errors.validateObject(options, "options");
  const { encoding = null } = options;
  if (encoding !== null && encoding !== "buffer" && !(typeof encoding === "string" && encodings.includes(encoding.toLowerCase()))) {
    throw errors.invalidArgValue("options.encoding", encoding, "must be a valid encoding");
  }
  return {};
}

export function version() {
  return "";
}

const table = (entries) => Object.freeze(Object.assign(Object.create(null), entries));

const errnoNames =
  "E2BIG 7 EACCES 13 EADDRINUSE 98 EADDRNOTAVAIL 99 EAFNOSUPPORT 97 EAGAIN 11 EALREADY 114 EBADF 9 EBADMSG 74 " +
  "EBUSY 16 ECANCELED 125 ECHILD 10 ECONNABORTED 103 ECONNREFUSED 111 ECONNRESET 104 EDEADLK 35 EDESTADDRREQ 89 " +
  "EDOM 33 EDQUOT 122 EEXIST 17 EFAULT 14 EFBIG 27 EHOSTUNREACH 113 EIDRM 43 EILSEQ 84 EINPROGRESS 115 EINTR 4 " +
  "EINVAL 22 EIO 5 EISCONN 106 EISDIR 21 ELOOP 40 EMFILE 24 EMLINK 31 EMSGSIZE 90 EMULTIHOP 72 ENAMETOOLONG 36 " +
  "ENETDOWN 100 ENETRESET 102 ENETUNREACH 101 ENFILE 23 ENOBUFS 105 ENODATA 61 ENODEV 19 ENOENT 2 ENOEXEC 8 " +
  "ENOLCK 37 ENOLINK 67 ENOMEM 12 ENOMSG 42 ENOPROTOOPT 92 ENOSPC 28 ENOSR 63 ENOSTR 60 ENOSYS 38 ENOTCONN 107 " +
  "ENOTDIR 20 ENOTEMPTY 39 ENOTSOCK 88 ENOTSUP 95 ENOTTY 25 ENXIO 6 EOPNOTSUPP 95 EOVERFLOW 75 EPERM 1 EPIPE 32 " +
  "EPROTO 71 EPROTONOSUPPORT 93 EPROTOTYPE 91 ERANGE 34 EROFS 30 ESPIPE 29 ESRCH 3 ESTALE 116 ETIME 62 " +
  "ETIMEDOUT 110 ETXTBSY 26 EWOULDBLOCK 11 EXDEV 18";
const signalNames =
  "SIGHUP 1 SIGINT 2 SIGQUIT 3 SIGILL 4 SIGTRAP 5 SIGABRT 6 SIGIOT 6 SIGBUS 7 SIGFPE 8 SIGKILL 9 SIGUSR1 10 " +
  "SIGSEGV 11 SIGUSR2 12 SIGPIPE 13 SIGALRM 14 SIGTERM 15 SIGCHLD 17 SIGSTKFLT 16 SIGCONT 18 SIGSTOP 19 " +
  "SIGTSTP 20 SIGTTIN 21 SIGTTOU 22 SIGURG 23 SIGXCPU 24 SIGXFSZ 25 SIGVTALRM 26 SIGPROF 27 SIGWINCH 28 " +
  "SIGIO 29 SIGPOLL 29 SIGPWR 30 SIGSYS 31";

function pairs(text) {
  const words = text.split(" ");
  const out = {};
  for (let i = 0; i < words.length; i += 2) out[words[i]] = Number(words[i + 1]);
  return out;
}

export const constants = table({
  UV_UDP_REUSEADDR: 4,
  dlopen: table({ RTLD_LAZY: 1, RTLD_NOW: 2, RTLD_GLOBAL: 256, RTLD_LOCAL: 0, RTLD_DEEPBIND: 8 }),
  errno: table(pairs(errnoNames)),
  signals: table(pairs(signalNames)),
  priority: table({
    PRIORITY_LOW: 19,
    PRIORITY_BELOW_NORMAL: 10,
    PRIORITY_NORMAL: 0,
    PRIORITY_ABOVE_NORMAL: -7,
    PRIORITY_HIGH: -14,
    PRIORITY_HIGHEST: -20,
  }),
});

const os = {
  EOL,
  devNull,
  constants,
  availableParallelism,
  arch,
  cpus,
  endianness,
  freemem,
  getPriority,
  homedir,
  hostname,
  loadavg,
  machine,
  networkInterfaces,
  platform,
  release,
  setPriority,
  tmpdir,
  totalmem,
  type,
  uptime,
  userInfo,
  version,
};
node.registerBuiltin("os", os);
export default os;
