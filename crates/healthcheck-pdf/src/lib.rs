//! The health-check Report as a PDF, written with pdf-writer in subsets of DejaVu Sans (see
//! `fonts`) and an optional logo, so the page, the command line and the tests share one
//! renderer. Pure and deterministic: the same Report and options give the same bytes.
//!
//! Sections: cover (verdict, first break, the six-stage chain), summary (stage table, top
//! traces, largest findings), one section per stage (findings by rule, evidence tables, the
//! fix at the source), coverage and method, and an appendix of the documentation of every
//! rule that found something. Three detail levels decide how much data leaves with it:
//! `summary` carries no document number, SKU, name or row from the inputs.

mod fonts;
mod image;
mod layout;
mod metrics;
mod pictures;

use std::collections::BTreeMap;

use healthcheck_core::report::{format_money, Finding, Report, Severity, Stage, StageSummary, Status};
use healthcheck_core::rules;
use pdf_writer::types::{ActionType, AnnotationType};
use pdf_writer::{Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use rust_decimal::Decimal;

use layout::{Align, Layout, Rgb, CONTENT_WIDTH, INK, MARGIN, MUTED, PAGE_HEIGHT, PAGE_WIDTH, TOP};
use metrics::{Font, Slot};

/// How much of the report goes into the PDF.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum Detail {
    /// Scores, verdict and totals only: safe to share.
    Summary,
    #[default]
    Standard,
    /// Every finding and evidence row.
    Full,
}

impl Detail {
    pub fn parse(text: &str) -> Option<Detail> {
        match text {
            "summary" => Some(Detail::Summary),
            "standard" => Some(Detail::Standard),
            "full" => Some(Detail::Full),
            _ => None,
        }
    }
}

/// The embedding site's branding: the same settings as the page's widget.
#[derive(Clone, Debug, Default)]
pub struct Branding {
    /// Who hands the report over ("Prepared with …").
    pub name: Option<String>,
    /// PNG or JPEG bytes.
    pub logo: Option<Vec<u8>>,
    /// `#RRGGBB`.
    pub accent: Option<String>,
    pub footer: Option<String>,
    pub cta_text: Option<String>,
    /// An `https:` or `mailto:` address.
    pub cta_url: Option<String>,
}

#[derive(Clone, Debug, Default)]
pub struct PdfOptions {
    pub detail: Detail,
    pub branding: Branding,
    /// A TrueType face for the characters DejaVu Sans lacks (Chinese, Japanese, Korean):
    /// embedded as a subset where the report needs it.
    pub fallback_font: Option<Vec<u8>>,
}

/// Findings listed per rule at the standard level, and evidence rows per rule.
const STANDARD_FINDINGS: usize = 5;
const STANDARD_EVIDENCE: usize = 3;
/// The most fields of an evidence row a table shows beside its file and line.
const EVIDENCE_COLUMNS: usize = 7;
/// Even the full level stops somewhere: rows beyond this per rule are counted, not drawn.
const FULL_EVIDENCE: usize = 2000;

pub fn status_color(status: Status) -> Rgb {
    match status {
        Status::Healthy => Rgb(0.16, 0.55, 0.33),
        Status::Watch => Rgb(0.80, 0.56, 0.05),
        Status::AtRisk => Rgb(0.85, 0.37, 0.10),
        Status::Critical => Rgb(0.72, 0.11, 0.11),
        Status::NotAssessed => Rgb(0.55, 0.57, 0.60),
    }
}

fn parse_color(text: &str) -> Option<Rgb> {
    let hex = text.trim().strip_prefix('#')?;
    if hex.len() != 6 {
        return None;
    }
    let v = u32::from_str_radix(hex, 16).ok()?;
    let c = |shift: u32| ((v >> shift) & 0xFF) as f32 / 255.0;
    Some(Rgb(c(16), c(8), c(0)))
}

fn severity_label(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "CRITICAL",
        Severity::High => "HIGH",
        Severity::Medium => "MEDIUM",
        Severity::Low => "LOW",
        Severity::Info => "INFO",
    }
}

fn confidence(s: &StageSummary) -> String {
    format!("{:?}", s.coverage.confidence).to_lowercase()
}

struct Ctx<'a> {
    report: &'a Report,
    detail: Detail,
    /// The one-page summary drops the plan's fix sentences when the page would overflow.
    tight: bool,
}

impl Ctx<'_> {
    fn money(&self, amount: Decimal) -> String {
        format_money(amount, self.report.currency.as_deref())
    }
}

/// Render the report.
pub fn render(report: &Report, options: &PdfOptions) -> Vec<u8> {
    let fallback_note = metrics::use_fallback(options.fallback_font.as_deref()).err();
    let bytes = render_with_faces(report, options, fallback_note.as_deref());
    let _ = metrics::use_fallback(None);
    bytes
}

