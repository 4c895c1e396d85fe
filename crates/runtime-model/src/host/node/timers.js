// node:timers for crosstalk, as workerd (1.20261117) has it: setTimeout/setInterval
// returning Timeout objects over the runtime's timers (the virtual clock's;
// host/web/node_timers.js), setImmediate as a 0 ms timer returning an Immediate, the
// deprecated active/unenroll (refresh/clear) and enroll (not implemented), and
// node:timers/promises as `promises`.
import * as promises from "node:timers/promises";

const load = globalThis[Symbol.for("crosstalk.node")];
const timers = load("node-timers");
const { Timeout, setTimeout, clearTimeout, setInterval, clearInterval, setImmediate, clearImmediate, active, unenroll, enroll } =
  timers;

export { Timeout, setTimeout, clearTimeout, setInterval, clearInterval, setImmediate, clearImmediate, active, unenroll, enroll };
export { promises };

const module = { promises, setTimeout, clearTimeout, setImmediate, clearImmediate, setInterval, clearInterval, active, unenroll, enroll };
load("node-process").registerBuiltin("timers", module);
export default module;
