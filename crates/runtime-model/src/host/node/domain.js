// node:domain for crosstalk: workerd's exports, so a library that imports the module loads;
// what crosstalk does not model throws an error that names it when used.
const notModelled = (name) => () => {
  throw new Error(`node:domain ${name} is not modelled by crosstalk`);
};

export class Domain {
  constructor() {
    throw notModelled("Domain");
  }
}
export const active = null;
export const create = { _events: notModelled("create._events"), _eventsCount: notModelled("create._eventsCount"), _maxListeners: notModelled("create._maxListeners"), domain: notModelled("create.domain"), members: notModelled("create.members") };
export const createDomain = notModelled("createDomain");
export default { Domain, active, create, createDomain };
