//! Look-ups the rules share, built once per analysis: records by document number and SKU,
//! stock totals per SKU, the best unit cost of a SKU, and what kind of account an account is.

use std::borrow::Cow;
use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::lookup::{FirstByAny, Groups, Keyed};
use crate::dataset::{AccountRef, Dataset, LedgerEntry, Product, Purchase, PurchaseLine, Sale, SaleLine, StockLine, SyncEntry, Text};
use crate::hash::HashMap;

/// Stock of one SKU summed over its locations, bins and batches.
#[derive(Clone, Default, Debug)]
pub struct StockTotals {
    pub on_hand: Decimal,
    pub allocated: Decimal,
    pub available: Decimal,
    pub on_order: Decimal,
    pub in_transit: Decimal,
    pub value: Decimal,
    pub has_value: bool,
}

impl StockTotals {
    /// Stock value divided by the quantity on hand, where both are positive and the result is
    /// a plausible unit cost (below the import limit: a sliver of a unit carrying the whole
    /// value is not a cost to multiply by).
    pub fn value_per_unit(&self) -> Option<Decimal> {
        if !(self.has_value && self.on_hand > Decimal::ZERO && self.value > Decimal::ZERO) {
            return None;
        }
        self.value.checked_div(self.on_hand).filter(|c| *c < crate::inputs::MAX_MAGNITUDE)
    }
}

/// What an account is for, as far as the checks are concerned.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum AccountClass {
    Inventory,
    Cogs,
    Accrual,
    InTransit,
    Clearing,
    Revenue,
    Other,
}

/// Maps keyed by a record's own text where it is already its key (see [`key_of`]): most
/// SKUs and numbers are, and then no key is allocated.
type ByKey<'a, V> = HashMap<Cow<'a, str>, V>;

pub struct Index<'a> {
    pub products: Keyed<'a, Product>,
    /// Document number key → its synchronization entries, oldest first.
    pub sync_by_document: Groups<'a, SyncEntry>,
    pub stock: BTreeMap<String, StockTotals>,
    /// SKU key → its availability rows, in file order.
    stock_lines: ByKey<'a, Vec<&'a StockLine>>,
    pub sales_by_number: Keyed<'a, Sale>,
    pub sales_by_invoice: Keyed<'a, Sale>,
    pub sales_by_reference: FirstByAny<'a, Sale, 2>,
    pub purchases_by_number: Keyed<'a, Purchase>,
    pub purchases_by_invoice: Keyed<'a, Purchase>,
    pub sale_lines: Groups<'a, SaleLine>,
    pub purchase_lines: Groups<'a, PurchaseLine>,
    last_purchase_cost: ByKey<'a, Decimal>,
    /// Account key → the type the chart of accounts gives it.
    account_types: HashMap<String, String>,
    /// Account code → its name, from the chart of accounts or any report that names it.
    account_names: HashMap<String, crate::dataset::Text>,
    /// Account keys the products name as their inventory account.
    product_inventory_accounts: Vec<AccountRef>,
    clearing_names: Vec<String>,
    /// The class of every account the inputs name, worked out once.
    classes: HashMap<AccountRef, AccountClass>,
    /// The ledger's postings, and the class of each one's account (same order).
    ledger: &'a [LedgerEntry],
    ledger_classes: Vec<AccountClass>,
    /// Whether each posting was made by hand as a journal (same order as the ledger).
    ledger_manual: Vec<bool>,
    /// The month-end series of Cin7's stock value and the ledger's inventory balance (see
    /// `ledger::month_end_series`), made the first time a check asks.
    pub month_end: std::cell::OnceCell<Option<super::ledger::MonthEndSeries>>,
}

/// The key SKUs and document numbers are compared by: trimmed, upper case.
pub fn key(text: &str) -> String {
    text.trim().to_uppercase()
}

/// [`key`], borrowed where the text is already its own key (most SKUs and numbers are).
pub fn key_of(text: &str) -> Cow<'_, str> {
    let t = crate::text::trim(text);
    if t.is_ascii() && !t.bytes().any(|b| b.is_ascii_lowercase()) {
        Cow::Borrowed(t)
    } else {
        Cow::Owned(t.to_uppercase())
    }
}

/// Change the value at a text's key, starting from the default: a key is allocated only
/// the first time it is met.
fn update<'a, V: Default>(map: &mut ByKey<'a, V>, text: &'a str, change: impl FnOnce(&mut V)) {
    change(map.entry(key_of(text)).or_default());
}

