//! An optional decimal in the sixteen bytes of a decimal.
//!
//! `Option<Decimal>` takes twenty bytes (a decimal has no spare value for the compiler to
//! mark `None` with), and the largest tables hold up to three per record: a million sale
//! lines spend twelve megabytes on the tags alone. A decimal's flags word uses only its sign
//! bit and scale byte, so one of its unused low bits marks `None` here instead.

use std::fmt;

use rust_decimal::Decimal;

/// `Option<Decimal>`, stored in sixteen bytes. Read it with [`OptionalDecimal::get`]; the
/// decimal comes back exactly as it went in (scale and the sign of zero included).
#[derive(Clone, Copy)]
pub struct OptionalDecimal([u8; 16]);

/// Set in the lowest byte of the flags (which `Decimal::serialize` writes first, and which a
/// decimal leaves zero) when there is no value.
const NONE_MARK: u8 = 1;

impl OptionalDecimal {
    pub const NONE: OptionalDecimal = OptionalDecimal([NONE_MARK, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);

    pub fn get(self) -> Option<Decimal> {
        if self.0[0] & NONE_MARK != 0 {
            None
        } else {
            Some(Decimal::deserialize(self.0))
        }
    }
}

impl Default for OptionalDecimal {
    fn default() -> Self {
        OptionalDecimal::NONE
    }
}

impl From<Option<Decimal>> for OptionalDecimal {
    fn from(value: Option<Decimal>) -> Self {
        value.map_or(OptionalDecimal::NONE, |d| OptionalDecimal(d.serialize()))
    }
}

impl From<Decimal> for OptionalDecimal {
    fn from(value: Decimal) -> Self {
        OptionalDecimal(value.serialize())
    }
}

impl fmt::Debug for OptionalDecimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.get(), f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn gives_back_what_it_was_given() {
        for text in ["0", "-0.00", "1.50", "-1234567.8901", "79228162514264337593543950335", "-0.0000000000000000000000000001"] {
            let d = Decimal::from_str(text).expect("a decimal");
            let back = OptionalDecimal::from(d).get().expect("a value");
            assert_eq!(back.to_string(), d.to_string(), "{text}");
            assert_eq!((back.scale(), back.is_sign_negative()), (d.scale(), d.is_sign_negative()), "{text}");
        }
        assert_eq!(OptionalDecimal::from(None).get(), None);
        assert_eq!(OptionalDecimal::default().get(), None);
        assert_eq!(format!("{:?}", OptionalDecimal::from(Decimal::ONE)), "Some(1)");
        assert_eq!(std::mem::size_of::<OptionalDecimal>(), 16);
    }
}
