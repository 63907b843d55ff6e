//! The columns of each kind of export: canonical fields, the labels evidence shows, and the
//! header texts (normalised) that mean each field in the exports seen so far.

use super::Kind;
use super::{FieldSpec, KindSpec};

const fn field(key: &'static str, label: &'static str, synonyms: &'static [&'static str]) -> FieldSpec {
    FieldSpec { key, label, synonyms, required: false, date: false }
}

const fn required(key: &'static str, label: &'static str, synonyms: &'static [&'static str]) -> FieldSpec {
    FieldSpec { key, label, synonyms, required: true, date: false }
}

const fn required_date(key: &'static str, label: &'static str, synonyms: &'static [&'static str]) -> FieldSpec {
    FieldSpec { key, label, synonyms, required: true, date: true }
}

const fn date(key: &'static str, label: &'static str, synonyms: &'static [&'static str]) -> FieldSpec {
    FieldSpec { key, label, synonyms, required: false, date: true }
}

pub(super) static SALES: KindSpec = KindSpec {
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
    excludes: &["supplier", "sku", "productcode", "lineitemquantity", "syncstatus"],
    signals: &["combinedinvoicestatus", "combinedshippingstatus", "customer"],
};

pub(super) static AVAILABILITY: KindSpec = KindSpec {
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
    excludes: &["adjustment", "stocktakenumber", "effectivedate", "incomeaccount"],
    signals: &["allocated", "onorder", "intransit"],
};

pub(super) static SALE_LINES: KindSpec = KindSpec {
    kind: Kind::Cin7SaleLines,
    fields: &[
        required("order_number", "Order number", &["ordernumber", "order", "saleordernumber", "salenumber", "sonumber"]),
        field("invoice_number", "Invoice number", &["invoicenumber", "invoice"]),
        required("sku", "SKU", &["sku", "productcode", "productsku", "itemcode", "code"]),
        field("name", "Product", &["productname", "name", "product", "description"]),
        required("quantity", "Quantity", &["quantity", "qty", "orderedquantity", "quantityordered"]),
        field("shipped", "Shipped", &["shippedquantity", "quantityshipped", "qtyshipped", "shipped", "fulfilledquantity"]),
        field("price", "Price", &["price", "unitprice"]),
        field("discount", "Discount", &["discount"]),
        field("tax", "Tax", &["tax", "taxamount"]),
        field("total", "Total", &["total", "linetotal", "totalamount", "amount"]),
        field("average_cost", "Average cost", &["averagecost", "avgcost", "cost", "unitcost"]),
        field("account", "Account", &["account", "revenueaccount"]),
        date("date", "Date", &["invoicedate", "orderdate", "date"]),
        field("currency", "Currency", &["currency", "customercurrency"]),
    ],
    any_of: &["price", "total", "average_cost"],
    excludes: &["supplier", "received", "receivedquantity", "quantityreceived", "lineitemquantity"],
    signals: &["averagecost", "shippedquantity", "customer"],
};

pub(super) static PURCHASES: KindSpec = KindSpec {
    kind: Kind::Cin7Purchases,
    fields: &[
        required("order_number", "Order number", &["ordernumber", "order", "purchaseordernumber", "ponumber"]),
        field("status", "Status", &["status", "purchasestatus"]),
        date("order_date", "Order date", &["orderdate", "date"]),
        date("invoice_date", "Invoice date", &["invoicedate"]),
        date("required_by", "Required by", &["requiredby", "requireddate", "duedate"]),
        required("supplier", "Supplier", &["supplier", "suppliername"]),
        field("invoice_number", "Invoice number", &["invoicenumber", "supplierinvoicenumber", "invoice"]),
        field("invoice_amount", "Invoice amount", &["invoiceamount", "invoicetotal", "total", "amount"]),
        field("currency", "Currency", &["suppliercurrency", "currency"]),
        field("base_currency", "Base currency", &["basecurrency"]),
        date("last_updated", "Last updated", &["lastupdateddate", "lastupdated", "updated", "lastmodifiedon"]),
        field("order_status", "Order status", &["orderstatus"]),
        field("stock_received_status", "Stock received status", &["stockreceivedstatus"]),
        field("task_invoice_status", "Invoice task status", &["invoicestatus"]),
        field("receiving_status", "Receiving status", &["combinedreceivingstatus", "receivingstatus", "receivedstatus"]),
        field("invoice_status", "Invoice status", &["combinedinvoicestatus"]),
        field("payment_status", "Payment status", &["combinedpaymentstatus", "paymentstatus"]),
        field("purchase_type", "Type", &["type", "purchasetype"]),
        field("approach", "Approach", &["approach", "purchaseapproach"]),
    ],
    any_of: &["receiving_status", "invoice_status", "stock_received_status", "task_invoice_status", "status"],
    excludes: &["customer", "sku", "productcode", "onhand"],
    signals: &["combinedreceivingstatus", "requiredby", "supplier"],
};

