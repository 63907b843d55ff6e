//! Ordinary slips scattered over a share of the clean company's documents and products, for
//! calibrating the scores: the same share faults the same kinds of record in every stage.
//! Each kind of slip draws its records on its own, and a record drawn at one share is drawn
//! at every larger share, so raising the share only adds slips.

use std::collections::BTreeSet;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::world::{Adjustment, GlEntry, StockTweak, SyncState, World};
use healthcheck_core::date::{days_in_month, Date};

/// A number in [0, 2^64) fixed by the slip's kind and the record's position.
fn draw(salt: u64, i: usize) -> u64 {
    let mut z = salt.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (i as u64).wrapping_add(1).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Records whose draw falls below `share` of the range.
struct Share(u64);

impl Share {
    fn new(share: Decimal) -> Share {
        let share = share.clamp(Decimal::ZERO, Decimal::ONE);
        let limit = (share * Decimal::from(u64::MAX)).floor().to_u64().unwrap_or(u64::MAX);
        Share(limit)
    }

    fn picks(&self, salt: u64, i: usize) -> bool {
        self.0 > 0 && draw(salt, i) < self.0
    }
}

// Salts: one per population to pick records from, one per population to fix each record's slip.
const SALES: u64 = 1;
const SALE_SLIP: u64 = 2;
const PURCHASES: u64 = 3;
const PURCHASE_SLIP: u64 = 4;
const STOCK_EDITS: u64 = 5;
const STOCK_EDIT: u64 = 6;
const ADJUSTED: u64 = 7;
const ADJUSTMENT_HABIT: u64 = 8;
const SKU_ROLE: u64 = 9;
const TRUE_UP_JOURNAL: u64 = 11;
const ZERO_COST: u64 = 12;

/// Fault `share` (0 to 1) of the sales, purchases, products and months of a clean company.
///
/// Where a population has several kinds of slip, a record is picked once, with a chance of
/// `share` per kind, and its kind is fixed by its position alone: a larger share adds records
/// and never trades one record's slip for another.
pub fn scatter(w: &mut World, share_of_records: Decimal) {
    let share = Share::new(share_of_records);
    let times = |kinds: i64| Share::new(share_of_records * Decimal::from(kinds));
    let a = w.as_of;
    // Documents old enough that every check's grace period has passed.
    let settled = a.add_days(-14);
    let mut kept = Vec::new();
    // Unshipping a sale raises its SKUs' on hand, which could lift a negative that a stock
    // edit or an unreceived purchase caused at a smaller share: the slips that lower on hand
    // keep to SKUs of their own.
    let skus: Vec<String> = w.products.iter().map(|p| p.sku.clone()).collect();
    let edited: BTreeSet<&str> = skus.iter().enumerate().filter(|(i, _)| draw(SKU_ROLE, *i) % 2 == 0).map(|(_, s)| s.as_str()).collect();
    let sales = times(5);
    for (i, s) in w.sales.iter_mut().enumerate() {
        let done = s.invoice_date.is_some_and(|d| d <= settled) && s.ship_date.is_some_and(|d| d <= settled);
        if !done || s.channel_order.is_some() || !sales.picks(SALES, i) {
            continue;
        }
        let may_unship = s.lines.iter().all(|l| !edited.contains(l.sku.as_str()));
        match draw(SALE_SLIP, i) % 5 {
            0 if may_unship => s.ship_date = None,
            0 => s.invoice_date = None,
            1 => s.invoice_date = None,
            2 => s.sync = SyncState::Failed("Account code 999 is not valid".into(), 1),
            3 => s.sync = SyncState::Skipped,
            // Shipped by another route: availability still holds the stock for it.
            _ => kept.extend(s.lines.iter().map(|l| StockTweak { sku: l.sku.clone(), allocated: l.qty, ..StockTweak::default() })),
        }
    }
    let old = a.add_days(-45);
    let purchases = times(3);
    for (i, p) in w.purchases.iter_mut().enumerate() {
        let done = p.received_date.is_some_and(|d| d <= old) && p.invoice_date.is_some_and(|d| d <= old);
        if !done || !purchases.picks(PURCHASES, i) {
            continue;
        }
        let may_unreceive = p.lines.iter().all(|l| edited.contains(l.sku.as_str()));
        match draw(PURCHASE_SLIP, i) % 3 {
            0 => p.invoice_date = None,
            1 if may_unreceive => p.received_date = None,
            1 => p.invoice_date = None,
            // Received, but availability still counts the order as coming.
            _ => kept.extend(p.lines.iter().map(|l| StockTweak { sku: l.sku.clone(), on_order: l.qty, ..StockTweak::default() })),
        }
    }
    w.tweaks.append(&mut kept);
    let (edits, adjusted) = (times(4), times(4));
    for (i, sku) in skus.iter().enumerate() {
        if share.picks(ZERO_COST, i) {
            w.products[i].listed_cost = Decimal::ZERO;
        }
        if !edited.contains(sku.as_str()) {
            continue;
        }
        if edits.picks(STOCK_EDITS, i) {
            let tweak = match draw(STOCK_EDIT, i) % 2 {
                0 => StockTweak { sku: sku.clone(), available: Decimal::from(2), ..StockTweak::default() },
                _ => StockTweak { sku: sku.clone(), on_hand: Decimal::from(-3), ..StockTweak::default() },
            };
            w.tweaks.push(tweak);
        }
        if !adjusted.picks(ADJUSTED, i) {
            continue;
        }
        if draw(ADJUSTMENT_HABIT, i) % 2 == 0 {
            for (k, back) in [100, 70, 40, 10].into_iter().enumerate() {
                w.adjustments.push(Adjustment {
                    number: format!("ST-{:05}", 20_000 + i * 4 + k),
                    date: a.add_days(-back),
                    sku: sku.clone(),
                    qty: Decimal::NEGATIVE_ONE,
                    account: "403",
                });
            }
        } else {
            w.adjustments.push(Adjustment {
                number: format!("ST-{:05}", 40_000 + i),
                date: a.add_days(-20),
                sku: sku.clone(),
                qty: Decimal::NEGATIVE_ONE,
                account: "310",
            });
        }
    }
    // Month-end true-ups of the inventory account: the months are the population.
    for back in 0..12 {
        if !share.picks(TRUE_UP_JOURNAL, back) {
            continue;
        }
        let (y, m, _) = a.ymd();
        let months = y * 12 + m as i32 - 1 - back as i32;
        let (y, m) = (months.div_euclid(12), months.rem_euclid(12) as u32 + 1);
        let Some(end) = Date::from_ymd(y, m, days_in_month(y, m)) else {
            continue;
        };
        let label = format!("Inventory true-up {y}-{m:02}");
        for (account, amount) in [("630", Decimal::from(180)), ("310", Decimal::from(-180))] {
            w.gl_extra.push(GlEntry {
                account,
                date: end,
                source: "Manual Journal",
                reference: String::new(),
                description: label.clone(),
                amount,
            });
        }
    }
}
