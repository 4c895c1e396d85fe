//! Where in the user's script something happened: the JS location of a host call, and
//! the message and stack of a thrown value (R10).

use boa_engine::vm::SourcePath;
use boa_engine::{Context, JsError, JsValue, js_string};
use std::fmt;
use std::path::Path;
use std::rc::Rc;

use crate::engine::EngineStop;

/// A script location captured cheaply; formatted only when someone reads it.
#[derive(Clone, Debug)]
pub(crate) struct RawLocation {
    path: Option<Rc<Path>>,
    line: u32,
    column: u32,
}

impl RawLocation {
    pub fn new(path: Option<Rc<Path>>, line: u32, column: u32) -> Self {
        Self { path, line, column }
    }
}

impl fmt::Display for RawLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.path {
            Some(path) => write!(f, "{}:{}:{}", path.display(), self.line, self.column),
            None => write!(f, "<anonymous>:{}:{}", self.line, self.column),
        }
    }
}

/// The innermost JS frame with a known position: the user code that called the host.
pub(crate) fn caller_location(context: &Context) -> Option<RawLocation> {
    for frame in context.stack_trace() {
        let location = frame.position();
        let Some(position) = location.position else { continue };
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

/// The caller's location as trace text.
pub(crate) fn caller(context: &Context) -> Option<String> {
    caller_location(context).map(|l| l.to_string())
}

/// A thrown value as people read it: `TypeError: x is not a function`, its stack, and
/// the location of its top frame.
#[derive(Clone, Debug)]
pub(crate) struct Thrown {
    pub message: String,
    pub stack: Option<String>,
    pub at: Option<String>,
    /// Set when the engine stopped the code (CPU budget, stack depth) rather than JS.
    pub stop: Option<EngineStop>,
}

/// Describes a JS error caught at the host boundary.
pub(crate) fn describe_error(error: &JsError, context: &mut Context) -> Thrown {
    if let Some(engine) = error.as_engine() {
        let text = engine.to_string();
        let stop = if text.contains("iteration loops") { EngineStop::CpuLimit } else { EngineStop::StackOverflow };
        let message = match stop {
            EngineStop::CpuLimit => "Error: Worker exceeded CPU time limit.".to_string(),
            EngineStop::StackOverflow => "RangeError: Maximum call stack size exceeded".to_string(),
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
        .filter(|s| !s.is_empty())
        .map(|s| original_positions(&s, context));
    let at = stack.as_deref().and_then(top_frame_location);
    Thrown { message, stack, at, stop: None }
}

/// A stack text with every `(file:line:col)` of an instrumented module mapped back to
/// the user's source (instrumentation shifts columns on the lines it edits).
fn original_positions(stack: &str, context: &Context) -> String {
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
                let (row, column) = host.sites.original(Path::new(file), row, column);
                Some(format!("{}({file}:{row}:{column}){}", &line[..open], &line[close + 1..]))
            });
        out.push_str(mapped.as_deref().unwrap_or(line));
    }
    out
}

/// The `file:line:col` of the first frame of a stack text, if it has one.
fn top_frame_location(stack: &str) -> Option<String> {
    for line in stack.lines() {
        let line = line.trim();
        let Some(rest) = line.strip_prefix("at ") else { continue };
        let inner = match (rest.rfind('('), rest.rfind(')')) {
            (Some(open), Some(close)) if close > open => &rest[open + 1..close],
            _ => rest,
        };
        let mut parts = inner.rsplitn(3, ':');
        let (Some(col), Some(line_no), Some(file)) = (parts.next(), parts.next(), parts.next()) else { continue };
        if col.parse::<u32>().is_ok() && line_no.parse::<u32>().is_ok() && !file.is_empty() {
            return Some(format!("{file}:{line_no}:{col}"));
        }
    }
    None
}
