//! LSP-level fuzzer: random sequences of didOpen / didChange / didClose and IDE requests
//! (completion, hover, definition, references, prepareRename, rename, codeAction,
//! documentSymbol, documentLink, foldingRange) on copies of real apps, with random and
//! often invalid positions and contents, against the real `altinn-ls lsp` binary. Some
//! rename and quick-fix edits are applied as an editor would; bursts send requests and
//! edits without waiting for the responses (and cancel some requests).
//!
//! What must hold:
//! - every request gets a response (a result or an error) within [`REQUEST_LIMIT`];
//! - no response is a recovered panic (`altinn-ls: internal error: ...`, code -32603),
//!   nothing on stderr says a panic happened, and the process stays alive;
//! - responses are well-formed: ranges in documents whose text we know are valid
//!   positions of that text, completion edits are on one line around the cursor, a
//!   rename's edits do not overlap, symbols' selection ranges lie inside their ranges;
//! - at every checkpoint, the server's texts of the open documents equal ours (we apply the
//!   same edits with the server's documented clamping, [`support::offset`]) and its
//!   diagnostics (those it published and those the client received) equal those of a
//!   fresh server that opens the same final texts.
//!
//! Deterministic: a seed drives everything. `ALTINN_LSP_FUZZ_SEED=<n>` replays one seed
//! (decimal or 0x-hex), `ALTINN_LSP_FUZZ_STEPS=<n>` sets the operations per seed,
//! `ALTINN_LSP_FUZZ_SEEDS=<n>` runs n seeds (from `ALTINN_LSP_FUZZ_SEED` when given). A
//! failure names the seed, the step and the last operations; `ALTINN_LSP_FUZZ_DUMP=<dir>`
//! also writes the open documents' texts there. `ALTINN_LSP_FUZZ_VERBOSE=1` prints
//! per-method counts, the error messages seen and slow steps.

mod support;

use altinn_analysis::testgen::Rng;
use serde_json::{json, Map, Value};
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::{Duration, Instant};
use support::{corpus, fixtures, offset, uri, Client, Options, TempCopy};

/// A request without a response after this long is a hang.
const REQUEST_LIMIT: Duration = Duration::from_secs(20);
/// A fresh-server comparison every this many operations (and at the end).
const CHECKPOINT_EVERY: usize = 400;

// ----- text positions (the server's model: lines end at `\n`, `\r\n` or a lone `\r`) -----

fn units(s: &str, utf8: bool) -> u32 {
    if utf8 {
        s.len() as u32
    } else {
        s.encode_utf16().count() as u32
    }
}

fn line_starts(text: &str) -> Vec<usize> {
    support::lines(text).into_iter().map(|(s, _)| s).collect()
}

/// The position of a byte offset (on a char boundary).
fn position(text: &str, off: usize, utf8: bool) -> (u32, u32) {
    let starts = line_starts(text);
    let line = match starts.binary_search(&off) {
        Ok(l) => l,
        Err(l) => l - 1,
    };
    (line as u32, units(&text[starts[line]..off], utf8))
}

/// Whether a position exists exactly in the text (no clamping needed).
fn valid_position(text: &str, line: u32, character: u32, utf8: bool) -> bool {
    let Some(&(start, end)) = support::lines(text).get(line as usize) else {
        return false;
    };
    let mut n = 0u32;
    for ch in text[start..end].chars() {
        if n == character {
            return true;
        }
        if n > character {
            return false;
        }
        n += if utf8 {
            ch.len_utf8() as u32
        } else {
            ch.len_utf16() as u32
        };
    }
    n == character
}

/// A text we know the server has, with its line starts (for many position checks).
struct Known {
    text: String,
    starts: Vec<usize>,
}

impl Known {
    fn new(text: String) -> Known {
        let starts = line_starts(&text);
        Known { text, starts }
    }

    fn line(&self, line: u32) -> Option<&str> {
        let start = *self.starts.get(line as usize)?;
        let end = self
            .starts
            .get(line as usize + 1)
            .map(|e| e - 1)
            .unwrap_or(self.text.len());
        Some(&self.text[start..end])
    }

    /// [`support::offset`] with the line starts at hand.
    fn offset(&self, line: u32, character: u32, utf8: bool) -> usize {
        let Some(l) = self.line(line) else {
            return self.text.len();
        };
        let start = self.starts[line as usize];
        start + offset(l, 0, character, utf8)
    }

    fn valid(&self, line: u32, character: u32, utf8: bool) -> bool {
        self.line(line)
            .is_some_and(|l| valid_position(l, 0, character, utf8))
    }
}

fn random_boundary(rng: &mut Rng, text: &str) -> usize {
    let mut o = rng.index(text.len() + 1);
    while !text.is_char_boundary(o) {
        o -= 1;
    }
    o
}

/// A position: usually a real one, sometimes past the line end, past the text, huge, or
/// inside a character.
fn random_position(rng: &mut Rng, text: &str, utf8: bool, interesting: &[usize]) -> (u32, u32) {
    let lines = line_starts(text).len() as u32;
    match rng.below(20) {
        0 => (rng.below(lines as u64) as u32, 200 + rng.below(50) as u32),
        1 => (lines + rng.below(3) as u32, rng.below(30) as u32),
        2 => (
            *rng.pick(&[u32::MAX, i32::MAX as u32, lines]),
            *rng.pick(&[0, u32::MAX, i32::MAX as u32]),
        ),
        3 => {
            // Inside a multi-byte character (inside a surrogate pair in UTF-16).
            let wide: Vec<usize> = text
                .char_indices()
                .filter(|(_, c)| {
                    if utf8 {
                        c.len_utf8() > 1
                    } else {
                        c.len_utf16() > 1
                    }
                })
                .map(|(i, _)| i)
                .collect();
            if wide.is_empty() {
                position(text, random_boundary(rng, text), utf8)
            } else {
                let (l, c) = position(text, *rng.pick(&wide), utf8);
                (l, c + 1)
            }
        }
        4..=11 if !interesting.is_empty() => {
            let o = (*rng.pick(interesting) + rng.index(4)).min(text.len());
            let mut o = o;
            while !text.is_char_boundary(o) {
                o -= 1;
            }
            position(text, o, utf8)
        }
        _ => position(text, random_boundary(rng, text), utf8),
    }
}

fn pos(p: (u32, u32)) -> Value {
    json!({"line": p.0, "character": p.1})
}

fn range(a: (u32, u32), b: (u32, u32)) -> Value {
    json!({"start": pos(a), "end": pos(b)})
}

fn get_pos(v: &Value) -> Option<(u32, u32)> {
    Some((
        u32::try_from(v.get("line")?.as_u64()?).ok()?,
        u32::try_from(v.get("character")?.as_u64()?).ok()?,
    ))
}

fn get_range(v: &Value) -> Option<((u32, u32), (u32, u32))> {
    Some((get_pos(v.get("start")?)?, get_pos(v.get("end")?)?))
}

// ----- the apps -----------------------------------------------------------------------

/// A document the fuzzer may open: its URI, file path (None: not a `file:` URI), whether the
/// server keeps its text (a relevant file of an app) and its text on disk.
#[derive(Clone)]
struct Candidate {
    uri: String,
    tracked: bool,
    disk: Option<String>,
    /// Text to open a file that is not on disk with.
    template: &'static str,
}

/// Names and snippets taken from the apps, used as edit content and rename names.
#[derive(Default)]
struct Words {
    ids: BTreeSet<String>,
    text_keys: BTreeSet<String>,
    bindings: BTreeSet<String>,
}

