#!/usr/bin/env python3
"""Prints compare.sh's side-by-side table from the JSON lines it collected (medians of repeated trials)."""
import json, os, statistics, sys

out, rate, streams, max_loss, fanout = sys.argv[1], float(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]

def lines(name):
    path = os.path.join(out, name)
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(l) for l in f if l.strip().startswith('{')]

def sweep_max(name):
    for row in lines(name):
        if row.get('mode', '').endswith('-sweep'):
            return row['max_pps_under_loss']
    return None

def median(name, key):
    values = [r[key] for r in lines(name) if not r['mode'].endswith('-sweep') and r.get(key) is not None]
    return statistics.median(values) if values else None

def fmt(v, unit='', digits=0):
    if v is None:
        return 'not measured'
    return f'{v:,.{digits}f}{unit}'

def machine_minus_ceiling(relay):
    """Whole-machine busy CPU per packet with the relay minus the same without it: the relay's cost
    including kernel work billed to other processes (on loopback the receiver's path runs in the sender)."""
    ours, ceiling = median(f'{relay}-fixed.jsonl', 'machine_cpu_ns_per_packet'), median('ceiling-fixed.jsonl', 'machine_cpu_ns_per_packet')
    return fmt(ours - ceiling, ' ns') if ours is not None and ceiling is not None else 'not measured'

def kernel_latency(name):
    """p50 / p99 / p99.9 (us) ending at the kernel's receive timestamp; flags probes that had none."""
    p50, p99, p999 = (median(name, k) for k in ('kernel_p50_us', 'kernel_p99_us', 'kernel_p999_us'))
    if p50 is None:
        return 'not measured'
    missing = sum(r.get('kernel_stamp_missing') or 0 for r in lines(name) if not r['mode'].endswith('-sweep'))
    return f'{p50:,.0f} / {p99:,.0f} / {p999:,.0f} us' + (f' ({missing} unstamped)' if missing else '')

NAMES = {'ours': 'ours (appliance, Auto)', 'ours-batched': 'ours, Engine=Batched', 'ours-raw': 'ours, Engine=Raw', 'ours-ring': 'ours, Engine=PacketRing', 'ours-uring': 'ours, Engine=Uring', 'rtpengine': 'rtpengine (userspace)'}
relays = [r for r in NAMES if lines(f'{r}-fixed.jsonl')]
cols = ['harness ceiling'] + [NAMES[r] for r in relays]
files = ['ceiling'] + relays
rows = [
    (f'(a) max offered pps, loss < {max_loss}%, {streams} streams', [fmt(sweep_max(f'{f}-sweep.jsonl'), ' pps') for f in files]),
    (f'(b) relay CPU ns/packet @ {rate:,.0f} pps', ['n/a'] + [fmt(median(f'{f}-fixed.jsonl', 'cpu_ns_per_packet'), ' ns') for f in relays]),
    (f'    relay CPU % of one core @ {rate:,.0f} pps', ['n/a'] + [fmt(median(f'{f}-fixed.jsonl', 'relay_cpu_percent'), ' %', 1) for f in relays]),
    (f"(b') whole-machine busy CPU ns/packet @ {rate:,.0f} pps", [fmt(median(f'{f}-fixed.jsonl', 'machine_cpu_ns_per_packet'), ' ns') for f in files]),
    ("     minus the harness's own (ceiling column)", ['n/a'] + [machine_minus_ceiling(r) for r in relays]),
    (f'(c) latency p50 @ {rate:,.0f} pps', [fmt(median(f'{f}-fixed.jsonl', 'p50_us'), ' us', 1) for f in files]),
    (f'    latency p99', [fmt(median(f'{f}-fixed.jsonl', 'p99_us'), ' us', 1) for f in files]),
    (f'    latency p99.9', [fmt(median(f'{f}-fixed.jsonl', 'p999_us'), ' us', 1) for f in files]),
    ("(c') latency at the sink socket (kernel stamp)", [kernel_latency(f'{f}-fixed.jsonl') for f in files]),
    (f'    loss @ {rate:,.0f} pps', [fmt(median(f'{f}-fixed.jsonl', 'loss_percent'), ' %', 3) for f in files]),
    (f'    achieved pps @ {rate:,.0f} pps', [fmt(median(f'{f}-fixed.jsonl', 'achieved_pps'), ' pps') for f in files]),
]
fanouts = {r: f'{r}-fanout.jsonl' for r in relays}
if any(lines(f) for f in fanouts.values()):
    def fan(key, unit, digits=0):
        return ['n/a'] + [fmt(median(fanouts[r], key), unit, digits) if lines(fanouts[r]) else 'not measured' for r in relays]
    def fan_rate():
        values = []
        for r in relays:
            rec, dur = median(fanouts[r], 'received'), median(fanouts[r], 'duration_s')
            values.append(fmt(rec / dur, ' pps') if rec is not None and dur else 'not measured')
        return ['n/a'] + values
    rows += [
        (f'(d) 1-to-{fanout} fan-out: packets out/s', fan_rate()),
        ('    fan-out loss', fan('loss_percent', ' %', 3)),
        ('    fan-out CPU ns per packet out', fan('cpu_ns_per_packet', ' ns')),
        ('    fan-out latency p50', fan('p50_us', ' us', 1)),
        ('    fan-out latency p99', fan('p99_us', ' us', 1)),
    ]
if 'rtpengine' in relays:
    base = median('rtpengine-fixed.jsonl', 'cpu_ns_per_packet')
    ratios = [f'{median(f"{r}-fixed.jsonl", "cpu_ns_per_packet") / base:.2f}x'
              if base and median(f'{r}-fixed.jsonl', 'cpu_ns_per_packet') else '' for r in relays]
    rows.append(('    CPU ratio to rtpengine', [''] + ratios))
    ceiling = median('ceiling-fixed.jsonl', 'machine_cpu_ns_per_packet')
    base2 = median('rtpengine-fixed.jsonl', 'machine_cpu_ns_per_packet')
    def machine_ratio(r):
        v = median(f'{r}-fixed.jsonl', 'machine_cpu_ns_per_packet')
        return f'{(v - ceiling) / (base2 - ceiling):.2f}x' if None not in (v, ceiling, base2) and base2 > ceiling else ''
    rows.append(("    (b') ratio to rtpengine, machine minus harness", [''] + [machine_ratio(r) for r in relays]))

width = max(len(r[0]) for r in rows) + 2
colw = max(24, max(len(c) for c in cols) + 2)
print(''.ljust(width) + ''.join(c.ljust(colw) for c in cols))
for label, values in rows:
    print(label.ljust(width) + ''.join(str(v).ljust(colw) for v in values))
with open(os.path.join(out, 'machine.txt')) as f:
    print('\n' + f.read().strip())
print(f'raw JSON lines: {out}')
