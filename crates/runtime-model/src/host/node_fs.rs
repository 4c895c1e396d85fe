//! The native half of `node:fs` (`host/web/node_fs.js`): the virtual file system workerd
//! gives a worker, reached through one door, `host.fs(op, args)`.
//!
//! The tree follows workerd's (`src/workerd/io/worker-fs.*`, `api/filesystem.c++`): a
//! read-only root holding `/bundle` (the worker's modules, read-only), `/tmp` (writable,
//! its contents belonging to the running request: each request starts with an empty
//! `/tmp` that is dropped when the request ends; the top level has its own, dropped when
//! the evaluation ends) and `/dev` (`null`, `zero`, `full`, `random`). File descriptors
//! belong to the isolate (they outlive requests, as workerd's do); 0–2 are stdio. Every
//! time stamp is the Unix epoch unless `utimes` set one, as in workerd. `/dev/random`
//! draws from the schedule's random stream (R3), and reads nothing outside a request.
//!
//! A directory lists its entries in insertion order, an erased entry's slot taking the
//! last entry (workerd's `kj::HashMap`), so `readdir` orders names as workerd does.
//!
//! Errors are built as workerd's native ones are: an `Error` whose message is libuv's
//! text (with `, <syscall> '<path>'` when a path is given), and own `syscall`, `code` and
//! `path` properties. The JS half validates arguments and builds Node's JS errors.
//!
//! Invariants: the component holds no JS value (bytes only); an fd names one opened node
//! until closed; `/tmp` of request `r` is dropped by [`Component::cancel_owned_by`] when
//! `r` ends.

use boa_engine::object::builtins::{JsArray, JsArrayBuffer, JsTypedArray};
use boa_engine::{Context, JsError, JsNativeError, JsObject, JsResult, JsString, JsValue, js_error, js_string};
use rand::RngCore;
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;
use std::sync::Arc;

use crate::component::Component;
use crate::engine::Host;
use crate::trace::Owner;

/// workerd's largest file (its Blob size limit).
const FILE_SIZE_MAX: usize = 128 * 1024 * 1024;
/// The most distinct symbolic links one resolution crosses.
const SYMLINK_DEPTH_MAX: usize = 256;
/// libuv's `UV_DIRENT_*` kinds `readdir` reports.
const DIRENT_FILE: i32 = 1;
const DIRENT_DIR: i32 = 2;
const DIRENT_LINK: i32 = 3;
const DIRENT_CHAR: i32 = 6;

/// workerd's `FsError`: why an operation on a node failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FsError {
    /// Nothing at the path (workerd reports ENOENT for it where it has no FsError).
    NotFound,
    NotDirectory,
    NotEmpty,
    ReadOnly,
    NotPermitted,
    NotPermittedOnDirectory,
    AlreadyExists,
    Failed,
    InvalidPath,
    FileSizeLimitExceeded,
    SymlinkDepthExceeded,
}

/// What kind of file a file node is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FileKind {
    /// A file the worker created: owns its bytes.
    Writable,
    /// A module of the bundle.
    ReadOnly,
    Null,
    Zero,
    Full,
    Random,
    /// fd 0, 1 or 2: writes are handled by the JS half (console lines), reads are EOF.
    Stdio,
}

struct FileNode {
    kind: FileKind,
    data: RefCell<Vec<u8>>,
    /// The last-modified time, in Unix milliseconds (set only by `utimes`).
    modified_ms: Cell<f64>,
}

impl FileNode {
    fn new(kind: FileKind, data: Vec<u8>) -> Rc<FileNode> {
        Rc::new(FileNode { kind, data: RefCell::new(data), modified_ms: Cell::new(0.0) })
    }

    fn writable(&self) -> bool {
        self.kind != FileKind::ReadOnly
    }

    fn device(&self) -> bool {
        matches!(self.kind, FileKind::Null | FileKind::Zero | FileKind::Full | FileKind::Random)
    }

    fn stat(&self) -> Stat {
        let size = match self.kind {
            FileKind::Writable | FileKind::ReadOnly => self.data.borrow().len(),
            _ => 0,
        };
        Stat {
            kind: NodeKind::File,
            size,
            modified_ms: self.modified_ms.get(),
            writable: self.writable(),
            device: self.device(),
        }
    }

    fn set_modified(&self, ms: f64) -> Result<(), FsError> {
        match self.kind {
            FileKind::Writable => {
                self.modified_ms.set(ms);
                Ok(())
            }
            FileKind::Random | FileKind::Stdio => Err(FsError::NotPermitted),
            _ => Ok(()),
        }
    }

    /// Reads at `offset` into `out`; the bytes read.
    fn read(&self, offset: usize, out: &mut [u8], random: &mut dyn FnMut(&mut [u8]) -> bool) -> usize {
        match self.kind {
            FileKind::Writable | FileKind::ReadOnly => {
                let data = self.data.borrow();
                if offset >= data.len() || out.is_empty() {
                    return 0;
                }
                let n = out.len().min(data.len() - offset);
                out[..n].copy_from_slice(&data[offset..offset + n]);
                n
            }
            FileKind::Null | FileKind::Stdio => 0,
            FileKind::Zero | FileKind::Full => {
                out.fill(0);
                out.len()
            }
            FileKind::Random => {
                if random(out) {
                    out.len()
                } else {
                    0
                }
            }
        }
    }

    /// Writes `bytes` at `offset`; the bytes written.
    fn write(&self, offset: usize, bytes: &[u8]) -> Result<usize, FsError> {
        match self.kind {
            FileKind::Writable | FileKind::ReadOnly => {
                if bytes.len() > FILE_SIZE_MAX {
                    return Err(FsError::FileSizeLimitExceeded);
                }
                let end = offset + bytes.len();
                if end > FILE_SIZE_MAX {
                    return Err(FsError::FileSizeLimitExceeded);
                }
                if self.kind == FileKind::ReadOnly {
                    return Err(FsError::ReadOnly);
                }
                let mut data = self.data.borrow_mut();
                if end > data.len() {
                    data.resize(end, 0);
                }
                data[offset..end].copy_from_slice(bytes);
                Ok(bytes.len())
            }
            FileKind::Null | FileKind::Zero | FileKind::Stdio => Ok(bytes.len()),
            FileKind::Full | FileKind::Random => Err(FsError::NotPermitted),
        }
    }

    fn resize(&self, size: usize) -> Result<(), FsError> {
        match self.kind {
            FileKind::Writable => {
                if size > FILE_SIZE_MAX {
                    return Err(FsError::FileSizeLimitExceeded);
                }
                self.data.borrow_mut().resize(size, 0);
                Ok(())
            }
            FileKind::ReadOnly => Err(FsError::ReadOnly),
            FileKind::Null | FileKind::Zero => Ok(()),
            _ => Err(FsError::NotPermitted),
        }
    }

    /// A writable copy (devices are their own copy).
    fn clone_file(self: &Rc<Self>) -> Rc<FileNode> {
        match self.kind {
            FileKind::Writable | FileKind::ReadOnly => FileNode::new(FileKind::Writable, self.data.borrow().clone()),
            _ => self.clone(),
        }
    }

