import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectLanguage, isLikelyFrench, sample } from '../../src/lang/detect.js';
import { requireSharedData } from '../helpers/services.js';

/** shared/ sits beside the repository (locally and in CI); without it these parts skip with one line. */
const SEED = requireSharedData('seeds/kazakhstan-2022-fr.txt').path;
const DEV = requireSharedData('data/segmentation-dev.jsonl').path;

const PARAGRAPHS: [name: string, expected: 'fr' | 'en' | 'de' | 'es' | 'it', text: string][] = [
  [
    'French news paragraph',
    'fr',
    'Le gouvernement a annoncé mercredi une hausse du budget de la santé. Les syndicats estiment que cette mesure est insuffisante et appellent à une nouvelle journée de grève la semaine prochaine.',
  ],
  ['French short sentence with elisions', 'fr', 'L’État n’a pas encore répondu aux questions des journalistes.'],
  [
    'English news paragraph',
    'en',
    'The government announced on Wednesday that it would raise the health budget. Unions said the measure was not enough and called for another day of strikes next week, as hospitals struggle with staff shortages.',
  ],
  ['English short sentence', 'en', 'It was the first time that the city had seen such a storm.'],
  [
    'German paragraph',
    'de',
    'Die Regierung hat am Mittwoch angekündigt, dass das Budget für das Gesundheitswesen erhöht wird. Die Gewerkschaften halten die Maßnahme für nicht ausreichend und rufen für die nächste Woche zu einem weiteren Streik auf.',
  ],
  ['German short sentence', 'de', 'Ich weiß nicht, ob er heute noch kommt.'],
  [
    'Spanish paragraph',
    'es',
    'El gobierno anunció el miércoles un aumento del presupuesto de sanidad. Los sindicatos consideran que la medida es insuficiente y convocan una nueva jornada de huelga para la próxima semana, porque los hospitales no tienen personal.',
  ],
  ['Spanish short sentence', 'es', '¿Dónde está la estación de tren más cercana?'],
  [
    'Italian paragraph',
    'it',
    'Il governo ha annunciato mercoledì un aumento del bilancio della sanità. I sindacati ritengono che la misura non sia sufficiente e hanno indetto una nuova giornata di sciopero per la settimana prossima, perché negli ospedali manca il personale.',
  ],
  ['Italian short sentence', 'it', 'Questa è la città più bella che abbia mai visto.'],
];

const NOT_PROSE: [name: string, text: string][] = [
  [
    'JavaScript snippet',
    `import { readFile } from 'node:fs/promises';
export async function loadConfig(path) {
  const raw = await readFile(path, 'utf8');
  const config = JSON.parse(raw);
  if (!config.name) throw new Error('missing name');
  return { ...config, loadedAt: Date.now() };
}`,
  ],
  ['one-line JavaScript', 'const total = items.reduce((sum, x) => sum + x.price * x.qty, 0);'],
  [
    'Python snippet',
    `def mean(values):
    if not values:
        raise ValueError("empty")
    return sum(values) / len(values)`,
  ],
  [
    'Russian text',
    'Правительство объявило в среду об увеличении бюджета на здравоохранение. Профсоюзы считают эту меру недостаточной.',
  ],
  ['Chinese text', '政府星期三宣布增加卫生预算。工会认为这项措施不够，并呼吁下周再举行一天罢工。'],
  ['Japanese text', '政府は水曜日に医療予算の増額を発表した。'],
  ['mostly symbols and digits', '=== *** --- 123 456 789 ### @@@ +++ %%% 10/12/2022 ab cd ef'],
];

const TINY: string[] = ['', '   ', 'OK.', 'Merci !', '42', '🎉🎉', 'Hello world', 'Привет!', '—'];

