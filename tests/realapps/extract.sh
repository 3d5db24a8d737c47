#!/usr/bin/env bash
# Re-creates the real-app regression set (tests/realapps/apps.tsv) as folders, one per app,
# from local bare git mirrors. Never downloads: an app whose mirror is absent is skipped.
#
#   tests/realapps/extract.sh [DEST] [MIRRORS]
#     DEST     where the app folders go (default /work/realapps); never inside this repository
#     MIRRORS  folder of mirrors named owner+name/repo (default /work/.mirror)
#
# apps.tsv columns used here: name, repository, commit, path, kind.
#   kind=root: `path` is a repository root holding App/ (extracted as DEST/name/...)
#   kind=app:  `path` is the App folder itself (extracted as DEST/name/App/...)
# The fetched files are third-party: they stay outside the repository and are never committed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dest="${1:-/work/realapps}"
mirrors="${2:-/work/.mirror}"
list="$here/apps.tsv"

case "$(cd "$(dirname "$dest")" 2>/dev/null && pwd)/" in
"$(cd "$here/../.." && pwd)/"*)
  echo "refusing to extract inside the repository: $dest" >&2
  exit 2
  ;;
esac

mkdir -p "$dest"
done_count=0
skip_count=0
while IFS=$'\t' read -r name repo commit path kind _rest; do
  [[ -z "$name" || "$name" == \#* || "$name" == name ]] && continue
  mirror="$mirrors/${repo/\//+}/repo"
  if [[ ! -d "$mirror" ]]; then
    echo "skipped: mirror $repo absent ($name)"
    skip_count=$((skip_count + 1))
    continue
  fi
  if ! git -C "$mirror" cat-file -e "$commit^{commit}" 2>/dev/null; then
    echo "skipped: commit $commit not in mirror $repo ($name)"
    skip_count=$((skip_count + 1))
    continue
  fi
  out="$dest/$name"
  rm -rf "$out"
  if [[ "$kind" == app ]]; then
    target="$out/App"
  else
    target="$out"
  fi
  mkdir -p "$target"
  # file by file (not git archive): a mirror may lack its largest blobs; those are skipped
  missing=0
  while IFS=$'\t' read -r meta file; do
    rel="$file"
    [[ "$path" != . ]] && rel="${file#"$path"/}"
    sha="${meta##* }"
    mkdir -p "$target/$(dirname "$rel")"
    if ! git -C "$mirror" cat-file blob "$sha" >"$target/$rel" 2>/dev/null; then
      rm -f "$target/$rel"
      missing=$((missing + 1))
    fi
  done < <(git -C "$mirror" ls-tree -r "$commit" -- "$path" | grep -E '^100(644|755) blob ')
  [[ $missing -gt 0 ]] && echo "note: $name: $missing large file(s) absent from the mirror, left out"
  echo "extracted: $name ($repo ${commit:0:10} $path)"
  done_count=$((done_count + 1))
done <"$list"
echo "done: $done_count extracted, $skip_count skipped into $dest"
