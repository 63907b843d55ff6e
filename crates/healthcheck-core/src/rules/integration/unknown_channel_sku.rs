use std::borrow::Cow;
use std::collections::BTreeMap;

use crate::dataset::{Origin, Text};
use crate::findings::{format_quantity, Entity, EntityKind, Severity};
use crate::hash::HashMap;
use crate::rules::facts::{declare_rule, index, Check, Context, Draft};

declare_rule! {
    /// ## What it does
    /// Finds SKUs used in Shopify (on order lines or product variants) that no Cin7 Core
    /// product has, Shopify variants or order lines with no SKU at all, and one SKU carried
    /// by several Shopify variants (the integration's mapping is one SKU to one product).
    ///
    /// ## Why it matters
    /// Cin7 Core matches Shopify lines to its products by SKU. An order containing an unknown
    /// or blank SKU fails to import, or imports with a line Cin7 cannot stock or cost; the
    /// store keeps selling the item while the back office never sees it.
    ///
    /// ## Example
    /// ```csv
    /// Name,Financial Status,Created at,Lineitem quantity,Lineitem sku
    /// #1002,paid,2026-03-29 11:59:00 -0500,2,GAD-9
    /// #1003,paid,2026-03-29 12:30:00 -0500,1,WID-1
    /// ```
    /// ```csv
    /// ProductCode,Name,Category,CostingMethod
    /// WID-1,Widget Blue,Widgets,FIFO
    /// ```
    /// GAD-9 is not a Cin7 SKU and is flagged; WID-1 is.
    ///
    /// ## How to fix it at the source
    /// Give the Shopify variant the SKU of the matching Cin7 Core product (or create the
    /// product in Cin7 first), then re-import the orders that failed. Keep Cin7 as the place
    /// where SKUs are created and let the integration push products to Shopify.
    ///
    /// ## Impact
    /// None in money here; the orders that failed are counted by SYN007.
    pub(crate) UnknownChannelSku {
        code: "SYN008",
        name: "unknown-channel-sku",
        title: "Store SKU Cin7 does not know",
        stage: Integration,
        severity: High,
        counts: Skus,
        inputs: [ShopifyOrders | ShopifyProducts, Cin7Products],
    }
}

/// A channel SKU as first spelled, where it appears (row and order or handle), and the orders.
type Sightings = (Text, Vec<(Origin, Text)>, Vec<Text>);

