// node:readline/promises for crosstalk, as workerd has it: an Interface with no input (every
// question answers "", iteration yields one ""), a Readline whose methods do nothing.
import { EventEmitter } from "node:events";

export class Interface extends EventEmitter {
  terminal = false;
  line = "";
  cursor = 0;

  getPrompt() {
    return "";
  }

  setPrompt() {}

  prompt() {}

  question() {
    return Promise.resolve("");
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

export class Readline {
  clearLine() {
    return this;
  }

  clearScreenDown() {
    return this;
  }

  commit() {
    return Promise.resolve();
  }

  cursorTo() {
    return this;
  }

  moveCursor() {
    return this;
  }

  rollback() {
    return this;
  }
}

export function createInterface() {
  return new Interface();
}

export default { Interface, Readline, createInterface };
