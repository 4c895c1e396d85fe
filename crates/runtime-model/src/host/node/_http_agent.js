// node:_http_agent for crosstalk: workerd's exports, so a library that imports the module loads;
// what crosstalk does not model throws an error that names it when used.
const notModelled = (name) => () => {
  throw new Error(`node:_http_agent ${name} is not modelled by crosstalk`);
};

export class Agent {
  constructor() {
    throw notModelled("Agent");
  }
}
export const globalAgent = { _events: notModelled("globalAgent._events"), _eventsCount: notModelled("globalAgent._eventsCount"), _maxListeners: notModelled("globalAgent._maxListeners"), agentKeepAliveTimeoutBuffer: notModelled("globalAgent.agentKeepAliveTimeoutBuffer"), defaultPort: notModelled("globalAgent.defaultPort"), domain: notModelled("globalAgent.domain"), freeSockets: notModelled("globalAgent.freeSockets"), keepAlive: notModelled("globalAgent.keepAlive"), keepAliveMsecs: notModelled("globalAgent.keepAliveMsecs"), maxFreeSockets: notModelled("globalAgent.maxFreeSockets"), maxSockets: notModelled("globalAgent.maxSockets"), maxTotalSockets: notModelled("globalAgent.maxTotalSockets"), options: notModelled("globalAgent.options"), protocol: notModelled("globalAgent.protocol"), requests: notModelled("globalAgent.requests"), scheduling: notModelled("globalAgent.scheduling"), sockets: notModelled("globalAgent.sockets"), totalSocketCount: notModelled("globalAgent.totalSocketCount") };
export default { Agent, globalAgent };
