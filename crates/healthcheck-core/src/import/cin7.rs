//! Cin7 Core rows to typed records.

use super::RowView;
use crate::dataset::{Sale, StockLine};

pub fn sale(row: &RowView) -> Result<Sale, String> {
    Ok(Sale {
        origin: row.origin(),
        order_number: row.required_text("order_number")?,
        status: row.status("status"),
        order_date: row.date("order_date")?,
        invoice_date: row.date("invoice_date")?,
        customer: row.text("customer"),
        invoice_number: row.text("invoice_number"),
        customer_reference: row.text("customer_reference"),
        invoice_amount: row.decimal("invoice_amount")?,
        currency: row.text("currency"),
        updated: row.date("updated")?,
        order_status: row.status("order_status"),
        shipping_status: row.status("shipping_status"),
        fulfilment_status: row.status("fulfilment_status"),
        invoice_status: row.status("invoice_status"),
        sale_type: row.status("sale_type"),
        source_channel: row.text("source_channel"),
        external_id: row.text("external_id"),
    })
}

pub fn stock_line(row: &RowView) -> Result<StockLine, String> {
    Ok(StockLine {
        origin: row.origin(),
        sku: row.required_text("sku")?,
        name: row.text("name"),
        location: row.text("location"),
        bin: row.text("bin"),
        batch: row.text("batch"),
        on_hand: row.required_decimal("on_hand")?,
        allocated: row.decimal("allocated")?,
        available: row.decimal("available")?,
        on_order: row.decimal("on_order")?,
        in_transit: row.decimal("in_transit")?,
        stock_value: row.decimal("stock_value")?,
    })
}
