//! What an app's C# code declares that its other files name: code list providers
//! (`IAppOptionsProvider.Id`), data list providers (`IDataListProvider.Id`), process task
//! implementations (`IProcessTask.Type`) and the registration helpers that name code lists by
//! argument (`services.AddJoinedAppOptions("id", …)`, Altinn.Codelists' `AddAltinnCodelists()`).
//!
//! Read with tree-sitter's C# grammar. Each file is read on its own into a [`FileDecls`], so
//! an edit re-reads one file; [`CSharpDecls::resolve`] joins them, following constants
//! (`Id => Constants.Foo`), fields (`Id => _id`), constructor arguments (`new P("x")`,
//! `: base("x")`) and base classes across files. What cannot be worked out without compiling
//! is recorded in [`CSharpDecls::unresolved`], so a rule that would report a missing id can
//! say the id may come from there instead of guessing.

use crate::syntax::TextRange;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};
use tree_sitter::{Node, Tree};

/// What a C# declaration provides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DeclKind {
    /// Code lists (`optionsId`): `IAppOptionsProvider`, `IInstanceAppOptionsProvider`.
    CodeList,
    /// Data lists (the List component's `dataListId`): `IDataListProvider`,
    /// `IInstanceDataListProvider`.
    DataList,
    /// Process task types (`altinn:taskType`): `IProcessTask`, `IServiceTask`,
    /// `IPipelineServiceTask`.
    TaskType,
}

impl DeclKind {
    const ALL: [DeclKind; 3] = [DeclKind::CodeList, DeclKind::DataList, DeclKind::TaskType];

    fn bit(self) -> u8 {
        1 << self as u8
    }

    /// The interfaces whose implementations provide this kind (simple names).
    fn interfaces(self) -> &'static [&'static str] {
        match self {
            DeclKind::CodeList => &["IAppOptionsProvider", "IInstanceAppOptionsProvider"],
            DeclKind::DataList => &["IDataListProvider", "IInstanceDataListProvider"],
            DeclKind::TaskType => &["IProcessTask", "IServiceTask", "IPipelineServiceTask"],
        }
    }

    /// The property whose value is the id.
    fn property(self) -> &'static str {
        match self {
            DeclKind::TaskType => "Type",
            _ => "Id",
        }
    }
}

/// Registration helpers whose argument is a code list id: (method, the id parameter's name).
/// The id is that named argument or the first positional one.
const ID_ARGUMENT_HELPERS: &[(&str, &str)] = &[
    // app-lib `AppOptionsServiceExtentions.AddJoinedAppOptions(id, params subLists)`
    ("AddJoinedAppOptions", "id"),
    // app-lib `CommonOptionProviderServiceCollectionExtensions`
    ("AddAltinn2CodeList", "id"),
    ("AddAltinn3CodeList", "optionId"),
    // Altinn.Codelists `AddSSBClassificationCodelistProvider(id, classification, …)`
    ("AddSSBClassificationCodelistProvider", "id"),
];

/// The Altinn.Codelists helpers that register fixed code list ids (not changeable by
/// arguments); `AddAltinnCodelists()` calls the three others.
const FIXED_HELPERS: &[(&str, &[&str])] = &[
    ("AddKartverketAdministrativeUnits", KARTVERKET),
    ("AddSSBClassifications", SSB),
    ("AddPosten", POSTEN),
];
const KARTVERKET: &[&str] = &["fylker-kv", "kommuner-kv"];
const SSB: &[&str] = &[
    "kjønn",
    "næringsgruppering",
    "yrker",
    "sivilstand",
    "grunnbeløpfolketrygden",
    "fylker",
    "kommuner",
    "land",
];
const POSTEN: &[&str] = &["poststed"];

/// A value in C# source as far as it can be known without compiling.
#[derive(Debug, Clone, PartialEq)]
enum Val {
    Str(String),
    /// A name (`_id`, `Constants.Foo`): a constant or static field somewhere in the app.
    Name(String),
    /// The constructor parameter at this position (named so for named arguments).
    Param {
        index: usize,
        name: String,
    },
    Unknown,
}

#[derive(Debug, Clone, PartialEq)]
struct Member {
    value: Val,
    range: TextRange,
}

#[derive(Debug, Clone, PartialEq)]
struct Class {
    name: String,
    name_range: TextRange,
    is_abstract: bool,
    /// Base class and interfaces: simple names, no namespace, no type arguments.
    bases: Vec<String>,
    /// `Id` and `Type`, resolved within the class (fields, constructor assignments).
    id: Option<Member>,
    ty: Option<Member>,
}

/// A constant or static field (or static property) with an initializer.
#[derive(Debug, Clone, PartialEq)]
struct Const {
    class: String,
    name: String,
    value: Val,
}

/// `new C(args)`, `: base(args)`, `: this(args)`, a primary constructor's base call: where a
/// constructor parameter may get its value.
#[derive(Debug, Clone, PartialEq)]
struct Call {
    /// The class constructed.
    class: String,
    /// The class the call is written in (for its constants and constructor parameters).
    from: Option<String>,
    args: Vec<(Option<String>, Val)>,
}

/// A code list id given to a registration helper.
#[derive(Debug, Clone, PartialEq)]
struct Registration {
    helper: &'static str,
    value: Val,
    from: Option<String>,
    range: TextRange,
}

