import type { Command } from 'commander';
import { InputError } from '../../src/input-error.ts';
import { readableRecord, timelineText } from '../../src/log/history-format.ts';
import { withApprovals } from '../../src/log/post-approval.ts';
import { ChannelState } from '../../src/publishing/channel-state.ts';
import { PostStore } from '../../src/publishing/post-store.ts';
import { printJson } from '../cli-context.ts';
import { screen } from '../output/screen.ts';
import { withLog, write } from './log-access.ts';

/** `show <post-id>`: the post and every entry of its life. */
export async function run(postId: string, options: { json?: boolean }, command: Command): Promise<void> {
  await withLog(command, async (log, config) => {
    const record = await log.get(postId);
    if (!record)
      throw new InputError(
        `no post "${postId}" in the publishing log (key prefix "${log.keys.prefix}"); see \`secon-bot history\``,
      );
    // Who approved it is kept on the record (post-facts.ts): shown even when retention trimmed the entry.
    const [[audited], timeline, stored, [pause]] = await Promise.all([
      withApprovals(log, [record]),
      log.timeline(postId),
      new PostStore(log.redisClient, log.keys).get(postId),
      new ChannelState(log.redisClient, log.keys).paused([record.channel]),
    ]);
    // The link and images go out with the text (Facebook's link card): part of what a person approves.
    const rendered = stored?.post.rendered;
    const sends = rendered && { ...(rendered.link ? { link: rendered.link } : {}), images: rendered.images };
    const warnings = rendered?.warnings ?? [];
    if (options.json)
      printJson({ record: readableRecord(audited!), timeline, ...sends, warnings, ...(pause ? { pause } : {}) });
    else
      write(
        timelineText(audited!, timeline, config.project.timezone, screen(), {
          ...(sends ? { sends } : {}),
          ...(pause ? { pause } : {}),
          warnings,
        }),
      );
  });
}
