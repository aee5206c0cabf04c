//! A description as a PDF for the municipality's case system: A4, the centre's name and
//! "Fortroligt" at the top of every page, "Side N af M" at the foot. Written with `pdf-writer`
//! (typst's PDF writer: small, maintained, no system fonts) in Helvetica from the PDF standard
//! 14 fonts, WinAnsi-encoded (æ ø å, „ “ – and the other Western European letters); widths for
//! wrapping come from Adobe's metrics (`pdf-core-14-font-afms`). A letter WinAnsi lacks is
//! written without its accent (Ş → S, ł → l), never dropped.

use pdf_encoding::{Encoding, glyphname_to_unicode};
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use unicode_normalization::UnicodeNormalization;

use super::{Description, FIELDS};

/// Advance widths (1/1000 em) by WinAnsi byte, from an AFM file.
struct Metrics([u16; 256]);

impl Metrics {
    fn from_afm(afm: &str) -> Self {
        let mut widths = [0u16; 256];
        for line in afm.lines().filter(|l| l.starts_with("C ")) {
            let (mut wx, mut name) = (None, None);
            for part in line.split(';').map(str::trim) {
                if let Some(v) = part.strip_prefix("WX ") {
                    wx = v.parse().ok();
                }
                if let Some(v) = part.strip_prefix("N ") {
                    name = Some(v);
                }
            }
            let (Some(wx), Some(name)) = (wx, name) else { continue };
            if let Some(byte) = glyphname_to_unicode(name).and_then(|s| s.chars().next()).and_then(winansi) {
                widths[byte as usize] = wx;
            }
        }
        widths[0xA0] = widths[0x20];
        Metrics(widths)
    }

    fn width(&self, text: &str, size: f32) -> f32 {
        encode(text).iter().map(|&b| f32::from(self.0[b as usize])).sum::<f32>() * size / 1000.0
    }
}

fn winansi(c: char) -> Option<u8> {
    Encoding::WinAnsiEncoding.reverse_map()?.get(c as u32)
}

/// A character WinAnsi lacks, as near as it goes: its letter without the accent, or '?'.
fn nearest(c: char) -> u8 {
    let plain = match c {
        'ł' => 'l',
        'Ł' => 'L',
        'ı' => 'i',
        'đ' => 'd',
        'Đ' => 'D',
        '\u{2011}' | '\u{2212}' => '-',
        '\t' => ' ',
        c => c.nfd().next().unwrap_or('?'),
    };
    winansi(plain).unwrap_or(b'?')
}

/// Unicode to WinAnsi bytes.
fn encode(text: &str) -> Vec<u8> {
    text.chars().map(|c| winansi(c).unwrap_or_else(|| nearest(c))).collect()
}

/// `text` in lines no wider than `max` (a word wider than a line stands alone).
fn wrap(text: &str, m: &Metrics, size: f32, max: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.replace("\r\n", "\n").split('\n') {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let longer = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
            if line.is_empty() || m.width(&longer, size) <= max {
                line = longer;
            } else {
                lines.push(std::mem::replace(&mut line, word.to_string()));
            }
        }
        lines.push(line);
    }
    lines
}

const W: f32 = 595.28;
const H: f32 = 841.89;
/// 2 cm margins.
const M: f32 = 56.7;
const BODY: f32 = 11.0;
const HEAD: f32 = 12.5;
const TITLE: f32 = 18.0;

/// A line placed on a page: (bold, size, indent, y, text).
type Line = (bool, f32, f32, f32, String);

/// The description's text as (heading, body) blocks, in reading order.
fn blocks(d: &Description) -> Vec<(String, String)> {
    let mut facts = vec![
        format!("Samvær: {}", d.kind),
        format!("Hvornår: {}", d.when),
        format!("Sted: {}", d.place),
        format!("Familie: {} · {}", d.family_code, d.children),
        format!("Skrevet af: {}", d.staff),
    ];
    facts.extend(d.incident.clone());
    facts.extend(d.sent.as_ref().map(|s| format!("Sendt: {s}")));
    if d.version > 1 {
        facts.push(format!("{}. udgave, rettet fordi: {}", d.version, d.reason));
    }
    let mut out = vec![(String::new(), facts.join("\n"))];
    for s in d.sections.iter().filter(|s| !s.body.trim().is_empty()) {
        if let Some(f) = FIELDS.iter().find(|f| f.key == s.key) {
            out.push((f.label.to_string(), s.body.clone()));
        }
    }
    for c in &d.comments {
        out.push((format!("Kommentar fra {} ({})", c.who, c.at), c.text.clone()));
    }
    out
}

