// node:path/win32 for crosstalk: workerd's exports, so a library that imports the module loads;
// what crosstalk does not model throws an error that names it when used.
const notModelled = (name) => () => {
  throw new Error(`node:path/win32 ${name} is not modelled by crosstalk`);
};

export const basename = notModelled("basename");
export const delimiter = ";";
export const dirname = notModelled("dirname");
export const extname = notModelled("extname");
export const format = notModelled("format");
export const isAbsolute = notModelled("isAbsolute");
export const join = notModelled("join");
export const matchesGlob = notModelled("matchesGlob");
export const normalize = notModelled("normalize");
export const parse = notModelled("parse");
export const posix = { basename: notModelled("posix.basename"), delimiter: notModelled("posix.delimiter"), dirname: notModelled("posix.dirname"), extname: notModelled("posix.extname"), format: notModelled("posix.format"), isAbsolute: notModelled("posix.isAbsolute"), join: notModelled("posix.join"), matchesGlob: notModelled("posix.matchesGlob"), normalize: notModelled("posix.normalize"), parse: notModelled("posix.parse"), posix: notModelled("posix.posix"), relative: notModelled("posix.relative"), resolve: notModelled("posix.resolve"), sep: notModelled("posix.sep"), toNamespacedPath: notModelled("posix.toNamespacedPath"), win32: notModelled("posix.win32") };
export const relative = notModelled("relative");
export const resolve = notModelled("resolve");
export const sep = "\\";
export const toNamespacedPath = notModelled("toNamespacedPath");
export const win32 = { basename: notModelled("win32.basename"), delimiter: notModelled("win32.delimiter"), dirname: notModelled("win32.dirname"), extname: notModelled("win32.extname"), format: notModelled("win32.format"), isAbsolute: notModelled("win32.isAbsolute"), join: notModelled("win32.join"), matchesGlob: notModelled("win32.matchesGlob"), normalize: notModelled("win32.normalize"), parse: notModelled("win32.parse"), posix: notModelled("win32.posix"), relative: notModelled("win32.relative"), resolve: notModelled("win32.resolve"), sep: notModelled("win32.sep"), toNamespacedPath: notModelled("win32.toNamespacedPath"), win32: notModelled("win32.win32") };
export default { basename, delimiter, dirname, extname, format, isAbsolute, join, matchesGlob, normalize, parse, posix, relative, resolve, sep, toNamespacedPath, win32 };
