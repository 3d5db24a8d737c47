//! Small helpers shared by the model and the checks.

/// Levenshtein distance over chars (names are short; a two-row table is enough).
pub fn edit_distance(a: &str, b: &str) -> usize {
    if a.is_ascii() && b.is_ascii() {
        levenshtein(a.as_bytes(), b.as_bytes())
    } else {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        levenshtein(&a, &b)
    }
}

fn levenshtein<T: PartialEq>(a: &[T], b: &[T]) -> usize {
    // A common prefix or suffix never changes the distance: only the middle that differs
    // needs the table (`page1.title` against `page1.titel` is `le` against `el`). Thousands
    // of "did you mean" questions against neighbouring keys are mostly such pairs.
    let pre = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[pre..], &b[pre..]);
    let suf = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (a, b) = (&a[..a.len() - suf], &b[..b.len() - suf]);
    if a.is_empty() || b.is_empty() {
        return a.len().max(b.len());
    }
    // Rows on the stack for names of ordinary length: no allocation per question.
    const SHORT: usize = 64;
    if b.len() < SHORT {
        let (mut prev, mut cur) = ([0; SHORT], [0; SHORT]);
        table(a, b, &mut prev[..=b.len()], &mut cur[..=b.len()])
    } else {
        table(a, b, &mut vec![0; b.len() + 1], &mut vec![0; b.len() + 1])
    }
}

/// The two-row Levenshtein table; `prev` and `cur` have `b.len() + 1` cells.
fn table<'r, T: PartialEq>(
    a: &[T],
    b: &[T],
    mut prev: &'r mut [usize],
    mut cur: &'r mut [usize],
) -> usize {
    for (j, p) in prev.iter_mut().enumerate() {
        *p = j;
    }
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The closest candidate: same name ignoring case first, then within a third of the length.
/// Ties go to the alphabetically first name, so the answer does not depend on the order the
/// candidates come in (some callers iterate hash maps).
///
/// Linear in the candidates: a caller asking about many names against one large list (every
/// unresolved reference of a layout set) uses a [`NameIndex`] instead.
pub fn did_you_mean<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = wanted.to_lowercase();
    let mut same_case: Option<&str> = None;
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        if c == wanted {
            continue;
        }
        if c.to_lowercase() == lower {
            same_case = Some(same_case.map_or(c, |s| s.min(c)));
            continue;
        }
        if same_case.is_some() {
            continue;
        }
        best = closer(wanted, c, best);
    }
    same_case.or(best.map(|(_, c)| c))
}

/// `c` when it is within the distance allowed and closer than `best` (ties: alphabetical).
fn closer<'a>(
    wanted: &str,
    c: &'a str,
    best: Option<(usize, &'a str)>,
) -> Option<(usize, &'a str)> {
    let (lw, lc) = (wanted.chars().count(), c.chars().count());
    let allowed = (lw.max(lc) / 3).max(1);
    // The length difference is a lower bound of the distance: skip the table when it is
    // already too far.
    if lw.abs_diff(lc) > allowed || best.is_some_and(|(d, _)| lw.abs_diff(lc) > d) {
        return best;
    }
    let d = edit_distance(c, wanted);
    if d <= allowed && best.is_none_or(|b| (d, c) < b) {
        Some((d, c))
    } else {
        best
    }
}

/// Candidates prepared once for many [`did_you_mean`] questions (Summary components that
/// point at missing ids, thousands in a generated app, each asking the same list).
///
/// Same answers as [`did_you_mean`] up to [`NameIndex::EXACT_UP_TO`] names. Above that the
/// search is bounded: only the [`NameIndex::WINDOW`] names on either side of the wanted one
/// in alphabetical order are compared (a typo keeps its neighbours: the same start). Names
/// that differ only in case are always found.
#[derive(Debug, Clone, Default)]
pub struct NameIndex {
    /// Distinct names, ascending.
    sorted: Vec<String>,
    /// Lower-cased name → the names with it, ascending.
    by_lower: std::collections::HashMap<String, Vec<String>>,
}

impl NameIndex {
    pub const EXACT_UP_TO: usize = 2_000;
    pub const WINDOW: usize = 64;

    pub fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> NameIndex {
        let mut sorted: Vec<String> = names.into_iter().map(str::to_string).collect();
        sorted.sort_unstable();
        sorted.dedup();
        let mut by_lower: std::collections::HashMap<String, Vec<String>> = Default::default();
        for n in &sorted {
            by_lower
                .entry(n.to_lowercase())
                .or_default()
                .push(n.clone());
        }
        NameIndex { sorted, by_lower }
    }

    pub fn suggest(&self, wanted: &str) -> Option<&str> {
        if let Some(same) = self
            .by_lower
            .get(&wanted.to_lowercase())
            .and_then(|v| v.iter().find(|c| *c != wanted))
        {
            return Some(same);
        }
        let window = if self.sorted.len() <= Self::EXACT_UP_TO {
            &self.sorted[..]
        } else {
            let at = self.sorted.partition_point(|c| c.as_str() < wanted);
            let lo = at.saturating_sub(Self::WINDOW);
            let hi = (at + Self::WINDOW).min(self.sorted.len());
            &self.sorted[lo..hi]
        };
        let mut best = None;
        for c in window {
            if c != wanted {
                best = closer(wanted, c, best);
            }
        }
        best.map(|(_, c)| c)
    }
}

/// A [`NameIndex`] built on first use and kept with the data it indexes (dropped by whoever
/// changes that data). Compares equal always: it is a cache, not part of the value.
#[derive(Debug, Clone, Default)]
pub struct LazyNames(std::sync::OnceLock<NameIndex>);

impl LazyNames {
    pub fn get_or_init(&self, names: impl FnOnce() -> NameIndex) -> &NameIndex {
        self.0.get_or_init(names)
    }
}

impl PartialEq for LazyNames {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_index_answers_as_the_linear_search() {
        let names = [
            "Name", "name2", "age", "ages", "street", "nav1", "NAV1", "zip",
        ];
        let idx = NameIndex::new(names);
        for w in [
            "name", "Name", "agee", "stret", "nav1", "Nav1", "zzz", "a", "",
        ] {
            assert_eq!(idx.suggest(w), did_you_mean(w, names), "{w}");
        }
        // Above the exact limit, neighbours in alphabetical order are still found.
        let many: Vec<String> = (0..5000).map(|i| format!("field-{i:05}")).collect();
        let idx = NameIndex::new(many.iter().map(String::as_str));
        assert_eq!(idx.suggest("field-0100x"), Some("field-01000"));
        assert_eq!(idx.suggest("FIELD-04999"), Some("field-04999"));
    }

    #[test]
    fn distances_and_suggestions() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("page1.title", "page1.titel"), 2);
        assert_eq!(edit_distance("abcabc", "abc"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
        assert_eq!(edit_distance("søknad", "soknad"), 1);
        assert_eq!(edit_distance("aaXbb", "aabb"), 1);
        assert_eq!(
            did_you_mean("equal", ["equals", "notEquals"]),
            Some("equals")
        );
        assert_eq!(did_you_mean("EQUALS", ["equals"]), Some("equals"));
        assert_eq!(did_you_mean("xyz", ["equals"]), None);
        // Ties do not depend on the candidates' order.
        assert_eq!(did_you_mean("Task_3", ["Task_2", "Task_1"]), Some("Task_1"));
        assert_eq!(did_you_mean("Task_3", ["Task_1", "Task_2"]), Some("Task_1"));
    }
}
