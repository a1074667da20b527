/** Parses the canonical form into epoch seconds; refuses anything else, including 2026-02-30. */
export declare function parseUtc(text: string, where?: string): number;
export declare function formatUtc(epochSeconds: number): string;
export declare const SECONDS_PER_DAY = 86400;
