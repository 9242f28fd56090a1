#!/usr/bin/env python3
"""Summarises overload.sh's per-stream, per-bucket CSVs (bucket_start_s,stream,sent,received; buckets by send time).

usage: overload_report.py LEAD_S SPIKE_S NORMAL_S BUCKET_MS label=file.csv [label=file.csv ...]

Per relay it prints: loss before, during and after the spike; the per-stream delivered fraction during
the spike (min / median / max: spread loss gives similar fractions, muting gives zeros); streams muted
(0 packets received in a one-second window although packets were sent) during the spike, after it,
and in the last second; and the recovery time: from the end of the spike to the end of the last
bucket after it that lost anything.
"""
import csv, statistics, sys
from collections import defaultdict


def load(path):
    sent, received = defaultdict(lambda: defaultdict(int)), defaultdict(lambda: defaultdict(int))
    for row in csv.DictReader(open(path)):
        b = round(float(row['bucket_start_s']), 6)
        s = int(row['stream'])
        sent[b][s] += int(row['sent'])
        received[b][s] += int(row['received'])
    return sent, received


def loss(sent, received, buckets):
    s = sum(sum(sent[b].values()) for b in buckets)
    r = sum(sum(received[b].values()) for b in buckets)
    return (100.0 * (s - r) / s if s else None), s, r


def muted(sent, received, buckets, streams, bucket_s):
    """Streams with a whole-second window (aligned to the window's start) with packets sent but none received."""
    per_second = max(1, round(1.0 / bucket_s))
    out = set()
    for i in range(0, len(buckets) - per_second + 1, per_second):
        window = buckets[i:i + per_second]
        for s in streams:
            if sum(sent[b][s] for b in window) > 0 and sum(received[b][s] for b in window) == 0:
                out.add(s)
    return out


def summarise(label, path, lead, spike, normal, bucket_ms):
    bucket_s = bucket_ms / 1000.0
    sent, received = load(path)
    all_buckets = sorted(sent)
    streams = sorted({s for b in all_buckets for s in sent[b]})
    eps = bucket_s / 1000
    before = [b for b in all_buckets if b + eps < lead]
    during = [b for b in all_buckets if lead - eps <= b < lead + spike - eps]
    after = [b for b in all_buckets if b >= lead + spike - eps]
    fractions = []
    for s in streams:
        st = sum(sent[b][s] for b in during)
        rt = sum(received[b][s] for b in during)
        fractions.append(rt / st if st else 1.0)
    lossy_after = [b for b in after if sum(sent[b].values()) - sum(received[b].values()) > 0]
    recovery = (lossy_after[-1] + bucket_s - (lead + spike)) if lossy_after else 0.0
    last_second = after[-max(1, round(1.0 / bucket_s)):]
    lb, _, _ = loss(sent, received, before)
    ld, sd, rd = loss(sent, received, during)
    la, _, _ = loss(sent, received, after)
    # Loss in the normal phase once its first second has passed: what a listener hears after recovery.
    la1, _, _ = loss(sent, received, [b for b in after if b >= lead + spike + 1.0 - eps])
    return {
        'relay': label,
        'spike_pps': sd / spike if spike else 0,
        'loss_before_%': lb,
        'loss_spike_%': ld,
        'loss_after_%': la,
        'loss_after_1s_%': la1,
        'stream_delivered_min': min(fractions),
        'stream_delivered_median': statistics.median(fractions),
        'stream_delivered_max': max(fractions),
        'muted_during_spike': len(muted(sent, received, during, streams, bucket_s)),
        'muted_after_spike': len(muted(sent, received, after, streams, bucket_s)),
        'muted_last_second': len(muted(sent, received, last_second, streams, bucket_s)),
        'streams': len(streams),
        'recovery_s': recovery,
        'recovered': not lossy_after or lossy_after[-1] < after[-1],
    }


def fmt(v, digits=3):
    if v is None:
        return 'n/a'
    if isinstance(v, bool):
        return 'yes' if v else 'no'
    if isinstance(v, float):
        return f'{v:,.{digits}f}'
    return str(v)


def main():
    lead, spike, normal, bucket_ms = (float(x) for x in sys.argv[1:5])
    rows = [summarise(*arg.split('=', 1), lead, spike, normal, bucket_ms) for arg in sys.argv[5:]]
    labels = [
        ('achieved rate during the spike (pps)', 'spike_pps', 0),
        ('loss before the spike (%)', 'loss_before_%', 3),
        ('loss during the spike (%)', 'loss_spike_%', 2),
        ('loss after the spike, whole normal phase (%)', 'loss_after_%', 3),
        ('loss after the spike, from +1 s (%)', 'loss_after_1s_%', 3),
        ('per-stream delivered fraction in spike: min', 'stream_delivered_min', 3),
        ('                                        median', 'stream_delivered_median', 3),
        ('                                        max', 'stream_delivered_max', 3),
        ('streams muted for >= 1 s during the spike', 'muted_during_spike', 0),
        ('streams muted for >= 1 s after the spike', 'muted_after_spike', 0),
        ('streams muted in the last second', 'muted_last_second', 0),
        (f'recovery: spike end -> last lossy {bucket_ms:.0f} ms bucket end (s)', 'recovery_s', 1),
    ]
    width = max(len(l) for l, _, _ in labels) + 2
    print(''.ljust(width) + ''.join(r['relay'].ljust(18) for r in rows))
    for label, key, digits in labels:
        print(label.ljust(width) + ''.join(fmt(r[key], digits).ljust(18) for r in rows))
    for r in rows:
        if not r['recovered']:
            print(f"{r['relay']}: still losing packets in the last bucket: not recovered within the normal phase")


if __name__ == '__main__':
    main()
