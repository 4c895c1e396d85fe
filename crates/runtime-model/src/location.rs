//! Where in the user's script something happened: the [`Location`] type every trace
//! event, violation and report uses, the JS location of a host call, and the message and
//! stack of a thrown value (R10).
//!
//! A location is typed data (`file`, `line`, `column`); its text form `worker.js:15:3` is
//! only its serialisation (the JSON contract of INTERFACES.md) and its Display.

use boa_engine::vm::SourcePath;
use boa_engine::{Context, JsError, JsValue, js_string};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::path::Path;
use std::rc::Rc;
use std::str::FromStr;

use crate::engine::EngineStop;

/// A place in the user's script: file (as the module is named), 1-based line and column.
///
/// Serialised and displayed as `file:line:column`, the form editors jump to.
///
/// ```
/// use crosstalk_runtime::Location;
/// let at = Location::new("worker.js", 15, 3);
/// assert_eq!(at.to_string(), "worker.js:15:3");
/// assert_eq!("node:events:2:7".parse::<Location>(), Ok(Location::new("node:events", 2, 7)));
/// assert_eq!(serde_json::to_string(&at).unwrap(), "\"worker.js:15:3\"");
/// ```
/// Ordered by file, then line, then column.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// The module name (`worker.js`, `src/a.mjs`, `node:events`) or `<anonymous>`.
    pub file: String,
    /// The line in the file, 1-based.
    pub line: u32,
    /// The column in the line, 1-based.
    pub column: u32,
}

impl Location {
    /// The location `file:line:column` (line and column 1-based; not checked).
    pub fn new(file: impl Into<String>, line: u32, column: u32) -> Self {
        Self { file: file.into(), line, column }
    }

    /// The location of the innermost frame of a JS stack text that has one, e.g.
    /// `worker.js:8:30` of `TypeError: x\n    at handle (worker.js:8:30)\n    at worker.js:3:1`.
    ///
    /// Stacks are text (the engine's `Error.prototype.stack`); this and [`Location::of_frame`]
    /// are the places that read positions back out of one.
    pub fn from_stack(stack: &str) -> Option<Location> {
        stack.lines().find_map(|line| {
            let mut location = Location::of_frame(line)?;
            // A module worker's stack names its files as workerd serves them.
            if let Some(file) = location.file.strip_prefix(BUNDLE_PREFIX) {
                location.file = file.to_string();
            }
            // Frames in crosstalk's own Web modules are not the user's code.
            (!location.file.starts_with("crosstalk:web/")).then_some(location)
        })
    }

    /// The position one frame line of a stack text names, as written there
    /// (`    at handle (worker.js:8:30)`, `    at worker.js:3:1`); `None` for a line that
    /// is no frame or names no position (`at fetch (native)`).
    pub(crate) fn of_frame(line: &str) -> Option<Location> {
        let rest = line.trim().strip_prefix("at ")?;
        let inner = match (rest.rfind('('), rest.rfind(')')) {
            (Some(open), Some(close)) if close > open => &rest[open + 1..close],
            _ => rest,
        };
        inner.parse().ok()
    }
}

/// Where workerd serves a module worker's modules from, as V8's stacks show them
/// (`file:///bundle/worker.mjs:4:13`).
pub(crate) const BUNDLE_PREFIX: &str = "file:///bundle/";

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// Why a text is not a `file:line:column` location.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a location: write file:line:column, e.g. worker.js:15:3")]
pub struct BadLocation(String);

impl FromStr for Location {
    type Err = BadLocation;

    /// Parses `file:line:column`; the file may itself hold colons (`node:events:2:7`).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bad = || BadLocation(text.to_string());
        let (rest, column) = text.rsplit_once(':').ok_or_else(bad)?;
        let (file, line) = rest.rsplit_once(':').ok_or_else(bad)?;
        if file.is_empty() {
            return Err(bad());
        }
        Ok(Location::new(file, line.parse().map_err(|_| bad())?, column.parse().map_err(|_| bad())?))
    }
}

impl Serialize for Location {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Location {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?.parse().map_err(serde::de::Error::custom)
    }
}

/// A script location captured cheaply; formatted only when someone reads it.
#[derive(Clone, Debug)]
pub(crate) struct RawLocation {
    path: Option<Rc<Path>>,
    line: u32,
    column: u32,
}

impl RawLocation {
    pub(crate) fn new(path: Option<Rc<Path>>, line: u32, column: u32) -> Self {
        Self { path, line, column }
    }

    /// The location as trace data.
    pub(crate) fn to_location(&self) -> Location {
        let file = match &self.path {
            Some(path) => path.display().to_string(),
            None => "<anonymous>".to_string(),
        };
        Location { file, line: self.line, column: self.column }
    }
}

