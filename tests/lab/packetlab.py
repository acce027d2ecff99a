#!/usr/bin/env python3
"""Packet lab: the nftables rule set between zones, loaded on a firewall and tested with packets.

For each design: one network namespace per zone holding the design's own addresses, each wired
by a veth pair to a firewall namespace that forwards and loads `portolan export --format
nftables`. Then, with real packets:
  - every design flow between zones passes (first, middle and last port of ranges), with its
    answer coming back (return traffic);
  - a few hundred sampled non-flows are blocked (reverse directions, neighbouring ports and
    range edges, the other protocol, unused neighbouring addresses, random pairs, pings);
  - PXE: a real TFTP read of a file through the firewall (the server answers from a new port);
  - a forged source (a Datacenter address sent in on another zone's side) is dropped: by the
    kernel's reverse-path filter when the zones are not bound to interfaces (and passes with
    rp_filter off, as the rule set's header says), by the rule set itself when they are.
And on one design, deliberately broken exports must fail: one port changed, one subnet
widened, the TFTP helper left out.

Everything happens inside `unshare -rnm`: a new user, network and mount namespace whose
namespaces all vanish with the process, so nothing of the machine (its interfaces, its rule
set, its /run) is touched, and only the designs' addresses are used, inside those namespaces.

Usage: packetlab.py PORTOLAN DESIGN... [--generated] [--broken]
Exit 0 when every check passed; prints what failed otherwise.
"""
import argparse
import csv
import ctypes
import io
import ipaddress
import json
import os
import random
import re
import resource
import selectors
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time

CLONE_NEWNET = 0x40000000
LINK = "169.254.0.1"  # the firewall's side of every veth, inside the lab only
libc = ctypes.CDLL(None, use_errno=True)


def tool(name):
    return shutil.which(name) or shutil.which(name, path="/usr/sbin:/sbin:/usr/bin:/bin") or name


def run(*cmd, stdin=None, check=True):
    cmd = (tool(cmd[0]),) + cmd[1:]
    p = subprocess.run(cmd, input=stdin, capture_output=True, text=True)
    if check and p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)}: {p.stderr.strip()}")
    return p


class Lab:
    """The namespaces of one design: fw and one per zone."""

    def __init__(self, tag):
        self.tag = tag
        self.home = os.open("/proc/self/ns/net", os.O_RDONLY)
        self.names = []

    def netns(self, name):
        name = f"{self.tag}-{name}"
        run("ip", "netns", "add", name)
        self.names.append(name)
        return name

    def enter(self, ns):
        fd = os.open(f"/run/netns/{ns}", os.O_RDONLY)
        try:
            if libc.setns(fd, CLONE_NEWNET) != 0:
                raise OSError(ctypes.get_errno(), f"setns {ns}")
        finally:
            os.close(fd)

    def leave(self):
        if libc.setns(self.home, CLONE_NEWNET) != 0:
            raise OSError(ctypes.get_errno(), "setns home")

    def socket(self, ns, *args):
        self.enter(ns)
        try:
            return socket.socket(*args)
        finally:
            self.leave()

    def sysctl(self, ns, key, value, required=True):
        self.enter(ns)
        try:
            with open("/proc/sys/" + key.replace(".", "/"), "w") as f:
                f.write(str(value))
        except OSError:
            if required:
                raise
        finally:
            self.leave()

    def close(self):
        for name in self.names:
            run("ip", "netns", "del", name, check=False)
        self.names = []


# ---------------------------------------------------------------------------------------------
# The design: zones, endpoints, flows


def ipv4_networks(text):
    nets = []
    for part in text.split():
        try:
            n = ipaddress.ip_network(part, strict=False)
        except ValueError:
            continue
        if n.version == 4:
            nets.append(n)
    return nets


