// JSON parsing that returns a result instead of throwing, for assertions that report parse errors as reasons.

export type ParseJsonResult = { ok: true; value: unknown } | { ok: false; error: string };

export const parseJson = (text: string): ParseJsonResult => {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
};

/** True when the text looks like a Markdown fenced block, the commonest reason model JSON fails to parse. */
export const hasCodeFence = (text: string): boolean => /^\s*```/.test(text) || /```\s*$/.test(text);
