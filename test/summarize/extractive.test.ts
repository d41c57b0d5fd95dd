import { describe, expect, it } from 'vitest';
import {
  rankSentences,
  REDUNDANCY_THRESHOLD,
  selectSentences,
  tokenizeWords,
} from '../../src/summarize/extractive.js';
import { ENGLISH_STOPWORDS, FRENCH_STOPWORDS } from '../../src/summarize/stopwords.js';

/** A small text whose sentence `central` shares vocabulary with every other sentence. */
interface CentralCase {
  name: string;
  language: 'fr' | 'en';
  central: number;
  sentences: string[];
}

const CENTRAL_CASES: CentralCase[] = [
  {
    name: 'fr: rail strike',
    language: 'fr',
    central: 0,
    sentences: [
      'La grève des cheminots paralyse les trains et le métro de Paris depuis lundi.',
      'Les trains de banlieue circulent très peu ce mardi matin.',
      'Le métro parisien ne fonctionne plus qu’avec une rame sur trois.',
      'Les cheminots réclament une hausse des salaires et de meilleures conditions.',
      'Le gouvernement appelle les syndicats de cheminots au dialogue.',
      'À Paris, les usagers s’entassent sur les quais bondés.',
      'La météo annonce de la pluie pour le week-end.',
    ],
  },
  {
    name: 'fr: forest fires',
    language: 'fr',
    central: 2,
    sentences: [
      'Les pompiers sont mobilisés depuis trois jours dans le Var.',
      'Le vent violent complique le travail des secours.',
      'Les incendies de forêt attisés par le vent et la sécheresse ont mobilisé des centaines de pompiers dans le Var.',
      'La sécheresse dure depuis le mois de mai dans la région.',
      'Plus de deux mille hectares de forêt sont partis en fumée.',
      'Le préfet du Var a interdit l’accès aux massifs forestiers.',
      'Un festival de musique a été reporté à l’automne.',
    ],
  },
  {
    name: 'fr: central bank rates',
    language: 'fr',
    central: 3,
    sentences: [
      'L’inflation a atteint six pour cent en zone euro au mois de mars.',
      'Les ménages empruntent moins pour acheter un logement.',
      'Les banques commerciales répercutent la hausse sur leurs crédits.',
      'La Banque centrale européenne relève ses taux pour freiner l’inflation, ce qui renchérit les crédits immobiliers des ménages et des banques.',
      'Les taux des crédits immobiliers dépassent désormais quatre pour cent.',
      'La présidente de la Banque centrale européenne s’exprimera jeudi.',
      'Le musée du Louvre accueille une nouvelle exposition.',
    ],
  },
  {
    name: 'fr: elections and turnout (elided forms)',
    language: 'fr',
    central: 4,
    sentences: [
      'L’abstention a progressé dans les quartiers populaires.',
      'Les électeurs de la capitale se sont peu déplacés dimanche.',
      'Le candidat sortant reconnaît qu’il n’a pas convaincu.',
      'Les bureaux de vote ont fermé à vingt heures.',
      'L’abstention record des électeurs aux élections municipales de dimanche inquiète le candidat sortant et les bureaux de vote de la capitale.',
      'Les élections municipales auront un second tour la semaine prochaine.',
      'Une exposition de peinture ouvre ses portes à Lyon.',
      'Le prix du café a légèrement augmenté.',
    ],
  },
  {
    name: 'fr: Kazakhstan unrest',
    language: 'fr',
    central: 1,
    sentences: [
      'Les manifestants ont incendié la mairie d’Almaty mercredi soir.',
      'Les manifestations contre la hausse du prix du gaz au Kazakhstan ont dégénéré en émeutes à Almaty, et le président Tokayev a appelé la Russie à l’aide.',
      'Le prix du gaz liquéfié avait doublé au 1er janvier.',
      'Le président Tokayev a décrété l’état d’urgence.',
      'La Russie a envoyé des parachutistes au Kazakhstan.',
      'Les émeutes ont fait des dizaines de morts selon les autorités.',
    ],
  },
  {
    name: 'en: flood',
    language: 'en',
    central: 0,
    sentences: [
      'Heavy rain caused the river to flood the town centre, forcing hundreds of residents to leave their homes.',
      'The river rose two metres overnight.',
      'Residents were taken to a school gymnasium.',
      'Heavy rain is expected to continue until Friday.',
      'Shops in the town centre remained closed.',
      'The local football club won its match on Saturday.',
    ],
  },
  {
    name: 'en: vaccine trial',
    language: 'en',
    central: 2,
    sentences: [
      'The trial enrolled twelve thousand volunteers in five countries.',
      'Side effects were mild and lasted a day or two.',
      'A new malaria vaccine cut infections by seventy percent in a large trial of children, with only mild side effects, researchers reported.',
      'Malaria kills more than half a million people every year, most of them children.',
      'The researchers hope the vaccine will be approved next year.',
      'The conference also discussed hospital budgets.',
    ],
  },
  {
    name: 'en: company layoffs',
    language: 'en',
    central: 3,
    sentences: [
      'Shares of the carmaker fell four percent on Tuesday.',
      'The factory in Ohio employs about three thousand workers.',
      'The union said it would challenge the decision.',
      'The carmaker will close its Ohio factory and lay off three thousand workers, the union said, sending its shares lower.',
      'Production will move to a plant in Mexico.',
      'Analysts expected the factory to close by 2026.',
      'It was sunny in the afternoon.',
    ],
  },
  {
    name: 'en: space launch (plurals and contractions)',
    language: 'en',
    central: 5,
    sentences: [
      'The rocket’s engines ignited shortly after dawn.',
      'Engineers didn’t expect the weather to clear.',
      'Two satellites were deployed into orbit.',
      'The mission is the agency’s third this year.',
      'A crowd of tourists watched from the beaches.',
      'The agency launched a rocket carrying two weather satellites into orbit at dawn, as tourists watched from beaches and engineers cheered the engines.',
      'Ticket prices for the concert rose again.',
    ],
  },
];