    /// Takes `other`'s contents and time stamp.
    fn replace(&self, other: &FileNode) -> Result<(), FsError> {
        match self.kind {
            FileKind::Writable => {
                let bytes = match other.kind {
                    FileKind::Writable | FileKind::ReadOnly => other.data.borrow().clone(),
                    _ => Vec::new(),
                };
                *self.data.borrow_mut() = bytes;
                self.modified_ms.set(other.modified_ms.get());
                Ok(())
            }
            FileKind::ReadOnly => Err(FsError::ReadOnly),
            FileKind::Null | FileKind::Zero => Ok(()),
            _ => Err(FsError::NotPermitted),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DirKind {
    Writable,
    ReadOnly,
    /// `/tmp`: its entries are those of the running scope's store.
    Tmp,
}

struct DirNode {
    kind: DirKind,
    // invariant: names are unique; order is workerd's (insertion, swap-remove on erase).
    entries: RefCell<Vec<(String, Node)>>,
}

impl DirNode {
    fn new(kind: DirKind) -> Rc<DirNode> {
        Rc::new(DirNode { kind, entries: RefCell::new(Vec::new()) })
    }

    fn find(&self, name: &str) -> Option<Node> {
        self.entries.borrow().iter().find(|(n, _)| n == name).map(|(_, node)| node.clone())
    }

    fn insert(&self, name: &str, node: Node) {
        self.entries.borrow_mut().push((name.to_string(), node));
    }

    fn erase(&self, name: &str) -> bool {
        let mut entries = self.entries.borrow_mut();
        match entries.iter().position(|(n, _)| n == name) {
            Some(at) => {
                entries.swap_remove(at);
                true
            }
            None => false,
        }
    }
}

struct LinkNode {
    /// The target, as path components from the root.
    target: Vec<String>,
}

#[derive(Clone)]
enum Node {
    File(Rc<FileNode>),
    Dir(Rc<DirNode>),
    Link(Rc<LinkNode>),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum NodeKind {
    File,
    Directory,
    Symlink,
}

#[derive(Clone, Copy)]
struct Stat {
    kind: NodeKind,
    size: usize,
    modified_ms: f64,
    writable: bool,
    device: bool,
}

fn dir_stat_of(writable: bool) -> Stat {
    Stat { kind: NodeKind::Directory, size: 0, modified_ms: 0.0, writable, device: false }
}

const LINK_STAT: Stat = Stat { kind: NodeKind::Symlink, size: 0, modified_ms: 0.0, writable: false, device: false };

/// An open file descriptor.
struct Opened {
    read: bool,
    write: bool,
    append: bool,
    node: Node,
    position: Cell<usize>,
}

/// The links one resolution has crossed (workerd's recursion guard).
#[derive(Default)]
struct Seen(Vec<*const LinkNode>);

impl Seen {
    fn check(&mut self, link: &Rc<LinkNode>) -> Result<(), FsError> {
        let ptr = Rc::as_ptr(link);
        if self.0.contains(&ptr) {
            return Err(FsError::SymlinkDepthExceeded);
        }
        self.0.push(ptr);
        if self.0.len() > SYMLINK_DEPTH_MAX {
            return Err(FsError::SymlinkDepthExceeded);
        }
        Ok(())
    }
}

/// The result of opening a path: nothing there, a failure, or a node.
type Found = Option<Result<Node, FsError>>;

/// The isolate's virtual file system.
#[derive(Default)]
pub(crate) struct NodeFs {
    tree: RefCell<Option<Tree>>,
    /// Modules noted before the tree was built (shared with the loader: a worker that never
    /// touches the file system copies none of them).
    pending_modules: RefCell<Vec<(String, Arc<str>)>>,
}

struct Tree {
    root: Rc<DirNode>,
    bundle: Rc<DirNode>,
    /// The `/tmp` store of the top-level evaluation, while it runs.
    startup_tmp: Option<Rc<DirNode>>,
    /// The `/tmp` store of each running request.
    request_tmp: BTreeMap<u32, Rc<DirNode>>,
    /// The store of the scope running now (set by `host_fs` for the call).
    current_tmp: Option<Rc<DirNode>>,
    fds: BTreeMap<i32, Rc<Opened>>,
    next_fd: i32,
    /// `mkdtemp`'s counter (per isolate, as workerd's module instance holds it).
    tmp_counter: u32,
}

impl Component for NodeFs {
    // Files are bytes, never JS values.
    fn clear_js_values(&self) {}
    fn is_clear(&self) -> bool {
        true
    }
    fn cancel_owned_by(&self, owner: u32) -> Vec<((u32, u32), String)> {
        if let Some(tree) = self.tree.borrow_mut().as_mut() {
            tree.request_tmp.remove(&owner);
        }
        Vec::new()
    }
}

impl NodeFs {
    /// Adds module `name` with `bytes` to `/bundle` (read-only), as workerd's bundle
    /// directory holds every module of the worker.
    pub(crate) fn note_module(&self, name: &str, text: &Arc<str>) {
        match self.tree.borrow().as_ref() {
            Some(tree) => add_module(&tree.bundle, name, text.as_bytes()),
            None => self.pending_modules.borrow_mut().push((name.to_string(), text.clone())),
        }
    }

    fn ensure(&self) {
        if self.tree.borrow().is_some() {
            return;
        }
        let root = DirNode::new(DirKind::ReadOnly);
        let bundle = DirNode::new(DirKind::ReadOnly);
        for (name, bytes) in self.pending_modules.borrow_mut().drain(..) {
            add_module(&bundle, &name, bytes.as_bytes());
        }
        let dev = DirNode::new(DirKind::ReadOnly);
        for (name, kind) in
            [("null", FileKind::Null), ("zero", FileKind::Zero), ("full", FileKind::Full), ("random", FileKind::Random)]
        {
            dev.insert(name, Node::File(FileNode::new(kind, Vec::new())));
        }
        root.insert("bundle", Node::Dir(bundle.clone()));
        root.insert("tmp", Node::Dir(DirNode::new(DirKind::Tmp)));
        root.insert("dev", Node::Dir(dev));
        *self.tree.borrow_mut() = Some(Tree {
            root,
            bundle,
            startup_tmp: None,
            request_tmp: BTreeMap::new(),
            current_tmp: None,
            fds: BTreeMap::new(),
            next_fd: 3,
            tmp_counter: 0,
        });
    }
}

/// Adds a module to the bundle directory, creating read-only folders on its path; a
/// name that does not make a file path is skipped.
fn add_module(bundle: &Rc<DirNode>, name: &str, bytes: &[u8]) {
    let Some(pathname) = module_pathname(name) else { return };
    let parts = eval_path(&pathname);
    let Some((last, folders)) = parts.split_last() else { return };
    let mut dir = bundle.clone();
    for folder in folders {
        let next = match dir.find(folder) {
            Some(Node::Dir(d)) => d,
            Some(_) => return,
            None => {
                let d = DirNode::new(DirKind::ReadOnly);
                dir.insert(folder, Node::Dir(d.clone()));
                d
            }
        };
        dir = next;
    }
    let file = Node::File(FileNode::new(FileKind::ReadOnly, bytes.to_vec()));
    let existing = dir.entries.borrow().iter().position(|(n, _)| n == last);
    match existing {
        Some(at) => dir.entries.borrow_mut()[at].1 = file,
        None => dir.insert(last, file),
    }
}

/// A module name as a `file:` URL path under the bundle root, percent-encoded.
fn module_pathname(name: &str) -> Option<String> {
    let base = url::Url::parse("file:///").ok()?;
    let url = base.join(name).ok()?;
    (url.scheme() == "file").then(|| url.path().to_string())
}

/// A URL pathname's components (`kj::Path::eval` of the path without its leading slash).
fn eval_path(pathname: &str) -> Vec<String> {
    let mut parts: Vec<String> = Vec::new();
    for part in pathname.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other.to_string()),
        }
    }
    parts
}

/// `jsg::Url::getRelative`: the folder URL path (through the last slash) and the name.
fn relative(pathname: &str) -> (&str, &str) {
    match pathname.rfind('/') {
        Some(at) => (&pathname[..=at], &pathname[at + 1..]),
        None => ("/", pathname),
    }
}

/// `kj::Path::toString(true)`.
fn absolute(parts: &[String]) -> String {
    format!("/{}", parts.join("/"))
}

/// Whether `name` parses as exactly one path component.
fn single_component(name: &str) -> bool {
    !name.is_empty() && name != "." && name != ".." && !name.contains('/')
}

#[derive(Clone, Copy)]
struct OpenOptions {
    create_as: Option<NodeKind>,
    follow: bool,
}

const FOLLOW: OpenOptions = OpenOptions { create_as: None, follow: true };

impl Tree {
    /// The directory a `/tmp` node stands for in the running scope, if any.
    fn real(&self, dir: &Rc<DirNode>) -> Option<Rc<DirNode>> {
        if dir.kind == DirKind::Tmp { self.current_tmp.clone() } else { Some(dir.clone()) }
    }

    fn dir_writable(&self, dir: &Rc<DirNode>) -> bool {
        dir.kind != DirKind::ReadOnly
    }

    fn dir_stat_self(&self, dir: &Rc<DirNode>) -> Stat {
        dir_stat_of(self.dir_writable(dir))
    }

    fn entries(&self, dir: &Rc<DirNode>) -> Vec<(String, Node)> {
        self.real(dir).map(|d| d.entries.borrow().clone()).unwrap_or_default()
    }

    fn count(&self, dir: &Rc<DirNode>) -> usize {
        self.real(dir).map(|d| d.entries.borrow().len()).unwrap_or(0)
    }

    fn stat_node(&self, node: &Node) -> Stat {
        match node {
            Node::File(f) => f.stat(),
            Node::Dir(d) => self.dir_stat_self(d),
            Node::Link(_) => LINK_STAT,
        }
    }

    fn resolve_link(&self, link: &Rc<LinkNode>, seen: &mut Seen) -> Found {
        let root = self.root.clone();
        match self.try_open(&root, &link.target, FOLLOW, seen)? {
            Ok(Node::Link(_)) => None,
            other => Some(other),
        }
    }

    /// `Directory::tryOpen`.
    fn try_open(&self, dir: &Rc<DirNode>, path: &[String], options: OpenOptions, seen: &mut Seen) -> Found {
        let real = self.real(dir)?;
        let Some((first, rest)) = path.split_first() else { return Some(Ok(Node::Dir(dir.clone()))) };
        if let Some(found) = real.find(first) {
            if rest.is_empty() {
                return match found {
                    Node::Link(link) if options.follow => {
                        if let Err(e) = seen.check(&link) {
                            return Some(Err(e));
                        }
                        self.resolve_link(&link, seen)
                    }
                    other => Some(Ok(other)),
                };
            }
            return match found {
                Node::File(_) => None,
                Node::Dir(d) => self.try_open(&d, rest, options, seen),
                Node::Link(link) => {
                    if !options.follow {
                        return None;
                    }
                    if let Err(e) = seen.check(&link) {
                        return Some(Err(e));
                    }
                    match self.resolve_link(&link, seen)? {
                        Ok(Node::Dir(d)) => self.try_open(&d, rest, options, seen),
                        Ok(_) => None,
                        Err(e) => Some(Err(e)),
                    }
                }
            };
        }
        let kind = options.create_as?;
        if real.kind == DirKind::ReadOnly {
            return Some(Err(FsError::ReadOnly));
        }
        self.try_create(&real, path, kind)
    }

