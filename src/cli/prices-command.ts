// `yardstick prices`: lists the prices in effect with their dates and sources (or only the stale ones, for CI);
// `yardstick prices update --from <file|url>` imports a published price list into .yardstick/prices.json.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { getText } from '../http/get-text.js';
import { loadPriceOverrides, priceTableVersion } from '../pricing/effective-price-table.js';
import { importPriceList } from '../pricing/import/import-price-list.js';
import { listPrices, type PriceListingRow } from '../pricing/price-listing.js';
import { maxPriceFileBytes, readPriceFile } from '../pricing/read-price-file.js';
import { updatePriceOverrides } from '../pricing/update-price-overrides.js';
import { YardstickError } from '../spec/errors.js';
import { ExitCode } from './exit-codes.js';
import { parseArguments, parseMoment } from './parse-arguments.js';
import { projectDir } from './paths.js';

const help = `usage: yardstick prices [--provider <id>] [--stale <90d|date>] [--json]
       yardstick prices update --from <file|url> [--dry-run] [--json]

Lists every price yardstick uses (USD per 1M tokens): input, cached input, output, cache writes (5-minute and
1-hour), long-context tiers, retirement, the day each was read and its source; rows from .yardstick/prices.json
come before the bundled table. --stale lists only rows read before that age or day and exits 1 when there are
any, for CI. \`prices update\` reads OpenRouter's models JSON or LiteLLM's model_prices_and_context_window.json
(a file or a URL), writes the prices into .yardstick/prices.json and reports every price that changed.
See docs/prices.md.`;

const overridePath = (): string => path.join(projectDir(), 'prices.json');

const amount = (value: number | null): string => (value === null ? '-' : String(value));

const tierText = (row: PriceListingRow): string =>
  row.tiers.map((tier) => `>${tier.above / 1000}K: ${tier.input}/${tier.output}`).join(' ') || '-';

const retiredText = (row: PriceListingRow, today: string): string => {
  if (row.retired === null) return '';
  if (row.retired === true) return 'retired';
  return row.retired > today ? `retires ${row.retired}` : `retired ${row.retired}`;
};