fn collect_words(v: &Value, parent_key: &str, w: &mut Words) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                if let (Some(s), true) = (x.as_str(), k == "id") {
                    if parent_key == "resources" {
                        w.text_keys.insert(s.to_string());
                    } else {
                        w.ids.insert(s.to_string());
                    }
                }
                match (k.as_str(), x) {
                    ("textResourceBindings", Value::Object(b)) => {
                        w.text_keys
                            .extend(b.values().filter_map(Value::as_str).map(str::to_string));
                    }
                    ("dataModelBindings", Value::Object(b)) => {
                        w.bindings
                            .extend(b.values().filter_map(Value::as_str).map(str::to_string));
                    }
                    _ => {}
                }
                collect_words(x, k, w);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| collect_words(x, parent_key, w)),
        _ => {}
    }
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// Whether the server keeps the text of this file: inside an app folder and relevant.
fn relevant(app_dirs: &[PathBuf], path: &Path) -> bool {
    app_dirs.iter().any(|a| {
        path.strip_prefix(a).is_ok_and(|rel| {
            let rel: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().to_string())
                .collect();
            altinn_analysis::model::FileKind::is_relevant(&rel.join("/"))
        })
    })
}

const LAYOUT_TEMPLATE: &str = "{\n  \"$schema\": \"https://altinncdn.no/toolkits/altinn-app-frontend/4/schemas/json/layout/layout.schema.v1.json\",\n  \"data\": {\n    \"layout\": [\n      {\"id\": \"fuzz-input\", \"type\": \"Input\", \"textResourceBindings\": {\"title\": \"fuzz.title\"}}\n    ]\n  }\n}\n";
const OPTIONS_TEMPLATE: &str =
    "[\n  {\"value\": \"a\", \"label\": \"fuzz.a\"},\n  {\"value\": 2, \"label\": \"fuzz.b\"}\n]\n";
const TEXTS_TEMPLATE: &str =
    "{\n  \"language\": \"en\",\n  \"resources\": [\n    {\"id\": \"fuzz.title\", \"value\": \"Fuzz ø 😀\"}\n  ]\n}\n";
const SCHEMA_TEMPLATE: &str = "{\n  \"$id\": \"fuzz\",\n  \"type\": \"object\",\n  \"properties\": {\"name\": {\"type\": \"string\"}}\n}\n";
const JS_TEMPLATE: &str = "var ruleHandlerObject = {\n  sum: (obj) => {\n    obj.a = +obj.a;\n    return obj.a + 1;\n  }\n};\nvar conditionalRuleHandlerObject = {\n  isBig: (obj) => obj.value > 10\n};\n";
const SETTINGS_TEMPLATE: &str = "{\n  \"pages\": {\"order\": [\"Side1\", \"FuzzPage\"]}\n}\n";

fn candidates(repos: &[PathBuf], app_dirs: &[PathBuf]) -> Vec<Candidate> {
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    let mut add = |path: PathBuf, template: &'static str, out: &mut Vec<Candidate>| {
        if !seen.insert(path.clone()) {
            return;
        }
        out.push(Candidate {
            uri: uri(&path),
            tracked: relevant(app_dirs, &path),
            disk: std::fs::read_to_string(&path).ok(),
            template,
        });
    };
    for repo in repos {
        let mut files = Vec::new();
        walk(repo, &mut files);
        for f in files {
            add(f, "", &mut out);
        }
        add(repo.join("outside-app.json"), "{\"a\": 1}", &mut out);
        add(repo.join("README.md"), "# notes", &mut out);
    }
    for app in app_dirs {
        // UI folders: each folder of `ui/` with a `layouts/` inside, plus `ui` itself.
        let mut folders = vec![app.join("ui")];
        if let Ok(rd) = std::fs::read_dir(app.join("ui")) {
            let mut v: Vec<PathBuf> = rd
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.join("layouts").is_dir())
                .collect();
            v.sort();
            folders.extend(v);
        }
        for f in &folders {
            add(f.join("layouts/FuzzPage.json"), LAYOUT_TEMPLATE, &mut out);
            add(f.join("layouts/Side ø 1.json"), LAYOUT_TEMPLATE, &mut out);
            add(f.join("RuleHandler.js"), JS_TEMPLATE, &mut out);
            add(f.join("Settings.json"), SETTINGS_TEMPLATE, &mut out);
        }
        add(app.join("ui/layouts/😀.json"), LAYOUT_TEMPLATE, &mut out);
        add(
            app.join("options/fuzz-options.json"),
            OPTIONS_TEMPLATE,
            &mut out,
        );
        add(
            app.join("config/texts/resource.en.json"),
            TEXTS_TEMPLATE,
            &mut out,
        );
        add(
            app.join("models/fuzz.schema.json"),
            SCHEMA_TEMPLATE,
            &mut out,
        );
        add(app.join("notes.txt"), "plain text", &mut out);
        add(app.join("ui/new folder/nested/x.json"), "{}", &mut out);
    }
    // Not files of any app, or not files at all.
    for u in [
        "untitled:Untitled-1",
        "file:///nonexistent-altinn-fuzz/App/ui/layouts/Side1.json",
        "inmemory://model/1",
    ] {
        out.push(Candidate {
            uri: u.to_string(),
            tracked: false,
            disk: None,
            template: "{\"data\": {\"layout\": []}}",
        });
    }
    out
}

// ----- content ------------------------------------------------------------------------

const PIECES: &[&str] = &[
    "a",
    "ø",
    "æ",
    "å",
    "Å",
    "é",
    "😀",
    "👍🏽",
    "𝄞",
    "\"",
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    " ",
    "\n",
    "\r\n",
    "\t",
    "\\",
    "\\u00e5",
    "\\ud83d",
    "null",
    "true",
    "12",
    "-1e309",
    "\"id\": \"x\"",
    "\"type\": \"Input\"",
    "\"type\": \"Group\"",
    "\"children\": []",
    "\"layout\": [",
    "\"data\": {",
    "\"textResourceBindings\": {\"title\": ",
    "\"dataModelBindings\": {",
    "\"simpleBinding\": ",
    "\"hidden\": ",
    "[\"equals\", ",
    "[\"if\", true, ",
    "\"pages\": {\"order\": [",
    "\"sets\": [",
    "\"dataType\": ",
    "\"tasks\": [",
    "<bpmn:task id=\"Task_9\">",
    "</bpmn:task>",
    "<",
    ">",
    "/>",
    "<!--",
    "-->",
    "&amp;",
    "function (obj) { return obj.a; }",
    "ruleHandlerObject = {",
    ";",
    "/*",
    "*/",
    "\u{0}",
    "\u{feff}",
    "\u{2028}",
];

struct Content {
    ids: Vec<String>,
    keys: Vec<String>,
    bindings: Vec<String>,
}

impl Content {
    fn piece(&self, rng: &mut Rng) -> String {
        let any = |rng: &mut Rng, v: &[String], d: &str| {
            if v.is_empty() {
                d.to_string()
            } else {
                rng.pick(v).clone()
            }
        };
        match rng.below(10) {
            0 => format!("\"{}\"", any(rng, &self.ids, "id")),
            1 => format!("\"{}\"", any(rng, &self.keys, "key")),
            2 => format!("\"{}\"", any(rng, &self.bindings, "a.b")),
            3 => match rng.below(4) {
                0 => format!("[\"component\", \"{}\"]", any(rng, &self.ids, "id")),
                1 => format!("[\"dataModel\", \"{}\"]", any(rng, &self.bindings, "a")),
                2 => format!("[\"text\", \"{}\"]", any(rng, &self.keys, "k")),
                _ => format!(
                    "{{\"id\": \"{}\", \"type\": \"Input\", \"textResourceBindings\": {{\"title\": \"{}\"}}, \"dataModelBindings\": {{\"simpleBinding\": \"{}\"}}}}",
                    any(rng, &self.ids, "id"),
                    any(rng, &self.keys, "k"),
                    any(rng, &self.bindings, "a")
                ),
            },
            _ => rng.pick(PIECES).to_string(),
        }
    }

