// node:tls for crosstalk: workerd's exports, so a library that imports the module loads;
// what crosstalk does not model throws an error that names it when used.
const notModelled = (name) => () => {
  throw new Error(`node:tls ${name} is not modelled by crosstalk`);
};

export const CLIENT_RENEG_LIMIT = 3;
export const CLIENT_RENEG_WINDOW = 600;
export const DEFAULT_CIPHERS = "";
export const DEFAULT_ECDH_CURVE = "auto";
export const DEFAULT_MAX_VERSION = "TLSv1.3";
export const DEFAULT_MIN_VERSION = "TLSv1.2";
export const SecureContext = notModelled("SecureContext");
export const Server = notModelled("Server");
export const TLSSocket = notModelled("TLSSocket");
export const checkServerIdentity = notModelled("checkServerIdentity");
export const connect = notModelled("connect");
export const convertALPNProtocols = notModelled("convertALPNProtocols");
export const createSecureContext = notModelled("createSecureContext");
export const createSecurePair = notModelled("createSecurePair");
export const createServer = notModelled("createServer");
export const getCiphers = notModelled("getCiphers");
export const rootCertificates = {  };
export default { CLIENT_RENEG_LIMIT, CLIENT_RENEG_WINDOW, DEFAULT_CIPHERS, DEFAULT_ECDH_CURVE, DEFAULT_MAX_VERSION, DEFAULT_MIN_VERSION, SecureContext, Server, TLSSocket, checkServerIdentity, connect, convertALPNProtocols, createSecureContext, createSecurePair, createServer, getCiphers, rootCertificates };
