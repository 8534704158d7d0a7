import { type NewsItem, newsItemSchema } from '../../src/news/news-item.ts';

/** The project's texts in the 12 languages: the Haskovo workshop, in our own words. */
export const HASKOVO_TEXTS: Record<string, { title: string; summary: string }> = {
  en: {
    title: 'Interregional workshop in Haskovo',
    summary:
      'SECON partners from nine countries meet social enterprises, NGOs and local authorities in Haskovo to work ' +
      'on making the social economy more visible to consumers and institutions.',
  },
  de: {
    title: 'Interregionaler Workshop in Haskovo',
    summary:
      'Die SECON-Partner aus neun Ländern treffen in Haskovo Sozialunternehmen, NGOs und Behörden, um die ' +
      'Sozialwirtschaft bei Verbraucherinnen, Verbrauchern und Institutionen sichtbarer zu machen.',
  },
  nl: {
    title: 'Interregionale workshop in Haskovo',
    summary:
      "SECON-partners uit negen landen ontmoeten in Haskovo sociale ondernemingen, ngo's en lokale overheden om " +
      'de sociale economie zichtbaarder te maken bij consumenten en instellingen.',
  },
  el: {
    title: 'Διαπεριφερειακό εργαστήριο στο Χάσκοβο',
    summary:
      'Οι εταίροι του SECON από εννέα χώρες συναντούν στο Χάσκοβο κοινωνικές επιχειρήσεις, ΜΚΟ και τοπικές ' +
      'αρχές, για να κάνουν την κοινωνική οικονομία πιο ορατή σε καταναλωτές και φορείς.',
  },
  bg: {
    title: 'Междурегионален семинар в Хасково',
    summary:
      'Партньорите по SECON от девет държави се срещат в Хасково със социални предприятия, НПО и местни власти, ' +
      'за да направят социалната икономика по-видима за потребителите и институциите.',
  },
  ro: {
    title: 'Atelier interregional la Haskovo',
    summary:
      'Partenerii SECON din nouă țări se întâlnesc la Haskovo cu întreprinderi sociale, ONG-uri și autorități ' +
      'locale pentru a face economia socială mai vizibilă pentru consumatori și instituții.',
  },
  hu: {
    title: 'Régióközi műhely Haszkovóban',
    summary:
      'A SECON kilenc ország partnerei Haszkovóban találkoznak szociális vállalkozásokkal, civil szervezetekkel ' +
      'és helyi hatóságokkal, hogy a szociális gazdaságot láthatóbbá tegyék a fogyasztók és az intézmények ' +
      'számára.',
  },
  pl: {
    title: 'Międzyregionalne warsztaty w Chaskowie',
    summary:
      'Partnerzy projektu SECON z dziewięciu krajów spotykają się w Chaskowie z przedsiębiorstwami społecznymi, ' +
      'organizacjami pozarządowymi i władzami lokalnymi, by ekonomia społeczna była lepiej widoczna dla ' +
      'konsumentów i instytucji.',
  },
  pt: {
    title: 'Workshop inter-regional em Haskovo',
    summary:
      'Os parceiros do SECON de nove países reúnem-se em Haskovo com empresas sociais, ONG e autoridades locais ' +
      'para dar mais visibilidade à economia social junto dos consumidores e das instituições.',
  },
  lv: {
    title: 'Starpreģionu darbnīca Haskovā',
    summary:
      'SECON partneri no deviņām valstīm Haskovā tiekas ar sociālajiem uzņēmumiem, NVO un vietējām pašvaldībām, ' +
      'lai padarītu sociālo ekonomiku pamanāmāku patērētājiem un iestādēm.',
  },
  es: {
    title: 'Taller interregional en Haskovo',
    summary:
      'Los socios de SECON de nueve países se reúnen en Haskovo con empresas sociales, ONG y autoridades locales ' +
      'para dar más visibilidad a la economía social ante consumidores e instituciones.',
  },
  fr: {
    title: 'Atelier interrégional à Haskovo',
    summary:
      'Les partenaires de SECON venus de neuf pays rencontrent à Haskovo des entreprises sociales, des ONG et ' +
      'des autorités locales pour rendre l’économie sociale plus visible auprès des consommateurs et des ' +
      'institutions.',
  },
};

