// node:stream/promises for crosstalk: node:stream's promise forms.
import { promises } from "node:stream";
export const pipeline = promises.pipeline;
export const finished = promises.finished;
export default promises;
