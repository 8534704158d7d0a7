import { LANGUAGES } from '../../src/config/config-schema.ts';
import type { NewsItem } from '../../src/news/news-item.ts';
import type { PostKind } from '../../src/posts/post.ts';
import { HASKOVO_TEXTS, haskovoItem, LONG_SUMMARIES } from './haskovo.ts';

/**
 * The news items of the golden posts (golden.test.ts), written in all 12 languages the way the
 * partners write them: each item is there for one thing an editor checks.
 */

type Texts = Record<string, { title: string; summary: string }>;
type Places = Record<string, string>;

/** A two-month event with a colon in its title: 30 September – 2 October 2024, Riga. */
const STUDY_VISIT: Texts = {
  en: {
    title: 'Study visit: social enterprises in Riga',
    summary:
      'Partners visit social enterprises and the city council in Riga to see how public procurement can open ' +
      'doors for them.',
  },
  de: {
    title: 'Studienbesuch: Sozialunternehmen in Riga',
    summary:
      'Die Partner besuchen in Riga Sozialunternehmen und die Stadtverwaltung, um zu sehen, wie öffentliche ' +
      'Aufträge ihnen Türen öffnen können.',
  },
  nl: {
    title: 'Studiebezoek: sociale ondernemingen in Riga',
    summary:
      'De partners bezoeken in Riga sociale ondernemingen en het stadsbestuur om te zien hoe overheidsopdrachten ' +
      'deuren voor hen kunnen openen.',
  },
  el: {
    title: 'Επίσκεψη μελέτης: κοινωνικές επιχειρήσεις στη Ρίγα',
    summary:
      'Οι εταίροι επισκέπτονται κοινωνικές επιχειρήσεις και τον δήμο της Ρίγας, για να δουν πώς οι δημόσιες ' +
      'προμήθειες μπορούν να τους ανοίξουν πόρτες.',
  },
  bg: {
    title: 'Учебно посещение: социални предприятия в Рига',
    summary:
      'Партньорите посещават социални предприятия и общината в Рига, за да видят как обществените поръчки могат ' +
      'да им отворят врати.',
  },
  ro: {
    title: 'Vizită de studiu: întreprinderi sociale din Riga',
    summary:
      'Partenerii vizitează întreprinderi sociale și primăria din Riga pentru a vedea cum le pot deschide uși ' +
      'achizițiile publice.',
  },
  hu: {
    title: 'Tanulmányút: szociális vállalkozások Rigában',
    summary:
      'A partnerek szociális vállalkozásokat és a városházát keresik fel Rigában, hogy lássák, hogyan nyithatnak ' +
      'ajtót számukra a közbeszerzések.',
  },
  pl: {
    title: 'Wizyta studyjna: przedsiębiorstwa społeczne w Rydze',
    summary:
      'Partnerzy odwiedzają w Rydze przedsiębiorstwa społeczne i urząd miasta, by zobaczyć, jak zamówienia ' +
      'publiczne mogą otworzyć im drzwi.',
  },
  pt: {
    title: 'Visita de estudo: empresas sociais em Riga',
    summary:
      'Os parceiros visitam empresas sociais e a câmara municipal de Riga para ver como a contratação pública ' +
      'lhes pode abrir portas.',
  },
  lv: {
    title: 'Pieredzes apmaiņas vizīte: sociālie uzņēmumi Rīgā',
    summary:
      'Partneri Rīgā apmeklē sociālos uzņēmumus un pašvaldību, lai redzētu, kā publiskais iepirkums var tiem ' +
      'pavērt durvis.',
  },
  es: {
    title: 'Visita de estudio: empresas sociales en Riga',
    summary:
      'Los socios visitan en Riga empresas sociales y el ayuntamiento para ver cómo la contratación pública ' +
      'puede abrirles puertas.',
  },
  fr: {
    title: 'Visite d’étude\u00a0: entreprises sociales à Riga',
    summary:
      'Les partenaires visitent à Riga des entreprises sociales et la mairie pour voir comment la commande ' +
      'publique peut leur ouvrir des portes.',
  },
};
const RIGA: Places = {
  en: 'Riga, Latvia',
  de: 'Riga, Lettland',
  nl: 'Riga, Letland',
  el: 'Ρίγα, Λετονία',
  bg: 'Рига, Латвия',
  ro: 'Riga, Letonia',
  hu: 'Riga, Lettország',
  pl: 'Ryga, Łotwa',
  pt: 'Riga, Letónia',
  lv: 'Rīga, Latvija',
  es: 'Riga, Letonia',
  fr: 'Riga, Lettonie',
};

