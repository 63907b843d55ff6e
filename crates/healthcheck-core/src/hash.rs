//! Hashing for look-up tables and record fingerprints: fast, word at a time, and the same on
//! every run and machine (the standard library's hasher is seeded at random and, for short
//! keys, several times slower; no table here faces keys chosen to collide).

use std::hash::{BuildHasherDefault, Hash, Hasher};

/// A hash map with [`FastHasher`].
pub type HashMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<FastHasher>>;

/// Multiply-rotate over 8-byte words (the scheme of rustc's FxHasher).
#[derive(Clone, Copy, Default)]
pub struct FastHasher(u64);

const FX: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FastHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(FX);
    }
}

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            self.add(u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(last));
        }
    }
    fn write_u8(&mut self, v: u8) {
        self.add(u64::from(v));
    }
    fn write_u32(&mut self, v: u32) {
        self.add(u64::from(v));
    }
    fn write_u64(&mut self, v: u64) {
        self.add(v);
    }
    fn write_usize(&mut self, v: usize) {
        self.add(v as u64);
    }
    /// Mixed once more: after the last multiply the low bits, which pick the bucket, would
    /// depend only on the low bytes of each word.
    fn finish(&self) -> u64 {
        avalanche(self.0)
    }
}

/// The [`FastHasher`] hash of a string's bytes, for tables that hash keys themselves.
pub fn hash_str(text: &str) -> u64 {
    let mut hasher = FastHasher::default();
    hasher.write(text.as_bytes());
    hasher.finish()
}

/// MurmurHash3's finaliser: every input bit reaches every output bit.
fn avalanche(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// One lane of a fingerprint: words mixed in by multiply and xor-shift, then [`avalanche`].
struct Lane {
    h: u64,
    k: u64,
}

impl Lane {
    fn add(&mut self, word: u64) {
        self.h = (self.h ^ word).wrapping_mul(self.k);
        self.h ^= self.h >> 29;
    }

    fn finish(&self) -> u64 {
        avalanche(self.h)
    }
}

/// Two independent lanes over the same words: a 128-bit fingerprint.
struct Fingerprinter([Lane; 2]);

impl Hasher for Fingerprinter {
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            let word = u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]);
            self.0.iter_mut().for_each(|l| l.add(word));
        }
        let rest = words.remainder();
        // The length goes in with the last word, so "ab" + "" and "a" + "b" differ.
        let mut last = [0u8; 8];
        last[..rest.len()].copy_from_slice(rest);
        let word = u64::from_le_bytes(last) ^ ((bytes.len() as u64) << 56);
        self.0.iter_mut().for_each(|l| l.add(word));
    }
    fn finish(&self) -> u64 {
        self.0[0].finish()
    }
}

/// A 128-bit fingerprint of a record's identifying fields, so that overlapping rows can be
/// recognised without building a key string per row. Two different records share one with
/// negligible odds (about 1 in 10^26 for a million records).
pub fn fingerprint<K: Hash>(key: &K) -> u128 {
    let mut f = Fingerprinter([
        Lane { h: 0x243f_6a88_85a3_08d3, k: 0x9e37_79b9_7f4a_7c15 },
        Lane { h: 0x1319_8a2e_0370_7344, k: 0xbf58_476d_1ce4_e5b9 },
    ]);
    key.hash(&mut f);
    (u128::from(f.0[0].finish()) << 64) | u128::from(f.0[1].finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_tell_records_apart() {
        let a = fingerprint(&("PO-1", "WID-1", 5u32));
        assert_eq!(a, fingerprint(&("PO-1", "WID-1", 5u32)), "the same key, the same print");
        assert_ne!(a, fingerprint(&("PO-1", "WID-1", 6u32)));
        assert_ne!(fingerprint(&("ab", "")), fingerprint(&("a", "b")));
        // A million distinct keys, no two prints alike (and no two halves alike either).
        let mut seen = std::collections::HashSet::new();
        for i in 0..1_000_000u32 {
            assert!(seen.insert(fingerprint(&(format!("SKU-{i}"), i % 7)) as u64));
        }
    }

    #[test]
    fn fast_hasher_is_stable() {
        use std::hash::BuildHasher;
        let b = BuildHasherDefault::<FastHasher>::default();
        assert_eq!(b.hash_one("WID-1"), b.hash_one("WID-1"));
        assert_ne!(b.hash_one("WID-1"), b.hash_one("WID-2"));
    }
}
