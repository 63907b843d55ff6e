//! The normalized, typed tables that rules read. Every record keeps its origin (file and
//! line) so that a finding can show the user the row behind it. Status words are stored
//! upper-cased and trimmed; money and quantities are exact decimals.

use rust_decimal::Decimal;

use crate::date::Date;
use crate::import::schema::Kind;
use crate::settings::Accounting;

/// Where a record came from: an index into [`Dataset::files`] and the 1-based line (for a
/// workbook, the row of its sheet).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug, Default)]
pub struct Origin {
    pub file: usize,
    pub line: u64,
}

#[derive(Clone, Debug)]
pub struct SourceFile {
    pub name: String,
    pub kind: Option<Kind>,
}

/// A Cin7 Core sale, from the sale list.
#[derive(Clone, Debug, Default)]
pub struct Sale {
    pub origin: Origin,
    pub order_number: String,
    pub status: Option<String>,
    pub order_date: Option<Date>,
    pub invoice_date: Option<Date>,
    pub customer: Option<String>,
    pub invoice_number: Option<String>,
    pub customer_reference: Option<String>,
    pub invoice_amount: Option<Decimal>,
    pub currency: Option<String>,
    pub base_currency: Option<String>,
    pub updated: Option<Date>,
    pub order_status: Option<String>,
    pub shipping_status: Option<String>,
    pub fulfilment_status: Option<String>,
    pub invoice_status: Option<String>,
    pub sale_type: Option<String>,
    pub source_channel: Option<String>,
    pub external_id: Option<String>,
}

/// One line of a Cin7 Core sale order or invoice.
#[derive(Clone, Debug, Default)]
pub struct SaleLine {
    pub origin: Origin,
    pub order_number: String,
    pub invoice_number: Option<String>,
    pub sku: String,
    pub name: Option<String>,
    pub quantity: Decimal,
    pub shipped: Option<Decimal>,
    pub price: Option<Decimal>,
    pub discount: Option<Decimal>,
    pub tax: Option<Decimal>,
    pub total: Option<Decimal>,
    pub average_cost: Option<Decimal>,
    pub account: Option<String>,
    pub date: Option<Date>,
}

/// A Cin7 Core purchase, from the purchase list.
#[derive(Clone, Debug, Default)]
pub struct Purchase {
    pub origin: Origin,
    pub order_number: String,
    pub status: Option<String>,
    pub order_date: Option<Date>,
    pub invoice_date: Option<Date>,
    pub required_by: Option<Date>,
    pub supplier: String,
    pub invoice_number: Option<String>,
    pub invoice_amount: Option<Decimal>,
    pub currency: Option<String>,
    pub base_currency: Option<String>,
    pub last_updated: Option<Date>,
    pub order_status: Option<String>,
    pub stock_received_status: Option<String>,
    pub task_invoice_status: Option<String>,
    pub receiving_status: Option<String>,
    pub invoice_status: Option<String>,
    pub payment_status: Option<String>,
    pub purchase_type: Option<String>,
    pub approach: Option<String>,
}

/// One line of a Cin7 Core purchase order.
#[derive(Clone, Debug, Default)]
pub struct PurchaseLine {
    pub origin: Origin,
    pub order_number: String,
    pub sku: String,
    pub name: Option<String>,
    pub quantity: Decimal,
    pub received: Option<Decimal>,
    pub invoiced: Option<Decimal>,
    pub unit_cost: Option<Decimal>,
    pub total: Option<Decimal>,
    pub supplier: Option<String>,
    pub received_date: Option<Date>,
    pub invoice_date: Option<Date>,
    pub account: Option<String>,
}

