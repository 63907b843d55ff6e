//! Faults injected into the clean company, one or more per rule code, each recorded in the
//! manifest with the entity its rule should name. Every fault uses its own products and
//! documents, so faults do not mask one another.

use rust_decimal::Decimal;

use crate::render;
use crate::world::{
    Adjustment, ExtraMovement, Fault, GlEntry, Line, Purchase, PurchaseLine, Sale, ShopifyOrder, StockTweak, SyncExtra, SyncState,
    Transfer, World, SECOND_STORE,
};
use healthcheck_core::date::Date;

struct Picker {
    next: usize,
}

impl Picker {
    /// Products from the end of the catalog, one per fault.
    fn product(&mut self, w: &World) -> usize {
        self.next += 1;
        w.products.len().saturating_sub(self.next)
    }
}

fn fault(w: &mut World, code: &'static str, entity: Option<(&'static str, String)>, note: impl Into<String>) {
    w.faults.push(Fault { code, entity, note: note.into() });
}

fn next_sale_number(w: &World) -> u32 {
    w.sales.len() as u32 + 90_001
}

fn add_sale(
    w: &mut World,
    sku: &str,
    qty: i64,
    order: Date,
    invoice: Option<Date>,
    ship: Option<Date>,
    sync: SyncState,
) -> (String, String) {
    let n = next_sale_number(w);
    let price = w.products.iter().find(|p| p.sku == sku).map_or(Decimal::ONE, |p| p.price);
    let sale = Sale {
        number: format!("SO-{n:05}"),
        invoice: format!("INV-{n:05}"),
        customer: "Northwind Traders".into(),
        order_date: order,
        invoice_date: invoice,
        ship_date: ship,
        status_override: None,
        lines: vec![Line { sku: sku.to_string(), qty: Decimal::from(qty), price }],
        channel_order: None,
        store: None,
        sync,
    };
    let ids = (sale.number.clone(), sale.invoice.clone());
    w.sales.push(sale);
    ids
}

fn on_hand(w: &World, sku: &str) -> Decimal {
    render::movements(w).iter().filter(|m| m.sku == sku && m.date <= w.as_of).map(|m| m.qty).sum()
}

fn tweak<'a>(w: &'a mut World, sku: &str) -> &'a mut StockTweak {
    if let Some(i) = w.tweaks.iter().position(|t| t.sku == sku) {
        return &mut w.tweaks[i];
    }
    w.tweaks.push(StockTweak { sku: sku.to_string(), ..StockTweak::default() });
    let last = w.tweaks.len() - 1;
    &mut w.tweaks[last]
}

fn month_end_before(d: Date, months_back: i32) -> Date {
    let (mut y, mut m, _) = d.ymd();
    for _ in 0..months_back {
        if m == 1 {
            y -= 1;
            m = 12;
        } else {
            m -= 1;
        }
    }
    Date::from_ymd(y, m, healthcheck_core::date::days_in_month(y, m)).unwrap_or(d)
}