impl<'a> Index<'a> {
    pub fn build(data: &'a Dataset, clearing_names: &[String]) -> Index<'a> {
        let mut stock: BTreeMap<String, StockTotals> = BTreeMap::new();
        let mut stock_lines: ByKey<Vec<&StockLine>> = HashMap::default();
        for s in &data.stock {
            update(&mut stock_lines, &s.sku, |lines| lines.push(s));
            let k = key(&s.sku);
            let t = stock.entry(k).or_default();
            t.on_hand += s.on_hand;
            t.allocated += s.allocated.unwrap_or_default();
            t.available += s.available.unwrap_or(s.on_hand - s.allocated.unwrap_or_default());
            t.on_order += s.on_order.unwrap_or_default();
            t.in_transit += s.in_transit.unwrap_or_default();
            if let Some(v) = s.stock_value {
                t.value += v;
                t.has_value = true;
            }
        }
        let mut last_purchase_cost: ByKey<(crate::dataset::Origin, Decimal)> = HashMap::default();
        for l in &data.purchase_lines {
            if let Some(c) = l.unit_cost.filter(|c| *c > Decimal::ZERO) {
                let e = last_purchase_cost.entry(key_of(&l.sku)).or_insert((l.origin, c));
                if l.origin >= e.0 {
                    *e = (l.origin, c);
                }
            }
        }
        let sale_lines = Groups::new(&data.sale_lines, |l| &l.order_number);
        let purchase_lines = Groups::new(&data.purchase_lines, |l| &l.order_number);
        let sales_by_reference = FirstByAny::new(&data.sales, |s| [s.customer_reference.as_deref(), s.external_id.as_deref()]);
        let mut account_types = HashMap::default();
        for a in &data.accounts {
            let r = AccountRef { code: a.code.clone(), name: Some(a.name.clone()) };
            account_types.insert(r.key(), a.account_type.to_lowercase());
            account_types.insert(a.name.to_lowercase(), a.account_type.to_lowercase());
        }
        let mut account_names = HashMap::default();
        let named = data
            .accounts
            .iter()
            .map(|a| (a.code.as_ref(), Some(&a.name)))
            .chain(data.trial_balance.iter().map(|l| (l.account.code.as_ref(), l.account.name.as_ref())))
            .chain(data.ledger.iter().map(|l| (l.account.code.as_ref(), l.account.name.as_ref())))
            .chain(
                data.products
                    .iter()
                    .flat_map(|p| [&p.inventory_account, &p.cogs_account, &p.revenue_account])
                    .flatten()
                    .map(|a| (a.code.as_ref(), a.name.as_ref())),
            );
        // Codes repeat on every posting, postings of one account follow one another: each
        // spelling is looked at once.
        let mut spelled: std::collections::HashSet<&Text, std::hash::BuildHasherDefault<crate::hash::FastHasher>> =
            std::collections::HashSet::default();
        let mut previous: Option<&Text> = None;
        for (code, name) in named {
            if let (Some(c), Some(n)) = (code, name) {
                if previous != Some(c) && spelled.insert(c) {
                    account_names.entry(c.to_uppercase()).or_insert_with(|| n.clone());
                }
                previous = Some(c);
            }
        }
        let mut product_inventory_accounts: Vec<AccountRef> = data.products.iter().filter_map(|p| p.inventory_account.clone()).collect();
        product_inventory_accounts.sort();
        product_inventory_accounts.dedup();
        let mut sync_by_document = Groups::new(&data.sync_log, |e| &e.cin7_number);
        sync_by_document.sort_each_by_key(|e| (e.date, e.time, e.origin));
        let mut index = Index {
            classes: HashMap::default(),
            sync_by_document,
            products: Keyed::new(&data.products, |p| Some(&p.sku)),
            stock,
            stock_lines,
            sales_by_number: Keyed::new(&data.sales, |s| Some(&s.order_number)),
            sales_by_invoice: Keyed::new(&data.sales, |s| s.invoice_number.as_deref()),
            sales_by_reference,
            purchases_by_number: Keyed::new(&data.purchases, |p| Some(&p.order_number)),
            purchases_by_invoice: Keyed::new(&data.purchases, |p| p.invoice_number.as_deref()),
            sale_lines,
            purchase_lines,
            last_purchase_cost: last_purchase_cost.into_iter().map(|(k, (_, c))| (k, c)).collect(),
            account_types,
            account_names,
            product_inventory_accounts,
            clearing_names: clearing_names.iter().map(|c| c.trim().to_lowercase()).collect(),
            ledger: &data.ledger,
            ledger_classes: Vec::new(),
            ledger_manual: Vec::new(),
            month_end: std::cell::OnceCell::new(),
        };
        let named = data
            .ledger
            .iter()
            .map(|e| &e.account)
            .chain(data.trial_balance.iter().map(|l| &l.account))
            .chain(data.ledger_openings.iter().map(|o| &o.account))
            .chain(data.manual_journals.iter().map(|l| &l.account))
            .chain(data.adjustments.iter().filter_map(|a| a.account.as_ref()));
        let mut classes = HashMap::default();
        let mut previous: Option<&AccountRef> = None;
        for account in named {
            if previous != Some(account) && !classes.contains_key(account) {
                classes.insert(account.clone(), index.classify_uncached(account));
            }
            previous = Some(account);
        }
        // A ledger export lists an account's postings together: each run is looked up once.
        let mut ledger_classes = Vec::with_capacity(data.ledger.len());
        let mut run: Option<(&AccountRef, AccountClass)> = None;
        for e in &data.ledger {
            let class = match run {
                Some((account, class)) if *account == e.account => class,
                _ => classes.get(&e.account).copied().unwrap_or_else(|| index.classify_uncached(&e.account)),
            };
            run = Some((&e.account, class));
            ledger_classes.push(class);
        }
        // Sources repeat (and are shared text): each run of one source is tested once.
        let mut ledger_manual = Vec::with_capacity(data.ledger.len());
        let mut run: Option<(Option<&Text>, bool)> = None;
        for e in &data.ledger {
            let manual = match run {
                Some((source, manual)) if source == e.source.as_ref() => manual,
                _ => super::ledger::is_manual_journal(e),
            };
            run = Some((e.source.as_ref(), manual));
            ledger_manual.push(manual);
        }
        index.classes = classes;
        index.ledger_classes = ledger_classes;
        index.ledger_manual = ledger_manual;
        index
    }

    /// The ledger's postings made by hand as journals (see `ledger::is_manual_journal`).
    pub fn manual_journal_postings(&self) -> impl Iterator<Item = &'a LedgerEntry> + '_ {
        self.ledger.iter().zip(&self.ledger_manual).filter(|(_, manual)| **manual).map(|(e, _)| e)
    }

    /// The ledger's postings, each with the class of its account.
    pub fn classified_ledger(&self) -> impl Iterator<Item = (&'a LedgerEntry, AccountClass)> + '_ {
        self.ledger.iter().zip(self.ledger_classes.iter().copied())
    }

    /// The availability rows of a SKU, given as a key.
    pub fn stock_lines(&self, sku_key: &str) -> &[&'a StockLine] {
        self.stock_lines.get(sku_key).map_or(&[], Vec::as_slice)
    }

    /// The SKU as the availability export spells it, else the key itself.
    pub fn stock_sku_shown(&self, sku_key: &str) -> String {
        self.stock_lines(sku_key).first().map_or_else(|| sku_key.to_string(), |s| s.sku.to_string())
    }

    pub fn product(&self, sku: &str) -> Option<&'a Product> {
        self.products.get(sku)
    }

    /// The best unit cost known for a SKU, with where it came from.
    pub fn unit_cost(&self, sku: &str) -> Option<(Decimal, &'static str)> {
        let k = key_of(sku);
        if let Some(c) = self.products.get(&k).and_then(|p| p.average_cost).filter(|c| *c > Decimal::ZERO) {
            return Some((c, "product average cost"));
        }
        if let Some(per_unit) = self.stock.get(k.as_ref()).and_then(StockTotals::value_per_unit) {
            return Some((per_unit, "stock value per unit"));
        }
        self.last_purchase_cost.get(k.as_ref()).map(|c| (*c, "last purchase cost"))
    }

    pub fn last_purchase_cost(&self, sku: &str) -> Option<Decimal> {
        self.last_purchase_cost.get(key_of(sku).as_ref()).copied()
    }

    /// The sale a document number names: order number, invoice number or channel reference.
    pub fn sale_named(&self, number: &str) -> Option<&'a Sale> {
        self.sales_by_number.get(number).or_else(|| self.sales_by_invoice.get(number)).or_else(|| self.sales_by_reference.get(number))
    }

