import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type Liquid, LiquidError, type Template } from 'liquidjs';
import type { Platform } from '../config/config-schema.ts';
import type { PostKind } from '../posts/post.ts';
import { TemplateError } from './template-error.ts';
import { explainReason } from './template-hint.ts';

/** A template found and compiled for a (language, platform, kind). */
export interface ResolvedTemplate {
  file: string;
  /** The language folder it came from (differs from the one asked for after a fallback). */
  language: string;
  compiled: Template[];
}

/** What to look for. */
export interface TemplateQuery {
  language: string;
  platform: Platform;
  kind: PostKind;
  /** A channel's override folder, searched before the shipped templates in each language. */
  overrideDir?: string;
}

/** Compiled templates of the process, by file, with the file's modification time and size when read. */
const compiledFiles = new Map<string, { version: string; templates: Template[] }>();

/**
 * Finds the template for a post along the fallback chain (templates/README.md) and compiles each
 * file once: the lookup is cached for the resolver's life, so rendering a post reads no file and
 * parses nothing; the compiled template is kept for the process (all resolvers share one Liquid
 * engine), and a new resolver compiles a file again only if it changed since.
 */
export class TemplateResolver {
  private readonly lookups = new Map<string, ResolvedTemplate>();

  constructor(
    private readonly liquid: Liquid,
    private readonly shippedDir: string,
    private readonly defaultLanguage: string,
  ) {}

  /** Files tried, in order, for a query. */
  candidates(query: TemplateQuery): Array<{ file: string; language: string }> {
    const primary = query.language.split('-')[0]!;
    const languages = [...new Set([query.language, primary, this.defaultLanguage])];
    const dirs = query.overrideDir ? [query.overrideDir, this.shippedDir] : [this.shippedDir];
    const names = [`${query.platform}.${query.kind}`, query.platform, 'default'];
    const out: Array<{ file: string; language: string }> = [];
    for (const language of languages) {
      for (const dir of dirs) {
        for (const name of names) out.push({ file: join(dir, language, `${name}.liquid`), language });
      }
    }
    return out;
  }

  /** The first existing template of the chain, compiled; TemplateError when none exists or it does not parse. */
  resolve(query: TemplateQuery): ResolvedTemplate {
    const key = `${query.overrideDir ?? ''}\u0000${query.language}\u0000${query.platform}\u0000${query.kind}`;
    const cached = this.lookups.get(key);
    if (cached) return cached;
    const candidates = this.candidates(query);
    const found = candidates.find((candidate) => existsSync(candidate.file));
    if (!found) {
      throw new TemplateError(
        candidates[0]!.file,
        undefined,
        `no template for ${query.language}/${query.platform}/${query.kind}; looked for ` +
          `${candidates.map((c) => c.file).join(', ')}`,
      );
    }
    const resolved = { file: found.file, language: found.language, compiled: this.compile(found.file) };
    this.lookups.set(key, resolved);
    return resolved;
  }

  /** Parses a template file once; a syntax error or unknown filter names the file and line. */
  compile(file: string): Template[] {
    let version: string;
    let source: string;
    try {
      const stat = statSync(file);
      version = `${stat.mtimeMs}|${stat.size}`;
      const cached = compiledFiles.get(file);
      if (cached?.version === version) return cached.templates;
      source = readFileSync(file, 'utf8');
    } catch (error) {
      throw new TemplateError(
        file,
        undefined,
        `cannot read the template (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      );
    }
    try {
      const templates = this.liquid.parse(trimStandaloneTags(source), file);
      compiledFiles.set(file, { version, templates });
      return templates;
    } catch (error) {
      throw toTemplateError(error, file, { liquid: this.liquid, source });
    }
  }
}

/**
 * A LiquidJS error as a TemplateError with the template's file, line and column, and what was
 * expected there (template-hint.ts): `liquid` for the known filter and tag names, the template's
 * `source` as written, the `variables` it was rendered with.
 */
export function toTemplateError(
  error: unknown,
  file: string,
  context: { liquid: Liquid; source?: string; variables?: object },
): TemplateError {
  if (error instanceof TemplateError) return error;
  if (error instanceof LiquidError) {
    const [line, column] = error.token?.getPosition?.() ?? [];
    // LiquidJS appends ", file:…, line:…, col:…" to its messages; the TemplateError says that itself.
    const reason = (error.originalError?.message ?? error.message).replace(
      /,?\s*(file:[^,]*,\s*)?line:\d+, col:\d+$/u,
      '',
    );
    const hint = explainReason(reason, line, {
      filters: Object.keys(context.liquid.filters),
      tags: Object.keys(context.liquid.tags),
      ...(context.source !== undefined ? { source: context.source } : {}),
      ...(context.variables ? { variables: context.variables } : {}),
    });
    // A hint that moves the error to another line (an output left open) has no column there.
    if (hint.line !== undefined) return new TemplateError(file, hint.line, hint.reason, { cause: error });
    return new TemplateError(file, line, hint.reason, { column, cause: error });
  }
  return new TemplateError(file, undefined, error instanceof Error ? error.message : String(error), { cause: error });
}

/** A line holding only Liquid tags (`{% if … %}`, `{% endif %}`, `{% # note %}`), and blanks. */
const TAG_ONLY_LINE = /^[ \t]*(?:\{%-?(?:(?!%\}).)*-?%\}[ \t]*)+$/u;

/**
 * Lets templates be written one tag per line without leaving empty lines in the post: a line that
 * holds only tags gets its newline trimmed (`%}` → `-%}`), like Jinja's trim_blocks. Tags inside a
 * line are left alone, so `… {% if x %}· {{ x }}{% endif %}` keeps its spaces and line break.
 * Newlines stay in the source, so error line numbers still match the file.
 */
export function trimStandaloneTags(source: string): string {
  return source
    .split('\n')
    .map((line) => {
      const body = line.endsWith('\r') ? line.slice(0, -1) : line;
      if (!TAG_ONLY_LINE.test(body)) return line;
      return line.replace(/-?%\}([ \t]*\r?)$/u, '-%}$1');
    })
    .join('\n');
}
