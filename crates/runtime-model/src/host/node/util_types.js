// node:util/types for crosstalk: the functions of util.types (host/web/node_util.js); the
// default export is util.types itself, as in workerd.
const { types } = globalThis[Symbol.for("crosstalk.node")]("node-util");
export const { isAnyArrayBuffer, isArgumentsObject, isArrayBuffer, isArrayBufferView, isAsyncFunction, isBigInt64Array, isBigIntObject } = types;
export const { isBigUint64Array, isBooleanObject, isBoxedPrimitive, isCryptoKey, isDataView, isDate, isExternal } = types;
export const { isFloat16Array, isFloat32Array, isFloat64Array, isGeneratorFunction, isGeneratorObject, isInt16Array, isInt32Array } = types;
export const { isInt8Array, isKeyObject, isMap, isMapIterator, isModuleNamespaceObject, isNativeError, isNumberObject } = types;
export const { isPromise, isProxy, isRegExp, isSet, isSetIterator, isSharedArrayBuffer, isStringObject } = types;
export const { isSymbolObject, isTypedArray, isUint16Array, isUint32Array, isUint8Array, isUint8ClampedArray, isWeakMap } = types;
export const { isWeakSet } = types;
export default types;
