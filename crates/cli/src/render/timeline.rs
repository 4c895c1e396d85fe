//! An aligned text timeline that fits a terminal (`crosstalk trace --format text`).
//!
//! One event per line: virtual time, then a lane per owner with a mark in the owner's
//! lane, then the event kind and its details, cut to the terminal width. Snapshots use
//! the runtime's `render_text` instead, whose lines never depend on a width.

use crosstalk_runtime::{Event, Owner, describe};

/// Lanes are drawn only while there are at most this many owners; beyond that the
/// owner is printed as a column.
const LANES_MAX: usize = 12;

/// Renders `trace` in at most `width` columns (`None`: never cut lines).
///
/// ```
/// use crosstalk_runtime::{Event, EventKind, Owner};
/// let trace = vec![Event { t_ms: 5, owner: Owner::Request(1), kind: EventKind::Dispatch }];
/// let text = crosstalk::render::timeline::render(&trace, Some(80));
/// assert!(text.lines().nth(1).unwrap().contains("dispatch"));
/// ```
pub fn render(trace: &[Event], width: Option<usize>) -> String {
    let mut owners: Vec<Owner> = trace.iter().map(|e| e.owner).collect();
    owners.sort();
    owners.dedup();
    let time_width = trace.iter().map(|e| format!("{}ms", e.t_ms).len()).max().unwrap_or(3).max(4);
    let kind_width = trace.iter().map(|e| e.kind.name().len()).max().unwrap_or(5).min(20);
    let lanes = owners.len() <= LANES_MAX;
    let owner_width = if lanes {
        owners.iter().map(|o| short(*o).len()).max().unwrap_or(2)
    } else {
        owners.iter().map(|o| o.to_string().len()).max().unwrap_or(5)
    };

    let mut out = String::new();
    let mut header = format!("{:>time_width$}  ", "time");
    if lanes {
        for owner in &owners {
            header.push_str(&format!("{:<owner_width$} ", short(*owner)));
        }
    } else {
        header.push_str(&format!("{:<owner_width$} ", "owner"));
    }
    header.push_str(&format!(" {:<kind_width$} detail", "event"));
    push_line(&mut out, &header, width);
    for event in trace {
        let mut line = format!("{:>time_width$}  ", format!("{}ms", event.t_ms));
        if lanes {
            for owner in &owners {
                let mark = if *owner == event.owner { "●" } else { "│" };
                line.push_str(&format!("{:<owner_width$} ", mark));
            }
        } else {
            line.push_str(&format!("{:<owner_width$} ", event.owner.to_string()));
        }
        line.push_str(&format!(" {:<kind_width$} {}", event.kind.name(), describe(&event.kind)));
        push_line(&mut out, line.trim_end(), width);
    }
    out
}

/// The lane header: `st` for startup keeps the lanes narrow.
fn short(owner: Owner) -> String {
    match owner {
        Owner::Startup => "st".to_string(),
        Owner::Request(_) => owner.to_string(),
    }
}

fn push_line(out: &mut String, line: &str, width: Option<usize>) {
    let line = line.replace('\n', "⏎");
    match width {
        Some(width) if line.chars().count() > width => {
            out.extend(line.chars().take(width.saturating_sub(1)));
            out.push('…');
        }
        _ => out.push_str(&line),
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::tests::sample_trace;

    #[test]
    fn every_line_fits_the_width() {
        let text = render(&sample_trace(), Some(60));
        assert_eq!(text.lines().count(), sample_trace().len() + 1);
        for line in text.lines() {
            assert!(line.chars().count() <= 60, "too wide: {line}");
        }
    }

    #[test]
    fn lanes_mark_the_owner_and_columns_align() {
        let text = render(&sample_trace(), None);
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].contains("r1") && lines[0].contains("st"), "{}", lines[0]);
        let hang = lines.iter().find(|l| l.contains(" hang ")).expect("hang line");
        // Lanes: startup, r1, r2, r3; the mark is in r3's lane.
        let marks: Vec<char> = hang.chars().filter(|c| *c == '●' || *c == '│').collect();
        assert_eq!(marks, ['│', '│', '│', '●']);
        let columns: Vec<usize> = lines[1..].iter().map(|l| l.find("ms").expect("time")).collect();
        assert!(columns.windows(2).all(|w| w[0] == w[1]), "times right-aligned");
    }
}
