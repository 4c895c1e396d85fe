// node:_stream_duplex for crosstalk: workerd's exports, so a library that imports the module loads;
// what crosstalk does not model throws an error that names it when used.
const notModelled = (name) => () => {
  throw new Error(`node:_stream_duplex ${name} is not modelled by crosstalk`);
};

export const Duplex = notModelled("Duplex");
export const from = notModelled("from");
export const fromWeb = notModelled("fromWeb");
export const toWeb = notModelled("toWeb");
export default notModelled("default");
