//! Keeping the checks' arithmetic exact. Amounts are exact decimals, which hold about 7.9e28;
//! every value is under ten trillion, yet a check that multiplies quantities by costs and
//! adds thousands of them up can pass that. Rather than let one absurd file stop the whole
//! analysis, files whose numbers could carry a sum that far are left out before any check
//! runs, with the reason, and the rest of the report stands.
//!
//! The bound: a check's sum of products of two numbers is at most the sum of every number's
//! magnitude times the largest magnitude, and each magnitude is below ten to the digits it
//! has before the point. So, with `n` numbers per file of at most `d` digits, no sum of the
//! checks can pass `Σ n·10^d × 10^max d`. While that exceeds [`SAFE`], the file with the
//! widest numbers is left out.

use crate::dataset::Dataset;

/// The bound the checks' sums must stay under, well below the decimal's limit, with room for
/// a few such sums to be added together and for percentages.
pub const SAFE: f64 = 5e27;

/// A file left out because its numbers could overflow the checks' sums.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LeftOut {
    pub file: u32,
    pub name: String,
    pub column: String,
    pub digits: u32,
}

impl LeftOut {
    /// The reason, as the report gives it.
    pub fn reason(&self) -> String {
        format!(
            "left out: its numbers (column {}, up to {} digits before the point) are so large that sums of the checks over them and the other files could pass what exact arithmetic holds",
            self.column, self.digits
        )
    }
}

/// Leave out, widest first, the files whose numbers could carry a sum past [`SAFE`].
pub fn leave_out_oversized(data: &mut Dataset) -> Vec<LeftOut> {
    let mut out = Vec::new();
    loop {
        let live = || data.files.iter().enumerate().filter(|(_, f)| f.kind.is_some() && f.magnitude.numbers > 0);
        let total: f64 = live().map(|(_, f)| f.magnitude.numbers as f64 * 10f64.powi(f.magnitude.widest_digits as i32)).sum();
        let widest = live().map(|(_, f)| f.magnitude.widest_digits).max().unwrap_or(0);
        if total * 10f64.powi(widest as i32) <= SAFE {
            return out;
        }
        let Some((i, f)) = live().max_by_key(|(i, f)| (f.magnitude.widest_digits, f.magnitude.numbers, std::cmp::Reverse(*i))) else {
            return out;
        };
        let file = u32::try_from(i).unwrap_or(u32::MAX);
        out.push(LeftOut { file, name: f.name.clone(), column: f.magnitude.widest_column.clone(), digits: f.magnitude.widest_digits });
        drop_file(data, file);
    }
}

/// Leave out every record read from file `file` (by index), as if it had not been given.
fn drop_file(data: &mut Dataset, file: u32) {
    macro_rules! drop_from {
        ($($table:ident),*) => {$( data.$table.retain(|r| r.origin.file != file); )*};
    }
    drop_from!(
        sales,
        sale_lines,
        purchases,
        purchase_lines,
        stock,
        products,
        movements,
        adjustments,
        sync_log,
        trial_balance,
        ledger,
        ledger_openings,
        accounts,
        manual_journals,
        accounting_items,
        channel_orders,
        channel_products,
        channel_stock
    );
    data.duplicates.retain(|d| d.first.file != file && d.again.file != file);
    if let Some(f) = data.files.get_mut(file as usize) {
        f.kind = None;
    }
}
