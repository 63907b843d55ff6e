use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;

use crate::dataset::{ChannelProduct, Origin, StockLine};
use crate::findings::{format_quantity, Entity, EntityKind, Severity};
use crate::rules::facts::{declare_rule, index, Check, Context, Draft};

declare_rule! {
    /// ## What it does
    /// Compares, for each SKU, the quantity Shopify offers with the quantity Cin7 Core shows as
    /// available. With Shopify's inventory export, the comparison is per location where every
    /// Shopify location has a Cin7 Core location of the same name, else over all locations
    /// (the finding says which); with the products export alone, it is the variant's quantity
    /// against Cin7's total, and a SKU that sits on several variants is left to SYN008. A
    /// channel that shows more than Cin7 has available is flagged as an oversell risk; one
    /// that shows fewer by more than `channel_gap_units` (default 5) is flagged as lost sales.
    ///
    /// ## Why it matters
    /// Cin7 pushes available stock to the store. When the two disagree, the stock sync is
    /// stalled, a location is mapped wrongly, or the store's figure was edited by hand: the
    /// store either sells what is not there or hides what is.
    ///
    /// ## Example
    /// ```csv
    /// SKU,Location,OnHand,Allocated,Available
    /// WID-1,Main,120,20,100
    /// ```
    /// ```csv
    /// Handle,Title,Variant SKU,Variant Inventory Qty,Variant Price
    /// widget,Widget,WID-1,130,25.00
    /// ```
    /// The store shows 130 against 100 available, so WID-1 is flagged as an oversell risk.
    ///
    /// ## How to fix it at the source
    /// In Cin7 Core's Shopify integration settings, check which locations feed the store's
    /// stock and that inventory sync is on; then trigger a stock update. Stop editing stock
    /// levels in Shopify directly: Cin7 overwrites them.
    ///
    /// ## Impact
    /// None in money: the effect is oversold orders or lost sales.
    pub(crate) ChannelStockDivergence {
        code: "INV008",
        name: "channel-stock-divergence",
        title: "Store stock differs from Cin7",
        stage: Inventory,
        severity: Medium,
        counts: Skus,
        inputs: [Cin7Availability, ShopifyProducts | ShopifyInventory],
    }
}

/// One comparison: a SKU (at a location, where both systems name it alike) with the rows that
/// make up the Shopify side.
struct Side {
    shown: String,
    location: Option<String>,
    shop: Decimal,
    cin7: Decimal,
    rows: Vec<(Origin, String, Option<String>, Decimal)>,
}

fn cin7_available(line: &StockLine) -> Decimal {
    line.available.unwrap_or(line.on_hand - line.allocated.unwrap_or_default())
}

impl ChannelStockDivergence {
    /// From the inventory export: per location when every Shopify location has a Cin7 Core
    /// location of the same name, else per SKU in total (and the finding says so).
    fn from_inventory(cx: &Context) -> (Vec<Side>, bool) {
        let cin7_locations: BTreeSet<String> = cx.data.stock.iter().filter_map(|l| l.location.as_deref()).map(index::key).collect();
        let per_location = cx.data.channel_stock.iter().all(|s| cin7_locations.contains(&index::key(&s.location)));
        let mut sides: BTreeMap<(String, Option<String>), Side> = BTreeMap::new();
        for s in &cx.data.channel_stock {
            let Some(sku) = &s.sku else { continue };
            let location = per_location.then(|| index::key(&s.location));
            let side = sides.entry((index::key(sku), location.clone())).or_insert_with(|| Side {
                shown: sku.to_string(),
                location: per_location.then(|| s.location.to_string()),
                shop: Decimal::ZERO,
                cin7: Decimal::ZERO,
                rows: Vec::new(),
            });
            side.shop += s.available;
            side.rows.push((s.origin, s.handle.to_string(), Some(s.location.to_string()), s.available));
        }
        for ((sku, location), side) in &mut sides {
            let lines = cx.index.stock_lines(sku);
            side.cin7 = lines
                .iter()
                .filter(|l| location.as_ref().is_none_or(|loc| l.location.as_deref().is_some_and(|c| &index::key(c) == loc)))
                .map(|l| cin7_available(l))
                .sum();
        }
        let sides = sides.into_values().filter(|s| !cx.index.stock_lines(&index::key(&s.shown)).is_empty()).collect();
        (sides, per_location)
    }

    /// From the products export: a variant's quantity in total. A SKU on several variants
    /// is left out (SYN008 reports it): no one variant's quantity is Cin7's.
    fn from_products(cx: &Context) -> Vec<Side> {
        let mut by_sku: BTreeMap<String, Vec<&ChannelProduct>> = BTreeMap::new();
        for p in &cx.data.channel_products {
            if let (Some(sku), Some(_)) = (&p.sku, p.inventory_quantity) {
                by_sku.entry(index::key(sku)).or_default().push(p);
            }
        }
        by_sku
            .into_iter()
            .filter(|(_, rows)| rows.len() == 1)
            .filter_map(|(sku, rows)| {
                let t = cx.index.stock.get(&sku)?;
                let p = rows[0];
                let q = p.inventory_quantity.unwrap_or_default();
                Some(Side {
                    shown: p.sku.as_deref().unwrap_or_default().to_string(),
                    location: None,
                    shop: q,
                    cin7: t.available,
                    rows: vec![(p.origin, p.handle.to_string(), None, q)],
                })
            })
            .collect()
    }
}

impl Check for ChannelStockDivergence {
    fn check(&self, cx: &Context, out: &mut Vec<Draft>) {
        let (sides, per_location, from_inventory) = if cx.data.channel_stock.is_empty() {
            (Self::from_products(cx), false, false)
        } else {
            let (sides, per_location) = Self::from_inventory(cx);
            (sides, per_location, true)
        };
        for side in sides {
            let gap = side.shop - side.cin7;
            let (severity, what) = if gap > Decimal::ZERO {
                (Severity::High, "an oversell risk")
            } else if -gap > cx.thresholds().channel_gap_units {
                (Severity::Low, "stock the store does not offer")
            } else {
                continue;
            };
            let at = match (&side.location, from_inventory && !per_location) {
                (Some(l), _) => format!(" at {l}"),
                (None, true) => " over all locations (Shopify's locations do not match Cin7 Core's by name)".to_string(),
                (None, false) => String::new(),
            };
            let message = format!(
                "SKU {}{at} shows {} in Shopify against {} available in Cin7, {what}",
                side.shown,
                format_quantity(side.shop),
                format_quantity(side.cin7)
            );
            let evidence = side
                .rows
                .iter()
                .map(|(origin, handle, location, q)| {
                    let mut cells = vec![("Handle", handle.clone()), ("SKU", side.shown.clone())];
                    if let Some(l) = location {
                        cells.push(("Shopify location", l.clone()));
                    }
                    cells.push(("Shopify quantity", format_quantity(*q)));
                    cells.push(("Cin7 available", format_quantity(side.cin7)));
                    cx.evidence(*origin, cells)
                })
                .collect();
            out.push(Draft { severity, message, impact: None, entities: vec![Entity::new(EntityKind::Sku, &side.shown)], evidence });
        }
    }
}
