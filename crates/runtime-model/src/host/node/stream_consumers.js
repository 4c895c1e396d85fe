// node:stream/consumers for crosstalk: workerd's exports, so a library that imports the module loads;
// what crosstalk does not model throws an error that names it when used.
const notModelled = (name) => () => {
  throw new Error(`node:stream/consumers ${name} is not modelled by crosstalk`);
};

export const arrayBuffer = notModelled("arrayBuffer");
export const blob = notModelled("blob");
export const buffer = notModelled("buffer");
export const json = notModelled("json");
export const text = notModelled("text");
export default { arrayBuffer, blob, buffer, json, text };
