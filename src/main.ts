/** Entry point: `node --import ./bin/typescript.mjs src/main.ts <command>` (what `npm start` and bin/ayni.mjs run). */
import { runCli } from './cli/main.ts';

await runCli(process.argv);
