// state.json and runtime-events.jsonl on disk: state written atomically, one event line
// appended (and fsynced) per cycle.
import { open, stat } from 'node:fs/promises';
import { RollgateError } from '../core/errors.js';
import { parseState, serializeState, type StateDocument } from './state-document.js';
import { writeFileAtomic } from './atomic-write.js';
import { readTextIfPresent } from '../util/read-text.js';
import { storeLayout } from './layout.js';

/**
 * The text of a state file, or undefined when there is none. A FIFO there would block the read
 * (opening it waits for a writer) and a device never end it: anything but a regular file (after
 * links) is STORE_LAYOUT_INVALID before it is opened.
 */
async function readStateFile(path: string): Promise<string | undefined> {
  const stats = await stat(path).catch(() => undefined);
  if (stats && !stats.isFile())
    throw new RollgateError(
      'STORE_LAYOUT_INVALID',
      `${path}: is ${stats.isDirectory() ? 'a directory' : stats.isFIFO() ? 'a FIFO' : 'a device or socket'}, not a file`,
      { diagnostics: { path } },
    );
  return readTextIfPresent(path, 'state');
}

/** The state, or undefined when there is none yet. A damaged file is an error: nothing is lost. */
export async function readState(stateDir: string): Promise<StateDocument | undefined> {
  const path = storeLayout(stateDir).stateJson;
  const text = await readStateFile(path);
  return text === undefined ? undefined : parseState(text, path);
}

export async function readEventsLog(stateDir: string): Promise<string | undefined> {
  return readStateFile(storeLayout(stateDir).eventsLog);
}

export async function writeState(stateDir: string, state: StateDocument): Promise<void> {
  await writeFileAtomic(storeLayout(stateDir).stateJson, serializeState(state));
}

/** Appends one cycle line and fsyncs it before returning, so a reported cycle survives a crash. */
export async function appendEvent(stateDir: string, line: string): Promise<void> {
  const path = storeLayout(stateDir).eventsLog;
  try {
    const handle = await open(path, 'a');
    try {
      await handle.write(`${line}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new RollgateError('FILE_WRITE_FAILED', `${path}: cannot append (${code ?? String(error)})`, {
      diagnostics: { path },
      cause: error,
    });
  }
}
