//! The core's modules stand in layers, and a module names only modules of its own layer or
//! below: the vocabulary (kinds, inputs, findings, settings) under the dataset, the dataset
//! under the import, the import under the rules, the rules under the sequence and the traces,
//! and those under the report. This test reads every `crate::` path of the core's sources
//! against that order, and looks for cycles among modules of the same layer.
#![allow(clippy::disallowed_methods)] // a test reads the sources; the core itself does no I/O.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Lowest first. A module not listed here fails the test: a new module takes a layer.
const LAYERS: &[&[&str]] = &[
    &["date", "hash", "identifier", "places", "small_decimal", "text"],
    &["kinds", "inputs", "findings", "settings"],
    &["dataset"],
    &["import"],
    &["as_of", "magnitude"],
    &["rules"],
    &["sequence", "trace", "plan", "charts"],
    &["report"],
    &["compare"],
    &["lib"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir).expect("src").map(|e| e.expect("entry").path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a source file belongs to: `import/stream.rs` → `import`.
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).expect("under src");
    let first = rel.components().next().expect("a component").as_os_str().to_string_lossy().to_string();
    first.trim_end_matches(".rs").to_string()
}

/// The top-level modules a file names through `crate::` (or `$crate::`), outside comments.
fn named_modules(text: &str) -> BTreeSet<String> {
    let mut named = BTreeSet::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            let after = &rest[at + "crate::".len()..];
            let name: String = after.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            if !name.is_empty() {
                named.insert(name);
            }
            rest = after;
        }
        // `crate::{a, b}` in one use line.
        if let Some(at) = code.find("crate::{") {
            let inner = &code[at + "crate::{".len()..];
            for part in inner.split([',', '}']) {
                let name: String = part.trim().chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
                if !name.is_empty() {
                    named.insert(name);
                }
            }
        }
    }
    named
}

fn edges() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files {
        let module = module_of(&src, &file);
        let text = std::fs::read_to_string(&file).expect("read");
        let named = named_modules(&text);
        let entry = edges.entry(module.clone()).or_default();
        // Lower-case names are modules; `crate::Report` and the like are items of the root.
        entry.extend(named.into_iter().filter(|m| *m != module && m.starts_with(|c: char| c.is_ascii_lowercase())));
    }
    edges
}

#[test]
fn every_module_has_a_layer() {
    let unplaced: Vec<String> = edges().into_keys().filter(|m| layer_of(m).is_none()).collect();
    assert!(unplaced.is_empty(), "modules with no layer in LAYERS: {unplaced:?}");
}

#[test]
fn no_module_names_a_module_above_it() {
    let mut upward = Vec::new();
    for (from, tos) in edges() {
        let Some(from_layer) = layer_of(&from) else { continue };
        for to in tos {
            match layer_of(&to) {
                Some(to_layer) if to_layer <= from_layer => {}
                Some(_) => upward.push(format!("{from} → {to}")),
                // Not a module of the crate (a macro's `$crate::` path ends in a type).
                None => {}
            }
        }
    }
    assert!(upward.is_empty(), "upward imports: {upward:?}");
}

