//! A small made-up business analysed once when the worker starts, before any real file.
//!
//! Why: the browser first runs a WebAssembly function as quickly compiled, plain code and
//! compiles an optimised version once the function has done enough work, but a call that is
//! already running keeps the plain code to its end. Each check runs once per analysis, over
//! every record, so without this the first analysis a visitor runs does all its checking in
//! plain code (about a third slower on the million-movement bundle). Analysing a few
//! thousand rows first, while the visitor is still choosing files, gets the checks
//! optimised before they are needed. Nothing of it is kept.

use std::fmt::Write;

use healthcheck_core::date::Date;
use healthcheck_core::import::{self, Imported};
use healthcheck_core::settings::Settings;
use healthcheck_core::InputFile;

/// SKUs, documents and months the made-up exports cycle through.
const SKUS: usize = 40;
const SALES: usize = 800;
const PURCHASES: usize = 120;

/// The made-up exports: (file name, CSV text).
fn exports() -> Vec<(&'static str, String)> {
    let sku = |i: usize| format!("SKU-{:04}", i % SKUS);
    let date = |i: usize| format!("2025-{:02}-{:02}", 4 + (i / 100) % 9, 1 + i % 28);
    let mut products = String::from("ProductCode,Name,Type,CostingMethod,AverageCost,Status,InventoryAccount,COGSAccount\n");
    let mut stock = String::from("SKU,Name,Location,OnHand,Allocated,Available,OnOrder,StockOnHand,InTransit\n");
    for i in 0..SKUS {
        let cost = 10 + i;
        let _ = writeln!(products, "{},Part {i},Stock,FIFO,{cost}.25,Active,630: Inventory Control,310: Cost of Goods Sold", sku(i));
        let on_hand = (i * 7) % 50;
        let _ = writeln!(stock, "{},Part {i},Main,{on_hand},{},{},{},{}.00,0", sku(i), i % 3, on_hand - i % 3, i % 5, on_hand * cost);
    }
    let mut movements = String::from("SKU,ProductName,Type,Date,Number,Status,Quantity,Amount,Location\n");
    let mut sales = String::from(
        "OrderNumber,Status,OrderDate,InvoiceDate,InvoiceNumber,CustomerReference,InvoiceAmount,BaseCurrency,OrderStatus,CombinedShippingStatus,FulFilmentStatus,CombinedInvoiceStatus,Type\n",
    );
    let mut lines = String::from("OrderNumber,InvoiceNumber,InvoiceDate,SKU,Quantity,ShippedQuantity,Total,AverageCost\n");
    let mut ledger =
        String::from("General Ledger Detail\nMade-up Ltd\n\nAccount Code,Account Name,Date,Source,Reference,Description,Net\n");
    let mut sync = String::from("Cin7 Core Number,Xero Number,Sync date,Sync status,Type,Error\n");
    let mut orders = String::from("Name,Financial Status,Fulfillment Status,Currency,Total,Created at,Lineitem quantity,Lineitem sku\n");
    for i in 0..SALES {
        let (shipped, status) = if i % 9 == 0 { ("NOT SHIPPED", "INVOICED") } else { ("SHIPPED", "COMPLETED") };
        let amount = 50 + i % 200;
        let _ = writeln!(
            sales,
            "SO-{i:05},{status},{d},{d},INV-{i:05},{reference},{amount}.00,USD,AUTHORISED,{shipped},FULFILLED,PAID,Simple Sale",
            d = date(i),
            reference = if i % 2 == 0 { format!("#{}", 1000 + i) } else { String::new() },
        );
        for k in 0..2 {
            let _ = writeln!(
                lines,
                "SO-{i:05},INV-{i:05},{},{},{},{},{}.00,{}.25",
                date(i),
                sku(i + k),
                1 + k,
                1 + k,
                amount / 2,
                10 + (i + k) % SKUS
            );
            let _ = writeln!(movements, "{},Part,Sale,{},SO-{i:05},COMPLETED,-{},-{}.50,Main", sku(i + k), date(i), 1 + k, 11 + k);
        }
        let _ = writeln!(ledger, "200,Sales,{},Receivable Invoice,INV-{i:05},Customer {},-{amount}.00", date(i), i % 30);
        let _ = writeln!(ledger, "310,Cost of Goods Sold,{},Manual Journal,,Cin7 COGS SO-{i:05},{}.00", date(i), amount / 3);
        let _ = writeln!(ledger, "630,Inventory Control,{},Manual Journal,,Cin7 COGS SO-{i:05},-{}.00", date(i), amount / 3);
        let sync_status = if i % 13 == 0 { "Failed,Invoices,Account is archived" } else { "Completed,Invoices," };
        let _ = writeln!(sync, "INV-{i:05},INV-{i:05},{:02}/{:02}/2025 09:00:00,{sync_status}", 1 + i % 28, 4 + (i / 100) % 9);
        if i % 2 == 0 {
            let _ = writeln!(orders, "#{},paid,fulfilled,USD,{amount}.00,{} 10:00:00 -0500,1,{}", 1000 + i, date(i), sku(i));
        }
    }
    let mut purchases = String::from(
        "OrderNumber,Status,OrderDate,InvoiceDate,Supplier,InvoiceNumber,InvoiceAmount,BaseCurrency,OrderStatus,CombinedReceivingStatus,CombinedInvoiceStatus\n",
    );
    let mut purchase_lines =
        String::from("OrderNumber,Supplier,SKU,Quantity,ReceivedQuantity,InvoicedQuantity,UnitCost,Total,ReceivedDate,InvoiceDate\n");
    for i in 0..PURCHASES {
        let received = if i % 7 == 0 { 0 } else { 20 };
        let (status, receiving) = if received == 0 { ("ORDERED", "NOT RECEIVED") } else { ("COMPLETED", "FULLY RECEIVED") };
        let _ = writeln!(
            purchases,
            "PO-{i:05},{status},{d},{d},Supplier {},BILL-{i:05},{}.00,USD,AUTHORISED,{receiving},INVOICED",
            i % 5,
            20 * (10 + i % SKUS),
            d = date(i * 6)
        );
        let _ = writeln!(
            purchase_lines,
            "PO-{i:05},Supplier {},{},20,{received},20,{}.25,{}.00,{},{}",
            i % 5,
            sku(i),
            10 + i % SKUS,
            20 * (10 + i % SKUS),
            date(i * 6),
            date(i * 6)
        );
        let _ = writeln!(movements, "{},Part,Purchase,{},PO-{i:05},COMPLETED,20,{}.00,Main", sku(i), date(i * 6), 20 * (10 + i % SKUS));
        let _ = writeln!(
            ledger,
            "630,Inventory Control,{},Payable Invoice,PO-{i:05},Supplier {},{}.00",
            date(i * 6),
            i % 5,
            20 * (10 + i % SKUS)
        );
    }
    let mut accounts = String::from("*Code,*Name,*Type,*Tax Code,Description,Balance\n");
    for (code, name, kind) in
        [("200", "Sales", "Revenue"), ("310", "Cost of Goods Sold", "Direct Costs"), ("630", "Inventory Control", "Current Asset")]
    {
        let _ = writeln!(accounts, "{code},{name},{kind},Tax Exempt,,0.00");
    }
    vec![
        ("ChartOfAccounts.csv", accounts),
        ("InventoryList.csv", products),
        ("InventoryMovementDetails.csv", movements),
        ("ProductAvailability.csv", stock),
        ("PurchaseList.csv", purchases),
        ("PurchaseOrderLines.csv", purchase_lines),
        ("SaleList.csv", sales),
        ("SaleOrderLines.csv", lines),
        ("Xero General Ledger Detail.csv", ledger),
        ("XeroSynchronizationReport.csv", sync),
        ("orders_export.csv", orders),
    ]
}