/// The innermost JS frame with a known position: the user code that called the host.
pub(crate) fn caller_location(context: &Context) -> Option<RawLocation> {
    for frame in context.stack_trace() {
        let location = frame.position();
        let Some(position) = location.position else { continue };
        if let SourcePath::Path(path) = &location.path
            && (path.starts_with(crate::host::web::PATH_PREFIX) || path.starts_with("cloudflare:"))
        {
            // crosstalk's own Web modules and its `cloudflare:` modules: the caller is the
            // user code that called them.
            continue;
        }
        let (line, column) = (position.line_number(), position.column_number());
        return Some(match location.path {
            SourcePath::Path(path) => {
                // Instrumented modules shifted columns on edited lines: map them back.
                let (line, column) = match context.get_data::<Rc<crate::engine::Host>>() {
                    Some(host) => host.sites.original(&path, line, column),
                    None => (line, column),
                };
                RawLocation { path: Some(path), line, column }
            }
            _ => RawLocation { path: None, line, column },
        });
    }
    None
}

/// The caller's location as trace data.
pub(crate) fn caller(context: &Context) -> Option<Location> {
    caller_location(context).map(|l| l.to_location())
}

/// A thrown value as people read it: `TypeError: x is not a function`, its stack, and
/// the location of its top frame.
#[derive(Clone, Debug)]
pub(crate) struct Thrown {
    pub message: String,
    pub stack: Option<String>,
    pub at: Option<Location>,
    /// Set when the engine stopped the code (CPU budget, stack depth) rather than JS.
    pub stop: Option<EngineStop>,
}

/// Describes a JS error caught at the host boundary.
pub(crate) fn describe_error(error: &JsError, context: &mut Context) -> Thrown {
    if let Some(engine) = error.as_engine() {
        let text = engine.to_string();
        let stop = if text.contains("iteration loops") {
            EngineStop::CpuLimit
        } else if text.contains(crate::host::MEMORY_STOP) {
            EngineStop::MemoryLimit
        } else {
            EngineStop::StackOverflow
        };
        let message = match stop.limit() {
            Some(limit) => limit.message().to_string(),
            None => "RangeError: Maximum call stack size exceeded".to_string(),
        };
        return Thrown { message, stack: None, at: None, stop: Some(stop) };
    }
    match error.clone().into_opaque(context) {
        Ok(value) => describe_value(&value, context),
        Err(_) => Thrown { message: error.to_string(), stack: None, at: None, stop: None },
    }
}

/// Describes a thrown or rejected JS value.
pub(crate) fn describe_value(value: &JsValue, context: &mut Context) -> Thrown {
    crate::host::engine_errors::translate(value, context);
    let message = match value.as_object() {
        Some(object) => {
            let name = object.get(js_string!("name"), context).ok().filter(|v| !v.is_undefined());
            let msg = object.get(js_string!("message"), context).ok().filter(|v| !v.is_undefined());
            match (name, msg) {
                (Some(name), Some(msg)) => {
                    let name = name.to_string(context).map(|s| s.to_std_string_escaped()).unwrap_or_default();
                    let msg = msg.to_string(context).map(|s| s.to_std_string_escaped()).unwrap_or_default();
                    if msg.is_empty() { name } else { format!("{name}: {msg}") }
                }
                _ => crate::host::format::inspect(value, context),
            }
        }
        None => format!("Uncaught {}", crate::host::format::inspect(value, context)),
    };
    let stack = value
        .as_object()
        .and_then(|o| o.get(js_string!("stack"), context).ok())
        .filter(|v| v.is_string())
        .map(|v| v.to_string(context).map(|s| s.to_std_string_escaped()).unwrap_or_default())
        // The frames only: V8's stack begins with `Name: message` (one line or more),
        // which `message` already holds.
        // Reports name the user's files: a module worker's stack shows them under
        // workerd's `/bundle`, which the trace leaves out.
        .map(|s| {
            frames_of(&s).replace(&format!("({BUNDLE_PREFIX}"), "(").replace(&format!("at {BUNDLE_PREFIX}"), "at ")
        })
        .filter(|s| !s.is_empty());
    let at = stack.as_deref().and_then(Location::from_stack);
    Thrown { message, stack, at, stop: None }
}

/// The frame lines of a stack text (from the first `    at …` line on).
fn frames_of(stack: &str) -> &str {
    let mut offset = 0;
    for line in stack.split_inclusive('\n') {
        if line.trim_start().starts_with("at ") {
            return &stack[offset..];
        }
        offset += line.len();
    }
    ""
}

/// A stack text with every `(file:line:col)` of an instrumented module mapped back to
/// the user's source (instrumentation shifts columns on the lines it edits).
/// The byte offset of 1-based `line` and `column` (in code points, as boa counts them).
pub(crate) fn byte_of(text: &str, line: usize, column: usize) -> Option<usize> {
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    let mut current = 1;
    while current < line {
        let (i, c) = chars.next()?;
        let ends = match c {
            '\r' => chars.peek().is_none_or(|&(_, n)| n != '\n'),
            '\n' | '\u{2028}' | '\u{2029}' => true,
            _ => false,
        };
        if ends {
            current += 1;
            start = i + c.len_utf8();
        }
    }
    let offset = text[start..].char_indices().nth(column.checked_sub(1)?)?.0;
    Some(start + offset)
}

