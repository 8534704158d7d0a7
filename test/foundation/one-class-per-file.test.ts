import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';
import { MultipartBody } from '../../src/platforms/multipart-body.ts';

/** docs/architecture.md#conventions: one class per file, the file named after the class (kebab-case). */
const ROOMS = ['src', 'app', 'queues', 'worker', 'sandbox', 'dev', 'web'];

/** Every folder below the rooms that holds TypeScript. */
function folders(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const subs = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory());
  return [dir, ...subs.flatMap((e) => folders(join(dir, e.name)))];
}
const DIRS = ROOMS.flatMap(folders);

function classesIn(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const names: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isClassDeclaration(node) || ts.isClassExpression(node)) names.push(node.name?.text ?? '(anonymous)');
    ts.forEachChild(node, visit);
  };
  visit(source);
  return names;
}

/** "LinkedInAdapter" and "linkedin-adapter.ts" both give "linkedinadapter". */
const squash = (name: string) => name.replace(/\.ts$/, '').replace(/-/g, '').toLowerCase();

describe.each(DIRS)('%s', (dir) => {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(dir, f));

  test('no file holds more than one class, and a class lives in the file named after it', () => {
    const offenders = files
      .map((file) => ({ file, classes: classesIn(file) }))
      .filter(
        ({ file, classes }) =>
          classes.length > 1 || (classes.length === 1 && squash(classes[0]!) !== squash(file.split('/').pop()!)),
      );
    expect(offenders).toEqual([]);
  });
});

test('MultipartBody keeps a field byte for byte (no \\n → \\r\\n) and carries the file with its type', () => {
  const body = new MultipartBody(
    { message: 'line one\nline two' },
    { name: 'source', fileName: 'a "b".png', type: 'image/png', bytes: Buffer.from([1, 2, 3]) },
  );
  body.set('access_token', 'tok');
  const text = body.toBuffer().toString('latin1');
  expect(body.contentType).toBe(`multipart/form-data; boundary=${body.boundary}`);
  expect(text).toContain('name="message"\r\n\r\nline one\nline two\r\n');
  expect(text).toContain('name="access_token"\r\n\r\ntok\r\n');
  expect(text).toContain('name="source"; filename="a %22b%22.png"\r\nContent-Type: image/png\r\n\r\n\x01\x02\x03\r\n');
  expect(text.endsWith(`--${body.boundary}--\r\n`)).toBe(true);
});
