//! Sums a finance reader checks first, on the demo company: the parts that explain the
//! inventory variance, signed, and the unexplained rest add up to the variance.

use healthcheck_core::{analyze, InputFile, Settings};
use healthcheck_demo::{generate, DemoConfig};
use rust_decimal::Decimal;

/// The signed amounts of "+1,234.56 by SET004" and "-12.00 unexplained" in a message.
fn signed_parts(message: &str) -> Vec<(Decimal, String)> {
    let tail = message.split("; of it, ").nth(1).unwrap_or_default();
    tail.split(", ")
        .flat_map(|p| p.split(" and "))
        .filter_map(|part| {
            let (amount, what) = part.rsplit_once(" by ").or_else(|| part.strip_suffix(" unexplained").map(|a| (a, "unexplained")))?;
            let number: String = amount.chars().filter(|c| c.is_ascii_digit() || matches!(c, '.' | '-')).collect();
            Some((number.parse().ok()?, what.to_string()))
        })
        .collect()
}

#[test]
fn the_inventory_variance_is_its_signed_parts_and_the_rest() {
    for seed in [7, 11] {
        let demo = generate(&DemoConfig { seed, ..DemoConfig::default() });
        let files: Vec<InputFile> = demo.files.iter().map(|f| InputFile { name: &f.name, bytes: &f.bytes }).collect();
        let report = analyze(&files, &Settings { lock_date: Some(demo.lock_date), ..Settings::default() });
        let led001 = report.findings.iter().find(|f| f.code == "LED001").expect("the demo has an inventory variance");
        let variance = led001.impact.as_ref().expect("impact").amount;
        let parts = signed_parts(&led001.message);
        assert!(parts.len() >= 2, "seed {seed}: {}", led001.message);
        assert_eq!(parts.last().map(|p| p.1.as_str()), Some("unexplained"), "{}", led001.message);
        let sum: Decimal = parts.iter().map(|p| p.0).sum();
        assert_eq!(sum, variance, "seed {seed}: {}", led001.message);
        // The shares are the explaining findings' own, so the traces and CTL001 read the same rest.
        let shares: Decimal = report.findings.iter().filter_map(|f| f.impact.as_ref().and_then(|i| i.inventory_effect)).sum();
        assert_eq!(variance - shares, parts.last().map_or(Decimal::ZERO, |p| p.0), "seed {seed}");
    }
}
