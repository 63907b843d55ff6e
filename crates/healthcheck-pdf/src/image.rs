//! Logos for the cover: PNG (8-bit, any colour type, not interlaced) and JPEG, turned into
//! PDF image data. PNG pixels are decoded and recompressed, with any alpha channel as a soft
//! mask; JPEG data is embedded as it is. Anything else is refused with a reason.

use std::io::{Read, Write};

use flate2::read::ZlibDecoder;
use flate2::write::ZlibEncoder;
use flate2::Compression;

/// The largest logo accepted, in pixels either way.
const MAX_SIDE: u32 = 4096;

pub enum Encoding {
    /// Zlib-compressed samples.
    Flate,
    /// JPEG data as is.
    Dct,
}

pub struct Image {
    pub width: u32,
    pub height: u32,
    /// 1 (gray), 3 (RGB) or 4 (CMYK, JPEG only).
    pub components: u8,
    pub encoding: Encoding,
    pub data: Vec<u8>,
    /// Zlib-compressed 8-bit alpha, for PNGs that have it.
    pub alpha: Option<Vec<u8>>,
}

pub fn decode(bytes: &[u8]) -> Result<Image, String> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        png(bytes)
    } else if bytes.starts_with(&[0xFF, 0xD8]) {
        jpeg(bytes)
    } else {
        Err("the logo is neither a PNG nor a JPEG image".into())
    }
}

fn compress(raw: &[u8]) -> Vec<u8> {
    let mut e = ZlibEncoder::new(Vec::new(), Compression::new(6));
    let _ = e.write_all(raw);
    e.finish().unwrap_or_default()
}

fn png(bytes: &[u8]) -> Result<Image, String> {
    let mut pos = 8;
    let (mut width, mut height, mut depth, mut color, mut interlace) = (0u32, 0u32, 0u8, 0u8, 0u8);
    let mut palette: Vec<u8> = Vec::new();
    let mut idat = Vec::new();
    while pos + 8 <= bytes.len() {
        let len = u32::from_be_bytes([bytes[pos], bytes[pos + 1], bytes[pos + 2], bytes[pos + 3]]) as usize;
        let kind = &bytes[pos + 4..pos + 8];
        let body = bytes.get(pos + 8..pos + 8 + len).ok_or("the PNG is cut short")?;
        match kind {
            b"IHDR" if len >= 13 => {
                width = u32::from_be_bytes([body[0], body[1], body[2], body[3]]);
                height = u32::from_be_bytes([body[4], body[5], body[6], body[7]]);
                depth = body[8];
                color = body[9];
                interlace = body[12];
            }
            b"PLTE" => palette = body.to_vec(),
            b"IDAT" => idat.extend_from_slice(body),
            b"IEND" => break,
            _ => {}
        }
        pos += 12 + len;
    }
    if width == 0 || height == 0 || width > MAX_SIDE || height > MAX_SIDE {
        return Err(format!("the PNG is {width}×{height} pixels; logos up to {MAX_SIDE} a side are accepted"));
    }
    if depth != 8 || interlace != 0 {
        return Err("only 8-bit, non-interlaced PNG logos are accepted".into());
    }
    let channels: usize = match color {
        0 => 1,
        2 => 3,
        3 => 1,
        4 => 2,
        6 => 4,
        _ => return Err("the PNG colour type is not supported".into()),
    };
    let stride = width as usize * channels;
    let expected = (stride + 1) * height as usize;
    let mut raw = Vec::with_capacity(expected);
    ZlibDecoder::new(&idat[..]).take(expected as u64 + 1).read_to_end(&mut raw).map_err(|_| "the PNG data is damaged".to_string())?;
    if raw.len() < expected {
        return Err("the PNG data is cut short".into());
    }
    let pixels = unfilter(&raw, stride, height as usize, channels)?;
    let (mut colour, mut alpha) = (Vec::new(), Vec::new());
    for px in pixels.chunks(channels) {
        match color {
            0 => colour.push(px[0]),
            2 => colour.extend_from_slice(px),
            3 => {
                let i = usize::from(px[0]) * 3;
                colour.extend_from_slice(palette.get(i..i + 3).ok_or("the PNG palette is too short")?);
            }
            4 => {
                colour.push(px[0]);
                alpha.push(px[1]);
            }
            _ => {
                colour.extend_from_slice(&px[..3]);
                alpha.push(px[3]);
            }
        }
    }
    let components = if matches!(color, 0 | 4) { 1 } else { 3 };
    Ok(Image {
        width,
        height,
        components,
        encoding: Encoding::Flate,
        data: compress(&colour),
        alpha: (!alpha.is_empty()).then(|| compress(&alpha)),
    })
}

