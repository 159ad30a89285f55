/** The repository's root, for the tests: the one the engine build and the packaging tools use (tools/pulumi/versions.ts). */
export { PROJECT_ROOT as ROOT } from '../../tools/pulumi/versions';
