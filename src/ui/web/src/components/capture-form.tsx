// "Capture as regression case": posts the trace to the API, which appends it to a .jsonl test file under the
// capture folder as `yardstick capture` does, and says where the case landed (or why it did not).
import { useState } from 'preact/hooks';
import type { CaptureResult } from '../../../api-types.js';
import { postJson } from '../api.js';

type State =
  | { state: 'idle' }
  | { state: 'busy' }
  | { state: 'done'; result: CaptureResult }
  | { state: 'error'; message: string };

export const CaptureForm = ({ traceId }: { traceId: string }) => {
  const [status, setStatus] = useState<State>({ state: 'idle' });
  const onSubmit = (event: Event): void => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const expect = String(form.get('expect') ?? '').trim();
    setStatus({ state: 'busy' });
    postJson<CaptureResult>(`traces/${encodeURIComponent(traceId)}/capture`, {
      file: String(form.get('file') ?? ''),
      ...(expect === '' ? {} : { expect: [expect] }),
    }).then(
      (result) => setStatus({ state: 'done', result }),
      (error: unknown) =>
        setStatus({ state: 'error', message: error instanceof Error ? error.message : String(error) }),
    );
  };
  return (
    <form class="filters capture" onSubmit={onSubmit} aria-label="capture as regression case">
      <label>
        test file (under the capture folder)
        <input name="file" defaultValue="regressions.jsonl" required />
      </label>
      <label>
        expect (optional)
        <input name="expect" placeholder='contains:"23 kg"' />
      </label>
      <button type="submit" disabled={status.state === 'busy'}>
        Capture as regression case
      </button>
      <output id="capture-result" class={status.state === 'error' ? 'no' : undefined}>
        {status.state === 'done'
          ? status.result.appended
            ? `Case ${status.result.caseId} appended to ${status.result.file}.`
            : `Case ${status.result.caseId} is already in ${status.result.file}; left as it is.`
          : status.state === 'error'
            ? `Not captured: ${status.message}`
            : ''}
      </output>
    </form>
  );
};
