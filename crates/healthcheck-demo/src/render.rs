//! The demo company's exports, in the layouts of the real systems: Cin7 Core API field names
//! and its 96-column product list, the Xero synchronization report and Xero reports with
//! their title rows, and Shopify's exports. The purchase list is an Excel workbook.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::world::{Sale, SyncState, World, LOCATION, SUPPLIERS};
use healthcheck_core::date::Date;

/// One written file: its name and bytes.
pub struct File {
    pub name: String,
    pub bytes: Vec<u8>,
}

pub const ACCOUNTS: [(&str, &str, &str); 11] = [
    ("090", "Business Bank", "Bank"),
    ("200", "Sales", "Revenue"),
    ("310", "Cost of Goods Sold", "Direct Costs"),
    ("403", "Inventory Adjustments", "Expense"),
    ("404", "Bank Fees", "Expense"),
    ("610", "Accounts Receivable", "Current Asset"),
    ("630", "Inventory Control", "Current Asset"),
    ("640", "Inventory Accrual (GRNI)", "Current Liability"),
    ("650", "Stock in Transit", "Current Asset"),
    ("800", "Accounts Payable", "Current Liability"),
    ("820", "Shopify Clearing", "Current Liability"),
];

fn account_name(code: &str) -> &'static str {
    ACCOUNTS.iter().find(|a| a.0 == code).map_or("", |a| a.1)
}

fn dmy(d: Date) -> String {
    let (y, m, day) = d.ymd();
    format!("{day:02}/{m:02}/{y}")
}

fn m2(d: Decimal) -> String {
    healthcheck_core::report::money(d).to_string()
}

fn q(d: Decimal) -> String {
    d.normalize().to_string()
}

struct Csv(csv::Writer<Vec<u8>>);

impl Csv {
    fn new(header: &[&str]) -> Csv {
        let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
        let _ = w.write_record(header);
        Csv(w)
    }
    fn row<I: IntoIterator<Item = S>, S: AsRef<[u8]>>(&mut self, cells: I) {
        let _ = self.0.write_record(cells);
    }
    fn finish(self) -> Vec<u8> {
        self.0.into_inner().unwrap_or_default()
    }
}

/// A movement of stock as Cin7 records it.
pub struct Movement {
    pub sku: String,
    pub kind: &'static str,
    pub date: Date,
    pub number: String,
    pub qty: Decimal,
    pub amount: Decimal,
    pub from_to: String,
}

/// A posting in the ledger (debit positive).
pub struct Posting {
    pub account: &'static str,
    pub date: Date,
    pub source: &'static str,
    pub reference: String,
    pub description: String,
    pub amount: Decimal,
}

fn cost_of(w: &World, sku: &str) -> Decimal {
    w.products.iter().find(|p| p.sku == sku).map_or(Decimal::ZERO, |p| p.cost)
}

fn name_of<'a>(w: &'a World, sku: &str) -> &'a str {
    w.products.iter().find(|p| p.sku == sku).map_or("", |p| p.name.as_str())
}

pub fn movements(w: &World) -> Vec<Movement> {
    let mut out = Vec::new();
    for p in &w.purchases {
        if let Some(d) = p.received_date {
            for l in &p.lines {
                out.push(Movement {
                    sku: l.sku.clone(),
                    kind: "Purchase",
                    date: d,
                    number: p.number.clone(),
                    qty: l.qty,
                    amount: l.qty * l.unit_cost.unwrap_or_default(),
                    from_to: SUPPLIERS[p.supplier].into(),
                });
            }
        }
    }
    for s in &w.sales {
        if let Some(d) = s.ship_date {
            for l in &s.lines {
                out.push(Movement {
                    sku: l.sku.clone(),
                    kind: "Sale",
                    date: d,
                    number: s.number.clone(),
                    qty: -l.qty,
                    amount: -l.qty * cost_of(w, &l.sku),
                    from_to: s.customer.clone(),
                });
            }
        }
    }
    for a in &w.adjustments {
        out.push(Movement {
            sku: a.sku.clone(),
            kind: "Stocktake",
            date: a.date,
            number: a.number.clone(),
            qty: a.qty,
            amount: a.qty * cost_of(w, &a.sku),
            from_to: String::new(),
        });
    }
    for t in &w.transfers {
        out.push(Movement {
            sku: t.sku.clone(),
            kind: "Transfer Out",
            date: t.date,
            number: t.number.clone(),
            qty: -t.qty,
            amount: Decimal::ZERO,
            from_to: "Overflow Store".into(),
        });
    }
    for e in &w.extra_movements {
        out.push(Movement {
            sku: e.sku.clone(),
            kind: e.kind,
            date: e.date,
            number: e.number.clone(),
            qty: Decimal::ZERO,
            amount: e.amount,
            from_to: String::new(),
        });
    }
    out.sort_by(|a, b| (a.date, &a.number, &a.sku).cmp(&(b.date, &b.number, &b.sku)));
    out
}

