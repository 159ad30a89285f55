/**
 * Docs that quote or name the code must match it as it is: the `Pulumi.prod.yaml` block of docs/root-stack.md is
 * the stack file's `config:` section verbatim; every repository path, `npm run` script, simulator flag and project
 * variable the docs name exists; the README's entry points are the package's `exports`; what the docs import or
 * call from an entry point is exported by it; every relative link of README.md, CONTRIBUTING.md and docs/*.md
 * resolves, anchors included; the package ships exactly the docs/ pages its README leads to. (The README's
 * pipeline commands run verbatim: test/stack/pipeline-cli.test.ts. Its resource tables follow the declarations.)
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../support/paths';
import { promisify } from 'node:util';
import { readmeWithTables } from '../../scripts/readme-tables';

const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

const PAGES = [
  'README.md',
  'CONTRIBUTING.md',
  ...fs
    .readdirSync(path.join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

/** A fenced code block (``` or ~~~), whole. */
const FENCE = /^(```|~~~)[^\n]*\n[\s\S]*?^\1[ \t]*$/gm;

/** Inline code spans outside fenced blocks, and the first word of each line of the fenced blocks without a language. */
function namedThings(markdown: string): string[] {
  const fences = [...markdown.matchAll(/^```([^\n]*)\n([\s\S]*?)^```[ \t]*$/gm)];
  const outside = markdown.replace(FENCE, '');
  const spans = [...outside.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!.trim());
  const treeLines = fences.filter((f) => f[1]!.trim() === '').flatMap((f) => f[2]!.split('\n').map((l) => l.split(/\s+/)[0]!));
  return [...spans, ...treeLines];
}

/** A path into the repository, as the docs write one: a top-level folder of the project, then more. */
const REPO_PATH = /^(?:\.ci|bench|docs|examples|provider|scripts|simulator|stack|test|tools)\/[\w./-]*$/;
/** Build outputs and local state: named by the docs, made by running things. */
const GENERATED = /(^|\/)(dist|node_modules)(\/|$)|^\.(tools|state)\//;

test("the README's resource tables are the declarations' (npm run docs:tables writes them)", () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
  expect(readme).toEqual(readmeWithTables(readme));
});

test("docs/root-stack.md's Pulumi.prod.yaml block is the file's config section, verbatim", () => {
  const doc = read('docs/root-stack.md');
  const block = /```yaml\n# Pulumi\.prod\.yaml[^\n]*\n([\s\S]*?)```/.exec(doc)?.[1];
  const file = read('Pulumi.prod.yaml');
  expect(block).toBeDefined();
  expect(block).toBe(file.slice(file.indexOf('\nconfig:\n') + 1));
});

test('every repository path the docs name exists (test/runtime, provider/rules, …)', () => {
  const missing: string[] = [];
  let checked = 0;
  for (const page of PAGES) {
    for (const thing of namedThings(read(page))) {
      if (!REPO_PATH.test(thing) || GENERATED.test(thing)) continue;
      checked++;
      if (!fs.existsSync(path.join(ROOT, thing))) missing.push(`${page}: ${thing}`);
    }
  }
  expect(missing).toEqual([]);
  expect(checked).toBeGreaterThan(20);
});

test('every `npm run` script the docs name is in package.json', () => {
  const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
  const unknown: string[] = [];
  for (const page of PAGES) {
    for (const [, name] of read(page).matchAll(/npm run (?:--silent )?([a-z0-9][\w:-]*[a-z0-9])/g)) {
      if (!(name! in scripts)) unknown.push(`${page}: npm run ${name}`);
    }
    if (/\bnpm test\b/.test(read(page)) && !scripts.test) unknown.push(`${page}: npm test`);
  }
  expect(unknown).toEqual([]);
});

