// node:dns for crosstalk: workerd's exports, so a library that imports the module loads;
// what crosstalk does not model throws an error that names it when used.
const notModelled = (name) => () => {
  throw new Error(`node:dns ${name} is not modelled by crosstalk`);
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
export const promises = { ADDRCONFIG: notModelled("promises.ADDRCONFIG"), ADDRGETNETWORKPARAMS: notModelled("promises.ADDRGETNETWORKPARAMS"), ALL: notModelled("promises.ALL"), BADFAMILY: notModelled("promises.BADFAMILY"), BADFLAGS: notModelled("promises.BADFLAGS"), BADHINTS: notModelled("promises.BADHINTS"), BADNAME: notModelled("promises.BADNAME"), BADQUERY: notModelled("promises.BADQUERY"), BADRESP: notModelled("promises.BADRESP"), BADSTR: notModelled("promises.BADSTR"), CANCELLED: notModelled("promises.CANCELLED"), CONNREFUSED: notModelled("promises.CONNREFUSED"), DESTRUCTION: notModelled("promises.DESTRUCTION"), EOF: notModelled("promises.EOF"), FILE: notModelled("promises.FILE"), FORMERR: notModelled("promises.FORMERR"), LOADIPHLPAPI: notModelled("promises.LOADIPHLPAPI"), NODATA: notModelled("promises.NODATA"), NOMEM: notModelled("promises.NOMEM"), NONAME: notModelled("promises.NONAME"), NOTFOUND: notModelled("promises.NOTFOUND"), NOTIMP: notModelled("promises.NOTIMP"), NOTINITIALIZED: notModelled("promises.NOTINITIALIZED"), REFUSED: notModelled("promises.REFUSED"), Resolver: notModelled("promises.Resolver"), SERVFAIL: notModelled("promises.SERVFAIL"), TIMEOUT: notModelled("promises.TIMEOUT"), V4MAPPED: notModelled("promises.V4MAPPED"), default: notModelled("promises.default"), getDefaultResultOrder: notModelled("promises.getDefaultResultOrder"), getServers: notModelled("promises.getServers"), lookup: notModelled("promises.lookup"), lookupService: notModelled("promises.lookupService"), resolve: notModelled("promises.resolve"), resolve4: notModelled("promises.resolve4"), resolve6: notModelled("promises.resolve6"), resolveAny: notModelled("promises.resolveAny"), resolveCaa: notModelled("promises.resolveCaa"), resolveCname: notModelled("promises.resolveCname"), resolveMx: notModelled("promises.resolveMx"), resolveNaptr: notModelled("promises.resolveNaptr"), resolveNs: notModelled("promises.resolveNs"), resolvePtr: notModelled("promises.resolvePtr"), resolveSoa: notModelled("promises.resolveSoa"), resolveSrv: notModelled("promises.resolveSrv"), resolveTxt: notModelled("promises.resolveTxt"), reverse: notModelled("promises.reverse"), setDefaultResultOrder: notModelled("promises.setDefaultResultOrder"), setServers: notModelled("promises.setServers") };
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
export default { ADDRCONFIG, ADDRGETNETWORKPARAMS, ALL, BADFAMILY, BADFLAGS, BADHINTS, BADNAME, BADQUERY, BADRESP, BADSTR, CANCELLED, CONNREFUSED, DESTRUCTION, EOF, FILE, FORMERR, LOADIPHLPAPI, NODATA, NOMEM, NONAME, NOTFOUND, NOTIMP, NOTINITIALIZED, REFUSED, Resolver, SERVFAIL, TIMEOUT, V4MAPPED, getDefaultResultOrder, getServers, lookup, lookupService, promises, resolve, resolve4, resolve6, resolveAny, resolveCaa, resolveCname, resolveMx, resolveNaptr, resolveNs, resolvePtr, resolveSoa, resolveSrv, resolveTxt, reverse, setDefaultResultOrder, setServers };