/// Every ledger posting: Cin7's own (invoices, bills, its COGS and stock journals) and the
/// extras of the world.
pub fn postings(w: &World) -> Vec<Posting> {
    let mut out = Vec::new();
    for s in &w.sales {
        if let (Some(d), SyncState::Completed) = (s.invoice_date, &s.sync) {
            let t = s.total();
            out.push(Posting {
                account: "610",
                date: d,
                source: "Receivable Invoice",
                reference: s.invoice.clone(),
                description: s.customer.clone(),
                amount: t,
            });
            out.push(Posting {
                account: "200",
                date: d,
                source: "Receivable Invoice",
                reference: s.invoice.clone(),
                description: s.customer.clone(),
                amount: -t,
            });
        }
        if let Some(d) = s.ship_date {
            let cost: Decimal = s.lines.iter().map(|l| l.qty * cost_of(w, &l.sku)).sum();
            let narration = format!("Cin7 COGS {}", s.number);
            out.push(Posting {
                account: "310",
                date: d,
                source: "Manual Journal",
                reference: s.number.clone(),
                description: narration.clone(),
                amount: cost,
            });
            out.push(Posting {
                account: "630",
                date: d,
                source: "Manual Journal",
                reference: s.number.clone(),
                description: narration,
                amount: -cost,
            });
        }
    }
    for p in &w.purchases {
        let t = p.total();
        match (p.invoice_date, p.received_date) {
            (Some(d), received) => {
                let account = if received.is_some() { "630" } else { "650" };
                out.push(Posting {
                    account,
                    date: d,
                    source: "Payable Invoice",
                    reference: p.number.clone(),
                    description: SUPPLIERS[p.supplier].into(),
                    amount: t,
                });
                out.push(Posting {
                    account: "800",
                    date: d,
                    source: "Payable Invoice",
                    reference: p.number.clone(),
                    description: SUPPLIERS[p.supplier].into(),
                    amount: -t,
                });
            }
            (None, Some(d)) => {
                // Stock received before its invoice: Cin7's accrual journal at order cost.
                let narration = format!("Cin7 inventory accrual {}", p.number);
                out.push(Posting {
                    account: "630",
                    date: d,
                    source: "Manual Journal",
                    reference: p.number.clone(),
                    description: narration.clone(),
                    amount: t,
                });
                out.push(Posting {
                    account: "640",
                    date: d,
                    source: "Manual Journal",
                    reference: p.number.clone(),
                    description: narration,
                    amount: -t,
                });
            }
            (None, None) => {}
        }
    }
    for a in &w.adjustments {
        let value = a.qty * cost_of(w, &a.sku);
        let narration = format!("Cin7 stocktake {}", a.number);
        out.push(Posting {
            account: "630",
            date: a.date,
            source: "Manual Journal",
            reference: a.number.clone(),
            description: narration.clone(),
            amount: value,
        });
        out.push(Posting {
            account: a.account,
            date: a.date,
            source: "Manual Journal",
            reference: a.number.clone(),
            description: narration,
            amount: -value,
        });
    }
    for e in &w.gl_extra {
        out.push(Posting {
            account: e.account,
            date: e.date,
            source: e.source,
            reference: e.reference.clone(),
            description: e.description.clone(),
            amount: e.amount,
        });
    }
    out.retain(|p| p.date <= w.as_of);
    out.sort_by(|a, b| (a.account, a.date, &a.reference).cmp(&(b.account, b.date, &b.reference)));
    out
}

/// Per SKU: on hand, allocated, available, on order, in transit, value.
pub struct StockRow {
    pub sku: String,
    pub on_hand: Decimal,
    pub allocated: Decimal,
    pub available: Decimal,
    pub on_order: Decimal,
    pub in_transit: Decimal,
    pub value: Decimal,
}

pub fn availability(w: &World, moves: &[Movement]) -> Vec<StockRow> {
    let mut rows = Vec::new();
    for p in &w.products {
        let mine = moves.iter().filter(|m| m.sku == p.sku && m.date <= w.as_of);
        let (mut on_hand, mut value) = (Decimal::ZERO, Decimal::ZERO);
        for m in mine {
            on_hand += m.qty;
            value += m.amount;
        }
        let allocated: Decimal =
            w.sales.iter().filter(|s| s.ship_date.is_none()).flat_map(|s| s.lines.iter()).filter(|l| l.sku == p.sku).map(|l| l.qty).sum();
        let on_order: Decimal = w
            .purchases
            .iter()
            .filter(|o| o.received_date.is_none())
            .flat_map(|o| o.lines.iter())
            .filter(|l| l.sku == p.sku)
            .map(|l| l.qty)
            .sum();
        let in_transit: Decimal = w.transfers.iter().filter(|t| t.sku == p.sku).map(|t| t.qty).sum();
        let mut row = StockRow { sku: p.sku.clone(), on_hand, allocated, available: on_hand - allocated, on_order, in_transit, value };
        for t in w.tweaks.iter().filter(|t| t.sku == p.sku) {
            row.on_hand += t.on_hand;
            row.allocated += t.allocated;
            row.available += t.available + t.on_hand - t.allocated;
            row.on_order += t.on_order;
            if let Some(f) = t.value_factor {
                row.value *= f;
            }
        }
        if on_hand.is_zero() && row.allocated.is_zero() && row.on_order.is_zero() && row.in_transit.is_zero() {
            continue;
        }
        rows.push(row);
    }
    rows
}

