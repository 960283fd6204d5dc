// An assertion error raised after a judge or embedding model was paid for, so the spend is still counted.
import { type ErrorCode, YardstickError } from '../spec/errors.js';

export class JudgeReplyError extends YardstickError {
  readonly judgeCostUsd: number | undefined;

  constructor(message: string, judgeCostUsd: number | undefined, code: ErrorCode = 'E_MALFORMED_RESPONSE') {
    super(code, message);
    this.name = 'JudgeReplyError';
    this.judgeCostUsd = judgeCostUsd;
  }
}