    fn try_create(&self, dir: &Rc<DirNode>, path: &[String], kind: NodeKind) -> Found {
        let (first, rest) = path.split_first()?;
        if rest.is_empty() {
            let node = match kind {
                NodeKind::File => Node::File(FileNode::new(FileKind::Writable, Vec::new())),
                NodeKind::Directory => Node::Dir(DirNode::new(DirKind::Writable)),
                NodeKind::Symlink => return Some(Err(FsError::NotPermitted)),
            };
            dir.insert(first, node.clone());
            return Some(Ok(node));
        }
        let created = DirNode::new(DirKind::Writable);
        let result =
            self.try_open(&created, rest, OpenOptions { create_as: Some(kind), follow: true }, &mut Seen::default())?;
        dir.insert(first, Node::Dir(created));
        Some(result)
    }

    /// `Directory::stat(path)`.
    fn stat_in(&self, dir: &Rc<DirNode>, path: &[String], seen: &mut Seen) -> Option<Result<Stat, FsError>> {
        let Some(real) = self.real(dir) else {
            return path.is_empty().then(|| Ok(dir_stat_of(true)));
        };
        let Some((first, rest)) = path.split_first() else { return Some(Ok(self.dir_stat_self(dir))) };
        match real.find(first)? {
            Node::File(f) => rest.is_empty().then(|| Ok(f.stat())),
            Node::Dir(d) => self.stat_in(&d, rest, seen),
            Node::Link(link) => {
                if let Err(e) = seen.check(&link) {
                    return Some(Err(e));
                }
                match self.resolve_link(&link, seen)? {
                    Ok(Node::File(f)) => Some(Ok(f.stat())),
                    Ok(Node::Dir(d)) => self.stat_in(&d, rest, seen),
                    Ok(Node::Link(_)) => None,
                    Err(e) => Some(Err(e)),
                }
            }
        }
    }

    /// `Directory::add`.
    fn add(&self, dir: &Rc<DirNode>, name: &str, node: Node) -> Result<(), FsError> {
        if dir.kind == DirKind::ReadOnly {
            return Err(FsError::NotPermitted);
        }
        let Some(real) = self.real(dir) else { return Err(FsError::NotPermitted) };
        if !single_component(name) {
            return Err(FsError::InvalidPath);
        }
        if real.find(name).is_some() {
            return Err(FsError::AlreadyExists);
        }
        real.insert(name, node);
        Ok(())
    }

    /// `Directory::remove`.
    fn remove(&self, dir: &Rc<DirNode>, path: &[String], recursive: bool) -> Result<bool, FsError> {
        if dir.kind == DirKind::ReadOnly {
            return Err(FsError::ReadOnly);
        }
        let Some(real) = self.real(dir) else { return Ok(false) };
        let Some((first, rest)) = path.split_first() else { return Ok(false) };
        let Some(found) = real.find(first) else { return Ok(false) };
        match found {
            Node::File(_) | Node::Link(_) => {
                if !rest.is_empty() {
                    return Err(FsError::NotDirectory);
                }
                Ok(real.erase(first))
            }
            Node::Dir(d) => {
                if rest.is_empty() {
                    if self.count(&d) > 0 && !recursive {
                        return Err(FsError::NotEmpty);
                    }
                    return Ok(real.erase(first));
                }
                self.remove(&d, rest, recursive)
            }
        }
    }

    /// `VirtualFileSystem::resolve`.
    fn resolve(&self, pathname: &str, follow: bool) -> Found {
        let root = self.root.clone();
        self.try_open(&root, &eval_path(pathname), OpenOptions { create_as: None, follow }, &mut Seen::default())
    }

    fn resolve_parts(&self, parts: &[String], options: OpenOptions) -> Found {
        let root = self.root.clone();
        self.try_open(&root, parts, options, &mut Seen::default())
    }

    fn fd(&self, fd: i32) -> Option<Rc<Opened>> {
        if (0..=2).contains(&fd) {
            return Some(Rc::new(Opened {
                read: true,
                write: true,
                append: true,
                node: Node::File(FileNode::new(FileKind::Stdio, Vec::new())),
                position: Cell::new(0),
            }));
        }
        self.fds.get(&fd).cloned()
    }
}

// ---------------------------------------------------------------------------------------
// Errors

fn uv_text(code: &str) -> &'static str {
    match code {
        "EACCES" => "permission denied",
        "EBADF" => "bad file descriptor",
        "EEXIST" => "file already exists",
        "EFBIG" => "file too large",
        "EINVAL" => "invalid argument",
        "EISDIR" => "illegal operation on a directory",
        "ELOOP" => "too many symbolic links encountered",
        "EMFILE" => "too many open files",
        "ENOENT" => "no such file or directory",
        "ENOSYS" => "function not implemented",
        "ENOTDIR" => "not a directory",
        "ENOTEMPTY" => "directory not empty",
        "EPERM" => "operation not permitted",
        "EIO" => "input/output error",
        _ => "unknown error",
    }
}

/// workerd's `createUVException`.
fn uv_error(code: &str, syscall: &str, message: Option<&str>, path: Option<&str>, context: &mut Context) -> JsError {
    // An empty path is no path (a `kj::StringPtr` of size 0 equals null).
    let path = path.filter(|p| !p.is_empty());
    let text = match (message, path) {
        (Some(m), _) => m.to_string(),
        (None, Some(p)) => format!("{}, {} '{}'", uv_text(code), syscall, p),
        (None, None) => uv_text(code).to_string(),
    };
    let error = JsNativeError::error().with_message(text).into_opaque(context);
    let set = |object: &JsObject, key: &str, value: &str, context: &mut Context| {
        drop(object.create_data_property_or_throw(JsString::from(key), JsString::from(value), context));
    };
    set(&error, "syscall", syscall, context);
    set(&error, "code", code, context);
    if let Some(p) = path {
        set(&error, "path", p, context);
    }
    JsError::from_opaque(error.into())
}

/// workerd's `throwFsError`.
fn fs_error(error: FsError, syscall: &str, path: Option<&str>, context: &mut Context) -> JsError {
    let (code, message) = match error {
        FsError::NotFound => ("ENOENT", None),
        FsError::NotDirectory => ("ENOTDIR", None),
        FsError::NotEmpty => ("ENOTEMPTY", None),
        FsError::ReadOnly | FsError::NotPermitted => ("EPERM", None),
        FsError::AlreadyExists => ("EEXIST", None),
        FsError::NotPermittedOnDirectory => ("EISDIR", None),
        FsError::Failed => ("EIO", None),
        FsError::InvalidPath => ("EINVAL", Some("Invalid path")),
        FsError::FileSizeLimitExceeded => ("EPERM", Some("File size limit exceeded")),
        FsError::SymlinkDepthExceeded => ("ELOOP", Some("symlink depth exceeded")),
    };
    uv_error(code, syscall, message, path, context)
}

// ---------------------------------------------------------------------------------------
// Arguments and results

struct Args<'a>(&'a [JsValue]);

impl Args<'_> {
    fn get(&self, i: usize) -> JsValue {
        self.0.get(i).cloned().unwrap_or_default()
    }
    fn string(&self, i: usize, context: &mut Context) -> JsResult<String> {
        Ok(self.get(i).to_string(context)?.to_std_string_escaped())
    }
    fn bool(&self, i: usize) -> bool {
        self.get(i).to_boolean()
    }
    fn number(&self, i: usize, context: &mut Context) -> JsResult<f64> {
        self.get(i).to_number(context)
    }
    /// A number, or `None` for `null`/`undefined`.
    fn optional_number(&self, i: usize, context: &mut Context) -> JsResult<Option<f64>> {
        let value = self.get(i);
        if value.is_null_or_undefined() { Ok(None) } else { value.to_number(context).map(Some) }
    }
    /// An fd (a number) or a path (a string).
    fn path_or_fd(&self, i: usize, context: &mut Context) -> JsResult<PathOrFd> {
        let value = self.get(i);
        if value.is_number() {
            Ok(PathOrFd::Fd(value.to_number(context)? as i32))
        } else {
            Ok(PathOrFd::Path(value.to_string(context)?.to_std_string_escaped()))
        }
    }
    fn views(&self, i: usize, context: &mut Context) -> JsResult<Vec<View>> {
        let value = self.get(i);
        let Some(array) = value.as_object().and_then(|o| JsArray::from_object(o.clone()).ok()) else {
            return Err(js_error!(TypeError: "host.fs: expected an array of views"));
        };
        let length = array.length(context)?;
        let mut views = Vec::new();
        for at in 0..length {
            let item = array.get(at, context)?;
            views.push(View::of(&item, context)?);
        }
        Ok(views)
    }
}

enum PathOrFd {
    Path(String),
    Fd(i32),
}

/// A byte range of an `ArrayBuffer` (a typed array's or a `DataView`'s).
struct View {
    buffer: JsArrayBuffer,
    offset: usize,
    length: usize,
}

