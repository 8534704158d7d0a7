/** Text that is not valid UTF-8, with where the first bad byte is. */
export class Utf8Error extends Error {
  override readonly name = 'Utf8Error';
  constructor(
    /** Byte offset of the first byte that is not UTF-8 (0-based). */
    readonly offset: number,
    /** Its line (1-based). */
    readonly line: number,
    readonly byte: number,
  ) {
    super(
      `not valid UTF-8: byte 0x${byte.toString(16).toUpperCase().padStart(2, '0')} at byte offset ${offset} (line ` +
        `${line}); expected the text saved as UTF-8`,
    );
  }
}
