//! What each check counts its findings among: the population behind the breadth term of a
//! stage's score (see `sequence`). Ten unshipped sales out of fifty is a broken routine;
//! ten out of fifty thousand is a few slips.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::dataset::Dataset;

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Counted {
    Sales,
    Purchases,
    /// Sales, purchases and stock adjustments.
    Documents,
    /// Products, or SKUs in the stock report where there is no product list.
    Skus,
    /// Documents that appear in the integration's sync report.
    SyncedDocuments,
    ChannelOrders,
    /// Months the inputs cover.
    Months,
    /// The business as a whole: one finding is the whole population.
    Business,
}

impl Counted {
    pub const ALL: [Counted; 8] = [
        Counted::Sales,
        Counted::Purchases,
        Counted::Documents,
        Counted::Skus,
        Counted::SyncedDocuments,
        Counted::ChannelOrders,
        Counted::Months,
        Counted::Business,
    ];

    /// The plural noun a reader sees: "3 of 1,204 sales".
    pub fn noun(self) -> &'static str {
        match self {
            Counted::Sales => "sales",
            Counted::Purchases => "purchases",
            Counted::Documents => "documents",
            Counted::Skus => "SKUs",
            Counted::SyncedDocuments => "synced documents",
            Counted::ChannelOrders => "channel orders",
            Counted::Months => "months",
            Counted::Business => "business-wide",
        }
    }
}

/// How many of each population the inputs hold.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Populations {
    counts: [u64; 8],
}

impl Populations {
    /// Counts every population in the dataset; `months` is the span of the inputs' dates.
    pub fn of(data: &Dataset, months: u64) -> Populations {
        let stock_skus: BTreeSet<&str> = data.stock.iter().map(|s| s.sku.as_str()).collect();
        let synced: BTreeSet<&str> = data.sync_log.iter().map(|s| s.cin7_number.as_str()).collect();
        let len = |n: usize| n as u64;
        let mut p = Populations::default();
        for c in Counted::ALL {
            p.counts[c as usize] = match c {
                Counted::Sales => len(data.sales.len()),
                Counted::Purchases => len(data.purchases.len()),
                Counted::Documents => len(data.sales.len() + data.purchases.len() + data.adjustments.len()),
                Counted::Skus => len(data.products.len().max(stock_skus.len())),
                Counted::SyncedDocuments => len(synced.len()),
                Counted::ChannelOrders => len(data.channel_orders.len()),
                Counted::Months => months,
                Counted::Business => 1,
            };
        }
        p
    }

    /// The same counts with one population set: for tests and callers that know better.
    pub fn with(mut self, c: Counted, n: u64) -> Populations {
        self.counts[c as usize] = n;
        self
    }

    /// How many there are; `None` where the inputs hold none (the breadth is then full).
    pub fn get(&self, c: Counted) -> Option<u64> {
        Some(self.counts[c as usize]).filter(|n| *n > 0)
    }
}
