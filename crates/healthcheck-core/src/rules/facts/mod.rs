//! What every rule stands on: the contract a rule is declared with ([`declare_rule!`],
//! [`RuleMeta`], [`Check`]) and the [`Context`] it reads, and the facts several rules
//! share: the index of the dataset, ledger queries, purchases, adjustments, the
//! synchronization report. A rule file imports from here and from nowhere else in
//! `rules`; no rule names another.

pub mod adjustments;
pub mod common;
pub mod index;
pub mod ledger;
pub mod lookup;
pub mod population;
pub mod purchases;
pub mod sync;

use rust_decimal::Decimal;

use crate::dataset::{Dataset, Origin};
use crate::date::Date;
use crate::findings::{Entity, Evidence, Fields, Finding, Impact, Severity, Stage};
use crate::inputs::{InputSummary, Rejected};
use crate::kinds::Kind;
use crate::settings::Settings;
pub use index::{AccountClass, Index};
pub use population::{Counted, Populations};

/// Declare a rule: its doc comment becomes [`RuleMeta::doc`].
///
/// `inputs` lists what the rule cannot run without; `A | B` means either will do. A rule
/// with `phase: 1` runs after the others and sees their findings. `roles` says what its
/// findings mean to the rules and traces that read them (see [`Role`]); `reads`, the kinds it
/// uses when they are supplied. The macro also
/// records where the rule is declared, and implements [`Described`]; the rule file writes
/// its [`Check`].
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])+
        $vis:vis $name:ident {
            code: $code:literal,
            name: $slug:literal,
            title: $title:literal,
            stage: $stage:ident,
            severity: $severity:ident,
            counts: $counts:ident,
            inputs: [$($($input:ident)|+),* $(,)?]
            $(, phase: $phase:literal)?
            $(, roles: [$($role:ident),* $(,)?])?
            $(, reads: [$($read:ident),* $(,)?])? $(,)?
        }
    ) => {
        $(#[doc = $doc])+
        $vis struct $name;

        impl $name {
            $vis const META: $crate::rules::facts::RuleMeta = $crate::rules::facts::RuleMeta {
                code: $code,
                name: $slug,
                title: $title,
                stage: $crate::findings::Stage::$stage,
                severity: $crate::findings::Severity::$severity,
                counts: $crate::rules::facts::Counted::$counts,
                inputs: &[$(&[$($crate::kinds::Kind::$input),+]),*],
                doc: concat!($($doc, "\n"),+),
                phase: 0 $(+ $phase)?,
                roles: &[$($($crate::rules::facts::Role::$role),*)?],
                reads: &[$($($crate::kinds::Kind::$read),*)?],
                source: concat!(file!(), ":", line!()),
            };
        }

        impl $crate::rules::facts::Described for $name {
            fn meta(&self) -> &'static $crate::rules::facts::RuleMeta {
                &Self::META
            }
        }
    };
}
pub(crate) use declare_rule;

/// The headings every rule's documentation has, in this order.
pub const REQUIRED_HEADINGS: [&str; 5] = ["What it does", "Why it matters", "Example", "How to fix it at the source", "Impact"];

/// A rule's identity and documentation.
pub struct RuleMeta {
    pub code: &'static str,
    /// Names the problem: "invoiced-not-shipped".
    pub name: &'static str,
    /// The problem in a few words a reader knows: "Invoiced, not shipped".
    pub title: &'static str,
    pub stage: Stage,
    /// The usual severity; a rule may raise or lower it per finding.
    pub severity: Severity,
    /// What the rule counts its findings among, for the breadth of its score penalty.
    pub counts: Counted,
    /// Inputs the rule cannot run without: every group must be supplied, any kind of a
    /// group will do.
    pub inputs: &'static [&'static [Kind]],
    /// Markdown with the headings of [`REQUIRED_HEADINGS`].
    pub doc: &'static str,
    /// 0 for most rules; 1 for rules that read the findings of the others.
    pub phase: u8,
    /// What the rule's findings mean to other rules and to the traces.
    pub roles: &'static [Role],
    /// Kinds the rule also reads when they are supplied (sale lines for a sale's cost, the
    /// chart of accounts for account types): it runs without them.
    pub reads: &'static [Kind],
    /// `file:line` of the rule's declaration, for the catalog.
    pub source: &'static str,
}

impl RuleMeta {
    /// The input groups that the dataset lacks, each as "A or B".
    pub fn missing_inputs(&self, data: &Dataset) -> Vec<String> {
        self.inputs
            .iter()
            .filter(|group| !data.has_any(group))
            .map(|group| group.iter().map(|k| k.export_hint()).collect::<Vec<_>>().join(", or "))
            .collect()
    }

