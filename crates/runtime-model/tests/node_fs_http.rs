//! node:fs and node:fs/promises over workerd's virtual file system (/bundle, /tmp, /dev),
//! and node:http's client over fetch. Every expected value is workerd 1.20261117's output
//! for the same worker.

mod common;

use common::*;
use crosstalk_runtime::{MemorySource, Model, MsRange, OriginSpec, RequestSpec, Syntax};

/// A module worker with `nodejs_compat`'s `Buffer` and `process` globals.
fn module_model(script: &str) -> Model {
    let mut model = Model::new("m", Syntax::Module, MemorySource::single("worker.mjs", script));
    model.node_globals = true;
    model
}

/// The sync API over the virtual tree: /tmp, /dev, stats (epoch times, modes), mkdir (recursive),
/// rm, unlink, open/read/close, mkdtemp, symlinks, rename, readdir with file types, and the
/// native errors (message, `code`, `syscall`, `path`, own keys) and JS-layer ones as workerd
/// builds them.
/// Expected: workerd 1.20261117 on the same worker.
#[test]
fn node_fs_sync_tree_errors_and_descriptors_match_workerd() {
    let model = module_model(r#"import fs from "node:fs";
const out = [];
function t(name, f) {
  try { const v = f(); out.push([name, "ok", v === undefined ? "undefined" : JSON.parse(JSON.stringify(v, (k, x) => typeof x === "bigint" ? x + "n" : x))]); }
  catch (e) { out.push([name, "err", e.name, e.code, e.message, e.syscall, e.path, e.errno, Object.keys(e), String(e)]); }
}
let top = [];
try { fs.writeFileSync("/tmp/top.txt", "hi"); top.push(fs.readdirSync("/tmp")); } catch (e) { top.push(String(e)); }
export default { async fetch(request) {
  out.length = 0;
  t("top", () => top);
  t("cwd", () => process.cwd());
  t("root", () => fs.readdirSync("/"));
  t("dev", () => fs.readdirSync("/dev"));
  t("tmp0", () => fs.readdirSync("/tmp"));
  t("write", () => fs.writeFileSync("/tmp/a.txt", "hello"));
  t("write sp", () => fs.writeFileSync("/tmp/a b.txt", "hello"));
  t("tmp1", () => fs.readdirSync("/tmp"));
  t("read", () => fs.readFileSync("/tmp/a.txt", "utf8"));
  t("enoent", () => fs.readFileSync("/tmp/nope.txt"));
  t("enoent2", () => fs.readFileSync("/nope/x.txt"));
  t("statno", () => fs.statSync("/tmp/nope"));
  t("stat", () => fs.statSync("/tmp/a.txt"));
  t("statdir", () => fs.statSync("/tmp"));
  t("statdev", () => fs.statSync("/dev/null"));
  t("eisdir", () => fs.readFileSync("/tmp"));
  t("bundlewrite", () => fs.writeFileSync("/bundle/worker.mjs", "x"));
  t("bundlenew", () => fs.writeFileSync("/bundle/new.mjs", "x"));
  t("mkdir", () => fs.mkdirSync("/tmp/d/e"));
  t("mkdirr", () => fs.mkdirSync("/tmp/d/e/f", {recursive: true}));
  t("mkdirr2", () => fs.mkdirSync("/tmp/d/e/f", {recursive: true}));
  t("mkdirex", () => fs.mkdirSync("/tmp/a.txt"));
  t("mkdirslash", () => fs.mkdirSync("/tmp/q/"));
  t("rmdir", () => fs.rmdirSync("/tmp/d"));
  t("unlinkdir", () => fs.unlinkSync("/tmp/d"));
  t("unlinkno", () => fs.unlinkSync("/tmp/zz"));
  t("open", () => fs.openSync("/tmp/a.txt", "r"));
  t("open2", () => fs.openSync("/tmp/c.txt", "w"));
  t("closebad", () => fs.closeSync(99));
  t("fstatbad", () => fs.fstatSync(99));
  t("readbad", () => fs.readSync(99, Buffer.alloc(3)));
  t("devrandom", () => fs.readFileSync("/dev/random").length);
  t("rand", () => { const fd = fs.openSync("/dev/zero"); const b = Buffer.alloc(4, 1); const n = fs.readSync(fd, b); return [n, [...b]]; });
  t("full", () => fs.writeFileSync("/dev/full", "x"));
  t("mkdtemp", () => fs.mkdtempSync("/tmp/foo-"));
  t("mkdtemp2", () => fs.mkdtempSync("/tmp/foo-"));
  t("symlink", () => fs.symlinkSync("/tmp/a.txt", "/tmp/ln"));
  t("readlink", () => fs.readlinkSync("/tmp/ln"));
  t("lstat", () => fs.lstatSync("/tmp/ln").isSymbolicLink());
  t("realpath", () => fs.realpathSync("/tmp/ln"));
  t("rename", () => fs.renameSync("/tmp/a.txt", "/tmp/b.txt"));
  t("tmp2", () => fs.readdirSync("/tmp", {withFileTypes: true}).map(d => [d.name, d.parentPath, d.isFile(), d.isDirectory(), d.isSymbolicLink()]));
  t("access", () => fs.accessSync("/bundle/worker.mjs", fs.constants.W_OK));
  t("exists", () => [fs.existsSync("/tmp/b.txt"), fs.existsSync("/tmp/ln")]);
  return new Response(JSON.stringify(out, null, 0).replaceAll('],["', '],\n["'));
} };
"#)
    .with_requests("https://x.example/", MsRange::fixed(0), 1);
    assert_answers_line_by_line(
        &model,
        r#"[["top","ok",[["top.txt"]]],
["cwd","ok","/bundle"],
["root","ok",["bundle","tmp","dev"]],
["dev","ok",["null","zero","full","random"]],
["tmp0","ok",[]],
["write","ok",5],
["write sp","ok",5],
["tmp1","ok",["a.txt","a%20b.txt"]],
["read","ok","hello"],
["enoent","err","Error","ENOENT","no such file or directory, readAll '/tmp/nope.txt'","readAll","/tmp/nope.txt",null,["syscall","code","path"],"Error: no such file or directory, readAll '/tmp/nope.txt'"],
["enoent2","err","Error","ENOENT","no such file or directory, readAll '/nope/x.txt'","readAll","/nope/x.txt",null,["syscall","code","path"],"Error: no such file or directory, readAll '/nope/x.txt'"],
["statno","err","Error","ENOENT","no such file or directory, stat '/tmp/nope'","stat","/tmp/nope",-2,["code","name","syscall","errno","path"],"Error [ENOENT]: no such file or directory, stat '/tmp/nope'"],
["stat","ok",{"dev":0,"ino":0,"mode":33206,"nlink":1,"uid":0,"gid":0,"rdev":0,"size":5,"blksize":0,"blocks":0,"atimeMs":0,"mtimeMs":0,"ctimeMs":0,"birthtimeMs":0,"atime":"1970-01-01T00:00:00.000Z","mtime":"1970-01-01T00:00:00.000Z","ctime":"1970-01-01T00:00:00.000Z","birthtime":"1970-01-01T00:00:00.000Z"}],
["statdir","ok",{"dev":0,"ino":0,"mode":16822,"nlink":1,"uid":0,"gid":0,"rdev":0,"size":0,"blksize":0,"blocks":0,"atimeMs":0,"mtimeMs":0,"ctimeMs":0,"birthtimeMs":0,"atime":"1970-01-01T00:00:00.000Z","mtime":"1970-01-01T00:00:00.000Z","ctime":"1970-01-01T00:00:00.000Z","birthtime":"1970-01-01T00:00:00.000Z"}],
["statdev","ok",{"dev":1,"ino":0,"mode":8630,"nlink":1,"uid":0,"gid":0,"rdev":0,"size":0,"blksize":0,"blocks":0,"atimeMs":0,"mtimeMs":0,"ctimeMs":0,"birthtimeMs":0,"atime":"1970-01-01T00:00:00.000Z","mtime":"1970-01-01T00:00:00.000Z","ctime":"1970-01-01T00:00:00.000Z","birthtime":"1970-01-01T00:00:00.000Z"}],
["eisdir","err","Error","EISDIR","illegal operation on a directory","readAll",null,null,["syscall","code"],"Error: illegal operation on a directory"],
["bundlewrite","err","Error","EPERM","operation not permitted","writeAll",null,null,["syscall","code"],"Error: operation not permitted"],
["bundlenew","err","Error","EPERM","operation not permitted","writeAll",null,null,["syscall","code"],"Error: operation not permitted"],
["mkdir","err","Error","ENOENT","no such file or directory, mkdir 'e'","mkdir","e",null,["syscall","code","path"],"Error: no such file or directory, mkdir 'e'"],
["mkdirr","ok","/tmp/d"],
["mkdirr2","ok","undefined"],
["mkdirex","err","Error","EEXIST","file already exists","mkdir",null,null,["syscall","code"],"Error: file already exists"],
["mkdirslash","err","Error","ENOENT","no such file or directory","mkdir",null,null,["syscall","code"],"Error: no such file or directory"],
["rmdir","err","Error","ENOTEMPTY","directory not empty, rm 'd'","rm","d",null,["syscall","code","path"],"Error: directory not empty, rm 'd'"],
["unlinkdir","err","Error","EISDIR","Cannot unlink a directory","unlink",null,null,["syscall","code"],"Error: Cannot unlink a directory"],
["unlinkno","err","Error","ENOENT","File not found","unlink","zz",null,["syscall","code","path"],"Error: File not found"],
["open","ok",3],
["open2","ok",4],
["closebad","ok","undefined"],
["fstatbad","err","Error","EBADF","bad file descriptor","fstat",null,null,["syscall","code"],"Error: bad file descriptor"],
["readbad","err","Error","EBADF","bad file descriptor","read",null,null,["syscall","code"],"Error: bad file descriptor"],
["devrandom","ok",0],
["rand","ok",[4,[0,0,0,0]]],
["full","err","Error","EPERM","operation not permitted","writeAll",null,null,["syscall","code"],"Error: operation not permitted"],
["mkdtemp","ok","/tmp/foo-0"],
["mkdtemp2","ok","/tmp/foo-1"],
["symlink","ok","undefined"],
["readlink","ok","/tmp/a.txt"],
["lstat","ok",true],
["realpath","ok","/tmp/a.txt"],
["rename","ok","undefined"],
["tmp2","ok",[["b.txt","/tmp",true,false,false],
["a%20b.txt","/tmp",true,false,false],
["d","/tmp",false,true,false],
["c.txt","/tmp",true,false,false],
["foo-0","/tmp",false,true,false],
["foo-1","/tmp",false,true,false],
["ln","/tmp",false,false,true]]],
["access","err","Error","ENOENT","no such file or directory, access '/bundle/worker.mjs'","access","/bundle/worker.mjs",-2,["code","name","syscall","errno","path"],"Error [ENOENT]: no such file or directory, access '/bundle/worker.mjs'"],
["exists","ok",[true,false]]]"#,
    );
}

