// node:trace_events for crosstalk: workerd's exports, so a library that imports the module loads;
// what crosstalk does not model throws an error that names it when used.
const notModelled = (name) => () => {
  throw new Error(`node:trace_events ${name} is not modelled by crosstalk`);
};

export const createTracing = notModelled("createTracing");
export const getEnabledCategories = notModelled("getEnabledCategories");
export default { createTracing, getEnabledCategories };