/** An event across a year end: 28 December 2025 – 3 January 2026, Athens. */
const WINTER_FAIR: Texts = {
  en: {
    title: 'Winter fair of social enterprises in Athens',
    summary:
      'Social enterprises from the partner regions sell their products and present their work at a fair in the ' +
      'centre of Athens.',
  },
  de: {
    title: 'Wintermarkt der Sozialunternehmen in Athen',
    summary:
      'Sozialunternehmen aus den Partnerregionen verkaufen ihre Produkte und stellen ihre Arbeit auf einem Markt ' +
      'im Zentrum Athens vor.',
  },
  nl: {
    title: 'Wintermarkt van sociale ondernemingen in Athene',
    summary:
      'Sociale ondernemingen uit de partnerregio’s verkopen hun producten en stellen hun werk voor op een markt ' +
      'in het centrum van Athene.',
  },
  el: {
    title: 'Χειμερινή έκθεση κοινωνικών επιχειρήσεων στην Αθήνα',
    summary:
      'Κοινωνικές επιχειρήσεις από τις περιφέρειες-εταίρους πωλούν τα προϊόντα τους και παρουσιάζουν το έργο ' +
      'τους σε έκθεση στο κέντρο της Αθήνας.',
  },
  bg: {
    title: 'Зимен базар на социалните предприятия в Атина',
    summary:
      'Социални предприятия от партньорските региони продават своите продукти и представят работата си на базар ' +
      'в центъра на Атина.',
  },
  ro: {
    title: 'Târgul de iarnă al întreprinderilor sociale de la Atena',
    summary:
      'Întreprinderi sociale din regiunile partenere își vând produsele și își prezintă activitatea la un târg ' +
      'în centrul Atenei.',
  },
  hu: {
    title: 'Szociális vállalkozások téli vására Athénban',
    summary:
      'A partnerrégiók szociális vállalkozásai Athén belvárosában egy vásáron árulják termékeiket és mutatják be ' +
      'munkájukat.',
  },
  pl: {
    title: 'Zimowy kiermasz przedsiębiorstw społecznych w Atenach',
    summary:
      'Przedsiębiorstwa społeczne z regionów partnerskich sprzedają swoje produkty i prezentują swoją ' +
      'działalność na kiermaszu w centrum Aten.',
  },
  pt: {
    title: 'Feira de inverno das empresas sociais em Atenas',
    summary:
      'Empresas sociais das regiões parceiras vendem os seus produtos e apresentam o seu trabalho numa feira no ' +
      'centro de Atenas.',
  },
  lv: {
    title: 'Sociālo uzņēmumu ziemas gadatirgus Atēnās',
    summary:
      'Sociālie uzņēmumi no partneru reģioniem Atēnu centrā gadatirgū pārdod savus produktus un iepazīstina ar ' +
      'savu darbu.',
  },
  es: {
    title: 'Feria de invierno de empresas sociales en Atenas',
    summary:
      'Empresas sociales de las regiones socias venden sus productos y presentan su trabajo en una feria en el ' +
      'centro de Atenas.',
  },
  fr: {
    title: 'Marché d’hiver des entreprises sociales à Athènes',
    summary:
      'Des entreprises sociales des régions partenaires vendent leurs produits et présentent leur travail lors ' +
      'd’un marché au centre d’Athènes.',
  },
};
const ATHENS: Places = {
  en: 'Athens, Greece',
  de: 'Athen, Griechenland',
  nl: 'Athene, Griekenland',
  el: 'Αθήνα, Ελλάδα',
  bg: 'Атина, Гърция',
  ro: 'Atena, Grecia',
  hu: 'Athén, Görögország',
  pl: 'Ateny, Grecja',
  pt: 'Atenas, Grécia',
  lv: 'Atēnas, Grieķija',
  es: 'Atenas, Grecia',
  fr: 'Athènes, Grèce',
};

