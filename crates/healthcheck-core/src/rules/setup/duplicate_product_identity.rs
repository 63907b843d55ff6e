use std::collections::BTreeMap;

use crate::dataset::Product;
use crate::findings::{Entity, EntityKind, Severity};
use crate::rules::facts::{declare_rule, Check, Context, Draft};

declare_rule! {
    /// ## What it does
    /// Finds products in the Cin7 Core product list that share an identity: SKUs that are
    /// equal once spaces around them are trimmed and case is ignored, and product names that
    /// are equal in the same way.
    ///
    /// ## Why it matters
    /// The accounting system keys items by name (QuickBooks insists names are unique) and
    /// channels key them by SKU. Two products that look the same to either side map to one
    /// item, or fail to map at all: sales land on the wrong item, syncs fail, and stock counts
    /// split between two records of one thing.
    ///
    /// ## Example
    /// ```csv
    /// ProductCode,Name,Category,CostingMethod
    /// WID-1,Widget Blue,Widgets,FIFO
    /// wid-1 ,Widget Blue (old),Widgets,FIFO
    /// WID-2,Widget Red,Widgets,FIFO
    /// ```
    /// WID-1 and `wid-1 ` are flagged as one SKU twice; WID-2 is not.
    ///
    /// ## How to fix it at the source
    /// Decide which record is the real product. Move stock and open documents onto it, then
    /// deprecate the other (Cin7 keeps history, so rename the old one's SKU or name to
    /// something plainly different, for example with an `-OLD` suffix, before deprecating).
    ///
    /// ## Impact
    /// None in money: the cost appears as failed syncs and stock split across records.
    pub(crate) DuplicateProductIdentity {
        code: "SET009",
        name: "duplicate-product-identity",
        title: "One product under two identities",
        stage: Setup,
        severity: Medium,
        counts: Skus,
        inputs: [Cin7Products],
    }
}

fn fold(text: &str) -> String {
    text.trim().to_lowercase()
}

impl Check for DuplicateProductIdentity {
    fn check(&self, cx: &Context, out: &mut Vec<Draft>) {
        for (what, key_of) in [("SKU", (|p: &Product| fold(&p.sku)) as fn(&Product) -> String), ("name", |p: &Product| fold(&p.name))] {
            let mut groups: BTreeMap<String, Vec<&Product>> = BTreeMap::new();
            for p in &cx.data.products {
                let k = key_of(p);
                if !k.is_empty() {
                    groups.entry(k).or_default().push(p);
                }
            }
            for products in groups.values().filter(|g| g.len() > 1) {
                let listed: Vec<String> = products.iter().map(|p| format!("'{}'", if what == "SKU" { &p.sku } else { &p.name })).collect();
                let message =
                    format!("{} products share the {what} {} once case and spaces are ignored", products.len(), listed.join(" and "));
                out.push(Draft {
                    severity: if what == "SKU" { Severity::High } else { Severity::Medium },
                    message,
                    impact: None,
                    entities: products.iter().map(|p| Entity::new(EntityKind::Sku, p.sku.trim())).collect(),
                    evidence: products
                        .iter()
                        .map(|p| cx.evidence(p.origin, vec![("SKU", p.sku.to_string()), ("Name", p.name.to_string())]))
                        .collect(),
                });
            }
        }
    }
}
