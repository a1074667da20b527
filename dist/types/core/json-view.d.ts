export type JsonValue = null | boolean | number | string | JsonValue[] | {
    [key: string]: JsonValue;
};
export declare function toJsonView(value: unknown): JsonValue;
/** Stable pretty JSON with a final newline: the byte form of every JSON file rollgate writes. */
export declare function stableJson(value: unknown): string;
