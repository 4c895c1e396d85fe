// node:process: crosstalk's process object (host/web/node_process.js), the same object as
// the `process` global where workerd installs one.
const process = globalThis[Symbol.for("crosstalk.node")]("node-process").process;
export default process;
export const env = process.env;
export const nextTick = process.nextTick.bind(process);
export const platform = process.platform;
export const version = process.version;
export const versions = process.versions;
export const argv = process.argv;
export const cwd = process.cwd.bind(process);
export const hrtime = process.hrtime.bind(process);
export const emitWarning = process.emitWarning.bind(process);
export const exit = process.exit.bind(process);
