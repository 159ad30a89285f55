/**
 * The object that the Pulumi SDK serializes into each resource's `__provider`. It is deliberately tiny: every
 * method loads the provider runtime (../runtime) inside the plugin process and delegates to it. So the serialized
 * text holds no credential (credentials are read at call time), stays a few KB, and does not freeze a copy of the
 * implementation into state: Read and Delete, which run the text stored in state, use the installed package.
 *
 * Where the runtime is found, in order:
 * 1. `pulumi-gotowebinar/dist/provider/runtime/index.js`, resolved from the Pulumi project directory (the plugin's working
 *    directory): the package installed as a dependency, which is how users run it;
 * 2. the absolute path of the runtime next to this file when the provider was serialized: this repository's own
 *    stacks and tests, and `npm link`ed checkouts.
 */
import * as path from 'node:path';
import type * as pulumi from '@pulumi/pulumi';

type Kind = 'webhook' | 'secretKey' | 'userSubscription';

// A file path: subpath patterns in package.json "exports" do not resolve directories or extensions.
const RUNTIME_PACKAGE_PATH = 'pulumi-gotowebinar/dist/provider/runtime/index.js';
const RUNTIME_LOCAL_PATH = path.join(__dirname, '..', 'runtime');

function makeShim(kind: Kind): pulumi.dynamic.ResourceProvider {
  // Plain values captured by the closure serializer: the text stays small and self-contained.
  const candidates = [RUNTIME_PACKAGE_PATH, RUNTIME_LOCAL_PATH];
  const load = () => {
    for (const candidate of candidates) {
      try {
        return require(candidate);
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

// One object per resource type, made once: the SDK caches serialization per provider object.
export const webhookProvider = makeShim('webhook');
export const secretKeyProvider = makeShim('secretKey');
export const userSubscriptionProvider = makeShim('userSubscription');
