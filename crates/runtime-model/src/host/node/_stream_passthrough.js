// node:_stream_passthrough for crosstalk: node:stream's PassThrough.
import { PassThrough } from "node:stream";
export { PassThrough };
export default PassThrough;