fn render_with_faces(report: &Report, options: &PdfOptions, fallback_note: Option<&str>) -> Vec<u8> {
    let logo = options.branding.logo.as_deref().map(image::decode);
    let logo_note = match &logo {
        Some(Err(reason)) => Some(format!("The logo was left out: {reason}.")),
        _ => None,
    };
    let logo = logo.and_then(Result::ok);
    let logo_note = match (logo_note, fallback_note) {
        (Some(a), Some(b)) => Some(format!("{a} The extra font was left out: {b}.")),
        (None, Some(b)) => Some(format!("The extra font was left out: {b}.")),
        (a, None) => a,
    };
    let mut l = lay_out(&Ctx { report, detail: options.detail, tight: false }, options, logo.as_ref(), logo_note.as_deref());
    if options.detail == Detail::Summary && l.pages.len() > 1 {
        l = lay_out(&Ctx { report, detail: options.detail, tight: true }, options, logo.as_ref(), logo_note.as_deref());
    }
    write_pdf(l, report, &options.branding, logo.as_ref())
}

fn lay_out(cx: &Ctx, options: &PdfOptions, logo: Option<&image::Image>, logo_note: Option<&str>) -> Layout {
    let mut l = Layout::new();
    if let Some(accent) = options.branding.accent.as_deref().and_then(parse_color) {
        l.accent = accent;
    }
    cover(&mut l, cx, &options.branding, logo);
    fix_first(&mut l, cx);
    summary(&mut l, cx);
    if cx.detail == Detail::Summary {
        l.gap(4.0);
        l.paragraph(SUMMARY_METHOD, Font::Regular, 7.0, MUTED, 0.0);
    } else {
        pictures::draw(&mut l, cx.report);
        stage_sections(&mut l, cx);
        coverage_and_method(&mut l, cx);
        appendix(&mut l, cx);
    }
    if let Some(note) = logo_note {
        l.paragraph(note, Font::Regular, 8.0, MUTED, 0.0);
    }
    if l.replaced_text {
        l.gap(6.0);
        l.paragraph(
            "Some text from the inputs uses characters the PDF's font does not have (Chinese, Japanese and Korean among them); each is shown as '?'. The page and the JSON report show them as written.",
            Font::Regular,
            8.0,
            MUTED,
            0.0,
        );
    }
    l
}

/// The verdict as a sentence built from stage figures only, for the summary level.
fn plain_verdict(cx: &Ctx) -> String {
    let r = cx.report;
    match r.first_break.and_then(|s| r.stage(s)) {
        Some(s) => format!(
            "Control first breaks at stage {}, {} ({}, score {}): {} finding{}{}.",
            s.id.number(),
            s.name.to_lowercase(),
            s.status.label().to_lowercase(),
            s.score.map_or("-".into(), |v| v.to_string()),
            s.findings,
            if s.findings == 1 { "" } else { "s" },
            if s.impact.is_zero() { String::new() } else { format!(", with {} at stake", cx.money(s.impact)) }
        ),
        None => r.verdict.clone(),
    }
}

fn cover(l: &mut Layout, cx: &Ctx, brand: &Branding, logo: Option<&image::Image>) {
    let r = cx.report;
    if let Some(img) = logo {
        let h = 40.0;
        let w = (h * img.width as f32 / img.height as f32).min(160.0);
        let h = w * img.height as f32 / img.width as f32;
        l.logo(PAGE_WIDTH - MARGIN - w, TOP - h, w, h);
    }
    l.gap(10.0);
    let accent = l.accent;
    l.text_at(MARGIN, l.y - 22.0, Font::Bold, 22.0, accent, "Cin7 Health Check");
    l.gap(34.0);
    if let Some(b) = &r.business {
        l.text_at(MARGIN, l.y - 13.0, Font::Bold, 13.0, INK, b);
        l.gap(19.0);
    }
    let as_of = r.as_of.map_or("not set".to_string(), |d| d.to_string());
    let currency = r.currency.as_deref().map(|c| format!("   Currency: {c}")).unwrap_or_default();
    let detail = match cx.detail {
        Detail::Summary => "summary",
        Detail::Standard => "standard",
        Detail::Full => "full",
    };
    l.text_at(MARGIN, l.y - 10.0, Font::Regular, 10.0, MUTED, &format!("As of {as_of}{currency}   Detail: {detail}"));
    l.gap(16.0);
    if let Some(name) = &brand.name {
        l.text_at(MARGIN, l.y - 9.0, Font::Regular, 9.0, MUTED, &format!("Prepared with {name}"));
        l.gap(14.0);
    }
    l.gap(8.0);
    l.outline.push(layout::OutlineEntry { title: "Verdict".into(), page: 0, y: l.y + 10.0 });
    let first = match r.first_break {
        Some(s) => format!("First break: stage {} - {}", s.number(), s.name()),
        None => "First break: none found".to_string(),
    };
    l.text_at(MARGIN, l.y - 13.0, Font::Bold, 13.0, INK, &first);
    l.gap(20.0);
    let verdict = if cx.detail == Detail::Summary { plain_verdict(cx) } else { r.verdict.clone() };
    l.paragraph(&verdict, Font::Regular, 10.5, INK, 0.0);
    l.gap(18.0);
    stage_chain(l, &r.stages, r.first_break, cx.detail == Detail::Summary);
    if let (Some(text), Some(url)) = (&brand.cta_text, &brand.cta_url) {
        if url.starts_with("https://") || url.starts_with("mailto:") {
            l.gap(10.0);
            l.ensure(20.0);
            let y = l.y - 12.0;
            l.link_text(MARGIN, y, 12.0, text, url);
            l.gap(20.0);
        }
    }
}

