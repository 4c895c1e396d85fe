//! How deeply a source nests brackets, found before boa parses it.
//!
//! boa's parser, bytecompiler and syntax-tree drop recurse once per nesting level, with
//! large frames; past the stack they are given they overflow it and abort the process.
//! V8 instead throws `RangeError: Maximum call stack size exceeded` at parse time (node 20
//! accepts 1,500 nested parentheses and rejects 2,000; blocks go a little deeper). So a
//! source nested deeper than [`SOURCE_NESTING_MAX`] is refused with V8's error before it
//! reaches the parser, and anything shallower parses on a stack sized for that depth
//! (`isolate::on_big_stack`).
//!
//! The scan is lexical and conservative: it skips comments, string and template text
//! and regular-expression literals (told from division by the token before the `/`), and
//! counts `(`, `[`, `{` and `${`. Chains without brackets (`a ? b : c ? …`, `!!!…x`,
//! `else if` ladders) cost boa far less stack per level and parse at 30,000 levels.

/// The deepest bracket nesting crosstalk parses: above every depth V8 accepts.
pub(crate) const SOURCE_NESTING_MAX: usize = 3_000;

/// Where a source first nests deeper than `limit`, as a 1-based (line, column), if it
/// does.
pub(crate) fn too_deep(source: &str, limit: usize) -> Option<(u32, u32)> {
    let mut scan = Scan { chars: source.chars().collect(), at: 0, line: 1, column: 1 };
    // One entry per open bracket; `true` for a `${` whose `}` resumes a template.
    let mut open: Vec<bool> = Vec::new();
    // Whether a `/` here starts a regular expression (no value precedes it).
    let mut regex_allowed = true;
    while let Some(c) = scan.peek(0) {
        let (line, column) = (scan.line, scan.column);
        match c {
            '/' if scan.peek(1) == Some('/') => {
                while scan.peek(0).is_some_and(|c| c != '\n') {
                    scan.bump();
                }
            }
            '/' if scan.peek(1) == Some('*') => {
                scan.bump();
                scan.bump();
                while scan.peek(0).is_some() && !(scan.peek(0) == Some('*') && scan.peek(1) == Some('/')) {
                    scan.bump();
                }
                scan.bump();
                scan.bump();
            }
            '/' if regex_allowed => {
                scan.skip_regex();
                regex_allowed = false;
            }
            '\'' | '"' => {
                scan.skip_string(c);
                regex_allowed = false;
            }
            '`' => {
                scan.bump();
                if scan.skip_template_text() {
                    open.push(true);
                    if open.len() > limit {
                        return Some((line, column));
                    }
                }
                regex_allowed = true;
            }
            '(' | '[' | '{' => {
                scan.bump();
                open.push(false);
                if open.len() > limit {
                    return Some((line, column));
                }
                regex_allowed = true;
            }
            ')' | ']' | '}' => {
                scan.bump();
                if c == '}' && open.pop() == Some(true) {
                    // The end of a `${…}`: the template's text goes on.
                    if scan.skip_template_text() {
                        open.push(true);
                    }
                    regex_allowed = false;
                } else {
                    if c != '}' {
                        open.pop();
                    }
                    // After `)` a `/` is usually division (`(a) / b`); after `}` it is
                    // usually a regex (a block's end). Either guess only moves depth
                    // counting inside that one literal.
                    regex_allowed = c == '}';
                }
            }
            c if c.is_alphanumeric() || c == '_' || c == '$' || c == '\\' => {
                let word = scan.word();
                regex_allowed = matches!(
                    word.as_str(),
                    "return"
                        | "typeof"
                        | "instanceof"
                        | "in"
                        | "of"
                        | "new"
                        | "delete"
                        | "void"
                        | "throw"
                        | "case"
                        | "do"
                        | "else"
                        | "yield"
                        | "await"
                );
            }
            c if c.is_whitespace() => scan.bump(),
            _ => {
                scan.bump();
                regex_allowed = true;
            }
        }
    }
    None
}

struct Scan {
    chars: Vec<char>,
    at: usize,
    line: u32,
    column: u32,
}

impl Scan {
    fn peek(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.at + ahead).copied()
    }

    fn bump(&mut self) {
        if let Some(c) = self.peek(0) {
            self.at += 1;
            if c == '\n' {
                self.line += 1;
                self.column = 1;
            } else {
                self.column += 1;
            }
        }
    }

    fn word(&mut self) -> String {
        let mut word = String::new();
        while let Some(c) = self.peek(0).filter(|c| c.is_alphanumeric() || matches!(c, '_' | '$' | '\\')) {
            word.push(c);
            self.bump();
        }
        word
    }

    fn skip_string(&mut self, quote: char) {
        self.bump();
        while let Some(c) = self.peek(0) {
            self.bump();
            match c {
                '\\' => self.bump(),
                '\n' => return,
                c if c == quote => return,
                _ => {}
            }
        }
    }

    /// Skips template text up to its closing backquote (`false`) or a `${` (`true`).
    fn skip_template_text(&mut self) -> bool {
        while let Some(c) = self.peek(0) {
            self.bump();
            match c {
                '\\' => self.bump(),
                '`' => return false,
                '$' if self.peek(0) == Some('{') => {
                    self.bump();
                    return true;
                }
                _ => {}
            }
        }
        false
    }

    fn skip_regex(&mut self) {
        self.bump();
        let mut in_class = false;
        while let Some(c) = self.peek(0) {
            self.bump();
            match c {
                '\\' => self.bump(),
                '[' => in_class = true,
                ']' => in_class = false,
                '/' if !in_class => break,
                '\n' => return,
                _ => {}
            }
        }
        while self.peek(0).is_some_and(char::is_alphanumeric) {
            self.bump();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(open: &str, inner: &str, close: &str, n: usize) -> String {
        format!("{}{inner}{}", open.repeat(n), close.repeat(n))
    }

    #[test]
    fn brackets_of_every_kind_count_one_level_each() {
        for (open, close) in [("(", ")"), ("[", "]"), ("{a:", "}"), ("{", "}"), ("`${", "}`")] {
            let source = nested(open, "1", close, 10);
            assert_eq!(too_deep(&source, 10), None, "{source}");
            assert_eq!(too_deep(&source, 9), Some((1, 1 + 9 * open.chars().count() as u32)), "{source}");
        }
    }

    #[test]
    fn brackets_inside_strings_comments_templates_and_regexes_do_not_count() {
        let source = "const a = '((((', b = \"[[[[\"; // ((((\n/* {{{{ */ const c = `((${'['}((`;\n\
                      const d = /[(]{2}\\(/g.test(a) ? x / (y) / z : 0;";
        assert_eq!(too_deep(source, 2), None);
        // The first bracket outside any literal is the template's `${` (reported at its backquote).
        assert_eq!(too_deep(source, 0), Some((2, 22)));
    }

    #[test]
    fn the_depth_is_reported_where_it_is_first_exceeded() {
        let source = "f(\n  g([\n    h({ x: 1 })\n  ])\n);";
        assert_eq!(too_deep(source, 3), Some((3, 6)));
        assert_eq!(too_deep(source, 4), Some((3, 7)));
        assert_eq!(too_deep(source, 5), None);
    }
}
