// `POST /api/traces/<id>/capture`: what `yardstick capture <id> --to <file>` does, from the trace page. The file
// is named relative to the capture folder (`--capture-dir`, else the folder of the route's qualify suite) and may
// not leave it, by `..`, an absolute path or a symbolic link.
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import {
  appendCases,
  type CaptureAssertions,
  conversationOf,
  isRefusal,
  parseExpect,
  toCase,
} from '../../monitor/capture-trace.js';
import type { CaptureResult } from '../api-types.js';
import type { captureBody } from './api-query.js';
import type { UiContext } from './ui-context.js';
import type { UiData } from './ui-data.js';
import { UiRequestError } from './ui-request-error.js';

const inside = (dir: string, target: string): boolean => {
  const relative = path.relative(dir, target);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
};

/** The real path `target` would have: its nearest existing folder's real path, and the rest as written. */
const realTarget = async (target: string): Promise<string> => {
  let existing = target;
  for (;;) {
    try {
      return path.join(await realpath(existing), path.relative(existing, target));
    } catch {
      const parent = path.dirname(existing);
      if (parent === existing) return target;
      existing = parent;
    }
  }
};

/** @throws UiRequestError when the file is not a .jsonl under `dir`. */
export const resolveCaptureFile = async (dir: string, file: string): Promise<string> => {
  const refuse = (why: string) =>
    new UiRequestError('path_not_allowed', `file ${JSON.stringify(file)}: ${why}`);
  if (!file.endsWith('.jsonl')) throw refuse('captured cases are JSON lines; name the file *.jsonl');
  if (path.isAbsolute(file) || file.includes('\0'))
    throw refuse(`name it relative to the capture folder ${dir}`);
  const target = path.resolve(dir, file);
  if (!inside(path.resolve(dir), target)) throw refuse(`it is outside the capture folder ${dir}`);
  const realDir = await realTarget(path.resolve(dir));
  if (!inside(realDir, await realTarget(target)))
    throw refuse(`a symbolic link takes it outside the capture folder ${dir}`);
  return target;
};

export const captureTrace = async (
  data: UiData,
  context: UiContext,
  traceId: string,
  body: z.output<typeof captureBody>,
): Promise<CaptureResult> => {
  const trace = await data.trace(traceId);
  const sampled = await data.monitorSample(traceId);
  const traced = conversationOf(traceId, sampled, trace);
  if (isRefusal(traced)) {
    throw new UiRequestError(traced.reason === 'no-trace' ? 'not_found' : 'conflict', traced.message);
  }
  const route = trace?.route ?? sampled?.route;
  const suite = route ? context.gateway?.routes.get(route)?.qualify?.suite : undefined;
  const dir = context.captureDir ?? (suite === undefined ? undefined : path.dirname(suite));
  if (dir === undefined) {
    throw new UiRequestError(
      'conflict',
      'no capture folder: start `yardstick ui` with --capture-dir <suite folder>, or with --config gateway.yaml where the route has qualify: { suite }',
    );
  }
  const file = await resolveCaptureFile(dir, body.file);
  const assertions: CaptureAssertions = body.expectFromOutput
    ? { fromOutput: true }
    : { expect: (body.expect ?? []).map(parseExpect) };
  const entry = toCase(traced, assertions);
  const { appended } = await appendCases(file, [entry]);
  return { caseId: entry.id as string, file: path.relative(dir, file), appended: appended.length > 0 };
};
