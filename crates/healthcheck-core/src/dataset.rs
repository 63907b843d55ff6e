//! The normalized, typed tables that rules read. Every record keeps its origin (file and
//! line) so that a finding can show the user the row behind it.

use rust_decimal::Decimal;

use crate::date::Date;
use crate::import::schema::Kind;

/// Where a record came from: an index into [`Dataset::files`] and the 1-based line.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub struct Origin {
    pub file: usize,
    pub line: u64,
}

#[derive(Clone, Debug)]
pub struct SourceFile {
    pub name: String,
    pub kind: Option<Kind>,
}

/// A Cin7 Core sale, from the sale list. Status words are upper-cased and trimmed.
#[derive(Clone, Debug)]
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
    pub updated: Option<Date>,
    pub order_status: Option<String>,
    pub shipping_status: Option<String>,
    pub fulfilment_status: Option<String>,
    pub invoice_status: Option<String>,
    pub sale_type: Option<String>,
    pub source_channel: Option<String>,
    pub external_id: Option<String>,
}

/// One row of Cin7 Core product availability: a product at a location (bin, batch).
#[derive(Clone, Debug)]
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

#[derive(Clone, Debug, Default)]
pub struct Dataset {
    pub files: Vec<SourceFile>,
    pub sales: Vec<Sale>,
    pub stock: Vec<StockLine>,
}

impl Dataset {
    pub fn has(&self, kind: Kind) -> bool {
        self.files.iter().any(|f| f.kind == Some(kind))
    }

    pub fn file_name(&self, origin: Origin) -> &str {
        self.files.get(origin.file).map_or("", |f| f.name.as_str())
    }

    /// The latest date any record carries: the default as-of date.
    pub fn latest_date(&self) -> Option<crate::date::Date> {
        let sale_dates = self.sales.iter().flat_map(|s| [s.order_date, s.invoice_date, s.updated]);
        sale_dates.flatten().max()
    }
}
