//! Which Shopify store each orders file is from. Every store numbers its orders from #1001,
//! so a business with two stores has two orders #1042: the checks that match orders to Cin7
//! Core sales do it store by store, and the report names the store of each file.

use std::collections::{BTreeMap, BTreeSet};

use crate::dataset::Dataset;
use crate::inputs::{FileOverride, InputSummary};
use crate::kinds::Kind;
use crate::text::Text;

/// What an orders file shows of its store: the letters before its order numbers (`#`,
/// `#US`, `AU-`) and its currency, each the most common in the file.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Debug)]
struct StoreEvidence {
    prefix: String,
    currency: Option<String>,
}

/// How often each order prefix and each currency appears in a file.
type Counts<'a> = (BTreeMap<&'a str, usize>, BTreeMap<&'a str, usize>);

/// The most common of counted values; among equals, the first in text order (so file order
/// never matters).
fn most_common(counts: BTreeMap<&str, usize>) -> Option<String> {
    counts.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0))).map(|(v, _)| v.to_string())
}

/// Label each orders file's store, and its orders: the user's label for the file where one
/// was given, else the currency (`AUD`), else the order prefix, else the file's name; when
/// all files show one store, its currency or `Shopify`.
pub(super) fn label_stores(data: &mut Dataset, inputs: &mut [InputSummary], overrides: &BTreeMap<String, FileOverride>) {
    let files: Vec<usize> = (0..data.files.len()).filter(|&f| data.files[f].kind == Some(Kind::ShopifyOrders)).collect();
    if files.is_empty() {
        return;
    }
    // One pass over the orders: each file's order prefixes and currencies, counted.
    let mut counts: BTreeMap<usize, Counts> = files.iter().map(|&f| (f, Counts::default())).collect();
    for o in &data.channel_orders {
        if let Some((prefixes, currencies)) = counts.get_mut(&(o.origin.file as usize)) {
            *prefixes.entry(o.name.trim_end_matches(|c: char| c.is_ascii_digit())).or_default() += 1;
            if let Some(c) = o.currency.as_deref() {
                *currencies.entry(c).or_default() += 1;
            }
        }
    }
    let evidence: BTreeMap<usize, StoreEvidence> = counts
        .into_iter()
        .map(|(f, (prefixes, currencies))| {
            (f, StoreEvidence { prefix: most_common(prefixes).unwrap_or_default(), currency: most_common(currencies) })
        })
        .collect();
    let distinct: BTreeSet<&StoreEvidence> = evidence.values().collect();
    let currencies: BTreeSet<&Option<String>> = distinct.iter().map(|e| &e.currency).collect();
    let prefixes: BTreeSet<&String> = distinct.iter().map(|e| &e.prefix).collect();
    let mut labels: BTreeMap<usize, Text> = BTreeMap::new();
    for (&f, e) in &evidence {
        let name = &data.files[f].name;
        let told = overrides.get(name).and_then(|o| o.store.as_deref()).map(str::trim).filter(|s| !s.is_empty());
        let label = match told {
            Some(t) => t.to_string(),
            None if distinct.len() == 1 => e.currency.clone().unwrap_or_else(|| "Shopify".to_string()),
            None if currencies.len() == distinct.len() && e.currency.is_some() => e.currency.clone().unwrap_or_default(),
            None if prefixes.len() == distinct.len() => {
                format!("{} {}", e.prefix.trim(), e.currency.as_deref().unwrap_or_default()).trim().to_string()
            }
            None => name.rsplit_once('.').map_or(name.as_str(), |(stem, _)| stem).to_string(),
        };
        labels.insert(f, Text::from(label));
    }
    for o in &mut data.channel_orders {
        o.store = labels.get(&(o.origin.file as usize)).cloned();
    }
    for (f, label) in &labels {
        let name = &data.files[*f].name;
        if let Some(input) = inputs.iter_mut().find(|i| &i.file == name && i.kind == Some(Kind::ShopifyOrders)) {
            input.store = Some(label.to_string());
        }
    }
}
