// node:perf_hooks for crosstalk: workerd's exports, so a library that imports the module loads;
// what crosstalk does not model throws an error that names it when used.
const notModelled = (name) => () => {
  throw new Error(`node:perf_hooks ${name} is not modelled by crosstalk`);
};

export const Performance = notModelled("Performance");
export const PerformanceEntry = notModelled("PerformanceEntry");
export const PerformanceMark = notModelled("PerformanceMark");
export const PerformanceMeasure = notModelled("PerformanceMeasure");
export const PerformanceObserver = notModelled("PerformanceObserver");
export const PerformanceObserverEntryList = notModelled("PerformanceObserverEntryList");
export const PerformanceResourceTiming = notModelled("PerformanceResourceTiming");
export const constants = { NODE_PERFORMANCE_ENTRY_TYPE_DNS: notModelled("constants.NODE_PERFORMANCE_ENTRY_TYPE_DNS"), NODE_PERFORMANCE_ENTRY_TYPE_GC: notModelled("constants.NODE_PERFORMANCE_ENTRY_TYPE_GC"), NODE_PERFORMANCE_ENTRY_TYPE_HTTP: notModelled("constants.NODE_PERFORMANCE_ENTRY_TYPE_HTTP"), NODE_PERFORMANCE_ENTRY_TYPE_HTTP2: notModelled("constants.NODE_PERFORMANCE_ENTRY_TYPE_HTTP2"), NODE_PERFORMANCE_ENTRY_TYPE_NET: notModelled("constants.NODE_PERFORMANCE_ENTRY_TYPE_NET"), NODE_PERFORMANCE_GC_FLAGS_ALL_AVAILABLE_GARBAGE: notModelled("constants.NODE_PERFORMANCE_GC_FLAGS_ALL_AVAILABLE_GARBAGE"), NODE_PERFORMANCE_GC_FLAGS_ALL_EXTERNAL_MEMORY: notModelled("constants.NODE_PERFORMANCE_GC_FLAGS_ALL_EXTERNAL_MEMORY"), NODE_PERFORMANCE_GC_FLAGS_CONSTRUCT_RETAINED: notModelled("constants.NODE_PERFORMANCE_GC_FLAGS_CONSTRUCT_RETAINED"), NODE_PERFORMANCE_GC_FLAGS_FORCED: notModelled("constants.NODE_PERFORMANCE_GC_FLAGS_FORCED"), NODE_PERFORMANCE_GC_FLAGS_NO: notModelled("constants.NODE_PERFORMANCE_GC_FLAGS_NO"), NODE_PERFORMANCE_GC_FLAGS_SCHEDULE_IDLE: notModelled("constants.NODE_PERFORMANCE_GC_FLAGS_SCHEDULE_IDLE"), NODE_PERFORMANCE_GC_FLAGS_SYNCHRONOUS_PHANTOM_PROCESSING: notModelled("constants.NODE_PERFORMANCE_GC_FLAGS_SYNCHRONOUS_PHANTOM_PROCESSING"), NODE_PERFORMANCE_GC_INCREMENTAL: notModelled("constants.NODE_PERFORMANCE_GC_INCREMENTAL"), NODE_PERFORMANCE_GC_MAJOR: notModelled("constants.NODE_PERFORMANCE_GC_MAJOR"), NODE_PERFORMANCE_GC_MINOR: notModelled("constants.NODE_PERFORMANCE_GC_MINOR"), NODE_PERFORMANCE_GC_WEAKCB: notModelled("constants.NODE_PERFORMANCE_GC_WEAKCB"), NODE_PERFORMANCE_MILESTONE_BOOTSTRAP_COMPLETE: notModelled("constants.NODE_PERFORMANCE_MILESTONE_BOOTSTRAP_COMPLETE"), NODE_PERFORMANCE_MILESTONE_ENVIRONMENT: notModelled("constants.NODE_PERFORMANCE_MILESTONE_ENVIRONMENT"), NODE_PERFORMANCE_MILESTONE_LOOP_EXIT: notModelled("constants.NODE_PERFORMANCE_MILESTONE_LOOP_EXIT"), NODE_PERFORMANCE_MILESTONE_LOOP_START: notModelled("constants.NODE_PERFORMANCE_MILESTONE_LOOP_START"), NODE_PERFORMANCE_MILESTONE_NODE_START: notModelled("constants.NODE_PERFORMANCE_MILESTONE_NODE_START"), NODE_PERFORMANCE_MILESTONE_TIME_ORIGIN: notModelled("constants.NODE_PERFORMANCE_MILESTONE_TIME_ORIGIN"), NODE_PERFORMANCE_MILESTONE_TIME_ORIGIN_TIMESTAMP: notModelled("constants.NODE_PERFORMANCE_MILESTONE_TIME_ORIGIN_TIMESTAMP"), NODE_PERFORMANCE_MILESTONE_V8_START: notModelled("constants.NODE_PERFORMANCE_MILESTONE_V8_START") };
export const createHistogram = notModelled("createHistogram");
export const eventLoopUtilization = notModelled("eventLoopUtilization");
export const monitorEventLoopDelay = notModelled("monitorEventLoopDelay");
export const performance = {  };
export const timerify = notModelled("timerify");
export default { Performance, PerformanceEntry, PerformanceMark, PerformanceMeasure, PerformanceObserver, PerformanceObserverEntryList, PerformanceResourceTiming, constants, createHistogram, eventLoopUtilization, monitorEventLoopDelay, performance, timerify };