/// One row of Cin7 Core product availability: a product at a location (bin, batch).
#[derive(Clone, Debug, Default)]
pub struct StockLine {
    pub origin: Origin,
    pub sku: String,
    pub name: Option<String>,
    pub location: Option<String>,
    pub bin: Option<String>,
    pub batch: Option<String>,
    pub on_hand: Decimal,
    pub allocated: Option<Decimal>,
    pub available: Option<Decimal>,
    pub on_order: Option<Decimal>,
    pub in_transit: Option<Decimal>,
    /// Money: Cin7's `StockOnHand` column is the value of the stock, not a quantity.
    pub stock_value: Option<Decimal>,
}

/// A Cin7 Core product (the `InventoryList` export).
#[derive(Clone, Debug, Default)]
pub struct Product {
    pub origin: Origin,
    pub sku: String,
    pub name: String,
    pub category: Option<String>,
    pub brand: Option<String>,
    /// `STOCK` or `SERVICE` (upper-cased).
    pub product_type: Option<String>,
    pub costing_method: Option<String>,
    pub average_cost: Option<Decimal>,
    pub status: Option<String>,
    pub inventory_account: Option<AccountRef>,
    pub revenue_account: Option<AccountRef>,
    pub expense_account: Option<AccountRef>,
    pub cogs_account: Option<AccountRef>,
    pub default_location: Option<String>,
    pub last_supplied_by: Option<String>,
    pub supplier_price: Option<Decimal>,
}

/// A movement of stock in Cin7 Core (inventory movement details).
#[derive(Clone, Debug, Default)]
pub struct Movement {
    pub origin: Origin,
    pub sku: String,
    pub name: Option<String>,
    /// Cin7's movement type as written (`Sale`, `Purchase Cost Change`, …).
    pub movement_type: String,
    pub date: Date,
    pub number: Option<String>,
    pub status: Option<String>,
    pub quantity: Decimal,
    pub amount: Option<Decimal>,
    pub location: Option<String>,
    pub batch: Option<String>,
    pub from_to: Option<String>,
}

/// One line of a Cin7 Core stock adjustment or stocktake.
#[derive(Clone, Debug, Default)]
pub struct Adjustment {
    pub origin: Origin,
    pub number: Option<String>,
    pub date: Date,
    pub status: Option<String>,
    pub account: Option<AccountRef>,
    pub reference: Option<String>,
    pub sku: String,
    pub name: Option<String>,
    pub location: Option<String>,
    /// The change in quantity (new − old).
    pub quantity: Decimal,
    pub unit_cost: Option<Decimal>,
    pub value: Option<Decimal>,
}

/// One entry of Cin7 Core's synchronization report with the accounting system.
#[derive(Clone, Debug, Default)]
pub struct SyncEntry {
    pub origin: Origin,
    pub cin7_number: String,
    pub target_number: Option<String>,
    pub date: Option<Date>,
    /// Seconds after midnight, where the export gives the time.
    pub time: Option<u32>,
    /// `FAILED`, `PENDING`, `SKIPPED`, `COMPLETED`.
    pub status: String,
    pub doc_type: Option<String>,
    pub error: Option<String>,
    pub amount: Option<Decimal>,
    pub system: Option<Accounting>,
}

/// An account as a report or a product names it: a code, a name, or both.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AccountRef {
    pub code: Option<String>,
    pub name: Option<String>,
}

impl AccountRef {
    /// The key that links findings and postings: the code where there is one.
    pub fn key(&self) -> String {
        match (&self.code, &self.name) {
            (Some(c), _) => c.clone(),
            (None, Some(n)) => n.to_lowercase(),
            (None, None) => String::new(),
        }
    }

    pub fn display(&self) -> String {
        match (&self.code, &self.name) {
            (Some(c), Some(n)) => format!("{c} {n}"),
            (Some(c), None) => c.clone(),
            (None, Some(n)) => n.clone(),
            (None, None) => String::new(),
        }
    }

