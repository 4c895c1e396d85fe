// node:_http_common for crosstalk: workerd's exports, so a library that imports the module loads;
// what crosstalk does not model throws an error that names it when used.
const notModelled = (name) => () => {
  throw new Error(`node:_http_common ${name} is not modelled by crosstalk`);
};

export const CRLF = "\r\n";
export const _checkInvalidHeaderChar = notModelled("_checkInvalidHeaderChar");
export const _checkIsHttpToken = notModelled("_checkIsHttpToken");
export const chunkExpression = {  };
export const continueExpression = {  };
export const kIncomingMessage = undefined;
export const methods = { "0": notModelled("methods.0"), "1": notModelled("methods.1"), "10": notModelled("methods.10"), "11": notModelled("methods.11"), "12": notModelled("methods.12"), "13": notModelled("methods.13"), "14": notModelled("methods.14"), "15": notModelled("methods.15"), "16": notModelled("methods.16"), "17": notModelled("methods.17"), "18": notModelled("methods.18"), "19": notModelled("methods.19"), "2": notModelled("methods.2"), "20": notModelled("methods.20"), "21": notModelled("methods.21"), "22": notModelled("methods.22"), "23": notModelled("methods.23"), "24": notModelled("methods.24"), "25": notModelled("methods.25"), "26": notModelled("methods.26"), "27": notModelled("methods.27"), "28": notModelled("methods.28"), "29": notModelled("methods.29"), "3": notModelled("methods.3"), "30": notModelled("methods.30"), "31": notModelled("methods.31"), "32": notModelled("methods.32"), "33": notModelled("methods.33"), "34": notModelled("methods.34"), "4": notModelled("methods.4"), "5": notModelled("methods.5"), "6": notModelled("methods.6"), "7": notModelled("methods.7"), "8": notModelled("methods.8"), "9": notModelled("methods.9") };
export const parsers = { max: notModelled("parsers.max"), name: notModelled("parsers.name") };
export default { CRLF, _checkInvalidHeaderChar, _checkIsHttpToken, chunkExpression, continueExpression, kIncomingMessage, methods, parsers };
