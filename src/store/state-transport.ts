// How a state bundle crosses a job boundary (DESIGN 3, 5): uploaded under a name derived from
// its head hash, downloaded by that name, then verified object by object (bundle import) before
// anything reads it. On GitHub the transport is the run's artifacts; locally a directory.

export interface StateTransport {
  /** Stores the bundle file under `name`; storing the same name twice is an error. */
  upload(name: string, bundleFile: string): Promise<void>;
  /** Fetches the bundle stored under `name` into `intoDir`; returns the file's path. */
  download(name: string, intoDir: string): Promise<string>;
}
