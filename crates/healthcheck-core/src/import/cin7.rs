//! Cin7 Core rows to typed records.

use super::loader::{LaterState, Loader, Outcome};
use super::row_view::RowView;
use crate::dataset::{Adjustment, Movement, Product, Purchase, PurchaseLine, Sale, SaleLine, StockLine, SyncEntry};
use crate::inputs::Accounting;
use crate::inputs::RowError;
use crate::kinds::Kind;

pub fn sale(row: &RowView, ld: &mut Loader) -> Result<Outcome, RowError> {
    let s = Sale {
        origin: row.origin(),
        order_number: row.required_id("order_number")?,
        status: row.status("status"),
        order_date: row.date("order_date")?,
        invoice_date: row.date("invoice_date")?,
        invoice_number: row.id("invoice_number"),
        customer_reference: row.id("customer_reference"),
        customer: row.text("customer"),
        invoice_amount: row.small_decimal("invoice_amount")?,
        currency: row.status("currency"),
        base_currency: row.status("base_currency"),
        updated: row.date("updated")?,
        order_status: row.status("order_status"),
        shipping_status: row.status("shipping_status"),
        fulfilment_status: row.status("fulfilment_status"),
        invoice_status: row.status("invoice_status"),
        sale_type: row.status("sale_type"),
        external_id: row.id("external_id"),
    };
    if ld.seen_before(Kind::Cin7Sales, &s.order_number, s.origin) {
        ld.later_states.push(LaterState::Sale(Box::new(s)));
        return Ok(Outcome::Duplicate);
    }
    let dates = [s.order_date, s.invoice_date];
    ld.data.sales.push(s);
    Ok(Outcome::Loaded(dates))
}

pub fn sale_line(row: &RowView, ld: &mut Loader) -> Result<Outcome, RowError> {
    let order_number = row.required_id("order_number")?;
    let invoice_number = row.id("invoice_number");
    let sku = row.required_id("sku")?;
    let quantity = row.required_small_decimal("quantity")?;
    let shipped = row.small_decimal("shipped")?;
    // The price tells two lines apart but no check reads it: it is not kept.
    let price = row.decimal("price")?;
    let l = SaleLine {
        origin: row.origin(),
        order_number,
        invoice_number,
        sku,
        quantity,
        shipped,
        total: row.small_decimal("total")?,
        average_cost: row.small_decimal("average_cost")?,
        date: row.date("date")?,
    };
    let key = (&l.order_number, &l.sku, l.quantity.get(), price, l.total.get(), &l.invoice_number);
    if ld.seen_before(Kind::Cin7SaleLines, &key, l.origin) {
        return Ok(Outcome::Duplicate);
    }
    let dates = [l.date, None];
    ld.data.sale_lines.push(l);
    Ok(Outcome::Loaded(dates))
}

pub fn purchase(row: &RowView, ld: &mut Loader) -> Result<Outcome, RowError> {
    let p = Purchase {
        origin: row.origin(),
        order_number: row.required_id("order_number")?,
        status: row.status("status"),
        order_date: row.date("order_date")?,
        invoice_date: row.date("invoice_date")?,
        required_by: row.date("required_by")?,
        supplier: row.text("supplier").unwrap_or_default(),
        invoice_number: row.id("invoice_number"),
        invoice_amount: row.decimal("invoice_amount")?,
        currency: row.status("currency"),
        base_currency: row.status("base_currency"),
        last_updated: row.date("last_updated")?,
        order_status: row.status("order_status"),
        task_invoice_status: row.status("task_invoice_status"),
        receiving_status: row.status("receiving_status"),
        invoice_status: row.status("invoice_status"),
    };
    if ld.seen_before(Kind::Cin7Purchases, &p.order_number, p.origin) {
        ld.later_states.push(LaterState::Purchase(Box::new(p)));
        return Ok(Outcome::Duplicate);
    }
    let dates = [p.order_date, p.invoice_date];
    ld.data.purchases.push(p);
    Ok(Outcome::Loaded(dates))
}

pub fn purchase_line(row: &RowView, ld: &mut Loader) -> Result<Outcome, RowError> {
    let l = PurchaseLine {
        origin: row.origin(),
        order_number: row.required_id("order_number")?,
        sku: row.required_id("sku")?,
        quantity: row.required_decimal("quantity")?,
        received: row.decimal("received")?,
        invoiced: row.decimal("invoiced")?,
        unit_cost: row.decimal("unit_cost")?,
        total: row.decimal("total")?,
        received_date: row.date("received_date")?,
        invoice_date: row.date("invoice_date")?,
    };
    let key = (&l.order_number, &l.sku, l.quantity, l.unit_cost, l.received);
    if ld.seen_before(Kind::Cin7PurchaseLines, &key, l.origin) {
        return Ok(Outcome::Duplicate);
    }
    let dates = [l.received_date, l.invoice_date];
    ld.data.purchase_lines.push(l);
    Ok(Outcome::Loaded(dates))
}

