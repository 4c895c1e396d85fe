// node:worker_threads for crosstalk: workerd's exports, so a library that imports the module loads;
// what crosstalk does not model throws an error that names it when used.
const notModelled = (name) => () => {
  throw new Error(`node:worker_threads ${name} is not modelled by crosstalk`);
};

export class BroadcastChannel {
  constructor() {
    throw notModelled("BroadcastChannel");
  }
}
export const MessageChannel = notModelled("MessageChannel");
export const MessagePort = notModelled("MessagePort");
export const SHARE_ENV = undefined;
export class Worker {
  constructor() {
    throw notModelled("Worker");
  }
}
export const getEnvironmentData = notModelled("getEnvironmentData");
export const isInternalThread = false;
export const isMainThread = true;
export const isMarkedAsUntransferable = notModelled("isMarkedAsUntransferable");
export const markAsUncloneable = notModelled("markAsUncloneable");
export const markAsUntransferable = notModelled("markAsUntransferable");
export const moveMessagePortToContext = notModelled("moveMessagePortToContext");
export const parentPort = null;
export const postMessageToThread = notModelled("postMessageToThread");
export const receiveMessageOnPort = notModelled("receiveMessageOnPort");
export const resourceLimits = {  };
export const setEnvironmentData = notModelled("setEnvironmentData");
export const threadId = 0;
export const workerData = null;
export default { BroadcastChannel, MessageChannel, MessagePort, SHARE_ENV, Worker, getEnvironmentData, isInternalThread, isMainThread, isMarkedAsUntransferable, markAsUncloneable, markAsUntransferable, moveMessagePortToContext, parentPort, postMessageToThread, receiveMessageOnPort, resourceLimits, setEnvironmentData, threadId, workerData };
