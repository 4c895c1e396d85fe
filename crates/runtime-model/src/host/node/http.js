// node:http for crosstalk: workerd's exports, so a library that imports the module loads;
// what crosstalk does not model throws an error that names it when used.
const notModelled = (name) => () => {
  throw new Error(`node:http ${name} is not modelled by crosstalk`);
};

export class Agent {
  constructor() {
    throw notModelled("Agent");
  }
}
export class ClientRequest {
  constructor() {
    throw notModelled("ClientRequest");
  }
}
export const CloseEvent = notModelled("CloseEvent");
export class IncomingMessage {
  constructor() {
    throw notModelled("IncomingMessage");
  }
}
export const METHODS = { "0": notModelled("METHODS.0"), "1": notModelled("METHODS.1"), "10": notModelled("METHODS.10"), "11": notModelled("METHODS.11"), "12": notModelled("METHODS.12"), "13": notModelled("METHODS.13"), "14": notModelled("METHODS.14"), "15": notModelled("METHODS.15"), "16": notModelled("METHODS.16"), "17": notModelled("METHODS.17"), "18": notModelled("METHODS.18"), "19": notModelled("METHODS.19"), "2": notModelled("METHODS.2"), "20": notModelled("METHODS.20"), "21": notModelled("METHODS.21"), "22": notModelled("METHODS.22"), "23": notModelled("METHODS.23"), "24": notModelled("METHODS.24"), "25": notModelled("METHODS.25"), "26": notModelled("METHODS.26"), "27": notModelled("METHODS.27"), "28": notModelled("METHODS.28"), "29": notModelled("METHODS.29"), "3": notModelled("METHODS.3"), "30": notModelled("METHODS.30"), "31": notModelled("METHODS.31"), "32": notModelled("METHODS.32"), "33": notModelled("METHODS.33"), "34": notModelled("METHODS.34"), "4": notModelled("METHODS.4"), "5": notModelled("METHODS.5"), "6": notModelled("METHODS.6"), "7": notModelled("METHODS.7"), "8": notModelled("METHODS.8"), "9": notModelled("METHODS.9") };
export const MessageEvent = notModelled("MessageEvent");
export class OutgoingMessage {
  constructor() {
    throw notModelled("OutgoingMessage");
  }
}
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
export const WebSocket = notModelled("WebSocket");
export const _connectionListener = notModelled("_connectionListener");
export const createServer = notModelled("createServer");
export const get = notModelled("get");
export const globalAgent = { _events: notModelled("globalAgent._events"), _eventsCount: notModelled("globalAgent._eventsCount"), _maxListeners: notModelled("globalAgent._maxListeners"), agentKeepAliveTimeoutBuffer: notModelled("globalAgent.agentKeepAliveTimeoutBuffer"), defaultPort: notModelled("globalAgent.defaultPort"), domain: notModelled("globalAgent.domain"), freeSockets: notModelled("globalAgent.freeSockets"), keepAlive: notModelled("globalAgent.keepAlive"), keepAliveMsecs: notModelled("globalAgent.keepAliveMsecs"), maxFreeSockets: notModelled("globalAgent.maxFreeSockets"), maxSockets: notModelled("globalAgent.maxSockets"), maxTotalSockets: notModelled("globalAgent.maxTotalSockets"), options: notModelled("globalAgent.options"), protocol: notModelled("globalAgent.protocol"), requests: notModelled("globalAgent.requests"), scheduling: notModelled("globalAgent.scheduling"), sockets: notModelled("globalAgent.sockets"), totalSocketCount: notModelled("globalAgent.totalSocketCount") };
export const maxHeaderSize = 16384;
export const request = notModelled("request");
export const setMaxIdleHTTPParsers = notModelled("setMaxIdleHTTPParsers");
export const validateHeaderName = notModelled("validateHeaderName");
export const validateHeaderValue = notModelled("validateHeaderValue");
export default { Agent, ClientRequest, CloseEvent, IncomingMessage, METHODS, MessageEvent, OutgoingMessage, STATUS_CODES, Server, ServerResponse, WebSocket, _connectionListener, createServer, get, globalAgent, maxHeaderSize, request, setMaxIdleHTTPParsers, validateHeaderName, validateHeaderValue };