fn sale_statuses(s: &Sale) -> [&'static str; 6] {
    // Status, invoice, shipping, fulfilment, payment, order status
    match (s.invoice_date.is_some(), s.ship_date.is_some(), s.status_override) {
        (_, _, Some(st)) => [st, "NOT INVOICED", "NOT SHIPPED", "NOT FULFILLED", "UNPAID", "AUTHORISED"],
        (true, true, _) => ["COMPLETED", "PAID", "SHIPPED", "FULFILLED", "PAID", "AUTHORISED"],
        (true, false, _) => ["INVOICED", "INVOICED", "NOT SHIPPED", "NOT FULFILLED", "UNPAID", "AUTHORISED"],
        (false, true, _) => ["INVOICING", "NOT INVOICED", "SHIPPED", "FULFILLED", "UNPAID", "AUTHORISED"],
        (false, false, _) => ["ORDERED", "NOT INVOICED", "NOT SHIPPED", "NOT FULFILLED", "UNPAID", "AUTHORISED"],
    }
}

fn sale_list(w: &World, sales: &[&Sale]) -> Vec<u8> {
    let mut c = Csv::new(&[
        "SaleID",
        "OrderNumber",
        "Status",
        "OrderDate",
        "InvoiceDate",
        "Customer",
        "InvoiceNumber",
        "CustomerReference",
        "InvoiceAmount",
        "PaidAmount",
        "BaseCurrency",
        "CustomerCurrency",
        "Updated",
        "OrderStatus",
        "CombinedPickingStatus",
        "CombinedPackingStatus",
        "CombinedShippingStatus",
        "FulFilmentStatus",
        "CombinedInvoiceStatus",
        "CombinedPaymentStatus",
        "Type",
        "SourceChannel",
        "ExternalID",
    ]);
    for s in sales {
        let st = sale_statuses(s);
        let invoiced = s.invoice_date.is_some();
        let updated = [Some(s.order_date), s.invoice_date, s.ship_date].into_iter().flatten().max().unwrap_or(s.order_date);
        let shipped = s.ship_date.is_some();
        c.row([
            format!("{:08x}-demo", s.number.len() * 7919 + s.number.bytes().map(usize::from).sum::<usize>()),
            s.number.clone(),
            st[0].into(),
            s.order_date.to_string(),
            s.invoice_date.map(|d| d.to_string()).unwrap_or_default(),
            s.customer.clone(),
            if invoiced { s.invoice.clone() } else { String::new() },
            s.channel_order.clone().unwrap_or_default(),
            if invoiced { m2(s.total()) } else { "0.00".into() },
            if st[4] == "PAID" { m2(s.total()) } else { "0.00".into() },
            "USD".into(),
            s.store.unwrap_or("USD").into(),
            format!("{updated}T17:00:00Z"),
            st[5].into(),
            if shipped { "PICKED" } else { "NOT PICKED" }.into(),
            if shipped { "PACKED" } else { "NOT PACKED" }.into(),
            st[2].into(),
            st[3].into(),
            st[1].into(),
            st[4].into(),
            "Simple Sale".into(),
            if s.channel_order.is_some() { "Shopify" } else { "" }.into(),
            s.channel_order
                .as_ref()
                .map(|c| format!("{}{}", if s.store.is_some() { "66" } else { "55" }, c.trim_start_matches('#')))
                .unwrap_or_default(),
        ]);
    }
    let _ = w;
    c.finish()
}

