#!/usr/bin/env bash
# Whole-process timings of the built binary (make bench-cli): start-up
# (stats, --help), one PDF, every format, and 10,000 questions in every
# format with peak memory. Uses hyperfine when installed, else a loop of
# runs timed by the shell. When pandoc and WeasyPrint are installed it also
# times them making a PDF of the same article, for the ratio.
set -euo pipefail
bin=${1:-bin/xopsexport}
runs=${RUNS:-20}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XOPSEXPORT_DATA_DIR=$work/data SOURCE_DATE_EPOCH=1764028800

median() { # command... : median wall time in ms over $runs runs
  local ts=()
  for _ in $(seq "$runs"); do
    local s=$(date +%s%N)
    "$@" >/dev/null 2>&1
    ts+=($(( ($(date +%s%N) - s) / 1000 )))
  done
  printf '%s\n' "${ts[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1000}'
}

time_cmd() { # label command...
  local label=$1 ms; shift
  if command -v hyperfine >/dev/null; then
    ms=$(hyperfine -N -w 3 -r "$runs" --export-json "$work/h.json" "$*" >/dev/null 2>&1 &&
      python3 -c 'import json,sys; print("%.1f" % (json.load(open(sys.argv[1]))["results"][0]["median"]*1000))' "$work/h.json")
  else
    ms=$(median "$@")
  fi
  last_ms=$ms
  printf '%-34s %8s ms (median of %d)\n' "$label" "$ms" "$runs"
}

mkdir -p "$work/out"
time_cmd "stats" "$bin" stats
time_cmd "--help" "$bin" --help
time_cmd "pdf (study sheet, 109 questions)" "$bin" pdf -o "$work/study.pdf"
pdf_ms=$last_ms
time_cmd "export (every format)" "$bin" export -d "$work/out"

# 10,000 questions: the article's blocks repeated with unique questions.
python3 - "$work/big.txt" <<'PY'
import re, sys
src = open("source/article.txt", encoding="utf-8").read()
head, *sections = re.split(r"(?m)^(?=\S.*Interview Questions)", src)
out, n = [head], 0
while n < 10000:
    for s in sections:
        out.append(re.sub(r"(?m)^(Q\d+:.*?)(\?)?$", lambda m: m.group(1) + f" (case {n}-{len(out)})" + (m.group(2) or ""), s))
        n += s.count("\nQ")
open(sys.argv[1], "w", encoding="utf-8").write("".join(out))
PY
n=$("$bin" stats -s "$work/big.txt" 2>/dev/null | awk '$1=="total"{print $2}')
/usr/bin/time -f '%e s %M KB' -o "$work/t" "$bin" export -s "$work/big.txt" -d "$work/big" >/dev/null 2>&1 || true
printf '%-34s %s (wall, peak RSS)\n' "export, $n questions" "$(cat "$work/t")"

if command -v pandoc >/dev/null && command -v weasyprint >/dev/null; then
  time_cmd "pandoc + WeasyPrint (same article)" pandoc -f markdown source/article.txt --pdf-engine=weasyprint -o "$work/pandoc.pdf"
  awk -v a="$last_ms" -v b="$pdf_ms" 'BEGIN { printf "%-34s %8.1f×\n", "pdf speed-up over pandoc", a / b }'
else
  echo "pandoc + WeasyPrint: not installed (apt-get install pandoc weasyprint for the ratio)"
fi
