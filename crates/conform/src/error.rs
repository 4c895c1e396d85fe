//! Why a conformance check could not produce a report, and the exit code each reason maps
//! to (INTERFACES.md "CLI": 2 bad input, 3 workerd could not run).

/// Why [`crate::conform`] produced no report. Every message says what is wrong and how to
/// fix it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ConformError {
    /// The scenario (or a file it names) is wrong at a known place (exit 2).
    #[error("{0}")]
    Located(crosstalk_scenario::LoadError),
    /// The scenario, the script or an argument is wrong (exit 2).
    #[error("{0}")]
    BadInput(String),
    /// workerd is missing, did not start, or died during the run (exit 3).
    #[error("{0}")]
    Workerd(String),
    /// crosstalk itself failed (a bug: an internal model error or an I/O failure of the
    /// harness) (exit 3).
    #[error("internal error: {0}")]
    Internal(String),
    /// SIGINT or SIGTERM arrived; workerd was stopped (exit 3).
    #[error("interrupted: workerd was stopped and nothing was compared")]
    Interrupted,
}

impl ConformError {
    pub(crate) fn bad_input(message: impl Into<String>) -> Self {
        ConformError::BadInput(message.into())
    }

    pub(crate) fn workerd(message: impl Into<String>) -> Self {
        ConformError::Workerd(message.into())
    }

    pub(crate) fn internal(message: impl Into<String>) -> Self {
        ConformError::Internal(message.into())
    }

    /// The process exit code of this error: 2 for bad input, 3 otherwise.
    ///
    /// ```
    /// use crosstalk_conform::ConformError;
    /// assert_eq!(ConformError::BadInput("no scenario".into()).exit_code(), 2);
    /// assert_eq!(ConformError::Interrupted.exit_code(), 3);
    /// ```
    pub fn exit_code(&self) -> i32 {
        match self {
            ConformError::Located(_) | ConformError::BadInput(_) => 2,
            ConformError::Workerd(_) | ConformError::Internal(_) | ConformError::Interrupted => 3,
        }
    }
}

impl From<crosstalk_scenario::LoadError> for ConformError {
    fn from(error: crosstalk_scenario::LoadError) -> Self {
        ConformError::Located(error)
    }
}

impl From<crosstalk_runtime::ModelError> for ConformError {
    fn from(error: crosstalk_runtime::ModelError) -> Self {
        match error {
            crosstalk_runtime::ModelError::Internal(message) => ConformError::Internal(message),
            other => ConformError::BadInput(other.to_string()),
        }
    }
}
