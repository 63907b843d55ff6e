//! How much room a table's records get: sized once from the first pass's count of rows (a
//! large file's estimated from samples across it), with room for later files of the same
//! kind, topped up while loading when the estimate falls short, and given back once no file
//! still to come may add to it. Growing a table copies it and leaves the old block behind,
//! so these few decisions are most of the import's peak memory.

use crate::dataset::Storage;

/// The sizing of one text file's records while it loads.
pub(super) struct StoragePlan {
    /// Bytes of the file loaded so far, and its size.
    loaded: u64,
    size: u64,
    /// Records of the same kind expected from files still to load (storage is kept for them).
    later_rows: usize,
    /// Bytes loaded and records read at the last look at the storage (see `top_up`).
    mark: (u64, usize),
}

impl StoragePlan {
    /// Room for this file's `rows` and the `later_rows` of later files of its kind, so that a
    /// second export of a table (a recent extract) does not copy the first's records into
    /// storage twice their size.
    pub(super) fn begin(storage: Option<&mut dyn Storage>, size: u64, rows: usize, later_rows: usize) -> StoragePlan {
        if let Some(storage) = storage {
            storage.reserve_exact(rows + later_rows);
        }
        StoragePlan { loaded: 0, size, later_rows, mark: (0, 0) }
    }

    pub(super) fn loaded(&mut self, bytes: usize) {
        self.loaded += bytes as u64;
    }

    /// Storage for the rest of the file at the rows per byte loaded so far, when the first
    /// pass's estimate falls short (a file whose later rows are shorter than its first).
    /// Looked at only when the storage is about to run out: by then the rate is known well,
    /// and growing storage copies it and leaves the old block behind, so it is done rarely.
    pub(super) fn top_up(&mut self, chunk: usize, records: usize, storage: &mut dyn Storage) {
        let (stored, capacity) = storage.len_and_capacity();
        let room = capacity - stored;
        // The rows per byte so far, or over the last megabyte or so if that is higher (rows
        // getting shorter). The mark moves on every megabyte, whether or not storage grows.
        let (mark_loaded, mark_records) = self.mark;
        let per_byte = |rows: usize, bytes: u64| rows as f64 / bytes.max(1) as f64;
        let mut rate = per_byte(records, self.loaded);
        if self.loaded - mark_loaded >= 1 << 18 {
            rate = rate.max(per_byte(records - mark_records, self.loaded - mark_loaded));
        }
        if self.loaded - mark_loaded >= 1 << 20 {
            self.mark = (self.loaded, records);
        }
        // Rows the next chunks may bring (chunks of a browser's stream grow to about 2 MB).
        let lookahead = 3 * chunk.max(1 << 20) / 2;
        if room as f64 > rate * lookahead as f64 {
            return;
        }
        // The rows of the rest of the file; no margin: growing when the estimate is only a
        // little short would copy the storage for nothing.
        let rest = (self.size.saturating_sub(self.loaded) as f64 * rate) as usize;
        let needed = rest.saturating_add(self.later_rows);
        if room < needed {
            // At least a quarter as much again as is stored, so that a rate still rising
            // does not grow the storage chunk after chunk.
            let more = needed.saturating_add(needed / 8).max(stored / 4);
            storage.reserve_exact(more);
        }
    }
}

/// Rows in a file of `size` bytes from `rows` in `read` of its bytes, a little over.
pub(super) fn estimate_rows(rows: u64, read: u64, size: u64) -> u64 {
    if read == 0 {
        return rows;
    }
    let estimate = u128::from(rows) * u128::from(size.max(read)) / u128::from(read);
    u64::try_from(estimate + estimate / 32).unwrap_or(u64::MAX)
}
