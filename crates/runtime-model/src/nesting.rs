//! How deeply a source nests, found before boa parses it.
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
//! counts `(`, `[`, `{` and `${` as a level each. Chains without brackets nest too — both
//! parsers recurse once a link — but cost less stack a link, so they count in quarters of
//! a level ([`QUARTERS`]), weighed by where V8 gives up on them (node 20: `!` after 10,000,
//! `void`, `typeof`, `await` and `a =` after 5,000, `else if` after 2,000, `a =>` before
//! 2,000): a prefix operator or an assignment a quarter, an `else if` half a level, an
//! arrow a whole one. So a chain is refused only past every length V8 accepts, as brackets
//! are. Prefix operators count while they follow each other (`!a && !b` is no chain); an
//! expression's assignments and arrows until `;`, `,` or a line break (an assignment per
//! line of a long module is no chain); an `else if` ladder until the next plain `if` or
//! the end of its block.
//! Chains V8 parses without a limit (`a ? b : c ? …`, `a + b + …`) are not counted.

/// The deepest nesting crosstalk parses, in levels: above every depth V8 accepts.
pub(crate) const SOURCE_NESTING_MAX: usize = 3_000;

/// A level's worth of a chain's links: see the module's text.
const QUARTERS: usize = 4;

/// What one level of brackets (or the top level) holds of the chains that nest in it.
#[derive(Default)]
struct Level {
    /// A `${` whose `}` resumes a template.
    template: bool,
    /// Quarters of the expression's chain of assignments and arrows under way.
    chain: usize,
    /// Quarters of the run of prefix operators under way (`!!!x`; `!a && !b` is none).
    run: usize,
    /// Quarters of the `else if` ladder under way.
    ladder: usize,
}

/// The nesting so far: the open levels, and every chain's quarters summed.
struct Depth {
    levels: Vec<Level>,
    quarters: usize,
}

impl Depth {
    fn levels(&self) -> usize {
        // The top level is not an open bracket.
        self.levels.len() - 1 + self.quarters / QUARTERS
    }

    fn top(&mut self) -> &mut Level {
        self.levels.last_mut().expect("the top level is never closed")
    }

    fn open(&mut self, template: bool) {
        self.levels.push(Level { template, ..Level::default() });
    }

    /// Closes the innermost bracket; whether it was a template's `${`.
    fn close(&mut self) -> bool {
        if self.levels.len() == 1 {
            // An unbalanced closer: the parser reports it.
            return false;
        }
        let level = self.levels.pop().expect("more than the top level");
        self.quarters -= level.chain + level.run + level.ladder;
        level.template
    }

    fn link(&mut self, quarters: usize) {
        self.top().chain += quarters;
        self.quarters += quarters;
    }

    fn prefix(&mut self) {
        self.top().run += 1;
        self.quarters += 1;
    }

    /// An operand: the prefix operators before it are done.
    fn operand(&mut self) {
        let run = std::mem::take(&mut self.top().run);
        self.quarters -= run;
    }

    fn end_chain(&mut self) {
        self.operand();
        let chain = std::mem::take(&mut self.top().chain);
        self.quarters -= chain;
    }

    fn rung(&mut self) {
        self.top().ladder += 2;
        self.quarters += 2;
    }

    fn end_ladder(&mut self) {
        let ladder = std::mem::take(&mut self.top().ladder);
        self.quarters -= ladder;
    }
}