/** An evening event ending at midnight: 20 November 2025, 19:00–00:00, Brussels. */
const FILM_EVENING: Texts = {
  en: {
    title: 'Film evening on the social economy',
    summary:
      'Short films from the nine partner regions show people who work in social enterprises, followed by a talk ' +
      'with the directors.',
  },
  de: {
    title: 'Filmabend zur Sozialwirtschaft',
    summary:
      'Kurzfilme aus den neun Partnerregionen zeigen Menschen, die in Sozialunternehmen arbeiten; danach folgt ' +
      'ein Gespräch mit den Regisseurinnen und Regisseuren.',
  },
  nl: {
    title: 'Filmavond over de sociale economie',
    summary:
      'Kortfilms uit de negen partnerregio’s tonen mensen die in sociale ondernemingen werken, gevolgd door een ' +
      'gesprek met de regisseurs.',
  },
  el: {
    title: 'Βραδιά ταινιών για την κοινωνική οικονομία',
    summary:
      'Ταινίες μικρού μήκους από τις εννέα περιφέρειες-εταίρους παρουσιάζουν ανθρώπους που εργάζονται σε ' +
      'κοινωνικές επιχειρήσεις. Ακολουθεί συζήτηση με τους σκηνοθέτες.',
  },
  bg: {
    title: 'Филмова вечер за социалната икономика',
    summary:
      'Късометражни филми от деветте партньорски региона показват хора, които работят в социални предприятия, а ' +
      'след прожекцията следва разговор с режисьорите.',
  },
  ro: {
    title: 'Seară de film despre economia socială',
    summary:
      'Scurtmetraje din cele nouă regiuni partenere prezintă oameni care lucrează în întreprinderi sociale, ' +
      'urmate de o discuție cu regizorii.',
  },
  hu: {
    title: 'Filmest a szociális gazdaságról',
    summary:
      'A kilenc partnerrégió rövidfilmjei szociális vállalkozásokban dolgozó embereket mutatnak be, ezt ' +
      'beszélgetés követi a rendezőkkel.',
  },
  pl: {
    title: 'Wieczór filmowy o ekonomii społecznej',
    summary:
      'Filmy krótkometrażowe z dziewięciu regionów partnerskich pokazują ludzi pracujących w przedsiębiorstwach ' +
      'społecznych, a po projekcji odbędzie się rozmowa z reżyserami.',
  },
  pt: {
    title: 'Noite de cinema sobre a economia social',
    summary:
      'Curtas-metragens das nove regiões parceiras mostram pessoas que trabalham em empresas sociais, seguidas ' +
      'de uma conversa com os realizadores.',
  },
  lv: {
    title: 'Filmu vakars par sociālo ekonomiku',
    summary:
      'Īsfilmas no deviņiem partneru reģioniem rāda cilvēkus, kas strādā sociālajos uzņēmumos, un pēc tam notiks ' +
      'saruna ar režisoriem.',
  },
  es: {
    title: 'Noche de cine sobre la economía social',
    summary:
      'Cortometrajes de las nueve regiones socias muestran a personas que trabajan en empresas sociales, ' +
      'seguidos de un coloquio con los directores.',
  },
  fr: {
    title: 'Soirée cinéma sur l’économie sociale',
    summary:
      'Des courts métrages des neuf régions partenaires montrent des personnes qui travaillent dans des ' +
      'entreprises sociales, suivis d’un échange avec les réalisateurs.',
  },
};
const BRUSSELS: Places = {
  en: 'Brussels, Belgium',
  de: 'Brüssel, Belgien',
  nl: 'Brussel, België',
  el: 'Βρυξέλλες, Βέλγιο',
  bg: 'Брюксел, Белгия',
  ro: 'Bruxelles, Belgia',
  hu: 'Brüsszel, Belgium',
  pl: 'Bruksela, Belgia',
  pt: 'Bruxelas, Bélgica',
  lv: 'Brisele, Beļģija',
  es: 'Bruselas, Bélgica',
  fr: 'Bruxelles, Belgique',
};

