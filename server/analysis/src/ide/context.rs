//! "Where is the cursor?" for JSON files, tolerant of text being typed.
//!
//! [`scan`] reads the text from the start up to the cursor with a small tokenizer and keeps a
//! stack of the open objects and arrays (the member key or item index the cursor is in). Unlike
//! the parsed tree it does not care what follows the cursor, so it works in an unterminated
//! string, after a missing comma and in a half-written member. What follows the cursor (the
//! `type` of the component being edited, later arguments of an expression) comes from the
//! parsed tree through [`Scan::tree_value`].

use crate::syntax::{Json, TextRange};

/// One step of a path from the root value to the cursor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

/// An open object or array before the cursor.
#[derive(Debug, Clone, Default)]
pub struct Frame {
    pub is_array: bool,
    /// Offset of the `{` or `[`.
    pub start: u32,
    /// Object: the key of the member whose value is being read; `None` while reading a key.
    pub key: Option<String>,
    /// Object: waiting for a key (after `{` or `,`).
    pub expecting_key: bool,
    /// Array: index of the current item.
    pub index: usize,
    /// Array: string items seen so far, by index.
    pub items: Vec<Option<String>>,
    /// Object: members with string values seen so far.
    pub strings: Vec<(String, String)>,
    /// Object: every key seen so far.
    pub keys: Vec<String>,
    /// Something other than whitespace followed the last `,`/`[`/`:` (array item or value).
    pub has_value: bool,
}

/// A string token at the cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StrAt {
    /// The whole content (without quotes), up to the closing quote or the end of the line.
    pub content: TextRange,
    /// Decoded content.
    pub value: String,
    /// Raw content before the cursor.
    pub prefix: String,
    pub closed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// Where a member key goes (or is).
    Key,
    /// Where a value goes (member value or array item).
    Value,
}

#[derive(Debug, Clone)]
pub struct Scan<'t> {
    pub text: &'t str,
    pub offset: u32,
    pub frames: Vec<Frame>,
    pub string: Option<StrAt>,
    pub slot: Slot,
    /// The bare word at the cursor (letters of `tru|e` outside strings), for replacing.
    pub word: TextRange,
    root: Option<&'t Json>,
}

/// Scans `text` up to `offset`. Returns `None` when the cursor is not inside any object or array.
pub fn scan<'t>(text: &'t str, root: Option<&'t Json>, offset: u32) -> Option<Scan<'t>> {
    let bytes = text.as_bytes();
    let off = (offset as usize).min(bytes.len());
    let mut frames: Vec<Frame> = Vec::new();
    let mut i = 0usize;
    while i < off {
        let c = bytes[i];
        match c {
            b'"' => {
                let (end, closed) = string_end(bytes, i + 1);
                // The cursor lies in this string's content (or right after an unclosed one).
                if off <= end {
                    let content = TextRange::new(i as u32 + 1, end as u32);
                    let raw = text.get(i + 1..end).unwrap_or("");
                    let s = StrAt {
                        content,
                        value: decode(raw),
                        prefix: text.get(i + 1..off).unwrap_or("").to_string(),
                        closed,
                    };
                    let slot = slot_of(frames.last(), true);
                    if frames.is_empty() {
                        return None;
                    }
                    return Some(Scan {
                        text,
                        offset: off as u32,
                        frames,
                        string: Some(s),
                        slot,
                        word: content,
                        root,
                    });
                }
                let raw = text.get(i + 1..end).unwrap_or("");
                on_string(&mut frames, decode(raw));
                i = if closed { end + 1 } else { end };
                continue;
            }
            b'{' => frames.push(Frame {
                is_array: false,
                start: i as u32,
                expecting_key: true,
                ..Default::default()
            }),
            b'[' => frames.push(Frame {
                is_array: true,
                start: i as u32,
                ..Default::default()
            }),
            b'}' | b']' => {
                let want_array = c == b']';
                // Tolerate mismatched brackets: close up to the matching kind.
                if let Some(pos) = frames.iter().rposition(|f| f.is_array == want_array) {
                    frames.truncate(pos);
                    if let Some(f) = frames.last_mut() {
                        f.has_value = true;
                    }
                }
            }
            b':' => {
                if let Some(f) = frames.last_mut() {
                    if !f.is_array {
                        f.expecting_key = false;
                        f.has_value = false;
                    }
                }
            }
            b',' => {
                if let Some(f) = frames.last_mut() {
                    if f.is_array {
                        f.index += 1;
                    } else {
                        f.expecting_key = true;
                        f.key = None;
                    }
                    f.has_value = false;
                }
            }
            c if c.is_ascii_whitespace() => {}
            _ => {
                if let Some(f) = frames.last_mut() {
                    f.has_value = true;
                }
            }
        }
        i += 1;
    }
    if frames.is_empty() {
        return None;
    }
    // A bare word around the cursor (`tru|e`, a number, a key typed without quotes).
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.';
    let mut ws = off;
    while ws > 0 && is_word(bytes[ws - 1]) {
        ws -= 1;
    }
    let mut we = off;
    while we < bytes.len() && is_word(bytes[we]) {
        we += 1;
    }
    let slot = slot_of(frames.last(), ws == off);
    Some(Scan {
        text,
        offset: off as u32,
        frames,
        string: None,
        slot,
        word: TextRange::new(ws as u32, we as u32),
        root,
    })
}

