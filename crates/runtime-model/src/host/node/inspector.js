// node:inspector for crosstalk: workerd's exports, so a library that imports the module loads;
// what crosstalk does not model throws an error that names it when used.
const notModelled = (name) => () => {
  throw new Error(`node:inspector ${name} is not modelled by crosstalk`);
};

export const Network = { dataReceived: notModelled("Network.dataReceived"), dataSent: notModelled("Network.dataSent"), loadingFailed: notModelled("Network.loadingFailed"), loadingFinished: notModelled("Network.loadingFinished"), requestWillBeSent: notModelled("Network.requestWillBeSent"), responseReceived: notModelled("Network.responseReceived"), webSocketClosed: notModelled("Network.webSocketClosed"), webSocketCreated: notModelled("Network.webSocketCreated"), webSocketHandshakeResponseReceived: notModelled("Network.webSocketHandshakeResponseReceived") };
export class Session {
  constructor() {
    throw notModelled("Session");
  }
}
export const close = notModelled("close");
export const console = { assert: notModelled("console.assert"), clear: notModelled("console.clear"), count: notModelled("console.count"), countReset: notModelled("console.countReset"), debug: notModelled("console.debug"), dir: notModelled("console.dir"), dirxml: notModelled("console.dirxml"), error: notModelled("console.error"), group: notModelled("console.group"), groupCollapsed: notModelled("console.groupCollapsed"), groupEnd: notModelled("console.groupEnd"), info: notModelled("console.info"), log: notModelled("console.log"), profile: notModelled("console.profile"), profileEnd: notModelled("console.profileEnd"), table: notModelled("console.table"), time: notModelled("console.time"), timeLog: notModelled("console.timeLog"), timeStamp: notModelled("console.timeStamp"), trace: notModelled("console.trace"), warn: notModelled("console.warn") };
export const open = notModelled("open");
export const url = notModelled("url");
export const waitForDebugger = notModelled("waitForDebugger");
export default { Network, Session, close, console, open, url, waitForDebugger };
