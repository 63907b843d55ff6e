use std::collections::{BTreeMap, BTreeSet};

use crate::dataset::{AccountRef, Product};
use crate::findings::{Entity, EntityKind, Severity};
use crate::rules::facts::{declare_rule, Check, Context, Draft};

declare_rule! {
    /// ## What it does
    /// Reads the account columns of the Cin7 Core product list against the chart of accounts
    /// (when it is supplied) and flags: an account code that the chart does not contain or has
    /// archived; a COGS account whose type is not a cost-of-sales (direct costs) type; an
    /// inventory account that is the accounting system's own tracked "Inventory" account; and
    /// one revenue or COGS account carrying every stock product while the catalog spans
    /// `broad_mapping_categories` (default 5) categories or more.
    ///
    /// ## Why it matters
    /// Cin7 Core posts every sale, shipment and receipt to the accounts its products name. A
    /// code the ledger does not have makes the sync fail; a COGS account of the wrong type
    /// moves cost out of gross profit; the accounting system's own inventory account fights
    /// Cin7 for the same balance; one account for a wide catalog hides which product lines earn
    /// their margin.
    ///
    /// ## Example
    /// ```csv
    /// ProductCode,Name,Category,Type,CostingMethod,InventoryAccount,COGSAccount
    /// WID-1,Widget Blue,Widgets,Stock,FIFO,630: Inventory Control,999: Old COGS
    /// ```
    /// ```csv
    /// *Code,*Name,*Type,*Tax Code,Dashboard
    /// 630,Inventory Control,Current Asset,Tax Exempt,No
    /// 310,Cost of Goods Sold,Direct Costs,Tax Exempt,No
    /// ```
    /// The chart of accounts has no account 999, so the COGS mapping of WID-1 is flagged.
    ///
    /// ## How to fix it at the source
    /// In Cin7 Core, correct the account on the product (or on its category or the default
    /// mapping under Settings > Chart of accounts) to an active account of the right type.
    /// Create a dedicated inventory control account in Xero rather than using its tracked
    /// Inventory account, and split revenue and COGS accounts by product line where margins
    /// differ.
    ///
    /// ## Impact
    /// None in money: a mapping error shows up as findings elsewhere (failed syncs, ledger
    /// variance, margin swings); this check names the cause.
    pub(crate) AccountMappingGap {
        code: "SET007",
        name: "account-mapping-gap",
        title: "Account mapping gap",
        stage: Setup,
        severity: Medium,
        counts: Skus,
        inputs: [Cin7Products],
        reads: [XeroAccounts, QboAccounts],
    }
}

fn mappings(p: &Product) -> [(&'static str, &Option<AccountRef>); 4] {
    [("inventory", &p.inventory_account), ("COGS", &p.cogs_account), ("revenue", &p.revenue_account), ("expense", &p.expense_account)]
}

impl Check for AccountMappingGap {
    fn check(&self, cx: &Context, out: &mut Vec<Draft>) {
        let stock: Vec<&Product> = cx.data.products.iter().filter(|p| p.product_type.as_deref() != Some("SERVICE")).collect();
        // Problems per (account, role), with the products that carry them.
        let mut problems: BTreeMap<(String, &'static str, String), Vec<&Product>> = BTreeMap::new();
        if !cx.data.accounts.is_empty() {
            for p in &stock {
                for (role, account) in mappings(p) {
                    let Some(account) = account else { continue };
                    let found =
                        cx.data.accounts.iter().find(|a| AccountRef { code: a.code.clone(), name: Some(a.name.clone()) }.matches(account));
                    let problem = match found {
                        None => Some("is not in the chart of accounts".to_string()),
                        Some(a) if a.status.as_deref().is_some_and(|s| s == "ARCHIVED" || s == "DELETED" || s == "INACTIVE") => {
                            Some("is archived in the chart of accounts".to_string())
                        }
                        Some(a) if role == "COGS" && !is_cost_type(&a.account_type) => {
                            Some(format!("has type {}, not a cost-of-sales type", a.account_type))
                        }
                        Some(a)
                            if role == "inventory"
                                && (a.account_type.eq_ignore_ascii_case("inventory")
                                    || a.system_account.as_deref().is_some_and(|s| s.eq_ignore_ascii_case("inventory"))) =>
                        {
                            Some("is the accounting system's own tracked inventory account".to_string())
                        }
                        _ => None,
                    };
                    if let Some(problem) = problem {
                        problems.entry((account.display(), role, problem)).or_default().push(p);
                    }
                }
            }
        }
        let categories: BTreeSet<String> = stock.iter().filter_map(|p| p.category.clone()).map(|c| c.to_lowercase()).collect();
        if categories.len() >= cx.thresholds().broad_mapping_categories && !stock.is_empty() {
            for role in ["revenue", "COGS"] {
                let used: BTreeSet<String> = stock
                    .iter()
                    .map(|p| if role == "COGS" { &p.cogs_account } else { &p.revenue_account })
                    .map(|a| a.as_ref().map(crate::dataset::AccountRef::key).unwrap_or_default())
                    .collect();
                if used.len() == 1 && used.iter().next().is_some_and(|k| !k.is_empty()) {
                    let shown = stock
                        .iter()
                        .find_map(|p| if role == "COGS" { p.cogs_account.clone() } else { p.revenue_account.clone() })
                        .map(|a| a.display())
                        .unwrap_or_default();
                    problems
                        .entry((shown, role, format!("carries every stock product across {} categories", categories.len())))
                        .or_default()
                        .extend(stock.iter().copied());
                }
            }
        }
        for ((account, role, problem), products) in problems {
            let count = products.len();
            let message = format!("The {role} account {account} of {count} product{} {problem}", if count == 1 { "" } else { "s" });
            let mut entities = vec![Entity::new(EntityKind::Account, account.split(' ').next().unwrap_or(&account))];
            entities.extend(products.iter().map(|p| Entity::new(EntityKind::Sku, &p.sku)));
            let evidence = products
                .iter()
                .take(50)
                .map(|p| {
                    cx.evidence(
                        p.origin,
                        vec![
                            ("SKU", p.sku.to_string()),
                            ("Category", p.category.as_deref().unwrap_or_default().to_string()),
                            (if role == "COGS" { "COGS account" } else { "Account" }, account.clone()),
                        ],
                    )
                })
                .collect();
            out.push(Draft { severity: Severity::Medium, message, impact: None, entities, evidence });
        }
    }
}

pub fn is_cost_type(account_type: &str) -> bool {
    let t = account_type.to_lowercase();
    ["direct cost", "directcosts", "cost of goods sold", "cost of sales", "costofgoodssold"].iter().any(|k| t.contains(k))
}