    fn text(&self, rng: &mut Rng, doc: &str) -> String {
        if rng.chance(1) {
            // Rarely: deep nesting or a large paste (a stack overflow or a quadratic step
            // would show up as a crash or a hang).
            return match rng.below(4) {
                0 => "[".repeat(2000 + rng.index(8000)),
                1 => "{\"a\": ".repeat(1000 + rng.index(4000)),
                2 => "<a>".repeat(500 + rng.index(2000)),
                _ => {
                    let one = self.piece(rng);
                    let n = 2000 + rng.index(6000);
                    let mut s = String::with_capacity(n * (one.len() + 2));
                    for _ in 0..n {
                        s.push_str(&one);
                        s.push_str(",\n");
                    }
                    s
                }
            };
        }
        match rng.below(12) {
            0 => String::new(),
            // A piece of the document itself (realistic: copy and paste).
            1 if !doc.is_empty() => {
                let a = random_boundary(rng, doc);
                let mut b = (a + rng.index(200)).min(doc.len());
                while !doc.is_char_boundary(b) {
                    b -= 1;
                }
                doc[a..b].to_string()
            }
            _ => (0..1 + rng.below(3)).map(|_| self.piece(rng)).collect(),
        }
    }
}

// ----- the fuzzer ---------------------------------------------------------------------

struct Doc {
    text: String,
    version: i64,
    tracked: bool,
}

struct Fuzz<'a> {
    c: Client,
    rng: Rng,
    seed: u64,
    step: usize,
    utf8: bool,
    folders: Vec<PathBuf>,
    cands: &'a [Candidate],
    content: &'a Content,
    names: Vec<String>,
    /// Open documents by URI (ordered: deterministic iteration).
    open: BTreeMap<String, Doc>,
    /// The last operations, for the failure message.
    recent: VecDeque<String>,
    stats: Stats,
    tally: Tally,
    /// While checking a response that was sent before later edits: the open documents'
    /// texts when the request was sent (tracked: Some).
    view: Option<BTreeMap<String, Option<String>>>,
    /// Known texts by URI while one response is checked.
    cache: RefCell<BTreeMap<String, Option<Rc<Known>>>>,
    /// `ALTINN_LSP_FUZZ_VERBOSE`: per-method counts, error messages and slow steps.
    verbose: bool,
}

#[derive(Default, Debug, Clone, Copy)]
struct Stats {
    ops: usize,
    requests: usize,
    results: usize,
    errors: usize,
    edits_applied: usize,
    checkpoints: usize,
    /// Diagnostics compared at the checkpoints (sum).
    diagnostics: usize,
}

/// Per method: (requests, non-null results, errors), and the error messages seen.
#[derive(Default)]
struct Tally {
    by_method: BTreeMap<String, (usize, usize, usize)>,
    error_messages: BTreeMap<String, usize>,
}

const METHODS: &[&str] = &[
    "textDocument/completion",
    "textDocument/hover",
    "textDocument/definition",
    "textDocument/references",
    "textDocument/prepareRename",
    "textDocument/rename",
    "textDocument/codeAction",
    "textDocument/documentSymbol",
    "textDocument/documentLink",
    "textDocument/foldingRange",
];

fn short(s: &str) -> String {
    let t: String = s.chars().take(60).collect();
    if t.len() < s.len() {
        format!("{t:?}…")
    } else {
        format!("{t:?}")
    }
}

impl<'a> Fuzz<'a> {
    fn fail(&self, what: &str) -> ! {
        let recent: Vec<&String> = self.recent.iter().collect();
        // `ALTINN_LSP_FUZZ_DUMP=<dir>`: the open documents' texts, for minimising.
        if let Ok(dir) = std::env::var("ALTINN_LSP_FUZZ_DUMP") {
            let dir = PathBuf::from(dir);
            let _ = std::fs::create_dir_all(&dir);
            for (u, d) in &self.open {
                let name: String = u
                    .chars()
                    .map(|c| {
                        if c.is_ascii_alphanumeric() || c == '.' {
                            c
                        } else {
                            '_'
                        }
                    })
                    .collect();
                let _ = std::fs::write(dir.join(name), &d.text);
            }
        }
        panic!(
            "lsp_fuzz: {what}\nseed {:#x} ({}), step {}; replay with ALTINN_LSP_FUZZ_SEED={:#x} ALTINN_LSP_FUZZ_STEPS={}\nlast operations:\n{recent:#?}",
            self.seed,
            if self.utf8 { "utf-8" } else { "utf-16" },
            self.step,
            self.seed,
            self.step + 1
        );
    }

    fn note(&mut self, s: String) {
        if self.recent.len() == 40 {
            self.recent.pop_front();
        }
        self.recent.push_back(s);
    }

    /// The text the server has for a URI, when we know it: open and tracked, or a file on
    /// disk that is not open.
    /// [`Fuzz::known_text`], kept until the texts change (see `cache`).
    fn known(&self, u: &str) -> Option<Rc<Known>> {
        if let Some(k) = self.cache.borrow().get(u) {
            return k.clone();
        }
        let k = self.known_text(u).map(|t| Rc::new(Known::new(t)));
        self.cache.borrow_mut().insert(u.to_string(), k.clone());
        k
    }

    fn known_text(&self, u: &str) -> Option<String> {
        match &self.view {
            Some(v) => {
                if let Some(t) = v.get(u) {
                    return t.clone();
                }
            }
            None => {
                if let Some(d) = self.open.get(u) {
                    return d.tracked.then(|| d.text.clone());
                }
            }
        }
        let c = self.cands.iter().find(|c| c.uri == u)?;
        if c.tracked {
            c.disk.clone()
        } else {
            None
        }
    }

    fn check_range(&self, what: &str, u: &str, r: &Value) {
        let Some((a, b)) = get_range(r) else {
            self.fail(&format!("{what}: malformed range {r} in {u}"));
        };
        if a > b {
            self.fail(&format!("{what}: reversed range {r} in {u}"));
        }
        if let Some(k) = self.known(u) {
            for p in [a, b] {
                if !k.valid(p.0, p.1, self.utf8) {
                    self.fail(&format!(
                        "{what}: range {r} is not inside the text of {u} ({} lines)",
                        k.starts.len()
                    ));
                }
            }
        }
    }

