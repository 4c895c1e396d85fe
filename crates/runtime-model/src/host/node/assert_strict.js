// node:assert/strict for crosstalk: workerd's exports, so a library that imports the module loads;
// what crosstalk does not model throws an error that names it when used.
const notModelled = (name) => () => {
  throw new Error(`node:assert/strict ${name} is not modelled by crosstalk`);
};

export const Assert = notModelled("Assert");
export class AssertionError {
  constructor() {
    throw notModelled("AssertionError");
  }
}
export const deepEqual = notModelled("deepEqual");
export const deepStrictEqual = notModelled("deepStrictEqual");
export const doesNotMatch = notModelled("doesNotMatch");
export const doesNotReject = notModelled("doesNotReject");
export const doesNotThrow = notModelled("doesNotThrow");
export const equal = notModelled("equal");
export const fail = notModelled("fail");
export const ifError = notModelled("ifError");
export const match = notModelled("match");
export const notDeepEqual = notModelled("notDeepEqual");
export const notDeepStrictEqual = notModelled("notDeepStrictEqual");
export const notEqual = notModelled("notEqual");
export const notStrictEqual = notModelled("notStrictEqual");
export const ok = notModelled("ok");
export const partialDeepStrictEqual = notModelled("partialDeepStrictEqual");
export const rejects = notModelled("rejects");
export const strict = notModelled("strict");
export const strictEqual = notModelled("strictEqual");
export const throws = notModelled("throws");
export default notModelled("default");
