//! AL0004: unresolved merge conflicts (`<<<<<<<` / `|||||||` / `=======` / `>>>>>>>` lines).
//!
//! Works on the raw text, so it finds conflicts in every kind of file the app loads (JSON, XML,
//! JavaScript, C#), whichever git tool made them (`altinn-ls sync`, git, an editor).
//! A marker counts only at the start of a line: exactly seven marker characters, then a space
//! or the end of the line (`=======` must be alone on its line). `=======` and `|||||||` count
//! only inside a block opened by `<<<<<<<`, so a Markdown-style underline or a string value
//! holding `=======` is never taken for a conflict.
//!
//! The database parses a conflicted file as [`mask`] leaves it (each conflict resolved to its
//! first version, same offsets), so the app model and every check see one consistent version
//! instead of a parser's recovery from the markers: no component or task goes missing in other
//! files, and the two versions never clash with each other.

use super::codes::declare_codes;
use super::Ctx;
use crate::diagnostic::{Diagnostic, FixData};
use crate::syntax::TextRange;

/// What these rules rest on in the real readers (which file and function of which version,
/// in words): printed under the code table by `altinn-ls codes`.
pub const GROUNDS: &str =
    "A merge that git cannot finish leaves the conflicting hunks between `<<<<<<<`, \
`|||||||` (diff3 style), `=======` and `>>>>>>>` lines in the working tree. No reader of an app \
file accepts them: the frontend's JSON.parse, the backend's System.Text.Json and Newtonsoft, its \
XML readers (process.bpmn, policy.xml) and the JavaScript of RuleHandler.js all fail on the \
first marker, so a conflicted file is an error whatever its kind. The rest of the file is read as \
its first version so the other checks still see a consistent app.";

declare_codes! {
    AL0004 Error "Unresolved merge conflict: the file still holds the `<<<<<<<` / `=======` / `>>>>>>>` lines of a merge",
}

pub use crate::syntax::conflicts::{find, mask, mask_found, Conflict};

/// One way to resolve a conflict: a title and the text that replaces the whole block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolution {
    pub title: String,
    /// From the start of the `<<<<<<<` line to after the `>>>>>>>` line's line break.
    pub range: TextRange,
    pub new_text: String,
}

/// The resolutions of the complete conflict whose `<<<<<<<` line starts at `at`: keep the
/// first version, keep the second, keep both (first, then second). The common ancestor's
/// version of a diff3-style block is dropped in every case.
pub fn resolutions(text: &str, at: u32) -> Vec<Resolution> {
    let Some(c) = find(text)
        .into_iter()
        .find(|c| c.start.is_some_and(|s| s.start == at))
    else {
        return Vec::new();
    };
    let (Some(start), Some(sep), Some(end)) = (c.start, c.separator, c.end) else {
        return Vec::new();
    };
    // Just past a marker line's line break (its range excludes it).
    let after = |r: TextRange| {
        let rest = text.get(r.end as usize..).unwrap_or("");
        let skip = if rest.starts_with("\r\n") {
            2
        } else {
            usize::from(rest.starts_with('\n'))
        };
        r.end as usize + skip
    };
    let slice = |a: usize, b: usize| text.get(a..b.max(a)).unwrap_or("").to_string();
    let ours = slice(after(start), c.base.unwrap_or(sep).start as usize);
    let theirs = slice(after(sep), end.start as usize);
    let label = |r: TextRange, n: usize| {
        let l = text
            .get(r.start as usize + 7..r.end as usize)
            .unwrap_or("")
            .trim();
        if l.is_empty() {
            String::new()
        } else {
            let short: String = l.chars().take(n).collect();
            format!(" ({short})")
        }
    };
    let range = TextRange::new(start.start, after(end) as u32);
    vec![
        Resolution {
            title: format!("Keep the first version{}", label(start, 40)),
            range,
            new_text: ours.clone(),
        },
        Resolution {
            title: format!("Keep the second version{}", label(end, 12)),
            range,
            new_text: theirs.clone(),
        },
        Resolution {
            title: "Keep both versions (first, then second)".to_string(),
            range,
            new_text: ours + &theirs,
        },
    ]
}

