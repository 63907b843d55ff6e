//! The PDF of the demo company at every detail level, checked with the tools a reader's
//! software uses: qpdf for structure, pdftotext for content and layout, pdftoppm for
//! rendering. (scripts/setup.sh installs poppler-utils and qpdf.)

mod scratch;

use scratch::Scratch;
use std::path::PathBuf;
use std::process::Command;

use healthcheck_core::{analyze, InputFile, Report, Settings};
use healthcheck_demo::{generate, DemoConfig};
use healthcheck_pdf::{render, Branding, Detail, PdfOptions};

fn demo_report() -> (Report, Vec<String>) {
    let demo = generate(&DemoConfig::default());
    let files: Vec<InputFile> = demo.files.iter().map(|f| InputFile { name: &f.name, bytes: &f.bytes }).collect();
    let report = analyze(&files, &Settings { lock_date: Some(demo.lock_date), ..Settings::default() });
    // Identifiers from the inputs that the summary level must not show.
    let mut ids: Vec<String> = report
        .findings
        .iter()
        .flat_map(|f| f.entities.iter())
        .filter(|e| !matches!(e.kind, healthcheck_core::report::EntityKind::Account))
        .map(|e| e.key.clone())
        .collect();
    ids.sort();
    ids.dedup();
    (report, ids)
}

