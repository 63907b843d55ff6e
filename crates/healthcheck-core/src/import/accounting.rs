//! Xero and QuickBooks Online reports and lists to typed records. Reports mix title rows,
//! section headings, opening balances and totals with the data: headings set the account
//! the following rows post to, and labels and totals are passed over.

use rust_decimal::Decimal;

use super::loader::{Loader, Outcome};
use super::row_view::RowView;
use crate::dataset::{Account, AccountRef, AccountingItem, LedgerEntry, ManualJournalLine, TrialBalanceLine};
use crate::inputs::Accounting;
use crate::inputs::RowError;
use crate::kinds::Kind;
use crate::text::Text;

/// Read an account cell: `Sales (200)`, `200 - Sales`, `200: Sales`, `200 Sales`, or a name
/// alone. A QuickBooks `Parent:Child` path without digits stays a name.
pub fn parse_account_cell(text: &str) -> AccountRef {
    let t = text.trim();
    if t.is_empty() {
        return AccountRef::default();
    }
    let has_digit = |s: &str| s.chars().any(|c| c.is_ascii_digit());
    let code_like = |s: &str| {
        !s.is_empty() && s.len() <= 12 && has_digit(s) && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '/'))
    };
    let named = |code: &str, name: &str| AccountRef {
        code: Some(code.trim().into()),
        name: Some(name.trim()).filter(|n| !n.is_empty()).map(Text::from),
    };
    if let Some(open) = t.rfind(" (") {
        if let Some(inner) = t[open + 2..].strip_suffix(')') {
            if code_like(inner) {
                return named(inner, &t[..open]);
            }
        }
    }
    for sep in [" - ", ": ", " – "] {
        if let Some((head, tail)) = t.split_once(sep) {
            if code_like(head.trim()) {
                return named(head, tail);
            }
        }
    }
    if let Some((head, tail)) = t.split_once(' ') {
        if code_like(head) && head.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            return named(head, tail);
        }
    }
    if code_like(t) && t.chars().all(|c| c.is_ascii_digit()) {
        return AccountRef { code: Some(t.into()), name: None };
    }
    AccountRef { code: None, name: Some(t.into()) }
}

fn system_of(kind: Kind) -> Option<Accounting> {
    if kind.id().starts_with("xero.") {
        Some(Accounting::Xero)
    } else if kind.id().starts_with("qbo.") {
        Some(Accounting::QuickBooksOnline)
    } else {
        None
    }
}

/// Labels of report rows that carry no posting of their own.
fn is_label(text: &str) -> bool {
    const LABELS: [&str; 8] = [
        "total",
        "opening balance",
        "closing balance",
        "beginning balance",
        "ending balance",
        "net movement",
        "balance carried",
        "balance brought",
    ];
    let t = text.trim_start();
    LABELS.iter().any(|label| crate::text::starts_with_ignore_case(t, label))
}

/// A cell that is plainly meant as a date (so a failure to read it is an error, not a heading).
fn looks_like_date(text: &str) -> bool {
    let t = text.trim();
    let digits = t.chars().filter(char::is_ascii_digit).count();
    digits >= 4 && t.chars().all(|c| c.is_ascii_digit() || matches!(c, '/' | '-' | '.' | ' ' | ':'))
}

