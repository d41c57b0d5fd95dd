/** What one benchmark contender reports (one JSON line from bench/contender.ts). */
export interface Report {
  name: string;
  dtype?: string;
  sentences: number;
  targetTokens: number;
  loadMs: number;
  wallMs: number;
  firstSentenceMs: number;
  tokensPerSecond: number;
  peakRssMb: number;
  /** Summed ONNX Runtime session.run time (fr2en contenders). */
  runtimeMs?: number;
  decodingSteps?: number;
  paddingRatio?: number;
  /** Digest: sentences translated. */
  translated?: number;
  extra?: Record<string, unknown>;
}
