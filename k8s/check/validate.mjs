// Validates rendered Kubernetes manifests offline, no cluster needed (k8s/check/check.sh runs it).
//
//   node validate.mjs [--examples] FILE...
//
// Each FILE is a YAML stream (a `kubectl kustomize` output). Every object is checked twice:
//  1. against the JSON schema of its kind (kubernetes-models: the API server's OpenAPI; KEDA and
//     Prometheus Operator CRDs from their @kubernetes-models packages): types, enums, required fields;
//  2. for unknown fields, which those schemas let through but the API server refuses
//     (kubectl's default --validate=strict): a typo such as `readinesProbe` would otherwise
//     pass. TypeScript's excess-property check against the same models' types finds them.
// A kind with no schema here fails, unless --examples: then (custom resources of operators whose
// CRDs no pinned package ships) only apiVersion, kind and metadata are checked, and said so.
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import ts from 'typescript';

const here = dirname(fileURLToPath(import.meta.url));
const packages = ['kubernetes-models', '@kubernetes-models/keda', '@kubernetes-models/prometheus-operator'];

const args = process.argv.slice(2);
const examples = args.includes('--examples');
const files = args.filter((a) => a !== '--examples');
if (files.length === 0) {
  console.error('usage: node validate.mjs [--examples] FILE...');
  process.exit(2);
}

async function modelOf(apiVersion, kind) {
  for (const pkg of packages) {
    let module;
    try {
      module = await import(`${pkg}/${apiVersion}`);
    } catch {
      continue;
    }
    if (typeof module[kind] === 'function') return { pkg, module, Model: module[kind] };
  }
  return null;
}

const objects = [];
let unchecked = 0;
let failures = 0;
const fail = (where, message) => {
  failures++;
  console.log(`FAIL ${where}: ${message}`);
};

for (const file of files) {
  for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
    if (doc.errors.length > 0) {
      fail(file, doc.errors.map((e) => e.message).join('; '));
      continue;
    }
    const object = doc.toJS();
    if (object === null || object === undefined) continue;
    const { apiVersion, kind } = object;
    const name = object.metadata?.name;
    const where = `${file}: ${kind ?? '?'}/${name ?? '?'}`;
    if (typeof apiVersion !== 'string' || typeof kind !== 'string' || typeof name !== 'string' || name === '') {
      fail(where, 'apiVersion, kind and metadata.name are required');
      continue;
    }
    const model = await modelOf(apiVersion, kind);
    if (model === null) {
      if (examples) {
        unchecked++;
        console.log(`ok   ${where} (${apiVersion}: no schema of this custom resource here, only apiVersion, kind and metadata checked)`);
      } else {
        fail(where, `no schema for ${apiVersion} ${kind} in ${packages.join(', ')}`);
      }
      continue;
    }
    try {
      new model.Model(object).validate();
    } catch (e) {
      fail(where, e.message);
      continue;
    }
    objects.push({ where, object, pkg: model.pkg, apiVersion, kind });
  }
}

// Unknown fields: one typed constant per object, one object per line, so each compiler error
// points at its object. The generated file sits beside the installed packages to resolve them.
if (objects.length > 0) {
  const dir = mkdtempSync(join(here, '.strict-'));
  try {
    const lines = objects.map(({ object, pkg, apiVersion, kind }, i) =>
      `import type { I${kind} as T${i} } from ${JSON.stringify(`${pkg}/${apiVersion}`)}; ` +
      `export const o${i}: T${i} = ${JSON.stringify(object)};`);
    const source = join(dir, 'objects.ts');
    writeFileSync(source, lines.join('\n') + '\n');
    const program = ts.createProgram([source], {
      noEmit: true,
      strict: true,
      skipLibCheck: true,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      types: [],
    });
    for (const d of ts.getPreEmitDiagnostics(program)) {
      const message = ts.flattenDiagnosticMessageText(d.messageText, ' ');
      if (d.file && d.file.fileName === source && d.start !== undefined) {
        const { line } = d.file.getLineAndCharacterOfPosition(d.start);
        objects[line].failed = true;
        fail(objects[line].where, message);
      } else {
        fail('typescript', message);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const valid = objects.filter((o) => !o.failed);
for (const { where } of valid) console.log(`ok   ${where}`);
console.log(`k8s schema check: ${valid.length} objects valid against their schemas` +
  (unchecked > 0 ? `, ${unchecked} examples with no schema here` : '') + `, ${failures} failures`);
process.exit(failures === 0 ? 0 : 1);