pub fn trial_balance_line(row: &RowView, ld: &mut Loader) -> Result<Outcome, RowError> {
    let account_text = row.text("account").unwrap_or_default();
    let code = row.id("account_code");
    let first = row.first_cell().unwrap_or_default();
    if is_label(&account_text) || is_label(first) || account_text.eq_ignore_ascii_case("account") {
        return Ok(Outcome::Skipped);
    }
    let debit = row.decimal("debit")?;
    let credit = row.decimal("credit")?;
    let balance = row.decimal("balance")?;
    if debit.is_none() && credit.is_none() && balance.is_none() {
        // A section heading (Assets, Revenue, …), or a blank line of the report.
        if !account_text.is_empty() {
            ld.table.section = Some(account_text);
        }
        return Ok(Outcome::Skipped);
    }
    let mut account = parse_account_cell(&account_text);
    if let Some(c) = code {
        account.code = Some(c);
        if account.name.is_none() && !account_text.is_empty() {
            account.name = Some(account_text.clone());
        }
    }
    if account.code.is_none() && account.name.is_none() {
        return Err(row.empty("account"));
    }
    let line = TrialBalanceLine {
        origin: row.origin(),
        system: system_of(row.kind()),
        account,
        account_type: row.text("account_type"),
        section: ld.table.section.clone(),
        balance: balance.unwrap_or_else(|| debit.unwrap_or_default() - credit.unwrap_or_default()),
    };
    let key = (line.account.key(), line.balance);
    if ld.seen_before(row.kind(), &key, line.origin) {
        return Ok(Outcome::Duplicate);
    }
    ld.data.trial_balance.push(line);
    Ok(Outcome::Loaded([None, None]))
}

/// One posting of a Xero account-transactions or general-ledger export.
pub fn xero_ledger_entry(row: &RowView, ld: &mut Loader) -> Result<Outcome, RowError> {
    let date_text = row.cell("date").unwrap_or_default();
    let debit = row.decimal("debit")?;
    let credit = row.decimal("credit")?;
    let net = row.decimal("net")?;
    let no_amount = debit.is_none() && credit.is_none() && net.is_none();
    let first_text = row.first_cell().unwrap_or_default();
    if crate::text::starts_with_ignore_case(first_text, "opening balance") {
        let amount = row.decimal("running_balance")?.or(net).unwrap_or_else(|| debit.unwrap_or_default() - credit.unwrap_or_default());
        record_opening(row, ld, amount);
        return Ok(Outcome::Skipped);
    }
    if is_label(first_text) || is_label(date_text) || row.cell("description").is_some_and(|d| is_label(d) && no_amount) {
        return Ok(Outcome::Skipped);
    }
    let date = match row.date("date") {
        Ok(Some(d)) => d,
        Ok(None) | Err(_) if no_amount && !looks_like_date(date_text) => {
            // An account heading: the rows under it post to this account.
            if !first_text.is_empty() {
                ld.table.account = Some(parse_account_cell(first_text));
            }
            return Ok(Outcome::Skipped);
        }
        Ok(None) => return Err(row.empty("date")),
        Err(e) => return Err(e),
    };
    let mut account = match (row.id("account_code"), row.text("account")) {
        (Some(code), name) => AccountRef { code: Some(code), name },
        (None, Some(name)) => parse_account_cell(&name),
        (None, None) => ld.table.account.clone().ok_or(RowError::BeforeAnyAccount)?,
    };
    if account.name.is_none() {
        account.name = ld.table.account.as_ref().and_then(|a| a.name.clone());
    }
    let amount = match net {
        Some(n) if debit.is_none() && credit.is_none() => n,
        _ => debit.unwrap_or_default() - credit.unwrap_or_default(),
    };
    push_ledger(
        row,
        ld,
        LedgerEntry {
            origin: row.origin(),
            system: Some(Accounting::Xero),
            account,
            date,
            source: row.text("source"),
            number: row.id("journal"),
            reference: row.text("reference"),
            description: row.text("description"),
            contact: row.text("contact"),
            amount: super::row_view::small_amount(amount)?,
        },
    )
}