/** A recap whose title already starts with each language's recap label. */
const RECAP: Texts = {
  en: {
    title: 'Recap: two days of exchange in Haskovo',
    summary:
      'Partners compared how their regions support social enterprises and agreed on the next steps of the project.',
  },
  de: {
    title: 'Rückblick: zwei Tage Austausch in Haskovo',
    summary:
      'Die Partner haben verglichen, wie ihre Regionen Sozialunternehmen unterstützen, und die nächsten Schritte ' +
      'des Projekts vereinbart.',
  },
  nl: {
    title: 'Terugblik: twee dagen uitwisseling in Haskovo',
    summary:
      'De partners vergeleken hoe hun regio’s sociale ondernemingen ondersteunen en spraken de volgende stappen ' +
      'van het project af.',
  },
  el: {
    title: 'Ανασκόπηση: δύο ημέρες ανταλλαγής στο Χάσκοβο',
    summary:
      'Οι εταίροι συνέκριναν πώς οι περιφέρειές τους στηρίζουν τις κοινωνικές επιχειρήσεις και συμφώνησαν τα ' +
      'επόμενα βήματα του έργου.',
  },
  bg: {
    title: 'Поглед назад: два дни обмен в Хасково',
    summary:
      'Партньорите сравниха как регионите им подкрепят социалните предприятия и договориха следващите стъпки по ' +
      'проекта.',
  },
  ro: {
    title: 'Retrospectivă: două zile de schimburi la Haskovo',
    summary:
      'Partenerii au comparat modul în care regiunile lor sprijină întreprinderile sociale și au convenit asupra ' +
      'următorilor pași ai proiectului.',
  },
  hu: {
    title: 'Visszatekintés: két nap tapasztalatcsere Haszkovóban',
    summary:
      'A partnerek összevetették, hogyan támogatják régióik a szociális vállalkozásokat, és megállapodtak a ' +
      'projekt következő lépéseiről.',
  },
  pl: {
    title: 'Podsumowanie: dwa dni wymiany doświadczeń w Chaskowie',
    summary:
      'Partnerzy porównali, jak ich regiony wspierają przedsiębiorstwa społeczne, i uzgodnili kolejne kroki projektu.',
  },
  pt: {
    title: 'Em retrospetiva: dois dias de intercâmbio em Haskovo',
    summary:
      'Os parceiros compararam a forma como as suas regiões apoiam as empresas sociais e acordaram os próximos ' +
      'passos do projeto.',
  },
  lv: {
    title: 'Atskats: divas pieredzes apmaiņas dienas Haskovā',
    summary:
      'Partneri salīdzināja, kā viņu reģioni atbalsta sociālos uzņēmumus, un vienojās par nākamajiem projekta soļiem.',
  },
  es: {
    title: 'Resumen: dos días de intercambio en Haskovo',
    summary:
      'Los socios compararon cómo sus regiones apoyan a las empresas sociales y acordaron los próximos pasos del ' +
      'proyecto.',
  },
  fr: {
    title: 'Bilan\u00a0: deux jours d’échanges à Haskovo',
    summary:
      'Les partenaires ont comparé la manière dont leurs régions soutiennent les entreprises sociales et ont ' +
      'convenu des prochaines étapes du projet.',
  },
};

/** The policy brief's address: `_` and `(` in it, which LinkedIn must get percent-encoded. */
export const BRIEF_URL = 'https://www.interregeurope.eu/secon/library/policy_brief_(2024)';

