/**
 * The objects that the Pulumi SDK serializes into each resource's `__provider`. They are deliberately tiny: every
 * method loads the provider runtime (../runtime) inside the plugin process and delegates to it. So the serialized
 * text holds no credential (credentials are read at call time), stays small, and does not freeze a copy of the
 * implementation into state: Read and Delete, which run the text stored in state, use the installed package.
 *
 * Where the runtime is found: `pulumi-gotowebinar/runtime` (the package's one export for this), resolved as a file in
 * the Pulumi project directory (the plugin's working directory) would resolve it: the package installed as a
 * dependency (how users run it, `npm link`ed checkouts included), or, for a project inside this repository (its own
 * stacks and tests), the package's self-reference through its `exports`. No path of the machine that serialized the
 * text is kept in it: state moves between machines (CI, colleagues), and Read and Delete run the stored text.
 *
 * The text is stored twice per resource (inputs and outputs) and rewritten with every checkpoint, so its length is
 * what a big stack pays per step. How the SDK's closure serializer writes it depends on where the package is:
 * - **Installed** under the project's node_modules: each kind's full object (`makeShim`) is the whole `exports` of
 *   its own module (./providers/), which the package exports under its own file path, and the serializer writes only
 *   `require("pulumi-gotowebinar/dist/provider/resources/providers/webhook.js")`: 303–313 characters.
 * - **Linked** (`npm link`, a workspace symlink, this repository's own stacks: the module's real path is outside
 *   node_modules): the serializer writes the object by value, every function with its captured scope. The full
 *   object's seven closures come to 3,325–3,379 characters ("the long text"). So there the resources hand the SDK the
 *   compact object instead (`makeCompactShim`): one `configure` that installs the six other methods on the
 *   deserialized object when the plugin configures it, so only that one function is serialized (822–831
 *   characters). `providerFor` picks, as the serializer will decide (see `storedAsRequire`); a wrong guess changes
 *   only the length of the text, never what it does.
 *
 * Every text ever written keeps working, because Read and Delete run the text in state (outputs keep theirs until the
 * resource is updated): the long text and the compact text ask for `pulumi-gotowebinar/runtime`; 0.1.0's asks for
 * `pulumi-gotowebinar/dist/provider/runtime/index.js`, which the package keeps in its `exports` for that text only;
 * the short one asks for its provider module's file. None of these paths may ever leave the `exports` map, and the
 * runtime must keep `configure` and `providers.<kind>.<method>`, which the long and compact texts call. (Exported as
 * the file path, not a nicer name: the serializer maps a file to a name only when the SDK itself can resolve the
 * package, which fails when the SDK is installed above the project; the file path is the same text either way.)
 */
import type * as pulumi from '@pulumi/pulumi';
import type { ResourceKind } from '../declarations/registry';
import * as path from 'node:path';

/** The kind a shim serves: the registry's (declarations/registry.ts). */
export type Kind = ResourceKind;

const RUNTIME_PACKAGE_PATH = 'pulumi-gotowebinar/runtime';

/**
 * The full provider object: seven methods, each loading the runtime. It is the whole `exports` of ./providers/<kind>,
 * so installed it is stored as one `require`; by value it is the long text, which stacks deployed with the package
 * linked before the compact object hold (and which must keep working: see above). Its code is that text: leave it.
 */
