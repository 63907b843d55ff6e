//! Ledger queries: balances of an account class at the as-of date, month-end series of
//! Cin7's stock value and the ledger's inventory balance, and what a posting is.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::{AccountClass, Context};
use crate::dataset::{AccountRef, LedgerEntry, Origin};
use crate::date::{days_in_month, Date};

/// Cin7's stock value and the ledger's inventory balance at each month end, from the first
/// dated movement or posting to the as-of date (the last month ends at the as-of date).
pub struct MonthEndSeries {
    /// `(month, Cin7 stock value, ledger inventory balance)`.
    pub months: Vec<((i32, u32), Decimal, Decimal)>,
    /// Cin7's stock value at the as-of date, the base for materiality.
    pub stock_value: Decimal,
}

/// The two month-end series LED008 and CTL003 compare, worked out once per analysis.
pub fn month_end_series<'a>(cx: &Context<'a>) -> Option<&'a MonthEndSeries> {
    cx.index.month_end.get_or_init(|| build_month_end_series(cx)).as_ref()
}

/// Builds the two month-end series LED008 and CTL003 compare. Cin7's side comes from the
/// movements with amounts, anchored at the availability export's stock value when supplied;
/// the ledger's from the inventory postings, anchored at the trial balance when supplied,
/// else at the ledger export's opening balances. `None` without an as-of date or with fewer
/// than two months.
fn build_month_end_series(cx: &Context) -> Option<MonthEndSeries> {
    let inventory: Vec<_> = cx.index.classified_ledger().filter(|(_, class)| *class == AccountClass::Inventory).map(|(e, _)| e).collect();
    let moves: Vec<_> = cx.data.movements.iter().filter(|m| m.amount().is_some()).collect();
    let first = inventory.iter().map(|e| e.date).chain(moves.iter().map(|m| m.date)).min()?;
    let as_of = cx.as_of?;
    let months = months_between(first, as_of);
    if months.len() < 2 {
        return None;
    }
    let anchor_stock: Option<Decimal> =
        cx.data.stock.iter().any(|s| s.stock_value.is_some()).then(|| cx.data.stock.iter().filter_map(|s| s.stock_value).sum());
    // Running totals month by month (one pass over the rows, not one per month).
    let moved = running_totals(&months, as_of, moves.iter().filter_map(|m| Some((m.date, m.amount()?))));
    let posted = running_totals(&months, as_of, inventory.iter().map(|e| (e.date, e.amount())));
    let cin7 = |moved_to: Decimal| match anchor_stock {
        Some(v) => v - (moved.total - moved_to),
        None => moved_to,
    };
    let ledger_anchor = if cx.data.trial_balance.is_empty() { None } else { balance_of(cx, AccountClass::Inventory).map(|b| b.amount) };
    let opening: Decimal =
        cx.data.ledger_openings.iter().filter(|o| cx.index.classify(&o.account) == AccountClass::Inventory).map(|o| o.amount).sum();
    let ledger = |posted_to: Decimal| match ledger_anchor {
        Some(b) => b - (posted.total - posted_to),
        None => opening + posted_to,
    };
    let series = months.iter().enumerate().map(|(i, m)| (*m, cin7(moved.by_month[i]), ledger(posted.by_month[i]))).collect();
    let stock_value = anchor_stock.unwrap_or_else(|| cin7(moved.total));
    Some(MonthEndSeries { months: series, stock_value })
}

/// Amounts summed up to the end of each month (or the as-of date, within its month), and
/// up to the as-of date in all.
struct RunningTotals {
    by_month: Vec<Decimal>,
    total: Decimal,
}

fn running_totals(months: &[(i32, u32)], as_of: Date, rows: impl Iterator<Item = (Date, Decimal)>) -> RunningTotals {
    let mut per_month: BTreeMap<(i32, u32), Decimal> = BTreeMap::new();
    // Rows come mostly in date order: a run of one date is summed before it is filed.
    let mut run: Option<(Date, Decimal)> = None;
    for (date, amount) in rows.filter(|(d, _)| *d <= as_of) {
        match &mut run {
            Some((d, sum)) if *d == date => *sum += amount,
            _ => {
                if let Some((d, sum)) = run.replace((date, amount)) {
                    let (y, m, _) = d.ymd();
                    *per_month.entry((y, m)).or_default() += sum;
                }
            }
        }
    }
    if let Some((d, sum)) = run {
        let (y, m, _) = d.ymd();
        *per_month.entry((y, m)).or_default() += sum;
    }
    let mut running = Decimal::ZERO;
    let mut summed = per_month.range(..).peekable();
    let by_month = months
        .iter()
        .map(|month| {
            while let Some((_, amount)) = summed.next_if(|(m, _)| *m <= month) {
                running += *amount;
            }
            running
        })
        .collect();
    RunningTotals { by_month, total: per_month.values().copied().sum() }
}

