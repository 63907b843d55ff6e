//! The three look-up tables of the index: records by the key of one text ([`Keyed`]), the
//! first record by any of several texts ([`FirstByAny`]), and records grouped by a key
//! ([`Groups`]). Each holds record numbers and key hashes in a [`Places`] table, filled in
//! slot order (see `places::in_slot_order`) so that a build does not miss the cache at
//! every insert.

use crate::hash::hash_str;
use crate::places::{Places, Probe};

use super::index::key_of;

/// Records found by the key of one of their texts. The table holds record numbers and the
/// keys' hashes (see [`Places`]): on a match of the hash, the key is made again from the
/// record, which a look-up does about once and a build almost never.
pub struct Keyed<'a, T> {
    records: &'a [T],
    text: fn(&T) -> Option<&str>,
    places: Places,
}

impl<'a, T> Keyed<'a, T> {
    /// Where several records have a key, the last is kept (as `collect` into a map does).
    pub(super) fn new(records: &'a [T], text: fn(&T) -> Option<&str>) -> Self {
        let key_at = |i: u32| records.get(i as usize).and_then(text).map(key_of);
        let mut places = Places::with_capacity(records.len());
        let pairs = (0u32..).zip(records).filter_map(|(i, r)| Some((hash_str(&key_of(text(r)?)) as u32, i))).collect();
        // A key is read again (from a record the slot order makes a random one) only where
        // two hashes agree.
        for (hash, i) in places.in_slot_order(pairs) {
            match places.probe(hash, |j| key_at(j) == key_at(i)) {
                Probe::Found { slot, .. } => places.replace(slot, i),
                Probe::Free(slot) => places.insert(slot, hash, i),
            }
        }
        Keyed { records, text, places }
    }

    /// The record whose key is the key of `text`.
    pub fn get(&self, text: &str) -> Option<&'a T> {
        let key = key_of(text);
        let (records, of) = (self.records, self.text);
        let found = self
            .places
            .find(hash_str(&key) as u32, |j| records.get(j as usize).and_then(of).map(key_of).as_deref() == Some(key.as_ref()))?;
        records.get(found as usize)
    }
}

/// Records found by the key of any of their texts (a sale by its customer reference or its
/// external id), the first record of a key kept. A place is the record's number times `N`
/// plus which of its texts the key came from: a record has more than one key, so the key
/// cannot be made again from the record alone.
pub struct FirstByAny<'a, T, const N: usize> {
    records: &'a [T],
    texts: fn(&T) -> [Option<&str>; N],
    places: Places,
}

impl<'a, T, const N: usize> FirstByAny<'a, T, N> {
    pub(super) fn new(records: &'a [T], texts: fn(&T) -> [Option<&str>; N]) -> Self {
        let mut pairs = Vec::new();
        for (i, record) in records.iter().enumerate() {
            for (which, text) in texts(record).into_iter().enumerate() {
                let Some(key) = text.map(key_of) else { continue };
                let place = i.checked_mul(N).and_then(|p| u32::try_from(p + which).ok()).unwrap_or(u32::MAX);
                pairs.push((hash_str(&key) as u32, place));
            }
        }
        let mut places = Places::with_capacity(pairs.len());
        let key_at = |place: u32| Self::text_at(records, texts, place).map(key_of);
        for (hash, place) in places.in_slot_order(pairs) {
            if let Probe::Free(slot) = places.probe(hash, |p| key_at(p) == key_at(place)) {
                places.insert(slot, hash, place);
            }
        }
        FirstByAny { records, texts, places }
    }

    /// The text at `place`: the record's number times `N` plus which of its texts.
    fn text_at(records: &[T], texts: fn(&T) -> [Option<&str>; N], place: u32) -> Option<&str> {
        records.get(place as usize / N).and_then(|r| texts(r)[place as usize % N])
    }

    /// Whether the text at `place` has the key `key`.
    fn is_key_of(records: &[T], texts: fn(&T) -> [Option<&str>; N], place: u32, key: &str) -> bool {
        Self::text_at(records, texts, place).is_some_and(|t| key_of(t) == key)
    }

    /// The first record one of whose texts has the key of `text`.
    pub fn get(&self, text: &str) -> Option<&'a T> {
        let key = key_of(text);
        let place = self.places.find(hash_str(&key) as u32, |place| Self::is_key_of(self.records, self.texts, place, &key))?;
        self.records.get(place as usize / N)
    }
}

/// Records grouped by their key, each group in file order. All groups share one list (a
/// range of it per key), which takes a fraction of the memory and time of a list per group;
/// the table holds each group's number only, its key made again from the group's first
/// record on a match of the hash.
pub struct Groups<'a, T> {
    /// Each group's number, by the hash of its key.
    places: Places,
    /// Each group's range of `items`, by its number.
    ranges: Vec<(u32, u32)>,
    items: Vec<&'a T>,
    text: fn(&T) -> &str,
}

