//! Reports for people (text with JS code frames) and machines (the INTERFACES.md JSON
//! `violations` items).
//!
//! Renders findings; never decides them. Source text arrives through a lookup function
//! so this crate never reads files.

mod frame;
mod json;
mod text;

pub use frame::code_frame;
pub use json::{JsonViolation, json_violations};
pub use text::text;

/// Maps a file name as it appears in locations (`worker.js` of `worker.js:8:30`) to
/// that file's source text.
pub type SourceLookup<'a> = &'a dyn Fn(&str) -> Option<String>;