/// A ledger balance of a set of accounts, and how it was found.
pub struct Balance {
    pub amount: Decimal,
    pub accounts: Vec<AccountRef>,
    pub basis: &'static str,
    /// The rows the balance was read from (trial-balance lines or opening balances).
    pub rows: Vec<(Origin, AccountRef, Decimal)>,
}

/// The balance at the as-of date of every account of a class: from the trial balance where
/// one is supplied, else from the ledger export (its opening balances plus its postings up to
/// the as-of date), else from the chart of accounts' balance column.
pub fn balance_of(cx: &Context, class: AccountClass) -> Option<Balance> {
    let mut accounts: Vec<AccountRef> = Vec::new();
    let mut add = |a: &AccountRef| {
        if !accounts.iter().any(|x| x.matches(a)) {
            accounts.push(a.clone());
        }
    };
    if !cx.data.trial_balance.is_empty() {
        let lines: Vec<_> = cx.data.trial_balance.iter().filter(|l| cx.index.classify(&l.account) == class).collect();
        for l in &lines {
            add(&l.account);
        }
        let amount = dedup_sum(lines.iter().map(|l| (l.account.key(), l.balance)));
        let rows = lines.iter().map(|l| (l.origin, l.account.clone(), l.balance)).collect();
        return (!accounts.is_empty()).then_some(Balance { amount, accounts, basis: "trial balance", rows });
    }
    if !cx.data.ledger.is_empty() {
        let mut amount = Decimal::ZERO;
        let mut opened = Vec::new();
        let mut rows = Vec::new();
        for o in cx.data.ledger_openings.iter().filter(|o| cx.index.classify(&o.account) == class) {
            if !opened.iter().any(|a: &AccountRef| a.matches(&o.account)) {
                opened.push(o.account.clone());
                amount += o.amount;
                add(&o.account);
                rows.push((o.origin, o.account.clone(), o.amount));
            }
        }
        for (e, _) in cx.index.classified_ledger().filter(|(e, c)| *c == class && cx.as_of.is_none_or(|a| e.date <= a)) {
            amount += e.amount();
            add(&e.account);
        }
        let basis =
            if opened.is_empty() { "ledger postings, taken from a zero opening balance" } else { "ledger opening balance and postings" };
        return (!accounts.is_empty()).then_some(Balance { amount, accounts, basis, rows });
    }
    let rows: Vec<_> = cx
        .data
        .accounts
        .iter()
        .filter(|a| a.balance.is_some())
        .map(|a| (AccountRef { code: a.code.clone(), name: Some(a.name.clone()) }, a.balance.unwrap_or_default()))
        .filter(|(r, _)| cx.index.classify(r) == class)
        .collect();
    for (r, _) in &rows {
        add(r);
    }
    let amount = rows.iter().map(|(_, b)| *b).sum();
    let origins = cx
        .data
        .accounts
        .iter()
        .filter(|a| rows.iter().any(|(r, _)| r.matches(&AccountRef { code: a.code.clone(), name: Some(a.name.clone()) })))
        .map(|a| (a.origin, AccountRef { code: a.code.clone(), name: Some(a.name.clone()) }, a.balance.unwrap_or_default()))
        .collect();
    (!accounts.is_empty()).then_some(Balance { amount, accounts, basis: "chart of accounts balance", rows: origins })
}

/// Sum balances once per account (two trial-balance layouts of one ledger repeat accounts).
fn dedup_sum(items: impl Iterator<Item = (String, Decimal)>) -> Decimal {
    let mut seen: BTreeMap<String, Decimal> = BTreeMap::new();
    for (k, v) in items {
        seen.entry(k).or_insert(v);
    }
    seen.values().copied().sum()
}