/// One posting of a QuickBooks transaction-detail, general-ledger or journal export.
pub fn qbo_ledger_entry(row: &RowView, ld: &mut Loader) -> Result<Outcome, RowError> {
    let date_text = row.cell("date").unwrap_or_default();
    let amount = row.decimal("amount")?;
    let debit = row.decimal("debit")?;
    let credit = row.decimal("credit")?;
    let no_amount = amount.is_none() && debit.is_none() && credit.is_none();
    let first_text = row.first_cell().unwrap_or_default();
    let described = [row.cell("txn_type"), row.cell("description"), Some(first_text)];
    if described.iter().flatten().any(|t| crate::text::starts_with_ignore_case(t, "beginning balance")) {
        if let Some(b) = row.decimal("balance")? {
            record_opening(row, ld, b);
        }
        return Ok(Outcome::Skipped);
    }
    if described.iter().flatten().any(|t| is_label(t)) {
        return Ok(Outcome::Skipped);
    }
    let account_col = row.text("account");
    let date = match row.date("date") {
        Ok(Some(d)) => Some(d),
        Ok(None) | Err(_) if no_amount && !looks_like_date(date_text) => {
            if !first_text.is_empty() && first_text != date_text {
                ld.table.account = Some(parse_account_cell(first_text));
            }
            return Ok(Outcome::Skipped);
        }
        // A journal report lists a transaction's further lines without its date.
        Ok(None) if account_col.is_some() => ld.table.carry.as_ref().map(|c| c.date),
        Ok(None) => None,
        Err(e) => return Err(e),
    };
    let Some(date) = date else {
        // Totals of a journal report: amounts without a date or an account.
        if account_col.is_none() {
            return Ok(Outcome::Skipped);
        }
        return Err(row.empty("date"));
    };
    let continuing = row.cell("date").is_none();
    let carry = ld.table.carry.clone().filter(|_| continuing);
    let source = row.text("txn_type").or_else(|| carry.as_ref().and_then(|c| c.source.clone()));
    let number = row.id("num").or_else(|| carry.as_ref().and_then(|c| c.number.clone()));
    let contact = row.text("name").or_else(|| carry.as_ref().and_then(|c| c.contact.clone()));
    if !continuing {
        ld.table.carry = Some(super::loader::Carry { date, source: source.clone(), number: number.clone(), contact: contact.clone() });
    }
    let account = match account_col {
        Some(a) => parse_account_cell(&a),
        None => ld.table.account.clone().ok_or(RowError::BeforeAnyAccount)?,
    };
    let amount = match amount {
        Some(a) => a,
        None => debit.unwrap_or_default() - credit.unwrap_or_default(),
    };
    push_ledger(
        row,
        ld,
        LedgerEntry {
            origin: row.origin(),
            system: Some(Accounting::QuickBooksOnline),
            account,
            date,
            source,
            number,
            reference: None,
            description: row.text("description"),
            contact,
            amount: super::row_view::small_amount(amount)?,
        },
    )
}

/// Keep the balance an account opens the export with, for the account heading above it.
fn record_opening(row: &RowView, ld: &mut Loader, amount: Decimal) {
    if let Some(account) = ld.table.account.clone() {
        ld.data.ledger_openings.push(crate::dataset::LedgerOpening { origin: row.origin(), account, amount });
    }
}

fn push_ledger(row: &RowView, ld: &mut Loader, e: LedgerEntry) -> Result<Outcome, RowError> {
    let key = || crate::hash::fingerprint(&(e.account.key(), e.date, &e.source, &e.number, &e.description, e.amount.get()));
    if ld.seen_before_with(row.kind(), key, e.origin) {
        return Ok(Outcome::Duplicate);
    }
    let dates = [Some(e.date), None];
    ld.data.ledger.push(e);
    Ok(Outcome::Loaded(dates))
}

pub fn account(row: &RowView, ld: &mut Loader) -> Result<Outcome, RowError> {
    let name_cell = row.required_text("name")?;
    let parsed = parse_account_cell(&name_cell);
    let code_cell = row.id("code");
    let name_from_parsed = code_cell.is_none() && parsed.code.is_some();
    let code = code_cell.or(parsed.code.clone().filter(|_| row.kind() == Kind::QboAccounts));
    let name = if name_from_parsed { parsed.name.unwrap_or(name_cell) } else { name_cell };
    let a = Account {
        origin: row.origin(),
        system: system_of(row.kind()),
        code,
        name,
        account_type: row.required_text("account_type")?,
        detail_type: row.text("detail_type"),
        status: row.status("status"),
        system_account: row.text("system_account"),
        balance: row.decimal("balance")?,
    };
    let key = (&a.code, a.name.to_lowercase());
    if ld.seen_before(row.kind(), &key, a.origin) {
        return Ok(Outcome::Duplicate);
    }
    ld.data.accounts.push(a);
    Ok(Outcome::Loaded([None, None]))
}

