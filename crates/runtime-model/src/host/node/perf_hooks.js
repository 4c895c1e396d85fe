// node:perf_hooks for crosstalk, as workerd (1.20261117) has it: `performance` is the
// global one (virtual time: now() is Date.now(), timeOrigin 0) with the User Timing and
// Node extensions workerd gives it under nodejs_compat (mark, measure, getEntries…,
// eventCounts, nodeTiming, eventLoopUtilization, timerify); PerformanceObserver is inert
// (it never reports), eventLoopUtilization is all zeros, timerify returns its function,
// createHistogram and monitorEventLoopDelay are not implemented.
//
// Loading this module gives the global `performance` those methods (its prototype becomes
// Performance.prototype): crosstalk installs only now() and timeOrigin by itself.
const node = globalThis[Symbol.for("crosstalk.node")]("node-process");
const { errors } = node;

const token = Symbol("crosstalk.performance");
const illegal = () => new TypeError("Illegal constructor");
const fields = new WeakMap(); // entry -> { name, entryType, startTime, duration, detail }

function typeError(text) {
  return new TypeError(text);
}

function nameArgument(value, method) {
  if (value === undefined) throw typeError(`Failed to execute '${method}' on 'Performance': parameter 1 is not of type 'string'.`);
  return String(value);
}

function detailOption(options) {
  const detail = options?.detail;
  if (detail === undefined) return undefined;
  if (detail === null || (typeof detail !== "object" && typeof detail !== "function")) {
    throw typeError("Incorrect type for the 'detail' field on 'Options': the provided value is not of type 'Object'.");
  }
  return detail;
}

export class PerformanceEntry {
  constructor(key, name, entryType, startTime, duration) {
    if (key !== token) throw illegal();
    fields.set(this, { name, entryType, startTime, duration, detail: undefined });
  }
  get name() {
    return fields.get(this).name;
  }
  get entryType() {
    return fields.get(this).entryType;
  }
  get startTime() {
    return fields.get(this).startTime;
  }
  get duration() {
    return fields.get(this).duration;
  }
  toJSON() {
    const { name, entryType, startTime, duration, detail } = fields.get(this);
    const out = { name, entryType, startTime, duration };
    if (detail !== undefined) out.detail = detail;
    return out;
  }
}

export class PerformanceMark extends PerformanceEntry {
  constructor(name, options) {
    const detail = detailOption(options);
    const startTime = options?.startTime !== undefined ? Number(options.startTime) : Date.now();
    super(token, nameArgument(name, "constructor"), "mark", startTime, 0);
    fields.get(this).detail = detail;
  }
  get detail() {
    return fields.get(this).detail ?? null;
  }
  toJSON() {
    return super.toJSON();
  }
}

let measuring = false;

export class PerformanceMeasure extends PerformanceEntry {
  constructor(name, startTime, duration, detail) {
    if (!measuring) throw illegal();
    super(token, name, "measure", startTime, duration);
    fields.get(this).detail = detail;
  }
  get detail() {
    return fields.get(this).detail ?? null;
  }
  toJSON() {
    return super.toJSON();
  }
}

export class PerformanceResourceTiming extends PerformanceEntry {
  constructor() {
    throw illegal();
  }
  toJSON() {
    throw new Error("PerformanceResourceTiming.toJSON is not implemented");
  }
}
for (const name of [
  "connectEnd", "connectStart", "decodedBodySize", "domainLookupEnd", "domainLookupStart", "encodedBodySize",
  "fetchStart", "redirectEnd", "redirectStart", "requestStart", "responseEnd", "responseStart", "responseStatus",
  "secureConnectionStart", "transferSize", "workerStart",
]) {
  Object.defineProperty(PerformanceResourceTiming.prototype, name, { get: () => 0, configurable: true });
}
for (const name of ["initiatorType", "nextHopProtocol"]) {
  Object.defineProperty(PerformanceResourceTiming.prototype, name, { get: () => "", configurable: true });
}

