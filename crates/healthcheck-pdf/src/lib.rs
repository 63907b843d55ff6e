//! The health-check Report as a PDF: cover with the verdict and the six-stage chain, the
//! stage table, the findings by stage, the inputs and rejected rows, and how the scores are
//! computed. Written with pdf-writer in the standard Helvetica font (nothing embedded), so
//! the page, the command line and the tests share one renderer. Pure and deterministic:
//! the same Report and options give the same bytes.

mod layout;
mod metrics;

use healthcheck_core::report::{format_money, Report, Severity, Stage, StageSummary, Status};
use pdf_writer::{Finish, Name, Pdf, Rect, Ref, Str, TextStr};

use layout::{Align, Layout, Rgb, CONTENT_WIDTH, INK, MARGIN, MUTED, PAGE_HEIGHT, PAGE_WIDTH};
use metrics::Font;

/// How much of the report goes into the PDF.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum Detail {
    /// Scores, verdict and totals only.
    Summary,
    #[default]
    Standard,
    /// Every evidence row.
    Full,
}

#[derive(Clone, Debug, Default)]
pub struct PdfOptions {
    pub detail: Detail,
}

/// Evidence rows shown per finding at the standard level.
const STANDARD_EVIDENCE_ROWS: usize = 3;

pub fn status_color(status: Status) -> Rgb {
    match status {
        Status::Healthy => Rgb(0.16, 0.55, 0.33),
        Status::Watch => Rgb(0.80, 0.56, 0.05),
        Status::AtRisk => Rgb(0.85, 0.37, 0.10),
        Status::Critical => Rgb(0.72, 0.11, 0.11),
        Status::NotAssessed => Rgb(0.55, 0.57, 0.60),
    }
}

fn stage_short(stage: Stage) -> &'static str {
    match stage {
        Stage::Setup => "Setup",
        Stage::Inventory => "Inventory",
        Stage::Integration => "Integration",
        Stage::Ledger => "Ledger",
        Stage::Trust => "Trust",
        Stage::Control => "Control",
        Stage::Coverage => "Coverage",
    }
}

fn money_text(report: &Report, amount: rust_decimal::Decimal) -> String {
    format_money(amount, report.currency.as_deref())
}

/// Render the report.
pub fn render(report: &Report, options: &PdfOptions) -> Vec<u8> {
    let mut l = Layout::new();
    cover(&mut l, report);
    stage_table(&mut l, report);
    if options.detail != Detail::Summary {
        findings(&mut l, report, options.detail);
    }
    inputs(&mut l, report, options.detail);
    method(&mut l, report);
    if l.replaced_text {
        l.paragraph(
            "Some text in the inputs uses characters outside the PDF's standard font; they are shown as '?'. The page and the JSON report show them as written.",
            Font::Regular,
            8.5,
            MUTED,
            0.0,
        );
    }
    write_pdf(l, report)
}

fn cover(l: &mut Layout, report: &Report) {
    l.gap(10.0);
    l.text_at(MARGIN, l.y - 22.0, Font::Bold, 22.0, INK, "Cin7 Health Check");
    l.gap(36.0);
    let as_of = report.as_of.map_or("not set".to_string(), |d| d.to_string());
    let currency = report.currency.as_deref().map(|c| format!("   Currency: {c}")).unwrap_or_default();
    l.text_at(MARGIN, l.y - 10.0, Font::Regular, 10.0, MUTED, &format!("As of {as_of}{currency}"));
    l.gap(24.0);
    l.outline.push(layout::OutlineEntry { title: "Verdict".into(), page: 0, y: l.y + 10.0 });
    let first = match report.first_break {
        Some(s) => format!("First break: stage {} - {}", s.number(), s.name()),
        None => "First break: none found".to_string(),
    };
    l.text_at(MARGIN, l.y - 13.0, Font::Bold, 13.0, INK, &first);
    l.gap(20.0);
    l.paragraph(&report.verdict, Font::Regular, 10.5, INK, 0.0);
    l.gap(18.0);
    stage_chain(l, &report.stages, report.first_break);
}

