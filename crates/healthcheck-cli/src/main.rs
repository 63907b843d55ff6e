//! `cin7-healthcheck`: the health check on the command line, over the same core as the page.
//!
//! Exit status: 0 when the analysis ran (whatever it found); 2 for usage errors or when no
//! input could be used, with a one-line reason on stderr.

mod args;
mod read;
mod render;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use healthcheck_core::rules;

use args::{Command, Format, RulesFormat};

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    match run(&argv) {
        Ok(()) => ExitCode::SUCCESS,
        Err(reason) => {
            eprintln!("cin7-healthcheck: {reason}");
            ExitCode::from(2)
        }
    }
}

/// The analysis of files read as streams, with a last line of defence: amounts are exact
/// `Decimal`s, and a total beyond what one can hold (about 7.9 × 10^28) panics inside
/// rust_decimal. The core leaves out files whose numbers could get there
/// (`healthcheck_core::magnitude`), so this catch is not expected to fire; if it does, the
/// message names the files rather than print a backtrace.
fn analyze_guarded(inputs: &[read::Input], settings: &healthcheck_core::Settings) -> Result<healthcheck_core::Report, String> {
    let imported = read::import(inputs, settings)?;
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let outcome =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| healthcheck_core::analyze_imported(imported, settings, &mut |_| {})));
    std::panic::set_hook(default_hook);
    outcome.map_err(|payload| {
        let what = payload.downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| payload.downcast_ref::<String>().cloned()).unwrap_or_default();
        let names: Vec<&str> = inputs.iter().map(|f| f.name.as_str()).collect();
        format!(
            "{}: the analysis stopped ({what}): the numbers in these files add up to more than exact arithmetic can hold; look for absurdly large quantities, costs or amounts",
            names.join(", ")
        )
    })
}

/// Writes to standard output. A reader that has gone (`| head`) ends the program quietly
/// with status 0, as a filter's should; any other failure (a full disk) is one line.
fn emit(text: &str) -> Result<(), String> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
        Err(e) => Err(format!("standard output: {e}")),
    }
}