/// Where to note a sighting of `sku`: `None` for a SKU Cin7 Core has.
fn sighting<'m, 'a>(seen: &'m mut HashMap<Cow<'a, str>, Option<Sightings>>, sku: &'a Text, cx: &Context) -> Option<&'m mut Sightings> {
    seen.entry(index::key_of(sku))
        .or_insert_with(|| (sku.is_empty() || cx.index.product(sku).is_none()).then(|| (sku.clone(), Vec::new(), Vec::new())))
        .as_mut()
}

impl Check for UnknownChannelSku {
    fn check(&self, cx: &Context, out: &mut Vec<Draft>) {
        // SKU (or "" for blank) → where it appears, and the orders that use it.
        // Keyed case-insensitively; the first spelling seen is the one shown.
        // Only a SKU Cin7 Core lacks (or a blank one) is reported: the sightings of the
        // others, most lines of most orders, are not collected.
        let mut seen: HashMap<Cow<str>, Option<Sightings>> = HashMap::default();
        let blank = Text::default();
        let several = cx.data.several_stores();
        for o in &cx.data.channel_orders {
            for l in &o.lines {
                if let Some(e) = sighting(&mut seen, l.sku.as_ref().unwrap_or(&blank), cx) {
                    let shown = Text::from(o.shown(several));
                    e.1.push((l.origin, shown.clone()));
                    e.2.push(shown);
                }
            }
        }
        for p in &cx.data.channel_products {
            if let Some(e) = sighting(&mut seen, p.sku.as_ref().unwrap_or(&blank), cx) {
                e.1.push((p.origin, p.handle.clone()));
            }
        }
        let mut seen: Vec<(Cow<str>, Sightings)> = seen.into_iter().filter_map(|(k, s)| Some((k, s?))).collect();
        seen.sort_by(|a, b| a.0.cmp(&b.0));
        for (_, (sku, places, mut orders)) in seen {
            orders.sort();
            orders.dedup();
            let used = if orders.is_empty() { String::from("on Shopify products") } else { format!("on orders {}", orders.join(", ")) };
            let message = if sku.is_empty() {
                let n = places.len();
                format!("{n} Shopify {} no SKU ({used})", if n == 1 { "line or variant has" } else { "lines or variants have" })
            } else {
                format!("Shopify SKU {sku} is not a Cin7 Core product ({used})")
            };
            let mut entities: Vec<Entity> = if sku.is_empty() { Vec::new() } else { vec![Entity::new(EntityKind::Sku, &sku)] };
            entities.extend(orders.iter().map(|o| Entity::new(EntityKind::ChannelOrder, o)));
            if entities.is_empty() {
                entities.push(Entity::new(EntityKind::Sku, "(blank)"));
            }
            let evidence = places
                .iter()
                .take(50)
                .map(|(origin, what)| cx.evidence(*origin, vec![("Order or handle", what.to_string()), ("SKU", sku.to_string())]))
                .collect();
            out.push(Draft {
                severity: if orders.is_empty() { Severity::Medium } else { Severity::High },
                message,
                impact: None,
                entities,
                evidence,
            });
        }
        shared_skus(cx, out);
    }
}

/// One SKU on several Shopify variants: the integration maps one Cin7 Core product to one
/// variant by SKU, so the others' orders land on the wrong product and the stock Cin7 pushes
/// is shown on each. Variants are the products export's rows, else the inventory export's
/// products (one row per location).
/// A variant's row, handle, title and quantity.
type Variant<'a> = (Origin, &'a Text, Option<&'a Text>, Option<String>);

fn shared_skus(cx: &Context, out: &mut Vec<Draft>) {
    // Per file: two stores' exports may each carry the SKU once.
    let mut variants: BTreeMap<(u32, String), Vec<Variant>> = BTreeMap::new();
    for p in &cx.data.channel_products {
        if let Some(sku) = p.sku.as_ref().filter(|s| !s.is_empty()) {
            let quantity = p.inventory_quantity.map(format_quantity);
            variants.entry((p.origin.file, index::key(sku))).or_default().push((p.origin, &p.handle, p.title.as_ref(), quantity));
        }
    }
    if cx.data.channel_products.is_empty() {
        let mut first_row: BTreeMap<(u32, String, &Text), Origin> = BTreeMap::new();
        for s in &cx.data.channel_stock {
            if let Some(sku) = s.sku.as_ref().filter(|s| !s.is_empty()) {
                first_row.entry((s.origin.file, index::key(sku), &s.handle)).or_insert(s.origin);
            }
        }
        for ((file, sku, handle), origin) in first_row {
            variants.entry((file, sku)).or_default().push((origin, handle, None, None));
        }
    }
    for (_, rows) in variants.into_iter().filter(|(_, rows)| rows.len() > 1) {
        let Some(first) = cx
            .data
            .channel_products
            .iter()
            .find(|p| p.origin == rows[0].0)
            .and_then(|p| p.sku.clone())
            .or_else(|| cx.data.channel_stock.iter().find(|s| s.origin == rows[0].0).and_then(|s| s.sku.clone()))
        else {
            continue;
        };
        let mut handles: Vec<&str> = rows.iter().map(|r| r.1.as_str()).collect();
        handles.dedup();
        let message = format!(
            "Shopify SKU {first} is on {} variants ({}): the integration can map it to one Cin7 Core product only",
            rows.len(),
            handles.join(", ")
        );
        let evidence = rows
            .iter()
            .map(|(origin, handle, title, quantity)| {
                let mut cells = vec![("Handle", handle.to_string()), ("SKU", first.to_string())];
                if let Some(t) = title {
                    cells.push(("Title", t.to_string()));
                }
                if let Some(q) = quantity {
                    cells.push(("Shopify quantity", q.clone()));
                }
                cx.evidence(*origin, cells)
            })
            .collect();
        out.push(Draft {
            severity: Severity::Medium,
            message,
            impact: None,
            entities: vec![Entity::new(EntityKind::Sku, &first)],
            evidence,
        });
    }
}