/// The six stages as a chain of boxes joined by arrows, each with status and score.
fn stage_chain(l: &mut Layout, stages: &[StageSummary], first: Option<Stage>) {
    let gap = 10.0;
    let w = (CONTENT_WIDTH - gap * 5.0) / 6.0;
    let h = 62.0;
    l.ensure(h + 10.0);
    let top = l.y;
    for (i, s) in stages.iter().enumerate() {
        let x = MARGIN + i as f32 * (w + gap);
        let color = status_color(s.status);
        if Some(s.id) == first {
            l.fill_rect(x - 2.5, top - h - 2.5, w + 5.0, h + 5.0, INK);
        }
        l.fill_rect(x, top - h, w, h, color);
        let white = Rgb(1.0, 1.0, 1.0);
        l.text_at(x + 6.0, top - 14.0, Font::Bold, 8.5, white, &format!("{} {}", s.id.number(), stage_short(s.id)));
        l.text_at(x + 6.0, top - 28.0, Font::Regular, 8.0, white, s.status.label());
        let score = s.score.map_or("-".to_string(), |v| v.to_string());
        l.text_at(x + 6.0, top - 50.0, Font::Bold, 16.0, white, &score);
        if i + 1 < stages.len() {
            let ax = x + w + 2.0;
            let ay = top - h / 2.0;
            l.hline(ax, ax + gap - 4.0, ay, INK);
        }
    }
    l.gap(h + 8.0);
    if first.is_some() {
        l.paragraph("The outlined stage is the first break: the earliest stage in the sequence that is at risk.", Font::Regular, 8.0, MUTED, 0.0);
    }
}

