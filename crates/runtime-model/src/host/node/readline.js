// node:readline for crosstalk, as workerd has it: an Interface with no input (a question's
// callback gets "", iteration yields one ""), cursor helpers that return false, and
// `promises`, node:readline/promises' exports as a module namespace.
import { EventEmitter } from "node:events";
import * as promisesModule from "node:readline/promises";

// workerd's `promises` is the namespace of a module without a default export.
export const promises = Object.freeze(
  Object.create(null, {
    Interface: { value: promisesModule.Interface, enumerable: true, writable: true },
    Readline: { value: promisesModule.Readline, enumerable: true, writable: true },
    createInterface: { value: promisesModule.createInterface, enumerable: true, writable: true },
    [Symbol.toStringTag]: { value: "Module" },
  }),
);

export class Interface extends EventEmitter {
  terminal = false;
  line = "";
  cursor = 0;

  getPrompt() {
    return "";
  }

  setPrompt() {}

  prompt() {}

  question(_query, optionsOrCallback, callback) {
    if (typeof optionsOrCallback === "function") optionsOrCallback("");
    else if (typeof callback === "function") callback("");
  }

  pause() {
    return this;
  }

  resume() {
    return this;
  }

  close() {}

  write() {}

  getCursorPos() {
    return { rows: 0, cols: 0 };
  }

  async *[Symbol.asyncIterator]() {
    yield "";
  }
}
if (Symbol.dispose) {
  Interface.prototype[Symbol.dispose] = function () {
    this.close();
  };
}
if (Symbol.asyncDispose) {
  Interface.prototype[Symbol.asyncDispose] = async function () {
    this.close();
  };
}

export function clearLine() {
  return false;
}

export function clearScreenDown() {
  return false;
}

export function createInterface() {
  return new Interface();
}

export function cursorTo() {
  return false;
}

export function emitKeypressEvents() {}

export function moveCursor() {
  return false;
}

export default {
  clearLine,
  clearScreenDown,
  createInterface,
  cursorTo,
  emitKeypressEvents,
  moveCursor,
  Interface,
  promises,
};
