// The import modules a WebAssembly binary declares (document 001 §8). Core modules are checked
// and read by the engine itself (WebAssembly.Module); components (binary version 0x0d, layer 1)
// are not yet compiled by Node, so their import section is read here, per the component model's
// binary format: every import name, e.g. `wasi:cli/environment@0.2.0`.
import { RollgateError } from '../core/errors.js';

const MAGIC = [0x00, 0x61, 0x73, 0x6d];

// Node's engine, typed here because the TypeScript libs the project uses (ES2023, node) do not
// declare the WebAssembly global.
interface WebAssemblyEngine {
  readonly Module: {
    new (bytes: Uint8Array): object;
    imports(module: object): Array<{ readonly module: string; readonly name: string; readonly kind: string }>;
  };
}
const engine = Reflect.get(globalThis, 'WebAssembly') as WebAssemblyEngine;

export type WasmKind = 'core' | 'component';

function invalid(message: string): RollgateError {
  return new RollgateError('WASM_MODULE_INVALID', `invalid wasm module: ${message}`);
}

export function wasmKind(bytes: Uint8Array): WasmKind {
  if (bytes.length < 4) throw invalid('file is too small');
  if (!MAGIC.every((b, i) => bytes[i] === b)) throw invalid('wrong magic header (expected \\0asm)');
  if (bytes.length < 8) throw invalid('no version field');
  if (bytes[4] === 0x01 && bytes[5] === 0x00 && bytes[6] === 0x00 && bytes[7] === 0x00) return 'core';
  if (bytes[4] === 0x0d && bytes[5] === 0x00 && bytes[6] === 0x01 && bytes[7] === 0x00) return 'component';
  throw invalid('unknown binary version or layer');
}

class Reader {
  constructor(
    private readonly bytes: Uint8Array,
    public at: number,
    private readonly end: number,
  ) {}
  byte(): number {
    if (this.at >= this.end) throw invalid('unexpected end of a section');
    return this.bytes[this.at++]!;
  }
  u32(): number {
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) {
        if (result > 0xffffffff) throw invalid('LEB128 value too large');
        return result;
      }
    }
    throw invalid('LEB128 value too long');
  }
  name(): string {
    const length = this.u32();
    if (this.at + length > this.end) throw invalid('name runs past its section');
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(this.bytes.subarray(this.at, this.at + length));
    } catch {
      throw invalid('a name is not valid UTF-8');
    }
    this.at += length;
    return text;
  }
}

/** Skips one externdesc of the component model. */
function skipExternDesc(r: Reader): void {
  const sort = r.byte();
  switch (sort) {
    case 0x00:
      if (r.byte() !== 0x11) throw invalid('core extern desc is not a module');
      r.u32();
      return;
    case 0x01:
    case 0x04:
    case 0x05:
      r.u32();
      return;
    case 0x02: {
      const bound = r.byte();
      if (bound === 0x00) r.u32();
      else if (bound === 0x01) {
        const t = r.byte();
        // A primitive value type is one byte (0x64..0x7f); otherwise a LEB128 type index.
        if (t < 0x64) {
          r.at -= 1;
          r.u32();
        }
      } else throw invalid('unknown value bound');
      return;
    }
    case 0x03: {
      const bound = r.byte();
      if (bound === 0x00) r.u32();
      else if (bound !== 0x01) throw invalid('unknown type bound');
      return;
    }
    default:
      throw invalid(`unknown extern desc sort 0x${sort.toString(16)}`);
  }
}

function componentImports(bytes: Uint8Array): string[] {
  const names: string[] = [];
  const r = new Reader(bytes, 8, bytes.length);
  while (r.at < bytes.length) {
    const id = r.byte();
    const size = r.u32();
    const end = r.at + size;
    if (end > bytes.length) throw invalid('a section runs past the end of the file');
    if (id === 10) {
      const section = new Reader(bytes, r.at, end);
      for (let count = section.u32(); count > 0; count--) {
        const form = section.byte();
        if (form !== 0x00 && form !== 0x01) throw invalid('unknown import name form');
        names.push(section.name());
        if (form === 0x01) {
          // A version suffix follows the name in this form.
          if (section.byte() === 0x01) section.name();
        }
        skipExternDesc(section);
      }
      if (section.at !== end) throw invalid('import section has trailing bytes');
    }
    r.at = end;
  }
  return names;
}

/** Sorted, unique import module names; refuses anything the engine or the reader cannot parse. */
export function importModules(bytes: Uint8Array): string[] {
  let modules: string[];
  if (wasmKind(bytes) === 'core') {
    let module: object;
    try {
      module = new engine.Module(bytes);
    } catch (error) {
      throw invalid((error as Error).message);
    }
    modules = engine.Module.imports(module).map((i) => i.module);
  } else {
    modules = componentImports(bytes);
  }
  return [...new Set(modules)].sort();
}
