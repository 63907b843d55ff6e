//! A small page-layout engine over pdf-writer: a cursor that flows text, wrapped paragraphs
//! and tables down A4 pages, breaking pages where needed, and an outline of headings.
//! Floats appear here only as drawing coordinates.

use pdf_writer::{Content, Name, Str};

use crate::metrics::{encode, width, Font};

pub const PAGE_WIDTH: f32 = 595.28;
pub const PAGE_HEIGHT: f32 = 841.89;
pub const MARGIN: f32 = 50.0;
pub const TOP: f32 = PAGE_HEIGHT - MARGIN;
pub const BOTTOM: f32 = 64.0;
pub const CONTENT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN;

#[derive(Clone, Copy)]
pub struct Rgb(pub f32, pub f32, pub f32);

pub const INK: Rgb = Rgb(0.12, 0.14, 0.17);
pub const MUTED: Rgb = Rgb(0.38, 0.41, 0.45);
pub const RULE: Rgb = Rgb(0.82, 0.84, 0.87);

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// A heading to list in the document outline.
pub struct OutlineEntry {
    pub title: String,
    pub page: usize,
    pub y: f32,
}

/// A clickable area of a page that opens a web address.
pub struct Link {
    pub page: usize,
    pub rect: [f32; 4],
    pub url: String,
}

pub struct Layout {
    pub pages: Vec<Content>,
    pub y: f32,
    pub outline: Vec<OutlineEntry>,
    /// Whether any text had characters the embedded faces cannot show.
    pub replaced_text: bool,
    /// The glyphs each face has shown, with their characters: the subset and the ToUnicode map.
    pub used: [std::collections::BTreeMap<u16, char>; crate::metrics::Slot::COUNT],
    pub links: Vec<Link>,
    /// Pages that draw the logo (the resource `Im1`).
    pub logo_pages: Vec<usize>,
    pub accent: Rgb,
}

impl Layout {
    pub fn new() -> Layout {
        Layout {
            pages: vec![Content::new()],
            y: TOP,
            outline: Vec::new(),
            replaced_text: false,
            used: Default::default(),
            links: Vec::new(),
            logo_pages: Vec::new(),
            accent: INK,
        }
    }

    pub fn page_index(&self) -> usize {
        self.pages.len() - 1
    }