/// The six stages as a chain of boxes joined by arrows, each with status and score.
fn stage_chain(l: &mut Layout, stages: &[StageSummary], first: Option<Stage>, one_page: bool) {
    let gap = 10.0;
    let w = (CONTENT_WIDTH - gap * 5.0) / 6.0;
    let h = 62.0;
    l.ensure(h + 20.0);
    let top = l.y;
    for (i, s) in stages.iter().enumerate() {
        let x = MARGIN + i as f32 * (w + gap);
        if Some(s.id) == first {
            l.fill_rect(x - 2.5, top - h - 2.5, w + 5.0, h + 5.0, INK);
        }
        l.fill_rect(x, top - h, w, h, status_color(s.status));
        let white = Rgb(1.0, 1.0, 1.0);
        l.text_at(x + 6.0, top - 14.0, Font::Bold, 8.5, white, &format!("{} {}", s.id.number(), s.id.short()));
        l.text_at(x + 6.0, top - 28.0, Font::Regular, 8.0, white, s.status.label());
        l.text_at(x + 6.0, top - 50.0, Font::Bold, 16.0, white, &s.score.map_or("-".to_string(), |v| v.to_string()));
        if i + 1 < stages.len() {
            l.hline(x + w + 2.0, x + w + gap - 2.0, top - h / 2.0, INK);
        }
    }
    l.gap(h + 8.0);
    if first.is_some() && !one_page {
        l.paragraph(
            "The outlined stage is the first break: the earliest stage in the sequence that is at risk.",
            Font::Regular,
            8.0,
            MUTED,
            0.0,
        );
    }
}

/// The one-page summary's note on method, in place of the standard level's pages of it.
const SUMMARY_METHOD: &str = "A stage starts at 100 and loses the points shown (rounded down, never below 0): a check takes its severity's weight (critical 40, high 20, medium 10, low 2) times how widely it found it; the money, up to 25. Healthy 85+, watch 65-84, at risk 40-64, critical below 40. The outlined stage is the first break. The standard report has the evidence and the method.";

/// The first sentence of a fix, for the one-page summary.
fn first_sentence(text: &str) -> &str {
    text.find(". ").map_or(text, |end| &text[..=end])
}

/// The plan: the upstream causes to fix first, in sequence order. Every level starts with it;
/// the one-page summary keeps the first three, each with its fix's first sentence.
fn fix_first(l: &mut Layout, cx: &Ctx) {
    let r = cx.report;
    if r.plan.is_empty() {
        return;
    }
    let one_page = cx.detail == Detail::Summary;
    l.heading("Fix first", if one_page { 12.0 } else { 14.0 }, 80.0);
    let shown = if one_page { r.plan.len().min(3) } else { r.plan.len() };
    for (i, step) in r.plan[..shown].iter().enumerate() {
        l.ensure(40.0);
        l.paragraph(
            &format!("{}. {} ({}, stage {} {})", i + 1, step.title, step.code, step.stage.number(), step.stage.short()),
            Font::Bold,
            9.5,
            INK,
            0.0,
        );
        if one_page {
            // The fix's first sentence and what it clears, run together to keep to one page.
            let fix = if cx.tight { String::new() } else { format!("{} ", first_sentence(&step.fix)) };
            l.paragraph(&format!("{fix}{}", step.clears), Font::Regular, 8.0, INK, 12.0);
        } else {
            l.paragraph(&step.fix, Font::Regular, 8.5, INK, 12.0);
            l.paragraph(&step.clears, Font::Regular, 8.5, MUTED, 12.0);
        }
        l.gap(3.0);
    }
}

