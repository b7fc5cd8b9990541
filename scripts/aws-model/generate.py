#!/usr/bin/env python3
"""Turn AWS's published service models into committed TypeScript data.

The source is the JSON service models that AWS publishes inside the `botocore` package on PyPI, at the
version named in pin.json. For each service listed there this writes, under src/aws-model/generated/:

  <service>.ts       shapes (types, members, required, enums, min/max, patterns), operations (input,
                     output, HTTP binding, declared errors) and the protocol metadata
  <service>.docs.ts  the documentation of operations, shapes and members as plain text (kept apart so the
                     data the code reads stays small); split into parts when one would pass 1 MB

Corrections the models need are applied from overlay.json. Each names the AWS page that says so and the
value the model has today (`expect`); when the model no longer has that value the correction has stopped
applying and generation fails, so the overlay is reviewed instead of silently drifting.

Usage:
  generate.py [--botocore-wheel FILE] [--out DIR]
Without --botocore-wheel the pinned version is fetched with `pip download` (PyPI).
Nothing under src/ runs Python: the output is committed, and CI only checks it against pin.json.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import html
import json
import os
import re
import subprocess
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, '..', '..'))
MAX_FILE_BYTES = 1_000_000

# Keys of a shape the runtime needs; everything else (documentation, deprecation prose) goes elsewhere.
SHAPE_KEYS = ('type', 'required', 'enum', 'min', 'max', 'pattern', 'sensitive', 'union', 'document')
MEMBER_KEYS = ('location', 'locationName', 'idempotencyToken', 'jsonvalue', 'timestampFormat')


def fail(message: str) -> None:
    print(f'generate.py: {message}', file=sys.stderr)
    sys.exit(1)


def fetch_wheel(version: str, into: str) -> str:
    subprocess.run(
        [sys.executable, '-m', 'pip', 'download', '--quiet', '--no-deps', '--only-binary=:all:',
         '-d', into, f'botocore=={version}'],
        check=True,
    )
    for name in os.listdir(into):
        if name.startswith(f'botocore-{version}-') and name.endswith('.whl'):
            return os.path.join(into, name)
    fail(f'pip did not produce a botocore {version} wheel')
    return ''


def read_model(wheel: zipfile.ZipFile, path: str) -> tuple[dict, str]:
    raw = wheel.read(path)
    digest = hashlib.sha256(raw).hexdigest()
    data = gzip.decompress(raw) if path.endswith('.gz') else raw
    return json.loads(data), digest


def plain_text(doc: str) -> str:
    """Documentation as one line of plain text: tags dropped, links kept as 'text (url)'."""
    doc = re.sub(r'<a href="([^"]+)"[^>]*>(.*?)</a>', lambda m: f'{m.group(2)} ({m.group(1)})', doc, flags=re.S)
    doc = re.sub(r'<[^>]+>', ' ', doc)
    return re.sub(r'\s+', ' ', html.unescape(doc)).strip()


def compact_shape(shape: dict) -> dict:
    out = {k: shape[k] for k in SHAPE_KEYS if k in shape}
    if 'member' in shape:
        out['member'] = shape['member']['shape']
    if 'key' in shape:
        out['key'] = shape['key']['shape']
    if 'value' in shape:
        out['value'] = shape['value']['shape']
    if 'members' in shape:
        members = {}
        for name, member in shape['members'].items():
            m = {'shape': member['shape']}
            m.update({k: member[k] for k in MEMBER_KEYS if k in member})
            members[name] = m
        out['members'] = members
    if shape.get('exception'):
        error = shape.get('error', {})
        out['exception'] = {
            k: v for k, v in {
                'code': error.get('code'),
                'httpStatusCode': error.get('httpStatusCode'),
                'senderFault': error.get('senderFault'),
                'fault': True if shape.get('fault') else None,
            }.items() if v is not None
        }
    return out


def compact_operation(op: dict) -> dict:
    out = {'http': {k: op['http'][k] for k in ('method', 'requestUri', 'responseCode') if k in op.get('http', {})}}
    if 'input' in op:
        out['input'] = op['input']['shape']
    if 'output' in op:
        out['output'] = op['output']['shape']
    out['errors'] = [e['shape'] for e in op.get('errors', [])]
    if op.get('idempotent'):
        out['idempotent'] = True
    return out


def documentation(model: dict) -> dict[str, str]:
    docs: dict[str, str] = {}
    for name, op in sorted(model['operations'].items()):
        if op.get('documentation'):
            docs[f'operation:{name}'] = plain_text(op['documentation'])
    for name, shape in sorted(model['shapes'].items()):
        if shape.get('documentation'):
            docs[name] = plain_text(shape['documentation'])
        for member, spec in sorted(shape.get('members', {}).items()):
            if spec.get('documentation'):
                docs[f'{name}.{member}'] = plain_text(spec['documentation'])
    return docs


def apply_overlay(service: str, shapes: dict, corrections: list[dict]) -> None:
    for c in corrections:
        if c['service'] != service or 'shape' not in c:
            continue
        where = f"{service} {c['shape']}{'.' + c['member'] if 'member' in c else ''} {c['field']}"
        if c['shape'] not in shapes:
            fail(f'overlay correction no longer applies: shape {where} is gone from the model ({c["source"]})')
        target = shapes[c['shape']]
        if 'member' in c:
            target = target.get('members', {}).get(c['member'])
            if target is None:
                fail(f'overlay correction no longer applies: member {where} is gone ({c["source"]})')
        current = target.get(c['field'])
        if current != c.get('expect'):
            fail(f'overlay correction no longer applies: {where} is {current!r} in the model, '
                 f'the overlay expected {c.get("expect")!r} ({c["source"]}); review it')
        target[c['field']] = c['value']


def ts_literal(value: object) -> str:
    return json.dumps(value, indent=1, ensure_ascii=False, sort_keys=False)


def write(path: str, text: str) -> None:
    if len(text.encode()) > MAX_FILE_BYTES:
        fail(f'{os.path.relpath(path, ROOT)} would be {len(text.encode())} bytes, over the 1 MB a file')
    with open(path, 'w', encoding='utf-8') as f:
        f.write(text)


HEADER = '// Generated by scripts/aws-model/generate.py from AWS\'s published service model. Do not edit:\n' \
         '// change scripts/aws-model/overlay.json or the pin, then run `npm run model:generate`.\n'


def write_service(out_dir: str, key: str, source: dict, model: dict, shapes: dict, common: list[str]) -> None:
    ident = re.sub(r'-(\w)', lambda m: m.group(1).upper(), key)
    operations = {name: compact_operation(op) for name, op in sorted(model['operations'].items())}
    meta = model['metadata']
    data = {
        'source': source,
        'metadata': {k: meta[k] for k in ('apiVersion', 'protocol', 'protocols', 'jsonVersion', 'targetPrefix',
                                          'endpointPrefix', 'serviceId', 'signingName') if k in meta},
        'commonErrors': common,
        'operations': operations,
        'shapes': {name: shapes[name] for name in sorted(shapes)},
    }
    write(os.path.join(out_dir, f'{key}.ts'),
          HEADER + "import type { ServiceModel } from '../types.js'\n\n"
          f'export const {ident}Model: ServiceModel = {ts_literal(data)}\n')

    docs = documentation(model)
    parts: list[dict[str, str]] = [{}]
    size = 0
    for k, v in docs.items():
        entry = len(json.dumps({k: v}, ensure_ascii=False).encode())
        if size + entry > MAX_FILE_BYTES * 0.9:
            parts.append({})
            size = 0
        parts[-1][k] = v
        size += entry
    names = []
    for i, part in enumerate(parts):
        suffix = '' if len(parts) == 1 else f'.{i + 1}'
        names.append(f'{key}.docs{suffix}')
        write(os.path.join(out_dir, f'{key}.docs{suffix}.ts'),
              HEADER + f'export const documentation: Readonly<Record<string, string>> = {ts_literal(part)}\n')
    index = HEADER + ''.join(f"import {{ documentation as part{i} }} from './{n}.js'\n" for i, n in enumerate(names))
    index += f'\nexport const {ident}Documentation: Readonly<Record<string, string>> = {{ ' + \
        ', '.join(f'...part{i}' for i in range(len(names))) + ' }\n'
    if len(names) > 1:
        write(os.path.join(out_dir, f'{key}.docs.ts'), index)
    else:
        # One part: the part file is the index too.
        with open(os.path.join(out_dir, f'{key}.docs.ts'), 'a', encoding='utf-8') as f:
            f.write(f'export const {ident}Documentation = documentation\n')


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument('--botocore-wheel')
    parser.add_argument('--out', default=os.path.join(ROOT, 'src', 'aws-model', 'generated'))
    args = parser.parse_args()

    pin = json.load(open(os.path.join(HERE, 'pin.json'), encoding='utf-8'))
    overlay = json.load(open(os.path.join(HERE, 'overlay.json'), encoding='utf-8'))
    version = pin['botocore']
    with tempfile.TemporaryDirectory() as tmp:
        wheel_path = args.botocore_wheel or fetch_wheel(version, tmp)
        if f'botocore-{version}-' not in os.path.basename(wheel_path):
            fail(f'{wheel_path} is not botocore {version} (the pin)')
        os.makedirs(args.out, exist_ok=True)
        with zipfile.ZipFile(wheel_path) as wheel:
            for key, spec in pin['services'].items():
                model, digest = read_model(wheel, spec['file'])
                if spec.get('sha256') and spec['sha256'] != digest:
                    fail(f'{spec["file"]} has sha256 {digest}, the pin says {spec["sha256"]}: '
                         'update pin.json on purpose if the version changed')
                spec['sha256'] = digest
                shapes = {name: compact_shape(s) for name, s in model['shapes'].items()}
                apply_overlay(key, shapes, overlay['corrections'])
                common = overlay['commonErrors'].get(model['metadata']['protocol'], [])
                source = {'package': 'botocore', 'version': version, 'file': spec['file'], 'sha256': digest}
                write_service(args.out, key, source, model, shapes, common)
    with open(os.path.join(HERE, 'pin.json'), 'w', encoding='utf-8') as f:
        json.dump(pin, f, indent=2)
        f.write('\n')


if __name__ == '__main__':
    main()
