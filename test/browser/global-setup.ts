/**
 * Before the Chromium tests: says once when Chromium is missing (the tests then skip, or fail
 * with FR2EN_REQUIRE_SERVICES=1), else builds the self-contained browser bundles they load.
 */
import path from 'node:path';
import { buildStandalone } from '../../scripts/build/browser-build.js';
import { ROOT } from '../helpers.js';
import { requireService } from '../helpers/services.js';

export default async function setup(): Promise<void> {
  if (!requireService('chromium').available) return;
  await buildStandalone(path.join(ROOT, 'examples/browser/dist'));
}
