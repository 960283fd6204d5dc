// Says why a call of the user's function model failed, as the YardstickError the runner records for the case.
import { YardstickError } from '../../spec/errors.js';
import { formatBytes, limits } from '../../spec/limits.js';
import { UserCodeFailure } from '../../user-code/user-code-protocol.js';

/** `name` is `function:./app.js`; `file` the resolved module path. */
export const toFunctionError = (error: unknown, name: string, file: string): YardstickError => {
  if (!(error instanceof UserCodeFailure)) {
    const reason = error instanceof Error ? error.message : String(error);
    return new YardstickError('E_INTERNAL', `${name}: ${reason}`, { cause: error });
  }
  const { kind, message } = error;
  switch (kind) {
    case 'threw':
      // only the message: a stack trace of the user's code is noise in a report
      return new YardstickError('E_USER_CODE', `${name} threw: ${message}`, { cause: error });
    case 'load':
      return new YardstickError('E_USER_CODE', `could not load ${file}: ${message}`, { cause: error });
    case 'no-export':
      return new YardstickError(
        'E_CONFIG',
        `${file} must export a default async function (or a named export \`call\`) that takes { messages, vars, prompt, options }; ${message}`,
      );
    case 'unclonable':
      return new YardstickError(
        'E_USER_CODE',
        `${name} returned a value that cannot leave its worker thread (${message}); return a string or plain data`,
      );
    case 'too-large':
      return new YardstickError(
        'E_USER_CODE',
        `${name} returned an output over the ${formatBytes(limits.maxOutputChars)} limit`,
      );
    case 'crashed':
      return new YardstickError('E_USER_CODE', `${name}: ${message}`, { cause: error });
    case 'interrupted':
      return new YardstickError('E_USER_CODE', `${name} was stopped: ${message}`, { retryable: true });
    case 'timeout':
      return new YardstickError(
        'E_USER_CODE',
        `loading ${file} did not finish: ${message} (a top-level await that never settles?)`,
      );
    case 'aborted':
      return new YardstickError('E_ABORTED', `${name}: the call was aborted`);
  }
};
