// node:timers/promises for crosstalk, as workerd (1.20261117) has it: setTimeout and
// setImmediate as promises, setInterval as an async iterator, and scheduler.wait/yield,
// over the runtime's timers (the virtual clock's), with AbortSignal support and workerd's
// argument checks and errors.
const load = globalThis[Symbol.for("crosstalk.node")];
const timers = load("node-timers");
const node = load("node-process");
const { errors } = node;

function checkOptions(options) {
  errors.validateObject(options, "options");
  const { signal, ref } = options;
  if (signal !== undefined) errors.validateAbortSignal(signal, "options.signal");
  if (ref !== undefined) errors.validateBoolean(ref, "options.ref");
  if (signal?.aborted) throw errors.abortError(signal.reason);
  return { signal, ref };
}

// Settles with `value` when `schedule`'s timer fires, or rejects when `signal` aborts.
function settleOn(schedule, cancel, value, signal) {
  return new Promise((resolve, reject) => {
    let onAbort;
    const timer = schedule(() => {
      resolve(value);
      if (onAbort) signal.removeEventListener("abort", onAbort);
    });
    if (signal) {
      onAbort = () => {
        cancel(timer);
        reject(errors.abortError(signal.reason));
      };
      signal.addEventListener("abort", onAbort, { once: true });
    }
  });
}

export async function setTimeout(delay, value, options = {}) {
  if (delay !== undefined) errors.validateNumber(delay, "delay");
  const { signal } = checkOptions(options);
  return settleOn((fire) => timers.setTimeout(fire, delay ?? 1), timers.clearTimeout, value, signal);
}

export async function setImmediate(value, options = {}) {
  const { signal } = checkOptions(options);
  return settleOn((fire) => timers.setImmediate(fire), timers.clearImmediate, value, signal);
}

export async function* setInterval(delay, value, options = {}) {
  if (delay !== undefined) errors.validateNumber(delay, "delay");
  const { signal, ref } = checkOptions(options);
  let interval;
  let onAbort;
  try {
    let ticks = 0;
    let wake;
    interval = new timers.Timeout(
      () => {
        ticks++;
        wake?.();
        wake = undefined;
      },
      delay,
      undefined,
      true,
      ref,
    );
    if (signal) {
      onAbort = () => {
        timers.clearInterval(interval);
        wake?.(Promise.reject(errors.abortError(signal.reason)));
        wake = undefined;
      };
      signal.addEventListener("abort", onAbort, { once: true });
    }
    while (!signal?.aborted) {
      if (ticks === 0) await new Promise((resolve) => (wake = resolve));
      for (; ticks > 0; ticks--) yield value;
    }
    throw errors.abortError(signal.reason);
  } finally {
    if (interval) timers.clearInterval(interval);
    if (onAbort) signal?.removeEventListener("abort", onAbort);
  }
}

const kScheduler = Symbol.for("kScheduler");

class Scheduler {
  constructor() {
    this[kScheduler] = true;
  }
  yield() {
    if (!this[kScheduler]) throw errors.invalidThis("Scheduler");
    return setImmediate();
  }
  wait(delay, options) {
    if (!this[kScheduler]) throw errors.invalidThis("Scheduler");
    return globalThis.scheduler.wait(delay, options);
  }
}

export const scheduler = new Scheduler();

const module = { setTimeout, setImmediate, setInterval, scheduler };
node.registerBuiltin("timers/promises", module);
export default module;
