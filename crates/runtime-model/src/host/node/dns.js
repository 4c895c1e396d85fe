// node:dns for crosstalk, as workerd has it: node:dns/promises' resolver (DNS over HTTPS,
// see dns_promises.js) with callbacks: lookup takes one; the resolve* functions are
// callbackified (the callback comes a microtask after the answer; argument errors throw);
// `promises` is the resolver's promise API as a module namespace.
import * as dnsPromises from "node:dns/promises";

const E = globalThis[Symbol.for("crosstalk.node")]("node-events").errors;
const { lookupWithCallback, errorCodes } = dnsPromises.lookup[Symbol.for("crosstalk.dns.internals")];

export {
  NODATA,
  FORMERR,
  SERVFAIL,
  NOTFOUND,
  NOTIMP,
  REFUSED,
  BADQUERY,
  BADNAME,
  BADFAMILY,
  BADRESP,
  CONNREFUSED,
  TIMEOUT,
  EOF,
  FILE,
  NOMEM,
  DESTRUCTION,
  BADSTR,
  BADFLAGS,
  NONAME,
  BADHINTS,
  NOTINITIALIZED,
  LOADIPHLPAPI,
  ADDRGETNETWORKPARAMS,
  CANCELLED,
  ADDRCONFIG,
  ALL,
  V4MAPPED,
} from "node:dns/promises";

// util.callbackify as workerd's: the last argument is the callback, called in a microtask
// with (null, value) or the rejection (a falsy one wrapped in ERR_FALSY_VALUE_REJECTION).
function callbackify(original) {
  function callbackified(...args) {
    const maybeCallback = args.pop();
    E.validateFunction(maybeCallback, "last argument");
    const cb = maybeCallback.bind(this);
    Reflect.apply(original, this, args).then(
      (value) => queueMicrotask(() => cb(null, value)),
      (reason) =>
        queueMicrotask(() => {
          if (!reason) {
            const error = E.nodeError("ERR_FALSY_VALUE_REJECTION", "Promise was rejected with falsy value");
            error.reason = reason;
            reason = error;
          }
          cb(reason);
        }),
    );
  }
  const descriptors = Object.getOwnPropertyDescriptors(original);
  if (typeof descriptors.length?.value === "number") descriptors.length.value++;
  if (typeof descriptors.name?.value === "string") descriptors.name.value += "Callbackified";
  Object.defineProperties(callbackified, descriptors);
  return callbackified;
}

// workerd binds each function before wrapping it (hence "bound …" names).
const wrap = (fn) => callbackify(fn.bind(undefined));

// workerd's `promises` is a module namespace whose default also holds the flag constants.
export const promises = Object.freeze(
  Object.create(null, {
    ...Object.fromEntries(
      Object.keys(dnsPromises)
        .filter((key) => key !== "default")
        .map((key) => [key, { value: dnsPromises[key], enumerable: true, writable: true }]),
    ),
    default: { value: { ...dnsPromises.default, ...errorCodes }, enumerable: true, writable: true },
    [Symbol.toStringTag]: { value: "Module" },
  }),
);
export const reverse = wrap(dnsPromises.reverse);
export const resolveTxt = wrap(dnsPromises.resolveTxt);
export const resolveCaa = wrap(dnsPromises.resolveCaa);
export const resolveMx = wrap(dnsPromises.resolveMx);
export const resolveCname = wrap(dnsPromises.resolveCname);
export const resolveNs = wrap(dnsPromises.resolveNs);
export const resolvePtr = wrap(dnsPromises.resolvePtr);
export const resolveSrv = wrap(dnsPromises.resolveSrv);
export const resolveSoa = wrap(dnsPromises.resolveSoa);
export const resolveNaptr = wrap(dnsPromises.resolveNaptr);
export const resolve4 = wrap(dnsPromises.resolve4);
export const resolve6 = wrap(dnsPromises.resolve6);
export const getServers = dnsPromises.getServers.bind(undefined);
export const setServers = dnsPromises.setServers.bind(undefined);
export const getDefaultResultOrder = dnsPromises.getDefaultResultOrder.bind(undefined);
export const setDefaultResultOrder = dnsPromises.setDefaultResultOrder.bind(undefined);
export const lookup = Object.defineProperty(lookupWithCallback.bind(undefined), "name", { value: "bound lookup" });
export const lookupService = wrap(dnsPromises.lookupService);
export const resolve = wrap(dnsPromises.resolve);
export const resolveAny = wrap(dnsPromises.resolveAny);

export class Resolver {
  cancel() {
    throw new Error("Not implemented");
  }

  setLocalAddress() {
    throw new Error("Not implemented");
  }

  getServers(...args) {
    return getServers(...args);
  }

  resolve(...args) {
    resolve(...args);
  }

  resolve4(...args) {
    resolve4(...args);
  }

  resolve6(...args) {
    resolve6(...args);
  }

  resolveAny(...args) {
    resolveAny(...args);
  }

  resolveCaa(...args) {
    resolveCaa(...args);
  }

  resolveCname(...args) {
    resolveCname(...args);
  }

  resolveMx(...args) {
    resolveMx(...args);
  }

  resolveNaptr(...args) {
    resolveNaptr(...args);
  }

  resolveNs(...args) {
    resolveNs(...args);
  }

  resolvePtr(...args) {
    resolvePtr(...args);
  }

  resolveSoa(...args) {
    resolveSoa(...args);
  }

  resolveSrv(...args) {
    resolveSrv(...args);
  }

  resolveTxt(...args) {
    resolveTxt(...args);
  }

  reverse(...args) {
    reverse(...args);
  }

  setServers(...args) {
    setServers(...args);
  }
}

export default {
  getServers,
  lookup,
  lookupService,
  resolve,
  resolve4,
  resolve6,
  resolveAny,
  resolveCname,
  resolveCaa,
  resolveMx,
  resolveNaptr,
  resolveNs,
  resolvePtr,
  resolveSoa,
  resolveSrv,
  resolveTxt,
  reverse,
  setDefaultResultOrder,
  getDefaultResultOrder,
  setServers,
  Resolver,
  promises,
  ...errorCodes,
};
