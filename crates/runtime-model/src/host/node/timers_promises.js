// node:timers/promises for crosstalk: workerd's exports, so a library that imports the module loads;
// what crosstalk does not model throws an error that names it when used.
const notModelled = (name) => () => {
  throw new Error(`node:timers/promises ${name} is not modelled by crosstalk`);
};

export const scheduler = {  };
export const setImmediate = notModelled("setImmediate");
export const setInterval = notModelled("setInterval");
export const setTimeout = notModelled("setTimeout");
export default { scheduler, setImmediate, setInterval, setTimeout };