fn text_of(path: &PathBuf, args: &[&str]) -> String {
    let out = Command::new("pdftotext").args(args).arg(path).arg("-").output().expect("pdftotext runs");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn options(detail: Detail) -> PdfOptions {
    PdfOptions {
        detail,
        branding: Branding {
            name: Some("Fjord Advisory".into()),
            accent: Some("#0B6E4F".into()),
            footer: Some("Fjord Advisory - Cin7 and Xero specialists".into()),
            cta_text: Some("Book a free review call".into()),
            cta_url: Some("https://fjord.example/book".into()),
            logo: None,
        },
        fallback_font: None,
    }
}

#[test]
fn every_detail_level_passes_qpdf_and_renders() {
    let (report, _) = demo_report();
    let dir = Scratch::new("pdf");
    for (name, detail) in [("summary", Detail::Summary), ("standard", Detail::Standard), ("full", Detail::Full)] {
        let path = dir.file(&format!("{name}.pdf"), render(&report, &options(detail)));
        let check = Command::new("qpdf").arg("--check").arg(&path).output().expect("qpdf runs");
        assert!(check.status.success(), "{name}: {}", String::from_utf8_lossy(&check.stdout));
        let prefix = path.with_extension("");
        let render = Command::new("pdftoppm").args(["-r", "30", "-png"]).arg(&path).arg(&prefix).output().expect("pdftoppm runs");
        assert!(render.status.success(), "{name}: pdftoppm failed");
        let info = String::from_utf8_lossy(&Command::new("pdfinfo").arg(&path).output().expect("pdfinfo").stdout).into_owned();
        let pages: usize = info.lines().find_map(|l| l.strip_prefix("Pages:")).and_then(|p| p.trim().parse().ok()).expect("page count");
        let pngs = std::fs::read_dir(path.parent().expect("dir"))
            .expect("dir")
            .filter(|e| {
                e.as_ref().is_ok_and(|e| {
                    e.file_name().to_string_lossy().starts_with(&format!("{name}-")) && e.file_name().to_string_lossy().ends_with(".png")
                })
            })
            .count();
        assert_eq!(pngs, pages, "{name}: every page renders to an image");
    }
}

#[test]
fn the_text_follows_the_report() {
    let (report, _) = demo_report();
    let dir = Scratch::new("pdf");
    let path = dir.file("standard-text.pdf", render(&report, &options(Detail::Standard)));
    let text = text_of(&path, &[]);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for section in [
        "Cin7 Health Check",
        "Harbour Goods Ltd",
        "Summary",
        "Traces from source to impact",
        "The ten largest findings",
        "Coverage and method",
        "Thresholds in force",
        "How the scores are computed",
        "Appendix: the checks that found something",
        "Book a free review call",
        "Prepared with Fjord Advisory",
    ] {
        assert!(flat.contains(section), "missing section '{section}'");
    }
    let first = report.first_break.expect("the demo breaks somewhere");
    assert!(flat.contains(&format!("First break: stage {} - {}", first.number(), first.name())));
    assert!(flat.contains(&report.verdict.split_whitespace().take(12).collect::<Vec<_>>().join(" ")), "the verdict");
    for s in &report.stages {
        let row =
            format!("{} {} {} {} {}", s.id.number(), s.name, s.status.label(), s.score.map_or("-".into(), |v| v.to_string()), s.findings);
        assert!(flat.contains(&row), "stage row '{row}'");
    }
    let top = report
        .findings
        .iter()
        .filter(|f| f.impact.is_some() && f.stage != healthcheck_core::report::Stage::Control)
        .max_by(|a, b| a.impact.as_ref().map(|i| i.amount.abs()).cmp(&b.impact.as_ref().map(|i| i.amount.abs())).then(b.id.cmp(&a.id)))
        .expect("a finding with money");
    let opening: String = top.message.split_whitespace().take(6).collect::<Vec<_>>().join(" ");
    assert!(flat.contains(&opening), "the largest finding '{opening}'");
}

#[test]
fn every_level_puts_the_plan_first_and_shows_how_each_score_was_reached() {
    let (report, _) = demo_report();
    let dir = Scratch::new("pdf");
    assert!(!report.plan.is_empty());
    for (name, detail) in [("summary", Detail::Summary), ("standard", Detail::Standard), ("full", Detail::Full)] {
        let path = dir.file(&format!("plan-{name}.pdf"), render(&report, &options(detail)));
        let flat = text_of(&path, &[]).split_whitespace().collect::<Vec<_>>().join(" ");
        let plan_at = flat.find("Fix first").unwrap_or_else(|| panic!("{name}: no plan"));
        let summary_at = flat.find("Summary").unwrap_or_else(|| panic!("{name}: no summary"));
        assert!(plan_at < summary_at, "{name}: the plan comes after the summary");
        let step = &report.plan[0];
        let heading = format!("1. {} ({}, stage {} {})", step.title, step.code, step.stage.number(), step.stage.short());
        assert!(flat.contains(&heading), "{name}: '{heading}'");
        for s in report.stages.iter().filter(|s| s.score.is_some()) {
            let label = |source: &str| if source == "impact" { "money".to_string() } else { source.to_string() };
            let terms: String = s.penalties.iter().map(|p| format!(" – {} ({})", p.points, label(&p.source))).collect();
            let name = if detail == Detail::Summary { s.id.short().to_string() } else { s.name.clone() };
            let sum = format!("{} {name}: 100{terms} = {}", s.id.number(), s.score.unwrap_or_default());
            assert!(flat.contains(&sum), "{name}: '{sum}'");
        }
    }
}

#[test]
fn the_standard_level_draws_the_three_pictures_as_vectors_with_their_figures() {
    let (report, _) = demo_report();
    let since = report.charts.apart_since.clone().expect("the demo's stock and ledger part");
    assert!(report.findings.iter().any(|f| f.code == "LED008" && f.message.contains(&format!("since {since}"))), "LED008 names {since}");
    let dir = Scratch::new("pdf");
    let path = dir.file("pictures.pdf", render(&report, &options(Detail::Standard)));
    let flat = text_of(&path, &[]).split_whitespace().collect::<Vec<_>>().join(" ");
    let pictures = flat.find("In pictures").expect("the pictures");
    let after = &flat[pictures..];
    for label in [
        "Month-end stock value: Cin7 against the ledger",
        &format!("Apart since {since}"),
        "Money at stake by stage",
        "Sync failures and skips by month",
    ] {
        assert!(after.contains(label), "missing '{label}'");
    }
    for s in report.stages.iter().filter(|s| !s.impact.is_zero()) {
        assert!(
            after.contains(&format!("{} {}", s.id.short(), healthcheck_core::report::format_money(s.impact, report.currency.as_deref()))),
            "{:?}",
            s.id
        );
    }
    for m in &report.charts.sync_by_month {
        assert!(after.contains(&format!("{} {} failed, {} skipped", m.month, m.failed, m.skipped)), "{}", m.month);
    }
    // Drawn, not pasted: the PDF holds no image at all (the options carry no logo).
    let images = Command::new("pdfimages").arg("-list").arg(&path).output().expect("pdfimages runs");
    let listed = String::from_utf8_lossy(&images.stdout).lines().skip(2).count();
    assert_eq!(listed, 0, "{}", String::from_utf8_lossy(&images.stdout));
}

#[test]
fn names_in_macronised_polish_greek_and_cyrillic_letters_print_in_an_embedded_font() {
    let (mut report, _) = demo_report();
    let names = "Māori Kete – Zażółć gęślą jaźń – Ελληνικά – Москва";
    let f = report.findings.iter_mut().find(|f| f.stage == healthcheck_core::report::Stage::Setup).expect("a setup finding");
    f.message = format!("{names}: {}", f.message);
    let dir = Scratch::new("pdf");
    let path = dir.file("unicode.pdf", render(&report, &options(Detail::Standard)));
    let flat = text_of(&path, &[]).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains(names), "the names print as written");
    assert!(!flat.contains("each is shown as '?'"), "nothing was replaced");
    let fonts = Command::new("pdffonts").arg(&path).output().expect("pdffonts runs");
    let fonts = String::from_utf8_lossy(&fonts.stdout).into_owned();
    let embedded: Vec<&str> = fonts.lines().skip(2).collect();
    assert_eq!(embedded.len(), 2, "{fonts}");
    for line in embedded {
        let cols: Vec<&str> = line.split_whitespace().collect();
        // name, type (two words), encoding, emb, sub, uni
        assert!(cols[0].ends_with("DejaVuSans") || cols[0].ends_with("DejaVuSans-Bold"), "{line}");
        assert_eq!(&cols[4..7], ["yes", "yes", "yes"], "embedded, subset, with a Unicode map: {line}");
    }
    // A script the face lacks is marked, not dropped silently.
    let f = report.findings.iter_mut().find(|f| f.stage == healthcheck_core::report::Stage::Setup).expect("a setup finding");
    f.message = format!("\u{65e5}\u{672c} {}", f.message);
    let path = dir.file("cjk.pdf", render(&report, &options(Detail::Standard)));
    let flat = text_of(&path, &[]).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("each is shown as '?'"), "the missing glyphs are said");
}

