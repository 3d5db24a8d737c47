//! The first syntax error of a JSON text where a strict parser finds it (serde_json, .NET's
//! System.Text.Json and the browser's `JSON.parse` all stop at the same byte), with a message
//! a person understands. tree-sitter's error recovery often reports a broken file several lines
//! away from the real mistake (a missing comma shows up as an "unexpected" next property), so
//! the first error comes from here and tree-sitter only adds the errors after it.
//!
//! Comments and trailing commas are not errors here: they are listed and skipped, and whether
//! they are errors depends on the file's real reader (`model::readers`).
//!
//! Iterative (an explicit stack), so any nesting depth is safe.

use super::{SyntaxError, SyntaxErrorKind, TextRange};

#[derive(Debug, Default)]
pub(crate) struct Scan {
    /// Comments and trailing commas, in text order (up to where the scan stopped).
    pub lenient: Vec<SyntaxError>,
    /// Syntax errors in text order. A missing ',' or ':' is repaired in thought and the scan
    /// goes on, so what follows it is still checked strictly.
    pub errors: Vec<SyntaxError>,
    /// The scan stopped at its last error (one it cannot repair): what follows is unknown.
    pub stopped: bool,
}

/// Repairs after which the scan gives up (a file this broken is being rewritten).
const MAX_REPAIRS: usize = 20;

/// What the scanner expects next.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// A value (the root, after `:`).
    Value,
    /// Right after `[`: a value or `]`.
    FirstItem,
    /// After `,` in an array: a value (`]` is a trailing comma).
    NextItem,
    /// After an array item: `,` or `]`.
    ItemEnd,
    /// Right after `{`: a key or `}`.
    FirstKey,
    /// After `,` in an object: a key (`}` is a trailing comma).
    NextKey,
    /// After a key.
    Colon,
    /// After a property value: `,` or `}`.
    PropEnd,
    /// After the root value: nothing.
    End,
}

struct Scanner<'t> {
    text: &'t str,
    b: &'t [u8],
    pos: usize,
    /// Offsets of the open `{` and `[`.
    stack: Vec<usize>,
    /// The last comma, for trailing-comma reports.
    comma: usize,
    /// The last key, for messages.
    key: TextRange,
    out: Scan,
}

type Fail = SyntaxError;

