//! The report's three pictures as vector drawings: the month-end stock value in Cin7 against
//! the ledger's inventory balance, money at stake by stage, sync failures and skips by month.
//! Each is labelled in text, so a reader (and pdftotext) finds its figures.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use healthcheck_core::report::{format_money, Report, Stage};

use crate::layout::{Layout, Rgb, CONTENT_WIDTH, INK, MARGIN, MUTED, RULE};
use crate::metrics::Font;
use crate::status_color;

const CIN7: Rgb = Rgb(0.09, 0.36, 0.62);
const LEDGER: Rgb = Rgb(0.75, 0.16, 0.16);
const SKIPPED: Rgb = Rgb(0.85, 0.6, 0.1);

fn f(v: Decimal) -> f32 {
    v.to_f32().unwrap_or(0.0)
}

pub fn draw(l: &mut Layout, r: &Report) {
    let c = &r.charts;
    let stages: Vec<_> = r.stages.iter().filter(|s| s.id != Stage::Coverage && !s.impact.is_zero()).collect();
    if c.drift.len() < 2 && stages.is_empty() && c.sync_by_month.is_empty() {
        return;
    }
    l.heading("In pictures", 14.0, 230.0);
    let cur = r.currency.as_deref();
    if c.drift.len() >= 2 {
        drift(l, r, cur);
    }
    if !stages.is_empty() {
        l.heading("Money at stake by stage", 10.5, 20.0 + 16.0 * stages.len() as f32);
        let top = stages.iter().map(|s| f(s.impact)).fold(1.0_f32, f32::max);
        let (left, right) = (90.0, 110.0);
        for s in &stages {
            l.ensure(16.0);
            let y = l.y - 12.0;
            l.text_at(MARGIN, y + 2.0, Font::Regular, 8.5, INK, s.id.short());
            let w = (f(s.impact) / top * (CONTENT_WIDTH - left - right)).max(1.5);
            l.fill_rect(MARGIN + left, y, w, 10.0, status_color(s.status));
            l.text_at(MARGIN + left + w + 5.0, y + 2.0, Font::Regular, 8.5, INK, &format_money(s.impact, cur));
            l.gap(16.0);
        }
        let words: Vec<String> = stages.iter().map(|s| format!("{} {}", s.id.short(), format_money(s.impact, cur))).collect();
        l.paragraph(
            &format!("{}. The stages overlap: one document can count in several.", words.join("; ")),
            Font::Regular,
            7.5,
            MUTED,
            0.0,
        );
    }
    if !c.sync_by_month.is_empty() {
        sync(l, r);
    }
}

fn drift(l: &mut Layout, r: &Report, cur: Option<&str>) {
    let c = &r.charts;
    let h = 130.0;
    l.heading("Month-end stock value: Cin7 against the ledger", 10.5, h + 40.0);
    let values: Vec<f32> = c.drift.iter().flat_map(|m| [f(m.cin7), f(m.ledger)]).collect();
    let lo = values.iter().copied().fold(0.0_f32, f32::min);
    let hi = values.iter().copied().fold(1.0_f32, f32::max);
    let (left, top, bottom) = (MARGIN + 70.0, l.y - 6.0, l.y - 6.0 - h);
    let width = CONTENT_WIDTH - 80.0;
    let n = c.drift.len() - 1;
    let x = |i: usize| left + width * i as f32 / n as f32;
    let y = |v: f32| bottom + (v - lo) / (hi - lo) * h;
    l.hline(left, left + width, y(0.0), RULE);
    for v in [hi, (hi + lo) / 2.0] {
        let text = format_money(Decimal::from_f32_retain(v).unwrap_or_default().round(), cur);
        l.text_at(MARGIN, y(v) - 3.0, Font::Regular, 7.0, MUTED, &text);
    }
    if let Some(i) = c.apart_since.as_ref().and_then(|m| c.drift.iter().position(|d| &d.month == m)) {
        l.polyline(&[(x(i), bottom), (x(i), top)], INK, 0.6, true);
        l.text_at(x(i) + 3.0, top - 8.0, Font::Regular, 7.5, INK, &format!("Apart since {}", c.drift[i].month));
    }
    let cin7: Vec<(f32, f32)> = c.drift.iter().enumerate().map(|(i, m)| (x(i), y(f(m.cin7)))).collect();
    let ledger: Vec<(f32, f32)> = c.drift.iter().enumerate().map(|(i, m)| (x(i), y(f(m.ledger)))).collect();
    l.polyline(&cin7, CIN7, 1.6, false);
    l.polyline(&ledger, LEDGER, 1.6, true);
    for (i, shift) in [(0, 0.0), (n / 2, 0.5), (n, 1.0)] {
        let month = &c.drift[i].month;
        let at = x(i) - shift * crate::metrics::width(month, Font::Regular, 7.0);
        l.text_at(at, bottom - 12.0, Font::Regular, 7.0, MUTED, month);
    }
    l.gap(h + 22.0);
    let last = &c.drift[n];
    l.paragraph(
        &format!(
            "Solid: Cin7 ({} at {}); dashed: the ledger ({}).{}",
            format_money(last.cin7, cur),
            last.month,
            format_money(last.ledger, cur),
            c.apart_since.as_ref().map(|m| format!(" Apart beyond materiality since {m}.")).unwrap_or_default()
        ),
        Font::Regular,
        7.5,
        MUTED,
        0.0,
    );
}

fn sync(l: &mut Layout, r: &Report) {
    let months = &r.charts.sync_by_month;
    let h = 90.0;
    l.heading("Sync failures and skips by month", 10.5, h + 40.0);
    let top = months.iter().map(|m| m.failed + m.skipped).max().unwrap_or(1).max(1) as f32;
    let (left, bottom) = (MARGIN + 30.0, l.y - 6.0 - h);
    let slot = (CONTENT_WIDTH - 30.0) / months.len() as f32;
    let bar = (slot * 0.7).min(30.0);
    let scale = h / top;
    l.text_at(MARGIN, bottom + h - 3.0, Font::Regular, 7.0, MUTED, &format!("{top}"));
    l.hline(left, left + CONTENT_WIDTH - 30.0, bottom, RULE);
    let every = months.len().div_ceil(12);
    for (i, m) in months.iter().enumerate() {
        let x = left + i as f32 * slot + (slot - bar) / 2.0;
        let failed = m.failed as f32 * scale;
        l.fill_rect(x, bottom, bar, failed, LEDGER);
        l.fill_rect(x, bottom + failed, bar, m.skipped as f32 * scale, SKIPPED);
        if i % every == 0 {
            l.text_at(x, bottom - 12.0, Font::Regular, 7.0, MUTED, &m.month);
        }
    }
    l.gap(h + 22.0);
    let words: Vec<String> = months.iter().map(|m| format!("{} {} failed, {} skipped", m.month, m.failed, m.skipped)).collect();
    l.paragraph(&format!("Red: failed; amber: skipped. {}.", words.join("; ")), Font::Regular, 7.5, MUTED, 0.0);
}