impl View {
    fn of(value: &JsValue, context: &mut Context) -> JsResult<View> {
        let object = value.as_object().ok_or_else(|| js_error!(TypeError: "host.fs: expected a view"))?;
        let (buffer, offset, length) = if let Ok(view) = JsTypedArray::from_object(object.clone()) {
            (view.buffer(context)?, view.byte_offset(context)?, view.byte_length(context)?)
        } else if let Ok(view) = boa_engine::object::builtins::JsDataView::from_object(object.clone()) {
            (view.buffer(context)?, view.byte_offset(context)? as usize, view.byte_length(context)? as usize)
        } else {
            return Err(js_error!(TypeError: "host.fs: expected a view"));
        };
        let buffer = buffer
            .as_object()
            .and_then(|b| JsArrayBuffer::from_object(b.clone()).ok())
            .ok_or_else(|| js_error!(TypeError: "host.fs: expected a view over an ArrayBuffer"))?;
        Ok(View { buffer, offset, length })
    }

    fn bytes(&self) -> Vec<u8> {
        self.buffer
            .data()
            .and_then(|d| d.get(self.offset..self.offset + self.length).map(<[u8]>::to_vec))
            .unwrap_or_default()
    }

    fn fill(&self, bytes: &[u8]) {
        if let Some(mut data) = self.buffer.data_mut()
            && let Some(target) = data.get_mut(self.offset..self.offset + bytes.len())
        {
            target.copy_from_slice(bytes);
        }
    }
}

fn array_buffer(bytes: &[u8], context: &mut Context) -> JsResult<JsValue> {
    let buffer = JsArrayBuffer::new(bytes.len(), context)?;
    if let Some(mut data) = buffer.data_mut() {
        data.copy_from_slice(bytes);
    }
    Ok(buffer.into())
}

fn stat_value(stat: Stat, context: &mut Context) -> JsResult<JsValue> {
    let kind = match stat.kind {
        NodeKind::File => "file",
        NodeKind::Directory => "directory",
        NodeKind::Symlink => "symlink",
    };
    let object = JsObject::with_object_proto(context.intrinsics());
    object.create_data_property_or_throw(js_string!("type"), JsString::from(kind), context)?;
    object.create_data_property_or_throw(js_string!("size"), stat.size as f64, context)?;
    object.create_data_property_or_throw(js_string!("lastModified"), stat.modified_ms, context)?;
    object.create_data_property_or_throw(js_string!("created"), 0, context)?;
    object.create_data_property_or_throw(js_string!("writable"), stat.writable, context)?;
    object.create_data_property_or_throw(js_string!("device"), stat.device, context)?;
    Ok(object.into())
}

// ---------------------------------------------------------------------------------------
// The door

/// `host.fs(op, args)`: runs file-system operation `op` (a string) with the arguments in
/// the array `args`.
pub(crate) fn host_fs(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let op = args.first().cloned().unwrap_or_default().to_string(context)?.to_std_string_escaped();
    let list = args.get(1).cloned().unwrap_or_default();
    let mut values = Vec::new();
    if let Some(array) = list.as_object().and_then(|o| JsArray::from_object(o.clone()).ok()) {
        let length = array.length(context)?;
        for at in 0..length {
            values.push(array.get(at, context)?);
        }
    }
    let host = Host::of(context);
    let fs = host.get::<NodeFs>();
    fs.ensure();
    set_scope(&fs, &host);
    let args = Args(&values);
    let result = if matches!(op.as_str(), "open" | "close" | "mkdir") {
        let mut guard = fs.tree.borrow_mut();
        let tree = guard.as_mut().expect("ensured above");
        match op.as_str() {
            "open" => op_open(tree, &args, context),
            "close" => op_close(tree, &args, context),
            _ => op_mkdir(tree, &args, context),
        }
    } else {
        let guard = fs.tree.borrow();
        let tree = guard.as_ref().expect("ensured above");
        match op.as_str() {
            "stat" => op_stat(tree, &args, context),
            "setLastModified" => op_set_last_modified(tree, &args, context),
            "truncate" => op_truncate(tree, &args, context),
            "readLink" => op_read_link(tree, &args, context),
            "link" => op_link(tree, &args, context),
            "unlink" => op_unlink(tree, &args, context),
            "readAll" => op_read_all(tree, &host, &args, context),
            "writeAll" => op_write_all(tree, &args, context),
            "renameOrCopy" => op_rename_or_copy(tree, &args, context),
            "rm" => op_rm(tree, &args, context),
            "readdir" => op_readdir(tree, &args, context),
            "cp" => op_cp(tree, &args, context),
            "blob" => op_blob(tree, &args, context),
            "read" => op_read(tree, &host, &args, context),
            "write" => op_write(tree, &args, context),
            _ => Err(js_error!(TypeError: "host.fs: unknown operation {}", op)),
        }
    };
    if let Some(tree) = fs.tree.borrow_mut().as_mut() {
        tree.current_tmp = None;
    }
    result
}

/// Points `/tmp` at the store of the running scope: the request's, or the top level's
/// while it evaluates; none otherwise (workerd's `TmpDirectory` without a scope).
fn set_scope(fs: &NodeFs, host: &Host) {
    let mut guard = fs.tree.borrow_mut();
    let Some(tree) = guard.as_mut() else { return };
    let store = match host.current.get() {
        Owner::Request(id) => {
            Some(tree.request_tmp.entry(id).or_insert_with(|| DirNode::new(DirKind::Writable)).clone())
        }
        Owner::Startup if host.booting.get() => {
            Some(tree.startup_tmp.get_or_insert_with(|| DirNode::new(DirKind::Writable)).clone())
        }
        Owner::Startup => {
            tree.startup_tmp = None;
            None
        }
    };
    tree.current_tmp = store;
}

/// Whether the running code is inside a request (where `/dev/random` yields bytes).
fn in_request(host: &Host) -> bool {
    host.current.get().is_request() && !host.booting.get()
}

fn op_stat(tree: &Tree, args: &Args, context: &mut Context) -> JsResult<JsValue> {
    let follow = args.bool(1);
    match args.path_or_fd(0, context)? {
        PathOrFd::Path(path) => match tree.resolve(&path, follow) {
            None => Ok(JsValue::null()),
            Some(Ok(node)) => stat_value(tree.stat_node(&node), context),
            Some(Err(e)) => Err(fs_error(e, "stat", None, context)),
        },
        PathOrFd::Fd(fd) => match tree.fd(fd) {
            Some(opened) => stat_value(tree.stat_node(&opened.node), context),
            None => Err(uv_error("EBADF", "fstat", None, None, context)),
        },
    }
}

fn op_set_last_modified(tree: &Tree, args: &Args, context: &mut Context) -> JsResult<JsValue> {
    let ms = args.number(1, context)?;
    let follow = args.bool(2);
    let node = match args.path_or_fd(0, context)? {
        PathOrFd::Path(path) => match tree.resolve(&path, follow) {
            None => return Err(uv_error("ENOENT", "utimes", None, Some(&path), context)),
            Some(Err(e)) => return Err(fs_error(e, "futimes", None, context)),
            Some(Ok(node)) => node,
        },
        PathOrFd::Fd(fd) => match tree.fd(fd) {
            Some(opened) => opened.node.clone(),
            None => return Err(uv_error("EBADF", "futimes", None, None, context)),
        },
    };
    if let Node::File(file) = node
        && let Err(e) = file.set_modified(ms)
    {
        return Err(fs_error(e, "futimes", None, context));
    }
    Ok(JsValue::undefined())
}

fn op_truncate(tree: &Tree, args: &Args, context: &mut Context) -> JsResult<JsValue> {
    let size = args.number(1, context)? as usize;
    let node = match args.path_or_fd(0, context)? {
        PathOrFd::Path(path) => match tree.resolve(&path, true) {
            None => return Err(uv_error("ENOENT", "ftruncate", None, Some(&path), context)),
            Some(Err(e)) => return Err(fs_error(e, "ftruncate", None, context)),
            Some(Ok(node)) => node,
        },
        PathOrFd::Fd(fd) => match tree.fd(fd) {
            Some(opened) => opened.node.clone(),
            None => return Err(uv_error("EBADF", "ftruncate", None, None, context)),
        },
    };
    match node {
        Node::File(file) => match file.resize(size) {
            Ok(()) => Ok(JsValue::undefined()),
            Err(e) => Err(fs_error(e, "ftruncate", None, context)),
        },
        Node::Dir(_) => Err(uv_error("EISDIR", "ftruncate", None, None, context)),
        Node::Link(_) => Err(uv_error("EINVAL", "ftruncate", None, None, context)),
    }
}

fn op_read_link(tree: &Tree, args: &Args, context: &mut Context) -> JsResult<JsValue> {
    let path = args.string(0, context)?;
    let fail_if_not_link = args.bool(1);
    match tree.resolve(&path, false) {
        None => Err(uv_error("ENOENT", "readlink", None, Some(&path), context)),
        Some(Err(e)) => Err(fs_error(e, "readlink", Some(&path), context)),
        Some(Ok(Node::Link(link))) => Ok(JsString::from(absolute(&link.target)).into()),
        Some(Ok(_)) => {
            if fail_if_not_link {
                return Err(uv_error("EINVAL", "readlink", None, None, context));
            }
            Ok(JsString::from(absolute(&eval_path(&path))).into())
        }
    }
}