pub(crate) fn scan(text: &str) -> Scan {
    let mut s = Scanner {
        text,
        b: text.as_bytes(),
        pos: 0,
        stack: Vec::new(),
        comma: 0,
        key: TextRange::empty(0),
        out: Scan::default(),
    };
    if text.starts_with('\u{feff}') {
        // Every reader of app files drops a byte order mark (.NET's file readers, the
        // browser's text decoding).
        s.pos = 3;
    }
    if let Err(e) = s.run() {
        s.out.errors.push(e);
        s.out.stopped = true;
    }
    s.out
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    fn here(&self) -> TextRange {
        TextRange::empty(self.pos as u32)
    }

    /// 1-based line of an offset, for messages.
    fn line_of(&self, at: usize) -> usize {
        self.b[..at.min(self.b.len())]
            .iter()
            .filter(|c| **c == b'\n')
            .count()
            + 1
    }

    /// The token at `pos` for "unexpected" messages: a word, or one character.
    fn token(&self) -> (TextRange, String) {
        let rest = &self.text[self.pos..];
        let word_len = rest
            .bytes()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'$' | b'.' | b'-'))
            .count();
        let len = if word_len > 0 {
            word_len
        } else {
            rest.chars().next().map_or(0, char::len_utf8)
        };
        let t = &rest[..len];
        (
            TextRange::new(self.pos as u32, (self.pos + len) as u32),
            t.chars().take(30).collect(),
        )
    }

    /// Records an error that has an obvious repair (a missing ',' or ':'), and goes on as if
    /// the repair were made.
    fn repaired(&mut self, e: Fail) -> Result<(), Fail> {
        if self.out.errors.len() >= MAX_REPAIRS {
            return Err(e);
        }
        self.out.errors.push(e);
        Ok(())
    }

    /// The token at `pos`: a whole string up to its closing quote (or line end), else
    /// `token()`.
    fn next_token(&self) -> TextRange {
        if self.peek() == Some(b'"') {
            self.token_string()
        } else {
            self.token().0
        }
    }

    fn unexpected(&self, expected: &str) -> Fail {
        let (range, t) = self.token();
        SyntaxError::error(range, format!("Syntax error: unexpected `{t}`: {expected}"))
    }

    /// The innermost open container, as words for messages.
    fn open(&self) -> Option<(u8, usize)> {
        self.stack.last().map(|&at| (self.b[at], self.line_of(at)))
    }

    fn eof(&self) -> Fail {
        let msg = match self.open() {
            Some((b'{', line)) => format!(
                "Syntax error: missing '}}' at the end of the file (the object opened on line {line} is not closed)"
            ),
            Some((_, line)) => format!(
                "Syntax error: missing ']' at the end of the file (the array opened on line {line} is not closed)"
            ),
            None => "The file is empty: a JSON value was expected".into(),
        };
        SyntaxError::error(self.here(), msg)
    }

    /// Skips whitespace and comments (listing the comments).
    fn ws(&mut self) -> Result<(), Fail> {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\n' | b'\r') => self.pos += 1,
                Some(b'/') if self.b.get(self.pos + 1) == Some(&b'/') => {
                    let start = self.pos;
                    while self.peek().is_some_and(|c| c != b'\n') {
                        self.pos += 1;
                    }
                    self.comment(start);
                }
                Some(b'/') if self.b.get(self.pos + 1) == Some(&b'*') => {
                    let start = self.pos;
                    match self.text[start + 2..].find("*/") {
                        Some(n) => self.pos = start + 2 + n + 2,
                        None => {
                            self.pos = self.b.len();
                            self.comment(start);
                            return Err(SyntaxError::error(
                                TextRange::empty(start as u32),
                                "Syntax error: unclosed comment: '/*' without '*/'",
                            ));
                        }
                    }
                    self.comment(start);
                }
                _ => return Ok(()),
            }
        }
    }

    fn comment(&mut self, start: usize) {
        let mut end = self.pos;
        // A `//` comment ends before a `\r\n` line break.
        if self.b[start + 1] == b'/' && end > start && self.b[end - 1] == b'\r' {
            end -= 1;
        }
        self.out.lenient.push(SyntaxError {
            range: TextRange::new(start as u32, end as u32),
            message: "Comment: not valid JSON".into(),
            kind: SyntaxErrorKind::Comment,
        });
    }

    fn trailing_comma(&mut self) {
        self.out.lenient.push(SyntaxError {
            range: TextRange::new(self.comma as u32, self.comma as u32 + 1),
            message: "Trailing comma: not valid JSON".into(),
            kind: SyntaxErrorKind::TrailingComma,
        });
    }

    /// The state after a complete value.
    fn after_value(&self) -> Expect {
        match self.open() {
            None => Expect::End,
            Some((b'{', _)) => Expect::PropEnd,
            Some(_) => Expect::ItemEnd,
        }
    }

    fn close(&mut self) -> Expect {
        self.pos += 1;
        self.stack.pop();
        self.after_value()
    }

    fn run(&mut self) -> Result<(), Fail> {
        let mut expect = Expect::Value;
        loop {
            self.ws()?;
            let c = self.peek();
            expect = match expect {
                Expect::End => match c {
                    None => return Ok(()),
                    Some(b'}' | b']') => return Err(self.unexpected(
                        "the JSON value already ended before it (one closing bracket too many?)",
                    )),
                    Some(_) => {
                        return Err(self.unexpected("the JSON value already ended before it"))
                    }
                },
                Expect::FirstItem | Expect::NextItem if c == Some(b']') => {
                    if expect == Expect::NextItem {
                        self.trailing_comma();
                    }
                    self.close()
                }
                Expect::Value | Expect::FirstItem | Expect::NextItem => self.value(c)?,
                Expect::ItemEnd => match c {
                    Some(b',') => {
                        self.comma = self.pos;
                        self.pos += 1;
                        Expect::NextItem
                    }
                    Some(b']') => self.close(),
                    None => return Err(self.eof()),
                    Some(b'}') => {
                        let line = self.open().map_or(0, |o| o.1);
                        return Err(self.unexpected(&format!(
                            "the array opened on line {line} must be closed with ']'"
                        )));
                    }
                    Some(c) if starts_value(c) => {
                        self.repaired(SyntaxError::error(
                            self.next_token(),
                            "Syntax error: missing ',' between two array items",
                        ))?;
                        Expect::NextItem
                    }
                    Some(_) => return Err(self.unexpected("expected ',' or ']'")),
                },
                Expect::FirstKey | Expect::NextKey => match c {
                    Some(b'}') => {
                        if expect == Expect::NextKey {
                            self.trailing_comma();
                        }
                        self.close()
                    }
                    Some(b'"') => {
                        let start = self.pos;
                        self.string()?;
                        self.key = TextRange::new(start as u32, self.pos as u32);
                        Expect::Colon
                    }
                    None => return Err(self.eof()),
                    Some(b'\'') => {
                        return Err(self.unexpected(
                            "a key must be in double quotes (\"key\"), not single quotes",
                        ))
                    }
                    Some(c) if c.is_ascii_alphabetic() || c == b'_' || c == b'$' => {
                        return Err(self.unexpected("a key must be in double quotes (\"key\")"))
                    }
                    Some(_) => return Err(self.unexpected("expected a key in double quotes")),
                },
                Expect::Colon => match c {
                    Some(b':') => {
                        self.pos += 1;
                        Expect::Value
                    }
                    None => return Err(self.eof()),
                    Some(c) if starts_value(c) => {
                        let key = self.text[self.key.start as usize..self.key.end as usize]
                            .chars()
                            .take(40)
                            .collect::<String>();
                        self.repaired(SyntaxError::error(
                            self.next_token(),
                            format!("Syntax error: missing ':' after the key {key}"),
                        ))?;
                        Expect::Value
                    }
                    Some(_) => return Err(self.unexpected("expected ':' after the key")),
                },
                Expect::PropEnd => match c {
                    Some(b',') => {
                        self.comma = self.pos;
                        self.pos += 1;
                        Expect::NextKey
                    }
                    Some(b'}') => self.close(),
                    None => return Err(self.eof()),
                    Some(b'"') => {
                        self.repaired(SyntaxError::error(
                            self.token_string(),
                            "Syntax error: missing ',' between two properties",
                        ))?;
                        Expect::NextKey
                    }
                    Some(b']') => {
                        let line = self.open().map_or(0, |o| o.1);
                        return Err(self.unexpected(&format!(
                            "the object opened on line {line} must be closed with '}}'"
                        )));
                    }
                    Some(_) => return Err(self.unexpected("expected ',' or '}'")),
                },
            };
        }
    }

    /// The range of the string token at `pos` up to its closing quote or the end of its line.
    fn token_string(&self) -> TextRange {
        let rest = &self.b[self.pos + 1..];
        let len = rest
            .iter()
            .position(|c| *c == b'"' || *c == b'\n')
            .map_or(rest.len(), |n| n + usize::from(rest[n] == b'"'));
        TextRange::new(self.pos as u32, (self.pos + 1 + len) as u32)
    }

    /// A value starting at `pos` (`c` is its first byte); returns the state after it.
    fn value(&mut self, c: Option<u8>) -> Result<Expect, Fail> {
        let Some(c) = c else {
            return Err(match self.open() {
                None => self.eof(),
                Some(_) => SyntaxError::error(
                    self.here(),
                    "Syntax error: the file ends where a value was expected",
                ),
            });
        };
        match c {
            b'{' | b'[' => {
                self.stack.push(self.pos);
                self.pos += 1;
                return Ok(if c == b'{' {
                    Expect::FirstKey
                } else {
                    Expect::FirstItem
                });
            }
            b'"' => self.string()?,
            b't' => self.word("true")?,
            b'f' => self.word("false")?,
            b'n' => self.word("null")?,
            b'-' | b'0'..=b'9' => self.number()?,
            b',' | b'}' | b']' => {
                return Err(self.unexpected("a value is missing before it"));
            }
            b'\'' => {
                return Err(self.unexpected("a string must be in double quotes, not single quotes"))
            }
            c if c.is_ascii_alphabetic() => {
                return Err(self.unexpected("not a JSON value (text must be in double quotes)"))
            }
            _ => return Err(self.unexpected("expected a value")),
        }
        Ok(self.after_value())
    }

    fn word(&mut self, w: &str) -> Result<(), Fail> {
        let start = self.pos;
        for &expected in w.as_bytes() {
            match self.peek() {
                Some(c) if c == expected => self.pos += 1,
                None => return Err(self.eof_in("the word")),
                Some(_) => {
                    let at = self.pos;
                    self.pos = start;
                    let (range, t) = self.token();
                    self.pos = at;
                    let len = self.text[at..].chars().next().map_or(1, char::len_utf8);
                    let hint = if w.starts_with(t.as_str()) {
                        format!("did you mean {w}?")
                    } else {
                        "text must be in double quotes".to_string()
                    };
                    return Err(SyntaxError::error(
                        // From where a strict parser stops to the end of the word.
                        TextRange::new(at as u32, range.end.max((at + len) as u32)),
                        format!("Syntax error: `{t}` is not a JSON value ({hint})"),
                    ));
                }
            }
        }
        Ok(())
    }

    fn eof_in(&self, what: &str) -> Fail {
        SyntaxError::error(
            self.here(),
            format!("Syntax error: the file ends inside {what}"),
        )
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`; a bad character is the error.
    fn number(&mut self) -> Result<(), Fail> {
        let start = self.pos;
        let bad = |s: &Self| -> Fail {
            if s.pos >= s.b.len() {
                return s.eof_in("a number");
            }
            let end = s.pos + s.text[s.pos..].chars().next().map_or(1, char::len_utf8);
            let shown: String = s.text[start..end].chars().take(30).collect();
            SyntaxError::error(
                TextRange::new(s.pos as u32, end as u32),
                format!("Syntax error: invalid number `{shown}`"),
            )
        };
        let digits = |s: &mut Self| -> Result<(), Fail> {
            if !s.peek().is_some_and(|c| c.is_ascii_digit()) {
                return Err(bad(s));
            }
            while s.peek().is_some_and(|c| c.is_ascii_digit()) {
                s.pos += 1;
            }
            Ok(())
        };
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        if self.peek() == Some(b'0') {
            self.pos += 1;
            if self.peek().is_some_and(|c| c.is_ascii_digit()) {
                let mut e = bad(self);
                e.message.push_str(": a number cannot start with 0");
                return Err(e);
            }
        } else {
            digits(self)?;
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            digits(self)?;
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            digits(self)?;
        }
        Ok(())
    }

    /// A string token at `pos` (which is `"`).
    fn string(&mut self) -> Result<(), Fail> {
        let start = self.pos;
        self.pos += 1;
        loop {
            let Some(c) = self.peek() else {
                let line = self.line_of(start);
                return Err(SyntaxError::error(
                    self.here(),
                    format!("Syntax error: unclosed string: the string opened on line {line} has no closing '\"' before the end of the file"),
                ));
            };
            match c {
                b'"' => {
                    self.pos += 1;
                    return Ok(());
                }
                b'\\' => {
                    self.pos += 1;
                    match self.peek() {
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => {
                            self.pos += 1
                        }
                        Some(b'u') => {
                            self.pos += 1;
                            for _ in 0..4 {
                                match self.peek() {
                                    Some(h) if h.is_ascii_hexdigit() => self.pos += 1,
                                    None => return Err(self.eof_in("a string")),
                                    Some(_) => {
                                        let len = self.text[self.pos..]
                                            .chars()
                                            .next()
                                            .map_or(1, char::len_utf8);
                                        return Err(SyntaxError::error(
                                            TextRange::new(self.pos as u32, (self.pos + len) as u32),
                                            "Syntax error: invalid escape: '\\u' needs four hex digits",
                                        ));
                                    }
                                }
                            }
                        }
                        None => return Err(self.eof_in("a string")),
                        Some(_) => {
                            let (range, t) = self.token();
                            let first: String = t.chars().take(1).collect();
                            return Err(SyntaxError::error(
                                TextRange::new(range.start, range.start + first.len() as u32),
                                format!("Syntax error: invalid escape `\\{first}` in a string (write a backslash as `\\\\`)"),
                            ));
                        }
                    }
                }
                b'\n' | b'\r' => {
                    let shown: String = self.text[start..self.pos].chars().take(40).collect();
                    return Err(SyntaxError::error(
                        self.here(),
                        format!("Syntax error: unclosed string `{shown}`: a string must end with '\"' on the line it starts"),
                    ));
                }
                0..=0x1f => {
                    return Err(SyntaxError::error(
                        TextRange::new(self.pos as u32, self.pos as u32 + 1),
                        "Syntax error: a control character (such as a tab) inside a string must be escaped (`\\t`)",
                    ))
                }
                _ => self.pos += 1,
            }
        }
    }
}

/// Whether a byte can start a JSON value (for "missing ','" messages).
fn starts_value(c: u8) -> bool {
    matches!(
        c,
        b'"' | b'{' | b'[' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n'
    )
}
