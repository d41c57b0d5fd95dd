/**
 * French segmentation data.
 *
 * @module
 */
import type { LanguageRules } from './types.js';

/** French language rules for {@link segment}: abbreviations, quotes, dashes. */
export const french: LanguageRules = {
  abbreviations: [
    // Titles and forms of address (also the English ones common in translated news).
    'M', 'MM', 'Mme', 'Mmes', 'Mlle', 'Mlles', 'Mgr', 'Mgrs', 'Dr', 'Drs', 'Pr', 'Prs', 'Me',
    'St', 'Ste', 'Sts', 'Stes', 'Vve', 'Ets', 'Prof', 'Mr', 'Mrs', 'Ms', 'Rev', 'Rév', 'Hon',
    // Military and civil ranks.
    'Gal', 'Gén', 'Gen', 'Col', 'Cdt', 'Cmdt', 'Capt', 'Cpt', 'Cne', 'Lt', 'Lieut', 'Sgt', 'Adj', 'Maj', 'Ft', 'Sen', 'Sén', 'Gov', 'Rep',
    // Reference and Latin abbreviations.
    'cf', 'conf', 'vs', 'c.-à-d', 'c-à-d', 'c.à.d', 'p.ex', 'i.e', 'e.g', 'ex', 'resp', 'réf', 'suiv', 'sq', 'sqq', 'ca',
    'p', 'pp', 'v', 'env', 'approx', 'tél', 'av', 'apr', 'bd', 'boul', 'fg', 'pl',
  ],
  numberAbbreviations: [
    // Reference numbers: they are (or look like) ordinary words otherwise.
    'n', 'no', 'num', 'vol', 'art', 'chap', 'ch', 'fig', 't', 'tome', 'sect', 'éd', 'tel', 'min', 'max',
    // Months, usually followed by a year (12 sept. 2012).
    'janv', 'févr', 'fév', 'avr', 'juil', 'sept', 'oct', 'nov', 'déc',
  ],
  terminalAbbreviations: [
    'etc', 'J.-C', 'J-C', 'al', 'cie', 'Cie', 'Inc', 'Ltd', 'Ltée', 'Corp', 'Co', 'Jr', 'Sr', 'ibid', 'id', 'cit',
    'hab', 'coll', 'dir', 'trad',
  ],
  sentenceStarters: [
    'A', 'À', 'Alors', 'Après', 'Au', 'Aucun', 'Aucune', 'Aujourd', 'Aussi', 'Autre', 'Avec', 'Avant', 'C', 'Ce', 'Ceci', 'Cela',
    'Celle', 'Celui', 'Cependant', 'Ces', 'Cet', 'Cette', 'Chaque', 'Comme', 'Comment', 'Concernant', 'D', 'Dans', 'De', 'Depuis',
    'Des', 'Donc', 'Du', 'Elle', 'Elles', 'En', 'Enfin', 'Ensuite', 'Entre', 'Et', 'Il', 'Ils', 'J', 'Je', 'L', 'La', 'Le', 'Les',
    'Leur', 'Leurs', 'Lors', 'Lorsque', 'Mais', 'Même', 'Nous', 'Néanmoins', 'Ni', 'Non', 'Notre', 'Nos', 'On', 'Or', 'Oui', 'Ou',
    'Par', 'Parce', 'Pendant', 'Plus', 'Pour', 'Pourquoi', 'Puis', 'Quand', 'Que', 'Quel', 'Quelle', 'Qui', 'S', 'Sa', 'Sans',
    'Selon', 'Ses', 'Si', 'Son', 'Sur', 'Tous', 'Tout', 'Toute', 'Toutes', 'Un', 'Une', 'Vous', 'Y',
  ],
  continuationWords: [
    'à', 'au', 'aux', 'avec', 'car', 'ce', 'ces', 'cet', 'cette', 'chez', 'comme', 'dans', 'de', 'des', 'donc', 'du', 'en',
    'entre', 'est', 'et', 'la', 'le', 'les', 'leur', 'leurs', 'ma', 'mais', 'mes', 'mon', 'ni', 'nos', 'notre', 'or', 'ou',
    'par', 'pour', 'qu', 'que', 'qui', 'sa', 'sans', 'se', 'ses', 'son', 'sous', 'sur', 'ta', 'tes', 'ton', 'un', 'une',
    'vers', 'votre', 'vos',
  ],
  quotePairs: [
    ['«', '»'],
    ['“', '”'],
    ['‹', '›'],
    ['„', '“'],
    ['‘', '’'],
  ],
  symmetricQuotes: ['"'],
  terminators: ['.', '?', '!', '…', '‽', '⁇', '⁈', '⁉'],
  leadingMarks: ['-', '‐', '‑', '–', '—', '―', '•', '·', '*', '¿', '¡'],
};
