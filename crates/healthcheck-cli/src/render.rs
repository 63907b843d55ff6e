//! The report as text for a terminal, or as Markdown.

use std::fmt::Write;

use healthcheck_core::report::{format_money, Report, Stage};
use healthcheck_core::rules::CatalogEntry;

pub fn report_text(r: &Report, markdown: bool) -> String {
    let h = |level: usize, text: &str| {
        if markdown {
            format!("{} {text}\n\n", "#".repeat(level))
        } else {
            format!("{}\n{}\n", text, if level == 1 { "=" } else { "-" }.repeat(text.len()))
        }
    };
    let bullet = if markdown { "- " } else { "  " };
    let money = |a| format_money(a, r.currency.as_deref());
    let mut o = String::new();
    o.push_str(&h(1, "Cin7 Health Check"));
    let source = r
        .as_of_source
        .as_ref()
        .filter(|s| s.from != healthcheck_core::as_of::AsOfFrom::Settings)
        .map_or(String::new(), |s| format!(" ({})", s.words()));
    let _ = writeln!(o, "As of: {}{source}", r.as_of.map_or("not set".into(), |d| d.to_string()));
    if let Some(c) = &r.currency {
        let _ = writeln!(o, "Currency: {c}");
    }
    o.push('\n');
    o.push_str(&h(2, "Verdict"));
    let _ = writeln!(o, "{}\n", r.verdict);
    if !r.at_stake.is_zero() {
        let _ = writeln!(
            o,
            "At stake: {} across the stages, each document counted once (a stage's own figure counts the documents of its findings, so the stages' figures overlap).\n",
            money(r.at_stake)
        );
    }
    if !r.plan.is_empty() {
        o.push_str(&h(2, "Fix first"));
        for (n, step) in r.plan.iter().enumerate() {
            let _ = writeln!(o, "{}. {} ({}, stage {} {})", n + 1, step.title, step.code, step.stage.number(), step.stage.name());
            let _ = writeln!(o, "   {}", step.fix);
            let _ = writeln!(o, "   {}", step.clears);
        }
        o.push('\n');
    }
    o.push_str(&h(2, "Inputs"));
    for i in &r.inputs {
        let kind = i.kind.map_or("not recognised", |k| k.id());
        let range = match (i.first_date, i.last_date) {
            (Some(a), Some(b)) => format!(", {a} to {b}"),
            _ => String::new(),
        };
        let dup = if i.duplicates > 0 { format!(", {} already read from another file", i.duplicates) } else { String::new() };
        let cleaned = match i.identifiers_cleaned {
            0 => String::new(),
            n => format!(", {n} identifier{} read without spreadsheet marks", if n == 1 { "" } else { "s" }),
        };
        let dates = i.dates.map_or(String::new(), |d| format!(", {}", d.words()));
        let passed = if i.passed_over > 0 { format!(", {} passed over (headings, totals, footers)", i.passed_over) } else { String::new() };
        let store = i.store.as_ref().map_or(String::new(), |s| format!(", store {s}"));
        let not_utf8 = i.not_utf8.as_ref().map_or(String::new(), |n| format!(", {}", not_utf8_words(n)));
        let _ = writeln!(
            o,
            "{bullet}{}: {kind}{store}, {} records: {} loaded, {} rejected{dup}{passed}{cleaned}{not_utf8}{range}{dates}",
            i.file, i.records, i.rows, i.rejected
        );
        if let Some(p) = &i.problem {
            let _ = writeln!(o, "{bullet}  problem: {p}");
        }
    }
    o.push('\n');
    o.push_str(&h(2, "Stages"));
    for s in &r.stages {
        let score = s.score.map_or("-".into(), |v| v.to_string());
        let mark = if Some(s.id) == r.first_break { "  <- first break" } else { "" };
        let _ = writeln!(
            o,
            "{bullet}{} {:<38} {:<13} score {:>3}  findings {:>3}  impact {}  confidence {}{mark}",
            s.id.number(),
            s.name,
            s.status.label(),
            score,
            s.findings,
            money(s.impact),
            format!("{:?}", s.coverage.confidence).to_lowercase()
        );
        for p in &s.penalties {
            let _ = writeln!(o, "{bullet}    points {}", p.why);
        }
    }
    o.push('\n');
    if let Some(c) = &r.comparison {
        let other = c.previous_as_of.map_or("the previous report".to_string(), |d| format!("the report of {d}"));
        if c.previous_is_later {
            o.push_str(&h(2, &format!("Change from this report to {other}")));
            let _ =
                writeln!(o, "{bullet}the report given as the previous one is the later: the change is read forwards, from this one to it");
        } else {
            o.push_str(&h(2, &format!("Change since {other}")));
        }
        let new = if c.previous_is_later { c.appeared.len() } else { c.new_findings.len() };
        let _ = writeln!(o, "{bullet}{new} new finding{}, {} resolved", if new == 1 { "" } else { "s" }, c.resolved.len());
        for s in &c.stages {
            let fmt = |v: Option<u8>| v.map_or("-".to_string(), |x| x.to_string());
            let points = match (s.points_before, s.points_after) {
                (Some(b), Some(a)) => format!(", points taken {} -> {}", b.round_dp(0), a.round_dp(0)),
                _ => String::new(),
            };
            let change = s.change.map(|d| format!(" ({d:+}{points})")).unwrap_or_default();
            let _ = writeln!(o, "{bullet}{} {}: {} -> {}{change}", s.stage.number(), s.stage.name(), fmt(s.before), fmt(s.after));
        }
        for f in c.resolved.iter().take(20) {
            let _ = writeln!(o, "{bullet}resolved: {} {}", f.code, f.message);
        }
        o.push('\n');
    }
    if !r.traces.is_empty() {
        o.push_str(&h(2, "Traces from source to impact"));
        for t in r.traces.iter().take(5) {
            let stages: Vec<&str> = t.stages.iter().map(|s| s.id()).collect();
            let _ = writeln!(o, "{bullet}{}: {}, {} findings", stages.join(" -> "), money(t.impact), t.findings.len());
            for (n, step) in t.steps.iter().enumerate() {
                let _ = writeln!(o, "{bullet}    {}. {} ({}, {}): {}", n + 1, step.title, step.code, step.stage.short(), step.message);
            }
        }
        o.push('\n');
    }
    if !r.findings.is_empty() {
        o.push_str(&h(2, "Findings"));
        for stage in Stage::WITH_COVERAGE {
            for f in r.findings.iter().filter(|f| f.stage == stage) {
                let impact = f
                    .impact
                    .as_ref()
                    .map(|i| format!(" [{}{}]", money(i.amount), if i.estimate { ", estimate" } else { "" }))
                    .unwrap_or_default();
                let _ = writeln!(o, "{bullet}{} {} {} {}{impact}", f.id, f.code, f.severity.id(), f.message);
                for e in &f.evidence {
                    let _ = writeln!(o, "{bullet}    {}:{}", e.file, e.line);
                }
            }
        }
        o.push('\n');
    }
    if !r.rejected.is_empty() {
        o.push_str(&h(2, "Rows that could not be read"));
        for x in &r.rejected {
            let line = x.line.map_or("whole file".into(), |l| format!("line {l}"));
            let _ = writeln!(o, "{bullet}{}, {line}: {}", x.file, x.reason);
        }
        o.push('\n');
    }
    o
}

