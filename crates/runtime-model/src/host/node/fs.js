// node:fs for crosstalk: workerd's exports, so a library that imports the module loads;
// what crosstalk does not model throws an error that names it when used.
const notModelled = (name) => () => {
  throw new Error(`node:fs ${name} is not modelled by crosstalk`);
};

export class Dir {
  constructor() {
    throw notModelled("Dir");
  }
}
export class Dirent {
  constructor() {
    throw notModelled("Dirent");
  }
}
export const F_OK = 0;
export const FileReadStream = notModelled("FileReadStream");
export const FileWriteStream = notModelled("FileWriteStream");
export const R_OK = 4;
export const ReadStream = notModelled("ReadStream");
export class Stats {
  constructor() {
    throw notModelled("Stats");
  }
}
export const W_OK = 2;
export const WriteStream = notModelled("WriteStream");
export const X_OK = 1;
export const access = notModelled("access");
export const accessSync = notModelled("accessSync");
export const appendFile = notModelled("appendFile");
export const appendFileSync = notModelled("appendFileSync");
export const chmod = notModelled("chmod");
export const chmodSync = notModelled("chmodSync");
export const chown = notModelled("chown");
export const chownSync = notModelled("chownSync");
export const close = notModelled("close");
export const closeSync = notModelled("closeSync");
export const constants = { COPYFILE_EXCL: notModelled("constants.COPYFILE_EXCL"), COPYFILE_FICLONE: notModelled("constants.COPYFILE_FICLONE"), COPYFILE_FICLONE_FORCE: notModelled("constants.COPYFILE_FICLONE_FORCE"), EXTENSIONLESS_FORMAT_JAVASCRIPT: notModelled("constants.EXTENSIONLESS_FORMAT_JAVASCRIPT"), EXTENSIONLESS_FORMAT_WASM: notModelled("constants.EXTENSIONLESS_FORMAT_WASM"), F_OK: notModelled("constants.F_OK"), O_APPEND: notModelled("constants.O_APPEND"), O_CREAT: notModelled("constants.O_CREAT"), O_DIRECT: notModelled("constants.O_DIRECT"), O_DIRECTORY: notModelled("constants.O_DIRECTORY"), O_DSYNC: notModelled("constants.O_DSYNC"), O_EXCL: notModelled("constants.O_EXCL"), O_NOATIME: notModelled("constants.O_NOATIME"), O_NOCTTY: notModelled("constants.O_NOCTTY"), O_NOFOLLOW: notModelled("constants.O_NOFOLLOW"), O_NONBLOCK: notModelled("constants.O_NONBLOCK"), O_RDONLY: notModelled("constants.O_RDONLY"), O_RDWR: notModelled("constants.O_RDWR"), O_SYNC: notModelled("constants.O_SYNC"), O_TRUNC: notModelled("constants.O_TRUNC"), O_WRONLY: notModelled("constants.O_WRONLY"), R_OK: notModelled("constants.R_OK"), S_IFBLK: notModelled("constants.S_IFBLK"), S_IFCHR: notModelled("constants.S_IFCHR"), S_IFDIR: notModelled("constants.S_IFDIR"), S_IFIFO: notModelled("constants.S_IFIFO"), S_IFLNK: notModelled("constants.S_IFLNK"), S_IFMT: notModelled("constants.S_IFMT"), S_IFREG: notModelled("constants.S_IFREG"), S_IFSOCK: notModelled("constants.S_IFSOCK"), S_IRGRP: notModelled("constants.S_IRGRP"), S_IROTH: notModelled("constants.S_IROTH"), S_IRUSR: notModelled("constants.S_IRUSR"), S_IRWXG: notModelled("constants.S_IRWXG"), S_IRWXO: notModelled("constants.S_IRWXO"), S_IRWXU: notModelled("constants.S_IRWXU"), S_IWGRP: notModelled("constants.S_IWGRP"), S_IWOTH: notModelled("constants.S_IWOTH"), S_IWUSR: notModelled("constants.S_IWUSR"), S_IXGRP: notModelled("constants.S_IXGRP"), S_IXOTH: notModelled("constants.S_IXOTH"), S_IXUSR: notModelled("constants.S_IXUSR"), UV_DIRENT_BLOCK: notModelled("constants.UV_DIRENT_BLOCK"), UV_DIRENT_CHAR: notModelled("constants.UV_DIRENT_CHAR"), UV_DIRENT_DIR: notModelled("constants.UV_DIRENT_DIR"), UV_DIRENT_FIFO: notModelled("constants.UV_DIRENT_FIFO"), UV_DIRENT_FILE: notModelled("constants.UV_DIRENT_FILE"), UV_DIRENT_LINK: notModelled("constants.UV_DIRENT_LINK"), UV_DIRENT_SOCKET: notModelled("constants.UV_DIRENT_SOCKET"), UV_DIRENT_UNKNOWN: notModelled("constants.UV_DIRENT_UNKNOWN"), UV_FS_COPYFILE_EXCL: notModelled("constants.UV_FS_COPYFILE_EXCL"), UV_FS_COPYFILE_FICLONE: notModelled("constants.UV_FS_COPYFILE_FICLONE"), UV_FS_COPYFILE_FICLONE_FORCE: notModelled("constants.UV_FS_COPYFILE_FICLONE_FORCE"), UV_FS_O_FILEMAP: notModelled("constants.UV_FS_O_FILEMAP"), UV_FS_SYMLINK_DIR: notModelled("constants.UV_FS_SYMLINK_DIR"), UV_FS_SYMLINK_JUNCTION: notModelled("constants.UV_FS_SYMLINK_JUNCTION"), W_OK: notModelled("constants.W_OK"), X_OK: notModelled("constants.X_OK") };
export const copyFile = notModelled("copyFile");
export const copyFileSync = notModelled("copyFileSync");
export const cp = notModelled("cp");
export const cpSync = notModelled("cpSync");
export const createReadStream = notModelled("createReadStream");
export const createWriteStream = notModelled("createWriteStream");
export const exists = notModelled("exists");
export const existsSync = notModelled("existsSync");
export const fchmod = notModelled("fchmod");
export const fchmodSync = notModelled("fchmodSync");
export const fchown = notModelled("fchown");
export const fchownSync = notModelled("fchownSync");
export const fdatasync = notModelled("fdatasync");
export const fdatasyncSync = notModelled("fdatasyncSync");
export const fstat = notModelled("fstat");
export const fstatSync = notModelled("fstatSync");
export const fsync = notModelled("fsync");
export const fsyncSync = notModelled("fsyncSync");
export const ftruncate = notModelled("ftruncate");
export const ftruncateSync = notModelled("ftruncateSync");
export const futimes = notModelled("futimes");
export const futimesSync = notModelled("futimesSync");
export const glob = notModelled("glob");
export const globSync = notModelled("globSync");
export const lchmod = notModelled("lchmod");
export const lchmodSync = notModelled("lchmodSync");
export const lchown = notModelled("lchown");
export const lchownSync = notModelled("lchownSync");
export const link = notModelled("link");
export const linkSync = notModelled("linkSync");
export const lstat = notModelled("lstat");
export const lstatSync = notModelled("lstatSync");
export const lutimes = notModelled("lutimes");
export const lutimesSync = notModelled("lutimesSync");
export const mkdir = notModelled("mkdir");
export const mkdirSync = notModelled("mkdirSync");
export const mkdtemp = notModelled("mkdtemp");
export const mkdtempSync = notModelled("mkdtempSync");
export const open = notModelled("open");
export const openAsBlob = notModelled("openAsBlob");
export const openSync = notModelled("openSync");
export const opendir = notModelled("opendir");
export const opendirSync = notModelled("opendirSync");
export const promises = { FileHandle: notModelled("promises.FileHandle"), access: notModelled("promises.access"), appendFile: notModelled("promises.appendFile"), chmod: notModelled("promises.chmod"), chown: notModelled("promises.chown"), constants: notModelled("promises.constants"), copyFile: notModelled("promises.copyFile"), cp: notModelled("promises.cp"), glob: notModelled("promises.glob"), lchmod: notModelled("promises.lchmod"), lchown: notModelled("promises.lchown"), link: notModelled("promises.link"), lstat: notModelled("promises.lstat"), lutimes: notModelled("promises.lutimes"), mkdir: notModelled("promises.mkdir"), mkdtemp: notModelled("promises.mkdtemp"), open: notModelled("promises.open"), opendir: notModelled("promises.opendir"), readFile: notModelled("promises.readFile"), readdir: notModelled("promises.readdir"), readlink: notModelled("promises.readlink"), realpath: notModelled("promises.realpath"), rename: notModelled("promises.rename"), rm: notModelled("promises.rm"), rmdir: notModelled("promises.rmdir"), stat: notModelled("promises.stat"), statfs: notModelled("promises.statfs"), symlink: notModelled("promises.symlink"), truncate: notModelled("promises.truncate"), unlink: notModelled("promises.unlink"), utimes: notModelled("promises.utimes"), watch: notModelled("promises.watch"), writeFile: notModelled("promises.writeFile") };
export const read = notModelled("read");
export const readFile = notModelled("readFile");
export const readFileSync = notModelled("readFileSync");
export const readSync = notModelled("readSync");
export const readdir = notModelled("readdir");
export const readdirSync = notModelled("readdirSync");
export const readlink = notModelled("readlink");
export const readlinkSync = notModelled("readlinkSync");
export const readv = notModelled("readv");
export const readvSync = notModelled("readvSync");
export const realpath = notModelled("realpath");
export const realpathSync = notModelled("realpathSync");
export const rename = notModelled("rename");
export const renameSync = notModelled("renameSync");
export const rm = notModelled("rm");
export const rmSync = notModelled("rmSync");
export const rmdir = notModelled("rmdir");
export const rmdirSync = notModelled("rmdirSync");
export const stat = notModelled("stat");
export const statSync = notModelled("statSync");
export const statfs = notModelled("statfs");
export const statfsSync = notModelled("statfsSync");
export const symlink = notModelled("symlink");
export const symlinkSync = notModelled("symlinkSync");
export const truncate = notModelled("truncate");
export const truncateSync = notModelled("truncateSync");
export const unlink = notModelled("unlink");
export const unlinkSync = notModelled("unlinkSync");
export const unwatchFile = notModelled("unwatchFile");
export const utimes = notModelled("utimes");
export const utimesSync = notModelled("utimesSync");
export const watch = notModelled("watch");
export const watchFile = notModelled("watchFile");
export const write = notModelled("write");
export const writeFile = notModelled("writeFile");
export const writeFileSync = notModelled("writeFileSync");
export const writeSync = notModelled("writeSync");
export const writev = notModelled("writev");
export const writevSync = notModelled("writevSync");
export default { Dir, Dirent, F_OK, FileReadStream, FileWriteStream, R_OK, ReadStream, Stats, W_OK, WriteStream, X_OK, access, accessSync, appendFile, appendFileSync, chmod, chmodSync, chown, chownSync, close, closeSync, constants, copyFile, copyFileSync, cp, cpSync, createReadStream, createWriteStream, exists, existsSync, fchmod, fchmodSync, fchown, fchownSync, fdatasync, fdatasyncSync, fstat, fstatSync, fsync, fsyncSync, ftruncate, ftruncateSync, futimes, futimesSync, glob, globSync, lchmod, lchmodSync, lchown, lchownSync, link, linkSync, lstat, lstatSync, lutimes, lutimesSync, mkdir, mkdirSync, mkdtemp, mkdtempSync, open, openAsBlob, openSync, opendir, opendirSync, promises, read, readFile, readFileSync, readSync, readdir, readdirSync, readlink, readlinkSync, readv, readvSync, realpath, realpathSync, rename, renameSync, rm, rmSync, rmdir, rmdirSync, stat, statSync, statfs, statfsSync, symlink, symlinkSync, truncate, truncateSync, unlink, unlinkSync, unwatchFile, utimes, utimesSync, watch, watchFile, write, writeFile, writeFileSync, writeSync, writev, writevSync };
