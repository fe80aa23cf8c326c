import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The purposes a key is derived for; one key per purpose, never shared. */
export type KeyPurpose = 'secrets-at-rest' | 'redirect-token' | 'csrf';

/** A 32-byte key for one purpose, derived from APP_KEY (HKDF-SHA256). */
export function deriveKey(appKey: Buffer, purpose: KeyPurpose): Buffer {
  if (appKey.length !== 32) throw new Error('APP_KEY must be 32 bytes');
  return Buffer.from(hkdfSync('sha256', appKey, Buffer.alloc(0), `central-tickets:${purpose}:v1`, 32));
}

/**
 * AES-256-GCM with a key derived (HKDF-SHA256) from APP_KEY for one purpose. `aad` binds a
 * ciphertext to its context (say, the tenant and key id), so it cannot be moved elsewhere.
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(appKey: Buffer, purpose: KeyPurpose) {
    this.key = deriveKey(appKey, purpose);
  }

  seal(plaintext: string | Buffer, aad: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(aad));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
    return `${VERSION}.${Buffer.concat([iv, body]).toString('base64url')}`;
  }

  /** The plaintext, or null when the value was tampered with, damaged or sealed for another context. */
  open(sealed: string, aad: string): Buffer | null {
    const [version, payload] = sealed.split('.', 2);
    if (version !== VERSION || !payload) return null;
    const raw = Buffer.from(payload, 'base64url');
    if (raw.length < IV_BYTES + TAG_BYTES) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(aad));
      decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)), decipher.final()]);
    } catch {
      return null;
    }
  }
}
