//! The Cin7 Health Check engine.
//!
//! Businesses that run Cin7 Core with Xero or QuickBooks Online export their data; this crate
//! reads those exports and diagnoses them along the failure sequence (setup → inventory →
//! integration → ledger → trust → control). The pipeline is:
//!
//! 1. [`import`]: bytes to typed records, every row loaded or rejected with file, line and
//!    reason; the kind of each file is detected from its header, not its name.
//! 2. [`rules`]: one rule per file reads the [`dataset::Dataset`] and emits findings with
//!    entities, evidence and money impact.
//! 3. [`sequence`]: stage scores, statuses and the first break.
//! 4. [`report::Report`]: the one value every front end renders.
//!
//! The crate is pure: it reads no clock, no file and no environment; the host passes the
//! bytes and the as-of date. It never panics on input, and the same input gives the same
//! report byte for byte.

// The compiler keeps the walls: nothing public that the crate's surface does not reach, no
// order taken from a hash table, and clippy's pedantic group, less what does not fit here.
#![warn(unreachable_pub, clippy::iter_over_hash_type, clippy::pedantic)]
#![allow(
    // Most functions are pure queries; unused results of `Result` are caught anyway.
    clippy::must_use_candidate,
    clippy::return_self_not_must_use,
    // Errors are sentences for the user, said where they are made.
    clippy::missing_errors_doc,
    clippy::missing_panics_doc,
    // Documentation names export columns and statuses in prose, not code.
    clippy::doc_markdown,
    // Record and line numbers and key hashes are 32 bits by design (checked where a file is
    // read), storage estimates are floating point, and small decimals pack bits: the casts
    // are deliberate.
    clippy::cast_possible_truncation,
    clippy::cast_precision_loss,
    clippy::cast_sign_loss,
    clippy::cast_possible_wrap,
    // A check reads top to bottom as one procedure; splitting it would scatter its logic.
    clippy::too_many_lines,
    // Measured: the cell reads are called for every field of every row.
    clippy::inline_always,
    // Bindings of one computation (`debit`, `credit`) are alike on purpose.
    clippy::similar_names,
    // Counting line breaks in a 1 MB sample: the `bytecount` crate is not worth a dependency.
    clippy::naive_bytecount,
    clippy::module_name_repetitions,
    // Every builder of a kind has the one signature the loader calls, fallible or not.
    clippy::unnecessary_wraps,
    // A rule's steps are methods of the rule, whether or not they read it.
    clippy::unused_self,
    // Each kind of workbook cell keeps its own arm, to say what it becomes.
    clippy::match_same_arms,
    // Messages are written once per finding, where `write!` would only add noise.
    clippy::format_push_string
)]

pub mod as_of;
pub mod charts;
pub mod compare;
pub mod dataset;
pub mod date;
pub mod findings;
pub mod hash;
pub mod identifier;
pub mod import;
pub mod inputs;
pub mod kinds;
pub mod magnitude;
pub mod places;
pub mod plan;
pub mod report;
pub mod rules;
pub mod sequence;
pub mod settings;
pub mod small_decimal;
pub mod text;
pub mod trace;

use rust_decimal::Decimal;

pub use inputs::InputFile;
pub use report::Report;
pub use settings::Settings;

use report::{format_money, Finding, Stage, Status};
use rules::{Context, RuleMeta, RULES};

/// A step of the analysis, for a progress bar: `done` of `total` steps, and what is next.
pub struct Progress<'a> {
    pub done: usize,
    pub total: usize,
    pub step: &'a str,
}

/// Analyse a set of export files.
pub fn analyze(files: &[InputFile], settings: &Settings) -> Report {
    analyze_with_progress(files, settings, &mut |_| {})
}

/// [`analyze`], reporting each file read and each stage checked.
pub fn analyze_with_progress(files: &[InputFile], settings: &Settings, progress: &mut dyn FnMut(Progress)) -> Report {
    let total = files.len() + Stage::WITH_COVERAGE.len();
    let mut done = 0;
    let imported = import::import_for(files, &settings.overrides, settings.accounting, &mut |name| {
        progress(Progress { done, total, step: &format!("Reading {name}") });
        done += 1;
    });
    analyze_imported(imported, settings, &mut |p| progress(Progress { done: done + p.done, total, step: p.step }))
}

