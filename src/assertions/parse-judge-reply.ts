// Reads a judge model's verdict out of its reply: the first balanced {...} block, fenced or not.
import { z } from 'zod';

const verdictSchema = z.object({
  pass: z.boolean().optional(),
  score: z.number().optional(),
  reason: z.string().optional(),
});

export interface JudgeVerdict {
  /** Undefined when the judge gave only a score. */
  pass: boolean | undefined;
  /** 0..1; undefined when the judge gave only pass. */
  score: number | undefined;
  reason: string;
}

/** Returns the first balanced `{...}` in `text`, skipping braces inside JSON strings. */
const firstJsonObject = (text: string): string | undefined => {
  const start = text.indexOf('{');
  if (start < 0) return undefined;
  let depth = 0;
  let inString = false;
  for (let index = start; index < text.length; index++) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{') depth++;
    else if (char === '}' && --depth === 0) return text.slice(start, index + 1);
  }
  return undefined;
};

/** Parses a verdict, or returns undefined when the reply holds no usable JSON. */
export const parseJudgeReply = (text: string): JudgeVerdict | undefined => {
  const block = firstJsonObject(text);
  if (block === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(block);
  } catch {
    return undefined;
  }
  const parsed = verdictSchema.safeParse(json);
  if (!parsed.success) return undefined;
  const { pass, score, reason } = parsed.data;
  if (pass === undefined && score === undefined) return undefined;
  return {
    pass,
    score: score === undefined ? undefined : Math.min(1, Math.max(0, score)),
    reason: reason ?? '',
  };
};
