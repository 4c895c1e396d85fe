// node:_http_outgoing for crosstalk: workerd's exports, so a library that imports the module loads;
// what crosstalk does not model throws an error that names it when used.
const notModelled = (name) => () => {
  throw new Error(`node:_http_outgoing ${name} is not modelled by crosstalk`);
};

export class OutgoingMessage {
  constructor() {
    throw notModelled("OutgoingMessage");
  }
}
export const kHighWaterMark = undefined;
export const kUniqueHeaders = undefined;
export const parseUniqueHeadersOption = notModelled("parseUniqueHeadersOption");
export const validateHeaderName = notModelled("validateHeaderName");
export const validateHeaderValue = notModelled("validateHeaderValue");
export default { OutgoingMessage, kHighWaterMark, kUniqueHeaders, parseUniqueHeadersOption, validateHeaderName, validateHeaderValue };
