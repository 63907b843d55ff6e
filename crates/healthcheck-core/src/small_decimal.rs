//! Exact decimals in eight bytes, for the fields of the largest tables.
//!
//! A `Decimal` takes sixteen bytes (twenty as an `Option`), and the largest tables hold up
//! to four per record: the million sale lines of a large bundle spent 64 MB on them. The
//! numbers exports write have far fewer digits than a `Decimal` holds: an amount has two
//! to four decimals, and a number that went through a spreadsheet or a floating-point
//! export has at most seventeen significant digits. Eight bytes hold every such number
//! exactly, with its scale and the sign of zero; an import refuses a cell with more digits
//! (see [`SmallDecimal::new`]), as it refuses one of ten trillion or more.
//!
//! The bits, low to high: the scale (0 to 28; 31 marks "no value"), the sign, and 58 bits
//! of magnitude (up to 288,230,376,151,711,743). They are kept as two 32-bit words, so that
//! a record keeps the four-byte alignment of its other fields.

use std::fmt;

use rust_decimal::Decimal;

/// The scale field's value for "no value" (a decimal's scale is at most 28).
const NONE_SCALE: u32 = 31;
const SCALE_BITS: u32 = 5;
const SIGN_BIT: u64 = 1 << SCALE_BITS;
const MAGNITUDE_SHIFT: u32 = SCALE_BITS + 1;
/// The largest magnitude eight bytes hold.
const MAX_MAGNITUDE: u128 = (1 << (64 - MAGNITUDE_SHIFT)) - 1;

/// The packed bits of a decimal, or `None` if its magnitude has too many digits even
/// without its trailing zeros after the point (which are then dropped: `12.5000` can come
/// back as `12.5`, the same value).
fn pack(d: Decimal) -> Option<u64> {
    let mut magnitude = d.mantissa().unsigned_abs();
    let mut scale = d.scale();
    while magnitude > MAX_MAGNITUDE && scale > 0 && magnitude % 10 == 0 {
        magnitude /= 10;
        scale -= 1;
    }
    if magnitude > MAX_MAGNITUDE {
        return None;
    }
    let sign = if d.is_sign_negative() { SIGN_BIT } else { 0 };
    Some(((magnitude as u64) << MAGNITUDE_SHIFT) | sign | u64::from(scale))
}

fn unpack(bits: u64) -> Decimal {
    let magnitude = bits >> MAGNITUDE_SHIFT;
    let scale = (bits & ((1 << SCALE_BITS) - 1)) as u32;
    Decimal::from_parts(magnitude as u32, (magnitude >> 32) as u32, 0, bits & SIGN_BIT != 0, scale)
}

fn words(bits: u64) -> [u32; 2] {
    [bits as u32, (bits >> 32) as u32]
}

fn bits(words: [u32; 2]) -> u64 {
    u64::from(words[0]) | (u64::from(words[1]) << 32)
}

/// A decimal of at most seventeen significant digits (strictly: a magnitude below 2^58
/// once trailing zeros after the point are dropped), stored in eight bytes. Read it with
/// [`SmallDecimal::get`].
#[derive(Clone, Copy, Default)]
pub struct SmallDecimal([u32; 2]);

impl SmallDecimal {
    /// The decimal in eight bytes, or `None` where it has too many digits.
    pub fn new(d: Decimal) -> Option<SmallDecimal> {
        pack(d).map(|b| SmallDecimal(words(b)))
    }

    /// The decimal of a sign, a magnitude and a scale (at most 28), or `None` where the
    /// magnitude has too many digits. A negative zero keeps its sign.
    pub fn from_parts(negative: bool, magnitude: u64, scale: u32) -> Option<SmallDecimal> {
        (u128::from(magnitude) <= MAX_MAGNITUDE && scale <= 28).then(|| {
            let sign = if negative { SIGN_BIT } else { 0 };
            SmallDecimal(words((magnitude << MAGNITUDE_SHIFT) | sign | u64::from(scale)))
        })
    }

    pub fn get(self) -> Decimal {
        unpack(bits(self.0))
    }

    /// The magnitude without its point and the number of digits after the point
    /// (`-12.50` is 1250 and 2), without unpacking.
    pub fn magnitude_and_scale(self) -> (u64, u32) {
        let b = bits(self.0);
        (b >> MAGNITUDE_SHIFT, (b & ((1 << SCALE_BITS) - 1)) as u32)
    }
}

