use std::collections::BTreeSet;

use crate::findings::{money, Entity, EntityKind, Impact, Severity};
use crate::rules::facts::ledger::{balance_evidence, balance_of, balance_of_account};
use crate::rules::facts::{declare_rule, AccountClass, Check, Context, Draft};

declare_rule! {
    /// ## What it does
    /// Finds clearing accounts (accounts named "clearing", or listed in the
    /// `clearing_accounts` setting) whose balance at the as-of date is beyond
    /// `clearing_tolerance` (default 50), from the trial balance, the ledger export or the
    /// chart of accounts' balance column. It also notes clearing accounts that the ledger
    /// shows fed by several payment channels at once.
    ///
    /// ## Why it matters
    /// A clearing account should empty every time the money it waits for lands in the bank.
    /// A residue is payouts that were never matched, fees never booked, or refunds booked
    /// twice; when several channels share one clearing account, nobody can tell whose residue
    /// it is, and month-end becomes a hunt.
    ///
    /// ## Example
    /// ```csv
    /// *Code,*Name,*Type,*Tax Code,Dashboard,Balance
    /// 820,Stripe Clearing,Current Liability,Tax Exempt,No,312.80
    /// 821,PayPal Clearing,Current Liability,Tax Exempt,No,12.00
    /// ```
    /// Stripe Clearing holds 312.80 and is flagged; PayPal Clearing is within tolerance.
    ///
    /// ## How to fix it at the source
    /// Match each payout in the bank feed to the clearing entries it settles, booking the
    /// processor's fees and refunds from its payout report. Give each channel its own clearing
    /// account so residues can be traced to their source.
    ///
    /// ## Impact
    /// The clearing account's balance at the as-of date, as a magnitude.
    pub(crate) ClearingAccountResidue {
        code: "LED006",
        name: "clearing-account-residue",
        title: "Clearing account not cleared",
        stage: Ledger,
        severity: Medium,
        counts: Business,
        inputs: [XeroTrialBalance | QboTrialBalance | XeroGl | QboGl | XeroAccounts | QboAccounts],
    }
}

const CHANNELS: [&str; 7] = ["stripe", "paypal", "shopify", "square", "afterpay", "amazon", "klarna"];

impl Check for ClearingAccountResidue {
    fn check(&self, cx: &Context, out: &mut Vec<Draft>) {
        let Some(balance) = balance_of(cx, AccountClass::Clearing) else { return };
        for account in &balance.accounts {
            let amount = balance_of_account(cx, account);
            let channels: BTreeSet<&str> = cx
                .data
                .ledger
                .iter()
                .filter(|e| e.account.matches(account))
                .flat_map(|e| {
                    let text = format!(
                        "{} {} {}",
                        e.description.clone().unwrap_or_default(),
                        e.contact.clone().unwrap_or_default(),
                        e.reference.clone().unwrap_or_default()
                    )
                    .to_lowercase();
                    CHANNELS.iter().filter(move |c| text.contains(*c)).copied().collect::<Vec<_>>()
                })
                .collect();
            let residue = amount.abs() > cx.thresholds().clearing_tolerance;
            if !residue && channels.len() < 2 {
                continue;
            }
            let mut message = format!("Clearing account {} holds {}", account.display(), cx.money(amount));
            if channels.len() >= 2 {
                message.push_str(&format!(
                    " and is fed by {} channels ({})",
                    channels.len(),
                    channels.iter().copied().collect::<Vec<_>>().join(", ")
                ));
            }
            let mut evidence = balance_evidence(cx, &balance);
            evidence.retain(|e| e.fields.0.iter().any(|(k, v)| k == "Account" && v == &account.display()));
            if evidence.is_empty() {
                evidence = cx
                    .data
                    .ledger
                    .iter()
                    .filter(|e| e.account.matches(account))
                    .take(20)
                    .map(|e| {
                        cx.evidence(
                            e.origin,
                            vec![("Account", e.account.display()), ("Date", e.date.to_string()), ("Amount", money(e.amount()).to_string())],
                        )
                    })
                    .collect();
            }
            out.push(Draft {
                severity: if residue { Severity::Medium } else { Severity::Low },
                message,
                impact: residue.then(|| Impact {
                    amount: money(amount.abs()),
                    estimate: false,
                    basis: format!("balance of the clearing account ({})", balance.basis),
                    inventory_effect: None,
                }),
                entities: vec![Entity::new(EntityKind::Account, account.key())],
                evidence,
            });
        }
    }
}