pub fn check(ctx: &mut Ctx<'_>) {
    let file = ctx.file;
    let conflicts = &file.conflicts;
    if conflicts.is_empty() {
        return;
    }
    let path = ctx.path();
    let line_of = |r: TextRange| {
        file.line_index
            .position(&file.text, r.start, crate::syntax::PositionEncoding::Utf8)
            .line
            + 1
    };
    let label = |r: TextRange| file.slice(r).trim().to_string();
    let fix = "Keep one version (or combine them), delete the marker lines, then commit the merge \
               (`altinn-ls sync push` commits and shares it)";
    for c in conflicts {
        let d = match (c.start, c.end) {
            (Some(start), Some(end)) => {
                let msg = format!(
                    "Unresolved merge conflict (lines {}-{}): this file still holds the conflict \
                     markers of a merge, with one version after `{}` and the other before `{}`. {fix}",
                    line_of(start),
                    line_of(end),
                    label(start),
                    label(end),
                );
                let d = Diagnostic::new(AL0004, path, start, msg);
                if c.separator.is_some() {
                    d.with_fix(FixData::MergeConflict)
                } else {
                    d
                }
            }
            (Some(start), None) => {
                let msg = format!(
                    "Unfinished merge conflict: `{}` has no closing `>>>>>>>` line after it. \
                     Decide which lines to keep, then delete every marker line of the conflict",
                    label(start),
                );
                Diagnostic::new(AL0004, path, start, msg)
            }
            (None, Some(end)) => {
                let msg = format!(
                    "Leftover merge conflict marker `{}`: the `<<<<<<<` line of this conflict is \
                     gone. Check that the lines above hold the version you want, then delete \
                     this line",
                    label(end),
                );
                Diagnostic::new(AL0004, path, end, msg)
            }
            (None, None) => continue,
        };
        let mut d = d;
        if c.start.is_some() {
            if let Some(b) = c.base {
                d = d.with_related(path, b, "the common ancestor's version starts here");
            }
            if let Some(s) = c.separator {
                d = d.with_related(path, s, "the other version starts here");
            }
            if let Some(e) = c.end {
                d = d.with_related(path, e, "the conflict ends here");
            }
        }
        ctx.report(d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolutions_keep_one_version_or_both() {
        let text = "a\r\n<<<<<<< HEAD\r\nours\r\n||||||| base\r\nold\r\n=======\r\ntheirs\r\n>>>>>>> 0123456789abcdef\r\nz";
        let at = text.find("<<<").unwrap() as u32;
        let r = resolutions(text, at);
        let applied: Vec<String> = r
            .iter()
            .map(|x| {
                let mut t = text.to_string();
                t.replace_range(x.range.start as usize..x.range.end as usize, &x.new_text);
                t
            })
            .collect();
        assert_eq!(
            applied,
            [
                "a\r\nours\r\nz",
                "a\r\ntheirs\r\nz",
                "a\r\nours\r\ntheirs\r\nz"
            ]
        );
        assert_eq!(r[0].title, "Keep the first version (HEAD)");
        assert_eq!(r[1].title, "Keep the second version (0123456789ab)");
        // Only at a complete block's start.
        assert!(resolutions(text, at + 1).is_empty());
        assert!(resolutions("<<<<<<< a\nx\n", 0).is_empty());
        // At the very end of the text, without a final line break.
        let t = "<<<<<<< a\nx\n=======\ny\n>>>>>>> b";
        assert_eq!(resolutions(t, 0)[1].new_text, "y\n");
    }

    fn lines(text: &str, c: &Conflict) -> [Option<String>; 4] {
        [c.start, c.base, c.separator, c.end]
            .map(|r| r.map(|r| text[r.start as usize..r.end as usize].to_string()))
    }

    #[test]
    fn finds_blocks_with_and_without_base() {
        let text = "a\n<<<<<<< ours\nb\n||||||| base\nc\n=======\nd\n>>>>>>> theirs\ne\r\n<<<<<<< HEAD\r\nx\r\n=======\r\ny\r\n>>>>>>>\r\n";
        let found = find(text);
        assert_eq!(found.len(), 2);
        assert_eq!(
            lines(text, &found[0]),
            [
                Some("<<<<<<< ours".into()),
                Some("||||||| base".into()),
                Some("=======".into()),
                Some(">>>>>>> theirs".into())
            ]
        );
        assert_eq!(
            lines(text, &found[1]),
            [
                Some("<<<<<<< HEAD".into()),
                None,
                Some("=======".into()),
                Some(">>>>>>>".into())
            ]
        );
        assert_eq!(found[0].span().start, 2);
    }

    #[test]
    fn markers_only_at_line_start_with_exactly_seven_characters() {
        for text in [
            "=======\n",
            "x\n=======\ny\n",
            "  <<<<<<< ours\n",
            "<<<<<<<< ours\n",
            "<<<<<<<ours\n",
            ">>>>>>>>\n",
            "\"a\": \"<<<<<<< x\"\n",
            "<<<<<<\n",
            "",
        ] {
            assert!(find(text).is_empty(), "{text:?}");
        }
        // `=======` is a separator only when it is alone on its line.
        let text = "<<<<<<< a\n======= x\n=======  \n>>>>>>> b";
        let c = &find(text)[0];
        assert_eq!(lines(text, c)[2].as_deref(), Some("=======  "));
    }

    #[test]
    fn unfinished_and_leftover_markers() {
        let text = "<<<<<<< a\nx\n<<<<<<< b\n=======\n>>>>>>> c\n>>>>>>> d\n<<<<<<< e";
        let found = find(text);
        let shape: Vec<[bool; 4]> = found
            .iter()
            .map(|c| {
                [
                    c.start.is_some(),
                    c.base.is_some(),
                    c.separator.is_some(),
                    c.end.is_some(),
                ]
            })
            .collect();
        assert_eq!(
            shape,
            [
                [true, false, false, false],
                [true, false, true, true],
                [false, false, false, true],
                [true, false, false, false],
            ]
        );
    }

    #[test]
    fn mask_keeps_the_first_version_and_every_offset() {
        let text =
            "a\n<<<<<<< ours\nø1\n||||||| base\nb\n=======\nt\r\n>>>>>>> theirs\ne\n>>>>>>> x\n";
        let m = mask(text).unwrap();
        assert_eq!(m.len(), text.len());
        assert_eq!(
            m,
            "a\n            \nø1\n            \n \n       \n \r\n              \ne\n         \n"
        );
        assert_eq!(mask("no conflict\n======="), None);
    }

    #[test]
    fn a_conflict_before_the_xml_declaration_leaves_well_formed_xml() {
        let text = "<<<<<<< HEAD\n<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n=======\n<?xml version=\"1.0\" encoding=\"utf-8\"?>\n>>>>>>> b\n<root a=\"1\"/>\n";
        let m = mask(text).unwrap();
        assert_eq!(m.len(), text.len());
        assert!(m.trim_start().starts_with("<root"), "{m:?}");
        assert_eq!(crate::syntax::parse_xml(&m).errors, []);
        // Without a conflict in front of it, the declaration stays.
        let text =
            "<?xml version=\"1.0\"?>\n<root>\n<<<<<<< a\n<x/>\n=======\n<y/>\n>>>>>>> b\n</root>";
        assert!(mask(text).unwrap().starts_with("<?xml"));
    }

    #[test]
    fn byte_order_mark_and_multibyte_text() {
        let text = "\u{feff}<<<<<<< ø\næ\n=======\nå\n>>>>>>> ü";
        let c = &find(text)[0];
        assert_eq!(lines(text, c)[0].as_deref(), Some("<<<<<<< ø"));
        assert_eq!(lines(text, c)[3].as_deref(), Some(">>>>>>> ü"));
    }
}
