// Call the exported pure functions of a widget's ES module from Python tests.
//
//   node tests/js/run_exports.mjs <module.mjs>  < calls.json  > results.json
//
// calls.json is a list of [functionName, [arg, ...]]; the answer is the list of the
// return values, in order (JSON numbers are IEEE doubles both ways: nothing is lost).
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [, , modulePath] = process.argv;
const mod = await import(pathToFileURL(modulePath).href);
const calls = JSON.parse(readFileSync(0, "utf8"));
const results = calls.map(([name, args]) => {
  if (typeof mod[name] !== "function") throw new Error(`${modulePath} exports no function ${name}`);
  return mod[name](...args);
});
process.stdout.write(JSON.stringify(results));
