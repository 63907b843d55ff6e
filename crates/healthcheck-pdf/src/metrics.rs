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
}

/// Where a character is drawn from: the weight's own face, or the fallback face that a
/// caller may supply for the scripts the own faces lack (Chinese, Japanese, Korean).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Slot {
    Own(Font),
    Fallback,
}

impl Slot {
    pub const COUNT: usize = 3;

    pub fn index(self) -> usize {
        match self {
            Slot::Own(f) => f as usize,
            Slot::Fallback => 2,
        }
    }

    pub fn resource_name(self) -> &'static [u8] {
        match self {
            Slot::Own(f) => f.resource_name(),
            Slot::Fallback => b"F3",
        }
    }

    fn face(self) -> Option<&'static Face<'static>> {
        match self {
            Slot::Own(f) => Some(f.face()),
            Slot::Fallback => fallback().map(|f| &f.face),
        }
    }
}

/// A TrueType face given at run time, parsed once and kept for the process.
pub struct FallbackFace {
    pub data: &'static [u8],
    pub face: Face<'static>,
    pub name: String,
}

thread_local! {
    static ACTIVE: std::cell::Cell<Option<&'static FallbackFace>> = const { std::cell::Cell::new(None) };
}

pub fn fallback() -> Option<&'static FallbackFace> {
    ACTIVE.with(std::cell::Cell::get)
}

/// Make `bytes` the fallback face of this thread's renders (`None`: no fallback). A face is
/// parsed once per distinct file; the error says why a file cannot serve.
pub fn use_fallback(bytes: Option<&[u8]>) -> Result<(), String> {
    static LOADED: std::sync::Mutex<Vec<&'static FallbackFace>> = std::sync::Mutex::new(Vec::new());
    let Some(bytes) = bytes else {
        ACTIVE.with(|a| a.set(None));
        return Ok(());
    };
    let mut loaded = LOADED.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let found = loaded.iter().copied().find(|f| f.data == bytes);
    let face = match found {
        Some(f) => f,
        None => {
            let data: &'static [u8] = Box::leak(bytes.to_vec().into_boxed_slice());
            let face = Face::parse(data, 0).map_err(|e| format!("the fallback font cannot be read ({e})"))?;
            if face.tables().glyf.is_none() {
                return Err("the fallback font has no TrueType outlines (a .ttf with glyf is needed)".into());
            }
            let name = face
                .names()
                .into_iter()
                .filter(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
                .find_map(|n| n.to_string())
                .filter(|n| n.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
                .unwrap_or_else(|| "Fallback".to_string());
            let f: &'static FallbackFace = Box::leak(Box::new(FallbackFace { data, face, name }));
            loaded.push(f);
            f
        }
    };
    ACTIVE.with(|a| a.set(Some(face)));
    Ok(())
}

/// The glyph for `c`, with tabs and line ends shown as spaces; `None` when the face lacks it.
fn glyph_in(face: &Face, c: char) -> Option<GlyphId> {
    let c = if matches!(c, '\t' | '\n' | '\r') { ' ' } else { c };
    face.glyph_index(c).filter(|g| g.0 != 0)
}

fn glyph(font: Font, c: char) -> Option<GlyphId> {
    glyph_in(font.face(), c)
}

/// The face and glyph that show `c` in `font`: the own face, else the fallback, else the
/// own face's `?` (the flag says so).
fn pick(font: Font, c: char) -> (Slot, GlyphId, char, bool) {
    if let Some(g) = glyph(font, c) {
        return (Slot::Own(font), g, c, false);
    }
    if let Some(g) = fallback().and_then(|f| glyph_in(&f.face, c)) {
        return (Slot::Fallback, g, c, false);
    }
    (Slot::Own(font), glyph(font, '?').unwrap_or(GlyphId(0)), '?', true)
}

/// The advance of a glyph in thousandths of the font size.
pub fn advance_in(slot: Slot, g: GlyphId) -> f32 {
    slot.face().map_or(0.0, |face| f32::from(face.glyph_hor_advance(g).unwrap_or(0)) * 1000.0 / f32::from(face.units_per_em()))
}

/// `text` in runs of one face each, as two-byte glyph ids; the glyphs used, each with the
/// character it stands for, are added to `used` (by slot). The flag says a character was
/// missing from every face.
pub fn encode(text: &str, font: Font, used: &mut [BTreeMap<u16, char>; Slot::COUNT]) -> (Vec<(Slot, Vec<u8>)>, bool) {
    let mut runs: Vec<(Slot, Vec<u8>)> = Vec::new();
    let mut replaced = false;
    for c in text.chars() {
        let (slot, g, shown, missing) = pick(font, c);
        replaced |= missing;
        used[slot.index()].entry(g.0).or_insert(shown);
        match runs.last_mut() {
            Some((s, bytes)) if *s == slot => bytes.extend_from_slice(&g.0.to_be_bytes()),
            _ => runs.push((slot, g.0.to_be_bytes().to_vec())),
        }
    }
    (runs, replaced)
}

/// Characters below this code point have their advance in a table: wrapping measures the
/// same Latin text many times over.
const TABLED: usize = 0x250;

fn tabled_advances(font: Font) -> &'static [f32; TABLED] {
    static TABLES: [OnceLock<[f32; TABLED]>; 2] = [OnceLock::new(), OnceLock::new()];
    TABLES[font as usize].get_or_init(|| {
        let mut table = [f32::NAN; TABLED];
        for (code, slot) in table.iter_mut().enumerate() {
            let g = u32::try_from(code).ok().and_then(char::from_u32).and_then(|c| glyph(font, c));
            if let Some(g) = g {
                *slot = advance_in(Slot::Own(font), g);
            }
        }
        table
    })
}

/// Width in points of `text` set in `font` at `size`.
pub fn width(text: &str, font: Font, size: f32) -> f32 {
    let table = tabled_advances(font);
    let units: f32 = text
        .chars()
        .map(|c| match table.get(c as usize) {
            Some(a) if !a.is_nan() => *a,
            _ => {
                let (slot, g, _, _) = pick(font, c);
                advance_in(slot, g)
            }
        })
        .sum();
    units * size / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_with_the_faces_own_advances() {
        let hello = width("Hello", Font::Regular, 10.0);
        let by_glyph: f32 = "Hello".chars().map(|c| advance_in(Slot::Own(Font::Regular), glyph(Font::Regular, c).expect("a glyph"))).sum();
        assert!((hello - by_glyph / 100.0).abs() < 0.001);
        assert!(hello > 20.0 && hello < 35.0, "{hello}");
        assert!(width("Hello", Font::Bold, 10.0) > hello);
    }

    #[test]
    fn prints_macrons_and_polish_and_marks_what_it_lacks() {
        let mut used: [BTreeMap<u16, char>; Slot::COUNT] = Default::default();
        let (runs, replaced) = encode("Māori Zażółć", Font::Regular, &mut used);
        assert_eq!(runs.len(), 1);
        assert_eq!(runs[0].1.len(), 2 * "Māori Zażółć".chars().count());
        assert!(!replaced);
        assert!(used[0].values().any(|&c| c == 'ā') && used[0].values().any(|&c| c == 'ł'));
        let (_, replaced) = encode("\u{65e5}", Font::Regular, &mut used);
        assert!(replaced);
    }
}
