// node:v8 for crosstalk: workerd's exports, so a library that imports the module loads;
// what crosstalk does not model throws an error that names it when used.
const notModelled = (name) => () => {
  throw new Error(`node:v8 ${name} is not modelled by crosstalk`);
};

export class DefaultDeserializer {
  constructor() {
    throw notModelled("DefaultDeserializer");
  }
}
export class DefaultSerializer {
  constructor() {
    throw notModelled("DefaultSerializer");
  }
}
export class Deserializer {
  constructor() {
    throw notModelled("Deserializer");
  }
}
export class GCProfiler {
  constructor() {
    throw notModelled("GCProfiler");
  }
}
export class Serializer {
  constructor() {
    throw notModelled("Serializer");
  }
}
export const cachedDataVersionTag = notModelled("cachedDataVersionTag");
export const deserialize = notModelled("deserialize");
export const getCppHeapStatistics = notModelled("getCppHeapStatistics");
export const getHeapCodeStatistics = notModelled("getHeapCodeStatistics");
export const getHeapSnapshot = notModelled("getHeapSnapshot");
export const getHeapSpaceStatistics = notModelled("getHeapSpaceStatistics");
export const getHeapStatistics = notModelled("getHeapStatistics");
export const isStringOneByteRepresentation = notModelled("isStringOneByteRepresentation");
export const promiseHooks = { createHook: notModelled("promiseHooks.createHook"), onAfter: notModelled("promiseHooks.onAfter"), onBefore: notModelled("promiseHooks.onBefore"), onInit: notModelled("promiseHooks.onInit"), onSettled: notModelled("promiseHooks.onSettled") };
export const queryObjects = notModelled("queryObjects");
export const serialize = notModelled("serialize");
export const setFlagsFromString = notModelled("setFlagsFromString");
export const setHeapSnapshotNearHeapLimit = notModelled("setHeapSnapshotNearHeapLimit");
export const startupSnapshot = { addDeserializeCallback: notModelled("startupSnapshot.addDeserializeCallback"), addSerializeCallback: notModelled("startupSnapshot.addSerializeCallback"), isBuildingSnapshot: notModelled("startupSnapshot.isBuildingSnapshot"), setDeserializeMainFunction: notModelled("startupSnapshot.setDeserializeMainFunction") };
export const stopCoverage = notModelled("stopCoverage");
export const takeCoverage = notModelled("takeCoverage");
export const writeHeapSnapshot = notModelled("writeHeapSnapshot");
export default { DefaultDeserializer, DefaultSerializer, Deserializer, GCProfiler, Serializer, cachedDataVersionTag, deserialize, getCppHeapStatistics, getHeapCodeStatistics, getHeapSnapshot, getHeapSpaceStatistics, getHeapStatistics, isStringOneByteRepresentation, promiseHooks, queryObjects, serialize, setFlagsFromString, setHeapSnapshotNearHeapLimit, startupSnapshot, stopCoverage, takeCoverage, writeHeapSnapshot };
