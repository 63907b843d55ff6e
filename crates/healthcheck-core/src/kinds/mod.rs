//! The input kinds and, for each kind that can be read, its fields with the header
//! synonyms of `shared/domain/FORMATS.md` (Cin7 Core API names and spaced UI captions).

use serde::{Deserialize, Serialize};

mod specs;
use specs::{
    ADJUSTMENTS, AVAILABILITY, MOVEMENTS, PRODUCTS, PURCHASES, PURCHASE_LINES, QBO_ACCOUNTS, QBO_GL, QBO_ITEMS, QBO_TRIAL_BALANCE, SALES,
    SALE_LINES, SHOPIFY_INVENTORY, SHOPIFY_ORDERS, SHOPIFY_PRODUCTS, SYNC_LOG, XERO_ACCOUNTS, XERO_GL, XERO_ITEMS, XERO_MANUAL_JOURNALS,
    XERO_TRIAL_BALANCE,
};

/// The canonical input kinds of the architecture.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
pub enum Kind {
    #[serde(rename = "cin7.sales")]
    Cin7Sales,
    #[serde(rename = "cin7.sale_lines")]
    Cin7SaleLines,
    #[serde(rename = "cin7.purchases")]
    Cin7Purchases,
    #[serde(rename = "cin7.purchase_lines")]
    Cin7PurchaseLines,
    #[serde(rename = "cin7.availability")]
    Cin7Availability,
    #[serde(rename = "cin7.products")]
    Cin7Products,
    #[serde(rename = "cin7.movements")]
    Cin7Movements,
    #[serde(rename = "cin7.adjustments")]
    Cin7Adjustments,
    #[serde(rename = "cin7.sync_log")]
    Cin7SyncLog,
    #[serde(rename = "xero.trial_balance")]
    XeroTrialBalance,
    #[serde(rename = "qbo.trial_balance")]
    QboTrialBalance,
    #[serde(rename = "xero.gl")]
    XeroGl,
    #[serde(rename = "qbo.gl")]
    QboGl,
    #[serde(rename = "xero.accounts")]
    XeroAccounts,
    #[serde(rename = "qbo.accounts")]
    QboAccounts,
    #[serde(rename = "xero.manual_journals")]
    XeroManualJournals,
    #[serde(rename = "xero.items")]
    XeroItems,
    #[serde(rename = "qbo.items")]
    QboItems,
    #[serde(rename = "shopify.orders")]
    ShopifyOrders,
    #[serde(rename = "shopify.products")]
    ShopifyProducts,
    #[serde(rename = "shopify.inventory")]
    ShopifyInventory,
}

