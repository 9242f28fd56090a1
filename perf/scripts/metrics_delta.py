#!/usr/bin/env python3
"""gc-soak.sh's verdict: deltas between two /metrics scrapes of the appliance.

usage: metrics_delta.py BEFORE.txt AFTER.txt [TRIAL.jsonl]
Exit 1 if dotnet_gc_collections_total moved in any generation or any media worker allocated bytes.
"""
import json, re, sys

SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)')


def parse(path):
    values = {}
    for line in open(path):
        m = SAMPLE.match(line)
        if m and not line.startswith('#'):
            values[(m.group(1), m.group(2) or '')] = float(m.group(3))
    return values


before, after = parse(sys.argv[1]), parse(sys.argv[2])


def delta(name):
    return sorted(((labels, after[(n, labels)] - before.get((n, labels), 0.0))
                   for (n, labels) in after if n == name), key=lambda x: x[0])


failed = False
print('metric                                               delta during the blast')
for labels, d in delta('dotnet_gc_collections_total'):
    print(f'dotnet_gc_collections_total{labels:<24} {d:>16,.0f}')
    failed |= d != 0
for labels, d in delta('mcptt_relay_worker_allocated_bytes_total'):
    print(f'mcptt_relay_worker_allocated_bytes_total{labels:<12} {d:>16,.0f}')
    failed |= d != 0
for name in ('dotnet_gc_allocated_bytes_total', 'process_cpu_seconds_total'):
    for labels, d in delta(name):
        print(f'{name + labels:<52} {d:>16,.3f}' if 'cpu' in name else f'{name + labels:<52} {d:>16,.0f}')
for labels, d in delta('mcptt_relay_packets_total'):
    print(f'mcptt_relay_packets_total{labels:<27} {d:>16,.0f}')
for labels, d in delta('mcptt_relay_dropped_total'):
    if d:
        print(f'mcptt_relay_dropped_total{labels:<27} {d:>16,.0f}')
if len(sys.argv) > 3:
    for line in open(sys.argv[3]):
        if line.startswith('{'):
            r = json.loads(line)
            if r['mode'] == 'run':
                print(f"blaster: sent {r['sent']:,} received {r['received']:,} loss {r['loss_percent']:.3f} % "
                      f"achieved {r['achieved_pps']:,.0f} pps over {r['duration_s']:.1f} s; p50 {r['p50_us']:.0f} us "
                      f"p99 {r['p99_us']:.0f} us; relay CPU {r['cpu_ns_per_packet'] or 0:,.0f} ns/packet")
print('FAIL: a GC generation count moved or a media worker allocated during the blast' if failed
      else 'PASS: no GC and no worker allocation during the blast')
sys.exit(1 if failed else 0)
