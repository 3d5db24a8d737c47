//! Finding unresolved merge conflicts in a text, and the text as if each were resolved to its
//! first version. The database parses that masked text (same offsets), so the model and every
//! check see one consistent version; `check::conflicts` (AL0004) reports the markers.
//!
//! A marker counts only at the start of a line: exactly seven marker characters, then a space
//! or the end of the line (`=======` must be alone on its line). `=======` and `|||||||` count
//! only inside a block opened by `<<<<<<<`.

use crate::syntax::TextRange;

/// One conflict block. Ranges are of the marker lines, without the line break.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// The `<<<<<<<` line; `None` for a stray `>>>>>>>` line left over from a half-done
    /// resolution.
    pub start: Option<TextRange>,
    /// The `|||||||` line of the common ancestor's version (diff3 / zdiff3 style).
    pub base: Option<TextRange>,
    /// The `=======` line between the two versions.
    pub separator: Option<TextRange>,
    /// The `>>>>>>>` line; `None` when the block is not closed.
    pub end: Option<TextRange>,
}

impl Conflict {
    /// From the first marker line to the end of the last one.
    pub fn span(&self) -> TextRange {
        let lines = [self.start, self.base, self.separator, self.end];
        let first = lines.iter().flatten().next().copied().unwrap_or_default();
        let last = lines.iter().flatten().last().copied().unwrap_or(first);
        TextRange::new(first.start, last.end.max(first.start))
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Marker {
    Start,
    Base,
    Separator,
    End,
}

/// The marker a line starts with, if any (`line` without its line break).
fn marker(line: &str) -> Option<Marker> {
    let b = line.as_bytes();
    if b.len() < 7 {
        return None;
    }
    let kind = match b[0] {
        b'<' => Marker::Start,
        b'|' => Marker::Base,
        b'=' => Marker::Separator,
        b'>' => Marker::End,
        _ => return None,
    };
    if b[1..7].iter().any(|&c| c != b[0]) {
        return None;
    }
    let rest = &line[7..];
    let ok = match kind {
        // Alone on its line (trailing blanks tolerated).
        Marker::Separator => rest.trim_end_matches([' ', '\t']).is_empty(),
        // Exactly seven: then a space (before the label) or the end of the line.
        _ => rest.is_empty() || rest.starts_with(' '),
    };
    ok.then_some(kind)
}

/// Every conflict block of a text, in order. Cheap when there is none.
pub fn find(text: &str) -> Vec<Conflict> {
    let mut out = Vec::new();
    if !text.contains("<<<<<<<") && !text.contains(">>>>>>>") {
        return out;
    }
    let mut open: Option<Conflict> = None;
    let mut offset = 0usize;
    for raw in text.split_inclusive('\n') {
        let start = offset;
        offset += raw.len();
        let mut line = raw.strip_suffix('\n').unwrap_or(raw);
        line = line.strip_suffix('\r').unwrap_or(line);
        let mut at = start;
        if start == 0 {
            if let Some(l) = line.strip_prefix('\u{feff}') {
                line = l;
                at += '\u{feff}'.len_utf8();
            }
        }
        let Some(kind) = marker(line) else {
            continue;
        };
        let range = TextRange::new(at as u32, (at + line.len()) as u32);
        match (kind, open.as_mut()) {
            (Marker::Start, _) => {
                // A new block before the previous one was closed: the previous one is unfinished.
                if let Some(prev) = open.take() {
                    out.push(prev);
                }
                open = Some(Conflict {
                    start: Some(range),
                    base: None,
                    separator: None,
                    end: None,
                });
            }
            (Marker::Base, Some(c)) if c.base.is_none() && c.separator.is_none() => {
                c.base = Some(range);
            }
            (Marker::Separator, Some(c)) if c.separator.is_none() => c.separator = Some(range),
            (Marker::End, Some(c)) => {
                c.end = Some(range);
                out.extend(open.take());
            }
            (Marker::End, None) => out.push(Conflict {
                start: None,
                base: None,
                separator: None,
                end: Some(range),
            }),
            // `|||||||` or `=======` outside a block (or repeated inside one): ordinary text.
            _ => {}
        }
    }
    out.extend(open);
    out
}

/// Replaces the bytes of `r` by spaces, keeping line breaks.
fn blank(bytes: &mut [u8], r: TextRange) {
    let end = (r.end as usize).min(bytes.len());
    for b in &mut bytes[(r.start as usize).min(end)..end] {
        if *b != b'\n' && *b != b'\r' {
            *b = b' ';
        }
    }
}

/// The text as if every conflict were resolved to its first version ("ours"): the marker lines,
/// the common ancestor's version and the other version are blanked out with spaces. Byte
/// offsets and line breaks stay where they were, so ranges found in the result are ranges of
/// `text`. An unfinished block or a stray marker only loses its marker lines.
/// `None` when the text has no conflict.
pub fn mask(text: &str) -> Option<String> {
    mask_found(text, &find(text))
}

/// [`mask`] with the conflicts [`find`] already found in `text`.
pub fn mask_found(text: &str, conflicts: &[Conflict]) -> Option<String> {
    if conflicts.is_empty() {
        return None;
    }
    let mut bytes = text.as_bytes().to_vec();
    for c in conflicts {
        match (c.start, c.end) {
            (Some(start), Some(end)) => {
                blank(&mut bytes, start);
                // From the first marker after "ours" to the end of the `>>>>>>>` line.
                let from = c.base.or(c.separator).unwrap_or(end);
                blank(&mut bytes, TextRange::new(from.start, end.end));
            }
            _ => {
                for r in [c.start, c.base, c.separator, c.end].into_iter().flatten() {
                    blank(&mut bytes, r);
                }
            }
        }
    }
    // An XML declaration must open the file; when a blanked conflict now comes before it, blank
    // the declaration too (it carries nothing the checks use) rather than report it misplaced.
    let lead = bytes.iter().take_while(|b| b.is_ascii_whitespace()).count();
    if lead > 0 && bytes[lead..].starts_with(b"<?xml") {
        if let Some(n) = bytes[lead..].windows(2).position(|w| w == b"?>") {
            blank(
                &mut bytes,
                TextRange::new(lead as u32, (lead + n + 2) as u32),
            );
        }
    }
    // Only whole characters were replaced (a line's bytes from its start to its end, and
    // marker lines start and end at character boundaries), so this cannot fail; fall back to
    // the text itself rather than panic.
    Some(String::from_utf8(bytes).unwrap_or_else(|_| text.to_string()))
}
