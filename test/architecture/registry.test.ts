/**
 * The resource kinds are listed once, in provider/declarations/registry.ts: everything else that knows the kinds
 * reads that list. This fails when a kind is added in one place only: when something writes its own list of kinds
 * or type tokens, or when a kind of the registry lacks one of the parts each kind must have.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DECLARATIONS, KINDS, dynamicTypeToken, nativeTypeToken, RESOURCE_KINDS } from '../../provider/declarations';
import { providers } from '../../provider/runtime';
import { packageSchema } from '../../provider/native/schema';
import * as root from '../../provider';
import { ROOT } from '../support/paths';

const kebab = (kind: string) => kind.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

function sources(dir: string): string[] {
  return fs
    .readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => path.join(dir, f));
}

test('no source writes its own list of the kinds or their type tokens', () => {
  const names = DECLARATIONS.map((d) => d.name);
  const kindList = new RegExp(`(['"])(${KINDS.join('|')})\\1\\s*\\|\\s*(['"])(${KINDS.join('|')})\\3`);
  const tokenLiteral = new RegExp(`(['"\`])(gotowebinar:index:|pulumi-nodejs:dynamic/gotowebinar:)(${names.join('|')})\\b`);
  const declarationList = /\[\s*(webhook|secretKey|userSubscription)Declaration\s*,/;
  const offenders = [...sources('provider'), ...sources('scripts')]
    .filter((f) => !f.endsWith(path.join('declarations', 'registry.ts')))
    .filter((f) => {
      // Code only: a comment may name a kind's token as an example.
      const text = fs.readFileSync(path.join(ROOT, f), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
      return kindList.test(text) || tokenLiteral.test(text) || declarationList.test(text);
    });
  expect(offenders).toEqual([]);
});

test.each(KINDS)('the kind %s has every part: a lifecycle, a shim module, an export, a resource class, a schema entry, a README table', (kind) => {
  const declaration = RESOURCE_KINDS[kind];
  expect(providers[kind]).toBeDefined();
  const shimModule = `provider/resources/providers/${kebab(kind)}.ts`;
  expect(fs.existsSync(path.join(ROOT, shimModule))).toBe(true);
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
  expect(Object.keys(pkg.exports)).toContain(`./dist/provider/resources/providers/${kebab(kind)}.js`);
  expect(typeof (root as Record<string, unknown>)[declaration.name]).toBe('function');
  expect(Object.keys((packageSchema('0.0.0') as { resources: Record<string, unknown> }).resources)).toContain(nativeTypeToken(kind));
  expect(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8')).toContain(`### \`${declaration.name}\``);
  expect(dynamicTypeToken(kind)).toBe(`pulumi-nodejs:dynamic/gotowebinar:${declaration.name}`);
});
