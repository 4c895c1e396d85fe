// node:buffer: crosstalk's Buffer (host/web/node_buffer.js), the same class as the
// `Buffer` global where workerd installs one.
const m = globalThis[Symbol.for("crosstalk.node")]("node-buffer");
export const Buffer = m.Buffer;
export const kMaxLength = m.kMaxLength;
export default m.default;
