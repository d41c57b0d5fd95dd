/**
 * Post-check of a chat model's summary against its type: strips a preamble ("Here is a
 * summary:"), reads bullet points, enforces the type's caps (bullets, sentences, headline words)
 * and says what it repaired (the `summary-repaired` warning).
 */
import { segment } from '../segment/index.js';
import { summaryPlan, type SummaryLength, type SummaryType } from './options.js';

/** A line that only announces the summary: "Here is a summary:", "Sure! Key points:", "Summary:". */
const PREAMBLE_LINE = /^\s*(?:(?:sure|certainly|okay|ok)[!,.]?\s*)?(?:here(?:'s| is| are)\b.*|(?:the\s+)?(?:summary|key points|main points|tl;?dr|teaser|headline)\b[^.!?]*):\s*$/iu;
/** A label before the text on the same line: "Summary: …", "Headline: …", "TL;DR: …". */
const INLINE_LABEL = /^\s*(?:summary|tl;?dr|teaser|headline|key points)\s*:\s*/iu;
const BULLET = /^\s*(?:[-*•–]|\d+[.)])\s+/u;

const words = (s: string) => s.split(/\s+/u).filter(Boolean).length;
const unmark = (s: string) => s.replace(/\*\*|__/gu, '').replace(/^#+\s*/u, '').replace(/^["“'«]+|["”'»]+$/gu, '').trim();
const sentencesOf = (text: string) => segment(text).map((s) => s.text.replace(/\s+/gu, ' '));

/** The summary's parts (bullets, sentences or the headline) and the repairs made, in words. */
export interface CheckedSummary {
  /** Bullet texts (key-points), sentences (tldr, teaser) or the one headline line. */
  parts: string[];
  /** What was repaired, e.g. `removed a preamble ("Here is a summary:")`; empty when the output fitted. */
  repairs: string[];
}

/** Checks and repairs a generated summary for `type` and `length`. */
export function checkSummary(text: string, type: SummaryType, length: SummaryLength): CheckedSummary {
  const plan = summaryPlan(type, length);
  const repairs: string[] = [];
  let lines = text.split(/\r?\n/u).map((l) => l.trimEnd()).filter((l) => l.trim().length > 0);
  if (lines.length > 1 && PREAMBLE_LINE.test(lines[0]!)) {
    repairs.push(`removed a preamble (${JSON.stringify(lines[0]!.trim())})`);
    lines = lines.slice(1);
  }
  if (lines.length > 0 && INLINE_LABEL.test(lines[0]!)) {
    repairs.push(`removed a label (${JSON.stringify(lines[0]!.match(INLINE_LABEL)![0].trim())})`);
    lines[0] = lines[0]!.replace(INLINE_LABEL, '');
  }
  let parts: string[];
  if (type === 'key-points') {
    const bullets = lines.filter((l) => BULLET.test(l)).map((l) => unmark(l.replace(BULLET, '')));
    parts = bullets.length > 0 ? bullets : sentencesOf(lines.join(' '));
    if (bullets.length === 0 && parts.length > 0) repairs.push('the model wrote prose, not a bulleted list: one bullet per sentence');
    if (parts.length > plan.maxSentences) {
      repairs.push(`kept the first ${plan.maxSentences} of ${parts.length} bullet points`);
      parts = parts.slice(0, plan.maxSentences);
    }
  } else if (type === 'headline') {
    const line = unmark(lines[0] ?? '');
    if (lines.length > 1) repairs.push(`kept the first of ${lines.length} lines`);
    if (plan.maxWords && words(line) > plan.maxWords) repairs.push(`cut a headline of ${words(line)} words to ${plan.maxWords}`);
    parts = line ? [line] : [];
  } else {
    parts = sentencesOf(lines.map((l) => unmark(l.replace(BULLET, ''))).join(' '));
    if (parts.length > plan.maxSentences) {
      repairs.push(`kept the first ${plan.maxSentences} of ${parts.length} sentences`);
      parts = parts.slice(0, plan.maxSentences);
    }
  }
  return { parts: parts.filter((p) => p.length > 0), repairs };
}
