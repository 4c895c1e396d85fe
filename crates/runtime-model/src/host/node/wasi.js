// node:wasi for crosstalk: workerd's exports, so a library that imports the module loads;
// what crosstalk does not model throws an error that names it when used.
const notModelled = (name) => () => {
  throw new Error(`node:wasi ${name} is not modelled by crosstalk`);
};

export class WASI {
  constructor() {
    throw notModelled("WASI");
  }
}
export default { WASI };
