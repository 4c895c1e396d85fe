//! `Intl.Collator` and `String.prototype.localeCompare`: the Unicode Collation Algorithm
//! with the locale's tailoring.

use std::cmp::Ordering;

use icu_collator::options::{AlternateHandling, CaseLevel, CollatorOptions, Strength};
use icu_collator::{Collator, CollatorBorrowed};

use crate::locale;

/// ECMA-402's `sensitivity`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sensitivity {
    Base,
    Accent,
    Case,
    Variant,
}

/// The resolved options of one `Intl.Collator`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    pub locale: String,
    pub sensitivity: Sensitivity,
    pub numeric: bool,
    /// `caseFirst`: `"upper"`, `"lower"` or `"false"`.
    pub case_first: &'static str,
    pub ignore_punctuation: bool,
}

/// A collator for `options`, from the compiled data.
pub fn collator(options: &Options) -> CollatorBorrowed<'static> {
    let mut keywords: Vec<(&str, &str)> = Vec::new();
    if options.numeric {
        keywords.push(("kn", "true"));
    }
    if options.case_first != "false" {
        keywords.push(("kf", options.case_first));
    }
    let prefs = locale::with_keywords(&options.locale, &keywords);
    let mut icu = CollatorOptions::default();
    icu.strength = Some(match options.sensitivity {
        Sensitivity::Base | Sensitivity::Case => Strength::Primary,
        Sensitivity::Accent => Strength::Secondary,
        Sensitivity::Variant => Strength::Tertiary,
    });
    if options.sensitivity == Sensitivity::Case {
        icu.case_level = Some(CaseLevel::On);
    }
    if options.ignore_punctuation {
        icu.alternate_handling = Some(AlternateHandling::Shifted);
    }
    Collator::try_new((&prefs).into(), icu)
        .or_else(|_| Collator::try_new(Default::default(), icu))
        .expect("the root collation is compiled in")
}

/// -1, 0 or 1 as `a` sorts before, with or after `b` (UTF-16 text, as JS has it).
pub fn compare(collator: &CollatorBorrowed<'static>, a: &[u16], b: &[u16]) -> i32 {
    match collator.compare_utf16(a, b) {
        Ordering::Less => -1,
        Ordering::Equal => 0,
        Ordering::Greater => 1,
    }
}

thread_local! {
    /// Collators by the options they were built for: a sort calls `compare` once per
    /// pair, and building the collator is the costly part. Holds no state a result
    /// depends on; a handful of settings per worker at most, bounded anyway.
    static COLLATORS: std::cell::RefCell<Vec<(Options, CollatorBorrowed<'static>)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// [`compare`] with a collator for `options`, built on first use on this thread.
pub fn compare_with(options: Options, a: &[u16], b: &[u16]) -> i32 {
    COLLATORS.with(|cache| {
        let mut cache = cache.borrow_mut();
        let at = match cache.iter().position(|(o, _)| *o == options) {
            Some(at) => at,
            None => {
                if cache.len() >= 16 {
                    cache.remove(0);
                }
                let built = collator(&options);
                cache.push((options, built));
                cache.len() - 1
            }
        };
        compare(&cache[at].1, a, b)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmp(options: &Options, a: &str, b: &str) -> i32 {
        let a: Vec<u16> = a.encode_utf16().collect();
        let b: Vec<u16> = b.encode_utf16().collect();
        compare(&collator(options), &a, &b)
    }

    fn options(locale: &str) -> Options {
        Options {
            locale: locale.into(),
            sensitivity: Sensitivity::Variant,
            numeric: false,
            case_first: "false",
            ignore_punctuation: false,
        }
    }

    // Expected values: workerd 1.20261117.
    #[test]
    fn strings_sort_by_the_locales_collation() {
        assert_eq!(cmp(&options("en-US"), "a", "B"), -1);
        assert_eq!(cmp(&options("de"), "ä", "z"), -1);
        assert_eq!(cmp(&options("sv"), "ä", "z"), 1);
        assert_eq!(cmp(&Options { sensitivity: Sensitivity::Base, ..options("de") }, "a", "ä"), 0);
        assert_eq!(cmp(&Options { numeric: true, ..options("en") }, "2", "10"), -1);
        assert_eq!(cmp(&options("en"), "2", "10"), 1);
    }
}