def hosts_of(net):
    """First, middle and last host of a network (the address of a /32)."""
    if net.num_addresses <= 2:
        return [net.network_address]
    first, last = int(net.network_address) + 1, int(net.broadcast_address) - 1
    return [ipaddress.ip_address(a) for a in sorted({first, (first + last) // 2, last})]


class Design:
    def __init__(self, portolan, path):
        self.path = path
        self.data = json.load(open(path, encoding="utf-8"))
        self.zone_names = {z["id"]: z["name"] for z in self.data.get("zones", [])}
        self.zone_subnets = {
            z["name"]: [n for s in z.get("subnets", []) for n in ipv4_networks(s)] for z in self.data["zones"]
        }
        text = run(portolan, "flows", path).stdout
        rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
        self.flows = []  # (source nets, destination nets, protocol, first, last, source zone, destination zone)
        self.nodes = {}  # name -> (zone, nets)
        self.skipped = 0
        for r in rows:
            src, dst = ipv4_networks(r["Source Address"]), ipv4_networks(r["Destination Address"])
            sz, dz = r["Source Zone"], r["Destination Zone"]
            for name, zone, nets in ((r["Source"], sz, src), (r["Destination"], dz, dst)):
                if zone and nets:
                    self.nodes.setdefault(name, (zone, nets))
            if not sz or not dz or sz == dz:
                continue  # not through a firewall between zones
            if not src or not dst:
                self.skipped += 1  # no address: a placeholder in the rule set
                continue
            proto = r["Protocol"]
            first, last = (0, 0)
            if proto != "ICMP":
                a, _, b = r["Port"].partition("-")
                first, last = int(a), int(b or a)
            self.flows.append((src, dst, proto, first, last, sz, dz))
        self.zones = sorted({n[0] for n in self.nodes.values()})

    def allowed(self, s, d, proto, port):
        for src, dst, p, first, last, _, _ in self.flows:
            if p == proto and first <= port <= last and any(s in n for n in src) and any(d in n for n in dst):
                return True
        return False


# ---------------------------------------------------------------------------------------------
# Probes: every socket made in its namespace, all run at once from one process


class Probe:
    def __init__(self, src_ns, src, dst, proto, port, expect, why):
        self.src_ns, self.src, self.dst, self.proto, self.port = src_ns, str(src), str(dst), proto, port
        self.expect, self.why = expect, why
        self.result = "blocked"  # passed (answered), reached (refused: got through, no listener), blocked

    def __str__(self):
        what = "ICMP echo" if self.proto == "ICMP" else f"{self.proto} {self.port}"
        return f"{self.src} -> {self.dst} {what} ({self.why})"


def icmp_echo(ident, seq):
    header = struct.pack("!BBHHH", 8, 0, 0, ident, seq) + b"portolan-lab"
    s = sum(struct.unpack("!%dH" % (len(header) // 2), header))
    s = (s >> 16) + (s & 0xFFFF)
    s += s >> 16
    return header[:2] + struct.pack("!H", ~s & 0xFFFF) + header[4:]


def run_probes(lab, probes, listeners, timeout):
    sel = selectors.DefaultSelector()
    for sock, proto in listeners:
        sock.setblocking(False)
        sel.register(sock, selectors.EVENT_READ, ("listen", proto, sock))
    pending = {}
    for p in probes:
        if p.proto == "TCP":
            s = lab.socket(p.src_ns, socket.AF_INET, socket.SOCK_STREAM)
            s.setblocking(False)
            s.bind((p.src, 0))
            s.connect_ex((p.dst, p.port))
            sel.register(s, selectors.EVENT_WRITE, ("probe", p, s))
        elif p.proto == "UDP":
            s = lab.socket(p.src_ns, socket.AF_INET, socket.SOCK_DGRAM)
            s.setblocking(False)
            s.bind((p.src, 0))
            s.connect((p.dst, p.port))
            s.send(b"probe")
            sel.register(s, selectors.EVENT_READ, ("probe", p, s))
        else:
            s = lab.socket(p.src_ns, socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_ICMP)
            s.setblocking(False)
            s.bind((p.src, 0))
            s.sendto(icmp_echo(0, 1), (p.dst, 0))
            sel.register(s, selectors.EVENT_READ, ("probe", p, s))
        pending[s] = p
    start = last_resend = time.monotonic()
    accepted = []
    while pending and time.monotonic() - start < timeout:
        if time.monotonic() - last_resend > 0.7:  # UDP and ICMP carry no retransmission of their own
            last_resend = time.monotonic()
            for s, p in pending.items():
                try:
                    if p.proto == "UDP":
                        s.send(b"probe")
                    elif p.proto == "ICMP":
                        s.sendto(icmp_echo(0, 1), (p.dst, 0))
                except OSError:
                    pass
        for key, events in sel.select(0.1):
            kind = key.data[0]
            if kind == "listen":
                _, proto, sock = key.data
                try:
                    if proto == "TCP":
                        conn, _ = sock.accept()
                        conn.setblocking(False)
                        sel.register(conn, selectors.EVENT_READ, ("conn", None, conn))
                        accepted.append(conn)
                    else:
                        data, peer = sock.recvfrom(2048)
                        sock.sendto(b"answer", peer)
                except OSError:
                    pass
            elif kind == "conn":
                conn = key.data[2]
                try:
                    if conn.recv(64):
                        conn.send(b"answer")
                except OSError:
                    pass
                sel.unregister(conn)
            else:
                _, p, s = key.data
                if p.proto == "TCP" and events & selectors.EVENT_WRITE:
                    err = s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                    if err == 0:
                        s.send(b"probe")
                        sel.modify(s, selectors.EVENT_READ, key.data)
                        continue
                    p.result = "reached" if err == 111 else "blocked"
                    sel.unregister(s)
                    pending.pop(s)
                    s.close()
                    continue
                try:
                    data = s.recv(2048)
                    p.result = "passed" if data else "reached"
                except ConnectionRefusedError:
                    p.result = "reached"
                except OSError:
                    continue
                sel.unregister(s)
                pending.pop(s)
                s.close()
    for s in list(pending):
        sel.unregister(s)
        s.close()
    for c in accepted:
        c.close()
    for sock, _ in listeners:
        sel.unregister(sock)
    sel.close()


# ---------------------------------------------------------------------------------------------
# TFTP (RFC 1350), the server answering from a new port as real servers do


def tftp_read(lab, client_ns, client, server_sock, data_sock, server, content, client_port=0):
    """Reads 'boot/pxeboot.n12' from server through the firewall; True when the bytes arrive whole.
    client_port: the client's port (0: one the system picks)."""
    errors = []

    def serve():
        try:
            server_sock.setblocking(True)
            server_sock.settimeout(4)
            while True:
                request, peer = server_sock.recvfrom(2048)
                if request[:2] == b"\x00\x01":
                    break
            data_sock.settimeout(1)
            block = 1
            while True:
                chunk = content[(block - 1) * 512 : block * 512]
                for _ in range(4):
                    data_sock.sendto(struct.pack("!HH", 3, block & 0xFFFF) + chunk, peer)
                    try:
                        ack, _ = data_sock.recvfrom(64)
                    except socket.timeout:
                        continue
                    if ack[:2] == b"\x00\x04" and struct.unpack("!H", ack[2:4])[0] == block & 0xFFFF:
                        break
                else:
                    errors.append(f"no ACK for block {block}")
                    return
                if len(chunk) < 512:
                    return
                block += 1
        except OSError as e:
            errors.append(f"server: {e}")

    thread = threading.Thread(target=serve)
    thread.start()
    received = b""
    try:
        c = lab.socket(client_ns, socket.AF_INET, socket.SOCK_DGRAM)
        c.bind((client, client_port))
        c.settimeout(1.5)
        c.sendto(b"\x00\x01boot/pxeboot.n12\x00octet\x00", (server, 69))
        expected = 1
        while True:
            try:
                packet, peer = c.recvfrom(1024)
            except socket.timeout:
                break
            if packet[:2] != b"\x00\x03" or peer[0] != server or peer[1] == 69:
                continue
            block = struct.unpack("!H", packet[2:4])[0]
            if block == expected:
                received += packet[4:]
                expected += 1
            c.sendto(struct.pack("!HH", 4, block), peer)
            if len(packet) - 4 < 512:
                break
        c.close()
    finally:
        thread.join()
    return received == content and not errors


# ---------------------------------------------------------------------------------------------
# One design in the lab


class Checks:
    def __init__(self):
        self.failures = []
        self.lines = []

    def expect(self, ok, what):
        if not ok:
            self.failures.append(what)
        return ok

    def say(self, line):
        self.lines.append(line)
        print(line, flush=True)


def export_ruleset(portolan, design_path, out):
    run(portolan, "export", design_path, "--format", "nftables", "-o", out)
    return open(out, encoding="utf-8").read()


def with_interfaces(design, interfaces, path):
    data = json.loads(json.dumps(design.data))
    for z in data["zones"]:
        if z["name"] in interfaces:
            z["interface"] = interfaces[z["name"]]
    json.dump(data, open(path, "w", encoding="utf-8"))


class DesignLab:
    def __init__(self, portolan, design, tag, work, rng, checks):
        self.portolan, self.design, self.tag, self.work, self.rng, self.checks = (
            portolan, design, tag, work, rng, checks)
        self.lab = Lab(tag)

    def build(self):
        d, lab = self.design, self.lab
        self.fw = lab.netns("fw")
        self.zone_ns, self.interfaces = {}, {}
        for i, zone in enumerate(d.zones):
            self.zone_ns[zone] = lab.netns(f"z{i}")
            self.interfaces[zone] = f"lab{i}"
        # The addresses each zone holds: hosts of every node, and unused neighbours of each network
        # inside the zone's own subnets (a widened subnet in a rule set reaches them).
        self.addresses = {z: set() for z in d.zones}
        self.owner = {}
        self.samples = {}  # node -> its sampled addresses
        for name, (zone, nets) in sorted(d.nodes.items()):
            for net in nets:
                for a in hosts_of(net):
                    if self.owner.setdefault(a, zone) == zone:
                        self.addresses[zone].add(a)
                        self.samples.setdefault(name, []).append(a)
        self.neighbours = {}  # zone -> unused neighbouring addresses
        for name, (zone, nets) in sorted(d.nodes.items()):
            for net in nets:
                for a in (int(net.network_address) - 1, int(net.broadcast_address) + 1):
                    a = ipaddress.ip_address(a)
                    if a in self.owner or any(a in n for _, ns in d.nodes.values() for n in ns):
                        continue
                    if any(a in s for s in d.zone_subnets.get(zone, [])):
                        self.owner[a] = zone
                        self.addresses[zone].add(a)
                        self.neighbours.setdefault(zone, []).append(a)
        fw_batch = ["link set lo up"]
        for zone, ns in self.zone_ns.items():
            ifname = self.interfaces[zone]
            run("ip", "-n", self.fw, "link", "add", ifname, "type", "veth", "peer", "name", "fw0", "netns", ns)
            fw_batch += [f"addr add {LINK}/32 dev {ifname}", f"link set {ifname} up"]
            batch = ["link set lo up", "link set fw0 up", f"route add {LINK}/32 dev fw0",
                     f"route add default via {LINK} dev fw0 onlink"]
            batch[2:2] = [f"addr add {a}/32 dev fw0" for a in sorted(self.addresses[zone])]
            run("ip", "-n", ns, "-batch", "-", stdin="\n".join(batch) + "\n")
            fw_batch += [f"route add {a}/32 dev {ifname}" for a in sorted(self.addresses[zone])]
            lab.sysctl(ns, "net.ipv4.conf.all.rp_filter", 0)
            lab.sysctl(ns, "net.ipv4.icmp_ratelimit", 0)
            lab.sysctl(ns, "net.ipv4.icmp_msgs_per_sec", 100000, required=False)
            lab.sysctl(ns, "net.ipv4.icmp_msgs_burst", 100000, required=False)
            lab.sysctl(ns, "net.ipv4.ping_group_range", "0 0")
        run("ip", "-n", self.fw, "-batch", "-", stdin="\n".join(fw_batch) + "\n")
        lab.sysctl(self.fw, "net.ipv4.ip_forward", 1)
        lab.sysctl(self.fw, "net.ipv4.conf.all.log_martians", 0)

    def rp_filter(self, value):
        self.lab.sysctl(self.fw, "net.ipv4.conf.all.rp_filter", value)
        for ifname in self.interfaces.values():
            self.lab.sysctl(self.fw, f"net.ipv4.conf.{ifname}.rp_filter", value)

    def load(self, text, name):
        path = os.path.join(self.work, f"{self.tag}-{name}.nft")
        open(path, "w", encoding="utf-8").write(text)
        run("nsenter", f"--net=/run/netns/{self.fw}", "nft", "-f", path)

    # The probes: design flows (expect passed) and sampled non-flows (expect blocked).
    def make_probes(self, non_flows):
        d, rng = self.design, self.rng
        flows, seen = [], set()

        def sample(nets, zone):
            return [a for n in nets for a in hosts_of(n) if self.owner.get(a) == zone]

        for src, dst, proto, first, last, sz, dz in d.flows:
            s_all, d_all = sample(src, sz), sample(dst, dz)
            if not s_all or not d_all:
                continue
            ports = [0] if proto == "ICMP" else sorted({first, (first + last) // 2, last})
            for i, port in enumerate(ports):
                s, t = s_all[i % len(s_all)], d_all[-1 - i % len(d_all)]
                key = (s, t, proto, port)
                if key not in seen:
                    seen.add(key)
                    flows.append(Probe(self.zone_ns[sz], s, t, proto, port, "passed", "design flow"))
        candidates = []
        everyone = [(a, z) for z, addrs in self.addresses.items() for a in addrs]
        for src, dst, proto, first, last, sz, dz in d.flows:
            s_all, d_all = sample(src, sz), sample(dst, dz)
            if not s_all or not d_all:
                continue
            s, t = rng.choice(s_all), rng.choice(d_all)
            if proto == "ICMP":
                candidates.append((t, dz, s, "ICMP", 0, "reverse ping"))
                continue
            candidates.append((t, dz, s, proto, first, "reverse direction"))
            candidates += [(s, sz, t, proto, p, "neighbouring port") for p in (first - 1, last + 1) if 0 < p < 65536]
            candidates.append((s, sz, t, "UDP" if proto == "TCP" else "TCP", first, "other protocol"))
            for n in self.neighbours.get(sz, []):
                candidates.append((n, sz, t, proto, first, "unused neighbouring source"))
            for n in self.neighbours.get(dz, []):
                candidates.append((s, sz, n, proto, first, "unused neighbouring destination"))
        for _ in range(non_flows):
            (s, sz), (t, dz) = rng.choice(everyone), rng.choice(everyone)
            proto = rng.choice(["TCP", "UDP", "ICMP"])
            port = 0 if proto == "ICMP" else rng.choice([rng.randint(1, 65535), rng.choice([80, 443, 445, 135, 67, 69, 1433, 8530, 10123])])
            candidates.append((s, sz, t, proto, port, "random pair"))
        blocked = []
        for s, sz, t, proto, port, why in candidates:
            dz = self.owner.get(t)
            key = (s, t, proto, port)
            if sz == dz or key in seen or d.allowed(s, t, proto, port):
                continue
            seen.add(key)
            blocked.append(Probe(self.zone_ns[sz], s, t, proto, port, "blocked", why))
        # Every structured non-flow (edges, neighbours, reverse, other protocol), random pairs up to the count asked.
        structured = [p for p in blocked if p.why != "random pair"]
        random_pairs = [p for p in blocked if p.why == "random pair"]
        return flows, structured + random_pairs[: max(0, non_flows - len(structured))]

    def listeners(self, flows):
        made, result = set(), []
        for p in flows:
            if p.proto in ("TCP", "UDP") and (p.dst, p.proto, p.port) not in made:
                made.add((p.dst, p.proto, p.port))
                ns = self.zone_ns[self.owner[ipaddress.ip_address(p.dst)]]
                kind = socket.SOCK_STREAM if p.proto == "TCP" else socket.SOCK_DGRAM
                s = self.lab.socket(ns, socket.AF_INET, kind)
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                s.bind((p.dst, p.port))
                if p.proto == "TCP":
                    s.listen(64)
                result.append((s, p.proto))
        return result

    def probe(self, flows, blocked, timeout=2.0):
        listeners = self.listeners(flows)
        fresh = [Probe(p.src_ns, p.src, p.dst, p.proto, p.port, p.expect, p.why) for p in flows + blocked]
        run_probes(self.lab, fresh, listeners, timeout)
        for s, _ in listeners:
            s.close()
        return [p for p in fresh if p.result != p.expect], fresh

    def tftp_flows(self):
        result = []
        for src, dst, proto, first, last, sz, dz in self.design.flows:
            if proto == "UDP" and first <= 69 <= last:
                s = [a for n in src for a in hosts_of(n) if self.owner.get(a) == sz]
                t = [a for n in dst for a in hosts_of(n) if self.owner.get(a) == dz]
                if s and t:
                    result.append((sz, str(s[0]), dz, str(t[0])))
        return sorted(set(result))

    def tftp(self, transfers, client_port=0):
        ok = 0
        content = bytes(self.rng.getrandbits(8) for _ in range(512 * 6 + 123))
        for sz, s, dz, t in transfers:
            server = self.lab.socket(self.zone_ns[dz], socket.AF_INET, socket.SOCK_DGRAM)
            server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            server.bind((t, 69))
            data = self.lab.socket(self.zone_ns[dz], socket.AF_INET, socket.SOCK_DGRAM)
            data.bind((t, 0))
            ok += tftp_read(self.lab, self.zone_ns[sz], s, server, data, t, content, client_port)
            server.close()
            data.close()
        return ok

    def closed_udp_port(self):
        """A port below the system's ephemeral range that no UDP flow of the design opens: a reply
        sent to it crosses the firewall only as the TFTP helper's expected data. A port the system
        picks may be one an earlier transfer used, whose helper's expectation is still alive, or one
        a rule opens; the read without the helper passed once in a full CI run."""
        opened = [(first, last) for _, _, proto, first, last, _, _ in self.design.flows if proto == "UDP"]
        return next(p for p in range(20000, 65536) if not any(a <= p <= b for a, b in opened))

    # A forged source: a source address of one zone sent in on another zone's side.
    def forged(self):
        for src, dst, proto, first, last, sz, dz in self.design.flows:
            if proto != "UDP":
                continue
            wrong = [z for z in self.design.zones if z not in (sz, dz)]
            s = [a for n in src for a in hosts_of(n) if self.owner.get(a) == sz]
            t = [a for n in dst for a in hosts_of(n) if self.owner.get(a) == dz]
            if wrong and s and t:
                return s[0], sz, wrong[0], t[0], dz, first
        return None

    def forge(self, case):
        s, sz, wz, t, dz, port = case
        ns = self.zone_ns[wz]
        run("ip", "-n", ns, "addr", "add", f"{s}/32", "dev", "fw0")
        try:
            listener = self.lab.socket(self.zone_ns[dz], socket.AF_INET, socket.SOCK_DGRAM)
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind((str(t), port))
            listener.settimeout(0.2)
            sender = self.lab.socket(ns, socket.AF_INET, socket.SOCK_DGRAM)
            sender.bind((str(s), 0))
            arrived = False
            for _ in range(5):
                sender.sendto(b"forged", (str(t), port))
                try:
                    arrived = listener.recvfrom(64)[0] == b"forged" or arrived
                except socket.timeout:
                    pass
            sender.close()
            listener.close()
            return arrived
        finally:
            run("ip", "-n", ns, "addr", "del", f"{s}/32", "dev", "fw0")

    def report(self, name, failures, probes):
        passed = sum(1 for p in probes if p.expect == "passed" and p.result == "passed")
        flows = sum(1 for p in probes if p.expect == "passed")
        held = sum(1 for p in probes if p.expect == "blocked" and p.result == "blocked")
        nonflows = sum(1 for p in probes if p.expect == "blocked")
        self.checks.say(f"  {name}: {passed}/{flows} flow probes answered, {held}/{nonflows} non-flows blocked")
        for p in failures[:15]:
            self.checks.say(f"    WRONG: {p} expected {p.expect}, was {p.result}")
        return passed == flows and held == nonflows


def run_design(portolan, path, tag, work, rng, checks, broken, non_flows):
    design = Design(portolan, path)
    name = os.path.basename(path)
    checks.say(f"{name}: {len(design.flows)} flows between {len(design.zones)} zones with addresses"
               f" ({design.skipped} without an address are placeholders)")
    if len(design.zones) < 2:
        checks.say("  skipped: fewer than two zones, no firewall between zones")
        return
    dl = DesignLab(portolan, design, tag, work, rng, checks)
    try:
        dl.build()
        flows, blocked = dl.make_probes(non_flows)
        transfers = dl.tftp_flows()
        forged = dl.forged()
        plain = export_ruleset(portolan, path, os.path.join(work, f"{tag}.nft"))
        checks.expect("rp_filter=1" in plain, f"{name}: the header says it relies on reverse-path filtering")
        bound_path = os.path.join(work, f"{tag}-bound.portolan")
        with_interfaces(design, dl.interfaces, bound_path)
        bound = export_ruleset(portolan, bound_path, os.path.join(work, f"{tag}-bound.nft"))
        checks.expect("iifname . ip saddr . oifname . ip daddr" in bound, f"{name}: bound export matches interfaces")

        for label, text, rp in (("addresses only, rp_filter on", plain, 1), ("zones bound to interfaces, rp_filter off", bound, 0)):
            dl.load(text, "x")
            dl.rp_filter(rp)
            failures, probes = dl.probe(flows, blocked)
            checks.expect(dl.report(label, failures, probes), f"{name} ({label}): probes")
            if transfers:
                ok = dl.tftp(transfers)
                checks.say(f"  {label}: PXE TFTP read through the firewall {ok}/{len(transfers)}")
                checks.expect(ok == len(transfers), f"{name} ({label}): TFTP")
            if forged:
                arrived = dl.forge(forged)
                s, sz, wz, t, dz, port = forged
                checks.say(f"  {label}: forged {sz} source {s} sent in from {wz} to {t} UDP {port}: "
                           f"{'ARRIVED' if arrived else 'dropped'}")
                checks.expect(not arrived, f"{name} ({label}): forged source")
                if rp == 1:  # the header's claim: without rp_filter, addresses alone let it through
                    dl.rp_filter(0)
                    leaked = dl.forge(forged)
                    checks.say(f"  addresses only, rp_filter off: the forged source {'arrives' if leaked else 'is dropped'}"
                               " (why the header asks for rp_filter or bound interfaces)")
                    checks.expect(leaked, f"{name}: without rp_filter an unbound rule set admits a forged source")
                    dl.rp_filter(1)
        if broken:
            run_broken(dl, plain, flows, blocked, transfers, checks, name)
    finally:
        dl.lab.close()


def run_broken(dl, plain, flows, blocked, transfers, checks, name):
    """Deliberately broken exports: the lab must notice each."""
    dl.rp_filter(1)
    # One port changed: a TCP port of a port chain, moved by one.
    probed = {p.port for p in flows if p.proto == "TCP"}
    m = next((m for m in re.finditer(r"(        tcp dport )(\d+)( accept)", plain) if int(m.group(2)) in probed), None)
    # One subnet widened: a /24 of a set element becomes a /23 (half of it unused neighbours).
    w = re.search(r"^( {12}(?:\S+ \. )?)(\d+\.\d+\.\d+)\.0/24(?=[ ,])", plain, re.M)
    cases = []
    if m:
        cases.append((f"port {m.group(2)} changed to {int(m.group(2)) + 1}",
                      plain[:m.start()] + m.group(1) + str(int(m.group(2)) + 1) + m.group(3) + plain[m.end():]))
    if w:
        net = ipaddress.ip_network(w.group(2) + ".0/23", strict=False)
        cases.append((f"subnet {w.group(2)}.0/24 widened to {net}",
                      plain[:w.start()] + w.group(1) + str(net) + plain[w.end():]))
    for label, text in cases:
        dl.load(text, "broken")
        failures, probes = dl.probe(flows, blocked)
        dl.report("broken, " + label, failures, probes)
        checks.expect(bool(failures), f"{name}: the lab notices a broken export ({label})")
    if transfers:
        without = re.sub(r"\n    # TFTP \(PXE boot\).*?\n    ct helper tftp \{.*?\n    \}\n", "\n", plain, flags=re.S)
        without = re.sub(r"\n *udp dport 69 ct helper set \"tftp\"", "", without)
        checks.expect("ct helper" not in without, f"{name}: the helper is taken out")
        dl.load(without, "nohelper")
        ok = dl.tftp(transfers[:1], dl.closed_udp_port())
        checks.say(f"  broken, without the TFTP helper: PXE TFTP read {ok}/1")
        checks.expect(ok == 0, f"{name}: without the ct helper the TFTP read fails")


def generate_design(path, rng, branches=5):
    """A primary site in a Datacenter with PXE distribution points and clients in branch zones."""
    zones = [{"id": "zone-dc", "name": "Datacenter", "subnets": ["10.50.0.0/16"]}]
    servers = [{"id": "ss", "name": "ss.gen.local", "address": "10.50.0.10", "zone": "zone-dc", "site": "GEN",
                "roles": ["site_server", "sms_provider", "sql_server", "management_point",
                          "software_update_point", "distribution_point"]}]
    groups, endpoints = [], [{"id": "dc", "name": "dc.gen.local", "kind": "domain_controller",
                              "zone": "zone-dc", "address": "10.50.0.5"}]
    consoles = [{"id": "admins", "name": "Admins", "subnets": ["10.50.40.0/24"], "zone": "zone-dc"}]
    for b in range(branches):
        net = 60 + b * 2 + rng.randint(0, 1) * 40
        zones.append({"id": f"zone-b{b}", "name": f"Branch {b}", "subnets": [f"10.{net}.0.0/16"]})
        servers.append({"id": f"dp{b}", "name": f"dp{b}.gen.local", "address": f"10.{net}.1.{rng.randint(5, 250)}",
                        "zone": f"zone-b{b}", "site": "GEN", "roles": ["distribution_point"],
                        "options": {"dp.pxe": rng.random() < 0.7}})
        prefix = rng.choice([22, 23, 24, 25])
        groups.append({"id": f"c{b}", "name": f"Clients {b}", "subnets": [f"10.{net}.{8 * rng.randint(2, 20)}.0/{prefix}"],
                       "devices": 100, "site": "GEN", "os": "windows", "zone": f"zone-b{b}"})
    design = {"format": "portolan-design", "version": 1, "name": "Generated for the packet lab",
              "zones": zones, "sites": [{"id": "GEN", "code": "GEN", "name": "Generated", "kind": "primary"}],
              "servers": servers, "clientGroups": groups, "consoles": consoles, "endpoints": endpoints,
              "links": []}
    json.dump(design, open(path, "w", encoding="utf-8"), indent=1)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("portolan")
    parser.add_argument("designs", nargs="*")
    parser.add_argument("--generated", action="store_true", help="also a generated design")
    parser.add_argument("--broken", action="store_true", help="check that broken exports fail (first design)")
    parser.add_argument("--non-flows", type=int, default=300)
    parser.add_argument("--seed", type=int, default=29)
    args = parser.parse_args()
    if os.environ.get("PORTOLAN_LAB_INSIDE") != "1":
        # A new user, network and mount namespace: the lab's namespaces and its /run vanish with it.
        env = dict(os.environ, PORTOLAN_LAB_INSIDE="1")
        os.execvpe("unshare", ["unshare", "-rnm", "--propagation", "private", sys.executable,
                               os.path.abspath(__file__)] + sys.argv[1:], env)
    run("mount", "-t", "tmpfs", "lab-run", "/run")
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    rng = random.Random(args.seed)
    checks = Checks()
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as work:
        designs = list(args.designs)
        if args.generated:
            generated = os.path.join(work, "generated.portolan")
            generate_design(generated, rng)
            designs.append(generated)
        for i, path in enumerate(designs):
            run_design(args.portolan, path, f"pl{i}", work, rng, checks, args.broken and i == 0, args.non_flows)
    checks.say(f"packet lab: {time.monotonic() - started:.1f} s")
    if checks.failures:
        print("FAILED:\n  " + "\n  ".join(checks.failures))
        return 1
    print("every check passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