/// V8's column for a frame at a call: boa's position of a call is its `(`; V8's, when a
/// name stands right before it (`f(…)`, `a.b(…)`, `super(…)`), is that name's start (its
/// parser's `Token::IsCallable` rule); after anything else (`a[k](…)`, `f()(…)`) it is
/// the `(` too. Any other position is kept.
pub(crate) fn v8_call_column(text: &str, line: u32, column: u32) -> u32 {
    let Some(at) = byte_of(text, line as usize, column as usize) else { return column };
    if !text[at..].starts_with('(') {
        return column;
    }
    let before = text[..at].trim_end_matches([' ', '\t']);
    let name = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
    let Some((start, first)) = before.char_indices().rev().take_while(|&(_, c)| name(c)).last() else {
        return column;
    };
    if first.is_ascii_digit() {
        return column;
    }
    let moved = u32::try_from(text[start..at].chars().count()).expect("a line is shorter than 2^32");
    debug_assert!(moved < column, "the name starts on the call's line");
    column - moved
}

pub(crate) fn original_positions(stack: &str, context: &Context) -> String {
    let Some(host) = context.get_data::<Rc<crate::engine::Host>>() else { return stack.to_string() };
    let mut out = String::with_capacity(stack.len());
    for (i, line) in stack.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let mapped =
            line.rfind('(').zip(line.rfind(')')).filter(|(open, close)| close > open).and_then(|(open, close)| {
                let inner = &line[open + 1..close];
                let mut parts = inner.rsplitn(3, ':');
                let column: u32 = parts.next()?.parse().ok()?;
                let row: u32 = parts.next()?.parse().ok()?;
                let file = parts.next()?;
                let column =
                    host.sites.engine_text(Path::new(file)).map_or(column, |t| v8_call_column(&t, row, column));
                let (row, column) = host.sites.original(Path::new(file), row, column);
                Some(format!("{}({file}:{row}:{column}){}", &line[..open], &line[close + 1..]))
            });
        out.push_str(mapped.as_deref().unwrap_or(line));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_print_and_parse_as_file_line_column() {
        let at = Location::new("src/a.mjs", 8, 30);
        assert_eq!(at.to_string(), "src/a.mjs:8:30");
        assert_eq!(at.to_string().parse::<Location>(), Ok(at));
        for bad in ["worker.js", "worker.js:8", ":8:30", "worker.js:x:30", "worker.js:8:-1", ""] {
            assert!(bad.parse::<Location>().is_err(), "{bad} should be rejected");
        }
    }

    /// V8 (node 22, workerd 1.20261117): `Function(source)` at the `F`, `this.compile(…)`
    /// at the `c`, `tests[k](env)` and `f()(x)` at their `(`, `new Response(…)` at `new`.
    #[test]
    fn a_call_frame_is_at_the_name_before_its_parenthesis_as_v8_reports_it() {
        let text =
            "  return Function(source)();\nconst t = this.compile (t);\nr(tests[k](env));\nnew Response(1);\né.ü(1);";
        assert_eq!(v8_call_column(text, 1, 18), 10, "an identifier");
        assert_eq!(v8_call_column(text, 1, 26), 26, "a call of a call's result");
        assert_eq!(v8_call_column(text, 2, 24), 16, "a property name, blanks before the parenthesis");
        assert_eq!(v8_call_column(text, 3, 11), 11, "a computed key");
        assert_eq!(v8_call_column(text, 4, 1), 1, "not at a parenthesis");
        assert_eq!(v8_call_column(text, 5, 4), 3, "columns count code points");
    }

    #[test]
    fn locations_serialise_as_their_text() {
        let at = Location::new("<anonymous>", 1, 2);
        let json = serde_json::to_string(&at).unwrap_or_default();
        assert_eq!(json, "\"<anonymous>:1:2\"");
        assert_eq!(serde_json::from_str::<Location>(&json).ok(), Some(at));
        assert!(serde_json::from_str::<Location>("\"nowhere\"").is_err());
    }

    #[test]
    fn from_stack_takes_the_innermost_frame_with_a_position() {
        let stack = "TypeError: x\n    at native\n    at handle (worker.js:8:30)\n    at worker.js:3:1";
        assert_eq!(Location::from_stack(stack), Some(Location::new("worker.js", 8, 30)));
        assert_eq!(Location::from_stack("    at node:events:2:7"), Some(Location::new("node:events", 2, 7)));
        assert_eq!(Location::from_stack("Error: no frames"), None);
        // A module worker's stack: the file is the module's name, without workerd's /bundle.
        let stack = "Error: x\n    at inner (file:///bundle/src/a.mjs:2:27)";
        assert_eq!(Location::from_stack(stack), Some(Location::new("src/a.mjs", 2, 27)));
    }
}
