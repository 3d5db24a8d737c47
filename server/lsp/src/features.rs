//! IDE requests: run `altinn_analysis::ide` on the state owner and convert the plain results
//! (byte ranges, app-relative paths) into LSP types. Every call runs under `catch_unwind`
//! (see [`Backend::call`]), so a panic in a feature becomes an error response.

use crate::server::Backend;
use crate::state::State;
use altinn_analysis::ide;
use altinn_analysis::TextRange;
use std::collections::HashMap;
use tower_lsp_server::jsonrpc::{self, Error};
use tower_lsp_server::ls_types as lsp;

/// Adds the IDE providers to the server's capabilities.
pub fn capabilities(mut c: lsp::ServerCapabilities) -> lsp::ServerCapabilities {
    c.hover_provider = Some(lsp::HoverProviderCapability::Simple(true));
    c.completion_provider = Some(lsp::CompletionOptions {
        trigger_characters: Some(vec!["\"".into(), ".".into(), "/".into(), "[".into()]),
        resolve_provider: Some(false),
        ..Default::default()
    });
    c.definition_provider = Some(lsp::OneOf::Left(true));
    c.references_provider = Some(lsp::OneOf::Left(true));
    c.rename_provider = Some(lsp::OneOf::Right(lsp::RenameOptions {
        prepare_provider: Some(true),
        work_done_progress_options: Default::default(),
    }));
    c.code_action_provider = Some(lsp::CodeActionProviderCapability::Options(
        lsp::CodeActionOptions {
            code_action_kinds: Some(vec![lsp::CodeActionKind::QUICKFIX]),
            ..Default::default()
        },
    ));
    c.document_symbol_provider = Some(lsp::OneOf::Left(true));
    c.document_link_provider = Some(lsp::DocumentLinkOptions {
        resolve_provider: Some(false),
        work_done_progress_options: Default::default(),
    });
    c.folding_range_provider = Some(lsp::FoldingRangeProviderCapability::Simple(true));
    c
}

fn zero() -> lsp::Range {
    lsp::Range::default()
}

fn location(st: &State, ai: usize, l: &ide::Location) -> Option<lsp::Location> {
    let uri = st.uri_of(ai, &l.file)?;
    let range = st.lsp_range(ai, &l.file, l.range).unwrap_or_else(zero);
    Some(lsp::Location::new(uri, range))
}

/// Resolves the document and position of a request: (app, path, offset).
fn at(st: &State, uri: &lsp::Uri, pos: lsp::Position) -> Option<(usize, String, u32)> {
    let (ai, rel) = st.resolve_uri(uri)?;
    let off = st.offset(ai, &rel, pos)?;
    Some((ai, rel, off))
}

pub async fn hover(b: &Backend, p: lsp::HoverParams) -> jsonrpc::Result<Option<lsp::Hover>> {
    let tp = p.text_document_position_params;
    b.call(move |st| {
        let (ai, rel, off) = at(st, &tp.text_document.uri, tp.position)?;
        let h = ide::hover(&st.apps[ai].db, &rel, off)?;
        Some(lsp::Hover {
            contents: lsp::HoverContents::Markup(lsp::MarkupContent {
                kind: lsp::MarkupKind::Markdown,
                value: h.markdown,
            }),
            range: st.lsp_range(ai, &rel, h.range),
        })
    })
    .await
}

fn completion_kind(k: ide::CompletionKind) -> lsp::CompletionItemKind {
    use ide::CompletionKind as K;
    match k {
        K::Component => lsp::CompletionItemKind::CLASS,
        K::Property => lsp::CompletionItemKind::PROPERTY,
        K::TextKey => lsp::CompletionItemKind::TEXT,
        K::DataPath => lsp::CompletionItemKind::FIELD,
        K::ComponentId => lsp::CompletionItemKind::REFERENCE,
        K::Function | K::RuleFunction => lsp::CompletionItemKind::FUNCTION,
        K::Page => lsp::CompletionItemKind::FILE,
        K::LayoutSet => lsp::CompletionItemKind::FOLDER,
        K::Task => lsp::CompletionItemKind::EVENT,
        K::DataType => lsp::CompletionItemKind::STRUCT,
        K::CodeList => lsp::CompletionItemKind::ENUM,
        K::Value => lsp::CompletionItemKind::VALUE,
    }
}

/// At most this many completion items are sent; with more, the list is marked incomplete
/// and the client asks again as the user types (a large app has tens of thousands of text
/// keys: megabytes of JSON per keystroke otherwise).
pub const MAX_COMPLETIONS: usize = 500;

