// node:stream/promises for crosstalk: node:stream's promise forms (pipeline, finished), and
// the `promises` object itself, as workerd exports it.
import { promises } from "node:stream";
export const pipeline = promises.pipeline;
export const finished = promises.finished;
export { promises };
export default promises;
