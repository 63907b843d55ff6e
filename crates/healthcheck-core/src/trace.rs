//! Traces: findings linked across stages through the entities they share, read from the
//! most upstream finding to the most downstream.
//!
//! Entities are first made comparable: an invoice number, a sync-log document number and a
//! Shopify order name all stand for the sale they belong to, and a sync-log document for the
//! purchase it names. Findings that share a sale, purchase, document, journal, SKU or
//! account fall into one group; a group that spans two stages or more is a trace. Its impact
//! counts each document once (the largest impact any finding gives it), and a ledger
//! variance only for the part no other finding explains.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::findings::{money, Entity, EntityKind, Finding, Stage};
use crate::rules::facts::index::{key, Index};
use crate::rules::facts::{codes_with, unexplained, Role, Rule};

/// Findings linked across stages through shared entities.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct Trace {
    pub entities: Vec<Entity>,
    pub findings: Vec<String>,
    pub stages: Vec<Stage>,
    pub impact: Decimal,
    pub summary: String,
    /// The trace as steps, one per stage: its heaviest finding there.
    #[serde(default)]
    pub steps: Vec<TraceStep>,
}

#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct TraceStep {
    pub stage: Stage,
    pub code: String,
    /// The check's title: "Invoiced, not shipped".
    pub title: String,
    pub finding: String,
    pub message: String,
}

/// A comparable name for an entity: `sale:SO-1`, `sku:WID-1`, `account:630`.
pub fn node(entity: &Entity, index: &Index) -> String {
    let k = key(&entity.key);
    match entity.kind {
        EntityKind::Sale => format!("sale:{k}"),
        EntityKind::Invoice | EntityKind::Document | EntityKind::ChannelOrder => {
            let bare = k.trim_start_matches('#').to_string();
            if let Some(s) = index.sale_named(&k).or_else(|| index.sales_by_reference.get(&bare)) {
                format!("sale:{}", key(&s.order_number))
            } else if let Some(p) = index.purchase_named(&k) {
                format!("purchase:{}", key(&p.order_number))
            } else if k.starts_with("PO-") {
                format!("purchase:{k}")
            } else {
                format!("document:{k}")
            }
        }
        EntityKind::Purchase => format!("purchase:{k}"),
        EntityKind::Sku => format!("sku:{k}"),
        EntityKind::Account => format!("account:{k}"),
        EntityKind::Journal => format!("journal:{k}"),
    }
}

