//! Inlay hints: after a text key (a `textResourceBindings` value, a `["text", ...]` argument,
//! a page group's name ...), the text it stands for in the user's language, shortened.

use super::navigation::{self, Target};
use crate::model::FileKind;
use crate::syntax::TextRange;
use crate::AppDb;

/// Hints longer than this many characters are cut (with `…`).
pub const MAX_HINT_CHARS: usize = 40;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlayHint {
    /// Where the hint goes: after the closing quote of the key.
    pub offset: u32,
    /// The text, on one line, shortened to [`MAX_HINT_CHARS`].
    pub label: String,
    /// The whole text and its language (Markdown).
    pub tooltip: String,
}

/// The language codes to look a text up in, best first, for the editor's locale (`nb-NO`,
/// `en-US`, `no`): the locale's language, then the app's usual `nb` and `en`.
pub fn languages_for_locale(locale: Option<&str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if let Some(l) = locale {
        let lang = l
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        // Norwegian Bokmål is `nb` in Altinn apps; editors also say `no`.
        let lang = if lang == "no" { "nb".to_string() } else { lang };
        if !lang.is_empty() {
            out.push(lang);
        }
    }
    for d in ["nb", "en"] {
        if !out.iter().any(|l| l == d) {
            out.push(d.to_string());
        }
    }
    out
}

/// `text` on one line (runs of white space as one space), cut to `max` characters.
pub fn shorten(text: &str, max: usize) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max {
        return one_line;
    }
    let mut s: String = one_line.chars().take(max.saturating_sub(1)).collect();
    s.truncate(s.trim_end().len());
    s.push('…');
    s
}

/// Hints for the text keys used in `range` of `path`, in the first of `languages` that has the
/// key (else in any language that has it). Text files themselves get none.
pub fn text_hints(
    db: &AppDb,
    path: &str,
    range: TextRange,
    languages: &[String],
) -> Vec<InlayHint> {
    let Some(file) = db.file(path) else {
        return Vec::new();
    };
    if matches!(file.kind, FileKind::TextResource { .. }) {
        return Vec::new();
    }
    let m = db.model();
    let bytes = file.text.as_bytes();
    let mut out = Vec::new();
    navigation::walk_targets(db, file, &mut |t, r| {
        let Target::TextKey(key) = t else { return };
        if r.end < range.start || r.start > range.end {
            return;
        }
        let found = languages
            .iter()
            .find_map(|l| {
                m.texts
                    .get(l)
                    .and_then(|tf| tf.keys.get(&key))
                    .map(|e| (l.as_str(), e))
            })
            .or_else(|| {
                m.texts
                    .iter()
                    .find_map(|(l, tf)| tf.keys.get(&key).map(|e| (l.as_str(), e)))
            });
        let Some((lang, entry)) = found else { return };
        if entry.value.trim().is_empty() {
            return;
        }
        // After the closing quote when there is one.
        let end = r.end as usize;
        let offset = if bytes.get(end) == Some(&b'"') {
            end + 1
        } else {
            end
        };
        out.push(InlayHint {
            offset: offset as u32,
            label: shorten(&entry.value, MAX_HINT_CHARS),
            tooltip: format!("**{lang}**: {}", entry.value),
        });
    });
    out.sort_by_key(|h| h.offset);
    out.dedup_by_key(|h| h.offset);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_follow_the_locale_then_nb_and_en() {
        assert_eq!(languages_for_locale(None), ["nb", "en"]);
        assert_eq!(languages_for_locale(Some("en-US")), ["en", "nb"]);
        assert_eq!(languages_for_locale(Some("no")), ["nb", "en"]);
        assert_eq!(languages_for_locale(Some("nn_NO")), ["nn", "nb", "en"]);
        assert_eq!(languages_for_locale(Some("")), ["nb", "en"]);
    }

    #[test]
    fn texts_are_put_on_one_line_and_cut() {
        assert_eq!(shorten("Navn", 40), "Navn");
        assert_eq!(
            shorten("  Fornavn\n  og\tetternavn ", 40),
            "Fornavn og etternavn"
        );
        assert_eq!(shorten("Blåbærsyltetøy på brødskiva", 10), "Blåbærsyl…");
        assert_eq!(shorten("ab cd ef", 4), "ab…");
        assert_eq!(shorten("x", 0), "…");
    }
}
