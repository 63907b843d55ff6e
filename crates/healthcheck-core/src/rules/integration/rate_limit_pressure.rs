use crate::dataset::SyncEntry;
use crate::findings::{Entity, EntityKind, Severity};
use crate::inputs::Accounting;
use crate::rules::facts::sync::{entry_evidence, target_name};
use crate::rules::facts::{declare_rule, Check, Context, Draft};

declare_rule! {
    /// ## What it does
    /// Finds synchronization errors that say the target system refused for volume: HTTP 429,
    /// "Too Many Requests", "rate limit", or HTTP 503 with a limit message. Where the export
    /// gives times, it reports bursts (at least `burst_count`, default 5, such errors within
    /// 60 seconds) and the busiest minute of the sync against the target's limit (Xero 60
    /// calls a minute per organisation, QuickBooks Online 500, Shopify about 120).
    ///
    /// ## Why it matters
    /// Rate limits are not random outages: they come from pushing many documents at once,
    /// from retry loops, or from several apps sharing one organisation's allowance. Each
    /// refusal becomes a failed entry, and documents that miss their turn drift out of period.
    ///
    /// ## Example
    /// ```csv
    /// Cin7 Core Number,Sync date,Sync status,Type,Error
    /// INV-1,2026-03-15 09:00:01,Failed,Invoices,HTTP 429 Too Many Requests
    /// INV-2,2026-03-15 09:00:02,Completed,Invoices,
    /// ```
    /// INV-1 was refused for volume, so the check reports rate-limit pressure.
    ///
    /// ## How to fix it at the source
    /// Spread the load: sync in smaller batches or on a schedule outside trading peaks, stop
    /// retry loops (SYN003), and review which other apps call the same Xero or QuickBooks
    /// organisation. If volume keeps hitting the limit, consolidate invoices in the
    /// integration settings where the business can accept it.
    ///
    /// ## Impact
    /// None in money: the refused documents are counted by SYN001 while they wait.
    pub(crate) RateLimitPressure {
        code: "SYN004",
        name: "rate-limit-pressure",
        title: "Sync hitting its rate limit",
        stage: Integration,
        severity: Medium,
        counts: SyncedDocuments,
        inputs: [Cin7SyncLog],
    }
}

pub fn is_rate_limited(error: &str) -> bool {
    let e = error.to_lowercase();
    e.contains("429")
        || e.contains("too many requests")
        || e.contains("rate limit")
        || e.contains("rate-limit")
        || (e.contains("503") && e.contains("limit"))
}

fn seconds(e: &SyncEntry) -> Option<i64> {
    Some(i64::from(e.date?.days()) * 86_400 + i64::from(e.time?))
}

/// The most entries of `times` (sorted) inside any 60-second window.
fn peak(times: &[i64]) -> usize {
    let mut best = 0;
    let mut start = 0;
    for end in 0..times.len() {
        while times[end] - times[start] >= 60 {
            start += 1;
        }
        best = best.max(end - start + 1);
    }
    best
}

impl Check for RateLimitPressure {
    fn check(&self, cx: &Context, out: &mut Vec<Draft>) {
        let limited: Vec<&SyncEntry> = cx.data.sync_log.iter().filter(|e| e.error.as_deref().is_some_and(is_rate_limited)).collect();
        let Some(first) = limited.first() else { return };
        let mut refused: Vec<i64> = limited.iter().filter_map(|e| seconds(e)).collect();
        refused.sort_unstable();
        let mut all: Vec<i64> = cx.data.sync_log.iter().filter_map(seconds).collect();
        all.sort_unstable();
        let burst = peak(&refused);
        let busiest = peak(&all);
        let target = target_name(cx, first);
        let limit = match first.system.or(cx.accounting) {
            Some(Accounting::Xero) => Some(60),
            Some(Accounting::QuickBooksOnline) => Some(500),
            None => None,
        };
        let mut message = format!("{} sync entries were refused by {target} for volume", limited.len());
        if burst >= cx.thresholds().burst_count {
            message.push_str(&format!(", {burst} of them within one minute"));
        }
        if busiest > 0 {
            message.push_str(&format!("; the busiest minute sent {busiest} documents"));
            if let Some(l) = limit {
                message.push_str(&format!(" against a limit of {l} calls a minute"));
            }
        }
        let severity = if burst >= cx.thresholds().burst_count || limited.len() >= 10 { Severity::High } else { Severity::Medium };
        let mut entities: Vec<Entity> = limited.iter().map(|e| Entity::new(EntityKind::Document, &e.cin7_number)).collect();
        entities.sort();
        entities.dedup();
        out.push(Draft {
            severity,
            message,
            impact: None,
            entities,
            evidence: limited.iter().take(50).map(|e| entry_evidence(cx, e)).collect(),
        });
    }
}