pub fn render(w: &World) -> Vec<File> {
    let moves = movements(w);
    let posts = postings(w);
    let stock = availability(w, &moves);
    let mut files = Vec::new();

    let all: Vec<&Sale> = w.sales.iter().collect();
    files.push(File { name: "SaleList.csv".into(), bytes: sale_list(w, &all) });
    if w.overlapping_sale_file {
        let tail: Vec<&Sale> = w.sales.iter().filter(|s| s.order_date > w.as_of.add_days(-20)).collect();
        files.push(File { name: "SaleList_recent.csv".into(), bytes: sale_list(w, &tail) });
    }

    let mut c = Csv::new(&[
        "OrderNumber",
        "InvoiceNumber",
        "InvoiceDate",
        "SKU",
        "ProductName",
        "Quantity",
        "ShippedQuantity",
        "Price",
        "Discount",
        "Tax",
        "Total",
        "AverageCost",
        "Account",
    ]);
    for s in &w.sales {
        for l in &s.lines {
            c.row([
                s.number.clone(),
                if s.invoice_date.is_some() { s.invoice.clone() } else { String::new() },
                s.invoice_date.map(|d| d.to_string()).unwrap_or_default(),
                l.sku.clone(),
                name_of(w, &l.sku).to_string(),
                q(l.qty),
                q(if s.ship_date.is_some() { l.qty } else { Decimal::ZERO }),
                m2(l.price),
                "0".into(),
                "0".into(),
                m2(l.qty * l.price),
                format!("{:.4}", cost_of(w, &l.sku)),
                "200: Sales".into(),
            ]);
        }
    }
    files.push(File { name: "SaleOrderLines.csv".into(), bytes: c.finish() });

    files.push(File { name: "PurchaseList.xlsx".into(), bytes: purchase_workbook(w) });

    let mut c = Csv::new(&[
        "OrderNumber",
        "Supplier",
        "SKU",
        "ProductName",
        "Quantity",
        "ReceivedQuantity",
        "InvoicedQuantity",
        "UnitCost",
        "Total",
        "ReceivedDate",
        "InvoiceDate",
    ]);
    for p in &w.purchases {
        for l in &p.lines {
            let received = if p.received_date.is_some() { l.qty } else { Decimal::ZERO };
            let invoiced = if p.invoice_date.is_some() { l.qty } else { Decimal::ZERO };
            c.row([
                p.number.clone(),
                SUPPLIERS[p.supplier].to_string(),
                l.sku.clone(),
                name_of(w, &l.sku).to_string(),
                q(l.qty),
                q(received),
                q(invoiced),
                l.unit_cost.map(|u| format!("{u:.4}")).unwrap_or_default(),
                l.unit_cost.map(|u| m2(u * l.qty)).unwrap_or_default(),
                p.received_date.map(|d| d.to_string()).unwrap_or_default(),
                p.invoice_date.map(|d| d.to_string()).unwrap_or_default(),
            ]);
        }
    }
    files.push(File { name: "PurchaseOrderLines.csv".into(), bytes: c.finish() });

    let mut c =
        Csv::new(&["SKU", "Name", "Location", "Bin", "Batch", "OnHand", "Allocated", "Available", "OnOrder", "StockOnHand", "InTransit"]);
    for s in &stock {
        c.row([
            s.sku.clone(),
            name_of(w, &s.sku).to_string(),
            LOCATION.into(),
            String::new(),
            String::new(),
            format!("{:.4}", s.on_hand),
            format!("{:.4}", s.allocated),
            format!("{:.4}", s.available),
            format!("{:.4}", s.on_order),
            m2(s.value),
            format!("{:.4}", s.in_transit),
        ]);
    }
    files.push(File { name: "ProductAvailability.csv".into(), bytes: c.finish() });

    files.push(File { name: format!("InventoryList_{}.csv", w.as_of), bytes: inventory_list(w) });

    let mut c =
        Csv::new(&["SKU", "ProductName", "Type", "Date", "Number", "Status", "Quantity", "Amount", "Location", "BatchSN", "FromTo"]);
    for m in &moves {
        c.row([
            m.sku.clone(),
            name_of(w, &m.sku).to_string(),
            m.kind.to_string(),
            m.date.to_string(),
            m.number.clone(),
            "COMPLETED".into(),
            format!("{:.4}", m.qty),
            m2(m.amount),
            LOCATION.into(),
            String::new(),
            m.from_to.clone(),
        ]);
    }
    let mut bytes = c.finish();
    if w.broken_movement_row {
        // A row cut short, as a hand-edited export can have.
        bytes.extend_from_slice(format!("{},Broken row,Sale,{},SO-99999\r\n", w.products[0].sku, w.as_of).as_bytes());
    }
    files.push(File { name: "InventoryMovementDetails.csv".into(), bytes });

    let mut c = Csv::new(&[
        "StocktakeNumber",
        "EffectiveDate",
        "Status",
        "Account",
        "Reference",
        "SKU",
        "ProductName",
        "Location",
        "Quantity",
        "UnitCost",
    ]);
    for a in &w.adjustments {
        c.row([
            a.number.clone(),
            a.date.to_string(),
            "COMPLETED".into(),
            format!("{}: {}", a.account, account_name(a.account)),
            "Stocktake".into(),
            a.sku.clone(),
            name_of(w, &a.sku).to_string(),
            LOCATION.into(),
            q(a.qty),
            format!("{:.4}", cost_of(w, &a.sku)),
        ]);
    }
    files.push(File { name: "StockAdjustments.csv".into(), bytes: c.finish() });

    files.push(File { name: "XeroSynchronizationReport.csv".into(), bytes: sync_report(w) });
    files.push(File { name: "Xero Trial Balance.csv".into(), bytes: trial_balance(w, &posts) });
    files.push(File { name: "Xero General Ledger Detail.csv".into(), bytes: general_ledger(w, &posts) });

    let balances = balances(&posts);
    let mut c =
        Csv::new(&["*Code", "*Name", "*Type", "*Tax Code", "Description", "Dashboard", "Expense Claims", "Enable Payments", "Balance"]);
    for (code, name, kind) in ACCOUNTS {
        c.row([code, name, kind, "Tax Exempt", "", "No", "No", "No", &m2(balances.get(code).copied().unwrap_or_default())]);
    }
    files.push(File { name: "ChartOfAccounts.csv".into(), bytes: c.finish() });

    let mut c = Csv::new(&[
        "*ItemCode",
        "ItemName",
        "Quantity",
        "PurchasesDescription",
        "PurchasesUnitPrice",
        "PurchasesAccount",
        "PurchasesTaxRate",
        "SalesDescription",
        "SalesUnitPrice",
        "SalesAccount",
        "SalesTaxRate",
        "InventoryAssetAccount",
        "CostOfGoodsSoldAccount",
    ]);
    for p in &w.products {
        c.row([
            p.sku.clone(),
            p.name.chars().take(50).collect(),
            String::new(),
            p.name.clone(),
            m2(p.cost),
            "310".into(),
            "Tax Exempt".into(),
            p.name.clone(),
            m2(p.price),
            "200".into(),
            "Tax on Sales".into(),
            String::new(),
            String::new(),
        ]);
    }
    for (code, name, tracked) in &w.items_extra {
        c.row([
            code.clone(),
            name.clone(),
            String::new(),
            name.clone(),
            String::new(),
            "310".into(),
            "Tax Exempt".into(),
            name.clone(),
            String::new(),
            "200".into(),
            "Tax on Sales".into(),
            if *tracked { "630".into() } else { String::new() },
            if *tracked { "310".into() } else { String::new() },
        ]);
    }
    files.push(File { name: "Items.csv".into(), bytes: c.finish() });

    files.push(File { name: "orders_export.csv".into(), bytes: shopify_orders(w, None) });
    if w.sales.iter().any(|s| s.store.is_some()) {
        files.push(File { name: "orders_export_1.csv".into(), bytes: shopify_orders(w, Some(crate::world::SECOND_STORE)) });
    }

    let mut c = Csv::new(&[
        "Handle",
        "Title",
        "Variant SKU",
        "Variant Inventory Tracker",
        "Variant Inventory Qty",
        "Variant Price",
        "Cost per item",
        "Status",
    ]);
    // What the store shows of each product: Cin7's available, give or take a fault's tweak.
    let shown = |p: &crate::world::Product| {
        let available = stock.iter().find(|s| s.sku == p.sku).map_or(Decimal::ZERO, |s| s.available);
        let tweak: Decimal = w.tweaks.iter().filter(|t| t.sku == p.sku).map(|t| t.channel).sum();
        (available + tweak).max(Decimal::ZERO)
    };
    // The store's listings: each product once, and the gift-boxed second listing of a fault.
    let mut listings: Vec<(String, String, &crate::world::Product)> =
        w.products.iter().map(|p| (p.sku.to_lowercase(), p.name.clone(), p)).collect();
    if let Some(p) = w.shared_sku.as_ref().and_then(|s| w.products.iter().find(|p| &p.sku == s)) {
        listings.push((format!("{}-gift-box", p.sku.to_lowercase()), format!("{} (gift box)", p.name), p));
    }
    for (i, (handle, title, p)) in listings.iter().enumerate() {
        // Saved from a spreadsheet once: some SKUs kept as text with Excel's apostrophe.
        let sku = if w.hidden_character_sku.as_ref() == Some(&p.sku) {
            p.sku.replacen('-', "\u{200b}-", 1)
        } else if i % 4 == 3 {
            format!("'{}", p.sku)
        } else {
            p.sku.clone()
        };
        c.row([handle.clone(), title.clone(), sku, "shopify".into(), q(shown(p)), m2(p.price), m2(p.cost), "active".into()]);
    }
    files.push(File { name: "products_export.csv".into(), bytes: c.finish() });

    // Products > Inventory > Export: each listing's stock at the one location, named as Cin7 names it.
    let mut c = Csv::new(&[
        "Handle",
        "Title",
        "Option1 Name",
        "Option1 Value",
        "Option2 Name",
        "Option2 Value",
        "Option3 Name",
        "Option3 Value",
        "SKU",
        "HS Code",
        "COO",
        "Location",
        "Bin name",
        "Incoming (not editable)",
        "Unavailable (not editable)",
        "Committed (not editable)",
        "Available (not editable)",
        "On hand (current)",
        "On hand (new)",
    ]);
    for (handle, title, p) in &listings {
        let available = shown(p);
        let committed = stock.iter().find(|s| s.sku == p.sku).map_or(Decimal::ZERO, |s| s.allocated.max(Decimal::ZERO));
        let on_hand = q(available + committed);
        c.row([
            handle.clone(),
            title.clone(),
            "Title".into(),
            "Default Title".into(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            p.sku.clone(),
            String::new(),
            String::new(),
            LOCATION.into(),
            String::new(),
            "0".into(),
            "0".into(),
            q(committed),
            q(available),
            on_hand.clone(),
            on_hand,
        ]);
    }
    files.push(File { name: "inventory_export_1.csv".into(), bytes: c.finish() });
    files
}

fn inventory_list(w: &World) -> Vec<u8> {
    const COLUMNS: &str = "ProductCode,Name,Category,Brand,Type,FixedAssetType,CostingMethod,Length,Width,Height,Weight,CartonLength,CartonWidth,CartonHeight,CartonInnerQuantity,CartonQuantity,CartonVolume,WeightUnits,DimensionUnits,Barcode,MinimumBeforeReorder,ReorderQuantity,DefaultLocation,LastSuppliedBy,SupplierProductCode,SupplierProductName,SupplierFixedPrice,PriceTier1,PriceTier2,PriceTier3,PriceTier4,PriceTier5,PriceTier6,PriceTier7,PriceTier8,PriceTier9,PriceTier10,AssemblyBOM,AutoAssemble,AutoDisassemble,DropShip,DropShipSupplier,AverageCost,DefaultUnitOfMeasure,InventoryAccount,RevenueAccount,ExpenseAccount,COGSAccount,ProductAttributeSet,AdditionalAttribute1,AdditionalAttribute2,AdditionalAttribute3,AdditionalAttribute4,AdditionalAttribute5,AdditionalAttribute6,AdditionalAttribute7,AdditionalAttribute8,AdditionalAttribute9,AdditionalAttribute10,DiscountName,ProductFamilySKU,ProductFamilyName,ProductFamilyOption1Name,ProductFamilyOption1Value,ProductFamilyOption2Name,ProductFamilyOption2Value,ProductFamilyOption3Name,ProductFamilyOption3Value,CommaDelimitedTags,StockLocator,PurchaseTaxRule,SaleTaxRule,Status,Description,ShortDescription,Sellable,PickZones,AlwaysShowQuantity,WarrantySetupName,InternalNote,ProductionBOM,MakeToOrderBom,QuantityToProduce,IsAccountingDimensionEnabled,DimensionAttribute1,DimensionAttribute2,DimensionAttribute3,DimensionAttribute4,DimensionAttribute5,DimensionAttribute6,DimensionAttribute7,DimensionAttribute8,DimensionAttribute9,DimensionAttribute10,HSCode,CountryOfOrigin";
    let header: Vec<&str> = COLUMNS.split(',').collect();
    let at = |name: &str| header.iter().position(|h| *h == name).unwrap_or(0);
    let mut c = Csv::new(&header);
    for p in &w.products {
        let mut row = vec![String::new(); header.len()];
        row[at("ProductCode")] = p.sku.clone();
        row[at("Name")] = p.name.clone();
        row[at("Category")] = p.category.clone();
        row[at("Brand")] = "Harbour".into();
        row[at("Type")] = "Stock".into();
        row[at("CostingMethod")] = "FIFO".into();
        row[at("DefaultLocation")] = LOCATION.into();
        row[at("LastSuppliedBy")] = SUPPLIERS[p.supplier].into();
        row[at("PriceTier1")] = format!("{:.4}", p.price);
        row[at("AverageCost")] = format!("{:.4}", p.listed_cost);
        row[at("DefaultUnitOfMeasure")] = "Item".into();
        row[at("COGSAccount")] = p.cogs_account.clone().unwrap_or_default();
        row[at("Status")] = p.status.into();
        row[at("Sellable")] = "Yes".into();
        row[at("AutoAssemble")] = "False".into();
        c.row(row);
    }
    c.finish()
}

fn sync_report(w: &World) -> Vec<u8> {
    struct Entry {
        number: String,
        target: String,
        date: Date,
        seconds: u32,
        status: &'static str,
        error: String,
    }
    let mut entries: Vec<Entry> = Vec::new();
    let mut per_day: BTreeMap<Date, u32> = BTreeMap::new();
    let mut stamp = |d: Date| {
        let n = per_day.entry(d).or_insert(0);
        *n += 1;
        9 * 3600 + *n * 97
    };
    for s in &w.sales {
        let Some(d) = s.invoice_date else { continue };
        match &s.sync {
            SyncState::Completed => entries.push(Entry {
                number: s.invoice.clone(),
                target: s.invoice.clone(),
                date: d,
                seconds: stamp(d),
                status: "Completed",
                error: String::new(),
            }),
            SyncState::Skipped => entries.push(Entry {
                number: s.invoice.clone(),
                target: String::new(),
                date: d,
                seconds: stamp(d),
                status: "Skipped",
                error: "Please remove the incorrect symbols from the product name.".into(),
            }),
            SyncState::Pending => entries.push(Entry {
                number: s.invoice.clone(),
                target: String::new(),
                date: d,
                seconds: stamp(d),
                status: "Pending",
                error: String::new(),
            }),
            SyncState::Failed(error, times) => {
                for k in 0..*times {
                    let day = d.add_days(k as i32);
                    entries.push(Entry {
                        number: s.invoice.clone(),
                        target: String::new(),
                        date: day,
                        seconds: stamp(day),
                        status: "Failed",
                        error: error.clone(),
                    });
                }
            }
        }
    }
    for p in &w.purchases {
        if let Some(d) = p.invoice_date {
            entries.push(Entry {
                number: p.number.clone(),
                target: p.number.clone(),
                date: d,
                seconds: stamp(d),
                status: "Completed",
                error: String::new(),
            });
        }
    }
    for e in &w.sync_extra {
        entries.push(Entry {
            number: e.number.clone(),
            target: if e.status == "Completed" { e.number.clone() } else { String::new() },
            date: e.date,
            seconds: e.seconds,
            status: e.status,
            error: e.error.clone(),
        });
    }
    entries.sort_by(|a, b| (a.date, a.seconds, &a.number).cmp(&(b.date, b.seconds, &b.number)));
    let mut c = Csv::new(&[
        "Cin7 Core Number",
        "Xero Number",
        "Sync date",
        "Sync status",
        "Type",
        "Consolidated Invoice/Credit Note # in Xero",
        "Payment Account",
        "Document Link",
        "Error",
    ]);
    for e in entries {
        let t = e.seconds;
        c.row([
            e.number.clone(),
            e.target,
            format!("{} {:02}:{:02}:{:02}", dmy(e.date), t / 3600, t / 60 % 60, t % 60),
            e.status.into(),
            "Invoices".into(),
            String::new(),
            String::new(),
            String::new(),
            e.error,
        ]);
    }
    c.finish()
}

fn balances(posts: &[Posting]) -> BTreeMap<&'static str, Decimal> {
    let mut out = BTreeMap::new();
    for p in posts {
        *out.entry(p.account).or_insert(Decimal::ZERO) += p.amount;
    }
    out
}

