// node:crypto: hashes, HMACs and random values (host/web/node_crypto.js).
const m = globalThis[Symbol.for("crosstalk.node")]("node-crypto");
export const createHash = m.createHash;
export const createHmac = m.createHmac;
export const randomBytes = m.randomBytes;
export const randomInt = m.randomInt;
export const randomUUID = m.randomUUID;
export const getRandomValues = m.getRandomValues;
export const timingSafeEqual = m.timingSafeEqual;
export const getHashes = m.getHashes;
export const webcrypto = m.webcrypto;
export const subtle = m.subtle;
export const Hash = m.Hash;
export const Hmac = m.Hmac;
export default m.default;
