// Test modules built from text: core modules with wabt's wat2wasm, a component with jco's
// wasm-tools (both from the npm registry).
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

export async function componentWat(text: string): Promise<Uint8Array> {
  const { parse } = (await import('@bytecodealliance/jco')) as { parse: (wat: string) => Promise<Uint8Array> };
  return new Uint8Array(await parse(text));
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