fn trial_balance(w: &World, posts: &[Posting]) -> Vec<u8> {
    let (y, m, d) = w.as_of.ymd();
    const MONTHS: [&str; 12] =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
    let mut out = format!("Trial Balance\r\nHarbour Goods Ltd\r\nAs at {d} {} {y}\r\n\r\n", MONTHS[(m - 1) as usize]).into_bytes();
    let mut c = Csv::new(&["Account Code", "Account", "Account Type", "Debit - Year to date", "Credit - Year to date"]);
    for (code, balance) in balances(posts) {
        if balance.is_zero() {
            continue;
        }
        let (_, name, kind) = ACCOUNTS.iter().find(|a| a.0 == code).copied().unwrap_or((code, "", ""));
        let (dr, cr) = if balance > Decimal::ZERO { (m2(balance), String::new()) } else { (String::new(), m2(-balance)) };
        c.row([code.to_string(), name.into(), kind.into(), dr, cr]);
    }
    out.extend(c.finish());
    out
}

fn general_ledger(w: &World, posts: &[Posting]) -> Vec<u8> {
    let mut out = format!("General Ledger Detail\r\nHarbour Goods Ltd\r\n{} to {}\r\n\r\n", w.as_of.add_days(-364), w.as_of).into_bytes();
    let mut c = Csv::new(&["Account Code", "Account Name", "Date", "Source", "Reference", "Description", "Net"]);
    for p in posts {
        c.row([
            p.account.to_string(),
            account_name(p.account).into(),
            p.date.to_string(),
            p.source.into(),
            p.reference.clone(),
            p.description.clone(),
            m2(p.amount),
        ]);
    }
    out.extend(c.finish());
    out
}

