use std::collections::BTreeMap;

use crate::dataset::AccountingItem;
use crate::findings::{Entity, EntityKind, Severity};
use crate::hash::HashMap;
use crate::rules::facts::{declare_rule, index, Check, Context, Draft};

declare_rule! {
    /// ## What it does
    /// Compares the Cin7 Core product list with the accounting system's item list (Xero Items
    /// or QuickBooks Products and Services) and flags: several ledger items that stand for one
    /// Cin7 product (same SKU, or names equal once punctuation, spaces and case are ignored,
    /// such as `Widget: Blue` and `Widget- Blue`); ledger items tracked as inventory in an
    /// organisation that Cin7 feeds; and Cin7 stock products with no ledger item at all.
    ///
    /// ## Why it matters
    /// Cin7 Core keeps the stock and its cost; the ledger must only receive the postings.
    /// Duplicate items split sales between two records and break the item link on later
    /// syncs; an item tracked as inventory in the ledger keeps a second, competing stock value;
    /// a product with no item cannot be posted at all.
    ///
    /// ## Example
    /// ```csv
    /// ProductCode,Name,Category,CostingMethod
    /// GAD-7,Gadget: Seven,Gadgets,FIFO
    /// ```
    /// ```csv
    /// Product/Service Name,SKU,Type,Sales Price / Rate,Income Account
    /// Gadget- Seven,GAD-7,Non-inventory,44.01,Sales of Product Income
    /// Gadget Seven,,Non-inventory,44.01,Sales of Product Income
    /// ```
    /// Two ledger items stand for GAD-7, so it is flagged.
    ///
    /// ## How to fix it at the source
    /// Keep one ledger item per Cin7 product and merge or make inactive the others. Turn off
    /// inventory tracking on ledger items (Cin7 Core does not work with Xero's tracked
    /// inventory), and let Cin7 create missing items by syncing products from Cin7 rather
    /// than creating them by hand in the ledger.
    ///
    /// ## Impact
    /// None in money: the effect shows as failed syncs and ledger variance.
    pub(crate) AccountingItemMismatch {
        code: "SYN006",
        name: "accounting-item-mismatch",
        title: "Product matched to the wrong ledger item",
        stage: Integration,
        severity: Medium,
        counts: Skus,
        inputs: [Cin7Products, XeroItems | QboItems],
    }
}

/// Letters and digits only, lower case: how names are compared across systems.
pub fn squash(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

impl Check for AccountingItemMismatch {
    fn check(&self, cx: &Context, out: &mut Vec<Draft>) {
        let items = &cx.data.accounting_items;
        // Items by code and by squashed name, built once (not once per product).
        let squashed: Vec<String> = items.iter().map(|i| squash(&i.name)).collect();
        let mut by_code: HashMap<String, Vec<usize>> = HashMap::default();
        let mut by_name: HashMap<&str, Vec<usize>> = HashMap::default();
        for (at, i) in items.iter().enumerate() {
            if let Some(code) = i.code.as_deref() {
                by_code.entry(index::key(code)).or_default().push(at);
            }
            by_name.entry(squashed[at].as_str()).or_default().push(at);
        }
        for p in &cx.data.products {
            let name = squash(&p.name);
            let mut matching: Vec<usize> = by_code.get(index::key_of(&p.sku).as_ref()).cloned().unwrap_or_default();
            if !name.is_empty() {
                matching.extend(by_name.get(name.as_str()).into_iter().flatten());
            }
            // Items named like a matching one without its punctuation (Gadget- Seven / Gadget Seven).
            let loose: Vec<usize> =
                matching.iter().flat_map(|&m| by_name.get(squashed[m].as_str()).into_iter().flatten()).copied().collect();
            let mut all: Vec<&AccountingItem> = matching.iter().chain(&loose).map(|&at| &items[at]).collect();
            all.sort_by_key(|i| i.origin);
            all.dedup_by_key(|i| i.origin);
            let stock = p.product_type.as_deref() != Some("SERVICE");
            if all.len() > 1 {
                let names: Vec<String> = all.iter().map(|i| format!("'{}'", i.name)).collect();
                let message = format!("Product {} matches {} ledger items: {}", p.sku, all.len(), names.join(", "));
                let mut evidence = vec![cx.evidence(p.origin, vec![("SKU", p.sku.to_string()), ("Name", p.name.to_string())])];
                evidence.extend(all.iter().map(|i| {
                    cx.evidence(i.origin, vec![("Item", i.name.to_string()), ("Code", i.code.as_deref().unwrap_or_default().to_string())])
                }));
                out.push(Draft {
                    severity: Severity::High,
                    message,
                    impact: None,
                    entities: vec![Entity::new(EntityKind::Sku, &p.sku)],
                    evidence,
                });
            } else if all.is_empty() && stock && p.status.as_deref() != Some("DEPRECATED") {
                out.push(Draft {
                    severity: Severity::Low,
                    message: format!("Stock product {} has no item in the ledger's item list", p.sku),
                    impact: None,
                    entities: vec![Entity::new(EntityKind::Sku, &p.sku)],
                    evidence: vec![cx.evidence(p.origin, vec![("SKU", p.sku.to_string()), ("Name", p.name.to_string())])],
                });
            }
        }
        let mut tracked: BTreeMap<String, &AccountingItem> = BTreeMap::new();
        for i in items.iter().filter(|i| i.tracked) {
            tracked.entry(format!("{:?}{}", i.origin, i.name)).or_insert(i);
        }
        for i in tracked.values() {
            let label = i.code.clone().unwrap_or_else(|| i.name.clone());
            out.push(Draft {
                severity: Severity::High,
                message: format!("Ledger item {label} is tracked as inventory in the ledger while Cin7 Core keeps the stock"),
                impact: None,
                entities: vec![Entity::new(EntityKind::Sku, &label)],
                evidence: vec![cx.evidence(
                    i.origin,
                    vec![
                        ("Item", i.name.to_string()),
                        ("Code", i.code.as_deref().unwrap_or_default().to_string()),
                        ("Type", i.item_type.as_deref().unwrap_or_default().to_string()),
                    ],
                )],
            });
        }
    }
}