/// Positions, append and truncate on fds, copies, renames, removals, symbolic and hard links
/// (loops, dangling targets), utimes, access modes, devices, cp, and argument validation.
/// Expected: workerd 1.20261117 on the same worker.
#[test]
fn node_fs_sync_files_links_copies_and_validation_match_workerd() {
    let model = module_model(r#"import fs from "node:fs";
const out = [];
const ser = (v) => JSON.parse(JSON.stringify(v === undefined ? "undefined" : v, (k, x) => typeof x === "bigint" ? x + "n" : x instanceof Uint8Array ? "bytes:" + Array.from(x).join(",") : x));
function t(name, f) {
  try { out.push([name, "ok", ser(f())]); }
  catch (e) { out.push([name, "err", e?.name, e?.code, e?.message, e?.syscall, e?.path, e?.errno, Object.keys(e ?? {})]); }
}
export default { async fetch(request) {
  t("write", () => fs.writeFileSync("/tmp/f.txt", "0123456789"));
  t("open r missing", () => fs.openSync("/tmp/missing.txt", "r"));
  t("after open r missing", () => fs.readdirSync("/tmp"));
  t("open r nested missing", () => fs.openSync("/tmp/nd/x.txt", "r"));
  t("after nested", () => fs.readdirSync("/tmp", {recursive: true}));
  t("open wx exists", () => fs.openSync("/tmp/f.txt", "wx"));
  t("open bundle w", () => fs.openSync("/bundle/worker.mjs", "w"));
  t("open root new", () => fs.openSync("/newfile", "w"));
  t("open through file", () => fs.openSync("/tmp/f.txt/x", "r"));
  t("open dir w", () => fs.openSync("/tmp", "w"));
  t("open dir r", () => { const fd = fs.openSync("/tmp", "r"); return [fd, fs.fstatSync(fd).isDirectory()]; });
  t("fd rw", () => {
    const fd = fs.openSync("/tmp/f.txt", "r+");
    const b = Buffer.alloc(4);
    const r1 = fs.readSync(fd, b); const s1 = b.toString();
    const w = fs.writeSync(fd, "AB");
    const r2 = fs.readSync(fd, b, 0, 4, 0); const s2 = b.toString();
    const w2 = fs.writeSync(fd, "ZZ", 20);
    const all = fs.readFileSync("/tmp/f.txt");
    fs.closeSync(fd);
    return [r1, s1, w, r2, s2, w2, all];
  });
  t("fd append", () => {
    const fd = fs.openSync("/tmp/g.txt", "a");
    fs.writeSync(fd, "one");
    fs.writeSync(fd, "two", 0);
    const r = fs.readFileSync("/tmp/g.txt", "utf8");
    let e; try { fs.readSync(fd, Buffer.alloc(2)); } catch (x) { e = [x.code, x.message, x.syscall]; }
    fs.closeSync(fd);
    return [r, e];
  });
  t("readFile fd", () => { const fd = fs.openSync("/tmp/f.txt"); const a = fs.readFileSync(fd, "utf8"); const b = fs.readSync(fd, Buffer.alloc(3)); return [a, b]; });
  t("writeFile fd", () => { const fd = fs.openSync("/tmp/h.txt", "w"); fs.writeFileSync(fd, "hello"); fs.writeFileSync(fd, "xy"); return fs.readFileSync("/tmp/h.txt", "utf8"); });
  t("writeFile fd r", () => { const fd = fs.openSync("/tmp/h.txt", "r"); return fs.writeFileSync(fd, "hello"); });
  t("write fd r", () => { const fd = fs.openSync("/tmp/h.txt", "r"); return [fs.writeSync(fd, "QQ"), fs.readFileSync("/tmp/h.txt", "utf8")]; });
  t("truncate", () => { fs.truncateSync("/tmp/f.txt", 3); return fs.readFileSync("/tmp/f.txt", "utf8"); });
  t("truncate grow", () => { fs.truncateSync("/tmp/f.txt", 5); return fs.readFileSync("/tmp/f.txt"); });
  t("truncate dir", () => fs.truncateSync("/tmp", 5));
  t("truncate missing", () => fs.truncateSync("/tmp/zz", 5));
  t("ftruncate", () => { const fd = fs.openSync("/tmp/f.txt", "r+"); fs.ftruncateSync(fd); return fs.statSync("/tmp/f.txt").size; });
  t("copyFile", () => { fs.writeFileSync("/tmp/c1", "copy"); fs.copyFileSync("/tmp/c1", "/tmp/c2"); return fs.readFileSync("/tmp/c2", "utf8"); });
  t("copyFile excl", () => fs.copyFileSync("/tmp/c1", "/tmp/c2", fs.constants.COPYFILE_EXCL));
  t("copyFile exists", () => fs.copyFileSync("/tmp/c1", "/tmp/c2"));
  t("copyFile missing", () => fs.copyFileSync("/tmp/nope", "/tmp/c3"));
  t("copyFile dir", () => fs.copyFileSync("/tmp", "/tmp/c4"));
  t("copyFile bad mode", () => fs.copyFileSync("/tmp/c1", "/tmp/c5", 9));
  t("rename dir", () => { fs.mkdirSync("/tmp/d1/d2", {recursive: true}); fs.writeFileSync("/tmp/d1/d2/x", "x"); fs.renameSync("/tmp/d1", "/tmp/d3"); return fs.readdirSync("/tmp/d3", {recursive: true}); });
  t("rename exists", () => fs.renameSync("/tmp/c1", "/tmp/c2"));
  t("rename missing", () => fs.renameSync("/tmp/nope", "/tmp/c9"));
  t("rename bundle", () => fs.renameSync("/bundle/worker.mjs", "/tmp/w.mjs"));
  t("rename into missing dir", () => fs.renameSync("/tmp/c1", "/tmp/nodir/c1"));
  t("rm file", () => fs.rmSync("/tmp/c2"));
  t("rm missing", () => fs.rmSync("/tmp/c2"));
  t("rm missing force", () => fs.rmSync("/tmp/c2", {force: true}));
  t("rm dir", () => fs.rmSync("/tmp/d3"));
  t("rm dir rec", () => fs.rmSync("/tmp/d3", {recursive: true}));
  t("rmdir file", () => fs.rmdirSync("/tmp/f.txt"));
  t("rm bundle", () => fs.rmSync("/bundle/worker.mjs"));
  t("rm tmp", () => fs.rmSync("/tmp", {recursive: true}));
  t("symlink loop", () => { fs.symlinkSync("/tmp/l2", "/tmp/l1"); fs.symlinkSync("/tmp/l1", "/tmp/l2"); return fs.statSync("/tmp/l1"); });
  t("lstat loop", () => fs.lstatSync("/tmp/l1").isSymbolicLink());
  t("read loop", () => fs.readFileSync("/tmp/l1"));
  t("dangling", () => { fs.symlinkSync("/tmp/nothing", "/tmp/dl"); return [fs.existsSync("/tmp/dl"), fs.lstatSync("/tmp/dl").isSymbolicLink()]; });
  t("unlink dangling", () => fs.unlinkSync("/tmp/dl"));
  t("symlink exists", () => fs.symlinkSync("/tmp/x", "/tmp/f.txt"));
  t("symlink dir", () => { fs.mkdirSync("/tmp/sd"); fs.writeFileSync("/tmp/sd/in", "in"); fs.symlinkSync("/tmp/sd", "/tmp/sl"); return [fs.readFileSync("/tmp/sl/in", "utf8"), fs.readdirSync("/tmp/sl"), fs.realpathSync("/tmp/sl/in"), fs.lstatSync("/tmp/sl/in").isFile()]; });
  t("readdir link", () => fs.readdirSync("/tmp/sl", {withFileTypes: true}).length);
  t("unlink link dir", () => fs.unlinkSync("/tmp/sl"));
  t("hard link", () => { fs.linkSync("/tmp/sd/in", "/tmp/hl"); fs.writeFileSync("/tmp/hl", "changed"); return fs.readFileSync("/tmp/sd/in", "utf8"); });
  t("link dir", () => fs.linkSync("/tmp/sd", "/tmp/hl2"));
  t("link missing", () => fs.linkSync("/tmp/nope", "/tmp/hl3"));
  t("link exists", () => fs.linkSync("/tmp/sd/in", "/tmp/hl"));
  t("link no parent", () => fs.linkSync("/tmp/sd/in", "/tmp/np/hl"));
  t("readlink notlink", () => fs.readlinkSync("/tmp/hl"));
  t("readlink missing", () => fs.readlinkSync("/tmp/none"));
  t("realpath missing", () => fs.realpathSync("/tmp/none"));
  t("utimes", () => { fs.utimesSync("/tmp/hl", 1000, new Date(1700000000123)); const s = fs.statSync("/tmp/hl"); const b = fs.statSync("/tmp/hl", {bigint: true}); return [s.mtimeMs, s.atimeMs, s.ctimeMs, s.mtime, b.mtimeNs, b.mtimeMs]; });
  t("utimes missing", () => fs.utimesSync("/tmp/zz", 1, 2));
  t("utimes random", () => fs.utimesSync("/dev/random", 1, 2));
  t("stat keys", () => Object.keys(fs.statSync("/tmp")));
  t("dirent keys", () => Object.keys(fs.readdirSync("/tmp", {withFileTypes: true})[0]));
  t("access", () => [fs.accessSync("/tmp"), fs.accessSync("/dev/null", fs.constants.W_OK)]);
  t("access X", () => fs.accessSync("/tmp", fs.constants.X_OK));
  t("access bad", () => fs.accessSync("/tmp", 8));
  t("readdir recursive", () => fs.readdirSync("/", {recursive: true}).filter(x => !x.startsWith("tmp")));
  t("readdir file", () => fs.readdirSync("/tmp/hl"));
  t("readdir missing", () => fs.readdirSync("/tmp/none"));
  t("readdir buffer", () => fs.readdirSync("/dev", "buffer").map(b => Buffer.isBuffer(b)));
  t("rand", () => { const fd = fs.openSync("/dev/random"); const b = Buffer.alloc(8); return [fs.readSync(fd, b), b.some(x => x !== 0)]; });
  t("null", () => [fs.writeFileSync("/dev/null", "abc"), fs.readFileSync("/dev/null").length, fs.appendFileSync("/dev/null", "x")]);
  t("full fd", () => { const fd = fs.openSync("/dev/full", "w"); return fs.writeSync(fd, "x"); });
  t("mkdtemp bad", () => fs.mkdtempSync("/nope/x-"));
  t("mkdtemp bundle", () => fs.mkdtempSync("/bundle/x-"));
  t("mkdir bundle", () => fs.mkdirSync("/bundle/x"));
  t("mkdir bundle rec", () => fs.mkdirSync("/bundle/x/y", {recursive: true}));
  t("mkdir root", () => fs.mkdirSync("/x"));
  t("mkdir file rec", () => fs.mkdirSync("/tmp/hl/y", {recursive: true}));
  t("mkdir exists dir", () => fs.mkdirSync("/tmp/sd"));
  t("relative", () => { try { fs.writeFileSync("rel.txt", "r"); } catch (e) { return [e.code, e.message]; } });
  t("validate", () => fs.readFileSync(123n));
  t("validate2", () => fs.readFileSync("/tmp/hl", {encoding: "nope"}));
  t("validate3", () => fs.openSync("/tmp/hl", "zz"));
  t("validate4", () => fs.readSync(-1, Buffer.alloc(1)));
  t("validate5", () => fs.writeSync(3, {}));
  t("validate6", () => fs.mkdirSync("/tmp/q", {recursive: 1}));
  t("validate7", () => fs.statSync("/tmp", {bigint: 1}));
  t("validate8", () => fs.readFileSync("/tmp/a\0b"));
  t("validate9", () => fs.writeSync(3, Buffer.alloc(2), 0, 5));
  t("statfs", () => fs.statfsSync("/"));
  t("openAsBlob", () => fs.openAsBlob("/tmp/hl").size);
  t("watch", () => fs.watch());
  t("cp", () => { fs.cpSync("/tmp/sd", "/tmp/sd2", {recursive: true}); return fs.readdirSync("/tmp/sd2"); });
  t("cp norec", () => fs.cpSync("/tmp/sd", "/tmp/sd3"));
  t("cp same", () => fs.cpSync("/tmp/sd", "/tmp/sd"));
  t("cp sub", () => fs.cpSync("/tmp/sd", "/tmp/sd/sub", {recursive: true}));
  t("cp file", () => { fs.cpSync("/tmp/hl", "/tmp/new/deep/file"); return fs.readFileSync("/tmp/new/deep/file", "utf8"); });
  t("cp exist err", () => fs.cpSync("/tmp/hl", "/tmp/new/deep/file", {force: false, errorOnExist: true}));
  t("cp file to dir", () => fs.cpSync("/tmp/hl", "/tmp/sd"));
  t("cp dir to file", () => fs.cpSync("/tmp/sd", "/tmp/hl", {recursive: true}));
  t("cp missing", () => fs.cpSync("/tmp/none", "/tmp/x"));
  t("tmp final", () => fs.readdirSync("/tmp"));
  return new Response(JSON.stringify(out, null, 0).replaceAll('],["', '],\n["'));
} };
"#)
    .with_requests("https://x.example/", MsRange::fixed(0), 1);
    assert_answers_line_by_line(
        &model,
        r#"[["write","ok",10],
["open r missing","err","Error","ENOENT","no such file or directory, open '/tmp/missing.txt'","open","/tmp/missing.txt",null,["syscall","code","path"]],
["after open r missing","ok",["f.txt"]],
["open r nested missing","err","Error","ENOENT","no such file or directory, open '/tmp/nd/x.txt'","open","/tmp/nd/x.txt",null,["syscall","code","path"]],
["after nested","ok",["tmp/f.txt"]],
["open wx exists","err","Error","EEXIST","file already exists, open '/tmp/f.txt'","open","/tmp/f.txt",null,["syscall","code","path"]],
["open bundle w","err","Error","EPERM","operation not permitted, open '/bundle/worker.mjs'","open","/bundle/worker.mjs",null,["syscall","code","path"]],
["open root new","err","Error","EPERM","operation not permitted, open '/newfile'","open","/newfile",null,["syscall","code","path"]],
["open through file","err","Error","ENOTDIR","not a directory, open '/tmp/f.txt/x'","open","/tmp/f.txt/x",null,["syscall","code","path"]],
["open dir w","err","Error","EISDIR","illegal operation on a directory, open '/tmp'","open","/tmp",null,["syscall","code","path"]],
["open dir r","ok",[3,true]],
["fd rw","ok",[4,"0123",2,4,"0123",2,{"type":"Buffer","data":[48,49,50,51,65,66,54,55,56,57,0,0,0,0,0,0,0,0,0,0,90,90]}]],
["fd append","ok",["onetwo",["EBADF","bad file descriptor","read"]]],
["readFile fd","ok",["0123AB6789\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000ZZ",0]],
["writeFile fd","ok","xy"],
["writeFile fd r","err","Error","EBADF","bad file descriptor","fwrite",null,null,["syscall","code"]],
["write fd r","ok",[2,"QQ"]],
["truncate","ok","012"],
["truncate grow","ok",{"type":"Buffer","data":[48,49,50,0,0]}],
["truncate dir","err","Error","EISDIR","illegal operation on a directory","ftruncate",null,null,["syscall","code"]],
["truncate missing","err","Error","ENOENT","no such file or directory, ftruncate '/tmp/zz'","ftruncate","/tmp/zz",null,["syscall","code","path"]],
["ftruncate","ok",0],
["copyFile","ok","copy"],
["copyFile excl","err","Error","EEXIST","file already exists, copyFile '/tmp/c2'","copyFile","/tmp/c2",-17,["code","name","syscall","errno","path"]],
["copyFile exists","ok","undefined"],
["copyFile missing","err","Error","ENOENT","no such file or directory, copy '/tmp/nope'","copy","/tmp/nope",null,["syscall","code","path"]],
["copyFile dir","err","Error","EISDIR","illegal operation on a directory","copy",null,null,["syscall","code"]],
["copyFile bad mode","err","TypeError","ERR_INVALID_ARG_VALUE","The argument 'mode' must be one of: 0, 1, 4, 2. Received 9",null,null,null,["code","name","toString"]],
["rename dir","ok",["tmp/d3/d2","tmp/d3/d2/x"]],
["rename exists","ok","undefined"],
["rename missing","err","Error","ENOENT","no such file or directory, rename '/tmp/nope'","rename","/tmp/nope",null,["syscall","code","path"]],
["rename bundle","err","Error","EPERM","operation not permitted","rename",null,null,["syscall","code"]],
["rename into missing dir","err","Error","ENOENT","no such file or directory, rename 'c1'","rename","c1",null,["syscall","code","path"]],
["rm file","ok","undefined"],
["rm missing","ok","undefined"],
["rm missing force","ok","undefined"],
["rm dir","err","Error","ENOTEMPTY","directory not empty, rm 'd3'","rm","d3",null,["syscall","code","path"]],
["rm dir rec","ok","undefined"],
["rmdir file","err","Error","ENOTDIR","not a directory","rm",null,null,["syscall","code"]],
["rm bundle","err","Error","EPERM","operation not permitted","rm",null,null,["syscall","code"]],
["rm tmp","err","Error","EPERM","operation not permitted","rm",null,null,["syscall","code"]],
["symlink loop","err","Error","ELOOP","symlink depth exceeded","stat",null,null,["syscall","code"]],
["lstat loop","ok",true],
["read loop","err","Error","ELOOP","symlink depth exceeded","readAll",null,null,["syscall","code"]],
["dangling","ok",[false,true]],
["unlink dangling","err","Error","ENOENT","File not found","unlink","dl",null,["syscall","code","path"]],
["symlink exists","err","Error","EEXIST","File already exists","link",null,null,["syscall","code"]],
["symlink dir","err","Error","EINVAL","invalid argument, readdir '/tmp/sl'","readdir","/tmp/sl",null,["syscall","code","path"]],
["readdir link","err","Error","EINVAL","invalid argument, readdir '/tmp/sl'","readdir","/tmp/sl",null,["syscall","code","path"]],
["unlink link dir","err","Error","EISDIR","Cannot unlink a directory","unlink",null,null,["syscall","code"]],
["hard link","ok","changed"],
["link dir","err","Error","EPERM","Cannot hardlink to a directory","link",null,null,["syscall","code"]],
["link missing","err","Error","ENOENT","File not found","link","/tmp/nope",null,["syscall","code","path"]],
["link exists","err","Error","EEXIST","File already exists","link",null,null,["syscall","code"]],
["link no parent","err","Error","ENOENT","Directory does not exist","link","/tmp/sd/in",null,["syscall","code","path"]],
["readlink notlink","err","Error","EINVAL","invalid argument","readlink",null,null,["syscall","code"]],
["readlink missing","err","Error","ENOENT","no such file or directory, readlink '/tmp/none'","readlink","/tmp/none",null,["syscall","code","path"]],
["realpath missing","err","Error","ENOENT","no such file or directory, readlink '/tmp/none'","readlink","/tmp/none",null,["syscall","code","path"]],
["utimes","ok",[1700000000123,0,1700000000123,"2023-11-14T22:13:20.123Z","1700000000123000000n","1700000000123n"]],
["utimes missing","err","Error","ENOENT","no such file or directory, utimes '/tmp/zz'","utimes","/tmp/zz",null,["syscall","code","path"]],
["utimes random","err","Error","EPERM","operation not permitted","futimes",null,null,["syscall","code"]],
["stat keys","ok",["dev","ino","mode","nlink","uid","gid","rdev","size","blksize","blocks","atimeMs","mtimeMs","ctimeMs","birthtimeMs","atimeNs","mtimeNs","ctimeNs","birthtimeNs","atime","mtime","ctime","birthtime"]],
["dirent keys","ok",["name","parentPath"]],
["access","ok",[null,null]],
["access X","err","Error","ENOENT","no such file or directory, access '/tmp'","access","/tmp",-2,["code","name","syscall","errno","path"]],
["access bad","err","RangeError","ERR_OUT_OF_RANGE","The value of \"mode\" is out of range. It must be >= 0 && <= 7. Received 8",null,null,null,["code","name"]],
["readdir recursive","err","Error","ELOOP","symlink depth exceeded","readdir",null,null,["syscall","code"]],
["readdir file","err","Error","ENOTDIR","not a directory, readdir '/tmp/hl'","readdir","/tmp/hl",null,["syscall","code","path"]],
["readdir missing","err","Error","ENOENT","no such file or directory, readdir '/tmp/none'","readdir","/tmp/none",null,["syscall","code","path"]],
["readdir buffer","ok",[true,true,true,true]],
["rand","ok",[8,true]],
["null","ok",[3,0,1]],
["full fd","err","Error","EPERM","operation not permitted","write",null,null,["syscall","code"]],
["mkdtemp bad","err","Error","ENOENT","no such file or directory, mkdir 'x-'","mkdir","x-",null,["syscall","code","path"]],
["mkdtemp bundle","err","Error","EPERM","operation not permitted","mkdir",null,null,["syscall","code"]],
["mkdir bundle","err","Error","EPERM","operation not permitted","mkdir",null,null,["syscall","code"]],
["mkdir bundle rec","err","Error","EPERM","operation not permitted","mkdir",null,null,["syscall","code"]],
["mkdir root","err","Error","EPERM","operation not permitted","mkdir",null,null,["syscall","code"]],
["mkdir file rec","err","Error","ENOTDIR","not a directory","mkdir",null,null,["syscall","code"]],
["mkdir exists dir","ok","undefined"],
["relative","ok",["EPERM","operation not permitted"]],
["validate","err","TypeError","ERR_INVALID_ARG_TYPE","The \"path\" argument must be of type string or an instance of Buffer or URL. Received type bigint (123n)",null,null,null,["code","name","toString"]],
["validate2","err","TypeError","ERR_INVALID_ARG_VALUE","The property 'options.encoding' is invalid. Received 'nope'",null,null,null,["code","name","toString"]],
["validate3","err","TypeError","ERR_INVALID_ARG_VALUE","The argument 'flags' is invalid. Received 'zz'",null,null,null,["code","name","toString"]],
["validate4","err","RangeError","ERR_OUT_OF_RANGE","The value of \"fd\" is out of range. It must be >= 0 && <= 2147483647. Received -1",null,null,null,["code","name"]],
["validate5","err","TypeError","ERR_INVALID_ARG_TYPE","The \"buffer\" argument must be of type string or an instance of Buffer, TypedArray, or DataView. Received an instance of Object",null,null,null,["code","name","toString"]],
["validate6","err","TypeError","ERR_INVALID_ARG_TYPE","The \"options.recursive\" property must be of type boolean. Received type number (1)",null,null,null,["code","name","toString"]],
["validate7","err","TypeError","ERR_INVALID_ARG_TYPE","The \"options.bigint\" property must be of type boolean. Received type number (1)",null,null,null,["code","name","toString"]],
["validate8","err","TypeError","ERR_INVALID_ARG_VALUE","The argument 'path' must not contain null bytes. Received '/tmp/a\\x00b'",null,null,null,["code","name","toString"]],
["validate9","err","RangeError","ERR_BUFFER_OUT_OF_BOUNDS","\"length\" is outside of buffer bounds",null,null,null,["code","name","toString"]],
["statfs","ok",{"type":0,"bsize":0,"blocks":0,"bfree":0,"bavail":0,"files":0,"ffree":0}],
["openAsBlob","ok",7],
["watch","err","Error","ERR_UNSUPPORTED_OPERATION","The requested operation is unsupported",null,null,null,["code","name"]],
["cp","ok",["in"]],
["cp norec","err","Error","ERR_FS_EISDIR","Expected a file but found a directory",null,null,null,["code"]],
["cp same","err","Error",null,"Source and destination paths must not be the same",null,null,null,[]],
["cp sub","err","Error","ERR_FS_CP_EINVAL","Cannot copy '/tmp/sd' to a subdirectory of itself, '/tmp/sd/sub'",null,null,null,["code"]],
["cp file","ok","changed"],
["cp exist err","err","Error","ERR_FS_CP_EEXIST","File already exists",null,null,null,["code"]],
["cp file to dir","err","Error","ERR_FS_CP_NON_DIR_TO_DIR","Cannot copy non-directory to directory",null,null,null,["code"]],
["cp dir to file","err","Error","ERR_FS_CP_DIR_TO_NON_DIR","Cannot copy directory to non-directory",null,null,null,["code"]],
["cp missing","err","Error","ENOENT","no such file or directory, cp '/tmp/none'","cp","/tmp/none",null,["syscall","code","path"]],
["tmp final","ok",["f.txt","g.txt","h.txt","l1","l2","dl","sd","sl","hl","sd2","new"]]]"#,
    );
}

