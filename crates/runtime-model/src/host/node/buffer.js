// node:buffer: crosstalk's Buffer (host/web/node_buffer.js), the same class as the
// `Buffer` global where workerd installs one.
const m = globalThis[Symbol.for("crosstalk.node")]("node-buffer");
export const Buffer = m.Buffer;
export const kMaxLength = m.kMaxLength;
export const { kStringMaxLength, INSPECT_MAX_BYTES, constants, SlowBuffer, isUtf8, isAscii, transcode, atob, btoa } = m;
// The Web's Blob and File, as node:buffer re-exports them.
export const { Blob, File } = globalThis;
// blob: URLs are not modelled: nothing resolves.
export const resolveObjectURL = () => undefined;
export default { ...m.default, Blob, File, resolveObjectURL };