/// What one `.cs` file declares, before joining with the other files.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FileDecls {
    classes: Vec<Class>,
    consts: Vec<Const>,
    calls: Vec<Call>,
    registrations: Vec<Registration>,
    /// The parse was abandoned (too tangled): nothing in this file is known.
    unreadable: bool,
    /// Every `class` / `record` / `struct` name, found by a text scan (the generated model
    /// classes are not worth a parse, see [`worth_parsing`]).
    type_names: Vec<(String, TextRange)>,
}

/// Where an id is declared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decl {
    pub file: String,
    pub range: TextRange,
}

/// A declaration whose id cannot be worked out statically.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unresolved {
    pub file: String,
    pub range: TextRange,
    /// What it is, for messages: "the Id of class CountryProvider".
    pub what: String,
}

/// The C# declarations of the whole app.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CSharpDecls {
    files: BTreeMap<String, FileDecls>,
    /// Ids by kind, each with its first declaration.
    ids: BTreeMap<DeclKind, BTreeMap<String, Decl>>,
    /// The first declaration of each kind whose id could not be worked out.
    unresolved: BTreeMap<DeclKind, Unresolved>,
}

impl CSharpDecls {
    /// Reads (or re-reads) one file; call [`CSharpDecls::resolve`] after the last change.
    pub fn set_file(&mut self, path: &str, text: &str) {
        self.files.insert(path.to_string(), read(text));
    }

    /// As [`CSharpDecls::set_file`], with the file's tree when the caller has parsed it already
    /// (a model file is read by the model index too: one parse serves both).
    pub(crate) fn set_file_parsed(&mut self, path: &str, text: &str, tree: Option<&Tree>) {
        self.files
            .insert(path.to_string(), read_with(text, || tree.cloned()));
    }

    pub fn remove_file(&mut self, path: &str) {
        self.files.remove(path);
    }

    /// The ids of one kind, each with where it is declared.
    pub fn ids(&self, kind: DeclKind) -> impl Iterator<Item = (&str, &Decl)> {
        self.ids
            .get(&kind)
            .into_iter()
            .flatten()
            .map(|(k, d)| (k.as_str(), d))
    }

    /// Whether the app declares this id. The backend compares code list and data list ids
    /// ignoring case (`AppOptionsFactory`, `DataListsFactory`), task types exactly.
    pub fn find(&self, kind: DeclKind, id: &str) -> Option<&Decl> {
        let ids = self.ids.get(&kind)?;
        ids.get(id).or_else(|| {
            if kind == DeclKind::TaskType {
                return None;
            }
            let low = id.to_lowercase();
            ids.iter()
                .find(|(k, _)| k.to_lowercase() == low)
                .map(|(_, d)| d)
        })
    }

    /// Where a class, record or struct with this simple name (no namespace) is declared.
    pub fn class(&self, name: &str) -> Option<Decl> {
        self.files.iter().find_map(|(file, f)| {
            f.type_names
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, range)| Decl {
                    file: file.clone(),
                    range: *range,
                })
        })
    }

    /// The C# files read, and whether every one of them could be read.
    pub fn files_read(&self) -> (impl Iterator<Item = &str>, bool) {
        (
            self.files.keys().map(String::as_str),
            self.files.values().all(|f| !f.unreadable),
        )
    }

    pub fn has(&self, kind: DeclKind, id: &str) -> bool {
        self.find(kind, id).is_some()
    }

    /// A declaration of this kind whose id altinn-ls cannot work out, if there is one.
    pub fn unresolved(&self, kind: DeclKind) -> Option<&Unresolved> {
        self.unresolved.get(&kind)
    }

    /// Joins the files: classifies classes through their bases, resolves values.
    pub fn resolve(&mut self) {
        let r = Resolver::new(&self.files);
        let kinds = r.all_kinds();
        let mut ids: BTreeMap<DeclKind, BTreeMap<String, Decl>> = BTreeMap::new();
        let mut unresolved: BTreeMap<DeclKind, Unresolved> = BTreeMap::new();
        let mut add = |kind: DeclKind, id: String, file: &str, range: TextRange| {
            ids.entry(kind).or_default().entry(id).or_insert(Decl {
                file: file.to_string(),
                range,
            });
        };
        let mut unknown = |kind: DeclKind, file: &str, range: TextRange, what: String| {
            unresolved.entry(kind).or_insert(Unresolved {
                file: file.to_string(),
                range,
                what,
            });
        };
        for (path, f) in &self.files {
            if f.unreadable {
                for kind in DeclKind::ALL {
                    unknown(
                        kind,
                        path,
                        TextRange::empty(0),
                        format!("{path} is too tangled to read"),
                    );
                }
                continue;
            }
            for c in &f.classes {
                let (kinds, maybe) = kinds.get(c.name.as_str()).copied().unwrap_or_default();
                for kind in DeclKind::ALL {
                    // A class whose bases are not all in the app may implement anything: its
                    // ids count, but it is not judged.
                    let definite = kinds & kind.bit() != 0;
                    if !definite && !maybe {
                        continue;
                    }
                    let member = if kind == DeclKind::TaskType {
                        &c.ty
                    } else {
                        &c.id
                    };
                    let prop = kind.property();
                    match member {
                        Some(m) => match r.value(&m.value, Some(&c.name), 0) {
                            Some(vals) => {
                                for v in vals {
                                    add(kind, v, path, m.range);
                                }
                            }
                            None if definite => unknown(
                                kind,
                                path,
                                m.range,
                                format!("the {prop} of class {}", c.name),
                            ),
                            None => {}
                        },
                        // Declared in an app base class: read there. Abstract classes leave
                        // it to their subclasses.
                        None if definite && !c.is_abstract && !r.inherits(&c.name, kind) => {
                            unknown(
                                kind,
                                path,
                                c.name_range,
                                format!(
                                    "the {prop} of class {} (not declared in the app's code)",
                                    c.name
                                ),
                            )
                        }
                        None => {}
                    }
                }
            }
            for reg in &f.registrations {
                match r.value(&reg.value, reg.from.as_deref(), 0) {
                    Some(vals) => {
                        for v in vals {
                            add(DeclKind::CodeList, v, path, reg.range);
                        }
                    }
                    None => unknown(
                        DeclKind::CodeList,
                        path,
                        reg.range,
                        format!("the id given to {}", reg.helper),
                    ),
                }
            }
        }
        self.ids = ids;
        self.unresolved = unresolved;
    }
}