/// open() by flag (create, truncate, exclusive, through a file, devices, symlink loops) and
/// rename/copy over existing entries.
/// Expected: workerd 1.20261117 on the same worker.
#[test]
fn node_fs_open_flags_and_replacing_renames_match_workerd() {
    let model = module_model(r#"import fs from "node:fs";
const out = [];
const ser = (v) => JSON.parse(JSON.stringify(v === undefined ? "undefined" : v, (k, x) => typeof x === "bigint" ? x + "n" : x instanceof Uint8Array ? "bytes:" + Array.from(x).join(",") : x));
function t(name, f) {
  try { out.push([name, "ok", ser(f())]); }
  catch (e) { out.push([name, "err", e?.name, e?.code, e?.message, e?.syscall, e?.path, e?.errno, Object.keys(e ?? {})]); }
}
export default { async fetch(request) {
  t("write", () => fs.writeFileSync("/tmp/f.txt", "0123456789"));
  t("open r+ missing", () => fs.openSync("/tmp/m1", "r+"));
  t("open O_WRONLY missing", () => fs.openSync("/tmp/m2", fs.constants.O_WRONLY));
  t("open O_CREAT|O_RDONLY", () => { const fd = fs.openSync("/tmp/m3", fs.constants.O_CREAT); return [fd, fs.existsSync("/tmp/m3")]; });
  t("open w nested", () => fs.openSync("/tmp/nd/x", "w"));
  t("open w root", () => fs.openSync("/x", "w"));
  t("open w bundle sub", () => fs.openSync("/bundle/x", "w"));
  t("open a dev", () => fs.openSync("/dev/nope", "a"));
  t("open w truncates", () => { const fd = fs.openSync("/tmp/f.txt", "w"); fs.closeSync(fd); return fs.readFileSync("/tmp/f.txt", "utf8"); });
  t("open a no trunc", () => { fs.writeFileSync("/tmp/f.txt", "abc"); const fd = fs.openSync("/tmp/f.txt", "a"); fs.closeSync(fd); return fs.readFileSync("/tmp/f.txt", "utf8"); });
  t("open r+ no trunc", () => { const fd = fs.openSync("/tmp/f.txt", "r+"); fs.writeSync(fd, "Z"); fs.closeSync(fd); return fs.readFileSync("/tmp/f.txt", "utf8"); });
  t("open wx new", () => { const fd = fs.openSync("/tmp/n1", "wx"); return fd; });
  t("open w dir", () => fs.openSync("/tmp", "w"));
  t("open w+ dir", () => fs.openSync("/tmp", "w+"));
  t("open r dir missing child dir", () => fs.openSync("/tmp/nd2/", "r"));
  t("open symlink dangling w", () => { fs.symlinkSync("/tmp/target", "/tmp/dl"); const fd = fs.openSync("/tmp/dl", "w"); return [fd, fs.readdirSync("/tmp")]; });
  t("open symlink dangling r", () => { fs.symlinkSync("/tmp/target2", "/tmp/dl2"); return fs.openSync("/tmp/dl2", "r"); });
  t("open loop", () => { fs.symlinkSync("/tmp/lb", "/tmp/la"); fs.symlinkSync("/tmp/la", "/tmp/lb"); return fs.openSync("/tmp/la", "r"); });
  t("open loop w", () => fs.openSync("/tmp/la", "w"));
  t("open full w", () => fs.openSync("/dev/full", "w"));
  t("open random w", () => fs.openSync("/dev/random", "w"));
  t("open through file w", () => fs.openSync("/tmp/f.txt/x", "w"));
  t("rename over file", () => { fs.writeFileSync("/tmp/r1", "r1"); fs.writeFileSync("/tmp/r2", "r2"); fs.renameSync("/tmp/r1", "/tmp/r2"); return [fs.readFileSync("/tmp/r2", "utf8"), fs.existsSync("/tmp/r1"), fs.readdirSync("/tmp")]; });
  t("rename file over dir", () => { fs.mkdirSync("/tmp/rd"); fs.renameSync("/tmp/r2", "/tmp/rd"); });
  t("rename dir over file", () => { fs.writeFileSync("/tmp/r3", "r3"); fs.renameSync("/tmp/rd", "/tmp/r3"); });
  t("rename dir over empty dir", () => { fs.mkdirSync("/tmp/rd2"); fs.writeFileSync("/tmp/rd2/in", "x"); fs.mkdirSync("/tmp/rd3"); fs.renameSync("/tmp/rd2", "/tmp/rd3"); return fs.readdirSync("/tmp/rd3"); });
  t("rename dir over nonempty dir", () => { fs.mkdirSync("/tmp/rd4"); fs.renameSync("/tmp/rd4", "/tmp/rd3"); });
  t("rename self", () => { fs.renameSync("/tmp/r3", "/tmp/r3"); return fs.readFileSync("/tmp/r3", "utf8"); });
  t("rename dir into itself", () => fs.renameSync("/tmp/rd3", "/tmp/rd3/sub"));
  t("copy over file", () => { fs.writeFileSync("/tmp/c1", "c1"); fs.writeFileSync("/tmp/c2", "c2"); fs.copyFileSync("/tmp/c1", "/tmp/c2"); return fs.readFileSync("/tmp/c2", "utf8"); });
  t("copy over dir", () => fs.copyFileSync("/tmp/c1", "/tmp/rd3"));
  t("copy self", () => fs.copyFileSync("/tmp/c1", "/tmp/c1"));
  t("copy over bundle", () => fs.copyFileSync("/tmp/c1", "/bundle/worker.mjs"));
  t("copy link", () => { fs.symlinkSync("/tmp/c1", "/tmp/cl"); fs.copyFileSync("/tmp/cl", "/tmp/c3"); return fs.lstatSync("/tmp/c3").isFile(); });
  t("rename link", () => { fs.renameSync("/tmp/cl", "/tmp/cl2"); return [fs.lstatSync("/tmp/cl2").isSymbolicLink()]; });
  t("rename over link", () => { fs.writeFileSync("/tmp/c4", "c4"); fs.renameSync("/tmp/c4", "/tmp/cl2"); return [fs.lstatSync("/tmp/cl2").isSymbolicLink(), fs.readFileSync("/tmp/c1", "utf8"), fs.readFileSync("/tmp/cl2", "utf8")]; });
  t("cp same", () => fs.cpSync("/tmp/c1", "/tmp/c1"));
  t("readdir", () => fs.readdirSync("/tmp"));
  t("fds", () => fs.openSync("/tmp/c1"));
  return new Response(JSON.stringify(out, null, 0).replaceAll('],["', '],\n["'));
} };
"#)
    .with_requests("https://x.example/", MsRange::fixed(0), 1);
    assert_answers_line_by_line(
        &model,
        r#"[["write","ok",10],
["open r+ missing","err","Error","ENOENT","no such file or directory, open '/tmp/m1'","open","/tmp/m1",null,["syscall","code","path"]],
["open O_WRONLY missing","err","Error","ENOENT","no such file or directory, open '/tmp/m2'","open","/tmp/m2",null,["syscall","code","path"]],
["open O_CREAT|O_RDONLY","ok",[3,true]],
["open w nested","err","Error","ENOENT","no such file or directory, open '/tmp/nd/x'","open","/tmp/nd/x",null,["syscall","code","path"]],
["open w root","err","Error","EPERM","operation not permitted, open '/x'","open","/x",null,["syscall","code","path"]],
["open w bundle sub","err","Error","EPERM","operation not permitted, open '/bundle/x'","open","/bundle/x",null,["syscall","code","path"]],
["open a dev","err","Error","EPERM","operation not permitted, open '/dev/nope'","open","/dev/nope",null,["syscall","code","path"]],
["open w truncates","ok",""],
["open a no trunc","ok","abc"],
["open r+ no trunc","ok","Zbc"],
["open wx new","ok",7],
["open w dir","err","Error","EISDIR","illegal operation on a directory, open '/tmp'","open","/tmp",null,["syscall","code","path"]],
["open w+ dir","err","Error","EISDIR","illegal operation on a directory, open '/tmp'","open","/tmp",null,["syscall","code","path"]],
["open r dir missing child dir","err","Error","ENOENT","no such file or directory, open '/tmp/nd2/'","open","/tmp/nd2/",null,["syscall","code","path"]],
["open symlink dangling w","err","Error","EIO","input/output error, open '/tmp/dl'","open","/tmp/dl",null,["syscall","code","path"]],
["open symlink dangling r","err","Error","ENOENT","no such file or directory, open '/tmp/dl2'","open","/tmp/dl2",null,["syscall","code","path"]],
["open loop","err","Error","ELOOP","symlink depth exceeded","open","/tmp/la",null,["syscall","code","path"]],
["open loop w","err","Error","ELOOP","symlink depth exceeded","open","/tmp/la",null,["syscall","code","path"]],
["open full w","ok",8],
["open random w","ok",9],
["open through file w","err","Error","ENOTDIR","not a directory, open '/tmp/f.txt/x'","open","/tmp/f.txt/x",null,["syscall","code","path"]],
["rename over file","ok",["r1",false,["f.txt","m3","n1","dl","dl2","la","lb","r2"]]],
["rename file over dir","err","Error","EISDIR","illegal operation on a directory","rename",null,null,["syscall","code"]],
["rename dir over file","err","Error","ENOTDIR","not a directory","rename",null,null,["syscall","code"]],
["rename dir over empty dir","ok",["in"]],
["rename dir over nonempty dir","err","Error","ENOTEMPTY","directory not empty","rename",null,null,["syscall","code"]],
["rename self","ok","r3"],
["rename dir into itself","err","Error","EINVAL","invalid argument","rename",null,null,["syscall","code"]],
["copy over file","ok","c1"],
["copy over dir","err","Error","EISDIR","illegal operation on a directory","copy",null,null,["syscall","code"]],
["copy self","ok","undefined"],
["copy over bundle","err","Error","EPERM","operation not permitted","copy",null,null,["syscall","code"]],
["copy link","ok",true],
["rename link","ok",[false]],
["rename over link","ok",[false,"c1","c4"]],
["cp same","err","Error",null,"Source and destination paths must not be the same",null,null,null,[]],
["readdir","ok",["f.txt","m3","n1","dl","dl2","la","lb","r2","rd","r3","rd3","rd4","c2","c1","cl2","c3"]],
["fds","ok",10]]"#,
    );
}

