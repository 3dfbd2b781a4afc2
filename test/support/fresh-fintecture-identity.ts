import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { FintectureCredentials } from '../../src/fintecture/fintecture-credentials';

/** An identity of the test file's own: random app id and secret, a new RSA key pair. */
export function freshFintectureCredentials(options: { generated: boolean }): FintectureCredentials {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { appId: randomUUID(), appSecret: randomUUID(), privateKey, publicKey, generated: options.generated };
}