impl fmt::Debug for SmallDecimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.get(), f)
    }
}

/// `Option<Decimal>` in eight bytes, for the same decimals as [`SmallDecimal`]. Read it with
/// [`OptionalDecimal::get`].
#[derive(Clone, Copy)]
pub struct OptionalDecimal([u32; 2]);

impl OptionalDecimal {
    pub const NONE: OptionalDecimal = OptionalDecimal([NONE_SCALE, 0]);

    /// The value in eight bytes (`Some(NONE)` for no value), or `None` where it has too many
    /// digits.
    pub fn new(value: Option<Decimal>) -> Option<OptionalDecimal> {
        match value {
            None => Some(OptionalDecimal::NONE),
            Some(d) => pack(d).map(|b| OptionalDecimal(words(b))),
        }
    }

    pub fn get(self) -> Option<Decimal> {
        let bits = bits(self.0);
        if bits & ((1 << SCALE_BITS) - 1) == u64::from(NONE_SCALE) {
            None
        } else {
            Some(unpack(bits))
        }
    }
}

impl Default for OptionalDecimal {
    fn default() -> Self {
        OptionalDecimal::NONE
    }
}

impl From<SmallDecimal> for OptionalDecimal {
    fn from(value: SmallDecimal) -> Self {
        OptionalDecimal(value.0)
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

    fn round_trip(text: &str) -> Option<String> {
        let d = Decimal::from_str(text).expect("a decimal");
        let small = SmallDecimal::new(d)?;
        let back = small.get();
        assert_eq!(back, d, "{text}: the same value");
        let optional = OptionalDecimal::new(Some(d)).expect("fits as the small one does").get().expect("a value");
        assert_eq!(optional.to_string(), back.to_string(), "{text}");
        assert_eq!((optional.scale(), optional.is_sign_negative()), (back.scale(), back.is_sign_negative()), "{text}");
        Some(back.to_string())
    }

    #[test]
    fn gives_back_what_it_was_given_with_its_scale_and_sign() {
        for text in ["0", "-0.00", "1.50", "-1234567.8901", "0.30000000000000004", "-9999999999999.9999", "0.0000000000000000000000000001"]
        {
            let d = Decimal::from_str(text).expect("a decimal");
            assert_eq!(round_trip(text), Some(d.to_string()));
            let back = SmallDecimal::new(d).expect("fits").get();
            assert_eq!((back.scale(), back.is_sign_negative()), (d.scale(), d.is_sign_negative()), "{text}");
        }
        // The largest magnitude, and one more.
        assert_eq!(round_trip("288230376151711743").as_deref(), Some("288230376151711743"));
        assert_eq!(round_trip("-2.88230376151711743").as_deref(), Some("-2.88230376151711743"));
        assert_eq!(round_trip("288230376151711744"), None);
    }

    #[test]
    fn drops_trailing_zeros_only_when_it_must() {
        assert_eq!(round_trip("12.500000000000000000000").as_deref(), Some("12.5000000000000000"));
        assert_eq!(round_trip("12.5000").as_deref(), Some("12.5000"));
        assert_eq!(round_trip("0.123456789012345678").as_deref(), Some("0.123456789012345678"));
        assert_eq!(round_trip("0.323456789012345678"), None);
        assert_eq!(round_trip("79228162514264337593543950335"), None);
    }

    #[test]
    fn marks_no_value_apart_from_every_value() {
        assert_eq!(OptionalDecimal::new(None).expect("always fits").get(), None);
        assert_eq!(OptionalDecimal::default().get(), None);
        assert_eq!(SmallDecimal::default().get(), Decimal::ZERO);
        assert_eq!(OptionalDecimal::from(SmallDecimal::new(Decimal::ONE).expect("fits")).get(), Some(Decimal::ONE));
        assert_eq!(format!("{:?}", OptionalDecimal::new(Some(Decimal::ONE)).expect("fits")), "Some(1)");
        assert_eq!(std::mem::size_of::<OptionalDecimal>(), 8);
        assert_eq!(std::mem::align_of::<OptionalDecimal>(), 4);
        assert_eq!(std::mem::size_of::<SmallDecimal>(), 8);
    }
}