/// Entry order after rename/copy over existing entries (an erased entry's slot takes the
/// last entry), and the errors of renames and copies.
/// Expected: workerd 1.20261117 on the same worker.
#[test]
fn node_fs_directory_order_after_renames_and_copies_matches_workerd() {
    let model = module_model(r#"import fs from "node:fs";
const out = [];
function t(name, f) {
  try { out.push([name, "ok", f() ?? "undefined"]); }
  catch (e) { out.push([name, "err", e?.code, e?.message, e?.syscall, e?.path]); }
}
const reset = () => { for (const n of fs.readdirSync("/tmp")) fs.rmSync("/tmp/" + n, {recursive: true}); for (const n of ["a","b","c","d"]) fs.writeFileSync("/tmp/" + n, n); };
export default { async fetch(request) {
  t("copy b->d", () => { reset(); fs.copyFileSync("/tmp/b", "/tmp/d"); return fs.readdirSync("/tmp"); });
  t("copy b->c", () => { reset(); fs.copyFileSync("/tmp/b", "/tmp/c"); return fs.readdirSync("/tmp"); });
  t("copy d->a", () => { reset(); fs.copyFileSync("/tmp/d", "/tmp/a"); return fs.readdirSync("/tmp"); });
  t("copy a->e", () => { reset(); fs.copyFileSync("/tmp/a", "/tmp/e"); return fs.readdirSync("/tmp"); });
  t("rename b->d", () => { reset(); fs.renameSync("/tmp/b", "/tmp/d"); return fs.readdirSync("/tmp"); });
  t("rename b->c", () => { reset(); fs.renameSync("/tmp/b", "/tmp/c"); return fs.readdirSync("/tmp"); });
  t("rename d->a", () => { reset(); fs.renameSync("/tmp/d", "/tmp/a"); return fs.readdirSync("/tmp"); });
  t("rename a->e", () => { reset(); fs.renameSync("/tmp/a", "/tmp/e"); return fs.readdirSync("/tmp"); });
  t("copy ro src missing dest exists", () => { reset(); fs.copyFileSync("/tmp/zz", "/tmp/a"); });
  t("rename missing src dest exists", () => { reset(); fs.renameSync("/tmp/zz", "/tmp/a"); });
  t("rename dir into itself exists", () => { reset(); fs.mkdirSync("/tmp/D/E", {recursive: true}); fs.renameSync("/tmp/D", "/tmp/D/E"); });
  t("rename dir to bundle", () => { reset(); fs.renameSync("/tmp/a", "/bundle/a"); });
  t("rename dev", () => { reset(); fs.renameSync("/dev/null", "/tmp/n"); });
  t("copy dev", () => { reset(); fs.copyFileSync("/dev/zero", "/tmp/z"); return [fs.statSync("/tmp/z").isCharacterDevice(), fs.statSync("/tmp/z").size]; });
  t("copy to dev", () => { reset(); fs.copyFileSync("/tmp/a", "/dev/null"); });
  return new Response(JSON.stringify(out, null, 0).replaceAll('],["', '],\n["'));
} };
"#)
    .with_requests("https://x.example/", MsRange::fixed(0), 1);
    assert_answers_line_by_line(
        &model,
        r#"[["copy b->d","ok",["a","b","c","d"]],
["copy b->c","ok",["a","b","d","c"]],
["copy d->a","ok",["d","b","c","a"]],
["copy a->e","ok",["a","b","c","d","e"]],
["rename b->d","ok",["a","d","c"]],
["rename b->c","ok",["a","c","d"]],
["rename d->a","ok",["a","b","c"]],
["rename a->e","ok",["e","b","c","d"]],
["copy ro src missing dest exists","err","ENOENT","no such file or directory, copy '/tmp/zz'","copy","/tmp/zz"],
["rename missing src dest exists","err","ENOENT","no such file or directory, rename '/tmp/zz'","rename","/tmp/zz"],
["rename dir into itself exists","err","EINVAL","invalid argument","rename",null],
["rename dir to bundle","err","EPERM","operation not permitted","rename",null],
["rename dev","err","EPERM","operation not permitted","rename",null],
["copy dev","ok",[true,0]],
["copy to dev","err","EPERM","operation not permitted","copy",null]]"#,
    );
}

