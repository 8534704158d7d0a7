import type { Config } from '../config/config-schema.ts';
import { InputError } from '../input-error.ts';
import { languageName } from '../language-name.ts';
import type { PublishingLog } from '../log/publishing-log.ts';
import { itemLanguages, languageExpectation, type NewsItem, newsLanguage } from '../news/news-item.ts';
import { inLanguage, type NewsStore } from '../news/news-store.ts';
import type { Rejection } from '../news/rejection.ts';
import type { Plan } from '../planning/plan.ts';
import { planItem } from '../planning/plan-item.ts';
import { planOrder } from '../planning/plan-order.ts';
import { PENDING_STATES } from '../posts/post.ts';
import type { PostRenderer } from '../templates/post-renderer.ts';
import type { BusyTimes } from './busy-times.ts';
import { NOT_IN_PLAN, type ScheduledPostReport, type Scheduler } from './scheduler.ts';

/** What happened to one news item. */
export interface IntakeResult {
  newsId: string;
  /** Where the item came from (file, feed entry). */
  source: string;
  /**
   * `scheduled`: planned and queued (new or edited item); `planned`: dry run, nothing queued;
   * `unchanged`: taken before with this content, left as it is; `rejected`: could not be planned.
   */
  status: 'scheduled' | 'planned' | 'unchanged' | 'rejected';
  plan?: Plan;
  posts: ScheduledPostReport[];
  /** Why it was rejected (names the source and the field). */
  error?: string;
  /**
   * The language it was planned in when a person said it is in another than its source says
   * (NewsStore.setLanguage); after correctLanguage, the language the person said, always.
   */
  language?: string;
}

/** Options of {@link NewsIntake}. */
export interface NewsIntakeOptions {
  config: Config;
  scheduler: Scheduler;
  publishingLog: PublishingLog;
  news: NewsStore;
  renderer: () => PostRenderer;
  /** Clock. Default: the real one. */
  now?: () => Date;
}

/** Options of one {@link NewsIntake.take}. */
export interface TakeOptions {
  /** Every post waits for approval (feeds configured so). Default: per channel. */
  requireApproval?: boolean;
  /** A post whose text reads as another language waits for a person (feeds[].languageCheck: hold). Default: false. */
  holdOtherLanguage?: boolean;
  /** The posts of every new item (not of an edited one) wait for a person, for this reason (feeds[].maxNewPerPoll). Default: none. */
  holdNew?: string;
  /** Plan and report only: nothing is queued or remembered. */
  dryRun?: boolean;
  /**
   * With `dryRun` only: plan as if it were this time (`schedule --dry-run --now`). Never for a real
   * take: posts would be queued at times planned from a clock that is not the real one.
   */
  now?: Date;
  /** Who takes the items, written as `actor` on every log entry (`cli:<user>`, `feed:<id>`, `web:<user>`). */
  actor: string;
  /**
   * Plan items taken before with this content all the same (a person corrected an item's
   * language: its posts are planned again in it). Default: false, such an item is left alone.
   */
  again?: boolean;
  /** The note of the item's posts its new plan no longer has, which are cancelled. Default: scheduler.ts NOT_IN_PLAN_NOTE. */
  notInPlan?: string;
  /** Called before each item is taken, with how many were taken before it (a progress line). Default: none. */
  onItem?: (done: number, newsId: string) => void;
}

/**
 * From news items to queued posts, shared by `schedule` and the feed polls: an item taken before
 * with the same content is left alone; a new or edited one is planned (around the slots other news
 * already holds) and queued; the item is remembered only after its posts are queued, so a crash in
 * between takes it again, which the post ids make harmless.
 */
export class NewsIntake {
  private readonly now: () => Date;

  constructor(private readonly options: NewsIntakeOptions) {
    this.now = options.now ?? (() => new Date());
  }

  async take(items: ReadonlyArray<{ item: NewsItem; source: string }>, options: TakeOptions): Promise<IntakeResult[]> {
    if (options.now && !options.dryRun) throw new Error('NewsIntake.take: `now` is for a dry run only');
    const out: IntakeResult[] = [];
    // The channels' taken times are read once for the whole batch (on first need) and kept up to
    // date in memory: reading them per item costs a query of every pending post per item.
    let busy: BusyTimes | undefined;
    const busyTimes = async (): Promise<BusyTimes> => {
      busy ??= await this.options.scheduler.busyTimes();
      return busy;
    };
    for (const [index, { item, source }] of items.entries()) {
      options.onItem?.(index, item.id);
      out.push(await this.takeOne(item, source, options, busyTimes));
    }
    return out;
  }

  /**
   * A news item taken before under another id that looks like this new one (NewsStore.twinsOf),
   * whose posts went out or may still: this one's posts wait for a person instead of going out a
   * second time (a feed that changed its GUIDs). Not one whose every post was cancelled: a person
   * dropped it, say to take it again under a better id. (One with no post in the log at all, its
   * history trimmed, counts: nobody can tell what went out.)
   */
  private async liveTwin(item: NewsItem): Promise<string | undefined> {
    const twins = await this.options.news.twinsOf(item);
    if (!twins.length) return undefined;
    const posts = await this.options.publishingLog.query({ newsId: twins });
    return twins.find((twin) => {
      const own = posts.filter((p) => p.newsId === twin);
      return !own.length || own.some((p) => p.state !== 'cancelled');
    });
  }

