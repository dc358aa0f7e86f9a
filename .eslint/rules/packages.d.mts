// Types for packages.mjs, so the lint tests can read the table.
export declare const PACKAGES: Readonly<Record<string, readonly string[]>>;
export declare function packageName(source: string): string;
export declare function packageVerdict(file: string, name: string): 'allowed' | 'forbidden' | 'unlisted';
