// Ed25519 keys and signatures over canonical payloads (DESIGN 4.3), RFC 8032 deterministic
// signing by @noble/ed25519. Verification uses RFC 8032's strict rules (zip215: false): a
// non-canonical encoding of R, S or the key is refused, so one message has one valid signature
// per key and signatures cannot be malleated.
import { createHash, randomBytes } from 'node:crypto';
import * as ed from '@noble/ed25519';
import { assertBytes, concatBytes, equalBytes, fromHex, toHex } from './bytes.js';
import { encodeCanonical } from './cbor.js';
import { sha256 } from './digest.js';
import { RollgateError } from './errors.js';

ed.hashes.sha512 = (message: Uint8Array) => new Uint8Array(createHash('sha512').update(message).digest());

export const PRIVATE_KEY_LENGTH = 32;
export const PUBLIC_KEY_LENGTH = 32;
export const SIGNATURE_LENGTH = 64;

export interface KeyPair {
  /** The 32-byte RFC 8032 seed. Secret: never print, log or store it outside its key file. */
  readonly privateKey: Uint8Array;
  readonly publicKey: Uint8Array;
}

export function generateKeyPair(): KeyPair {
  const privateKey = new Uint8Array(randomBytes(PRIVATE_KEY_LENGTH));
  return { privateKey, publicKey: publicKeyOf(privateKey) };
}

export function publicKeyOf(privateKey: Uint8Array): Uint8Array {
  return ed.getPublicKey(assertBytes(privateKey, PRIVATE_KEY_LENGTH, 'private key'));
}

/** key_id = "ed25519:" + the first 32 hex digits of SHA-256(public key). */
export function keyIdOf(publicKey: Uint8Array): string {
  return `ed25519:${toHex(sha256(assertBytes(publicKey, PUBLIC_KEY_LENGTH, 'public key'))).slice(0, 32)}`;
}

export function signBytes(message: Uint8Array, privateKey: Uint8Array): Uint8Array {
  return ed.sign(assertBytes(message), assertBytes(privateKey, PRIVATE_KEY_LENGTH, 'private key'));
}

/** False for any invalid signature or key, including malformed lengths: never throws on bad data. */
export function verifyBytes(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  if (signature.length !== SIGNATURE_LENGTH || publicKey.length !== PUBLIC_KEY_LENGTH) return false;
  try {
    return ed.verify(signature, message, publicKey, { zip215: false });
  } catch {
    return false;
  }
}

/** Signs the canonical CBOR bytes of a payload. */
export function signPayload(payload: unknown, privateKey: Uint8Array): Uint8Array {
  return signBytes(encodeCanonical(payload), privateKey);
}

export function verifyPayload(signature: Uint8Array, payload: unknown, publicKey: Uint8Array): boolean {
  return verifyBytes(signature, encodeCanonical(payload), publicKey);
}

// PKCS#8 and SPKI wrappings of Ed25519 keys are a fixed DER prefix before the 32 key bytes
// (RFC 8410 §7 and §4), which is what OpenSSL and node:crypto read and write.
const PKCS8_PREFIX = fromHex('302e020100300506032b657004220420');
const SPKI_PREFIX = fromHex('302a300506032b6570032100');

function pem(label: string, der: Uint8Array): string {
  const body = Buffer.from(der)
    .toString('base64')
    .replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN ${label}-----\n${body}-----END ${label}-----\n`;
}

function unpem(text: string, label: string, prefix: Uint8Array, what: string): Uint8Array {
  // Secrets pasted into CI settings often arrive with literal "\n" sequences.
  const normalized = text.replace(/\\n/g, '\n').trim();
  const match = new RegExp(`^-----BEGIN ${label}-----\\s+([A-Za-z0-9+/=\\s]+?)\\s*-----END ${label}-----$`).exec(
    normalized,
  );
  const der = match ? new Uint8Array(Buffer.from(match[1]!.replace(/\s+/g, ''), 'base64')) : undefined;
  if (!der || der.length !== prefix.length + 32 || !equalBytes(der.subarray(0, prefix.length), prefix)) {
    throw new RollgateError('KEY_FORMAT_INVALID', `${what} is not an Ed25519 key in PEM (${label})`);
  }
  return der.slice(prefix.length);
}

export function privateKeyToPem(privateKey: Uint8Array): string {
  return pem('PRIVATE KEY', concatBytes(PKCS8_PREFIX, assertBytes(privateKey, PRIVATE_KEY_LENGTH, 'private key')));
}

export function privateKeyFromPem(text: string, what = 'private key'): Uint8Array {
  return unpem(text, 'PRIVATE KEY', PKCS8_PREFIX, what);
}

export function publicKeyToPem(publicKey: Uint8Array): string {
  return pem('PUBLIC KEY', concatBytes(SPKI_PREFIX, assertBytes(publicKey, PUBLIC_KEY_LENGTH, 'public key')));
}

export function publicKeyFromPem(text: string, what = 'public key'): Uint8Array {
  return unpem(text, 'PUBLIC KEY', SPKI_PREFIX, what);
}
