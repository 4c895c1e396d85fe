//! Progress of an exploration on stderr: an indicatif bar (schedules/s, findings, ETA)
//! on a terminal, plain lines every few seconds otherwise (CI logs).
//!
//! Reads only the counters of [`CampaignCounts`]; wall-clock time here is for people and
//! never reaches a schedule.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};

use crate::session::CampaignCounts;

/// How often the bar or the plain line is refreshed.
const TICK: Duration = Duration::from_millis(100);
/// How often a plain progress line is printed without a terminal.
const PLAIN_LINE_EVERY: Duration = Duration::from_secs(5);

/// Shows progress of `counts` until `done` is set. `runs` is the expected number of
/// schedules (for the ETA), if known.
pub(crate) fn show(label: &str, runs: Option<u64>, terminal: bool, counts: &CampaignCounts, done: &AtomicBool) {
    if terminal {
        bar(label, runs, counts, done);
    } else {
        plain(label, runs, counts, done);
    }
}

fn bar(label: &str, runs: Option<u64>, counts: &CampaignCounts, done: &AtomicBool) {
    let bar = match runs {
        Some(runs) => ProgressBar::with_draw_target(Some(runs), ProgressDrawTarget::stderr()),
        None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()),
    };
    let template = if runs.is_some() {
        "{prefix} {bar:30.cyan/blue} {pos}/{len} schedules · {rate} · {msg} · ETA {eta}"
    } else {
        "{prefix} {spinner} {pos} schedules · {rate} · {msg} · {elapsed}"
    };
    if let Ok(style) = ProgressStyle::with_template(template) {
        let rate = |state: &ProgressState, w: &mut dyn std::fmt::Write| {
            let _ = write!(w, "{:.0}/s", state.per_sec());
        };
        bar.set_style(style.with_key("rate", rate).progress_chars("█▉▊▋▌▍▎▏ "));
    }
    bar.set_prefix(label.to_string());
    bar.set_message(findings(counts));
    loop {
        let finished = done.load(Ordering::SeqCst);
        bar.set_position(counts.runs.load(Ordering::Relaxed));
        bar.set_message(findings(counts));
        if finished {
            break;
        }
        std::thread::sleep(TICK);
    }
    bar.finish_and_clear();
}

fn plain(label: &str, runs: Option<u64>, counts: &CampaignCounts, done: &AtomicBool) {
    let start = Instant::now();
    let mut last = Instant::now();
    while !done.load(Ordering::SeqCst) {
        std::thread::sleep(TICK);
        if last.elapsed() >= PLAIN_LINE_EVERY {
            last = Instant::now();
            eprintln!("{}", line(label, runs, counts, start.elapsed()));
        }
    }
}

/// One plain progress line: `fuzz blocker: 120/200 schedules, 310/s, 0 findings`.
pub(crate) fn line(label: &str, runs: Option<u64>, counts: &CampaignCounts, elapsed: Duration) -> String {
    let count = counts.runs.load(Ordering::Relaxed);
    let of = runs.map(|r| format!("/{r}")).unwrap_or_default();
    let rate = count as f64 / elapsed.as_secs_f64().max(0.001);
    format!("{label}: {count}{of} schedules, {rate:.0}/s, {}", findings(counts))
}

fn findings(counts: &CampaignCounts) -> String {
    match counts.failures.load(Ordering::Relaxed) {
        1 => "1 finding".to_string(),
        n => format!("{n} findings"),
    }
}