pub fn inject(w: &mut World) {
    let a = w.as_of;
    let mut pick = Picker { next: 0 };
    let sku = |w: &World, i: usize| w.products[i].sku.clone();

    // Stage 1: setup.
    let p = pick.product(w);
    let s = sku(w, p);
    let (so, _) = add_sale(w, &s, 1, a.add_days(-21), Some(a.add_days(-20)), None, SyncState::Completed);
    fault(w, "SET001", Some(("sale", so)), "invoiced 20 days ago, not shipped");
    let (so, inv) = add_sale(w, &s, 1, a.add_days(-16), Some(a.add_days(-15)), None, SyncState::Skipped);
    fault(w, "SET001", Some(("sale", so)), "invoiced 15 days ago, not shipped, invoice skipped in the sync");
    fault(w, "SYN002", Some(("document", inv)), "invoice of an unshipped sale, skipped");
    fault(w, "CTL001", None, "margin distorted by the unshipped sales");

    let p = pick.product(w);
    let s = sku(w, p);
    let (so, _) = add_sale(w, &s, 1, a.add_days(-26), None, Some(a.add_days(-25)), SyncState::Completed);
    fault(w, "SET002", Some(("sale", so.clone())), "shipped 25 days ago, not invoiced");
    fault(w, "SET006", Some(("sale", so)), "waiting for its invoice for 25 days");

    let p = pick.product(w);
    let s = sku(w, p);
    let (so, _) = add_sale(w, &s, 1, a.add_days(-40), None, None, SyncState::Completed);
    if let Some(sale) = w.sales.iter_mut().find(|x| x.number == so) {
        sale.status_override = Some("PICKING");
    }
    fault(w, "SET006", Some(("sale", so)), "picking for 40 days");

    let p = pick.product(w);
    let s = sku(w, p);
    let cost = w.products[p].cost;
    let supplier = w.products[p].supplier;
    w.purchases.push(Purchase {
        number: "PO-80001".into(),
        supplier,
        order_date: a.add_days(-90),
        required_by: a.add_days(-80),
        received_date: None,
        invoice_date: None,
        lines: vec![PurchaseLine { sku: s.clone(), qty: Decimal::from(12), unit_cost: Some(cost) }],
    });
    fault(w, "SET003", Some(("purchase", "PO-80001".into())), "due 80 days ago, nothing received");
    fault(w, "INV004", Some(("sku", s)), "its only extra on-order stock sits on a stale purchase");

    let p = pick.product(w);
    let s = sku(w, p);
    let cost = w.products[p].cost;
    w.purchases.push(Purchase {
        number: "PO-80002".into(),
        supplier: 0,
        order_date: a.add_days(-40),
        required_by: a.add_days(-32),
        received_date: Some(a.add_days(-30)),
        invoice_date: None,
        lines: vec![PurchaseLine { sku: s, qty: Decimal::from(20), unit_cost: Some(cost) }],
    });
    fault(w, "SET004", Some(("purchase", "PO-80002".into())), "received 30 days ago, invoice outstanding");

    let p = pick.product(w);
    let s = sku(w, p);
    let cost = w.products[p].cost;
    w.purchases.push(Purchase {
        number: "PO-80003".into(),
        supplier: 1,
        order_date: a.add_days(-45),
        required_by: a.add_days(-20),
        received_date: None,
        invoice_date: Some(a.add_days(-35)),
        lines: vec![PurchaseLine { sku: s, qty: Decimal::from(15), unit_cost: Some(cost) }],
    });
    fault(w, "SET005", Some(("purchase", "PO-80003".into())), "invoiced 35 days ago, nothing received");

    let p = pick.product(w);
    w.products[p].cogs_account = Some("999: Old COGS".into());
    fault(w, "SET007", Some(("sku", sku(w, p))), "COGS account not in the chart of accounts");

    let p = pick.product(w);
    w.products[p].listed_cost = Decimal::ZERO;
    fault(w, "SET008", Some(("sku", sku(w, p))), "average cost zero with stock on hand");

    let p1 = pick.product(w);
    let p2 = pick.product(w);
    w.products[p2].name = w.products[p1].name.to_uppercase();
    fault(w, "SET009", Some(("sku", sku(w, p1))), "name repeated in another case");

    let p = pick.product(w);
    w.products[p].status = "DEPRECATED";
    fault(w, "SET010", Some(("sku", sku(w, p))), "deprecated with stock on hand");

    // Stage 2: inventory.
    let p = pick.product(w);
    let s = sku(w, p);
    tweak(w, &s).available = Decimal::from(3);
    fault(w, "INV001", Some(("sku", s)), "available edited away from on hand less allocated");

    let p = pick.product(w);
    let s = sku(w, p);
    let have = on_hand(w, &s);
    let qty = i64::try_from(have.trunc().mantissa()).unwrap_or(0) + 4;
    add_sale(w, &s, qty, a.add_days(-3), Some(a.add_days(-3)), Some(a.add_days(-3)), SyncState::Completed);
    fault(w, "INV002", Some(("sku", s.clone())), "shipped 4 more than it had");
    fault(w, "CTL002", Some(("sku", s)), "the best seller carries negative stock");

    let p = pick.product(w);
    let s = sku(w, p);
    tweak(w, &s).allocated = Decimal::from(10);
    fault(w, "INV003", Some(("sku", s)), "10 units allocated by nothing open");

    let p = pick.product(w);
    let s = sku(w, p);
    tweak(w, &s).on_hand = Decimal::from(3);
    fault(w, "INV005", Some(("sku", s)), "on hand 3 above its movements");

    let p = pick.product(w);
    let s = sku(w, p);
    tweak(w, &s).value_factor = Some(Decimal::from(3));
    fault(w, "INV006", Some(("sku", s)), "stock value three times its average cost");

    let p = pick.product(w);
    let s = sku(w, p);
    w.transfers.push(Transfer { number: "TR-00007".into(), date: a.add_days(-30), sku: s.clone(), qty: Decimal::from(4) });
    fault(w, "INV007", Some(("sku", s)), "transfer out 30 days ago, never received");

    let p = pick.product(w);
    let s = sku(w, p);
    tweak(w, &s).channel = Decimal::from(7);
    fault(w, "INV008", Some(("sku", s)), "Shopify shows 7 more than available");

    // Stage 3: integration.
    let p = pick.product(w);
    let s = sku(w, p);
    let (_, inv) = add_sale(
        w,
        &s,
        1,
        a.add_days(-10),
        Some(a.add_days(-10)),
        Some(a.add_days(-10)),
        SyncState::Failed("Account code 999 is not valid".into(), 1),
    );
    fault(w, "SYN001", Some(("document", inv)), "failed 10 days ago");
    let (_, inv) = add_sale(w, &s, 1, a.add_days(-1), Some(a.add_days(-1)), Some(a.add_days(-1)), SyncState::Pending);
    fault(w, "SYN001", Some(("document", inv)), "pending since yesterday");

    let p = pick.product(w);
    let s = sku(w, p);
    w.products[p].name = format!("{}: Special", w.products[p].name);
    fault(w, "SYN005", Some(("sku", s.clone())), "colon in the product name");
    let (_, inv) = add_sale(
        w,
        &s,
        1,
        a.add_days(-12),
        Some(a.add_days(-12)),
        Some(a.add_days(-12)),
        SyncState::Failed("Please remove the incorrect symbols from the product name.".into(), 4),
    );
    fault(w, "SYN003", Some(("document", inv)), "failed four times with the same error");

    let burst: Vec<String> = w
        .sales
        .iter()
        .filter(|x| x.invoice_date == Some(a.add_days(-5)) && x.sync == SyncState::Completed)
        .take(6)
        .map(|x| x.invoice.clone())
        .collect();
    for (k, number) in burst.iter().enumerate() {
        w.sync_extra.push(SyncExtra {
            number: number.clone(),
            date: a.add_days(-5),
            seconds: 8 * 3600 + 5 * k as u32,
            status: "Failed",
            error: "HTTP 429 Too Many Requests".into(),
        });
    }
    if let Some(first) = burst.first() {
        fault(w, "SYN004", Some(("document", first.clone())), "a burst of rate-limit refusals");
    }

    let p = pick.product(w);
    let variant = w.products[p].name.replacen(' ', "- ", 1);
    let code = format!("{}-OLD", w.products[p].sku);
    w.items_extra.push((code, variant, false));
    fault(w, "SYN006", Some(("sku", sku(w, p))), "a second ledger item for the product");
    w.items_extra.push(("SPARE-1".into(), "Spare Part".into(), true));
    fault(w, "SYN006", Some(("sku", "SPARE-1".into())), "a ledger item tracked as inventory");

    w.shopify_extra.push(ShopifyOrder {
        name: "#9001".into(),
        created: a.add_days(-50),
        fulfilled: false,
        lines: vec![Line { sku: "GHOST-1".into(), qty: Decimal::from(2), price: Decimal::new(4400, 2) }],
        store: None,
    });
    let several = w.sales.iter().any(|s| s.store.is_some());
    let ghost = if several { "#9001 (USD)" } else { "#9001" };
    fault(w, "SYN007", Some(("channel_order", ghost.into())), "paid order that never reached Cin7");
    fault(w, "SYN008", Some(("sku", "GHOST-1".into())), "SKU Cin7 does not know");
    let p = pick.product(w);
    let s = sku(w, p);
    w.shared_sku = Some(s.clone());
    fault(w, "SYN008", Some(("sku", s)), "SKU on a second Shopify product (a gift-boxed listing)");
    // The second store's next order never reached Cin7; the main store has an order of the
    // same number, whose sale must not be taken for it.
    let second = w.sales.iter().filter(|s| s.store.is_some()).count();
    if several {
        let name = format!("#{}", 1001 + second);
        let p = pick.product(w);
        let line = Line { sku: sku(w, p), qty: Decimal::from(1), price: w.products[p].price };
        w.shopify_extra.push(ShopifyOrder {
            name: name.clone(),
            created: a.add_days(-55),
            fulfilled: false,
            lines: vec![line],
            store: Some(SECOND_STORE),
        });
        fault(
            w,
            "SYN007",
            Some(("channel_order", format!("{name} ({SECOND_STORE})"))),
            "the second store's paid order that never reached Cin7",
        );
    }

    // Stage 4: ledger.
    let months =
        ["", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
    for (k, amount) in [(2, 150), (1, 220), (0, 260)] {
        let d = month_end_before(a, k);
        let (y, m, _) = d.ymd();
        let label = format!("Stock true-up {} {y}", months[m as usize]);
        w.gl_extra.push(GlEntry {
            account: "630",
            date: d,
            source: "Manual Journal",
            reference: String::new(),
            description: label.clone(),
            amount: Decimal::from(amount),
        });
        w.gl_extra.push(GlEntry {
            account: "310",
            date: d,
            source: "Manual Journal",
            reference: String::new(),
            description: label.clone(),
            amount: -Decimal::from(amount),
        });
        fault(w, "LED003", Some(("journal", label.clone())), "manual journal into inventory");
        if k == 0 {
            fault(w, "TRU002", Some(("journal", label)), "the same true-up at three month ends");
        }
    }
    fault(w, "LED001", Some(("account", "630".into())), "ledger inventory above Cin7 by the journals and postings");
    fault(w, "LED008", Some(("account", "630".into())), "the ledgers part at the first true-up");

    w.gl_extra.push(GlEntry {
        account: "630",
        date: a.add_days(-45),
        source: "Spend Money",
        reference: String::new(),
        description: "Import duty".into(),
        amount: Decimal::new(31000, 2),
    });
    w.gl_extra.push(GlEntry {
        account: "090",
        date: a.add_days(-45),
        source: "Spend Money",
        reference: String::new(),
        description: "Import duty".into(),
        amount: Decimal::new(-31000, 2),
    });
    fault(w, "LED007", Some(("account", "630".into())), "duty paid straight to inventory");

    w.gl_extra.push(GlEntry {
        account: "800",
        date: a.add_days(-100),
        source: "Payable Invoice",
        reference: "BILL-OLD".into(),
        description: "Old receipt never cleared".into(),
        amount: Decimal::from(850),
    });
    w.gl_extra.push(GlEntry {
        account: "640",
        date: a.add_days(-100),
        source: "Payable Invoice",
        reference: "BILL-OLD".into(),
        description: "Old receipt never cleared".into(),
        amount: Decimal::from(-850),
    });
    fault(w, "LED002", Some(("account", "640".into())), "accrual balance no purchase explains");

    let p = pick.product(w);
    let po = w
        .purchases
        .iter()
        .find(|o| o.received_date.is_some_and(|d| d < w.lock_date) && o.lines.iter().any(|l| l.sku == w.products[p].sku))
        .map(|o| o.number.clone())
        .unwrap_or_else(|| "PO-00001".into());
    w.extra_movements.push(ExtraMovement {
        sku: sku(w, p),
        kind: "Purchase Cost Change",
        date: w.lock_date.add_days(-5),
        number: po.clone(),
        amount: Decimal::new(4120, 2),
    });
    fault(w, "LED004", Some(("purchase", po)), "cost correction dated inside the locked period");

    // A supplier rebate credited to cost of goods sold swings one month's margin.
    let swing_month = month_end_before(a, 5);
    let (sy, sm, _) = swing_month.ymd();
    let month_cogs: Decimal =
        render::postings(w).iter().filter(|x| x.account == "310" && x.date.ymd().0 == sy && x.date.ymd().1 == sm).map(|x| x.amount).sum();
    let rebate = (month_cogs * Decimal::new(35, 2)).round_dp(2);
    let mid = Date::from_ymd(sy, sm, 15).unwrap_or(swing_month);
    w.gl_extra.push(GlEntry {
        account: "310",
        date: mid,
        source: "Payable Invoice",
        reference: "REBATE-1".into(),
        description: "Supplier rebate".into(),
        amount: -rebate,
    });
    w.gl_extra.push(GlEntry {
        account: "800",
        date: mid,
        source: "Payable Invoice",
        reference: "REBATE-1".into(),
        description: "Supplier rebate".into(),
        amount: rebate,
    });
    fault(w, "LED005", Some(("account", "310".into())), "a rebate credited to cost swings one month's margin");

    w.gl_extra.push(GlEntry {
        account: "820",
        date: a.add_days(-6),
        source: "Receive Money",
        reference: String::new(),
        description: "Shopify payout".into(),
        amount: Decimal::new(-41230, 2),
    });
    w.gl_extra.push(GlEntry {
        account: "090",
        date: a.add_days(-6),
        source: "Receive Money",
        reference: String::new(),
        description: "Shopify payout".into(),
        amount: Decimal::new(41230, 2),
    });
    fault(w, "LED006", Some(("account", "820".into())), "payout left in the clearing account");

    w.gl_extra.push(GlEntry {
        account: "200",
        date: a.add_days(-1),
        source: "Manual Journal",
        reference: String::new(),
        description: "A2X Shopify settlement".into(),
        amount: Decimal::from(-5400),
    });
    w.gl_extra.push(GlEntry {
        account: "090",
        date: a.add_days(-1),
        source: "Manual Journal",
        reference: String::new(),
        description: "A2X Shopify settlement".into(),
        amount: Decimal::from(5400),
    });
    fault(w, "LED009", Some(("account", "200".into())), "settlement revenue beside Cin7's invoices");

    // Stage 5: trust.
    let p = pick.product(w);
    let s = sku(w, p);
    for (k, (back, qty)) in [(101, -1), (70, -2), (39, -3), (11, -4)].iter().enumerate() {
        w.adjustments.push(Adjustment {
            number: format!("ST-{:05}", 500 + k),
            date: a.add_days(-back),
            sku: s.clone(),
            qty: Decimal::from(*qty),
            account: "403",
        });
    }
    fault(w, "TRU001", Some(("sku", s)), "adjusted four times in 90 days");
    fault(w, "TRU004", None, "adjustments rising four months running");
    fault(w, "CTL003", None, "more corrections each month");

    let p = pick.product(w);
    let s = sku(w, p);
    w.adjustments.push(Adjustment {
        number: "ST-00600".into(),
        date: a.add_days(-8),
        sku: s.clone(),
        qty: Decimal::NEGATIVE_ONE,
        account: "310",
    });
    fault(w, "TRU003", Some(("sku", s)), "adjustment posted to cost of goods sold");

    // Data coverage.
    w.broken_movement_row = true;
    fault(w, "DAT001", None, "a movement row cut short");
    w.shopify_cutoff = Some(a.add_days(-45));
    fault(w, "DAT003", None, "the Shopify export ends 45 days early");
    w.overlapping_sale_file = true;
    fault(w, "DAT004", None, "a second sale list overlaps the first");
    w.hidden_character_sku = w.products.get(2).map(|p| p.sku.clone());
    fault(w, "DAT005", None, "a Shopify SKU with a zero-width space pasted into it");
}
