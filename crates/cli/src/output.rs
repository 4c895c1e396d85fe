//! Where commands write: stdout for results, stderr for progress and warnings, and
//! whether each is a terminal. Tests capture both through the same type.

use std::io::{IsTerminal, Write};

/// The output streams of one command.
pub struct Output {
    stdout: Box<dyn Write>,
    stderr: Box<dyn Write>,
    stdout_terminal: bool,
    stderr_terminal: bool,
}

impl Output {
    /// The process's stdout and stderr.
    pub fn process() -> Self {
        Self {
            stdout: Box::new(std::io::stdout()),
            stderr: Box::new(std::io::stderr()),
            stdout_terminal: std::io::stdout().is_terminal(),
            stderr_terminal: std::io::stderr().is_terminal(),
        }
    }

    /// Writes a result line to stdout.
    pub fn line(&mut self, text: &str) {
        let _ = writeln!(self.stdout, "{text}");
    }

    /// Writes result text to stdout as it is.
    pub fn print(&mut self, text: &str) {
        let _ = self.stdout.write_all(text.as_bytes());
        let _ = self.stdout.flush();
    }

    /// Writes a line to stderr (warnings, progress without a terminal, errors).
    pub fn warn(&mut self, text: &str) {
        let _ = writeln!(self.stderr, "{text}");
    }

    /// The terminal width when stdout is a terminal (text is cut to fit it).
    pub fn width(&self) -> Option<usize> {
        if !self.stdout_terminal {
            return None;
        }
        console::Term::stdout().size_checked().map(|(_rows, columns)| usize::from(columns))
    }

    /// Whether a progress bar can be drawn on stderr.
    pub fn progress_bar(&self) -> bool {
        self.stderr_terminal
    }
}