test("every simulator flag docs/simulator.md names is one the simulator's CLI takes", () => {
  const usage = read('simulator/cli.ts');
  const doc = read('docs/simulator.md').replace(/npm install[^`\n]*/g, ''); // npm's own flags
  const flags = [...new Set([...doc.matchAll(/(?<![\w-])(--[a-z][a-z-]*)/g)].map((m) => m[1]!))];
  expect(flags.length).toBeGreaterThan(5);
  expect(flags.filter((f) => !usage.includes(`'${f}'`))).toEqual([]);
});

test('every variable of the demo, benchmark, soak and engine build the docs name is read by the code', () => {
  const sources = ['bench', 'scripts', 'tools/pulumi', 'test']
    .flatMap((dir) => fs.readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile() && /\.ts$/.test(e.name))
    .map((e) => fs.readFileSync(path.join(e.parentPath, e.name), 'utf8'))
    .join('\n');
  const unknown: string[] = [];
  for (const page of PAGES) {
    for (const [name] of read(page).matchAll(/\b(?:BENCH|SOAK|DEMO|COALESCING|PULUMI_GOTOWEBINAR)_[A-Z_]*[A-Z]\b/g)) {
      if (!sources.includes(name)) unknown.push(`${page}: ${name}`);
    }
  }
  expect(unknown).toEqual([]);
});

test("the README's entry points are the package's exports (the legacy runtime path apart)", () => {
  const readme = read('README.md');
  const rows = [...readme.matchAll(/^\| `(pulumi-gotowebinar[^`]*)` \|/gm)].map((m) => m[1]!);
  const pkg = JSON.parse(read('package.json')) as { name: string; exports: Record<string, unknown> };
  const exported = Object.keys(pkg.exports)
    .filter((k) => k !== './package.json' && !k.startsWith('./dist/'))
    .map((k) => (k === '.' ? pkg.name : `${pkg.name}/${k.slice(2)}`));
  const simulator = (JSON.parse(read('simulator/package.json')) as { name: string }).name;
  // The table lists what programs import; the internal runtime entry is named in the sentence under it.
  const internal = `${pkg.name}/runtime`;
  expect(readme).toContain(`\`${internal}\` is internal`);
  expect([...rows, internal].sort()).toEqual([...exported, simulator].sort());
});

/** The source files each documented entry point's names come from (index files and what they `export *`). */
const ENTRY_SOURCES: Record<string, string[]> = {
  'pulumi-gotowebinar': ['provider/index.ts', 'provider/resources/index.ts', 'provider/receiving/index.ts', 'provider/receiving/common-exports.ts'],
  'pulumi-gotowebinar/receiving': ['provider/receiving/index.ts', 'provider/receiving/common-exports.ts'],
  'pulumi-gotowebinar/receiving/web': ['provider/receiving/web.ts', 'provider/receiving/common-exports.ts'],
  'pulumi-gotowebinar/client': ['provider/api/index.ts', 'provider/api/types.ts'],
  'pulumi-gotowebinar/rules': ['provider/rules/index.ts'],
  // Generated by the build (tools/sdk/generate.ts), which runs before the tests.
  'pulumi-gotowebinar/native': ['sdk/nodejs/index.ts'],
  'pulumi-gotowebinar-simulator': ['simulator/index.ts', 'simulator/types.ts'],
};
const exportsOf = (entry: string) => ENTRY_SOURCES[entry]!.map(read).join('\n');
const named = (text: string, name: string) => new RegExp(`\\b${name}\\b`).test(text);

test('what the docs import from an entry point, or call, that entry point exports', () => {
  const problems: string[] = [];
  const everyEntry = Object.keys(ENTRY_SOURCES).map(exportsOf).join('\n');
  for (const page of PAGES) {
    const text = read(page);
    // import { a, type B } from 'entry'; import * as ns from 'entry' … ns.Name
    for (const [, names, entry] of text.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*'([^']+)'/g)) {
      if (!(entry! in ENTRY_SOURCES)) continue;
      for (const name of names!.split(',').map((n) => n.replace(/^\s*type\s+/, '').split(/\s+as\s+/)[0]!.trim()).filter(Boolean)) {
        if (!named(exportsOf(entry!), name)) problems.push(`${page}: ${name} is not exported by ${entry}`);
      }
    }
    for (const [, ns, entry] of text.matchAll(/import \* as (\w+) from '([^']+)'/g)) {
      if (!(entry! in ENTRY_SOURCES)) continue;
      for (const [, name] of text.matchAll(new RegExp(`\\b${ns}\\.([A-Za-z]\\w*)`, 'g'))) {
        if (!named(exportsOf(entry!), name!)) problems.push(`${page}: ${ns}.${name} is not exported by ${entry}`);
      }
    }
    // `someFunction(…)` in the prose: a function of one of the entries.
    const outside = text.replace(FENCE, '');
    for (const [, name] of outside.matchAll(/`([a-z][a-z0-9]*[A-Z]\w*)\(/g)) {
      if (!named(everyEntry, name!)) problems.push(`${page}: ${name}() is not exported by any entry point`);
    }
  }
  expect(problems).toEqual([]);
});

// The links: every relative link resolves, and the package ships the docs/ pages the README leads to (the README read
// from an installed package finds the docs of its own version; links to the rest of the repository are for its readers).

/** The markdown without fenced code blocks, and with inline code spans emptied of anything a link could be. */
function prose(markdown: string): string {
  return markdown.replace(FENCE, '').replace(/`[^`\n]*`/g, '`code`');
}

/** Link targets (`[text](target)`, images included), in the order written. */
function linksOf(markdown: string): string[] {
  return [...prose(markdown).matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!);
}

/** The ids GitHub gives the page's headings: text lower-cased, punctuation dropped, spaces to `-`, repeats numbered. */
function headingIds(markdown: string): Set<string> {
  const ids = new Set<string>();
  const seen = new Map<string, number>();
  const withoutFences = markdown.replace(FENCE, '');
  for (const [, text] of withoutFences.matchAll(/^#{1,6}[ \t]+(.+?)[ \t#]*$/gm)) {
    const plain = text!.replace(/`([^`]*)`/g, '$1').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/<[^>]+>/g, '');
    const base = plain.trim().toLowerCase().replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, '').replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    ids.add(n === 0 ? base : `${base}-${n}`);
  }
  return ids;
}

const isExternal = (target: string) => /^[a-z][a-z0-9+.-]*:/i.test(target);

/** `page`'s link `target` → the repository path it points at (relative to ROOT), and its anchor. */
function resolve(page: string, target: string): { file: string; anchor?: string } {
  const [file, anchor] = target.split('#', 2) as [string, string | undefined];
  const resolved = file === '' ? page : path.posix.normalize(path.posix.join(path.posix.dirname(page), decodeURI(file)));
  return { file: resolved.replace(/\/$/, ''), anchor: anchor || undefined };
}

test('every relative link of README.md, CONTRIBUTING.md and docs/*.md resolves, anchors included', () => {
  expect(PAGES).toEqual(expect.arrayContaining(['README.md', 'CONTRIBUTING.md', 'docs/secrets.md']));
  const problems: string[] = [];
  let checked = 0;
  for (const page of PAGES) {
    for (const target of linksOf(read(page))) {
      if (isExternal(target)) continue;
      checked++;
      const { file, anchor } = resolve(page, target);
      if (file.startsWith('..') || !fs.existsSync(path.join(ROOT, file))) {
        problems.push(`${page}: (${target}) → ${file} does not exist`);
        continue;
      }
      if (anchor === undefined) continue;
      if (!file.endsWith('.md')) {
        problems.push(`${page}: (${target}) has an anchor into a file that is not markdown`);
      } else if (!headingIds(read(file)).has(anchor)) {
        problems.push(`${page}: (${target}) → ${file} has no heading #${anchor} (it has: ${[...headingIds(read(file))].join(', ')})`);
      }
    }
  }
  expect(problems).toEqual([]);
  expect(checked).toBeGreaterThan(30);
});