fn entity_of(node: &str) -> Entity {
    let (kind, key) = node.split_once(':').unwrap_or(("document", node));
    let kind = match kind {
        "sale" => EntityKind::Sale,
        "purchase" => EntityKind::Purchase,
        "sku" => EntityKind::Sku,
        "account" => EntityKind::Account,
        "journal" => EntityKind::Journal,
        _ => EntityKind::Document,
    };
    Entity::new(kind, key)
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// The most traces a report lists.
pub const MAX_TRACES: usize = 20;

pub fn build(findings: &[Finding], index: &Index, rules: &[&dyn Rule]) -> Vec<Trace> {
    // Findings that link: not the coverage notes, not the control summaries (but a control
    // finding whose rule says it links).
    let links = codes_with(rules, Role::LinksIntoTraces);
    let roles = Roles { variance: codes_with(rules, Role::InventoryVariance), rules };
    let linked: Vec<usize> = (0..findings.len())
        .filter(|&i| !matches!(findings[i].stage, Stage::Coverage | Stage::Control) || links.contains(&findings[i].code.as_str()))
        .collect();
    let nodes: Vec<BTreeSet<String>> = findings.iter().map(|f| f.entities.iter().map(|e| node(e, index)).collect()).collect();
    let mut parent: Vec<usize> = (0..findings.len()).collect();
    let mut owner: BTreeMap<&str, usize> = BTreeMap::new();
    for &i in &linked {
        for n in &nodes[i] {
            match owner.get(n.as_str()) {
                Some(&j) => {
                    let (a, b) = (find(&mut parent, i), find(&mut parent, j));
                    parent[a.max(b)] = a.min(b);
                }
                None => {
                    owner.insert(n, i);
                }
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for &i in &linked {
        let root = find(&mut parent, i);
        groups.entry(root).or_default().push(i);
    }
    let mut traces: Vec<Trace> = groups.into_values().filter_map(|members| trace_of(&members, findings, &nodes, &roles)).collect();
    traces.sort_by(|a, b| b.impact.cmp(&a.impact).then(b.stages.len().cmp(&a.stages.len())).then(a.findings.cmp(&b.findings)));
    traces.truncate(MAX_TRACES);
    traces
}

/// What the traces need to know of the rules behind the findings.
struct Roles<'a> {
    /// Codes of the rules whose finding is the inventory variance: counted for its
    /// unexplained part, as a document of its own.
    variance: Vec<&'static str>,
    rules: &'a [&'a dyn Rule],
}

impl Roles<'_> {
    fn is_variance(&self, f: &Finding) -> bool {
        self.variance.contains(&f.code.as_str())
    }

    fn impact_of(&self, f: &Finding, all: &[Finding]) -> Decimal {
        let amount = f.impact.as_ref().map_or(Decimal::ZERO, |i| i.amount);
        if self.is_variance(f) {
            unexplained(amount, all, self.rules).abs()
        } else {
            amount.abs()
        }
    }
}

/// The money of `members` with each document once: the largest impact any of them gives it
/// (a finding with no document counts on its own; a variance counts for its unexplained part).
fn once_per_document(members: &[usize], findings: &[Finding], nodes: &[BTreeSet<String>], roles: &Roles) -> Decimal {
    let mut per_document: BTreeMap<String, Decimal> = BTreeMap::new();
    for &i in members {
        let f = &findings[i];
        let doc = ["sale:", "purchase:", "document:", "journal:"]
            .iter()
            .find_map(|p| nodes[i].iter().find(|n| n.starts_with(p)))
            .or_else(|| nodes[i].iter().find(|n| n.starts_with("sku:")))
            .cloned()
            .unwrap_or_else(|| format!("finding:{}", f.id));
        let doc = if roles.is_variance(f) { format!("variance:{}", f.id) } else { doc };
        let e = per_document.entry(doc).or_default();
        *e = (*e).max(roles.impact_of(f, findings));
    }
    money(per_document.values().copied().sum())
}

/// The money at stake in the whole report, each document once, as the traces count it: the
/// findings of the six stages but the control stage's (which recount the others' money).
pub fn total_at_stake(findings: &[Finding], index: &Index, rules: &[&dyn Rule]) -> Decimal {
    let roles = Roles { variance: codes_with(rules, Role::InventoryVariance), rules };
    let nodes: Vec<BTreeSet<String>> = findings.iter().map(|f| f.entities.iter().map(|e| node(e, index)).collect()).collect();
    let members: Vec<usize> = (0..findings.len()).filter(|&i| !matches!(findings[i].stage, Stage::Coverage | Stage::Control)).collect();
    once_per_document(&members, findings, &nodes, &roles)
}

fn trace_of(members: &[usize], findings: &[Finding], nodes: &[BTreeSet<String>], roles: &Roles) -> Option<Trace> {
    let stages: BTreeSet<Stage> = members.iter().map(|&i| findings[i].stage).collect();
    if stages.len() < 2 {
        return None;
    }
    let mut ordered = members.to_vec();
    ordered.sort_by(|&a, &b| {
        (findings[a].stage, std::cmp::Reverse(roles.impact_of(&findings[a], findings)), &findings[a].id).cmp(&(
            findings[b].stage,
            std::cmp::Reverse(roles.impact_of(&findings[b], findings)),
            &findings[b].id,
        ))
    });
    let impact = once_per_document(&ordered, findings, nodes, roles);
    // Entities that tie two or more of its findings together.
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for &i in &ordered {
        for n in &nodes[i] {
            *counts.entry(n.as_str()).or_default() += 1;
        }
    }
    let entities: Vec<Entity> = counts.iter().filter(|(_, c)| **c > 1).map(|(n, _)| entity_of(n)).collect();
    // One finding per stage reads as the sentence: the heaviest of each stage.
    let mut seen = BTreeSet::new();
    let heaviest: Vec<&Finding> = ordered.iter().filter(|&&i| seen.insert(findings[i].stage)).map(|&i| &findings[i]).collect();
    let summary: Vec<String> = heaviest.iter().map(|f| format!("{} ({})", f.message, f.code)).collect();
    let title = |code: &str| roles.rules.iter().map(|r| r.meta()).find(|m| m.code == code).map_or(code, |m| m.title).to_string();
    let steps = heaviest
        .iter()
        .map(|f| TraceStep {
            stage: f.stage,
            code: f.code.clone(),
            title: title(&f.code),
            finding: f.id.clone(),
            message: f.message.clone(),
        })
        .collect();
    Some(Trace {
        entities,
        findings: ordered.iter().map(|&i| findings[i].id.clone()).collect(),
        stages: stages.into_iter().collect(),
        impact,
        summary: summary.join(" → "),
        steps,
    })
}
