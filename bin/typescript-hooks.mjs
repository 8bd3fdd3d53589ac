// Module hooks that load ayni's TypeScript sources with esbuild's transform, for the running
// server and CLI (bin/typescript.mjs registers them). tsx, which the tests and benchmark scripts
// use, always transforms with esbuild's `keepNames`: every function or closure created at run time
// then also calls Object.defineProperty to set its name. On the hot paths (the rules interpreter
// builds a closure per explanation) that tripled the cost of a citizen status look-up (measured:
// 150 µs → 47 µs per rule trace). A plain transform keeps the names the source gives, so stack
// traces read the same.
import { readFile } from 'node:fs/promises';
import { transform } from 'esbuild';

// The compiler options of tsconfig.json that change emitted code (scripts/build.mjs has the same):
// pages are hono/jsx components in .tsx files, compiled with the automatic runtime.
const tsconfigRaw = {
  compilerOptions: {
    target: 'ES2022',
    useDefineForClassFields: true,
    jsx: 'react-jsx',
    jsxImportSource: 'hono/jsx',
  },
};

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !(url.endsWith('.ts') || url.endsWith('.mts') || url.endsWith('.tsx'))) {
    return nextLoad(url, context);
  }
  const source = await readFile(new URL(url), 'utf8');
  const out = await transform(source, {
    loader: url.endsWith('.tsx') ? 'tsx' : 'ts',
    format: 'esm',
    target: 'node20',
    sourcemap: 'inline',
    sourcefile: url,
    tsconfigRaw,
  });
  return { format: 'module', source: out.code, shortCircuit: true };
}
