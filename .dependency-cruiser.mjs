// The direction of ayni's imports, checked by `npm run lint` (dependency-cruiser). This file is the
// source of truth for the layers docs/architecture.md describes ("Layers and the direction of
// imports"); change the two together. test/architecture/dependency-rules.test.ts shows each rule
// failing on a deliberate violation.
//
//   shared  ←  parameters, routing, db  ←  domains  ←  app.ts, clock.ts, seed.ts, messages  ←  cli, http, web
//
// Type-only imports count as imports (tsPreCompilationDeps): a type that points the wrong way ties
// the layers together as surely as a value does. Tests (*.test.ts) are not cruised: a test may
// reach into any module it tests.
import { fileURLToPath } from 'node:url';

/** The interfaces: they call domains; nothing below them calls them. */
const INTERFACES = '^src/(cli|http|web)/';
/**
 * Folders below the domains, imported file by file like `shared`: the database interface, the
 * dated-parameter loader and the route kit.
 */
const FOUNDATIONS = '^src/(shared|db|parameters|routing)/';

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-cycle',
      comment:
        'Modules form no cycle, type-only imports included: a cycle decides the order modules are initialised in by accident, and two modules in one cannot be understood or changed apart.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-folder-cycle',
      comment:
        'Folders form no cycle either (registry ⇄ rules, access ⇄ http, http ⇄ web were three): each folder is a layer or a domain, and the arrows between them go one way.',
      severity: 'error',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
    {
      name: 'shared-imports-nothing-of-ayni',
      comment: 'src/shared is the bottom layer: money, dates, CSV, errors, configuration, logs.',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { path: '^src/', pathNot: '^src/shared/' },
    },
    {
      name: 'foundation-imports-only-shared',
      comment:
        'The dated-parameter loader (src/parameters), the route kit (src/routing) and the database (src/db) serve every domain and interface, so they import nothing of them: only src/shared.',
      severity: 'error',
      from: { path: '^src/(parameters|routing|db)/' },
      to: { path: '^src/', pathNot: ['^src/shared/', '^src/$1/'] },
    },
    {
      name: 'domain-not-to-interface',
      comment:
        'No domain (nor the composition root: app.ts, clock.ts, seed.ts) imports an interface (cli, http, web): interfaces call domains, never the other way. src/main.ts, the entry point, starts the CLI.',
      severity: 'error',
      from: { path: '^src/', pathNot: [INTERFACES, '^src/main\\.ts$'] },
      to: { path: INTERFACES },
    },
    {
      name: 'domain-not-to-messages',
      comment:
        'src/messages turns failures into words and HTTP statuses for the interfaces (ADR 0009): a domain returns its failure as a value and never chooses its words, so nothing below the interfaces imports it.',
      severity: 'error',
      from: { path: '^src/', pathNot: [INTERFACES, '^src/messages/', '^src/main\\.ts$'] },
      to: { path: '^src/messages/' },
    },
    {
      name: 'domain-not-to-composition-root',
      comment:
        'src/app.ts, src/clock.ts and src/seed.ts put the domains together for the interfaces; a domain that imported them would depend on every other.',
      severity: 'error',
      from: { path: '^src/[^/]+/', pathNot: INTERFACES },
      to: { path: '^src/[^/]+\\.ts$' },
    },
    {
      name: 'other-domain-through-index',
      comment:
        "Another domain is imported only through its index.ts, its public surface (src/interchange holds one folder per standard, each with its index.ts). Moving a domain's file, or splitting it, then changes no other folder.",
      severity: 'error',
      // $1 is the importer's own folder (or file, for src/*.ts), which it may reach into.
      from: { path: '^src/([^/]+)' },
      to: {
        path: '^src/[^/]+/',
        pathNot: [
          '^src/$1/',
          FOUNDATIONS,
          INTERFACES,
          '^src/[^/]+/index\\.ts$',
          '^src/interchange/[^/]+/index\\.ts$',
        ],
      },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.test\\.tsx?$' },
    // Pages are hono/jsx components in .tsx files (docs/adr/0011-pages-as-components.md).
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.mjs', '.js', '.json'] },
    tsPreCompilationDeps: true,
    // Absolute, so the rules can be run on a folder elsewhere (the rules' own test does).
    tsConfig: { fileName: fileURLToPath(new URL('./tsconfig.json', import.meta.url)) },
  },
};
