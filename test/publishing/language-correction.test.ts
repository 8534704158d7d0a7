import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BACK_IN_PLAN_NOTE } from '../../src/publishing/scheduler.ts';
import { ENGLISH_FAIR_SUMMARY, englishInGermanFeed } from '../helpers/planning.ts';
import { startWorld, type World } from '../helpers/world.ts';

let world: World | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

const englishItem = () => englishInGermanFeed(`mrn-fair-${randomUUID().slice(0, 8)}`);

describe("a person corrects a news item's language", () => {
  it("plans it again in that language: new posts, the old language's cancelled; later takes of the item, a feed's poll too, keep it", async () => {
    world = await startWorld({ worker: false });
    const { app } = world;
    const item = englishItem();
    const feed = { actor: 'feed:mrn-news', holdOtherLanguage: true };
    const [first] = await app.intake.take([{ item, source: 'mrn.rss item 1' }], feed);
    expect(first!.posts.map((p) => `${p.channel} ${p.language} ${p.state}`)).toEqual([
      'facebook-secon de awaiting-approval',
    ]);

    const corrected = await app.intake.correctLanguage(item.id, 'EN', { actor: 'web:maria' });
    expect(corrected).toMatchObject({ status: 'scheduled', language: 'en' });
    const created = corrected.posts.filter((p) => p.action === 'created');
    expect(created.map((p) => `${p.channel} ${p.language}`).sort()).toEqual([
      'facebook-secon en',
      'linkedin-secon en',
      'x-secon en',
    ]);
    // No hold: the text is in the language of its posts now (LinkedIn's channel asks for approval).
    for (const post of created)
      expect((await app.store.get(post.postId))?.post.rendered.hold, post.postId).toBeUndefined();
    const german = (await app.publishingLog.query({ newsId: [item.id] })).find((r) => r.language === 'de')!;
    expect(german).toMatchObject({
      state: 'cancelled',
      actor: 'web:maria',
      note: 'no longer in the plan: web:maria said the news item is in English (en)',
    });
    expect(await app.news.get(item.id)).toMatchObject({ language: 'en' });
    // Said again (after a crash between remembering the language and planning, say): nothing new.
    const twice = await app.intake.correctLanguage(item.id, 'en', { actor: 'web:maria' });
    expect(twice.posts.filter((p) => p.action === 'created' || p.action === 'cancelled')).toEqual([]);

    // The feed's next poll brings the same item, still saying de: unchanged, nothing planned in de.
    const [again] = await app.intake.take([{ item, source: 'mrn.rss item 1' }], feed);
    expect(again!.status).toBe('unchanged');
    // The partner edits it: planned again, in English.
    const edited = { ...item, summary: ENGLISH_FAIR_SUMMARY.replace('17 December', '18 December') };
    const [update] = await app.intake.take([{ item: edited, source: 'mrn.rss item 1' }], feed);
    expect(update!.status).toBe('scheduled');
    expect(new Set(update!.posts.filter((p) => p.action !== 'kept').map((p) => p.language))).toEqual(new Set(['en']));
    const x = (await app.publishingLog.query({ newsId: [item.id], channel: ['x-secon'] }))[0]!;
    expect(x.text).toContain('18 December');
  });

  it('brings back the posts it cancelled when the person says the first language again; never one a person cancelled or one that was claimed', async () => {
    world = await startWorld({ worker: false });
    const { app } = world;
    const item = englishItem();
    const [first] = await app.intake.take([{ item, source: 'mrn.rss item 1' }], { actor: 'feed:mrn-news' });
    const german = first!.posts[0]!;
    expect(`${german.channel} ${german.language} ${german.state}`).toBe('facebook-secon de scheduled');
    await app.intake.correctLanguage(item.id, 'en', { actor: 'web:maria' });
    const english = (await app.publishingLog.query({ newsId: [item.id], language: ['en'] })).map((r) => r.postId);
    expect(english).toHaveLength(3);

    // Maria was wrong: the item is German after all. Its German post comes back, with a job; the
    // English ones go, as the German one went before.
    const back = await app.intake.correctLanguage(item.id, 'de', { actor: 'web:maria' });
    expect(back.language).toBe('de'); // the item's own language: said back, named all the same
    const restored = back.posts.find((p) => p.postId === german.postId)!;
    expect(restored).toMatchObject({ action: 'restored', state: 'scheduled', note: BACK_IN_PLAN_NOTE });
    expect(await app.publishingLog.get(german.postId)).toMatchObject({
      state: 'scheduled',
      actor: 'web:maria',
      note: BACK_IN_PLAN_NOTE,
    });
    expect(await app.queue.jobState(german.postId, 'facebook')).toBe('delayed');
    expect(
      back.posts
        .filter((p) => p.action === 'cancelled')
        .map((p) => p.postId)
        .sort(),
    ).toEqual([...english].sort());

    // A person cancels the German post; English, then German again: it stays cancelled.
    await app.postActions.cancel(german.postId, 'web:nikos');
    await app.intake.correctLanguage(item.id, 'en', { actor: 'web:maria' });
    const again = await app.intake.correctLanguage(item.id, 'de', { actor: 'web:maria' });
    expect(again.posts.find((p) => p.postId === german.postId)).toMatchObject({ action: 'kept', state: 'cancelled' });
    expect(await app.publishingLog.get(german.postId)).toMatchObject({ state: 'cancelled', actor: 'web:nikos' });
    // An English post restored, then claimed by an attempt (it may be live) and cancelled by the plan: never back.
    await app.intake.correctLanguage(item.id, 'en', { actor: 'web:maria' });
    const x = (await app.publishingLog.query({ newsId: [item.id], channel: ['x-secon'] }))[0]!;
    expect(x.state).toBe('scheduled');
    await app.store.markClaimed(x.postId, new Date());
    await app.intake.correctLanguage(item.id, 'de', { actor: 'web:maria' });
    const last = await app.intake.correctLanguage(item.id, 'en', { actor: 'web:maria' });
    expect(last.posts.find((p) => p.postId === x.postId)).toMatchObject({ action: 'kept', state: 'cancelled' });
  });

  it('keeps the language the item had when it cannot be planned in the new one, so saying it again plans it', async () => {
    world = await startWorld({ worker: false });
    const { app } = world;
    const item = englishItem();
    await app.intake.take([{ item, source: 'mrn.rss item 1' }], { actor: 'feed:mrn-news', holdOtherLanguage: true });
    const renderer = app.renderer();
    const render = renderer.render.bind(renderer);
    // A broken English template (the renderer throws, as a template error does).
    const broken = vi.spyOn(renderer, 'render').mockImplementation((input) => {
      if (input.language === 'en') throw new Error('templates/en/facebook.hbs: line 3: unclosed block');
      return render(input);
    });
    const failed = await app.intake.correctLanguage(item.id, 'en', { actor: 'test' });
    expect(failed).toMatchObject({ status: 'rejected' });
    expect(failed.error).toMatch(/unclosed block/);
    expect(await app.news.get(item.id)).toMatchObject({ language: 'de' });
    expect((await app.publishingLog.query({ newsId: [item.id] })).map((r) => `${r.language} ${r.state}`)).toEqual([
      'de awaiting-approval',
    ]);

    broken.mockRestore();
    const fixed = await app.intake.correctLanguage(item.id, 'en', { actor: 'test' });
    expect(fixed.status).toBe('scheduled');
    expect(await app.news.get(item.id)).toMatchObject({ language: 'en' });
  });

  it("is refused, with the reason, for an unknown item, the language it is in, a translation's language, or no language", async () => {
    world = await startWorld({ worker: false });
    const { app } = world;
    const item = {
      ...englishItem(),
      translations: { el: { title: 'Κοινωνικές επιχειρήσεις', summary: 'Στο Μάνχαϊμ.' } },
    };
    await app.intake.take([{ item, source: 'mrn.rss item 1' }], { actor: 'test' });
    const refusal = (id: string, language: string) =>
      app.intake.correctLanguage(id, language, { actor: 'test' }).then(
        () => 'accepted',
        (error: Error) => error.message,
      );
    expect(await refusal('no-such-item', 'en')).toBe(
      'news item "no-such-item" is not known here: only news taken before can be given a language',
    );
    expect(await refusal(item.id, 'de')).toBe(`news item "${item.id}" is in German (de) already`);
    expect(await refusal(item.id, 'el')).toMatch(
      /has a translation in Greek \(el\): its own text cannot be in that language too$/,
    );
    expect(await refusal(item.id, 'xx')).toMatch(/^language "xx": not a known language/);
    expect(await app.news.get(item.id)).toMatchObject({ language: 'de' });
  });
});
