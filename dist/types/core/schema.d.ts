import type { Static, TSchema } from '@sinclair/typebox';
import type { ErrorCode } from './error-codes.js';
export interface SchemaProblem {
    /** JSON Pointer of the offending value, "" for the document itself. */
    readonly path: string;
    readonly message: string;
}
export interface SchemaValidator<T extends TSchema> {
    (value: unknown): {
        ok: true;
        value: Static<T>;
    } | {
        ok: false;
        problems: SchemaProblem[];
    };
}
/** Compiles on first use: compiling every schema at import would slow every action's start. */
export declare function schemaValidator<T extends TSchema>(schema: T): SchemaValidator<T>;
/** Validates or throws one coded error listing every problem. */
export declare function validateOrThrow<T extends TSchema>(validator: SchemaValidator<T>, value: unknown, code: ErrorCode, what: string): Static<T>;
/** Parses JSON text into a value, with the position of a syntax error in the message. */
export declare function parseJsonText(text: string, code: ErrorCode, what: string): unknown;
