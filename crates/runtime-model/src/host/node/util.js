// node:util for crosstalk (host/web/node_util.js), as workerd provides it; node:sys shares
// the very same objects. `format` and `inspect` are the console's rendering.
const m = globalThis[Symbol.for("crosstalk.node")]("node-util");
export const { MIMEParams, MIMEType, TextDecoder, TextEncoder, _errnoException, _exceptionWithHostPort, _extend, aborted } = m;
export const { callbackify, convertProcessSignalToExitCode, debug, debuglog, deprecate, diff, format, formatWithOptions } = m;
export const { getCallSite, getCallSites, getSystemErrorMap, getSystemErrorMessage, getSystemErrorName, inherits, inspect, isArray } = m;
export const { isBoolean, isBuffer, isDate, isDeepStrictEqual, isError, isFunction, isNull, isNullOrUndefined } = m;
export const { isNumber, isObject, isPrimitive, isRegExp, isString, isSymbol, isUndefined, log } = m;
export const { parseArgs, parseEnv, promisify, setTraceSigInt, stripVTControlCharacters, styleText, toUSVString, transferableAbortController } = m;
export const { transferableAbortSignal, types } = m;
export default m.default;
