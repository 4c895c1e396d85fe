// node:fs/promises for crosstalk: workerd's promise API over its virtual file system
// (host/web/node_fs.js, host/node_fs.rs). It hands node:stream's classes over for
// FileHandle's streams.
import { Readable, Writable, finished } from "node:stream";

const node = globalThis[Symbol.for("crosstalk.node")];
const m = node("node-fs");
m.useStreams({ Readable, Writable, finished });
const { promises } = m;

export const {
  FileHandle,
  access,
  appendFile,
  chmod,
  chown,
  constants,
  copyFile,
  cp,
  glob,
  lchmod,
  lchown,
  link,
  lstat,
  lutimes,
  mkdir,
  mkdtemp,
  open,
  opendir,
  readFile,
  readdir,
  readlink,
  realpath,
  rename,
  rm,
  rmdir,
  stat,
  statfs,
  symlink,
  truncate,
  unlink,
  utimes,
  watch,
  writeFile,
} = promises;

export default promises;
node("node-process").registerBuiltin("fs/promises", promises);
