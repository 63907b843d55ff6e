use crate::hash::HashMap;
use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::findings::{format_quantity, money, Entity, EntityKind, Impact, Severity};
use crate::rules::facts::common::stock_row_evidence;
use crate::rules::facts::{declare_rule, index, Check, Context, Draft};

declare_rule! {
    /// ## What it does
    /// Adds up the inventory movement quantities of each SKU (per location when both exports
    /// name locations) and compares the sum with the quantity on hand in product
    /// availability. Availability is as of its export, whatever the analysis date: movements
    /// count up to the date its title or file name gives (`…_2026-03-31.csv`), else all of them.
    ///
    /// ## Why it matters
    /// On hand is meant to be the running total of every movement. When the two disagree, a
    /// movement is missing from the history (an import, a back-dated change, a deleted
    /// document) or the availability figure was edited: either way the quantity the warehouse
    /// trusts has no audit trail behind it. The check needs the movement history from the
    /// SKU's first receipt; a partial history shows false differences.
    ///
    /// ## Example
    /// ```csv
    /// SKU,Location,OnHand,Allocated,Available
    /// WID-1,Main,120,0,120
    /// ```
    /// ```csv
    /// SKU,Type,Date,Number,Quantity,Amount,Location
    /// WID-1,Purchase,2026-01-05,PO-1,170,1955.00,Main
    /// WID-1,Sale,2026-03-03,SO-1,-60,-690.00,Main
    /// ```
    /// Movements add up to 110 but 120 are on hand, so WID-1 is flagged.
    ///
    /// ## How to fix it at the source
    /// Run Cin7 Core's inventory movement report for the SKU from its first receipt and find
    /// the document that is missing or was changed after the fact. Complete or correct that
    /// document; count the SKU if the physical stock disagrees with both figures.
    ///
    /// ## Impact
    /// The difference times the SKU's unit cost.
    pub(crate) MovementLedgerMismatch {
        code: "INV005",
        name: "movement-ledger-mismatch",
        title: "On hand differs from its movements",
        stage: Inventory,
        severity: Medium,
        counts: Skus,
        inputs: [Cin7Movements, Cin7Availability],
    }
}

impl Check for MovementLedgerMismatch {
    fn check(&self, cx: &Context, out: &mut Vec<Draft>) {
        let by_location = cx.data.movements.iter().all(|m| m.location.is_some()) && cx.data.stock.iter().all(|s| s.location.is_some());
        let place = |sku: &str, loc: &Option<crate::dataset::Text>| {
            (index::key(sku), if by_location { loc.as_deref().unwrap_or_default().to_lowercase() } else { String::new() })
        };
        // Summed per SKU and location as stored first: few distinct pairs, many movements,
        // and a repeated value is one shared text, so its address stands for it (the same
        // words stored twice are merged by the key below).
        let address = |t: &crate::dataset::Text| t.as_ptr() as usize;
        // The stock on hand is as of its export, not as of the analysis date: movements count
        // up to the date the availability file says it stands at, and all of them where it
        // says none (the export came after the last movement it shows).
        let snapshot =
            cx.inputs.iter().filter(|i| i.kind == Some(crate::kinds::Kind::Cin7Availability)).filter_map(crate::as_of::snapshot_date).max();
        let mut as_stored: HashMap<(usize, Option<usize>), (&crate::dataset::Movement, Decimal)> = HashMap::default();
        for m in &cx.data.movements {
            if snapshot.is_some_and(|a| m.date > a) {
                continue;
            }
            as_stored.entry((address(&m.sku), m.location.as_ref().map(address))).or_insert((m, Decimal::ZERO)).1 += m.quantity();
        }
        let mut moved: BTreeMap<(String, String), Decimal> = BTreeMap::new();
        for (m, quantity) in as_stored.into_values() {
            *moved.entry(place(&m.sku, &m.location)).or_default() += quantity;
        }
        let mut on_hand: BTreeMap<(String, String), (Decimal, Vec<&crate::dataset::StockLine>)> = BTreeMap::new();
        for s in &cx.data.stock {
            let e = on_hand.entry(place(&s.sku, &s.location)).or_default();
            e.0 += s.on_hand;
            e.1.push(s);
        }
        let tolerance = cx.thresholds().quantity_tolerance;
        for (key, (qty, rows)) in &on_hand {
            let Some(total) = moved.get(key) else { continue };
            let diff = *qty - *total;
            if diff.abs() <= tolerance {
                continue;
            }
            let sku = rows[0].sku.clone();
            let at = if by_location { format!(" at {}", rows[0].location.clone().unwrap_or_default()) } else { String::new() };
            let message =
                format!("SKU {sku}{at} has {} on hand but its movements add up to {}", format_quantity(*qty), format_quantity(*total));
            let impact = cx.index.unit_cost(&sku).map(|(c, basis)| Impact {
                amount: money(diff.abs() * c),
                estimate: basis != "product average cost",
                basis: format!("difference times the {basis}"),
                inventory_effect: None,
            });
            let evidence = rows
                .iter()
                .map(|s| {
                    stock_row_evidence(cx, s, vec![("On hand", format_quantity(s.on_hand)), ("Movements total", format_quantity(*total))])
                })
                .collect();
            out.push(Draft { severity: Severity::Medium, message, impact, entities: vec![Entity::new(EntityKind::Sku, &sku)], evidence });
        }
    }
}