    /// Edits in a `WorkspaceEdit`, by URI: (range, new text). Checks them on the way.
    fn workspace_edits(&self, what: &str, we: &Value) -> Option<BTreeMap<String, Vec<Value>>> {
        let mut by_uri: BTreeMap<String, Vec<Value>> = BTreeMap::new();
        let mut plain = true;
        if let Some(ch) = we.get("changes").and_then(Value::as_object) {
            for (u, edits) in ch {
                let Some(edits) = edits.as_array() else {
                    self.fail(&format!("{what}: edits of {u} are not an array"));
                };
                by_uri.entry(u.clone()).or_default().extend(edits.clone());
            }
        }
        if let Some(ops) = we.get("documentChanges").and_then(Value::as_array) {
            for op in ops {
                if let Some(td) = op.get("textDocument") {
                    let u = td["uri"].as_str().unwrap_or_default().to_string();
                    let edits = op["edits"].as_array().cloned().unwrap_or_default();
                    by_uri.entry(u).or_default().extend(edits);
                } else {
                    plain = false;
                    if op.get("kind").and_then(Value::as_str).is_none() {
                        self.fail(&format!("{what}: document change without a kind: {op}"));
                    }
                }
            }
        }
        for (u, edits) in &by_uri {
            let mut spans = Vec::new();
            for e in edits {
                if e.get("newText").and_then(Value::as_str).is_none() {
                    self.fail(&format!("{what}: edit without newText in {u}: {e}"));
                }
                self.check_range(what, u, &e["range"]);
                if let Some(k) = self.known(u) {
                    let (a, b) = get_range(&e["range"]).unwrap_or_default();
                    spans.push((k.offset(a.0, a.1, self.utf8), k.offset(b.0, b.1, self.utf8)));
                }
            }
            spans.sort();
            for w in spans.windows(2) {
                // Touching insertions at one point are allowed; overlaps are not.
                if w[1].0 < w[0].1 {
                    self.fail(&format!("{what}: overlapping edits in {u}: {edits:?}"));
                }
            }
        }
        plain.then_some(by_uri)
    }

    fn request(&mut self, method: &str, params: Value) -> Option<Value> {
        let t0 = Instant::now();
        let r = self.c.request_within(method, params.clone(), REQUEST_LIMIT);
        self.judge(method, &params, r, t0.elapsed(), false)
    }

    /// Counts a response and fails on a hang, a recovered panic or an internal error;
    /// returns the result when there is one. `cancelled`: a cancellation error is fine.
    fn judge(
        &mut self,
        method: &str,
        params: &Value,
        r: Result<Result<Value, Value>, String>,
        dt: Duration,
        cancelled: bool,
    ) -> Option<Value> {
        self.stats.requests += 1;
        let r = match r {
            Ok(r) => r,
            Err(e) => self.fail(&format!("{e}; params {params}")),
        };
        let t = self.tally.by_method.entry(method.to_string()).or_default();
        t.0 += 1;
        match &r {
            Ok(v) if !v.is_null() => t.1 += 1,
            Ok(_) => {}
            Err(e) => {
                t.2 += 1;
                let m: String = e["message"]
                    .as_str()
                    .unwrap_or_default()
                    .chars()
                    .take(50)
                    .collect();
                *self.tally.error_messages.entry(m).or_default() += 1;
            }
        }
        match r {
            Ok(v) => {
                self.stats.results += 1;
                if dt > Duration::from_secs(5) {
                    eprintln!("lsp_fuzz: slow {method}: {dt:?}");
                }
                Some(v)
            }
            Err(e) => {
                self.stats.errors += 1;
                let msg = e["message"].as_str().unwrap_or_default();
                if e["code"] == -32800 && !cancelled {
                    self.fail(&format!(
                        "{method} was cancelled, but we did not cancel it: {e}"
                    ));
                }
                if e["code"] == -32603 || msg.contains("internal error") {
                    self.fail(&format!(
                        "{method} failed with an internal error: {e}; params {params}"
                    ));
                }
                None
            }
        }
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.c.notify(method, params);
    }

    fn pick_request_uri(&mut self) -> String {
        let open: Vec<String> = self.open.keys().cloned().collect();
        let roll = self.rng.below(100);
        if !open.is_empty() && roll < 60 {
            return self.rng.pick(&open).clone();
        }
        if roll < 92 {
            // A file of an app as it is on disk (or as it is open).
            let on_disk: Vec<&Candidate> = self
                .cands
                .iter()
                .filter(|c| c.tracked && c.disk.is_some())
                .collect();
            if !on_disk.is_empty() {
                return self.rng.pick(&on_disk).uri.clone();
            }
        }
        self.rng.pick(self.cands).uri.clone()
    }

    /// Offsets of names the app uses (where hover, definition and rename do something) and,
    /// unless `names_only`, just after quotes (inside strings: where completion does).
    fn interesting(&mut self, text: &str, names_only: bool) -> Vec<usize> {
        let mut v = Vec::new();
        let c = self.content;
        let all: Vec<&String> = c
            .ids
            .iter()
            .chain(c.keys.iter())
            .chain(c.bindings.iter())
            .collect();
        // A few names at random: scanning a large text for every name is slow.
        let words: Vec<&String> = if all.is_empty() {
            Vec::new()
        } else {
            (0..24).map(|_| *self.rng.pick(&all)).collect()
        };
        for w in words {
            if w.len() < 2 {
                continue;
            }
            for (i, _) in text.match_indices(w.as_str()).take(3) {
                v.push(i);
            }
        }
        if !names_only || v.is_empty() {
            let quotes: Vec<usize> = text.match_indices('"').map(|(i, _)| i + 1).collect();
            let step = (quotes.len() / 100).max(1);
            v.extend(quotes.into_iter().step_by(step));
        }
        v
    }

