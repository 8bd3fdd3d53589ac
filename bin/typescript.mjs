// `node --import ./bin/typescript.mjs src/main.ts …`: loads the TypeScript sources without a build
// step, through the hooks in typescript-hooks.mjs (why not tsx there: see that file). Stack traces
// point at the .ts lines through the inline source maps. For development only — the tests and
// benchmarks that start ayni from its sources; `npm start` and `ayni` run the build in dist/
// (scripts/build.mjs, the same esbuild transform), and esbuild is a development dependency.
import { register } from 'node:module';

process.setSourceMapsEnabled(true);
register('./typescript-hooks.mjs', import.meta.url);