    /// The documentation with the doc-comment indent removed.
    pub fn doc_text(&self) -> String {
        self.doc.lines().map(|l| l.strip_prefix(' ').unwrap_or(l)).collect::<Vec<_>>().join("\n")
    }

    /// `(heading, body)` for each `## ` section of the documentation.
    pub fn doc_sections(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        for line in self.doc_text().lines() {
            if let Some(h) = line.strip_prefix("## ") {
                out.push((h.trim().to_string(), String::new()));
            } else if let Some((_, body)) = out.last_mut() {
                body.push_str(line);
                body.push('\n');
            }
        }
        for (_, body) in &mut out {
            *body = body.trim().to_string();
        }
        out
    }

    pub fn doc_section(&self, heading: &str) -> Option<String> {
        self.doc_sections().into_iter().find(|(h, _)| h == heading).map(|(_, b)| b)
    }
}

/// What a rule sees.
pub struct Context<'a> {
    pub data: &'a Dataset,
    pub settings: &'a Settings,
    /// The analysis date; `None` only when no input carries a date and none was set.
    pub as_of: Option<Date>,
    /// The currency amounts are in, for messages.
    pub currency: Option<&'a str>,
    pub index: &'a Index<'a>,
    /// The accounting system, from the settings or the files.
    pub accounting: Option<crate::inputs::Accounting>,
    /// Findings of phase-0 rules (empty while phase 0 runs).
    pub findings: &'a [Finding],
    pub inputs: &'a [InputSummary],
    pub rejected: &'a [Rejected],
    /// Rules that could not run, with the reason.
    pub skipped: &'a [(&'static RuleMeta, String)],
    /// Every rule of the catalog, for a rule that reads others' findings by their role.
    pub rules: &'a [&'a dyn Rule],
}

impl<'a> Context<'a> {
    pub fn thresholds(&self) -> &crate::settings::Thresholds {
        &self.settings.thresholds
    }

    pub fn money(&self, amount: Decimal) -> String {
        crate::findings::format_money(amount, self.currency)
    }

    /// An amount in the currency a document names (the base currency where it names none).
    pub fn money_in(&self, amount: Decimal, currency: Option<&str>) -> String {
        crate::findings::format_money(amount, currency.or(self.currency))
    }

    /// Whether an amount in `currency` can be added to base-currency totals.
    pub fn in_base_currency(&self, currency: Option<&str>) -> bool {
        match (currency, self.currency) {
            (Some(c), Some(base)) => c.eq_ignore_ascii_case(base),
            _ => true,
        }
    }

    /// The codes of the rules with a role, in catalog order.
    pub fn codes_with(&self, role: Role) -> Vec<&'static str> {
        codes_with(self.rules, role)
    }

    /// The findings so far of the rules with a role.
    pub fn findings_with(&self, role: Role) -> impl Iterator<Item = &'a Finding> + '_ {
        let codes = self.codes_with(role);
        self.findings.iter().filter(move |f| codes.contains(&f.code.as_str()))
    }

    /// Ok when a rule of the catalog that `reads` picks ran (a rule that sums up others has
    /// nothing to add otherwise); else what would let one run.
    pub fn any_ran(&self, reads: impl Fn(&RuleMeta) -> bool) -> Result<(), String> {
        let picked: Vec<&RuleMeta> = self.rules.iter().map(|r| r.meta()).filter(|m| reads(m)).collect();
        let skipped = |m: &RuleMeta| self.skipped.iter().any(|(s, _)| s.code == m.code);
        if picked.iter().any(|m| !skipped(m) && m.missing_inputs(self.data).is_empty()) {
            Ok(())
        } else {
            Err(format!("the inputs of {}", picked.iter().map(|m| m.code).collect::<Vec<_>>().join(", ")))
        }
    }

    /// An evidence row for a record, with the fields that matter.
    /// An evidence row. A row that names a SKU but no name gets the product's name beside
    /// it, from the product list; a row that names a sale gets its customer, one that names a
    /// purchase its supplier: a reader should not need a second file to place the row.
    pub fn evidence(&self, origin: Origin, fields: Vec<(&str, String)>) -> Evidence {
        let mut fields: Vec<(String, String)> = fields.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        let named = fields.iter().any(|(k, _)| k.to_ascii_lowercase().contains("name") || k == "Title");
        if let Some(at) = fields.iter().position(|(k, _)| k == "SKU").filter(|_| !named) {
            if let Some(p) = self.index.product(&fields[at].1).filter(|p| !p.name.as_str().trim().is_empty()) {
                fields.insert(at + 1, ("Product name".to_string(), p.name.as_str().to_string()));
            }
        }
        let customer = fields.iter().any(|(k, _)| k == "Customer");
        let sale = fields.iter().position(|(k, _)| matches!(k.as_str(), "Order number" | "Cin7 Core number" | "Invoice number"));
        if let Some(at) = sale.filter(|_| !customer) {
            let name = self.index.sale_named(&fields[at].1).and_then(|s| s.customer.as_ref()).filter(|c| !c.as_str().trim().is_empty());
            if let Some(name) = name {
                fields.insert(at + 1, ("Customer".to_string(), name.as_str().to_string()));
            }
        }
        let supplied = fields.iter().any(|(k, _)| k == "Supplier");
        let document = fields.iter().position(|(k, _)| matches!(k.as_str(), "Order number" | "Cin7 Core number" | "Document"));
        if let Some(at) = document.filter(|_| !supplied) {
            if let Some(p) = self.index.purchase_named(&fields[at].1).filter(|p| !p.supplier.as_str().trim().is_empty()) {
                fields.insert(at + 1, ("Supplier".to_string(), p.supplier.as_str().to_string()));
            }
        }
        Evidence { file: self.data.file_name(origin).to_string(), line: u64::from(origin.line), fields: Fields(fields) }
    }
}

