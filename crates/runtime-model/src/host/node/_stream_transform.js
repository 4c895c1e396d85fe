// node:_stream_transform for crosstalk: node:stream's Transform.
import { Transform } from "node:stream";
export { Transform };
export default Transform;