/// Debian's fonts-droid-fallback, which the test setup installs.
const CJK_FONT: &str = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf";

#[test]
fn with_a_fallback_font_chinese_and_japanese_names_print_beside_the_rest() {
    let (mut report, _) = demo_report();
    let names = "Māori Kete – 日本茶碗 – Zażółć – 中文名称";
    let f = report.findings.iter_mut().find(|f| f.stage == healthcheck_core::report::Stage::Setup).expect("a setup finding");
    f.message = format!("{names}: {}", f.message);
    let font = std::fs::read(CJK_FONT).expect("the test setup installs fonts-droid-fallback");
    let dir = Scratch::new("pdf");
    let with = PdfOptions { fallback_font: Some(font), ..options(Detail::Standard) };
    let path = dir.file("cjk-fallback.pdf", render(&report, &with));
    assert_eq!(render(&report, &with), std::fs::read(&path).expect("written"), "the same bytes again");
    let flat = text_of(&path, &[]).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains(names), "the names print as written");
    assert!(!flat.contains("each is shown as '?'"));
    let fonts = Command::new("pdffonts").arg(&path).output().expect("pdffonts runs");
    let fonts = String::from_utf8_lossy(&fonts.stdout).into_owned();
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert_eq!(rows.len(), 3, "{fonts}");
    assert!(rows.iter().any(|r| r.contains("DroidSansFallback")), "{fonts}");
    assert!(rows.iter().all(|r| r.split_whitespace().collect::<Vec<_>>()[4..7] == ["yes", "yes", "yes"]), "{fonts}");
    // The fallback travels only when a report needs it.
    let (plain, _) = demo_report();
    let path = dir.file("no-cjk.pdf", render(&plain, &with));
    let fonts = Command::new("pdffonts").arg(&path).output().expect("pdffonts runs");
    assert_eq!(String::from_utf8_lossy(&fonts.stdout).lines().count(), 4, "two faces only");
    // A file that is no TrueType font is said, and the PDF still comes.
    let bad = PdfOptions { fallback_font: Some(b"not a font".to_vec()), ..options(Detail::Standard) };
    let path = dir.file("bad-font.pdf", render(&report, &bad));
    let flat = text_of(&path, &[]).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("The extra font was left out: the fallback font cannot be read"), "{flat}");
}

