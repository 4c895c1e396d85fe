//! The locale data and algorithms behind crosstalk's `Intl` (ECMA-402), on ICU4X.
//!
//! The runtime writes the JS-facing part (`Intl.NumberFormat` and its kin, their option
//! reading and their errors) in its own JS; everything that needs CLDR data is a function
//! here, over plain Rust values, so that it can be tested without an engine. The default
//! locale is workerd's: `en-US`, whatever the host's.
//!
//! Each function builds its ICU4X formatter from the compiled data on every call, or
//! takes it from a per-thread cache keyed by the locale and options: a formatter built
//! once answers every later call with the same settings (the cache holds no state a
//! result depends on, so it cannot make two runs differ).

pub mod collate;
pub mod datetime;
pub mod list;
pub mod locale;
pub mod names;
pub mod number;
pub mod plural;
pub mod relative;
pub mod segment;
pub mod text;

/// An error ECMA-402 gives a name to: the runtime throws it as that JS error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// A `RangeError` with this message.
    Range(String),
    /// A `TypeError` with this message.
    Type(String),
}

impl Error {
    pub(crate) fn range(message: impl Into<String>) -> Error {
        Error::Range(message.into())
    }
}

/// One piece of a formatted value, as `formatToParts` lists them: the part's type
/// (`integer`, `group`, `literal`, …) and its text.
pub type Parts = Vec<(&'static str, String)>;

/// The text of `parts`, joined.
pub fn join(parts: &Parts) -> String {
    parts.iter().map(|(_, text)| text.as_str()).collect()
}

/// Collects what an ICU4X `Writeable` writes, part by part, naming each with `name`
/// (`None`: a literal).
pub(crate) fn collect_parts(
    writeable: &impl writeable::Writeable,
    name: impl Fn(writeable::Part) -> Option<&'static str>,
) -> Parts {
    struct Sink<'n, F> {
        parts: Parts,
        // invariant: the names of the parts open around the next write, innermost last.
        stack: Vec<&'static str>,
        // invariant: true when the next write starts a part of its own (a part opened or
        // closed since the last write).
        fresh: bool,
        name: &'n F,
    }
    impl<F> std::fmt::Write for Sink<'_, F> {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            if s.is_empty() {
                return Ok(());
            }
            let kind = self.stack.last().copied().unwrap_or("literal");
            match self.parts.last_mut() {
                Some((last, body)) if *last == kind && !self.fresh => body.push_str(s),
                _ => self.parts.push((kind, s.to_string())),
            }
            self.fresh = false;
            Ok(())
        }
    }
    impl<F: Fn(writeable::Part) -> Option<&'static str>> writeable::PartsWrite for Sink<'_, F> {
        type SubPartsWrite = Self;
        fn with_part(
            &mut self,
            part: writeable::Part,
            mut f: impl FnMut(&mut Self::SubPartsWrite) -> std::fmt::Result,
        ) -> std::fmt::Result {
            // A part of a part (a group separator inside the integer) is named by the
            // innermost part that has a name.
            let named = (self.name)(part);
            if let Some(kind) = named {
                self.stack.push(kind);
                self.fresh = true;
            }
            let result = f(self);
            if named.is_some() {
                self.stack.pop();
                self.fresh = true;
            }
            result
        }
    }
    let mut sink = Sink { parts: Vec::new(), stack: Vec::new(), fresh: true, name: &name };
    writeable.write_to_parts(&mut sink).expect("writing to a String cannot fail");
    sink.parts
}
