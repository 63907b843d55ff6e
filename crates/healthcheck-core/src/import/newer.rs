//! A sale or purchase list exported at two times holds the same documents at two moments:
//! the newer state is the one to use, whichever file's name sorts first. Newer means a later
//! updated date on the record, else (the records' dates equal or missing) a later latest date
//! of the file.

use std::collections::BTreeMap;

use super::loader::LaterState;
use crate::dataset::{Dataset, Origin, Purchase, Sale};
use crate::date::Date;
use crate::inputs::InputSummary;
use crate::kinds::Kind;

/// A record's claim to be the newer: its own updated date, then its file's latest date.
type Recency = (Option<Date>, Option<Date>);

fn newer(candidate: Recency, current: Recency) -> bool {
    match (candidate.0, current.0) {
        (Some(a), Some(b)) if a != b => a > b,
        _ => matches!((candidate.1, current.1), (Some(a), Some(b)) if a > b),
    }
}

/// What can change between two exports of a sale: an identical record is a plain duplicate.
fn sale_state(s: &Sale) -> impl PartialEq + '_ {
    (
        (&s.status, &s.order_status, &s.shipping_status, &s.fulfilment_status, &s.invoice_status),
        (s.invoice_amount.get(), &s.invoice_number, s.invoice_date, s.updated),
    )
}

fn purchase_state(p: &Purchase) -> impl PartialEq + '_ {
    (
        (&p.status, &p.order_status, &p.receiving_status, &p.invoice_status, &p.task_invoice_status),
        (p.invoice_amount, &p.invoice_number, p.invoice_date, p.last_updated),
    )
}

/// Put the newest state of each record met in several files in its place, and make the
/// files' counts and the duplicates say which was used.
pub(super) fn keep_newer_states(data: &mut Dataset, inputs: &mut [InputSummary], later: Vec<LaterState>) {
    if later.is_empty() {
        return;
    }
    let file_dates: Vec<Option<Date>> =
        data.files.iter().map(|f| inputs.iter().find(|i| i.file == f.name && i.kind == f.kind).and_then(|i| i.last_date)).collect();
    let file_date = |o: Origin| file_dates.get(o.file as usize).copied().flatten();
    // The record each later state is of: found by the origin the duplicate names, before any
    // record moves (records lie in load order, so by origin).
    let mut first_of: BTreeMap<(Kind, Origin), Origin> = BTreeMap::new();
    for d in &data.duplicates {
        first_of.insert((d.kind, d.again), d.first);
    }
    let mut replaced: Vec<(Kind, Origin, Origin)> = Vec::new();
    let mut sales: BTreeMap<usize, Sale> = BTreeMap::new();
    let mut purchases: BTreeMap<usize, Purchase> = BTreeMap::new();
    for state in later {
        match state {
            LaterState::Sale(s) => {
                let Some(first) = first_of.get(&(Kind::Cin7Sales, s.origin)) else { continue };
                let Ok(at) = data.sales.binary_search_by_key(&(first.file, first.line), |r| (r.origin.file, r.origin.line)) else {
                    continue;
                };
                let current = sales.get(&at).unwrap_or(&data.sales[at]);
                if sale_state(&s) != sale_state(current)
                    && newer((s.updated, file_date(s.origin)), (current.updated, file_date(current.origin)))
                {
                    sales.insert(at, *s);
                }
            }
            LaterState::Purchase(p) => {
                let Some(first) = first_of.get(&(Kind::Cin7Purchases, p.origin)) else { continue };
                let Ok(at) = data.purchases.binary_search_by_key(&(first.file, first.line), |r| (r.origin.file, r.origin.line)) else {
                    continue;
                };
                let current = purchases.get(&at).unwrap_or(&data.purchases[at]);
                if purchase_state(&p) != purchase_state(current)
                    && newer((p.last_updated, file_date(p.origin)), (current.last_updated, file_date(current.origin)))
                {
                    purchases.insert(at, *p);
                }
            }
        }
    }
    for (at, s) in sales {
        replaced.push((Kind::Cin7Sales, data.sales[at].origin, s.origin));
        data.sales[at] = s;
    }
    for (at, p) in purchases {
        replaced.push((Kind::Cin7Purchases, data.purchases[at].origin, p.origin));
        data.purchases[at] = p;
    }
    let mut moved = BTreeMap::new();
    for (kind, old, new) in replaced {
        moved.insert((kind, old), new);
        let name = |o: Origin| data.files.get(o.file as usize).map(|f| f.name.clone());
        for (origin, delta) in [(old, -1i64), (new, 1)] {
            if let Some(input) = name(origin).and_then(|n| inputs.iter_mut().find(|i| i.file == n && i.kind == Some(kind))) {
                input.rows = input.rows.saturating_add_signed(delta);
                input.duplicates = input.duplicates.saturating_add_signed(-delta);
            }
        }
    }
    for d in &mut data.duplicates {
        if let Some(&new) = moved.get(&(d.kind, d.first)) {
            // The record first read is now the one passed over, as an older state; any other
            // copy of it points at the one used.
            if d.again == new {
                d.again = d.first;
                d.older = true;
            }
            d.first = new;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::newer;
    use crate::date::Date;

    #[test]
    fn the_record_s_own_date_decides_before_its_file_s() {
        let d = |day| Date::from_ymd(2026, 3, day);
        assert!(newer((d(20), d(1)), (d(10), d(31))), "a later update wins over a later file");
        assert!(!newer((d(10), d(31)), (d(20), d(1))));
        assert!(newer((d(10), d(31)), (d(10), d(28))), "the same update: the later file");
        assert!(newer((None, d(31)), (None, d(28))));
        assert!(!newer((None, d(28)), (None, d(28))), "nothing tells: the first read stays");
        assert!(!newer((None, None), (d(10), d(28))));
    }
}
