//! Command-line arguments, parsed by hand: a handful of flags needs no dependency.

use std::path::PathBuf;

use healthcheck_core::date::Date;
use healthcheck_core::inputs::{Accounting, DateOrder};
use healthcheck_core::kinds::Kind;
use healthcheck_core::settings::Settings;
use healthcheck_pdf::Detail;

pub const USAGE: &str = r#"
cin7-healthcheck: diagnose Cin7 Core, Xero, QuickBooks Online and Shopify exports

Usage:
  cin7-healthcheck analyze <file or folder>... [options]
  cin7-healthcheck rules [--format text|markdown|json]
  cin7-healthcheck demo <folder> [--seed N] [--scale N] [--clean]

Options for analyze:
  --as-of YYYY-MM-DD         the analysis date (default: the latest date in the inputs)
  --accounting xero|qbo      the accounting system
  --lock-date YYYY-MM-DD     the period lock date
  --currency CODE            the base currency, where the inputs do not say
  --config FILE.toml         thresholds (and settings) from a TOML file; flags win
  --kind FILE=KIND           read FILE as KIND (for example cin7.sales)
  --map FILE:FIELD=HEADER    with --kind: the column HEADER holds FIELD (for example
                             --map "stock.csv:on_hand=Qty In Stock")
  --dates FILE=day-first|month-first  the order of FILE's dates, where none can tell
  --store FILE=LABEL         the Shopify store FILE's orders are from (default: its currency)
  --mapping FILE.json        column mappings kept from the page, applied by header
  --explain-file FILE        print FILE's header report (titles, header, each field found
                             or missing; no data row) instead of analysing
  --format text|json|markdown  the report on standard output (default: text)
  --compare PREVIOUS.json    show what changed since a report saved earlier (--format json)
  --pdf OUT.pdf              also write the PDF report
  --pdf-detail summary|standard|full  how much the PDF shows (default: standard)
  --pdf-font FILE.ttf        a TrueType font for the characters the PDF's own font lacks
                             (Chinese, Japanese, Korean); default: fonts/fallback.ttf
                             beside the binary, else Droid Sans Fallback if installed
  --brand-name, --brand-logo FILE, --brand-accent '#RRGGBB', --brand-footer TEXT,
  --cta-text TEXT, --cta-url URL   branding of the PDF
"#;

pub enum Format {
    Text,
    Json,
    Markdown,
}

pub struct Analyze {
    pub paths: Vec<PathBuf>,
    pub settings: Settings,
    pub format: Format,
    pub pdf: Option<PathBuf>,
    pub pdf_detail: Detail,
    pub pdf_font: Option<PathBuf>,
    pub compare: Option<PathBuf>,
    pub branding: healthcheck_pdf::Branding,
    /// Kept column mappings, applied to files whose header they name.
    pub mappings: Option<PathBuf>,
    /// Print the header reports of the files instead of analysing them.
    pub explain: bool,
}

/// How `rules` prints the catalog: for reading, for a README, or (with the kinds and the
/// stage and status words) for a program.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RulesFormat {
    Text,
    Markdown,
    Json,
}

pub enum Command {
    Analyze(Box<Analyze>),
    Rules { format: RulesFormat },
    Demo { folder: PathBuf, config: healthcheck_demo::DemoConfig },
    Help,
}

fn date_arg(flag: &str, value: &str) -> Result<Date, String> {
    Date::parse_iso(value).ok_or_else(|| format!("{flag} takes a date as YYYY-MM-DD, not '{value}'"))
}

