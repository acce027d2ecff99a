#!/usr/bin/env python3
"""Write a laid-out Portolan design as a Graphviz graph with the same positions and
edge labels, for comparing our PDF export with `neato -n2 -Tpdf` (README, Performance).

    scripts/graphviz-reference.py DESIGN.portolan FLOWS.csv > design.dot
    neato -n2 -Tpdf design.dot -o design.pdf

FLOWS.csv is `portolan flows DESIGN`. Scene units are used as points, y flipped
(Graphviz's y grows upwards); site frames become boxes drawn behind the nodes.
"""
import json
import sys
from graphvizdot import label, quote, read_edges


def main():
    design = json.load(open(sys.argv[1], encoding='utf-8'))
    edges = read_edges(sys.argv[2])
    out = sys.stdout
    out.write('digraph portolan {\n  node [shape=box, fixedsize=true, width=2.78, height=0.83, fontsize=9];\n')
    out.write('  edge [fontsize=7];\n')
    for site in design.get('sites', []):
        frame = site.get('frame')
        if not frame:
            continue
        cx = frame['x'] + frame['width'] / 2
        cy = -(frame['y'] + frame['height'] / 2)
        out.write('  %s [label=%s, pos="%g,%g", width=%g, height=%g, labelloc=t, style=dashed];\n' % (
            quote('site ' + site['code']), quote(site['code'] + ' · ' + site.get('name', '')), cx, cy,
            frame['width'] / 72, frame['height'] / 72))
    for kind in ('servers', 'clientGroups', 'consoles', 'endpoints'):
        for node in design.get(kind, []):
            out.write('  %s [pos="%g,%g"];\n' % (quote(node['name']), node.get('x', 0), -node.get('y', 0)))
    for (source, destination), rows in edges.items():
        out.write('  %s -> %s [label=%s];\n' % (quote(source), quote(destination), quote(label(rows))))
    out.write('}\n')


if __name__ == '__main__':
    main()
