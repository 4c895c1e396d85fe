// node:events: crosstalk's EventEmitter (host/web/node_events.js), the one instance per
// isolate that `process` and every importer share.
const m = globalThis[Symbol.for("crosstalk.node")]("node-events");
export const EventEmitter = m.EventEmitter;
export const once = m.once;
export default m.default;