/// Cross-file lookups over all files' declarations.
struct Resolver<'a> {
    classes: HashMap<&'a str, Vec<&'a Class>>,
    /// Base class name → classes naming it as a base.
    derived: HashMap<&'a str, Vec<&'a str>>,
    consts: Vec<&'a Const>,
    calls: HashMap<&'a str, Vec<&'a Call>>,
    /// Memo of [`Resolver::kinds_up`].
    up: RefCell<HashMap<String, (u8, bool)>>,
    /// Steps left for [`Resolver::value`] (hostile fan-out of calls and constants).
    budget: std::cell::Cell<usize>,
}

/// How deep constants and constructor arguments are followed.
const MAX_HOPS: usize = 8;
/// How deep base classes are followed.
const MAX_BASES: usize = 64;
/// Value lookups allowed for one resolve (a real app needs a few per provider).
const VALUE_BUDGET: usize = 100_000;

impl<'a> Resolver<'a> {
    fn new(files: &'a BTreeMap<String, FileDecls>) -> Self {
        let mut r = Resolver {
            classes: HashMap::new(),
            derived: HashMap::new(),
            consts: Vec::new(),
            calls: HashMap::new(),
            up: RefCell::new(HashMap::new()),
            budget: std::cell::Cell::new(VALUE_BUDGET),
        };
        for f in files.values() {
            for c in &f.classes {
                r.classes.entry(&c.name).or_default().push(c);
                for b in &c.bases {
                    r.derived.entry(b).or_default().push(&c.name);
                }
            }
            r.consts.extend(&f.consts);
            for call in &f.calls {
                r.calls.entry(&call.class).or_default().push(call);
            }
        }
        r
    }

    /// The kinds a class provides through its own bases (bit set), and whether some base is
    /// a class outside the app (which may implement anything).
    fn kinds_up(&self, name: &str, seen: &mut HashSet<String>) -> (u8, bool) {
        if let Some(k) = self.up.borrow().get(name) {
            return *k;
        }
        // Too deep a chain (hostile input): it may be anything.
        if seen.len() > MAX_BASES {
            return (0, true);
        }
        if !seen.insert(name.to_string()) {
            return (0, false);
        }
        let mut out = (0u8, false);
        for c in self.classes.get(name).into_iter().flatten() {
            for b in &c.bases {
                if let Some(k) = DeclKind::ALL
                    .into_iter()
                    .find(|k| k.interfaces().contains(&b.as_str()))
                {
                    out.0 |= k.bit();
                } else if self.classes.contains_key(b.as_str()) {
                    let (k, m) = self.kinds_up(b, seen);
                    out.0 |= k;
                    out.1 |= m;
                } else if !looks_like_interface(b) {
                    out.1 = true;
                }
            }
        }
        self.up.borrow_mut().insert(name.to_string(), out);
        out
    }