pub fn parse(argv: &[String]) -> Result<Command, String> {
    let mut it = argv.iter();
    let command = match it.next().map(String::as_str) {
        None | Some("-h" | "--help" | "help") => return Ok(Command::Help),
        Some("rules") => {
            return match it.next().map(String::as_str) {
                None => Ok(Command::Rules { format: RulesFormat::Text }),
                Some("--format") => match it.next().map(String::as_str) {
                    Some("markdown" | "md") => Ok(Command::Rules { format: RulesFormat::Markdown }),
                    Some("text") => Ok(Command::Rules { format: RulesFormat::Text }),
                    Some("json") => Ok(Command::Rules { format: RulesFormat::Json }),
                    other => Err(format!("rules --format takes text, markdown or json, not '{}'", other.unwrap_or(""))),
                },
                Some(other) => Err(format!("unknown option '{other}' for rules (try --help)")),
            }
        }
        Some("demo") => return parse_demo(it.as_slice()),
        Some("analyze") => "analyze",
        Some(other) => return Err(format!("unknown command '{other}' (try --help)")),
    };
    debug_assert_eq!(command, "analyze");
    let mut a = Analyze {
        paths: Vec::new(),
        settings: Settings::default(),
        format: Format::Text,
        pdf: None,
        pdf_detail: Detail::Standard,
        pdf_font: None,
        compare: None,
        branding: Default::default(),
        mappings: None,
        explain: false,
    };
    while let Some(arg) = it.next() {
        let mut value = |flag: &str| it.next().cloned().ok_or_else(|| format!("{flag} needs a value"));
        match arg.as_str() {
            "--as-of" => a.settings.as_of = Some(date_arg(arg, &value(arg)?)?),
            "--lock-date" => a.settings.lock_date = Some(date_arg(arg, &value(arg)?)?),
            "--accounting" => {
                a.settings.accounting = Some(match value(arg)?.as_str() {
                    "xero" => Accounting::Xero,
                    "qbo" => Accounting::QuickBooksOnline,
                    other => return Err(format!("--accounting takes xero or qbo, not '{other}'")),
                })
            }
            "--currency" => a.settings.currency = Some(value(arg)?.to_uppercase()),
            "--config" => {
                let path = PathBuf::from(value(arg)?);
                let loaded = load_config(&path)?;
                // Flags given before --config still win.
                let flags = std::mem::replace(&mut a.settings, loaded);
                a.settings.as_of = flags.as_of.or(a.settings.as_of);
                a.settings.lock_date = flags.lock_date.or(a.settings.lock_date);
                a.settings.accounting = flags.accounting.or(a.settings.accounting);
                a.settings.currency = flags.currency.or(a.settings.currency.take());
                a.settings.overrides.extend(flags.overrides);
            }
            "--kind" => {
                let v = value(arg)?;
                let (file, kind) = v.split_once('=').ok_or_else(|| format!("--kind takes FILE=KIND, not '{v}'"))?;
                let kind = Kind::from_id(kind).ok_or_else(|| format!("--kind: unknown kind '{kind}'"))?;
                a.settings.overrides.entry(file.to_string()).or_default().kind = Some(kind);
            }
            "--dates" => {
                let v = value(arg)?;
                let (file, order) =
                    v.split_once('=').ok_or_else(|| format!("--dates takes FILE=day-first or FILE=month-first, not '{v}'"))?;
                let order = match order {
                    "day-first" => DateOrder::DayFirst,
                    "month-first" => DateOrder::MonthFirst,
                    _ => return Err(format!("--dates: '{order}' is neither day-first nor month-first")),
                };
                a.settings.overrides.entry(file.to_string()).or_default().date_order = Some(order);
            }
            "--store" => {
                let v = value(arg)?;
                let (file, label) = v.split_once('=').ok_or_else(|| format!("--store takes FILE=LABEL, not '{v}'"))?;
                a.settings.overrides.entry(file.to_string()).or_default().store = Some(label.to_string());
            }
            "--map" => {
                let v = value(arg)?;
                let bad = || format!("--map takes FILE:FIELD=HEADER, not '{v}'");
                let (file, rest) = v.rsplit_once(':').filter(|(_, r)| r.contains('=')).ok_or_else(bad)?;
                let (field, header) = rest.split_once('=').ok_or_else(bad)?;
                a.settings.overrides.entry(file.to_string()).or_default().columns.insert(field.trim().to_string(), header.to_string());
            }
            "--format" => {
                a.format = match value(arg)?.as_str() {
                    "text" => Format::Text,
                    "json" => Format::Json,
                    "markdown" | "md" => Format::Markdown,
                    other => return Err(format!("--format takes text, json or markdown, not '{other}'")),
                }
            }
            "--pdf" => a.pdf = Some(PathBuf::from(value(arg)?)),
            "--compare" => a.compare = Some(PathBuf::from(value(arg)?)),
            "--mapping" => a.mappings = Some(PathBuf::from(value(arg)?)),
            "--explain-file" => {
                a.explain = true;
                a.paths.push(PathBuf::from(value(arg)?));
            }
            "--brand-name" => a.branding.name = Some(value(arg)?),
            "--brand-accent" => a.branding.accent = Some(value(arg)?),
            "--brand-footer" => a.branding.footer = Some(value(arg)?),
            "--cta-text" => a.branding.cta_text = Some(value(arg)?),
            "--cta-url" => a.branding.cta_url = Some(value(arg)?),
            "--brand-logo" => {
                let path = value(arg)?;
                a.branding.logo = Some(std::fs::read(&path).map_err(|e| format!("{path}: cannot read the logo: {e}"))?);
            }
            "--pdf-font" => a.pdf_font = Some(PathBuf::from(value(arg)?)),
            "--pdf-detail" => {
                a.pdf_detail = match value(arg)?.as_str() {
                    "summary" => Detail::Summary,
                    "standard" => Detail::Standard,
                    "full" => Detail::Full,
                    other => return Err(format!("--pdf-detail takes summary, standard or full, not '{other}'")),
                }
            }
            flag if flag.starts_with("--") => return Err(format!("unknown option '{flag}' (try --help)")),
            path => a.paths.push(PathBuf::from(path)),
        }
    }
    if let Some((file, _)) = a.settings.overrides.iter().find(|(_, o)| !o.columns.is_empty() && o.kind.is_none()) {
        return Err(format!("--map for {file} needs --kind {file}=KIND too"));
    }
    if a.paths.is_empty() {
        return Err("analyze needs at least one file or folder".into());
    }
    Ok(Command::Analyze(Box::new(a)))
}

