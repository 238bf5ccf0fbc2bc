/** Newest modification time of the files under the given paths (folders walked; missing paths skipped). */
export declare function newestMtime(paths: string[]): number;
/** True when `output` is missing or older than a file under `sources`. */
export declare function isStale(output: string, sources: string[]): boolean;