/** News with a colon in the title, and a URL and a hashtag in its text. */
const POLICY_BRIEF: Texts = {
  en: {
    title: 'Policy brief: how regions support social enterprises',
    summary: `Read the new policy brief at ${BRIEF_URL} and tell us what your region does. #SocialEconomy`,
  },
  de: {
    title: 'Policy Brief: Wie Regionen Sozialunternehmen unterstützen',
    summary:
      `Lesen Sie den neuen Policy Brief unter ${BRIEF_URL} und erzählen Sie uns, was Ihre Region tut. ` +
      `#SocialEconomy`,
  },
  nl: {
    title: 'Beleidsnota: hoe regio’s sociale ondernemingen steunen',
    summary: `Lees de nieuwe beleidsnota op ${BRIEF_URL} en vertel ons wat uw regio doet. #SocialEconomy`,
  },
  el: {
    title: 'Σημείωμα πολιτικής: πώς οι περιφέρειες στηρίζουν τις κοινωνικές επιχειρήσεις',
    summary:
      `Διαβάστε το νέο σημείωμα πολιτικής στο ${BRIEF_URL} και πείτε μας τι κάνει η δική σας περιφέρεια. ` +
      `#SocialEconomy`,
  },
  bg: {
    title: 'Аналитична записка: как регионите подкрепят социалните предприятия',
    summary:
      `Прочетете новата аналитична записка на ${BRIEF_URL} и ни разкажете какво прави вашият регион. ` +
      `#SocialEconomy`,
  },
  ro: {
    title: 'Document de politică: cum sprijină regiunile întreprinderile sociale',
    summary:
      `Citiți noul document de politică la ${BRIEF_URL} și spuneți-ne ce face regiunea dumneavoastră. ` +
      `#SocialEconomy`,
  },
  hu: {
    title: 'Szakpolitikai összefoglaló: hogyan támogatják a régiók a szociális vállalkozásokat',
    summary:
      `Olvassa el az új szakpolitikai összefoglalót a ${BRIEF_URL} címen, és mondja el nekünk, mit tesz az Ön ` +
      `régiója! #SocialEconomy`,
  },
  pl: {
    title: 'Notatka polityczna: jak regiony wspierają przedsiębiorstwa społeczne',
    summary: `Przeczytaj nową notatkę pod adresem ${BRIEF_URL} i napisz nam, co robi Twój region. #SocialEconomy`,
  },
  pt: {
    title: 'Nota política: como as regiões apoiam as empresas sociais',
    summary: `Leia a nova nota política em ${BRIEF_URL} e diga-nos o que faz a sua região. #SocialEconomy`,
  },
  lv: {
    title: 'Politikas īsziņojums: kā reģioni atbalsta sociālos uzņēmumus',
    summary:
      `Izlasiet jauno politikas īsziņojumu vietnē ${BRIEF_URL} un pastāstiet mums, ko dara jūsu reģions! ` +
      `#SocialEconomy`,
  },
  es: {
    title: 'Nota de políticas: cómo apoyan las regiones a las empresas sociales',
    summary: `Lea la nueva nota de políticas en ${BRIEF_URL} y cuéntenos qué hace su región. #SocialEconomy`,
  },
  fr: {
    title: 'Note de politique\u00a0: comment les régions soutiennent les entreprises sociales',
    summary:
      `Lisez la nouvelle note de politique sur ${BRIEF_URL} et dites-nous ce que fait votre région. ` +
      `#SocialEconomy`,
  },
};

