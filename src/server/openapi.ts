/** The OpenAPI 3.1 document served at `/v1/openapi.json`. */
import { DIGEST_ORDERS, INPUT_FORMATS, ON_NON_FRENCH, QUALITY_FLAG_CODES, SUMMARY_FORMATS, SUMMARY_LANGUAGES, SUMMARY_LENGTHS, SUMMARY_METHODS, SUMMARY_TYPES, VERSION } from '../index.js';
import { JOB_STATUSES } from '../queue/index.js';
import { LT_FORMATS } from './libretranslate.js';

const error = { type: 'object', properties: { error: { type: 'string' }, code: { type: 'string' } }, required: ['error'] };
const json = (schema: object) => ({ 'application/json': { schema } });
const errors = {
  '400': { description: 'Bad request', content: json(error) },
  '403': { description: 'Invalid API key', content: json(error) },
  '413': { description: 'Body too large', content: json(error) },
  '429': { description: 'Rate limit', content: json(error) },
  '503': { description: 'Queue full (see Retry-After) or draining', content: json(error) },
  '504': { description: 'Request timeout (the work was aborted)', content: json(error) },
};
const warning = { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' }, sentence: { type: 'integer' } } };
const flag = {
  type: 'object',
  properties: { code: { enum: [...QUALITY_FLAG_CODES] }, message: { type: 'string' }, detail: { type: 'object' } },
  required: ['code', 'message'],
};
const sentence = {
  type: 'object',
  properties: {
    source: { type: 'string' },
    translation: { type: 'string' },
    start: { type: 'integer' },
    end: { type: 'integer' },
    paragraph: { type: 'integer' },
    score: { type: 'number', description: 'Length-normalised log-probability (≤ 0)' },
    flags: { type: 'array', items: flag, description: 'What the checker suspects of the translation (empty when nothing)' },
    repaired: { type: 'boolean', description: 'A stronger decoding replaced a flagged first translation' },
    cached: { type: 'boolean', description: 'True when the sentence came from the translation cache' },
  },
};
const flagCounts = { type: 'object', description: 'Flagged sentences per flag code', propertyNames: { enum: [...QUALITY_FLAG_CODES] }, additionalProperties: { type: 'integer' } };
const summaryOptions = {
  method: { enum: [...SUMMARY_METHODS] },
  type: { enum: [...SUMMARY_TYPES] },
  length: { enum: [...SUMMARY_LENGTHS] },
  format: { enum: [...SUMMARY_FORMATS] },
};
const jobReport = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    status: { enum: [...JOB_STATUSES] },
    file: { type: 'string' },
    result: { type: 'object', description: 'As `fr2en translate --json`: { text, sentences (with flags), warnings, model, flagCounts }' },
    error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } } },
    attempts: { type: 'integer' },
  },
  required: ['id', 'status'],
};
const post = (summary: string, body: object, ok: object, extra: object = {}) => ({
  post: { summary, requestBody: { required: true, content: json(body) }, responses: { '200': { description: 'OK', content: json(ok) }, ...errors }, ...extra },
});

/** The multipart form of the file routes (LibreTranslate's field names). */
const fileForm = {
  type: 'object',
  required: ['file', 'source', 'target'],
  properties: { file: { type: 'string', format: 'binary' }, source: { type: 'string' }, target: { type: 'string' }, api_key: { type: 'string' } },
};

