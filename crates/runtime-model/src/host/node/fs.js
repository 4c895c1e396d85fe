// node:fs for crosstalk: workerd's node:fs over its virtual file system (/bundle, /tmp,
// /dev). The API lives in host/web/node_fs.js (and its tree in host/node_fs.rs); this
// module exports it and hands node:stream's classes over for the file streams.
import { Readable, Writable, finished } from "node:stream";

const node = globalThis[Symbol.for("crosstalk.node")];
const m = node("node-fs");

const streams = m.useStreams({ Readable, Writable, finished });

const { sync, callbacks } = m;
const promises = m.promisesNamespace;

export const { Dir, Dirent, Stats, constants } = m;
export const { F_OK, R_OK, W_OK, X_OK } = m.constants;
export const { ReadStream, WriteStream, createReadStream, createWriteStream } = streams;
export const FileReadStream = ReadStream;
export const FileWriteStream = WriteStream;
export { promises };
export const {
  access,
  appendFile,
  chmod,
  chown,
  close,
  copyFile,
  cp,
  exists,
  fchmod,
  fchown,
  fdatasync,
  fstat,
  fsync,
  ftruncate,
  futimes,
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
  read,
  readFile,
  readdir,
  readlink,
  readv,
  realpath,
  rename,
  rm,
  rmdir,
  stat,
  statfs,
  symlink,
  truncate,
  unlink,
  unwatchFile,
  utimes,
  watch,
  watchFile,
  write,
  writeFile,
  writev,
} = callbacks;
export const {
  accessSync,
  appendFileSync,
  chmodSync,
  chownSync,
  closeSync,
  copyFileSync,
  cpSync,
  existsSync,
  fchmodSync,
  fchownSync,
  fdatasyncSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  futimesSync,
  globSync,
  lchmodSync,
  lchownSync,
  linkSync,
  lstatSync,
  lutimesSync,
  mkdirSync,
  mkdtempSync,
  openAsBlob,
  openSync,
  opendirSync,
  readFileSync,
  readSync,
  readdirSync,
  readlinkSync,
  readvSync,
  realpathSync,
  renameSync,
  rmSync,
  rmdirSync,
  statSync,
  statfsSync,
  symlinkSync,
  truncateSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
  writeSync,
  writevSync,
} = sync;

const fs = {
  constants,
  F_OK,
  R_OK,
  W_OK,
  X_OK,
  promises,
  Dirent,
  Dir,
  Stats,
  ...callbacks,
  ...sync,
  WriteStream,
  ReadStream,
  FileWriteStream,
  FileReadStream,
  createReadStream,
  createWriteStream,
};
export default fs;
node("node-process").registerBuiltin("fs", fs);