/// The callback API (results in a microtask), fs/promises and FileHandle, Dir, glob, stdio
/// writes to fds 1 and 2, ReadStream/WriteStream, and the modules' shapes.
/// Expected: workerd 1.20261117 on the same worker.
#[test]
fn node_fs_callbacks_promises_file_handles_dirs_and_streams_match_workerd() {
    let model = module_model(r#"import fs from "node:fs";
import fsp from "node:fs/promises";
import * as fspns from "node:fs/promises";
const out = [];
const ser = (v) => JSON.parse(JSON.stringify(v === undefined ? "undefined" : v, (k, x) => typeof x === "bigint" ? x + "n" : x instanceof Uint8Array ? "bytes:" + Array.from(x).join(",") : x));
const err = (e) => e ? [e.name, e.code, e.message, e.syscall, e.path] : e;
async function t(name, f) {
  try { out.push([name, "ok", ser(await f())]); }
  catch (e) { out.push([name, "err", ...err(e)]); }
}
const cb = (fn) => new Promise((resolve) => fn((e, ...rest) => resolve(e ? ["cberr", ...err(e)] : ["cbok", ...rest.map(ser)])));
export default { async fetch(request) {
  const order = [];
  fs.writeFile("/tmp/a", "A", (e) => order.push(["writeFile", e]));
  Promise.resolve().then(() => order.push("tick"));
  order.push("sync");
  await new Promise(r => setTimeout(r, 1));
  await t("order", () => order);
  await t("cb readFile", () => cb((k) => fs.readFile("/tmp/a", "utf8", k)));
  await t("cb readFile missing", () => cb((k) => fs.readFile("/tmp/zz", k)));
  await t("cb stat", () => cb((k) => fs.stat("/tmp/a", (e, s) => k(e, s && s.size))));
  await t("cb bad cb", () => fs.readFile("/tmp/a"));
  await t("cb bad arg", () => fs.readFile(1.5, () => {}));
  await t("cb mkdir", () => cb((k) => fs.mkdir("/tmp/x/y", {recursive: true}, k)));
  await t("cb readdir", () => cb((k) => fs.readdir("/tmp", k)));
  await t("cb open/write/read", async () => {
    const fd = await new Promise((res, rej) => fs.open("/tmp/b", "w+", (e, fd) => e ? rej(e) : res(fd)));
    const w = await cb((k) => fs.write(fd, "hello", k));
    const r = await cb((k) => fs.read(fd, Buffer.alloc(5), 0, 5, 0, k));
    const r2 = await cb((k) => fs.read(fd, k));
    const r3 = await cb((k) => fs.read(fd, {buffer: Buffer.alloc(3), position: 1}, k));
    await cb((k) => fs.close(fd, k));
    return [w[1], r[1], r[2], r2[1], r3];
  });
  await t("cb exists", () => new Promise(r => fs.exists("/tmp/a", r)));
  await t("cb access", () => cb((k) => fs.access("/tmp/zz", k)));
  await t("p readFile", () => fsp.readFile("/tmp/a", "utf8"));
  await t("p readFile missing", () => fsp.readFile("/tmp/zz"));
  await t("p bad arg", () => { const p = fsp.readFile(1.5); return p.then(() => "resolved", (e) => ["rejected", ...err(e)]); });
  await t("p writeFile", () => fsp.writeFile("/tmp/c", "C"));
  await t("p mkdtemp", () => fsp.mkdtemp("/tmp/t-"));
  await t("p stat", async () => (await fsp.stat("/tmp/c")).isFile());
  await t("p readdir types", async () => (await fsp.readdir("/tmp", {withFileTypes: true})).map(d => [d.name, d.isDirectory()]));
  await t("p watch", () => fsp.watch());
  await t("p eq", () => [fs.promises === fspns, fsp === fspns, Object.prototype.toString.call(fs.promises), Object.prototype.toString.call(fs.constants), Object.prototype.toString.call(fsp.constants), fs.constants === fsp.constants]);
  await t("fh", async () => {
    const h = await fsp.open("/tmp/d", "w+");
    const r = [typeof h.fd, h instanceof fsp.FileHandle];
    r.push(await h.write("hello world"));
    r.push(await h.read(Buffer.alloc(5), 0, 5, 0));
    r.push((await h.stat()).size);
    r.push(await h.readFile("utf8"));
    await h.truncate(3);
    r.push(await fsp.readFile("/tmp/d", "utf8"));
    let closed = false; h.on("close", () => closed = true);
    await h.close();
    r.push([h.fd, closed]);
    try { await h.stat(); } catch (e) { r.push(err(e)); }
    return r;
  });
  await t("fh ctor", () => new fsp.FileHandle());
  await t("Stats ctor", () => new fs.Stats());
  await t("dir", async () => {
    const d = fs.opendirSync("/tmp");
    const names = [];
    for await (const e of d) names.push(e.name);
    let e2; try { d.closeSync(); } catch (e) { e2 = err(e); }
    return [names, e2, d.path];
  });
  await t("dir read", async () => {
    const d = await fsp.opendir("/dev");
    const a = await d.read(); const b = d.readSync();
    await d.close();
    return [a.name, b.name];
  });
  await t("glob", () => fs.globSync("**/*", {cwd: "/tmp"}));
  await t("glob2", () => fs.globSync("/dev/*"));
  await t("stdout", () => { fs.writeSync(1, "line one\n"); fs.writeSync(2, "err line\n"); fs.writeSync(1, "part"); return fs.writeSync(1, " two\n"); });
  await t("read stream", () => new Promise((resolve) => {
    fs.writeFileSync("/tmp/rs", "abcdefghij");
    const s = fs.createReadStream("/tmp/rs", {start: 2, end: 6, highWaterMark: 2});
    const ev = []; const chunks = [];
    s.on("open", (fd) => ev.push(["open", typeof fd]));
    s.on("ready", () => ev.push("ready"));
    s.on("data", (c) => chunks.push(c.toString()));
    s.on("end", () => ev.push("end"));
    s.on("close", () => { ev.push("close"); resolve([chunks, ev, s.bytesRead, s.pending]); });
  }));
  await t("read stream missing", () => new Promise((resolve) => {
    const s = fs.createReadStream("/tmp/none");
    s.on("error", (e) => resolve(err(e)));
  }));
  await t("write stream", () => new Promise((resolve) => {
    const s = fs.createWriteStream("/tmp/ws");
    s.write("hello ");
    s.end("world", () => resolve([fs.readFileSync("/tmp/ws", "utf8"), s.bytesWritten]));
  }));
  await t("ReadStream fn", () => [typeof fs.ReadStream, fs.ReadStream === fs.FileReadStream, fs.ReadStream("/tmp/rs") instanceof fs.ReadStream]);
  await t("keys", () => [Object.keys(fs).length, Object.keys(fsp).length, Object.keys(fs.default ?? {}).length]);
  return new Response(JSON.stringify(out, null, 0).replaceAll('],["', '],\n["'));
} };
"#)
    .with_requests("https://x.example/", MsRange::fixed(0), 1);
    assert_answers_line_by_line(
        &model,
        r#"[["order","ok",["sync",["writeFile",null],"tick"]],
["cb readFile","ok",["cbok","A"]],
["cb readFile missing","ok",["cberr","Error","ENOENT","no such file or directory, readAll '/tmp/zz'","readAll","/tmp/zz"]],
["cb stat","ok",["cbok",1]],
["cb bad cb","err","TypeError","ERR_INVALID_ARG_TYPE","The \"callback\" argument must be of type function. Received undefined",null,null],
["cb bad arg","ok","undefined"],
["cb mkdir","ok",["cbok","/tmp/x"]],
["cb readdir","ok",["cbok",["a","x"]]],
["cb open/write/read","ok",[5,5,{"type":"Buffer","data":[104,101,108,108,111]},0,["cbok",3,{"type":"Buffer","data":[101,108,108]}]]],
["cb exists","ok",true],
["cb access","ok",["cberr","Error","ENOENT","no such file or directory, access '/tmp/zz'","access","/tmp/zz"]],
["p readFile","ok","A"],
["p readFile missing","err","Error","ENOENT","no such file or directory, readAll '/tmp/zz'","readAll","/tmp/zz"],
["p bad arg","ok",["rejected","RangeError","ERR_OUT_OF_RANGE","The value of \"fd\" is out of range. It must be an integer. Received 1.5",null,null]],
["p writeFile","ok","undefined"],
["p mkdtemp","ok","/tmp/t-0"],
["p stat","ok",true],
["p readdir types","ok",[["a",false],
["x",true],
["b",false],
["c",false],
["t-0",true]]],
["p watch","err","Error",null,"Not implemented",null,null],
["p eq","ok",[false,false,"[object Module]","[object Module]","[object Module]",true]],
["fh","ok",["number",true,{"bytesWritten":11,"buffer":{"type":"Buffer","data":[104,101,108,108,111,32,119,111,114,108,100]}},{"bytesRead":5,"buffer":{"type":"Buffer","data":[104,101,108,108,111]}},11,"hello world","hel",[null,true],
["Error","EBADF","Bad file descriptor","stat",null]]],
["fh ctor","err","TypeError",null,"Illegal constructor",null,null],
["Stats ctor","err","TypeError",null,"Illegal constructor",null,null],
["dir","ok",[["a","x","b","c","t-0","d"],null,"/tmp"]],
["dir read","ok",["null","zero"]],
["glob","ok",["a","x","b","c","t-0","d","x/y"]],
["glob2","ok",[]],
["stdout","ok",5],
["read stream","ok",[["cd","ef","g"],[["open","number"],"ready","end","close"],5,true]],
["read stream missing","ok",["Error","ENOENT","no such file or directory, open '/tmp/none'","open","/tmp/none"]],
["write stream","ok",["hello world",11]],
["ReadStream fn","ok",["function",true,true]],
["keys","ok",[105,33,0]]]"#,
    );
}

