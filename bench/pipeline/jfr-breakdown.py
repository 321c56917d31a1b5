#!/usr/bin/env python3
"""CPU samples of a JFR recording of the signing-service, grouped by thread and by what the
sampled stack is doing (first matching category, checked in the order below).

usage: jfr-breakdown.py RECORDING.jfr [TOP_LEAVES]
"""
import collections
import json
import subprocess
import sys

# (category, substrings of "class.method" any frame of the stack may contain), most specific first
CATEGORIES = [
    ('custody: load key (PBKDF2 + decrypt)', ['LocalKeystoreCustody.get', 'EncryptedPrivateKeyPem.decrypt']),
    ('custody: create key', ['LocalKeystoreCustody.create']),
    ('TUF signing (ECDSA P-256)', ['SoftwareSigningKey.sign', 'CustodyTufSigner.sign']),
    ('EventCodec.encode (trust.changed, JSON Schema)', ['EventCodec.encode']),
    ('EventCodec.decode (registry events, JSON Schema)', ['EventCodec.decode']),
    ('parse stored metadata (SignedMetadata.parse)', ['SignedMetadata.parse', 'CurrentMetadata.of']),
    ('build new metadata (ManagedRepository, canonical JSON)', ['ManagedRepository.', 'CanonicalJson.']),
    ('trust store transaction: JDBC and the rest of TrustUpdater', ['org.postgresql.', 'JdbcTrustStoreTransaction.', 'TrustStore.']),
    ('Kafka client', ['org.apache.kafka.']),
    ('TLS / HTTP', ['sun.security.ssl.', 'org.apache.coyote.', 'org.apache.tomcat.']),
    # JFR often records only the top few frames of a deep stack; classify those by package
    ('  (partial stack) BouncyCastle EC math: ECDSA signing', ['org.bouncycastle.math.', 'org.bouncycastle.crypto.signers.']),
    ('  (partial stack) SunEC EC math: key generation / public key checks', ['sun.security.util.math.', 'sun.security.ec.']),
    ('  (partial stack) PBKDF2 / HMAC / AES: keystore', ['PBKDF2', 'com.sun.crypto.provider.']),
    ('  (partial stack) SHA-2 digests', ['sun.security.provider.', 'org.bouncycastle.crypto.digests.']),
    ('  (partial stack) JSON Schema validation', ['com.networknt.schema.', 'java.util.regex.']),
    ('  (partial stack) Jackson JSON', ['com.fasterxml.jackson.']),
]


# inclusive: a sample counts for every entry one of its frames matches (they overlap)
INCLUSIVE = [
    ('ECDSA signature (BouncyCastle ECDSASigner.generateSignature)', 'ECDSASigner.generateSignature'),
    ('SignedMetadata.parse (all callers)', 'SignedMetadata.parse'),
    ('  of it: re-encoding to check canonical form (CanonicalJson.encode in parse)', 'SignedMetadata.parse>CanonicalJson.encode'),
    ('  of it: parsing the stored versions read for each GUN (not under MetadataSigner.sign)', 'SignedMetadata.parse&!MetadataSigner.sign'),
    ('  of it: parsing what was just signed (MetadataSigner.sign -> parse)', 'MetadataSigner.sign>SignedMetadata.parse'),
    ('CanonicalJson.encode (all callers)', 'CanonicalJson.encode'),
    ('ManagedRepository.applyTargetChanges (new delegation+snapshot+timestamp)', 'ManagedRepository.applyTargetChanges'),
    ('EventCodec.encode (3 trust.changed per GUN transaction, JSON Schema)', 'EventCodec.encode'),
    ('  of it: JSON Schema validation', 'EventCodec.encode>JsonSchema.validate'),
    ('EventCodec.decode (each registry event, JSON Schema)', 'EventCodec.decode'),
    ('PostgreSQL JDBC driver (org.postgresql)', 'org.postgresql.'),
    ('custody key load (LocalKeystoreCustody.get)', 'LocalKeystoreCustody.get'),
]


def matches_inclusive(frames, spec):
    # 'outer>inner': inner called (directly or not) from outer; frames are leaf first
    # 'a&!b': some frame contains a, none contains b
    if '&!' in spec:
        wanted, unwanted = spec.split('&!')
        return any(wanted in f for f in frames) and not any(unwanted in f for f in frames)
    if '>' in spec:
        outer, inner = spec.split('>')
        inner_at = [i for i, f in enumerate(frames) if inner in f]
        outer_at = [i for i, f in enumerate(frames) if outer in f]
        return any(o > i for i in inner_at for o in outer_at)
    return any(spec in f for f in frames)


def thread_group(name):
    if name.startswith('trustpipe-signing'):
        return 'pipeline: Kafka listener (consumer threads)'
    if name.startswith('signing'):
        return 'pipeline: GUN workers (trustpipe.signing.parallelism)'
    if name.startswith('scheduling'):
        return 'outbox relay (scheduler)'
    if 'kafka-producer' in name:
        return 'Kafka producer I/O'
    if name.startswith('https') or name.startswith('http-nio') or 'exec' in name:
        return 'HTTP'
    return 'other: ' + name.split('-')[0]


def frame_name(frame):
    method = frame['method']
    return method['type']['name'].replace('/', '.') + '.' + method['name']


def main():
    path = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    out = subprocess.run(['jfr', 'print', '--json', '--stack-depth', '64', '--events', 'jdk.ExecutionSample', path],
                         check=True, capture_output=True, text=True).stdout
    events = json.loads(out)['recording']['events']
    by_thread = collections.Counter()
    by_category = collections.Counter()
    listener_by_category = collections.Counter()
    leaves = collections.Counter()
    inclusive = collections.Counter()
    for event in events:
        values = event['values']
        group = thread_group(values['sampledThread']['javaName'] or '')
        by_thread[group] += 1
        frames = [frame_name(f) for f in values['stackTrace']['frames']]
        category = 'other'
        for name, needles in CATEGORIES:
            if any(needle in f for f in frames for needle in needles):
                category = name
                break
        by_category[category] += 1
        if group.startswith('pipeline'):
            listener_by_category[category] += 1
            for name, spec in INCLUSIVE:
                if matches_inclusive(frames, spec):
                    inclusive[name] += 1
        if frames:
            leaves[frames[0]] += 1
    total = len(events)
    print(f'{total} CPU samples (jdk.ExecutionSample) in {path}')
    print('by thread:')
    for name, count in by_thread.most_common():
        print(f'  {100 * count / total:5.1f}%  {name}')
    listener = sum(listener_by_category.values())
    print(f'pipeline threads (listener + GUN workers, {listener} samples) by activity:')
    for name, count in listener_by_category.most_common():
        print(f'  {100 * count / listener:5.1f}%  {name}')
    print(f'pipeline threads, inclusive (overlapping) share of their {listener} samples:')
    for name, _ in INCLUSIVE:
        print(f'  {100 * inclusive[name] / listener:5.1f}%  {name}')
    print('all threads by activity:')
    for name, count in by_category.most_common():
        print(f'  {100 * count / total:5.1f}%  {name}')
    print(f'top {top} leaf frames:')
    for name, count in leaves.most_common(top):
        print(f'  {100 * count / total:5.1f}%  {name}')


if __name__ == '__main__':
    main()
