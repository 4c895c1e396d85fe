// node:cluster for crosstalk: workerd's exports, so a library that imports the module loads;
// what crosstalk does not model throws an error that names it when used.
const notModelled = (name) => () => {
  throw new Error(`node:cluster ${name} is not modelled by crosstalk`);
};

export class Cluster {
  constructor() {
    throw notModelled("Cluster");
  }
}
export const SCHED_NONE = 1;
export const SCHED_RR = 2;
export class Worker {
  constructor() {
    throw notModelled("Worker");
  }
}
export const _events = {  };
export const _eventsCount = 0;
export const _maxListeners = 0;
export const disconnect = notModelled("disconnect");
export const fork = notModelled("fork");
export const isMaster = true;
export const isPrimary = true;
export const isWorker = false;
export const schedulingPolicy = 2;
export const settings = {  };
export const setupMaster = notModelled("setupMaster");
export const setupPrimary = notModelled("setupPrimary");
export const workers = {  };
export default { SCHED_NONE: notModelled("default.SCHED_NONE"), SCHED_RR: notModelled("default.SCHED_RR"), Worker: notModelled("default.Worker"), _events: notModelled("default._events"), _eventsCount: notModelled("default._eventsCount"), _maxListeners: notModelled("default._maxListeners"), domain: notModelled("default.domain"), isMaster: notModelled("default.isMaster"), isPrimary: notModelled("default.isPrimary"), isWorker: notModelled("default.isWorker"), schedulingPolicy: notModelled("default.schedulingPolicy"), settings: notModelled("default.settings"), workers: notModelled("default.workers") };