fn term_label(source: &str) -> &str {
    if source == "impact" {
        "money"
    } else {
        source
    }
}

/// Each assessed stage's score as a sum a reader can redo: 100 less each term's points.
fn score_sums(l: &mut Layout, cx: &Ctx) {
    let one_page = cx.detail == Detail::Summary;
    l.heading("How each score was reached", if one_page { 10.5 } else { 11.5 }, 50.0);
    if !one_page {
        l.paragraph("100 less each check's points and the money term, rounded down and never below 0.", Font::Regular, 8.5, MUTED, 0.0);
    }
    for s in cx.report.stages.iter().filter(|s| s.score.is_some()) {
        let terms: String = s.penalties.iter().map(|p| format!(" – {} ({})", p.points, term_label(&p.source))).collect();
        let score = s.score.map_or("-".into(), |v| v.to_string());
        if one_page {
            l.paragraph(&format!("{} {}: 100{terms} = {score}", s.id.number(), s.id.short()), Font::Regular, 7.5, INK, 0.0);
            continue;
        }
        l.ensure(20.0);
        l.paragraph(&format!("{} {}: 100{terms} = {score}", s.id.number(), s.name), Font::Bold, 8.5, INK, 0.0);
        for p in &s.penalties {
            l.paragraph(&p.why, Font::Regular, 8.0, MUTED, 12.0);
        }
    }
}

fn summary(l: &mut Layout, cx: &Ctx) {
    let r = cx.report;
    l.heading("Summary", if cx.detail == Detail::Summary { 12.0 } else { 14.0 }, 80.0);
    let rows: Vec<Vec<String>> = r
        .stages
        .iter()
        .map(|s| {
            vec![
                s.id.number().to_string(),
                s.name.clone(),
                s.status.label().to_string(),
                s.score.map_or("-".into(), |v| v.to_string()),
                s.findings.to_string(),
                cx.money(s.impact),
                confidence(s),
            ]
        })
        .collect();
    let aligns = [Align::Right, Align::Left, Align::Left, Align::Right, Align::Right, Align::Right, Align::Left];
    l.table(&["#", "Stage", "Status", "Score", "Findings", "Impact", "Confidence"], &aligns, &rows, 9.0);
    l.gap(4.0);
    l.paragraph(
        &format!(
            "{} findings in all; {} at stake across the stages, each document counted once (a stage's impact counts the documents of its own findings, so the stages' figures overlap).",
            r.findings.len(),
            cx.money(r.at_stake)
        ),
        Font::Regular,
        8.5,
        MUTED,
        0.0,
    );
    score_sums(l, cx);
    if cx.detail == Detail::Summary {
        return;
    }
    if !r.traces.is_empty() {
        l.heading("Traces from source to impact", 11.5, 50.0);
        for t in r.traces.iter().take(5) {
            let stages: Vec<&str> = t.stages.iter().map(|s| s.short()).collect();
            l.ensure(30.0);
            l.paragraph(
                &format!("{} - {} ({} findings)", stages.join(" > "), cx.money(t.impact), t.findings.len()),
                Font::Bold,
                9.0,
                INK,
                0.0,
            );
            for (n, step) in t.steps.iter().enumerate() {
                l.paragraph(
                    &format!("{}. {} ({}, {}): {}", n + 1, step.title, step.code, step.stage.short(), step.message),
                    Font::Regular,
                    8.5,
                    INK,
                    8.0,
                );
            }
            l.gap(3.0);
        }
    }
    let mut largest: Vec<&Finding> = r.findings.iter().filter(|f| f.impact.is_some() && f.stage != Stage::Control).collect();
    largest.sort_by(|a, b| {
        let amount = |f: &Finding| f.impact.as_ref().map_or(Decimal::ZERO, |i| i.amount.abs());
        amount(b).cmp(&amount(a)).then(a.id.cmp(&b.id))
    });
    if !largest.is_empty() {
        l.heading("The ten largest findings", 11.5, 50.0);
        let rows: Vec<Vec<String>> = largest
            .iter()
            .take(10)
            .map(|f| vec![f.code.clone(), f.message.clone(), f.impact.as_ref().map(|i| cx.money(i.amount)).unwrap_or_default()])
            .collect();
        l.table(&["Check", "Finding", "Impact"], &[Align::Left, Align::Left, Align::Right], &rows, 8.0);
    }
}