    fn content(&mut self) -> &mut Content {
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    pub fn new_page(&mut self) {
        self.pages.push(Content::new());
        self.y = TOP;
    }

    /// Make room for `height` points, starting a new page if this one is full.
    pub fn ensure(&mut self, height: f32) {
        if self.y - height < BOTTOM {
            self.new_page();
        }
    }

    pub fn gap(&mut self, height: f32) {
        self.y -= height;
    }

    /// Draw one line of text with its baseline at `y`.
    pub fn text_at(&mut self, x: f32, y: f32, font: Font, size: f32, color: Rgb, text: &str) {
        let (runs, replaced) = encode(text, font, &mut self.used);
        self.replaced_text |= replaced;
        let c = self.content();
        c.set_fill_rgb(color.0, color.1, color.2);
        c.begin_text();
        c.next_line(x, y);
        for (slot, bytes) in &runs {
            c.set_font(Name(slot.resource_name()), size);
            c.show(Str(bytes));
        }
        c.end_text();
    }

    pub fn fill_rect(&mut self, x: f32, y: f32, w: f32, h: f32, color: Rgb) {
        let c = self.content();
        c.set_fill_rgb(color.0, color.1, color.2);
        c.rect(x, y, w, h);
        c.fill_nonzero();
    }

    /// A line through `points`, `width` points wide; dashed when `dash` is set.
    pub fn polyline(&mut self, points: &[(f32, f32)], color: Rgb, width: f32, dash: bool) {
        let Some(&(x0, y0)) = points.first() else { return };
        let c = self.content();
        c.save_state();
        c.set_stroke_rgb(color.0, color.1, color.2);
        c.set_line_width(width);
        if dash {
            c.set_dash_pattern([4.0, 3.0], 0.0);
        }
        c.move_to(x0, y0);
        for &(x, y) in &points[1..] {
            c.line_to(x, y);
        }
        c.stroke();
        c.restore_state();
    }

    pub fn hline(&mut self, x1: f32, x2: f32, y: f32, color: Rgb) {
        let c = self.content();
        c.set_stroke_rgb(color.0, color.1, color.2);
        c.set_line_width(0.5);
        c.move_to(x1, y);
        c.line_to(x2, y);
        c.stroke();
    }

    /// A heading, kept with at least `keep` points of what follows, listed in the outline.
    pub fn heading(&mut self, text: &str, size: f32, keep: f32) {
        self.ensure(size * 1.6 + keep);
        self.gap(size * 0.6);
        self.outline.push(OutlineEntry { title: text.to_string(), page: self.page_index(), y: self.y + size });
        self.gap(size);
        let color = if size >= 14.0 { self.accent } else { INK };
        for (i, line) in wrap(text, Font::Bold, size, CONTENT_WIDTH).iter().enumerate() {
            if i > 0 {
                self.gap(size * 1.2);
            }
            self.text_at(MARGIN, self.y, Font::Bold, size, color, line);
        }
        self.gap(size * 0.5);
    }

    /// Draw the logo (resource `Im1`) in a box, keeping its proportions.
    pub fn logo(&mut self, x: f32, y: f32, w: f32, h: f32) {
        let page = self.page_index();
        let c = self.content();
        c.save_state();
        c.transform([w, 0.0, 0.0, h, x, y]);
        c.x_object(Name(b"Im1"));
        c.restore_state();
        self.logo_pages.push(page);
    }

    /// A line of text that opens `url` when clicked.
    pub fn link_text(&mut self, x: f32, y: f32, size: f32, text: &str, url: &str) {
        let color = self.accent;
        self.text_at(x, y, Font::Bold, size, color, text);
        let w = width(text, Font::Bold, size);
        self.hline(x, x + w, y - 1.5, color);
        let page = self.page_index();
        self.links.push(Link { page, rect: [x, y - 3.0, x + w, y + size], url: url.to_string() });
    }

    /// Wrapped text across the content width (less `indent`).
    pub fn paragraph(&mut self, text: &str, font: Font, size: f32, color: Rgb, indent: f32) {
        let leading = size * 1.35;
        for line in wrap(text, font, size, CONTENT_WIDTH - indent) {
            self.ensure(leading);
            self.gap(leading);
            self.text_at(MARGIN + indent, self.y + leading - size, font, size, color, &line);
        }
    }

    /// A table whose column widths follow the text they hold; rows wrap, and the header is
    /// repeated on every page the table runs onto.
    pub fn table(&mut self, header: &[&str], aligns: &[Align], rows: &[Vec<String>], size: f32) {
        // A smaller size before a broken word: an identifier cut in two can send a reader
        // to the wrong document.
        let mut size = size;
        while size > MIN_TABLE_SIZE && longest_words(header, rows, size).iter().sum::<f32>() > CONTENT_WIDTH {
            size -= 0.5;
        }
        let widths = column_widths(header, rows, size, CONTENT_WIDTH);
        let leading = size * 1.3;
        let pad = 4.0;
        let header_cells: Vec<Vec<String>> =
            header.iter().enumerate().map(|(i, h)| wrap(h, Font::Bold, size, widths[i] - pad * 2.0)).collect();
        let header_lines = header_cells.iter().map(Vec::len).max().unwrap_or(1).max(1) as f32;
        let draw_header = |l: &mut Layout| {
            let h = header_lines * leading + pad;
            l.ensure(h + pad + leading);
            l.fill_rect(MARGIN, l.y - h, CONTENT_WIDTH, h, Rgb(0.94, 0.95, 0.96));
            let mut x = MARGIN;
            for (i, cell) in header_cells.iter().enumerate() {
                for (k, line) in cell.iter().enumerate() {
                    let tx = aligned_x(x, widths[i], pad, aligns[i], line, Font::Bold, size);
                    l.text_at(tx, l.y - leading * (k as f32 + 1.0) + 1.0, Font::Bold, size, INK, line);
                }
                x += widths[i];
            }
            l.gap(h);
        };
        draw_header(self);
        for row in rows {
            let cells: Vec<Vec<String>> =
                row.iter().enumerate().map(|(i, t)| wrap(t, Font::Regular, size, widths[i] - pad * 2.0)).collect();
            let lines = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
            let height = lines as f32 * leading + pad;
            if self.y - height < BOTTOM {
                self.new_page();
                draw_header(self);
            }
            let mut x = MARGIN;
            for (i, cell) in cells.iter().enumerate() {
                for (k, line) in cell.iter().enumerate() {
                    let tx = aligned_x(x, widths[i], pad, aligns[i], line, Font::Regular, size);
                    self.text_at(tx, self.y - leading * (k as f32 + 1.0) + 1.0, Font::Regular, size, INK, line);
                }
                x += widths[i];
            }
            self.gap(height);
            self.hline(MARGIN, MARGIN + CONTENT_WIDTH, self.y + pad / 2.0, RULE);
        }
    }
}

impl Default for Layout {
    fn default() -> Self {
        Layout::new()
    }
}

fn aligned_x(x: f32, col_width: f32, pad: f32, align: Align, text: &str, font: Font, size: f32) -> f32 {
    match align {
        Align::Left => x + pad,
        Align::Right => x + col_width - pad - width(text, font, size),
    }
}

/// Split text into lines no wider than `max`; a word longer than a line is cut.
pub fn wrap(text: &str, font: Font, size: f32, max: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        for word in para.split_whitespace() {
            let candidate = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
            if width(&candidate, font, size) <= max {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // A single word wider than the line is broken by characters.
            let mut piece = String::new();
            for ch in word.chars() {
                let mut next = piece.clone();
                next.push(ch);
                if width(&next, font, size) > max && !piece.is_empty() {
                    lines.push(std::mem::take(&mut piece));
                    piece.push(ch);
                } else {
                    piece = next;
                }
            }
            line = piece;
        }
        lines.push(line);
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

/// The smallest size a table shrinks to so that its words stay whole.
const MIN_TABLE_SIZE: f32 = 6.0;

/// Each column's longest word, padded: the width below which a word has to break.
fn longest_words(header: &[&str], rows: &[Vec<String>], size: f32) -> Vec<f32> {
    (0..header.len())
        .map(|i| {
            let h = header[i].split_whitespace().map(|w| width(w, Font::Bold, size)).fold(0.0, f32::max);
            let cells = rows
                .iter()
                .filter_map(|r| r.get(i))
                .flat_map(|t| t.split_whitespace())
                .map(|w| width(w, Font::Regular, size))
                .fold(0.0, f32::max);
            h.max(cells) + 8.0 + 0.5
        })
        .collect()
}

/// Widths that follow the text: every column gets what it needs when that fits; otherwise
/// each keeps its longest word whole and the rest goes to the columns that need more in
/// proportion; only when even the longest words do not fit does each keep an even share.
pub fn column_widths(header: &[&str], rows: &[Vec<String>], size: f32, total: f32) -> Vec<f32> {
    let pad = 8.0;
    let natural: Vec<f32> = (0..header.len())
        .map(|i| {
            let h = header[i].split_whitespace().map(|w| width(w, Font::Bold, size)).fold(0.0, f32::max);
            let cells = rows.iter().filter_map(|r| r.get(i)).map(|t| width(t, Font::Regular, size)).fold(0.0, f32::max);
            h.max(cells) + pad
        })
        .collect();
    let sum: f32 = natural.iter().sum();
    if sum <= total {
        let extra = (total - sum) / natural.len() as f32;
        return natural.iter().map(|w| w + extra).collect();
    }
    let least: Vec<f32> = longest_words(header, rows, size).iter().zip(&natural).map(|(l, n)| l.min(*n)).collect();
    let needed: f32 = least.iter().sum();
    if needed <= total {
        let wanting: f32 = natural.iter().zip(&least).map(|(n, l)| n - l).sum();
        let left = total - needed;
        return natural.iter().zip(&least).map(|(n, l)| l + if wanting > 0.0 { (n - l) / wanting * left } else { 0.0 }).collect();
    }
    let share = total / natural.len() as f32;
    let base: Vec<f32> = natural.iter().map(|w| w.min(share)).collect();
    let left = total - base.iter().sum::<f32>();
    let wanting: f32 = natural.iter().zip(&base).map(|(n, b)| n - b).sum();
    natural.iter().zip(&base).map(|(n, b)| b + if wanting > 0.0 { (n - b) / wanting * left } else { 0.0 }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_lines_within_the_width() {
        let text = "Sale SO-00123 was invoiced on 2026-03-02 but has not shipped, and the averylongunbreakablewordthatdoesnotfit";
        for line in wrap(text, Font::Regular, 10.0, 120.0) {
            assert!(width(&line, Font::Regular, 10.0) <= 120.0, "{line}");
        }
    }

    #[test]
    fn a_narrow_table_keeps_its_words_whole() {
        let header = ["File", "Line", "Order number", "Description"];
        let long = "a description that goes on and on about the goods and the order it came from".repeat(3);
        let rows: Vec<Vec<String>> =
            (0..3).map(|i| vec!["XeroSynchronizationReport.csv".into(), format!("{i}"), "SO-90721".into(), long.clone()]).collect();
        let w = column_widths(&header, &rows, 9.0, 300.0);
        assert!((w.iter().sum::<f32>() - 300.0).abs() < 0.01);
        for (i, word) in [(0, "XeroSynchronizationReport.csv"), (2, "SO-90721")] {
            assert_eq!(wrap(word, Font::Regular, 9.0, w[i] - 8.0), vec![word.to_string()], "column {i}: {w:?}");
        }
    }

    #[test]
    fn columns_fill_the_width() {
        let rows = vec![vec!["a".to_string(), "a much longer cell of text that wants room".to_string()]];
        let w = column_widths(&["A", "B"], &rows, 9.0, 300.0);
        assert!((w.iter().sum::<f32>() - 300.0).abs() < 0.01);
        assert!(w[1] > w[0]);
    }
}
