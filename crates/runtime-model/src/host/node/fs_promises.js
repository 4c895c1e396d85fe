// node:fs/promises for crosstalk: workerd's exports, so a library that imports the module loads;
// what crosstalk does not model throws an error that names it when used.
const notModelled = (name) => () => {
  throw new Error(`node:fs/promises ${name} is not modelled by crosstalk`);
};

export class FileHandle {
  constructor() {
    throw notModelled("FileHandle");
  }
}
export const access = notModelled("access");
export const appendFile = notModelled("appendFile");
export const chmod = notModelled("chmod");
export const chown = notModelled("chown");
export const constants = { COPYFILE_EXCL: notModelled("constants.COPYFILE_EXCL"), COPYFILE_FICLONE: notModelled("constants.COPYFILE_FICLONE"), COPYFILE_FICLONE_FORCE: notModelled("constants.COPYFILE_FICLONE_FORCE"), EXTENSIONLESS_FORMAT_JAVASCRIPT: notModelled("constants.EXTENSIONLESS_FORMAT_JAVASCRIPT"), EXTENSIONLESS_FORMAT_WASM: notModelled("constants.EXTENSIONLESS_FORMAT_WASM"), F_OK: notModelled("constants.F_OK"), O_APPEND: notModelled("constants.O_APPEND"), O_CREAT: notModelled("constants.O_CREAT"), O_DIRECT: notModelled("constants.O_DIRECT"), O_DIRECTORY: notModelled("constants.O_DIRECTORY"), O_DSYNC: notModelled("constants.O_DSYNC"), O_EXCL: notModelled("constants.O_EXCL"), O_NOATIME: notModelled("constants.O_NOATIME"), O_NOCTTY: notModelled("constants.O_NOCTTY"), O_NOFOLLOW: notModelled("constants.O_NOFOLLOW"), O_NONBLOCK: notModelled("constants.O_NONBLOCK"), O_RDONLY: notModelled("constants.O_RDONLY"), O_RDWR: notModelled("constants.O_RDWR"), O_SYNC: notModelled("constants.O_SYNC"), O_TRUNC: notModelled("constants.O_TRUNC"), O_WRONLY: notModelled("constants.O_WRONLY"), R_OK: notModelled("constants.R_OK"), S_IFBLK: notModelled("constants.S_IFBLK"), S_IFCHR: notModelled("constants.S_IFCHR"), S_IFDIR: notModelled("constants.S_IFDIR"), S_IFIFO: notModelled("constants.S_IFIFO"), S_IFLNK: notModelled("constants.S_IFLNK"), S_IFMT: notModelled("constants.S_IFMT"), S_IFREG: notModelled("constants.S_IFREG"), S_IFSOCK: notModelled("constants.S_IFSOCK"), S_IRGRP: notModelled("constants.S_IRGRP"), S_IROTH: notModelled("constants.S_IROTH"), S_IRUSR: notModelled("constants.S_IRUSR"), S_IRWXG: notModelled("constants.S_IRWXG"), S_IRWXO: notModelled("constants.S_IRWXO"), S_IRWXU: notModelled("constants.S_IRWXU"), S_IWGRP: notModelled("constants.S_IWGRP"), S_IWOTH: notModelled("constants.S_IWOTH"), S_IWUSR: notModelled("constants.S_IWUSR"), S_IXGRP: notModelled("constants.S_IXGRP"), S_IXOTH: notModelled("constants.S_IXOTH"), S_IXUSR: notModelled("constants.S_IXUSR"), UV_DIRENT_BLOCK: notModelled("constants.UV_DIRENT_BLOCK"), UV_DIRENT_CHAR: notModelled("constants.UV_DIRENT_CHAR"), UV_DIRENT_DIR: notModelled("constants.UV_DIRENT_DIR"), UV_DIRENT_FIFO: notModelled("constants.UV_DIRENT_FIFO"), UV_DIRENT_FILE: notModelled("constants.UV_DIRENT_FILE"), UV_DIRENT_LINK: notModelled("constants.UV_DIRENT_LINK"), UV_DIRENT_SOCKET: notModelled("constants.UV_DIRENT_SOCKET"), UV_DIRENT_UNKNOWN: notModelled("constants.UV_DIRENT_UNKNOWN"), UV_FS_COPYFILE_EXCL: notModelled("constants.UV_FS_COPYFILE_EXCL"), UV_FS_COPYFILE_FICLONE: notModelled("constants.UV_FS_COPYFILE_FICLONE"), UV_FS_COPYFILE_FICLONE_FORCE: notModelled("constants.UV_FS_COPYFILE_FICLONE_FORCE"), UV_FS_O_FILEMAP: notModelled("constants.UV_FS_O_FILEMAP"), UV_FS_SYMLINK_DIR: notModelled("constants.UV_FS_SYMLINK_DIR"), UV_FS_SYMLINK_JUNCTION: notModelled("constants.UV_FS_SYMLINK_JUNCTION"), W_OK: notModelled("constants.W_OK"), X_OK: notModelled("constants.X_OK") };
export const copyFile = notModelled("copyFile");
export const cp = notModelled("cp");
export const glob = notModelled("glob");
export const lchmod = notModelled("lchmod");
export const lchown = notModelled("lchown");
export const link = notModelled("link");
export const lstat = notModelled("lstat");
export const lutimes = notModelled("lutimes");
export const mkdir = notModelled("mkdir");
export const mkdtemp = notModelled("mkdtemp");
export const open = notModelled("open");
export const opendir = notModelled("opendir");
export const readFile = notModelled("readFile");
export const readdir = notModelled("readdir");
export const readlink = notModelled("readlink");
export const realpath = notModelled("realpath");
export const rename = notModelled("rename");
export const rm = notModelled("rm");
export const rmdir = notModelled("rmdir");
export const stat = notModelled("stat");
export const statfs = notModelled("statfs");
export const symlink = notModelled("symlink");
export const truncate = notModelled("truncate");
export const unlink = notModelled("unlink");
export const utimes = notModelled("utimes");
export const watch = notModelled("watch");
export const writeFile = notModelled("writeFile");
export default { FileHandle, access, appendFile, chmod, chown, constants, copyFile, cp, glob, lchmod, lchown, link, lstat, lutimes, mkdir, mkdtemp, open, opendir, readFile, readdir, readlink, realpath, rename, rm, rmdir, stat, statfs, symlink, truncate, unlink, utimes, watch, writeFile };
