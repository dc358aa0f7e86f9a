// Runs Electronegativity's scanner through its library API and writes the findings as JSON.
// Its CLI's CSV output cannot be trusted: it writes the header and the rows with two concurrent
// fs.writeFile calls, so now and then the header lands over the first row (seen in CI as a CSP
// finding with no file name). Usage: node electronegativity-scan.mjs <app dir> <electron version> <out.json>
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const run = createRequire(import.meta.url)('@doyensec/electronegativity');
const [input, electronVersion, out] = process.argv.slice(2);
const result = await run(
  { input, isRelative: true, customScan: [], excludeFromScan: [], parserPlugins: [], electronVersionOverride: electronVersion, isSarif: false, isVerbose: false },
  false,
);
const findings = result.issues.map((issue) => ({
  check: issue.id,
  severity: issue.severity.name,
  confidence: issue.confidence.name,
  file: issue.file,
  location: `${issue.location.line}:${issue.location.column}`,
}));
writeFileSync(out, JSON.stringify(findings));
