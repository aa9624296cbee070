/** Types of bin/build.js (plain JavaScript, so that `tux` can check and rebuild dist/ without TypeScript tooling). */
export declare const ROOT: string;
export declare const DIST: string;
export declare const ENTRY: string;
export declare const LAUNCHER: string;
export declare function sourceFingerprint(root?: string): string | null;
export declare function buildState(root?: string): 'fresh' | 'missing' | 'stale';
export declare function build(opts?: {
  root?: string;
  clean?: boolean;
  quiet?: boolean;
}): Promise<{ files: number; ms: number }>;
/** The production build's esbuild options, without entry points and output. */
export declare function esbuildOptions(quiet?: boolean): import('esbuild').BuildOptions;
/** The text with every non-ASCII character written as a \uXXXX escape. */
export declare function asciiSource(text: string): string;
