// node:v8 for crosstalk, as workerd has it: the heap statistics are fixed zero values,
// cachedDataVersionTag is 0, startupSnapshot.isBuildingSnapshot is false, and the rest
// (serialization, heap snapshots, flags, coverage, promise hooks) validate their arguments
// and throw ERR_METHOD_NOT_IMPLEMENTED.
const E = globalThis[Symbol.for("crosstalk.node")]("node-events").errors;
const notImplemented = (name) => E.methodNotImplemented(name);

export function cachedDataVersionTag() {
  return 0;
}

function checkSnapshotOptions(options = {}) {
  E.validateObject(options, "options");
  const { exposeInternals = false, exposeNumericValues = false } = options;
  E.validateBoolean(exposeInternals, "options.exposeInternals");
  E.validateBoolean(exposeNumericValues, "options.exposeNumericValues");
}

export function writeHeapSnapshot(filename, options = {}) {
  if (filename !== undefined) E.validateString(filename, "filename");
  checkSnapshotOptions(options);
  throw notImplemented("writeHeapSnapshot");
}

export function getHeapSnapshot(options = {}) {
  checkSnapshotOptions(options);
  throw notImplemented("getHeapSnapshot");
}

export function setFlagsFromString(flags) {
  E.validateString(flags, "flags");
  throw notImplemented("setFlagsFromString");
}

export function isStringOneByteRepresentation(content) {
  E.validateString(content, "content");
  throw notImplemented("isStringOneByteRepresentation");
}

export function getHeapStatistics() {
  return {
    total_heap_size: 0,
    total_heap_size_executable: 0,
    total_physical_size: 0,
    total_available_size: 0,
    used_heap_size: 0,
    heap_size_limit: 0,
    malloced_memory: 0,
    peak_malloced_memory: 0,
    does_zap_garbage: 0,
    number_of_native_contexts: 0,
    number_of_detached_contexts: 0,
    total_global_handles_size: 0,
    used_global_handles_size: 0,
    external_memory: 0,
    total_allocated_bytes: 0,
  };
}

export function getHeapSpaceStatistics() {
  return [];
}

export function getHeapCodeStatistics() {
  return {
    code_and_metadata_size: 0,
    bytecode_and_metadata_size: 0,
    external_script_source_size: 0,
    cpu_profiler_metadata_size: 0,
  };
}

export function setHeapSnapshotNearHeapLimit(limit) {
  E.validateUint32(limit, "limit", true);
  throw notImplemented("setHeapSnapshotNearHeapLimit");
}

export function getCppHeapStatistics(type = "detailed") {
  E.validateOneOf(type, "type", ["brief", "detailed"]);
  return {
    committed_size_bytes: 0,
    resident_size_bytes: 0,
    used_size_bytes: 0,
    space_statistics: [],
    type_names: [],
    detail_level: type,
  };
}

export class Serializer {
  constructor() {
    throw notImplemented("Serializer");
  }
}
for (const name of [
  "writeHeader",
  "writeValue",
  "releaseBuffer",
  "transferArrayBuffer",
  "writeUint32",
  "writeUint64",
  "writeDouble",
  "writeRawBytes",
  "_getDataCloneError",
  "_getSharedArrayBufferId",
  "_setTreatArrayBufferViewsAsHostObjects",
  "_writeHostObject",
]) {
  Object.defineProperty(Serializer.prototype, name, {
    value: {
      [name]() {
        throw notImplemented(name);
      },
    }[name],
    writable: true,
    configurable: true,
  });
}

export class Deserializer {
  constructor() {
    throw notImplemented("Deserializer");
  }
}
for (const name of [
  "readHeader",
  "readValue",
  "transferArrayBuffer",
  "getWireFormatVersion",
  "readUint32",
  "readUint64",
  "readDouble",
  "readRawBytes",
  "_readHostObject",
]) {
  Object.defineProperty(Deserializer.prototype, name, {
    value: {
      [name]() {
        throw notImplemented(name);
      },
    }[name],
    writable: true,
    configurable: true,
  });
}

export class DefaultSerializer extends Serializer {
  constructor() {
    super();
    throw notImplemented("DefaultSerializer");
  }
}

export class DefaultDeserializer extends Deserializer {
  constructor(buffer) {
    super(buffer);
    throw notImplemented("DefaultDeserializer");
  }
}

export function serialize() {
  throw notImplemented("serialize");
}

export function deserialize() {
  throw notImplemented("deserialize");
}

export class GCProfiler {
  start() {
    throw notImplemented("GCProfiler.start");
  }

  stop() {
    throw notImplemented("GCProfiler.stop");
  }
}

export const promiseHooks = {
  createHook() {
    throw notImplemented("promiseHooks.createHook");
  },
  onInit() {
    throw notImplemented("promiseHooks.onInit");
  },
  onBefore() {
    throw notImplemented("promiseHooks.onBefore");
  },
  onAfter() {
    throw notImplemented("promiseHooks.onAfter");
  },
  onSettled() {
    throw notImplemented("promiseHooks.onSettled");
  },
};

export function queryObjects(ctor, options = {}) {
  E.validateFunction(ctor, "constructor");
  E.validateObject(options, "options");
  const format = options.format || "count";
  if (format !== "count" && format !== "summary") throw E.invalidArgValue("options.format", format);
  throw notImplemented("queryObjects");
}

export function takeCoverage() {
  throw notImplemented("takeCoverage");
}

export function stopCoverage() {
  throw notImplemented("stopCoverage");
}

export const startupSnapshot = {
  addSerializeCallback() {
    throw notImplemented("startupSnapshot.addSerializeCallback");
  },
  addDeserializeCallback() {
    throw notImplemented("startupSnapshot.addDeserializeCallback");
  },
  setDeserializeMainFunction() {
    throw notImplemented("startupSnapshot.setDeserializeMainFunction");
  },
  isBuildingSnapshot() {
    return false;
  },
};

export default {
  cachedDataVersionTag,
  getHeapSnapshot,
  getHeapStatistics,
  getHeapSpaceStatistics,
  getHeapCodeStatistics,
  getCppHeapStatistics,
  setFlagsFromString,
  Serializer,
  Deserializer,
  DefaultSerializer,
  DefaultDeserializer,
  deserialize,
  takeCoverage,
  stopCoverage,
  serialize,
  writeHeapSnapshot,
  promiseHooks,
  queryObjects,
  startupSnapshot,
  setHeapSnapshotNearHeapLimit,
  GCProfiler,
  isStringOneByteRepresentation,
};
