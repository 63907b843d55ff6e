//! Identifiers (SKUs, document numbers, account codes, order names) read as the system that
//! wrote them meant them, and text from a file made safe to print beside them.

use crate::text::ascii;

/// An identifier as [`clean_identifier`] read it.
#[derive(Debug, PartialEq, Eq)]
pub struct CleanIdentifier {
    pub text: String,
    /// It held characters that print as nothing or only look like the letters and signs
    /// they stand for (not the marks any spreadsheet adds): worth showing the user.
    pub hidden: bool,
}

/// An identifier (SKU, barcode, document number, account code) as the system that wrote it
/// meant it: without the marks a spreadsheet adds to keep a number as text (`'0012345`,
/// `="0012345"`, and `=""0012345""` where the quoting was doubled), without characters that
/// print as nothing (format characters: zero-width spaces, byte-order marks, bidi controls,
/// soft hyphens), with fullwidth forms, dashes and minus signs as their plain forms, with
/// Cyrillic and Greek letters that look like Latin ones as those where every letter of the
/// identifier outside ASCII is such a look-alike (`НP-1150`; a Russian `ПАК-12` stays), and
/// with any kind of space as a space. `None` when nothing had to change. Only identifiers
/// are cleaned: `'Ohana Farms` is a name.
pub fn clean_identifier(cell: &str) -> Option<CleanIdentifier> {
    let marked = matches!(cell.as_bytes().first(), Some(b'\'' | b'='));
    if !marked && ascii(cell.as_bytes()) {
        return None;
    }
    let mut s = cell;
    if let Some(rest) = s.strip_prefix('=') {
        if rest.len() >= 2 && rest.starts_with('"') && rest.ends_with('"') {
            s = rest.trim_matches('"');
        }
    }
    if let Some(rest) = s.strip_prefix('\'') {
        s = rest;
    }
    let latin = s.chars().filter(|c| !c.is_ascii() && c.is_alphabetic()).all(|c| latin_look_alike(c).is_some());
    let mut out = String::with_capacity(s.len());
    let mut hidden = false;
    for c in s.chars() {
        let plain = match c {
            c if is_format_character(c) => None,
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0),
            '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{fe58}' | '\u{fe63}' => Some('-'),
            c if c.is_whitespace() => {
                out.push(' ');
                continue;
            }
            c => {
                let Some(l) = latin_look_alike(c).filter(|_| latin) else {
                    out.push(c);
                    continue;
                };
                Some(l)
            }
        };
        hidden = true;
        out.extend(plain);
    }
    let trimmed = out.trim();
    (trimmed != cell).then(|| CleanIdentifier { text: trimmed.to_string(), hidden })
}

/// Unicode format characters (category Cf) that turn up in pasted text and print as nothing.
fn is_format_character(c: char) -> bool {
    matches!(c, '\u{ad}' | '\u{61c}' | '\u{180e}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206f}' | '\u{feff}')
}

/// The Latin capital or small letter a Cyrillic or Greek letter cannot be told from in print.
fn latin_look_alike(c: char) -> Option<char> {
    Some(match c {
        'А' | 'Α' => 'A',
        'В' | 'Β' => 'B',
        'С' => 'C',
        'Е' | 'Ε' => 'E',
        'Н' | 'Η' => 'H',
        'І' | 'Ι' => 'I',
        'Ј' => 'J',
        'К' | 'Κ' => 'K',
        'М' | 'Μ' => 'M',
        'Ν' => 'N',
        'О' | 'Ο' => 'O',
        'Р' | 'Ρ' => 'P',
        'Ѕ' => 'S',
        'Т' | 'Τ' => 'T',
        'Х' | 'Χ' => 'X',
        'У' | 'Υ' => 'Y',
        'Ζ' => 'Z',
        'а' => 'a',
        'с' => 'c',
        'е' => 'e',
        'і' => 'i',
        'ј' => 'j',
        'о' | 'ο' => 'o',
        'р' => 'p',
        'ѕ' => 's',
        'х' => 'x',
        'у' => 'y',
        _ => return None,
    })
}

/// The characters that change the direction text runs in (bidi embeddings, overrides,
/// isolates, marks): a file's text reaches no report with them.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Remove bidi controls from `text` in place (most text has none and is left as it is).
pub fn drop_bidi_controls(text: &mut String) {
    if !ascii(text.as_bytes()) && text.chars().any(is_bidi_control) {
        text.retain(|c| !is_bidi_control(c));
    }
}

/// Text with every character that is not plain printable ASCII written as `\u{...}`, so
/// that two spellings that print alike can be told apart (`HP-\u{200b}1150`). Bidi controls
/// from a file never reach a report this way.
pub fn escape_hidden(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_graphic() || c == ' ' {
            out.push(c);
        } else {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_lose_the_marks_spreadsheets_add() {
        // (written, read as, whether something hidden or look-alike was in it)
        let cases = [
            ("'0012345", "0012345", false),
            ("'0850000000017", "0850000000017", false),
            ("=\"0123\"", "0123", false),
            ("=\"\"0123\"\"", "0123", false),
            ("AB\u{a0}12", "AB 12", false),
            ("HP-\u{202e}0511\u{202c}", "HP-0511", true),
            ("\u{feff}WID-1", "WID-1", true),
            ("WID\u{200b}-1", "WID-1", true),
            ("WID\u{ff0d}1", "WID-1", true),
            ("WID\u{2013}1", "WID-1", true),
            ("\u{ff37}\u{ff29}\u{ff24}1", "WID1", true),
            ("\u{41d}P-1150", "HP-1150", true),
            ("\u{41d}\u{420}-1150", "HP-1150", true),
            ("b\u{43e}x-\u{3bf}1", "box-o1", true),
        ];
        for (cell, clean, hidden) in cases {
            assert_eq!(clean_identifier(cell), Some(CleanIdentifier { text: clean.to_string(), hidden }), "{cell:?}");
        }
        // Nothing to clean: plain identifiers, names with a letter beyond ASCII, and a
        // Cyrillic identifier whose letters are not all look-alikes.
        for cell in ["WID-1", "SO-000123", "Crème-1", "=A1", "\u{41f}\u{410}\u{41a}-12", "\u{41d}\u{451}-1"] {
            assert_eq!(clean_identifier(cell), None, "{cell:?}");
        }
        assert_eq!(clean_identifier("'").map(|c| c.text), Some(String::new()), "a lone mark leaves an empty cell");
        let mut name = String::from("Caf\u{e9} \u{202e}reveR\u{202c} \u{2067}x\u{2069}");
        drop_bidi_controls(&mut name);
        assert_eq!(name, "Caf\u{e9} reveR x");
        assert_eq!(escape_hidden("HP-\u{200b}1150 \u{41d}P \u{202e}x"), "HP-\\u{200b}1150 \\u{41d}P \\u{202e}x");
    }
}