pub fn catalog_text(entries: &[CatalogEntry]) -> String {
    let mut o = String::new();
    for e in entries {
        let _ = writeln!(o, "{} {} (stage {}, {})", e.code, e.name, e.stage.id(), e.severity.id());
        let _ = writeln!(o, "inputs: {}", e.inputs.join(", "));
        if !e.reads.is_empty() {
            let _ = writeln!(o, "also reads, when supplied: {}", e.reads.join(", "));
        }
        let _ = writeln!(o, "declared in: {}\n", e.source);
        let _ = writeln!(o, "{}\n", e.doc.trim());
        o.push_str(&"-".repeat(72));
        o.push('\n');
    }
    o
}

/// The README's "What each check means" section: every rule's code, name, stage and what it
/// does, taken from the rule documentation. A test keeps the README equal to this.
pub fn catalog_markdown(entries: &[CatalogEntry]) -> String {
    let mut o = String::new();
    let mut stage = None;
    for e in entries {
        if stage != Some(e.stage) {
            stage = Some(e.stage);
            let title = if e.stage == Stage::Coverage {
                "Data coverage".to_string()
            } else {
                format!("Stage {}: {}", e.stage.number(), e.stage.name())
            };
            let _ = writeln!(o, "\n### {title}\n");
        }
        let what = e.sections.iter().find(|(h, _)| h == "What it does").map(|(_, b)| b.replace('\n', " ")).unwrap_or_default();
        let _ = writeln!(o, "- **{} {}**: {}", e.code, e.name, what);
    }
    o
}

/// The records of a UTF-8 file that were read as Windows-1252, in words.
fn not_utf8_words(n: &healthcheck_core::inputs::NotUtf8) -> String {
    let lines: Vec<String> = n.lines.iter().map(u64::to_string).collect();
    let more = if n.records > n.lines.len() as u64 { ", ..." } else { "" };
    let s = if n.records == 1 { "" } else { "s" };
    format!("{} record{s} not UTF-8, read as Windows-1252 (line{s} {}{more})", n.records, lines.join(", "))
}