    /// The app classes `name` derives from, nearest first (at most [`MAX_BASES`]).
    fn ancestors(&self, name: &str) -> Vec<&'a str> {
        let mut out: Vec<&'a str> = Vec::new();
        let mut todo: Vec<&'a str> = Vec::new();
        let push = |todo: &mut Vec<&'a str>, c: &'a Class| {
            todo.extend(c.bases.iter().map(String::as_str));
        };
        for c in self.classes.get(name).into_iter().flatten() {
            push(&mut todo, c);
        }
        let mut i = 0;
        while i < todo.len() && out.len() < MAX_BASES {
            let n = todo[i];
            i += 1;
            if n == name || out.contains(&n) {
                continue;
            }
            if let Some(cs) = self.classes.get(n) {
                out.push(n);
                for c in cs {
                    push(&mut todo, c);
                }
            }
        }
        out
    }

    /// The kinds of every class: its own and its subclasses' (a base class holding `Id` for
    /// the providers deriving from it), and whether it may be a provider of any kind.
    fn all_kinds(&self) -> HashMap<&'a str, (u8, bool)> {
        let mut names: Vec<&'a str> = self.classes.keys().copied().collect();
        names.sort_unstable();
        let own: Vec<(u8, bool)> = names
            .iter()
            .map(|n| self.kinds_up(n, &mut HashSet::new()))
            .collect();
        let mut out: HashMap<&'a str, (u8, bool)> =
            names.iter().copied().zip(own.iter().copied()).collect();
        for (n, (k, m)) in names.iter().zip(own) {
            if k == 0 && !m {
                continue;
            }
            for a in self.ancestors(n) {
                let e = out.entry(a).or_default();
                e.0 |= k;
                e.1 |= m;
            }
        }
        // A definite kind settles it; "maybe" only matters without one.
        for v in out.values_mut() {
            if v.0 != 0 {
                v.1 = false;
            }
        }
        out
    }

    /// Whether an app base class of `name` declares the kind's property.
    fn inherits(&self, name: &str, kind: DeclKind) -> bool {
        self.ancestors(name).into_iter().any(|n| {
            self.classes.get(n).into_iter().flatten().any(|c| {
                if kind == DeclKind::TaskType {
                    c.ty.is_some()
                } else {
                    c.id.is_some()
                }
            })
        })
    }

    /// The strings a value can be, or `None` when that cannot be known. `class` is the class
    /// the value is written in.
    fn value(&self, v: &Val, class: Option<&str>, hops: usize) -> Option<Vec<String>> {
        let left = self.budget.get();
        if hops > MAX_HOPS || left == 0 {
            return None;
        }
        self.budget.set(left - 1);
        match v {
            Val::Str(s) => Some(vec![s.clone()]),
            Val::Unknown => None,
            Val::Name(n) => {
                let n = n.strip_prefix("this.").unwrap_or(n);
                let mut parts = n.rsplit('.');
                let field = parts.next()?;
                let owner = parts.next().or(class);
                let mut found: Vec<&Const> = self
                    .consts
                    .iter()
                    .filter(|c| c.name == field && Some(c.class.as_str()) == owner)
                    .copied()
                    .collect();
                // `using static`: a lone name may be another class's constant.
                if found.is_empty() && !n.contains('.') {
                    found = self
                        .consts
                        .iter()
                        .filter(|c| c.name == field)
                        .copied()
                        .collect();
                    if found.len() > 1 {
                        return None;
                    }
                }
                if found.is_empty() {
                    return None;
                }
                let mut out = Vec::new();
                for c in found {
                    out.extend(self.value(&c.value, Some(&c.class), hops + 1)?);
                }
                Some(out)
            }
            Val::Param { index, name } => {
                let calls = self.calls.get(class?)?;
                let mut out = Vec::new();
                for call in calls {
                    let arg = call
                        .args
                        .iter()
                        .find(|(n, _)| n.as_deref() == Some(name.as_str()))
                        .or_else(|| call.args.iter().filter(|(n, _)| n.is_none()).nth(*index))?;
                    out.extend(self.value(&arg.1, call.from.as_deref(), hops + 1)?);
                }
                (!out.is_empty()).then_some(out)
            }
        }
    }
}

/// `IDisposable`, `IMyThing`: an interface by .NET naming, which cannot carry an `Id` value.
fn looks_like_interface(name: &str) -> bool {
    let mut ch = name.chars();
    ch.next() == Some('I') && ch.next().is_some_and(|c| c.is_ascii_uppercase())
}

thread_local! {
    pub(crate) static PARSER: RefCell<tree_sitter::Parser> = RefCell::new({
        let mut p = tree_sitter::Parser::new();
        p.set_language(&tree_sitter_c_sharp::LANGUAGE.into())
            .expect("tree-sitter-c-sharp grammar is compatible");
        p
    });
}

/// Parses C# text within the parser's budget (`None`: too costly to read).
pub(crate) fn parse(text: &str) -> Option<Tree> {
    PARSER.with(|p| crate::syntax::parse_within_budget(&mut p.borrow_mut(), text.as_bytes(), None))
}

/// Reads one C# file.
pub fn read(text: &str) -> FileDecls {
    read_with(text, || parse(text))
}

/// Reads one C# file, parsing it through `parse` only when it is worth it.
fn read_with(text: &str, parse: impl FnOnce() -> Option<Tree>) -> FileDecls {
    let mut out = FileDecls {
        type_names: type_names(text),
        ..FileDecls::default()
    };
    if !worth_parsing(text) {
        return out;
    }
    let Some(tree) = parse() else {
        out.unreadable = true;
        return out;
    };
    Reader {
        text,
        out: &mut out,
    }
    .walk(tree.root_node());
    out
}

/// The names after `class`, `record` and `struct` keywords (a text scan: a name in a comment
/// counts too, which only ever finds a class that is not there).
fn type_names(text: &str) -> Vec<(String, TextRange)> {
    let mut out = Vec::new();
    let b = text.as_bytes();
    for kw in ["class ", "record ", "struct "] {
        for (i, _) in text.match_indices(kw) {
            if i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_') {
                continue;
            }
            let rest = &text[i + kw.len()..];
            let skip = rest.len() - rest.trim_start().len();
            let start = i + kw.len() + skip;
            let len = text[start..]
                .bytes()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == b'_')
                .count();
            if len > 0 {
                out.push((
                    text[start..start + len].to_string(),
                    TextRange::new(start as u32, (start + len) as u32),
                ));
            }
        }
    }
    out
}