fn op_link(tree: &Tree, args: &Args, context: &mut Context) -> JsResult<JsValue> {
    let from = args.string(0, context)?;
    let to = args.string(1, context)?;
    let symbolic = args.bool(2);
    if let Some(found) = tree.resolve(&from, true) {
        if let Err(e) = found {
            return Err(fs_error(e, "link", None, context));
        }
        return Err(uv_error("EEXIST", "link", Some("File already exists"), None, context));
    }
    let (base, name) = relative(&from);
    if name.is_empty() {
        return Err(uv_error("EINVAL", "link", Some("Invalid filename"), None, context));
    }
    let dir = match tree.resolve(base, true) {
        None => return Err(uv_error("ENOENT", "link", Some("Directory does not exist"), Some(&to), context)),
        Some(Ok(Node::Dir(d))) => d,
        Some(_) => return Err(uv_error("EINVAL", "link", Some("Not a directory"), None, context)),
    };
    if symbolic {
        let link = Node::Link(Rc::new(LinkNode { target: eval_path(&to) }));
        return match tree.add(&dir, name, link) {
            Ok(()) => Ok(JsValue::undefined()),
            Err(e) => Err(fs_error(e, "link", None, context)),
        };
    }
    let target = match tree.resolve(&to, false) {
        None => return Err(uv_error("ENOENT", "link", Some("File not found"), Some(&to), context)),
        Some(Err(e)) => return Err(fs_error(e, "link", None, context)),
        Some(Ok(Node::Dir(_))) => {
            return Err(uv_error("EPERM", "link", Some("Cannot hardlink to a directory"), None, context));
        }
        Some(Ok(node)) => node,
    };
    match tree.add(&dir, name, target) {
        Ok(()) => Ok(JsValue::undefined()),
        Err(e) => Err(fs_error(e, "link", None, context)),
    }
}

fn op_unlink(tree: &Tree, args: &Args, context: &mut Context) -> JsResult<JsValue> {
    let path = args.string(0, context)?;
    let (base, name) = relative(&path);
    let dir = match tree.resolve(base, true) {
        None => return Err(uv_error("ENOENT", "unlink", Some("File not found"), Some(name), context)),
        Some(Ok(Node::Dir(d))) => d,
        Some(_) => {
            return Err(uv_error("ENOTDIR", "unlink", Some("Parent path is not a directory"), None, context));
        }
    };
    let parts = eval_path(name);
    match tree.stat_in(&dir, &parts, &mut Seen::default()) {
        None => return Err(uv_error("ENOENT", "unlink", Some("File not found"), Some(name), context)),
        Some(Err(e)) => return Err(fs_error(e, "unlink", None, context)),
        Some(Ok(stat)) if stat.kind == NodeKind::Directory => {
            return Err(uv_error("EISDIR", "unlink", Some("Cannot unlink a directory"), None, context));
        }
        Some(Ok(_)) => {}
    }
    match tree.remove(&dir, &parts, false) {
        Ok(_) => Ok(JsValue::undefined()),
        Err(e) => Err(fs_error(e, "unlink", None, context)),
    }
}

fn op_open(tree: &mut Tree, args: &Args, context: &mut Context) -> JsResult<JsValue> {
    let path = args.string(0, context)?;
    let (read, write, append, create) = (args.bool(1), args.bool(2), args.bool(3), args.bool(4));
    let (exclusive, truncate, follow) = (args.bool(5), args.bool(6), args.bool(7));
    let parts = eval_path(&path);
    let open = || -> Result<Node, FsError> {
        if exclusive && write {
            let root = tree.root.clone();
            match tree.stat_in(&root, &parts, &mut Seen::default()) {
                Some(Ok(_)) => return Err(FsError::AlreadyExists),
                Some(Err(e)) => return Err(e),
                None => {}
            }
        }
        let node = match tree.resolve_parts(&parts, OpenOptions { create_as: None, follow }) {
            Some(found) => found?,
            None => {
                let (base, _) = relative(&path);
                let dir = match tree.resolve(base, true) {
                    None => return Err(FsError::NotFound),
                    Some(Ok(Node::Dir(d))) => d,
                    Some(Ok(_)) => return Err(FsError::NotDirectory),
                    Some(Err(e)) => return Err(e),
                };
                if !create {
                    return Err(FsError::NotFound);
                }
                if !tree.dir_writable(&dir) {
                    return Err(FsError::NotPermitted);
                }
                tree.resolve_parts(&parts, OpenOptions { create_as: Some(NodeKind::File), follow })
                    .unwrap_or(Err(FsError::Failed))?
            }
        };
        match &node {
            Node::File(file) if write && !file.writable() => Err(FsError::NotPermitted),
            Node::File(file) if write && truncate && file.kind == FileKind::Writable => {
                file.resize(0).map(|()| node.clone())
            }
            Node::Dir(_) if write => Err(FsError::NotPermittedOnDirectory),
            Node::Link(_) if write => Err(FsError::NotPermitted),
            _ => Ok(node.clone()),
        }
    };
    let node = match open() {
        Ok(node) => node,
        Err(e) => return Err(fs_error(e, "open", Some(&path), context)),
    };
    let fd = tree.next_fd;
    tree.next_fd += 1;
    tree.fds.insert(fd, Rc::new(Opened { read, write, append, node, position: Cell::new(0) }));
    Ok(fd.into())
}

fn op_close(tree: &mut Tree, args: &Args, context: &mut Context) -> JsResult<JsValue> {
    let fd = args.number(0, context)? as i32;
    if fd > 2 {
        tree.fds.remove(&fd);
    }
    Ok(JsValue::undefined())
}

fn op_write(tree: &Tree, args: &Args, context: &mut Context) -> JsResult<JsValue> {
    let fd = args.number(0, context)? as i32;
    let views = args.views(1, context)?;
    let position = args.optional_number(2, context)?;
    let Some(opened) = tree.fd(fd) else { return Err(uv_error("EBADF", "write", None, None, context)) };
    let file = match &opened.node {
        Node::File(file) => file.clone(),
        Node::Dir(_) => return Err(uv_error("EISDIR", "write", None, None, context)),
        Node::Link(_) => return Err(uv_error("EINVAL", "write", None, None, context)),
    };
    let mut at = if opened.append {
        file.stat().size
    } else {
        let pos = position.unwrap_or(opened.position.get() as f64);
        if pos > u32::MAX as f64 {
            return Err(uv_error("EINVAL", "write", Some("position out of range"), None, context));
        }
        pos as usize
    };
    let mut total = 0;
    for view in views {
        match file.write(at, &view.bytes()) {
            Ok(n) => {
                at += n;
                total += n;
            }
            Err(e) => return Err(fs_error(e, "write", None, context)),
        }
    }
    if position.is_none() && !opened.append {
        opened.position.set(opened.position.get() + total);
    }
    Ok((total as f64).into())
}

fn random_source<'a>(host: &'a Host) -> impl FnMut(&mut [u8]) -> bool + 'a {
    move |out: &mut [u8]| {
        if !in_request(host) {
            return false;
        }
        host.world.random(host.current.get(), "node:fs /dev/random").fill_bytes(out);
        true
    }
}

fn op_read(tree: &Tree, host: &Host, args: &Args, context: &mut Context) -> JsResult<JsValue> {
    let fd = args.number(0, context)? as i32;
    let views = args.views(1, context)?;
    let position = args.optional_number(2, context)?;
    let Some(opened) = tree.fd(fd) else { return Err(uv_error("EBADF", "read", None, None, context)) };
    if !opened.read {
        return Err(uv_error("EBADF", "read", None, None, context));
    }
    let file = match &opened.node {
        Node::File(file) => file.clone(),
        Node::Dir(_) => return Err(uv_error("EISDIR", "read", None, None, context)),
        Node::Link(_) => return Err(uv_error("EINVAL", "read", None, None, context)),
    };
    let pos = position.unwrap_or(opened.position.get() as f64);
    if pos > u32::MAX as f64 {
        return Err(uv_error("EINVAL", "read", Some("position out of range"), None, context));
    }
    let mut at = pos as usize;
    let mut total = 0;
    let mut random = random_source(host);
    for view in views {
        let mut bytes = vec![0u8; view.length];
        let n = file.read(at, &mut bytes, &mut random);
        view.fill(&bytes[..n]);
        at += n;
        total += n;
        if n < view.length {
            break;
        }
    }
    if position.is_none() {
        opened.position.set(opened.position.get() + total);
    }
    Ok((total as f64).into())
}

/// All of a file's bytes (what `readAllBytes` gives: `stat().size` bytes).
fn all_bytes(file: &FileNode, host: &Host) -> Vec<u8> {
    let size = file.stat().size;
    let mut bytes = vec![0u8; size];
    file.read(0, &mut bytes, &mut random_source(host));
    bytes
}

fn op_read_all(tree: &Tree, host: &Host, args: &Args, context: &mut Context) -> JsResult<JsValue> {
    match args.path_or_fd(0, context)? {
        PathOrFd::Path(path) => match tree.resolve(&path, true) {
            None => Err(uv_error("ENOENT", "readAll", None, Some(&path), context)),
            Some(Err(e)) => Err(fs_error(e, "readAll", None, context)),
            Some(Ok(Node::File(file))) => array_buffer(&all_bytes(&file, host), context),
            Some(Ok(_)) => Err(uv_error("EISDIR", "readAll", None, None, context)),
        },
        PathOrFd::Fd(fd) => {
            let Some(opened) = tree.fd(fd) else { return Err(uv_error("EBADF", "fread", None, None, context)) };
            if !opened.read {
                return Err(uv_error("EBADF", "fread", None, None, context));
            }
            let Node::File(file) = &opened.node else { return Err(uv_error("EBADF", "fread", None, None, context)) };
            let bytes = all_bytes(file, host);
            opened.position.set(file.stat().size);
            array_buffer(&bytes, context)
        }
    }
}

