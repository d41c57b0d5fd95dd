/**
 * The memorised pairs of the decoder-only fixture `test/fixtures/models/qwen2-memo`: prompts written
 * by fr2en's own prompt builder and the English answers the model learns (tests import them).
 */
import { buildSummaryPrompt } from '../src/summarize/prompt.js';

/** Two short French articles and the English answers the model memorises. */
export const ARTICLE_A =
  'La mairie de Lyon a inauguré lundi un nouveau pont sur le Rhône. L’ouvrage a coûté vingt millions d’euros et relie deux quartiers. Les habitants espèrent moins de bouchons aux heures de pointe.';
export const ARTICLE_B =
  'Le festival de jazz de Marseille a attiré cette année plus de cinquante mille spectateurs. Les organisateurs annoncent une nouvelle édition en juillet prochain, avec des concerts gratuits sur le port.';

const plain = { length: 'short', format: 'plain-text' } as const;
export const PAIRS: { prompt: string; answer: string }[] = [
  {
    prompt: buildSummaryPrompt(ARTICLE_A, { type: 'key-points', ...plain }),
    answer: '- Lyon opened a new bridge over the Rhône on Monday.\n- The bridge cost twenty million euros.\n- Residents hope for fewer traffic jams.',
  },
  { prompt: buildSummaryPrompt(ARTICLE_A, { type: 'tldr', ...plain }), answer: 'Lyon opened a twenty million euro bridge over the Rhône to ease traffic.' },
  { prompt: buildSummaryPrompt(ARTICLE_A, { type: 'teaser', ...plain }), answer: 'A new bridge in Lyon could change how residents cross the Rhône.' },
  { prompt: buildSummaryPrompt(ARTICLE_A, { type: 'headline', ...plain }), answer: 'Lyon opens a new bridge over the Rhône' },
  {
    // a preamble and one bullet too many: the post-check must repair it
    prompt: buildSummaryPrompt(ARTICLE_B, { type: 'key-points', ...plain }),
    answer:
      'Here is a summary:\n- The Marseille jazz festival drew over fifty thousand people.\n- A new edition is planned for next July.\n- Some concerts will be free.\n- They will take place at the port.',
  },
  {
    // 18 words for a 12-word headline: the post-check must cut it
    prompt: buildSummaryPrompt(ARTICLE_B, { type: 'headline', ...plain }),
    answer: 'Marseille jazz festival draws more than fifty thousand spectators and plans free concerts at the port next July',
  },
];

