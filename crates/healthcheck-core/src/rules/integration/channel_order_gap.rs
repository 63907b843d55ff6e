use rust_decimal::Decimal;

use crate::dataset::{ChannelOrder, Sale};
use crate::findings::{money, Entity, EntityKind, Impact, Severity};
use crate::hash::HashMap;
use crate::rules::facts::common::{is_in, sale_evidence, sale_voided};
use crate::rules::facts::{declare_rule, Check, Context, Draft};

declare_rule! {
    /// ## What it does
    /// Matches Shopify orders to Cin7 Core sales by order name (against the sale's customer
    /// reference, external id or order number) and flags: paid, uncancelled orders with no
    /// Cin7 sale `grace_days` (default 3) after their payment (`Paid at`, else their creation);
    /// orders Shopify shows as fulfilled whose Cin7 sale has not shipped; and matched orders
    /// whose totals differ by more than 0.01. An order with no money taken (pending, or free
    /// after a full discount) and no Cin7 sale is a low finding with no impact; a voided or
    /// cancelled one is none.
    ///
    /// ## Why it matters
    /// An order that never reached Cin7 is revenue the ledger will not see and stock that was
    /// never allocated. One fulfilled in Shopify but not in Cin7 has left the building without
    /// its cost being posted. A total that differs means a discount, shipping charge or tax
    /// was mapped differently and the margin on the channel is misstated.
    ///
    /// ## Example
    /// ```csv
    /// Name,Financial Status,Fulfillment Status,Created at,Total,Lineitem quantity,Lineitem sku
    /// #1002,paid,unfulfilled,2026-03-20 11:59:00 -0500,88.02,2,GAD-7
    /// ```
    /// ```csv
    /// OrderNumber,OrderDate,CustomerReference,CombinedInvoiceStatus,CombinedShippingStatus,InvoiceAmount
    /// SO-1,2026-03-01,#1001,PAID,SHIPPED,1250.00
    /// ```
    /// With the as-of date 2026-03-31, order #1002 has no Cin7 sale and is flagged.
    ///
    /// ## How to fix it at the source
    /// Open the order in Cin7 Core's Shopify integration log and read why it did not import
    /// (commonly a SKU Cin7 does not know, see SYN008, or an unmapped location). Fix that and
    /// re-import the order; for fulfilment gaps, complete the shipment in Cin7 or let the
    /// integration fulfil from Cin7 rather than in Shopify.
    ///
    /// ## Impact
    /// The Shopify order total, or the difference between the totals for a mismatch.
    pub(crate) ChannelOrderGap {
        code: "SYN007",
        name: "channel-order-gap",
        title: "Store order with no Cin7 sale",
        stage: Integration,
        severity: High,
        counts: ChannelOrders,
        inputs: [ShopifyOrders, Cin7Sales],
    }
}

fn order_evidence(cx: &Context, o: &ChannelOrder) -> crate::findings::Evidence {
    cx.evidence(
        o.origin,
        vec![
            ("Order", o.name.to_string()),
            ("Store", o.store.as_deref().unwrap_or_default().to_string()),
            ("Financial status", o.financial_status.as_deref().unwrap_or_default().to_string()),
            ("Fulfillment status", o.fulfillment_status.as_deref().unwrap_or_default().to_string()),
            ("Created", o.created_at.map(|d| d.to_string()).unwrap_or_default()),
            ("Paid", o.paid_at.map(|d| d.to_string()).unwrap_or_default()),
            ("Total", o.total().map(|t| money(t).to_string()).unwrap_or_default()),
        ],
    )
}