/// /tmp belongs to the request (each starts empty; the top level's is gone after it), fds
/// and mkdtemp's counter to the isolate (an fd opened by one request reads its file in the
/// next), and /dev/random yields bytes in a request only.
/// Expected: workerd 1.20261117 on the same worker, two requests in turn.
#[test]
fn node_fs_tmp_is_per_request_and_descriptors_per_isolate() {
    let mut model = module_model(
        r#"import fs from "node:fs";
let fd;
let top;
try { fs.writeFileSync("/tmp/top.txt", "t"); top = [fs.readdirSync("/tmp"), fs.readFileSync("/dev/random").length]; } catch (e) { top = String(e); }
export default { async fetch(request) {
  const out = [top];
  out.push(fs.readdirSync("/tmp"));
  if (fd === undefined) {
    fs.writeFileSync("/tmp/kept.txt", "kept by an fd");
    fd = fs.openSync("/tmp/kept.txt", "r+");
  }
  out.push(fd, fs.readFileSync(fd, "utf8"), fs.fstatSync(fd).size);
  out.push(fs.mkdtempSync("/tmp/d-"), fs.openSync("/dev/null"));
  const b = Buffer.alloc(6);
  out.push(fs.readSync(fs.openSync("/dev/random"), b), b.length);
  out.push(fs.readdirSync("/"), fs.readdirSync("/dev"), process.cwd());
  return new Response(JSON.stringify(out));
} };
"#,
    );
    model.requests = vec![RequestSpec::get("https://x.example/1", 0), RequestSpec::get("https://x.example/2", 10)];
    let run = run_first(&model);
    let body = |url: &str| run.requests.iter().find(|r| r.url == url).and_then(|r| r.body.clone());
    assert_eq!(
        body("https://x.example/1").as_deref(),
        Some(
            r#"[[["top.txt"],0],[],3,"kept by an fd",13,"/tmp/d-0",4,6,6,["bundle","tmp","dev"],["null","zero","full","random"],"/bundle"]"#
        )
    );
    assert_eq!(
        body("https://x.example/2").as_deref(),
        Some(
            r#"[[["top.txt"],0],[],3,"kept by an fd",13,"/tmp/d-1",6,6,6,["bundle","tmp","dev"],["null","zero","full","random"],"/bundle"]"#
        )
    );
}