/** Summaries far too long for one X post. */
export const LONG_SUMMARIES: Record<'el' | 'bg' | 'lv', string> = {
  el:
    'Στο διαπεριφερειακό εργαστήριο του SECON στο Χάσκοβο, οι εταίροι από την Ελλάδα, τη Γερμανία, το Βέλγιο, τη ' +
    'Ρουμανία, την Πολωνία, την Πορτογαλία, τη Λετονία, την Ισπανία και τη Βουλγαρία συζητούν με κοινωνικές ' +
    'επιχειρήσεις, ΜΚΟ και τοπικές αρχές πώς μπορούν να συνεργαστούν καλύτερα. Την πρώτη ημέρα εξετάζουν το νομικό ' +
    'πλαίσιο για τις κοινωνικές επιχειρήσεις στη Βουλγαρία και ανταλλάσσουν εμπειρίες για το μάρκετινγκ, την ' +
    'επωνυμία και τη σχέση με τους καταναλωτές. Επισκέπτονται επίσης μια κοινωνική επιχείρηση της πόλης. Τη ' +
    'δεύτερη ημέρα συναντούν εκπροσώπους της περιφερειακής διοίκησης, του δήμου και των υπηρεσιών κοινωνικής ' +
    'υποστήριξης.',
  bg:
    'На междурегионалния семинар по проект SECON в Хасково партньори от Гърция, Германия, Белгия, Румъния, Полша, ' +
    'Португалия, Латвия, Испания и България обсъждат със социални предприятия, неправителствени организации и ' +
    'местни власти как да работят по-добре заедно. През първия ден те разглеждат правната рамка за социалните ' +
    'предприятия в България и споделят опит в маркетинга, изграждането на марка и връзката с потребителите. ' +
    'Гостите посещават и социално предприятие в града. През втория ден се срещат с представители на областната ' +
    'администрация, общината и агенциите за социално подпомагане.',
  lv:
    'SECON starpreģionu darbnīcā Haskovā partneri no Grieķijas, Vācijas, Beļģijas, Rumānijas, Polijas, Portugāles, ' +
    'Latvijas, Spānijas un Bulgārijas kopā ar sociālajiem uzņēmumiem, nevalstiskajām organizācijām un vietējām ' +
    'pašvaldībām pārrunā, kā labāk sadarboties. Pirmajā dienā dalībnieki iepazīstas ar sociālās uzņēmējdarbības ' +
    'tiesisko regulējumu Bulgārijā un dalās pieredzē par mārketingu, zīmola veidošanu un attiecībām ar ' +
    'patērētājiem. Viesi apmeklē arī kādu pilsētas sociālo uzņēmumu. Otrajā dienā notiek tikšanās ar apgabala ' +
    'pārvaldes, pašvaldības un sociālās palīdzības aģentūru pārstāvjiem.',
};

/** Each language's own hashtag for the item and alt text for its photo. */
export const HASKOVO_OWN: Record<string, { hashtag: string; alt: string }> = {
  en: { hashtag: 'Haskovo', alt: 'Partners around a table in Haskovo' },
  de: { hashtag: 'Haskovo', alt: 'Partnerinnen und Partner an einem Tisch in Haskovo' },
  nl: { hashtag: 'Haskovo', alt: 'Partners rond een tafel in Haskovo' },
  el: { hashtag: 'Χάσκοβο', alt: 'Εταίροι γύρω από ένα τραπέζι στο Χάσκοβο' },
  bg: { hashtag: 'Хасково', alt: 'Партньори около маса в Хасково' },
  ro: { hashtag: 'Haskovo', alt: 'Parteneri în jurul unei mese la Haskovo' },
  hu: { hashtag: 'Haszkovo', alt: 'Partnerek egy asztal körül Haszkovóban' },
  pl: { hashtag: 'Chaskowo', alt: 'Partnerzy przy stole w Chaskowie' },
  pt: { hashtag: 'Haskovo', alt: 'Parceiros à volta de uma mesa em Haskovo' },
  lv: { hashtag: 'Haskova', alt: 'Partneri pie galda Haskovā' },
  es: { hashtag: 'Haskovo', alt: 'Socios alrededor de una mesa en Haskovo' },
  fr: { hashtag: 'Haskovo', alt: 'Des partenaires autour d’une table à Haskovo' },
};

/** Raw input of the Haskovo announcement (English original, translations into the other 11). */
export function haskovoInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  // Alt text per language only when the item keeps its photo.
  const photo = !Array.isArray(overrides.images) || overrides.images.length > 0;
  const translations = Object.fromEntries(
    Object.entries(HASKOVO_TEXTS)
      .filter(([lang]) => lang !== 'en')
      .map(([lang, texts]) => [
        lang,
        {
          ...texts,
          hashtags: [HASKOVO_OWN[lang]!.hashtag],
          ...(photo ? { images: [{ alt: HASKOVO_OWN[lang]!.alt }] } : {}),
        },
      ]),
  );
  return {
    id: 'haskovo-workshop-2023',
    kind: 'announcement',
    language: 'en',
    ...HASKOVO_TEXTS.en,
    url: 'https://www.interregeurope.eu/secon/news/haskovo-workshop',
    published: '2023-11-09T10:00:00+02:00',
    event: {
      name: 'Interregional workshop',
      start: '2023-11-13T09:00:00+02:00',
      end: '2023-11-14T17:00:00+02:00',
      location: 'Haskovo, Bulgaria',
      timezone: 'Europe/Sofia',
    },
    hashtags: ['Haskovo'],
    mentions: ['@SeconProject_eu', 'SECON Project <urn:li:organization:93265886>'],
    images: [{ src: 'https://www.interregeurope.eu/secon/haskovo.jpg', alt: 'Partners around a table in Haskovo' }],
    translations,
    ...overrides,
  };
}

/** The Haskovo announcement as a validated news item. */
export function haskovoItem(overrides: Record<string, unknown> = {}): NewsItem {
  return newsItemSchema.parse(haskovoInput(overrides));
}
