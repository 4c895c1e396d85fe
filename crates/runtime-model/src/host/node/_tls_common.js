// node:_tls_common for crosstalk: workerd's exports, so a library that imports the module loads;
// what crosstalk does not model throws an error that names it when used.
const notModelled = (name) => () => {
  throw new Error(`node:_tls_common ${name} is not modelled by crosstalk`);
};

export const SecureContext = notModelled("SecureContext");
export const createSecureContext = notModelled("createSecureContext");
export const translatePeerCertificate = notModelled("translatePeerCertificate");
export default { SecureContext, createSecureContext, translatePeerCertificate };
