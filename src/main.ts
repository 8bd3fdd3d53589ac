/**
 * Entry point. Built to dist/main.js, it is what bin/ayni.mjs runs (`npm start`, `npm run ayni`,
 * `./bin/ayni.mjs`); from the sources: `node --import ./bin/typescript.mjs src/main.ts <command>`.
 */
import { runCli } from './cli/main.ts';

await runCli(process.argv);