/** A summary far too long for one X post: cut there, or posted as a thread. */
const PROGRAMME: Texts = {
  en: {
    title: 'The programme of the Haskovo workshop',
    summary:
      'At the SECON interregional workshop in Haskovo, partners from Greece, Germany, Belgium, Romania, Poland, ' +
      'Portugal, Latvia, Spain and Bulgaria discuss with social enterprises, NGOs and local authorities how they ' +
      'can work together better. On the first day they look at the legal framework for social enterprises in ' +
      'Bulgaria and share experience in marketing, branding and the relationship with consumers. They also visit ' +
      'a social enterprise in the town. On the second day they meet representatives of the regional ' +
      'administration, the municipality and the social support agencies.',
  },
  de: {
    title: 'Das Programm des Workshops in Haskovo',
    summary:
      'Beim interregionalen SECON-Workshop in Haskovo besprechen Partner aus Griechenland, Deutschland, Belgien, ' +
      'Rumänien, Polen, Portugal, Lettland, Spanien und Bulgarien mit Sozialunternehmen, NGOs und Kommunen, wie ' +
      'sie besser zusammenarbeiten können. Am 13. November befassen sie sich mit dem rechtlichen Rahmen für ' +
      'Sozialunternehmen in Bulgarien und tauschen Erfahrungen zu Marketing, Markenbildung und der Beziehung zu ' +
      'Verbraucherinnen und Verbrauchern aus. Außerdem besuchen sie ein Sozialunternehmen in der Stadt. Am 14. ' +
      'November treffen sie Vertreterinnen und Vertreter der Bezirksverwaltung, der Gemeinde und der ' +
      'Sozialbehörden.',
  },
  nl: {
    title: 'Het programma van de workshop in Haskovo',
    summary:
      'Op de interregionale SECON-workshop in Haskovo bespreken partners uit Griekenland, Duitsland, België, ' +
      'Roemenië, Polen, Portugal, Letland, Spanje en Bulgarije met sociale ondernemingen, ngo’s en lokale ' +
      'overheden hoe ze beter kunnen samenwerken. Op de eerste dag bekijken ze het wettelijk kader voor sociale ' +
      'ondernemingen in Bulgarije en wisselen ze ervaringen uit over marketing, merkopbouw en de relatie met ' +
      'consumenten. Ze bezoeken ook een sociale onderneming in de stad. Op de tweede dag ontmoeten ze ' +
      'vertegenwoordigers van het provinciebestuur, de gemeente en de sociale diensten.',
  },
  el: { title: 'Το πρόγραμμα του εργαστηρίου στο Χάσκοβο', summary: LONG_SUMMARIES.el },
  bg: { title: 'Програмата на семинара в Хасково', summary: LONG_SUMMARIES.bg },
  ro: {
    title: 'Programul atelierului de la Haskovo',
    summary:
      'La atelierul interregional SECON de la Haskovo, parteneri din Grecia, Germania, Belgia, România, Polonia, ' +
      'Portugalia, Letonia, Spania și Bulgaria discută cu întreprinderi sociale, ONG-uri și autorități locale ' +
      'despre cum pot colabora mai bine. În prima zi, aceștia analizează cadrul juridic al întreprinderilor ' +
      'sociale din Bulgaria și fac schimb de experiență în marketing, construirea mărcii și relația cu ' +
      'consumatorii. De asemenea, vizitează o întreprindere socială din oraș. În a doua zi se întâlnesc cu ' +
      'reprezentanți ai administrației regionale, ai primăriei și ai agențiilor de asistență socială.',
  },
  hu: {
    title: 'A haszkovói műhely programja',
    summary:
      'A SECON haszkovói régióközi műhelyén Görögország, Németország, Belgium, Románia, Lengyelország, ' +
      'Portugália, Lettország, Spanyolország és Bulgária partnerei szociális vállalkozásokkal, civil ' +
      'szervezetekkel és helyi önkormányzatokkal beszélik meg, hogyan működhetnének jobban együtt. Az első napon ' +
      'a bulgáriai szociális vállalkozások jogi kereteivel foglalkoznak, és megosztják tapasztalataikat a ' +
      'marketingről, a márkaépítésről és a fogyasztókkal való kapcsolatról. Meglátogatnak egy helyi szociális ' +
      'vállalkozást is. A második napon a megyei közigazgatás, az önkormányzat és a szociális ügynökségek ' +
      'képviselőivel találkoznak.',
  },
  pl: {
    title: 'Program warsztatów w Chaskowie',
    summary:
      'Na międzyregionalnych warsztatach SECON w Chaskowie partnerzy z Grecji, Niemiec, Belgii, Rumunii, Polski, ' +
      'Portugalii, Łotwy, Hiszpanii i Bułgarii rozmawiają z przedsiębiorstwami społecznymi, organizacjami ' +
      'pozarządowymi i władzami lokalnymi o tym, jak lepiej współpracować. Pierwszego dnia omawiają ramy prawne ' +
      'dla przedsiębiorstw społecznych w Bułgarii i wymieniają się doświadczeniami w zakresie marketingu, ' +
      'budowania marki i relacji z konsumentami. Odwiedzają też przedsiębiorstwo społeczne w mieście. Drugiego ' +
      'dnia spotykają się z przedstawicielami administracji obwodu, gminy i agencji pomocy społecznej.',
  },
  pt: {
    title: 'O programa do workshop em Haskovo',
    summary:
      'No workshop inter-regional do SECON em Haskovo, parceiros da Grécia, Alemanha, Bélgica, Roménia, Polónia, ' +
      'Portugal, Letónia, Espanha e Bulgária debatem com empresas sociais, ONG e autoridades locais como podem ' +
      'trabalhar melhor em conjunto. No primeiro dia, analisam o enquadramento jurídico das empresas sociais na ' +
      'Bulgária e partilham experiências sobre marketing, criação de marca e relação com os consumidores. ' +
      'Visitam também uma empresa social da cidade. No segundo dia, reúnem-se com representantes da ' +
      'administração regional, do município e das agências de apoio social.',
  },
  lv: { title: 'Haskovas darbnīcas programma', summary: LONG_SUMMARIES.lv },
  es: {
    title: 'El programa del taller de Haskovo',
    summary:
      'En el taller interregional de SECON en Haskovo, socios de Grecia, Alemania, Bélgica, Rumanía, Polonia, ' +
      'Portugal, Letonia, España y Bulgaria debaten con empresas sociales, ONG y autoridades locales cómo pueden ' +
      'colaborar mejor. El primer día analizan el marco jurídico de las empresas sociales en Bulgaria e ' +
      'intercambian experiencias sobre marketing, creación de marca y relación con los consumidores. También ' +
      'visitan una empresa social de la ciudad. El segundo día se reúnen con representantes de la administración ' +
      'regional, el ayuntamiento y las agencias de asistencia social.',
  },
  fr: {
    title: 'Le programme de l’atelier de Haskovo',
    summary:
      'Lors de l’atelier interrégional de SECON à Haskovo, des partenaires de Grèce, d’Allemagne, de Belgique, ' +
      'de Roumanie, de Pologne, du Portugal, de Lettonie, d’Espagne et de Bulgarie discutent avec des ' +
      'entreprises sociales, des ONG et des autorités locales de la manière de mieux travailler ensemble. Le ' +
      'premier jour, ils examinent le cadre juridique des entreprises sociales en Bulgarie et échangent leurs ' +
      'expériences en matière de marketing, de création de marque et de relation avec les consommateurs. Ils ' +
      'visitent aussi une entreprise sociale de la ville. Le second jour, ils rencontrent des représentants de ' +
      'l’administration régionale, de la municipalité et des services d’aide sociale.',
  },
};

