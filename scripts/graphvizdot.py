"""What the Graphviz comparison scripts share: a design's flows (the CSV of `portolan flows`) as
one labelled edge per source and destination, and DOT's quoting."""
import csv
from collections import defaultdict


def quote(text):
    return '"' + text.replace('\\', '\\\\').replace('"', '\\"') + '"'


def label(rows):
    """The ports of an edge as Portolan labels it: 'TCP 80, 443; UDP 67; ICMP'."""
    by_protocol = defaultdict(list)
    for protocol, port in rows:
        if port not in by_protocol[protocol]:
            by_protocol[protocol].append(port)
    parts = []
    for protocol in ('TCP', 'UDP', 'ICMP'):
        ports = by_protocol.get(protocol)
        if ports is None:
            continue
        parts.append(protocol if protocol == 'ICMP' else protocol + ' ' + ', '.join(ports))
    return '; '.join(parts)


def read_edges(flows_csv, skip_local=False):
    """(source, destination) -> [(protocol, port)], from `portolan flows` output."""
    edges = defaultdict(list)
    with open(flows_csv, encoding='utf-8', newline='') as f:
        for row in csv.DictReader(f):
            if skip_local and row['Source'] == row['Destination']:
                continue
            edges[(row['Source'], row['Destination'])].append((row['Protocol'], row['Port']))
    return edges
