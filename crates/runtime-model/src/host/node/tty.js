// node:tty for crosstalk, as workerd (1.20261117) has it: nothing is a terminal
// (isatty() is false); ReadStream and WriteStream are node:net Socket subclasses that set
// only their fields (fd, isRaw/isTTY, columns/rows 0), and WriteStream's cursor and colour
// methods do nothing but call their callback (no colours: hasColors() is false).
import { Socket } from "node:net";
import { EventEmitter } from "node:events";

// node:net's Socket when crosstalk models it as a class, else EventEmitter (the root of
// a socket's prototype chain).
const base = typeof Socket?.prototype === "object" ? Socket : EventEmitter;

export function isatty(_fd) {
  return false;
}

export function ReadStream(fd, _options = {}) {
  this.fd = fd;
  this.isRaw = false;
  this.isTTY = false;
  return this;
}
Object.setPrototypeOf(ReadStream.prototype, base.prototype);
Object.setPrototypeOf(ReadStream, base);

ReadStream.prototype.setRawMode = function setRawMode(mode) {
  this.isRaw = mode;
  return this;
};

export function WriteStream(fd, _options = {}) {
  this.fd = fd;
  this.columns = 0;
  this.rows = 0;
  return this;
}
Object.setPrototypeOf(WriteStream.prototype, base.prototype);
Object.setPrototypeOf(WriteStream, base);

WriteStream.prototype.isTTY = true;
WriteStream.prototype.getColorDepth = function getColorDepth() {
  return 8;
};
WriteStream.prototype.hasColors = function hasColors() {
  return false;
};
WriteStream.prototype._refreshSize = function _refreshSize() {};
WriteStream.prototype.cursorTo = function cursorTo(_x, y, callback) {
  if (typeof y === "function") y();
  else if (typeof callback === "function") callback();
  return false;
};
WriteStream.prototype.moveCursor = function moveCursor(_dx, _dy, callback) {
  if (typeof callback === "function") callback();
  return false;
};
WriteStream.prototype.clearLine = function clearLine(_dir, callback) {
  if (typeof callback === "function") callback();
  return false;
};
WriteStream.prototype.clearScreenDown = function clearScreenDown(callback) {
  if (typeof callback === "function") callback();
  return false;
};
WriteStream.prototype.getWindowSize = function getWindowSize() {
  return [this.columns ?? 0, this.rows ?? 0];
};

const tty = { isatty, ReadStream, WriteStream };
globalThis[Symbol.for("crosstalk.node")]("node-process").registerBuiltin("tty", tty);
export default tty;
