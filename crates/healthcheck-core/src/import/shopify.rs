//! Shopify exports. The orders export has one row per line item: order-level columns are
//! filled on an order's first row only, and later rows repeat its name; they are folded into
//! one order with its lines.

use super::loader::{Loader, Outcome};
use super::row_view::RowView;
use crate::dataset::{ChannelOrder, ChannelOrderLine, ChannelProduct, ChannelStock};
use crate::inputs::RowError;
use crate::kinds::Kind;

pub fn order_row(row: &RowView, ld: &mut Loader) -> Result<Outcome, RowError> {
    let name = row.required_id("name")?;
    let line = ChannelOrderLine {
        origin: row.origin(),
        sku: row.id("lineitem_sku"),
        quantity: row.required_small_decimal("lineitem_quantity")?,
        price: row.small_decimal("lineitem_price")?,
    };
    let continuing = ld.table.shopify_order.is_some_and(|i| ld.data.channel_orders.get(i).is_some_and(|o| o.name == name));
    if continuing && row.text("financial_status").is_none() {
        if let Some(order) = ld.table.shopify_order.and_then(|i| ld.data.channel_orders.get_mut(i)) {
            order.lines.push(line);
        }
        return Ok(Outcome::Loaded([None, None]));
    }
    let order = ChannelOrder {
        origin: row.origin(),
        name: name.clone(),
        store: None,
        financial_status: row.status("financial_status"),
        fulfillment_status: row.status("fulfillment_status"),
        created_at: row.date("created_at")?,
        paid_at: row.date("paid_at")?,
        fulfilled_at: row.date("fulfilled_at")?,
        cancelled_at: row.date("cancelled_at")?,
        currency: row.status("currency"),
        total: row.small_decimal("total")?,
        lines: vec![line],
    };
    // The same order only where it is: the same Shopify id (every store numbers from #1001;
    // the id tells two stores' #1042 apart), or, in an export without ids, the same name with
    // the same store's evidence. The id and e-mail are read for this alone, not kept.
    let again = if let Some(id) = row.cell("id") {
        ld.seen_before(Kind::ShopifyOrders, &("id", id), order.origin)
    } else {
        let evidence = (&name, &order.currency, order.created_at, row.time("created_at"), row.cell("email"), order.total());
        ld.seen_before(Kind::ShopifyOrders, &evidence, order.origin)
    };
    if again {
        ld.table.shopify_order = None;
        return Ok(Outcome::Duplicate);
    }
    let dates = [order.created_at, order.paid_at];
    ld.table.shopify_order = Some(ld.data.channel_orders.len());
    ld.data.channel_orders.push(order);
    Ok(Outcome::Loaded(dates))
}

pub fn product_row(row: &RowView, ld: &mut Loader) -> Result<Outcome, RowError> {
    let handle = row.required_id("handle")?;
    let sku = row.id("sku");
    let price = row.decimal("price")?;
    let quantity = row.decimal("inventory_quantity")?;
    if sku.is_none() && price.is_none() && quantity.is_none() {
        // An image row of the product above it.
        return Ok(Outcome::Skipped);
    }
    let title =
        row.text("title").or_else(|| ld.data.channel_products.iter().rev().find(|p| p.handle == handle).and_then(|p| p.title.clone()));
    let p = ChannelProduct {
        origin: row.origin(),
        handle,
        title,
        sku,
        inventory_quantity: quantity,
        price,
        cost: row.decimal("cost")?,
        status: row.status("status"),
    };
    let key = (&p.handle, &p.sku);
    if ld.seen_before(Kind::ShopifyProducts, &key, p.origin) {
        return Ok(Outcome::Duplicate);
    }
    ld.data.channel_products.push(p);
    Ok(Outcome::Loaded([None, None]))
}

pub fn inventory_row(row: &RowView, ld: &mut Loader) -> Result<Outcome, RowError> {
    let s = ChannelStock {
        origin: row.origin(),
        handle: row.required_id("handle")?,
        sku: row.id("sku"),
        location: row.required_text("location")?,
        available: row.required_decimal("available")?,
        committed: row.decimal("committed")?,
        on_hand: row.decimal("on_hand")?,
    };
    let key = (&s.handle, &s.sku, s.location.to_lowercase());
    if ld.seen_before(Kind::ShopifyInventory, &key, s.origin) {
        return Ok(Outcome::Duplicate);
    }
    ld.data.channel_stock.push(s);
    Ok(Outcome::Loaded([None, None]))
}
