// node:dgram for crosstalk, as workerd has it: a Socket that validates its options and whose
// methods do nothing (bind/close/ref/unref return the socket, the sizes are 0, address() is
// an empty object); a Worker sends no UDP.
import { EventEmitter } from "node:events";

const E = globalThis[Symbol.for("crosstalk.node")]("node-events").errors;

export function Socket(type, callback) {
  EventEmitter.call(this);
  if (typeof type === "string") type = { type };
  E.validateObject(type, "type");
  if (callback !== undefined) E.validateFunction(callback, "callback");
  return this;
}
Object.setPrototypeOf(Socket.prototype, EventEmitter.prototype);
Object.setPrototypeOf(Socket, EventEmitter);

export function createSocket(type, callback) {
  return new Socket(type, callback);
}

// Each method its own function, as in workerd.
const returnsThis = () =>
  function () {
    return this;
  };
const doesNothing = () => function () {};
const returnsZero = () =>
  function () {
    return 0;
  };
const returnsEmpty = () =>
  function () {
    return {};
  };

const methods = {
  bind: returnsThis,
  connect: doesNothing,
  disconnect: doesNothing,
  sendto: doesNothing,
  send: doesNothing,
  close: returnsThis,
  address: returnsEmpty,
  remoteAddress: returnsEmpty,
  setBroadcast: doesNothing,
  setTTL: doesNothing,
  setMulticastTTL: doesNothing,
  setMulticastLoopback: doesNothing,
  setMulticastInterface: doesNothing,
  addMembership: doesNothing,
  dropMembership: doesNothing,
  addSourceSpecificMembership: doesNothing,
  dropSourceSpecificMembership: doesNothing,
  ref: returnsThis,
  unref: returnsThis,
  setRecvBufferSize: doesNothing,
  setSendBufferSize: doesNothing,
  getRecvBufferSize: returnsZero,
  getSendBufferSize: returnsZero,
  getSendQueueSize: returnsZero,
  getSendQueueCount: returnsZero,
};
for (const [name, make] of Object.entries(methods)) Socket.prototype[name] = make();
if (Symbol.asyncDispose) Socket.prototype[Symbol.asyncDispose] = async function () {};

export default { createSocket, Socket };