/// Run every check over files already imported (by [`import::Importer`] when they came as
/// streams); progress counts the stages.
pub fn analyze_imported(imported: import::Imported, settings: &Settings, progress: &mut dyn FnMut(Progress)) -> Report {
    analyze_imported_keeping(imported, settings, progress).0
}

/// [`analyze_imported`], handing the imported records back instead of freeing them. Freeing
/// millions of records and their text is a few per cent of a large analysis; a host
/// that shows the report first and frees them after (the browser's worker) spares the user
/// that wait. What is handed back has no rejected rows or input summaries (those went into
/// the report).
pub fn analyze_imported_keeping(
    mut imported: import::Imported,
    settings: &Settings,
    progress: &mut dyn FnMut(Progress),
) -> (Report, import::Imported) {
    let (done, total) = (0, Stage::WITH_COVERAGE.len());
    let mut rejected = std::mem::take(&mut imported.rejected);
    for left_out in magnitude::leave_out_oversized(&mut imported.dataset) {
        let reason = left_out.reason();
        if let Some(input) = imported.inputs.iter_mut().find(|i| i.file == left_out.name && i.problem.is_none()) {
            input.problem = Some(reason.clone());
        }
        rejected.push(inputs::Rejected { file: left_out.name, line: None, reason, cause: inputs::Cause::TooLarge });
    }
    let data = &imported.dataset;
    let (as_of, as_of_source) = as_of::decide(settings, data, &imported.inputs);
    let currency = settings
        .currency
        .clone()
        .or_else(|| data.sales.iter().find_map(|s| s.base_currency.as_deref().map(str::to_string)))
        .or_else(|| data.purchases.iter().find_map(|p| p.base_currency.as_deref().map(str::to_string)))
        .or_else(|| data.sales.iter().find_map(|s| s.currency.as_deref().map(str::to_string)))
        .filter(|c| c.len() == 3);

    let index = rules::Index::build(data, &settings.thresholds.clearing_accounts);
    let accounting = settings.accounting.or_else(|| data.accounting());
    rejected.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));

    let mut findings: Vec<Finding> = Vec::new();
    let mut ran: Vec<&RuleMeta> = Vec::new();
    let mut skipped: Vec<(&'static RuleMeta, String)> = Vec::new();
    for phase in [0, 1] {
        let earlier = findings.clone();
        let skipped_so_far = skipped.clone();
        let mut announced = None;
        for rule in RULES.iter().filter(|r| r.meta().phase == phase) {
            let meta = rule.meta();
            if phase == 0 && announced != Some(meta.stage) {
                announced = Some(meta.stage);
                progress(Progress {
                    done: done + meta.stage.number() - 1,
                    total,
                    step: &format!("Checking {}", meta.stage.name().to_lowercase()),
                });
            }
            let cx = Context {
                data,
                settings,
                as_of,
                currency: currency.as_deref(),
                index: &index,
                accounting,
                findings: &earlier,
                inputs: &imported.inputs,
                rejected: &rejected,
                skipped: &skipped_so_far,
                rules: RULES,
            };
            let missing = meta.missing_inputs(data);
            if !missing.is_empty() {
                skipped.push((meta, missing.join("; ")));
                continue;
            }
            if let Err(reason) = rule.ready(&cx) {
                skipped.push((meta, reason));
                continue;
            }
            ran.push(meta);
            let mut drafts = Vec::new();
            rule.check(&cx, &mut drafts);
            findings.extend(drafts.into_iter().map(|d| Finding {
                id: String::new(),
                code: meta.code.to_string(),
                rule: meta.name.to_string(),
                stage: meta.stage,
                severity: d.severity,
                message: d.message,
                impact: d.impact,
                entities: d.entities,
                evidence: d.evidence,
            }));
        }
    }
    report::drop_bidi_controls(&mut findings, &mut imported.inputs, &mut rejected);
    let amount = |f: &Finding| f.impact.as_ref().map_or(Decimal::ZERO, |i| i.amount.abs());
    findings.sort_by(|a, b| {
        (a.stage, &a.code, b.severity, amount(b), &a.entities, &a.message).cmp(&(
            b.stage,
            &b.code,
            a.severity,
            amount(a),
            &b.entities,
            &b.message,
        ))
    });
    for (i, f) in findings.iter_mut().enumerate() {
        f.id = format!("F{:04}", i + 1);
    }

    let populations = rules::Populations::of(data, sequence::months_covered(&imported.inputs));
    let scale = sequence::business_scale(data);
    let stages = sequence::score_stages(&findings, &ran, &skipped, scale, &populations, &imported.inputs, as_of);
    let first_break = sequence::first_break(&stages);
    let verdict = verdict(&stages, first_break, &findings, currency.as_deref());
    let traces = trace::build(&findings, &index, RULES);
    let at_stake = trace::total_at_stake(&findings, &index, RULES);
    let plan = plan::build(&findings, &traces, RULES, currency.as_deref());
    // The drift series is the one LED008 built, where it ran.
    let series = index
        .month_end
        .get()
        .and_then(Option::as_ref)
        .map(|s| (&s.months[..], rules::facts::ledger::materiality_of(&settings.thresholds, s.stock_value)));
    let charts = charts::build(series, &data.sync_log);
    let business = settings.business_name.clone().or_else(|| business_from_titles(&imported.inputs));
    drop(index);
    let report = Report {
        schema_version: report::SCHEMA_VERSION,
        as_of,
        as_of_source,
        currency,
        business,
        settings: settings.clone(),
        inputs: std::mem::take(&mut imported.inputs),
        stages,
        first_break,
        verdict,
        at_stake,
        plan,
        charts,
        findings,
        traces,
        rejected,
        comparison: None,
    };
    (report, imported)
}

