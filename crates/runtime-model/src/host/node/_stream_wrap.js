// node:_stream_wrap for crosstalk: workerd's JSStreamSocket, a net.Socket over a Duplex.
// net sockets are not modelled by crosstalk (TCP), so after workerd's check of its
// argument the constructor throws node:net's error.
import { Socket } from "node:net";

const E = globalThis[Symbol.for("crosstalk.node")]("node-events").errors;

export default class JSStreamSocket extends Socket {
  constructor(stream) {
    if (typeof stream?._writableState !== "object" || typeof stream?._readableState !== "object") {
      throw E.invalidArgType("duplex", "stream.Duplex", stream);
    }
    super({ stream });
  }
}