pub fn manual_journal_line(row: &RowView, ld: &mut Loader) -> Result<Outcome, RowError> {
    let l = ManualJournalLine {
        origin: row.origin(),
        narration: row.required_text("narration")?,
        date: row.required_date("date")?,
        description: row.text("description"),
        account: parse_account_cell(&row.required_id("account_code")?),
        amount: row.required_decimal("amount")?,
        status: row.status("status"),
    };
    let key = (&l.narration, l.date, l.account.key(), &l.description, l.amount);
    if ld.seen_before(Kind::XeroManualJournals, &key, l.origin) {
        return Ok(Outcome::Duplicate);
    }
    let dates = [Some(l.date), None];
    ld.data.manual_journals.push(l);
    Ok(Outcome::Loaded(dates))
}

fn truthy(text: &str) -> bool {
    matches!(text.trim().to_lowercase().as_str(), "true" | "yes" | "y" | "1" | "tracked" | "inventory")
}

pub fn xero_item(row: &RowView, ld: &mut Loader) -> Result<Outcome, RowError> {
    let code = row.required_id("code")?;
    let tracked = row.text("tracked").is_some_and(|t| truthy(&t)) || row.text("inventory_asset_account").is_some();
    push_item(
        row,
        ld,
        AccountingItem {
            origin: row.origin(),
            system: Some(Accounting::Xero),
            name: row.text("name").unwrap_or_else(|| code.clone()),
            code: Some(code),
            item_type: row.text("tracked"),
            tracked,
            quantity: row.decimal("quantity")?,
        },
    )
}

pub fn qbo_item(row: &RowView, ld: &mut Loader) -> Result<Outcome, RowError> {
    let item_type = row.text("item_type");
    let tracked = item_type.as_deref().is_some_and(|t| t.eq_ignore_ascii_case("inventory"));
    push_item(
        row,
        ld,
        AccountingItem {
            origin: row.origin(),
            system: Some(Accounting::QuickBooksOnline),
            code: row.id("sku"),
            name: row.raw_text("name").ok_or_else(|| row.empty("name"))?,
            item_type,
            tracked,
            quantity: row.decimal("quantity")?,
        },
    )
}

fn push_item(row: &RowView, ld: &mut Loader, item: AccountingItem) -> Result<Outcome, RowError> {
    let key = (&item.code, &item.name);
    if ld.seen_before(row.kind(), &key, item.origin) {
        return Ok(Outcome::Duplicate);
    }
    ld.data.accounting_items.push(item);
    Ok(Outcome::Loaded([None, None]))
}

/// The debit-positive sum of a set of amounts; a helper for reports of balances.
pub fn net(amounts: impl Iterator<Item = Decimal>) -> Decimal {
    amounts.sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(t: &str) -> (Option<String>, Option<String>) {
        let a = parse_account_cell(t);
        (a.code.map(String::from), a.name.map(String::from))
    }

    #[test]
    fn account_cells_in_every_layout() {
        let s = |x: &str| Some(x.to_string());
        assert_eq!(show("Sales (200)"), (s("200"), s("Sales")));
        assert_eq!(show("Inventory Control (630)"), (s("630"), s("Inventory Control")));
        assert_eq!(show("200 - Sales"), (s("200"), s("Sales")));
        assert_eq!(show("260: Cost Of Goods Sold"), (s("260"), s("Cost Of Goods Sold")));
        assert_eq!(show("1200 Inventory Asset"), (s("1200"), s("Inventory Asset")));
        assert_eq!(show("Inventory Asset"), (None, s("Inventory Asset")));
        assert_eq!(show("Inventory:Widgets"), (None, s("Inventory:Widgets")));
        assert_eq!(show("Sales (Retail)"), (None, s("Sales (Retail)")));
        assert_eq!(show("630"), (s("630"), None));
    }
}
