// node:_stream_readable for crosstalk: workerd's exports, so a library that imports the module loads;
// what crosstalk does not model throws an error that names it when used.
const notModelled = (name) => () => {
  throw new Error(`node:_stream_readable ${name} is not modelled by crosstalk`);
};

export const Readable = notModelled("Readable");
export const ReadableState = notModelled("ReadableState");
export const from = notModelled("from");
export const fromWeb = notModelled("fromWeb");
export const toWeb = notModelled("toWeb");
export const wrap = notModelled("wrap");
export default notModelled("default");