/// One store's orders export: the main store's (`None`) or the second store's.
fn shopify_orders(w: &World, store: Option<&'static str>) -> Vec<u8> {
    let mut c = Csv::new(&[
        "Name",
        "Email",
        "Financial Status",
        "Paid at",
        "Fulfillment Status",
        "Fulfilled at",
        "Currency",
        "Subtotal",
        "Total",
        "Created at",
        "Lineitem quantity",
        "Lineitem name",
        "Lineitem price",
        "Lineitem sku",
        "Lineitem fulfillment status",
        "Cancelled at",
    ]);
    let mut orders: Vec<(String, Date, bool, Vec<crate::world::Line>)> = w
        .sales
        .iter()
        .filter(|s| s.store == store)
        .filter_map(|s| s.channel_order.as_ref().map(|c| (c.clone(), s.order_date, s.ship_date.is_some(), s.lines.clone())))
        .collect();
    orders.extend(w.shopify_extra.iter().filter(|o| o.store == store).map(|o| (o.name.clone(), o.created, o.fulfilled, o.lines.clone())));
    let currency = store.unwrap_or("USD");
    orders.sort_by(|a, b| (a.1, &a.0).cmp(&(b.1, &b.0)));
    for (name, created, fulfilled, lines) in orders {
        if w.shopify_cutoff.is_some_and(|cut| created > cut) {
            continue;
        }
        let total: Decimal = lines.iter().map(|l| l.qty * l.price).sum();
        let email = format!("customer{}@example.invalid", name.trim_start_matches('#'));
        for (i, l) in lines.iter().enumerate() {
            let stamp = format!("{created} 10:00:00 -0500");
            let first = i == 0;
            let f = if fulfilled { "fulfilled" } else { "unfulfilled" };
            c.row([
                name.clone(),
                if first { email.clone() } else { String::new() },
                if first { "paid".into() } else { String::new() },
                if first { stamp.clone() } else { String::new() },
                if first { f.into() } else { String::new() },
                if first && fulfilled { stamp.clone() } else { String::new() },
                if first { currency.into() } else { String::new() },
                if first { m2(total) } else { String::new() },
                if first { m2(total) } else { String::new() },
                if first { stamp.clone() } else { String::new() },
                q(l.qty),
                l.sku.clone(),
                m2(l.price),
                l.sku.clone(),
                if fulfilled { "fulfilled" } else { "pending" }.into(),
                String::new(),
            ]);
        }
    }
    c.finish()
}

