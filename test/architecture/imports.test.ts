/**
 * The rules of ARCHITECTURE.md ("Who imports whom"), checked over every import of the repository's source: each
 * file belongs to one room, and each room may import only the rooms its rule names. A new import that breaks a rule
 * fails here, naming the file, the import and the rule.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../support/paths';


type Room =
  | 'client' | 'rules' | 'receiving' | 'declarations' | 'runtime' | 'resources' | 'native' | 'cli' | 'root'
  | 'simulator' | 'stack' | 'examples' | 'bench-fixture' | 'bench' | 'scripts' | 'tools' | 'tests';

/** Which room a repository file belongs to (undefined: not source of a room, e.g. built output). */
function roomOf(file: string): Room | undefined {
  const rel = path.relative(ROOT, file).split(path.sep).join('/');
  const rooms: [RegExp, Room][] = [
    [/^provider\/api(\/|$)/, 'client'],
    [/^provider\/rules(\/|$)/, 'rules'],
    [/^provider\/receiving(\/|$)/, 'receiving'],
    [/^provider\/declarations(\/|$)/, 'declarations'],
    [/^provider\/runtime(\/|$)/, 'runtime'],
    [/^provider\/resources(\/|$)/, 'resources'],
    [/^provider\/native(\/|$)/, 'native'],
    [/^provider\/cli(\/|$)/, 'cli'],
    [/^provider(\/index(\.ts)?)?$/, 'root'],
    [/^simulator(\/|$)/, 'simulator'],
    [/^(index\.ts$|stack(\/|$))/, 'stack'],
    [/^examples\//, 'examples'],
    [/^bench\/fixture\//, 'bench-fixture'],
    [/^bench\//, 'bench'],
    [/^scripts\//, 'scripts'],
    [/^tools\//, 'tools'],
    [/^test\//, 'tests'],
  ];
  return rooms.find(([re]) => re.test(rel))?.[1];
}

interface Import {
  file: string;
  specifier: string;
  typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (['node_modules', 'dist', '.tools', '.git', 'fixtures'].includes(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(full));
    else if (/\.ts$/.test(entry.name) && !/\.d\.ts$/.test(entry.name)) out.push(full);
  }
  return out;
}

function importsOf(file: string): Import[] {
  const text = fs.readFileSync(file, 'utf8');
  const found: Import[] = [];
  const statement = /^\s*(import|export)\s+(type\s+)?[^;]*?\bfrom\s+'([^']+)'/gms;
  for (const m of text.matchAll(statement)) found.push({ file, specifier: m[3]!, typeOnly: Boolean(m[2]) });
  for (const m of text.matchAll(/^\s*import\s+'([^']+)'/gm)) found.push({ file, specifier: m[1]!, typeOnly: false });
  for (const m of text.matchAll(/\b(?:require|import)\(\s*'([^']+)'\s*\)/g)) found.push({ file, specifier: m[1]!, typeOnly: false });
  return found;
}

/** The room an import reaches: a relative path resolved to its file; a package name as 'package:<name>'. */
function target(i: Import): Room | `package:${string}` | undefined {
  if (!i.specifier.startsWith('.')) {
    const name = i.specifier.startsWith('@') ? i.specifier.split('/').slice(0, 2).join('/') : i.specifier.split('/')[0]!;
    return name === 'pulumi-gotowebinar' ? `package:${i.specifier}` : `package:${name}`;
  }
  return roomOf(path.resolve(path.dirname(i.file), i.specifier));
}

const files = ['provider', 'simulator', 'stack', 'examples', 'bench', 'scripts', 'tools', 'test']
  .flatMap((d) => sourceFiles(path.join(ROOT, d)))
  .concat(path.join(ROOT, 'index.ts'));
const imports = files.flatMap(importsOf);

/** The imports from `room` to other rooms of the repository (relative imports that leave the room). */
function crossings(room: Room): { from: string; to: Room; specifier: string; typeOnly: boolean }[] {
  return imports
    .filter((i) => roomOf(i.file) === room)
    .map((i) => ({ from: path.relative(ROOT, i.file), to: target(i), specifier: i.specifier, typeOnly: i.typeOnly }))
    .filter((c): c is { from: string; to: Room; specifier: string; typeOnly: boolean } => !!c.to && !c.to.startsWith('package:') && c.to !== room);
}

const packagesOf = (room: Room) =>
  new Set(imports.filter((i) => roomOf(i.file) === room && !i.specifier.startsWith('.') && !i.specifier.startsWith('node:')).map((i) => target(i)));

test('the source was found and read (this test would pass vacuously otherwise)', () => {
  expect(files.length).toBeGreaterThan(150);
  // Directory imports ('../api') and file imports ('../api/types') both reach their room.
  expect(new Set(crossings('runtime').map((c) => c.to))).toEqual(new Set(['client', 'rules', 'declarations']));
  expect(crossings('resources').length).toBeGreaterThan(3);
});

test.each<[Room, Room[], string]>([
  ['client', [], 'the client imports no other room (Node and got only)'],
  ['rules', [], 'the shared rules import no other room'],
  ['receiving', ['rules', 'client'], 'receiving imports the rules and the client model only'],
  ['declarations', ['rules', 'client'], 'declarations import the rules and the client model only'],
  ['runtime', ['client', 'rules', 'declarations'], 'the runtime never imports the resources or receiving'],
  ['resources', ['declarations', 'client'], 'the resources never import the runtime'],
  ['native', ['runtime', 'declarations'], 'the native provider serves the runtime, with a schema from the declarations'],
  ['cli', ['runtime', 'rules', 'client'], "the package's command reads settings and GoTo through the runtime, and names as the rules say"],
  ['root', ['resources', 'receiving', 'client'], 'the package root re-exports resources, receiving and the client'],
  ['simulator', ['receiving', 'rules'], 'the simulator imports only the signer and the loopback rule'],
  ['stack', [], 'the stack imports the package by name only'],
  ['examples', [], 'examples import the package by name only'],
  ['bench-fixture', [], "the benchmark's program imports the package by name only"],
  ['tools', [], 'tools import no room of the package'],
  ['scripts', ['tools', 'stack', 'simulator', 'declarations'], 'scripts import tools, the stack, the simulator and (for the docs tables) the declarations; the package by name'],
  ['bench', ['scripts', 'tools', 'simulator', 'bench-fixture'], 'bench imports scripts, tools and the simulator'],
])('%s may import only %j: %s', (room, allowed) => {
  const broken = crossings(room).filter((c) => !allowed.includes(c.to));
  expect(broken).toEqual([]);
});

test('receiving and declarations reach the client only for its model (api/types.ts)', () => {
  for (const room of ['receiving', 'declarations'] as const) {
    const intoClient = crossings(room).filter((c) => c.to === 'client');
    expect(intoClient.filter((c) => !/\/api\/types$/.test(c.specifier))).toEqual([]);
  }
});

test('the simulator takes exactly two files of the package: the signer and the loopback rule', () => {
  const reached = new Set(crossings('simulator').map((c) => c.specifier.replace(/^(\.\.\/)+/, '')));
  expect([...reached].sort()).toEqual(['provider/receiving/signature', 'provider/rules/loopback']);
});

test('the resources import the client for types only, and the runtime loads the Pulumi SDK for types only', () => {
  expect(crossings('resources').filter((c) => c.to === 'client' && !c.typeOnly)).toEqual([]);
  const runtimeSdk = imports.filter((i) => roomOf(i.file) === 'runtime' && /^@pulumi\/pulumi/.test(i.specifier) && !i.typeOnly);
  // engine-log.ts resolves the SDK's generated gRPC stubs at run time (to send warnings), not its API.
  expect(runtimeSdk.map((i) => i.specifier).filter((s) => !/^@pulumi\/pulumi\/proto\//.test(s))).toEqual([]);
});

test('receiving, the rules, the client and the declarations never load the Pulumi SDK', () => {
  for (const room of ['receiving', 'rules', 'client', 'declarations'] as const) {
    expect([...packagesOf(room)].filter((p) => String(p).startsWith('package:@pulumi'))).toEqual([]);
  }
});

test('nothing outside the tests imports the tests', () => {
  const intoTests = imports.filter((i) => roomOf(i.file) !== 'tests' && target(i) === 'tests');
  expect(intoTests.map((i) => `${path.relative(ROOT, i.file)} -> ${i.specifier}`)).toEqual([]);
});

test('the runtime and the native provider enter the client by its front door (provider/api/index.ts)', () => {
  for (const room of ['runtime', 'native', 'cli', 'declarations', 'receiving'] as const) {
    const deep = crossings(room).filter((c) => c.to === 'client' && !/\/api$/.test(c.specifier) && !/\/api\/types$/.test(c.specifier));
    expect(deep).toEqual([]);
  }
});

test("the runtime's specs write and read through the Connection only, never its client", () => {
  const runtimeDir = path.join(ROOT, 'provider', 'runtime');
  const reachingPast = fs
    .readdirSync(runtimeDir)
    .filter((f) => f.endsWith('.ts'))
    .filter((f) => /\bconnection\.client\b|\bconnect\(\)\.client\b/.test(fs.readFileSync(path.join(runtimeDir, f), 'utf8')));
  expect(reachingPast).toEqual([]);
});
