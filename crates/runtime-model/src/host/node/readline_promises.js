// node:readline/promises for crosstalk: workerd's exports, so a library that imports the module loads;
// what crosstalk does not model throws an error that names it when used.
const notModelled = (name) => () => {
  throw new Error(`node:readline/promises ${name} is not modelled by crosstalk`);
};

export class Interface {
  constructor() {
    throw notModelled("Interface");
  }
}
export class Readline {
  constructor() {
    throw notModelled("Readline");
  }
}
export const createInterface = notModelled("createInterface");
export default { Interface, Readline, createInterface };