/// Read settings from TOML: either the shape of the settings (`as_of`, `lock_date`,
/// `accounting`, a `[thresholds]` table) or the thresholds alone at the top level.
pub fn load_config(path: &std::path::Path) -> Result<Settings, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    let value: toml::Value = toml::from_str(&text).map_err(|e| format!("{}: not valid TOML: {}", path.display(), e.message()))?;
    let table = value.as_table().cloned().unwrap_or_default();
    let settings_keys = ["as_of", "lock_date", "accounting", "currency", "thresholds", "overrides"];
    let json = serde_json::to_value(&table).map_err(|e| format!("{}: {e}", path.display()))?;
    let json = if table.keys().all(|k| settings_keys.contains(&k.as_str())) { json } else { serde_json::json!({ "thresholds": json }) };
    let settings: Settings = serde_json::from_value(json).map_err(|e| format!("{}: {e}", path.display()))?;
    settings.thresholds.check().map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(settings)
}

fn parse_demo(args: &[String]) -> Result<Command, String> {
    let mut config = healthcheck_demo::DemoConfig::default();
    let mut folder = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut number = |flag: &str| -> Result<u64, String> {
            let v = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
            v.parse().map_err(|_| format!("{flag} takes a whole number, not '{v}'"))
        };
        match arg.as_str() {
            "--seed" => config.seed = number(arg)?,
            "--scale" => config.scale = number(arg)?.clamp(1, 5000),
            "--clean" => config.clean = true,
            flag if flag.starts_with("--") => return Err(format!("unknown option '{flag}' for demo (try --help)")),
            path => folder = Some(PathBuf::from(path)),
        }
    }
    let folder = folder.ok_or("demo needs a folder to write to")?;
    Ok(Command::Demo { folder, config })
}
