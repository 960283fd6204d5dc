// Why a generation ended: a unified value for reports and gates, and the provider's raw word so nothing is lost.

export type UnifiedFinishReason = 'stop' | 'length' | 'tool-calls' | 'content-filter' | 'error' | 'other';

export interface FinishReason {
  unified: UnifiedFinishReason;
  raw: string | undefined;
}
