//! Small helpers shared by the model and the checks.

/// Levenshtein distance over chars (names are short; a two-row table is enough).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The closest candidate: same name ignoring case first, then within a third of the length.
pub fn did_you_mean<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = wanted.to_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        if c == wanted {
            continue;
        }
        if c.to_lowercase() == lower {
            return Some(c);
        }
        let d = edit_distance(c, wanted);
        if d <= (wanted.chars().count().max(c.chars().count()) / 3).max(1)
            && best.is_none_or(|(bd, _)| d < bd)
        {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_and_suggestions() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(
            did_you_mean("equal", ["equals", "notEquals"]),
            Some("equals")
        );
        assert_eq!(did_you_mean("EQUALS", ["equals"]), Some("equals"));
        assert_eq!(did_you_mean("xyz", ["equals"]), None);
    }
}