/** The `/v1` paths. */
function v1Paths(): Record<string, object> {
  return {
    '/v1/translate': post(
      'Translate French text (or HTML) with sentence alignment, warnings and scores. Streams sentences with `stream: "ndjson"|"sse"` or the matching Accept header.',
      {
        type: 'object',
        required: ['text'],
        properties: {
          text: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
          inputFormat: { enum: [...INPUT_FORMATS] },
          beams: { type: 'integer', minimum: 1 },
          onNonFrench: { enum: [...ON_NON_FRENCH] },
          repair: { type: 'boolean', default: true, description: 'Decode flagged sentences again with a stronger setting' },
          consistentNames: { type: 'boolean', default: true, description: 'Write a name the document repeats one way' },
          minScore: { type: 'number', maximum: 0, description: 'Flag `low-score` below this score' },
          glossary: { type: 'object', additionalProperties: { type: 'string' }, description: 'French term → English term, written by constrained search' },
          doNotTranslate: { type: 'array', items: { type: 'string' }, description: 'Kept verbatim, besides URLs, e-mail addresses, @handles and #hashtags' },
          alternatives: { type: 'integer', minimum: 0, maximum: 63, description: 'Other translations per sentence from the beam' },
          stream: { enum: ['ndjson', 'sse'] },
        },
      },
      {
        type: 'object',
        properties: { text: { type: 'string' }, sentences: { type: 'array', items: sentence }, warnings: { type: 'array', items: warning }, model: { type: 'string' }, usage: { type: 'object' }, flagCounts },
      },
    ),
    '/v1/summarize': post(
      'Summarise English (abstractive) or French/English (extractive) text.',
      { type: 'object', required: ['text'], properties: { text: { type: 'string' }, ...summaryOptions, language: { enum: [...SUMMARY_LANGUAGES] } } },
      { type: 'object', properties: { summary: { type: 'string' }, method: { type: 'string' }, chunks: { type: 'integer' }, warnings: { type: 'array', items: warning }, score: { type: 'number' }, flags: { type: 'array', items: flag } } },
    ),
    '/v1/digest': post(
      'Translate a French article and summarise it in English.',
      { type: 'object', required: ['text'], properties: { text: { type: 'string' }, order: { enum: [...DIGEST_ORDERS] }, inputFormat: { enum: [...INPUT_FORMATS] }, ...summaryOptions } },
      { type: 'object', properties: { translation: { type: 'string' }, summary: { type: 'string' }, summaryFlags: { type: 'array', items: flag }, flagCounts, sentences: { type: 'array', items: sentence }, warnings: { type: 'array', items: warning }, timings: { type: 'object' } } },
    ),
    '/v1/jobs': post(
      'Queue documents for `fr2en worker` (server started with --redis). The id defaults to a hash of the document: submitting it again does not translate it again.',
      {
        oneOf: [
          { type: 'object', required: ['text'], properties: { text: { type: 'string' }, id: { type: 'string' }, file: { type: 'string' }, inputFormat: { enum: [...INPUT_FORMATS] } } },
          { type: 'object', required: ['documents'], properties: { documents: { type: 'array' } } },
        ],
      },
      { type: 'object', properties: { id: { type: 'string' }, file: { type: 'string' }, duplicate: { type: 'boolean' } } },
    ),
    '/v1/jobs/{id}': {
      get: {
        summary: 'A job’s status, result or error.',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: 'OK', content: json(jobReport) }, '404': { description: 'Unknown or expired', content: json(error) } },
      },
    },
  };
}

/** LibreTranslate's paths, the file routes and the service routes. */
function otherPaths(): Record<string, object> {
  return {
    '/translate': post(
      'LibreTranslate: translate `q` (string or array) from `fr` or `auto` to `en`; JSON or form body.',
      { type: 'object', properties: { q: {}, source: { type: 'string' }, target: { type: 'string' }, format: { enum: [...LT_FORMATS] }, alternatives: { type: 'integer', minimum: 0 }, api_key: { type: 'string' } } },
      { type: 'object', properties: { translatedText: {}, detectedLanguage: {}, alternatives: { type: 'array' } } },
    ),
    '/translate_file': {
      post: {
        summary: 'LibreTranslate: translate an uploaded file (text, HTML, Markdown, SRT, WebVTT, .docx) into the same format; answers a download URL valid for 30 minutes.',
        requestBody: { required: true, content: { 'multipart/form-data': { schema: fileForm } } },
        responses: { '200': { description: 'OK', content: json({ type: 'object', properties: { translatedFileUrl: { type: 'string' } } }) }, ...errors },
      },
    },
    '/download_file/{name}': {
      get: {
        summary: 'LibreTranslate: a translated file, by the name `/translate_file` answered.',
        parameters: [{ name: 'name', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: 'The file (attachment)' }, '404': { description: 'Unknown or expired', content: json(error) } },
      },
    },
    '/v1/translate_file': {
      post: {
        summary: 'Translate an uploaded file into the same format; answers the translated file itself.',
        requestBody: { required: true, content: { 'multipart/form-data': { schema: fileForm } } },
        responses: { '200': { description: 'The translated file (attachment)' }, ...errors },
      },
    },
    '/detect': post('LibreTranslate: detect the language of `q`.', { type: 'object', properties: { q: {}, api_key: { type: 'string' } } }, { type: 'array' }),
    '/languages': { get: { summary: 'LibreTranslate: supported languages.', responses: { '200': { description: 'OK' } } } },
    '/frontend/settings': { get: { summary: 'LibreTranslate: frontend settings.', responses: { '200': { description: 'OK' } } } },
    '/healthz': { get: { summary: 'Liveness.', responses: { '200': { description: 'OK' } } } },
    '/readyz': { get: { summary: 'Readiness: model loaded and not shutting down.', responses: { '200': { description: 'Ready' }, '503': { description: 'Not ready' } } } },
    '/metrics': { get: { summary: 'Prometheus metrics.', responses: { '200': { description: 'text/plain; version=0.0.4' } } } },
  };
}

/** Builds the document. */
export function openApiDocument(): object {
  return {
    openapi: '3.1.0',
    info: { title: 'fr2en', version: VERSION, description: 'On-device French → English translation. LibreTranslate-compatible routes plus fr2en’s /v1 API.' },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths: { ...v1Paths(), ...otherPaths() },
  };
}
