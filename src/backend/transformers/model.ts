/**
 * The seq2seq family's loaded model and loader, where the lean decoder (`lean.ts`) and the
 * vocabulary shortlist builder (`shortlist/build.ts`) import them from.
 */
export { loadModel, type LoadedModel } from './seq2seq/model.js';
