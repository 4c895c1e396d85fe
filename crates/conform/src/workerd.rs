//! The workerd child process: started with `workerd serve config.capnp --verbose`, ready
//! when its port accepts a TCP connection, and always killed (SIGKILL: workerd drains
//! forever on SIGTERM while a request waits on a promise nobody will settle) and reaped
//! before conform returns — on success, on every error, and on SIGINT/SIGTERM of conform.
//! `kill_on_drop` covers the remaining path (a panic unwinding through the runtime); only a
//! SIGKILL of conform itself can leave workerd behind.
//!
//! Its stdout carries the tail worker's lines ([`crate::tail`]), parsed as they come; its
//! stderr is kept (the last [`STDERR_KEPT_BYTES`]) for the messages of exit code 3.

use std::path::Path;
use std::process::{ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::net::TcpStream;
use tokio::process::{Child, Command};
use tokio::sync::mpsc;
use tokio::time::Instant;

use crate::tail::{Line, parse_line};

/// How much of workerd's stderr is kept for error messages.
pub(crate) const STDERR_KEPT_BYTES: usize = 16 * 1024;

/// How long workerd may take to accept connections.
pub(crate) const READY_TIMEOUT_MS: u64 = 15_000;

/// A running workerd.
pub(crate) struct Workerd {
    child: Child,
    stderr: Arc<Mutex<String>>,
    /// Tail events and the worker's console lines, in the order workerd printed them;
    /// closed when stdout closes.
    pub tails: mpsc::UnboundedReceiver<Line>,
    pub port: u16,
}

/// Why workerd did not become ready.
pub(crate) enum StartError {
    /// It could not be spawned at all.
    Spawn(String),
    /// It exited or did not accept connections in time; its stderr says why.
    NotReady { why: String, stderr: String },
}

impl Workerd {
    /// Spawns workerd on `config` (in its folder) and waits until `port` accepts
    /// connections. On failure the child is killed and reaped before returning.
    pub(crate) async fn start(binary: &Path, config: &Path, port: u16) -> Result<Workerd, StartError> {
        let folder = config.parent().unwrap_or(Path::new("."));
        let mut child = Command::new(binary)
            .arg("serve")
            .arg(config.file_name().unwrap_or_default())
            .arg("--verbose")
            .current_dir(folder)
            // workerd warns when $PWD is not its working folder.
            .env("PWD", folder)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| StartError::Spawn(format!("cannot start {}: {e}", binary.display())))?;
        let (sender, tails) = mpsc::unbounded_channel();
        if let Some(stdout) = child.stdout.take() {
            tokio::spawn(async move {
                let mut lines = BufReader::new(stdout).lines();
                while let Ok(Some(line)) = lines.next_line().await {
                    if let Some(event) = parse_line(&line) {
                        drop(sender.send(event));
                    }
                }
            });
        }
        let stderr = Arc::new(Mutex::new(String::new()));
        if let Some(pipe) = child.stderr.take() {
            let kept = stderr.clone();
            tokio::spawn(async move {
                let mut lines = BufReader::new(pipe).lines();
                while let Ok(Some(line)) = lines.next_line().await {
                    if let Ok(mut text) = kept.lock() {
                        text.push_str(&line);
                        text.push('\n');
                        if text.len() > STDERR_KEPT_BYTES {
                            let mut cut = text.len() - STDERR_KEPT_BYTES;
                            while !text.is_char_boundary(cut) {
                                cut += 1;
                            }
                            text.drain(..cut);
                        }
                    }
                }
            });
        }
        let mut workerd = Workerd { child, stderr, tails, port };
        match workerd.wait_ready().await {
            Ok(()) => Ok(workerd),
            Err(why) => {
                workerd.stop().await;
                let stderr = workerd.stderr();
                Err(StartError::NotReady { why, stderr })
            }
        }
    }

    async fn wait_ready(&mut self) -> Result<(), String> {
        let give_up = Instant::now() + Duration::from_millis(READY_TIMEOUT_MS);
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                // Give the stderr reader a moment to collect the last lines.
                tokio::time::sleep(Duration::from_millis(50)).await;
                return Err(format!("workerd exited at startup ({status})"));
            }
            if TcpStream::connect(("127.0.0.1", self.port)).await.is_ok() {
                return Ok(());
            }
            if Instant::now() >= give_up {
                return Err(format!(
                    "workerd did not accept connections on 127.0.0.1:{} within {} s",
                    self.port,
                    READY_TIMEOUT_MS / 1000
                ));
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Whether workerd has exited (it must not, while requests are in flight).
    pub(crate) fn exited(&mut self) -> Option<ExitStatus> {
        self.child.try_wait().ok().flatten()
    }

    /// What workerd wrote to stderr (the end of it).
    pub(crate) fn stderr(&self) -> String {
        self.stderr.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// Kills workerd and waits until it is gone.
    pub(crate) async fn stop(&mut self) {
        drop(self.child.start_kill());
        drop(self.child.wait().await);
    }
}
