use crate::findings::{Entity, EntityKind, Severity};
use crate::inputs::Accounting;
use crate::rules::facts::{declare_rule, Check, Context, Draft};

declare_rule! {
    /// ## What it does
    /// Checks each Cin7 Core product name against what the accounting system accepts: a colon
    /// or backslash (QuickBooks Online uses `:` for parent and child items), a tab, a line
    /// break or a double quote, spaces at the start or end, and length (QuickBooks takes 100
    /// characters; Xero cuts item names at 50). Severity is high when the accounting system is
    /// QuickBooks Online and low for Xero.
    ///
    /// ## Why it matters
    /// A name the ledger rejects makes every document carrying the product fail to sync. When
    /// someone then edits the name on the ledger side to make it pass, the one-to-one link
    /// between the Cin7 product and the ledger item breaks: duplicates appear and later syncs
    /// keep failing.
    ///
    /// ## Example
    /// ```csv
    /// ProductCode,Name,Category,CostingMethod
    /// GAD-7,Gadget: Seven,Gadgets,FIFO
    /// WID-1,Widget Blue,Widgets,FIFO
    /// ```
    /// GAD-7's name has a colon and is flagged; WID-1 is not.
    ///
    /// ## How to fix it at the source
    /// Rename the product in Cin7 Core (not in the ledger) to a name without the offending
    /// characters and within the length, for example `Gadget - Seven`. Then resync the
    /// product, so both sides carry the same name, and retry the documents that failed.
    ///
    /// ## Impact
    /// None in money: the cost is the failed documents, counted by SYN001.
    pub(crate) AccountingInvalidProductName {
        code: "SYN005",
        name: "accounting-invalid-product-name",
        title: "Product name the ledger refuses",
        stage: Integration,
        severity: High,
        counts: Skus,
        inputs: [Cin7Products],
    }
}

impl Check for AccountingInvalidProductName {
    fn check(&self, cx: &Context, out: &mut Vec<Draft>) {
        let qbo = cx.accounting == Some(Accounting::QuickBooksOnline);
        let xero = cx.accounting == Some(Accounting::Xero);
        for p in &cx.data.products {
            let name = p.name.as_str();
            let mut problems = Vec::new();
            for (ch, what) in [(':', "a colon"), ('\\', "a backslash"), ('\t', "a tab"), ('\n', "a line break"), ('"', "a double quote")] {
                if name.contains(ch) {
                    problems.push(what.to_string());
                }
            }
            if name != name.trim() {
                problems.push("spaces at its start or end".into());
            }
            let len = name.chars().count();
            if len > 100 && !xero {
                problems.push(format!("{len} characters (QuickBooks allows 100)"));
            } else if len > 50 && !qbo {
                problems.push(format!("{len} characters (Xero keeps 50)"));
            }
            if problems.is_empty() {
                continue;
            }
            let target = if qbo {
                "QuickBooks Online"
            } else if xero {
                "Xero"
            } else {
                "the accounting system"
            };
            let message = format!("Product {} has a name {target} may reject or alter: it contains {}", p.sku, problems.join(", "));
            let severity = if qbo {
                Severity::High
            } else if xero {
                Severity::Low
            } else {
                Severity::Medium
            };
            out.push(Draft {
                severity,
                message,
                impact: None,
                entities: vec![Entity::new(EntityKind::Sku, &p.sku)],
                evidence: vec![cx.evidence(p.origin, vec![("SKU", p.sku.to_string()), ("Name", p.name.to_string())])],
            });
        }
    }
}