fn op_write_all(tree: &Tree, args: &Args, context: &mut Context) -> JsResult<JsValue> {
    let data = View::of(&args.get(1), context)?.bytes();
    let (append, exclusive) = (args.bool(2), args.bool(3));
    if data.len() > u32::MAX as usize {
        return Err(uv_error("EFBIG", "writeAll", None, None, context));
    }
    match args.path_or_fd(0, context)? {
        PathOrFd::Path(path) => {
            if let Some(found) = tree.resolve(&path, true) {
                if exclusive {
                    return Err(uv_error("EEXIST", "writeAll", Some("file already exists"), None, context));
                }
                return match found {
                    Ok(Node::File(file)) => {
                        let stat = file.stat();
                        if !stat.writable {
                            return Err(uv_error("EPERM", "writeAll", None, None, context));
                        }
                        let result = if append {
                            file.write(stat.size, &data)
                        } else {
                            file.resize(data.len()).and_then(|()| file.write(0, &data))
                        };
                        match result {
                            Ok(n) => Ok((n as f64).into()),
                            Err(e) => Err(fs_error(e, "writeAll", None, context)),
                        }
                    }
                    Ok(Node::Dir(_)) => Err(uv_error("EISDIR", "writeAll", None, None, context)),
                    Ok(Node::Link(_)) => Err(uv_error("EINVAL", "writeAll", None, None, context)),
                    Err(e) => Err(fs_error(e, "writeAll", None, context)),
                };
            }
            let (base, name) = relative(&path);
            match tree.resolve(base, true) {
                None => Err(uv_error("ENOENT", "writeAll", None, Some(&path), context)),
                Some(Ok(Node::File(_))) => Err(uv_error("ENOTDIR", "writeAll", None, None, context)),
                Some(Ok(Node::Link(_))) => Err(uv_error("EINVAL", "writeAll", None, None, context)),
                Some(Err(e)) => Err(fs_error(e, "writeAll", None, context)),
                Some(Ok(Node::Dir(dir))) => {
                    if !tree.dir_writable(&dir) {
                        return Err(uv_error("EPERM", "writeAll", None, None, context));
                    }
                    if data.len() > FILE_SIZE_MAX {
                        return Err(fs_error(FsError::FileSizeLimitExceeded, "writeAll", None, context));
                    }
                    let file = FileNode::new(FileKind::Writable, data.clone());
                    match tree.add(&dir, name, Node::File(file)) {
                        Ok(()) => Ok((data.len() as f64).into()),
                        Err(e) => Err(fs_error(e, "writeAll", None, context)),
                    }
                }
            }
        }
        PathOrFd::Fd(fd) => {
            let Some(opened) = tree.fd(fd) else { return Err(uv_error("EBADF", "fwrite", None, None, context)) };
            if !opened.write {
                return Err(uv_error("EBADF", "fwrite", None, None, context));
            }
            let Node::File(file) = &opened.node else { return Err(uv_error("EBADF", "fwrite", None, None, context)) };
            let stat = file.stat();
            if !stat.writable {
                return Err(uv_error("EPERM", "fwrite", None, None, context));
            }
            let result = if opened.append || append {
                file.write(stat.size, &data).map_err(|e| fs_error(e, "write", None, context))
            } else {
                file.resize(data.len())
                    .and_then(|()| file.write(0, &data))
                    .map_err(|e| fs_error(e, "fwriteAll", None, context))
            };
            opened.position.set(file.stat().size);
            result.map(|n| (n as f64).into())
        }
    }
}

fn op_rename_or_copy(tree: &Tree, args: &Args, context: &mut Context) -> JsResult<JsValue> {
    let src = args.string(0, context)?;
    let dest = args.string(1, context)?;
    let copy = args.bool(2);
    let op = if copy { "copy" } else { "rename" };
    let (base, name) = relative(&dest);
    let dir = match tree.resolve(base, true) {
        None => return Err(uv_error("ENOENT", op, None, Some(name), context)),
        Some(Ok(Node::Dir(d))) => d,
        Some(Ok(_)) => return Err(uv_error("ENOTDIR", op, None, None, context)),
        Some(Err(e)) => return Err(fs_error(e, op, None, context)),
    };
    let (src_base, src_name) = relative(&src);
    let mut src_parent = None;
    if !copy {
        match tree.resolve(src_base, true) {
            None => return Err(uv_error("ENOENT", op, None, Some(src_name), context)),
            Some(Ok(Node::Dir(d))) => {
                if !tree.dir_writable(&d) {
                    return Err(uv_error("EPERM", op, None, None, context));
                }
                src_parent = Some(d);
            }
            Some(Ok(_)) => return Err(uv_error("ENOTDIR", op, None, None, context)),
            Some(Err(e)) => return Err(fs_error(e, op, None, context)),
        }
    }
    let node = match tree.resolve(&src, true) {
        None => return Err(uv_error("ENOENT", op, None, Some(&src), context)),
        Some(Err(e)) => return Err(fs_error(e, op, None, context)),
        Some(Ok(node)) => node,
    };
    if copy && matches!(node, Node::Dir(_)) {
        return Err(uv_error("EISDIR", op, None, None, context));
    }
    let (src_parts, dest_parts) = (eval_path(&src), eval_path(&dest));
    if !copy && src_parts == dest_parts {
        return Ok(JsValue::undefined());
    }
    if matches!(node, Node::Dir(_)) && dest_parts.len() > src_parts.len() && dest_parts.starts_with(&src_parts) {
        return Err(uv_error("EINVAL", op, None, None, context));
    }
    match tree.resolve(&dest, true) {
        None => {}
        Some(Err(e)) => return Err(fs_error(e, op, None, context)),
        Some(Ok(existing)) => {
            match (&node, &existing) {
                (Node::Dir(_), Node::Dir(d)) if tree.count(d) > 0 => {
                    return Err(uv_error("ENOTEMPTY", op, None, None, context));
                }
                (Node::Dir(_), Node::Dir(_)) => {}
                (_, Node::Dir(_)) => return Err(uv_error("EISDIR", op, None, None, context)),
                (Node::Dir(_), _) => return Err(uv_error("ENOTDIR", op, None, None, context)),
                _ => {}
            }
            if let Err(e) = tree.remove(&dir, &[name.to_string()], false) {
                return Err(fs_error(e, op, None, context));
            }
        }
    }
    let moved = match node {
        Node::File(file) => Node::File(if copy { file.clone_file() } else { file }),
        Node::Dir(d) => {
            if copy {
                return Err(uv_error("EISDIR", op, None, None, context));
            }
            Node::Dir(d)
        }
        link => link,
    };
    if let Err(e) = tree.add(&dir, name, moved) {
        return Err(fs_error(e, op, None, context));
    }
    if let Some(parent) = src_parent
        && let Err(e) = tree.remove(&parent, &[src_name.to_string()], true)
    {
        return Err(fs_error(e, "rename", None, context));
    }
    Ok(JsValue::undefined())
}

fn op_mkdir(tree: &mut Tree, args: &Args, context: &mut Context) -> JsResult<JsValue> {
    let path = args.string(0, context)?;
    let (recursive, tmp) = (args.bool(1), args.bool(2));
    match tree.resolve(&path, false) {
        None => {}
        Some(Ok(Node::Dir(_))) => return Ok(JsValue::undefined()),
        Some(Ok(_)) => return Err(uv_error("EEXIST", "mkdir", None, None, context)),
        Some(Err(e)) => return Err(fs_error(e, "mkdir", None, context)),
    }
    if recursive {
        let parts = eval_path(&path);
        let Some((name, folders)) = parts.split_last() else { return Ok(JsValue::undefined()) };
        let mut current = tree.root.clone();
        let mut walked: Vec<String> = Vec::new();
        let mut created = None;
        for part in folders {
            walked.push(part.clone());
            match tree.try_open(&current, std::slice::from_ref(part), FOLLOW, &mut Seen::default()) {
                Some(Ok(Node::Dir(d))) => {
                    current = d;
                    continue;
                }
                Some(Ok(_)) => return Err(uv_error("ENOTDIR", "mkdir", None, None, context)),
                Some(Err(e)) => return Err(fs_error(e, "mkdir", None, context)),
                None => {}
            }
            if !tree.dir_writable(&current) {
                return Err(uv_error("EPERM", "mkdir", None, None, context));
            }
            let dir = DirNode::new(DirKind::Writable);
            if let Err(e) = tree.add(&current, part, Node::Dir(dir.clone())) {
                return Err(fs_error(e, "mkdir", None, context));
            }
            current = dir;
            if created.is_none() {
                created = Some(absolute(&walked));
            }
        }
        if let Err(e) = tree.add(&current, name, Node::Dir(DirNode::new(DirKind::Writable))) {
            return Err(fs_error(e, "mkdir", None, context));
        }
        return Ok(created.map(|p| JsString::from(p).into()).unwrap_or_default());
    }
    let (base, name) = relative(&path);
    match tree.resolve(base, true) {
        None => Err(uv_error("ENOENT", "mkdir", None, Some(name), context)),
        Some(Ok(Node::Dir(dir))) => {
            if !tree.dir_writable(&dir) {
                return Err(uv_error("EPERM", "mkdir", None, None, context));
            }
            if tmp {
                if tree.tmp_counter == u32::MAX {
                    return Err(uv_error(
                        "EPERM",
                        "mkdir",
                        Some("Too many temporary directories created"),
                        None,
                        context,
                    ));
                }
                let unique = format!("{name}{}", tree.tmp_counter);
                tree.tmp_counter += 1;
                if let Err(e) = tree.add(&dir, &unique, Node::Dir(DirNode::new(DirKind::Writable))) {
                    return Err(fs_error(e, "mkdir", None, context));
                }
                return Ok(JsString::from(format!("{base}{unique}")).into());
            }
            match tree.add(&dir, name, Node::Dir(DirNode::new(DirKind::Writable))) {
                Ok(()) => Ok(JsValue::undefined()),
                Err(e) => Err(fs_error(e, "mkdir", None, context)),
            }
        }
        Some(Ok(_)) => Err(uv_error("ENOTDIR", "mkdir", None, None, context)),
        Some(Err(e)) => Err(fs_error(e, "mkdir", Some(name), context)),
    }
}