pub fn stock_line(row: &RowView, ld: &mut Loader) -> Result<Outcome, RowError> {
    let s = StockLine {
        origin: row.origin(),
        sku: row.required_id("sku")?,
        location: row.text("location"),
        bin: row.text("bin"),
        batch: row.id("batch"),
        on_hand: row.required_decimal("on_hand")?,
        allocated: row.decimal("allocated")?,
        available: row.decimal("available")?,
        on_order: row.decimal("on_order")?,
        in_transit: row.decimal("in_transit")?,
        stock_value: row.decimal("stock_value")?,
    };
    let key = (&s.sku, &s.location, &s.bin, &s.batch);
    if ld.seen_before(Kind::Cin7Availability, &key, s.origin) {
        return Ok(Outcome::Duplicate);
    }
    ld.data.stock.push(s);
    Ok(Outcome::Loaded([None, None]))
}

pub fn product(row: &RowView, ld: &mut Loader) -> Result<Outcome, RowError> {
    let p = Product {
        origin: row.origin(),
        sku: row.required_id("sku")?,
        // Kept exactly as written: leading and trailing spaces matter to the accounting system.
        name: row.raw_text("name").ok_or_else(|| row.empty("name"))?,
        category: row.text("category"),
        brand: row.text("brand"),
        product_type: row.status("product_type"),
        costing_method: row.text("costing_method"),
        average_cost: row.decimal("average_cost")?,
        status: row.status("status"),
        inventory_account: row.account("inventory_account"),
        revenue_account: row.account("revenue_account"),
        expense_account: row.account("expense_account"),
        cogs_account: row.account("cogs_account"),
        default_location: row.text("default_location"),
        last_supplied_by: row.text("last_supplied_by"),
        supplier_price: row.decimal("supplier_fixed_price")?,
    };
    // The same product in two overlapping exports is one product; within one export a
    // repeated SKU is itself a finding, so both rows are kept.
    if ld.seen_before(Kind::Cin7Products, &p.sku, p.origin) {
        return Ok(Outcome::Duplicate);
    }
    ld.data.products.push(p);
    Ok(Outcome::Loaded([None, None]))
}

pub fn movement(row: &RowView, ld: &mut Loader) -> Result<Outcome, RowError> {
    let m = Movement {
        origin: row.origin(),
        sku: row.required_id("sku")?,
        movement_type: row.required_text("movement_type")?,
        date: row.required_date("date")?,
        number: row.id("number"),
        quantity: row.required_small_decimal("quantity")?,
        amount: row.small_decimal("amount")?,
        location: row.text("location"),
    };
    let key = (&m.sku, &m.movement_type, m.date, &m.number, m.quantity.get(), m.amount.get(), &m.location);
    if ld.seen_before(Kind::Cin7Movements, &key, m.origin) {
        return Ok(Outcome::Duplicate);
    }
    let dates = [Some(m.date), None];
    ld.data.movements.push(m);
    Ok(Outcome::Loaded(dates))
}

pub fn adjustment(row: &RowView, ld: &mut Loader) -> Result<Outcome, RowError> {
    let quantity = match (row.decimal("quantity")?, row.decimal("new_quantity")?, row.decimal("quantity_on_hand")?) {
        (Some(q), _, _) => q,
        (None, Some(new), Some(old)) => new - old,
        (None, Some(_), None) => {
            return Err(RowError::GivenWithout { given: row.header_of("new_quantity"), missing: row.header_of("quantity_on_hand") })
        }
        (None, None, _) => return Err(row.empty("quantity")),
    };
    let a = Adjustment {
        origin: row.origin(),
        number: row.id("number"),
        date: row.required_date("date")?,
        status: row.status("status"),
        account: row.account("account"),
        sku: row.required_id("sku")?,
        location: row.text("location"),
        quantity,
        unit_cost: row.decimal("unit_cost")?,
        value: row.decimal("value")?,
    };
    let key = (&a.number, &a.sku, a.date, &a.location, a.quantity);
    if ld.seen_before(Kind::Cin7Adjustments, &key, a.origin) {
        return Ok(Outcome::Duplicate);
    }
    let dates = [Some(a.date), None];
    ld.data.adjustments.push(a);
    Ok(Outcome::Loaded(dates))
}

pub fn sync_entry(row: &RowView, ld: &mut Loader) -> Result<Outcome, RowError> {
    // The accounting system is in the header of the target's column, the same for every row.
    let system =
        *ld.table.sync_system.get_or_insert_with(|| match row.mapped_header("target_number").map(|h| crate::kinds::normalise_header(&h)) {
            Some(h) if h.starts_with("xero") => Some(Accounting::Xero),
            Some(h) if h.starts_with("quickbooks") || h.starts_with("qbo") => Some(Accounting::QuickBooksOnline),
            _ => None,
        });
    let e = SyncEntry {
        origin: row.origin(),
        cin7_number: row.required_id("cin7_number")?,
        target_number: row.id("target_number"),
        date: row.date("sync_date")?,
        time: row.time("sync_date"),
        status: row.status("status").ok_or_else(|| row.empty("status"))?,
        doc_type: row.text("doc_type"),
        error: row.text("error"),
        amount: row.small_decimal("amount")?,
        system,
    };
    let key = (&e.cin7_number, e.date, e.time, &e.doc_type, &e.status);
    if ld.seen_before(Kind::Cin7SyncLog, &key, e.origin) {
        return Ok(Outcome::Duplicate);
    }
    let dates = [e.date, None];
    ld.data.sync_log.push(e);
    Ok(Outcome::Loaded(dates))
}