pub(super) static PURCHASE_LINES: KindSpec = KindSpec {
    kind: Kind::Cin7PurchaseLines,
    fields: &[
        required("order_number", "Order number", &["ordernumber", "order", "purchaseordernumber", "ponumber"]),
        required("sku", "SKU", &["sku", "productcode", "productsku", "itemcode", "code"]),
        field("name", "Product", &["productname", "name", "product", "description"]),
        required("quantity", "Quantity", &["quantity", "qty", "orderedquantity", "quantityordered"]),
        field("received", "Received", &["receivedquantity", "quantityreceived", "received", "qtyreceived"]),
        field("invoiced", "Invoiced", &["invoicedquantity", "quantityinvoiced", "invoiced", "qtyinvoiced"]),
        field("unit_cost", "Unit cost", &["unitcost", "price", "unitprice", "cost"]),
        field("total", "Total", &["total", "linetotal", "amount"]),
        field("supplier", "Supplier", &["supplier", "suppliername"]),
        date("received_date", "Received date", &["receiveddate", "datereceived"]),
        date("invoice_date", "Invoice date", &["invoicedate"]),
        field("account", "Account", &["account", "inventoryaccount"]),
    ],
    any_of: &["received", "invoiced", "unit_cost", "supplier"],
    excludes: &["customer", "averagecost", "shippedquantity"],
    signals: &["receivedquantity", "quantityreceived", "supplier", "unitcost"],
};

pub(super) static PRODUCTS: KindSpec = KindSpec {
    kind: Kind::Cin7Products,
    fields: &[
        required("sku", "SKU", &["productcode", "sku", "code"]),
        required("name", "Name", &["name", "productname"]),
        field("category", "Category", &["category", "productcategory"]),
        field("brand", "Brand", &["brand"]),
        field("product_type", "Type", &["type", "producttype"]),
        field("costing_method", "Costing method", &["costingmethod"]),
        field("average_cost", "Average cost", &["averagecost", "avgcost"]),
        field("status", "Status", &["status"]),
        field("inventory_account", "Inventory account", &["inventoryaccount"]),
        field("revenue_account", "Revenue account", &["revenueaccount", "saleaccount", "salesaccount"]),
        field("expense_account", "Expense account", &["expenseaccount"]),
        field("cogs_account", "COGS account", &["cogsaccount", "costofgoodssoldaccount"]),
        field("default_location", "Default location", &["defaultlocation"]),
        field("barcode", "Barcode", &["barcode"]),
        field("last_supplied_by", "Last supplied by", &["lastsuppliedby"]),
        field("supplier_fixed_price", "Supplier price", &["supplierfixedprice"]),
        field("uom", "Unit", &["defaultunitofmeasure", "uom"]),
        field("family_sku", "Family SKU", &["productfamilysku"]),
    ],
    any_of: &["average_cost", "costing_method", "inventory_account", "cogs_account", "category"],
    excludes: &["onhand", "allocated", "incomeaccount", "productservicename", "handle", "urlhandle", "itemcode", "quantity"],
    signals: &["costingmethod", "averagecost", "cogsaccount", "inventoryaccount", "productcode"],
};