/// `after_value`: a value of the current member was complete before the cursor (`"a": 1 |`,
/// a missing comma), so what comes is the next key.
fn slot_of(f: Option<&Frame>, after_value: bool) -> Slot {
    match f {
        Some(f) if !f.is_array && (f.expecting_key || (after_value && f.has_value)) => Slot::Key,
        _ => Slot::Value,
    }
}

fn on_string(frames: &mut [Frame], s: String) {
    let Some(f) = frames.last_mut() else { return };
    // `"a": 1 "b"`: a missing comma; the string starts the next member.
    if !f.is_array && !f.expecting_key && f.has_value {
        f.expecting_key = true;
        f.key = None;
        f.has_value = false;
    }
    if f.is_array {
        if f.items.len() <= f.index {
            f.items.resize(f.index + 1, None);
        }
        f.items[f.index] = Some(s);
        f.has_value = true;
    } else if f.expecting_key {
        f.keys.push(s.clone());
        f.key = Some(s);
    } else {
        if let Some(k) = &f.key {
            f.strings.push((k.clone(), s));
        }
        f.has_value = true;
    }
}

/// The index of the closing quote (or of the line end / text end when unclosed) and whether it
/// was closed.
fn string_end(bytes: &[u8], mut i: usize) -> (usize, bool) {
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return (i, true),
            b'\n' | b'\r' => return (i, false),
            _ => i += 1,
        }
    }
    (bytes.len(), false)
}

/// Decodes JSON string content; invalid escapes are kept as written.
pub fn decode(raw: &str) -> String {
    if !raw.contains('\\') {
        return raw.to_string();
    }
    serde_json::from_str::<String>(&format!("\"{raw}\"")).unwrap_or_else(|_| raw.to_string())
}

