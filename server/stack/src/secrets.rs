//! Refusing example secrets outside the `local` overlay: the overlay is rendered with
//! `kubectl kustomize` first and its Secrets are read back, so whatever produced them (literals,
//! env files, a copy of the base) is caught before anything is applied.

use crate::plan::Cmd;
use std::path::Path;

/// `kubectl kustomize DIR`: render without a cluster.
pub fn kubectl_kustomize(overlay_dir: &Path) -> Cmd {
    Cmd::new("kubectl")
        .arg("kustomize")
        .arg(overlay_dir.to_string_lossy().into_owned())
}

/// `Secret/NAME KEY` for every Secret value in the rendered YAML that contains `example-`.
pub fn example_secrets(rendered: &str) -> Vec<String> {
    let mut found = Vec::new();
    for doc in rendered.split("\n---") {
        if !doc.lines().any(|l| l.trim_end() == "kind: Secret") {
            continue;
        }
        let name = doc
            .lines()
            .skip_while(|l| !l.starts_with("metadata:"))
            .find_map(|l| l.strip_prefix("  name: "))
            .unwrap_or("?")
            .trim()
            .to_string();
        // top-level `data:` (base64) and `stringData:` (plain) maps, two-space indented keys
        let mut section: Option<bool> = None; // Some(true) = base64
        for line in doc.lines() {
            if !line.starts_with(' ') {
                section = match line.trim_end() {
                    "data:" => Some(true),
                    "stringData:" => Some(false),
                    _ => None,
                };
                continue;
            }
            let (Some(b64), Some(kv)) = (section, line.strip_prefix("  ")) else {
                continue;
            };
            let Some((key, value)) = kv.split_once(':') else {
                continue;
            };
            let value = value.trim().trim_matches('"').trim_matches('\'');
            let plain = if b64 {
                decode_base64(value).unwrap_or_default()
            } else {
                value.as_bytes().to_vec()
            };
            if String::from_utf8_lossy(&plain).contains("example-") {
                found.push(format!("Secret/{name} {}", key.trim()));
            }
        }
    }
    found
}

/// Standard base64 (with or without padding); None on anything else.
fn decode_base64(s: &str) -> Option<Vec<u8>> {
    use base64::engine::general_purpose::STANDARD_NO_PAD;
    use base64::Engine as _;
    STANDARD_NO_PAD.decode(s.trim_end_matches('=')).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_example_values_in_data_and_string_data() {
        // "example-secret" and "real-value" in base64
        let y = "apiVersion: v1\ndata:\n  A: ZXhhbXBsZS1zZWNyZXQ=\n  B: cmVhbC12YWx1ZQ==\nkind: Secret\nmetadata:\n  name: gitea-secrets-abc\n---\nkind: Secret\nmetadata:\n  name: s2\nstringData:\n  C: \"x example-y\"\n---\nkind: ConfigMap\ndata:\n  D: example-not-a-secret\n";
        assert_eq!(
            example_secrets(y),
            vec!["Secret/gitea-secrets-abc A", "Secret/s2 C"]
        );
        assert_eq!(decode_base64("cmVhbC12YWx1ZQ").unwrap(), b"real-value");
    }
}