    fn op_open(&mut self) {
        let c = self.rng.pick(self.cands).clone();
        let text = match (&c.disk, self.rng.below(20)) {
            (_, 0) => String::new(),
            (_, 1) => self.content.text(&mut self.rng, ""),
            (_, 2) => {
                // Another file's text.
                let o = self.rng.pick(self.cands).clone();
                o.disk.unwrap_or_default()
            }
            (Some(d), _) => d.clone(),
            (None, _) => c.template.to_string(),
        };
        let version = self.rng.below(5) as i64;
        let lang = if c.uri.ends_with(".js") {
            "javascript"
        } else if c.uri.ends_with(".bpmn") || c.uri.ends_with(".xml") || c.uri.ends_with(".xsd") {
            "xml"
        } else {
            "json"
        };
        self.note(format!(
            "didOpen {} v{version} text {}",
            c.uri,
            short(&text)
        ));
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": c.uri, "languageId": lang, "version": version, "text": text}}),
        );
        if !c.uri.starts_with("file:") {
            return;
        }
        self.open.insert(
            c.uri.clone(),
            Doc {
                text,
                version,
                tracked: c.tracked,
            },
        );
    }

    fn next_version(&mut self, current: i64) -> i64 {
        // Versions stay within LSP's integer range (else the notification is invalid).
        let v = match self.rng.below(20) {
            0 => current,                                // repeated
            1 => current - 1 - self.rng.below(3) as i64, // out of order
            2 => i32::MAX as i64,
            _ => current + 1,
        };
        v.clamp(i32::MIN as i64, i32::MAX as i64)
    }

    fn op_change(&mut self) {
        let open: Vec<String> = self.open.keys().cloned().collect();
        if open.is_empty() || self.rng.chance(4) {
            // A change to a document that is not open: ignored by the server.
            let c = self.rng.pick(self.cands).clone();
            if self.open.contains_key(&c.uri) {
                return;
            }
            self.note(format!("didChange (not open) {}", c.uri));
            self.notify(
                "textDocument/didChange",
                json!({"textDocument": {"uri": c.uri, "version": 7},
                       "contentChanges": [{"range": range((0, 0), (0, 1)), "text": "x"}]}),
            );
            return;
        }
        let u = self.rng.pick(&open).clone();
        let utf8 = self.utf8;
        let mut doc = self.open.remove(&u).expect("open doc");
        let mut changes = Vec::new();
        let mut desc = Vec::new();
        for _ in 0..1 + self.rng.below(3) {
            if self.rng.chance(4) {
                let disk = self
                    .cands
                    .iter()
                    .find(|c| c.uri == u)
                    .and_then(|c| c.disk.clone());
                let t = self.content.text(&mut self.rng, &doc.text);
                let t = if let Some(d) = disk.filter(|_| self.rng.chance(50)) {
                    // Back to the text on disk (like "revert file").
                    d
                } else if self.rng.chance(50) {
                    // Mostly the same text with a small change: keeps the app meaningful.
                    let mut x = doc.text.clone();
                    let o = random_boundary(&mut self.rng, &x);
                    x.insert_str(o, &t);
                    x
                } else {
                    t
                };
                desc.push(format!("full {}", short(&t)));
                changes.push(json!({"text": t}));
                doc.text = t;
                continue;
            }
            if self.rng.chance(35) {
                if let Some((s, e, t)) = self.semantic_edit(&doc.text) {
                    let (a, b) = (position(&doc.text, s, utf8), position(&doc.text, e, utf8));
                    desc.push(format!("{a:?}-{b:?} {} (semantic)", short(&t)));
                    doc.text.replace_range(s..e, &t);
                    changes.push(json!({"range": range(a, b), "text": t}));
                    continue;
                }
            }
            let names = self.interesting(&doc.text, false);
            let a = random_position(&mut self.rng, &doc.text, utf8, &names);
            let b = match self.rng.below(10) {
                0..=2 => a,
                3 => random_position(&mut self.rng, &doc.text, utf8, &names), // maybe reversed
                4 => (
                    a.0.saturating_add(self.rng.below(4) as u32),
                    self.rng.below(40) as u32,
                ),
                _ => (a.0, a.1.saturating_add(self.rng.below(8) as u32)),
            };
            let new_text = self.content.text(&mut self.rng, &doc.text);
            let s = offset(&doc.text, a.0, a.1, utf8);
            let e = offset(&doc.text, b.0, b.1, utf8).max(s);
            desc.push(format!("{a:?}-{b:?} {}", short(&new_text)));
            doc.text.replace_range(s..e, &new_text);
            changes.push(json!({"range": range(a, b), "text": new_text}));
        }
        doc.version = self.next_version(doc.version);
        self.note(format!(
            "didChange {u} v{} [{}]",
            doc.version,
            desc.join("; ")
        ));
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": u, "version": doc.version}, "contentChanges": changes}),
        );
        self.open.insert(u, doc);
    }

    /// An edit that keeps the file's structure but changes what it means: a string's
    /// content replaced by a name the app uses (or a new one), a line deleted or
    /// duplicated. Returns (start, end, new text) as byte offsets.
    fn semantic_edit(&mut self, text: &str) -> Option<(usize, usize, String)> {
        match self.rng.below(4) {
            0 | 1 => {
                let quotes: Vec<usize> = text.match_indices('"').map(|(i, _)| i).collect();
                if quotes.len() < 2 {
                    return None;
                }
                let i = self.rng.index(quotes.len() - 1);
                let (s, e) = (quotes[i] + 1, quotes[i + 1]);
                if text[s..e].contains('\n') || text[s..e].ends_with('\\') {
                    return None;
                }
                let c = self.content;
                let t = match self.rng.below(5) {
                    0 if !c.ids.is_empty() => self.rng.pick(&c.ids).clone(),
                    1 if !c.keys.is_empty() => self.rng.pick(&c.keys).clone(),
                    2 if !c.bindings.is_empty() => self.rng.pick(&c.bindings).clone(),
                    3 => format!("{}x", &text[s..e]),
                    _ => format!("fuzz{}", self.rng.below(50)),
                };
                Some((s, e, t))
            }
            n => {
                let starts = line_starts(text);
                let l = self.rng.index(starts.len());
                let s = starts[l];
                let e = starts.get(l + 1).copied().unwrap_or(text.len());
                if n == 2 {
                    Some((s, e, String::new()))
                } else {
                    Some((e, e, text[s..e].to_string()))
                }
            }
        }
    }

    fn op_close(&mut self) {
        let open: Vec<String> = self.open.keys().cloned().collect();
        let u = if open.is_empty() || self.rng.chance(10) {
            self.rng.pick(self.cands).uri.clone()
        } else {
            self.rng.pick(&open).clone()
        };
        self.note(format!("didClose {u}"));
        self.notify("textDocument/didClose", json!({"textDocument": {"uri": u}}));
        self.open.remove(&u);
    }

    /// Applies a `WorkspaceEdit` to open documents the way an editor does (one didChange per
    /// document, edits from the end backwards), when it touches only open tracked documents.
    fn apply(&mut self, by_uri: BTreeMap<String, Vec<Value>>) {
        // Files that are not open are opened first (as an editor does), when we know
        // their text.
        let on_disk = |u: &String| {
            self.cands
                .iter()
                .find(|c| c.uri == *u && c.tracked)
                .and_then(|c| c.disk.clone())
        };
        if by_uri.is_empty()
            || !by_uri.keys().all(|u| match self.open.get(u) {
                Some(d) => d.tracked,
                None => on_disk(u).is_some(),
            })
        {
            return;
        }
        let to_open: Vec<(String, String)> = by_uri
            .keys()
            .filter(|u| !self.open.contains_key(*u))
            .filter_map(|u| Some((u.clone(), on_disk(u)?)))
            .collect();
        for (u, text) in to_open {
            self.note(format!("didOpen {u} v0 (to apply an edit)"));
            self.notify(
                "textDocument/didOpen",
                json!({"textDocument": {"uri": u, "languageId": "json", "version": 0, "text": text}}),
            );
            self.open.insert(
                u,
                Doc {
                    text,
                    version: 0,
                    tracked: true,
                },
            );
        }
        let utf8 = self.utf8;
        for (u, mut edits) in by_uri {
            let doc = self.open.get_mut(&u).expect("open");
            edits.sort_by_key(|e| {
                let (a, b) = get_range(&e["range"]).unwrap_or_default();
                std::cmp::Reverse((a, b))
            });
            let mut changes = Vec::new();
            for e in &edits {
                let (a, b) = get_range(&e["range"]).unwrap_or_default();
                let t = e["newText"].as_str().unwrap_or_default();
                let s = offset(&doc.text, a.0, a.1, utf8);
                let en = offset(&doc.text, b.0, b.1, utf8).max(s);
                doc.text.replace_range(s..en, t);
                changes.push(json!({"range": range(a, b), "text": t}));
            }
            doc.version = (doc.version + 1).min(i32::MAX as i64);
            let v = doc.version;
            self.stats.edits_applied += 1;
            self.note(format!("apply {} edit(s) to {u} v{v}", changes.len()));
            self.notify(
                "textDocument/didChange",
                json!({"textDocument": {"uri": u, "version": v}, "contentChanges": changes}),
            );
        }
    }

    fn op_request(&mut self) {
        let (method, u, text, p, params) = self.make_request();
        self.note(format!("{method} {u} {p:?} {}", short(&params.to_string())));
        let Some(r) = self.request(method, params) else {
            return;
        };
        self.check_result(method, &u, text.as_deref(), p, &r);
    }

    /// The open documents' texts (Some when the server keeps them).
    fn snapshot(&self) -> BTreeMap<String, Option<String>> {
        self.open
            .iter()
            .map(|(u, d)| (u.clone(), d.tracked.then(|| d.text.clone())))
            .collect()
    }

    /// Like an editor: requests and edits sent without waiting for responses (and some
    /// requests cancelled); each response must fit the texts as they were when it was sent.
    fn op_burst(&mut self) {
        struct Sent {
            id: i64,
            method: &'static str,
            uri: String,
            text: Option<String>,
            p: (u32, u32),
            params: Value,
            view: BTreeMap<String, Option<String>>,
            cancelled: bool,
            at: Instant,
        }
        let mut sent: Vec<Sent> = Vec::new();
        for _ in 0..2 + self.rng.below(7) {
            if self.rng.chance(35) {
                self.op_change();
                continue;
            }
            let (method, uri, text, p, params) = self.make_request();
            let view = self.snapshot();
            let id = match self.c.send_request(method, params.clone()) {
                Ok(id) => id,
                Err(e) => self.fail(&e),
            };
            let cancelled = self.rng.chance(15);
            self.note(format!(
                "(burst, id {id}{}) {method} {uri} {p:?} {}",
                if cancelled { ", cancelled" } else { "" },
                short(&params.to_string())
            ));
            if cancelled {
                self.notify("$/cancelRequest", json!({"id": id}));
            }
            sent.push(Sent {
                id,
                method,
                uri,
                text,
                p,
                params,
                view,
                cancelled,
                at: Instant::now(),
            });
        }
        for s in sent {
            let r = self.c.wait_response(s.id, s.method, REQUEST_LIMIT);
            let Some(v) = self.judge(s.method, &s.params, r, s.at.elapsed(), s.cancelled) else {
                continue;
            };
            self.view = Some(s.view);
            self.check_result(s.method, &s.uri, s.text.as_deref(), s.p, &v);
            self.view = None;
        }
    }

    #[allow(clippy::type_complexity)]
    fn make_request(&mut self) -> (&'static str, String, Option<String>, (u32, u32), Value) {
        let method = *self.rng.pick(METHODS);
        let u = self.pick_request_uri();
        let text = self.known_text(&u);
        let t = text.clone().unwrap_or_else(|| "{\n}\n".to_string());
        let on_names = matches!(
            method,
            "textDocument/hover"
                | "textDocument/definition"
                | "textDocument/references"
                | "textDocument/prepareRename"
                | "textDocument/rename"
        ) && self.rng.chance(70);
        let mut names = self.interesting(&t, on_names);
        if method.ends_with("ename") && self.rng.chance(50) {
            // On a component id, a text key's id, a layout set id or a page name.
            let ids: Vec<usize> = t
                .match_indices("\"id\": \"")
                .map(|(i, m)| i + m.len())
                .chain(t.match_indices("\"order\": [\"").map(|(i, m)| i + m.len()))
                .collect();
            if !ids.is_empty() {
                names = ids;
            }
        }
        let p = random_position(&mut self.rng, &t, self.utf8, &names);
        let td = json!({"uri": u});
        let params = match method {
            "textDocument/completion" => {
                let ctx = if self.rng.chance(30) {
                    json!({"triggerKind": 2, "triggerCharacter": *self.rng.pick(&["\"", ".", "/", "["])})
                } else {
                    json!({"triggerKind": 1})
                };
                json!({"textDocument": td, "position": pos(p), "context": ctx})
            }
            "textDocument/references" => {
                json!({"textDocument": td, "position": pos(p), "context": {"includeDeclaration": self.rng.chance(50)}})
            }
            "textDocument/rename" => {
                let name = if self.rng.chance(50) {
                    format!("fuzz{}", self.rng.below(1000))
                } else {
                    self.rng.pick(&self.names).clone()
                };
                json!({"textDocument": td, "position": pos(p), "newName": name})
            }
            "textDocument/codeAction" => {
                let diags = self.c.diagnostics(&u).unwrap_or_default();
                if !diags.is_empty() && self.rng.chance(60) {
                    // Like an editor: at a diagnostic the client was sent, with it in the
                    // context (possibly stale by now).
                    let d = self.rng.pick(&diags).clone();
                    json!({"textDocument": td, "range": d["range"], "context": {"diagnostics": [d]}})
                } else {
                    let q = random_position(&mut self.rng, &t, self.utf8, &names);
                    json!({"textDocument": td, "range": range(p, q), "context": {"diagnostics": []}})
                }
            }
            "textDocument/documentSymbol"
            | "textDocument/documentLink"
            | "textDocument/foldingRange" => json!({"textDocument": td}),
            _ => json!({"textDocument": td, "position": pos(p)}),
        };
        (method, u, text, p, params)
    }

    fn check_result(
        &mut self,
        method: &str,
        u: &str,
        text: Option<&str>,
        p: (u32, u32),
        r: &Value,
    ) {
        self.cache.borrow_mut().clear();
        if r.is_null() {
            return;
        }
        let what = format!("{method} at {p:?} in {u}");
        match method {
            "textDocument/hover" => {
                if r.get("contents").is_none() {
                    self.fail(&format!("{what}: hover without contents: {r}"));
                }
                if let Some(rg) = r.get("range") {
                    self.check_range(&what, u, rg);
                }
            }
            "textDocument/completion" => {
                let items = r
                    .get("items")
                    .and_then(Value::as_array)
                    .or(r.as_array())
                    .cloned()
                    .unwrap_or_else(|| self.fail(&format!("{what}: no items: {r}")));
                for it in &items {
                    if it.get("label").and_then(Value::as_str).is_none() {
                        self.fail(&format!("{what}: item without label: {it}"));
                    }
                    let Some(te) = it.get("textEdit") else {
                        continue;
                    };
                    let rg = te.get("range").unwrap_or(&Value::Null);
                    self.check_range(&what, u, rg);
                    // LSP: one line, and the cursor inside it.
                    if let (Some(text), Some((a, b))) = (text, get_range(rg)) {
                        let k = self
                            .known(u)
                            .unwrap_or_else(|| Rc::new(Known::new(text.to_string())));
                        let cur = k.offset(p.0, p.1, self.utf8);
                        let s = k.offset(a.0, a.1, self.utf8);
                        let e = k.offset(b.0, b.1, self.utf8);
                        if a.0 != b.0 || cur < s || cur > e {
                            self.fail(&format!(
                                "{what}: completion edit range {rg} is not a one-line range around the cursor: {it}"
                            ));
                        }
                    }
                }
            }
            "textDocument/definition" | "textDocument/references" => {
                let Some(locs) = r.as_array() else {
                    self.fail(&format!("{what}: not an array of locations: {r}"));
                };
                for l in locs {
                    let lu = l["uri"].as_str().unwrap_or_default().to_string();
                    if lu.is_empty() {
                        self.fail(&format!("{what}: location without uri: {l}"));
                    }
                    self.check_range(&what, &lu, &l["range"]);
                }
            }
            "textDocument/prepareRename" => {
                let rg = r.get("range").unwrap_or(r);
                self.check_range(&what, u, rg);
            }
            "textDocument/rename" => {
                if let Some(edits) = self.workspace_edits(&what, r) {
                    if self.view.is_none() && self.rng.chance(50) {
                        self.apply(edits);
                    }
                }
            }
            "textDocument/codeAction" => {
                let Some(actions) = r.as_array() else {
                    self.fail(&format!("{what}: not an array: {r}"));
                };
                let mut first = None;
                for a in actions {
                    if a.get("title").and_then(Value::as_str).is_none() {
                        self.fail(&format!("{what}: action without title: {a}"));
                    }
                    if let Some(e) = a.get("edit") {
                        let edits = self.workspace_edits(&what, e);
                        if first.is_none() {
                            first = edits;
                        }
                    }
                }
                if let Some(edits) = first {
                    if self.view.is_none() && self.rng.chance(50) {
                        self.apply(edits);
                    }
                }
            }
            "textDocument/documentSymbol" => {
                let Some(syms) = r.as_array() else {
                    self.fail(&format!("{what}: not an array: {r}"));
                };
                let mut stack: Vec<&Value> = syms.iter().collect();
                while let Some(s) = stack.pop() {
                    self.check_range(&what, u, &s["range"]);
                    self.check_range(&what, u, &s["selectionRange"]);
                    let (Some(a), Some(b)) =
                        (get_range(&s["range"]), get_range(&s["selectionRange"]))
                    else {
                        continue;
                    };
                    if b.0 < a.0 || b.1 > a.1 {
                        self.fail(&format!("{what}: selectionRange outside range: {s}"));
                    }
                    if let Some(ch) = s.get("children").and_then(Value::as_array) {
                        stack.extend(ch.iter());
                    }
                }
            }
            "textDocument/documentLink" => {
                for l in r.as_array().into_iter().flatten() {
                    self.check_range(&what, u, &l["range"]);
                }
            }
            "textDocument/foldingRange" => {
                for f in r.as_array().into_iter().flatten() {
                    let (Some(a), Some(b)) = (f["startLine"].as_u64(), f["endLine"].as_u64())
                    else {
                        self.fail(&format!("{what}: malformed folding range {f}"));
                    };
                    let lines = text.map(|_| self.known(u).map_or(0, |k| k.starts.len()) as u64);
                    if a > b || lines.is_some_and(|n| b >= n) {
                        self.fail(&format!("{what}: folding range {f} outside the text"));
                    }
                }
            }
            _ => {}
        }
    }

    fn step_once(&mut self) {
        self.stats.ops += 1;
        let t0 = Instant::now();
        match self.rng.below(100) {
            0..=9 => self.op_open(),
            10..=41 => self.op_change(),
            42..=46 => self.op_close(),
            47..=50 => self.op_burst(),
            _ => self.op_request(),
        }
        if let Some(code) = self.c.exited() {
            self.fail(&format!("the server exited (code {code:?})"));
        }
        if self.verbose && t0.elapsed() > Duration::from_secs(1) {
            eprintln!(
                "lsp_fuzz: slow step {} ({:?}): {}",
                self.step,
                t0.elapsed(),
                self.recent.back().map(|s| short(s)).unwrap_or_default()
            );
        }
    }

    fn debug_state(&mut self, c: Option<&mut Client>) -> Value {
        let params = json!({"command": "altinn.debug.state", "arguments": []});
        let r = match c {
            Some(c) => c.request_within("workspace/executeCommand", params, REQUEST_LIMIT * 3),
            None => self
                .c
                .request_within("workspace/executeCommand", params, REQUEST_LIMIT * 3),
        };
        match r {
            Ok(Ok(v)) => v,
            Ok(Err(e)) => self.fail(&format!("altinn.debug.state failed: {e}")),
            Err(e) => self.fail(&format!("altinn.debug.state: {e}")),
        }
    }

    /// Texts equal ours; diagnostics (published and received) equal a fresh server's.
    fn checkpoint(&mut self) {
        self.stats.checkpoints += 1;
        let state = self.debug_state(None);
        let texts = state["texts"].as_object().cloned().unwrap_or_default();
        let expected: BTreeMap<&String, &String> = self
            .open
            .iter()
            .filter(|(_, d)| d.tracked)
            .map(|(u, d)| (u, &d.text))
            .collect();
        for (u, t) in &expected {
            match texts.get(*u).and_then(Value::as_str) {
                Some(s) if s == t.as_str() => {}
                Some(s) => self.fail(&format!(
                    "the server's text of {u} differs from ours:\nserver: {s:?}\nours:   {t:?}"
                )),
                None => self.fail(&format!("the server has no text for open document {u}")),
            }
        }
        for u in texts.keys() {
            if !expected.contains_key(u) {
                self.fail(&format!(
                    "the server has a text for {u}, which we do not track"
                ));
            }
        }
        let published = norm(&state["diagnostics"]);
        self.stats.diagnostics += published
            .values()
            .map(|d| d.as_array().map_or(0, Vec::len))
            .sum::<usize>();
        // What the client received settles to what the server says it published.
        let deadline = Instant::now() + REQUEST_LIMIT;
        loop {
            let got = norm(&Value::Object(
                self.c
                    .all_diagnostics()
                    .into_iter()
                    .map(|(k, v)| (k, Value::Array(v)))
                    .collect(),
            ));
            if got == published {
                break;
            }
            if Instant::now() > deadline {
                self.fail(&format!(
                    "received diagnostics differ from the published ones: {}",
                    first_difference(&got, &published)
                ));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        // A fresh server opening the same texts.
        let mut fresh = Client::start_capturing_stderr(Options {
            folders: self.folders.clone(),
            encodings: if self.utf8 { vec!["utf-8"] } else { vec![] },
            ..Default::default()
        });
        for (u, d) in &self.open {
            fresh.notify(
                "textDocument/didOpen",
                json!({"textDocument": {"uri": u, "languageId": "json", "version": d.version, "text": d.text}}),
            );
        }
        let fresh_state = self.debug_state(Some(&mut fresh));
        let fresh_diags = norm(&fresh_state["diagnostics"]);
        if fresh_diags != published {
            self.fail(&format!(
                "diagnostics differ from a fresh server's on the same texts: {}",
                first_difference(&published, &fresh_diags)
            ));
        }
        if fresh_state["texts"].as_object().map(Map::len) != Some(texts.len()) {
            self.fail("the fresh server tracks other documents");
        }
        check_stderr(&fresh, "fresh server");
        match fresh.shutdown() {
            Some(0) => {}
            other => self.fail(&format!(
                "the fresh server did not shut down cleanly: {other:?}"
            )),
        }
        check_stderr(&self.c, "server");
    }
}

fn check_stderr(c: &Client, who: &str) {
    for l in c.stderr_lines() {
        if l.contains("panicked") || l.contains("internal error") || l.contains("RUST_BACKTRACE") {
            panic!("lsp_fuzz: the {who} reported a panic on stderr: {l}");
        }
    }
}

/// Diagnostics by URI, without URIs that have none.
fn norm(v: &Value) -> BTreeMap<String, Value> {
    v.as_object()
        .map(|o| {
            o.iter()
                .filter(|(_, d)| d.as_array().is_some_and(|a| !a.is_empty()))
                .map(|(k, d)| (k.clone(), d.clone()))
                .collect()
        })
        .unwrap_or_default()
}

fn first_difference(a: &BTreeMap<String, Value>, b: &BTreeMap<String, Value>) -> String {
    let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    for k in keys {
        let (x, y) = (a.get(k), b.get(k));
        if x != y {
            let list = |v: Option<&Value>| v.and_then(Value::as_array).cloned().unwrap_or_default();
            let (x, y) = (list(x), list(y));
            let only = |p: &[Value], q: &[Value]| -> Vec<String> {
                p.iter()
                    .filter(|d| !q.contains(d))
                    .map(|d| d.to_string().chars().take(600).collect())
                    .collect()
            };
            return format!(
                "{k} ({} vs {} diagnostics; same set in another order: {})\nonly in the first: {:#?}\nonly in the second: {:#?}",
                x.len(),
                y.len(),
                only(&x, &y).is_empty() && only(&y, &x).is_empty(),
                only(&x, &y),
                only(&y, &x)
            );
        }
    }
    "no difference".into()
}

fn env_u64(name: &str) -> Option<u64> {
    let v = std::env::var(name).ok()?;
    let v = v.trim();
    match v.strip_prefix("0x") {
        Some(h) => u64::from_str_radix(h, 16).ok(),
        None => v.parse().ok(),
    }
}

/// Runs the fuzzer on copies of `apps` (repository folders holding `App/`).
fn fuzz(apps: &[PathBuf], seeds: &[u64], steps: usize) -> Stats {
    let copies: Vec<TempCopy> = apps.iter().map(|a| TempCopy::of(a)).collect();
    let repos: Vec<PathBuf> = copies.iter().map(|c| c.path.clone()).collect();
    let app_dirs: Vec<PathBuf> = repos.iter().map(|r| r.join("App")).collect();
    let cands = candidates(&repos, &app_dirs);
    let mut words = Words::default();
    for c in &cands {
        if let Some(v) = c
            .disk
            .as_deref()
            .and_then(|t| serde_json::from_str::<Value>(t).ok())
        {
            collect_words(&v, "", &mut words);
        }
    }
    let content = Content {
        ids: words.ids.iter().cloned().collect(),
        keys: words.text_keys.iter().cloned().collect(),
        bindings: words.bindings.iter().cloned().collect(),
    };
    // Rename names: the app's own (collisions), fresh valid ones and invalid ones.
    let mut names: Vec<String> = content
        .ids
        .iter()
        .chain(content.keys.iter())
        .take(40)
        .cloned()
        .collect();
    names.extend(
        [
            "fuzzNew",
            "fuzz-new-2",
            "Side9",
            "",
            " ",
            "a b",
            "ø😀",
            "x\"y",
            "x\\y",
            "../etc/passwd",
            "a/b",
            "-",
            "1",
            "\n",
            "dup",
        ]
        .iter()
        .map(|s| s.to_string()),
    );
    names.push("x".repeat(5000));
    let mut total = Stats::default();
    for &seed in seeds {
        let utf8 = seed % 2 == 1;
        let t0 = Instant::now();
        let c = Client::start_capturing_stderr(Options {
            folders: repos.clone(),
            encodings: if utf8 { vec!["utf-8"] } else { vec![] },
            ..Default::default()
        });
        let mut f = Fuzz {
            c,
            rng: Rng::new(seed),
            seed,
            step: 0,
            utf8,
            folders: repos.clone(),
            cands: &cands,
            content: &content,
            names: names.clone(),
            open: BTreeMap::new(),
            recent: VecDeque::new(),
            stats: Stats::default(),
            tally: Tally::default(),
            view: None,
            cache: RefCell::new(BTreeMap::new()),
            verbose: std::env::var("ALTINN_LSP_FUZZ_VERBOSE").is_ok(),
        };
        for step in 0..steps {
            f.step = step;
            f.step_once();
            if step % CHECKPOINT_EVERY == CHECKPOINT_EVERY - 1 {
                f.checkpoint();
            }
        }
        f.step = steps;
        f.checkpoint();
        let s = f.stats;
        if std::env::var("ALTINN_LSP_FUZZ_VERBOSE").is_ok() {
            eprintln!(
                "lsp_fuzz: per method (requests, non-null, errors): {:#?}",
                f.tally.by_method
            );
            eprintln!("lsp_fuzz: errors: {:#?}", f.tally.error_messages);
        }
        match f.c.shutdown() {
            Some(0) => {}
            other => {
                panic!("lsp_fuzz: seed {seed:#x}: the server did not shut down cleanly: {other:?}")
            }
        }
        eprintln!(
            "lsp_fuzz: seed {seed:#x} ({}) on {} app(s): {} operations, {} requests ({} results, {} errors), {} edits applied, {} checkpoints ({} diagnostics compared), {:.1} s",
            if utf8 { "utf-8" } else { "utf-16" },
            apps.len(),
            s.ops,
            s.requests,
            s.results,
            s.errors,
            s.edits_applied,
            s.checkpoints,
            s.diagnostics,
            t0.elapsed().as_secs_f64()
        );
        total.ops += s.ops;
        total.requests += s.requests;
        total.results += s.results;
        total.errors += s.errors;
        total.edits_applied += s.edits_applied;
        total.checkpoints += s.checkpoints;
        total.diagnostics += s.diagnostics;
    }
    total
}

/// `ALTINN_LSP_FUZZ_SEED` alone: that seed; `ALTINN_LSP_FUZZ_SEEDS=n`: n seeds from it (or
/// from the test's first seed).
fn seeds(default: &[u64]) -> Vec<u64> {
    let base = env_u64("ALTINN_LSP_FUZZ_SEED");
    match (base, env_u64("ALTINN_LSP_FUZZ_SEEDS")) {
        (Some(s), None) => vec![s],
        (b, Some(n)) => {
            let b = b.unwrap_or(default[0]);
            (0..n).map(|i| b.wrapping_add(i)).collect()
        }
        (None, None) => default.to_vec(),
    }
}

fn steps(default: usize) -> usize {
    env_u64("ALTINN_LSP_FUZZ_STEPS")
        .map(|n| n as usize)
        .unwrap_or(default)
}

#[test]
fn fuzz_the_fixture_app() {
    let apps = vec![fixtures().join("tiny-app")];
    let s = fuzz(&apps, &seeds(&[0x5EED_0001, 0x5EED_0002]), steps(1000));
    assert!(s.results > 0 && s.checkpoints > 0, "{s:?}");
}

#[test]
fn fuzz_corpus_apps_of_three_generations() {
    let Some(corpus) = corpus("fuzz_corpus_apps_of_three_generations") else {
        return;
    };
    let apps: Vec<PathBuf> = [
        "designer-app-with-layoutsets",
        "designer-app-without-layoutsets",
        "service-task-uifolders",
    ]
    .iter()
    .map(|a| corpus.join(a))
    .filter(|p| p.join("App").is_dir())
    .collect();
    let mut apps = apps;
    apps.push(fixtures().join("tiny-app"));
    let s = fuzz(
        &apps,
        &seeds(&[0xC0DE_0001, 0xC0DE_0002, 0xC0DE_0003]),
        steps(1000),
    );
    assert!(s.results > 0 && s.checkpoints > 0, "{s:?}");
}

/// One file open under two URIs (`file://localhost/...`, a `?query`, `//` or `/./` in the path
/// all name the same file): closing one must not throw away the other's text.
///
/// Found while writing this fuzzer: `State::did_close` (server/lsp/src/state.rs) dropped the
/// path from `open_paths` and reloaded the file from disk although another open document
/// still mapped to it; the server then held the disk text while the editor held its own, and
/// every later incremental edit of that document landed on the wrong text. Fixed in state.rs
/// (commit 7e1af03).
#[test]
fn one_file_open_under_two_uris_keeps_the_editor_text_when_one_closes() {
    let app = TempCopy::of(&fixtures().join("tiny-app"));
    let mut c = Client::start(Options {
        folders: vec![app.path.clone()],
        ..Default::default()
    });
    let p = app.path.join("App/ui/form/layouts/Page1.json");
    let u = uri(&p);
    let edited = std::fs::read_to_string(&p)
        .expect("fixture")
        .replace("\"name\"", "\"navn\"");
    for alias in [
        u.replacen("file://", "file://localhost", 1),
        format!("{u}?x=1"),
        u.replace("/ui/", "//ui/"),
        u.replace("/ui/", "/./ui/"),
    ] {
        c.open(&p, &edited);
        c.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": alias, "languageId": "json", "version": 0, "text": edited}}),
        );
        c.close(&alias);
        let st = c
            .request(
                "workspace/executeCommand",
                json!({"command": "altinn.debug.state", "arguments": []}),
            )
            .expect("state");
        assert_eq!(
            st["texts"][&u].as_str(),
            Some(edited.as_str()),
            "after opening and closing {alias}"
        );
    }
    assert_eq!(c.shutdown(), Some(0));
}