/// /bundle holds the worker's modules, read-only.
/// Expected: workerd 1.20261117 on the same worker.
#[test]
fn node_fs_bundle_holds_the_workers_modules_read_only() {
    let model = module_model(
        r#"import fs from "node:fs";
const out = [];
function t(name, f) {
  try { const v = f(); out.push([name, "ok", v === undefined ? "undefined" : v]); }
  catch (e) { out.push([name, "err", e.code, e.message, e.syscall, e.path]); }
}
export default { async fetch(request) {
  t("bundle", () => fs.readdirSync("/bundle"));
  t("stat", () => { const s = fs.statSync("/bundle/worker.mjs"); return [s.isFile(), s.mode, s.size > 0, s.mtimeMs]; });
  t("read", () => fs.readFileSync("worker.mjs", "utf8").slice(0, 22));
  t("realpath rel", () => fs.realpathSync("worker.mjs"));
  t("truncate", () => fs.truncateSync("/bundle/worker.mjs", 5));
  t("utimes", () => { fs.utimesSync("/bundle/worker.mjs", 1, 2); return fs.statSync("/bundle/worker.mjs").mtimeMs; });
  t("write", () => fs.writeFileSync("/bundle/worker.mjs", "x"));
  t("open w", () => fs.openSync("/bundle/worker.mjs", "w"));
  t("unlink", () => fs.unlinkSync("/bundle/worker.mjs"));
  t("access W", () => fs.accessSync("/bundle/worker.mjs", fs.constants.W_OK));
  t("copy out", () => { fs.copyFileSync("/bundle/worker.mjs", "/tmp/w.mjs"); return fs.statSync("/tmp/w.mjs").mode; });
  t("rename out", () => fs.renameSync("/bundle/worker.mjs", "/tmp/w2.mjs"));
  return new Response(JSON.stringify(out).replaceAll('],["', '],\n["'));
} };
"#,
    )
    .with_requests("https://x.example/", MsRange::fixed(0), 1);
    assert_answers_line_by_line(
        &model,
        r#"[["bundle","ok",["worker.mjs"]],
["stat","ok",[true,33060,true,0]],
["read","ok","import fs from \"node:f"],
["realpath rel","ok","/bundle/worker.mjs"],
["truncate","err","EPERM","operation not permitted","ftruncate",null],
["utimes","ok",0],
["write","err","EPERM","operation not permitted","writeAll",null],
["open w","err","EPERM","operation not permitted, open '/bundle/worker.mjs'","open","/bundle/worker.mjs"],
["unlink","err","EPERM","operation not permitted","unlink",null],
["access W","err","ENOENT","no such file or directory, access '/bundle/worker.mjs'","access","/bundle/worker.mjs"],
["copy out","ok",33206],
["rename out","err","EPERM","operation not permitted","rename",null]]"#,
    );
}

/// A scenario origin for node:http's fetch: `latency` ms to the headers, the body in
/// `chunks` chunks 5 ms apart.
fn origin(status: u16, headers: &[(&str, &str)], body: &str, latency: u64, chunks: u32) -> OriginSpec {
    OriginSpec {
        url: "https://api.example/*".to_string(),
        latency: MsRange::fixed(latency),
        status,
        headers: headers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        body: body.to_string(),
        body_chunks: chunks,
        chunk_interval: MsRange::fixed(5),
    }
}