/** Index of the best-scoring sentence, ties broken by position. */
function top(scores: readonly number[]): number {
  let best = 0;
  scores.forEach((s, i) => {
    if (s > scores[best]!) best = i;
  });
  return best;
}

/** Deterministic permutations of the non-central sentences. */
function permutations(n: number): number[][] {
  const ids = Array.from({ length: n }, (_, i) => i);
  const rotate = (k: number) => ids.map((_, i) => ids[(i + k) % n]!);
  return [ids.slice().reverse(), rotate(1), rotate(3), [...ids.filter((i) => i % 2), ...ids.filter((i) => !(i % 2))]];
}

describe('tokenizeWords', () => {
  it.each([
    ['splits French elisions with either apostrophe', 'L’État et l\'Europe', 'fr', ['état', 'europe']],
    ['drops elided pronouns and negation', "Qu'il n'achète jusqu'à présent rien", 'fr', ['achète', 'présent']],
    ['strips French plurals in -s and -x', 'Les bateaux et les chevaux des marins', 'fr', ['bateau', 'chevau', 'marin']],
    ['keeps -ss words', 'Le stress du business', 'fr', ['stress', 'business']],
    ['lowercases and drops 1-char tokens', 'A B c Dé 7 42', 'fr', ['dé', '42']],
    ['splits English contractions and stems plurals', "The countries didn't pass the taxes on boxes", 'en', ['country', 'pass', 'tax', 'box']],
    ['is Unicode-aware', 'Žižek à Kraków ¡sí!', 'fr', ['žižek', 'kraków', 'sí']],
    ['drops emoji and punctuation', '🎉🎉 !!! — …', 'en', []],
  ] as const)('%s', (_name, text, language, expected) => {
    expect(tokenizeWords(text, language)).toEqual(expected);
  });

  it('stop-word lists are lowercase, sizable, and contain the elision fragments', () => {
    expect(FRENCH_STOPWORDS.size).toBeGreaterThan(250);
    expect(ENGLISH_STOPWORDS.size).toBeGreaterThan(250);
    for (const w of [...FRENCH_STOPWORDS, ...ENGLISH_STOPWORDS]) expect(w).toBe(w.toLowerCase());
    for (const w of ['l', 'd', 'qu', 'j', 'n', 's', 'c', 'jusqu', 'lorsqu', 'aujourd']) {
      expect(FRENCH_STOPWORDS.has(w)).toBe(true);
    }
  });
});

