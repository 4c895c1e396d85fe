// node:console for crosstalk: workerd's exports, so a library that imports the module loads;
// what crosstalk does not model throws an error that names it when used.
const notModelled = (name) => () => {
  throw new Error(`node:console ${name} is not modelled by crosstalk`);
};

export const Console = notModelled("Console");
export const assert = notModelled("assert");
export const clear = notModelled("clear");
export const context = notModelled("context");
export const count = notModelled("count");
export const countReset = notModelled("countReset");
export const createTask = notModelled("createTask");
export const debug = notModelled("debug");
export const dir = notModelled("dir");
export const dirxml = notModelled("dirxml");
export const error = notModelled("error");
export const group = notModelled("group");
export const groupCollapsed = notModelled("groupCollapsed");
export const groupEnd = notModelled("groupEnd");
export const info = notModelled("info");
export const log = notModelled("log");
export const profile = notModelled("profile");
export const profileEnd = notModelled("profileEnd");
export const table = notModelled("table");
export const time = notModelled("time");
export const timeEnd = notModelled("timeEnd");
export const timeLog = notModelled("timeLog");
export const timeStamp = notModelled("timeStamp");
export const trace = notModelled("trace");
export const warn = notModelled("warn");
export default { Console: notModelled("default.Console"), _ignoreErrors: notModelled("default._ignoreErrors"), _stderr: notModelled("default._stderr"), _stderrErrorHandler: notModelled("default._stderrErrorHandler"), _stdout: notModelled("default._stdout"), _stdoutErrorHandler: notModelled("default._stdoutErrorHandler"), _times: notModelled("default._times"), assert: notModelled("default.assert"), clear: notModelled("default.clear"), context: notModelled("default.context"), count: notModelled("default.count"), countReset: notModelled("default.countReset"), createTask: notModelled("default.createTask"), debug: notModelled("default.debug"), dir: notModelled("default.dir"), dirxml: notModelled("default.dirxml"), error: notModelled("default.error"), group: notModelled("default.group"), groupCollapsed: notModelled("default.groupCollapsed"), groupEnd: notModelled("default.groupEnd"), info: notModelled("default.info"), log: notModelled("default.log"), profile: notModelled("default.profile"), profileEnd: notModelled("default.profileEnd"), table: notModelled("default.table"), time: notModelled("default.time"), timeEnd: notModelled("default.timeEnd"), timeLog: notModelled("default.timeLog"), timeStamp: notModelled("default.timeStamp"), trace: notModelled("default.trace"), warn: notModelled("default.warn") };
