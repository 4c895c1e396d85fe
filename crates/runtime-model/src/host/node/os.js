// node:os for crosstalk: workerd's exports, so a library that imports the module loads;
// what crosstalk does not model throws an error that names it when used.
const notModelled = (name) => () => {
  throw new Error(`node:os ${name} is not modelled by crosstalk`);
};

export const EOL = "\n";
export const arch = notModelled("arch");
export const availableParallelism = notModelled("availableParallelism");
export const constants = { UV_UDP_REUSEADDR: notModelled("constants.UV_UDP_REUSEADDR"), dlopen: notModelled("constants.dlopen"), errno: notModelled("constants.errno"), priority: notModelled("constants.priority"), signals: notModelled("constants.signals") };
export const cpus = notModelled("cpus");
export const devNull = "/dev/null";
export const endianness = notModelled("endianness");
export const freemem = notModelled("freemem");
export const getPriority = notModelled("getPriority");
export const homedir = notModelled("homedir");
export const hostname = notModelled("hostname");
export const loadavg = notModelled("loadavg");
export const machine = notModelled("machine");
export const networkInterfaces = notModelled("networkInterfaces");
export const platform = notModelled("platform");
export const release = notModelled("release");
export const setPriority = notModelled("setPriority");
export const tmpdir = notModelled("tmpdir");
export const totalmem = notModelled("totalmem");
export const type = notModelled("type");
export const uptime = notModelled("uptime");
export const userInfo = notModelled("userInfo");
export const version = notModelled("version");
export default { EOL, arch, availableParallelism, constants, cpus, devNull, endianness, freemem, getPriority, homedir, hostname, loadavg, machine, networkInterfaces, platform, release, setPriority, tmpdir, totalmem, type, uptime, userInfo, version };