pub(super) static MOVEMENTS: KindSpec = KindSpec {
    kind: Kind::Cin7Movements,
    fields: &[
        required("sku", "SKU", &["sku", "productcode", "productsku", "code"]),
        field("name", "Product", &["productname", "name", "product"]),
        required("movement_type", "Type", &["type", "movementtype", "transactiontype"]),
        required_date("date", "Date", &["date", "effectivedate", "movementdate", "transactiondate"]),
        field("number", "Document", &["number", "documentnumber", "reference", "tasknumber", "ordernumber", "document"]),
        field("status", "Status", &["status"]),
        required("quantity", "Quantity", &["quantity", "qty", "quantitychange"]),
        field("amount", "Amount", &["amount", "value", "cost", "totalcost", "cogs"]),
        field("location", "Location", &["location", "warehouse"]),
        field("batch", "Batch", &["batchsn", "batch", "serialnumber"]),
        field("from_to", "From / to", &["fromto", "customersupplier", "contact"]),
    ],
    any_of: &[],
    excludes: &["onhand", "allocated", "stocktakenumber", "adjustment", "debit", "credit", "lineitemquantity"],
    signals: &["fromto", "batchsn", "movementtype"],
};

pub(super) static ADJUSTMENTS: KindSpec = KindSpec {
    kind: Kind::Cin7Adjustments,
    fields: &[
        field("number", "Adjustment", &["stocktakenumber", "adjustmentnumber", "number", "tasknumber"]),
        required_date("date", "Effective date", &["effectivedate", "date", "adjustmentdate"]),
        field("status", "Status", &["status"]),
        field("account", "Account", &["account", "adjustmentaccount"]),
        field("reference", "Reference", &["reference", "comments", "reason"]),
        required("sku", "SKU", &["sku", "productcode", "code"]),
        field("name", "Product", &["productname", "name", "product"]),
        field("location", "Location", &["location", "warehouse"]),
        field("quantity_on_hand", "Quantity on hand", &["quantityonhand", "existingquantity", "onhandbefore", "systemquantity"]),
        field("new_quantity", "New quantity", &["adjustment", "newquantity", "adjustedquantity", "countedquantity", "counted"]),
        field("quantity", "Quantity change", &["quantity", "adjustmentquantity", "variance", "difference", "qtyadjusted"]),
        field("unit_cost", "Unit cost", &["unitcost", "cost"]),
        field("value", "Value", &["value", "amount", "adjustmentvalue", "totalcost"]),
    ],
    any_of: &["new_quantity", "quantity"],
    excludes: &["movementtype", "fromto", "debit", "credit"],
    signals: &["stocktakenumber", "effectivedate", "quantityonhand"],
};

pub(super) static SYNC_LOG: KindSpec = KindSpec {
    kind: Kind::Cin7SyncLog,
    fields: &[
        required("cin7_number", "Cin7 Core number", &["cin7corenumber", "cin7number", "dearnumber", "documentnumber", "cin7document"]),
        field(
            "target_number",
            "Accounting number",
            &["xeronumber", "quickbooksnumber", "qbonumber", "quickbooksonlinenumber", "accountingnumber", "externalnumber"],
        ),
        date("sync_date", "Sync date", &["syncdate", "date", "syncedat", "lastsyncdate", "lastsync"]),
        required("status", "Sync status", &["syncstatus", "status"]),
        field("doc_type", "Type", &["type", "documenttype", "transactiontype"]),
        field("consolidated", "Consolidated number", &["consolidatedinvoicecreditnotenumberinxero", "consolidatednumber"]),
        field("payment_account", "Payment account", &["paymentaccount"]),
        field("link", "Document link", &["documentlink", "link"]),
        field("error", "Error", &["error", "errormessage", "message", "details", "reason", "errors", "syncerror"]),
        field("amount", "Amount", &["amount", "total"]),
    ],
    any_of: &["target_number", "error", "sync_date"],
    excludes: &["customer", "supplier", "sku", "productcode"],
    signals: &["syncstatus", "xeronumber", "quickbooksnumber", "cin7corenumber", "documentlink"],
};

const TB_FIELDS: &[FieldSpec] = &[
    field("account", "Account", &["account", "accountname", "name", "accountdescription", ""]),
    field("account_code", "Account code", &["accountcode", "code", "accountnumber", "number"]),
    field("account_type", "Account type", &["accounttype", "type", "accountclass"]),
    field("debit", "Debit", &["ytddebit", "debityeartodate", "debit", "debitytd"]),
    field("credit", "Credit", &["ytdcredit", "credityeartodate", "credit", "creditytd"]),
    field("balance", "Balance", &["balance", "netbalance", "closingbalance", "ytdbalance"]),
];

