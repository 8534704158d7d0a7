/** Types of ascii-bundle.mjs (plain JavaScript, so that the build runs before anything is compiled). */

/** Per line of the old text: [column where it grew, characters added there]. */
export type LineShifts = Array<[number, number]>;
/** Writes every character above U+007F as `\uXXXX`; throws on a String.raw template holding one. */
export function escapeNonAscii(code: string): { code: string; shifts: Array<LineShifts | undefined> };
/** A source map's `mappings` with its generated columns moved by those shifts. */
export function shiftMappings(mappings: string, shifts: Array<LineShifts | undefined>): string;
/** The bundle and its source map (JSON text), made to match its ASCII-only text. */
export function asciiBundle(code: string, mapJson: string): { code: string; map: string; escaped: number };