/// Where a source first nests deeper than `limit` levels, as a 1-based (line, column),
/// if it does.
pub(crate) fn too_deep(source: &str, limit: usize) -> Option<(u32, u32)> {
    let mut scan = Scan { chars: source.chars().collect(), at: 0, line: 1, column: 1 };
    let mut depth = Depth { levels: vec![Level::default()], quarters: 0 };
    // Whether a `/` here starts a regular expression (no value precedes it): an operand
    // is expected, so `+`, `-` here are prefix operators.
    let mut regex_allowed = true;
    // The last character outside whitespace and comments (to tell `=` from `==`, `<=`).
    let mut previous = ' ';
    // Whether the last word was `else`.
    let mut after_else = false;
    while let Some(c) = scan.peek(0) {
        let (line, column) = (scan.line, scan.column);
        let was_else = std::mem::take(&mut after_else);
        match c {
            '/' if scan.peek(1) == Some('/') => {
                after_else = was_else;
                while scan.peek(0).is_some_and(|c| c != '\n') {
                    scan.bump();
                }
                continue;
            }
            '/' if scan.peek(1) == Some('*') => {
                after_else = was_else;
                scan.bump();
                scan.bump();
                while scan.peek(0).is_some() && !(scan.peek(0) == Some('*') && scan.peek(1) == Some('/')) {
                    scan.bump();
                }
                scan.bump();
                scan.bump();
                continue;
            }
            '/' if regex_allowed => {
                depth.operand();
                scan.skip_regex();
                regex_allowed = false;
            }
            '\'' | '"' => {
                depth.operand();
                scan.skip_string(c);
                regex_allowed = false;
            }
            '`' => {
                depth.operand();
                scan.bump();
                if scan.skip_template_text() {
                    depth.open(true);
                }
                regex_allowed = true;
            }
            '(' | '[' | '{' => {
                scan.bump();
                depth.open(false);
                regex_allowed = true;
            }
            ')' | ']' | '}' => {
                scan.bump();
                let template = c == '}' && depth.close();
                if c != '}' {
                    depth.close();
                }
                // What the bracket held was one operand of the expression around it.
                depth.operand();
                if template {
                    // The end of a `${…}`: the template's text goes on.
                    if scan.skip_template_text() {
                        depth.open(true);
                    }
                    regex_allowed = false;
                } else {
                    // After `)` a `/` is usually division (`(a) / b`); after `}` it is
                    // usually a regex (a block's end). Either guess only moves depth
                    // counting inside that one literal.
                    regex_allowed = c == '}';
                }
            }
            c if c.is_alphanumeric() || c == '_' || c == '$' || c == '\\' => {
                let word = scan.word();
                match word.as_str() {
                    "typeof" | "void" | "delete" | "await" | "new" | "yield" => depth.prefix(),
                    "if" if was_else => depth.rung(),
                    "if" => depth.end_ladder(),
                    "else" => after_else = true,
                    _ => depth.operand(),
                }
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
            c if c.is_whitespace() => {
                after_else = was_else;
                if c == '\n' {
                    depth.end_chain();
                }
                scan.bump();
                continue;
            }
            _ => {
                scan.bump();
                match c {
                    ';' | ',' => depth.end_chain(),
                    '!' | '~' if regex_allowed => depth.prefix(),
                    '+' | '-' if regex_allowed && scan.peek(0) != Some(c) => depth.prefix(),
                    '=' if scan.peek(0) == Some('>') => depth.link(QUARTERS),
                    '=' if scan.peek(0) != Some('=') && !matches!(previous, '=' | '!' | '<' | '>') => depth.link(1),
                    _ => {}
                }
                regex_allowed = true;
            }
        }
        previous = c;
        if depth.levels() > limit {
            return Some((line, column));
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
    fn a_run_of_prefix_operators_counts_a_quarter_level_each() {
        let source = format!("x = {}1", "!".repeat(40));
        // The assignment is a quarter too: 41 quarters are 10 levels.
        assert_eq!(too_deep(&source, 10), None);
        let source = format!("x = {}1", "!".repeat(43));
        assert_eq!(too_deep(&source, 10), Some((1, 5 + 42)));
        let words = format!("{}1", "typeof void await new delete ".repeat(8));
        assert_eq!(too_deep(&words, 10), None);
        assert!(too_deep(&words, 9).is_some());
        // `a = !b` again and again is no run: each operand ends the one before it.
        let operands = format!("x = {}1;", "!a && -b || ".repeat(1000));
        assert_eq!(too_deep(&operands, 1), None);
    }

    #[test]
    fn assignments_and_arrows_chain_until_a_statement_or_line_ends() {
        assert_eq!(too_deep(&format!("{}1", "a => ".repeat(3)), 3), None);
        assert_eq!(too_deep(&format!("{}1", "a => ".repeat(4)), 3), Some((1, 18)));
        assert_eq!(too_deep(&format!("{}1", "a = ".repeat(8)), 2), None);
        assert!(too_deep(&format!("{}1", "a = ".repeat(12)), 2).is_some());
        // Comparisons are no assignment; statements, commas and lines end a chain.
        assert_eq!(too_deep(&"a == b, c <= d, e >= f, g != h, i === j;".repeat(100), 0), None);
        assert_eq!(too_deep(&"a = 1; b = 2, c = 3\nd = 4\n".repeat(1000), 0), None);
    }

    #[test]
    fn an_else_if_ladder_counts_half_a_level_a_rung_until_a_plain_if() {
        let ladder = |n: usize| format!("if (a) x = 1;{}", " else if (b) x = 2;".repeat(n));
        // Inside the fourth rung's `(b)`: a level of brackets and two of ladder.
        assert_eq!(too_deep(&ladder(4), 3), None);
        assert!(too_deep(&ladder(6), 3).is_some());
        // Ladders one after the other are not one ladder; `else { if … }` is a block.
        assert_eq!(too_deep(&ladder(4).repeat(100), 3), None);
        assert_eq!(too_deep(&"if (a) x; else { if (b) y; }\n".repeat(100), 2), None);
        // Comments between `else` and `if` do not end the ladder: the second rung makes
        // the `(` after it the second level.
        let commented = "if (a) x; else /* … */ if (b) y; else // …\n if (c) z;".to_string();
        assert_eq!(too_deep(&commented, 1), Some((2, 5)));
    }

    #[test]
    fn the_depth_is_reported_where_it_is_first_exceeded() {
        let source = "f(\n  g([\n    h({ x: 1 })\n  ])\n);";
        assert_eq!(too_deep(source, 3), Some((3, 6)));
        assert_eq!(too_deep(source, 4), Some((3, 7)));
        assert_eq!(too_deep(source, 5), None);
    }
}
