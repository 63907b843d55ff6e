//! What a check says: the stages of the failure sequence, severities and statuses, and a
//! finding with its entities, evidence and money. Rules write these; the sequence, the
//! traces and the report read them.

use std::fmt;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The six stages of the failure sequence, in sequence order.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Setup,
    Inventory,
    Integration,
    Ledger,
    Trust,
    Control,
    /// Not a stage of the sequence: what the inputs let the report see. Never scored.
    Coverage,
}

impl Stage {
    /// The six stages of the sequence, in order.
    pub const ALL: [Stage; 6] = [Stage::Setup, Stage::Inventory, Stage::Integration, Stage::Ledger, Stage::Trust, Stage::Control];
    /// The six stages and the data-coverage section, in the order reports list findings.
    pub const WITH_COVERAGE: [Stage; 7] =
        [Stage::Setup, Stage::Inventory, Stage::Integration, Stage::Ledger, Stage::Trust, Stage::Control, Stage::Coverage];

    pub fn id(self) -> &'static str {
        match self {
            Stage::Setup => "setup",
            Stage::Inventory => "inventory",
            Stage::Integration => "integration",
            Stage::Ledger => "ledger",
            Stage::Trust => "trust",
            Stage::Control => "control",
            Stage::Coverage => "coverage",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Stage::Setup => "Flawed setup / operational slip",
            Stage::Inventory => "Inventory state drift",
            Stage::Integration => "Integration pipeline clogging",
            Stage::Ledger => "Accounting and multi-ledger variance",
            Stage::Trust => "Loss of trust",
            Stage::Control => "Loss of business control",
            Stage::Coverage => "Data coverage",
        }
    }

    /// The one-word label of a scorecard tile: "Setup", "Ledger".
    pub fn short(self) -> &'static str {
        match self {
            Stage::Setup => "Setup",
            Stage::Inventory => "Inventory",
            Stage::Integration => "Integration",
            Stage::Ledger => "Ledger",
            Stage::Trust => "Trust",
            Stage::Control => "Control",
            Stage::Coverage => "Coverage",
        }
    }

    /// 1-based position in the sequence (7 for data coverage, which follows it).
    pub fn number(self) -> usize {
        Stage::WITH_COVERAGE.iter().position(|s| *s == self).map_or(0, |i| i + 1)
    }
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub fn id(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Healthy,
    Watch,
    AtRisk,
    Critical,
    NotAssessed,
}

impl Status {
    pub const ALL: [Status; 5] = [Status::Healthy, Status::Watch, Status::AtRisk, Status::Critical, Status::NotAssessed];

    pub fn id(self) -> &'static str {
        match self {
            Status::Healthy => "healthy",
            Status::Watch => "watch",
            Status::AtRisk => "at_risk",
            Status::Critical => "critical",
            Status::NotAssessed => "not_assessed",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Healthy => "Healthy",
            Status::Watch => "Watch",
            Status::AtRisk => "At risk",
            Status::Critical => "Critical",
            Status::NotAssessed => "Not assessed",
        }
    }
}

/// Entity kinds that link findings across stages.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    Sku,
    Sale,
    Invoice,
    Purchase,
    Account,
    Journal,
    Document,
    ChannelOrder,
}

#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
pub struct Entity {
    pub kind: EntityKind,
    pub key: String,
}

impl Entity {
    pub fn new(kind: EntityKind, key: impl Into<String>) -> Entity {
        Entity { kind, key: key.into() }
    }
}

/// The money a finding puts at stake.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct Impact {
    /// Two decimal places, in the report's currency.
    pub amount: Decimal,
    pub estimate: bool,
    /// How the amount was computed, in one phrase.
    pub basis: String,
    /// For a finding that explains part of an inventory variance: its signed share of it, in
    /// the variance's direction (the ledger's balance less Cin7's stock value), so that the
    /// parts and the unexplained rest add up to the variance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inventory_effect: Option<Decimal>,
}

/// The label/value pairs of an evidence row, in the order the rule chose.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct Fields(pub Vec<(String, String)>);

impl Serialize for Fields {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Fields {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Fields;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object of strings")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Fields, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = m.next_entry::<String, String>()? {
                    out.push((k, v));
                }
                Ok(Fields(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// One input row behind a finding.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct Evidence {
    pub file: String,
    pub line: u64,
    pub fields: Fields,
}

#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct Finding {
    pub id: String,
    pub code: String,
    pub rule: String,
    pub stage: Stage,
    pub severity: Severity,
    pub message: String,
    pub impact: Option<Impact>,
    pub entities: Vec<Entity>,
    pub evidence: Vec<Evidence>,
}

/// Round to cents (half away from zero) and always show two places.
pub fn money(amount: Decimal) -> Decimal {
    let mut m = amount.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    m.rescale(2);
    m
}

/// `USD 4,210.00`, or `4,210.00` when the currency is unknown.
pub fn format_money(amount: Decimal, currency: Option<&str>) -> String {
    let m = money(amount);
    let text = m.abs().to_string();
    let (int, frac) = text.split_once('.').unwrap_or((&text, "00"));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if m.is_sign_negative() && !m.is_zero() { "-" } else { "" };
    match currency {
        Some(c) => format!("{c} {sign}{grouped}.{frac}"),
        None => format!("{sign}{grouped}.{frac}"),
    }
}

/// A quantity without trailing zeros: `10`, `2.5`.
pub fn format_quantity(q: Decimal) -> String {
    q.normalize().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).expect("decimal")
    }

    #[test]
    fn money_has_two_places() {
        assert_eq!(money(d("4210")).to_string(), "4210.00");
        assert_eq!(money(d("0.005")).to_string(), "0.01");
        assert_eq!(money(d("-2.345")).to_string(), "-2.35");
    }

    #[test]
    fn money_is_grouped() {
        assert_eq!(format_money(d("4210"), Some("USD")), "USD 4,210.00");
        assert_eq!(format_money(d("-1234567.891"), None), "-1,234,567.89");
        assert_eq!(format_money(d("999"), None), "999.00");
    }

    #[test]
    fn fields_keep_their_order_through_json() {
        let f = Fields(vec![("b".into(), "1".into()), ("a".into(), "2".into())]);
        let json = serde_json::to_string(&f).expect("json");
        assert_eq!(json, r#"{"b":"1","a":"2"}"#);
        let back: Fields = serde_json::from_str(&json).expect("parse");
        assert_eq!(back, f);
    }
}
