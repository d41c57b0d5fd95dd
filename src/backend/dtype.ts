/** Weight types fr2en loads. `auto` picks `q8` where the model ships it and the task tolerates it, else `fp32`. */
export const DTYPES = ['auto', 'fp32', 'q8'] as const;

/** One of {@link DTYPES}. */
export type Dtype = (typeof DTYPES)[number];
