use std::collections::BTreeMap;

use crate::dataset::Adjustment;
use crate::findings::{Entity, EntityKind, Severity};
use crate::rules::facts::{declare_rule, AccountClass, Check, Context, Draft};

declare_rule! {
    /// ## What it does
    /// Finds stock adjustments and stocktakes posted to an account other than an inventory
    /// discrepancy or write-off account: straight to cost of goods sold, to revenue, or to the
    /// inventory account itself. The account's type comes from the chart of accounts where it
    /// is supplied, else from its name.
    ///
    /// ## Why it matters
    /// Shrinkage booked to cost of goods sold disappears into the margin, so the business
    /// cannot see how much stock it loses; booked to revenue it distorts sales. Keeping
    /// adjustments on their own account is what makes their size visible, month by month.
    ///
    /// ## Example
    /// ```csv
    /// StocktakeNumber,EffectiveDate,Status,Account,SKU,QuantityOnHand,Adjustment
    /// ST-42,2026-03-21,COMPLETED,310: Cost of Goods Sold,GAD-7,-3,-5
    /// ST-43,2026-03-21,COMPLETED,403: Inventory Adjustments,WID-1,10,9
    /// ```
    /// ST-42 went to cost of goods sold and is flagged; ST-43 is on the adjustments account.
    ///
    /// ## How to fix it at the source
    /// Set the inventory discrepancy account in Cin7 Core's account mapping to a dedicated
    /// expense account, and choose it on each adjustment. Reclassify past adjustments through
    /// Cin7 (a correcting adjustment to the right account), not with a journal.
    ///
    /// ## Impact
    /// None in money: the amount is already in the ledger, on the wrong line.
    pub(crate) AdjustmentAccountMisuse {
        code: "TRU003",
        name: "adjustment-account-misuse",
        title: "Adjustments to the wrong account",
        stage: Trust,
        severity: Medium,
        counts: Skus,
        inputs: [Cin7Adjustments],
    }
}

impl Check for AdjustmentAccountMisuse {
    fn check(&self, cx: &Context, out: &mut Vec<Draft>) {
        let mut documents: BTreeMap<crate::dataset::Text, Vec<&Adjustment>> = BTreeMap::new();
        for a in cx.data.adjustments.iter().filter(|a| a.status.as_deref() != Some("VOIDED")) {
            let Some(account) = &a.account else { continue };
            let wrong = match cx.index.classify(account) {
                AccountClass::Cogs => Some("cost of goods sold"),
                AccountClass::Revenue => Some("revenue"),
                AccountClass::Inventory => Some("the inventory account itself"),
                _ => None,
            };
            if wrong.is_some() {
                documents.entry(a.number.clone().unwrap_or_else(|| format!("line {}", a.origin.line).into())).or_default().push(a);
            }
        }
        for (number, lines) in documents {
            let account = lines[0].account.clone().unwrap_or_default();
            let class = match cx.index.classify(&account) {
                AccountClass::Cogs => "cost of goods sold",
                AccountClass::Revenue => "revenue",
                _ => "the inventory account itself",
            };
            let mut skus: Vec<String> = lines.iter().map(|a| a.sku.to_string()).collect();
            skus.sort();
            skus.dedup();
            let message = format!(
                "Stock adjustment {number} ({}) was posted to {}, which is {class}, not an inventory discrepancy account",
                skus.join(", "),
                account.display()
            );
            let mut entities: Vec<Entity> = skus.iter().map(|s| Entity::new(EntityKind::Sku, s)).collect();
            entities.push(Entity::new(EntityKind::Account, account.key()));
            out.push(Draft {
                severity: Severity::Medium,
                message,
                impact: None,
                entities,
                evidence: lines
                    .iter()
                    .map(|a| {
                        cx.evidence(
                            a.origin,
                            vec![
                                ("Adjustment", number.to_string()),
                                ("Date", a.date.to_string()),
                                ("SKU", a.sku.to_string()),
                                ("Account", account.display()),
                            ],
                        )
                    })
                    .collect(),
            });
        }
    }
}
