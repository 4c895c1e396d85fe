// node:path/posix for crosstalk: node:path's POSIX functions (the same objects), as workerd
// provides the module.
import path from "node:path";

export const { basename, delimiter, dirname, extname, format, isAbsolute, join, matchesGlob } = path;
export const { normalize, parse, posix, relative, resolve, sep, toNamespacedPath, win32 } = path;
export default path;
