// node:util: crosstalk's util helpers (host/web/node_util.js), formatting as the console does.
const m = globalThis[Symbol.for("crosstalk.node")]("node-util");
export const { promisify, callbackify, inherits, deprecate, format, formatWithOptions, inspect, types } = m;
export const { isDeepStrictEqual, isArray, TextEncoder, TextDecoder } = m;
export default m.default;