export function makeShim(kind: Kind): pulumi.dynamic.ResourceProvider {
  // Plain values captured by the closure serializer: the text stays small and self-contained.
  const candidates = [RUNTIME_PACKAGE_PATH];
  const load = () => {
    // The plugin compiles the text with no file name, so a plain `require` cannot see the package's self-reference.
    const fromProject = require('node:module').createRequire(`${process.cwd()}/`);
    for (const candidate of candidates) {
      try {
        return fromProject(candidate);
      } catch (err) {
        const e = err as { code?: string; message?: string };
        // Only "this candidate does not exist" moves on; a runtime that fails to load is a real error.
        if (e.code !== 'MODULE_NOT_FOUND' || !String(e.message).includes(candidate)) throw err;
      }
    }
    throw new Error(
      'pulumi-gotowebinar: the provider runtime was not found. Install the package in the Pulumi project ' +
        '(`npm install pulumi-gotowebinar`) so that the plugin, which runs in the project directory, can load it.',
    );
  };
  return {
    configure: (req) => load().configure(req),
    check: (olds, news) => load().providers[kind].check(olds, news),
    diff: (id, olds, news) => load().providers[kind].diff(id, olds, news),
    create: (inputs) => load().providers[kind].create(inputs),
    read: (id, props) => load().providers[kind].read(id, props),
    update: (id, olds, news) => load().providers[kind].update(id, olds, news),
    delete: (id, props) => load().providers[kind].delete(id, props),
  };
}

/**
 * The provider as a by-value text holds it: only `configure`, which the SDK's dynamic-provider plugin calls on the
 * object it deserialized from the text before any other method, once per distinct text (`getProvider` in
 * `@pulumi/pulumi/cmd/dynamic-provider`). It first installs the six other methods on that object (`this`), each
 * loading the runtime at call time as the long text does, then configures the runtime. They are installed
 * synchronously, before anything can fail or wait: the plugin caches the object before `configure` settles, and a
 * cached object without `delete` would make a Delete succeed without deleting anything. If the runtime cannot be
 * loaded, `configure` and every method fail with Node's error naming `pulumi-gotowebinar/runtime` and the project.
 *
 * It captures only `kind`: the text is this one function beside the SDK's handler, 822–831 characters. Comments stay
 * outside the function, whose source the serializer copies verbatim.
 */
export function makeCompactShim(kind: Kind): pulumi.dynamic.ResourceProvider {
  const compact = {
    configure(this: Record<string, unknown>, req: pulumi.dynamic.ConfigureRequest): Promise<void> {
      const load = () => require('node:module').createRequire(`${process.cwd()}/`)('pulumi-gotowebinar/runtime');
      for (const m of ['check', 'diff', 'create', 'read', 'update', 'delete']) this[m] = (...args: unknown[]) => load().providers[kind][m](...args);
      return load().configure(req);
    },
  };
  // The SDK's type wants `create`: the deserialized object has it once configured, which the plugin does first.
  return compact as unknown as pulumi.dynamic.ResourceProvider;
}

const compactShims = new Map<Kind, pulumi.dynamic.ResourceProvider>();
const decided = new Map<object, boolean>();

/**
 * The object a resource of `kind` hands the SDK to serialize: the full object when the serializer will store it as
 * one `require` of its module (the package installed under the project's node_modules), otherwise the compact one.
 * One object per kind, so that the SDK serializes each once (it caches by object).
 */
export function providerFor(kind: Kind, moduleExports: pulumi.dynamic.ResourceProvider): pulumi.dynamic.ResourceProvider {
  let stored = decided.get(moduleExports);
  if (stored === undefined) decided.set(moduleExports, (stored = storedAsRequire(moduleExports)));
  if (stored) return moduleExports;
  let compact = compactShims.get(kind);
  if (!compact) compactShims.set(kind, (compact = makeCompactShim(kind)));
  return compact;
}

/**
 * Whether the SDK's closure serializer will write `moduleExports` as a `require` of its module: it does when the
 * object is the `exports` of a module in `require.cache` whose path, relative to the working directory (the
 * project), goes through a `node_modules` directory (`findNormalizedModuleNameAsync` and `captureModuleAsync` in
 * `@pulumi/pulumi/runtime/closure/createClosure.js`). Node keys the cache by real path, so a symlinked (linked)
 * package is outside node_modules, and serialized by value.
 */
export function storedAsRequire(moduleExports: object, cwd = process.cwd()): boolean {
  const cache: NodeJS.Dict<NodeJS.Module> = typeof require === 'function' && require.cache ? require.cache : {};
  for (const [file, mod] of Object.entries(cache)) {
    if (mod?.exports === moduleExports) return path.relative(cwd, file).split(/[\\/]/).includes('node_modules');
  }
  return false;
}
