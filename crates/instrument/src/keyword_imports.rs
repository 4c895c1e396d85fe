//! A repair for one defect of boa 0.22's parser: `import { of } from "rxjs"`.
//!
//! boa's lexer reads `of` and `async` as keywords, and its import-specifier parser then
//! demands `as` after any keyword (`import { default as x }`), so a plain import of a
//! binding named `of` or `async`, which the standard allows (they are not reserved
//! words), fails: ``expected token 'as', got '}' in import declaration``. rxjs's ES
//! builds import `of` so. `import { of as of }` means the same and boa parses it, so the
//! repair writes that, at the position of the error, one specifier at a time; the caller
//! maps positions back through [`Inserted`].

/// The words boa lexes as keywords that an import may still name without `as`.
const CONTEXTUAL_KEYWORDS: &[&str] = &["of", "async"];

/// What boa's parser says when a keyword in an import specifier has no `as`.
const MISSING_AS: &str = "expected token 'as', got ";
const IN_IMPORT: &str = " in import declaration at line ";

/// Text inserted into a source line: at 1-based `column` (code points) of `line`, in the
/// text as it was before the insertion, `width` code points.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Inserted {
    /// 1-based line.
    pub line: u32,
    /// 1-based column where the inserted text starts.
    pub column: u32,
    /// Code points inserted.
    pub width: u32,
}

impl Inserted {
    /// The column in the text before the insertion for `column` of the text after it; a
    /// column inside the inserted text maps to where it was inserted.
    pub fn original_column(&self, line: u32, column: u32) -> u32 {
        if line != self.line || column <= self.column {
            column
        } else if column >= self.column + self.width {
            column - self.width
        } else {
            self.column
        }
    }
}

/// `src` with the specifier boa's `parse_error` is about written `of as of`, and where the
/// text went in; `None` when the error is another one.
pub fn repair_keyword_import(src: &str, parse_error: &str) -> Option<(String, Inserted)> {
    let position = parse_error.split_once(MISSING_AS)?.1.split_once(IN_IMPORT)?.1;
    let (line, column) = position.split_once(", col ")?;
    let line: u32 = line.trim().parse().ok()?;
    let column: u32 = column.trim().trim_end_matches(|c: char| !c.is_ascii_digit()).parse().ok()?;
    let line_start = if line == 1 { 0 } else { src.match_indices('\n').nth(usize::try_from(line).ok()? - 2)?.0 + 1 };
    let line_text = &src[line_start..];
    let at = line_start + line_text.char_indices().nth(usize::try_from(column).ok()? - 1)?.0;
    let before = src[..at].trim_end_matches([' ', '\t']);
    let word = CONTEXTUAL_KEYWORDS
        .iter()
        .find(|w| before.strip_suffix(**w).is_some_and(|rest| !rest.ends_with(crate::interface::is_word_char)))?;
    let insertion = format!(" as {word}");
    let inserted_column = u32::try_from(src[line_start..before.len()].chars().count() + 1).ok()?;
    let width = u32::try_from(insertion.chars().count()).ok()?;
    let mut repaired = String::with_capacity(src.len() + insertion.len());
    repaired.push_str(&src[..before.len()]);
    repaired.push_str(&insertion);
    repaired.push_str(&src[before.len()..]);
    Some((repaired, Inserted { line, column: inserted_column, width }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Goal, instrument};

    fn repair_all(src: &str) -> (String, Vec<Inserted>) {
        let mut text = src.to_string();
        let mut inserted = Vec::new();
        while let Err(error) = instrument(&text, Goal::Module) {
            let (repaired, at) = repair_keyword_import(&text, &error).unwrap_or_else(|| panic!("{error}"));
            text = repaired;
            inserted.push(at);
        }
        (text, inserted)
    }

    #[test]
    fn imports_named_of_and_async_parse_after_the_repair() {
        let src = "import { of } from './of.js';\nimport { a, async, b as o2 } from './b.js';\n";
        let (text, inserted) = repair_all(src);
        assert_eq!(text, "import { of as of } from './of.js';\nimport { a, async as async, b as o2 } from './b.js';\n");
        assert_eq!(repair_all("import {x,of} from 'c';").0, "import {x,of as of} from 'c';");
        assert_eq!(inserted[0], Inserted { line: 1, column: 12, width: 6 });
        // A column after the insertion maps back past it; one inside it to its start.
        assert_eq!(inserted[0].original_column(1, 20), 14);
        assert_eq!(inserted[0].original_column(1, 14), 12);
        assert_eq!(inserted[0].original_column(2, 20), 20);
    }

    #[test]
    fn other_syntax_errors_are_left_alone() {
        let error = instrument("import { if } from 'x';", Goal::Module).unwrap_err();
        assert_eq!(repair_keyword_import("import { if } from 'x';", &error), None);
        let error = instrument("let = ;", Goal::Module).unwrap_err();
        assert_eq!(repair_keyword_import("let = ;", &error), None);
    }
}
