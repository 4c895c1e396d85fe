// node:_tls_common for crosstalk: node:tls's secure contexts, and translatePeerCertificate
// (the legacy certificate object's issuer chain and infoAccess, as workerd's).
import { SecureContext, createSecureContext } from "node:tls";

export function translatePeerCertificate(c) {
  if (!c) return null;
  if (c.issuerCertificate != null && c.issuerCertificate !== c) {
    c.issuerCertificate = translatePeerCertificate(c.issuerCertificate);
  }
  if (c.infoAccess != null) {
    const info = c.infoAccess;
    c.infoAccess = { __proto__: null };
    info.replace(/([^\n:]*):([^\n]*)(?:\n|$)/g, (_all, key, val) => {
      if (val.charCodeAt(0) === 0x22) val = JSON.parse(val);
      if (c.infoAccess != null) {
        c.infoAccess[key] ??= [];
        c.infoAccess[key].push(val);
      }
    });
  }
  return c;
}

export { SecureContext, createSecureContext };
export default { createSecureContext, SecureContext, translatePeerCertificate };
