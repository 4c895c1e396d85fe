// node:sys for crosstalk: workerd's exports, so a library that imports the module loads;
// what crosstalk does not model throws an error that names it when used.
const notModelled = (name) => () => {
  throw new Error(`node:sys ${name} is not modelled by crosstalk`);
};

export class MIMEParams {
  constructor() {
    throw notModelled("MIMEParams");
  }
}
export class MIMEType {
  constructor() {
    throw notModelled("MIMEType");
  }
}
export const TextDecoder = notModelled("TextDecoder");
export const TextEncoder = notModelled("TextEncoder");
export const _errnoException = notModelled("_errnoException");
export const _exceptionWithHostPort = notModelled("_exceptionWithHostPort");
export const _extend = notModelled("_extend");
export const aborted = notModelled("aborted");
export const callbackify = notModelled("callbackify");
export const convertProcessSignalToExitCode = notModelled("convertProcessSignalToExitCode");
export const debug = notModelled("debug");
export const debuglog = notModelled("debuglog");
export const deprecate = notModelled("deprecate");
export const diff = notModelled("diff");
export const format = notModelled("format");
export const formatWithOptions = notModelled("formatWithOptions");
export const getCallSite = notModelled("getCallSite");
export const getCallSites = notModelled("getCallSites");
export const getSystemErrorMap = notModelled("getSystemErrorMap");
export const getSystemErrorMessage = notModelled("getSystemErrorMessage");
export const getSystemErrorName = notModelled("getSystemErrorName");
export const inherits = notModelled("inherits");
export const inspect = notModelled("inspect");
export const isArray = notModelled("isArray");
export const isBoolean = notModelled("isBoolean");
export const isBuffer = notModelled("isBuffer");
export const isDate = notModelled("isDate");
export const isDeepStrictEqual = notModelled("isDeepStrictEqual");
export const isError = notModelled("isError");
export const isFunction = notModelled("isFunction");
export const isNull = notModelled("isNull");
export const isNullOrUndefined = notModelled("isNullOrUndefined");
export const isNumber = notModelled("isNumber");
export const isObject = notModelled("isObject");
export const isPrimitive = notModelled("isPrimitive");
export const isRegExp = notModelled("isRegExp");
export const isString = notModelled("isString");
export const isSymbol = notModelled("isSymbol");
export const isUndefined = notModelled("isUndefined");
export const log = notModelled("log");
export const parseArgs = notModelled("parseArgs");
export const parseEnv = notModelled("parseEnv");
export const promisify = notModelled("promisify");
export const setTraceSigInt = notModelled("setTraceSigInt");
export const stripVTControlCharacters = notModelled("stripVTControlCharacters");
export const styleText = notModelled("styleText");
export const toUSVString = notModelled("toUSVString");
export const transferableAbortController = notModelled("transferableAbortController");
export const transferableAbortSignal = notModelled("transferableAbortSignal");
export const types = { isAnyArrayBuffer: notModelled("types.isAnyArrayBuffer"), isArgumentsObject: notModelled("types.isArgumentsObject"), isArrayBuffer: notModelled("types.isArrayBuffer"), isArrayBufferView: notModelled("types.isArrayBufferView"), isAsyncFunction: notModelled("types.isAsyncFunction"), isBigInt64Array: notModelled("types.isBigInt64Array"), isBigIntObject: notModelled("types.isBigIntObject"), isBigUint64Array: notModelled("types.isBigUint64Array"), isBooleanObject: notModelled("types.isBooleanObject"), isBoxedPrimitive: notModelled("types.isBoxedPrimitive"), isCryptoKey: notModelled("types.isCryptoKey"), isDataView: notModelled("types.isDataView"), isDate: notModelled("types.isDate"), isExternal: notModelled("types.isExternal"), isFloat16Array: notModelled("types.isFloat16Array"), isFloat32Array: notModelled("types.isFloat32Array"), isFloat64Array: notModelled("types.isFloat64Array"), isGeneratorFunction: notModelled("types.isGeneratorFunction"), isGeneratorObject: notModelled("types.isGeneratorObject"), isInt16Array: notModelled("types.isInt16Array"), isInt32Array: notModelled("types.isInt32Array"), isInt8Array: notModelled("types.isInt8Array"), isKeyObject: notModelled("types.isKeyObject"), isMap: notModelled("types.isMap"), isMapIterator: notModelled("types.isMapIterator"), isModuleNamespaceObject: notModelled("types.isModuleNamespaceObject"), isNativeError: notModelled("types.isNativeError"), isNumberObject: notModelled("types.isNumberObject"), isPromise: notModelled("types.isPromise"), isProxy: notModelled("types.isProxy"), isRegExp: notModelled("types.isRegExp"), isSet: notModelled("types.isSet"), isSetIterator: notModelled("types.isSetIterator"), isSharedArrayBuffer: notModelled("types.isSharedArrayBuffer"), isStringObject: notModelled("types.isStringObject"), isSymbolObject: notModelled("types.isSymbolObject"), isTypedArray: notModelled("types.isTypedArray"), isUint16Array: notModelled("types.isUint16Array"), isUint32Array: notModelled("types.isUint32Array"), isUint8Array: notModelled("types.isUint8Array"), isUint8ClampedArray: notModelled("types.isUint8ClampedArray"), isWeakMap: notModelled("types.isWeakMap"), isWeakSet: notModelled("types.isWeakSet") };
export default { MIMEParams, MIMEType, TextDecoder, TextEncoder, _errnoException, _exceptionWithHostPort, _extend, aborted, callbackify, convertProcessSignalToExitCode, debug, debuglog, deprecate, diff, format, formatWithOptions, getCallSite, getCallSites, getSystemErrorMap, getSystemErrorMessage, getSystemErrorName, inherits, inspect, isArray, isBoolean, isBuffer, isDate, isDeepStrictEqual, isError, isFunction, isNull, isNullOrUndefined, isNumber, isObject, isPrimitive, isRegExp, isString, isSymbol, isUndefined, log, parseArgs, parseEnv, promisify, setTraceSigInt, stripVTControlCharacters, styleText, toUSVString, transferableAbortController, transferableAbortSignal, types };
