// A crash probe is called at every named point of the commit protocol and before every
// durable file operation. In production it does nothing; the crash-injection harness passes
// one that kills the process at the N-th call, which is how every instruction boundary between
// writes is tested without test code in the store.
export type CrashProbe = (point: string) => void;

export const noProbe: CrashProbe = () => undefined;
