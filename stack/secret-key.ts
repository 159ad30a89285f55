/**
 * `secretKey`: { validFrom?, rotation? } of the stack's signing key, checked with the SecretKey resource's rules.
 */
import { keyValidFrom, rotation } from 'pulumi-gotowebinar/rules';
import type { Issues } from './issues';
import { readObject, unknownFields } from './read';
import type { StackSettings } from './types';

export function readSecretKey(config: Record<string, string>, issues: Issues): StackSettings['secretKey'] {
  const secretKey: StackSettings['secretKey'] = {};
  const sk = readObject(config, 'secretKey', issues, 'an object { validFrom?, rotation? }');
  if (sk === undefined) return secretKey;
  unknownFields(sk, ['validFrom', 'rotation'], 'secretKey', issues);
  if (sk.validFrom !== undefined) {
    const reason = keyValidFrom(sk.validFrom);
    if (reason) issues.add('secretKey.validFrom', reason);
    else secretKey.validFrom = sk.validFrom as string;
  }
  if (sk.rotation !== undefined) {
    // YAML reads `rotation: 7` as a number: it is the text "7".
    const text = typeof sk.rotation === 'number' ? String(sk.rotation) : sk.rotation;
    const reason = rotation(text);
    if (reason) issues.add('secretKey.rotation', reason);
    else secretKey.rotation = text as string;
  }
  return secretKey;
}