fn unfilter(raw: &[u8], stride: usize, rows: usize, bpp: usize) -> Result<Vec<u8>, String> {
    let mut out = vec![0u8; stride * rows];
    for r in 0..rows {
        let filter = raw[r * (stride + 1)];
        let line = &raw[r * (stride + 1) + 1..(r + 1) * (stride + 1)];
        for i in 0..stride {
            let a = if i >= bpp { out[r * stride + i - bpp] } else { 0 };
            let b = if r > 0 { out[(r - 1) * stride + i] } else { 0 };
            let c = if r > 0 && i >= bpp { out[(r - 1) * stride + i - bpp] } else { 0 };
            let x = line[i];
            out[r * stride + i] = match filter {
                0 => x,
                1 => x.wrapping_add(a),
                2 => x.wrapping_add(b),
                3 => x.wrapping_add(((u16::from(a) + u16::from(b)) / 2) as u8),
                4 => {
                    let p = i16::from(a) + i16::from(b) - i16::from(c);
                    let (pa, pb, pc) = ((p - i16::from(a)).abs(), (p - i16::from(b)).abs(), (p - i16::from(c)).abs());
                    x.wrapping_add(if pa <= pb && pa <= pc {
                        a
                    } else if pb <= pc {
                        b
                    } else {
                        c
                    })
                }
                _ => return Err("the PNG uses an unknown filter".into()),
            };
        }
    }
    Ok(out)
}

fn jpeg(bytes: &[u8]) -> Result<Image, String> {
    let mut pos = 2;
    while pos + 4 <= bytes.len() {
        if bytes[pos] != 0xFF {
            pos += 1;
            continue;
        }
        let marker = bytes[pos + 1];
        let len = usize::from(u16::from_be_bytes([bytes[pos + 2], bytes[pos + 3]]));
        let is_sof = (0xC0..=0xCF).contains(&marker) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if is_sof && pos + 10 <= bytes.len() {
            let height = u32::from(u16::from_be_bytes([bytes[pos + 5], bytes[pos + 6]]));
            let width = u32::from(u16::from_be_bytes([bytes[pos + 7], bytes[pos + 8]]));
            let components = bytes[pos + 9];
            if width == 0 || height == 0 || width > MAX_SIDE || height > MAX_SIDE || !matches!(components, 1 | 3 | 4) {
                return Err("the JPEG's size or colours are not supported".into());
            }
            return Ok(Image { width, height, components, encoding: Encoding::Dct, data: bytes.to_vec(), alpha: None });
        }
        pos += 2 + len;
    }
    Err("the JPEG has no frame header".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 2×1 RGBA PNG made by hand: one opaque red pixel, one half-transparent blue one.
    fn tiny_png() -> Vec<u8> {
        fn chunk(out: &mut Vec<u8>, kind: &[u8], body: &[u8]) {
            out.extend_from_slice(&(body.len() as u32).to_be_bytes());
            out.extend_from_slice(kind);
            out.extend_from_slice(body);
            out.extend_from_slice(&[0, 0, 0, 0]); // CRC is not checked
        }
        let mut png = vec![0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n'];
        let mut ihdr = Vec::new();
        ihdr.extend_from_slice(&2u32.to_be_bytes());
        ihdr.extend_from_slice(&1u32.to_be_bytes());
        ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
        chunk(&mut png, b"IHDR", &ihdr);
        chunk(&mut png, b"IDAT", &compress(&[0, 255, 0, 0, 255, 0, 0, 255, 128]));
        chunk(&mut png, b"IEND", &[]);
        png
    }

    #[test]
    fn decodes_an_rgba_png_with_its_alpha() {
        let img = decode(&tiny_png()).expect("png");
        assert_eq!((img.width, img.height, img.components), (2, 1, 3));
        let mut rgb = Vec::new();
        ZlibDecoder::new(&img.data[..]).read_to_end(&mut rgb).expect("inflate");
        assert_eq!(rgb, vec![255, 0, 0, 0, 0, 255]);
        let mut alpha = Vec::new();
        ZlibDecoder::new(&img.alpha.expect("alpha")[..]).read_to_end(&mut alpha).expect("inflate");
        assert_eq!(alpha, vec![255, 128]);
    }

    #[test]
    fn refuses_what_it_cannot_embed() {
        assert!(decode(b"GIF89a").is_err());
        assert!(decode(&[0xFF, 0xD8, 0xFF, 0xD9]).is_err());
        let mut cut = tiny_png();
        cut.truncate(30);
        assert!(decode(&cut).is_err());
    }
}
