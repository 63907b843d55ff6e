//! The report's two faces, DejaVu Sans and DejaVu Sans Bold (cut down to Latin, Greek,
//! Cyrillic and common signs by `scripts/subset-fonts.sh`), embedded in the PDF as subsets:
//! their widths for layout, and text as the two-byte glyph ids the PDF's Identity-H encoding
//! shows. Latin, Greek and Cyrillic print as written ("Māori", "Zażółć", "Москва"); a
//! character the faces lack shows as `?`, and the caller is told so.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use ttf_parser::{Face, GlyphId};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Font {
    Regular,
    Bold,
}

const REGULAR_TTF: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
const BOLD_TTF: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");

impl Font {
    pub fn resource_name(self) -> &'static [u8] {
        match self {
            Font::Regular => b"F1",
            Font::Bold => b"F2",
        }
    }

    pub fn postscript_name(self) -> &'static str {
        match self {
            Font::Regular => "DejaVuSans",
            Font::Bold => "DejaVuSans-Bold",
        }
    }

    pub fn data(self) -> &'static [u8] {
        match self {
            Font::Regular => REGULAR_TTF,
            Font::Bold => BOLD_TTF,
        }
    }

    pub fn face(self) -> &'static Face<'static> {
        static FACES: [OnceLock<Face<'static>>; 2] = [OnceLock::new(), OnceLock::new()];
        FACES[self as usize].get_or_init(|| Face::parse(self.data(), 0).expect("the embedded font parses"))
    }

    /// Thousandths of the font size per font unit.
    pub fn scale(self) -> f32 {
        1000.0 / f32::from(self.face().units_per_em())
    }
}

/// The glyph for `c`, with tabs and line ends shown as spaces; `None` when the face lacks it.
fn glyph(font: Font, c: char) -> Option<GlyphId> {
    let c = if matches!(c, '\t' | '\n' | '\r') { ' ' } else { c };
    font.face().glyph_index(c)
}

fn glyph_or_question(font: Font, c: char) -> (GlyphId, char, bool) {
    match glyph(font, c) {
        Some(g) => (g, c, false),
        None => (glyph(font, '?').unwrap_or(GlyphId(0)), '?', true),
    }
}

/// The advance of a glyph in thousandths of the font size.
pub fn advance(font: Font, g: GlyphId) -> f32 {
    f32::from(font.face().glyph_hor_advance(g).unwrap_or(0)) * font.scale()
}

/// The bytes to show for `text`, each glyph as its two-byte id; the glyphs used, each with
/// the character it stands for, are added to `used`. The flag says a character was missing.
pub fn encode(text: &str, font: Font, used: &mut BTreeMap<u16, char>) -> (Vec<u8>, bool) {
    let mut out = Vec::with_capacity(text.len() * 2);
    let mut replaced = false;
    for c in text.chars() {
        let (g, shown, missing) = glyph_or_question(font, c);
        replaced |= missing;
        used.entry(g.0).or_insert(shown);
        out.extend_from_slice(&g.0.to_be_bytes());
    }
    (out, replaced)
}

/// Width in points of `text` set in `font` at `size`.
pub fn width(text: &str, font: Font, size: f32) -> f32 {
    let units: f32 = text.chars().map(|c| advance(font, glyph_or_question(font, c).0)).sum();
    units * size / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_with_the_faces_own_advances() {
        let hello = width("Hello", Font::Regular, 10.0);
        let by_glyph: f32 = "Hello".chars().map(|c| advance(Font::Regular, glyph(Font::Regular, c).expect("a glyph"))).sum();
        assert!((hello - by_glyph / 100.0).abs() < 0.001);
        assert!(hello > 20.0 && hello < 35.0, "{hello}");
        assert!(width("Hello", Font::Bold, 10.0) > hello);
    }

    #[test]
    fn prints_macrons_and_polish_and_marks_what_it_lacks() {
        let mut used = BTreeMap::new();
        let (bytes, replaced) = encode("Māori Zażółć", Font::Regular, &mut used);
        assert_eq!(bytes.len(), 2 * "Māori Zażółć".chars().count());
        assert!(!replaced);
        assert!(used.values().any(|&c| c == 'ā') && used.values().any(|&c| c == 'ł'));
        let (_, replaced) = encode("\u{65e5}", Font::Regular, &mut used);
        assert!(replaced);
    }
}
