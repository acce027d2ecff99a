#!/usr/bin/env python3
"""How often Graphviz `dot` crosses the lines of a design's diagram, as a reference for the
single-page drawing (README, "The diagram set on paper"; tests/views/crossingtests.cpp).

    portolan flows DESIGN.portolan > flows.csv
    scripts/graphviz-crossings.py DESIGN.portolan flows.csv [--dot OUT.dot]

Gives `dot` the same edges as the drawing (one per source and destination, labelled with its
ports) with each site's servers as a cluster, lets it lay them out, and counts the points where
a segment of one edge's spline (each Bezier piece flattened into 16 segments) crosses a segment
of another, ends shared by two edges not counted: the count tests/views/crossingtests.cpp makes
on the routes Portolan paints. Prints the crossings and the size of the drawing in points.
"""
import json
import subprocess
import sys
from collections import defaultdict

from graphvizdot import label, quote, read_edges


def graph(design, edges):
    out = ['digraph portolan {',
           '  node [shape=box, fixedsize=true, width=2.78, height=0.83, fontsize=9];',
           '  edge [fontsize=7];']
    by_site = defaultdict(list)
    for node in design.get('servers', []):
        by_site[node.get('site', '')].append(node['name'])
    for site in design.get('sites', []):
        out.append('  subgraph %s {' % quote('cluster_' + site['id']))
        out.append('    label=%s;' % quote(site['code'] + ' · ' + site.get('name', '')))
        for name in by_site.pop(site['id'], []):
            out.append('    %s;' % quote(name))
        out.append('  }')
    for names in by_site.values():
        for name in names:
            out.append('  %s;' % quote(name))
    for kind in ('clientGroups', 'consoles', 'endpoints'):
        for node in design.get(kind, []):
            out.append('  %s;' % quote(node['name']))
    for (source, destination), rows in edges.items():
        out.append('  %s -> %s [label=%s];' % (quote(source), quote(destination), quote(label(rows))))
    out.append('}')
    return '\n'.join(out) + '\n'


def bezier(points, steps=16):
    """A spline's control points (1 + 3k of them) as a polyline."""
    line = [points[0]]
    for i in range(0, len(points) - 3, 3):
        p0, p1, p2, p3 = points[i:i + 4]
        for s in range(1, steps + 1):
            t = s / steps
            u = 1 - t
            line.append((u * u * u * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t * t * t * p3[0],
                         u * u * u * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t * t * t * p3[1]))
    return line


def intersection(a, b, c, d):
    """Where segment ab crosses segment cd, or None."""
    r = (b[0] - a[0], b[1] - a[1])
    s = (d[0] - c[0], d[1] - c[1])
    den = r[0] * s[1] - r[1] * s[0]
    if abs(den) < 1e-12:
        return None
    t = ((c[0] - a[0]) * s[1] - (c[1] - a[1]) * s[0]) / den
    u = ((c[0] - a[0]) * r[1] - (c[1] - a[1]) * r[0]) / den
    # Half open: where two segments of one line join, a crossing is counted once.
    if 0 <= t < 1 and 0 <= u < 1:
        return (a[0] + t * r[0], a[1] + t * r[1])
    return None


def crossings(lines):
    count = 0
    boxes = [(min(x for x, _ in l) - 1, min(y for _, y in l) - 1, max(x for x, _ in l) + 1,
              max(y for _, y in l) + 1) for l in lines]
    for i in range(len(lines)):
        for j in range(i + 1, len(lines)):
            bi, bj = boxes[i], boxes[j]
            if bi[2] < bj[0] or bj[2] < bi[0] or bi[3] < bj[1] or bj[3] < bi[1]:
                continue
            for k in range(1, len(lines[i])):
                for m in range(1, len(lines[j])):
                    a, b, c, d = lines[i][k - 1], lines[i][k], lines[j][m - 1], lines[j][m]
                    at = intersection(a, b, c, d)
                    if at is None:
                        continue
                    # Meeting at an end (two edges leaving one box at the same point) is not
                    # a crossing.
                    ends = (lines[i][0], lines[i][-1], lines[j][0], lines[j][-1])
                    if any(abs(at[0] - e[0]) < 0.5 and abs(at[1] - e[1]) < 0.5 for e in ends):
                        continue
                    count += 1
    return count


def main():
    args = sys.argv[1:]
    dot_out = None
    if '--dot' in args:
        i = args.index('--dot')
        dot_out = args[i + 1]
        del args[i:i + 2]
    design = json.load(open(args[0], encoding='utf-8'))
    edges = read_edges(args[1], skip_local=True)
    text = graph(design, edges)
    if dot_out:
        open(dot_out, 'w', encoding='utf-8').write(text)
    laid = json.loads(subprocess.run(['dot', '-Tjson'], input=text, capture_output=True, text=True,
                                     check=True).stdout)
    lines = []
    for edge in laid.get('edges', []):
        for draw in edge.get('_draw_', []):
            if draw.get('op') == 'b':
                lines.append(bezier([tuple(p) for p in draw['points']]))
    x0, y0, x1, y1 = (float(v) for v in laid['bb'].split(','))
    print('%d edges, %d crossings, drawing %d x %d points' % (len(lines), crossings(lines), x1 - x0, y1 - y0))


if __name__ == '__main__':
    main()