/// A finding as a rule emits it.
pub struct Draft {
    pub severity: Severity,
    pub message: String,
    pub impact: Option<Impact>,
    pub entities: Vec<Entity>,
    pub evidence: Vec<Evidence>,
}

/// A rule's metadata; [`declare_rule!`] implements it.
pub trait Described {
    fn meta(&self) -> &'static RuleMeta;
}

/// What a rule file writes: the check itself.
pub trait Check {
    /// Whether the rule can run beyond having its inputs (a setting it needs, say); the
    /// error says what is missing.
    fn ready(&self, _cx: &Context) -> Result<(), String> {
        Ok(())
    }
    fn check(&self, cx: &Context, out: &mut Vec<Draft>);
}

/// A rule as the engine runs it: described by its declaration, checked by its file.
pub trait Rule: Sync {
    fn meta(&self) -> &'static RuleMeta;
    fn ready(&self, cx: &Context) -> Result<(), String>;
    fn check(&self, cx: &Context, out: &mut Vec<Draft>);
}

impl<T: Described + Check + Sync> Rule for T {
    fn meta(&self) -> &'static RuleMeta {
        Described::meta(self)
    }
    fn ready(&self, cx: &Context) -> Result<(), String> {
        Check::ready(self, cx)
    }
    fn check(&self, cx: &Context, out: &mut Vec<Draft>) {
        Check::check(self, cx, out);
    }
}

/// What a rule's findings mean to the rules that read them in phase 1 and to the traces.
/// A rule says it of itself, in its declaration; a reader asks for the role, never for a
/// code, so no rule names another.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Role {
    /// The gap between Cin7's stock value and the ledger's inventory account. Traces and
    /// the control stage count only the part no other finding explains.
    InventoryVariance,
    /// Its money is part of that gap (received not invoiced, journals and direct postings
    /// into inventory, skipped sync entries).
    ExplainsInventoryVariance,
    /// Revenue recognised before its cost: margin overstated.
    MarginOverstated,
    /// Goods gone before their revenue: margin understated.
    MarginUnderstated,
    /// Margin moved between months.
    MarginBetweenMonths,
    /// A control-stage finding that names the SKUs it affects, so it links into traces.
    LinksIntoTraces,
}

/// The codes of the rules with a role, in catalog order.
pub fn codes_with(rules: &[&dyn Rule], role: Role) -> Vec<&'static str> {
    rules.iter().map(|r| r.meta()).filter(|m| m.roles.contains(&role)).map(|m| m.code).collect()
}

/// The part of an inventory variance (the ledger's balance less Cin7's stock value) that the
/// findings explaining it do not account for, signed: the variance less each one's signed
/// share (`Impact::inventory_effect`), so that the shares and this add up to the variance.
pub fn unexplained(variance: Decimal, findings: &[Finding], rules: &[&dyn Rule]) -> Decimal {
    let explaining = codes_with(rules, Role::ExplainsInventoryVariance);
    let explained: Decimal = findings
        .iter()
        .filter(|f| explaining.contains(&f.code.as_str()))
        .filter_map(|f| f.impact.as_ref().and_then(|i| i.inventory_effect))
        .sum();
    variance - explained
}