/// Whether a file may declare anything [`read`] looks for. The C# grammar parses about 8 MB/s,
/// and the biggest .cs files of an app are its generated data model classes, which have no
/// base types, constants, constructor calls or registration calls: those are skipped.
fn worth_parsing(text: &str) -> bool {
    const WORDS: &[&str] = &["const ", "static ", "new ", "new(", "base(", "this("];
    if WORDS.iter().any(|w| text.contains(w)) {
        return true;
    }
    // `services.AddJoinedAppOptions(`, `AddAltinnCodelists()` (not `Address`).
    let add = text.match_indices("Add").any(|(i, _)| {
        text[i + 3..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_uppercase() || c == '(' || c == '<')
    });
    // A type with a base list: `class A : B`, `record R(string Id) : I`.
    // (Headers are short: looking 1000 bytes ahead keeps this linear on any text.)
    add || ["class ", "record ", "struct "].iter().any(|kw| {
        text.match_indices(kw).any(|(i, _)| {
            let bytes = text.as_bytes();
            let head = &bytes[i..bytes.len().min(i + 1000)];
            let end = head
                .iter()
                .position(|b| *b == b'{' || *b == b';')
                .unwrap_or(head.len());
            head[..end].contains(&b':')
        })
    })
}

/// What is in scope where a value is written: the enclosing class and constructor parameters.
#[derive(Clone, Default)]
struct Scope {
    class: Option<String>,
    params: Vec<String>,
}

struct Reader<'t, 'o> {
    text: &'t str,
    out: &'o mut FileDecls,
}

