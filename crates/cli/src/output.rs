//! Where commands write: stdout for results, stderr for progress and warnings, and
//! whether each is a terminal. Tests capture both through the same type.

use std::io::{IsTerminal, Write};

/// The output streams of one command.
pub(crate) struct Output {
    stdout: Box<dyn Write>,
    stderr: Box<dyn Write>,
    stdout_terminal: bool,
    stderr_terminal: bool,
    /// The first failed write to stdout (a full disk, a closed file): the results did
    /// not reach the user, so the command must not exit as if they had.
    stdout_error: Option<std::io::Error>,
}

impl Output {
    /// The process's stdout and stderr.
    pub(crate) fn process() -> Self {
        Self {
            stdout: Box::new(std::io::stdout()),
            stderr: Box::new(std::io::stderr()),
            stdout_terminal: std::io::stdout().is_terminal(),
            stderr_terminal: std::io::stderr().is_terminal(),
            stdout_error: None,
        }
    }

    /// Writes a result line to stdout.
    pub(crate) fn line(&mut self, text: &str) {
        let written = writeln!(self.stdout, "{text}");
        self.note_stdout(written);
    }

    /// Writes result text to stdout as it is.
    pub(crate) fn print(&mut self, text: &str) {
        let written = self.stdout.write_all(text.as_bytes()).and_then(|()| self.stdout.flush());
        self.note_stdout(written);
    }

    /// Flushes stdout and returns the first write that failed, if any. A reader that
    /// closed the pipe early (`| head`) is not a failure.
    pub(crate) fn finish(&mut self) -> Option<std::io::Error> {
        let flushed = self.stdout.flush();
        self.note_stdout(flushed);
        self.stdout_error.take().filter(|e| e.kind() != std::io::ErrorKind::BrokenPipe)
    }

    fn note_stdout(&mut self, written: std::io::Result<()>) {
        if let Err(error) = written
            && self.stdout_error.is_none()
        {
            self.stdout_error = Some(error);
        }
    }

    /// Writes a line to stderr (warnings, progress without a terminal, errors).
    pub(crate) fn warn(&mut self, text: &str) {
        // Nowhere is left to report a failed write to stderr; stdout failures are kept.
        drop(writeln!(self.stderr, "{text}"));
    }

    /// The terminal width when stdout is a terminal (text is cut to fit it).
    pub(crate) fn width(&self) -> Option<usize> {
        if !self.stdout_terminal {
            return None;
        }
        console::Term::stdout().size_checked().map(|(_rows, columns)| usize::from(columns))
    }

    /// Whether a progress bar can be drawn on stderr.
    pub(crate) fn progress_bar(&self) -> bool {
        self.stderr_terminal
    }
}
