//! The demo company as a model: products, sales, purchases, stock events and ledger
//! extras. Files are rendered from it (see `render`), so every export agrees with the others
//! unless a fault was injected on purpose.

use rust_decimal::Decimal;

use crate::rng::Rng;
use healthcheck_core::date::Date;

pub const LOCATION: &str = "Main Warehouse";
pub const SUPPLIERS: [&str; 3] = ["Acme Supply Co", "Bolt Parts Ltd", "Cobalt Trading"];
pub const CUSTOMERS: [&str; 8] = [
    "Harbour Cafe",
    "Northwind Traders",
    "Blue Door Deli",
    "Old Mill Bakery",
    "Cedar Hardware",
    "Pier Nine Outfitters",
    "Kestrel Books",
    "Lantern Home",
];
const CATEGORIES: [&str; 6] = ["Widgets", "Gadgets", "Fixings", "Tools", "Storage", "Lighting"];
const NOUNS: [&str; 12] = ["Widget", "Gadget", "Bracket", "Clamp", "Lamp", "Hook", "Crate", "Drill", "Hinge", "Spanner", "Bin", "Reel"];
const COLOURS: [&str; 10] = ["Blue", "Red", "Green", "Black", "White", "Grey", "Oak", "Steel", "Brass", "Amber"];

#[derive(Clone, Debug)]
pub struct Product {
    pub sku: String,
    pub name: String,
    pub category: String,
    pub cost: Decimal,
    pub price: Decimal,
    pub status: &'static str,
    pub cogs_account: Option<String>,
    /// The average cost the product list shows (the cost, unless a fault says otherwise).
    pub listed_cost: Decimal,
    pub supplier: usize,
}

#[derive(Clone, Debug)]
pub struct Line {
    pub sku: String,
    pub qty: Decimal,
    pub price: Decimal,
}

/// What became of a document in the sync to the ledger.
#[derive(Clone, Debug, PartialEq)]
pub enum SyncState {
    Completed,
    /// Failed `n` times with an error, and never completed.
    Failed(String, usize),
    Skipped,
    Pending,
}

/// The currency (and label) of the demo's second Shopify store.
pub const SECOND_STORE: &str = "AUD";

#[derive(Clone, Debug)]
pub struct Sale {
    pub number: String,
    pub invoice: String,
    pub customer: String,
    pub order_date: Date,
    pub invoice_date: Option<Date>,
    pub ship_date: Option<Date>,
    /// A status word forced by a fault (`PICKING`).
    pub status_override: Option<&'static str>,
    pub lines: Vec<Line>,
    pub channel_order: Option<String>,
    /// The Shopify store of a channel order: `None` for the main (USD) store, or the second
    /// store's currency. Both number their orders from #1001.
    pub store: Option<&'static str>,
    pub sync: SyncState,
}

impl Sale {
    pub fn total(&self) -> Decimal {
        self.lines.iter().map(|l| l.qty * l.price).sum()
    }
}

#[derive(Clone, Debug)]
pub struct PurchaseLine {
    pub sku: String,
    pub qty: Decimal,
    /// `None` for a line entered without a price.
    pub unit_cost: Option<Decimal>,
}

#[derive(Clone, Debug)]
pub struct Purchase {
    pub number: String,
    pub supplier: usize,
    pub order_date: Date,
    pub required_by: Date,
    pub received_date: Option<Date>,
    pub invoice_date: Option<Date>,
    pub lines: Vec<PurchaseLine>,
}

impl Purchase {
    pub fn total(&self) -> Decimal {
        self.lines.iter().map(|l| l.qty * l.unit_cost.unwrap_or_default()).sum()
    }
}

#[derive(Clone, Debug)]
pub struct Adjustment {
    pub number: String,
    pub date: Date,
    pub sku: String,
    pub qty: Decimal,
    pub account: &'static str,
}

#[derive(Clone, Debug)]
pub struct Transfer {
    pub number: String,
    pub date: Date,
    pub sku: String,
    pub qty: Decimal,
}

/// A movement outside the flows above (a cost change).
#[derive(Clone, Debug)]
pub struct ExtraMovement {
    pub sku: String,
    pub kind: &'static str,
    pub date: Date,
    pub number: String,
    pub amount: Decimal,
}

