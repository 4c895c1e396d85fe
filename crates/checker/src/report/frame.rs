//! JS code frames: the culprit line with a line of context and a caret.

use crosstalk_runtime::Location;

/// A code frame for `location` (1-based line and column) in `source`: one line of
/// context either side and a caret under the column, every line indented by `indent`.
///
/// ```
/// let source = "let a = 1;\nlet b = a.c.d;\nreturn b;";
/// let at = crosstalk_runtime::Location::new("w.js", 2, 11);
/// let frame = crosstalk_checker::report::code_frame(source, &at, "");
/// assert_eq!(frame.unwrap(), "  1 | let a = 1;\n> 2 | let b = a.c.d;\n    |           ^\n  3 | return b;\n");
/// ```
pub fn code_frame(source: &str, location: &Location, indent: &str) -> Option<String> {
    let (line, column) = (location.line as usize, location.column as usize);
    let lines: Vec<&str> = source.lines().collect();
    if line == 0 || line > lines.len() {
        return None;
    }
    let first = line.saturating_sub(1).max(1);
    let last = (line + 1).min(lines.len());
    let width = last.to_string().len();
    let mut out = String::new();
    for n in first..=last {
        let marker = if n == line { '>' } else { ' ' };
        let text = lines.get(n - 1).copied().unwrap_or_default();
        out.push_str(&format!("{indent}{marker} {n:>width$} | {text}\n"));
        if n == line {
            // Keep tabs so the caret lines up under tab-indented code.
            let pad: String =
                text.chars().take(column.saturating_sub(1)).map(|c| if c == '\t' { '\t' } else { ' ' }).collect();
            out.push_str(&format!("{indent}  {:>width$} | {pad}^\n", ""));
        }
    }
    Some(out)
}
