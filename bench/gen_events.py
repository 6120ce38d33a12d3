#!/usr/bin/env python3
"""Writes a synthetic yearbrief project with N events, for timing `stats` on large logs.

Usage: gen_events.py DIR N [--files F] [--years FIRST-LAST] [--no-ids] [--list-all] [--limit L]

DIR gets report.toml and data/ (F files of events spread over the years, plus
sources.toml and partners.toml). The events cycle through the built-in kinds,
a pool of partner localities and currencies, so every indicator of the config
has work to do. The output is deterministic for the same arguments.
"""

import argparse
import os
import sys

KINDS = ["delegation-received", "delegation-sent", "agreement", "partnership",
         "conference", "festival", "investment", "aid", "other"]
COUNTRIES = ["JP", "KR", "US", "DE", "FR", "AU", "LA", "TH", "SG", "CN", "IN", "GB"]
TYPES = ["locality", "government", "company", "ngo", "organisation", "university"]

CONFIG = """# A synthetic project written by bench/gen_events.py.
[report]
title = {{ en = "Benchmark Review", vi = "Báo cáo thử" }}
organisation = {{ en = "Benchmark Department", vi = "Sở thử" }}
year = {last}
languages = ["en", "vi"]
data = "data"
output = "output/bench-{{year}}-{{lang}}.pdf"

[[indicator]]
id = "delegations-received"
label = "Delegations received"
unit = "delegations"
from-events = {{ kind = "delegation-received" }}

[[indicator]]
id = "agreements"
label = "Agreements signed"
unit = "agreements"
from-events = {{ kind = ["agreement", "partnership"] }}

[[indicator]]
id = "aid-usd"
label = "Foreign aid"
unit = "USD"
from-events = {{ kind = "aid", sum = "amount", currency = "USD" }}

[[indicator]]
id = "fdi-usd"
label = "Foreign direct investment"
unit = "USD"
from-events = {{ kind = "investment", sum = "amount", currency = "USD", cumulative = true }}

[[section]]
type = "highlights"
title = "The year at a glance"
indicators = ["delegations-received", "agreements", "aid-usd", "fdi-usd"]

[[section]]
type = "events"
title = "{events_title}"
kinds = [{events_kinds}]{events_limit}

[[section]]
type = "partners"
title = "Partner network"
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir")
    parser.add_argument("events", type=int)
    parser.add_argument("--files", type=int, default=0, help="number of event files [default: N/1000, at least 1]")
    parser.add_argument("--years", default="2015-2024", help="the years the events spread over")
    parser.add_argument("--no-ids", action="store_true", help="write events without an id")
    parser.add_argument("--list-all", action="store_true",
                        help="the events section lists every kind (a year's whole log), not only agreements")
    parser.add_argument("--limit", type=int, default=0,
                        help="the events section lists the L most notable events (and an annex lists all)")
    args = parser.parse_args()

    first, last = (int(y) for y in args.years.split("-"))
    years = list(range(first, last + 1))
    files = args.files or max(1, args.events // 1000)
    data = os.path.join(args.dir, "data")
    os.makedirs(data, exist_ok=True)
    with open(os.path.join(args.dir, "report.toml"), "w", encoding="utf-8") as out:
        kinds = KINDS if args.list_all else ["agreement", "partnership"]
        out.write(CONFIG.format(
            last=last,
            events_title="The year's events" if args.list_all else "Agreements",
            events_kinds=", ".join(f'"{k}"' for k in kinds),
            events_limit=f"\nlimit = {args.limit}" if args.limit else "",
        ))
        if args.limit:
            out.write('\n[[section]]\ntype = "annex"\ntitle = "Annex: every event of the year"\n')
    with open(os.path.join(data, "sources.toml"), "w", encoding="utf-8") as out:
        for year in years:
            out.write(f'[[source]]\nid = "bulletin-{year}"\ntitle = "Year-end bulletin {year}"\n'
                      f'publisher = "City Press"\npublished = "{year + 1}-01-10"\n\n')
    with open(os.path.join(data, "partners.toml"), "w", encoding="utf-8") as out:
        for i in range(200):
            out.write(f'[[partner]]\nname = "Sister City {i}"\ncountry = "{COUNTRIES[i % len(COUNTRIES)]}"\n'
                      f'type = "locality"\nsince = "{1995 + i % 25}"\nsource = "bulletin-{first}"\n\n')

    written = 0
    for f in range(files):
        count = args.events // files + (1 if f < args.events % files else 0)
        year = years[f % len(years)]
        folder = os.path.join(data, str(year))
        os.makedirs(folder, exist_ok=True)
        lines = []
        for i in range(count):
            n = written + i
            kind = KINDS[n % len(KINDS)]
            month = 1 + n % 12
            day = 1 + n % 28
            country = COUNTRIES[n % len(COUNTRIES)]
            ptype = "locality" if kind == "partnership" else TYPES[n % len(TYPES)]
            lines.append("[[event]]")
            if not args.no_ids:
                lines.append(f'id = "e{n}"')
            lines.append(f'date = "{year}-{month:02}-{day:02}"')
            lines.append(f'kind = "{kind}"')
            lines.append(f'title = {{ en = "Synthetic event {n} with partner {n % 500}", vi = "Sự kiện thử {n}" }}')
            lines.append(f'partners = [{{ name = "Partner {n % 500}", country = "{country}", type = "{ptype}" }}]')
            if kind in ("aid", "investment"):
                currency = "USD" if n % 5 else "EUR"
                lines.append(f'amount = {{ value = {10_000 + n % 1_000_000}, currency = "{currency}" }}')
            lines.append(f'source = "bulletin-{year}"')
            lines.append("")
        with open(os.path.join(folder, f"events-{f:05}.toml"), "w", encoding="utf-8") as out:
            out.write("\n".join(lines))
        written += count
    print(f"wrote {written} events in {files} files under {data}", file=sys.stderr)


if __name__ == "__main__":
    main()