/// A ledger posting made outside Cin7 (debit positive).
#[derive(Clone, Debug)]
pub struct GlEntry {
    pub account: &'static str,
    pub date: Date,
    pub source: &'static str,
    pub reference: String,
    pub description: String,
    pub amount: Decimal,
}

#[derive(Clone, Debug)]
pub struct SyncExtra {
    pub number: String,
    pub date: Date,
    pub seconds: u32,
    pub status: &'static str,
    pub error: String,
}

#[derive(Clone, Debug)]
pub struct ShopifyOrder {
    pub name: String,
    pub created: Date,
    pub fulfilled: bool,
    pub lines: Vec<Line>,
    pub store: Option<&'static str>,
}

/// Edits to exports that stand for drift between Cin7's figures and its own documents.
#[derive(Clone, Debug, Default)]
pub struct StockTweak {
    pub sku: String,
    pub on_hand: Decimal,
    pub allocated: Decimal,
    pub available: Decimal,
    pub on_order: Decimal,
    pub value_factor: Option<Decimal>,
    pub channel: Decimal,
}

/// A fault injected on purpose, and what should find it.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Fault {
    pub code: &'static str,
    pub entity: Option<(&'static str, String)>,
    pub note: String,
}

pub struct World {
    pub as_of: Date,
    pub lock_date: Date,
    pub products: Vec<Product>,
    pub sales: Vec<Sale>,
    pub purchases: Vec<Purchase>,
    pub adjustments: Vec<Adjustment>,
    pub transfers: Vec<Transfer>,
    pub extra_movements: Vec<ExtraMovement>,
    pub gl_extra: Vec<GlEntry>,
    pub sync_extra: Vec<SyncExtra>,
    pub shopify_extra: Vec<ShopifyOrder>,
    pub tweaks: Vec<StockTweak>,
    /// Ledger items beyond one per product: (code, name, tracked as inventory).
    pub items_extra: Vec<(String, String, bool)>,
    pub shopify_cutoff: Option<Date>,
    pub broken_movement_row: bool,
    pub overlapping_sale_file: bool,
    /// A SKU that a second Shopify product carries too (a gift-boxed listing of the same item).
    pub shared_sku: Option<String>,
    /// A SKU the Shopify products export writes with a zero-width space pasted into it.
    pub hidden_character_sku: Option<String>,
    pub faults: Vec<Fault>,
}

fn money(r: &mut Rng, lo: u64, hi: u64) -> Decimal {
    Decimal::new(r.range(lo * 100, hi * 100) as i64, 2)
}

