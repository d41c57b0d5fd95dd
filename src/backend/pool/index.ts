/**
 * The worker pool: a backend that decodes batches in parallel across cores, and its sizing rule.
 */
export { createPooledBackend, type PooledBackend, type PooledBackendSettings } from './pool.js';
export { sizePool, defaultMemoryBudgetMb, MAX_AUTO_WORKERS, MAX_AUTO_THREADS, CORES_PER_LANE_EXTRA, type PoolSize, type PoolSizingInput } from './sizing.js';
export type { WorkerBackendSettings } from './protocol.js';
