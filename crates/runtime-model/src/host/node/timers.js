// node:timers for crosstalk: setTimeout/setInterval returning Timeout objects over the
// runtime's timers (virtual clock; host/web/node_timers.js), setImmediate as a 0 ms timer,
// and timers/promises' setTimeout/setImmediate.
const m = globalThis[Symbol.for("crosstalk.node")]("node-timers");
const { setTimeout: set, clearTimeout: clear, setInterval: every, clearInterval: stop, Timeout } = m;
const setImmediate = (callback, ...args) => set(callback, 0, ...args);
const clearImmediate = (timer) => clear(timer);

export const promises = {
  setTimeout: (ms, value) => new Promise((resolve) => set(() => resolve(value), ms)),
  setImmediate: (value) => new Promise((resolve) => set(() => resolve(value), 0)),
};

export { set as setTimeout, clear as clearTimeout, every as setInterval, stop as clearInterval };
export { setImmediate, clearImmediate, Timeout };
export default {
  setTimeout: set,
  clearTimeout: clear,
  setInterval: every,
  clearInterval: stop,
  setImmediate,
  clearImmediate,
  promises,
};
