//! What the builders write into: the dataset, the state of the table being read, and the
//! fingerprints that count a record exported in two files once.

use std::collections::BTreeMap;
use std::hash::Hash;

use super::row_view::RowView;
use super::{accounting, cin7, shopify};
use crate::dataset::{AccountRef, Dataset, Duplicate, Origin};
use crate::date::Date;
use crate::hash::fingerprint;
use crate::inputs::{Accounting, RowError};
use crate::kinds::Kind;
use crate::text::{SharedText, Text};

/// What became of one data row.
pub enum Outcome {
    /// Loaded, with the dates it carries (for the file's date range).
    Loaded([Option<Date>; 2]),
    /// A heading, label or total of a report, or an image row: not data.
    Skipped,
    /// Already read from an earlier file.
    Duplicate,
}

/// A QuickBooks journal report writes a transaction's date, type and number on its first
/// line only; the lines after it carry them over.
#[derive(Clone, Debug)]
pub struct Carry {
    pub date: Date,
    pub source: Option<Text>,
    pub number: Option<Text>,
    pub contact: Option<Text>,
}

/// State that lives for one table: headings of reports and the Shopify order being folded.
#[derive(Default)]
pub struct TableState {
    pub account: Option<AccountRef>,
    pub section: Option<Text>,
    pub carry: Option<Carry>,
    pub shopify_order: Option<usize>,
    /// The accounting system a synchronization report names, once read from its header.
    pub sync_system: Option<Option<Accounting>>,
}

/// What builders write into: the dataset, and the fingerprints that count overlapping rows once.
pub struct Loader {
    pub data: Dataset,
    pub table: TableState,
    pub(super) overlap: Overlap,
    /// Mostly distinct values (document numbers, descriptions) of every table so far.
    pub(super) shared_text: SharedText,
    /// Sales and purchases met again in a later file, which may be their newer state (see
    /// [`super::newer::keep_newer_states`]).
    pub later_states: Vec<LaterState>,
}

/// A record of a list that changes state (a sale, a purchase) met again in a later file.
pub enum LaterState {
    Sale(Box<crate::dataset::Sale>),
    Purchase(Box<crate::dataset::Purchase>),
}

/// Fingerprints of the records of files already loaded, per kind, sorted: a record of a
/// later file with the same print is the same record exported twice. Only what can matter is
/// kept: the table being loaded keeps its prints only when a file still to come may be of
/// its kind, and looks up only kinds an earlier file had.
#[derive(Default)]
pub(super) struct Overlap {
    pub(super) earlier: BTreeMap<Kind, Vec<(u128, Origin)>>,
    pub(super) current: Vec<(u128, Origin)>,
    pub(super) current_kind: Option<Kind>,
    pub(super) keep_current: bool,
}

impl Overlap {
    pub(super) fn begin(&mut self, kind: Kind, keep: bool) {
        self.finish_table();
        self.current_kind = Some(kind);
        self.keep_current = keep;
    }

    /// Merge the table's prints into the earlier ones of its kind (first origin first).
    pub(super) fn finish_table(&mut self) {
        let Some(kind) = self.current_kind.take() else { return };
        // Taken, not drained: its storage (sized for this table) is freed below, not held
        // empty through the rest of the load.
        let mut current = std::mem::take(&mut self.current);
        if current.is_empty() {
            return;
        }
        let prints = self.earlier.entry(kind).or_default();
        if prints.is_empty() {
            *prints = current;
        } else {
            prints.append(&mut current);
        }
        prints.sort_unstable_by_key(|(print, origin)| (*print, origin.file, origin.line));
        prints.dedup_by_key(|(print, _)| *print);
        prints.shrink_to_fit();
    }
}

impl Loader {
    pub(super) fn new() -> Loader {
        Loader {
            data: Dataset::default(),
            table: TableState::default(),
            overlap: Overlap::default(),
            shared_text: SharedText::default(),
            later_states: Vec::new(),
        }
    }

    /// True when an earlier file already held this record (and records the duplicate).
    /// Repeats within one file are kept: they are the file's own content. `key` is the tuple
    /// of fields that make a record the same record.
    pub fn seen_before<K: Hash>(&mut self, kind: Kind, key: &K, origin: Origin) -> bool {
        self.seen_before_with(kind, || fingerprint(key), origin)
    }

    /// [`Loader::seen_before`] for a key that costs something to make: it is made only
    /// where another file may hold the same rows.
    pub fn seen_before_with(&mut self, kind: Kind, print: impl FnOnce() -> u128, origin: Origin) -> bool {
        let earlier = self.overlap.earlier.get(&kind);
        if earlier.is_none() && !self.overlap.keep_current {
            return false;
        }
        let print = print();
        if let Some(prints) = earlier {
            if let Ok(at) = prints.binary_search_by_key(&print, |(p, _)| *p) {
                self.data.duplicates.push(Duplicate { kind, first: prints[at].1, again: origin, older: false });
                return true;
            }
        }
        if self.overlap.keep_current {
            self.overlap.current.push((print, origin));
        }
        false
    }
}

pub(super) type Builder = fn(&RowView, &mut Loader) -> Result<Outcome, RowError>;

pub(super) fn builder(kind: Kind) -> Builder {
    match kind {
        Kind::Cin7Sales => cin7::sale,
        Kind::Cin7SaleLines => cin7::sale_line,
        Kind::Cin7Purchases => cin7::purchase,
        Kind::Cin7PurchaseLines => cin7::purchase_line,
        Kind::Cin7Availability => cin7::stock_line,
        Kind::Cin7Products => cin7::product,
        Kind::Cin7Movements => cin7::movement,
        Kind::Cin7Adjustments => cin7::adjustment,
        Kind::Cin7SyncLog => cin7::sync_entry,
        Kind::XeroTrialBalance | Kind::QboTrialBalance => accounting::trial_balance_line,
        Kind::XeroGl => accounting::xero_ledger_entry,
        Kind::QboGl => accounting::qbo_ledger_entry,
        Kind::XeroAccounts | Kind::QboAccounts => accounting::account,
        Kind::XeroManualJournals => accounting::manual_journal_line,
        Kind::XeroItems => accounting::xero_item,
        Kind::QboItems => accounting::qbo_item,
        Kind::ShopifyOrders => shopify::order_row,
        Kind::ShopifyProducts => shopify::product_row,
        Kind::ShopifyInventory => shopify::inventory_row,
    }
}
