use std::collections::BTreeMap;

use crate::findings::{Evidence, Fields, Severity};
use crate::rules::facts::{declare_rule, Check, Context, Draft};

declare_rule! {
    /// ## What it does
    /// Reports records that appear again in a later file: the same sale, purchase, product,
    /// movement or ledger posting in two overlapping exports. The record is counted once. A
    /// sale or purchase in two lists exported at different times is the same document at two
    /// moments: its newer state is used (a later updated date, else the file with the later
    /// latest date), whatever the files' names.
    ///
    /// ## Why it matters
    /// Overlapping exports (January to March and March to May, say) are common and harmless
    /// once the overlap is counted once. Saying so keeps the row counts honest.
    ///
    /// ## Example
    /// ```csv
    /// OrderNumber,OrderDate,CombinedInvoiceStatus,CombinedShippingStatus
    /// SO-1,2026-03-01,PAID,SHIPPED
    /// ```
    /// ```csv
    /// OrderNumber,OrderDate,CombinedInvoiceStatus,CombinedShippingStatus
    /// SO-1,2026-03-01,PAID,SHIPPED
    /// SO-2,2026-03-02,PAID,SHIPPED
    /// ```
    /// SO-1 is in both files and is counted once.
    ///
    /// ## How to fix it at the source
    /// Nothing needs fixing; to avoid it, export periods that do not overlap.
    ///
    /// ## Impact
    /// None in money: the overlap is already counted once in every total.
    pub(crate) DuplicateRecords {
        code: "DAT004",
        name: "duplicate-records",
        title: "Records in more than one export",
        stage: Coverage,
        severity: Info,
        counts: Business,
        inputs: [],
    }
}

impl Check for DuplicateRecords {
    fn check(&self, cx: &Context, out: &mut Vec<Draft>) {
        let mut pairs: BTreeMap<(u32, u32, bool), Vec<&crate::dataset::Duplicate>> = BTreeMap::new();
        for d in &cx.data.duplicates {
            pairs.entry((d.first.file, d.again.file, d.older)).or_default().push(d);
        }
        for ((first, again, older), dups) in pairs {
            let first_name = cx.data.files.get(first as usize).map_or("", |f| f.name.as_str());
            let again_name = cx.data.files.get(again as usize).map_or("", |f| f.name.as_str());
            let one = dups.len() == 1;
            let message = if older {
                format!(
                    "{} record{} of {again_name} {} an older state of {} in {first_name}, whose newer state is used",
                    dups.len(),
                    if one { "" } else { "s" },
                    if one { "is" } else { "are" },
                    if one { "a record" } else { "records" }
                )
            } else {
                format!(
                    "{} record{} of {again_name} {} already in {first_name} and {} counted once",
                    dups.len(),
                    if one { "" } else { "s" },
                    if one { "was" } else { "were" },
                    if one { "is" } else { "are" }
                )
            };
            let evidence = dups
                .iter()
                .take(50)
                .map(|d| Evidence {
                    file: again_name.to_string(),
                    line: u64::from(d.again.line),
                    fields: Fields(vec![
                        ("Kind".into(), d.kind.id().into()),
                        ("First seen".into(), format!("{first_name}:{}", d.first.line)),
                    ]),
                })
                .collect();
            out.push(Draft { severity: Severity::Info, message, impact: None, entities: Vec::new(), evidence });
        }
    }
}
