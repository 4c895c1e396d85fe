// node:_stream_transform for crosstalk: workerd's exports, so a library that imports the module loads;
// what crosstalk does not model throws an error that names it when used.
const notModelled = (name) => () => {
  throw new Error(`node:_stream_transform ${name} is not modelled by crosstalk`);
};

export const Transform = notModelled("Transform");
export default notModelled("default");