#[test]
fn the_summary_level_names_no_document_or_sku() {
    let (report, ids) = demo_report();
    let dir = Scratch::new("pdf");
    assert!(ids.len() > 20, "the demo names documents and SKUs");
    let path = dir.file("summary-text.pdf", render(&report, &options(Detail::Summary)));
    let text = text_of(&path, &[]);
    for id in &ids {
        assert!(!text.contains(id.as_str()), "the summary PDF shows '{id}'");
    }
    for f in &report.inputs {
        assert!(!text.contains(&f.file), "the summary PDF names the file {}", f.file);
    }
    // Nor the names the evidence carries: customers, suppliers, products.
    let names: std::collections::BTreeSet<&str> = report
        .findings
        .iter()
        .flat_map(|f| f.evidence.iter().flat_map(|e| e.fields.0.iter()))
        .filter(|(k, _)| matches!(k.as_str(), "Customer" | "Supplier" | "Product name"))
        .map(|(_, v)| v.as_str())
        .collect();
    assert!(names.len() > 10, "the demo's evidence names people and products");
    for name in names {
        assert!(!text.contains(name), "the summary PDF names '{name}'");
    }
    assert!(text.contains("First break"));
    // One page: the verdict, the six stages and their points, three steps, the call to action.
    let pages = Command::new("qpdf").arg("--show-npages").arg(&path).output().expect("qpdf runs");
    assert_eq!(String::from_utf8_lossy(&pages.stdout).trim(), "1", "the summary is one page");
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("Book a free review call") && flat.contains("How each score was reached"), "{flat}");
    let step = |n: usize| format!("{}. {} ({},", n + 1, report.plan[n].title, report.plan[n].code);
    assert!(report.plan.len() > 3 && flat.contains(&step(2)) && !flat.contains(&step(3)), "three steps of the plan: {flat}");
}

#[test]
fn no_text_runs_outside_the_margins() {
    let (report, _) = demo_report();
    let dir = Scratch::new("pdf");
    for (name, detail) in [("summary", Detail::Summary), ("full", Detail::Full)] {
        let path = dir.file(&format!("{name}-bbox.pdf"), render(&report, &options(detail)));
        let html = text_of(&path, &["-bbox"]);
        let mut words = 0;
        for line in html.lines().filter(|l| l.trim_start().starts_with("<word")) {
            let attr = |key: &str| -> f32 {
                line.split(&format!("{key}=\"")).nth(1).and_then(|r| r.split('"').next()).and_then(|v| v.parse().ok()).unwrap_or(-1.0)
            };
            let (x0, x1, y0, y1) = (attr("xMin"), attr("xMax"), attr("yMin"), attr("yMax"));
            assert!(x0 >= 49.0 && x1 <= 595.28 - 49.0, "{name}: a word runs past the side margins: {line}");
            assert!(y0 >= 20.0 && y1 <= 841.89 - 20.0, "{name}: a word runs past the top or bottom: {line}");
            words += 1;
        }
        assert!(words > 500, "{name}: {words} words read");
    }
}

#[test]
fn a_png_or_jpeg_logo_is_embedded() {
    let (report, _) = demo_report();
    let dir = Scratch::new("pdf");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/brand");
    for (file, expected) in [("logo.png", vec!["image", "smask"]), ("logo.jpg", vec!["image"])] {
        let mut o = options(Detail::Summary);
        o.branding.logo = Some(std::fs::read(root.join(file)).expect("logo"));
        let path = dir.file(&format!("logo-{file}.pdf"), render(&report, &o));
        let list =
            String::from_utf8_lossy(&Command::new("pdfimages").arg("-list").arg(&path).output().expect("pdfimages").stdout).into_owned();
        let types: Vec<&str> = list.lines().skip(2).filter_map(|l| l.split_whitespace().nth(2)).collect();
        assert_eq!(types, expected, "{file}: {list}");
        assert!(list.contains(" 120 ") && list.contains(" 40 "), "{file}: the logo keeps its size: {list}");
        assert!(Command::new("qpdf").arg("--check").arg(&path).status().expect("qpdf").success());
    }
    let mut o = options(Detail::Summary);
    o.branding.logo = Some(b"GIF89a not supported".to_vec());
    let path = dir.file("logo-gif.pdf", render(&report, &o));
    assert!(text_of(&path, &[]).contains("The logo was left out: the logo is neither a PNG nor a JPEG image."));
}

