// The User Timing API and workerd's other performance classes for crosstalk, under
// enable_global_performance_classes (nodejs_compat from 2026-03-17, or the perf_hooks
// flag): the global `performance` becomes a `Performance`, an EventTarget whose prototype
// has marks, measures and the timeline's queries; PerformanceEntry, PerformanceMark,
// PerformanceMeasure, PerformanceResourceTiming, PerformanceObserver and
// PerformanceObserverEntryList are globals. With node:perf_hooks on, the prototype also has
// Node's nodeTiming, eventLoopUtilization, markResourceTiming and timerify.
// `now()` stays the host's (virtual time, R3) and `timeOrigin` 0; marks take Date.now(),
// the same instant. PerformanceObserver is inert (it never reports), as in workerd.
(function (host) {
  "use strict";
  // The object the host installed as `performance`, with its native `now`.
  const base = globalThis[Symbol.for("crosstalk.performance")];
  const basePrototype = Object.getPrototypeOf(base);
  const nativeNow = basePrototype.now;
  const timeOrigin = Object.getOwnPropertyDescriptor(basePrototype, "timeOrigin");

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

  class PerformanceEntry {
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

  class PerformanceMark extends PerformanceEntry {
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

  class PerformanceMeasure extends PerformanceEntry {
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

  class PerformanceResourceTiming extends PerformanceEntry {
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

  class PerformanceObserverEntryList {
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

  class PerformanceObserver {
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
    if (host.tagged) Object.defineProperty(type.prototype, Symbol.toStringTag, { value: tag, writable: true, configurable: true });
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
  if (host.tagged) Object.defineProperty(EventCounts.prototype, Symbol.toStringTag, { value: "EventCounts", writable: true, configurable: true });

  // The entries of the performance timeline (marks and measures), in order of creation.
  let entries = [];

  class Performance {
    constructor() {
      throw illegal();
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
  }

  Object.defineProperty(Performance.prototype, "now", { value: nativeNow, writable: true, configurable: true });
  Object.defineProperty(Performance.prototype, "timeOrigin", timeOrigin);
  if (globalThis[Symbol.for("crosstalk.performance.nodeHooks")] !== false) {
    Object.defineProperties(Performance.prototype, {
      nodeTiming: {
        get() {
          return new PerformanceNodeTiming();
        },
        configurable: true,
      },
      eventLoopUtilization: {
        value: function eventLoopUtilization() {
          return { idle: 0, active: 0, utilization: 0 };
        },
        writable: true,
        configurable: true,
      },
      markResourceTiming: { value: function markResourceTiming() {}, writable: true, configurable: true },
      timerify: {
        value: function timerify(fn) {
          return fn;
        },
        writable: true,
        configurable: true,
      },
    });
  }
  if (host.tagged) Object.defineProperty(Performance.prototype, Symbol.toStringTag, { value: "Performance", writable: true, configurable: true });
  Object.setPrototypeOf(Performance.prototype, host.load("events").EventTarget.prototype);
  Object.setPrototypeOf(base, Performance.prototype);

  return {
    performance: base,
    Performance,
    PerformanceEntry,
    PerformanceMark,
    PerformanceMeasure,
    PerformanceResourceTiming,
    PerformanceObserver,
    PerformanceObserverEntryList,
  };
});
