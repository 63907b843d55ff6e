//! Each face as a Type 0 font with a CIDFontType2 descendant, subset to the glyphs the
//! document shows. The content streams name glyphs by their ids in the full face (the CIDs,
//! under Identity-H); the subset numbers them afresh, and the CIDToGIDMap takes one to the
//! other. The ToUnicode map lets a reader copy and search the text. The subset's tag comes
//! from the glyphs it holds, so the same report gives the same bytes.

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Filter, Finish, Name, Pdf, Rect, Ref, Str};
use std::collections::BTreeMap;
use subsetter::GlyphRemapper;
use ttf_parser::GlyphId;

use crate::deflate;

/// A face to embed: its file, parsed face, PostScript name and weight.
pub struct Source<'a> {
    pub data: &'a [u8],
    pub face: &'a ttf_parser::Face<'a>,
    pub name: &'a str,
    pub bold: bool,
}

pub struct Refs {
    pub cid: Ref,
    pub descriptor: Ref,
    pub file: Ref,
    pub to_unicode: Ref,
    pub cid_to_gid: Ref,
}

/// Six capital letters from the glyph ids, as PDF subset names carry.
fn tag(glyphs: &BTreeMap<u16, char>) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for g in glyphs.keys() {
        for b in g.to_be_bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    (0..6).map(|i| char::from(b'A' + ((h >> (i * 5)) % 26) as u8)).collect()
}

pub fn write(pdf: &mut Pdf, source: &Source, id: Ref, refs: &Refs, used: &BTreeMap<u16, char>) {
    let face = source.face;
    let name = format!("{}+{}", tag(used), source.name);
    let system = SystemInfo { registry: Str(b"Adobe"), ordering: Str(b"Identity"), supplement: 0 };

    // Glyph 0 first, then the glyphs in id order: the subset's numbering.
    let mut remapper = GlyphRemapper::new();
    for &g in used.keys() {
        remapper.remap(g);
    }
    // The embedded faces subset cleanly; were one to fail, the whole face still prints.
    let subset = subsetter::subset(source.data, 0, &remapper).unwrap_or_else(|_| source.data.to_vec());
    let highest = used.keys().next_back().copied().unwrap_or(0);
    let mut cid_to_gid = vec![0u8; (usize::from(highest) + 1) * 2];
    for &g in used.keys() {
        let new = remapper.get(g).unwrap_or(0);
        cid_to_gid[usize::from(g) * 2..usize::from(g) * 2 + 2].copy_from_slice(&new.to_be_bytes());
    }

    pdf.type0_font(id)
        .base_font(Name(name.as_bytes()))
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(refs.cid)
        .to_unicode(refs.to_unicode);

    let mut cid = pdf.cid_font(refs.cid);
    cid.subtype(CidFontType::Type2);
    cid.base_font(Name(name.as_bytes()));
    cid.system_info(system);
    cid.font_descriptor(refs.descriptor);
    cid.default_width(0.0);
    cid.cid_to_gid_map_stream(refs.cid_to_gid);
    let scale = 1000.0 / f32::from(face.units_per_em());
    let mut widths = cid.widths();
    for &g in used.keys() {
        let advance = f32::from(face.glyph_hor_advance(GlyphId(g)).unwrap_or(0)) * scale;
        widths.consecutive(g, [advance.round()]);
    }
    widths.finish();
    cid.finish();

    let b = face.global_bounding_box();
    let cap = face.capital_height().unwrap_or(face.ascender());
    let mut flags = FontFlags::NON_SYMBOLIC;
    if source.bold {
        flags |= FontFlags::FORCE_BOLD;
    }
    pdf.font_descriptor(refs.descriptor)
        .name(Name(name.as_bytes()))
        .flags(flags)
        .bbox(Rect::new(f32::from(b.x_min) * scale, f32::from(b.y_min) * scale, f32::from(b.x_max) * scale, f32::from(b.y_max) * scale))
        .italic_angle(0.0)
        .ascent(f32::from(face.ascender()) * scale)
        .descent(f32::from(face.descender()) * scale)
        .cap_height(f32::from(cap) * scale)
        .stem_v(if source.bold { 140.0 } else { 80.0 })
        .font_file2(refs.file);

    let packed = deflate(&subset);
    pdf.stream(refs.file, &packed).filter(Filter::FlateDecode).pair(Name(b"Length1"), subset.len() as i32);
    pdf.stream(refs.cid_to_gid, &deflate(&cid_to_gid)).filter(Filter::FlateDecode);

    let mut cmap = UnicodeCmap::new(Name(b"Custom"), system);
    for (&g, &c) in used {
        cmap.pair(g, c);
    }
    let data = deflate(&cmap.finish());
    pdf.cmap(refs.to_unicode, &data).filter(Filter::FlateDecode);
}
