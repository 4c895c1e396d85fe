// node:punycode for crosstalk: workerd's exports, so a library that imports the module loads;
// what crosstalk does not model throws an error that names it when used.
const notModelled = (name) => () => {
  throw new Error(`node:punycode ${name} is not modelled by crosstalk`);
};

export const decode = notModelled("decode");
export const encode = notModelled("encode");
export const toASCII = notModelled("toASCII");
export const toUnicode = notModelled("toUnicode");
export const ucs2 = { decode: notModelled("ucs2.decode"), encode: notModelled("ucs2.encode") };
export const version = "2.1.0";
export default { decode, encode, toASCII, toUnicode, ucs2, version };
