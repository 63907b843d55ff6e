use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::findings::{format_quantity, Entity, EntityKind, Severity};
use crate::rules::facts::{declare_rule, index, Check, Context, Draft};

declare_rule! {
    /// ## What it does
    /// Compares, for each SKU, the inventory quantity of the Shopify products export with the
    /// quantity Cin7 Core shows as available (summed over locations). A channel that shows
    /// more than Cin7 has available is flagged as an oversell risk; one that shows fewer by
    /// more than `channel_gap_units` (default 5) is flagged as lost sales.
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
        stage: Inventory,
        severity: Medium,
        inputs: [Cin7Availability, ShopifyProducts],
    }
}

impl Check for ChannelStockDivergence {
    fn check(&self, cx: &Context, out: &mut Vec<Draft>) {
        let mut channel: BTreeMap<String, (Decimal, Vec<&crate::dataset::ChannelProduct>)> = BTreeMap::new();
        for p in &cx.data.channel_products {
            if let (Some(sku), Some(q)) = (&p.sku, p.inventory_quantity) {
                let e = channel.entry(index::key(sku)).or_default();
                e.0 += q;
                e.1.push(p);
            }
        }
        for (sku, (shop_qty, rows)) in channel {
            let Some(t) = cx.index.stock.get(&sku) else { continue };
            let gap = shop_qty - t.available;
            let (severity, what) = if gap > Decimal::ZERO {
                (Severity::High, "an oversell risk")
            } else if -gap > cx.thresholds().channel_gap_units {
                (Severity::Low, "stock the store does not offer")
            } else {
                continue;
            };
            let shown = rows[0].sku.clone().unwrap_or_default();
            let message = format!(
                "SKU {shown} shows {} in Shopify against {} available in Cin7, {what}",
                format_quantity(shop_qty),
                format_quantity(t.available)
            );
            let evidence = rows
                .iter()
                .map(|p| {
                    cx.evidence(
                        p.origin,
                        vec![
                            ("Handle", p.handle.to_string()),
                            ("SKU", shown.to_string()),
                            ("Shopify quantity", p.inventory_quantity.map(format_quantity).unwrap_or_default()),
                            ("Cin7 available", format_quantity(t.available)),
                        ],
                    )
                })
                .collect();
            out.push(Draft { severity, message, impact: None, entities: vec![Entity::new(EntityKind::Sku, &shown)], evidence });
        }
    }
}
