// Test modules: core modules built from text with wabt's wat2wasm (npm registry); the component
// was built from COMPONENT_WASI's text with wasm-tools (jco 1.35.0's `parse`, npm registry) and is
// kept as its bytes, because jco's per-platform native packages keep `npm ci` from installing
// from the lockfile on other platforms.
import wabt from 'wabt';

export async function wat(text: string): Promise<Uint8Array> {
  const tools = await wabt();
  const module = tools.parseWat('test.wat', text);
  try {
    return new Uint8Array(module.toBinary({}).buffer);
  } finally {
    module.destroy();
  }
}

const COMPONENT_WASI_BYTES =
  '0061736d0d00010007030142000a1f01001a776173693a636c692f656e7669726f6e6d656e7440302e322e30050007030142000a2001001b776173693a66696c6573797374656d2f747970657340302e322e300501';

/** The bytes wasm-tools makes of COMPONENT_WASI. */
export function componentWasi(): Uint8Array {
  return new Uint8Array(Buffer.from(COMPONENT_WASI_BYTES, 'hex'));
}

export const NO_IMPORTS = '(module)';
export const PREVIEW1 =
  '(module (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32))) (memory (export "memory") 1))';
export const ENV_ONLY = '(module (import "env" "log" (func (param i32))))';
export const COMPONENT_WASI =
  '(component (import "wasi:cli/environment@0.2.0" (instance)) (import "wasi:filesystem/types@0.2.0" (instance)))';
export function oversized(bytes: number): string {
  return `(module (memory 32) (data (i32.const 0) "${'\\00'.repeat(bytes)}"))`;
}
