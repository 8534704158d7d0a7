import type { ChannelConfig } from '../config/config-schema.ts';
import { NEWS_DIGEST, POST_KINDS, postIdFor } from '../posts/post.ts';
import type { HistoryFilter, PublishingLog } from './publishing-log.ts';

/**
 * The post ids a news key can head: every configured channel × its languages × every kind. A
 * post id is made from exactly these (postIdFor), so a key's posts are among them, unless their
 * channel or language has since left the configuration.
 */
function postIdsHeadedBy(key: string, channels: readonly Pick<ChannelConfig, 'id' | 'languages'>[]): string[] {
  return channels.flatMap((channel) =>
    channel.languages.flatMap((language) => POST_KINDS.map((kind) => postIdFor(key, channel.id, language, kind))),
  );
}

/**
 * The news id behind the key a post id begins with. A news id that cannot stand in a post id (a
 * feed item's GUID URL) is there as a digest ("nc8909fee33fe6036", see newsKey), which cannot be
 * reversed; the records of the post ids it can head say whose it is. They are read directly (one
 * round trip, the commands go out together), not found by scanning the log. Undefined when none
 * of them is in the log.
 */
async function newsIdOfKey(
  log: Pick<PublishingLog, 'get'>,
  key: string,
  channels: readonly Pick<ChannelConfig, 'id' | 'languages'>[],
): Promise<string | undefined> {
  const records = await Promise.all(postIdsHeadedBy(key, channels).map((postId) => log.get(postId)));
  return records.find((record) => record !== null)?.newsId;
}

/**
 * What `--news` names, as news ids to query, by the id given: a news id as it is, or as it appears
 * in post ids (a digest for a feed item, see newsKey). A digest no post is known by stays as given,
 * so "no posts found for news id …" names what the person typed.
 */
export async function newsIdsGiven(
  log: Pick<PublishingLog, 'get'>,
  given: readonly string[],
  channels: readonly Pick<ChannelConfig, 'id' | 'languages'>[],
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const id of new Set(given))
    ids.set(id, (NEWS_DIGEST.test(id) ? await newsIdOfKey(log, id, channels) : undefined) ?? id);
  return ids;
}

/** The filter with its news ids as the log knows them (a digest given for a feed item resolved). */
export async function withNewsIds(
  log: Pick<PublishingLog, 'get'>,
  filter: HistoryFilter,
  channels: readonly Pick<ChannelConfig, 'id' | 'languages'>[],
): Promise<HistoryFilter> {
  if (!filter.newsId) return filter;
  return { ...filter, newsId: [...new Set((await newsIdsGiven(log, filter.newsId, channels)).values())] };
}
