// node:_stream_writable for crosstalk: node:stream's Writable with its state class and the
// Web stream adapters, as workerd re-exports them.
import { Writable } from "node:stream";
export const WritableState = Writable.WritableState;
export const fromWeb = Writable.fromWeb;
export const toWeb = Writable.toWeb;
export { Writable };
export default Writable;