// performance.nodeTiming: Node's start-up milestones, all 0 in a Worker.
class PerformanceNodeTiming extends PerformanceEntry {
  constructor() {
    super(token, "node", "node", 0, 0);
    for (const name of ["nodeStart", "v8Start", "bootstrapComplete", "environment", "loopStart", "loopExit", "idleTime"]) {
      Object.defineProperty(this, name, { value: 0, enumerable: true });
    }
    Object.defineProperty(this, "uvMetricsInfo", {
      get: () => ({ loopCount: 0, events: 0, eventsWaiting: 0 }),
      enumerable: true,
    });
  }
  toJSON() {
    return {
      ...super.toJSON(),
      nodeStart: 0,
      v8Start: 0,
      bootstrapComplete: 0,
      environment: 0,
      loopStart: 0,
      loopExit: 0,
      idleTime: 0,
      uvMetricsInfo: { loopCount: 0, events: 0, eventsWaiting: 0 },
    };
  }
}

export class PerformanceObserverEntryList {
  constructor() {
    throw illegal();
  }
  getEntries() {
    return [];
  }
  getEntriesByType() {
    return [];
  }
  getEntriesByName() {
    return [];
  }
}

export class PerformanceObserver {
  constructor(callback) {
    if (typeof callback !== "function") {
      throw typeError("Failed to construct 'PerformanceObserver': constructor parameter 1 is not of type 'Value'.");
    }
  }
  disconnect() {}
  observe() {}
  takeRecords() {
    return [];
  }
  static get supportedEntryTypes() {
    return ["measure", "mark"];
  }
}

for (const [type, tag] of [
  [PerformanceEntry, "PerformanceEntry"],
  [PerformanceMark, "PerformanceMark"],
  [PerformanceMeasure, "PerformanceMeasure"],
  [PerformanceResourceTiming, "PerformanceResourceTiming"],
  [PerformanceNodeTiming, "PerformanceNodeTiming"],
  [PerformanceObserverEntryList, "PerformanceObserverEntryList"],
  [PerformanceObserver, "PerformanceObserver"],
]) {
  Object.defineProperty(type.prototype, Symbol.toStringTag, { value: tag, configurable: true });
}

class EventCounts {
  get size() {
    return 0;
  }
  get() {
    return undefined;
  }
  has() {
    return false;
  }
  *entries() {}
  *keys() {}
  *values() {}
  forEach() {}
  [Symbol.iterator]() {
    return this.entries();
  }
}
Object.defineProperty(EventCounts.prototype, Symbol.toStringTag, { value: "EventCounts", configurable: true });

// The entries of the performance timeline (marks and measures), in order of creation.
let entries = [];

export class Performance {
  constructor() {
    throw illegal();
  }
  get timeOrigin() {
    return 0;
  }
  now() {
    return Date.now();
  }
  get eventCounts() {
    return new EventCounts();
  }
  clearMarks(name) {
    entries = entries.filter((e) => (name === undefined ? e.entryType !== "mark" : e.name !== String(name)));
  }
  clearMeasures(name) {
    entries = entries.filter((e) => (name === undefined ? e.entryType !== "measure" : e.name !== String(name)));
  }
  clearResourceTimings() {
    entries = entries.filter((e) => e.entryType !== "resource" && e.entryType !== "navigation");
  }
  getEntries() {
    return entries.slice();
  }
  getEntriesByName(name, type) {
    const wanted = String(name);
    return entries.filter((e) => e.name === wanted && (type === undefined || e.entryType === String(type)));
  }
  getEntriesByType(type) {
    const wanted = String(type);
    return entries.filter((e) => e.entryType === wanted);
  }
  mark(name, options) {
    const text = nameArgument(name, "mark");
    const detail = detailOption(options);
    const mark = new PerformanceMark(text, { startTime: options?.startTime });
    fields.get(mark).detail = detail;
    entries.push(mark);
    return mark;
  }
  measure(name, startOrOptions, endMark) {
    const text = nameArgument(name, "measure");
    let startTime = 0;
    let endTime = Date.now();
    let detail;
    const markTime = (mark) => entries.find((e) => e.name === String(mark) && e.entryType === "mark")?.startTime;
    if (typeof startOrOptions === "object" && startOrOptions !== null) {
      detail = detailOption(startOrOptions);
      if (startOrOptions.start !== undefined) startTime = Number(startOrOptions.start);
      if (startOrOptions.end !== undefined) endTime = Number(startOrOptions.end);
      else if (startOrOptions.duration !== undefined) endTime = startTime + Number(startOrOptions.duration);
    } else if (startOrOptions !== undefined) {
      startTime = markTime(startOrOptions) ?? startTime;
      if (endMark !== undefined) endTime = markTime(endMark) ?? endTime;
    }
    measuring = true;
    let measure;
    try {
      measure = new PerformanceMeasure(text, startTime, endTime >= startTime ? endTime - startTime : 0, detail);
    } finally {
      measuring = false;
    }
    entries.push(measure);
    return measure;
  }
  setResourceTimingBufferSize() {}
  toJSON() {
    return { timeOrigin: 0 };
  }
  get nodeTiming() {
    return new PerformanceNodeTiming();
  }
  eventLoopUtilization() {
    return { idle: 0, active: 0, utilization: 0 };
  }
  markResourceTiming() {}
  timerify(fn) {
    return fn;
  }
}
Object.defineProperty(Performance.prototype, Symbol.toStringTag, { value: "Performance", configurable: true });
if (typeof globalThis.EventTarget === "function") {
  Object.setPrototypeOf(Performance.prototype, globalThis.EventTarget.prototype);
}

