//! The text report: per violation, the requests involved, the message, a short
//! timeline excerpt, the JS code frame of the culprit line (and of related lines), and
//! the fix; then the notes and the verdict.

use crosstalk_runtime::render_text;

use super::SourceLookup;
use crosstalk_runtime::Location;

use super::frame::code_frame;
use crate::CheckReport;
use crate::verdict::Verdict;
use crate::violation::list_owners;

fn frame(sources: SourceLookup, location: &Location) -> Option<String> {
    code_frame(&sources(&location.file)?, location, "    ")
}

/// Renders findings (and the verdict, when given) for people.
///
/// ```
/// use crosstalk_checker::{CheckReport, report};
/// let out = report::text(&CheckReport::default(), None, &|_| None);
/// assert_eq!(out, "no violations\n");
/// ```
pub fn text(findings: &CheckReport, verdict: Option<&Verdict>, sources: SourceLookup) -> String {
    let mut out = String::new();
    if findings.violations.is_empty() {
        out.push_str("no violations\n");
    }
    for v in &findings.violations {
        let at = v.location.as_ref().map(|l| format!(" at {l}")).unwrap_or_default();
        out.push_str(&format!("{}[{}]: {}{at}, {} ms\n", v.severity, v.kind, v.request, v.t_ms));
        if !v.related.is_empty() {
            out.push_str(&format!("  requests: {} (related: {})\n", v.request, list_owners(&v.related)));
        }
        out.push_str(&format!("  {}\n", v.message));
        if !v.timeline.is_empty() {
            out.push_str("  timeline:\n");
            for line in render_text(&v.timeline).lines() {
                out.push_str(&format!("  {line}\n"));
            }
        }
        if let Some(location) = &v.location
            && let Some(code) = frame(sources, location)
        {
            out.push_str(&format!("  code ({location}):\n{code}"));
        }
        for also in &v.see_also {
            out.push_str(&format!("  {}: {}\n", also.label, also.location));
            if let Some(code) = frame(sources, &also.location) {
                out.push_str(&code);
            }
        }
        out.push_str(&format!("  fix: {}\n\n", v.fix));
    }
    for note in &findings.notes {
        out.push_str(&format!("note: {note}\n"));
    }
    if let Some(verdict) = verdict {
        let mut line = format!("verdict: {}", verdict.as_str());
        let names = |kinds: &[crate::Kind]| kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(", ");
        if !verdict.unexpected.is_empty() {
            line.push_str(&format!("; unexpected: {}", names(&verdict.unexpected)));
        }
        if !verdict.missing.is_empty() {
            line.push_str(&format!("; missing: {}", names(&verdict.missing)));
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}
