export interface EvidenceEntry {
    /** What kind of evidence, e.g. `lock_report`, `sbom`, `gate_report`. */
    readonly object_type: string;
    /** Unique within its type in one run, e.g. a file path or a stage index. */
    readonly object_id: string;
    readonly digest: Uint8Array;
}
export declare function compareEvidence(a: EvidenceEntry, b: EvidenceEntry): number;
/** Sorts entries and refuses a (type, id) listed twice. */
export declare function sortEvidence(entries: readonly EvidenceEntry[]): EvidenceEntry[];
export declare function lineageRoot(entries: readonly EvidenceEntry[]): Uint8Array;
