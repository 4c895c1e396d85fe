// node:dgram for crosstalk: workerd's exports, so a library that imports the module loads;
// what crosstalk does not model throws an error that names it when used.
const notModelled = (name) => () => {
  throw new Error(`node:dgram ${name} is not modelled by crosstalk`);
};

export const Socket = notModelled("Socket");
export const createSocket = notModelled("createSocket");
export default { Socket, createSocket };
