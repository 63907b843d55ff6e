//! The core and the PDF renderer stay pure Rust: neither may depend, directly or through
//! another crate, on anything of WebAssembly's JavaScript binding.

use std::collections::BTreeSet;
use std::process::Command;

const WASM_CRATES: [&str; 4] = ["wasm-bindgen", "js-sys", "web-sys", "wasm-bindgen-futures"];

/// Names of every package `root` depends on, for any target, through normal and build
/// dependencies. `cargo tree` applies features the way a build does (`cargo metadata` lists
/// weak optional dependencies that a build never activates).
fn closure_names(root: &str) -> BTreeSet<String> {
    let out = Command::new(env!("CARGO"))
        .args(["tree", "--offline", "-p", root, "-e", "normal,build", "--target", "all", "--prefix", "none", "-f", "{p}"])
        .arg("--manifest-path")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/../../Cargo.toml"))
        .output()
        .expect("cargo tree runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).lines().filter_map(|l| l.split_whitespace().next()).map(str::to_string).collect()
}

#[test]
fn core_and_pdf_do_not_depend_on_wasm_crates() {
    for root in ["healthcheck-core", "healthcheck-pdf"] {
        let deps = closure_names(root);
        assert!(deps.contains("rust_decimal"), "{root}: the graph was read ({deps:?})");
        for wasm in WASM_CRATES {
            assert!(!deps.contains(wasm), "{root} depends on {wasm}");
        }
    }
}

#[test]
fn the_binding_does_depend_on_wasm_bindgen() {
    // Proves the check above can see a wasm dependency when there is one.
    assert!(closure_names("healthcheck-wasm").contains("wasm-bindgen"));
}
