// node:assert/strict for crosstalk: as in workerd, the very same module objects as
// node:assert (whose default export is already strict).
export * from "node:assert";
export { default } from "node:assert";