fn stage_sections(l: &mut Layout, cx: &Ctx) {
    let r = cx.report;
    for stage in Stage::WITH_COVERAGE {
        let of_stage: Vec<&Finding> = r.findings.iter().filter(|f| f.stage == stage).collect();
        if of_stage.is_empty() {
            continue;
        }
        let title =
            if stage == Stage::Coverage { "Data coverage".to_string() } else { format!("Stage {}: {}", stage.number(), stage.name()) };
        l.heading(&title, 14.0, 60.0);
        if let Some(s) = r.stage(stage) {
            l.paragraph(
                &format!(
                    "{}, score {}; {} finding{}, {} at stake; confidence {}.",
                    s.status.label(),
                    s.score.map_or("-".into(), |v| v.to_string()),
                    s.findings,
                    if s.findings == 1 { "" } else { "s" },
                    cx.money(s.impact),
                    confidence(s)
                ),
                Font::Regular,
                9.0,
                MUTED,
                0.0,
            );
        }
        let mut by_rule: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
        for f in of_stage {
            by_rule.entry(f.code.as_str()).or_default().push(f);
        }
        for (code, findings) in by_rule {
            let impact: Decimal = findings.iter().filter_map(|f| f.impact.as_ref()).map(|i| i.amount.abs()).sum();
            let money = if impact.is_zero() { String::new() } else { format!(", {}", cx.money(impact)) };
            l.heading(
                &format!("{code} {} - {} finding{}{money}", findings[0].rule, findings.len(), if findings.len() == 1 { "" } else { "s" }),
                10.5,
                40.0,
            );
            let shown = if cx.detail == Detail::Full { findings.len() } else { findings.len().min(STANDARD_FINDINGS) };
            for f in &findings[..shown] {
                l.ensure(24.0);
                let impact = f
                    .impact
                    .as_ref()
                    .map(|i| format!(" [{}{}]", cx.money(i.amount), if i.estimate { ", estimate" } else { "" }))
                    .unwrap_or_default();
                l.paragraph(&format!("{} {}  {}{impact}", f.id, severity_label(f.severity), f.message), Font::Regular, 8.5, INK, 0.0);
            }
            if shown < findings.len() {
                l.paragraph(
                    &format!("... and {} more (the full detail level lists them all).", findings.len() - shown),
                    Font::Regular,
                    8.0,
                    MUTED,
                    0.0,
                );
            }
            evidence_table(l, cx, &findings);
            if let Some(fix) = rules::find(code).and_then(|r| r.meta().doc_section("How to fix it at the source")) {
                l.gap(3.0);
                l.paragraph("How to fix it at the source", Font::Bold, 8.5, INK, 0.0);
                l.paragraph(&fix.replace('\n', " "), Font::Regular, 8.5, INK, 0.0);
            }
        }
    }
}

/// One table per rule with the evidence rows of its findings (columns of the first row).
fn evidence_table(l: &mut Layout, cx: &Ctx, findings: &[&Finding]) {
    let limit = if cx.detail == Detail::Full { FULL_EVIDENCE } else { STANDARD_EVIDENCE };
    let rows: Vec<&healthcheck_core::report::Evidence> = findings.iter().flat_map(|f| f.evidence.iter()).collect();
    // Rows of one layout share a table: a sale line's fields never sit under a sale's headings.
    let mut layouts: Vec<(Vec<&str>, Vec<&healthcheck_core::report::Evidence>)> = Vec::new();
    for e in rows.iter().take(limit) {
        let keys: Vec<&str> = e.fields.0.iter().map(|(k, _)| k.as_str()).collect();
        match layouts.iter_mut().find(|(k, _)| *k == keys) {
            Some((_, group)) => group.push(e),
            None => layouts.push((keys, vec![e])),
        }
    }
    for (keys, group) in &layouts {
        let shown = &keys[..keys.len().min(EVIDENCE_COLUMNS)];
        let mut header = vec!["File", "Line"];
        header.extend(shown.iter().copied());
        let body: Vec<Vec<String>> = group
            .iter()
            .map(|e| {
                let mut row = vec![e.file.clone(), if e.line == 0 { String::new() } else { e.line.to_string() }];
                row.extend(shown.iter().map(|k| e.fields.0.iter().find(|(x, _)| x == k).map(|(_, v)| v.clone()).unwrap_or_default()));
                row
            })
            .collect();
        let mut aligns = vec![Align::Left; header.len()];
        aligns[1] = Align::Right;
        l.gap(3.0);
        l.table(&header, &aligns, &body, 7.0);
        if keys.len() > shown.len() {
            let rest = keys[shown.len()..].join(", ");
            l.paragraph(&format!("Columns not shown here, in the JSON report and the CSV: {rest}."), Font::Regular, 7.5, MUTED, 0.0);
        }
    }
    if rows.len() > limit {
        l.paragraph(&format!("{} more evidence rows are in the JSON report.", rows.len() - limit), Font::Regular, 7.5, MUTED, 0.0);
    }
}

