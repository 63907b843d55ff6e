//! A hash table of places: numbers (a record's, a group's, a value's place in a list) found
//! by the hash of a key that lives elsewhere, in the records themselves.
//!
//! Open addressing with linear probing, eight bytes a slot (the key's hash and the place).
//! The tables built over a large export hold millions of keys, so nearly every look-up
//! misses the processor's cache: here a key not in the table costs one miss (its slot),
//! and a key found costs that and the record it is checked against, where a general hash
//! table reads its tags and its slots apart. The stored hash also spares most records
//! that are not the one sought from being read at all.

/// A key's hash and its place plus one (0: a free slot).
#[derive(Clone, Copy, Default)]
struct Slot {
    hash: u32,
    place: u32,
}

/// The most of the slots (in eighths) the places may fill before the slots are doubled.
const MAX_LOAD_IN_8: usize = 5;
const MIN_SLOTS: usize = 16;

#[derive(Default)]
pub struct Places {
    /// Empty, or a power of two long and never more than [`MAX_LOAD_IN_8`] full.
    slots: Vec<Slot>,
    len: usize,
}

/// Where a key is: its place and slot, or the free slot where it would go.
pub enum Probe {
    Found { place: u32, slot: usize },
    Free(usize),
}

impl Places {
    /// Room for `n` places without growing.
    pub fn with_capacity(n: usize) -> Places {
        Places { slots: vec![Slot::default(); slots_for(n)], len: 0 }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Where the key of hash `hash` is; `is(place)` tells whether the record at a place has
    /// that key (asked only of places stored with the same hash).
    pub fn probe(&self, hash: u32, mut is: impl FnMut(u32) -> bool) -> Probe {
        let Some(mask) = self.slots.len().checked_sub(1) else { return Probe::Free(usize::MAX) };
        let mut i = hash as usize & mask;
        loop {
            let slot = self.slots[i];
            if slot.place == 0 {
                return Probe::Free(i);
            }
            if slot.hash == hash && is(slot.place - 1) {
                return Probe::Found { place: slot.place - 1, slot: i };
            }
            i = (i + 1) & mask;
        }
    }

    /// The place of the key of hash `hash` (see [`Places::probe`]).
    pub fn find(&self, hash: u32, is: impl FnMut(u32) -> bool) -> Option<u32> {
        match self.probe(hash, is) {
            Probe::Found { place, .. } => Some(place),
            Probe::Free(_) => None,
        }
    }

    /// Put `place` for a key a probe did not find, at the free slot it answered; if the
    /// slots are full they are doubled first, and the key's free slot found again.
    pub fn insert(&mut self, free: usize, hash: u32, place: u32) {
        let mut slot = free;
        if (self.len + 1) * 8 > self.slots.len() * MAX_LOAD_IN_8 {
            self.grow();
            if let Probe::Free(moved) = self.probe(hash, |_| false) {
                slot = moved;
            }
        }
        if let Some(s) = self.slots.get_mut(slot) {
            *s = Slot { hash, place: place.saturating_add(1) };
            self.len += 1;
        }
    }

    /// Put `place` in the slot where a probe found another.
    pub fn replace(&mut self, found: usize, place: u32) {
        if let Some(s) = self.slots.get_mut(found).filter(|s| s.place != 0) {
            s.place = place.saturating_add(1);
        }
    }

    /// Twice the slots (at least [`MIN_SLOTS`]), each place moved by the hash it keeps.
    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(MIN_SLOTS);
        let old = std::mem::replace(&mut self.slots, vec![Slot::default(); size]);
        let mask = size - 1;
        for slot in old.into_iter().filter(|s| s.place != 0) {
            let mut i = slot.hash as usize & mask;
            while self.slots[i].place != 0 {
                i = (i + 1) & mask;
            }
            self.slots[i] = slot;
        }
    }

    /// `(hash, place)` pairs in the order of the slots their hashes point to, pairs of one
    /// slot in the order given (a stable radix sort). Put in that order into a table with
    /// room for all of them, the pairs fill the slots from first to last: over a large export
    /// a table built in record order misses the processor's cache at nearly every key (that
    /// was most of the time spent on the checks' look-ups before any check ran).
    pub fn in_slot_order(&self, pairs: Vec<(u32, u32)>) -> Vec<(u32, u32)> {
        const DIGIT_BITS: u32 = 11;
        // The bits of a slot's number (none for a table without slots: the order given).
        let bits = self.slots.len().checked_sub(1).map_or(0, |mask| usize::BITS - mask.leading_zeros());
        let (mut pairs, mut spare) = (pairs, Vec::new());
        let mut shift = 0;
        while shift < bits {
            let width = DIGIT_BITS.min(bits - shift);
            let digit = |hash: u32| ((hash >> shift) & ((1 << width) - 1)) as usize;
            let mut starts = vec![0usize; 1 << width];
            for &(hash, _) in &pairs {
                starts[digit(hash)] += 1;
            }
            let mut total = 0;
            for start in &mut starts {
                (*start, total) = (total, total + *start);
            }
            spare.clear();
            spare.resize(pairs.len(), (0, 0));
            for &pair in &pairs {
                let at = &mut starts[digit(pair.0)];
                spare[*at] = pair;
                *at += 1;
            }
            std::mem::swap(&mut pairs, &mut spare);
            shift += width;
        }
        pairs
    }