impl Kind {
    pub const ALL: [Kind; 21] = [
        Kind::Cin7Sales,
        Kind::Cin7SaleLines,
        Kind::Cin7Purchases,
        Kind::Cin7PurchaseLines,
        Kind::Cin7Availability,
        Kind::Cin7Products,
        Kind::Cin7Movements,
        Kind::Cin7Adjustments,
        Kind::Cin7SyncLog,
        Kind::XeroTrialBalance,
        Kind::QboTrialBalance,
        Kind::XeroGl,
        Kind::QboGl,
        Kind::XeroAccounts,
        Kind::QboAccounts,
        Kind::XeroManualJournals,
        Kind::XeroItems,
        Kind::QboItems,
        Kind::ShopifyOrders,
        Kind::ShopifyProducts,
        Kind::ShopifyInventory,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Kind::Cin7Sales => "cin7.sales",
            Kind::Cin7SaleLines => "cin7.sale_lines",
            Kind::Cin7Purchases => "cin7.purchases",
            Kind::Cin7PurchaseLines => "cin7.purchase_lines",
            Kind::Cin7Availability => "cin7.availability",
            Kind::Cin7Products => "cin7.products",
            Kind::Cin7Movements => "cin7.movements",
            Kind::Cin7Adjustments => "cin7.adjustments",
            Kind::Cin7SyncLog => "cin7.sync_log",
            Kind::XeroTrialBalance => "xero.trial_balance",
            Kind::QboTrialBalance => "qbo.trial_balance",
            Kind::XeroGl => "xero.gl",
            Kind::QboGl => "qbo.gl",
            Kind::XeroAccounts => "xero.accounts",
            Kind::QboAccounts => "qbo.accounts",
            Kind::XeroManualJournals => "xero.manual_journals",
            Kind::XeroItems => "xero.items",
            Kind::QboItems => "qbo.items",
            Kind::ShopifyOrders => "shopify.orders",
            Kind::ShopifyProducts => "shopify.products",
            Kind::ShopifyInventory => "shopify.inventory",
        }
    }

    /// Where a user finds this export, in the words of the system's own menus.
    pub fn export_hint(self) -> &'static str {
        match self {
            Kind::Cin7Sales => "Cin7 Core sale list (Sale > View sales, export)",
            Kind::Cin7SaleLines => "Cin7 Core sale order lines (sales export with line details)",
            Kind::Cin7Purchases => "Cin7 Core purchase list (Purchase > View purchases, export)",
            Kind::Cin7PurchaseLines => "Cin7 Core purchase order lines (purchases export with line details)",
            Kind::Cin7Availability => "Cin7 Core product availability (Inventory > Product availability, export)",
            Kind::Cin7Products => "Cin7 Core product list (Inventory > Products, export: InventoryList_*.csv)",
            Kind::Cin7Movements => "Cin7 Core inventory movement details report",
            Kind::Cin7Adjustments => "Cin7 Core stock adjustments and stocktakes (Inventory > Stock adjustments, export)",
            Kind::Cin7SyncLog => "Cin7 Core Xero or QuickBooks synchronization report (Integration > Xero / QuickBooks, export)",
            Kind::XeroTrialBalance => "Xero trial balance (Accounting > Reports > Trial Balance, export to Excel)",
            Kind::QboTrialBalance => "QuickBooks Online trial balance (Reports > Trial Balance, export)",
            Kind::XeroGl => "Xero account transactions or general ledger detail (Accounting > Reports, export)",
            Kind::QboGl => "QuickBooks Online transaction detail by account, general ledger or journal (Reports, export)",
            Kind::XeroAccounts => "Xero chart of accounts (Accounting > Chart of accounts, export)",
            Kind::QboAccounts => "QuickBooks Online chart of accounts (Settings > Chart of accounts, export)",
            Kind::XeroManualJournals => "Xero manual journals (Accounting > Manual journals, export)",
            Kind::XeroItems => "Xero items (Business > Products and services, export)",
            Kind::QboItems => "QuickBooks Online products and services (Sales > Products and services, export)",
            Kind::ShopifyOrders => "Shopify orders (Orders > Export)",
            Kind::ShopifyProducts => "Shopify products (Products > Export)",
            Kind::ShopifyInventory => "Shopify inventory by location (Products > Inventory > Export)",
        }
    }

    /// The export's short name, without where to find it.
    pub fn title(self) -> &'static str {
        let hint = self.export_hint();
        hint.split(" (").next().unwrap_or(hint)
    }

    pub fn from_id(id: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.id() == id)
    }

    pub fn spec(self) -> &'static KindSpec {
        match self {
            Kind::Cin7Sales => &SALES,
            Kind::Cin7SaleLines => &SALE_LINES,
            Kind::Cin7Purchases => &PURCHASES,
            Kind::Cin7PurchaseLines => &PURCHASE_LINES,
            Kind::Cin7Availability => &AVAILABILITY,
            Kind::Cin7Products => &PRODUCTS,
            Kind::Cin7Movements => &MOVEMENTS,
            Kind::Cin7Adjustments => &ADJUSTMENTS,
            Kind::Cin7SyncLog => &SYNC_LOG,
            Kind::XeroTrialBalance => &XERO_TRIAL_BALANCE,
            Kind::QboTrialBalance => &QBO_TRIAL_BALANCE,
            Kind::XeroGl => &XERO_GL,
            Kind::QboGl => &QBO_GL,
            Kind::XeroAccounts => &XERO_ACCOUNTS,
            Kind::QboAccounts => &QBO_ACCOUNTS,
            Kind::XeroManualJournals => &XERO_MANUAL_JOURNALS,
            Kind::XeroItems => &XERO_ITEMS,
            Kind::QboItems => &QBO_ITEMS,
            Kind::ShopifyOrders => &SHOPIFY_ORDERS,
            Kind::ShopifyProducts => &SHOPIFY_PRODUCTS,
            Kind::ShopifyInventory => &SHOPIFY_INVENTORY,
        }
    }

    /// Accounting reports: title rows, section headings and totals mixed with the data.
    pub fn is_report_layout(self) -> bool {
        matches!(self, Kind::XeroTrialBalance | Kind::QboTrialBalance | Kind::XeroGl | Kind::QboGl)
    }
}

/// A kind and its fields, as the page offers them for mapping columns by hand.
#[derive(Serialize)]
pub struct KindInfo {
    pub id: &'static str,
    pub export: &'static str,
    pub fields: Vec<FieldInfo>,
}

#[derive(Serialize)]
pub struct FieldInfo {
    pub key: &'static str,
    pub label: &'static str,
    pub required: bool,
}

/// Every kind with its fields.
pub fn kinds_catalog() -> Vec<KindInfo> {
    Kind::ALL
        .iter()
        .map(|k| KindInfo {
            id: k.id(),
            export: k.export_hint(),
            fields: k.spec().fields.iter().map(|f| FieldInfo { key: f.key, label: f.label, required: f.required }).collect(),
        })
        .collect()
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
    /// Normalised headers that this kind never has: their presence rules it out.
    pub excludes: &'static [&'static str],
    /// Headers or title words that tell this kind from a look-alike, each worth a point.
    pub signals: &'static [&'static str],
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
