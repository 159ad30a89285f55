/**
 * The object that the Pulumi SDK serializes into each resource's `__provider`. It is deliberately tiny: every
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
 * How big the text is depends on where the package is (the SDK's closure serializer decides, not us). Each kind's
 * object is the whole `exports` of its own module (./providers/), which the package exports under its own file path.
 * With the package installed under the project's node_modules, the serializer then writes only
 * `require("pulumi-gotowebinar/dist/provider/resources/providers/webhook.js")`: about 330 characters instead of about
 * 3,300, stored twice per resource (inputs and outputs) and rewritten with every checkpoint. Outside node_modules (this repository's own
 * stacks, an `npm link`ed checkout) it serializes the object by value: the closures below, which work there too.
 *
 * Every text ever written keeps working, because Read and Delete run the text in state (outputs keep theirs until the
 * resource is updated): the long text asks for `pulumi-gotowebinar/runtime`; 0.1.0's asks for
 * `pulumi-gotowebinar/dist/provider/runtime/index.js`, which the package keeps in its `exports` for that text only;
 * the short one asks for its provider module's file. None of these paths may ever leave the `exports` map. (Exported
 * as the file path, not a nicer name: the serializer maps a file to a name only when the SDK itself can resolve the
 * package, which fails when the SDK is installed above the project; the file path is the same text either way.)
 */
import type * as pulumi from '@pulumi/pulumi';

type Kind = 'webhook' | 'secretKey' | 'userSubscription';

const RUNTIME_PACKAGE_PATH = 'pulumi-gotowebinar/runtime';

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