pub(super) static XERO_TRIAL_BALANCE: KindSpec = KindSpec {
    kind: Kind::XeroTrialBalance,
    fields: TB_FIELDS,
    any_of: &["debit", "credit", "balance"],
    excludes: &["taxcode", "dashboard", "detailtype", "date", "transactiondate", "source", "narration"],
    signals: &["ytddebit", "debityeartodate", "accounttype", "accountcode", "title:as at", "title:xero"],
};

pub(super) static QBO_TRIAL_BALANCE: KindSpec = KindSpec {
    kind: Kind::QboTrialBalance,
    fields: TB_FIELDS,
    any_of: &["debit", "credit", "balance"],
    excludes: &["taxcode", "dashboard", "detailtype", "date", "transactiondate", "source", "narration", "ytddebit", "debityeartodate"],
    signals: &["blank-first-header", "title:as of", "title:quickbooks"],
};

pub(super) static XERO_GL: KindSpec = KindSpec {
    kind: Kind::XeroGl,
    fields: &[
        required_date("date", "Date", &["date", "journaldate", "transactiondate"]),
        field("source", "Source", &["source", "sourcetype"]),
        field("description", "Description", &["description", "narration", "details"]),
        field("reference", "Reference", &["reference", "invoicenumber"]),
        field("debit", "Debit", &["debit", "debitamount"]),
        field("credit", "Credit", &["credit", "creditamount"]),
        field("net", "Net", &["net", "netamount", "amount"]),
        field("running_balance", "Running balance", &["runningbalance"]),
        field("gross", "Gross", &["gross", "grossamount"]),
        field("tax", "Tax", &["tax", "taxamount"]),
        field("account_code", "Account code", &["accountcode", "code"]),
        field("account", "Account", &["account", "accountname"]),
        field("journal", "Journal", &["journalnumber", "journalid", "journal"]),
        field("contact", "Contact", &["contact", "name"]),
    ],
    any_of: &["debit", "credit", "net"],
    excludes: &["num", "split", "transactiontype", "memodescription", "sku", "lineitemquantity", "narrationdescription"],
    signals: &[
        "source",
        "runningbalance",
        "gross",
        "reference",
        "journalnumber",
        "title:account transactions",
        "title:general ledger detail",
    ],
};

pub(super) static QBO_GL: KindSpec = KindSpec {
    kind: Kind::QboGl,
    fields: &[
        required_date("date", "Date", &["transactiondate", "date"]),
        field("txn_type", "Transaction type", &["transactiontype", "type"]),
        field("num", "Num", &["num", "number", "no"]),
        field("name", "Name", &["name", "customervendor"]),
        field("description", "Description", &["memodescription", "description", "memo"]),
        field("split", "Split", &["split", "splitaccount"]),
        field("account", "Account", &["account", "accountname", "accountfullname", "distributionaccount"]),
        field("amount", "Amount", &["amount"]),
        field("debit", "Debit", &["debit"]),
        field("credit", "Credit", &["credit"]),
        field("balance", "Balance", &["balance"]),
        field("adj", "Adjusting", &["adj"]),
    ],
    any_of: &["amount", "debit", "credit"],
    excludes: &["source", "runningbalance", "gross", "narration", "sku", "lineitemquantity", "quantity"],
    signals: &[
        "transactiontype",
        "num",
        "split",
        "memodescription",
        "title:transaction detail by account",
        "title:general ledger",
        "title:journal",
    ],
};

