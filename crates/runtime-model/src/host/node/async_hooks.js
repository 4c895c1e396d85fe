// node:async_hooks for crosstalk, as workerd has it: AsyncLocalStorage and AsyncResource
// over the runtime's async context frames (host/web/node_events.js; the runtime captures
// the current frame when a reaction or timer is registered and restores it when it runs),
// and the hooks API as workerd stubs it: createHook returns a hook whose enable/disable do
// nothing, the ids are 0, the resource is an empty object.
const m = globalThis[Symbol.for("crosstalk.node")]("node-events");

export const { AsyncLocalStorage, AsyncResource } = m;

class AsyncHook {
  enable() {
    return this;
  }

  disable() {
    return this;
  }
}

const PROVIDERS = [
  "NONE", "DIRHANDLE", "DNSCHANNEL", "ELDHISTOGRAM", "FILEHANDLE", "FILEHANDLECLOSEREQ", "BLOBREADER",
  "FSEVENTWRAP", "FSREQCALLBACK", "FSREQPROMISE", "GETADDRINFOREQWRAP", "GETNAMEINFOREQWRAP", "HEAPSNAPSHOT",
  "HTTP2SESSION", "HTTP2STREAM", "HTTP2PING", "HTTP2SETTINGS", "HTTPINCOMINGMESSAGE", "HTTPCLIENTREQUEST",
  "LOCKS", "JSSTREAM", "JSUDPWRAP", "MESSAGEPORT", "PIPECONNECTWRAP", "PIPESERVERWRAP", "PIPEWRAP",
  "PROCESSWRAP", "PROMISE", "QUERYWRAP", "QUIC_ENDPOINT", "QUIC_LOGSTREAM", "QUIC_SESSION", "QUIC_STREAM",
  "QUIC_UDP", "SHUTDOWNWRAP", "SIGNALWRAP", "STATWATCHER", "STREAMPIPE", "TCPCONNECTWRAP", "TCPSERVERWRAP",
  "TCPWRAP", "TTYWRAP", "UDPSENDWRAP", "UDPWRAP", "SIGINTWATCHDOG", "WORKER", "WORKERCPUPROFILE",
  "WORKERCPUUSAGE", "WORKERHEAPPROFILE", "WORKERHEAPSNAPSHOT", "WORKERHEAPSTATISTICS", "WRITEWRAP", "ZLIB",
  "CHECKPRIMEREQUEST", "PBKDF2REQUEST", "KEYPAIRGENREQUEST", "KEYGENREQUEST", "KEYEXPORTREQUEST",
  "ARGON2REQUEST", "CIPHERREQUEST", "DERIVEBITSREQUEST", "HASHREQUEST", "RANDOMBYTESREQUEST",
  "RANDOMPRIMEREQUEST", "SCRYPTREQUEST", "SIGNREQUEST", "TLSWRAP", "VERIFYREQUEST", "QUIC_PACKET",
];

// Every provider is 0 in workerd (the names exist for code that references them).
export const asyncWrapProviders = Object.fromEntries(PROVIDERS.map((name) => [name, 0]));

export function createHook() {
  return new AsyncHook();
}

export function executionAsyncId() {
  return 0;
}

export function executionAsyncResource() {
  return Object.create(null);
}

export function triggerAsyncId() {
  return 0;
}

export default {
  AsyncLocalStorage,
  AsyncResource,
  asyncWrapProviders,
  createHook,
  executionAsyncId,
  executionAsyncResource,
  triggerAsyncId,
};
