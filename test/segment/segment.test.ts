import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { french, segment, type LanguageRules } from '../../src/segment/index';
import { losslessViolation } from '../../scripts/lib/segmentation-score';

type Row = [text: string, expected: string[]];

const texts = (input: string, rules?: LanguageRules): string[] =>
  segment(input, rules ? { rules } : undefined).map((s) => s.text);

/** Behaviour name → rows of [input, expected sentences]. */
const cases: Record<string, Row[]> = {
  'splits on final punctuation followed by an uppercase word': [
    ['Il pleut. Le match est reporté.', ['Il pleut.', 'Le match est reporté.']],
    ['Vraiment ?! Oui.', ['Vraiment ?!', 'Oui.']],
    ['Il a 3 ans. 12 enfants sont venus.', ['Il a 3 ans.', '12 enfants sont venus.']],
    ['Il est parti. À demain. Être ou ne pas être. Ça va.', ['Il est parti.', 'À demain.', 'Être ou ne pas être.', 'Ça va.']],
  ],
  'splits before a lowercase word after a full stop, ? or ! (text that lost its capitals)': [
    ['Il est parti. puis revenu.', ['Il est parti.', 'puis revenu.']],
    ['Elle est dans le pays. le Comité a parlé.', ['Elle est dans le pays.', 'le Comité a parlé.']],
    ['Quoi ? non, rien.', ['Quoi ?', 'non, rien.']],
    ['Il a dit « oui ». la suite est connue.', ['Il a dit « oui ».', 'la suite est connue.']],
    ['Il est né en 2012. il a grandi ici.', ['Il est né en 2012.', 'il a grandi ici.']],
    ['Il est parti sur Ariane 5. le miroir suivra.', ['Il est parti sur Ariane 5.', 'le miroir suivra.']],
    ['Ce sont des œuvres d’art. la photo le montre.', ['Ce sont des œuvres d’art.', 'la photo le montre.']],
    ['Il est parti (re-oups !). mais on reste.', ['Il est parti (re-oups !).', 'mais on reste.']],
    ['Il fait entre -3 ° et +1° C. région de Pilsen.', ['Il fait entre -3 ° et +1° C.', 'région de Pilsen.']],
  ],
  'does not split before a lowercase word after an abbreviation, an initial, a number or an incise': [
    ['M. le ministre est arrivé.', ['M. le ministre est arrivé.']],
    ['Mme. la directrice et Dr. le professeur sont là.', ['Mme. la directrice et Dr. le professeur sont là.']],
    ['Des pommes, etc. pour tous.', ['Des pommes, etc. pour tous.']],
    ['Il est parti le 12 sept. dernier.', ['Il est parti le 12 sept. dernier.']],
    ['Une fable de J. de La Fontaine.', ['Une fable de J. de La Fontaine.']],
    ['Il vit aux U.S.A. depuis 2010.', ['Il vit aux U.S.A. depuis 2010.']],
    ['Voir le point b. en annexe.', ['Voir le point b. en annexe.']],
    ['Rendez-vous à 10 a.m. demain.', ['Rendez-vous à 10 a.m. demain.']],
    ['Le taux est de 2.5 pour cent.', ['Le taux est de 2.5 pour cent.']],
    ['Lisez lemonde.fr pour tout.', ['Lisez lemonde.fr pour tout.']],
    ['« Au secours ! » cria-t-il.', ['« Au secours ! » cria-t-il.']],
    ['« Où vas-tu ? » demanda-t-elle.', ['« Où vas-tu ? » demanda-t-elle.']],
    ['Un anneau de 27 km ! - pour atteindre ces énergies.', ['Un anneau de 27 km ! - pour atteindre ces énergies.']],
    ['Il hésita… puis partit.', ['Il hésita… puis partit.']],
  ],
  'splits at a terminator glued to a capitalised word': [
    ['Il aime son pays.Le Comité a parlé.', ['Il aime son pays.', 'Le Comité a parlé.']],
    ['Il aime son pays.L’Ukraine aussi.', ['Il aime son pays.', 'L’Ukraine aussi.']],
    ['Il est parti.À demain.', ['Il est parti.', 'À demain.']],
    ['Il est parti (hier).Il reviendra.', ['Il est parti (hier).', 'Il reviendra.']],
    ['Il a dit « non ».Elle a ri.', ['Il a dit « non ».', 'Elle a ri.']],
    ['Que pensez-vous du PSG ?En Ligue 1, tout va bien.', ['Que pensez-vous du PSG ?', 'En Ligue 1, tout va bien.']],
    ['Vraiment?Oui.', ['Vraiment?', 'Oui.']],
    ['Il fut assassiné en 1865.JFK le savait.', ['Il fut assassiné en 1865.', 'JFK le savait.']],
    ['Il dit "la charia est la source du droit."Les partis ont ri.', ['Il dit "la charia est la source du droit."', 'Les partis ont ri.']],
    ['Il est parti."Les partis", dit-il, ont ri.', ['Il est parti.', '"Les partis", dit-il, ont ri.']],
    ['Voilà ce qu’on a.On l’accepte.', ['Voilà ce qu’on a.', 'On l’accepte.']],
    ['Il prépare le vol.Ici, tout flotte.', ['Il prépare le vol.', 'Ici, tout flotte.']],
    ['Des pommes, etc.Le marché ferme.', ['Des pommes, etc.', 'Le marché ferme.']],
    ['Il fait -9 ° C.Après la neige, le froid.', ['Il fait -9 ° C.', 'Après la neige, le froid.']],
    ['Selon la SCC.Alors que tout va bien.', ['Selon la SCC.', 'Alors que tout va bien.']],
    ['Il parle des économies.M. Morsi a dit oui.', ['Il parle des économies.', 'M. Morsi a dit oui.']],
    ['Le taux passe de 2.5 à 3.Il baisse ensuite.', ['Le taux passe de 2.5 à 3.', 'Il baisse ensuite.']],
  ],
  'does not split at a glued abbreviation, initial, acronym, domain or decimal': [
    ['Voir M.Dupont demain.', ['Voir M.Dupont demain.']],
    ['Le citoyen J.Chirac a parlé.', ['Le citoyen J.Chirac a parlé.']],
    ['Le groupe U.S.Steel a fermé.', ['Le groupe U.S.Steel a fermé.']],
    ['Le framework ASP.Net est utilisé.', ['Le framework ASP.Net est utilisé.']],
    ['Voir www.lemonde.Fr pour tout.', ['Voir www.lemonde.Fr pour tout.']],
    ['Voir https://x.fr/a.Be pour tout.', ['Voir https://x.fr/a.Be pour tout.']],
    ['Le taux est de 2.5%.', ['Le taux est de 2.5%.']],
    ['Il hésita...Puis partit.', ['Il hésita...Puis partit.']],
  ],
  'keeps stray punctuation with the sentence that follows it': [
    ['Il aime notre pays ». , la kremlin annonce tout.', ['Il aime notre pays ».', ', la kremlin annonce tout.']],
    ['Il est parti. ; Puis il est revenu.', ['Il est parti.', '; Puis il est revenu.']],
    ['Des pommes, etc. , et des poires.', ['Des pommes, etc. , et des poires.']],
    ['Il a dit oui. , ', ['Il a dit oui. ,']],
  ],
  'handles ? and ! after a French (thin) space': [
    ['Comment allez-vous ? Bien, merci !', ['Comment allez-vous ?', 'Bien, merci !']],
    ['Comment allez-vous\u202F? Bien\u00A0! Et vous ?', ['Comment allez-vous\u202F?', 'Bien\u00A0!', 'Et vous ?']],
    ['Combien ? 46 cents par an ?', ['Combien ?', '46 cents par an ?']],
  ],
  'keeps closing guillemets with the sentence they close': [
    ['Il a dit « Je pars. » Puis il est parti.', ['Il a dit « Je pars. »', 'Puis il est parti.']],
    ['Il a dit «Je pars.» Puis il est parti.', ['Il a dit «Je pars.»', 'Puis il est parti.']],
    ['Il a dit « Bonjour ». Puis il est parti.', ['Il a dit « Bonjour ».', 'Puis il est parti.']],
    ['« Où vas-tu ? » demanda-t-elle.', ['« Où vas-tu ? » demanda-t-elle.']],
    ['« Je pars », dit-il. « Bon voyage ! » Il sourit.', ['« Je pars », dit-il.', '« Bon voyage ! »', 'Il sourit.']],
  ],
  'handles nested and curly quotes': [
    [
      'Il cria « Elle a dit “ Va-t’en ! ” » Puis il sortit.',
      ['Il cria « Elle a dit “ Va-t’en ! ” »', 'Puis il sortit.'],
    ],
    ['Elle a écrit “Non.” Il a lu.', ['Elle a écrit “Non.”', 'Il a lu.']],
  ],
  'handles straight double quotes, spaced or not': [
    ['Il a dit "Je pars." Puis il est parti.', ['Il a dit "Je pars."', 'Puis il est parti.']],
    ['Il a dit: " Je veux mourir. " Mais non.', ['Il a dit: " Je veux mourir. "', 'Mais non.']],
    ['Elle a souri. " Je reviendrai ", a-t-elle dit.', ['Elle a souri.', '" Je reviendrai ", a-t-elle dit.']],
    ['Un remboursement". Ainsi parla-t-il.', ['Un remboursement".', 'Ainsi parla-t-il.']],
  ],
  'splits after an ellipsis only before an uppercase word': [
    ['Il hésita... Puis il partit.', ['Il hésita...', 'Puis il partit.']],
    ['Il hésita… Puis il partit.', ['Il hésita…', 'Puis il partit.']],
    ['Il hésita… puis partit.', ['Il hésita… puis partit.']],
    ['Le terrain revendu... 1,6 million de dollars.', ['Le terrain revendu... 1,6 million de dollars.']],
    ['Il a dit (...) Le reste est connu.', ['Il a dit (...) Le reste est connu.']],
    ['Il a dit […] que oui.', ['Il a dit […] que oui.']],
  ],
  'keeps decimals, thousands and times': [
    ['Le taux est de 2,1 %. La dette atteint 3.5 milliards.', ['Le taux est de 2,1 %.', 'La dette atteint 3.5 milliards.']],
    ['Il y a 1.000.000 de personnes. Le train part à 10 h 30.', ['Il y a 1.000.000 de personnes.', 'Le train part à 10 h 30.']],
  ],
  'keeps titles and reference abbreviations before names and numbers': [
    ['M. Dupont est arrivé. Mme Durand aussi.', ['M. Dupont est arrivé.', 'Mme Durand aussi.']],
    ['MM. Dupont et Durand. Dr. House soigne. Pr. Tournesol cherche.', ['MM. Dupont et Durand.', 'Dr. House soigne.', 'Pr. Tournesol cherche.']],
    ['Voir p. 12 et pp. 30-34. Le n° 5 aussi.', ['Voir p. 12 et pp. 30-34.', 'Le n° 5 aussi.']],
    ['Lire le no. 5 et le vol. 3. Fin.', ['Lire le no. 5 et le vol. 3.', 'Fin.']],
    ['Il a été arrêté pour vol. Le juge tranchera.', ['Il a été arrêté pour vol.', 'Le juge tranchera.']],
    ['Ils étaient sept. Le 12 sept. 2012, ils partirent.', ['Ils étaient sept.', 'Le 12 sept. 2012, ils partirent.']],
    ['Il vit av. Foch, cf. Annexe. Fin.', ['Il vit av. Foch, cf. Annexe.', 'Fin.']],
    ['Cf. Le Monde. Fin.', ['Cf. Le Monde.', 'Fin.']],
    ['La juge Col. Denise Lind a parlé.', ['La juge Col. Denise Lind a parlé.']],
  ],
  'handles av. J.-C. and apr. J.-C.': [
    ['Construit en 25 av. J.-C. pour sa famille.', ['Construit en 25 av. J.-C. pour sa famille.']],
    ['Détruit en 70 apr. J.-C. Les ruines restent.', ['Détruit en 70 apr. J.-C.', 'Les ruines restent.']],
  ],
  'lets etc. end a sentence only before an uppercase word': [
    ['Des pommes, des poires, etc. Le marché ferme.', ['Des pommes, des poires, etc.', 'Le marché ferme.']],
    ['Des pommes, des poires, etc. pour tous.', ['Des pommes, des poires, etc. pour tous.']],
    ['Des fruits (pommes, etc.). Le reste suit.', ['Des fruits (pommes, etc.).', 'Le reste suit.']],
  ],
  'keeps initials with the name they belong to': [
    ['J.-M. Le Pen et J. Chirac se sont parlé.', ['J.-M. Le Pen et J. Chirac se sont parlé.']],
    ["L'œuvre de J. R. R. Tolkien est immense.", ["L'œuvre de J. R. R. Tolkien est immense."]],
    ['Le citoyen J.R. Ewing a dit oui.', ['Le citoyen J.R. Ewing a dit oui.']],
    ['Selon John D. Eastwood, professeur.', ['Selon John D. Eastwood, professeur.']],
    ["L'auteur A.\u2009N. Wilson a déclaré.", ["L'auteur A.\u2009N. Wilson a déclaré."]],
  ],
  'ends a sentence on a single letter that is not a name initial': [
    ['Il manque de vitamine D. Elle est rare.', ['Il manque de vitamine D.', 'Elle est rare.']],
    ['Il fait entre -3 et +1° C. Région de Pilsen.', ['Il fait entre -3 et +1° C.', 'Région de Pilsen.']],
  ],
  'handles dotted acronyms': [
    ['La S.N.C.F. a annoncé une grève.', ['La S.N.C.F. a annoncé une grève.']],
    ["Il travaille à l'O.N.U. Elle aussi.", ["Il travaille à l'O.N.U.", 'Elle aussi.']],
    ['Les U.S. Marines débarquent.', ['Les U.S. Marines débarquent.']],
    ['Il vit aux U.S. Il y travaille.', ['Il vit aux U.S.', 'Il y travaille.']],
  ],
  'never splits URLs and e-mail addresses': [
    ['Lisez www.lemonde.fr pour en savoir plus.', ['Lisez www.lemonde.fr pour en savoir plus.']],
    ['Voir https://x.fr/a.b?c=d&e=F.G pour tout.', ['Voir https://x.fr/a.b?c=d&e=F.G pour tout.']],
    ['Écrivez à jean.dupont@gmail.com. Il répondra.', ['Écrivez à jean.dupont@gmail.com.', 'Il répondra.']],
    ['Le site www.lemonde.fr. Le journal.', ['Le site www.lemonde.fr.', 'Le journal.']],
  ],
  'keeps closing brackets after the period': [
    ['Il est parti (il était tard.) Ensuite il dormit.', ['Il est parti (il était tard.)', 'Ensuite il dormit.']],
    ['Voir plus haut (p. 3).) Fin.', ['Voir plus haut (p. 3).)', 'Fin.']],
    ['Il a crié (sic!) et il est parti.', ['Il a crié (sic!) et il est parti.']],
    ['Il a menti (?) pour la dixième fois.', ['Il a menti (?) pour la dixième fois.']],
  ],
  'splits dialogue turns introduced by a dash': [
    ['- Bonjour. - Salut, ça va ?', ['- Bonjour.', '- Salut, ça va ?']],
    ['Il a dit oui. — Non, a-t-elle répondu.', ['Il a dit oui.', '— Non, a-t-elle répondu.']],
  ],
  'does not split after a list number at the start of a sentence': [
    ['1. Le premier point est clair. 2. Le second aussi.', ['1. Le premier point est clair.', '2. Le second aussi.']],
  ],
  'always ends a sentence at a blank line': [
    ["Une stratégie républicaine pour contrer la réélection d'Obama\n\nLes dirigeants ont parlé.", ["Une stratégie républicaine pour contrer la réélection d'Obama", 'Les dirigeants ont parlé.']],
    ['Voir M.\n\nDupont est là.', ['Voir M.', 'Dupont est là.']],
    ['Il dit\n \t \nque non.', ['Il dit', 'que non.']],
    ['Titre\r\n\r\nTexte.', ['Titre', 'Texte.']],
    ['Titre\u2029Texte.', ['Titre', 'Texte.']],
  ],
  'ends a headline line without final punctuation': [
    ['Le boson de Higgs décortiqué\nLe CERN a annoncé une découverte.', ['Le boson de Higgs décortiqué', 'Le CERN a annoncé une découverte.']],
    ['Région de Pilsen\n12 routes sont fermées.', ['Région de Pilsen', '12 routes sont fermées.']],
    ['Les étapes :\n- Préparer\n- Cuire', ['Les étapes :', '- Préparer', '- Cuire']],
  ],
  'joins hard-wrapped lines': [
    ['Le président est allé à\nParis hier soir.', ['Le président est allé à\nParis hier soir.']],
    ['Le président est allé\nà Paris hier soir.', ['Le président est allé\nà Paris hier soir.']],
    ['Il a vu le président,\nFrançois, hier.', ['Il a vu le président,\nFrançois, hier.']],
    ['Il a vu M.\nDupont hier.', ['Il a vu M.\nDupont hier.']],
  ],
  'trims and handles whitespace-only input': [
    ['', []],
    ['   \n\n\t  ', []],
    ['  Bonjour.  ', ['Bonjour.']],
    ['\uFEFFBonjour. Salut.', ['Bonjour.', 'Salut.']],
    ['Un\u00A0mot. Deux\u202Fmots.\u00A0', ['Un\u00A0mot.', 'Deux\u202Fmots.']],
  ],
  'survives control characters, emoji and lone surrogates': [
    ['A\u0000b. C\u0001d.', ['A\u0000b.', 'C\u0001d.']],
    ['Bravo 🎉. 😀 Super !', ['Bravo 🎉.', '😀 Super !']],
    ['\uD800. \uDC00 Le', ['\uD800.', '\uDC00 Le']],
    ['.', ['.']],
    ['...', ['...']],
    ['"', ['"']],
  ],
};

