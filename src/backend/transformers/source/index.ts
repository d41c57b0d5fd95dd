/**
 * The file source of a backend, chosen once by platform: Node's folders and store, or a
 * browser's URLs (with the instance's own runtime settings).
 */
import { platform } from '../../../platform/index.js';
import type { TransformersBackendSettings } from '../settings.js';
import { createBrowserSource } from './browser.js';
import { nodeSource } from './node.js';
import type { FileSource } from './types.js';

export type { FileSource, LocatedModel, LoadEvents, ModelFiles, OpenOptions } from './types.js';

/** The file source for `settings` on this platform. */
export function fileSourceFor(settings: Pick<TransformersBackendSettings, 'web'>): FileSource {
  return platform.name === 'browser' ? createBrowserSource(settings.web) : nodeSource;
}