test('the heading ids are those GitHub makes', () => {
  const ids = headingIds('# A title\n## Soak: `npm run soak`\n### `SecretKey`: shown once, never deleted\n## A title\n```\n# not a heading\n```\n');
  expect([...ids]).toEqual(['a-title', 'soak-npm-run-soak', 'secretkey-shown-once-never-deleted', 'a-title-1']);
  expect(linksOf('see [a](b.md#c) and `[x](not-a-link.md)`, ![img](i.png "t")\n```\n[y](in-a-fence.md)\n```\n')).toEqual(['b.md#c', 'i.png']);
});

test('the package ships exactly the docs/ pages its README leads to', async () => {
  // Pages of docs/ reachable from the README through links between README and docs pages.
  const reachable = new Set<string>();
  const queue = ['README.md'];
  while (queue.length) {
    const page = queue.shift()!;
    for (const target of linksOf(read(page))) {
      if (isExternal(target)) continue;
      const { file } = resolve(page, target);
      if (/^docs\/[^/]+\.md$/.test(file) && !reachable.has(file) && fs.existsSync(path.join(ROOT, file))) {
        reachable.add(file);
        queue.push(file);
      }
    }
  }
  expect(reachable.size).toBeGreaterThan(0);

  // What `npm pack` would put in the tarball (no build: only the file list is read).
  const { stdout } = await promisify(execFile)('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT });
  const packed = (JSON.parse(stdout) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((f) => f.path);
  expect(packed).toContain('README.md');
  const shippedDocs = packed.filter((f) => f.startsWith('docs/'));
  expect(shippedDocs.sort()).toEqual([...reachable].sort());
}, 60_000);