fn coverage_and_method(l: &mut Layout, cx: &Ctx) {
    let r = cx.report;
    l.heading("Coverage and method", 14.0, 60.0);
    if let (Some(d), Some(source)) = (r.as_of, &r.as_of_source) {
        use healthcheck_core::as_of::AsOfSource;
        // The summary names no file and quotes no title.
        let from = match cx.detail {
            Detail::Summary => AsOfSource { from: source.from, file: None, title: None }.words(),
            _ => source.words(),
        };
        l.paragraph(&format!("As of {d}: {from}."), Font::Regular, 9.0, INK, 0.0);
    }
    l.heading("Inputs", 11.5, 40.0);
    let rows: Vec<Vec<String>> = r
        .inputs
        .iter()
        .map(|i| {
            let kind = i.kind.map_or_else(|| "not recognised".to_string(), |k| k.title().to_string());
            let read = i.dates.map_or(String::new(), |d| format!(", {}", d.short()));
            let dates = match (i.first_date, i.last_date) {
                (Some(a), Some(b)) => format!("{a} to {b}{read}"),
                _ => String::new(),
            };
            if cx.detail == Detail::Summary {
                vec![kind, i.rows.to_string(), i.rejected.to_string(), dates]
            } else {
                vec![i.file.clone(), kind, i.rows.to_string(), i.rejected.to_string(), dates]
            }
        })
        .collect();
    if cx.detail == Detail::Summary {
        l.table(&["Export", "Rows", "Rejected", "Dates"], &[Align::Left, Align::Right, Align::Right, Align::Left], &rows, 8.0);
    } else {
        l.table(
            &["File", "Export", "Rows", "Rejected", "Dates"],
            &[Align::Left, Align::Left, Align::Right, Align::Right, Align::Left],
            &rows,
            8.0,
        );
    }
    if r.inputs.iter().any(|i| i.dates.is_some_and(|d| d.guessed())) {
        l.paragraph(
            "Dates marked (guessed) could be read either way: no date in the file has a day above 12. Day-first is the usual order of Cin7 Core and Xero companies, month-first that of QuickBooks Online's US companies. If the guess is wrong, the dates of these files are wrong: set the order in the file list and run again.",
            Font::Regular,
            8.0,
            MUTED,
            0.0,
        );
    }
    if !r.rejected.is_empty() && cx.detail != Detail::Summary {
        l.heading("Rows that could not be read", 11.5, 40.0);
        let limit = if cx.detail == Detail::Full { r.rejected.len() } else { 50 };
        let rows: Vec<Vec<String>> = r
            .rejected
            .iter()
            .take(limit)
            .map(|x| vec![x.file.clone(), x.line.map_or("whole file".into(), |n| n.to_string()), x.reason.clone()])
            .collect();
        l.table(&["File", "Line", "Reason"], &[Align::Left, Align::Right, Align::Left], &rows, 8.0);
        if r.rejected.len() > limit {
            l.paragraph(&format!("... and {} more.", r.rejected.len() - limit), Font::Regular, 8.0, MUTED, 0.0);
        }
    }
    l.heading("Thresholds in force", 11.5, 40.0);
    let t = serde_json::to_value(&r.settings.thresholds).unwrap_or_default();
    let rows: Vec<Vec<String>> = t
        .as_object()
        .map(|o| o.iter().map(|(k, v)| vec![k.replace('_', " "), v.as_str().map_or_else(|| v.to_string(), str::to_string)]).collect())
        .unwrap_or_default();
    l.table(&["Threshold", "Value"], &[Align::Left, Align::Right], &rows, 8.0);
    let mut dates = Vec::new();
    if let Some(d) = r.settings.lock_date {
        dates.push(format!("lock date {d}"));
    }
    if let Some(a) = r.settings.accounting {
        dates.push(format!(
            "accounting system {}",
            serde_json::to_value(a).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
        ));
    }
    if !dates.is_empty() {
        l.paragraph(&format!("Also set: {}.", dates.join(", ")), Font::Regular, 8.5, MUTED, 0.0);
    }
    l.heading("How the scores are computed", 11.5, 60.0);
    l.paragraph(
        "Each stage starts at 100. Each check that found anything takes its weight times its breadth. The weight is its heaviest finding's severity: critical 40, high 20, medium 10, low 2. The breadth is 1/4 + 3/4 x share / 10 %, at most 1, where the share is the check's findings among the records it counts (sales, purchases, SKUs, synced documents, months; a business-wide check counts one): a slip among thousands takes a quarter of the weight, a tenth of the records all of it. The stage's money impact takes up to 25 more points: 25 x impact / (10 % of the larger of stock value and invoiced revenue). Healthy is 85 and above, watch 65 to 84, at risk 40 to 64, critical below 40. A stage none of whose checks could run is not assessed, never healthy. Confidence, shown beside each score, says how many of the stage's checks could run and whether the files reach the as-of date.",
        Font::Regular,
        8.5,
        INK,
        0.0,
    );
    l.heading("When not to trust this report", 11.5, 40.0);
    for line in [
        "A stage marked not assessed has no evidence either way: export what it needs and run the check again.",
        "Exports taken on different days disagree for reasons that are not faults; set the as-of date to the day of export.",
        "A file edited in a spreadsheet before the check can show faults the systems do not have.",
        "Amounts marked as estimates are computed from the data available, and say how.",
    ] {
        l.paragraph(&format!("- {line}"), Font::Regular, 8.5, INK, 0.0);
    }
}