/// A year of clean trading ending on `as_of`: stock bought monthly, sold daily, every
/// document finished and synced.
pub fn clean(seed: u64, scale: u64, as_of: Date) -> World {
    let mut r = Rng::new(seed);
    let start = as_of.add_days(-364);
    let product_count = (40 + 2 * scale).min(2000) as usize;
    let mut products = Vec::with_capacity(product_count);
    for i in 0..product_count {
        let cost = money(&mut r, 2, 60);
        let noun = NOUNS[i % NOUNS.len()];
        let colour = COLOURS[(i / NOUNS.len()) % COLOURS.len()];
        let series = i / (NOUNS.len() * COLOURS.len());
        let name = if series == 0 { format!("{noun} {colour}") } else { format!("{noun} {colour} {}", series + 1) };
        products.push(Product {
            sku: format!("{}-{:04}", &noun[..3].to_uppercase(), i + 1),
            name,
            category: CATEGORIES[i % CATEGORIES.len()].to_string(),
            cost,
            // One margin for the whole catalog keeps monthly gross margin steady.
            price: (cost * Decimal::new(18, 1)).round_dp(2),
            status: "ACTIVE",
            cogs_account: None,
            listed_cost: cost,
            supplier: i % SUPPLIERS.len(),
        });
    }
    let mut world = World {
        as_of,
        lock_date: as_of.add_days(-31),
        products,
        sales: Vec::new(),
        purchases: Vec::new(),
        adjustments: Vec::new(),
        transfers: Vec::new(),
        extra_movements: Vec::new(),
        gl_extra: Vec::new(),
        sync_extra: Vec::new(),
        shopify_extra: Vec::new(),
        tweaks: Vec::new(),
        items_extra: Vec::new(),
        shopify_cutoff: None,
        broken_movement_row: false,
        overlapping_sale_file: false,
        shared_sku: None,
        hidden_character_sku: None,
        faults: Vec::new(),
    };
    // Expected monthly demand per product, used to size purchases.
    let per_product_month =
        Decimal::from(scale.max(1)) * Decimal::from(30) * Decimal::from(2) * Decimal::from(3) / Decimal::from(product_count as u64);
    let mut stock: Vec<Decimal> = vec![Decimal::ZERO; product_count];
    let mut po = 0u32;
    let mut so = 0u32;
    let mut channel = 1000u32;
    // The second store (AUD) opened later and numbers its own orders from #1001 too.
    let mut channel_au = 1000u32;
    let mut shop_orders = 0u32;
    let mut day = start;
    while day <= as_of {
        let (_, _, dom) = day.ymd();
        if dom == 1 || day == start {
            // Monthly restock: one purchase per supplier, received a week later and invoiced on receipt.
            for s in 0..SUPPLIERS.len() {
                po += 1;
                let mut lines = Vec::new();
                for (i, p) in world.products.iter().enumerate().filter(|(_, p)| p.supplier == s) {
                    let qty = (per_product_month * Decimal::new(15, 1)).ceil().max(Decimal::from(4)) + Decimal::from(r.below(5));
                    lines.push(PurchaseLine { sku: p.sku.clone(), qty, unit_cost: Some(p.cost) });
                    let _ = i;
                }
                let received = day.add_days(7);
                let open = received > as_of;
                world.purchases.push(Purchase {
                    number: format!("PO-{po:05}"),
                    supplier: s,
                    order_date: day,
                    required_by: day.add_days(10),
                    received_date: (!open).then_some(received),
                    invoice_date: (!open).then_some(received),
                    lines,
                });
            }
        }
        // Receipts land in stock on their date.
        for p in world.purchases.iter().filter(|p| p.received_date == Some(day)) {
            for l in &p.lines {
                if let Some(i) = world.products.iter().position(|x| x.sku == l.sku) {
                    stock[i] += l.qty;
                }
            }
        }
        for _ in 0..scale {
            let mut lines = Vec::new();
            for _ in 0..r.range(1, 3) {
                let i = r.below(product_count as u64) as usize;
                let qty = Decimal::from(r.range(1, 5));
                if stock[i] >= qty && !lines.iter().any(|l: &Line| l.sku == world.products[i].sku) {
                    stock[i] -= qty;
                    lines.push(Line { sku: world.products[i].sku.clone(), qty, price: world.products[i].price });
                }
            }
            if lines.is_empty() {
                continue;
            }
            so += 1;
            let from_shop = r.chance(30);
            // Every eighth Shopify order is the second store's.
            let second_store = from_shop && {
                shop_orders += 1;
                shop_orders % 8 == 0
            };
            let channel_order = from_shop.then(|| {
                let n = if second_store { &mut channel_au } else { &mut channel };
                *n += 1;
                format!("#{n}")
            });
            world.sales.push(Sale {
                number: format!("SO-{so:05}"),
                invoice: format!("INV-{so:05}"),
                customer: if from_shop {
                    "Shopify Customer".to_string()
                } else {
                    CUSTOMERS[r.below(CUSTOMERS.len() as u64) as usize].to_string()
                },
                order_date: day,
                invoice_date: Some(day),
                ship_date: Some(day),
                status_override: None,
                lines,
                channel_order,
                store: second_store.then_some(SECOND_STORE),
                sync: SyncState::Completed,
            });
        }
        day = day.add_days(1);
    }
    // Two ordinary stocktake corrections during the year, on different products.
    for (k, months_back) in [(0usize, 8i32), (1, 4)] {
        let i = (k * 7 + 3) % product_count;
        let date = as_of.add_days(-30 * months_back);
        world.adjustments.push(Adjustment {
            number: format!("ST-{:05}", 10 + k),
            date,
            sku: world.products[i].sku.clone(),
            qty: Decimal::ONE,
            account: "403",
        });
    }
    world
}
