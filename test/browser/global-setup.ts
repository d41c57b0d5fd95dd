/** Builds the self-contained browser bundles once before the Chromium tests. */
import path from 'node:path';
import { buildStandalone } from '../../scripts/build/browser-build.js';
import { ROOT } from '../helpers.js';

export default async function setup(): Promise<void> {
  await buildStandalone(path.join(ROOT, 'examples/browser/dist'));
}
