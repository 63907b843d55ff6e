//! Small text tests that run once per record, written not to allocate.

/// Whether `haystack` contains `needle` (given in lower case), ignoring ASCII case.
pub fn contains_ignore_case(haystack: &str, needle: &str) -> bool {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    n.is_empty() || h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
}

/// Whether `text` starts with `prefix` (given in lower case), ignoring ASCII case.
pub fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.len() >= prefix.len() && text.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignores_ascii_case_only() {
        assert!(contains_ignore_case("Manual Journal #12", "manual journal"));
        assert!(contains_ignore_case("x", ""));
        assert!(!contains_ignore_case("Manual", "manual journal"));
        assert!(starts_with_ignore_case("TOTAL Inventory", "total"));
        assert!(!starts_with_ignore_case("Tot", "total"));
        assert!(!starts_with_ignore_case("Ébc", "ebc"));
    }
}
