#!/usr/bin/env python3
"""Converts Natural Earth's 1:110m countries, as TopoJSON from the npm
package world-atlas, into assets/world-110m.txt, the compact file yearbrief
embeds to draw its `map` section. Run once; the output is committed.

    npm pack world-atlas@2.0.2 i18n-iso-countries@7.14.0
    tar xzf world-atlas-2.0.2.tgz          # -> package/countries-110m.json
    python3 tools/world_110m.py package/countries-110m.json codes.json > assets/world-110m.txt

codes.json is i18n-iso-countries' table of ISO 3166-1 codes (alpha-2,
alpha-3, numeric); only the numeric -> alpha-2 mapping is used.

The output is projected (Equal Earth, Šavrič, Patterson & Jenny 2018; the
same formulas are in src/view/map.rs), quantised to integers and simplified
(Douglas-Peucker on each shared arc, so neighbours keep a common border).
Rings crossing the antimeridian are cut in two; holes are left out (the one
at this scale is Lesotho's in South Africa: South Africa is written first).
Antarctica is left out.
"""
import json
import math
import sys

SCALE = 1000  # file units per projection unit
TOLERANCE_DEGREES = 0.15  # about 2.6 file units at the equator; the world is about 5400 wide

A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
M = math.sqrt(3) / 2


def equal_earth(lon, lat):
    lam, phi = math.radians(lon), math.radians(lat)
    theta = math.asin(M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)))
    y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))
    return x, y


def simplify(points, tol):
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        (ax, ay), (bx, by) = points[a], points[b]
        dx, dy = bx - ax, by - ay
        norm = math.hypot(dx, dy)
        best, index = -1.0, None
        for i in range(a + 1, b):
            px, py = points[i]
            if norm == 0:
                d = math.hypot(px - ax, py - ay)
            else:
                d = abs(dy * (px - ax) - dx * (py - ay)) / norm
            if d > best:
                best, index = d, i
        if index is not None and best > tol:
            keep[index] = True
            stack.append((a, index))
            stack.append((index, b))
    return [p for p, k in zip(points, keep) if k]


def clip(ring, inside):
    """Sutherland-Hodgman: the part of a ring on one side of lon = 180."""
    out = []
    for i, current in enumerate(ring):
        previous = ring[i - 1]
        if inside(current) != inside(previous):
            t = (180 - previous[0]) / (current[0] - previous[0])
            out.append((180.0, previous[1] + t * (current[1] - previous[1])))
        if inside(current):
            out.append(current)
    return out


def main(topo_path, codes_path):
    topo = json.load(open(topo_path))
    numeric = {row[2]: row[0] for row in json.load(open(codes_path))}
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    # Arcs in degrees, simplified in degrees (shared arcs are simplified
    # once, so neighbours keep a common border).
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(simplify(points, TOLERANCE_DEGREES))

    def degrees(indices):
        out = []
        for i in indices:
            arc = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
            out.extend(arc if not out else arc[1:])
        return out

    def project(ring):
        pts = []
        for lon, lat in ring:
            x, y = equal_earth(lon, lat)
            p = (round(x * SCALE), round(y * SCALE))
            if not pts or pts[-1] != p:
                pts.append(p)
        if len(pts) > 1 and pts[0] == pts[-1]:
            pts.pop()
        return pts if len(pts) >= 3 else None

    def rings(indices):
        """A ring, or the two pieces of one that crosses the antimeridian
        (Russia's Chukotka, Fiji): each piece clipped to its side."""
        ring = degrees(indices)
        crosses = any(abs(a[0] - b[0]) > 180 for a, b in zip(ring, ring[1:] + ring[:1]))
        if not crosses:
            return [project(ring)]
        east = [((lon + 360) % 360, lat) for lon, lat in ring]
        west_piece = clip(east, lambda p: p[0] <= 180)
        east_piece = [(lon - 360, lat) for lon, lat in clip(east, lambda p: p[0] >= 180)]
        return [project(west_piece), project(east_piece)]

    lines = []
    for geometry in topo["objects"]["countries"]["geometries"]:
        code = numeric.get(geometry.get("id"), "-") if geometry.get("id") else "-"
        if code == "AQ":
            continue
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        # Outer rings only: a hole (South Africa's, where Lesotho is) is
        # left out, and the country with it is written first, so that what
        # fills the hole is drawn over it.
        holes = any(len(polygon) > 1 for polygon in polygons)
        shape = [r for polygon in polygons for r in rings(polygon[0]) if r]
        if not shape:
            continue
        name = geometry["properties"]["name"]
        text = ";".join(" ".join(f"{x},{y}" for x, y in r) for r in shape)
        lines.append((not holes, code, name, text))
    lines.sort(key=lambda line: (line[0], line[1] == "-", line[1], line[2]))
    print("# Country outlines for yearbrief's `map` section.")
    print("# Origin: Natural Earth 1:110m Cultural Vectors, Admin 0 - Countries (public domain,")
    print("#   https://www.naturalearthdata.com/about/terms-of-use/), as TopoJSON in the npm")
    print("#   package world-atlas 2.0.2 (ISC licence, Copyright 2013-2019 Michael Bostock).")
    print("# ISO 3166-1 numeric -> alpha-2 from the npm package i18n-iso-countries 7.14.0 (MIT).")
    print("# Made by tools/world_110m.py: Equal Earth projection, x east and y north, in")
    print(f"#   1/{SCALE} of the projection's unit, rounded; simplified to {TOLERANCE_DEGREES} degrees; no Antarctica.")
    print("# One country a line: its alpha-2 code (`-` for land with no code of its own),")
    print("#   then its rings separated by `;`, each a list of `x,y` points. Outer rings only:")
    print("#   a country with holes comes first, so that what fills them is drawn over it.")
    for _, code, _, text in lines:
        print(f"{code} {text}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
