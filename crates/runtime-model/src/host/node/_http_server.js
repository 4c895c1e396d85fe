// node:_http_server for crosstalk: workerd's exports, so a library that imports the module loads;
// what crosstalk does not model throws an error that names it when used.
const notModelled = (name) => () => {
  throw new Error(`node:_http_server ${name} is not modelled by crosstalk`);
};

export const STATUS_CODES = { "100": notModelled("STATUS_CODES.100"), "101": notModelled("STATUS_CODES.101"), "102": notModelled("STATUS_CODES.102"), "103": notModelled("STATUS_CODES.103"), "200": notModelled("STATUS_CODES.200"), "201": notModelled("STATUS_CODES.201"), "202": notModelled("STATUS_CODES.202"), "203": notModelled("STATUS_CODES.203"), "204": notModelled("STATUS_CODES.204"), "205": notModelled("STATUS_CODES.205"), "206": notModelled("STATUS_CODES.206"), "207": notModelled("STATUS_CODES.207"), "208": notModelled("STATUS_CODES.208"), "226": notModelled("STATUS_CODES.226"), "300": notModelled("STATUS_CODES.300"), "301": notModelled("STATUS_CODES.301"), "302": notModelled("STATUS_CODES.302"), "303": notModelled("STATUS_CODES.303"), "304": notModelled("STATUS_CODES.304"), "305": notModelled("STATUS_CODES.305"), "307": notModelled("STATUS_CODES.307"), "308": notModelled("STATUS_CODES.308"), "400": notModelled("STATUS_CODES.400"), "401": notModelled("STATUS_CODES.401"), "402": notModelled("STATUS_CODES.402"), "403": notModelled("STATUS_CODES.403"), "404": notModelled("STATUS_CODES.404"), "405": notModelled("STATUS_CODES.405"), "406": notModelled("STATUS_CODES.406"), "407": notModelled("STATUS_CODES.407"), "408": notModelled("STATUS_CODES.408"), "409": notModelled("STATUS_CODES.409"), "410": notModelled("STATUS_CODES.410"), "411": notModelled("STATUS_CODES.411"), "412": notModelled("STATUS_CODES.412"), "413": notModelled("STATUS_CODES.413"), "414": notModelled("STATUS_CODES.414"), "415": notModelled("STATUS_CODES.415"), "416": notModelled("STATUS_CODES.416"), "417": notModelled("STATUS_CODES.417"), "418": notModelled("STATUS_CODES.418"), "421": notModelled("STATUS_CODES.421"), "422": notModelled("STATUS_CODES.422"), "423": notModelled("STATUS_CODES.423"), "424": notModelled("STATUS_CODES.424"), "425": notModelled("STATUS_CODES.425"), "426": notModelled("STATUS_CODES.426"), "428": notModelled("STATUS_CODES.428"), "429": notModelled("STATUS_CODES.429"), "431": notModelled("STATUS_CODES.431"), "451": notModelled("STATUS_CODES.451"), "500": notModelled("STATUS_CODES.500"), "501": notModelled("STATUS_CODES.501"), "502": notModelled("STATUS_CODES.502"), "503": notModelled("STATUS_CODES.503"), "504": notModelled("STATUS_CODES.504"), "505": notModelled("STATUS_CODES.505"), "506": notModelled("STATUS_CODES.506"), "507": notModelled("STATUS_CODES.507"), "508": notModelled("STATUS_CODES.508"), "509": notModelled("STATUS_CODES.509"), "510": notModelled("STATUS_CODES.510"), "511": notModelled("STATUS_CODES.511") };
export class Server {
  constructor() {
    throw notModelled("Server");
  }
}
export class ServerResponse {
  constructor() {
    throw notModelled("ServerResponse");
  }
}
export const _connectionListener = notModelled("_connectionListener");
export const httpServerPreClose = notModelled("httpServerPreClose");
export const kConnectionsCheckingInterval = undefined;
export const kServerResponse = undefined;
export const setupConnectionsTracking = notModelled("setupConnectionsTracking");
export const storeHTTPOptions = notModelled("storeHTTPOptions");
export default { STATUS_CODES, Server, ServerResponse, _connectionListener, httpServerPreClose, kConnectionsCheckingInterval, kServerResponse, setupConnectionsTracking, storeHTTPOptions };