fn op_rm(tree: &Tree, args: &Args, context: &mut Context) -> JsResult<JsValue> {
    let path = args.string(0, context)?;
    let (recursive, dironly) = (args.bool(1), args.bool(3));
    let (base, name) = relative(&path);
    let dir = match tree.resolve(base, true) {
        None => return Err(uv_error("ENOENT", "rm", None, Some(name), context)),
        Some(Ok(Node::Dir(d))) => d,
        Some(_) => return Err(uv_error("ENOTDIR", "rm", None, Some(name), context)),
    };
    if !tree.dir_writable(&dir) {
        return Err(uv_error("EPERM", "rm", None, None, context));
    }
    let parts = eval_path(name);
    if dironly {
        match tree.stat_in(&dir, &parts, &mut Seen::default()) {
            None => return Err(uv_error("ENOENT", "rm", None, Some(name), context)),
            Some(Err(e)) => return Err(fs_error(e, "rm", None, context)),
            Some(Ok(stat)) if stat.kind != NodeKind::Directory => {
                return Err(uv_error("ENOTDIR", "rm", None, None, context));
            }
            Some(Ok(_)) => {}
        }
    }
    match tree.remove(&dir, &parts, recursive) {
        Ok(_) => Ok(JsValue::undefined()),
        Err(e) => Err(fs_error(e, "rm", Some(name), context)),
    }
}

struct DirEntry {
    name: String,
    parent: String,
    kind: i32,
}

fn readdir_into(
    tree: &Tree,
    dir: &Rc<DirNode>,
    path: &[String],
    recursive: bool,
    out: &mut Vec<DirEntry>,
    seen: &mut Seen,
) -> Result<(), FsError> {
    for (key, node) in tree.entries(dir) {
        let mut child: Vec<String> = path.to_vec();
        child.push(key.clone());
        let name = if recursive { child.join("/") } else { key.clone() };
        let parent = absolute(path);
        match node {
            Node::File(file) => {
                let kind = if file.device() { DIRENT_CHAR } else { DIRENT_FILE };
                out.push(DirEntry { name, parent, kind });
            }
            Node::Dir(d) => {
                out.push(DirEntry { name, parent, kind: DIRENT_DIR });
                if recursive {
                    readdir_into(tree, &d, &child, recursive, out, seen)?;
                }
            }
            Node::Link(link) => {
                out.push(DirEntry { name, parent, kind: DIRENT_LINK });
                if recursive {
                    seen.check(&link)?;
                    match tree.resolve_link(&link, seen) {
                        Some(Ok(Node::Dir(d))) => readdir_into(tree, &d, &child, recursive, out, seen)?,
                        Some(Err(e)) => return Err(e),
                        _ => {}
                    }
                }
            }
        }
    }
    Ok(())
}

fn op_readdir(tree: &Tree, args: &Args, context: &mut Context) -> JsResult<JsValue> {
    let path = args.string(0, context)?;
    let recursive = args.bool(1);
    let dir = match tree.resolve(&path, false) {
        None => return Err(uv_error("ENOENT", "readdir", None, Some(&path), context)),
        Some(Ok(Node::Dir(d))) => d,
        Some(Ok(Node::File(_))) => return Err(uv_error("ENOTDIR", "readdir", None, Some(&path), context)),
        Some(Ok(Node::Link(_))) => return Err(uv_error("EINVAL", "readdir", None, Some(&path), context)),
        Some(Err(e)) => return Err(fs_error(e, "readdir", Some(&path), context)),
    };
    let mut entries = Vec::new();
    if let Err(e) = readdir_into(tree, &dir, &eval_path(&path), recursive, &mut entries, &mut Seen::default()) {
        return Err(fs_error(e, "readdir", None, context));
    }
    let array = JsArray::new(context)?;
    for entry in entries {
        let object = JsObject::with_object_proto(context.intrinsics());
        object.create_data_property_or_throw(js_string!("name"), JsString::from(entry.name), context)?;
        object.create_data_property_or_throw(js_string!("parentPath"), JsString::from(entry.parent), context)?;
        object.create_data_property_or_throw(js_string!("type"), entry.kind, context)?;
        array.push(object, context)?;
    }
    Ok(array.into())
}

fn op_blob(tree: &Tree, args: &Args, context: &mut Context) -> JsResult<JsValue> {
    let path = args.string(0, context)?;
    match tree.resolve(&path, true) {
        None | Some(Err(_)) => Err(uv_error("ENOENT", "open", None, Some(&path), context)),
        Some(Ok(Node::File(file))) => {
            let bytes = file.data.borrow().clone();
            array_buffer(&bytes, context)
        }
        Some(Ok(Node::Dir(_))) => Err(uv_error("EISDIR", "open", None, None, context)),
        Some(Ok(Node::Link(_))) => Err(uv_error("EINVAL", "open", None, None, context)),
    }
}

// ---------------------------------------------------------------------------------------
// cp

struct CpOptions {
    dereference: bool,
    recursive: bool,
    force: bool,
    error_on_exist: bool,
}

/// A Node `ERR_FS_*` error as workerd's native code builds it.
fn node_code_error(code: &str, message: &str, context: &mut Context) -> JsError {
    let error = JsNativeError::error().with_message(message.to_string()).into_opaque(context);
    drop(error.create_data_property_or_throw(js_string!("code"), JsString::from(code), context));
    JsError::from_opaque(error.into())
}

fn cp_error(e: FsError, context: &mut Context) -> JsError {
    fs_error(e, "cp", None, context)
}

/// The directory at `base` (URL path of a folder), created (with its missing parents)
/// where the tree lets it be.
fn cp_parent(tree: &Tree, base: &str, context: &mut Context) -> JsResult<Rc<DirNode>> {
    let parts = eval_path(base);
    match tree.resolve_parts(&parts, OpenOptions { create_as: Some(NodeKind::Directory), follow: true }) {
        Some(Ok(Node::Dir(d))) => Ok(d),
        Some(Ok(Node::File(_))) => Err(uv_error("ENOTDIR", "cp", None, None, context)),
        Some(Ok(Node::Link(_))) | None => Err(uv_error("EINVAL", "cp", None, None, context)),
        Some(Err(e)) => Err(cp_error(e, context)),
    }
}

fn cp_place(tree: &Tree, node: Node, dest: &str, context: &mut Context) -> JsResult<()> {
    let (base, name) = relative(dest);
    let dir = cp_parent(tree, base, context)?;
    if let Err(e) = tree.remove(&dir, &[name.to_string()], false) {
        return Err(cp_error(e, context));
    }
    let node = match node {
        Node::File(file) => Node::File(file.clone_file()),
        other => other,
    };
    tree.add(&dir, name, node).map_err(|e| cp_error(e, context))
}

fn cp_replace_entry(tree: &Tree, dest: &Rc<DirNode>, name: &str, node: Node, context: &mut Context) -> JsResult<()> {
    if let Err(e) = tree.remove(dest, &[name.to_string()], false) {
        return Err(cp_error(e, context));
    }
    tree.add(dest, name, node).map_err(|e| cp_error(e, context))
}

