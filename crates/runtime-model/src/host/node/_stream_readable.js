// node:_stream_readable for crosstalk: node:stream's Readable with its state class and
// helpers, as workerd re-exports them (`from` is the internal one: from(Class, iterable)).
import { Readable, Stream } from "node:stream";
const internals = Stream[Symbol.for("crosstalk.stream.internals")];
export const ReadableState = Readable.ReadableState;
export const from = internals.from;
export const fromWeb = internals.readableFromWeb;
export const toWeb = internals.readableToWeb;
export const wrap = internals.wrap;
export { Readable };
export default Readable;
