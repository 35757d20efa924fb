// Validates an SBOM with tools that are not debimg's: CycloneDX JSON with
// the CycloneDX project's own strict schema validator
// (@cyclonedx/cyclonedx-library), SPDX JSON with the SPDX project's 2.3
// schema (ajv) and every licence expression with spdx-expression-parse, plus
// the SPDX 2.3 rules the schema cannot say (ids unique, relationships and
// LicenseRefs defined). Usage: node sbom_validate.js spdx|cyclonedx FILE [SCHEMA]
// (NODE_PATH: the node_modules they were installed in). Exit 1 with the errors.
'use strict';
const fs = require('fs');
const [kind, file, schemaFile] = process.argv.slice(2);
const text = fs.readFileSync(file, 'utf8');
const failWith = (what) => { console.error(`${file}: ${what}`); process.exit(1); };

if (kind === 'cyclonedx') {
  const CDX = require('@cyclonedx/cyclonedx-library');
  new CDX.Validation.JsonStrictValidator(CDX.Spec.Version.v1dot5).validate(text).then((errors) => {
    if (errors !== null) failWith(JSON.stringify(errors).slice(0, 2000));
  }, (e) => failWith(String(e)));
} else if (kind === 'spdx') {
  const Ajv2019 = require('ajv/dist/2019').default;
  const addFormats = require('ajv-formats');
  const parse = require('spdx-expression-parse');
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaFile, 'utf8')));
  const doc = JSON.parse(text);
  if (!validate(doc)) failWith(JSON.stringify(validate.errors).slice(0, 2000));
  const ids = new Set(['SPDXRef-DOCUMENT']);
  for (const p of doc.packages) {
    if (ids.has(p.SPDXID)) failWith(`SPDXID ${p.SPDXID} twice`);
    if (!/^SPDXRef-[A-Za-z0-9.-]+$/.test(p.SPDXID)) failWith(`bad SPDXID ${p.SPDXID}`);
    ids.add(p.SPDXID);
  }
  const defined = new Set((doc.hasExtractedLicensingInfos || []).map((l) => l.licenseId));
  const refsOf = (node, out) => {
    if (node.license !== undefined) out.push(node.license);
    if (node.left) refsOf(node.left, out);
    if (node.right) refsOf(node.right, out);
    return out;
  };
  for (const p of doc.packages) {
    for (const field of ['licenseDeclared', 'licenseConcluded']) {
      const e = p[field];
      if (e === 'NOASSERTION' || e === 'NONE') continue;
      let tree;
      try { tree = parse(e); } catch (err) { failWith(`${p.name}: ${field} '${e}': ${err.message}`); }
      for (const id of refsOf(tree, [])) {
        if (id.startsWith('LicenseRef-') && !defined.has(id)) failWith(`${p.name}: ${id} is not in hasExtractedLicensingInfos`);
      }
    }
    if (p.downloadLocation !== 'NOASSERTION' && p.downloadLocation !== 'NONE' && !/^[a-z+]+:\/\//.test(p.downloadLocation)) {
      failWith(`${p.name}: downloadLocation '${p.downloadLocation}' is not a URL`);
    }
  }
  for (const r of doc.relationships) {
    for (const end of [r.spdxElementId, r.relatedSpdxElement]) if (!ids.has(end)) failWith(`relationship names unknown ${end}`);
  }
  if (!doc.relationships.some((r) => r.spdxElementId === 'SPDXRef-DOCUMENT' && r.relationshipType === 'DESCRIBES')) {
    failWith('the document DESCRIBES nothing');
  }
} else {
  failWith(`unknown kind ${kind}`);
}
