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
