// A reporter for `node --test` that scripts/run-tests.ts adds beside the spec reporter: it keeps
// each test file's time in the JSON file named by AYNI_TEST_TIMES, rewritten as the tests end (the
// runner's --test-force-exit would cut a summary written at the very end), and run-tests.ts lists
// the slowest files from it once the run is over, so the CI log shows where its time goes. A
// file's time is the sum of its top-level tests' durations, which include the `before` hooks that
// run ahead of them (seeding a country, starting a browser); `after` hooks are not counted.
import { writeFileSync } from 'node:fs';

export default async function* fileTimes(source) {
  const out = process.env.AYNI_TEST_TIMES;
  const byFile = {};
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { nesting, file, details } = event.data;
    if (nesting !== 0 || !file || !out) continue;
    byFile[file] = (byFile[file] ?? 0) + (details?.duration_ms ?? 0);
    writeFileSync(out, JSON.stringify(byFile));
  }
  yield '';
}