pub fn accounts_text(accounts: &[AccountRef]) -> String {
    accounts.iter().map(AccountRef::display).collect::<Vec<_>>().join(", ")
}

/// Whether a ledger posting was made by hand as a journal (Xero manual journal, QuickBooks
/// journal entry).
pub fn is_manual_journal(e: &LedgerEntry) -> bool {
    let s = e.source.as_deref().unwrap_or_default();
    // Every spelling below says "journal": most sources (invoices, bills, payments) do not.
    if !crate::text::contains_ignore_case(s, "journal") {
        return false;
    }
    crate::text::contains_ignore_case(s, "manual journal")
        || crate::text::contains_ignore_case(s, "journal entry")
        || s.eq_ignore_ascii_case("manjournal")
        || crate::text::contains_ignore_case(s, "general journal")
}

/// The last day of a month.
pub fn month_end((y, m): (i32, u32)) -> Date {
    Date::from_ymd(y, m, days_in_month(y, m)).unwrap_or_default()
}

/// The months from `first` to `last`, inclusive.
pub fn months_between(first: Date, last: Date) -> Vec<(i32, u32)> {
    let (mut y, mut m, _) = first.ymd();
    let (ly, lm, _) = last.ymd();
    let mut out = Vec::new();
    while (y, m) <= (ly, lm) && out.len() < 600 {
        out.push((y, m));
        m += 1;
        if m > 12 {
            m = 1;
            y += 1;
        }
    }
    out
}

/// The accounts a journal must not touch without a source document: inventory, cost of
/// goods sold, accrued inventory and stock in transit.
pub fn is_controlled(class: AccountClass) -> bool {
    matches!(class, AccountClass::Inventory | AccountClass::Cogs | AccountClass::Accrual | AccountClass::InTransit)
}

/// Evidence rows for a balance: the lines it was read from.
pub fn balance_evidence(cx: &Context, b: &Balance) -> Vec<crate::findings::Evidence> {
    b.rows
        .iter()
        .map(|(origin, account, amount)| {
            cx.evidence(
                *origin,
                vec![
                    ("Account", account.display()),
                    ("Balance", crate::findings::money(*amount).to_string()),
                    ("Read from", b.basis.to_string()),
                ],
            )
        })
        .collect()
}

/// One account's balance at the as-of date, read the way [`balance_of`] reads a class.
pub fn balance_of_account(cx: &Context, account: &AccountRef) -> Decimal {
    if !cx.data.trial_balance.is_empty() {
        return dedup_sum(cx.data.trial_balance.iter().filter(|l| l.account.matches(account)).map(|l| (l.account.key(), l.balance)));
    }
    if !cx.data.ledger.is_empty() {
        let opening = cx.data.ledger_openings.iter().find(|o| o.account.matches(account)).map_or(Decimal::ZERO, |o| o.amount);
        let moved: Decimal = cx
            .data
            .ledger
            .iter()
            .filter(|e| e.account.matches(account) && cx.as_of.is_none_or(|a| e.date <= a))
            .map(crate::dataset::LedgerEntry::amount)
            .sum();
        return opening + moved;
    }
    cx.data
        .accounts
        .iter()
        .find(|a| AccountRef { code: a.code.clone(), name: Some(a.name.clone()) }.matches(account))
        .and_then(|a| a.balance)
        .unwrap_or_default()
}

/// The materiality threshold for a stock value.
pub fn materiality(cx: &Context, stock_value: Decimal) -> Decimal {
    materiality_of(cx.thresholds(), stock_value)
}

/// Where the two month-end series parted for good: the index of the first month of the gap
/// beyond `limit` that lasts to the end, when they are apart at the end.
pub fn lasting_gap_start(months: &[((i32, u32), Decimal, Decimal)], limit: Decimal) -> Option<usize> {
    let apart = |(_, c, l): &((i32, u32), Decimal, Decimal)| (*l - *c).abs() > limit;
    if !months.last().is_some_and(apart) {
        return None;
    }
    Some(months.iter().rposition(|p| !apart(p)).map_or(0, |i| i + 1))
}

pub fn materiality_of(t: &crate::settings::Thresholds, stock_value: Decimal) -> Decimal {
    t.materiality_abs.max(stock_value.abs() * t.materiality_pct / Decimal::ONE_HUNDRED)
}
