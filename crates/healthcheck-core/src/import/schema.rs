//! The input kinds and, for each kind that can be read, its fields with the header
//! synonyms of `shared/domain/FORMATS.md` (Cin7 Core API names and spaced UI captions).

use serde::{Deserialize, Serialize};

/// The canonical input kinds of the architecture.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
pub enum Kind {
    #[serde(rename = "cin7.sales")]
    Cin7Sales,
    #[serde(rename = "cin7.availability")]
    Cin7Availability,
}

impl Kind {
    pub const ALL: [Kind; 2] = [Kind::Cin7Sales, Kind::Cin7Availability];

    pub fn id(self) -> &'static str {
        match self {
            Kind::Cin7Sales => "cin7.sales",
            Kind::Cin7Availability => "cin7.availability",
        }
    }

    /// Where a user finds this export, in the words of the system's own menus.
    pub fn export_hint(self) -> &'static str {
        match self {
            Kind::Cin7Sales => "Cin7 Core sale list (Sale > View sales, export)",
            Kind::Cin7Availability => "Cin7 Core product availability (Inventory > Product availability, export)",
        }
    }

    pub fn from_id(id: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.id() == id)
    }

    pub fn spec(self) -> &'static KindSpec {
        match self {
            Kind::Cin7Sales => &SALES,
            Kind::Cin7Availability => &AVAILABILITY,
        }
    }
}

/// One canonical field: its key, the label evidence shows, and the normalised header texts
/// that mean it.
pub struct FieldSpec {
    pub key: &'static str,
    pub label: &'static str,
    pub synonyms: &'static [&'static str],
    pub required: bool,
    /// Whether the field holds dates (they decide the file's day/month order).
    pub date: bool,
}

pub struct KindSpec {
    pub kind: Kind,
    pub fields: &'static [FieldSpec],
    /// Fields of which at least one must be present besides the required ones.
    pub any_of: &'static [&'static str],
}

impl KindSpec {
    pub fn field(&self, key: &str) -> Option<&'static FieldSpec> {
        self.fields.iter().find(|f| f.key == key)
    }
}

/// Header text as compared: lower case, `#` read as "number", everything but letters and
/// digits removed. `Order #`, `OrderNumber` and `order_number` all become `ordernumber`.
pub fn normalise_header(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().trim_start_matches('*').chars() {
        if c == '#' {
            out.push_str("number");
        } else if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        }
    }
    out
}

const fn field(key: &'static str, label: &'static str, synonyms: &'static [&'static str]) -> FieldSpec {
    FieldSpec { key, label, synonyms, required: false, date: false }
}

const fn required(key: &'static str, label: &'static str, synonyms: &'static [&'static str]) -> FieldSpec {
    FieldSpec { key, label, synonyms, required: true, date: false }
}

const fn date(key: &'static str, label: &'static str, synonyms: &'static [&'static str]) -> FieldSpec {
    FieldSpec { key, label, synonyms, required: false, date: true }
}

pub static SALES: KindSpec = KindSpec {
    kind: Kind::Cin7Sales,
    fields: &[
        required("order_number", "Order number", &["ordernumber", "order", "orderno", "saleordernumber", "salenumber", "sonumber"]),
        field("status", "Status", &["status", "salestatus"]),
        date("order_date", "Order date", &["orderdate", "saleorderdate", "date"]),
        date("invoice_date", "Invoice date", &["invoicedate"]),
        field("customer", "Customer", &["customer", "customername"]),
        field("invoice_number", "Invoice number", &["invoicenumber", "invoice", "invoiceno"]),
        field("customer_reference", "Customer reference", &["customerreference", "reference", "customerref"]),
        field("invoice_amount", "Invoice amount", &["invoiceamount", "invoicetotal", "saleinvoicestotalamount", "total", "amount"]),
        field("currency", "Currency", &["customercurrency", "currency"]),
        field("base_currency", "Base currency", &["basecurrency"]),
        date("updated", "Last updated", &["updated", "lastmodifiedon", "lastupdated", "lastupdateddate"]),
        field("order_status", "Order status", &["orderstatus"]),
        field("shipping_status", "Shipping status", &["combinedshippingstatus", "shippingstatus", "shipstatus", "shipping"]),
        field("fulfilment_status", "Fulfilment status", &["fulfilmentstatus", "fulfillmentstatus"]),
        field("invoice_status", "Invoice status", &["combinedinvoicestatus", "invoicestatus"]),
        field("sale_type", "Type", &["type", "saletype"]),
        field("source_channel", "Source channel", &["sourcechannel", "channel"]),
        field("external_id", "External ID", &["externalid"]),
    ],
    any_of: &["invoice_status", "shipping_status", "fulfilment_status"],
};

pub static AVAILABILITY: KindSpec = KindSpec {
    kind: Kind::Cin7Availability,
    fields: &[
        required("sku", "SKU", &["sku", "productcode", "code", "productsku"]),
        field("name", "Product", &["name", "productname", "product"]),
        field("location", "Location", &["location", "warehouse", "locationname"]),
        field("bin", "Bin", &["bin"]),
        field("batch", "Batch", &["batch", "batchsn", "batchserialnumber"]),
        required("on_hand", "On hand", &["onhand", "quantityonhand", "qtyonhand", "soh"]),
        field("allocated", "Allocated", &["allocated", "allocatedquantity", "qtyallocated"]),
        field("available", "Available", &["available", "availablequantity", "qtyavailable"]),
        field("on_order", "On order", &["onorder", "qtyonorder"]),
        field("in_transit", "In transit", &["intransit"]),
        field("stock_value", "Stock value", &["stockonhand", "stockvalue", "value", "totalvalue", "stockonhandvalue"]),
    ],
    any_of: &["allocated", "available"],
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_normalise_across_layouts() {
        assert_eq!(normalise_header("Order #"), "ordernumber");
        assert_eq!(normalise_header(" OrderNumber "), "ordernumber");
        assert_eq!(normalise_header("*Code"), "code");
        assert_eq!(normalise_header("FulFilment Status"), "fulfilmentstatus");
    }

    #[test]
    fn synonyms_are_stored_normalised() {
        for kind in Kind::ALL {
            for f in kind.spec().fields {
                for s in f.synonyms {
                    assert_eq!(normalise_header(s), *s, "{} {}", kind.id(), f.key);
                }
            }
        }
    }
}
