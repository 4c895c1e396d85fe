// node:tty for crosstalk: workerd's exports, so a library that imports the module loads;
// what crosstalk does not model throws an error that names it when used.
const notModelled = (name) => () => {
  throw new Error(`node:tty ${name} is not modelled by crosstalk`);
};

export const ReadStream = notModelled("ReadStream");
export const WriteStream = notModelled("WriteStream");
export const isatty = notModelled("isatty");
export default { ReadStream, WriteStream, isatty };
