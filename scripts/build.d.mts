// Types of scripts/build.mjs, for the TypeScript that imports it (test/app/build.test.ts).
export const distDir: string;
export function buildState(outDir?: string): 'fresh' | 'missing' | 'stale';
export function build(
  outDir?: string,
): Promise<{ modules: number; assets: number; ms: number; helperPids: number[] }>;
