#!/usr/bin/env node
// The schema store: `schemas/` holds, for every upstream CRD the project emits objects of, what the checks
// and `cdk8s import` need of it (group, names, scope, and each version's openAPIV3Schema), as JSON
// generated from the CRD files. With it, a clone checks every object against the upstream schemas with
// nothing beside it.
//
//   node scripts/crd-schemas.js store <crds dir> <schemas dir>    regenerate the store from CRD files
//   node scripts/crd-schemas.js crds <schemas dir> <out dir>      write each stored entry back as a CRD file
const fs = require('fs');
const path = require('path');
const YAML = require('yaml');

function files(dir, pattern) {
  const out = [];
  const walk = d => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const abs = path.join(d, e.name);
      if (e.isDirectory()) walk(abs);
      else if (pattern.test(e.name)) out.push(path.relative(dir, abs));
    }
  };
  walk(dir);
  return out.sort();
}

/** The stored form of one CRD: every version with its schema (v1beta1 CRDs keep theirs in spec.validation). */
function entry(source, crd) {
  const s = crd.spec;
  const versions = (s.versions ?? [{ name: s.version, served: true, storage: true }]).map(v => ({
    name: v.name,
    served: v.served,
    storage: v.storage,
    schema: v.schema?.openAPIV3Schema ?? s.validation?.openAPIV3Schema ?? null,
  }));
  return { source, group: s.group, names: s.names, scope: s.scope, versions };
}

function store(crdsDir, outDir) {
  fs.rmSync(outDir, { recursive: true, force: true });
  for (const file of files(crdsDir, /\.ya?ml$/)) {
    const crds = YAML.parseAllDocuments(fs.readFileSync(path.join(crdsDir, file), 'utf8'))
      .map(d => d.toJS()).filter(o => o && o.kind === 'CustomResourceDefinition');
    if (crds.length === 0) continue;
    const target = path.join(outDir, file.replace(/\.ya?ml$/, '.json'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const stored = crds.map(c => entry(file, c));
    fs.writeFileSync(target, `${JSON.stringify(stored.length === 1 ? stored[0] : stored, null, 1)}\n`);
  }
}

/** A CRD file (apiextensions.k8s.io/v1) from a stored entry, as `cdk8s import` reads one. */
function crdOf(e) {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${e.names.plural}.${e.group}` },
    spec: {
      group: e.group,
      names: e.names,
      scope: e.scope,
      versions: e.versions.map(v => ({ name: v.name, served: v.served, storage: v.storage, ...(v.schema ? { schema: { openAPIV3Schema: v.schema } } : {}) })),
    },
  };
}

function crds(schemasDir, outDir) {
  for (const file of files(schemasDir, /\.json$/)) {
    const stored = JSON.parse(fs.readFileSync(path.join(schemasDir, file), 'utf8'));
    const target = path.join(outDir, file.replace(/\.json$/, '.yaml'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, [].concat(stored).map(e => YAML.stringify(crdOf(e), { lineWidth: 0 })).join('---\n'));
  }
}

module.exports = { crdOf };

if (require.main === module) {
  const [command, from, to] = process.argv.slice(2);
  if (command === 'store') store(from, to);
  else if (command === 'crds') crds(from, to);
  else {
    process.stderr.write('usage: crd-schemas.js store <crds dir> <schemas dir> | crds <schemas dir> <out dir>\n');
    process.exitCode = 2;
  }
}