    pub fn matches(&self, other: &AccountRef) -> bool {
        match (&self.code, &other.code) {
            (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
            _ => match (&self.name, &other.name) {
                (Some(a), Some(b)) => a.trim().eq_ignore_ascii_case(b.trim()),
                _ => false,
            },
        }
    }
}

/// One account's balance on a trial balance (debit positive).
#[derive(Clone, Debug, Default)]
pub struct TrialBalanceLine {
    pub origin: Origin,
    pub system: Option<Accounting>,
    pub account: AccountRef,
    pub account_type: Option<String>,
    /// The section heading the account sits under (Assets, Revenue, …).
    pub section: Option<String>,
    pub balance: Decimal,
}

/// One posting in the general ledger (debit positive).
#[derive(Clone, Debug, Default)]
pub struct LedgerEntry {
    pub origin: Origin,
    pub system: Option<Accounting>,
    pub account: AccountRef,
    pub date: Date,
    /// Xero's source or QuickBooks' transaction type, as written (`Manual Journal`, `Journal Entry`).
    pub source: Option<String>,
    pub number: Option<String>,
    pub reference: Option<String>,
    pub description: Option<String>,
    pub contact: Option<String>,
    pub amount: Decimal,
}

/// The balance an account opens a ledger export with (Xero's opening balance, QuickBooks'
/// beginning balance), debit positive.
#[derive(Clone, Debug, Default)]
pub struct LedgerOpening {
    pub origin: Origin,
    pub account: AccountRef,
    pub amount: Decimal,
}

/// An account of the chart of accounts.
#[derive(Clone, Debug, Default)]
pub struct Account {
    pub origin: Origin,
    pub system: Option<Accounting>,
    pub code: Option<String>,
    pub name: String,
    /// As exported (`Current Asset`, `Direct Costs`, `INVENTORY`, `Cost of Goods Sold`, …).
    pub account_type: String,
    pub detail_type: Option<String>,
    pub status: Option<String>,
    pub system_account: Option<String>,
    pub balance: Option<Decimal>,
}

/// One line of a Xero manual journal (positive amounts are debits).
#[derive(Clone, Debug, Default)]
pub struct ManualJournalLine {
    pub origin: Origin,
    pub narration: String,
    pub date: Date,
    pub description: Option<String>,
    pub account: AccountRef,
    pub amount: Decimal,
    pub status: Option<String>,
}

/// An item of the accounting system (Xero Items, QuickBooks Products and Services).
#[derive(Clone, Debug, Default)]
pub struct AccountingItem {
    pub origin: Origin,
    pub system: Option<Accounting>,
    pub code: Option<String>,
    pub name: String,
    pub item_type: Option<String>,
    pub tracked: bool,
    pub quantity: Option<Decimal>,
}

/// A Shopify order with its lines (the export's continuation rows folded in).
#[derive(Clone, Debug, Default)]
pub struct ChannelOrder {
    pub origin: Origin,
    pub name: String,
    pub financial_status: Option<String>,
    pub fulfillment_status: Option<String>,
    pub created_at: Option<Date>,
    pub paid_at: Option<Date>,
    pub fulfilled_at: Option<Date>,
    pub cancelled_at: Option<Date>,
    pub currency: Option<String>,
    pub total: Option<Decimal>,
    pub lines: Vec<ChannelOrderLine>,
}

#[derive(Clone, Debug, Default)]
pub struct ChannelOrderLine {
    pub origin: Origin,
    pub sku: Option<String>,
    pub name: Option<String>,
    pub quantity: Decimal,
    pub price: Option<Decimal>,
    pub fulfillment_status: Option<String>,
}

/// A Shopify product variant.
#[derive(Clone, Debug, Default)]
pub struct ChannelProduct {
    pub origin: Origin,
    pub handle: String,
    pub title: Option<String>,
    pub sku: Option<String>,
    pub inventory_quantity: Option<Decimal>,
    pub price: Option<Decimal>,
    pub cost: Option<Decimal>,
    pub status: Option<String>,
}

#[derive(Clone, Debug, Default)]
pub struct Dataset {
    pub files: Vec<SourceFile>,
    pub sales: Vec<Sale>,
    pub sale_lines: Vec<SaleLine>,
    pub purchases: Vec<Purchase>,
    pub purchase_lines: Vec<PurchaseLine>,
    pub stock: Vec<StockLine>,
    pub products: Vec<Product>,
    pub movements: Vec<Movement>,
    pub adjustments: Vec<Adjustment>,
    pub sync_log: Vec<SyncEntry>,
    pub trial_balance: Vec<TrialBalanceLine>,
    pub ledger: Vec<LedgerEntry>,
    pub ledger_openings: Vec<LedgerOpening>,
    pub accounts: Vec<Account>,
    pub manual_journals: Vec<ManualJournalLine>,
    pub accounting_items: Vec<AccountingItem>,
    pub channel_orders: Vec<ChannelOrder>,
    pub channel_products: Vec<ChannelProduct>,
    /// Records dropped because an earlier file already held them (overlapping exports).
    pub duplicates: Vec<Duplicate>,
}

impl Dataset {
    /// Room for `rows` more records of a kind (at most: headings, totals and duplicates
    /// among them take none), so a large file does not grow its storage by doubling.
    pub fn reserve_for(&mut self, kind: Kind, rows: usize) {
        match kind {
            Kind::Cin7Sales => self.sales.reserve_exact(rows),
            Kind::Cin7SaleLines => self.sale_lines.reserve_exact(rows),
            Kind::Cin7Purchases => self.purchases.reserve_exact(rows),
            Kind::Cin7PurchaseLines => self.purchase_lines.reserve_exact(rows),
            Kind::Cin7Availability => self.stock.reserve_exact(rows),
            Kind::Cin7Products => self.products.reserve_exact(rows),
            Kind::Cin7Movements => self.movements.reserve_exact(rows),
            Kind::Cin7Adjustments => self.adjustments.reserve_exact(rows),
            Kind::Cin7SyncLog => self.sync_log.reserve_exact(rows),
            Kind::XeroGl | Kind::QboGl => self.ledger.reserve_exact(rows),
            // Small reports, or rows folded into fewer records (Shopify orders).
            _ => {}
        }
    }
}

/// A record seen again in a later file, counted once.
#[derive(Clone, Debug)]
pub struct Duplicate {
    pub kind: Kind,
    pub first: Origin,
    pub again: Origin,
}

impl Dataset {
    pub fn has(&self, kind: Kind) -> bool {
        self.files.iter().any(|f| f.kind == Some(kind))
    }

