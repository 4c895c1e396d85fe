//! R13: runtime generations as knobs on the one event loop.
//!
//! A profile never selects a different loop; it only sets the few knobs below, which the
//! event loop, the hang check and the promise hooks read.

use serde::{Deserialize, Serialize};

use crate::compatibility_date::CompatibilityDate;

/// The newest compatibility date the model knows (the `workerd` profile's default).
pub const NEWEST_COMPATIBILITY_DATE: CompatibilityDate = CompatibilityDate::ymd(2026, 11, 17);

/// The date from which `handle_cross_request_promise_resolution` is on by default.
pub const CROSS_REQUEST_RESOLUTION_DATE: CompatibilityDate = CompatibilityDate::ymd(2024, 10, 14);

/// A named runtime generation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum ProfileName {
    /// The runtime the seed documents describe, and the strictest (the default).
    #[default]
    #[serde(rename = "production-2022")]
    Production2022,
    /// Today's workerd, with promise-context tagging.
    Workerd,
}

impl ProfileName {
    /// The name as written in scenario files, on the command line and in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Production2022 => "production-2022",
            Self::Workerd => "workerd",
        }
    }

    /// Parses a profile name as written in scenario files and on the command line.
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "production-2022" => Some(Self::Production2022),
            "workerd" => Some(Self::Workerd),
            _ => None,
        }
    }
}

/// The resolved knobs of a profile.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    /// The runtime generation whose knobs these are.
    pub name: ProfileName,
    /// The date the Worker pins the runtime to; [`NEWEST_COMPATIBILITY_DATE`] when none
    /// was given.
    pub compatibility_date: CompatibilityDate,
    /// The flags as the config lists them, turning behaviours on (`rpc`) or off (`no_rpc`).
    pub compatibility_flags: Vec<String>,
}

impl Default for Profile {
    fn default() -> Self {
        Self::new(ProfileName::Production2022, None, Vec::new())
    }
}

impl Profile {
    /// Resolves a profile as wrangler reads the date and flags.
    pub fn new(name: ProfileName, compatibility_date: Option<CompatibilityDate>, flags: Vec<String>) -> Self {
        Self {
            name,
            compatibility_date: compatibility_date.unwrap_or(NEWEST_COMPATIBILITY_DATE),
            compatibility_flags: flags,
        }
    }

    /// Whether a compatibility flag is on: named (`on`), or dated on or after `date` and not
    /// turned off (`off`), as workerd resolves `$compatEnableFlag`/`$compatEnableDate`.
    pub fn flag(&self, on: &str, off: &str, date: CompatibilityDate) -> bool {
        let named = |f: &str| self.compatibility_flags.iter().any(|x| x == f);
        if named(off) {
            return false;
        }
        named(on) || self.compatibility_date >= date
    }

    /// R13: a request awaiting another request's pending promise counts that wait as
    /// pending work (it is kept alive), and reactions run owned by the waiter.
    pub fn promise_context_tagging(&self) -> bool {
        self.name == ProfileName::Workerd
    }

    /// R13: `handle_cross_request_promise_resolution`.
    pub fn cross_request_resolution_flag(&self) -> bool {
        if self.name != ProfileName::Workerd {
            return false;
        }
        self.flag(
            "handle_cross_request_promise_resolution",
            "no_handle_cross_request_promise_resolution",
            CROSS_REQUEST_RESOLUTION_DATE,
        )
    }

    /// R21: `web_socket_auto_reply_to_close` (2026-04-07): a close from the client is
    /// answered by the runtime with the same code and reason before the `close` event
    /// fires; before it, the worker's end stays half-closed until it calls `close()`.
    pub fn websocket_auto_reply_to_close(&self) -> bool {
        self.flag(
            "web_socket_auto_reply_to_close",
            "web_socket_manual_reply_to_close",
            CompatibilityDate::ymd(2026, 4, 7),
        )
    }

    /// R21: `websocket_close_reason_byte_limit` (2026-03-03): `close()` refuses a reason
    /// longer than 123 UTF-8 bytes.
    pub fn websocket_close_reason_limit(&self) -> bool {
        self.flag(
            "websocket_close_reason_byte_limit",
            "no_websocket_close_reason_byte_limit",
            CompatibilityDate::ymd(2026, 3, 3),
        )
    }

    /// R21: `websocket_standard_binary_type` (2026-03-17): `binaryType` is `"blob"` by
    /// default, and binary messages arrive as `Blob`s.
    pub fn websocket_blob_default(&self) -> bool {
        self.flag(
            "websocket_standard_binary_type",
            "no_websocket_standard_binary_type",
            CompatibilityDate::ymd(2026, 3, 17),
        )
    }

    /// The R7 hang message of this profile, as the request's error text.
    pub fn hang_message(&self) -> &'static str {
        match self.name {
            ProfileName::Production2022 => "Error: The script will never generate a response.",
            ProfileName::Workerd => {
                "The Workers runtime canceled this request because it detected that your Worker's code had hung and would never generate a response."
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r13_flag_follows_date_and_flags() {
        let at = |d: &str, f: &[&str]| {
            let date = d.parse().ok();
            assert!(date.is_some(), "{d}");
            Profile::new(ProfileName::Workerd, date, f.iter().map(|s| s.to_string()).collect())
                .cross_request_resolution_flag()
        };
        assert!(!at("2024-10-13", &[]));
        assert!(at("2024-10-14", &[]));
        assert!(at("2024-01-01", &["handle_cross_request_promise_resolution"]));
        assert!(!at("2026-11-17", &["no_handle_cross_request_promise_resolution"]));
        assert!(!Profile::default().cross_request_resolution_flag());
    }
}
