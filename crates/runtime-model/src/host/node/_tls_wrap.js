// node:_tls_wrap for crosstalk: node:tls's TLSSocket and connect (see tls.js).
import { TLSSocket, connect } from "node:tls";
export { TLSSocket, connect };
export default { connect, TLSSocket };
