// node:_http_incoming for crosstalk: workerd's exports, so a library that imports the module loads;
// what crosstalk does not model throws an error that names it when used.
const notModelled = (name) => () => {
  throw new Error(`node:_http_incoming ${name} is not modelled by crosstalk`);
};

export class IncomingMessage {
  constructor() {
    throw notModelled("IncomingMessage");
  }
}
export default { IncomingMessage };