describe('segment()', () => {
  for (const [behaviour, rows] of Object.entries(cases)) {
    it.each(rows)(`${behaviour}: %j`, (input, expected) => {
      const result = segment(input);
      expect(result.map((s) => s.text)).toEqual(expected);
      expect(losslessViolation(input, result)).toBeNull();
    });
  }

  it('reports UTF-16 offsets and 0-based paragraph indices', () => {
    const input = '\n\n😀 Un. Deux.\r\n\r\n  Trois\n\n\nQuatre.';
    const result = segment(input);
    expect(result).toEqual([
      { text: '😀 Un.', start: 2, end: 8, paragraph: 0 },
      { text: 'Deux.', start: 9, end: 14, paragraph: 0 },
      { text: 'Trois', start: 20, end: 25, paragraph: 1 },
      { text: 'Quatre.', start: 28, end: 35, paragraph: 2 },
    ]);
    for (const s of result) expect(input.slice(s.start, s.end)).toBe(s.text);
  });

  describe('paragraph layout', () => {
    /** `[paragraph, text]` of every sentence. */
    const shape = (input: string): [number, string][] => {
      const result = segment(input);
      expect(losslessViolation(input, result)).toBeNull();
      return result.map((s) => [s.paragraph, s.text]);
    };
    // Wrapped at 66 columns: a wrap before a capitalised word (`Barack⏎Obama`).
    const wrapped = [
      'Le président de la République a reçu hier soir le président Barack',
      'Obama et les dirigeants des principaux syndicats pour parler de la',
      'réforme. Angela Merkel a salué cette initiative du gouvernement de',
      'Paris.',
    ].join('\n');

    it('takes single line breaks as paragraph breaks when the text has one paragraph per line', () => {
      const input = 'Un titre sans point\nLe premier paragraphe est ici. Il a deux phrases.\nLe second paragraphe, plus long, en a une.\nle troisième a perdu sa capitale.';
      expect(shape(input)).toEqual([
        [0, 'Un titre sans point'],
        [1, 'Le premier paragraphe est ici.'],
        [1, 'Il a deux phrases.'],
        [2, 'Le second paragraphe, plus long, en a une.'],
        [3, 'le troisième a perdu sa capitale.'],
      ]);
    });

    it('ends a paragraph at every line of a one-paragraph-per-line text, even after a comma', () => {
      const input = 'Il y a trois sortes de scènes.\nDes scènes de combat,\ndes passages plus légers,\net des scènes au quartier général.\nFin du film.';
      expect(shape(input).map(([p]) => p)).toEqual([0, 1, 2, 3, 4]);
    });

    it('handles CRLF and U+2028 line ends the same way', () => {
      const lf = 'Premier paragraphe. Deux.\nSecond paragraphe.\nTroisième.';
      for (const eol of ['\r\n', '\r', '\u2028']) {
        expect(shape(lf.replace(/\n/g, eol)).map(([p, t]) => [p, t])).toEqual(shape(lf));
      }
    });

    it('joins the lines of a hard-wrapped text, even before a capitalised word', () => {
      expect(shape(wrapped)).toEqual([
        [0, wrapped.slice(0, wrapped.indexOf('réforme.') + 'réforme.'.length)],
        [0, wrapped.slice(wrapped.indexOf('Angela'))],
      ]);
    });

    it('ends a paragraph of a hard-wrapped text at a short line, and keeps a heading apart', () => {
      const input = `Un titre court\n${wrapped}\n${wrapped}`;
      expect(shape(input).map(([p, t]) => [p, t.slice(0, 12)])).toEqual([
        [0, 'Un titre cou'],
        [1, 'Le président'],
        [1, 'Angela Merke'],
        [2, 'Le président'],
        [2, 'Angela Merke'],
      ]);
    });

    it('measures a wrapped word up to a breakable space (no-break spaces do not wrap)', () => {
      const input = [
        'Il a expliqué que Unainik, âgé de 53 ans, peut seulement charger',
        '50\u00a0kilos de marchandises sur son dos, pas plus, dit son frère.',
        'Chaque jour, ses compagnons et lui extraient des blocs de soufre du',
        'cratère et les portent sur le dos jusqu’au pied du volcan, au loin.',
      ].join('\n');
      expect(shape(input).map(([p]) => p)).toEqual([0, 0]);
    });

    it('keeps blank lines as paragraph breaks in every layout', () => {
      expect(shape(`${wrapped}\n\n${wrapped}`).map(([p]) => p)).toEqual([0, 0, 1, 1]);
      expect(shape('Un.\nDeux.\n\nTrois.').map(([p]) => p)).toEqual([0, 1, 2]);
    });

    it('ends a sentence and a paragraph at a line break after a terminator, whatever the next case', () => {
      expect(shape('Il a payé 2 millions d’euros.\nle Département d’État a parlé.')).toEqual([
        [0, 'Il a payé 2 millions d’euros.'],
        [1, 'le Département d’État a parlé.'],
      ]);
    });
  });

  it('uses the rules passed in the options', () => {
    const rules: LanguageRules = { ...french, abbreviations: [...french.abbreviations, 'Bld'] };
    expect(texts('Le Bld. Voltaire est long.')).toEqual(['Le Bld.', 'Voltaire est long.']);
    expect(texts('Le Bld. Voltaire est long.', rules)).toEqual(['Le Bld. Voltaire est long.']);
  });

  it('never throws and stays lossless on arbitrary strings', () => {
    const alphabet = fc.constantFrom(
      ...'aZé .?!…»«"“”()-–\n\r\t\u00A0\u202F\uFEFF\u2029\u0000M1,\''.split(''),
      'etc',
      'M.',
      '\uD800',
      '😀',
    );
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ unit: alphabet, maxLength: 200 })), (input) => {
        const result = segment(input);
        expect(losslessViolation(input, result)).toBeNull();
        if (input.trim() === '') expect(result).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });

  // No timing assertion (shared machines are noisy; speed is the benchmark's business): a
  // super-linear rule on these 1 MB inputs would run for minutes and hit the test's timeout.
  it('finishes on pathological 1 MB inputs (runs of dots, spaces, quotes, line breaks)', () => {
    const size = 1_000_000;
    for (const input of ['.'.repeat(size), 'a.'.repeat(size / 2), 'M. '.repeat(size / 3), ' '.repeat(size), '"'.repeat(size), '\n'.repeat(size), 'a\n'.repeat(size / 2), '« '.repeat(size / 2)]) {
      const result = segment(input);
      expect(losslessViolation(input, result)).toBeNull();
    }
  }, 60_000);
});
