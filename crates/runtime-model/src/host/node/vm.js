// node:vm for crosstalk: workerd's exports, so a library that imports the module loads;
// what crosstalk does not model throws an error that names it when used.
const notModelled = (name) => () => {
  throw new Error(`node:vm ${name} is not modelled by crosstalk`);
};

export class Script {
  constructor() {
    throw notModelled("Script");
  }
}
export const compileFunction = notModelled("compileFunction");
export const constants = { DONT_CONTEXTIFY: notModelled("constants.DONT_CONTEXTIFY"), USE_MAIN_CONTEXT_DEFAULT_LOADER: notModelled("constants.USE_MAIN_CONTEXT_DEFAULT_LOADER") };
export const createContext = notModelled("createContext");
export const createScript = notModelled("createScript");
export const isContext = notModelled("isContext");
export const measureMemory = notModelled("measureMemory");
export const runInContext = notModelled("runInContext");
export const runInNewContext = notModelled("runInNewContext");
export const runInThisContext = notModelled("runInThisContext");
export default { Script, compileFunction, constants, createContext, createScript, isContext, measureMemory, runInContext, runInNewContext, runInThisContext };