const renderTable = (rows: PriceListingRow[]): string => {
  const today = new Date().toISOString().slice(0, 10);
  const header = ['provider', 'model', 'input', 'cached', 'output', 'write 5m', 'write 1h', 'tiers (in/out)'];
  const cells = rows.map((row) => [
    row.provider,
    `${row.model}${row.origin === 'override' ? ' *' : ''}`,
    amount(row.input),
    amount(row.cachedInput),
    amount(row.output),
    amount(row.cacheWrite),
    amount(row.cacheWrite1h),
    tierText(row),
    retiredText(row, today),
    row.date,
    row.source,
  ]);
  const all = [[...header, 'retired', 'date', 'source'], ...cells];
  const widths = all[0]!.map((_, column) => Math.max(...all.map((line) => line[column]!.length)));
  return all
    .map((line) =>
      line
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
};

const listCommand = (values: { provider?: string; stale?: string; json?: boolean }): number => {
  const staleBefore =
    values.stale === undefined ? undefined : parseMoment(values.stale, '--stale', -1, '90d, 12h or a date');
  const listing = listPrices({ provider: values.provider, staleBefore });
  const failed = staleBefore !== undefined && listing.rows.length > 0;
  if (values.json) {
    process.stdout.write(`${JSON.stringify(listing, null, 2)}\n`);
    return failed ? ExitCode.belowThreshold : ExitCode.ok;
  }
  if (listing.rows.length > 0) process.stdout.write(`${renderTable(listing.rows)}\n\n`);
  const fromFile = listing.overrides
    ? `; * from ${overridePath()} (${listing.overrides.models} prices, updated ${listing.overrides.updated})`
    : '';
  if (staleBefore === undefined) {
    process.stdout.write(
      `${listing.rows.length} prices, USD per 1M tokens${fromFile}; version ${listing.version}\n`,
    );
    return ExitCode.ok;
  }
  const day = listing.staleBefore;
  process.stdout.write(
    failed
      ? `${listing.rows.length} prices were read before ${day}: check them at their source, then update the table or run \`yardstick prices update\`${fromFile}\n`
      : `no price was read before ${day}\n`,
  );
  return failed ? ExitCode.belowThreshold : ExitCode.ok;
};

/** The list's text and the source to record: a URL without credentials or query, or the file as a file: URL. */
const readList = async (from: string): Promise<{ text: string; source: string }> => {
  if (/^https?:\/\//i.test(from)) {
    if (!URL.canParse(from)) throw new YardstickError('E_CONFIG', `--from ${from} is not a valid URL`);
    const url = new URL(from);
    const text = await getText({ url: from, timeoutMs: 60_000, maxBytes: maxPriceFileBytes });
    return { text, source: `${url.origin}${url.pathname}` };
  }
  const file = path.resolve(from);
  return { text: readPriceFile(file), source: pathToFileURL(file).href };
};

const updateCommand = async (values: {
  from?: string;
  'dry-run'?: boolean;
  json?: boolean;
}): Promise<number> => {
  if (values.from === undefined) {
    throw new YardstickError(
      'E_CONFIG',
      'prices update needs --from <file|url>, e.g. --from https://openrouter.ai/api/v1/models',
    );
  }
  const now = new Date();
  const { text, source } = await readList(values.from);
  const list = importPriceList(text, { source, date: now.toISOString().slice(0, 10) });
  const filePath = overridePath();
  const update = updatePriceOverrides({ filePath, list, source, now, dryRun: values['dry-run'] === true });
  if (!values['dry-run']) loadPriceOverrides(filePath);
  const { file, changed, added, unchanged, skipped, format } = update;
  if (values.json) {
    const report = { format, imported: update.imported, added: added.length, changed, unchanged, skipped };
    process.stdout.write(
      `${JSON.stringify({ ...report, hash: file.hash, version: priceTableVersion() }, null, 2)}\n`,
    );
    return ExitCode.ok;
  }
  const out: string[] = [`read ${update.imported} prices from ${source} (${format} format)`];
  if (changed.length > 0) {
    out.push(`changed (${changed.length}):`);
    for (const change of changed)
      out.push(`  ${change.name}: ${change.changes.join(', ')} (was ${change.was})`);
  }
  out.push(`new: ${added.length}; unchanged: ${unchanged}`);
  const left = Object.entries(skipped)
    .sort(([a, countA], [b, countB]) => countB - countA || a.localeCompare(b))
    .map(([reason, count]) => `${count} ${reason}`);
  if (left.length > 0) out.push(`left out: ${left.join('; ')}`);
  out.push(
    values['dry-run']
      ? `dry run: ${filePath} not written`
      : `wrote ${filePath} (${file.entries.length} prices); price table version ${priceTableVersion()}`,
  );
  process.stdout.write(`${out.join('\n')}\n`);
  return ExitCode.ok;
};

export const pricesCommand = async (argv: string[]): Promise<number> => {
  const { values, positionals } = parseArguments(
    argv,
    {
      provider: { type: 'string' },
      stale: { type: 'string' },
      json: { type: 'boolean' },
      from: { type: 'string' },
      'dry-run': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    'prices',
  );
  if (values.help) {
    process.stdout.write(`${help}\n`);
    return ExitCode.ok;
  }
  const [sub, ...extra] = positionals;
  if ((sub !== undefined && sub !== 'update') || extra.length > 0) {
    throw new YardstickError(
      'E_CONFIG',
      `prices: unknown argument "${positionals.join(' ')}"; see \`yardstick prices --help\``,
    );
  }
  // a damaged override file is reported here, before anything else
  loadPriceOverrides(overridePath());
  if (sub === 'update') return updateCommand(values);
  if (values.from !== undefined || values['dry-run']) {
    throw new YardstickError('E_CONFIG', '--from and --dry-run belong to `yardstick prices update`');
  }
  return listCommand(values);
};
