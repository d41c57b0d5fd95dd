/**
 * Plugging a backend of your own into fr2en.
 *
 * A backend implements `BackendV1` (four `do…` methods); fr2en keeps doing segmentation,
 * splitting of long sentences, batching, ordering, warnings and progress. This one is a
 * caching decorator: it remembers translations, so repeated sentences (boilerplate,
 * datelines, re-sent articles) cost nothing, and it delegates the rest to any other backend
 * (here the default transformers.js one).
 *
 *   npx tsx examples/custom-backend.ts [model id or folder]
 */
import { createTransformersBackend, createTranslator, ModelLoadError, type BackendV1 } from '../src/index.js';

function withCache(inner: BackendV1): BackendV1 & { hits: number } {
  const cache = new Map<string, { text: string; tokens: number; finished: boolean }>();
  const backend = {
    specificationVersion: 'v1' as const,
    provider: `cache(${inner.provider})`,
    modelId: inner.modelId,
    hits: 0,
    doLoad: (options: Parameters<BackendV1['doLoad']>[0]) => inner.doLoad(options),
    doCountTokens: (texts: readonly string[]) => inner.doCountTokens(texts),
    async doGenerate(options: Parameters<BackendV1['doGenerate']>[0]) {
      const missing = [...new Set(options.inputs.filter((t) => !cache.has(t)))];
      backend.hits += options.inputs.length - missing.length;
      let steps = 0;
      if (missing.length > 0) {
        const maxOf = (v: number | readonly number[], i: number) => (typeof v === 'number' ? v : v[options.inputs.indexOf(missing[i]!)]!);
        const result = await inner.doGenerate({
          ...options,
          inputs: missing,
          maxNewTokens: missing.map((_, i) => maxOf(options.maxNewTokens, i)),
          ...(options.minNewTokens !== undefined ? { minNewTokens: missing.map((_, i) => maxOf(options.minNewTokens!, i)) } : {}),
        });
        result.outputs.forEach((out, i) => cache.set(missing[i]!, out));
        steps = result.steps;
      }
      return { outputs: options.inputs.map((t) => cache.get(t)!), steps };
    },
    doDispose: () => inner.doDispose(),
  };
  return backend;
}

const model = process.argv[2] ?? 'Xenova/opus-mt-fr-en';
const backend = withCache(createTransformersBackend({ model }));
const translator = createTranslator({ backend });
try {
  const article = 'Pas même Loukachenko en Biélorussie. Nous continuerons de suivre la situation de près.';
  const first = await translator.translate(article);
  const again = await translator.translate(`${article} C’est désormais une véritable révolution.`);
  console.log(first.text);
  console.log(again.text);
  console.log(`provider ${backend.provider}: ${backend.hits} sentences served from the cache`);
} catch (error) {
  if (!ModelLoadError.isInstance(error)) throw error;
  console.error(error.message);
  process.exitCode = 1;
} finally {
  await translator.dispose();
}
