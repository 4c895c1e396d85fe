//! `LoadError`: a bad scenario (or any file the user wrote), located at a file, line
//! and column, with a hint and, when the file's text is known, a code frame.
//!
//! Every problem with a scenario folder becomes one of these; loading never panics.
//! The Display form is the one compilers use, so editors can jump to it:
//! `scenarios/x/scenario.toml:3:7: error: unknown key 'latncy'` then `  hint: …`.
//! [`LoadError::render`] is the same with the offending line quoted and underlined, for
//! people at a terminal; the frame is drawn by annotate-snippets (rustc's renderer).

use std::fmt;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

/// A file that cannot be used. `line` and `column` are 1-based; 0 means the problem
/// concerns the whole file (e.g. it cannot be read).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct LoadError {
    /// The file at fault, as the error names it.
    pub file: PathBuf,
    /// 1-based line; 0 for the whole file.
    pub line: usize,
    /// 1-based column, in characters; 0 for the whole file.
    pub column: usize,
    /// What is wrong, without the location.
    pub message: String,
    /// Advice for the user (`did you mean 'latency'?`), printed after the message.
    pub hint: Option<String>,
    /// The file's text and the byte span the error points at, for the code frame.
    pub excerpt: Option<Excerpt>,
}

/// The text of a file and the byte span of it an error points at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Excerpt {
    /// The whole file.
    pub text: Arc<str>,
    /// Byte range of `text` to underline, within one line.
    pub span: Range<usize>,
}

impl LoadError {
    /// An error about a whole file.
    pub fn file(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self { file: file.into(), line: 0, column: 0, message: message.into(), hint: None, excerpt: None }
    }

    /// An error at byte `offset` of `text` (the content of `file`).
    pub fn at(file: impl Into<PathBuf>, text: &str, offset: usize, message: impl Into<String>) -> Self {
        Self::spanning(file, text, offset..offset, message)
    }

    /// An error about the bytes `span` of `text` (the content of `file`), located at its
    /// start.
    pub fn spanning(file: impl Into<PathBuf>, text: &str, span: Range<usize>, message: impl Into<String>) -> Self {
        let (line, column) = line_column(text, span.start);
        let start = floor_char_boundary(text, span.start);
        // The frame underlines the span's first line only: a table's span covers the
        // whole table, and its header line is the part worth showing.
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let end = floor_char_boundary(text, span.end.clamp(start, line_end));
        let excerpt = Some(Excerpt { text: Arc::from(text), span: start..end });
        Self { file: file.into(), line, column, message: message.into(), hint: None, excerpt }
    }

    /// An error at `line` and `column` (1-based, as a parser such as serde_json reports
    /// them) of `text`, the content of `file`.
    pub fn at_line(
        file: impl Into<PathBuf>,
        text: &str,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        let line_start = match line {
            0 | 1 => Some(0),
            _ => text.match_indices('\n').nth(line - 2).map(|(i, _)| i + 1),
        };
        let offset = line_start.map_or(text.len(), |start| {
            let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
            (start + column.saturating_sub(1)).min(line_end)
        });
        let mut error = Self::at(file, text, offset, message);
        (error.line, error.column) = (line, column);
        error
    }

    /// The error for people: the Display form with a code frame of the offending line
    /// between the message and the hint.
    ///
    /// ```
    /// let e = crosstalk_scenario::LoadError::spanning("s.toml", "a = 1\nlatncy = 2\n", 6..12, "unknown key 'latncy'")
    ///     .with_hint("did you mean 'latency'?");
    /// assert_eq!(
    ///     e.render(),
    ///     "s.toml:2:1: error: unknown key 'latncy'\n  |\n2 | latncy = 2\n  | ^^^^^^\n  hint: did you mean 'latency'?"
    /// );
    /// ```
    pub fn render(&self) -> String {
        let mut out = self.header();
        if let Some(frame) = self.frame() {
            out.push('\n');
            out.push_str(&frame);
        }
        if let Some(hint) = &self.hint {
            out.push_str(&format!("\n  hint: {hint}"));
        }
        out
    }

    /// `file:line:col: error: message`.
    fn header(&self) -> String {
        let mut out = self.file.display().to_string();
        if self.line > 0 {
            out.push_str(&format!(":{}:{}", self.line, self.column));
        }
        out.push_str(&format!(": error: {}", self.message));
        out
    }

    /// The offending line, underlined; no title (the header says it) and no colours, so
    /// the text is the same on every terminal.
    fn frame(&self) -> Option<String> {
        use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
        let excerpt = self.excerpt.as_ref().filter(|_| self.line > 0)?;
        let report = [Group::with_level(Level::ERROR)
            .element(Snippet::source(&*excerpt.text).annotation(AnnotationKind::Primary.span(excerpt.span.clone())))];
        let frame = Renderer::plain().render(&report);
        let frame = frame.trim_end();
        (!frame.is_empty()).then(|| frame.to_string())
    }

    /// Adds advice for the user.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.header())?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// 1-based line and column (in characters) of byte `offset` in `text`; offsets past the
/// end or inside a character are moved back to the nearest character boundary.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// `offset` moved back to the nearest character boundary of `text` (and into it).
fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The candidate closest to `word` by edit distance, if it is close enough to be a typo.
pub(crate) fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1).min(row[j] + 1).min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_lines_and_characters() {
        let text = "a = 1\nbé = 2\n";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 6), (2, 1));
        assert_eq!(line_column(text, 9), (2, 3)); // after the two-byte 'é'
        assert_eq!(line_column(text, 999), (3, 1));
    }

    #[test]
    fn display_names_file_line_column_and_hint() {
        let e = LoadError::at("s/scenario.toml", "x\n  latncy", 4, "unknown key 'latncy'")
            .with_hint("did you mean 'latency'?");
        assert_eq!(e.to_string(), "s/scenario.toml:2:3: error: unknown key 'latncy'\n  hint: did you mean 'latency'?");
    }

    #[test]
    fn at_line_keeps_the_reported_position_and_frames_that_line() {
        let e = LoadError::at_line("s.json", "{\n  \"a\": x\n}", 2, 8, "not JSON: expected value");
        assert_eq!((e.line, e.column), (2, 8));
        assert_eq!(e.excerpt.as_ref().map(|x| x.span.clone()), Some(9..9));
        assert!(e.render().starts_with("s.json:2:8: error: not JSON: expected value\n"), "{}", e.render());
        assert!(e.render().contains("2 |   \"a\": x"), "{}", e.render());
    }

    #[test]
    fn whole_file_errors_have_no_frame() {
        let e = LoadError::file("s/scenario.toml", "cannot read the scenario").with_hint("look");
        assert_eq!(e.render(), e.to_string());
        assert_eq!(e.render(), "s/scenario.toml: error: cannot read the scenario\n  hint: look");
    }

    #[test]
    fn did_you_mean_finds_typos_only() {
        assert_eq!(did_you_mean("latncy", ["url", "latency", "status"]), Some("latency"));
        assert_eq!(did_you_mean("zzzzzz", ["url", "latency"]), None);
    }
}
