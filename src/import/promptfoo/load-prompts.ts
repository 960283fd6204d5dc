// promptfoo `prompts` as the raw prompt strings promptfoo would render: inline text, `file://` text split at `---`
// lines, JSON and YAML chats, JSONL lines, CSV rows. Prompt functions and scripts are reported and left out.
import { parse as parseCsv } from 'csv-parse/sync';
import { parse as parseYaml } from 'yaml';
import { describeValue } from '../../suite/validate-with-schema.js';
import { type ImportContext, readReferencedText, resolveReference } from './import-context.js';
import { childPlace, type Place } from './import-notes.js';

export interface RawPrompt {
  raw: string;
  label?: string;
  place: Place;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const splitText = (content: string): string[] => {
  const prompts: string[] = [];
  let buffer: string[] = [];
  const flush = () => {
    const raw = buffer.join('\n').trim();
    if (raw !== '') prompts.push(raw);
    buffer = [];
  };
  for (const line of content.split(/\r?\n/)) {
    if (line.trim() === '---') flush();
    else buffer.push(line);
  }
  flush();
  return prompts;
};

const csvPrompts = (content: string): Array<{ raw: string; label?: string }> => {
  const rows: Array<Record<string, string>> = parseCsv(content, {
    columns: true,
    bom: true,
    skip_empty_lines: true,
  });
  return rows.flatMap((row) => {
    const raw = row.prompt ?? Object.values(row)[0];
    return raw === undefined ? [] : [{ raw, ...(row.label ? { label: row.label } : {}) }];
  });
};

const fromFile = (
  reference: string,
  label: string | undefined,
  place: Place,
  context: ImportContext,
): RawPrompt[] => {
  const file = reference.replace(/^file:\/\//, '');
  const extension = /\.[^./\\]+$/.exec(file)?.[0]?.toLowerCase() ?? '';
  if (/[*?[\]{}]/.test(file)) {
    context.notes.leftOut(place, 'glob patterns for prompt files are not expanded; list the files');
    return [];
  }
  if (/^\.(m|c)?[jt]s$|^\.py$/.test(extension) || file.includes('.py:') || /\.(m|c)?[jt]s:/.test(file)) {
    context.notes.leftOut(
      place,
      `prompt function ${reference} has no yardstick equivalent (prompts are templates)`,
    );
    return [];
  }
  const content = readReferencedText(context, place, resolveReference(file, context.configDir));
  if (content === undefined) return [];
  const withLabel = (raw: string, own?: string): RawPrompt => ({
    raw,
    place,
    ...((own ?? label) ? { label: own ?? label } : {}),
  });
  try {
    if (extension === '.json') return [withLabel(JSON.stringify(JSON.parse(content)))];
    if (extension === '.yaml' || extension === '.yml') return [withLabel(JSON.stringify(parseYaml(content)))];
    if (extension === '.jsonl')
      return content
        .split(/\r?\n/)
        .filter((line) => line !== '')
        .map((line) => withLabel(line));
    if (extension === '.csv') return csvPrompts(content).map((row) => withLabel(row.raw, row.label));
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    context.problem(place, `cannot read ${reference}: ${reason}`);
    return [];
  }
  if (extension === '.txt') return splitText(content).map((raw) => withLabel(raw));
  return [withLabel(content)];
};

const fromEntry = (
  entry: unknown,
  label: string | undefined,
  place: Place,
  context: ImportContext,
): RawPrompt[] => {
  if (typeof entry === 'string') {
    if (entry.startsWith('file://')) return fromFile(entry, label, place, context);
    if (/^(exec|langfuse|portkey|helicone):/.test(entry)) {
      context.notes.leftOut(place, `prompt source "${entry.split(':')[0]}:" has no yardstick equivalent`);
      return [];
    }
    return [{ raw: entry, place, ...(label ? { label } : {}) }];
  }
  if (isRecord(entry)) {
    const own = typeof entry.label === 'string' && entry.label !== '' ? entry.label : label;
    for (const key of Object.keys(entry)) {
      if (!['id', 'raw', 'label'].includes(key))
        context.notes.leftOut(childPlace(place, key), `prompt field "${key}" has no yardstick equivalent`);
    }
    const source = typeof entry.raw === 'string' ? entry.raw : entry.id;
    if (typeof source === 'string')
      return fromEntry(source, own, childPlace(place, typeof entry.raw === 'string' ? 'raw' : 'id'), context);
  }
  context.problem(
    place,
    `expected a prompt text, a file:// path or { raw | id, label }, got ${describeValue(entry)}`,
  );
  return [];
};

/** Every prompt promptfoo would run, in its order, each with the place it came from. */
export const loadPrompts = (value: unknown, place: Place, context: ImportContext): RawPrompt[] => {
  if (Array.isArray(value))
    return value.flatMap((entry, index) => fromEntry(entry, undefined, childPlace(place, index), context));
  if (isRecord(value)) {
    // the older map form: { "file://prompt.txt": "label" }
    return Object.entries(value).flatMap(([source, label]) =>
      fromEntry(
        source,
        typeof label === 'string' && label !== '' ? label : undefined,
        childPlace(place, source),
        context,
      ),
    );
  }
  return fromEntry(value, undefined, place, context);
};
