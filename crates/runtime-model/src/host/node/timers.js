// node:timers for crosstalk: the global timers (virtual clock), setImmediate as a 0 ms timer,
// and timers/promises' setTimeout/setImmediate.
const setImmediate = (callback, ...args) => setTimeout(callback, 0, ...args);
const clearImmediate = (timer) => clearTimeout(timer);
const { setTimeout: set, clearTimeout: clear, setInterval: every, clearInterval: stop } = globalThis;

export const promises = {
  setTimeout: (ms, value) => new Promise((resolve) => set(() => resolve(value), ms)),
  setImmediate: (value) => new Promise((resolve) => set(() => resolve(value), 0)),
};

export { set as setTimeout, clear as clearTimeout, every as setInterval, stop as clearInterval };
export { setImmediate, clearImmediate };
export default {
  setTimeout: set,
  clearTimeout: clear,
  setInterval: every,
  clearInterval: stop,
  setImmediate,
  clearImmediate,
  promises,
};
