#!/usr/bin/env python3
"""Where the time went during one scenario: the difference of two /actuator/prometheus scrapes of
the signing-service and of two CPU samples (run.sh: cpu_sample), printed as a short table.

usage: metrics-delta.py BEFORE.prom AFTER.prom BEFORE.cpu AFTER.cpu EVENTS
"""
import re
import sys

LINE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)')


def scrape(path):
    values = {}
    with open(path) as f:
        for line in f:
            if line.startswith('#'):
                continue
            m = LINE.match(line)
            if m:
                values[(m.group(1), m.group(2) or '')] = float(m.group(3))
    return values


def total(values, name, label_filter=''):
    return sum(v for (n, labels), v in values.items() if n == name and label_filter in labels)


def delta(before, after, name, label_filter=''):
    return total(after, name, label_filter) - total(before, name, label_filter)


def cpu(path):
    ticks = {}
    with open(path) as f:
        for line in f:
            key, value = line.split()
            ticks[key] = int(value)
    return ticks


def main():
    before, after = scrape(sys.argv[1]), scrape(sys.argv[2])
    cpu_before, cpu_after = cpu(sys.argv[3]), cpu(sys.argv[4])
    events = int(sys.argv[5])
    hz = 100.0
    wall = (cpu_after['wall_ms'] - cpu_before['wall_ms']) / 1000.0

    batches = delta(before, after, 'spring_kafka_listener_seconds_count')
    batch_seconds = delta(before, after, 'spring_kafka_listener_seconds_sum')
    signed = delta(before, after, 'trustpipe_signing_events_total', 'outcome="signed"')
    tx = delta(before, after, 'hikaricp_connections_usage_seconds_count')
    tx_seconds = delta(before, after, 'hikaricp_connections_usage_seconds_sum')
    acquire = delta(before, after, 'hikaricp_connections_acquire_seconds_sum')
    relay_runs = delta(before, after, 'tasks_scheduled_execution_seconds_count', 'relay')
    relay_seconds = delta(before, after, 'tasks_scheduled_execution_seconds_sum', 'relay')
    published = delta(before, after, 'trustpipe_outbox_published_total')
    gc = delta(before, after, 'jvm_gc_pause_seconds_sum')
    http = delta(before, after, 'http_server_requests_seconds_count')
    jit = delta(before, after, 'jvm_compilation_time_ms_total') / 1000.0

    def per_event(ticks_key):
        seconds = (cpu_after[ticks_key] - cpu_before[ticks_key]) / hz
        return seconds, (seconds * 1000.0 / events if events else float('nan'))

    rows = [
        ('window (s)', f'{wall:.1f}'),
        ('events signed (trustpipe_signing_events_total{outcome=signed})', f'{signed:.0f}'),
        ('listener batches / events per batch', f'{batches:.0f} / {signed / batches if batches else float("nan"):.1f}'),
        ('listener time per batch, mean (s)', f'{batch_seconds / batches if batches else float("nan"):.3f}'),
        ('listener busy (sum of batch time / window, all consumer threads)', f'{batch_seconds / wall if wall else float("nan"):.2f}'),
        ('DB connection uses / mean hold (ms) / total acquire wait (s)', f'{tx:.0f} / {1000 * tx_seconds / tx if tx else float("nan"):.1f} / {acquire:.2f}'),
        ('GUN transactions (connection uses - relay runs - HTTP requests, approx.) / events per transaction',
         f'{tx - relay_runs - http:.0f} / {signed / (tx - relay_runs - http) if tx - relay_runs - http > 0 else float("nan"):.2f}'),
        ('outbox relay runs / rows published / mean run (ms)', f'{relay_runs:.0f} / {published:.0f} / {1000 * relay_seconds / relay_runs if relay_runs else float("nan"):.1f}'),
        ('GC pause total (s) / JIT compiler time (s) / HTTP requests', f'{gc:.2f} / {jit:.1f} / {http:.0f}'),
    ]
    for key, label in [('service', 'signing-service'), ('kafka', 'Kafka broker'),
                       ('postgres', 'PostgreSQL backends of the bench DB'),
                       ('generator', 'load generator')]:
        if key in cpu_before and key in cpu_after:
            seconds, ms = per_event(key)
            per_tx = seconds * 1000.0 / (tx - relay_runs - http) if tx - relay_runs - http > 0 else float('nan')
            rows.append((f'CPU {label} (s) / per event (ms) / per GUN transaction (ms)', f'{seconds:.1f} / {ms:.2f} / {per_tx:.1f}'))
    busy = (cpu_after['machine_busy'] - cpu_before['machine_busy']) / hz
    total_ticks = (cpu_after['machine_total'] - cpu_before['machine_total']) / hz
    rows.append(('machine CPU busy, all processes (core-s of core-s)', f'{busy:.1f} of {total_ticks:.1f} ({100 * busy / total_ticks if total_ticks else 0:.0f}%)'))
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f'  {key.ljust(width)}  {value}')


if __name__ == '__main__':
    main()