    pub fn purchase_named(&self, number: &str) -> Option<&'a Purchase> {
        self.purchases_by_number.get(number).or_else(|| self.purchases_by_invoice.get(number))
    }

    fn account_type(&self, account: &AccountRef) -> Option<&str> {
        self.account_types
            .get(&account.key())
            .or_else(|| account.name.as_ref().and_then(|n| self.account_types.get(&n.to_lowercase())))
            .map(String::as_str)
    }

    /// What an account is for: from the chart of accounts' type where it is known, else from
    /// its name; an account the products use as inventory account is inventory.
    pub fn classify(&self, account: &AccountRef) -> AccountClass {
        self.classes.get(account).copied().unwrap_or_else(|| self.classify_uncached(account))
    }

    fn classify_uncached(&self, account: &AccountRef) -> AccountClass {
        let known = account.code.as_ref().and_then(|c| self.account_names.get(&c.to_uppercase()));
        let name = account.name.clone().or_else(|| known.cloned()).unwrap_or_default().to_lowercase();
        let kind = self.account_type(account).unwrap_or("");
        let has = |words: &[&str]| words.iter().any(|w| name.contains(w));
        if self.clearing_names.iter().any(|c| *c == name || Some(c.as_str()) == account.code.as_deref().map(str::to_lowercase).as_deref())
            || has(&["clearing"])
        {
            return AccountClass::Clearing;
        }
        if has(&["grni", "received not invoiced", "goods received"]) || (name.contains("accru") && has(&["inventory", "stock", "purchase"]))
        {
            return AccountClass::Accrual;
        }
        if has(&["in transit", "in-transit", "intransit"]) {
            return AccountClass::InTransit;
        }
        let cost_type = ["direct cost", "directcosts", "cost of goods sold", "cost of sales"].iter().any(|t| kind.contains(t));
        if cost_type || has(&["cost of goods", "cost of sales", "cogs"]) {
            return AccountClass::Cogs;
        }
        if self.product_inventory_accounts.iter().any(|a| a.matches(account)) {
            return AccountClass::Inventory;
        }
        let asset_type = kind.is_empty() || ["asset", "current", "inventory"].iter().any(|t| kind.contains(t));
        let not_inventory = has(&["adjust", "discrepanc", "write", "variance", "loss", "expense", "shrink", "cost"]);
        if asset_type && !not_inventory && has(&["inventory", "stock on hand", "stock"]) {
            return AccountClass::Inventory;
        }
        let revenue_type = ["revenue", "sales", "income"].iter().any(|t| kind.contains(t)) && !kind.contains("other income");
        if revenue_type || (kind.is_empty() && has(&["sales", "revenue"]) && !has(&["cost"])) {
            return AccountClass::Revenue;
        }
        AccountClass::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (number, line) pairs standing in for records.
    fn records(numbers: &[&str]) -> Vec<(Text, u32)> {
        numbers.iter().zip(1..).map(|(n, line)| (Text::from(*n), line)).collect()
    }

    #[test]
    fn keyed_finds_the_last_record_of_a_key_whatever_its_case_and_spaces() {
        let sales = records(&["SO-1", "so-2", "SO-3", " SO-1 ", ""]);
        let by_number = Keyed::new(&sales, |r| Some(r.0.as_str()).filter(|n| !n.is_empty()));
        assert_eq!(by_number.get("so-1").map(|r| r.1), Some(4), "the last of two");
        assert_eq!(by_number.get("SO-2").map(|r| r.1), Some(2));
        assert_eq!(by_number.get(" so-3").map(|r| r.1), Some(3));
        assert_eq!(by_number.get("SO-4").map(|r| r.1), None);
        assert_eq!(by_number.get("").map(|r| r.1), None, "records without a key are not found");
    }

    #[test]
    fn first_by_any_finds_the_first_record_with_the_key_in_any_of_its_texts() {
        // (customer reference, external id, line)
        let sales: Vec<(Option<Text>, Option<Text>, u32)> = [
            (Some("#1001"), None, 1),
            (None, Some("ext-7"), 2),
            (Some("EXT-7"), Some("#1001"), 3),
            (None, None, 4),
            (Some(" #1002 "), Some("#1003"), 5),
        ]
        .into_iter()
        .map(|(a, b, line)| (a.map(Text::from), b.map(Text::from), line))
        .collect();
        let by_reference = FirstByAny::new(&sales, |s| [s.0.as_deref(), s.1.as_deref()]);
        let line = |k: &str| by_reference.get(k).map(|s| s.2);
        assert_eq!(line("#1001"), Some(1), "the first of two, found by different texts");
        assert_eq!(line("Ext-7 "), Some(2));
        assert_eq!(line("#1002"), Some(5));
        assert_eq!(line("#1003"), Some(5), "a record's second text finds it too");
        assert_eq!(line("#1004"), None);
        assert_eq!(line(""), None);
    }

    #[test]
    fn groups_of_records_already_grouped_and_of_records_grouped_until_late_agree_with_file_order() {
        let of = |g: &Groups<(Text, u32)>, k: &str| g.of(k).iter().map(|r| r.1).collect::<Vec<_>>();
        let grouped = records(&["SO-1", "SO-1", "SO-2", "SO-3", "so-3"]);
        let groups = Groups::new(&grouped, |r| r.0.as_str());
        assert_eq!(of(&groups, "SO-1"), [1, 2]);
        assert_eq!(of(&groups, "SO-2"), [3]);
        assert_eq!(of(&groups, "SO-3"), [4, 5]);
        // B comes back at the fifth record and A at the sixth: their records join their groups.
        let late = records(&["A", "A", "B", "C", "B", "A"]);
        let groups = Groups::new(&late, |r| r.0.as_str());
        assert_eq!(of(&groups, "A"), [1, 2, 6]);
        assert_eq!(of(&groups, "B"), [3, 5]);
        assert_eq!(of(&groups, "C"), [4]);
        let empty: Vec<(Text, u32)> = Vec::new();
        assert!(Groups::new(&empty, |r| r.0.as_str()).all().next().is_none());
    }

    #[test]
    fn groups_keep_file_order_within_a_key_and_find_every_group() {
        let lines = records(&["SO-1", "SO-1", "SO-2", "so-1", "SO-3", "SO-2"]);
        let mut groups = Groups::new(&lines, |r| r.0.as_str());
        let of = |g: &Groups<(Text, u32)>, k: &str| g.of(k).iter().map(|r| r.1).collect::<Vec<_>>();
        assert_eq!(of(&groups, "SO-1"), [1, 2, 4]);
        assert_eq!(of(&groups, "so-2"), [3, 6]);
        assert_eq!(of(&groups, "SO-3"), [5]);
        assert!(of(&groups, "SO-9").is_empty());
        let firsts: Vec<u32> = groups.all().map(|g| g[0].1).collect();
        assert_eq!(firsts, [1, 3, 5], "groups in the order their keys first come");
        groups.sort_each_by_key(|r| std::cmp::Reverse(r.1));
        assert_eq!(of(&groups, "SO-1"), [4, 2, 1]);
    }

    #[test]
    fn thousands_of_groups_match_a_plain_grouping() {
        // Runs of one to three lines, and every seventh run naming an earlier document again.
        let numbers: Vec<String> = (0..6000).map(|i| if i % 7 == 3 { format!("so-{}", i / 3) } else { format!("SO-{i}") }).collect();
        let lines: Vec<(Text, u32)> = numbers
            .iter()
            .flat_map(|n| std::iter::repeat_n(n, 1 + n.len() % 3))
            .zip(1..)
            .map(|(n, line)| (Text::from(n.as_str()), line))
            .collect();
        let groups = Groups::new(&lines, |r| r.0.as_str());
        let mut expected: Vec<(String, Vec<u32>)> = Vec::new();
        for (n, line) in &lines {
            match expected.iter_mut().find(|(k, _)| *k == key(n)) {
                Some((_, found)) => found.push(*line),
                None => expected.push((key(n), vec![*line])),
            }
        }
        let all: Vec<Vec<u32>> = groups.all().map(|g| g.iter().map(|r| r.1).collect()).collect();
        assert_eq!(all, expected.iter().map(|(_, l)| l.clone()).collect::<Vec<_>>());
        for (k, found) in &expected {
            assert_eq!(groups.of(&k.to_lowercase()).iter().map(|r| r.1).collect::<Vec<_>>(), *found, "{k}");
        }
    }
}