    pub fn has_any(&self, kinds: &[Kind]) -> bool {
        kinds.iter().any(|k| self.has(*k))
    }

    pub fn file_name(&self, origin: Origin) -> &str {
        self.files.get(origin.file).map_or("", |f| f.name.as_str())
    }

    /// The accounting system the files come from, where they say.
    pub fn accounting(&self) -> Option<Accounting> {
        let xero = self.files.iter().filter_map(|f| f.kind).any(|k| k.id().starts_with("xero."));
        let qbo = self.files.iter().filter_map(|f| f.kind).any(|k| k.id().starts_with("qbo."));
        let from_sync = self.sync_log.iter().find_map(|s| s.system);
        match (xero, qbo) {
            (true, false) => Some(Accounting::Xero),
            (false, true) => Some(Accounting::QuickBooksOnline),
            _ => from_sync,
        }
    }

    /// The latest date any operational record carries: the default as-of date.
    pub fn latest_date(&self) -> Option<Date> {
        let sales = self.sales.iter().flat_map(|s| [s.order_date, s.invoice_date, s.updated]);
        let purchases = self.purchases.iter().flat_map(|p| [p.order_date, p.invoice_date, p.last_updated]);
        let movements = self.movements.iter().map(|m| Some(m.date));
        let adjustments = self.adjustments.iter().map(|a| Some(a.date));
        let ledger = self.ledger.iter().map(|l| Some(l.date));
        let sync = self.sync_log.iter().map(|s| s.date);
        sales.chain(purchases).chain(movements).chain(adjustments).chain(ledger).chain(sync).flatten().max()
    }
}
