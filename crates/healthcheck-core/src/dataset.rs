//! The normalized, typed tables that rules read. Every record keeps its origin (file and
//! line) so that a finding can show the user the row behind it. Status words are stored
//! upper-cased and trimmed; money and quantities are exact decimals.

use rust_decimal::Decimal;

use crate::date::Date;
use crate::inputs::Accounting;
use crate::kinds::Kind;
use crate::small_decimal::{OptionalDecimal, SmallDecimal};
pub use crate::text::Text;

/// Where a record came from: an index into [`Dataset::files`] and the 1-based line (for a
/// workbook, the row of its sheet). 32 bits each: it is on every record, and no export has
/// four billion lines.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug, Default)]
pub struct Origin {
    pub file: u32,
    pub line: u32,
}

#[derive(Clone, Debug)]
pub struct SourceFile {
    pub name: String,
    pub kind: Option<Kind>,
    /// How large the file's numbers run, for the guard that keeps the checks' sums exact.
    pub magnitude: Magnitude,
}

/// The numbers of a file: how many were read, and the most digits before the point any of
/// them had, with the header of its column.
#[derive(Clone, Debug, Default)]
pub struct Magnitude {
    pub numbers: u64,
    pub widest_digits: u32,
    pub widest_column: String,
}

/// A Cin7 Core sale, from the sale list.
#[derive(Clone, Debug, Default)]
pub struct Sale {
    pub origin: Origin,
    pub order_number: Text,
    pub status: Option<Text>,
    pub order_date: Option<Date>,
    pub invoice_date: Option<Date>,
    pub invoice_number: Option<Text>,
    pub customer_reference: Option<Text>,
    /// The customer's name, for evidence a reader can place.
    pub customer: Option<Text>,
    pub invoice_amount: OptionalDecimal,
    pub currency: Option<Text>,
    pub base_currency: Option<Text>,
    pub updated: Option<Date>,
    pub order_status: Option<Text>,
    pub shipping_status: Option<Text>,
    pub fulfilment_status: Option<Text>,
    pub invoice_status: Option<Text>,
    pub sale_type: Option<Text>,
    pub external_id: Option<Text>,
}

/// One line of a Cin7 Core sale order or invoice.
#[derive(Clone, Debug, Default)]
pub struct SaleLine {
    pub origin: Origin,
    pub order_number: Text,
    pub invoice_number: Option<Text>,
    pub sku: Text,
    pub quantity: SmallDecimal,
    pub shipped: OptionalDecimal,
    pub total: OptionalDecimal,
    pub average_cost: OptionalDecimal,
    pub date: Option<Date>,
}

/// A Cin7 Core purchase, from the purchase list.
#[derive(Clone, Debug, Default)]
pub struct Purchase {
    pub origin: Origin,
    pub order_number: Text,
    pub status: Option<Text>,
    pub order_date: Option<Date>,
    pub invoice_date: Option<Date>,
    pub required_by: Option<Date>,
    pub supplier: Text,
    pub invoice_number: Option<Text>,
    pub invoice_amount: Option<Decimal>,
    pub currency: Option<Text>,
    pub base_currency: Option<Text>,
    pub last_updated: Option<Date>,
    pub order_status: Option<Text>,
    pub task_invoice_status: Option<Text>,
    pub receiving_status: Option<Text>,
    pub invoice_status: Option<Text>,
}

/// One line of a Cin7 Core purchase order.
#[derive(Clone, Debug, Default)]
pub struct PurchaseLine {
    pub origin: Origin,
    pub order_number: Text,
    pub sku: Text,
    pub quantity: Decimal,
    pub received: Option<Decimal>,
    pub invoiced: Option<Decimal>,
    pub unit_cost: Option<Decimal>,
    pub total: Option<Decimal>,
    pub received_date: Option<Date>,
    pub invoice_date: Option<Date>,
}

