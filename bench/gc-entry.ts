// What the GC benchmark loads in-process.
export { ObjectStore } from '../src/store/object-store.js';
export { collectGarbage } from '../src/store/gc.js';
