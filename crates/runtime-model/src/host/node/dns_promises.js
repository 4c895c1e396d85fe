// node:dns/promises for crosstalk: workerd's exports, so a library that imports the module loads;
// what crosstalk does not model throws an error that names it when used.
const notModelled = (name) => () => {
  throw new Error(`node:dns/promises ${name} is not modelled by crosstalk`);
};

export const ADDRCONFIG = 1024;
export const ADDRGETNETWORKPARAMS = "EADDRGETNETWORKPARAMS";
export const ALL = 256;
export const BADFAMILY = "EBADFAMILY";
export const BADFLAGS = "EBADFLAGS";
export const BADHINTS = "EBADHINTS";
export const BADNAME = "EBADNAME";
export const BADQUERY = "EBADQUERY";
export const BADRESP = "EBADRESP";
export const BADSTR = "EBADSTR";
export const CANCELLED = "ECANCELLED";
export const CONNREFUSED = "ECONNREFUSED";
export const DESTRUCTION = "EDESTRUCTION";
export const EOF = "EOF";
export const FILE = "EFILE";
export const FORMERR = "EFORMERR";
export const LOADIPHLPAPI = "ELOADIPHLPAPI";
export const NODATA = "ENODATA";
export const NOMEM = "ENOMEM";
export const NONAME = "ENONAME";
export const NOTFOUND = "ENOTFOUND";
export const NOTIMP = "ENOTIMP";
export const NOTINITIALIZED = "ENOTINITIALIZED";
export const REFUSED = "EREFUSED";
export class Resolver {
  constructor() {
    throw notModelled("Resolver");
  }
}
export const SERVFAIL = "ESERVFAIL";
export const TIMEOUT = "ETIMEOUT";
export const V4MAPPED = 2048;
export const getDefaultResultOrder = notModelled("getDefaultResultOrder");
export const getServers = notModelled("getServers");
export const lookup = notModelled("lookup");
export const lookupService = notModelled("lookupService");
export const resolve = notModelled("resolve");
export const resolve4 = notModelled("resolve4");
export const resolve6 = notModelled("resolve6");
export const resolveAny = notModelled("resolveAny");
export const resolveCaa = notModelled("resolveCaa");
export const resolveCname = notModelled("resolveCname");
export const resolveMx = notModelled("resolveMx");
export const resolveNaptr = notModelled("resolveNaptr");
export const resolveNs = notModelled("resolveNs");
export const resolvePtr = notModelled("resolvePtr");
export const resolveSoa = notModelled("resolveSoa");
export const resolveSrv = notModelled("resolveSrv");
export const resolveTxt = notModelled("resolveTxt");
export const reverse = notModelled("reverse");
export const setDefaultResultOrder = notModelled("setDefaultResultOrder");
export const setServers = notModelled("setServers");
export default { ADDRGETNETWORKPARAMS: notModelled("default.ADDRGETNETWORKPARAMS"), BADFAMILY: notModelled("default.BADFAMILY"), BADFLAGS: notModelled("default.BADFLAGS"), BADHINTS: notModelled("default.BADHINTS"), BADNAME: notModelled("default.BADNAME"), BADQUERY: notModelled("default.BADQUERY"), BADRESP: notModelled("default.BADRESP"), BADSTR: notModelled("default.BADSTR"), CANCELLED: notModelled("default.CANCELLED"), CONNREFUSED: notModelled("default.CONNREFUSED"), DESTRUCTION: notModelled("default.DESTRUCTION"), EOF: notModelled("default.EOF"), FILE: notModelled("default.FILE"), FORMERR: notModelled("default.FORMERR"), LOADIPHLPAPI: notModelled("default.LOADIPHLPAPI"), NODATA: notModelled("default.NODATA"), NOMEM: notModelled("default.NOMEM"), NONAME: notModelled("default.NONAME"), NOTFOUND: notModelled("default.NOTFOUND"), NOTIMP: notModelled("default.NOTIMP"), NOTINITIALIZED: notModelled("default.NOTINITIALIZED"), REFUSED: notModelled("default.REFUSED"), Resolver: notModelled("default.Resolver"), SERVFAIL: notModelled("default.SERVFAIL"), TIMEOUT: notModelled("default.TIMEOUT"), getDefaultResultOrder: notModelled("default.getDefaultResultOrder"), getServers: notModelled("default.getServers"), lookup: notModelled("default.lookup"), lookupService: notModelled("default.lookupService"), resolve: notModelled("default.resolve"), resolve4: notModelled("default.resolve4"), resolve6: notModelled("default.resolve6"), resolveAny: notModelled("default.resolveAny"), resolveCaa: notModelled("default.resolveCaa"), resolveCname: notModelled("default.resolveCname"), resolveMx: notModelled("default.resolveMx"), resolveNaptr: notModelled("default.resolveNaptr"), resolveNs: notModelled("default.resolveNs"), resolvePtr: notModelled("default.resolvePtr"), resolveSoa: notModelled("default.resolveSoa"), resolveSrv: notModelled("default.resolveSrv"), resolveTxt: notModelled("default.resolveTxt"), reverse: notModelled("default.reverse"), setDefaultResultOrder: notModelled("default.setDefaultResultOrder"), setServers: notModelled("default.setServers") };