describe('detectLanguage', () => {
  it.each(PARAGRAPHS)('detects %s as %s', (_name, expected, text) => {
    const { language, confidence } = detectLanguage(text);
    expect(language).toBe(expected);
    expect(confidence).toBeGreaterThan(0.3);
    expect(confidence).toBeLessThanOrEqual(1);
  });

  it.each(NOT_PROSE)('classifies %s as other', (_name, text) => {
    const result = detectLanguage(text);
    expect(result.language).toBe('other');
    expect(result.confidence).toBeGreaterThanOrEqual(0);
    expect(result.confidence).toBeLessThanOrEqual(1);
  });

  it.each(TINY)('returns unknown with confidence 0 for the tiny input %j', (text) => {
    expect(detectLanguage(text)).toEqual({ language: 'unknown', confidence: 0 });
  });

  it('returns unknown for a few words with no function word', () => {
    expect(detectLanguage('Emmanuel Macron Bruxelles').language).toBe('unknown');
  });

  it('keeps French with an embedded English quote as French', () => {
    const text =
      'Le ministre a répondu aux journalistes en anglais : « We will not give up », avant de quitter la salle sans autre commentaire sur la réforme des retraites.';
    expect(detectLanguage(text).language).toBe('fr');
  });

  it('samples long inputs: a 10 MB French text is read through a bounded sample', () => {
    const paragraph = PARAGRAPHS[0]![2];
    const big = `${paragraph} `.repeat(Math.ceil(10_000_000 / (paragraph.length + 1)));
    expect(big.length).toBeGreaterThanOrEqual(10_000_000);
    expect(sample(big).length).toBeLessThanOrEqual(26_003); // head + three slices + separators
    expect(detectLanguage(big).language).toBe('fr');
  });

  it('samples beyond the head: French head then 10 MB of English is not pure French evidence', () => {
    const fr = PARAGRAPHS[0]![2];
    const en = PARAGRAPHS[2]![2];
    const text = `${fr} `.repeat(3) + `${en} `.repeat(Math.ceil(10_000_000 / (en.length + 1)));
    expect(detectLanguage(text).language).toBe('en');
  });

  it('handles a 10 MB input without any whitespace, reading a bounded sample', () => {
    expect(sample('x'.repeat(10_000_000)).length).toBeLessThanOrEqual(26_003);
    expect(detectLanguage('x'.repeat(10_000_000)).language).toBe('unknown');
  });
});

describe('isLikelyFrench', () => {
  it.each([
    ['French', PARAGRAPHS[0]![2], true],
    ['tiny input (never warn)', 'OK.', true],
    ['empty input', '', true],
    ['English', PARAGRAPHS[2]![2], false],
    ['German', PARAGRAPHS[4]![2], false],
    ['code', NOT_PROSE[0]![1], false],
    ['Russian', NOT_PROSE[3]![1], false],
  ] as const)('%s → %s', (_name, text, expected) => {
    expect(isLikelyFrench(text)).toBe(expected);
  });
});

describe.skipIf(!existsSync(SEED))('French seed article (shared/seeds)', () => {
  const text = existsSync(SEED) ? readFileSync(SEED, 'utf8') : '';
  const sentences = text
    .split(/(?<=[.!?»])\s+/u)
    .map((s) => s.trim())
    .filter((s) => s.split(/\s+/u).length >= 8);

  it('detects the whole article as French', () => {
    expect(detectLanguage(text).language).toBe('fr');
  });

  it('detects each sentence of 8+ words as French', () => {
    expect(sentences.length).toBeGreaterThan(10);
    for (const sentence of sentences) expect(detectLanguage(sentence).language, sentence).toBe('fr');
  });
});

describe.skipIf(!existsSync(DEV))('segmentation dev set (shared/data)', () => {
  const docs: { id: string; text: string; sentences: string[] }[] = existsSync(DEV)
    ? readFileSync(DEV, 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as { id: string; text: string; sentences: string[] })
    : [];

  it('detects every document as French', () => {
    expect(docs.length).toBeGreaterThan(0);
    for (const doc of docs) {
      const { language, confidence } = detectLanguage(doc.text);
      expect(language, doc.id).toBe('fr');
      expect(confidence, doc.id).toBeGreaterThan(0.5);
    }
  });

  it('does not flag 99 % or more of its sentences as non-French', () => {
    const sentences = docs.flatMap((d) => d.sentences);
    const flagged = sentences.filter((s) => !isLikelyFrench(s));
    expect(flagged.length / sentences.length).toBeLessThan(0.01);
  });
});
