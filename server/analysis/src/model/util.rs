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
/// Ties go to the alphabetically first name, so the answer does not depend on the order the
/// candidates come in (some callers iterate hash maps).
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
        let d = edit_distance(c, wanted);
        if d <= (wanted.chars().count().max(c.chars().count()) / 3).max(1)
            && best.is_none_or(|b| (d, c) < b)
        {
            best = Some((d, c));
        }
    }
    same_case.or(best.map(|(_, c)| c))
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
        // Ties do not depend on the candidates' order.
        assert_eq!(did_you_mean("Task_3", ["Task_2", "Task_1"]), Some("Task_1"));
        assert_eq!(did_you_mean("Task_3", ["Task_1", "Task_2"]), Some("Task_1"));
    }
}
