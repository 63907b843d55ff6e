//! A demo company for the Cin7 Health Check: one coherent business over twelve months,
//! written as the exports of Cin7 Core, Xero and Shopify, with faults injected on purpose
//! (one or more per rule code) and a manifest of them. Deterministic: the same seed and
//! scale give the same bytes.
//!
//! `scale` is roughly the number of sales a day; 2 gives a few thousand rows, 1000 about a
//! million inventory movements.

pub mod faults;
pub mod hostile;
pub mod render;
pub mod rng;
pub mod scatter;
pub mod world;

use healthcheck_core::date::Date;

pub use render::File;
pub use world::Fault;

#[derive(Clone, Debug)]
pub struct DemoConfig {
    pub seed: u64,
    pub scale: u64,
    /// No faults: a consistent company that should show nothing above `low`.
    pub clean: bool,
    pub as_of: Date,
    /// The share (0 to 1) of documents, products and months given an ordinary slip on top
    /// (see `scatter`), for calibrating the scores; 0 adds none.
    pub fault_share: rust_decimal::Decimal,
}

impl Default for DemoConfig {
    fn default() -> Self {
        DemoConfig {
            seed: 7,
            scale: 2,
            clean: false,
            as_of: Date::from_ymd(2026, 3, 31).unwrap_or_default(),
            fault_share: rust_decimal::Decimal::ZERO,
        }
    }
}

pub struct Demo {
    pub files: Vec<File>,
    pub faults: Vec<Fault>,
    /// The period lock date the demo's ledger uses (exports do not carry it).
    pub lock_date: Date,
    pub as_of: Date,
}

impl Demo {
    /// The manifest written beside the files: faults with the entity each rule should name.
    pub fn manifest_json(&self) -> String {
        let json = serde_json::json!({
            "as_of": self.as_of.to_string(),
            "lock_date": self.lock_date.to_string(),
            "faults": self.faults,
        });
        serde_json::to_string_pretty(&json).unwrap_or_default()
    }
}

pub fn generate(config: &DemoConfig) -> Demo {
    let mut world = world::clean(config.seed, config.scale, config.as_of);
    if !config.clean {
        faults::inject(&mut world);
    }
    scatter::scatter(&mut world, config.fault_share);
    Demo { files: render::render(&world), faults: world.faults.clone(), lock_date: world.lock_date, as_of: world.as_of }
}

/// The small instance the page's "Try with demo data" loads from `www/demo/`.
pub fn page_demo_config() -> DemoConfig {
    DemoConfig { seed: 7, scale: 1, clean: false, ..DemoConfig::default() }
}

/// `www/demo/index.json`: the files to load and the lock date to set.
pub fn page_demo_index(demo: &Demo) -> String {
    let files: Vec<&str> = demo.files.iter().map(|f| f.name.as_str()).collect();
    serde_json::to_string_pretty(
        &serde_json::json!({ "files": files, "lock_date": demo.lock_date.to_string(), "as_of": demo.as_of.to_string() }),
    )
    .unwrap_or_default()
        + "\n"
}
