// node:events: crosstalk's EventEmitter (host/web/node_events.js), the one instance per
// isolate that `process`, node:stream and every importer share.
const m = globalThis[Symbol.for("crosstalk.node")]("node-events");
export const { EventEmitter, EventEmitterAsyncResource, once, on, errorMonitor, captureRejectionSymbol } = m;
export const { getEventListeners, getMaxListeners, setMaxListeners, listenerCount, addAbortListener } = m;
export let defaultMaxListeners = m.getDefaultMaxListeners();
m.observeDefaultMaxListeners((value) => {
  defaultMaxListeners = value;
});
export const captureRejections = false;
export const usingDomains = false;
export default m.default;