fn appendix(l: &mut Layout, cx: &Ctx) {
    let mut codes: Vec<&str> = cx.report.findings.iter().map(|f| f.code.as_str()).collect();
    codes.sort_by_key(|c| rules::RULES.iter().position(|r| r.meta().code == *c));
    codes.dedup();
    if codes.is_empty() {
        return;
    }
    l.heading("Appendix: the checks that found something", 14.0, 60.0);
    for code in codes {
        let Some(rule) = rules::find(code) else { continue };
        let m = rule.meta();
        l.heading(&format!("{} {}", m.code, m.name), 10.5, 40.0);
        for (heading, body) in m.doc_sections() {
            if heading == "Example" {
                continue;
            }
            l.paragraph(&heading, Font::Bold, 8.5, INK, 0.0);
            l.paragraph(&body.replace('\n', " "), Font::Regular, 8.5, INK, 0.0);
            l.gap(2.0);
        }
    }
}

fn deflate(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(6));
    z.write_all(data).expect("writing to memory");
    z.finish().expect("writing to memory")
}

fn write_pdf(mut l: Layout, report: &Report, brand: &Branding, logo: Option<&image::Image>) -> Vec<u8> {
    let page_count = l.pages.len();
    let as_of = report.as_of.map_or(String::new(), |d| format!(" - as of {d}"));
    for (i, content) in l.pages.iter_mut().enumerate() {
        let right = format!("Cin7 Health Check{as_of}   page {} of {page_count}", i + 1);
        let text_width = metrics::width(&right, Font::Regular, 8.0);
        let used = &mut l.used;
        let mut put = |x: f32, text: &str| {
            let (runs, _) = metrics::encode(text, Font::Regular, used);
            content.set_fill_rgb(MUTED.0, MUTED.1, MUTED.2);
            content.begin_text();
            content.next_line(x, 32.0);
            for (slot, bytes) in &runs {
                content.set_font(Name(slot.resource_name()), 8.0);
                content.show(Str(bytes));
            }
            content.end_text();
        };
        put(PAGE_WIDTH - MARGIN - text_width, &right);
        if let Some(footer) = &brand.footer {
            let room = CONTENT_WIDTH - text_width - 12.0;
            let fitted = layout::wrap(footer, Font::Regular, 8.0, room).into_iter().next().unwrap_or_default();
            put(MARGIN, &fitted);
        }
    }

    let mut pdf = Pdf::new();
    let mut next = 1;
    let mut alloc = || {
        let r = Ref::new(next);
        next += 1;
        r
    };
    let catalog_id = alloc();
    let tree_id = alloc();
    let regular_id = alloc();
    let bold_id = alloc();
    let fallback_id = alloc();
    let info_id = alloc();
    let outline_id = alloc();
    let image_id = alloc();
    let mask_id = alloc();
    let page_ids: Vec<Ref> = (0..page_count).map(|_| alloc()).collect();
    let content_ids: Vec<Ref> = (0..page_count).map(|_| alloc()).collect();
    let item_ids: Vec<Ref> = (0..l.outline.len()).map(|_| alloc()).collect();
    let link_ids: Vec<Ref> = (0..l.links.len()).map(|_| alloc()).collect();

    let mut catalog = pdf.catalog(catalog_id);
    catalog.pages(tree_id);
    if !item_ids.is_empty() {
        catalog.outlines(outline_id);
    }
    catalog.finish();
    pdf.pages(tree_id).kids(page_ids.iter().copied()).count(page_count as i32);
    for (font, id) in [(Font::Regular, regular_id), (Font::Bold, bold_id)] {
        let refs = fonts::Refs { cid: alloc(), descriptor: alloc(), file: alloc(), to_unicode: alloc(), cid_to_gid: alloc() };
        let face = fonts::Source { data: font.data(), face: font.face(), name: font.postscript_name(), bold: font == Font::Bold };
        fonts::write(&mut pdf, &face, id, &refs, &l.used[font as usize]);
    }
    let fallback = metrics::fallback().filter(|_| !l.used[Slot::Fallback.index()].is_empty());
    if let Some(f) = fallback {
        let refs = fonts::Refs { cid: alloc(), descriptor: alloc(), file: alloc(), to_unicode: alloc(), cid_to_gid: alloc() };
        let face = fonts::Source { data: f.data, face: &f.face, name: &f.name, bold: false };
        fonts::write(&mut pdf, &face, fallback_id, &refs, &l.used[Slot::Fallback.index()]);
    }
    if let Some(img) = logo {
        let mut x = pdf.image_xobject(image_id, &img.data);
        x.width(img.width as i32);
        x.height(img.height as i32);
        match img.components {
            1 => x.color_space().device_gray(),
            4 => x.color_space().device_cmyk(),
            _ => x.color_space().device_rgb(),
        };
        x.bits_per_component(8);
        x.filter(match img.encoding {
            image::Encoding::Flate => Filter::FlateDecode,
            image::Encoding::Dct => Filter::DctDecode,
        });
        if img.alpha.is_some() {
            x.s_mask(mask_id);
        }
        x.finish();
        if let Some(alpha) = &img.alpha {
            let mut m = pdf.image_xobject(mask_id, alpha);
            m.width(img.width as i32);
            m.height(img.height as i32);
            m.color_space().device_gray();
            m.bits_per_component(8);
            m.filter(Filter::FlateDecode);
            m.finish();
        }
    }
    for (i, link) in l.links.iter().enumerate() {
        let mut a = pdf.annotation(link_ids[i]);
        a.subtype(AnnotationType::Link);
        a.rect(Rect::new(link.rect[0], link.rect[1], link.rect[2], link.rect[3]));
        a.border(0.0, 0.0, 0.0, None);
        a.action().action_type(ActionType::Uri).uri(Str(link.url.as_bytes()));
        a.finish();
    }
    for (i, content) in l.pages.into_iter().enumerate() {
        let mut page = pdf.page(page_ids[i]);
        page.media_box(Rect::new(0.0, 0.0, PAGE_WIDTH, PAGE_HEIGHT));
        page.parent(tree_id);
        page.contents(content_ids[i]);
        let annots: Vec<Ref> = l.links.iter().enumerate().filter(|(_, k)| k.page == i).map(|(j, _)| link_ids[j]).collect();
        if !annots.is_empty() {
            page.annotations(annots);
        }
        let mut resources = page.resources();
        let mut fonts = resources.fonts();
        fonts.pair(Name(Font::Regular.resource_name()), regular_id);
        fonts.pair(Name(Font::Bold.resource_name()), bold_id);
        if fallback.is_some() {
            fonts.pair(Name(Slot::Fallback.resource_name()), fallback_id);
        }
        fonts.finish();
        if logo.is_some() && l.logo_pages.contains(&i) {
            resources.x_objects().pair(Name(b"Im1"), image_id);
        }
        resources.finish();
        page.finish();
        pdf.stream(content_ids[i], &deflate(&content.finish())).filter(Filter::FlateDecode);
    }
    if !item_ids.is_empty() {
        let mut outline = pdf.outline(outline_id);
        outline.first(item_ids[0]).last(item_ids[item_ids.len() - 1]).count(item_ids.len() as i32);
        outline.finish();
        for (i, entry) in l.outline.iter().enumerate() {
            let mut item = pdf.outline_item(item_ids[i]);
            item.title(TextStr(&entry.title)).parent(outline_id);
            if i > 0 {
                item.prev(item_ids[i - 1]);
            }
            if i + 1 < item_ids.len() {
                item.next(item_ids[i + 1]);
            }
            item.dest().page(page_ids[entry.page]).xyz(MARGIN, entry.y, None);
            item.finish();
        }
    }
    let title = match (&report.business, report.as_of) {
        (Some(b), Some(d)) => format!("Cin7 Health Check: {b}, as of {d}"),
        (None, Some(d)) => format!("Cin7 Health Check as of {d}"),
        (Some(b), None) => format!("Cin7 Health Check: {b}"),
        (None, None) => "Cin7 Health Check".to_string(),
    };
    let mut info = pdf.document_info(info_id);
    info.title(TextStr(&title));
    info.subject(TextStr("Diagnosis of a Cin7 Core system along the six-stage failure sequence"));
    if let Some(name) = &brand.name {
        info.author(TextStr(name));
    }
    info.creator(TextStr("Cin7 Health Check"));
    info.producer(TextStr("healthcheck-pdf with pdf-writer"));
    info.finish();
    pdf.finish()
}
