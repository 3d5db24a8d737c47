//! Random edits of the harness app's files (broken JSON, non-ASCII text) and every IDE feature
//! at random offsets: no panic, every returned range inside its file.
mod common;

use altinn_analysis::ide;
use altinn_analysis::TextRange;
use common::{base_app, db, with};

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const PIECES: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    "\"",
    ",",
    ":",
    " ",
    "\n",
    "a",
    "1",
    "ø",
    "😀",
    "\"id\": ",
    "\"children\": [",
    "[\"component\", \"",
    "\"Person.",
    "\\",
    "null",
    "\"type\": \"Input\"",
];

fn floor(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[test]
fn random_edits_never_panic() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let base = base_app();
    let paths: Vec<String> = base.iter().map(|(p, _)| p.clone()).collect();
    for round in 0..120 {
        let path = &paths[round % paths.len()];
        let mut text = base.iter().find(|(p, _)| p == path).unwrap().1.clone();
        for _ in 0..(1 + rng.below(4)) {
            let a = floor(&text, rng.below(text.len() + 1));
            if rng.below(2) == 0 {
                let b = floor(&text, a + rng.below(12));
                text.replace_range(a..b.max(a), "");
            } else {
                text.insert_str(a, PIECES[rng.below(PIECES.len())]);
            }
        }
        let db = db(with(base.clone(), &[(path, &text)]));
        let len = text.len() as u32;
        let inside = |file: &str, r: TextRange| {
            let l = db.file(file).map(|f| f.text.len() as u32).unwrap_or(0);
            r.start <= r.end && r.end <= l
        };
        for _ in 0..25 {
            let off = rng.below(text.len() + 1) as u32;
            for it in ide::completion(&db, path, off) {
                if let Some(r) = it.replace_range {
                    assert!(
                        r.start <= r.end && r.end <= len,
                        "{path}@{off} {it:?}\n{text}"
                    );
                }
            }
            if let Some(h) = ide::hover(&db, path, off) {
                assert!(inside(path, h.range));
            }
            for l in ide::definition(&db, path, off) {
                assert!(inside(&l.file, l.range));
            }
            for l in ide::references(&db, path, off, true) {
                assert!(inside(&l.file, l.range));
            }
            if ide::prepare_rename(&db, path, off).is_ok() {
                for e in ide::rename(&db, path, off, "renamed-x").unwrap_or_default() {
                    assert!(inside(&e.file, e.range) || db.file(&e.file).is_none());
                }
            }
        }
        let diags = db.check_file(path);
        for a in ide::code_actions(&db, path, TextRange::new(0, len), &diags) {
            for e in a.edits {
                assert!(
                    inside(&e.file, e.range) || (db.file(&e.file).is_none() && e.range.is_empty()),
                    "{e:?}"
                );
            }
        }
        for s in ide::document_symbols(&db, path) {
            assert!(inside(path, s.range) && s.range.contains_range(s.selection_range));
        }
        ide::document_links(&db, path);
        for r in ide::folding_ranges(&db, path) {
            assert!(inside(path, r));
        }
    }
}
