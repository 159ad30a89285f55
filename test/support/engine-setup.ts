/**
 * Jest globalSetup: builds the Pulumi engine once (tools/pulumi/build.ts; seconds when cached, minutes cold, with
 * progress on stderr) before any worker starts, so the engine tests do not race to build it.
 */
import { ensureEngine } from '../../tools/pulumi/build';

export default async function setup(): Promise<void> {
  await ensureEngine();
}