  private async takeOne(
    asTaken: NewsItem,
    source: string,
    options: TakeOptions,
    busyTimes: () => Promise<BusyTimes>,
  ): Promise<IntakeResult> {
    const { config, scheduler, news, publishingLog: log } = this.options;
    const check = await news.check(asTaken);
    // Remembered as it came (a feed's next poll finds it unchanged), planned in the language a
    // person said it is in.
    const item = inLanguage(asTaken, check.language);
    const corrected = item === asTaken ? {} : { language: item.language };
    if (check.status === 'unchanged' && !options.dryRun && !options.again) {
      // In the order its plan was printed when the item was taken, not the log's newest change first.
      const existing = (await log.query({ newsId: [item.id] })).sort(
        planOrder(config, { languages: itemLanguages(item) }),
      );
      const posts = existing.map((r) => ({
        postId: r.postId,
        channel: r.channel,
        language: r.language,
        kind: r.kind,
        plannedAt: r.plannedAt,
        state: r.state,
        action: 'kept' as const,
        note: 'item unchanged since it was taken',
      }));
      return { newsId: item.id, source, status: 'unchanged', posts, ...corrected };
    }
    const busy = await busyTimes();
    const twin = check.status === 'new' ? await this.liveTwin(item) : undefined;
    const hold = twin ? twinHold(twin) : check.status === 'new' ? options.holdNew : undefined;
    let plan: Plan;
    try {
      plan = planItem(item, config, {
        now: options.now ?? this.now(),
        renderer: this.options.renderer(),
        busy: busy.forItem(item.id),
        ...(options.requireApproval !== undefined ? { requireApproval: options.requireApproval } : {}),
        ...(options.holdOtherLanguage ? { holdOtherLanguage: true } : {}),
        ...(hold ? { hold } : {}),
      });
    } catch (error) {
      return {
        newsId: item.id,
        source,
        status: 'rejected',
        posts: [],
        error: `${source}: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
    if (options.dryRun) {
      const posts = plan.posts.map((p) => ({
        postId: p.postId,
        channel: p.channel,
        language: p.language,
        kind: p.kind,
        plannedAt: p.plannedAt,
        state: p.state,
        action: 'created' as const,
        note: 'dry run: not queued',
      }));
      // The next items of the batch plan around these, as they would in a real run.
      busy.replace(item.id, plan.posts);
      return { newsId: item.id, source, status: 'planned', plan, posts };
    }
    const posts = await scheduler.schedule(plan, options.actor, options.notInPlan);
    busy.replace(
      item.id,
      posts.filter((p) => PENDING_STATES.includes(p.state)),
    );
    await news.remember(asTaken, this.now());
    return { newsId: item.id, source, status: 'scheduled', plan, posts, ...corrected };
  }

  /**
   * A person says which language a news item taken before is in (a feed's item in another language
   * than the feed says): remembered for the item, so a later poll of the feed plans it so too, and
   * the item planned again now. Posts in the new language are created; those of the old language
   * that have not gone out are cancelled (no longer in the plan). Refused, with the reason, for an
   * item not known here, one already in that language, or one with a translation in it.
   */
  async correctLanguage(
    newsId: string,
    language: string,
    options: Pick<TakeOptions, 'actor' | 'requireApproval'>,
  ): Promise<IntakeResult> {
    const { news } = this.options;
    const known = newsLanguage.safeParse(language);
    if (!known.success)
      throw new InputError(`language "${language}": not a known language; ${languageExpectation(language)}`);
    const code = known.data;
    const remembered = await news.getTaken(newsId);
    if (!remembered)
      throw new InputError(`news item "${newsId}" is not known here: only news taken before can be given a language`);
    const taken = remembered.item;
    const item = inLanguage(taken, remembered.language);
    // Said again when it is the language a person gave already: planned again all the same (a crash
    // between remembering the language and planning must not leave its posts in the old one).
    if (taken.language === code && item.language === code)
      throw new InputError(`news item "${newsId}" is in ${languageName(code)} already`);
    if (item.translations[code])
      throw new InputError(
        `news item "${newsId}" has a translation in ${languageName(code)}: its own text cannot be in that language too`,
      );
    await news.setLanguage(newsId, code);
    const notInPlan = `${NOT_IN_PLAN}: ${options.actor} said the news item is in ${languageName(code)}`;
    const source = `news item ${newsId}`;
    const [result] = await this.take([{ item: taken, source }], { ...options, again: true, notInPlan });
    // Not planned (a template of the new language failed): the item keeps the language it had, so
    // that saying it again, once the cause is fixed, plans it.
    if (result!.status === 'rejected') {
      await news.setLanguage(newsId, item.language);
      return result!;
    }
    return { ...result!, language: code };
  }
}

/**
 * The items of a take that loaded but could not be planned (a template failed), as rejections: the
 * desk lists them with the items refused on reading, the worker tells them on Health and in doctor.
 */
export function unplannedRejections(results: IntakeResult[]): Rejection[] {
  return results
    .filter((r) => r.status === 'rejected')
    .map((r) => {
      const error = r.error ?? 'could not be planned';
      // The intake's message starts with the source, which the rejection names on its own.
      const message = error.startsWith(`${r.source}: `) ? error.slice(r.source.length + 2) : error;
      return { source: r.source, id: r.newsId, message };
    });
}

/** Why the posts of an item that looks like `twin` under another id wait for a person. */
export function twinHold(twin: string): string {
  return (
    `the item has the title and publication time of news item ${twin}, taken before under that id: the same ` +
    'news with a new id (a feed that changed its item ids, a copied file) would go out twice; cancel these ' +
    'posts, or approve them if it is other news'
  );
}
