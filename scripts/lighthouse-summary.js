// Summarise Lighthouse runs of one page: the median run (by performance score) with its four
// category scores and the audits that cost points. Exits 3 when a reported score is below 100.
// Usage: node scripts/lighthouse-summary.js NAME REPORT.json...
const path = require("node:path");

const [name, ...files] = process.argv.slice(2);
const runs = files
  .map((file) => require(path.resolve(file)))
  .sort((a, b) => a.categories.performance.score - b.categories.performance.score);
const median = runs[Math.floor((runs.length - 1) / 2)];
const score = (category) => Math.round(category.score * 100);

console.log(`${name}: ${median.finalDisplayedUrl}`);
console.log(`  Lighthouse ${median.lighthouseVersion}, ${median.configSettings.formFactor}, ` +
  `median of ${runs.length} run(s); performance per run: ` +
  runs.map((run) => score(run.categories.performance)).join(", "));
for (const category of Object.values(median.categories)) {
  console.log(`  ${category.title.padEnd(16)} ${score(category)}`);
  for (const ref of category.auditRefs) {
    const audit = median.audits[ref.id];
    if (ref.weight > 0 && audit.score !== null && audit.score < 1) {
      console.log(`    costs points: ${audit.title} (${audit.displayValue || audit.score})`);
    }
  }
}
process.exit(Object.values(median.categories).every((c) => score(c) === 100) ? 0 : 3);