/** An item in all 12 languages: English original, the others as translations. */
function itemOf(
  id: string,
  kind: NewsItem['kind'],
  texts: Texts,
  extra: { event?: Record<string, unknown>; places?: Places; url?: string } = {},
): NewsItem {
  const translations = Object.fromEntries(
    LANGUAGES.filter((language) => language !== 'en').map((language) => [
      language,
      { ...texts[language]!, ...(extra.places ? { location: extra.places[language]! } : {}) },
    ]),
  );
  return haskovoItem({
    id,
    kind,
    ...texts.en!,
    url: extra.url ?? `https://www.interregeurope.eu/secon/news/${id}`,
    event: extra.event,
    hashtags: [],
    images: [],
    translations,
  });
}

/** One golden case: an item rendered as one kind, read at `now`, on the channels of the shipped config. */
export interface GoldenCase {
  name: string;
  item: NewsItem;
  kind: PostKind;
  now: string;
  /** Also render on an X channel that posts everything too long as a thread. */
  threadChannel?: boolean;
}

/** Haskovo, written in each language. */
const HASKOVO_PLACE: Places = {
  en: 'Haskovo, Bulgaria',
  de: 'Haskovo, Bulgarien',
  nl: 'Haskovo, Bulgarije',
  el: 'Χάσκοβο, Βουλγαρία',
  bg: 'Хасково, България',
  ro: 'Haskovo, Bulgaria',
  hu: 'Haszkovo, Bulgária',
  pl: 'Chaskowo, Bułgaria',
  pt: 'Haskovo, Bulgária',
  lv: 'Haskova, Bulgārija',
  es: 'Haskovo, Bulgaria',
  fr: 'Haskovo, Bulgarie',
};

