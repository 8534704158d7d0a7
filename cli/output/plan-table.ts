import type { Config } from '../../src/config/config-schema.ts';
import { localTime, screenTable } from '../../src/log/history-format.ts';
import { channelZoneById } from '../../src/planning/channel-schedule.ts';
import { type ActedPost, postActionWords } from '../../src/publishing/post-action-words.ts';
import { indented, screen } from './screen.ts';

/** A post as a plan lists it (schedule's and ingest's reports alike). */
export interface PlanTablePost extends ActedPost {
  channel: string;
  language: string;
  kind: string;
  plannedAt: string;
}

/** Each item's table sits this far in, under the item's line. */
const PLAN_INDENT = 2;
/** The columns of an item's plan after WHEN, then WHAT, which moves under its row when there is no room for it. */
const PLAN_HEADER = ['CHANNEL', 'LANG', 'KIND', 'STATE'];
const PLAN_COLUMNS = { 5: { whole: true } };

/**
 * What happened to every post of an item when it is the same for all (a dry run's "not queued", an
 * unchanged item's "kept"; '' in a dry run of ingest), said once on the item's line; undefined when
 * the posts differ (or there are none), and a WHAT column says it per post.
 */
export function sharedAction(posts: PlanTablePost[]): string | undefined {
  const actions = new Set(posts.map(postActionWords));
  return actions.size === 1 ? [...actions][0] : undefined;
}

/**
 * An item's posts as a table under its line, in the project's zone (a channel in another zone names
 * its own), fitted to the screen. `withWhat`: a WHAT column says what happened to each post; left
 * out when the item's line says it once for all.
 */
export function planTable(config: Config, posts: PlanTablePost[], withWhat: boolean): string[] {
  if (!posts.length) return [];
  const shown = indented(screen(), PLAN_INDENT);
  const header = [`WHEN (${config.project.timezone})`, ...PLAN_HEADER, ...(withWhat ? ['WHAT'] : [])];
  const rows = posts.map((post) => {
    const zone = channelZoneById(config, post.channel);
    const row = [zonedTime(post.plannedAt, zone, config), post.channel, post.language, post.kind, post.state];
    return withWhat ? [...row, postActionWords(post)] : row;
  });
  return shown.indent(screenTable(header, rows, shown.screen, PLAN_COLUMNS));
}

/** A post's local time; its zone named only when the channel is not in the project's zone. */
function zonedTime(iso: string, zone: string, config: Config): string {
  const time = localTime(iso, zone);
  return zone === config.project.timezone ? time : `${time} ${zone}`;
}