describe('rankSentences', () => {
  it.each(CENTRAL_CASES)('ranks the central sentence first: $name', ({ sentences, central, language }) => {
    expect(top(rankSentences(sentences, { language }))).toBe(central);
    expect(top(rankSentences(sentences))).toBe(central); // auto language
  });

  it.each(CENTRAL_CASES)('is stable under re-runs and shuffles of the other sentences: $name', ({ sentences, central }) => {
    const scores = rankSentences(sentences);
    expect(rankSentences([...sentences])).toEqual(scores);
    const others = sentences.filter((_, i) => i !== central);
    for (const perm of permutations(others.length)) {
      const shuffled = perm.map((i) => others[i]!);
      for (const at of [0, Math.floor(shuffled.length / 2), shuffled.length]) {
        const doc = [...shuffled.slice(0, at), sentences[central]!, ...shuffled.slice(at)];
        expect(top(rankSentences(doc))).toBe(at);
      }
    }
  });

  it.each([
    ['empty input', [], []],
    ['a single sentence', ['Une seule phrase.'], 'one'],
  ] as const)('handles %s', (_name, sentences, expected) => {
    const scores = rankSentences(sentences);
    if (expected === 'one') expect(scores).toHaveLength(1);
    else expect(scores).toEqual(expected);
  });

  it('gives sentences without content words the minimum score (0) and sums to 1', () => {
    const doc = [
      'Le conseil municipal vote le budget de la ville.',
      'Et il y a aussi ceux qui ne sont pas là.',
      '🎉🎉🎉',
      'Le budget de la ville augmente de cinq pour cent.',
      '',
      'Le conseil municipal se réunit jeudi.',
    ];
    const scores = rankSentences(doc, { language: 'fr' });
    expect(scores).toHaveLength(doc.length);
    for (const i of [1, 2, 4]) expect(scores[i]).toBe(0);
    for (const i of [0, 3, 5]) expect(scores[i]).toBeGreaterThan(0);
    expect(scores.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
  });

  it('gives identical sentences identical scores without the position prior', () => {
    const s = 'Le port de Marseille accueille un nouveau paquebot.';
    const scores = rankSentences([s, 'Le paquebot mesure trois cents mètres.', s], { positionPrior: 0 });
    expect(scores[0]).toBe(scores[2]);
  });

  it('with the default position prior, favours the earlier of two equally central sentences', () => {
    const s = 'Le port de Marseille accueille un nouveau paquebot.';
    const scores = rankSentences([s, 'Le paquebot mesure trois cents mètres.', s]);
    expect(scores[0]).toBeGreaterThan(scores[2]!);
  });

  it.each([0, 0.25, 0.5, 1])('keeps the central sentence first wherever it is placed, positionPrior %s', (positionPrior) => {
    for (const { sentences, central } of CENTRAL_CASES) {
      const others = sentences.filter((_, i) => i !== central);
      for (let at = 0; at <= others.length; at++) {
        const doc = [...others.slice(0, at), sentences[central]!, ...others.slice(at)];
        expect(top(rankSentences(doc, { positionPrior }))).toBe(at);
      }
    }
  });

  it.each([-0.1, 1.5, Number.NaN])('rejects positionPrior %s', (positionPrior) => {
    expect(() => rankSentences(['Un chat.'], { positionPrior })).toThrow(RangeError);
  });

  it.each([
    ['only stop words', ['Le la les.', 'Et de du.', 'The of and.']],
    ['only digits', ['12 34.', '2022', '3,14']],
    ['only emoji and punctuation', ['🎉', '🙂🙂 !!!', '—', '...']],
    ['empty strings', ['', '', '']],
  ])('does not crash on sentences with %s', (_name, sentences) => {
    const scores = rankSentences(sentences);
    expect(scores).toHaveLength(sentences.length);
    for (const s of scores) expect(Number.isFinite(s)).toBe(true);
    expect(selectSentences(sentences, { count: 2 }).length).toBeGreaterThanOrEqual(1);
  });
});

describe('selectSentences', () => {
  it.each(CENTRAL_CASES.flatMap((c) => [1, 2, 3].map((count) => ({ ...c, count }))))(
    'returns at most $count indices in document order, including the central one: $name',
    ({ sentences, central, count }) => {
      const picked = selectSentences(sentences, { count });
      expect(picked.length).toBeGreaterThanOrEqual(1);
      expect(picked.length).toBeLessThanOrEqual(count);
      expect(picked).toEqual([...picked].sort((a, b) => a - b));
      expect(new Set(picked).size).toBe(picked.length);
      expect(picked).toContain(central);
    },
  );

  it('returns the top-count sentences by score', () => {
    const { sentences } = CENTRAL_CASES[0]!;
    const scores = rankSentences(sentences);
    const expected = scores
      .map((s, i) => [s, i] as const)
      .sort((a, b) => b[0] - a[0] || a[1] - b[1])
      .slice(0, 3)
      .map(([, i]) => i)
      .sort((a, b) => a - b);
    expect(selectSentences(sentences, { count: 3 })).toEqual(expected);
  });

  it.each([
    ['empty input', [], 3, []],
    ['a single sentence', ['Seule phrase.'], 3, [0]],
    ['count 0 (clamped to 1)', ['Un chat dort.', 'Un chien aboie.'], 0, 'one'],
    ['count larger than the input', ['Le chat dort.', 'Le chien aboie fort.'], 10, [0, 1]],
    ['only content-less sentences', ['🎉', 'Et de la.'], 2, [0]],
  ] as const)('handles %s', (_name, sentences, count, expected) => {
    const picked = selectSentences(sentences, { count });
    if (expected === 'one') expect(picked).toHaveLength(1);
    else expect(picked).toEqual(expected);
  });

  it('stops before exceeding maxWords but always keeps one sentence', () => {
    const { sentences, central } = CENTRAL_CASES[1]!; // central sentence has 19 words
    expect(selectSentences(sentences, { count: 5, maxWords: 3 })).toEqual([central]);
    const picked = selectSentences(sentences, { count: 5, maxWords: 30 });
    const words = picked.reduce((n, i) => n + sentences[i]!.split(/\s+/).length, 0);
    expect(words).toBeLessThanOrEqual(30);
    expect(picked).toContain(central);
  });

  it(`skips near-duplicates (cosine > ${REDUNDANCY_THRESHOLD}) of an already selected sentence`, () => {
    const { sentences, central } = CENTRAL_CASES[0]!;
    // An exact copy and a copy differing only in stop words / punctuation (cosine 1).
    const withDuplicate = [...sentences, `${sentences[central]!} `, sentences[central]!.replace('La grève', 'Cette grève,')];
    const picked = selectSentences(withDuplicate, { count: 3 });
    expect(picked).toHaveLength(3);
    expect(picked.filter((i) => i === central || i >= sentences.length)).toHaveLength(1);
  });

  it('rejects NaN count', () => {
    expect(() => selectSentences(['a b c'], { count: Number.NaN })).toThrow(RangeError);
  });

  it('is deterministic', () => {
    for (const { sentences } of CENTRAL_CASES) {
      expect(selectSentences(sentences, { count: 3 })).toEqual(selectSentences(sentences, { count: 3 }));
    }
  });
});
