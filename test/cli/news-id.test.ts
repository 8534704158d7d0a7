import { describe, expect, it } from 'vitest';
import { buildSkeleton } from '../../src/news/news-skeleton.ts';

/** `secon-bot new --title …` makes the news id from the title, in any of the project's scripts. */
const NOW = new Date('2026-12-03T10:00:00Z');
const idFor = (title: string, kind: 'announcement' | 'recap' | 'news' = 'recap') =>
  buildSkeleton(kind, { title, language: 'en' }, undefined, NOW).id;

describe('the news id made from a title', () => {
  it('transliterates Greek and Bulgarian titles (they came out empty, and `new` failed on an --id nobody gave)', () => {
    expect(idFor('Εργαστήριο κοινωνικής οικονομίας στη Θεσσαλονίκη')).toBe('ergastirio-koinonikis-oikonomias-sti');
    expect(idFor('Семинар за социална икономика в София')).toBe('seminar-za-sotsialna-ikonomika-v-sofiya');
  });

  it('keeps Latin letters whose accents are not combining marks (ł) instead of dropping them', () => {
    expect(idFor('Spotkanie partnerów w Łodzi')).toBe('spotkanie-partnerow-w-lodzi');
    expect(idFor('Partneru tikšanās Rīgā')).toBe('partneru-tiksanas-riga');
  });

  it('cuts a long title after its last whole word within 48 characters', () => {
    expect(idFor('Regional policies for social economy enterprises: a workshop in Düsseldorf')).toBe(
      'regional-policies-for-social-economy-enterprises',
    );
    expect(idFor('Sozialwirtschaftsförderungsrichtlinienumsetzungsworkshopeinladung')).toHaveLength(48);
  });

  it('falls back to the kind and the date when nothing of the title is left', () => {
    expect(idFor('🎉 !!!', 'announcement')).toBe('announcement-2026-12-03');
  });
});