#[test]
fn the_standard_and_full_levels_keep_every_identifier_and_file_name_whole() {
    let (report, ids) = demo_report();
    let dir = Scratch::new("pdf");
    for detail in [Detail::Standard, Detail::Full] {
        let path = dir.file(&format!("whole-{detail:?}.pdf"), render(&report, &options(detail)));
        identifiers_are_whole(&path, &report, &ids);
    }
}

fn identifiers_are_whole(path: &PathBuf, report: &Report, ids: &[String]) {
    // Words as pdftotext reads them: an identifier broken across lines would be two. Every
    // identifier the text shows at all (found once the white space is taken out) must be
    // one of them.
    let text = text_of(path, &[]);
    let joined: String = text.split_whitespace().collect();
    let words: std::collections::BTreeSet<String> = text
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| matches!(c, ',' | ';' | ':' | '(' | ')' | '[' | ']' | '.' | '\'')).to_string())
        .collect();
    let files: Vec<String> = report.inputs.iter().map(|i| i.file.clone()).collect();
    let shown: Vec<&String> = ids.iter().chain(&files).filter(|id| !id.contains(' ') && joined.contains(id.as_str())).collect();
    assert!(shown.len() > 30, "the full PDF shows identifiers: {}", shown.len());
    let mut broken: Vec<&&String> = shown.iter().filter(|id| !words.contains(id.as_str())).collect();
    broken.sort();
    assert!(broken.is_empty(), "not found whole: {broken:?}");
}

#[test]
fn evidence_of_two_layouts_gets_two_tables_and_a_left_out_column_is_named() {
    use healthcheck_core::report::{Evidence, Fields};
    let (mut report, _) = demo_report();
    let f = report.findings.iter_mut().find(|f| f.code == "SET001").expect("a SET001 finding");
    let wide: Vec<(String, String)> = (1..=9).map(|i| (format!("Field{i}"), format!("v{i}"))).collect();
    f.evidence = vec![
        Evidence { file: "SaleList.csv".into(), line: 4, fields: Fields(vec![("OrderNumber".into(), "SO-1".into())]) },
        Evidence {
            file: "SaleOrderLines.csv".into(),
            line: 9,
            fields: Fields(vec![("LineSku".into(), "WID-1".into()), ("LineQty".into(), "3".into())]),
        },
        Evidence { file: "Wide.csv".into(), line: 2, fields: Fields(wide) },
    ];
    let dir = Scratch::new("pdf");
    let path = dir.file("layouts.pdf", render(&report, &options(Detail::Full)));
    let flat = text_of(&path, &[]).split_whitespace().collect::<Vec<_>>().join(" ");
    let at = flat.find("SET001 invoiced-not-shipped").expect("the SET001 section");
    let section = &flat[at..];
    let section = &section[..section.find("How to fix it at the source").expect("the fix follows")];
    // One table per layout, each with its own header, in order (pdftotext reads a narrow
    // table's cells in an order of its own, so the words are looked for one by one).
    let at = |word: &str| section.find(word).unwrap_or_else(|| panic!("'{word}' in {section}"));
    assert!(at("OrderNumber") < at("LineSku") && at("LineSku") < at("Field1"), "{section}");
    for word in ["SO-1", "LineQty", "WID-1", "Field7", "v7"] {
        at(word);
    }
    assert!(!section.contains("v8"), "a column past the seventh is named, not squeezed in");
    assert!(section.contains("Columns not shown here, in the JSON report and the CSV: Field8, Field9."), "{section}");
}
