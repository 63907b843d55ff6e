use crate::findings::{format_quantity, Entity, EntityKind, Severity};
use crate::rules::facts::common::{at_location, stock_fields};
use crate::rules::facts::{declare_rule, Check, Context, Draft};

declare_rule! {
    /// ## What it does
    /// Checks every row of the product availability export for the identity Cin7 Core
    /// maintains between its quantities: available equals on hand minus allocated. A row
    /// where the three figures disagree by more than `quantity_tolerance` (default 0.0001 of
    /// a unit) is flagged.
    ///
    /// ## Why it matters
    /// Everyone downstream acts on these three numbers: the warehouse picks against on hand,
    /// sales promise against available, purchasing reorders against both. When they do not
    /// add up, at least one of them is wrong, so the stock position cannot be trusted for any
    /// of those decisions. It usually means the export was taken mid-update, was edited by
    /// hand afterwards, or that availability is set to be computed across a different set of
    /// locations than the one shown.
    ///
    /// ## Example
    /// ```csv
    /// SKU,Location,OnHand,Allocated,Available
    /// WID-1,Main,10,3,8
    /// WID-2,Main,10,3,7
    /// ```
    /// WID-1 is flagged (10 − 3 is 7, not 8); WID-2 is not.
    ///
    /// ## How to fix it at the source
    /// Export product availability again straight from Cin7 Core, without editing it in a
    /// spreadsheet, and compare. If the figures still disagree, check the General Settings
    /// option that decides whether availability is computed across all locations or per
    /// location, and look for sale or work orders on the SKU that are stuck between
    /// authorisation and completion; completing or voiding them lets Cin7 recompute the
    /// allocation.
    ///
    /// ## Impact
    /// None in money: the finding says the quantities are unreliable, and other checks on the
    /// same SKU put a value on the consequences.
    pub(crate) AvailabilityArithmetic {
        code: "INV001",
        name: "availability-arithmetic",
        title: "Available, on hand and allocated disagree",
        stage: Inventory,
        severity: Medium,
        counts: Skus,
        inputs: [Cin7Availability],
    }
}

impl Check for AvailabilityArithmetic {
    fn check(&self, cx: &Context, out: &mut Vec<Draft>) {
        let tolerance = cx.settings.thresholds.quantity_tolerance;
        for line in &cx.data.stock {
            let (Some(allocated), Some(available)) = (line.allocated, line.available) else { continue };
            let expected = line.on_hand - allocated;
            if (available - expected).abs() <= tolerance {
                continue;
            }
            let place = at_location(&line.location);
            let message = format!(
                "SKU {}{place} shows {} available, but on hand {} less allocated {} is {}",
                line.sku,
                format_quantity(available),
                format_quantity(line.on_hand),
                format_quantity(allocated),
                format_quantity(expected),
            );
            let mut fields = stock_fields(line, available);
            fields.push(("Expected available", format_quantity(expected)));
            let evidence = cx.evidence(line.origin, fields);
            out.push(Draft {
                severity: Severity::Medium,
                message,
                impact: None,
                entities: vec![Entity::new(EntityKind::Sku, &line.sku)],
                evidence: vec![evidence],
            });
        }
    }
}
