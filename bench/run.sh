#!/usr/bin/env bash
# Times yearbrief on this machine; see docs/performance.md for what each part
# measures and the numbers last recorded. Nothing here asserts a time.
#
#   bench/run.sh [build] [parallel] [typst] [watch] [stats] [cache] [watch-large] [map] [big]
#                                   (no argument: all nine)
#
# `big` typesets one year with 500 to 5,000 events listed (BIG_SIZES), in
# English, and the 5,000 with `limit = 40` and an annex; BEFORE_BIN names an
# older binary to time in the same run, up to BEFORE_MAX events.
#
# It uses the dev-profile binary (target/debug/yearbrief): the dependencies,
# typst above all, are compiled at opt-level 3 in that profile, yearbrief's own
# code at opt-level 2. A release build of typst takes 12+ minutes on 2 cores.
# BIN=path/to/yearbrief measures another binary (an older build, say) instead.
# hyperfine is used when installed (apt-get install hyperfine), else a loop.
# The typst part needs the official CLI of the same version on PATH
# (cargo install --locked typst-cli --version 0.15.1); it is skipped without it.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
bin=${BIN:-$repo/target/debug/yearbrief}   # BIN=path measures another binary (an A/B)
runs=${RUNS:-10}
parts=("$@")
[ ${#parts[@]} -eq 0 ] && parts=(build parallel typst watch stats cache watch-large map big)
export SOURCE_DATE_EPOCH=1735689600

[ -n "${BIN:-}" ] || (cd "$repo" && cargo build --quiet)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$repo/config" "$repo/seeds" "$work/"
rm -rf "$work/config/.yearbrief-cache"   # the cache of a run in the repository
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
      time_cmd "typst compile ($lang)" typst compile --features a11y-extras --ignore-system-fonts --font-path "$repo/fonts" \
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
    cli() { printf 'typst compile --features a11y-extras --ignore-system-fonts --font-path %q --pdf-standard a-2b output/danang-2024-%s.typ %q; ' \
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

# gen N [ARGS]: a synthetic project of N events in $work/gen-N (bench/gen_events.py).
gen() {
  python3 "$repo/bench/gen_events.py" "$work/gen-$1" "$@" 2>/dev/null
  du -sh "$work/gen-$1/data" | awk -v n="$1" '{ print n " events, data size: " $1 }'
}

# edit_one FILE: changes one event's English title in FILE (a new word each time).
cat >"$work/edit_one.py" <<'PY'
import re, sys, time
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
text = re.sub(r'(title = \{ en = "Synthetic event \d+)[^"]*"', r'\1 edit %d"' % time.monotonic_ns(), text, count=1)
open(path, "w", encoding="utf-8").write(text)
PY
edit_one() { python3 "$work/edit_one.py" "$1"; }

# drop_events_section CONFIG: leaves out the synthetic config's `events`
# section (every agreement of the year, about 2,200 at 100,000 events).
drop_events_section() {
  python3 - "$1" <<'PY'
import sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
start = text.index('[[section]]\ntype = "events"')
end = text.index('[[section]]', start + 1)
open(path, "w", encoding="utf-8").write(text[:start] + text[end:])
PY
}

if has stats; then
  echo "== stats: aggregation of large logs, cold (no cache) =="
  for n in ${STATS_SIZES:-100000 1000000}; do
    files=$((n / 2500)); [ "$files" -ge 40 ] || files=40
    gen "$n" --files "$files"
    rm -rf "$work/gen-$n/.yearbrief-cache"
    /usr/bin/time -v "$bin" stats --config "$work/gen-$n/report.toml" --year 2024 --format json \
      2>"$work/time-$n" >/dev/null
    grep -E 'Elapsed|Maximum resident' "$work/time-$n" | sed "s/^\s*/$n events: /"
    rm -rf "$work/gen-$n"
  done
fi

if has cache; then
  n=${CACHE_EVENTS:-1000000}
  echo "== cache: stats of $n events (400 files) cold, warm, and after editing one file =="
  gen "$n" --files 400
  config=$work/gen-$n/report.toml
  one=$(ls "$work/gen-$n/data/2024/"*.toml | head -1)
  stats=("$bin" stats --config "$config" --year 2024 --format json)
  if command -v hyperfine >/dev/null; then
    hyperfine -N -r "${CACHE_RUNS:-5}" --prepare "rm -rf $work/gen-$n/.yearbrief-cache" -n cold "$(printf '%q ' "${stats[@]}")" \
      | grep -E 'Time|Range' | sed 's/^/cold: /'
    "${stats[@]}" >/dev/null
    hyperfine -N -w 1 -r "${CACHE_RUNS:-5}" -n warm "$(printf '%q ' "${stats[@]}")" | grep -E 'Time|Range' | sed 's/^/warm: /'
    hyperfine -N -r "${CACHE_RUNS:-5}" --prepare "python3 $work/edit_one.py $one" \
      -n "one file edited" "$(printf '%q ' "${stats[@]}")" | grep -E 'Time|Range' | sed 's/^/one file edited: /'
  else
    rm -rf "$work/gen-$n/.yearbrief-cache"
    /usr/bin/time -f "cold: %e s, %M KB" "${stats[@]}" >/dev/null
    /usr/bin/time -f "warm: %e s, %M KB" "${stats[@]}" >/dev/null
    edit_one "$one"
    /usr/bin/time -f "one file edited: %e s, %M KB" "${stats[@]}" >/dev/null
  fi
  "${stats[@]}" >/dev/null
  /usr/bin/time -f "peak memory, warm: %M KB" "${stats[@]}" >/dev/null
  edit_one "$one"
  /usr/bin/time -f "peak memory, one file edited: %M KB" "${stats[@]}" >/dev/null
  du -sh "$work/gen-$n/.yearbrief-cache" | awk '{ print "cache size: " $1 }'
  # `build --lang en` after editing one file, with a config of usual length
  # (the generated one without its 2,200-event `events` section): the
  # report year's files are read whole, the others only as totals.
  drop_events_section "$config"
  build=("$bin" build --config "$config" --lang en)
  "${build[@]}" >/dev/null
  for _ in 1 2 3 4 5; do
    edit_one "$one"
    /usr/bin/time -f "build --lang en, one file edited: %e s, %M KB" "${build[@]}" 2>&1 >/dev/null | tail -1
  done
  rm -rf "$work/gen-$n"
fi

if has watch-large; then
  n=${WATCH_EVENTS:-100000}
  edits=${EDITS:-10}
  echo "== watch-large: rebuilds of a $n-event log after one-event edits =="
  gen "$n"
  dir=$work/gen-$n
  # The synthetic config's `events` section lists every agreement of the year
  # (about 2,200 at 100,000 events, 149 pages); SHORT=1 leaves it out, so that
  # the time is the data's rather than the typesetting of that list.
  if [ -n "${SHORT:-}" ]; then
    drop_events_section "$dir/report.toml"
  fi
  "$bin" watch --config "$dir/report.toml" >"$work/watch-large.out" 2>"$work/watch-large.err" &
  pid=$!
  lines() { grep -cE '^(re)?built ' "$work/watch-large.out" || true; }
  wait_for() { # wait_for N: until stdout has N build lines (120 s at most)
    for _ in $(seq 1200); do [ "$(lines)" -ge "$1" ] && return 0; sleep 0.1; done
    echo "watch did not rebuild in time" >&2; cat "$work/watch-large.err" >&2; kill "$pid"; exit 1
  }
  wait_for 2
  one=$(ls "$dir/data/2024/"*.toml | head -1)
  for i in $(seq "$edits"); do
    edit_one "$one"
    wait_for $((2 + 2 * i))
    sleep 0.5
  done
  kill -INT "$pid"; wait "$pid" || true
  grep -E '^(re)?built ' "$work/watch-large.out"
  # The first language's time includes loading the data; the second's is typesetting alone.
  awk '/^rebuilt .* in [0-9]+ ms/ { for (i = 1; i <= NF; i++) if ($i == "in") t = $(i + 1); n++; print ((n % 2) ? "first" : "second"), t }' \
    "$work/watch-large.out" | sort -k1,1 -k2n | awk '
      { a[$1, ++c[$1]] = $2 }
      END { for (k in c) printf "%s language: %d rebuilds, median %d ms, min %d ms, max %d ms\n", k, c[k], a[k, int((c[k] + 1) / 2)], a[k, 1], a[k, c[k]] }'
  rm -rf "$dir"
fi

if has map; then
  echo "== map: what the map section costs, 6 and 56 countries shaded =="
  RUNS=${MAP_RUNS:-15} bash "$repo/bench/map.sh"
fi

if has big; then
  echo "== big: one year's whole log listed, English only (wall, peak memory, pages) =="
  # big_run LABEL BIN DIR: one build, its time, memory and pages.
  big_run() {
    local label=$1 bin_used=$2 dir=$3 out
    out=$( (cd "$dir" && /usr/bin/time -f "%e s, %M KB" "$bin_used" build --config report.toml --lang en 2>&1) | tr '\n' ' ')
    echo "$label: $out"
  }
  for n in ${BIG_SIZES:-500 1000 2000 5000}; do
    python3 "$repo/bench/gen_events.py" "$work/big-$n" "$n" --years 2024-2024 --list-all 2>/dev/null
    big_run "$n events" "$bin" "$work/big-$n"
    if [ -n "${BEFORE_BIN:-}" ] && [ "$n" -le "${BEFORE_MAX:-2000}" ]; then
      big_run "$n events, before" "$BEFORE_BIN" "$work/big-$n"
    fi
    rm -rf "$work/big-$n"
  done
  python3 "$repo/bench/gen_events.py" "$work/big-limit" 5000 --years 2024-2024 --list-all --limit 40 2>/dev/null
  big_run "5000 events, limit = 40 and an annex" "$bin" "$work/big-limit"
  rm -rf "$work/big-limit"
fi