fn cp_dir(
    tree: &Tree,
    src: &Rc<DirNode>,
    dest: &Rc<DirNode>,
    options: &CpOptions,
    context: &mut Context,
) -> JsResult<()> {
    if !tree.dir_writable(dest) {
        return Err(uv_error("EPERM", "cp", Some("Destination directory is not writable"), None, context));
    }
    if Rc::ptr_eq(src, dest) {
        return Err(uv_error("EINVAL", "cp", Some("Source and destination directories are the same"), None, context));
    }
    let open = OpenOptions { create_as: None, follow: options.dereference };
    for (name, node) in tree.entries(src) {
        let existing = tree.try_open(dest, std::slice::from_ref(&name), open, &mut Seen::default());
        match node {
            Node::File(file) => match existing {
                None => tree.add(dest, &name, Node::File(file.clone_file())).map_err(|e| cp_error(e, context))?,
                Some(Ok(Node::File(existing))) => {
                    if Rc::ptr_eq(&existing, &file) {
                    } else if options.force {
                        cp_replace_entry(tree, dest, &name, Node::File(file.clone_file()), context)?;
                    } else if options.error_on_exist {
                        let text = format!("Destination already exists: {name}");
                        return Err(uv_error("EEXIST", "cp", Some(&text), None, context));
                    }
                }
                Some(Ok(Node::Dir(_))) => {
                    let text = format!("Cannot copy file to directory: {name}");
                    return Err(uv_error("EISDIR", "cp", Some(&text), None, context));
                }
                Some(Ok(Node::Link(_))) => {
                    if options.force {
                        cp_replace_entry(tree, dest, &name, Node::File(file.clone_file()), context)?;
                    } else if options.error_on_exist {
                        let text = format!("Destination already exists: {name}");
                        return Err(uv_error("EEXIST", "cp", Some(&text), None, context));
                    }
                }
                Some(Err(e)) => return Err(cp_error(e, context)),
            },
            Node::Dir(d) => match existing {
                None => {
                    let created = DirNode::new(DirKind::Writable);
                    tree.add(dest, &name, Node::Dir(created.clone())).map_err(|e| cp_error(e, context))?;
                    cp_dir(tree, &d, &created, options, context)?;
                }
                Some(Ok(Node::File(_))) => {
                    let text = format!("Cannot copy directory to file: {name}");
                    return Err(uv_error("ENOTDIR", "cp", Some(&text), None, context));
                }
                Some(Ok(Node::Dir(existing))) => cp_dir(tree, &d, &existing, options, context)?,
                Some(Ok(Node::Link(_))) => {
                    let text = format!("Cannot copy directory to symbolic link: {name}");
                    return Err(uv_error("EISDIR", "cp", Some(&text), None, context));
                }
                Some(Err(e)) => return Err(cp_error(e, context)),
            },
            Node::Link(link) => match existing {
                None => tree.add(dest, &name, Node::Link(link)).map_err(|e| cp_error(e, context))?,
                Some(Ok(Node::File(_))) => {
                    if options.force {
                        cp_replace_entry(tree, dest, &name, Node::Link(link), context)?;
                    } else if options.error_on_exist {
                        let text = format!("Destination already exists: {name}");
                        return Err(uv_error("EEXIST", "cp", Some(&text), None, context));
                    }
                }
                Some(Ok(Node::Dir(_))) => {
                    let text = format!("Cannot copy link to directory: {name}");
                    return Err(uv_error("EISDIR", "cp", Some(&text), None, context));
                }
                Some(Ok(Node::Link(existing))) => {
                    if Rc::ptr_eq(&existing, &link) {
                    } else if options.force {
                        cp_replace_entry(tree, dest, &name, Node::Link(link), context)?;
                    } else if options.error_on_exist {
                        let text = format!("Destination already exists: {name}");
                        return Err(uv_error("EEXIST", "cp", Some(&text), None, context));
                    }
                }
                Some(Err(e)) => return Err(cp_error(e, context)),
            },
        }
    }
    Ok(())
}

fn op_cp(tree: &Tree, args: &Args, context: &mut Context) -> JsResult<JsValue> {
    let src = args.string(0, context)?;
    let dest = args.string(1, context)?;
    let options = CpOptions {
        dereference: args.bool(2),
        recursive: args.bool(3),
        force: args.bool(4),
        error_on_exist: args.bool(5),
    };
    let trimmed = |p: &str| if p.len() > 1 { p.trim_end_matches('/').to_string() } else { p.to_string() };
    if trimmed(&src) == trimmed(&dest) {
        return Err(JsNativeError::error().with_message("Source and destination paths must not be the same").into());
    }
    let prefix = if src.ends_with('/') { src.clone() } else { format!("{src}/") };
    if dest.len() > prefix.len() && dest.starts_with(&prefix) {
        let text = format!("Cannot copy '{src}' to a subdirectory of itself, '{dest}'");
        return Err(node_code_error("ERR_FS_CP_EINVAL", &text, context));
    }
    let lookup = |path: &str, context: &mut Context| -> JsResult<Option<Node>> {
        match tree.resolve(path, options.dereference) {
            None => Ok(None),
            Some(Ok(node)) => Ok(Some(node)),
            Some(Err(e)) => Err(cp_error(e, context)),
        }
    };
    let source = lookup(&src, context)?;
    let target = lookup(&dest, context)?;
    match source {
        None => Err(uv_error("ENOENT", "cp", None, Some(&src), context)),
        Some(Node::File(file)) => {
            match target {
                None => cp_place(tree, Node::File(file), &dest, context)?,
                Some(Node::File(_)) => {
                    if options.force {
                        cp_place(tree, Node::File(file), &dest, context)?;
                    } else if options.error_on_exist {
                        return Err(node_code_error("ERR_FS_CP_EEXIST", "File already exists", context));
                    }
                }
                Some(Node::Dir(_)) => {
                    return Err(node_code_error(
                        "ERR_FS_CP_NON_DIR_TO_DIR",
                        "Cannot copy non-directory to directory",
                        context,
                    ));
                }
                Some(Node::Link(link)) => {
                    if options.dereference {
                        match tree.resolve_link(&link, &mut Seen::default()) {
                            Some(Ok(Node::File(target_file))) => {
                                let copy = file.clone_file();
                                target_file.replace(&copy).map_err(|e| cp_error(e, context))?;
                                return Ok(JsValue::undefined());
                            }
                            Some(Ok(_)) => return Err(uv_error("EISDIR", "cp", None, None, context)),
                            Some(Err(e)) => return Err(cp_error(e, context)),
                            None => {
                                let path = absolute(&link.target);
                                return Err(uv_error("ENOENT", "cp", None, Some(&path), context));
                            }
                        }
                    }
                    if options.force {
                        cp_place(tree, Node::File(file), &dest, context)?;
                    } else if options.error_on_exist {
                        return Err(node_code_error("ERR_FS_CP_EEXIST", "File already exists", context));
                    }
                }
            }
            Ok(JsValue::undefined())
        }
        Some(Node::Dir(dir)) => {
            if !options.recursive {
                return Err(node_code_error("ERR_FS_EISDIR", "Expected a file but found a directory", context));
            }
            match target {
                Some(Node::File(_)) => {
                    Err(node_code_error("ERR_FS_CP_DIR_TO_NON_DIR", "Cannot copy directory to non-directory", context))
                }
                Some(Node::Dir(dest_dir)) => {
                    cp_dir(tree, &dir, &dest_dir, &options, context).map(|()| JsValue::undefined())
                }
                Some(Node::Link(_)) => Err(uv_error("ENOTDIR", "cp", None, None, context)),
                None => {
                    let dest_dir = cp_parent(tree, &dest, context)?;
                    cp_dir(tree, &dir, &dest_dir, &options, context).map(|()| JsValue::undefined())
                }
            }
        }
        Some(Node::Link(link)) => {
            match target {
                None => cp_place(tree, Node::Link(link), &dest, context)?,
                Some(Node::File(_)) | Some(Node::Link(_)) => {
                    if options.force {
                        cp_place(tree, Node::Link(link), &dest, context)?;
                    } else if options.error_on_exist {
                        return Err(node_code_error("ERR_FS_CP_EEXIST", "File already exists", context));
                    }
                }
                Some(Node::Dir(_)) => return Err(uv_error("ENOTDIR", "cp", None, None, context)),
            }
            Ok(JsValue::undefined())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_split_as_kj_evaluates_them() {
        assert_eq!(eval_path("/tmp/a/./b/../c/"), vec!["tmp", "a", "c"]);
        assert_eq!(eval_path("/"), Vec::<String>::new());
        assert_eq!(relative("/tmp/a.txt"), ("/tmp/", "a.txt"));
        assert_eq!(relative("/tmp/d/"), ("/tmp/d/", ""));
        assert_eq!(module_pathname("lib/a b.mjs").as_deref(), Some("/lib/a%20b.mjs"));
    }

    #[test]
    fn an_erased_entry_takes_the_last_entry_s_place() {
        let dir = DirNode::new(DirKind::Writable);
        for name in ["a", "b", "c"] {
            dir.insert(name, Node::Dir(DirNode::new(DirKind::Writable)));
        }
        assert!(dir.erase("a"));
        let names: Vec<String> = dir.entries.borrow().iter().map(|(n, _)| n.clone()).collect();
        assert_eq!(names, ["c", "b"]);
    }

    #[test]
    fn noted_modules_make_a_read_only_bundle() {
        let fs = NodeFs::default();
        fs.note_module("worker.mjs", &Arc::from("export default {}"));
        fs.ensure();
        fs.note_module("lib/a b.mjs", &Arc::from("x"));
        fs.note_module("node:fs", &Arc::from("not a file"));
        let guard = fs.tree.borrow();
        let tree = guard.as_ref().expect("ensured");
        let names: Vec<String> = tree.bundle.entries.borrow().iter().map(|(n, _)| n.clone()).collect();
        assert_eq!(names, ["worker.mjs", "lib"]);
        let Some(Ok(Node::File(file))) = tree.resolve("/bundle/lib/a%20b.mjs", true) else { panic!("no module file") };
        assert_eq!(*file.data.borrow(), b"x");
        assert!(!file.writable());
        let Some(Ok(Node::Dir(lib))) = tree.resolve("/bundle/lib", true) else { panic!("no folder") };
        assert_eq!(tree.add(&lib, "new", Node::Dir(DirNode::new(DirKind::Writable))), Err(FsError::NotPermitted));
    }
}