/// One row of Cin7 Core product availability: a product at a location (bin, batch).
#[derive(Clone, Debug, Default)]
pub struct StockLine {
    pub origin: Origin,
    pub sku: Text,
    pub location: Option<Text>,
    pub bin: Option<Text>,
    pub batch: Option<Text>,
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
    pub sku: Text,
    pub name: Text,
    pub category: Option<Text>,
    pub brand: Option<Text>,
    /// `STOCK` or `SERVICE` (upper-cased).
    pub product_type: Option<Text>,
    pub costing_method: Option<Text>,
    pub average_cost: Option<Decimal>,
    pub status: Option<Text>,
    pub inventory_account: Option<AccountRef>,
    pub revenue_account: Option<AccountRef>,
    pub expense_account: Option<AccountRef>,
    pub cogs_account: Option<AccountRef>,
    pub default_location: Option<Text>,
    pub last_supplied_by: Option<Text>,
    pub supplier_price: Option<Decimal>,
}

/// A movement of stock in Cin7 Core (inventory movement details).
#[derive(Clone, Debug, Default)]
pub struct Movement {
    pub origin: Origin,
    pub sku: Text,
    /// Cin7's movement type as written (`Sale`, `Purchase Cost Change`, …).
    pub movement_type: Text,
    pub date: Date,
    pub number: Option<Text>,
    pub quantity: SmallDecimal,
    pub amount: OptionalDecimal,
    pub location: Option<Text>,
}

/// One line of a Cin7 Core stock adjustment or stocktake.
#[derive(Clone, Debug, Default)]
pub struct Adjustment {
    pub origin: Origin,
    pub number: Option<Text>,
    pub date: Date,
    pub status: Option<Text>,
    pub account: Option<AccountRef>,
    pub sku: Text,
    pub location: Option<Text>,
    /// The change in quantity (new − old).
    pub quantity: Decimal,
    pub unit_cost: Option<Decimal>,
    pub value: Option<Decimal>,
}

/// One entry of Cin7 Core's synchronization report with the accounting system.
#[derive(Clone, Debug, Default)]
pub struct SyncEntry {
    pub origin: Origin,
    pub cin7_number: Text,
    pub target_number: Option<Text>,
    pub date: Option<Date>,
    /// Seconds after midnight, where the export gives the time.
    pub time: Option<u32>,
    /// `FAILED`, `PENDING`, `SKIPPED`, `COMPLETED`.
    pub status: Text,
    pub doc_type: Option<Text>,
    pub error: Option<Text>,
    pub amount: OptionalDecimal,
    pub system: Option<Accounting>,
}

/// An account as a report or a product names it: a code, a name, or both.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AccountRef {
    pub code: Option<Text>,
    pub name: Option<Text>,
}

impl AccountRef {
    /// The key that links findings and postings: the code where there is one.
    pub fn key(&self) -> String {
        match (&self.code, &self.name) {
            (Some(c), _) => c.to_string(),
            (None, Some(n)) => n.to_lowercase(),
            (None, None) => String::new(),
        }
    }

