// cloudflare:sockets for crosstalk. No TCP peer is modelled, so every connection fails
// as workerd 1.20261117's does when nothing answers at the address: `opened` and
// `closed` reject with its error, the readable side ends at once, a write rejects. The
// address and options are checked as workerd checks them. A worker that imports a
// database driver built on connect() (postgres, pg, mysql2) loads, and its routes that
// do not reach the database can be explored.
const FAILED = "proxy request failed, cannot connect to the specified address";
const TRANSPORTS = ["off", "on", "starttls"];

function failure() {
  return new Error(FAILED);
}

// A rejected promise nobody has to handle: the runtime's own, never an unhandled rejection.
function rejected(error) {
  const promise = Promise.reject(error);
  promise.catch(() => {});
  return promise;
}

function checkAddress(address) {
  if (address !== null && typeof address === "object") {
    const port = Number(address.port);
    if (typeof address.hostname !== "string" || !Number.isInteger(port) || port < 0 || port > 65535) {
      throw new TypeError("Specified address could not be parsed.");
    }
    return;
  }
  const text = String(address);
  const colon = text.lastIndexOf(":");
  if (colon < 0) throw new TypeError("Specified address is missing port.");
  const port = text.slice(colon + 1);
  if (!/^[0-9]+$/.test(port) || Number(port) > 65535 || colon === 0) {
    throw new TypeError("Specified address could not be parsed.");
  }
}

export class Socket {
  #transport;
  #opened = rejected(failure());
  #closed = rejected(failure());
  #readable = new ReadableStream({ start: (controller) => controller.close() });
  #writable = new WritableStream({
    write() {
      throw new Error("jsg.Error: " + FAILED);
    },
  });
  constructor(transport) {
    this.#transport = transport;
  }
  get readable() {
    return this.#readable;
  }
  get writable() {
    return this.#writable;
  }
  get closed() {
    return this.#closed;
  }
  get opened() {
    return this.#opened;
  }
  get upgraded() {
    return false;
  }
  get secureTransport() {
    return this.#transport;
  }
  close() {
    return Promise.resolve(undefined);
  }
  startTls() {
    return new Socket("on");
  }
}

export function connect(address, options = {}) {
  checkAddress(address);
  const transport = options?.secureTransport === undefined ? "off" : String(options.secureTransport);
  if (!TRANSPORTS.includes(transport)) {
    throw new TypeError(`Unsupported value in secureTransport socket option: ${transport}`);
  }
  return new Socket(transport);
}
