/**
 * Loading a decoder-only (causal) language model: `onnx/model{,_quantized}.onnx` with its
 * `.onnx_data` external data file when it has one, through the file source; then the checks the
 * lean causal loop needs (configs, a chat template, the graph's inputs).
 */
import { ModelLoadError } from '../../../errors.js';
import { causalOnnxFile } from '../../../models/family.js';
import { platform } from '../../../platform/index.js';
import type { BackendModelInfo } from '../../spec.js';
import { openBoth, type LoadContext } from '../family.js';
import type { TransformersModule } from '../load.js';
import { hasChatTemplate } from './chat.js';
import { readCausalSettings, type CausalSettings } from './config.js';
import { supportsCausalDecoding } from './decode.js';

const { path } = platform;

/** A loaded decoder-only model. */
export interface LoadedCausal {
  tokenizer: TransformersModule;
  model: TransformersModule;
  Tensor: TransformersModule;
  info: BackendModelInfo;
  settings: CausalSettings;
}

/** Loads a decoder-only model. @throws ModelLoadError naming the file at fault */
export async function loadCausal({ tf, settings, source, located: asked, ...events }: LoadContext): Promise<LoadedCausal> {
  const file = causalOnnxFile(asked.dtype);
  const { opened } = await source.open(tf, asked, settings, (at, options) => {
    // the weights' external data file, when the folder has one (a served model: transformers.js finds out)
    const external = at.dir !== undefined && platform.exists(path.join(at.dir, 'onnx', `${file}_data`)) ? { [file]: 1 } : undefined;
    return openBoth(
      tf.AutoTokenizer.from_pretrained(at.target, options.files),
      tf.AutoModelForCausalLM.from_pretrained(at.target, { ...options.files, ...options.model, dtype: at.dtype, ...(external ? { use_external_data_format: external } : {}) }),
    );
  }, events);
  const [tokenizer, model] = opened;
  const fail = async (why: string) => {
    await model.dispose?.();
    return new ModelLoadError(`Model \`${settings.model}\` ${why}.`, { model: settings.model });
  };
  const read = readCausalSettings({
    config: model.config ?? {},
    generationConfig: model.generation_config ?? {},
    tokenizerMaxLength: tokenizer.model_max_length,
    tokenizerEos: tokenizer.eos_token_id,
  });
  if (typeof read === 'string') throw await fail(`has ${read}`);
  if (!hasChatTemplate(tokenizer)) throw await fail('has no `chat_template` in tokenizer_config.json: fr2en prompts decoder-only models through it');
  const session = model.sessions?.model;
  if (!supportsCausalDecoding(session)) {
    throw await fail(`has an ONNX graph fr2en's decoder does not recognise (inputs: ${(session?.inputNames ?? []).join(', ')})`);
  }
  const info: BackendModelInfo = { modelId: settings.model, maxInputTokens: read.context, maxOutputTokens: read.context, dtype: asked.dtype, chat: true };
  const Tensor = new tf.Tensor('int64', new BigInt64Array(1), [1]).ort_tensor.constructor;
  return { tokenizer, model, Tensor, info, settings: read };
}
