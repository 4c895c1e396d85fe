// node:readline for crosstalk: workerd's exports, so a library that imports the module loads;
// what crosstalk does not model throws an error that names it when used.
const notModelled = (name) => () => {
  throw new Error(`node:readline ${name} is not modelled by crosstalk`);
};

export class Interface {
  constructor() {
    throw notModelled("Interface");
  }
}
export const clearLine = notModelled("clearLine");
export const clearScreenDown = notModelled("clearScreenDown");
export const createInterface = notModelled("createInterface");
export const cursorTo = notModelled("cursorTo");
export const emitKeypressEvents = notModelled("emitKeypressEvents");
export const moveCursor = notModelled("moveCursor");
export const promises = { Interface: notModelled("promises.Interface"), Readline: notModelled("promises.Readline"), createInterface: notModelled("promises.createInterface") };
export default { Interface, clearLine, clearScreenDown, createInterface, cursorTo, emitKeypressEvents, moveCursor, promises };