impl<'t> Reader<'t, '_> {
    fn text(&self, n: Node<'_>) -> &'t str {
        self.text.get(n.start_byte()..n.end_byte()).unwrap_or("")
    }

    /// Visits every node (iteratively: any nesting depth is safe), reading classes, calls and
    /// registrations with the scope they are written in.
    fn walk(&mut self, root: Node<'_>) {
        let mut stack: Vec<(Node<'_>, std::rc::Rc<Scope>)> =
            vec![(root, std::rc::Rc::new(Scope::default()))];
        while let Some((node, scope)) = stack.pop() {
            let mut inner = scope.clone();
            match node.kind() {
                "class_declaration" | "record_declaration" | "struct_declaration" => {
                    let params = node
                        .children(&mut node.walk())
                        .find(|c| c.kind() == "parameter_list")
                        .map(|p| self.param_names(p))
                        .unwrap_or_default();
                    if let Some(name) = node.child_by_field_name("name") {
                        let name = self.text(name).to_string();
                        inner = std::rc::Rc::new(Scope {
                            class: Some(name),
                            params,
                        });
                        self.class(node, &inner);
                    }
                }
                "constructor_declaration" => {
                    if let Some(p) = node.child_by_field_name("parameters") {
                        inner = std::rc::Rc::new(Scope {
                            class: scope.class.clone(),
                            params: self.param_names(p),
                        });
                    }
                }
                // Parameters of methods and lambdas are not constructor parameters.
                "method_declaration" | "local_function_statement" | "lambda_expression" => {
                    inner = std::rc::Rc::new(Scope {
                        class: scope.class.clone(),
                        params: Vec::new(),
                    });
                }
                "object_creation_expression" => {
                    if let (Some(ty), Some(args)) = (
                        node.child_by_field_name("type"),
                        node.child_by_field_name("arguments"),
                    ) {
                        let call = Call {
                            class: self.simple_name(ty),
                            from: scope.class.clone(),
                            args: self.args(args, &scope),
                        };
                        self.out.calls.push(call);
                    }
                }
                "constructor_initializer" => self.ctor_initializer(node, &scope),
                "invocation_expression" => self.invocation(node, &scope),
                _ => {}
            }
            let mut cur = node.walk();
            let children: Vec<Node<'_>> = node.named_children(&mut cur).collect();
            for c in children.into_iter().rev() {
                stack.push((c, inner.clone()));
            }
        }
    }

    /// `: base(args)` / `: this(args)` in a constructor of the scope's class.
    fn ctor_initializer(&mut self, node: Node<'_>, scope: &Scope) {
        let Some(class) = scope.class.as_deref() else {
            return;
        };
        let mut cur = node.walk();
        let children: Vec<Node<'_>> = node.children(&mut cur).collect();
        let target = if children.iter().any(|c| c.kind() == "base") {
            // The base class comes first in the base list.
            self.out
                .classes
                .iter()
                .rev()
                .find(|c| c.name == class)
                .and_then(|c| c.bases.first().cloned())
        } else {
            Some(class.to_string())
        };
        let (Some(target), Some(args)) = (
            target,
            children.iter().find(|c| c.kind() == "argument_list"),
        ) else {
            return;
        };
        let call = Call {
            class: target,
            from: Some(class.to_string()),
            args: self.args(*args, scope),
        };
        self.out.calls.push(call);
    }

    fn invocation(&mut self, node: Node<'_>, scope: &Scope) {
        let (Some(func), Some(args)) = (
            node.child_by_field_name("function"),
            node.child_by_field_name("arguments"),
        ) else {
            return;
        };
        let name_node = match func.kind() {
            "member_access_expression" => func.child_by_field_name("name"),
            _ => Some(func),
        };
        let Some(name_node) = name_node else { return };
        let method = self.simple_name(name_node);
        if method == "AddAltinnCodelists" {
            for (_, ids) in FIXED_HELPERS {
                self.fixed(ids, name_node);
            }
        } else if let Some((_, ids)) = FIXED_HELPERS.iter().find(|(m, _)| *m == method) {
            self.fixed(ids, name_node);
        } else if let Some((helper, param)) = ID_ARGUMENT_HELPERS.iter().find(|(m, _)| *m == method)
        {
            let list = self.arg_nodes(args);
            let arg = list
                .iter()
                .find(|(n, _)| n.as_deref() == Some(*param))
                .or_else(|| list.iter().find(|(n, _)| n.is_none()));
            if let Some((_, expr)) = arg {
                let reg = Registration {
                    helper,
                    value: self.val(*expr, scope),
                    from: scope.class.clone(),
                    range: range_of(*expr),
                };
                self.out.registrations.push(reg);
            }
        }
    }

    fn fixed(&mut self, ids: &[&'static str], at: Node<'_>) {
        for id in ids {
            self.out.registrations.push(Registration {
                helper: "",
                value: Val::Str(id.to_string()),
                from: None,
                range: range_of(at),
            });
        }
    }

    /// Reads a class's bases, `Id`/`Type` and constants, resolving names within the class.
    fn class(&mut self, node: Node<'_>, scope: &Scope) {
        let Some(name_node) = node.child_by_field_name("name") else {
            return;
        };
        let name = self.text(name_node).to_string();
        let mut bases = Vec::new();
        let mut cur = node.walk();
        let children: Vec<Node<'_>> = node.children(&mut cur).collect();
        let is_abstract = children
            .iter()
            .any(|c| c.kind() == "modifier" && self.text(*c) == "abstract");
        if let Some(list) = children.iter().find(|c| c.kind() == "base_list") {
            let mut cur = list.walk();
            for b in list.named_children(&mut cur) {
                match b.kind() {
                    "primary_constructor_base_type" => {
                        let Some(ty) = b.child_by_field_name("type") else {
                            continue;
                        };
                        let base = self.simple_name(ty);
                        let mut cur = b.walk();
                        let args = b
                            .named_children(&mut cur)
                            .find(|c| c.kind() == "argument_list");
                        if let Some(args) = args {
                            let call = Call {
                                class: base.clone(),
                                from: Some(name.clone()),
                                args: self.args(args, scope),
                            };
                            self.out.calls.push(call);
                        }
                        bases.push(base);
                    }
                    // `: Base(args)` of a primary constructor (this grammar version puts the
                    // arguments beside the type).
                    "argument_list" => {
                        if let Some(base) = bases.last() {
                            let call = Call {
                                class: base.clone(),
                                from: Some(name.clone()),
                                args: self.args(b, scope),
                            };
                            self.out.calls.push(call);
                        }
                    }
                    _ => bases.push(self.simple_name(b)),
                }
            }
        }

        // Fields and properties with a value, then constructor assignments over them.
        let mut fields: HashMap<String, Member> = HashMap::new();
        let mut props: HashMap<&str, Member> = HashMap::new();
        let mut consts = Vec::new();
        if let Some(body) = node.child_by_field_name("body") {
            let mut cur = body.walk();
            let members: Vec<Node<'_>> = body.named_children(&mut cur).collect();
            for m in &members {
                match m.kind() {
                    "field_declaration" => {
                        let shared = self.has_modifier(*m, &["const", "static"]);
                        let mut cur = m.walk();
                        let decl = m
                            .named_children(&mut cur)
                            .find(|c| c.kind() == "variable_declaration");
                        let Some(decl) = decl else { continue };
                        let mut cur = decl.walk();
                        for v in decl.named_children(&mut cur) {
                            if v.kind() != "variable_declarator" {
                                continue;
                            }
                            let Some(vn) = v.child_by_field_name("name") else {
                                continue;
                            };
                            let mut cur = v.walk();
                            let init = v
                                .named_children(&mut cur)
                                .filter(|c| c.id() != vn.id())
                                .last();
                            let Some(init) = init else { continue };
                            let member = Member {
                                value: self.val(init, scope),
                                range: range_of(init),
                            };
                            let fname = self.text(vn).to_string();
                            if shared {
                                consts.push(Const {
                                    class: name.clone(),
                                    name: fname.clone(),
                                    value: member.value.clone(),
                                });
                            }
                            fields.insert(fname, member);
                        }
                    }
                    "property_declaration" => {
                        let Some(pn) = m.child_by_field_name("name") else {
                            continue;
                        };
                        let pname = self.text(pn);
                        if self.has_modifier(*m, &["abstract"]) {
                            continue;
                        }
                        let member = self.property_value(*m, scope);
                        if pname == "Id" || pname == "Type" {
                            props.insert(
                                pname,
                                member.unwrap_or(Member {
                                    value: Val::Unknown,
                                    range: range_of(pn),
                                }),
                            );
                        } else if let Some(member) = member {
                            if self.has_modifier(*m, &["static"]) {
                                consts.push(Const {
                                    class: name.clone(),
                                    name: pname.to_string(),
                                    value: member.value.clone(),
                                });
                            }
                            fields.insert(pname.to_string(), member);
                        }
                    }
                    _ => {}
                }
            }
            for m in &members {
                if m.kind() == "constructor_declaration" {
                    self.ctor_assignments(*m, scope, &mut fields, &mut props);
                }
            }
        }
        // A record's primary constructor parameter `Id` is its property.
        for p in ["Id", "Type"] {
            if !props.contains_key(p) {
                if let Some(index) = scope.params.iter().position(|x| x == p) {
                    props.insert(
                        p,
                        Member {
                            value: Val::Param {
                                index,
                                name: p.to_string(),
                            },
                            range: range_of(name_node),
                        },
                    );
                }
            }
        }
        let local = |m: Option<Member>| {
            m.map(|mut m| {
                for _ in 0..4 {
                    let Val::Name(n) = &m.value else { break };
                    let n = n.strip_prefix("this.").unwrap_or(n);
                    match fields.get(n) {
                        Some(f) => m.value = f.value.clone(),
                        None => break,
                    }
                }
                m
            })
        };
        let class = Class {
            name,
            name_range: range_of(name_node),
            is_abstract,
            bases,
            id: local(props.remove("Id")),
            ty: local(props.remove("Type")),
        };
        self.out.classes.push(class);
        self.out.consts.extend(consts);
    }

    /// The value of a property: `=> v`, `{ get; } = v`, `{ get => v; }`, `{ get { return v; } }`.
    fn property_value(&self, p: Node<'_>, scope: &Scope) -> Option<Member> {
        let expr = match p.child_by_field_name("value") {
            Some(v) if v.kind() == "arrow_expression_clause" => v.named_child(0),
            Some(v) => Some(v),
            None => {
                let acc = p.child_by_field_name("accessors")?;
                let mut cur = acc.walk();
                let get = acc.named_children(&mut cur).find(|a| {
                    a.child_by_field_name("name")
                        .is_some_and(|n| self.text(n) == "get")
                })?;
                let body = get.child_by_field_name("body")?;
                match body.kind() {
                    "arrow_expression_clause" => body.named_child(0),
                    _ => {
                        let mut cur = body.walk();
                        let stmts: Vec<Node<'_>> = body.named_children(&mut cur).collect();
                        match stmts.as_slice() {
                            [r] if r.kind() == "return_statement" => r.named_child(0),
                            _ => return Some(self.unknown(body)),
                        }
                    }
                }
            }
        }?;
        Some(Member {
            value: self.val(expr, scope),
            range: range_of(expr),
        })
    }

    fn unknown(&self, at: Node<'_>) -> Member {
        Member {
            value: Val::Unknown,
            range: range_of(at),
        }
    }

    /// `X = v;` / `this.X = v;` statements directly in a constructor's body.
    fn ctor_assignments(
        &self,
        ctor: Node<'_>,
        class_scope: &Scope,
        fields: &mut HashMap<String, Member>,
        props: &mut HashMap<&str, Member>,
    ) {
        let mut scope = class_scope.clone();
        if let Some(p) = ctor.child_by_field_name("parameters") {
            scope.params = self.param_names(p);
        }
        let Some(body) = ctor.child_by_field_name("body") else {
            return;
        };
        let mut assignments = Vec::new();
        if body.kind() == "arrow_expression_clause" {
            assignments.extend(body.named_child(0));
        } else {
            let mut cur = body.walk();
            for s in body.named_children(&mut cur) {
                if s.kind() == "expression_statement" {
                    assignments.extend(s.named_child(0));
                }
            }
        }
        for a in assignments {
            if a.kind() != "assignment_expression" {
                continue;
            }
            let (Some(left), Some(right)) = (
                a.child_by_field_name("left"),
                a.child_by_field_name("right"),
            ) else {
                continue;
            };
            let target = self.text(left);
            let target = target.strip_prefix("this.").unwrap_or(target).trim();
            let member = Member {
                value: self.val(right, &scope),
                range: range_of(right),
            };
            match target {
                "Id" => {
                    props.insert("Id", member);
                }
                "Type" => {
                    props.insert("Type", member);
                }
                _ => {
                    if let Some(f) = fields.get_mut(target) {
                        *f = member;
                    } else if is_identifier(target) {
                        fields.insert(target.to_string(), member);
                    }
                }
            }
        }
    }

    fn has_modifier(&self, n: Node<'_>, any: &[&str]) -> bool {
        let mut cur = n.walk();
        let found = n
            .children(&mut cur)
            .any(|c| c.kind() == "modifier" && any.contains(&self.text(c)));
        found
    }

    fn param_names(&self, list: Node<'_>) -> Vec<String> {
        let mut cur = list.walk();
        list.named_children(&mut cur)
            .filter(|p| p.kind() == "parameter")
            .map(|p| {
                p.child_by_field_name("name")
                    .map(|n| self.text(n).to_string())
                    .unwrap_or_default()
            })
            .collect()
    }

    /// The arguments of an argument list: (name of a named argument, expression).
    fn arg_nodes<'n>(&self, list: Node<'n>) -> Vec<(Option<String>, Node<'n>)> {
        let mut cur = list.walk();
        list.named_children(&mut cur)
            .filter(|a| a.kind() == "argument")
            .filter_map(|a| {
                let name = a
                    .child_by_field_name("name")
                    .map(|n| self.text(n).to_string());
                let mut cur = a.walk();
                let expr = a.named_children(&mut cur).last()?;
                Some((name, expr))
            })
            .collect()
    }

    fn args(&self, list: Node<'_>, scope: &Scope) -> Vec<(Option<String>, Val)> {
        self.arg_nodes(list)
            .into_iter()
            .map(|(n, e)| (n, self.val(e, scope)))
            .collect()
    }

    /// The last identifier of a type or name: `Foo` in `A.B.Foo<T>`, `global::A.Foo`.
    fn simple_name(&self, n: Node<'_>) -> String {
        match n.kind() {
            "qualified_name" | "alias_qualified_name" | "member_access_expression" => n
                .child_by_field_name("name")
                .map(|x| self.simple_name(x))
                .unwrap_or_default(),
            "generic_name" => n
                .named_child(0)
                .map(|x| self.text(x).to_string())
                .unwrap_or_default(),
            _ => self.text(n).to_string(),
        }
    }

    /// A value expression, as far as it is known here.
    fn val(&self, e: Node<'_>, scope: &Scope) -> Val {
        let mut e = e;
        while e.kind() == "parenthesized_expression" {
            match e.named_child(0) {
                Some(x) => e = x,
                None => return Val::Unknown,
            }
        }
        match e.kind() {
            "string_literal" | "verbatim_string_literal" | "raw_string_literal" => {
                string_value(self.text(e)).map_or(Val::Unknown, Val::Str)
            }
            "interpolated_string_expression" => {
                let mut cur = e.walk();
                let holes = e
                    .named_children(&mut cur)
                    .any(|c| c.kind() == "interpolation");
                if holes {
                    Val::Unknown
                } else {
                    let t = self.text(e).trim_start_matches('$');
                    string_value(t).map_or(Val::Unknown, Val::Str)
                }
            }
            "identifier" => {
                let n = self.text(e);
                match scope.params.iter().position(|p| p == n) {
                    Some(index) => Val::Param {
                        index,
                        name: n.to_string(),
                    },
                    None => Val::Name(n.to_string()),
                }
            }
            "member_access_expression" | "qualified_name" => {
                let t: String = self
                    .text(e)
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect();
                let t = t.strip_prefix("global::").unwrap_or(&t).to_string();
                if t.split('.').all(is_identifier) {
                    Val::Name(t)
                } else {
                    Val::Unknown
                }
            }
            // nameof(X.Y) is "Y".
            "invocation_expression" => {
                let f = e.child_by_field_name("function").map(|f| self.text(f));
                let arg = e
                    .child_by_field_name("arguments")
                    .and_then(|a| self.arg_nodes(a).into_iter().next());
                match (f, arg) {
                    (Some("nameof"), Some((_, a))) => Val::Str(
                        self.text(a)
                            .rsplit('.')
                            .next()
                            .unwrap_or("")
                            .trim()
                            .to_string(),
                    ),
                    _ => Val::Unknown,
                }
            }
            _ => Val::Unknown,
        }
    }
}

fn range_of(n: Node<'_>) -> TextRange {
    TextRange::new(n.start_byte() as u32, n.end_byte() as u32)
}

fn is_identifier(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '@')
        && !s.starts_with(|c: char| c.is_ascii_digit())
}