    /// Every place changed to `change(place)`.
    pub fn map_places(&mut self, mut change: impl FnMut(u32) -> u32) {
        for slot in self.slots.iter_mut().filter(|s| s.place != 0) {
            slot.place = change(slot.place - 1).saturating_add(1);
        }
    }

    /// Every place, in no particular order.
    pub fn places(&self) -> impl Iterator<Item = u32> + '_ {
        self.slots.iter().filter(|s| s.place != 0).map(|s| s.place - 1)
    }
}

/// Slots for `n` places: a power of two at least 8/5 of `n`.
fn slots_for(n: usize) -> usize {
    (n.saturating_mul(8) / MAX_LOAD_IN_8 + 1).next_power_of_two().max(MIN_SLOTS)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Keys whose hashes all share their low bits, so they pile up in one run of slots.
    fn colliding(i: u32) -> u32 {
        (i << 20) | 7
    }

    #[test]
    fn finds_each_place_by_its_key_through_collisions_and_growth() {
        let keys: Vec<String> = (0..3000).map(|i| format!("SO-{i}")).collect();
        let mut places = Places::default();
        for (i, key) in keys.iter().enumerate() {
            let hash = if i < 40 { colliding(i as u32) } else { crate::hash::hash_str(key) as u32 };
            match places.probe(hash, |p| keys[p as usize] == *key) {
                Probe::Free(slot) => places.insert(slot, hash, i as u32),
                Probe::Found { .. } => panic!("{key} found before it was put"),
            }
        }
        assert_eq!(places.len(), 3000);
        assert_eq!(places.slots.len(), 8192, "3000 places fill no more than five eighths");
        for (i, key) in keys.iter().enumerate() {
            let hash = if i < 40 { colliding(i as u32) } else { crate::hash::hash_str(key) as u32 };
            assert_eq!(places.find(hash, |p| keys[p as usize] == *key), Some(i as u32), "{key}");
        }
        assert_eq!(places.find(colliding(41), |_| true), None, "a hash never put");
        assert_eq!(places.find(colliding(3), |_| false), None, "the same hash, another key");
        let mut all: Vec<u32> = places.places().collect();
        all.sort_unstable();
        assert_eq!(all, (0..3000).collect::<Vec<u32>>());
    }

    #[test]
    fn pairs_in_slot_order_keep_the_order_given_within_a_slot() {
        let places = Places::with_capacity(5000);
        let mask = places.slots.len() as u32 - 1;
        let pairs: Vec<(u32, u32)> = (0..5000u32).map(|i| (crate::hash::hash_str(&format!("SO-{}", i % 4000)) as u32, i)).collect();
        let sorted = places.in_slot_order(pairs.clone());
        let mut expected = pairs;
        expected.sort_by_key(|(hash, _)| hash & mask);
        assert_eq!(sorted, expected);
        assert!(Places::default().in_slot_order(vec![(3, 1), (1, 2)]) == vec![(3, 1), (1, 2)], "no slots: as given");
    }

    #[test]
    fn a_found_place_can_be_replaced_and_capacity_is_kept() {
        let mut places = Places::with_capacity(100);
        assert_eq!(places.slots.len(), 256);
        let Probe::Free(slot) = places.probe(5, |_| true) else { panic!("empty") };
        places.insert(slot, 5, 1);
        let Probe::Found { place: 1, slot } = places.probe(5, |p| p == 1) else { panic!("not found") };
        places.replace(slot, 9);
        assert_eq!(places.len(), 1, "replaced, not added");
        assert_eq!(places.find(5, |_| true), Some(9));
        assert_eq!(places.slots.len(), 256, "room for 100 made at once");
        let mut empty = Places::default();
        let Probe::Free(slot) = empty.probe(5, |_| true) else { panic!("nothing to find") };
        empty.insert(slot, 5, 3);
        assert_eq!((empty.find(5, |_| true), empty.slots.len()), (Some(3), MIN_SLOTS), "slots made for the first place");
    }
}