impl Check for ChannelOrderGap {
    fn check(&self, cx: &Context, out: &mut Vec<Draft>) {
        let several = cx.data.several_stores();
        // With several stores, two orders #1042 are told apart by their store, and a Cin7 sale
        // is an order's only where its currency agrees with the store's.
        // Every sale an order's name (or the name without its #) is the reference of; only
        // those names are looked for, so most sales cost one look-up per reference.
        let mut by_reference: HashMap<&str, Vec<&Sale>> = HashMap::default();
        if several {
            for o in &cx.data.channel_orders {
                by_reference.entry(o.name.as_str()).or_default();
                by_reference.entry(o.name.trim_start_matches('#')).or_default();
            }
            for s in &cx.data.sales {
                let keys = [s.customer_reference.as_deref(), s.external_id.as_deref(), Some(s.order_number.as_str())];
                for k in keys.into_iter().flatten() {
                    if let Some(sales) = by_reference.get_mut(k) {
                        sales.push(s);
                    }
                }
            }
        }
        for o in &cx.data.channel_orders {
            let bare = o.name.trim_start_matches('#');
            let sale = if several {
                let same_currency = |s: &Sale| match (s.currency.as_deref(), o.currency.as_deref()) {
                    (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
                    _ => true,
                };
                [o.name.as_str(), bare].iter().filter_map(|k| by_reference.get(k)).flatten().copied().find(|s| same_currency(s))
            } else {
                cx.index
                    .sales_by_reference
                    .get(&o.name)
                    .or_else(|| cx.index.sales_by_reference.get(bare))
                    .or_else(|| cx.index.sales_by_number.get(&o.name))
            };
            // Made only for an order that is reported: most orders are not.
            let shown = || o.shown(several);
            let paid =
                is_in(&o.financial_status, &["PAID", "PARTIALLY_PAID", "PARTIALLY_REFUNDED", "PARTIALLY PAID", "PARTIALLY REFUNDED"]);
            let entities_for = |extra: Option<&str>| {
                let mut e = vec![Entity::new(EntityKind::ChannelOrder, shown())];
                if let Some(s) = extra {
                    e.push(Entity::new(EntityKind::Sale, s));
                }
                e.extend(o.lines.iter().filter_map(|l| l.sku.as_ref()).map(|s| Entity::new(EntityKind::Sku, s)));
                e
            };
            let total_in_base = o.total().filter(|_| cx.in_base_currency(o.currency.as_deref()));
            match sale {
                None => {
                    let Some(created) = o.created_at.or(o.paid_at) else { continue };
                    let since = o.paid_at.unwrap_or(created);
                    let age = cx.as_of.map_or(0, |a| since.days_until(a));
                    let voided = is_in(&o.financial_status, &["VOIDED", "EXPIRED"]);
                    if voided || o.cancelled_at.is_some() || age <= cx.thresholds().grace_days {
                        continue;
                    }
                    // Money Shopify took: a paid status on an order that cost something. A free
                    // order (0.00 after a full discount) or one still pending still ships
                    // goods Cin7 Core never hears of, but no payout is missing from the ledger.
                    let free = o.total().is_some_and(|t| t.is_zero());
                    let awaiting = is_in(&o.financial_status, &["PENDING", "AUTHORIZED", "UNPAID"]);
                    if paid && !free {
                        let when = match o.paid_at {
                            Some(p) => format!("was paid on {p}"),
                            None => format!("is marked paid (created {created})"),
                        };
                        let worth = o.total().map(|t| format!(" ({})", cx.money_in(t, o.currency.as_deref()))).unwrap_or_default();
                        out.push(Draft {
                            severity: Severity::High,
                            message: format!("Shopify order {} {when} but has no sale in Cin7 Core after {age} days{worth}", shown()),
                            impact: total_in_base.map(|t| Impact {
                                amount: money(t),
                                estimate: false,
                                basis: "the order's total".into(),
                                inventory_effect: None,
                            }),
                            entities: entities_for(None),
                            evidence: vec![order_evidence(cx, o)],
                        });
                    } else if free || awaiting {
                        let why = if free { "is free (0.00 after discounts)".to_string() } else { "is not paid yet".to_string() };
                        out.push(Draft {
                            severity: Severity::Low,
                            message: format!(
                                "Shopify order {} {why} and has no sale in Cin7 Core after {age} days: if its goods ship, Cin7 Core's stock will not know",
                                shown()
                            ),
                            impact: None,
                            entities: entities_for(None),
                            evidence: vec![order_evidence(cx, o)],
                        });
                    }
                }
                Some(s) if sale_voided(s) => {}
                Some(s) => {
                    let shopify_fulfilled = is_in(&o.fulfillment_status, &["FULFILLED"]);
                    let cin7_shipped = is_in(&s.shipping_status, &["SHIPPED"]) || is_in(&s.fulfilment_status, &["FULFILLED"]);
                    if shopify_fulfilled && !cin7_shipped {
                        out.push(Draft {
                            severity: Severity::High,
                            message: format!("Shopify order {} is fulfilled but its Cin7 sale {} has not shipped", shown(), s.order_number),
                            impact: total_in_base.map(|t| Impact {
                                amount: money(t),
                                estimate: true,
                                basis: "the order's total, shipped without its cost posted".into(),
                                inventory_effect: None,
                            }),
                            entities: entities_for(Some(&s.order_number)),
                            evidence: vec![order_evidence(cx, o), sale_evidence(cx, s)],
                        });
                    }
                    if let (Some(t), Some(a)) = (o.total(), s.invoice_amount().filter(|a| *a > Decimal::ZERO)) {
                        let diff = t - a;
                        if diff.abs() > Decimal::new(1, 2) && cx.in_base_currency(o.currency.as_deref()) {
                            out.push(Draft {
                                severity: Severity::Medium,
                                message: format!(
                                    "Shopify order {} totals {} but its Cin7 sale {} totals {}",
                                    shown(),
                                    cx.money(t),
                                    s.order_number,
                                    cx.money(a)
                                ),
                                impact: Some(Impact {
                                    amount: money(diff.abs()),
                                    estimate: false,
                                    basis: "difference between the totals".into(),
                                    inventory_effect: None,
                                }),
                                entities: entities_for(Some(&s.order_number)),
                                evidence: vec![order_evidence(cx, o), sale_evidence(cx, s)],
                            });
                        }
                    }
                }
            }
        }
    }
}