impl<'t> Scan<'t> {
    /// The path from the root to the cursor's value (for [`Slot::Key`]: to the object whose key
    /// is at the cursor).
    pub fn path(&self) -> Vec<Seg<'_>> {
        let mut out = Vec::with_capacity(self.frames.len());
        let n = self.frames.len();
        for (i, f) in self.frames.iter().enumerate() {
            if f.is_array {
                out.push(Seg::Index(f.index));
            } else if i + 1 == n && self.slot == Slot::Key {
                // The cursor is at a key of the innermost object: the path ends at the object.
            } else if f.expecting_key {
                out.push(Seg::Key(""));
            } else {
                out.push(Seg::Key(f.key.as_deref().unwrap_or("")));
            }
        }
        out
    }

    /// The parsed value that starts where frame `depth` starts (for lookahead past the cursor).
    pub fn tree_value(&self, depth: usize) -> Option<&'t Json> {
        let start = self.frames.get(depth)?.start;
        let mut cur = self.root?;
        loop {
            if cur.range.start == start {
                return Some(cur);
            }
            let next = match &cur.kind {
                crate::syntax::JsonKind::Object(ms) => ms
                    .iter()
                    .map(|m| &m.value)
                    .find(|v| v.range.start <= start && start < v.range.end),
                crate::syntax::JsonKind::Array(items) => items
                    .iter()
                    .find(|v| v.range.start <= start && start < v.range.end),
                _ => None,
            }?;
            cur = next;
        }
    }

    /// A string member of the object at frame `depth`, before or after the cursor.
    pub fn member_str(&self, depth: usize, key: &str) -> Option<String> {
        let f = self.frames.get(depth)?;
        if let Some((_, v)) = f.strings.iter().rev().find(|(k, _)| k == key) {
            return Some(v.clone());
        }
        // After the cursor: only from the parsed tree, and never the member being typed.
        if f.key.as_deref() == Some(key) && depth + 1 == self.frames.len() {
            return None;
        }
        self.tree_value(depth)?.get_str(key).map(str::to_string)
    }

    /// A string item of the array at frame `depth`, before or after the cursor.
    pub fn item_str(&self, depth: usize, index: usize) -> Option<String> {
        let f = self.frames.get(depth)?;
        if let Some(Some(s)) = f.items.get(index) {
            return Some(s.clone());
        }
        if index == f.index && depth + 1 == self.frames.len() {
            return self.string.as_ref().map(|s| s.value.clone());
        }
        let arr = self.tree_value(depth)?.as_array()?;
        arr.get(index)?.as_str().map(str::to_string)
    }

    /// Keys present in the object at frame `depth` (before and after the cursor).
    pub fn object_keys(&self, depth: usize) -> Vec<String> {
        let mut keys: Vec<String> = self
            .frames
            .get(depth)
            .map(|f| f.keys.clone())
            .unwrap_or_default();
        if let Some(obj) = self.tree_value(depth).and_then(|v| v.as_object()) {
            for m in obj {
                if !keys.contains(&m.key) {
                    keys.push(m.key.clone());
                }
            }
        }
        keys
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> (String, u32) {
        let off = text.find('|').unwrap();
        (text.replace('|', ""), off as u32)
    }

    #[test]
    fn path_in_unterminated_string() {
        let (t, off) = at("{\"data\": {\"layout\": [{\"id\": \"a\"}, {\"dataModelBindings\": {\"simpleBinding\": \"Per|\n");
        let s = scan(&t, None, off).unwrap();
        assert_eq!(
            s.path(),
            [
                Seg::Key("data"),
                Seg::Key("layout"),
                Seg::Index(1),
                Seg::Key("dataModelBindings"),
                Seg::Key("simpleBinding")
            ]
        );
        let st = s.string.unwrap();
        assert_eq!(st.prefix, "Per");
        assert!(!st.closed);
        assert_eq!(s.slot, Slot::Value);
    }

    #[test]
    fn missing_comma_starts_the_next_member() {
        let (t, off) = at("{\"id\": \"x\" \"type\": \"Input\", \"a\": 1 \"re|");
        let s = scan(&t, None, off).unwrap();
        assert_eq!(s.slot, Slot::Key);
        assert!(s.path().is_empty());
        assert_eq!(s.member_str(0, "type").as_deref(), Some("Input"));
        let (t, off) = at("{\"a\": 1 |");
        assert_eq!(scan(&t, None, off).unwrap().slot, Slot::Key);
        let (t, off) = at("{\"a\": tr|");
        assert_eq!(scan(&t, None, off).unwrap().slot, Slot::Value);
    }

    #[test]
    fn key_slot_and_items() {
        let (t, off) = at("{\"a\": [\"component\", \"x|\"], \"b\": 1}");
        let s = scan(&t, None, off).unwrap();
        assert_eq!(s.path(), [Seg::Key("a"), Seg::Index(1)]);
        assert_eq!(s.item_str(1, 0).as_deref(), Some("component"));
        let (t, off) = at("{\"a\": 1, |}");
        let s = scan(&t, None, off).unwrap();
        assert_eq!(s.slot, Slot::Key);
        assert!(s.path().is_empty());
        assert!(s.string.is_none());
    }
}
