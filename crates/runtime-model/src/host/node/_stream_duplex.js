// node:_stream_duplex for crosstalk: node:stream's Duplex and its factories, as workerd
// re-exports them.
import { Duplex } from "node:stream";
export const from = Duplex.from;
export const fromWeb = Duplex.fromWeb;
export const toWeb = Duplex.toWeb;
export { Duplex };
export default Duplex;
