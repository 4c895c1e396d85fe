// node:_tls_wrap for crosstalk: workerd's exports, so a library that imports the module loads;
// what crosstalk does not model throws an error that names it when used.
const notModelled = (name) => () => {
  throw new Error(`node:_tls_wrap ${name} is not modelled by crosstalk`);
};

export const TLSSocket = notModelled("TLSSocket");
export const connect = notModelled("connect");
export default { TLSSocket, connect };
