#!/usr/bin/env bash
# Times `yearbrief import` of a workbook of N events (default 50,000): see
# docs/performance.md, "Issue 13: import". Nothing here asserts a time.
#
#   bench/import.sh [N]        RUNS=3 by default
#
# bench/gen_events.py writes a synthetic project of N events of one year;
# `events list --format xlsx` exports them (timed too); the event files are
# then removed, so the project keeps its sources and partners but no event,
# and each run imports the workbook into a fresh copy of it: a dry run, a
# real import (a new data file of N records, checked against the whole data
# set), and a second import of the same workbook (every row skipped).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
bin=$repo/target/debug/yearbrief
n=${1:-50000}
runs=${RUNS:-3}

(cd "$repo" && cargo build --quiet)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 "$repo/bench/gen_events.py" "$work/full" "$n" --years 2024-2024 >/dev/null
seconds() { python3 -c 'import sys; print(f"{float(sys.argv[2]) - float(sys.argv[1]):.2f}")' "$@"; }
now() { date +%s.%N; }

start=$(now)
"$bin" events list --config "$work/full/report.toml" --format xlsx --output "$work/events.xlsx" >/dev/null
echo "export of $n events to xlsx: $(seconds "$start" "$(now)") s ($(du -k "$work/events.xlsx" | cut -f1) KiB)"

cp -r "$work/full" "$work/empty"
rm -rf "$work/empty/data/2024"

for run in $(seq "$runs"); do
    rm -rf "$work/p" && cp -r "$work/empty" "$work/p"
    start=$(now)
    "$bin" import "$work/events.xlsx" --config "$work/p/report.toml" --dry-run >/dev/null
    dry=$(seconds "$start" "$(now)")
    start=$(now)
    "$bin" import "$work/events.xlsx" --config "$work/p/report.toml" >/dev/null
    real=$(seconds "$start" "$(now)")
    start=$(now)
    again=$("$bin" import "$work/events.xlsx" --config "$work/p/report.toml")
    second=$(seconds "$start" "$(now)")
    case "$again" in *"$n rows already in the log"*) ;; *) echo "the second import added something: $again" >&2; exit 1 ;; esac
    echo "run $run: import of $n rows: dry run $dry s, import $real s, second import (all skipped) $second s"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
