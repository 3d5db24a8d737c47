//! Byte offsets ↔ line/character positions, in UTF-16 (LSP default) or UTF-8 code units.

use super::TextRange;

/// 0-based line and character; the unit of `character` depends on the encoding used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Hash)]
pub struct Position {
    pub line: u32,
    pub character: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PositionEncoding {
    Utf8,
    #[default]
    Utf16,
}

#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Byte offset where each line starts. Lines end at `\n`, `\r\n` or a lone `\r`: the
    /// line terminators of the LSP specification (and of editors).
    line_starts: Vec<u32>,
    len: u32,
    ascii: bool,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
                line_starts.push(i as u32 + 1);
            }
        }
        Self {
            line_starts,
            len: text.len() as u32,
            ascii: text.is_ascii(),
        }
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    pub fn line_start(&self, line: u32) -> Option<u32> {
        self.line_starts.get(line as usize).copied()
    }

    /// Position of a byte offset. Offsets inside a multi-byte character snap to its start.
    pub fn position(&self, text: &str, offset: u32, enc: PositionEncoding) -> Position {
        let offset = offset.min(self.len);
        let line = match self.line_starts.binary_search(&offset) {
            Ok(l) => l,
            Err(l) => l - 1,
        };
        let start = self.line_starts[line];
        let character = if self.ascii || enc == PositionEncoding::Utf8 {
            let mut o = offset as usize;
            while o > start as usize && !text.is_char_boundary(o) {
                o -= 1;
            }
            o as u32 - start
        } else {
            let mut n = 0u32;
            let slice = text.get(start as usize..).unwrap_or("");
            for (i, ch) in slice.char_indices() {
                if start + i as u32 >= offset {
                    break;
                }
                n += ch.len_utf16() as u32;
            }
            n
        };
        Position {
            line: line as u32,
            character,
        }
    }

    pub fn range(
        &self,
        text: &str,
        range: TextRange,
        enc: PositionEncoding,
    ) -> (Position, Position) {
        (
            self.position(text, range.start, enc),
            self.position(text, range.end, enc),
        )
    }

    /// Byte offset of a position. Positions past the end of a line clamp to the line end
    /// (before its terminator, both bytes of a `\r\n`); positions inside a surrogate pair or
    /// past the text clamp too, so that editors sending bad positions never make us panic.
    pub fn offset(&self, text: &str, pos: Position, enc: PositionEncoding) -> u32 {
        let Some(&start) = self.line_starts.get(pos.line as usize) else {
            return self.len;
        };
        let end = match self.line_starts.get(pos.line as usize + 1) {
            Some(&next) => {
                let b = text.as_bytes();
                let crlf = next >= start + 2
                    && b.get(next as usize - 1) == Some(&b'\n')
                    && b.get(next as usize - 2) == Some(&b'\r');
                next - if crlf { 2 } else { 1 }
            }
            None => self.len,
        };
        let line = text.get(start as usize..end as usize).unwrap_or("");
        let mut units = 0u32;
        for (i, ch) in line.char_indices() {
            if units >= pos.character {
                return start + i as u32;
            }
            units += match enc {
                PositionEncoding::Utf8 => ch.len_utf8() as u32,
                PositionEncoding::Utf16 => ch.len_utf16() as u32,
            };
            if units > pos.character {
                // Inside a character: snap to its start.
                return start + i as u32;
            }
        }
        end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_positions_with_norwegian_and_emoji() {
        let text = "{\n  \"a\": \"blåbær 😀 x\"\n}";
        let idx = LineIndex::new(text);
        let x = text.find(" x").unwrap() as u32 + 1;
        let p = idx.position(text, x, PositionEncoding::Utf16);
        // `  "a": "blåbær 😀 x` : å, æ are one unit, the emoji two.
        assert_eq!(p.line, 1);
        assert_eq!(p.character, 18);
        assert_eq!(idx.offset(text, p, PositionEncoding::Utf16), x);
        let p8 = idx.position(text, x, PositionEncoding::Utf8);
        assert_eq!(p8.character, 22);
        assert_eq!(idx.offset(text, p8, PositionEncoding::Utf8), x);
    }

    #[test]
    fn crlf_and_lone_cr_end_lines() {
        let text = "a\r\nbc\rd\ne";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 4);
        let at = |line, character| {
            idx.offset(text, Position { line, character }, PositionEncoding::Utf16)
        };
        // Past the line end: before the whole `\r\n`, before a lone `\r`.
        assert_eq!(at(0, 9), 1);
        assert_eq!(at(1, 9), 5);
        assert_eq!(at(2, 0), 6);
        assert_eq!(at(3, 0), 8);
        let p = idx.position(text, 8, PositionEncoding::Utf16);
        assert_eq!((p.line, p.character), (3, 0));
        let p = idx.position(text, 6, PositionEncoding::Utf16);
        assert_eq!((p.line, p.character), (2, 0));
    }

    #[test]
    fn out_of_range_positions_clamp() {
        let text = "ab\ncd😀";
        let idx = LineIndex::new(text);
        assert_eq!(
            idx.offset(
                text,
                Position {
                    line: 9,
                    character: 0
                },
                PositionEncoding::Utf16
            ),
            text.len() as u32
        );
        assert_eq!(
            idx.offset(
                text,
                Position {
                    line: 0,
                    character: 99
                },
                PositionEncoding::Utf16
            ),
            2
        );
        // Inside the surrogate pair: snaps to the emoji's start.
        let mid = idx.offset(
            text,
            Position {
                line: 1,
                character: 3,
            },
            PositionEncoding::Utf16,
        );
        assert_eq!(mid, 5);
    }
}
