/** Types of build.mjs (plain JavaScript, so it runs before anything is compiled). */

/** `full`: the command and the development tools; `production`: the command only. */
export type BuildMode = 'full' | 'production';
/** Hash of every source and config file that changes the build's output. */
export function sourceHash(mode?: BuildMode): string;
/** True when dist/ was built from exactly the current sources. */
export function isFresh(mode?: BuildMode): boolean;
/** Builds dist/ unless it is fresh (or `force`); resolves to the exit code. */
export function build(options?: { force?: boolean; mode?: BuildMode }): Promise<number>;
/** The languages whose franc models the bundle keeps (as franc names them). */
export const FRANC_LANGUAGES: readonly string[];
/** The esbuild plugin that keeps only those models. */
export const francProjectLanguagesOnly: import('esbuild').Plugin;