/// The PDF's bytes.
pub fn render(d: &Description) -> Vec<u8> {
    let regular = Metrics::from_afm(pdf_core_14_font_afms::HELVETICA);
    let bold = Metrics::from_afm(pdf_core_14_font_afms::HELVETICA_BOLD);
    let (top, bottom, width) = (H - M - 30.0, M + 30.0, W - 2.0 * M);
    // Laid out first, so the page count is known for "Side N af M".
    let mut pages: Vec<Vec<Line>> = vec![Vec::new()];
    let mut y = top;
    let mut put = |pages: &mut Vec<Vec<Line>>, line: (bool, f32, String), lead: f32, keep: f32| {
        if y - lead - keep < bottom {
            pages.push(Vec::new());
            y = top;
        }
        y -= lead;
        if let Some(page) = pages.last_mut() {
            page.push((line.0, line.1, 0.0, y, line.2));
        }
    };
    let title = if d.version > 1 {
        format!("Samværsbeskrivelse, {}. udgave", d.version)
    } else {
        "Samværsbeskrivelse".into()
    };
    put(&mut pages, (true, TITLE, title.clone()), TITLE * 1.2, 0.0);
    for (heading, body) in blocks(d) {
        for (i, line) in wrap(&heading, &bold, HEAD, width).into_iter().enumerate().filter(|(_, l)| !l.is_empty()) {
            let lead = if i == 0 { HEAD * 2.0 } else { HEAD * 1.3 };
            // A heading stays with two lines of its text.
            put(&mut pages, (true, HEAD, line), lead, BODY * 2.8);
        }
        for line in wrap(&body, &regular, BODY, width) {
            put(&mut pages, (false, BODY, line), BODY * 1.4, 0.0);
        }
    }
    let count = i32::try_from(pages.len()).unwrap_or(i32::MAX);
    let (catalog, tree, f_regular, f_bold, info) = (Ref::new(1), Ref::new(2), Ref::new(3), Ref::new(4), Ref::new(5));
    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(tree);
    let kids: Vec<Ref> = (0..count).map(|i| Ref::new(10 + 2 * i)).collect();
    pdf.pages(tree).kids(kids.iter().copied()).count(count);
    for (id, base) in [(f_regular, "Helvetica"), (f_bold, "Helvetica-Bold")] {
        pdf.type1_font(id).base_font(Name(base.as_bytes())).encoding_predefined(Name(b"WinAnsiEncoding"));
    }
    pdf.document_info(info).title(TextStr(&title)).author(TextStr(&d.centre)).producer(TextStr("Samvær"));
    for (i, lines) in pages.iter().enumerate() {
        let mut c = Content::new();
        let text = |c: &mut Content, bold: bool, size: f32, x: f32, y: f32, s: &str| {
            c.begin_text()
                .set_font(Name(if bold { b"F2" } else { b"F1" }), size)
                .set_text_matrix([1.0, 0.0, 0.0, 1.0, x, y])
                .show(Str(&encode(s)))
                .end_text();
        };
        text(&mut c, true, 10.0, M, H - M, &d.centre);
        text(&mut c, true, 10.0, W - M - bold.width("Fortroligt", 10.0), H - M, "Fortroligt");
        c.set_line_width(0.5).move_to(M, H - M - 6.0).line_to(W - M, H - M - 6.0).stroke();
        let foot = format!("Side {} af {count}", i + 1);
        text(&mut c, false, 9.0, W - M - regular.width(&foot, 9.0), M, &foot);
        for (is_bold, size, x, y, s) in lines {
            text(&mut c, *is_bold, *size, M + x, *y, s);
        }
        let Some(kid) = kids.get(i).copied() else { continue };
        let content = Ref::new(11 + 2 * i32::try_from(i).unwrap_or(0));
        let mut page = pdf.page(kid);
        page.parent(tree).media_box(Rect::new(0.0, 0.0, W, H)).contents(content);
        page.resources().fonts().pair(Name(b"F1"), f_regular).pair(Name(b"F2"), f_bold);
        page.finish();
        pdf.stream(content, &c.finish());
    }
    pdf.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_outside_winansi_keep_their_base_letter() {
        assert_eq!(encode("Ærø „x“ –"), vec![0xC6, b'r', 0xF8, b' ', 0x84, b'x', 0x93, b' ', 0x96]);
        assert_eq!(encode("Şükrü Łukasz"), encode("Sükrü Lukasz"));
        assert_eq!(encode("→"), vec![b'?']);
    }

    #[test]
    fn long_text_wraps_inside_the_margins() {
        let m = Metrics::from_afm(pdf_core_14_font_afms::HELVETICA);
        let text = "Barnet legede med mor i sandkassen og grinede højt. ".repeat(20);
        let lines = wrap(&text, &m, BODY, 200.0);
        assert!(lines.len() > 5);
        assert!(lines.iter().all(|l| m.width(l, BODY) <= 200.0));
    }
}