pub(super) static XERO_ACCOUNTS: KindSpec = KindSpec {
    kind: Kind::XeroAccounts,
    fields: &[
        required("code", "Code", &["code", "accountcode"]),
        required("name", "Name", &["name", "accountname"]),
        required("account_type", "Type", &["type", "accounttype"]),
        field("tax_code", "Tax code", &["taxcode", "taxtype", "taxrate"]),
        field("description", "Description", &["description"]),
        field("dashboard", "Dashboard", &["dashboard"]),
        field("expense_claims", "Expense claims", &["expenseclaims"]),
        field("enable_payments", "Enable payments", &["enablepayments"]),
        field("balance", "Balance", &["balance", "ytd"]),
        field("status", "Status", &["status"]),
        field("class", "Class", &["class", "accountclass"]),
        field("system_account", "System account", &["systemaccount"]),
        field("report_code", "Report code", &["reportcode", "reportingcode"]),
    ],
    any_of: &["tax_code", "dashboard", "enable_payments", "system_account", "class", "status"],
    excludes: &["debit", "credit", "detailtype", "date"],
    signals: &["taxcode", "dashboard", "expenseclaims", "enablepayments"],
};

pub(super) static QBO_ACCOUNTS: KindSpec = KindSpec {
    kind: Kind::QboAccounts,
    fields: &[
        field("code", "Number", &["accountnumber", "number", "accountnum", "code"]),
        required("name", "Account", &["account", "fullname", "name", "accountname"]),
        required("account_type", "Type", &["type", "accounttype"]),
        required("detail_type", "Detail type", &["detailtype"]),
        field("description", "Description", &["description"]),
        field("balance", "Balance", &["balance", "totalbalance", "qbbalance", "quickbooksbalance"]),
        field("status", "Status", &["status", "active"]),
    ],
    any_of: &[],
    excludes: &["debit", "credit", "date", "taxcode"],
    signals: &["detailtype"],
};

pub(super) static XERO_MANUAL_JOURNALS: KindSpec = KindSpec {
    kind: Kind::XeroManualJournals,
    fields: &[
        required("narration", "Narration", &["narration"]),
        required_date("date", "Date", &["date", "journaldate"]),
        field("description", "Description", &["description"]),
        required("account_code", "Account code", &["accountcode", "account"]),
        field("tax_rate", "Tax rate", &["taxrate", "taxtype"]),
        required("amount", "Amount", &["amount", "lineamount"]),
        field("status", "Status", &["status"]),
        field("journal", "Journal", &["journalnumber", "number", "reference"]),
    ],
    any_of: &[],
    excludes: &["debit", "credit", "source"],
    signals: &["narration", "trackingname1"],
};

pub(super) static XERO_ITEMS: KindSpec = KindSpec {
    kind: Kind::XeroItems,
    fields: &[
        required("code", "Item code", &["itemcode", "code"]),
        field("name", "Item name", &["itemname", "name"]),
        field("quantity", "Quantity", &["quantity", "quantityonhand"]),
        field("purchases_account", "Purchases account", &["purchasesaccount", "purchaseaccount"]),
        field("sales_account", "Sales account", &["salesaccount"]),
        field("inventory_asset_account", "Inventory asset account", &["inventoryassetaccount"]),
        field("cogs_account", "COGS account", &["costofgoodssoldaccount", "cogsaccount"]),
        field("purchases_price", "Purchase price", &["purchasesunitprice", "purchaseunitprice"]),
        field("sales_price", "Sales price", &["salesunitprice"]),
        field("status", "Status", &["status"]),
        field("tracked", "Tracked as inventory", &["istrackedasinventory", "trackedasinventory", "inventorytype", "tracked"]),
    ],
    any_of: &["purchases_account", "sales_account", "sales_price", "purchases_price", "inventory_asset_account"],
    excludes: &["productcode", "costingmethod", "incomeaccount", "productservicename"],
    signals: &["itemcode", "itemname", "purchasesdescription", "salesdescription"],
};

pub(super) static QBO_ITEMS: KindSpec = KindSpec {
    kind: Kind::QboItems,
    fields: &[
        required("name", "Product/Service", &["productservicename", "productservice", "itemname", "name"]),
        field("description", "Sales description", &["salesdescription", "description"]),
        field("sku", "SKU", &["sku"]),
        field("item_type", "Type", &["type", "itemtype"]),
        field("price", "Sales price", &["salespricerate", "pricerate", "salesprice", "rate"]),
        field("income_account", "Income account", &["incomeaccount"]),
        field("purchase_cost", "Purchase cost", &["purchasecost", "cost"]),
        field("expense_account", "Expense account", &["expenseaccount"]),
        field("quantity", "Quantity on hand", &["quantityonhand", "qtyonhand"]),
        field("inventory_asset_account", "Inventory asset account", &["inventoryassetaccount"]),
        date("as_of", "Quantity as-of date", &["quantityasofdate"]),
    ],
    any_of: &["income_account", "price", "item_type"],
    excludes: &["productcode", "costingmethod", "itemcode", "allocated", "handle"],
    signals: &["productservicename", "incomeaccount", "salespricerate", "quantityasofdate"],
};

