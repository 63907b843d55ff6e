//! Where the allocator gets memory from: the module's linear memory, grown in steps.
//!
//! Talc's own WebAssembly source grows memory by exactly what the failing allocation needs,
//! so a large load made thousands of growth calls (each a call into the browser, which may
//! also collect garbage) and ran several times slower. Growing by a thirty-second of the
//! current size (at least 1 MB, at most 16 MB) keeps the calls to about a hundred on the
//! million-movement bundle while the memory never overshoots what is used by more than a
//! thirty-second, or 16 MB (an eighth left 80 MB unused at the peak of that bundle, and was
//! no faster; a 4 MB floor left up to a tenth of the scale-100 bundle's memory unused and
//! put it over its input's size); reserving a file's size up
//! front, as this module did before, left up to the whole file unused.

use core::alloc::Layout;
use core::ptr::NonNull;

use talc::base::binning::Binning;
use talc::base::{Talc, CHUNK_UNIT};

/// A WebAssembly page.
const PAGE: usize = 64 * 1024;
/// The smallest growth: 1 MB.
const MIN_STEP_PAGES: usize = 16;
/// The largest growth unless one allocation needs more: 16 MB. A thirty-second of a very
/// large memory (22 MB at 700 MB) could leave that much unused at the peak; the few more
/// calls this costs past 512 MB take no measurable time.
const MAX_STEP_PAGES: usize = 256;

/// The allocator's source: grows linear memory in steps and extends the heap when the new
/// pages follow it (they always do unless something else grew the memory).
#[derive(Debug, Default)]
pub struct GrowInSteps {
    heap_end: Option<NonNull<u8>>,
}

impl GrowInSteps {
    pub const fn new() -> Self {
        Self { heap_end: None }
    }
}

/// Pages that surely hold an allocation of `layout` with the allocator's bookkeeping.
fn pages_for(layout: Layout) -> usize {
    let bytes = layout.size().saturating_add(layout.align()).saturating_add(4 * CHUNK_UNIT);
    bytes.div_ceil(PAGE)
}

/// The number of pages to grow by when `needed` are wanted and `current` exist.
pub fn step_pages(needed: usize, current: usize) -> usize {
    needed.max((current / 32).clamp(MIN_STEP_PAGES, MAX_STEP_PAGES))
}

#[cfg(target_arch = "wasm32")]
fn grow(pages: usize) -> Option<usize> {
    match core::arch::wasm32::memory_grow::<0>(pages) {
        usize::MAX => None,
        previous => Some(previous),
    }
}

#[cfg(target_arch = "wasm32")]
fn current_pages() -> usize {
    core::arch::wasm32::memory_size::<0>()
}

#[cfg(not(target_arch = "wasm32"))]
fn grow(_pages: usize) -> Option<usize> {
    None
}

#[cfg(not(target_arch = "wasm32"))]
fn current_pages() -> usize {
    0
}

// SAFETY: `acquire` neither allocates nor touches the allocator except through `talc`, and
// only hands it pages that memory.grow has just added, which nothing else uses.
unsafe impl talc::source::Source for GrowInSteps {
    fn acquire<B: Binning>(talc: &mut Talc<Self, B>, layout: Layout) -> Result<(), ()> {
        let needed = pages_for(layout);
        let wanted = step_pages(needed, current_pages());
        // Where the large step does not fit under the browser's limit, take just enough.
        let (previous, pages) = match grow(wanted) {
            Some(previous) => (previous, wanted),
            None => (grow(needed).ok_or(())?, needed),
        };
        let base = (previous * PAGE) as *mut u8;
        let end = base.wrapping_add(pages * PAGE);
        if let Some(heap_end) = talc.source.heap_end.take() {
            if heap_end.as_ptr() == base {
                // SAFETY: the pages from `heap_end` to `end` were just added and are unused.
                talc.source.heap_end = Some(unsafe { talc.extend(heap_end, end) });
                return Ok(());
            }
        }
        // SAFETY: as above; the new pages become a heap of their own.
        talc.source.heap_end = unsafe { talc.claim(base, pages * PAGE) };
        talc.source.heap_end.map(|_| ()).ok_or(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_grows_by_a_thirty_second_between_one_and_sixteen_megabytes() {
        assert_eq!(step_pages(1, 17), 16);
        assert_eq!(step_pages(1, 2_400), 75);
        assert_eq!(step_pages(1, 16_000), 256);
        // An allocation larger than the step gets what it needs.
        assert_eq!(step_pages(5_000, 16_000), 5_000);
        assert_eq!(step_pages(100, 2_400), 100);
    }

    #[test]
    fn an_allocation_gets_room_for_its_size_alignment_and_bookkeeping() {
        let pages = |size, align| pages_for(Layout::from_size_align(size, align).expect("a valid layout"));
        assert_eq!(pages(10, 8), 1);
        assert_eq!(pages(PAGE, 8), 2);
        assert_eq!(pages(100 * PAGE, 4), 101);
    }
}