/// The plain-language verdict: where control first broke, its biggest findings and money.
fn verdict(stages: &[report::StageSummary], first: Option<Stage>, findings: &[Finding], currency: Option<&str>) -> String {
    let assessed = stages.iter().filter(|s| s.status != Status::NotAssessed).count();
    if assessed == 0 {
        return "Nothing could be assessed: none of the files supplied feeds a check. Add the exports listed under each stage.".into();
    }
    let Some(stage) = first else {
        let rest = if assessed < stages.len() { " Stages marked not assessed need more exports before they can be judged." } else { "" };
        return format!(
            "No stage is at risk: the {assessed} stage{} that could be assessed look{} healthy.{rest}",
            if assessed == 1 { "" } else { "s" },
            if assessed == 1 { "s" } else { "" }
        );
    };
    let Some(summary) = stages.iter().find(|s| s.id == stage) else { return String::new() };
    let mut of_stage: Vec<&Finding> = findings.iter().filter(|f| f.stage == stage).collect();
    of_stage.sort_by(|a, b| {
        let amount = |f: &Finding| f.impact.as_ref().map_or(Decimal::ZERO, |i| i.amount.abs());
        amount(b).cmp(&amount(a)).then(b.severity.cmp(&a.severity)).then(a.id.cmp(&b.id))
    });
    let biggest: Vec<&str> = of_stage.iter().take(2).map(|f| f.message.as_str()).collect();
    let money =
        if summary.impact.is_zero() { String::new() } else { format!(", with {} at stake", format_money(summary.impact, currency)) };
    format!(
        "Control first breaks at stage {}, {} ({}, score {}): {} finding{}{money}. The largest: {}.",
        stage.number(),
        stage.name().to_lowercase(),
        summary.status.label().to_lowercase(),
        summary.score.map_or("n/a".to_string(), |s| s.to_string()),
        summary.findings,
        if summary.findings == 1 { "" } else { "s" },
        biggest.join("; "),
    )
}

/// The organisation named in the title rows of an accounting report ("Trial Balance /
/// Harbour Goods Ltd / As at 31 March 2026"): the title that is neither a report name nor a
/// date line.
fn business_from_titles(inputs: &[inputs::InputSummary]) -> Option<String> {
    const REPORTS: [&str; 9] = [
        "trial balance",
        "general ledger",
        "account transactions",
        "transaction detail",
        "journal",
        "account list",
        "balance sheet",
        "profit and loss",
        "purchase list",
    ];
    let is_date_line = |t: &str| {
        let l = t.to_lowercase();
        l.starts_with("as at")
            || l.starts_with("as of")
            || l.starts_with("for the period")
            || (l.chars().filter(char::is_ascii_digit).count() >= 4)
    };
    inputs
        .iter()
        .filter(|i| i.kind.is_some_and(|k| k.id().starts_with("xero.") || k.id().starts_with("qbo.")))
        .flat_map(|i| i.titles.iter())
        .find(|t| !REPORTS.iter().any(|r| t.to_lowercase().starts_with(r)) && !is_date_line(t) && t.len() <= 120)
        .cloned()
}
