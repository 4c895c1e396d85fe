// node:path/win32 for crosstalk: node:path's Windows functions (the same objects), as
// workerd provides the module.
import path from "node:path";

const windows = path.win32;
export const { basename, delimiter, dirname, extname, format, isAbsolute, join, matchesGlob } = windows;
export const { normalize, parse, posix, relative, resolve, sep, toNamespacedPath, win32 } = windows;
export default windows;