fn purchase_workbook(w: &World) -> Vec<u8> {
    use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};
    let mut book = Workbook::new();
    if let Ok(created) = ExcelDateTime::from_ymd(2026, 1, 1) {
        book.set_properties(&DocProperties::new().set_creation_datetime(&created).set_author("Cin7 Health Check demo"));
    }
    let date_format = Format::new().set_num_format("dd/mm/yyyy");
    let sheet = book.add_worksheet();
    let _ = sheet.set_name("Purchase List");
    let _ = sheet.write_string(0, 0, "Purchase List");
    let _ = sheet.write_string(1, 0, "Harbour Goods Ltd");
    let header = [
        "OrderNumber",
        "Status",
        "OrderDate",
        "InvoiceDate",
        "Supplier",
        "InvoiceNumber",
        "InvoiceAmount",
        "RequiredBy",
        "BaseCurrency",
        "SupplierCurrency",
        "LastUpdatedDate",
        "CombinedReceivingStatus",
        "CombinedInvoiceStatus",
        "CombinedPaymentStatus",
        "Type",
    ];
    for (c, h) in header.iter().enumerate() {
        let _ = sheet.write_string(3, c as u16, *h);
    }
    let serial = |d: Date| f64::from(d.days() + 25_569);
    for (i, p) in w.purchases.iter().enumerate() {
        let r = 4 + i as u32;
        let (status, receiving, invoice, payment) = match (p.received_date.is_some(), p.invoice_date.is_some()) {
            (true, true) => ("COMPLETED", "FULLY RECEIVED", "INVOICED", "PAID"),
            (true, false) => ("RECEIVED", "FULLY RECEIVED", "NOT INVOICED", "UNPAID"),
            (false, true) => ("INVOICED", "NOT RECEIVED", "INVOICED", "UNPAID"),
            (false, false) => ("ORDERED", "NOT RECEIVED", "NOT INVOICED", "UNPAID"),
        };
        let updated = [Some(p.order_date), p.received_date, p.invoice_date].into_iter().flatten().max().unwrap_or(p.order_date);
        let _ = sheet.write_string(r, 0, &p.number);
        let _ = sheet.write_string(r, 1, status);
        let _ = sheet.write_number_with_format(r, 2, serial(p.order_date), &date_format);
        if let Some(d) = p.invoice_date {
            let _ = sheet.write_number_with_format(r, 3, serial(d), &date_format);
            let _ = sheet.write_string(r, 5, format!("{}-INV", p.number));
            let _ = sheet.write_number(r, 6, p.total().to_string().parse::<f64>().unwrap_or(0.0));
        }
        let _ = sheet.write_string(r, 4, SUPPLIERS[p.supplier]);
        let _ = sheet.write_number_with_format(r, 7, serial(p.required_by), &date_format);
        let _ = sheet.write_string(r, 8, "USD");
        let _ = sheet.write_string(r, 9, "USD");
        let _ = sheet.write_number_with_format(r, 10, serial(updated), &date_format);
        let _ = sheet.write_string(r, 11, receiving);
        let _ = sheet.write_string(r, 12, invoice);
        let _ = sheet.write_string(r, 13, payment);
        let _ = sheet.write_string(r, 14, "Simple Purchase");
    }
    book.save_to_buffer().unwrap_or_default()
}
