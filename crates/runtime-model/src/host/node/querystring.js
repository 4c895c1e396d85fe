// node:querystring for crosstalk: workerd's exports, so a library that imports the module loads;
// what crosstalk does not model throws an error that names it when used.
const notModelled = (name) => () => {
  throw new Error(`node:querystring ${name} is not modelled by crosstalk`);
};

export const decode = notModelled("decode");
export const encode = notModelled("encode");
export const escape = notModelled("escape");
export const parse = notModelled("parse");
export const stringify = notModelled("stringify");
export const unescape = notModelled("unescape");
export const unescapeBuffer = notModelled("unescapeBuffer");
export default { decode, encode, escape, parse, stringify, unescape, unescapeBuffer };