impl<'a, T> Groups<'a, T> {
    /// Group `records` by the key of their text. Lines of one document usually follow one
    /// another: each run of one text is looked up once, and the runs are put in the table in
    /// the order of its slots (see [`Places::in_slot_order`]), then numbered as their keys
    /// first come.
    pub(super) fn new(records: &'a [T], text: fn(&T) -> &str) -> Self {
        // Each run's first record, and the hash of its key.
        let mut run_starts: Vec<u32> = Vec::new();
        let mut pairs: Vec<(u32, u32)> = Vec::new();
        let mut previous: Option<&str> = None;
        for (i, record) in (0u32..).zip(records) {
            let t = text(record);
            if previous.is_some_and(|p| std::ptr::eq(p, t) || p == t) {
                continue;
            }
            previous = Some(t);
            pairs.push((hash_str(&key_of(t)) as u32, u32::try_from(run_starts.len()).unwrap_or(u32::MAX)));
            run_starts.push(i);
        }
        let key_at = |run: u32| key_of(text(&records[run_starts[run as usize] as usize]));
        // Each run's first run of the same key: runs of one key share a slot and keep their
        // order, so the first of them is put in the table and the later ones find it.
        let mut places = Places::with_capacity(pairs.len());
        let mut first_run: Vec<u32> = (0..).take(run_starts.len()).collect();
        for (hash, run) in places.in_slot_order(pairs) {
            match places.probe(hash, |other| key_at(other) == key_at(run)) {
                Probe::Found { place, .. } => first_run[run as usize] = place,
                Probe::Free(slot) => places.insert(slot, hash, run),
            }
        }
        // Runs numbered into groups in the order their keys first come (a first run always
        // comes before the runs that name it, so its group number is there to copy).
        let mut group_of_run = first_run;
        let mut groups = 0u32;
        let mut in_order = true;
        for run in 0..group_of_run.len() {
            let first = group_of_run[run] as usize;
            group_of_run[run] = if first == run {
                groups += 1;
                groups - 1
            } else {
                in_order = false;
                group_of_run[first]
            };
        }
        places.map_places(|run| group_of_run[run as usize]);
        // Each group's number of records, then its range of the shared list.
        let run_end = |run: usize| run_starts.get(run + 1).map_or(records.len(), |&s| s as usize);
        let mut counts = vec![0u32; groups as usize];
        for (run, &group) in group_of_run.iter().enumerate() {
            counts[group as usize] += u32::try_from(run_end(run) - run_starts[run] as usize).unwrap_or(u32::MAX);
        }
        let mut ranges = Vec::with_capacity(counts.len());
        let mut total = 0u32;
        for count in &counts {
            ranges.push((total, total + count));
            total += count;
        }
        // Where a key comes back after another (rare in an export), its records are moved to
        // their group's range; otherwise the records are already in grouped order.
        let items = match records.first() {
            Some(first) if !in_order => {
                let mut starts: Vec<u32> = ranges.iter().map(|r| r.0).collect();
                let mut items = vec![first; records.len()];
                for (run, &group) in group_of_run.iter().enumerate() {
                    for record in &records[run_starts[run] as usize..run_end(run)] {
                        let slot = &mut starts[group as usize];
                        items[*slot as usize] = record;
                        *slot += 1;
                    }
                }
                items
            }
            _ => records.iter().collect(),
        };
        Groups { places, ranges, items, text }
    }

    /// Order each group's records by a key of theirs.
    pub(super) fn sort_each_by_key<K: Ord>(&mut self, key: impl Fn(&T) -> K) {
        for &(start, end) in &self.ranges {
            self.items[start as usize..end as usize].sort_by_key(|t| key(t));
        }
    }

    /// The records whose key is the key of `text`, in file order (none: empty).
    pub fn of(&self, text: &str) -> &[&'a T] {
        let key = key_of(text);
        let (items, ranges, of) = (&self.items, &self.ranges, self.text);
        let same = |g: u32| items.get(ranges[g as usize].0 as usize).is_some_and(|first| key_of(of(first)) == key);
        self.places.find(hash_str(&key) as u32, same).map_or(&[], |g| {
            let (start, end) = self.ranges[g as usize];
            &self.items[start as usize..end as usize]
        })
    }

    /// Every group, in the order their keys first come.
    pub fn all(&self) -> impl Iterator<Item = &[&'a T]> + '_ {
        self.ranges.iter().map(|&(start, end)| &self.items[start as usize..end as usize])
    }
}
