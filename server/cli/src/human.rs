//! `check`'s human output: rustc-style diagnostics drawn by annotate-snippets (rustc's own
//! renderer: widths of wide characters and tabs, a trimmed window into long lines, colour).
//!
//! The first two lines of each diagnostic are what the VS Code problem matcher reads
//! (`editors/vscode/src/checkMatcher.ts`): `error[AL0203]: message` and ` --> path:line:col`,
//! the column in UTF-16 code units, 1-based, as VS Code counts. Keep them so.

use altinn_analysis::{Diagnostic, Position, Severity};
use annotate_snippets::renderer::DecorStyle;
use annotate_snippets::{AnnotationKind, Element, Group, Level, Origin, Renderer, Snippet};

/// The width lines are trimmed to (rustc's when it does not know the terminal's).
const WIDTH: usize = 140;

/// A diagnostic's file as the renderer needs it.
pub struct Source<'a> {
    pub text: &'a str,
    /// Where the range starts (line, byte column).
    pub start: Position,
    /// Byte offsets of the range in `text`.
    pub offsets: (usize, usize),
}

pub struct Human {
    renderer: Renderer,
}

fn level(s: Severity) -> Level<'static> {
    // The names are the severities' own (`information`, `hint`): the matcher reads them.
    match s {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Information => Level::INFO.with_name("information"),
        Severity::Hint => Level::HELP.with_name("hint"),
    }
}

/// The last char boundary at or before `i`.
fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl Human {
    pub fn new(color: bool) -> Self {
        let r = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        Human {
            renderer: r.decor_style(DecorStyle::Ascii).term_width(WIDTH),
        }
    }

    /// One diagnostic, ending with a blank line. `path`: the file as printed; `col16`: the
    /// start column in UTF-16 code units (0-based); `notes`: the related locations, written.
    pub fn render(
        &self,
        d: &Diagnostic,
        path: &str,
        col16: u32,
        source: Option<Source>,
        notes: &[String],
    ) -> String {
        let line = source.as_ref().map_or(0, |s| s.start.line) as usize + 1;
        let mut elements: Vec<Element> = Vec::new();
        // The column annotate-snippets writes after the path (in chars), to be replaced by
        // the UTF-16 one (they differ after an emoji or another character beyond U+FFFF).
        let mut char_col = None;
        match &source {
            Some(s) => {
                // Only the lines the range covers go to the renderer (it scans what it is given).
                let from = floor_boundary(
                    s.text,
                    s.offsets.0.saturating_sub(s.start.character as usize),
                );
                let to = s.text[floor_boundary(s.text, s.offsets.1)..]
                    .find('\n')
                    .map_or(s.text.len(), |n| floor_boundary(s.text, s.offsets.1) + n);
                let lines = &s.text[from..to.max(from)];
                let a = floor_boundary(lines, s.offsets.0.saturating_sub(from));
                let b = floor_boundary(lines, s.offsets.1.saturating_sub(from)).max(a);
                char_col = Some(lines[..a].chars().count() + 1);
                elements.push(
                    Snippet::source(lines)
                        .line_start(line)
                        .path(path)
                        .annotation(AnnotationKind::Primary.span(a..b))
                        .into(),
                );
            }
            None => elements.push(
                Origin::path(path)
                    .line(line)
                    .char_column(col16 as usize + 1)
                    .into(),
            ),
        }
        for n in notes {
            elements.push(Level::NOTE.message(n.as_str()).into());
        }
        let group = Group::with_title(
            level(d.severity)
                .primary_title(&d.message)
                .id(d.code.as_str()),
        )
        .elements(elements);
        let mut out = self.renderer.render(&[group]);
        if let Some(c) = char_col.filter(|c| *c != col16 as usize + 1) {
            out = out.replacen(
                &format!("{path}:{line}:{c}"),
                &format!("{path}:{line}:{}", col16 + 1),
                1,
            );
        }
        out.push_str("\n\n");
        out
    }
}