pub async fn completion(
    b: &Backend,
    p: lsp::CompletionParams,
) -> jsonrpc::Result<Option<lsp::CompletionResponse>> {
    let tp = p.text_document_position;
    b.call(move |st| {
        let (ai, rel, off) = at(st, &tp.text_document.uri, tp.position)?;
        let t0 = std::time::Instant::now();
        let list = ide::completion_list(&st.apps[ai].db, &rel, off, MAX_COMPLETIONS);
        crate::state::timing("ide::completion", &rel, t0);
        let (items, is_incomplete) = (list.items, list.is_incomplete);
        let items: Vec<lsp::CompletionItem> = items
            .into_iter()
            .map(|it| {
                let text = it.insert_text.clone().unwrap_or_else(|| it.label.clone());
                let text_edit = it.replace_range.and_then(|r| {
                    st.lsp_range(ai, &rel, r).map(|range| {
                        lsp::CompletionTextEdit::Edit(lsp::TextEdit::new(range, text.clone()))
                    })
                });
                lsp::CompletionItem {
                    label: it.label,
                    kind: Some(completion_kind(it.kind)),
                    detail: it.detail,
                    documentation: it.documentation.map(|d| {
                        lsp::Documentation::MarkupContent(lsp::MarkupContent {
                            kind: lsp::MarkupKind::Markdown,
                            value: d,
                        })
                    }),
                    insert_text: if text_edit.is_none() {
                        it.insert_text
                    } else {
                        None
                    },
                    text_edit,
                    sort_text: it.sort_text,
                    ..Default::default()
                }
            })
            .collect();
        Some(lsp::CompletionResponse::List(lsp::CompletionList {
            is_incomplete,
            items,
        }))
    })
    .await
}

pub async fn definition(
    b: &Backend,
    p: lsp::GotoDefinitionParams,
) -> jsonrpc::Result<Option<lsp::GotoDefinitionResponse>> {
    let tp = p.text_document_position_params;
    b.call(move |st| {
        let (ai, rel, off) = at(st, &tp.text_document.uri, tp.position)?;
        let locs: Vec<lsp::Location> = ide::definition(&st.apps[ai].db, &rel, off)
            .iter()
            .filter_map(|l| location(st, ai, l))
            .collect();
        if locs.is_empty() {
            None
        } else {
            Some(lsp::GotoDefinitionResponse::Array(locs))
        }
    })
    .await
}

pub async fn references(
    b: &Backend,
    p: lsp::ReferenceParams,
) -> jsonrpc::Result<Option<Vec<lsp::Location>>> {
    let tp = p.text_document_position;
    let include = p.context.include_declaration;
    b.call(move |st| {
        let (ai, rel, off) = at(st, &tp.text_document.uri, tp.position)?;
        let locs: Vec<lsp::Location> = ide::references(&st.apps[ai].db, &rel, off, include)
            .iter()
            .filter_map(|l| location(st, ai, l))
            .collect();
        Some(locs)
    })
    .await
}

pub async fn prepare_rename(
    b: &Backend,
    p: lsp::TextDocumentPositionParams,
) -> jsonrpc::Result<Option<lsp::PrepareRenameResponse>> {
    let r = b
        .call(move |st| {
            let (ai, rel, off) = at(st, &p.text_document.uri, p.position)
                .ok_or_else(|| "This file is not part of an Altinn app".to_string())?;
            let (range, name) = ide::prepare_rename(&st.apps[ai].db, &rel, off)?;
            Ok::<_, String>(lsp::PrepareRenameResponse::RangeWithPlaceholder {
                range: st.lsp_range(ai, &rel, range).unwrap_or_else(zero),
                placeholder: name,
            })
        })
        .await?;
    r.map(Some).map_err(request_failed)
}

fn request_failed(msg: String) -> Error {
    Error {
        code: tower_lsp_server::jsonrpc::ErrorCode::ServerError(-32803),
        message: msg.into(),
        data: None,
    }
}

pub async fn rename(
    b: &Backend,
    p: lsp::RenameParams,
) -> jsonrpc::Result<Option<lsp::WorkspaceEdit>> {
    let tp = p.text_document_position;
    let new_name = p.new_name;
    let r = b
        .call(move |st| {
            let (ai, rel, off) = at(st, &tp.text_document.uri, tp.position)
                .ok_or_else(|| "This file is not part of an Altinn app".to_string())?;
            let db = &st.apps[ai].db;
            let edits = ide::rename(db, &rel, off, &new_name)?;
            let renames = ide::file_renames(db, &rel, off, &new_name);
            Ok::<_, String>(workspace_edit(st, ai, edits, renames))
        })
        .await?;
    r.map(Some).map_err(request_failed)
}