/// The value of a C# string literal: `"a\"b"`, `@"a""b"`, `"""raw"""`, `"x"u8` is not one.
pub(crate) fn string_value(t: &str) -> Option<String> {
    if let Some(v) = t.strip_prefix('@') {
        let inner = v.strip_prefix('"')?.strip_suffix('"')?;
        return Some(inner.replace("\"\"", "\""));
    }
    if t.starts_with("\"\"\"") {
        let inner = t.trim_start_matches('"').trim_end_matches('"');
        return Some(inner.trim().to_string());
    }
    let inner = t.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            '0' => out.push('\0'),
            c @ ('\\' | '"' | '\'') => out.push(c),
            // \u, \x, \U: rare in ids; not worth decoding.
            _ => return None,
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decls(files: &[(&str, &str)]) -> CSharpDecls {
        let mut d = CSharpDecls::default();
        for (p, t) in files {
            d.set_file(p, t);
        }
        d.resolve();
        d
    }

    fn ids(d: &CSharpDecls, kind: DeclKind) -> Vec<&str> {
        d.ids(kind).map(|(k, _)| k).collect()
    }

    #[test]
    fn reads_expression_bodied_and_initialized_ids() {
        let d = decls(&[(
            "A.cs",
            r#"public class A : IAppOptionsProvider { public string Id { get; set; } = "countries"; }
               public class B : IAppOptionsProvider { public string Id => "fruits"; }
               public class C { public string OrgId => "no"; public string Id => "model"; }"#,
        )]);
        assert_eq!(ids(&d, DeclKind::CodeList), ["countries", "fruits"]);
        assert!(d.unresolved(DeclKind::CodeList).is_none());
    }

    #[test]
    fn string_literals() {
        assert_eq!(string_value(r#""a\"b""#).as_deref(), Some("a\"b"));
        assert_eq!(string_value(r#"@"a""b""#).as_deref(), Some("a\"b"));
        assert_eq!(string_value(r#""""x""""#).as_deref(), Some("x"));
        assert_eq!(string_value(r#""\u0041""#), None);
    }

    #[test]
    fn hostile_chains_end() {
        // A long base class chain and a wide fan-out of constructor arguments.
        let mut s = String::from("class C0 : IAppOptionsProvider { public C0(string id) { Id = id; } public string Id { get; } }\n");
        for i in 1..5000 {
            s.push_str(&format!(
                "class C{i} : C{} {{ public C{i}(string id) : base(id) {{ }} }}\n",
                i - 1
            ));
        }
        for i in 0..50 {
            s.push_str(&format!(
                "class N{i} {{ object a = new C4999(\"x{i}\"); }}\n"
            ));
        }
        let d = decls(&[("A.cs", &s)]);
        let _ = ids(&d, DeclKind::CodeList);
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let mut s = String::from("class A { string X = ");
        for _ in 0..20_000 {
            s.push('(');
        }
        s.push_str("\"a\"");
        for _ in 0..20_000 {
            s.push(')');
        }
        s.push_str("; }");
        let _ = read(&s);
    }
}
