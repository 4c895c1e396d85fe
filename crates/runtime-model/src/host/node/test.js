// node:test for crosstalk: workerd's exports, so a library that imports the module loads;
// what crosstalk does not model throws an error that names it when used.
const notModelled = (name) => () => {
  throw new Error(`node:test ${name} is not modelled by crosstalk`);
};

export class MockFunctionContext {
  constructor() {
    throw notModelled("MockFunctionContext");
  }
}
export class MockTracker {
  constructor() {
    throw notModelled("MockTracker");
  }
}
export const mock = {  };
export default { MockFunctionContext, MockTracker, mock };