fn stage_table(l: &mut Layout, report: &Report) {
    l.heading("Stages", 14.0, 60.0);
    let rows: Vec<Vec<String>> = report
        .stages
        .iter()
        .map(|s| {
            vec![
                s.id.number().to_string(),
                s.name.clone(),
                s.status.label().to_string(),
                s.score.map_or("-".into(), |v| v.to_string()),
                s.findings.to_string(),
                money_text(report, s.impact),
            ]
        })
        .collect();
    let aligns = [Align::Right, Align::Left, Align::Left, Align::Right, Align::Right, Align::Right];
    l.table(&["#", "Stage", "Status", "Score", "Findings", "Impact"], &aligns, &rows, 9.0);
    let missing: Vec<String> = report
        .stages
        .iter()
        .filter(|s| s.status == Status::NotAssessed && !s.missing_inputs.is_empty())
        .map(|s| format!("{}: {}", stage_short(s.id), s.missing_inputs.join("; ")))
        .collect();
    if !missing.is_empty() {
        l.gap(6.0);
        l.paragraph("Not assessed, and the exports that would assess it:", Font::Bold, 9.0, INK, 0.0);
        for m in missing {
            l.paragraph(&m, Font::Regular, 9.0, MUTED, 8.0);
        }
    }
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

fn findings(l: &mut Layout, report: &Report, detail: Detail) {
    l.heading("Findings", 14.0, 40.0);
    if report.findings.is_empty() {
        l.paragraph("No findings.", Font::Regular, 10.0, INK, 0.0);
        return;
    }
    for stage in Stage::WITH_COVERAGE {
        let of_stage: Vec<_> = report.findings.iter().filter(|f| f.stage == stage).collect();
        if of_stage.is_empty() {
            continue;
        }
        l.heading(&format!("Stage {}: {}", stage.number(), stage.name()), 11.5, 40.0);
        for f in of_stage {
            l.ensure(40.0);
            l.gap(4.0);
            l.paragraph(&format!("{} {} {}  {}", f.id, f.code, f.rule, severity_label(f.severity)), Font::Bold, 9.0, INK, 0.0);
            l.paragraph(&f.message, Font::Regular, 9.5, INK, 0.0);
            if let Some(i) = &f.impact {
                let est = if i.estimate { " (estimate)" } else { "" };
                l.paragraph(&format!("Impact: {}{est} - {}", money_text(report, i.amount), i.basis), Font::Regular, 8.5, MUTED, 0.0);
            }
            let shown = match detail {
                Detail::Full => f.evidence.len(),
                _ => f.evidence.len().min(STANDARD_EVIDENCE_ROWS),
            };
            if shown > 0 {
                let mut header: Vec<&str> = vec!["File", "Line"];
                header.extend(f.evidence[0].fields.0.iter().map(|(k, _)| k.as_str()));
                let rows: Vec<Vec<String>> = f.evidence[..shown]
                    .iter()
                    .map(|e| {
                        let mut r = vec![e.file.clone(), e.line.to_string()];
                        r.extend(e.fields.0.iter().map(|(_, v)| v.clone()));
                        r
                    })
                    .collect();
                let mut aligns = vec![Align::Left; header.len()];
                aligns[1] = Align::Right;
                l.gap(2.0);
                l.table(&header, &aligns, &rows, 7.5);
            }
        }
    }
}

fn inputs(l: &mut Layout, report: &Report, detail: Detail) {
    l.heading("Inputs", 14.0, 60.0);
    let rows: Vec<Vec<String>> = report
        .inputs
        .iter()
        .map(|i| {
            vec![
                i.file.clone(),
                i.kind.map_or_else(|| "not recognised".to_string(), |k| k.id().to_string()),
                i.rows.to_string(),
                i.rejected.to_string(),
                i.first_date.map(|d| d.to_string()).unwrap_or_default(),
                i.last_date.map(|d| d.to_string()).unwrap_or_default(),
            ]
        })
        .collect();
    let aligns = [Align::Left, Align::Left, Align::Right, Align::Right, Align::Left, Align::Left];
    l.table(&["File", "Kind", "Rows", "Rejected", "First date", "Last date"], &aligns, &rows, 8.5);
    if !report.rejected.is_empty() && detail != Detail::Summary {
        l.heading("Rows that could not be read", 11.5, 40.0);
        let rows: Vec<Vec<String>> = report
            .rejected
            .iter()
            .map(|r| vec![r.file.clone(), r.line.map_or("whole file".into(), |n| n.to_string()), r.reason.clone()])
            .collect();
        l.table(&["File", "Line", "Reason"], &[Align::Left, Align::Right, Align::Left], &rows, 8.0);
    }
}

fn method(l: &mut Layout, report: &Report) {
    l.heading("How the scores are computed", 14.0, 60.0);
    let text = "Each stage starts at 100. A finding takes points by severity (critical 40, high 20, medium 8, low 2); within one check the findings count heaviest first, each half the one before, so a single check takes at most twice its heaviest finding. The stage's money impact takes up to 25 more points, in proportion to the business's scale (stock value or invoiced revenue). Healthy is 85 and above, watch 65 to 84, at risk 40 to 64, critical below 40. A stage none of whose checks could run is not assessed, never healthy.";
    l.paragraph(text, Font::Regular, 9.0, INK, 0.0);
    l.gap(6.0);
    let t = &report.settings.thresholds;
    l.paragraph(
        &format!("Thresholds in force: grace days {}, quantity tolerance {}.", t.grace_days, t.quantity_tolerance),
        Font::Regular,
        9.0,
        MUTED,
        0.0,
    );
}

fn write_pdf(mut l: Layout, report: &Report) -> Vec<u8> {
    let page_count = l.pages.len();
    let as_of = report.as_of.map_or(String::new(), |d| format!(" - as of {d}"));
    for (i, content) in l.pages.iter_mut().enumerate() {
        let footer = format!("Cin7 Health Check{as_of}   page {} of {page_count}", i + 1);
        let text_width = metrics::width(&footer, Font::Regular, 8.0);
        let (bytes, _) = metrics::encode(&footer);
        content.set_fill_rgb(MUTED.0, MUTED.1, MUTED.2);
        content.begin_text();
        content.set_font(Name(Font::Regular.resource_name()), 8.0);
        content.next_line(PAGE_WIDTH - MARGIN - text_width, 32.0);
        content.show(Str(&bytes));
        content.end_text();
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
    let info_id = alloc();
    let outline_id = alloc();
    let page_ids: Vec<Ref> = (0..page_count).map(|_| alloc()).collect();
    let content_ids: Vec<Ref> = (0..page_count).map(|_| alloc()).collect();
    let item_ids: Vec<Ref> = (0..l.outline.len()).map(|_| alloc()).collect();

    let mut catalog = pdf.catalog(catalog_id);
    catalog.pages(tree_id);
    if !item_ids.is_empty() {
        catalog.outlines(outline_id);
    }
    catalog.finish();
    pdf.pages(tree_id).kids(page_ids.iter().copied()).count(page_count as i32);
    pdf.type1_font(regular_id).base_font(Name(b"Helvetica")).encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.type1_font(bold_id).base_font(Name(b"Helvetica-Bold")).encoding_predefined(Name(b"WinAnsiEncoding"));
    for (i, content) in l.pages.into_iter().enumerate() {
        let mut page = pdf.page(page_ids[i]);
        page.media_box(Rect::new(0.0, 0.0, PAGE_WIDTH, PAGE_HEIGHT));
        page.parent(tree_id);
        page.contents(content_ids[i]);
        let mut resources = page.resources();
        let mut fonts = resources.fonts();
        fonts.pair(Name(Font::Regular.resource_name()), regular_id);
        fonts.pair(Name(Font::Bold.resource_name()), bold_id);
        fonts.finish();
        resources.finish();
        page.finish();
        pdf.stream(content_ids[i], &content.finish());
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
    let title = match report.as_of {
        Some(d) => format!("Cin7 Health Check as of {d}"),
        None => "Cin7 Health Check".to_string(),
    };
    let mut info = pdf.document_info(info_id);
    info.title(TextStr(&title));
    info.subject(TextStr("Diagnosis of a Cin7 Core system along the six-stage failure sequence"));
    info.creator(TextStr("Cin7 Health Check"));
    info.producer(TextStr("healthcheck-pdf with pdf-writer"));
    info.finish();
    pdf.finish()
}