    pub fn display(&self) -> String {
        match (&self.code, &self.name) {
            (Some(c), Some(n)) => format!("{c} {n}"),
            (Some(c), None) => c.to_string(),
            (None, Some(n)) => n.to_string(),
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
    pub account_type: Option<Text>,
    /// The section heading the account sits under (Assets, Revenue, …).
    pub section: Option<Text>,
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
    pub source: Option<Text>,
    pub number: Option<Text>,
    pub reference: Option<Text>,
    pub description: Option<Text>,
    pub contact: Option<Text>,
    pub amount: SmallDecimal,
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
    pub code: Option<Text>,
    pub name: Text,
    /// As exported (`Current Asset`, `Direct Costs`, `INVENTORY`, `Cost of Goods Sold`, …).
    pub account_type: Text,
    pub detail_type: Option<Text>,
    pub status: Option<Text>,
    pub system_account: Option<Text>,
    pub balance: Option<Decimal>,
}

/// One line of a Xero manual journal (positive amounts are debits).
#[derive(Clone, Debug, Default)]
pub struct ManualJournalLine {
    pub origin: Origin,
    pub narration: Text,
    pub date: Date,
    pub description: Option<Text>,
    pub account: AccountRef,
    pub amount: Decimal,
    pub status: Option<Text>,
}

/// An item of the accounting system (Xero Items, QuickBooks Products and Services).
#[derive(Clone, Debug, Default)]
pub struct AccountingItem {
    pub origin: Origin,
    pub system: Option<Accounting>,
    pub code: Option<Text>,
    pub name: Text,
    pub item_type: Option<Text>,
    pub tracked: bool,
    pub quantity: Option<Decimal>,
}

/// A Shopify order with its lines (the export's continuation rows folded in).
#[derive(Clone, Debug, Default)]
pub struct ChannelOrder {
    pub origin: Origin,
    pub name: Text,
    /// Which store the order's file is from, a short label (see `import::stores`).
    pub store: Option<Text>,
    pub financial_status: Option<Text>,
    pub fulfillment_status: Option<Text>,
    pub created_at: Option<Date>,
    pub paid_at: Option<Date>,
    pub fulfilled_at: Option<Date>,
    pub cancelled_at: Option<Date>,
    pub currency: Option<Text>,
    pub total: OptionalDecimal,
    pub lines: Vec<ChannelOrderLine>,
}

#[derive(Clone, Debug, Default)]
pub struct ChannelOrderLine {
    pub origin: Origin,
    pub sku: Option<Text>,
    pub quantity: SmallDecimal,
    pub price: OptionalDecimal,
}

/// A Shopify product variant.
#[derive(Clone, Debug, Default)]
pub struct ChannelProduct {
    pub origin: Origin,
    pub handle: Text,
    pub title: Option<Text>,
    pub sku: Option<Text>,
    pub inventory_quantity: Option<Decimal>,
    pub price: Option<Decimal>,
    pub cost: Option<Decimal>,
    pub status: Option<Text>,
}

/// A Shopify variant's stock at one location (the inventory export).
#[derive(Clone, Debug, Default)]
pub struct ChannelStock {
    pub origin: Origin,
    pub handle: Text,
    pub sku: Option<Text>,
    pub location: Text,
    pub available: Decimal,
    pub committed: Option<Decimal>,
    pub on_hand: Option<Decimal>,
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
    pub channel_stock: Vec<ChannelStock>,
    /// Records dropped because an earlier file already held them (overlapping exports).
    pub duplicates: Vec<Duplicate>,
}

// The amounts and quantities of the largest tables are kept in eight bytes (see
// `small_decimal`); the checks read them as plain decimals through these.

impl Sale {
    #[inline]
    pub fn invoice_amount(&self) -> Option<Decimal> {
        self.invoice_amount.get()
    }
}

impl SaleLine {
    #[inline]
    pub fn quantity(&self) -> Decimal {
        self.quantity.get()
    }
    #[inline]
    pub fn shipped(&self) -> Option<Decimal> {
        self.shipped.get()
    }
    #[inline]
    pub fn total(&self) -> Option<Decimal> {
        self.total.get()
    }
    #[inline]
    pub fn average_cost(&self) -> Option<Decimal> {
        self.average_cost.get()
    }
}

impl Movement {
    #[inline]
    pub fn quantity(&self) -> Decimal {
        self.quantity.get()
    }
    #[inline]
    pub fn amount(&self) -> Option<Decimal> {
        self.amount.get()
    }
}

impl SyncEntry {
    #[inline]
    pub fn amount(&self) -> Option<Decimal> {
        self.amount.get()
    }
}

impl LedgerEntry {
    #[inline]
    pub fn amount(&self) -> Decimal {
        self.amount.get()
    }
}

impl ChannelOrder {
    #[inline]
    pub fn total(&self) -> Option<Decimal> {
        self.total.get()
    }
}

impl ChannelOrder {
    /// The order's name as findings give it: with its store where the inputs hold several
    /// (two stores each have a `#1042`).
    pub fn shown(&self, several_stores: bool) -> String {
        match (&self.store, several_stores) {
            (Some(store), true) => format!("{} ({store})", self.name),
            _ => self.name.to_string(),
        }
    }
}

impl Dataset {
    /// Whether the Shopify orders come from more than one store.
    pub fn several_stores(&self) -> bool {
        let mut stores = self.channel_orders.iter().filter_map(|o| o.store.as_deref());
        stores.next().is_some_and(|first| stores.any(|s| s != first))
    }
}

impl ChannelOrderLine {
    #[inline]
    pub fn quantity(&self) -> Decimal {
        self.quantity.get()
    }
    #[inline]
    pub fn price(&self) -> Option<Decimal> {
        self.price.get()
    }
}

/// The storage of one table, whatever its records.
pub trait Storage {
    /// Room for `rows` more records (see [`Dataset::storage_mut`]).
    fn reserve_exact(&mut self, rows: usize);
    /// Give back the room beyond the records.
    fn shrink_to_fit(&mut self);
    /// The records, and the records the storage holds before it must grow.
    fn len_and_capacity(&self) -> (usize, usize);
}

impl<T> Storage for Vec<T> {
    fn reserve_exact(&mut self, rows: usize) {
        Vec::reserve_exact(self, rows);
    }

    fn shrink_to_fit(&mut self) {
        Vec::shrink_to_fit(self);
    }

    fn len_and_capacity(&self) -> (usize, usize) {
        (self.len(), self.capacity())
    }
}

impl Dataset {
    /// The storage of a kind's records, sized by the importer from the rows it expects so
    /// that a large file does not grow its storage by doubling (headings, totals and
    /// duplicates take none of the room); `None` for small reports and for rows folded into
    /// fewer records (Shopify orders).
    pub fn storage_mut(&mut self, kind: Kind) -> Option<&mut dyn Storage> {
        Some(match kind {
            Kind::Cin7Sales => &mut self.sales,
            Kind::Cin7SaleLines => &mut self.sale_lines,
            Kind::Cin7Purchases => &mut self.purchases,
            Kind::Cin7PurchaseLines => &mut self.purchase_lines,
            Kind::Cin7Availability => &mut self.stock,
            Kind::Cin7Products => &mut self.products,
            Kind::Cin7Movements => &mut self.movements,
            Kind::Cin7Adjustments => &mut self.adjustments,
            Kind::Cin7SyncLog => &mut self.sync_log,
            Kind::XeroGl | Kind::QboGl => &mut self.ledger,
            _ => return None,
        })
    }
}

/// A record seen again in a later file, counted once: `first` is the one used, `again` the
/// one passed over.
#[derive(Clone, Debug)]
pub struct Duplicate {
    pub kind: Kind,
    pub first: Origin,
    pub again: Origin,
    /// The one passed over is an older state of the one used (a list exported at two times).
    pub older: bool,
}

impl Dataset {
    pub fn has(&self, kind: Kind) -> bool {
        self.files.iter().any(|f| f.kind == Some(kind))
    }

    pub fn has_any(&self, kinds: &[Kind]) -> bool {
        kinds.iter().any(|k| self.has(*k))
    }

    pub fn file_name(&self, origin: Origin) -> &str {
        self.files.get(origin.file as usize).map_or("", |f| f.name.as_str())
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

    /// The latest date any record carries: the as-of date where no title gives one.
    pub fn latest_date(&self) -> Option<Date> {
        let sales = self.sales.iter().flat_map(|s| [s.order_date, s.invoice_date, s.updated]);
        let purchases = self.purchases.iter().flat_map(|p| [p.order_date, p.invoice_date, p.last_updated]);
        let movements = self.movements.iter().map(|m| Some(m.date));
        let adjustments = self.adjustments.iter().map(|a| Some(a.date));
        let ledger = self.ledger.iter().map(|l| Some(l.date));
        let sync = self.sync_log.iter().map(|s| s.date);
        let orders = self.channel_orders.iter().flat_map(|o| [o.created_at, o.paid_at, o.fulfilled_at, o.cancelled_at]);
        let journals = self.manual_journals.iter().map(|j| Some(j.date));
        sales.chain(purchases).chain(movements).chain(adjustments).chain(ledger).chain(sync).chain(orders).chain(journals).flatten().max()
    }
}

// The record sizes the README gives for the browser (32-bit pointers), held there: a field
// added to one of the largest tables should be a choice, not an accident.
#[cfg(target_arch = "wasm32")]
const _: () = {
    assert!(std::mem::size_of::<SaleLine>() == 56);
    assert!(std::mem::size_of::<Movement>() == 44);
    assert!(std::mem::size_of::<LedgerEntry>() == 52);
    assert!(std::mem::size_of::<Sale>() == 80);
};
