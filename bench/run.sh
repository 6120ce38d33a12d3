#!/usr/bin/env bash
# Times yearbrief on this machine; see docs/performance.md for what each part
# measures and the numbers last recorded. Nothing here asserts a time.
#
#   bench/run.sh [build] [parallel] [typst] [watch] [stats]    (no argument: all five)
#
# It uses the dev-profile binary (target/debug/yearbrief): the dependencies,
# typst above all, are compiled at opt-level 3 in that profile, yearbrief's own
# code at opt-level 2. A release build of typst takes 12+ minutes on 2 cores.
# hyperfine is used when installed (apt-get install hyperfine), else a loop.
# The typst part needs the official CLI of the same version on PATH
# (cargo install --locked typst-cli --version 0.15.1); it is skipped without it.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
bin=${BIN:-$repo/target/debug/yearbrief}   # BIN=path measures another binary (an A/B)
runs=${RUNS:-10}
parts=("$@")
[ ${#parts[@]} -eq 0 ] && parts=(build parallel typst watch stats)
export SOURCE_DATE_EPOCH=1735689600

(cd "$repo" && cargo build --quiet)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$repo/config" "$repo/seeds" "$work/"
cd "$work"

# time_cmd LABEL CMD...: hyperfine, or the mean of $runs runs after one warm-up.
time_cmd() {
  local label=$1; shift
  if command -v hyperfine >/dev/null; then
    echo "$label:"
    hyperfine -N -w 2 -r "$runs" -n "$label" "$(printf '%q ' "$@")" | grep -E 'Time|Range'
  else
    "$@" >/dev/null
    local total=0 start end
    for _ in $(seq "$runs"); do
      start=$(date +%s%N); "$@" >/dev/null; end=$(date +%s%N)
      total=$((total + end - start))
    done
    echo "$label: mean $((total / runs / 1000000)) ms over $runs runs"
  fi
}

has() { printf '%s\n' "${parts[@]}" | grep -qx "$1"; }

if has build; then
  echo "== build: the bundled report, whole process =="
  time_cmd "yearbrief build (en)" "$bin" build --config config/report.toml --lang en --quiet
  time_cmd "yearbrief build (en, vi)" "$bin" build --config config/report.toml --quiet
  /usr/bin/time -f "peak memory of build (en, vi): %M KB" "$bin" build --config config/report.toml --quiet
fi

if has parallel; then
  # `build` typesets the languages at the same time, one thread each; the
  # hidden flag --sequential typesets them one after the other in the same
  # process, for this comparison. The PDFs are the same either way.
  echo "== parallel: one language, and both typeset at once or one after the other =="
  one=("$bin" build --config config/report.toml --lang en --quiet)
  both=("$bin" build --config config/report.toml --quiet)
  if command -v hyperfine >/dev/null; then
    hyperfine -N -w 2 -r "$runs" -n "build (en)" "$(printf '%q ' "${one[@]}")" \
      -n "build (en, vi) at once" "$(printf '%q ' "${both[@]}")" \
      -n "build (en, vi) one after the other" "$(printf '%q ' "${both[@]}") --sequential" \
      | grep -E 'Benchmark|Time|Range|faster'
  else
    time_cmd "build (en)" "${one[@]}"
    time_cmd "build (en, vi) at once" "${both[@]}"
    time_cmd "build (en, vi) one after the other" "${both[@]}" --sequential
  fi
  /usr/bin/time -f "peak memory of build (en, vi) at once: %M KB" "${both[@]}"
  /usr/bin/time -f "peak memory of build (en, vi) one after the other: %M KB" "${both[@]}" --sequential
fi

if has typst; then
  echo "== typst: the official CLI on the generated source =="
  "$bin" build --config config/report.toml --emit typst --quiet
  if command -v typst >/dev/null; then
    typst --version
    for lang in en vi; do
      time_cmd "typst compile ($lang)" typst compile --ignore-system-fonts --font-path "$repo/fonts" \
        --pdf-standard a-2b "output/danang-2024-$lang.typ" "$work/cli-$lang.pdf"
      # Same pages: render both PDFs and compare them page by page.
      rm -f "$work"/page-*.png
      pdftoppm -png -r 60 "$work/cli-$lang.pdf" "$work/page-cli"
      pdftoppm -png -r 60 "output/danang-2024-$lang.pdf" "$work/page-yb"
      differing=0
      for cli_page in "$work"/page-cli-*.png; do
        cmp -s "$cli_page" "${cli_page/page-cli/page-yb}" || differing=$((differing + 1))
      done
      echo "typst CLI vs yearbrief ($lang): $(ls "$work"/page-cli-*.png | wc -l) pages, $differing differ at 60 dpi"
    done
    # The whole job, config to both PDFs, against the CLI compiling the two
    # already generated sources one after the other; both through sh -c.
    cli() { printf 'typst compile --ignore-system-fonts --font-path %q --pdf-standard a-2b output/danang-2024-%s.typ %q; ' \
      "$repo/fonts" "$1" "$work/cli-$1.pdf"; }
    if command -v hyperfine >/dev/null; then
      hyperfine -N -w 2 -r "$runs" -n "yearbrief build (en, vi)" "sh -c '$bin build --config config/report.toml --quiet'" \
        -n "typst compile en; typst compile vi" "sh -c '$(cli en)$(cli vi)'" | grep -E 'Benchmark|Time|Range|faster'
    else
      time_cmd "yearbrief build (en, vi)" sh -c "$bin build --config config/report.toml --quiet"
      time_cmd "typst compile en; typst compile vi" sh -c "$(cli en)$(cli vi)"
    fi
  else
    echo "typst is not on PATH: comparison skipped (cargo install --locked typst-cli --version 0.15.1)"
  fi
fi

if has watch; then
  echo "== watch: cold build, then rebuilds after one-event edits =="
  edits=${EDITS:-10}
  "$bin" watch --config config/report.toml >"$work/watch.out" 2>"$work/watch.err" &
  pid=$!
  wait_lines() { # wait_lines N: until stdout has N build lines (60 s at most)
    for _ in $(seq 600); do
      [ "$(grep -cE '^(re)?built ' "$work/watch.out" || true)" -ge "$1" ] && return 0
      sleep 0.1
    done
    echo "watch did not rebuild in time" >&2; cat "$work/watch.err" >&2; kill "$pid"; exit 1
  }
  wait_lines 2
  file=seeds/danang/2024.toml
  for i in $(seq "$edits"); do
    # One event's English title changes; everything else stays as it was.
    sed -i "0,/investors gather[^\"]*\"/s//investors gather (edit $i)\"/" "$file"
    wait_lines $((2 + 2 * i))
    sleep 0.3
  done
  touch config/templates/outlook.typ.hbs
  wait_lines $((4 + 2 * edits))
  kill -INT "$pid"; wait "$pid" || true
  grep -E '^(re)?built ' "$work/watch.out"
  awk '/^rebuilt .* in [0-9]+ ms/ { for (i = 1; i <= NF; i++) if ($i == "in") print $(i + 1) }' "$work/watch.out" \
    | sort -n | awk '{ a[NR] = $1 } END { if (NR) printf "warm rebuilds: %d, median %d ms, min %d ms, max %d ms\n", NR, a[int((NR + 1) / 2)], a[1], a[NR] }'
fi

if has stats; then
  echo "== stats: aggregation of large logs =="
  for n in ${STATS_SIZES:-100000 1000000}; do
    python3 "$repo/bench/gen_events.py" "$work/gen-$n" "$n"
    du -sh "$work/gen-$n/data" | awk '{ print "data size: " $1 }'
    /usr/bin/time -v "$bin" stats --config "$work/gen-$n/report.toml" --year 2024 --format json \
      2>"$work/time-$n" >/dev/null
    grep -E 'Elapsed|Maximum resident' "$work/time-$n" | sed "s/^\s*/$n events: /"
    rm -rf "$work/gen-$n"
  done
fi
