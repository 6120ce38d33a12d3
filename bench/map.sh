#!/usr/bin/env bash
# What the `map` section costs: the bundled report (English) built with and
# without its map section, and a copy whose network has 1 to 6 partner
# localities in each of 50 more countries, with and without the map.
#   bench/map.sh            # RUNS=15 rounds by default; HYPERFINE=1 adds hyperfine's view
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-15}
cargo build --quiet --manifest-path "$repo/Cargo.toml"
bin="$repo/target/debug/yearbrief"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=1735689600

make() { # make NAME WITH_MAP(0/1) FIFTY(0/1)
  local dir="$work/$1"
  mkdir -p "$dir"
  cp -r "$repo/config" "$repo/seeds" "$dir/"
  if [ "$2" = 0 ]; then
    python3 - "$dir/config/report.toml" <<'PY'
import re, sys
path = sys.argv[1]
text = open(path).read()
text, n = re.subn(r'\[\[section\]\]\ntype = "map"\n(?:[^\n]+\n)*\n', '', text)
assert n == 1, "the bundled config has one map section"
open(path, "w").write(text)
PY
  fi
  if [ "$3" = 1 ]; then
    python3 - "$repo/assets/world-110m.txt" "$dir/seeds/danang/partners.toml" <<'PY'
import sys
codes = [l.split(" ", 1)[0] for l in open(sys.argv[1]) if not l.startswith("#") and not l.startswith("-")]
codes = [c for c in codes if c not in ("VN",)][::3][:50]
assert len(codes) == 50
with open(sys.argv[2], "a") as out:
    for i, code in enumerate(codes):
        for j in range(1 + i % 6):
            out.write(f'\n[[partner]]\nname = "Bench {code} {j}"\ncountry = "{code}"\ntype = "locality"\nsince = 2020\nsource = "dnt-2014-10-29"\n')
PY
  fi
  echo "$dir"
}

a=$(make nomap 0 0); b=$(make map 1 0); c=$(make nomap50 0 1); d=$(make map50 1 1)
for dir in "$a" "$b" "$c" "$d"; do (cd "$dir" && "$bin" build --lang en --quiet); done
# Interleaved: each round builds all four once, in turn, so that load from
# elsewhere falls on all alike; medians of wall and CPU (user + system) time.
python3 - "$bin" "$runs" "$a" "$b" "$c" "$d" <<'PY'
import os, resource, statistics, subprocess, sys, time
bin, runs, dirs = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
names = ["bundled, no map", "bundled, map", "50 more countries, no map", "50 more countries, map"]
wall = {n: [] for n in names}
cpu = {n: [] for n in names}
for _ in range(runs):
    for name, d in zip(names, dirs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([bin, "build", "--config", f"{d}/config/report.toml", "--lang", "en", "--quiet"], check=True)
        wall[name].append((time.perf_counter() - start) * 1000)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu[name].append((after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000)
print(f"{runs} interleaved rounds; median wall / CPU in ms")
for name in names:
    print(f"{name:28} {statistics.median(wall[name]):6.0f} {statistics.median(cpu[name]):6.0f}")
for base, with_map in ((names[0], names[1]), (names[2], names[3])):
    extra_wall = [m - n for n, m in zip(wall[base], wall[with_map])]
    extra_cpu = [m - n for n, m in zip(cpu[base], cpu[with_map])]
    print(f"map's cost over '{base}': wall {statistics.median(extra_wall):.0f} ms, CPU {statistics.median(extra_cpu):.0f} ms (medians of the pairs)")
PY
[ -n "${HYPERFINE:-}" ] && hyperfine -N --warmup 2 --runs "$runs" \
  -n "bundled, no map" "$bin build --config $a/config/report.toml --lang en --quiet" \
  -n "bundled, map" "$bin build --config $b/config/report.toml --lang en --quiet" \
  -n "50 more countries, no map" "$bin build --config $c/config/report.toml --lang en --quiet" \
  -n "50 more countries, map" "$bin build --config $d/config/report.toml --lang en --quiet"
for dir in "$a" "$b" "$c" "$d"; do
  printf '%s: %s bytes, %s pages\n' "$(basename "$dir")" "$(stat -c %s "$dir/output/danang-2024-en.pdf")" \
    "$(pdfinfo "$dir/output/danang-2024-en.pdf" | awk '/^Pages/ {print $2}')"
done
