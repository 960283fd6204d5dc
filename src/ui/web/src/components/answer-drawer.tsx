// The drawer beside the matrix: every repeat of one case on one model, its answer as text, its latency and cost,
// and each check with its reason. Focus moves into it; Escape or the close button gives focus back to the cell.
import { useEffect, useRef } from 'preact/hooks';
import type { CaseDetail, Column } from '../../../api-types.js';
import { ms, usd } from '../format.js';
import { useApi } from '../use-api.js';
import { LoadState } from './load-state.js';

export const AnswerDrawer = (props: {
  runId: string;
  caseId: string;
  column: Column;
  onClose: () => void;
}) => {
  const { runId, caseId, column, onClose } = props;
  const loaded = useApi<CaseDetail>(`runs/${encodeURIComponent(runId)}/cases/${encodeURIComponent(caseId)}`, {
    model: column.model,
    prompt: column.prompt,
  });
  const closeButton = useRef<HTMLButtonElement>(null);
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    closeButton.current?.focus();
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') close.current();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  return (
    <div class="drawer" role="dialog" aria-modal="false" aria-labelledby="drawer-title" id="drawer">
      <div class="drawer-head">
        <h2 id="drawer-title">
          {caseId} <span class="muted">on {column.label}</span>
        </h2>
        <button type="button" ref={closeButton} onClick={onClose} aria-label="close the answers (Escape)">
          ✕
        </button>
      </div>
      <LoadState loaded={loaded} label="the answers">
        {(detail) => (
          <>
            {detail.answers.map((answer) => (
              <section class="answer">
                <h3>
                  repeat {answer.repeat + 1}:{' '}
                  <span class={answer.pass ? 'ok' : 'no'}>
                    {answer.pass ? 'passed' : answer.error ? 'error' : 'failed'}
                  </span>
                </h3>
                <p class="muted">
                  {ms(answer.latencyMs)} · {usd(answer.costUsd)}
                  {answer.inputTokens !== null
                    ? ` · ${answer.inputTokens} in / ${answer.outputTokens ?? 0} out tokens`
                    : ''}
                  {answer.cacheHit ? ' · from the cache' : ''}
                  {answer.finishReason ? ` · finish: ${answer.finishReason}` : ''}
                </p>
                {answer.error ? (
                  <p class="no">error {answer.error}</p>
                ) : (
                  <pre class="output">{answer.output}</pre>
                )}
                {answer.toolCalls.map((call) => (
                  <pre class="output">
                    tool call {call.name}({call.arguments})
                  </pre>
                ))}
                <ul class="checks">
                  {answer.checks.map((check) => (
                    <li class={check.skipped ? 'muted' : check.pass ? 'ok' : 'no'}>
                      <strong>{check.skipped ? 'not checked' : check.pass ? 'pass' : 'fail'}</strong>{' '}
                      {check.name}: {check.reason}
                    </li>
                  ))}
                </ul>
              </section>
            ))}
          </>
        )}
      </LoadState>
    </div>
  );
};
