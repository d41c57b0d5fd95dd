/**
 * Chat prompts of instruction-tuned decoder-only models: the user message wrapped by the model's
 * own `chat_template` (tokenizer_config.json), applied by transformers.js's template support.
 */
import { ModelLoadError } from '../../../errors.js';
import type { TransformersModule } from '../load.js';

/** True when the tokenizer has a chat template. */
export function hasChatTemplate(tokenizer: TransformersModule): boolean {
  const template: unknown = tokenizer?.chat_template ?? tokenizer?.config?.chat_template;
  return typeof template === 'string' || Array.isArray(template);
}

/**
 * Token ids of one user turn followed by the assistant's opening (`add_generation_prompt`), as
 * the model's chat template writes them.
 * @throws ModelLoadError when the model has no chat template
 */
export function chatIds(tokenizer: TransformersModule, userMessage: string, model: string): number[] {
  if (!hasChatTemplate(tokenizer)) {
    throw new ModelLoadError(`Model \`${model}\` has no \`chat_template\` in tokenizer_config.json: fr2en needs one to prompt a decoder-only model.`, { model });
  }
  const text = tokenizer.apply_chat_template([{ role: 'user', content: userMessage }], { add_generation_prompt: true, tokenize: false }) as string;
  // the template writes the special tokens itself (e.g. `<|im_start|>`; a BOS for Llama)
  return tokenizer.encode(text, { add_special_tokens: false }) as number[];
}
