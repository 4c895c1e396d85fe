//! Exit codes (INTERFACES.md "CLI") and the one error type every command returns.
//!
//! Owns the mapping from what went wrong to the process exit code; commands never call
//! `std::process::exit` themselves.

use std::fmt;

use crosstalk_scenario::LoadError;

/// How a command ended. The discriminant is the process exit code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Exit {
    /// The verdict matches `[expect]` (or, without `[expect]`, no violation).
    Matches = 0,
    /// A violation the scenario does not expect, or an expected one that did not occur.
    Differs = 1,
    /// Bad input: scenario, script, schedule file, arguments.
    BadInput = 2,
    /// A bug in crosstalk: a panic or an internal model error.
    Internal = 3,
}

impl Exit {
    /// The process exit code, 0 to 3.
    pub fn code(self) -> i32 {
        self as i32
    }

    /// The exit of a verdict.
    pub fn of_verdict(matches: bool) -> Exit {
        if matches { Exit::Matches } else { Exit::Differs }
    }
}

/// Why a command could not produce a verdict.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CommandError {
    /// A file the user wrote is wrong at a known place (scenario.toml, a schedule, a
    /// corpus entry, a script): printed compiler-style, with a code frame when its text
    /// is known.
    Located(LoadError),
    /// The user's input is wrong; the message says how to fix it.
    BadInput(String),
    /// crosstalk failed; the message is for a bug report.
    Internal(String),
}

impl CommandError {
    /// A [`CommandError::BadInput`] (exit 2).
    pub fn bad_input(message: impl Into<String>) -> Self {
        CommandError::BadInput(message.into())
    }

    /// A [`CommandError::Internal`] (exit 3).
    pub fn internal(message: impl Into<String>) -> Self {
        CommandError::Internal(message.into())
    }

    /// How the command ends: bad input (exit 2) for a located or bad-input error, else
    /// internal (exit 3).
    pub fn exit(&self) -> Exit {
        match self {
            CommandError::Located(_) | CommandError::BadInput(_) => Exit::BadInput,
            CommandError::Internal(_) => Exit::Internal,
        }
    }
}

impl fmt::Display for CommandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CommandError::Located(error) => f.write_str(&error.render()),
            CommandError::BadInput(message) => write!(f, "error: {message}"),
            CommandError::Internal(message) => {
                write!(
                    f,
                    "internal error: {message}\n  this is a bug in crosstalk; please report it with the command you ran"
                )
            }
        }
    }
}

impl From<crosstalk_runtime::ModelError> for CommandError {
    fn from(error: crosstalk_runtime::ModelError) -> Self {
        match error {
            crosstalk_runtime::ModelError::Internal(message) => CommandError::Internal(message),
            other => CommandError::BadInput(other.to_string()),
        }
    }
}

impl From<LoadError> for CommandError {
    fn from(error: LoadError) -> Self {
        CommandError::Located(error)
    }
}

impl From<crosstalk_scenario::corpus::CorpusError> for CommandError {
    fn from(error: crosstalk_scenario::corpus::CorpusError) -> Self {
        CommandError::BadInput(format!("corpus: {error}"))
    }
}

/// The text of a caught panic.
pub(crate) fn panic_text(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crosstalk_runtime::ModelError;

    #[test]
    fn model_errors_are_bad_input_except_internal_ones() {
        let syntax = ModelError::Syntax { file: "worker.js".into(), at: None, message: "unexpected '}'".into() };
        assert_eq!(CommandError::from(syntax).exit(), Exit::BadInput);
        assert_eq!(CommandError::from(ModelError::Internal("boom".into())).exit(), Exit::Internal);
    }

    #[test]
    fn a_caught_panic_is_an_internal_error() {
        let error = crate::session::guarded(|| panic!("invariant broken")).unwrap_err();
        assert_eq!(error.exit(), Exit::Internal);
        assert!(error.to_string().contains("invariant broken"), "{error}");
    }

    #[test]
    fn located_errors_are_printed_compiler_style_with_a_code_frame() {
        let text = "name = \"x\"\n\nlatncy = 1\n";
        let located = CommandError::from(LoadError::spanning("s/scenario.toml", text, 12..18, "unknown key 'latncy'"));
        assert_eq!(located.exit(), Exit::BadInput);
        assert_eq!(
            located.to_string(),
            "s/scenario.toml:3:1: error: unknown key 'latncy'\n  |\n3 | latncy = 1\n  | ^^^^^^"
        );
        // Text that merely looks located is not treated as located.
        let lookalike = CommandError::bad_input("a: error: b");
        assert_eq!(lookalike.to_string(), "error: a: error: b");
        assert_eq!(CommandError::bad_input("no scenarios").to_string(), "error: no scenarios");
        assert_eq!([Exit::Matches, Exit::Differs, Exit::BadInput, Exit::Internal].map(Exit::code), [0, 1, 2, 3]);
    }
}
