//! One `fork()`ed child per job, for the fork server of the worker processes
//! ([`crate::workers::serve`]).
//!
//! The worker forks from its command thread while its main thread only waits to join
//! it, so no other thread holds a lock the child would inherit locked. The child dies
//! with the thread that forked it (`PR_SET_PDEATHSIG`): when the campaign kills a worker
//! that outlived its schedule's timeout, the run in the child dies too. The parent reaps
//! every child before it reads the next job.
//!
//! No unit test forks here: libtest's threads print under stdout's lock, which a fork
//! could inherit held. The fork server is tested as it runs, in a worker process
//! (`crates/cli/tests/supervisor.rs`: fresh state in every fork, a fork's stack
//! overflow reported as the campaign's `crash`).

use std::io::Write;
use std::panic::AssertUnwindSafe;

use crate::exit::CommandError;

/// How a child ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ended {
    /// It exited with this status.
    Exited(i32),
    /// A signal killed it.
    Signaled(i32),
}

/// Runs `child` in a forked copy of this process and waits for it. The child's return
/// value is its exit status; a panic in it exits 101, as an uncaught panic ends a Rust
/// process. Nothing of the child runs after `child` returns (no destructor, no atexit):
/// it leaves with `_exit`, after flushing stdout.
pub(crate) fn run(child: impl FnOnce() -> i32) -> Result<Ended, CommandError> {
    let pid = spawn(child)?;
    wait(pid)
}

/// Runs `f` in a forked copy of this process and returns its value, which comes back as
/// JSON through a pipe; whatever `f` allocates, and whatever the engine leaks (boa 0.22
/// never frees a realm whose module graph made a namespace object, `import * as`), dies
/// with the child. A child that ends without a value (a crash in the worker's code) ends
/// this process the same way (the same exit status or signal), as if `f` had run here.
///
/// Only for a process whose other threads hold no lock the child would need (see the
/// module doc): a supervised `run`, `replay` or `trace`, forking from its command thread.
pub fn in_child<T: serde::Serialize + serde::de::DeserializeOwned>(f: impl FnOnce() -> T) -> Result<T, CommandError> {
    use std::io::Read;
    use std::os::fd::FromRawFd;
    let mut fds = [0; 2];
    // SAFETY: `fds` has room for the two descriptors pipe2 writes.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
        return Err(CommandError::internal(format!("cannot make a pipe: {}", std::io::Error::last_os_error())));
    }
    let (read_end, write_end) = (fds[0], fds[1]);
    let pid = spawn(move || {
        // SAFETY: the read end is this process's copy, used by nothing else here.
        unsafe { libc::close(read_end) };
        let Ok(reply) = serde_json::to_vec(&f()) else { return 1 };
        // SAFETY: the write end is open and owned by this child alone from here on.
        let mut pipe = unsafe { std::fs::File::from_raw_fd(write_end) };
        if pipe.write_all(&reply).is_ok() { 0 } else { 1 }
    });
    // SAFETY: the write end is the parent's copy: closed, so that the read sees the end of
    // the reply when the child exits; the read end is owned here from now on.
    let mut pipe = unsafe {
        libc::close(write_end);
        std::fs::File::from_raw_fd(read_end)
    };
    let pid = pid?;
    let mut reply = Vec::new();
    let read = pipe.read_to_end(&mut reply);
    let ended = wait(pid)?;
    if ended != Ended::Exited(0) {
        ended.die_alike();
    }
    read.map_err(|e| CommandError::internal(format!("cannot read a forked run's reply: {e}")))?;
    serde_json::from_slice(&reply)
        .map_err(|e| CommandError::internal(format!("a forked run's reply does not parse: {e}")))
}

/// Forks; the child runs `child` (see [`run`]) and never returns.
fn spawn(child: impl FnOnce() -> i32) -> Result<libc::pid_t, CommandError> {
    // A reply half written before the fork would be written by both processes.
    std::io::stdout().flush().map_err(|e| CommandError::internal(format!("worker: cannot write to stdout: {e}")))?;
    // SAFETY: getpid has no preconditions.
    let parent = unsafe { libc::getpid() };
    // SAFETY: fork has no preconditions; the child runs only `child` and then `_exit`s
    // (see the module doc for the threads).
    let pid = unsafe { libc::fork() };
    if pid < 0 {
        return Err(CommandError::internal(format!("worker: cannot fork: {}", std::io::Error::last_os_error())));
    }
    if pid == 0 {
        // SAFETY: prctl with PR_SET_PDEATHSIG takes a signal number; getppid and _exit
        // have no preconditions.
        unsafe {
            libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
            // Named apart from the server, for `ps` and `perf report --comm ct-fork`.
            libc::prctl(libc::PR_SET_NAME, c"ct-fork".as_ptr());
            // The parent died before the prctl: no one is left to read the reply.
            if libc::getppid() != parent {
                libc::_exit(1);
            }
        }
        let status = std::panic::catch_unwind(AssertUnwindSafe(child)).unwrap_or(101);
        let flushed = std::io::stdout().flush().is_ok();
        // SAFETY: _exit has no preconditions.
        unsafe { libc::_exit(if flushed { status } else { 1 }) }
    }
    Ok(pid)
}

/// Reaps child `pid` and tells how it ended.
fn wait(pid: libc::pid_t) -> Result<Ended, CommandError> {
    let mut status = 0;
    loop {
        // SAFETY: `status` is a valid place for waitpid to write to.
        let reaped = unsafe { libc::waitpid(pid, &mut status, 0) };
        if reaped == pid {
            break;
        }
        let error = std::io::Error::last_os_error();
        if error.kind() != std::io::ErrorKind::Interrupted {
            return Err(CommandError::internal(format!("worker: cannot wait for a forked run: {error}")));
        }
    }
    if libc::WIFEXITED(status) {
        Ok(Ended::Exited(libc::WEXITSTATUS(status)))
    } else {
        assert!(libc::WIFSIGNALED(status), "waitpid without WUNTRACED reports only ends: {status:#x}");
        Ok(Ended::Signaled(libc::WTERMSIG(status)))
    }
}

impl Ended {
    /// Ends this process the way the child ended: the same exit status, or the same
    /// signal with its default action (so that a supervisor classifies the death of
    /// this process as it would the child's).
    pub(crate) fn die_alike(self) -> ! {
        match self {
            Ended::Exited(status) => std::process::exit(status),
            Ended::Signaled(signal) => {
                // SAFETY: restoring a signal's default action and raising it have no
                // preconditions; Rust's own handler (stack overflow) is replaced first.
                unsafe {
                    libc::signal(signal, libc::SIG_DFL);
                    libc::raise(signal);
                }
                // A signal whose default action is not to terminate.
                std::process::exit(128 + signal)
            }
        }
    }
}