/// https.get/request over fetch to a declared origin (status, headers, body, close order),
/// POST bodies, the option and header validation errors, METHODS/STATUS_CODES/agents,
/// OutgoingMessage headers, setMaxIdleHTTPParsers, Server.listen, the idle timeout,
/// abort() and destroy().
/// Expected: workerd 1.20261117 on the same worker (conform serving the same origin).
#[test]
fn node_http_client_requests_go_through_fetch_as_in_workerd() {
    let mut model = module_model(r#"import http from "node:http";
import https from "node:https";
const ser = (v) => JSON.parse(JSON.stringify(v === undefined ? "undefined" : v));
const err = (e) => [e?.name, e?.code, e?.message];
export default { async fetch(request) {
  const out = [];
  const t = async (name, f) => { try { out.push([name, "ok", ser(await f())]); } catch (e) { out.push([name, "err", ...err(e)]); } };
  await t("get", () => new Promise((resolve, reject) => {
    const ev = [];
    const req = https.get("https://api.example/path?q=1", (res) => {
      ev.push(["response", res.statusCode, res.statusMessage, res.headers["content-type"], res.headers["x-a"], res.headersDistinct["x-a"], res.rawHeaders, res.httpVersion, res.url, res.complete]);
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c) => body += c);
      res.on("end", () => { ev.push(["end", body, res.complete]); });
      res.on("close", () => ev.push("res close"));
    });
    req.on("close", () => { ev.push("req close"); resolve(ev); });
    req.on("error", (e) => { ev.push(err(e)); });
    ev.push([req.method, req.path, req.host, req.protocol, req.port, req.getHeaders(), req.headersSent, req.writableEnded]);
  }));
  await t("post", () => new Promise((resolve) => {
    const req = https.request({ hostname: "api.example", path: "/post", method: "post", headers: { "Content-Type": "application/json", "X-Custom": ["a", "b"] } }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve([res.statusCode, Buffer.concat(chunks).toString(), req.getRawHeaderNames(), req.getHeaderNames()]));
    });
    req.write('{"a":');
    req.end("1}");
  }));
  await t("http proto on https", () => http.get("https://api.example/"));
  await t("bad method", () => http.request({ method: "BAD METHOD" }));
  await t("bad header", () => { const r = https.request("https://api.example/"); r.setHeader("bad name", "x"); });
  await t("bad header value", () => { const r = https.request("https://api.example/"); r.setHeader("x", undefined); });
  await t("bad path", () => https.request({ host: "api.example", path: "//evil" }));
  await t("validate", () => { try { http.validateHeaderName("a b"); } catch (e) { return err(e); } });
  await t("validate2", () => { try { http.validateHeaderValue("a", "x\ny"); } catch (e) { return err(e); } });
  await t("consts", () => [http.METHODS.length, http.METHODS.slice(0, 5), http.STATUS_CODES[418], http.maxHeaderSize, typeof http.WebSocket, http.globalAgent.defaultPort, http.globalAgent.protocol, https.globalAgent.defaultPort, https.globalAgent.protocol, Object.keys(http.globalAgent), Object.keys(https.globalAgent)]);
  await t("agent", () => { const a = new http.Agent({ keepAlive: true }); return [a.getName({ host: "h", port: 1 }), a.maxSockets, a.keepAlive, new https.Agent().getName({ host: "h" })]; });
  await t("outgoing", () => { const o = new http.OutgoingMessage(); o.setHeader("A", "1"); o.appendHeader("a", "2"); return [o.getHeaders(), o.hasHeader("a"), o.headersSent, o.writableEnded]; });
  await t("setMaxIdle", () => http.setMaxIdleHTTPParsers(1));
  await t("server", () => new Promise((resolve) => { const s = http.createServer(); s.listen(8080, () => resolve([s.listening, s.address()])); }));
  await t("timeout", () => new Promise((resolve) => { const req = https.get("https://api.example/slow"); req.setTimeout(1); req.on("timeout", () => resolve("timeout")); req.on("response", (r) => { r.resume(); resolve("response"); }); req.on("error", () => {}); }));
  await t("abort", () => new Promise((resolve) => { const ev = []; const req = https.get("https://api.example/x"); req.on("abort", () => ev.push("abort")); req.on("error", (e) => ev.push(err(e))); req.on("close", () => { ev.push("close"); resolve(ev); }); req.abort(); }));
  await t("destroy", () => new Promise((resolve) => { const ev = []; const req = https.get("https://api.example/x"); req.on("error", (e) => ev.push(err(e))); req.on("close", () => { ev.push("close"); resolve(ev); }); req.destroy(); }));
  return new Response(JSON.stringify(out).replaceAll('],["', '],\n["'));
} };
"#)
    .with_requests("https://x.example/", MsRange::fixed(0), 1);
    model.origins = vec![origin(201, &[("content-type", "text/plain"), ("x-a", "1")], "hello from origin", 20, 1)];
    assert_answers_line_by_line(
        &model,
        r#"[["get","ok",[["GET","/path?q=1","api.example","https:","443",{"host":"api.example"},false,true],
["response",201,"Created","text/plain","1",["1"],[],"1.1","https://api.example/path?q=1",false],
["end","hello from origin",true],"req close","res close"]],
["post","err","TypeError",null,"Cannot read properties of null (reading 'has')"],
["http proto on https","err","TypeError","ERR_INVALID_PROTOCOL","Protocol \"https:\" not supported. Expected \"http:\""],
["bad method","err","TypeError","ERR_INVALID_HTTP_TOKEN","Method must be a valid HTTP token [\"BAD METHOD\"]"],
["bad header","err","TypeError","ERR_INVALID_HTTP_TOKEN","Header name must be a valid HTTP token [\"bad name\"]"],
["bad header value","err","TypeError","ERR_HTTP_INVALID_HEADER_VALUE","Invalid value \"undefined\" for header \"x\""],
["bad path","err","TypeError","ERR_INVALID_ARG_VALUE","The property 'options.path' must be a path-only request target. Received '//evil'"],
["validate","ok",["TypeError","ERR_INVALID_HTTP_TOKEN","Header name must be a valid HTTP token [\"a b\"]"]],
["validate2","ok",["TypeError","ERR_INVALID_CHAR","Invalid character in header content [\"a\"]"]],
["consts","ok",[35,["ACL","BIND","CHECKOUT","CONNECT","COPY"],"I'm a Teapot",16384,"function",80,"http:",443,"https:",["_events","_eventsCount","_maxListeners","domain","defaultPort","protocol","options","agentKeepAliveTimeoutBuffer","keepAliveMsecs","keepAlive","maxSockets","maxFreeSockets","scheduling","maxTotalSockets","totalSocketCount","freeSockets","sockets","requests"],
["_events","_eventsCount","_maxListeners","domain","defaultPort","protocol","options","agentKeepAliveTimeoutBuffer","keepAliveMsecs","keepAlive","maxSockets","maxFreeSockets","scheduling","maxTotalSockets","totalSocketCount","freeSockets","sockets","requests","maxCachedSessions"]]],
["agent","ok",["h:1:",null,true,"h::::::::::::::::::::::"]],
["outgoing","ok",[{"a":["1","2"]},true,false,false]],
["setMaxIdle","ok","undefined"],
["server","ok",[true,{"port":8080,"family":"IPv4","address":"127.0.0.1"}]],
["timeout","ok","timeout"],
["abort","ok",["abort","close"]],
["destroy","ok",[["Error","ECONNRESET","socket hang up"],"close"]]]"#,
    );
}

/// The events of a PUT with a body (prefinish, finish, response, end, close), a write after
/// end, a body in chunks, ServerResponse's header block and status checks, IncomingMessage's
/// header joining, and a ClientRequest's own keys.
/// Expected: workerd 1.20261117 on the same worker (conform serving the same origin).
#[test]
fn node_http_events_bodies_and_server_messages_match_workerd() {
    let mut model = module_model(r#"import http from "node:http";
import https from "node:https";
const ser = (v) => JSON.parse(JSON.stringify(v === undefined ? "undefined" : v));
const err = (e) => [e?.name, e?.code, e?.message];
export default { async fetch(request) {
  const out = [];
  const t = async (name, f) => { try { out.push([name, "ok", ser(await f())]); } catch (e) { out.push([name, "err", ...err(e)]); } };
  await t("events", () => new Promise((resolve) => {
    const ev = [];
    const req = https.request("https://api.example/a", { method: "PUT", auth: "u:p", headers: { "x-one": "1" } });
    for (const e of ["finish", "prefinish", "socket", "close", "error"]) req.on(e, (x) => ev.push(["req", e, x?.code]));
    req.on("response", (res) => {
      ev.push(["response", res.headers["set-cookie"], typeof res.socket, res.readable]);
      for (const e of ["end", "close", "aborted"]) res.on(e, () => ev.push(["res", e]));
      const chunks = [];
      res.on("data", (c) => chunks.push(c.length));
      res.on("end", () => ev.push(["chunks", chunks.length > 0, Buffer.concat([]).length]));
    });
    req.on("close", () => setTimeout(() => resolve([ev, req.getHeader("authorization"), req.getHeader("host"), req.writableFinished, req.destroyed]), 5));
    ev.push(["write", req.write("abc")]);
    req.end(() => ev.push("end cb"));
    ev.push(["after end", req.writableEnded, req.finished]);
  }));
  await t("write after end", () => new Promise((resolve) => {
    const req = https.request("https://api.example/b", { method: "POST" });
    req.end();
    req.write("x", (e) => resolve(err(e)));
    req.on("error", () => {});
    req.on("response", (r) => r.resume());
  }));
  await t("json body", () => new Promise((resolve) => {
    https.get({ host: "api.example", path: "/c" }, (res) => {
      let s = ""; res.setEncoding("utf8"); res.on("data", (c) => s += c); res.on("end", () => resolve(JSON.parse(s)));
    });
  }));
  await t("server response", () => {
    const req = new http.IncomingMessage();
    const res = new http.ServerResponse(req);
    res.setHeader("X-A", "1");
    res.statusCode = 404;
    res.writeHead(404, { "content-type": "text/plain" });
    return [res._header, res.headersSent, res.statusMessage, res.getHeaders()];
  });
  await t("server response bad", () => { const res = new http.ServerResponse(new http.IncomingMessage()); res.writeHead(99); });
  await t("incoming", () => { const m = new http.IncomingMessage(); m._addHeaderLines(["Host", "a", "Cookie", "x=1", "cookie", "y=2", "Set-Cookie", "s=1", "set-cookie", "s=2", "X-Y", "1", "x-y", "2", "Content-Type", "a", "content-type", "b"], 18); return [m.headers, m.headersDistinct, m.rawHeaders.length, m.method, m.statusCode, m.httpVersion]; });
  await t("client request keys", () => Object.keys(https.request("https://api.example/d")).sort());
  return new Response(JSON.stringify(out).replaceAll('],["', '],\n["'));
} };
"#)
    .with_requests("https://x.example/", MsRange::fixed(0), 1);
    model.origins = vec![origin(
        200,
        &[("content-type", "application/json"), ("set-cookie", "a=1")],
        r#"{"ok":true,"n":12345}"#,
        10,
        3,
    )];
    assert_answers_line_by_line(
        &model,
        r#"[["events","ok",[[["write",true],
["req","prefinish",null],
["after end",true,true],"end cb",["req","finish",null],
["response","a=1","undefined",true],
["res","end"],
["chunks",true,0],
["req","close",null],
["res","close"]],"Basic dTpw","api.example",true,true]],
["write after end","ok",["Error","ERR_STREAM_WRITE_AFTER_END","write after end"]],
["json body","ok",{"ok":true,"n":12345}],
["server response","ok",["HTTP/1.1 404 unknown\r\nX-A: 1\r\ncontent-type: text/plain\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n",true,"unknown",{"x-a":"1","content-type":"text/plain"}]],
["server response bad","err","RangeError","ERR_HTTP_INVALID_STATUS_CODE","Invalid status code: 99"],
["incoming","ok",[{"host":"a","cookie":"x=1; y=2","set-cookie":["s=1","s=2"],"x-y":"1, 2","content-type":"a"},{"host":["a"],"cookie":["x=1","y=2"],"set-cookie":["s=1","s=2"],"x-y":["1","2"],"content-type":["a","b"]},18,null,null,"1.1"]],
["client request keys","ok",["_closed","_contentLength","_defaultKeepAlive","_ended","_events","_eventsCount","_hasBody","_header","_headerSent","_keepAliveTimeout","_last","_maxListeners","_maxRequestsPerSocket","_onPendingData","_removedConnection","_removedContLen","_removedTE","_writableState","aborted","agent","chunkedEncoding","connection","destroyed","domain","finished","host","joinDuplicateHeaders","maxHeadersCount","maxRequestsOnConnectionReached","method","outputData","outputSize","path","port","protocol","req","reusedSocket","sendDate","shouldKeepAlive","socket","strictContentLength","timeout","useChunkedEncodingByDefault","writable","writtenHeaderBytes"]]]"#,
    );
}
