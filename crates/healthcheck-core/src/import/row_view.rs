//! One data row as a builder sees it: its cells through the kind's column map, typed on
//! demand (text, status words, exact decimals, dates in the file's order).

use std::borrow::Cow;
use std::cell::{Cell, RefCell};

use rust_decimal::Decimal;

use super::detect::ColumnMap;
use super::{accounting, date_cell, value};
use crate::dataset::{AccountRef, Origin};
use crate::date::Date;
use crate::inputs::{DateOrder, HiddenSpelling, RowError, HIDDEN_SPELLINGS_KEPT};
use crate::kinds::{Kind, KindSpec};
use crate::small_decimal::{OptionalDecimal, SmallDecimal};
use crate::text::{TableText, Text};

/// The cells of one row: a workbook's row as a record, or a text record's fields as they
/// came from the splitter (no copy).
#[derive(Clone, Copy)]
pub enum Cells<'a> {
    Record(&'a csv::StringRecord),
    Fields { text: &'a str, ends: &'a [usize] },
}

impl<'a> Cells<'a> {
    #[inline(always)]
    pub fn get(&self, i: usize) -> Option<&'a str> {
        match *self {
            Cells::Record(r) => r.get(i),
            Cells::Fields { text, ends } => {
                let end = *ends.get(i)?;
                // Fields are separated by one byte (see `stream::OnRecord`).
                let start = if i == 0 { 0 } else { ends[i - 1] + 1 };
                text.get(start..end)
            }
        }
    }

    pub fn len(&self) -> usize {
        match *self {
            Cells::Record(r) => r.len(),
            Cells::Fields { ends, .. } => ends.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn iter(self) -> impl Iterator<Item = &'a str> {
        (0..self.len()).map(move |i| self.get(i).unwrap_or(""))
    }

    pub fn to_record(self) -> csv::StringRecord {
        match self {
            Cells::Record(r) => r.clone(),
            Cells::Fields { .. } => csv::StringRecord::from(self.iter().collect::<Vec<_>>()),
        }
    }
}

/// An amount worked out from a row's cells (a debit less a credit), for a field of a large
/// table, kept in eight bytes; refused where it has more digits than those hold.
pub fn small_amount(amount: Decimal) -> Result<SmallDecimal, RowError> {
    SmallDecimal::new(amount).ok_or(RowError::AmountTooManyDigits { amount })
}

/// Powers of ten, for telling how many digits a number has before its point.
const POW10: [u128; 39] = {
    let mut p = [1u128; 39];
    let mut i = 1;
    while i < 39 {
        p[i] = p[i - 1] * 10;
        i += 1;
    }
    p
};
const POW10_U64: [u64; 20] = {
    let mut p = [1u64; 20];
    let mut i = 1;
    while i < 20 {
        p[i] = p[i - 1] * 10;
        i += 1;
    }
    p
};

/// A data row seen through its kind's column map.
pub struct RowView<'a> {
    pub(super) cells: Cells<'a>,
    pub(super) texts: &'a RefCell<TableText>,
    pub(super) header: &'a csv::StringRecord,
    pub(super) map: &'a ColumnMap,
    pub(super) spec: &'static KindSpec,
    pub(super) order: DateOrder,
    /// The file writes a decimal comma (see [`value::DecimalEvidence`]).
    pub(super) decimal_comma: bool,
    pub(super) origin: Origin,
    /// Identifier cells of the table cleaned of spreadsheet marks so far.
    pub(super) cleaned: &'a Cell<u64>,
    /// Those that held hidden or look-alike characters, with the first few spellings.
    pub(super) hidden: &'a RefCell<(u64, Vec<HiddenSpelling>)>,
    /// Numbers read so far, the most digits before the point, and that number's column.
    pub(super) numbers: &'a Cell<(u64, u32, usize)>,
}

