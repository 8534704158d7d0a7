/**
 * The locale of the times people read on the desk and in post previews. British English because its short zone
 * names are the abbreviations the posts themselves print (templates' zoneLabel: "EET", "CEST"), where plain "en"
 * (US English) names every European zone by its offset ("GMT+2"), and a card said "GMT+2" beside facts saying "EET".
 * A zone with no English abbreviation (Europe/Istanbul) gets its offset ("GMT+3") in every locale: that one form is
 * then used everywhere too.
 */
export const DISPLAY_LOCALE = 'en-GB';