const haskovoBase = haskovoItem();
const haskovo: NewsItem = {
  ...haskovoBase,
  translations: Object.fromEntries(
    Object.entries(haskovoBase.translations).map(([language, translation]) => [
      language,
      { ...translation, location: HASKOVO_PLACE[language]! },
    ]),
  ),
};
const studyVisit = itemOf('riga-study-visit-2024', 'announcement', STUDY_VISIT, {
  event: {
    name: 'Study visit',
    start: '2024-09-30T10:00:00+03:00',
    end: '2024-10-02T16:00:00+03:00',
    location: RIGA.en,
    timezone: 'Europe/Riga',
  },
  places: RIGA,
});
const winterFair = itemOf('athens-winter-fair-2025', 'announcement', WINTER_FAIR, {
  event: {
    name: 'Winter fair',
    start: '2025-12-28T11:00:00+02:00',
    end: '2026-01-03T18:00:00+02:00',
    location: ATHENS.en,
    timezone: 'Europe/Athens',
  },
  places: ATHENS,
});
const filmEvening = itemOf('brussels-film-evening-2025', 'announcement', FILM_EVENING, {
  event: {
    name: 'Film evening',
    start: '2025-11-20T19:00:00+01:00',
    end: '2025-11-21T00:00:00+01:00',
    location: BRUSSELS.en,
    timezone: 'Europe/Brussels',
  },
  places: BRUSSELS,
});
const recap = itemOf('haskovo-recap-2023', 'recap', RECAP);
const policyBrief = itemOf('policy-brief-2024', 'news', POLICY_BRIEF);
const programme = itemOf('haskovo-programme-2023', 'news', PROGRAMME);

/** Every golden case, in the order the fixture files list them. */
export const GOLDEN_CASES: GoldenCase[] = [
  {
    name: 'two-day event (Haskovo, with a photo)',
    item: haskovo,
    kind: 'announcement',
    now: '2023-11-09T10:00:00+02:00',
  },
  { name: 'two-day event (Haskovo, with a photo)', item: haskovo, kind: 'reminder', now: '2023-11-12T09:00:00+02:00' },
  { name: 'two-day event (Haskovo, with a photo)', item: haskovo, kind: 'event-day', now: '2023-11-13T08:00:00+02:00' },
  {
    name: 'two-month event, colon in the title (Riga)',
    item: studyVisit,
    kind: 'announcement',
    now: '2024-09-16T10:00:00+03:00',
  },
  {
    name: 'two-month event, colon in the title (Riga)',
    item: studyVisit,
    kind: 'reminder',
    now: '2024-09-27T09:00:00+03:00',
  },
  {
    name: 'two-month event, colon in the title (Riga)',
    item: studyVisit,
    kind: 'event-day',
    now: '2024-09-30T08:00:00+03:00',
  },
  { name: 'across a year end (Athens)', item: winterFair, kind: 'announcement', now: '2025-12-15T10:00:00+02:00' },
  {
    name: 'evening ending at midnight (Brussels)',
    item: filmEvening,
    kind: 'announcement',
    now: '2025-11-10T10:00:00+01:00',
  },
  {
    name: 'evening ending at midnight (Brussels)',
    item: filmEvening,
    kind: 'reminder',
    now: '2025-11-19T09:00:00+01:00',
  },
  {
    name: 'evening ending at midnight (Brussels)',
    item: filmEvening,
    kind: 'event-day',
    now: '2025-11-20T08:00:00+01:00',
  },
  { name: 'title already starting with the label', item: recap, kind: 'recap', now: '2023-11-20T10:00:00+02:00' },
  {
    name: 'colon in the title, URL with _ and ( and a hashtag in the text',
    item: policyBrief,
    kind: 'news',
    now: '2024-03-04T10:00:00+02:00',
  },
  {
    name: 'long summary: cut on X, or a thread',
    item: programme,
    kind: 'news',
    now: '2023-11-06T10:00:00+02:00',
    threadChannel: true,
  },
];

/** The 12 languages' names, for the fixture files' headings. */
export const LANGUAGE_NAMES: Record<string, string> = {
  en: 'English',
  de: 'German',
  nl: 'Dutch (Belgium)',
  el: 'Greek',
  bg: 'Bulgarian',
  ro: 'Romanian',
  hu: 'Hungarian',
  pl: 'Polish',
  pt: 'Portuguese (Portugal)',
  lv: 'Latvian',
  es: 'Spanish',
  fr: 'French',
};

export { HASKOVO_TEXTS };