/// One `WorkspaceEdit`: plain `changes` when only existing files change, else
/// `documentChanges` with file creations and renames in the right order.
fn workspace_edit(
    st: &State,
    ai: usize,
    edits: Vec<ide::FileEdit>,
    renames: Vec<ide::FileRename>,
) -> lsp::WorkspaceEdit {
    let db = &st.apps[ai].db;
    let creates: Vec<String> = {
        let mut v: Vec<String> = edits
            .iter()
            .filter(|e| db.file(&e.file).is_none())
            .map(|e| e.file.clone())
            .collect();
        v.dedup();
        v
    };
    let mut by_file: Vec<(String, Vec<lsp::TextEdit>)> = Vec::new();
    for e in &edits {
        let range = st.lsp_range(ai, &e.file, e.range).unwrap_or_else(zero);
        let te = lsp::TextEdit::new(range, e.new_text.clone());
        match by_file.iter_mut().find(|(f, _)| *f == e.file) {
            Some((_, v)) => v.push(te),
            None => by_file.push((e.file.clone(), vec![te])),
        }
    }
    if creates.is_empty() && renames.is_empty() {
        let mut changes: HashMap<lsp::Uri, Vec<lsp::TextEdit>> = HashMap::new();
        for (f, v) in by_file {
            if let Some(uri) = st.uri_of(ai, &f) {
                changes.entry(uri).or_default().extend(v);
            }
        }
        return lsp::WorkspaceEdit {
            changes: Some(changes),
            ..Default::default()
        };
    }
    let mut ops = Vec::new();
    for f in creates
        .iter()
        .filter(|f| !f.split(['/', '\\']).any(|c| c == ".."))
    {
        if let Some(uri) = st.uri_of(ai, f) {
            ops.push(lsp::DocumentChangeOperation::Op(lsp::ResourceOp::Create(
                lsp::CreateFile {
                    uri,
                    options: Some(lsp::CreateFileOptions {
                        overwrite: Some(false),
                        ignore_if_exists: Some(true),
                    }),
                    annotation_id: None,
                },
            )));
        }
    }
    for (f, v) in by_file {
        if let Some(uri) = st.uri_of(ai, &f) {
            ops.push(lsp::DocumentChangeOperation::Edit(lsp::TextDocumentEdit {
                text_document: lsp::OptionalVersionedTextDocumentIdentifier { uri, version: None },
                edits: v.into_iter().map(lsp::OneOf::Left).collect(),
            }));
        }
    }
    // defence in depth: a file operation never reaches outside the app folder
    let inside = |rel: &str| !rel.split(['/', '\\']).any(|c| c == "..");
    for r in renames.iter().filter(|r| inside(&r.old) && inside(&r.new)) {
        if let (Some(old_uri), Some(new_uri)) = (st.uri_of(ai, &r.old), st.uri_of(ai, &r.new)) {
            ops.push(lsp::DocumentChangeOperation::Op(lsp::ResourceOp::Rename(
                lsp::RenameFile {
                    old_uri,
                    new_uri,
                    options: None,
                    annotation_id: None,
                },
            )));
        }
    }
    lsp::WorkspaceEdit {
        document_changes: Some(lsp::DocumentChanges::Operations(ops)),
        ..Default::default()
    }
}

pub async fn code_action(
    b: &Backend,
    p: lsp::CodeActionParams,
) -> jsonrpc::Result<Option<lsp::CodeActionResponse>> {
    b.call(move |st| {
        let (ai, rel) = st.resolve_uri(&p.text_document.uri)?;
        let range: TextRange = st.text_range(ai, &rel, p.range)?;
        let all = st.file_diagnostics(ai, &rel);
        let all_lsp = st.to_lsp(ai, &rel, &all);
        // The diagnostics the client sent, matched to ours; else ours that touch the range.
        let mut picked: Vec<usize> = p
            .context
            .diagnostics
            .iter()
            .filter_map(|cd| {
                all_lsp.iter().position(|d| {
                    d.range == cd.range && d.code == cd.code && d.message == cd.message
                })
            })
            .collect();
        if picked.is_empty() {
            picked = all
                .iter()
                .enumerate()
                .filter(|(_, d)| d.range.start <= range.end && range.start <= d.range.end)
                .map(|(i, _)| i)
                .collect();
        }
        let diags: Vec<_> = picked.iter().map(|&i| all[i].clone()).collect();
        let actions = ide::code_actions(&st.apps[ai].db, &rel, range, &diags);
        let out: Vec<lsp::CodeActionOrCommand> = actions
            .into_iter()
            .map(|a| {
                let diagnostic = a
                    .diagnostic_index
                    .and_then(|i| picked.get(i))
                    .map(|&i| vec![all_lsp[i].clone()]);
                lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                    title: a.title,
                    kind: Some(lsp::CodeActionKind::QUICKFIX),
                    diagnostics: diagnostic,
                    edit: Some(workspace_edit(st, ai, a.edits, Vec::new())),
                    is_preferred: Some(a.is_preferred),
                    ..Default::default()
                })
            })
            .collect();
        Some(out)
    })
    .await
}