pub(super) static SHOPIFY_ORDERS: KindSpec = KindSpec {
    kind: Kind::ShopifyOrders,
    fields: &[
        required("name", "Order", &["name", "ordername", "order"]),
        field("email", "Email", &["email"]),
        required("financial_status", "Financial status", &["financialstatus"]),
        field("fulfillment_status", "Fulfillment status", &["fulfillmentstatus"]),
        date("paid_at", "Paid at", &["paidat"]),
        date("fulfilled_at", "Fulfilled at", &["fulfilledat", "fulfillmentdate"]),
        field("currency", "Currency", &["currency"]),
        field("subtotal", "Subtotal", &["subtotal"]),
        field("total", "Total", &["total"]),
        date("created_at", "Created at", &["createdat"]),
        required("lineitem_quantity", "Line quantity", &["lineitemquantity"]),
        field("lineitem_name", "Line name", &["lineitemname"]),
        field("lineitem_price", "Line price", &["lineitemprice"]),
        field("lineitem_sku", "Line SKU", &["lineitemsku"]),
        field("lineitem_fulfillment_status", "Line fulfillment status", &["lineitemfulfillmentstatus"]),
        date("cancelled_at", "Cancelled at", &["cancelledat"]),
        field("refunded_amount", "Refunded amount", &["refundedamount"]),
        field("id", "Id", &["id"]),
        field("source", "Source", &["source"]),
    ],
    any_of: &[],
    excludes: &[],
    signals: &["lineitemquantity", "financialstatus"],
};

pub(super) static SHOPIFY_PRODUCTS: KindSpec = KindSpec {
    kind: Kind::ShopifyProducts,
    fields: &[
        required("handle", "Handle", &["handle", "urlhandle"]),
        field("title", "Title", &["title"]),
        field("sku", "SKU", &["variantsku", "sku"]),
        field("inventory_quantity", "Inventory quantity", &["variantinventoryqty", "inventoryquantity"]),
        field("price", "Price", &["variantprice", "price"]),
        field("cost", "Cost per item", &["costperitem"]),
        field("tracker", "Inventory tracker", &["variantinventorytracker", "inventorytracker"]),
        field("status", "Status", &["status"]),
        field("vendor", "Vendor", &["vendor"]),
    ],
    any_of: &["sku"],
    // Columns of the inventory export, which also has a handle, a title and SKUs.
    excludes: &["onhandcurrent", "availablenoteditable", "committednoteditable"],
    signals: &["handle", "urlhandle", "variantsku", "bodyhtml"],
};

/// Products > Inventory > Export: one row per variant and location, with the quantities
/// Shopify holds there. Only `On hand (new)` is for editing; the others are as Shopify has them.
pub(super) static SHOPIFY_INVENTORY: KindSpec = KindSpec {
    kind: Kind::ShopifyInventory,
    fields: &[
        required("handle", "Handle", &["handle"]),
        field("title", "Title", &["title"]),
        field("sku", "SKU", &["sku", "variantsku"]),
        required("location", "Location", &["location"]),
        field("incoming", "Incoming", &["incomingnoteditable", "incoming"]),
        field("unavailable", "Unavailable", &["unavailablenoteditable", "unavailable"]),
        field("committed", "Committed", &["committednoteditable", "committed"]),
        required("available", "Available", &["availablenoteditable", "available"]),
        field("on_hand", "On hand", &["onhandcurrent", "onhand"]),
    ],
    any_of: &["sku"],
    excludes: &[],
    signals: &["onhandcurrent", "onhandnew", "availablenoteditable", "binname", "hscode"],
};