impl RowView<'_> {
    pub fn origin(&self) -> Origin {
        self.origin
    }

    pub fn kind(&self) -> Kind {
        self.spec.kind
    }

    /// A field's cell, trimmed, borrowed from the row; `None` when it is blank.
    #[inline(always)]
    pub fn cell(&self, key: &str) -> Option<&str> {
        let col = self.map.get(key)?;
        self.cells.get(col).map(crate::text::trim).filter(|s| !s.is_empty())
    }

    /// The cell exactly as written, spaces kept; `None` when it is blank.
    pub fn raw_text(&self, key: &str) -> Option<Text> {
        let col = self.map.get(key)?;
        let raw = self.cells.get(col).filter(|s| !crate::text::trim(s).is_empty())?;
        Some(self.column_text(col, raw))
    }

    /// The first non-empty cell of the row, whatever its column (report headings).
    pub fn first_cell(&self) -> Option<&str> {
        self.cells.iter().map(crate::text::trim).find(|c| !c.is_empty())
    }

    /// The header text the user's file uses for a field, for messages.
    pub fn header_of(&self, key: &str) -> String {
        self.mapped_header(key).or_else(|| self.spec.field(key).map(|f| f.label.to_string())).unwrap_or_else(|| key.to_string())
    }

    /// The header of the column mapped to a field, if any.
    pub fn mapped_header(&self, key: &str) -> Option<String> {
        self.map.get(key).and_then(|c| self.header.get(c)).map(|h| h.trim().to_string()).filter(|h| !h.is_empty())
    }

    pub fn empty(&self, key: &str) -> RowError {
        RowError::Empty { field: self.header_of(key) }
    }

    /// The cell trimmed, as a shared [`Text`]; `None` when it is blank.
    pub fn text(&self, key: &str) -> Option<Text> {
        let col = self.map.get(key)?;
        let raw = self.cells.get(col).map(crate::text::trim).filter(|s| !s.is_empty())?;
        Some(self.column_text(col, raw))
    }

    /// An identifier cell (SKU, document number, account code) as a shared [`Text`], cleaned
    /// of what a spreadsheet adds to it (see [`crate::identifier::clean_identifier`]); `None` when blank.
    pub fn id(&self, key: &str) -> Option<Text> {
        let (col, cell) = self.identifier_cell(key)?;
        Some(self.column_text(col, &cell))
    }

    /// An identifier cell's column and its text cleaned (counted when it changed); `None`
    /// when blank, or nothing but marks.
    fn identifier_cell(&self, key: &str) -> Option<(usize, Cow<'_, str>)> {
        let col = self.map.get(key)?;
        let raw = self.cells.get(col).map(crate::text::trim).filter(|s| !s.is_empty())?;
        match crate::identifier::clean_identifier(raw) {
            None => Some((col, Cow::Borrowed(raw))),
            Some(clean) => {
                self.cleaned.set(self.cleaned.get() + 1);
                if clean.hidden {
                    let mut hidden = self.hidden.borrow_mut();
                    hidden.0 += 1;
                    if hidden.1.len() < HIDDEN_SPELLINGS_KEPT {
                        let field = self.spec.fields.iter().find(|f| f.key == key).map_or(key, |f| f.label);
                        let (written, read_as) = (crate::identifier::escape_hidden(raw), crate::identifier::escape_hidden(&clean.text));
                        hidden.1.push(HiddenSpelling { line: u64::from(self.origin.line), field: field.to_string(), written, read_as });
                    }
                }
                (!clean.text.is_empty()).then_some((col, Cow::Owned(clean.text)))
            }
        }
    }

    pub fn required_id(&self, key: &str) -> Result<Text, RowError> {
        self.id(key).ok_or_else(|| self.empty(key))
    }

    /// Status words are compared upper-cased and trimmed.
    pub fn status(&self, key: &str) -> Option<Text> {
        let col = self.map.get(key)?;
        let raw = self.cells.get(col).map(crate::text::trim).filter(|s| !s.is_empty())?;
        if raw.bytes().any(|b| b.is_ascii_lowercase()) || !raw.is_ascii() {
            Some(self.column_text(col, &raw.to_uppercase()))
        } else {
            Some(self.column_text(col, raw))
        }
    }

    fn column_text(&self, col: usize, value: &str) -> Text {
        self.texts.borrow_mut().text(col, value)
    }

    pub fn account(&self, key: &str) -> Option<AccountRef> {
        self.identifier_cell(key).map(|(_, cell)| accounting::parse_account_cell(&cell))
    }

    pub fn required_text(&self, key: &str) -> Result<Text, RowError> {
        self.text(key).ok_or_else(|| self.empty(key))
    }

    pub fn decimal(&self, key: &str) -> Result<Option<Decimal>, RowError> {
        match self.cell(key) {
            None => Ok(None),
            Some(raw) => {
                let comma_form = if self.decimal_comma { value::from_decimal_comma(raw) } else { None };
                let value = value::parse_decimal(comma_form.as_deref().unwrap_or(raw))
                    .map_err(|problem| RowError::NotAValue { field: self.header_of(key), problem })?;
                if let Some(d) = value {
                    self.note(key, d.mantissa().unsigned_abs(), d.scale());
                }
                Ok(value)
            }
        }
    }

    /// A cell the eight-byte fast path may read as it is: not in a decimal-comma file
    /// where a point means thousands.
    fn plain_cell(&self, key: &str) -> Option<&str> {
        self.cell(key).filter(|c| !self.decimal_comma || !c.contains('.'))
    }

    pub fn required_decimal(&self, key: &str) -> Result<Decimal, RowError> {
        self.decimal(key)?.ok_or_else(|| self.empty(key))
    }

    /// Count a number of field `key`, and how many digits it has before the point (see
    /// `crate::magnitude`): one comparison for a number no wider than the widest so far.
    #[inline]
    fn note(&self, key: &str, mantissa: u128, scale: u32) {
        let (n, widest, col) = self.numbers.get();
        let limit = (widest + scale).min(38) as usize;
        if mantissa < POW10[limit] {
            return self.numbers.set((n + 1, widest, col));
        }
        let digits = mantissa.checked_ilog10().map_or(0, |l| l + 1).saturating_sub(scale);
        self.numbers.set((n + 1, digits.max(widest), self.map.get(key).unwrap_or(col)));
    }

    /// [`RowView::note`] for the eight-byte decimals of the fast path, in 64-bit arithmetic.
    #[inline]
    fn note_small(&self, key: &str, d: SmallDecimal) {
        let (magnitude, scale) = d.magnitude_and_scale();
        let (n, widest, col) = self.numbers.get();
        match POW10_U64.get((widest + scale) as usize) {
            Some(&limit) if magnitude < limit => self.numbers.set((n + 1, widest, col)),
            _ => self.note(key, u128::from(magnitude), scale),
        }
    }

    /// A decimal for a field of a large table, kept in eight bytes: a cell with more
    /// significant digits than that holds is refused (see [`crate::small_decimal`]).
    pub fn small_decimal(&self, key: &str) -> Result<OptionalDecimal, RowError> {
        if let Some(d) = self.plain_cell(key).and_then(value::plain_small_decimal) {
            self.note_small(key, d);
            return Ok(d.into());
        }
        let value = self.decimal(key)?;
        OptionalDecimal::new(value).ok_or_else(|| self.too_many_digits(key))
    }

    pub fn required_small_decimal(&self, key: &str) -> Result<SmallDecimal, RowError> {
        if let Some(d) = self.plain_cell(key).and_then(value::plain_small_decimal) {
            self.note_small(key, d);
            return Ok(d);
        }
        let value = self.required_decimal(key)?;
        SmallDecimal::new(value).ok_or_else(|| self.too_many_digits(key))
    }

    fn too_many_digits(&self, key: &str) -> RowError {
        RowError::TooManyDigits { field: self.header_of(key), cell: self.cell(key).unwrap_or_default().to_string() }
    }

    pub fn date(&self, key: &str) -> Result<Option<Date>, RowError> {
        match self.cell(key) {
            None => Ok(None),
            Some(raw) => {
                date_cell::parse_date(raw, self.order).map_err(|problem| RowError::NotAValue { field: self.header_of(key), problem })
            }
        }
    }

    pub fn required_date(&self, key: &str) -> Result<Date, RowError> {
        self.date(key)?.ok_or_else(|| self.empty(key))
    }

    pub fn time(&self, key: &str) -> Option<u32> {
        self.cell(key).and_then(date_cell::parse_time_of_day)
    }
}