/// The made-up exports read through the same passes the worker takes for real files.
fn imported() -> Imported {
    let files = exports();
    let inputs: Vec<InputFile> = files.iter().map(|(name, text)| InputFile { name, bytes: text.as_bytes() }).collect();
    import::import_in_chunks(&inputs, &Default::default(), usize::MAX, &mut |_| {})
}

/// Analyse the made-up exports; returns the number of findings.
pub fn run() -> usize {
    let settings = Settings { lock_date: Date::from_ymd(2025, 10, 31), ..Settings::default() };
    let mut data = imported();
    let mut found = 0;
    for _ in 0..CHECK_RUNS {
        let (report, back) = healthcheck_core::analyze_imported_keeping(data, &settings, &mut |_| {});
        (data, found) = (back, report.findings.len());
    }
    found
}

/// How many times the checks run over the made-up records. The browser optimises a function
/// once it has done a certain amount of work, and one pass over a few thousand rows is not
/// enough for many checks: on the million-movement bundle the first real analysis's checks
/// took 454-500 ms after one pass, 425-438 ms after four and 394-414 ms after eight (the
/// warm-up then takes 0.13-0.18 s instead of 0.09-0.13 s).
const CHECK_RUNS: usize = 8;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_made_up_export_is_read_whole_and_checked() {
        let imported = imported();
        assert!(imported.rejected.is_empty(), "{:?}", imported.rejected.iter().take(3).map(|r| &r.reason).collect::<Vec<_>>());
        for input in &imported.inputs {
            assert!(input.kind.is_some(), "{} was recognised", input.file);
        }
        let data = &imported.dataset;
        assert_eq!((data.sales.len(), data.sale_lines.len(), data.sync_log.len()), (SALES, 2 * SALES, SALES));
        assert_eq!(data.movements.len(), 2 * SALES + PURCHASES);
        assert_eq!((data.purchases.len(), data.purchase_lines.len()), (PURCHASES, PURCHASES));
        assert_eq!(data.ledger.len(), 3 * SALES + PURCHASES);
        assert!(run() > 0, "the made-up business has something to find");
    }
}