fn run(argv: &[String]) -> Result<(), String> {
    match args::parse(argv)? {
        Command::Help => {
            emit(args::USAGE)?;
            Ok(())
        }
        Command::Rules { format } => {
            let catalog = rules::catalog();
            match format {
                RulesFormat::Text => emit(&render::catalog_text(&catalog))?,
                RulesFormat::Markdown => emit(&render::catalog_markdown(&catalog))?,
                RulesFormat::Json => {
                    let all = serde_json::json!({
                        "rules": catalog,
                        "kinds": healthcheck_core::kinds::kinds_catalog(),
                        "vocabulary": rules::vocabulary(),
                    });
                    emit(&format!("{}\n", serde_json::to_string_pretty(&all).map_err(|e| e.to_string())?))?;
                }
            }
            Ok(())
        }
        Command::Demo { folder, config } => {
            let demo = healthcheck_demo::generate(&config);
            fs::create_dir_all(&folder).map_err(|e| format!("{}: cannot create: {e}", folder.display()))?;
            for f in &demo.files {
                let path = folder.join(&f.name);
                fs::write(&path, &f.bytes).map_err(|e| format!("{}: cannot write: {e}", path.display()))?;
            }
            // Hidden, so that analysing the folder does not read it as an export.
            let manifest = folder.join(".faults.json");
            fs::write(&manifest, demo.manifest_json()).map_err(|e| format!("{}: cannot write: {e}", manifest.display()))?;
            emit(&format!(
                "Wrote {} files to {} ({} faults listed in .faults.json; analyse with --lock-date {})\n",
                demo.files.len(),
                folder.display(),
                demo.faults.len(),
                demo.lock_date
            ))
        }
        Command::Analyze(a) => {
            let paths = collect_files(&a.paths)?;
            if let Some(pdf) = &a.pdf {
                refuse_overwriting_an_input(pdf, &paths)?;
            }
            let files: Vec<read::Input> = paths.iter().map(|p| read::Input { name: display_name(p, &a.paths), path: p.clone() }).collect();
            if a.explain {
                let imported = read::import(&files, &a.settings)?;
                let reports: Vec<String> = imported.inputs.iter().map(healthcheck_core::import::header_report::header_report).collect();
                return emit(&reports.join("\n"));
            }
            let mut settings = a.settings.clone();
            let mut report = analyze_guarded(&files, &settings)?;
            if let Some(path) = &a.mappings {
                let text = fs::read_to_string(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
                let kept: healthcheck_core::inputs::KeptMappings =
                    serde_json::from_str(&text).map_err(|e| format!("{}: not a mappings file: {e}", path.display()))?;
                // A file whose header a kept mapping names is read with it (the user's own
                // --kind and --map for the file still win).
                let mut applied = false;
                for input in &report.inputs {
                    if let Some(m) = kept.for_header(&input.header) {
                        let o = settings.overrides.entry(input.file.clone()).or_default();
                        if o.kind.is_none() && o.columns.is_empty() && (input.kind != Some(m.kind) || !m.columns.is_empty()) {
                            o.kind = Some(m.kind);
                            o.columns = m.columns.clone();
                            applied = true;
                        }
                    }
                }
                if applied {
                    report = analyze_guarded(&files, &settings)?;
                }
            }
            if let Some(path) = &a.compare {
                let text = fs::read_to_string(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
                let previous = healthcheck_core::Report::from_json(&text).map_err(|e| format!("{}: {e}", path.display()))?;
                healthcheck_core::compare::attach(&mut report, &previous);
            }
            let usable = report.inputs.iter().filter(|i| i.kind.is_some()).count();
            let problems: Vec<String> = report
                .inputs
                .iter()
                .filter(|i| i.kind.is_none())
                .map(|i| format!("{}: {}", i.file, i.problem.as_deref().unwrap_or("not recognised")))
                .collect();
            if usable == 0 {
                return Err(format!("no usable input: {}", problems.join("; ")));
            }
            for p in &problems {
                eprintln!("cin7-healthcheck: {p}");
            }
            let out = match a.format {
                Format::Json => report.to_json() + "\n",
                Format::Text => render::report_text(&report, false),
                Format::Markdown => render::report_text(&report, true),
            };
            emit(&out)?;
            if let Some(pdf_path) = &a.pdf {
                let options = healthcheck_pdf::PdfOptions {
                    detail: a.pdf_detail,
                    branding: a.branding.clone(),
                    fallback_font: fallback_font(a.pdf_font.as_deref())?,
                };
                let bytes = healthcheck_pdf::render(&report, &options);
                fs::write(pdf_path, bytes).map_err(|e| format!("{}: cannot write the PDF: {e}", pdf_path.display()))?;
            }
            Ok(())
        }
    }
}

/// The font for the characters DejaVu Sans lacks: the one given, else one beside the
/// binary, else Debian's Droid Sans Fallback; none is fine (those characters print as `?`).
fn fallback_font(given: Option<&Path>) -> Result<Option<Vec<u8>>, String> {
    if let Some(path) = given {
        return fs::read(path).map(Some).map_err(|e| format!("{}: cannot read the font: {e}", path.display()));
    }
    let beside = std::env::current_exe().ok().and_then(|exe| exe.parent().map(|d| d.join("fonts").join("fallback.ttf")));
    let system = PathBuf::from("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf");
    Ok(beside.into_iter().chain([system]).find_map(|p| fs::read(p).ok()))
}

/// An output written over one of the files read would destroy the user's export.
fn refuse_overwriting_an_input(output: &Path, inputs: &[PathBuf]) -> Result<(), String> {
    let Ok(target) = fs::canonicalize(output) else { return Ok(()) };
    if inputs.iter().any(|i| fs::canonicalize(i).is_ok_and(|i| i == target)) {
        return Err(format!("{}: this is one of the inputs; the PDF would overwrite it (choose another path)", output.display()));
    }
    Ok(())
}

/// Files named directly, and every file under named folders (hidden ones skipped), sorted.
/// Only regular files are read: a pipe or a device is named on standard error and skipped.
fn collect_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut out).map_err(|e| format!("{}: cannot list: {e}", p.display()))?;
        } else if p.is_file() {
            out.push(p.clone());
        } else if p.exists() {
            eprintln!("cin7-healthcheck: {}: not a regular file (a pipe or a device); skipped", p.display());
        } else {
            return Err(format!("{}: no such file or folder", p.display()));
        }
    }
    if out.is_empty() {
        return Err("no input files found".into());
    }
    out.sort();
    out.dedup();
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        let hidden = path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            walk(&path, out)?;
        } else if path.is_file() {
            out.push(path);
        } else {
            eprintln!("cin7-healthcheck: {}: not a regular file (a pipe or a device); skipped", path.display());
        }
    }
    Ok(())
}

/// The name a file goes by in the report: its path below the folder given, else its name.
fn display_name(path: &Path, roots: &[PathBuf]) -> String {
    for root in roots.iter().filter(|r| r.is_dir()) {
        if let Ok(rel) = path.strip_prefix(root) {
            return rel.to_string_lossy().into_owned();
        }
    }
    path.file_name().map_or_else(|| path.to_string_lossy().into_owned(), |n| n.to_string_lossy().into_owned())
}