fn symbol_kind(k: ide::SymbolKind) -> lsp::SymbolKind {
    use ide::SymbolKind as K;
    match k {
        K::File => lsp::SymbolKind::FILE,
        K::Page => lsp::SymbolKind::NAMESPACE,
        K::Component => lsp::SymbolKind::OBJECT,
        K::TextKey => lsp::SymbolKind::STRING,
        K::Task => lsp::SymbolKind::FUNCTION,
        K::Event => lsp::SymbolKind::EVENT,
        K::Gateway => lsp::SymbolKind::OPERATOR,
        K::DataType => lsp::SymbolKind::STRUCT,
        K::Property => lsp::SymbolKind::PROPERTY,
        K::Other => lsp::SymbolKind::KEY,
    }
}

#[allow(deprecated)]
fn symbol(st: &State, ai: usize, rel: &str, s: ide::Symbol) -> lsp::DocumentSymbol {
    let range = st.lsp_range(ai, rel, s.range).unwrap_or_else(zero);
    let mut sel = st.lsp_range(ai, rel, s.selection_range).unwrap_or(range);
    // LSP requires the selection range inside the full range.
    if sel.start < range.start || sel.end > range.end {
        sel = range;
    }
    let children: Vec<lsp::DocumentSymbol> = s
        .children
        .into_iter()
        .map(|c| symbol(st, ai, rel, c))
        .collect();
    lsp::DocumentSymbol {
        name: if s.name.is_empty() {
            "(unnamed)".into()
        } else {
            s.name
        },
        detail: s.detail,
        kind: symbol_kind(s.kind),
        tags: None,
        deprecated: None,
        range,
        selection_range: sel,
        children: if children.is_empty() {
            None
        } else {
            Some(children)
        },
    }
}

pub async fn document_symbol(
    b: &Backend,
    p: lsp::DocumentSymbolParams,
) -> jsonrpc::Result<Option<lsp::DocumentSymbolResponse>> {
    b.call(move |st| {
        let (ai, rel) = st.resolve_uri(&p.text_document.uri)?;
        let syms = ide::document_symbols(&st.apps[ai].db, &rel);
        let v: Vec<lsp::DocumentSymbol> =
            syms.into_iter().map(|s| symbol(st, ai, &rel, s)).collect();
        Some(lsp::DocumentSymbolResponse::Nested(v))
    })
    .await
}

pub async fn document_link(
    b: &Backend,
    p: lsp::DocumentLinkParams,
) -> jsonrpc::Result<Option<Vec<lsp::DocumentLink>>> {
    b.call(move |st| {
        let (ai, rel) = st.resolve_uri(&p.text_document.uri)?;
        let links = ide::document_links(&st.apps[ai].db, &rel);
        Some(
            links
                .into_iter()
                .filter_map(|l| {
                    let target = match &l.target {
                        ide::LinkTarget::File(f) => st.uri_of(ai, f)?,
                        ide::LinkTarget::Url(u) => crate::convert::parse_uri(u)?,
                    };
                    Some(lsp::DocumentLink {
                        range: st.lsp_range(ai, &rel, l.range)?,
                        target: Some(target),
                        tooltip: None,
                        data: None,
                    })
                })
                .collect(),
        )
    })
    .await
}

pub async fn folding_range(
    b: &Backend,
    p: lsp::FoldingRangeParams,
) -> jsonrpc::Result<Option<Vec<lsp::FoldingRange>>> {
    b.call(move |st| {
        let (ai, rel) = st.resolve_uri(&p.text_document.uri)?;
        let ranges = ide::folding_ranges(&st.apps[ai].db, &rel);
        Some(
            ranges
                .into_iter()
                .filter_map(|r| {
                    let lr = st.lsp_range(ai, &rel, r)?;
                    (lr.end.line > lr.start.line).then_some(lsp::FoldingRange {
                        start_line: lr.start.line,
                        start_character: None,
                        end_line: lr.end.line,
                        end_character: None,
                        kind: None,
                        collapsed_text: None,
                    })
                })
                .collect(),
        )
    })
    .await
}
