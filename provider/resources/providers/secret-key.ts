/**
 * The SecretKey's dynamic provider as this module's whole `exports` (exported as its own file path), so that,
 * with the package installed under the project's node_modules, its `__provider` is a one-line `require` of it.
 * See ../shim.ts.
 */
import { makeShim } from '../shim';

export = makeShim('secretKey');