#[test]
fn no_cycle_among_modules() {
    let edges = edges();
    // Depth-first search from every module; a module met again on the current path is a cycle.
    fn visit(
        m: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|p| p == m) {
            let mut cycle = path[at..].to_vec();
            cycle.push(m.to_string());
            return Some(cycle);
        }
        if done.contains(m) {
            return None;
        }
        path.push(m.to_string());
        for next in edges.get(m).into_iter().flatten() {
            if let Some(cycle) = visit(next, edges, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(m.to_string());
        None
    }
    let mut done = BTreeSet::new();
    for m in edges.keys() {
        let cycle = visit(m, &edges, &mut Vec::new(), &mut done);
        assert!(cycle.is_none(), "a cycle among the core's modules: {}", cycle.unwrap_or_default().join(" → "));
    }
}

#[test]
fn the_reader_of_paths_sees_them() {
    let named = named_modules("use crate::report::{Finding};\nlet x = crate::text::trim(a); // crate::lib\nuse crate::{date, hash};");
    assert_eq!(named.into_iter().collect::<Vec<_>>(), ["date", "hash", "report", "text"]);
}

const STAGES: [&str; 7] = ["setup", "inventory", "integration", "ledger", "trust", "control", "coverage"];

/// The code of a file, without its comments and without its `mod tests` (whose
/// `use super::*` is the test's own business).
fn code_of(text: &str) -> String {
    let before_tests = text.split("#[cfg(test)]").next().unwrap_or("");
    before_tests.lines().map(|l| l.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n")
}

fn rule_sources() -> Vec<(PathBuf, String)> {
    let rules = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules");
    let mut files = Vec::new();
    sources(&rules, &mut files);
    files.into_iter().map(|f| (f.clone(), std::fs::read_to_string(&f).expect("read"))).collect()
}

#[test]
fn a_rule_file_imports_only_the_facts() {
    let mut wrong = Vec::new();
    for (file, text) in rule_sources() {
        let rel = file.to_string_lossy().to_string();
        let in_stage = STAGES.iter().any(|s| rel.contains(&format!("/rules/{s}/")));
        if !in_stage {
            continue;
        }
        let code = code_of(&text);
        if rel.ends_with("/mod.rs") {
            // A stage's mod.rs lists its rules and holds nothing a rule could import.
            if code.lines().any(|l| !l.trim().is_empty() && !l.starts_with("pub mod ")) {
                wrong.push(format!("{rel}: holds more than its rules' `pub mod` lines"));
            }
            continue;
        }
        for (n, line) in code.lines().enumerate() {
            let other_rule = STAGES.iter().any(|s| line.contains(&format!("crate::rules::{s}")));
            let registry = line.contains("crate::rules::") && !line.contains("crate::rules::facts");
            if line.contains("super::") || other_rule || registry {
                wrong.push(format!("{rel}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    assert!(wrong.is_empty(), "rule files that import more than the facts layer: {wrong:#?}");
}

#[test]
fn the_facts_know_no_rule() {
    let mut wrong = Vec::new();
    for (file, text) in rule_sources() {
        let rel = file.to_string_lossy().to_string();
        if !rel.contains("/rules/facts/") {
            continue;
        }
        for (n, line) in code_of(&text).lines().enumerate() {
            if line.contains("crate::rules::") && !line.contains("crate::rules::facts") {
                wrong.push(format!("{rel}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for top in ["trace.rs", "sequence.rs", "report.rs"] {
        let text = std::fs::read_to_string(src.join(top)).expect("read");
        for (n, line) in code_of(&text).lines().enumerate() {
            if STAGES.iter().any(|s| line.contains(&format!("rules::{s}"))) {
                wrong.push(format!("{top}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    assert!(wrong.is_empty(), "names of rules outside the rules themselves: {wrong:#?}");
}

/// `"ABC123"`: a rule code written as a string.
fn has_code_literal(line: &str) -> bool {
    let b = line.as_bytes();
    (0..b.len().saturating_sub(7)).any(|i| {
        b[i] == b'"'
            && b[i + 1..i + 4].iter().all(u8::is_ascii_uppercase)
            && b[i + 4..i + 7].iter().all(u8::is_ascii_digit)
            && b[i + 7] == b'"'
    })
}

#[test]
fn rules_and_traces_name_codes_only_in_declarations() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut texts = rule_sources();
    texts.push((src.join("trace.rs"), std::fs::read_to_string(src.join("trace.rs")).expect("read")));
    let mut wrong = Vec::new();
    for (file, text) in texts {
        for (n, line) in code_of(&text).lines().enumerate() {
            if has_code_literal(line) && !line.trim_start().starts_with("code: \"") {
                wrong.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(has_code_literal(r#"x == "LED001""#) && !has_code_literal("(LED001)"));
    assert!(wrong.is_empty(), "rule codes as literals outside the rules' declarations: {wrong:#?}");
}

#[test]
fn rule_files_read_amounts_as_plain_decimals() {
    // The large tables keep amounts packed in eight bytes; records hand them out as
    // `Decimal` through accessors (`line.quantity()`), so no rule unpacks one itself.
    let unpacked: Vec<String> = rule_sources()
        .into_iter()
        .flat_map(|(file, text)| {
            code_of(&text)
                .lines()
                .enumerate()
                .filter(|(_, l)| l.contains(".get()"))
                .map(|(n, l)| format!("{}:{}: {}", file.display(), n + 1, l.trim()))
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(unpacked.is_empty(), "packed amounts unpacked in rule files: {unpacked:#?}");
}

#[test]
fn no_source_file_of_the_core_is_long() {
    // A file a newcomer reads whole: over 600 lines, it is doing more than one job.
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let long: Vec<String> = files
        .iter()
        .map(|f| (f, std::fs::read_to_string(f).expect("read").lines().count()))
        .filter(|(f, lines)| *lines > 600 || (f.ends_with("import/mod.rs") && *lines >= 350))
        .map(|(f, lines)| format!("{}: {lines} lines", f.display()))
        .collect();
    assert!(long.is_empty(), "{long:?}");
}
