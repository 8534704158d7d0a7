import twitter from 'twitter-text';
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../src/config/config-schema.ts';
import { shortenText } from '../../src/templates/shorten-text.ts';
import { splitThread } from '../../src/templates/thread-splitter.ts';
import { languageOf } from '../helpers/language.ts';

/**
 * A cut ending with "…" never ends on a number: "… στις 14…" has lost its month, "… 2…" its
 * "million euros", and either reads as another fact. The cut falls before the number, or after
 * the rest of the phrase when that fits. The same digits in every language, so one rule for all.
 */
const DATES_AND_AMOUNTS: Record<string, string> = {
  en:
    'SECON partners from nine regions meet in Chemnitz on 14 May 2024 to discuss a regional fund of 2 million ' +
    'euros for social enterprises, 15, 16 and 17 jobs per region and 30 new jobs in Saxony.',
  de:
    'Die SECON-Partner aus neun Regionen treffen sich am 14. Mai 2024 in Chemnitz und beraten über einen ' +
    'Regionalfonds von 2 Millionen Euro für Sozialunternehmen, 15, 16 und 17 Stellen je Region und 30 neue ' +
    'Arbeitsplätze in Sachsen.',
  nl:
    "SECON-partners uit negen regio's komen op 14 mei 2024 samen in Chemnitz om te praten over een regionaal " +
    'fonds van 2 miljoen euro voor sociale ondernemingen, 15, 16 en 17 banen per regio en 30 nieuwe banen in Saksen.',
  el:
    'Οι εταίροι του SECON από εννέα περιφέρειες συναντώνται στο Κέμνιτς στις 14 Μαΐου 2024 για να συζητήσουν ένα ' +
    'περιφερειακό ταμείο 2 εκατομμυρίων ευρώ για τις κοινωνικές επιχειρήσεις, 15, 16 και 17 θέσεις ανά περιφέρεια ' +
    'και 30 νέες θέσεις εργασίας στη Σαξονία.',
  bg:
    'Партньорите по SECON от девет региона се срещат в Кемниц на 14 май 2024 г., за да обсъдят регионален фонд ' +
    'от 2 милиона евро за социалните предприятия, 15, 16 и 17 места на регион и 30 нови работни места в Саксония.',
  ro:
    'Partenerii SECON din nouă regiuni se întâlnesc la Chemnitz pe 14 mai 2024 pentru a discuta despre un fond ' +
    'regional de 2 milioane de euro pentru întreprinderile sociale, 15, 16 și 17 posturi pe regiune și 30 de ' +
    'locuri de muncă noi în Saxonia.',
  hu:
    'A SECON kilenc régiójának partnerei 2024. május 14-én Chemnitzben találkoznak, hogy megvitassanak egy 2 ' +
    'millió eurós regionális alapot a szociális vállalkozásoknak, régiónként 15, 16 és 17 állást és 30 új ' +
    'munkahelyet Szászországban.',
  pl:
    'Partnerzy projektu SECON z dziewięciu regionów spotykają się 14 maja 2024 r. w Chemnitz, by omówić fundusz ' +
    'regionalny w wysokości 2 milionów euro dla przedsiębiorstw społecznych, 15, 16 i 17 etatów na region i 30 ' +
    'nowych miejsc pracy w Saksonii.',
  pt:
    'Os parceiros do SECON de nove regiões reúnem-se em Chemnitz a 14 de maio de 2024 para debater um fundo ' +
    'regional de 2 milhões de euros para as empresas sociais, 15, 16 e 17 postos por região e 30 novos empregos ' +
    'na Saxónia.',
  lv:
    'SECON partneri no deviņiem reģioniem 2024. gada 14. maijā tiekas Kemnicā, lai apspriestu reģionālu fondu 2 ' +
    'miljonu eiro apmērā sociālajiem uzņēmumiem, 15, 16 un 17 vietas katrā reģionā un 30 jaunas darba vietas ' +
    'Saksijā.',
  es:
    'Los socios de SECON de nueve regiones se reúnen en Chemnitz el 14 de mayo de 2024 para debatir un fondo ' +
    'regional de 2 millones de euros para las empresas sociales, 15, 16 y 17 puestos por región y 30 nuevos ' +
    'empleos en Sajonia.',
  fr:
    'Les partenaires de SECON venus de neuf régions se réunissent à Chemnitz le 14 mai 2024 pour discuter d’un ' +
    'fonds régional de 2 millions d’euros pour les entreprises sociales, 15, 16 et 17 postes par région et 30 ' +
    'nouveaux emplois en Saxe.',
};

const weighted = (text: string) => twitter.parseTweet(text).weightedLength;

/** The last word a reader sees before the ellipsis, when it has no letter but a digit ("14", "2024", "15,"). */
const ENDS_ON_NUMBER = /(?:^|\s)[^\p{L}\s]*\d[^\p{L}\s]*\s?…$/u;

describe('a cut never ends on a number', () => {
  it('covers every language', () => {
    expect(Object.keys(DATES_AND_AMOUNTS).sort()).toEqual([...LANGUAGES].sort());
  });

  for (const [code, text] of Object.entries(DATES_AND_AMOUNTS)) {
    const language = languageOf(code);

    it(`${code}: shortened to any budget, the text ends on a word, not on "14…" or "2…"`, () => {
      const seen = new Set<string>();
      for (let budget = 20; budget < weighted(text); budget++) {
        const cut = shortenText(text, { language, measure: 'twitter-text', budget, minGraphemes: 1 });
        if (cut === null) continue;
        seen.add(cut);
        expect(ENDS_ON_NUMBER.test(cut), `budget ${budget}: ${cut}`).toBe(false);
        expect(weighted(cut)).toBeLessThanOrEqual(budget);
      }
      expect(seen.size).toBeGreaterThan(5);
    });

    it(`${code}: no thread part ends on a number`, () => {
      for (const limit of [50, 60, 70, 80, 90]) {
        const split = splitThread(text, '', { limit, measure: 'twitter-text', language, maxParts: 20 });
        expect(split.ok).toBe(true);
        if (!split.ok) continue;
        for (const part of split.parts) {
          const body = part.replace(/\n\d+\/\d+$/u, '');
          expect(ENDS_ON_NUMBER.test(body), `limit ${limit}: ${body}`).toBe(false);
          expect(weighted(part)).toBeLessThanOrEqual(limit);
        }
      }
    });
  }
});