export const performance = globalThis.performance;
if (performance && Object.getPrototypeOf(performance) !== Performance.prototype) {
  Object.setPrototypeOf(performance, Performance.prototype);
}

export const constants = Object.freeze({
  NODE_PERFORMANCE_GC_MAJOR: 4,
  NODE_PERFORMANCE_GC_MINOR: 1,
  NODE_PERFORMANCE_GC_INCREMENTAL: 8,
  NODE_PERFORMANCE_GC_WEAKCB: 16,
  NODE_PERFORMANCE_GC_FLAGS_NO: 0,
  NODE_PERFORMANCE_GC_FLAGS_CONSTRUCT_RETAINED: 2,
  NODE_PERFORMANCE_GC_FLAGS_FORCED: 4,
  NODE_PERFORMANCE_GC_FLAGS_SYNCHRONOUS_PHANTOM_PROCESSING: 8,
  NODE_PERFORMANCE_GC_FLAGS_ALL_AVAILABLE_GARBAGE: 16,
  NODE_PERFORMANCE_GC_FLAGS_ALL_EXTERNAL_MEMORY: 32,
  NODE_PERFORMANCE_GC_FLAGS_SCHEDULE_IDLE: 64,
  NODE_PERFORMANCE_ENTRY_TYPE_GC: 0,
  NODE_PERFORMANCE_ENTRY_TYPE_HTTP: 1,
  NODE_PERFORMANCE_ENTRY_TYPE_HTTP2: 2,
  NODE_PERFORMANCE_ENTRY_TYPE_NET: 3,
  NODE_PERFORMANCE_ENTRY_TYPE_DNS: 4,
  NODE_PERFORMANCE_MILESTONE_TIME_ORIGIN_TIMESTAMP: 0,
  NODE_PERFORMANCE_MILESTONE_TIME_ORIGIN: 1,
  NODE_PERFORMANCE_MILESTONE_ENVIRONMENT: 2,
  NODE_PERFORMANCE_MILESTONE_NODE_START: 3,
  NODE_PERFORMANCE_MILESTONE_V8_START: 4,
  NODE_PERFORMANCE_MILESTONE_LOOP_START: 5,
  NODE_PERFORMANCE_MILESTONE_LOOP_EXIT: 6,
  NODE_PERFORMANCE_MILESTONE_BOOTSTRAP_COMPLETE: 7,
});

export function eventLoopUtilization(_utilization1, _utilization2) {
  return { idle: 0, active: 0, utilization: 0 };
}

export function timerify(fn) {
  return fn;
}

export function createHistogram() {
  throw errors.notImplemented("createHistogram");
}

export function monitorEventLoopDelay() {
  throw errors.notImplemented("monitorEventLoopDelay");
}

const perfHooks = {
  Performance,
  PerformanceEntry,
  PerformanceMark,
  PerformanceMeasure,
  PerformanceObserver,
  PerformanceObserverEntryList,
  PerformanceResourceTiming,
  monitorEventLoopDelay,
  createHistogram,
  eventLoopUtilization,
  timerify,
  performance,
  constants,
};
node.registerBuiltin("perf_hooks", perfHooks);
export default perfHooks;
