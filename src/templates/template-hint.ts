/**
 * What a template author meant, added to LiquidJS's reason for a TemplateError: the known name
 * nearest a misspelt variable, filter or tag, the tag that closes an unclosed one, the line where
 * an unclosed output opens. Pure: the reason and what the template had in reach in, the words out.
 */

import { nearest, nearestName } from '../nearest-name.ts';

/** What was in reach where the template failed. */
export interface HintContext {
  /** Names of the registered filters and tags. */
  filters: readonly string[];
  tags: readonly string[];
  /** The template as its author wrote it (before trimStandaloneTags). */
  source?: string;
  /** The variables it was rendered with. */
  variables?: object;
}

/** A reason in the author's terms, and the line it belongs to when that is not LiquidJS's. */
export interface Hint {
  reason: string;
  line?: number;
}

/** A Liquid tag as written: `{% if event %}`, `{%- endif -%}`. */
const TAG = /\{%-?(?:(?!%\}).)*-?%\}/gu;

/** `titel` → `item.title`: a field written without the object it belongs to, or a typo of one. */
function nearestField(name: string, variables: object): { name: string; distance: number } | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const [top, value] of Object.entries(variables)) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) continue;
    const leaf = nearest(name, Object.keys(value));
    if (leaf && (!best || leaf.distance < best.distance))
      best = { name: `${top}.${leaf.name}`, distance: leaf.distance };
  }
  return best;
}

/** `item.summry` → `item.summary`, looked up level by level in the variables. */
function nearestVariable(path: string, variables: object): string | undefined {
  const names = path.split('.');
  let scope: unknown = variables;
  for (let i = 0; i < names.length; i++) {
    if (scope === null || typeof scope !== 'object') return undefined;
    const name = names[i]!;
    if (!Object.hasOwn(scope, name)) {
      const near = nearest(name, Object.keys(scope));
      // A bare name ("titel") is as likely a field of item, event… as a top-level name: the nearer wins.
      const field = names.length === 1 ? nearestField(name, variables) : undefined;
      if (field && (!near || field.distance <= near.distance)) return field.name;
      return near === undefined ? undefined : [...names.slice(0, i), near.name, ...names.slice(i + 1)].join('.');
    }
    scope = (scope as Record<string, unknown>)[name];
  }
  return undefined;
}

/** `{% if event -%}` quoted as the author wrote it on `line` (the renderer adds the `-`). */
function asWritten(tag: string, context: HintContext, line: number | undefined): string {
  const written = line === undefined ? undefined : context.source?.split('\n')[line - 1];
  const bare = (t: string) => t.replace(/\s*-?%\}$/u, '');
  return written?.match(TAG)?.find((t) => bare(t) === bare(tag)) ?? tag;
}

/** The last `{{` before `line` that no `}}` closes: where an output left open starts. */
function openOutput(source: string, line: number): { line: number; text: string } | undefined {
  const lines = source.split('\n');
  for (let i = line - 2; i >= 0; i--) {
    const text = lines[i]!;
    const open = text.lastIndexOf('{{');
    if (text.lastIndexOf('}}') > open) return undefined;
    if (open >= 0) return { line: i + 1, text: text.slice(open).trim() };
  }
  return undefined;
}

/** LiquidJS's reason, with what the author meant or should write. */
export function explainReason(reason: string, line: number | undefined, context: HintContext): Hint {
  const didYouMean = (near: string | undefined) => (near ? ` (did you mean ${near}?)` : '');
  const filter = /^undefined filter: (\S+)$/u.exec(reason);
  if (filter) return { reason: reason + didYouMean(nearestName(filter[1]!, context.filters)) };
  const variable = /^undefined variable: ([\w.]+)$/u.exec(reason);
  if (variable && context.variables)
    return { reason: reason + didYouMean(nearestVariable(variable[1]!, context.variables)) };
  const unclosed = /^tag (\{%-?\s*(\w+).*%\}) not closed$/u.exec(reason);
  if (unclosed)
    return {
      reason: `tag ${asWritten(unclosed[1]!, context, line)} not closed: expected {% end${unclosed[2]} %} after it`,
    };
  const unknown = /^tag "(\w+)" not found$/u.exec(reason);
  if (unknown) {
    const name = unknown[1]!;
    const opening = name.slice(3);
    if (name.startsWith('end') && context.tags.includes(opening))
      return { reason: `{% ${name} %} without its {% ${opening} %} before it` };
    return { reason: `unknown tag "${name}"${didYouMean(nearestName(name, context.tags))}` };
  }
  if (/^unexpected character "\{\{/u.test(reason) && context.source && line !== undefined) {
    const open = openOutput(context.source, line);
    if (open) return { reason: `output ${open.text} … not closed: expected }} on the same line`, line: open.line };
  }
  return { reason };
}

/** The 1-based lines of a template's source that mark a field `| elastic`. */
export function elasticLines(source: string): number[] {
  return source.split('\n').flatMap((text, i) => (/\|\s*elastic\b/u.test(text) ? [i + 1] : []));
}

/** Why the rendered post holds more than one elastic field, with the lines that mark one. */
export function manyElasticReason(lines: readonly number[]): string {
  const reason = 'more than one field is marked elastic';
  if (lines.length >= 2) {
    const list = `${lines.slice(0, -1).join(', ')} and ${lines.at(-1)}`;
    return `${reason}: lines ${list} mark a field \`| elastic\`; mark exactly one`;
  }
  if (lines.length === 1)
    return `${reason}: line ${lines[0]} marks one that the template writes more than once (inside a loop?); mark exactly one, once`;
  return `${reason} (or a marker is unbalanced); mark exactly one with \`| elastic\``;
}
