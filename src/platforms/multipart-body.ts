import { randomBytes } from 'node:crypto';

/** The one file part of a {@link MultipartBody}. */
export interface MultipartFile {
  /** Form field name, e.g. "source". */
  name: string;
  fileName: string;
  /** Media type, e.g. "image/png". */
  type: string;
  bytes: Buffer;
}

/**
 * A multipart/form-data body of text fields and one file, built byte for byte: FormData would turn
 * every "\n" of a field into "\r\n" (the HTML form rules), so the platform would show a different
 * text than the one sent and reconciliation by exact text would miss it.
 */
export class MultipartBody {
  private readonly fields: Record<string, string>;
  readonly boundary = `----secon-bot-${randomBytes(12).toString('hex')}`;

  constructor(
    fields: Record<string, string>,
    private readonly file: MultipartFile,
  ) {
    this.fields = { ...fields };
  }

  set(name: string, value: string): void {
    this.fields[name] = value;
  }

  get contentType(): string {
    return `multipart/form-data; boundary=${this.boundary}`;
  }

  toBuffer(): Buffer {
    const quote = (value: string) => value.replace(/"/g, '%22').replace(/\r|\n/g, ' ');
    const parts: Buffer[] = [];
    for (const [name, value] of Object.entries(this.fields)) {
      parts.push(
        Buffer.from(
          `--${this.boundary}\r\nContent-Disposition: form-data; name="${quote(name)}"\r\n\r\n${value}\r\n`,
          'utf8',
        ),
      );
    }
    parts.push(
      Buffer.from(
        `--${this.boundary}\r\nContent-Disposition: form-data; name="${quote(this.file.name)}"; filename="` +
          `${quote(this.file.fileName)}"\r\nContent-Type: ${this.file.type}\r\n\r\n`,
        'utf8',
      ),
    );
    parts.push(this.file.bytes, Buffer.from(`\r\n--${this.boundary}--\r\n`, 'utf8'));
    return Buffer.concat(parts);
  }
}
