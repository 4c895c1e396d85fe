// node:_stream_writable for crosstalk: workerd's exports, so a library that imports the module loads;
// what crosstalk does not model throws an error that names it when used.
const notModelled = (name) => () => {
  throw new Error(`node:_stream_writable ${name} is not modelled by crosstalk`);
};

export const Writable = notModelled("Writable");
export const WritableState = notModelled("WritableState");
export const fromWeb = notModelled("fromWeb");
export const toWeb = notModelled("toWeb");
export default notModelled("default");
