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
  /** CPU time of the process (all its threads) over wall time, during the document. */
  coresUsed?: number;
  /** fr2en contenders: the same document translated again right after (worker threads already running). */
  warm?: { wallMs: number; firstSentenceMs: number; tokensPerSecond: number; coresUsed: number };
  /** Digest: sentences translated. */
  translated?: number;
  extra?: Record<string, unknown>;
}
